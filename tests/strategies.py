"""Hypothesis strategies shared by the test suite."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from hypothesis import strategies as st

from iro_schedule import (
    ENGLAND_1991,
    ENGLAND_2010,
    ENGLAND_ADOPTION_PLACEMENT_2005,
    ENGLAND_SHORT_BREAKS_2010,
    SCOTLAND_2009,
    PeriodOfCare,
    Regime,
    Review,
)
from iro_schedule.records import EPISODE_COLUMNS, HEADER_COLUMNS, REVIEW_COLUMNS

COVERAGE_START = dt.date(1991, 1, 1)
COVERAGE_END = dt.date(2060, 12, 31)


def dates(
    min_value: dt.date = COVERAGE_START, max_value: dt.date = COVERAGE_END
) -> st.SearchStrategy[dt.date]:
    """Any date in a range (default: the England calendar's whole coverage)."""
    return st.dates(min_value=min_value, max_value=max_value)


# Days between the interval's start and a review: mostly near the statutory limits
# (28, 20 working days ~ 26-32, 3 months ~ 90, 6 months ~ 182), sometimes anywhere.
_gaps = st.one_of(
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=80, max_value=100),
    st.integers(min_value=170, max_value=195),
    st.integers(min_value=1, max_value=400),
)


@st.composite
def reviews_after(draw: st.DrawFn, start: dt.date, max_reviews: int = 10) -> list[Review]:
    """A history of reviews after ``start``: single-meeting, multi-meeting and brought-forward."""
    reviews: list[Review] = []
    earliest = start
    for _ in range(draw(st.integers(min_value=0, max_value=max_reviews))):
        first = earliest + dt.timedelta(days=draw(_gaps))
        meetings = [first]
        for _ in range(draw(st.integers(min_value=0, max_value=2))):
            meetings.append(meetings[-1] + dt.timedelta(days=draw(st.integers(1, 35))))
        reviews.append(
            Review(
                meetings=meetings,
                brought_forward=draw(st.booleans()),
                id=draw(st.none() | st.integers(0, 10**6) | st.text(max_size=5)),
            )
        )
        earliest = meetings[-1] + dt.timedelta(days=1)
    return reviews


@st.composite
def periods(
    draw: st.DrawFn,
    min_start: dt.date = dt.date(1995, 1, 1),
    max_start: dt.date = dt.date(2040, 12, 31),
    max_reviews: int = 10,
) -> PeriodOfCare:
    """A period of care starting 1995-2040 with a random review history, maybe ended."""
    start = draw(dates(min_start, max_start))
    reviews = draw(reviews_after(start, max_reviews))
    end = None
    if draw(st.booleans()):
        last = reviews[-1].completed if reviews else start
        end = last + dt.timedelta(days=draw(st.integers(0, 400)))
    return PeriodOfCare(start=start, end=end, reviews=reviews)


def as_of_for(period: PeriodOfCare) -> st.SearchStrategy[dt.date | None]:
    """None, or an assessment date from the period's last review (or start) to a couple of
    years after: a date by which every review given was held."""
    last = period.reviews[-1].completed if period.reviews else period.start
    return st.none() | dates(last, last + dt.timedelta(days=800))


def any_as_of_for(period: PeriodOfCare) -> st.SearchStrategy[dt.date | None]:
    """:func:`as_of_for`, or a date before some of the period's reviews were held (which the
    library refuses to judge)."""
    last = period.reviews[-1].completed if period.reviews else period.start
    return as_of_for(period) | dates(period.start, last)


# --- SSDA903 files ---------------------------------------------------------------------------

DATA_FROM = dt.date(2019, 4, 1)
DATA_TO = dt.date(2024, 3, 31)


@st.composite
def children_903(draw: st.DrawFn, max_children: int = 6) -> list[tuple[str, PeriodOfCare]]:
    """Children with one period of care inside 2019-2024, single-meeting reviews, maybe ended."""
    children = []
    for number in range(draw(st.integers(1, max_children))):
        start = draw(dates(DATA_FROM, DATA_TO - dt.timedelta(days=30)))
        reviews = [
            Review(meetings=r.meetings[:1])
            for r in draw(reviews_after(start, max_reviews=8))
            if r.meetings[0] <= DATA_TO
        ]
        end = None
        last = reviews[-1].completed if reviews else start
        if draw(st.booleans()):
            end = min(last + dt.timedelta(days=draw(st.integers(0, 300))), DATA_TO)
        children.append((f"C{number:03d}", PeriodOfCare(start=start, end=end, reviews=reviews)))
    return children


def episodes_csv(
    children: list[tuple[str, PeriodOfCare]], *, iso: bool, splits: list[int]
) -> list[list[str]]:
    """Episode rows for each period: split into consecutive episodes joined by REC 'X1'."""

    def fmt(day: dt.date | None) -> str:
        if day is None:
            return ""
        return day.isoformat() if iso else day.strftime("%d/%m/%Y")

    rows = []
    for (child, period), split in zip(children, splits, strict=True):
        stop = period.end or DATA_TO
        cut = period.start + dt.timedelta(days=split % max((stop - period.start).days, 1))
        bounds = [period.start] if cut <= period.start else [period.start, cut]
        for i, decom in enumerate(bounds):
            last = i == len(bounds) - 1
            dec = period.end if last else bounds[i + 1]
            rec = ("E11" if dec else "") if last else "X1"
            rows.append(
                [
                    child,
                    fmt(decom),
                    "S" if i == 0 else "P",
                    "C2",
                    "N1",
                    "U1",
                    "PR1",
                    fmt(dec),
                    rec,
                    "",
                    "",
                    "",
                    "",
                ]
            )
    return rows


# --- raw histories, as case systems hold them (faults and all), for every door at once -------


@dataclasses.dataclass(frozen=True)
class History:
    """One child's period of care as a case system records it, not yet checked: its reviews
    (each a list of meeting dates, earliest first) may fall outside the period, overlap, share
    a date or come after the as-of date, and the period may name a regime of its own."""

    child: str
    start: dt.date
    end: dt.date | None
    regime: Regime | None
    reviews: tuple[tuple[dt.date, ...], ...]
    brought_forward: tuple[bool, ...]


_REGIMES = (
    ENGLAND_2010,
    ENGLAND_1991,
    ENGLAND_SHORT_BREAKS_2010,
    ENGLAND_ADOPTION_PLACEMENT_2005,
    SCOTLAND_2009,
)


@st.composite
def histories(
    draw: st.DrawFn,
    *,
    max_reviews: int = 6,
    multi_meeting: bool = True,
    own_regimes: bool = True,
) -> History:
    """A history from 1989 to 2030, around the regimes' commencements, with rare faults."""
    start = draw(
        st.one_of(
            dates(dt.date(2010, 6, 1), dt.date(2011, 6, 1)),  # across 1 April 2011
            dates(dt.date(1989, 1, 1), dt.date(2030, 12, 31)),
        )
    )
    regime = draw(st.sampled_from((None,) * 6 + _REGIMES)) if own_regimes else None
    reviews: list[tuple[dt.date, ...]] = []
    day = start
    for _ in range(draw(st.integers(0, max_reviews))):
        gap = draw(_gaps | st.integers(-40, 0))  # a gap of 0 or less: a fault
        first = day + dt.timedelta(days=gap)
        meetings = [first]
        if multi_meeting:
            for _ in range(draw(st.sampled_from((0, 0, 0, 1, 2)))):
                meetings.append(meetings[-1] + dt.timedelta(days=draw(st.integers(1, 35))))
        reviews.append(tuple(meetings))
        day = meetings[-1]
    end = None
    if draw(st.booleans()):
        end = day + dt.timedelta(days=draw(st.integers(-60, 300)))  # may cut reviews off
    bf = [draw(st.booleans()) and multi_meeting for _ in reviews]
    # In date order, as any caller lists them (a plain export's rows are sorted when read).
    order = sorted(range(len(reviews)), key=lambda i: reviews[i][0])
    return History(
        "child",
        start,
        end,
        regime,
        tuple(reviews[i] for i in order),
        tuple(bf[i] for i in order),
    )


def as_of_for_histories(found: list[History]) -> st.SearchStrategy[dt.date]:
    """An as-of date near the end of the histories: mostly after every review, sometimes not."""
    days = [d for h in found for r in h.reviews for d in r] + [h.start for h in found]
    last = max(days)
    return st.one_of(dates(last, last + dt.timedelta(days=400)), dates(min(days), last))


# --- SSDA903 collection years, as councils hold them ------------------------------------------

#: The collection years the generated caseloads span, by the year each ends in.
YEARS = (2020, 2021, 2022, 2023, 2024)


@dataclasses.dataclass(frozen=True)
class Episode:
    """One SSDA903 episode as the child's whole history has it (its DEC as it turned out)."""

    child: str
    decom: dt.date
    rne: str
    place: str
    dec: dt.date | None
    rec: str
    legal: str = "C2"  # LS: V3/V4 for a short break
    recorded: bool = True  # False: its DEC was never recorded, so every return lists it open


@dataclasses.dataclass(frozen=True)
class Caseload:
    """Children's episodes and reviews over several collection years."""

    episodes: tuple[Episode, ...]
    reviews: tuple[tuple[str, dt.date], ...]
    #: Each review's REVIEW_CODE, in the order of ``reviews`` ("PN1" for any not given).
    codes: tuple[str, ...] = ()
    #: Each child's date of birth (1 January 2008 for any not given).
    dobs: tuple[tuple[str, dt.date], ...] = ()


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the collection year ending in March ``year``."""
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


@st.composite
def caseloads(draw: st.DrawFn, max_children: int = 4) -> Caseload:
    """Children with one or two periods of care, some begun before the first year, of one to
    four episodes (a placement for adoption among them now and then), reviewed mostly on time."""
    episodes: list[Episode] = []
    reviews: list[tuple[str, dt.date]] = []
    first_day, last_day = year_bounds(YEARS[0])[0], year_bounds(YEARS[-1])[1]
    for number in range(draw(st.integers(1, max_children))):
        child = f"C{number}"
        day = draw(dates(first_day - dt.timedelta(days=700), last_day - dt.timedelta(days=20)))
        for _ in range(draw(st.integers(1, 2))):
            if day > last_day:
                break
            end = _looked_after(draw, child, day, episodes, reviews, as_held=False)
            if end is None:
                break
            day = end + dt.timedelta(days=draw(st.integers(1, 400)))
    return Caseload(tuple(episodes), tuple(reviews))


def _period_reviews(draw: st.DrawFn, start: dt.date) -> list[dt.date]:
    held = []
    day = start
    for gap in draw(st.lists(_gaps.filter(lambda g: g > 0), max_size=12)):
        day += dt.timedelta(days=gap)
        held.append(day)
    return held


def _period_episodes(
    draw: st.DrawFn, child: str, start: dt.date, end: dt.date | None
) -> list[Episode]:
    """The period cut into one to four episodes joined by REC 'X1' (so a placement for
    adoption may break down and another follow)."""
    length = ((end or start + dt.timedelta(days=2000)) - start).days
    cuts = sorted(set(draw(st.lists(st.integers(1, max(length, 1)), max_size=3))))
    starts = [start, *(start + dt.timedelta(days=c) for c in cuts if c < length)]
    found = []
    for i, decom in enumerate(starts):
        last = i == len(starts) - 1
        dec = end if last else starts[i + 1]
        place = draw(st.sampled_from(("U1", "U1", "U1", "A3"))) if i else "U1"
        rec = ("E11" if dec is not None else "") if last else "X1"
        found.append(Episode(child, decom, "S" if i == 0 else "P", place, dec, rec))
    return found


#: How councils spell the collection year ending in ``year`` in file names.
YEAR_SPELLINGS = (
    lambda year: f"{year}",
    lambda year: f"{year - 1}-{year % 100:02d}",
    lambda year: f"{year - 1}_{year % 100:02d}",
    lambda year: f"{year - 1}{year % 100:02d}",
    lambda year: f"{year - 1}-{year}",
)


def write_years(
    caseload: Caseload, folder: Path, years: Sequence[int], spellings: Sequence[int] = ()
) -> None:
    """Write the caseload's collection-year files for ``years`` into ``folder`` (see
    :func:`year_files`)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in year_files(caseload, years, spellings).items():
        (folder / name).write_bytes(text)


def year_files(
    caseload: Caseload, years: Sequence[int], spellings: Sequence[int] = ()
) -> dict[str, bytes]:
    """The caseload's collection-year files for ``years``, by name, as each year's return had
    them: episodes open in the year (a DEC after the year's end not yet known), the year's
    reviews and its children; ``spellings`` picks each year's name spelling."""
    files: dict[str, bytes] = {}
    dobs = dict(caseload.dobs)
    codes = [*caseload.codes, *["PN1"] * (len(caseload.reviews) - len(caseload.codes))]
    for i, year in enumerate(years):
        begin, close = year_bounds(year)
        name = YEAR_SPELLINGS[spellings[i] if i < len(spellings) else 0](year)
        open_episodes = [
            e
            for e in caseload.episodes
            if e.decom <= close and (e.dec is None or not e.recorded or e.dec >= begin)
        ]
        episode_rows = [_episode_row(e, close) for e in open_episodes]
        review_rows = [
            [child, f"{dobs.get(child, _DOB):%d/%m/%Y}", f"{d:%d/%m/%Y}", code]
            for (child, d), code in zip(caseload.reviews, codes, strict=True)
            if begin <= d <= close
        ]
        children = sorted({e.child for e in open_episodes} | {r[0] for r in review_rows})
        header_rows = [
            [child, "1", f"{dobs.get(child, _DOB):%d/%m/%Y}", "WBRI", "", "", ""]
            for child in children
        ]
        for kind, columns, rows in (
            ("episodes", EPISODE_COLUMNS, episode_rows),
            ("reviews", REVIEW_COLUMNS, review_rows),
            ("header", HEADER_COLUMNS, header_rows),
        ):
            handle = io.StringIO(newline="")
            csv.writer(handle).writerows([columns, *rows])
            files[f"ssda903_{name}_{kind}.csv"] = handle.getvalue().encode()
    return files


_DOB = dt.date(2008, 1, 1)


def _episode_row(episode: Episode, close: dt.date) -> list[str]:
    ended = episode.recorded and episode.dec is not None and episode.dec <= close
    return [
        episode.child,
        f"{episode.decom:%d/%m/%Y}",
        episode.rne,
        episode.legal,
        "N1",
        episode.place,
        "PR1",
        f"{episode.dec:%d/%m/%Y}" if ended and episode.dec else "",
        episode.rec if ended else "",
        "",
        "",
        "",
        "",
    ]


# --- Whole SSDA903 returns, for the naive twin (tests/twin_903.py) ----------------------------

#: REVIEW_CODE values as returns hold them, good and bad.
REVIEW_CODES = ("PN0", "PN1", "PN3", "PN6", "PN7", "PN7", "", "PN9")


@dataclasses.dataclass(frozen=True)
class Return:
    """A council's SSDA903 files for the collection years it holds: (name, bytes) pairs in the
    order given, and the years held (a year may be missing between the first and the last)."""

    files: tuple[tuple[str, bytes], ...]
    years: tuple[int, ...]


@st.composite
def returns(draw: st.DrawFn, max_children: int = 5, *, gaps: bool = True) -> Return:
    """Several collection years of a council's return: the first and last of ``YEARS`` held
    vary, a middle year may be missing (if ``gaps``), the years' names are spelt as councils
    spell them, and the files come in any order."""
    first = draw(st.integers(0, len(YEARS) - 2))
    last = draw(st.integers(first + 1, len(YEARS) - 1))
    years = list(YEARS[first : last + 1])
    if gaps and len(years) > 2 and draw(st.booleans()):
        years.remove(draw(st.sampled_from(years[1:-1])))
    caseload = draw(council_caseloads(max_children))
    spellings = draw(
        st.lists(st.integers(0, len(YEAR_SPELLINGS) - 1), min_size=len(years), max_size=len(years))
    )
    files = year_files(caseload, years, spellings)
    names = draw(st.permutations(sorted(files)))
    return Return(tuple((name, files[name]) for name in names), tuple(years))


@st.composite
def council_caseloads(draw: st.DrawFn, max_children: int = 5) -> Caseload:
    """Children as a council's return holds them: periods of care re-entered (on the day of
    leaving, now and then), X1 chains of placements, placements for adoption, a DEC never
    recorded, children on short breaks; reviews mostly near their due dates, some copied, some
    on days the child was not looked after; any REVIEW_CODE and date of birth."""
    episodes: list[Episode] = []
    reviews: list[tuple[str, dt.date]] = []
    first_day, last_day = year_bounds(YEARS[0])[0], year_bounds(YEARS[-1])[1]
    children = [f"C{number}" for number in range(draw(st.integers(1, max_children)))]
    for child in children:
        day = draw(dates(first_day - dt.timedelta(days=700), last_day - dt.timedelta(days=20)))
        if draw(st.integers(0, 4)) == 0:
            day = _short_breaks(draw, child, day, episodes, reviews)
        for _ in range(draw(st.integers(1, 2))):
            if day > last_day:
                break
            end = _looked_after(draw, child, day, episodes, reviews)
            if end is None:
                break
            gap = draw(st.sampled_from((0, 1, 30, 200)))
            # Re-entry on the day of leaving, but not after a period of one day: that would be
            # two episodes of the child beginning on one day, which a return does not hold.
            day = end + dt.timedelta(days=max(gap, int(end == day)))
    strays = st.tuples(st.sampled_from([*children, "NONE"]), dates(first_day, last_day))
    reviews.extend(draw(st.lists(strays, max_size=2)))
    if reviews:
        reviews.extend(draw(st.lists(st.sampled_from(reviews), max_size=2)))  # copies
    reviews = draw(st.permutations(reviews))
    codes = draw(st.lists(st.sampled_from(REVIEW_CODES), min_size=len(reviews), max_size=len(reviews)))  # fmt: skip  # noqa: E501
    dobs = [(c, draw(dates(dt.date(2002, 1, 1), dt.date(2023, 2, 28)))) for c in children]
    return Caseload(tuple(episodes), tuple(reviews), tuple(codes), tuple(dobs))


def _looked_after(
    draw: st.DrawFn,
    child: str,
    start: dt.date,
    episodes: list[Episode],
    reviews: list[tuple[str, dt.date]],
    *,
    as_held: bool = True,
) -> dt.date | None:
    """One period of care from ``start``: its episodes and reviews; returns its end (None:
    still open). ``as_held``: as a council's return holds it, with a legal status and, now and
    then, the last episode's DEC never recorded."""
    held = _period_reviews(draw, start)
    stop = held[-1] if held else start
    end = None
    if draw(st.booleans()):
        end = stop + dt.timedelta(days=draw(st.integers(0, 300)))
    reviews.extend((child, d) for d in held if end is None or d <= end)
    found = _period_episodes(draw, child, start, end)
    if not as_held:
        episodes.extend(found)
        return end
    legal = draw(st.sampled_from(("C2", "C2", "E1", "J2")))
    found = [dataclasses.replace(e, legal=legal) for e in found]
    if end is not None and draw(st.integers(0, 5)) == 0:
        found[-1] = dataclasses.replace(found[-1], recorded=False)  # its DEC never recorded
    episodes.extend(found)
    return end


def _short_breaks(
    draw: st.DrawFn,
    child: str,
    day: dt.date,
    episodes: list[Episode],
    reviews: list[tuple[str, dt.date]],
) -> dt.date:
    """A series of short breaks from ``day``, each an episode of its own with RNE 'S' (DfE rule
    366), with reviews the return does not collect (rule 399); returns a day after it."""
    first = day
    for _ in range(draw(st.integers(1, 4))):
        end = day + dt.timedelta(days=draw(st.integers(0, 6)))
        legal = draw(st.sampled_from(("V3", "V4")))
        episodes.append(Episode(child, day, "S", "U1", end, "E13", legal=legal))
        day = end + dt.timedelta(days=draw(st.integers(7, 150)))
    for _ in range(draw(st.integers(0, 3))):
        reviews.append((child, first + dt.timedelta(days=draw(st.integers(0, (day - first).days)))))
    return day


# --- Files as councils' systems write them, for the readers' engines --------------------------

#: What a cell of a roughened row may become: padded, blank, not a date, lower case, not UTF-8
#: in ASCII's place (a name with an accent), or a quote (the file is then not plain).
_CELL_EDITS = (
    lambda cell: f"  {cell}\t",
    lambda cell: "",
    lambda cell: "31/02/2020",
    lambda cell: "2020-13-01",
    lambda cell: "not a date",
    lambda cell: cell.lower(),
    lambda cell: f"Zoë{cell}",
    lambda cell: f"\u00a0{cell}\u3000",
    lambda cell: f'"{cell}"',
    lambda cell: f"{cell}\x1c",
)
#: What a roughened line may become: cut short, given more cells, blank, spaces, commas only.
_LINE_EDITS = (
    lambda line: line.rsplit(",", 1)[0],
    lambda line: f"{line},x,",
    lambda line: f"\n{line}",
    lambda line: f"   \n{line}",
    lambda line: f",,,\n{line}",
)


@st.composite
def roughened(draw: st.DrawFn, files: Sequence[tuple[str, bytes]]) -> tuple[tuple[str, bytes], ...]:
    """``files`` (CSV, name and bytes) with some of their rows roughened as real files have
    them (cells padded, blanked, not dates, in lower case, accented, quoted; rows cut short or
    lengthened; blank lines), and some files as a whole: CRLF line ends, a byte-order mark, a
    blank last line, a carriage return alone, a byte that is not UTF-8."""
    out = []
    for name, data in files:
        header, *lines = data.decode("utf-8").splitlines()
        for i, line in enumerate(lines):
            if draw(st.integers(0, 9)) == 0:  # about one row in ten
                cells = line.split(",")
                at = draw(st.integers(0, len(cells) - 1))
                cells[at] = draw(st.sampled_from(_CELL_EDITS))(cells[at])
                lines[i] = ",".join(cells)
            if draw(st.integers(0, 19)) == 0:
                lines[i] = draw(st.sampled_from(_LINE_EDITS))(lines[i])
        text = "\n".join([header, *lines]) + draw(st.sampled_from(("\n", "", "\n\n")))
        raw = text.encode("utf-8")
        if draw(st.booleans()):
            raw = raw.replace(b"\n", b"\r\n")
        whole = draw(st.integers(0, 9))
        if whole == 0:
            raw = b"\xef\xbb\xbf" + raw
        elif whole == 1 and lines:
            raw = raw.replace(b"\n", b"\r", 1)  # a carriage return alone: a line break too
        elif whole == 2:
            raw = raw + b"X\xe9,01/01/2020\n"  # cp1252 text, not UTF-8
        out.append((name, raw))
    return tuple(out)

"""A deliberately naive twin of the SSDA903 data layer: files to periods of care to verdicts to
the annual figures.

It shares no code with ``src/`` (the dates it counts come from ``tests/reference.py``, which
shares none either) and is written from the DfE SSDA903 guidance, the Regulations and the rules
docs/validating.md states, the slow and obvious way:

- a file's collection year is read off its name; the years held give the window;
- each child's episodes, merged across the years' files, are cut into periods of care at an
  episode whose RNE is 'S' (or after one whose REC ended the period); a placement for
  adoption (PLACE A3-A6) is a stretch of its own under the Adoption Agencies Regulations 2005
  reg. 36; a child's consecutive short breaks (LS V3/V4) are one series, which the return does
  not collect reviews for (DfE rule 399);
- each review is placed in the first period (by start) open on its day; one date given twice is
  a copy;
- a period is walked **day by day**, keeping every history the data allows as a set of
  (reviews held so far, capped at 2; day of the last, or of the period's start): on a day whose
  reviews the data holds, a review is judged against every history (a verdict only when all
  agree) and the set shrinks to what it says; on a day whose reviews it does not hold (before
  the data's reviews begin, in a missing year), a review may or may not have been held;
- the figures are counted one row, one child and one year at a time.

It is slow (a period of care is walked a day at a time) and meant to be obviously right.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .reference import add_months, add_working_days

ONE_DAY = dt.timedelta(days=1)
ADOPTION = {"A3", "A4", "A5", "A6"}
SHORT_BREAK = {"V3", "V4"}
#: How far before its first episode a period whose start the data does not show may have
#: begun: far enough that no review could be judged on time against every history.
LOOK_BACK = dt.timedelta(days=3 * 366)


# --- files ------------------------------------------------------------------------------------


def file_year(name: str) -> int:
    """The collection year (by the year it ends in) a generated file's name spells."""
    numbers = [n for n in re.findall(r"\d+", name) if n != "903"]
    if len(numbers) == 1 and len(numbers[0]) == 6:  # 202324
        return 2000 + int(numbers[0][4:])
    return int(numbers[-1]) if len(numbers[-1]) == 4 else 2000 + int(numbers[-1])


def year_days(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


def parse_day(text: str) -> dt.date:
    day, month, year = text.split("/")
    return dt.date(int(year), int(month), int(day))


@dataclass
class ReviewRow:
    source: str
    line: int
    child: str
    day: dt.date
    code: str
    dob: dt.date | None


@dataclass
class Ep:
    child: str
    decom: dt.date
    rne: str
    ls: str
    place: str
    dec: dt.date | None
    rec: str
    years: list[int] = field(default_factory=list)  # the years whose files list it


def read_files(files: Sequence[tuple[str, bytes]]) -> tuple[list[ReviewRow], dict[str, list[Ep]]]:
    """Every review row, and each child's episodes (one per start date: a closed copy wins)."""
    rows: list[ReviewRow] = []
    episodes: dict[tuple[str, dt.date], Ep] = {}
    for name, data in files:
        table = list(csv.DictReader(io.StringIO(data.decode())))
        if "reviews" in name:
            for line, cells in enumerate(table, start=2):
                dob = parse_day(cells["DOB"]) if cells["DOB"] else None
                day = parse_day(cells["REVIEW"])
                rows.append(ReviewRow(name, line, cells["CHILD"], day, cells["REVIEW_CODE"], dob))
        elif "episodes" in name:
            for cells in table:
                dec = parse_day(cells["DEC"]) if cells["DEC"] else None
                ep = Ep(cells["CHILD"], parse_day(cells["DECOM"]), cells["RNE"], cells["LS"],
                        cells["PLACE"], dec, cells["REC"])  # fmt: skip
                kept = episodes.setdefault((ep.child, ep.decom), ep)
                if kept.dec is None and ep.dec is not None:
                    kept.dec, kept.rec = ep.dec, ep.rec
                kept.years.append(file_year(name))
    by_child: dict[str, list[Ep]] = {}
    for (child, _), ep in sorted(episodes.items()):
        by_child.setdefault(child, []).append(ep)
    return rows, by_child


# --- periods of care --------------------------------------------------------------------------


@dataclass
class Period:
    child: str
    start: dt.date
    end: dt.date | None  # the last day a review is placed in it (None: still open)
    start_shown: bool
    regime: str  # "reg33", "adoption" or "breaks"
    #: The data shows the period ended but not when: it is judged up to this day or its last
    #: review, whichever is later.
    shown_until: dt.date | None = None
    rows: list[ReviewRow] = field(default_factory=list)

    def holds(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def judged_until(self) -> dt.date | None:
        if self.shown_until is None:
            return self.end
        latest = max([self.shown_until, *(r.day for r in self.rows)])
        return latest if self.end is None else min(latest, self.end)


def periods_of(episodes: list[Ep], episode_years: list[int]) -> list[Period]:
    """A child's periods: a new one at each episode with RNE 'S', or after one that ended the
    period (a REC other than 'X1'); one whose first episode the data holds is not 'S' began on
    a day it does not show."""
    groups: list[list[Ep]] = []
    for ep in episodes:
        ended = groups and groups[-1][-1].dec is not None and groups[-1][-1].rec != "X1"
        unseen = groups and not link_in_the_data(groups[-1][-1], ep, episode_years)
        if groups and ep.rne != "S" and not ended and not unseen:
            groups[-1].append(ep)
        else:
            groups.append([ep])
    found: list[Period] = []
    for i, group in enumerate(groups):
        head, last = group[0], group[-1]
        breaks = all(ep.ls in SHORT_BREAK for ep in group)
        period = Period(head.child, head.decom, None, head.rne == "S", "reg33")
        if last.dec is not None and last.rec != "X1":
            period.end = last.dec
        elif i + 1 < len(groups):  # the next period began, so this one had ended: DEC unknown
            following = groups[i + 1][0]
            period.end = max(following.decom - ONE_DAY, head.decom)
            # A blank DEC in a year's file: still open on its last day. So the period went on
            # to the end of the last year listing it open, if the next began after that.
            period.shown_until = last.decom
            if last.years and year_days(max(last.years))[1] < following.decom:
                period.shown_until = year_days(max(last.years))[1]
        else:  # listed open, but maybe not by a later year's file: it ended before that year
            open_until = last.dec or year_days(max(last.years))[1]
            later = [y for y in episode_years if year_days(y)[0] > open_until]
            if later:
                period.end = year_days(min(later))[0] - ONE_DAY
                period.shown_until = open_until
        if breaks:
            period.regime = "breaks"
            found.append(period)
        else:
            found.extend(adoption_split(period, group))
    return short_break_series(found)


def link_in_the_data(last: Ep, ep: Ep, episode_years: list[int]) -> bool:
    """Whether the files of every year from the one after an open episode's last listing to
    the one the child's next episode began in are held: they would show the episodes between
    the two (an X1 chain, or the child leaving and coming back). One with RNE 'S' shows it."""
    if last.dec is not None or ep.rne == "S":
        return True
    year = max(last.years) + 1
    while year_days(year)[0] <= ep.decom:
        if year not in episode_years:
            return False
        year += 1
    return True


def adoption_split(period: Period, group: list[Ep]) -> list[Period]:
    """Each placement for adoption (consecutive episodes placed for adoption) runs from its
    first episode to the start of the episode after its last (or the period's end), a sequence
    of its own; reg. 33 before the first, and a new reg. 33 sequence after each placement."""
    parts = [Period(period.child, period.start, period.end, period.start_shown, "reg33",
                    period.shown_until)]  # fmt: skip
    for i, ep in enumerate(group):
        adopted = ep.place in ADOPTION
        was_adopted = i > 0 and group[i - 1].place in ADOPTION
        if adopted == was_adopted:
            continue  # no placement for adoption begins or ends here
        current = parts[-1]
        if adopted and ep.decom == current.start:  # the period begins placed: the day shown
            current.regime, current.start_shown = "adoption", True
            continue
        # A placement ends on the day the next episode begins; reg. 33 ends the day before one.
        current.end = ep.decom if was_adopted else ep.decom - ONE_DAY
        current.shown_until = None
        parts.append(Period(period.child, ep.decom, period.end, True,
                            "adoption" if adopted else "reg33", period.shown_until))  # fmt: skip
    return parts


def short_break_series(periods: list[Period]) -> list[Period]:
    """Consecutive short breaks are one series, going on until the child's next period."""
    merged: list[Period] = []
    for period in periods:
        if merged and merged[-1].regime == "breaks" and period.regime == "breaks":
            continue
        merged.append(period)
    for i, period in enumerate(merged):
        if period.regime == "breaks":
            period.end = merged[i + 1].start - ONE_DAY if i + 1 < len(merged) else None
    return merged


# --- the law, the slow way --------------------------------------------------------------------


@functools.cache
def due(regime: str, held: int, anchor: dt.date) -> dt.date:
    """When the next review is due after ``held`` reviews (2: two or more), the last of them
    (or the period's start) on ``anchor``. Reg. 33(1)-(2) of the 2010 Regulations: 20 working
    days, then 3 months, then 6; the Adoption Agencies Regulations 2005 reg. 36(3): 4 weeks
    first."""
    if held == 0:
        return anchor + 28 * ONE_DAY if regime == "adoption" else add_working_days(anchor, 20)
    return add_months(anchor, 3 if held == 1 else 6)


# --- verdicts ---------------------------------------------------------------------------------

#: (child, source, line, day, status, ordinal, due, days late); an overdue review has no
#: source, line or day, and its due date and days late at the day it was judged by.
Verdict = tuple[str, str, int | None, dt.date | None, str, int | None, dt.date | None, int | None]


@dataclass
class Window:
    years: list[int]
    as_of: dt.date
    reviews_from: dt.date

    def holds_reviews(self, day: dt.date) -> bool:
        """Whether the data holds the reviews of ``day`` (its year's Reviews file is there)."""
        return (day.year + 1 if day.month >= 4 else day.year) in self.years


@dataclass
class Twin:
    """What the twin makes of a return."""

    window: Window
    verdicts: list[Verdict]
    #: For each year end (or as-of day): a flag for each period with a review overdue then,
    #: True when the data cannot show the review's number.
    overdue_on: dict[dt.date, list[bool]]
    #: The next review of each period open after the as-of day whose reviews the data numbers:
    #: (child, its number, its due date).
    next_due: list[tuple[str, int, dt.date]] = field(default_factory=list)


def twin(files: Sequence[tuple[str, bytes]], *, by_year: bool = True) -> Twin:
    """The twin's verdicts on a return. Without ``by_year`` the years' tables are taken as one
    (as data frames are): no year's Episodes table shows a period gone."""
    years = sorted({file_year(name) for name, _ in files})
    window = Window(years, year_days(years[-1])[1], year_days(years[0])[0])
    rows, episodes = read_files(files)
    episode_years = sorted({file_year(n) for n, _ in files if "episodes" in n} if by_year else ())
    periods = {child: periods_of(eps, episode_years) for child, eps in episodes.items()}
    verdicts: list[Verdict] = []
    for row in rows:
        home = next((p for p in periods.get(row.child, []) if p.holds(row.day)), None)
        if home is None:
            verdicts.append(verdict(row, "invalid"))
        else:
            home.rows.append(row)
    overdue_on: dict[dt.date, list[bool]] = {min(year_days(y)[1], window.as_of): [] for y in years}
    found = Twin(window, verdicts, overdue_on)
    for child_periods in periods.values():
        for period in child_periods:
            verdicts.extend(judge(period, window, found))
    return found


def verdict(
    row: ReviewRow,
    status: str,
    ordinal: int | None = None,
    due_day: dt.date | None = None,
    late: int | None = None,
) -> Verdict:
    return (row.child, row.source, row.line, row.day, status, ordinal, due_day, late)


def judge(period: Period, window: Window, found: Twin) -> list[Verdict]:
    """Every row of a period: a series of short breaks is not judged; a date given again is a
    copy (the first by file and line is judged); the rest are judged by :func:`walk`."""
    rows = sorted(period.rows, key=lambda r: (r.day, r.source, r.line))
    if period.regime == "breaks":
        return [verdict(r, "not counted") for r in rows]
    out: list[Verdict] = []
    reviews: dict[dt.date, ReviewRow] = {}
    for row in rows:
        if row.day in reviews:
            out.append(verdict(row, "duplicate"))
        else:
            reviews[row.day] = row
    return out + walk(period, window, reviews, found)


@dataclass
class Histories:
    """Every history the data allows: (reviews held so far, 2 standing for more; the day the
    next interval runs from: the last review's, or the period's start)."""

    states: set[tuple[int, dt.date]]

    def counts(self) -> set[int]:
        return {held for held, _ in self.states}

    def reviewed(self, day: dt.date) -> None:
        """A review was held on ``day``."""
        self.states = {(min(held + 1, 2), day) for held in self.counts()}

    def may_have_reviewed(self, day: dt.date) -> None:
        """A review may have been held on ``day``, or not (the data does not hold its reviews)."""
        self.states |= {(min(held + 1, 2), day) for held in self.counts()}


def walk(
    period: Period, window: Window, reviews: dict[dt.date, ReviewRow], found: Twin
) -> list[Verdict]:
    """Walk the period a day at a time, judging each review against every possible history."""
    out: list[Verdict] = []
    until = period.judged_until()
    last = window.as_of if until is None else min(until, window.as_of)
    if period.start_shown:
        histories, day = Histories({(0, period.start)}), period.start
    else:  # it began on some day before its first episode in the data
        histories, day = Histories(set()), period.start - LOOK_BACK
    seen = 0  # the reviews judged so far
    numbered = period.start_shown  # every review before them is in the data
    while day <= last:
        if day < period.start:  # it may have begun this day
            histories.states.add((0, day))
        if not window.holds_reviews(day):
            numbered = False
            histories.may_have_reviewed(day)
            day += ONE_DAY
            continue
        if day in reviews:
            out.append(judged(reviews[day], period.regime, histories.states, seen + 1 if numbered else None))  # fmt: skip  # noqa: E501
            histories.reviewed(day)
            seen += 1
        if day in found.overdue_on and day >= period.start and overdue(period.regime, histories.states, day):  # fmt: skip  # noqa: E501
            found.overdue_on[day].append(not numbered)
        if day == last or not window.holds_reviews(day + ONE_DAY):
            out.extend(overdue_row(period, histories.states, day, seen + 1 if numbered else None))
        day += ONE_DAY
    if numbered and (until is None or until > window.as_of):
        ((held, anchor),) = histories.states
        found.next_due.append((period.child, seen + 1, due(period.regime, held, anchor)))
    return out


def judged(
    row: ReviewRow, regime: str, histories: set[tuple[int, dt.date]], ordinal: int | None
) -> Verdict:
    """A review judged against every possible history: a verdict only where all agree."""
    dues = [due(regime, held, anchor) for held, anchor in histories]
    earliest, latest = min(dues), max(dues)
    if row.day <= earliest:
        return verdict(row, "on time", ordinal, earliest, None)
    if row.day > latest:
        return verdict(row, "late", ordinal, latest, (row.day - latest).days)
    return verdict(row, "not assessable")


def overdue(regime: str, histories: set[tuple[int, dt.date]], day: dt.date) -> bool:
    """Whether the next review was due before ``day`` in every history."""
    return day > max(due(regime, held, anchor) for held, anchor in histories)


def overdue_row(
    period: Period, histories: set[tuple[int, dt.date]], day: dt.date, ordinal: int | None
) -> list[Verdict]:
    """The review not held by ``day`` (the last the data shows), if overdue in every history."""
    if not overdue(period.regime, histories, day):
        return []
    latest = max(due(period.regime, held, anchor) for held, anchor in histories)
    return [(period.child, "", None, None, "overdue", ordinal, latest, (day - latest).days)]


# --- the figures ------------------------------------------------------------------------------


def age(dob: dt.date | None, day: dt.date) -> int | None:
    if dob is None or dob > day:
        return None
    years = day.year - dob.year
    if (day.month, day.day) < (dob.month, dob.day):
        years -= 1
    return years


def figures(result: Twin, rows: Iterable[ReviewRow]) -> dict[int, dict[str, object]]:
    """Each held year's figures, counted one row at a time."""
    code_of = {(r.source, r.line): (r.code, r.dob) for r in rows}
    found: dict[int, dict[str, object]] = {}
    for year in result.window.years:
        begins, ends = year_days(year)
        in_year = [v for v in result.verdicts if v[3] is not None and begins <= v[3] <= ends]
        held = [v for v in in_year if v[4] in ("on time", "late")]
        late = sorted(v[7] for v in held if v[4] == "late" and v[7] is not None)
        participation: Counter[str] = Counter()
        for v in in_year:
            if v[4] in ("on time", "late", "not assessable"):
                _, source, line, day, *_ = v
                assert line is not None  # a row of the files...
                assert day is not None  # ...with its date
                code, dob = code_of[(source, line)]
                years_old = age(dob, day)
                if code != "PN0" and (years_old is None or years_old >= 4):
                    took_part = code in {"PN1", "PN2", "PN3", "PN4", "PN5", "PN6"}
                    participation["yes" if took_part else "no" if code == "PN7" else "?"] += 1
        due_in_year = [
            v
            for v in result.verdicts
            if v[4] in ("on time", "late", "overdue")
            and begins <= (v[6] or begins - ONE_DAY) <= ends
        ]
        children = {v[0] for v in due_in_year}
        missed = {v[0] for v in due_in_year if v[4] != "on time"}
        overdue_then = result.overdue_on[min(ends, result.window.as_of)]
        found[year] = {
            "held": len(held),
            "on_time": sum(v[4] == "on time" for v in held),
            "late": len(late),
            "late_days_median": middle(late),
            "late_days_max": late[-1] if late else None,
            "overdue_at_year_end": len(overdue_then),
            "overdue_at_year_end_whatever_number": sum(overdue_then),
            "children_due": len(children),
            "children_all_on_time": len(children - missed),
            "participated": participation["yes"],
            "did_not_participate": participation["no"],
            "participation_unknown": participation["?"],
            "not_assessable": sum(v[4] == "not assessable" for v in in_year),
            "invalid": sum(v[4] == "invalid" for v in in_year),
            "months": month_counts(held, begins),
        }
    return found


def middle(values: list[int]) -> float | None:
    if not values:
        return None
    half = len(values) // 2
    if len(values) % 2:
        return float(values[half])
    return (values[half - 1] + values[half]) / 2


def month_counts(held: list[Verdict], begins: dt.date) -> list[tuple[int, int]]:
    counts = []
    for offset in range(12):
        month = add_months(begins, offset)
        judged_then = [v for v in held if v[3] is not None and (v[3].year, v[3].month) == (month.year, month.month)]  # fmt: skip  # noqa: E501
        counts.append((len(judged_then), sum(v[4] == "on time" for v in judged_then)))
    return counts

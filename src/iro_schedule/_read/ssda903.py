"""Reading the DfE SSDA903 return: Header, Episodes and Reviews tables, one or several years.

Episodes are grouped into periods of care: a period starts at an episode whose reason for new
episode (RNE) is 'S' and ends at the end date (DEC) of an episode whose reason for ending (REC) is
not 'X1' ('X1': the episode ended and another began within the same period). A child on an agreed
series of short breaks (legal status V3 or V4) is judged under the short-breaks regime, and the
breaks of one series form one period for review purposes. Files for several years overlap; rows
repeated across them are merged.
"""

from __future__ import annotations

import array
import datetime as dt
import re
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from .._law.regimes import ENGLAND_SHORT_BREAKS_2010
from .._memory import paused_gc
from .._wording import began_before_the_data, day
from .rows import CarePeriod, InputProblem, Inputs, ReviewColumns
from .tables import (
    Source,
    TableRow,
    TableStream,
    open_table,
    parse_date_cached,
    source_name,
    table_sources,
)

__all__ = [
    "EPISODE_COLUMNS",
    "HEADER_COLUMNS",
    "PARTICIPATION_CODES",
    "REVIEW_COLUMNS",
    "read_903",
    "unknown_history",
]

#: The columns of the SSDA903 tables, as councils submit them.
HEADER_COLUMNS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
EPISODE_COLUMNS = (
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
)
REVIEW_COLUMNS = ("CHILD", "DOB", "REVIEW", "REVIEW_CODE")
#: REVIEW_CODE values: PN0 child under 4; PN1-PN6 the child participated; PN7 did not.
PARTICIPATION_CODES = frozenset({"PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"})
SHORT_BREAK_STATUSES = frozenset({"V3", "V4"})
_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d{2}|19\d{2})(?!\d)")


@attrs.frozen
class _Episode:
    child: str
    decom: dt.date
    rne: str
    ls: str
    dec: dt.date | None
    rec: str
    source: str
    line: int


def _kind(table: TableStream) -> str:
    columns = set(table.columns)
    name = Path(table.source).name.lower()
    if columns & {"REVIEW", "REVIEW_CODE"} or "review" in name:
        return "reviews"
    if columns & {"DECOM", "RNE", "DEC"} or "episode" in name:
        return "episodes"
    if columns & {"SEX", "ETHNIC", "UPN"} or "header" in name:
        return "header"
    return "unknown"


def read_903(paths: Sequence[Source], *, data: Mapping[str, bytes] | None = None) -> Inputs:
    """Read SSDA903 CSV files (or directories of them) into :class:`Inputs`.

    ``data`` gives the bytes of sources by name, read instead of files.
    """
    with paused_gc():
        return _read_903(paths, data or {})


def _read_903(paths: Sequence[Source], data: Mapping[str, bytes]) -> Inputs:
    reviews = _ReviewColumnsBuilder()
    problems: list[InputProblem] = []
    episodes: list[_Episode] = []
    dobs: dict[str, dt.date] = {}
    rows_read = 0
    files = table_sources(paths)
    years: set[int] = set()
    for path in files:
        name = source_name(path)
        years.update(int(y) for y in _YEAR_IN_NAME.findall(Path(name).name))
        try:
            table = open_table(path, data=data.get(name))
        except OSError as exc:
            problems.append(_file_problem(name, f"could not be read: {exc.strerror or exc}"))
            continue
        kind = _kind(table)
        if kind == "reviews":
            rows_read += _read_reviews(table, reviews, problems)
        elif kind == "episodes":
            _read_episodes(table, episodes, problems)
        elif kind == "header":
            _read_header(table, dobs, problems)
        else:
            problems.append(
                _file_problem(
                    table.source,
                    f"is not a 903 Header, Episodes or Reviews table (its columns are "
                    f"{', '.join(table.columns) or 'none'}); it was skipped",
                )
            )
    reviews.add_dates_of_birth(dobs)  # a Header table gives dates of birth Reviews rows lack
    periods = _periods_by_child(_merge_episodes(episodes, problems))
    return Inputs(
        reviews=reviews.build(),
        problems=tuple(problems),
        periods=periods,
        review_rows_read=rows_read,
        sources=tuple(source_name(f) for f in files),
        years=tuple(sorted(years)),
    )


def _file_problem(source: str, reason: str) -> InputProblem:
    return InputProblem(
        source=source, line=0, child="", field="", value="", reason=f"{source} {reason}"
    )


def _missing(table: TableStream, columns: Sequence[str]) -> list[str]:
    return [c for c in columns if c not in table.columns]


def _problem(row: TableRow, field: str, reason: str, *, review_row: bool) -> InputProblem:
    return InputProblem(
        source=row.source,
        line=row.line,
        child=row.get("CHILD"),
        field=field,
        value=row.get(field),
        reason=reason,
        review_row=review_row,
    )


def _date_cell(
    row: TableRow, field: str, problems: list[InputProblem], *, review_row: bool
) -> dt.date | None:
    try:
        return parse_date_cached(row.get(field))
    except ValueError as exc:
        problems.append(
            _problem(row, field, f"{field} {exc}; give it as dd/mm/YYYY", review_row=review_row)
        )
        return None


class _ReviewColumnsBuilder:
    """The columns of the review rows read so far (see :class:`ReviewColumns`)."""

    def __init__(self) -> None:
        self.source: list[str] = []
        self.line = array.array("q")
        self.child: list[str] = []
        self.meeting_date: list[dt.date] = []
        self.participation: list[str] = []
        self.dob: list[dt.date | None] = []
        self.note: list[str] = []

    def add_dates_of_birth(self, dobs: Mapping[str, dt.date]) -> None:
        """Fill in each row's missing date of birth from the Header table's."""
        if not dobs:
            return
        column = self.dob
        for i, (child, dob) in enumerate(zip(self.child, column, strict=True)):
            if dob is None and child in dobs:
                column[i] = dobs[child]

    def build(self) -> ReviewColumns:
        return ReviewColumns(
            source=self.source,
            line=self.line,
            child=self.child,
            meeting_date=self.meeting_date,
            participation=self.participation,
            dob=self.dob,
            note=self.note,
        )


def _read_reviews(
    table: TableStream, out: _ReviewColumnsBuilder, problems: list[InputProblem]
) -> int:
    """Read the reviews table into ``out``; returns how many rows it had."""
    count = 0
    missing = _missing(table, ("CHILD", "REVIEW"))
    # A national file has millions of rows: cells are looked up by position and stripped only
    # when used. A column the file lacks gets a position past any row's end, so reads as "".
    index = table.index
    child_at, review_at, code_at, dob_at = (
        index.get(c, sys.maxsize) for c in ("CHILD", "REVIEW", "REVIEW_CODE", "DOB")
    )
    source, reader = table.source, table.reader
    add_source, add_line, add_child = out.source.append, out.line.append, out.child.append
    add_date, add_code = out.meeting_date.append, out.participation.append
    add_dob, add_note = out.dob.append, out.note.append
    children: dict[str, str] = {}  # one string per child, however many rows name it
    for values in reader:
        width = len(values)
        child = values[child_at].strip() if child_at < width else ""
        try:
            if missing or not child:
                raise _RowProblem
            date = parse_date_cached(values[review_at].strip() if review_at < width else "")
        except (ValueError, _RowProblem) as exc:
            cells = [cell.strip() for cell in values]
            if any(cells):  # a blank line (or one of blank cells) is not a row
                count += 1
                row = TableRow(source, reader.line_num, cells, index)
                problems.append(_review_row_problem(row, missing, exc))
            continue
        count += 1
        code = values[code_at].strip().upper() if code_at < width else ""
        note = ""
        if code not in PARTICIPATION_CODES:
            code, note = _participation(code)
        dob_text = values[dob_at].strip() if dob_at < width else ""
        try:
            dob = parse_date_cached(dob_text) if dob_text else None
        except ValueError:
            dob, dob_note = _optional_date(dob_text, "DOB")
            note = f"{note}; {dob_note}" if note else dob_note
        add_source(source)
        add_line(reader.line_num)
        add_child(children.setdefault(child, child))
        add_date(date)
        add_code(code)
        add_dob(dob)
        add_note(note)
    return count


class _RowProblem(Exception):
    """A review row that cannot be read for want of its child or a column."""


def _review_row_problem(row: TableRow, missing: Sequence[str], exc: Exception) -> InputProblem:
    if missing:
        reason = (
            f"the file has no {' or '.join(missing)} column, so this row cannot be read as a review"
        )
        return _problem(row, missing[0], reason, review_row=True)
    if not row.get("CHILD"):
        reason = "CHILD is blank; every row needs the child's identifier"
        return _problem(row, "CHILD", reason, review_row=True)
    return _problem(row, "REVIEW", f"REVIEW {exc}; give it as dd/mm/YYYY", review_row=True)


def _participation(code: str) -> tuple[str, str]:
    if code in PARTICIPATION_CODES:
        return code, ""
    if not code:
        return "", "REVIEW_CODE is blank, so participation is not counted"
    return "", f"REVIEW_CODE {code!r} is not a code PN0-PN7, so participation is not counted"


def _optional_date(text: str, field: str) -> tuple[dt.date | None, str]:
    if not text:
        return None, ""
    try:
        return parse_date_cached(text), ""
    except ValueError as exc:
        return None, f"{field} {exc}, so the child's age is not known"


def _read_header(
    table: TableStream, dobs: dict[str, dt.date], problems: list[InputProblem]
) -> None:
    for row in table.rows:
        dob, note = _optional_date(row.get("DOB"), "DOB")
        if dob is not None and row.get("CHILD"):
            dobs.setdefault(row.get("CHILD"), dob)
        elif note:
            problems.append(_problem(row, "DOB", note, review_row=False))


def _read_episodes(table: TableStream, out: list[_Episode], problems: list[InputProblem]) -> None:
    missing = _missing(table, ("CHILD", "DECOM", "RNE", "LS", "DEC", "REC"))
    for row in table.rows:
        if missing:
            problems.append(
                _problem(
                    row,
                    missing[0],
                    f"the file has no {', '.join(missing)} column",
                    review_row=False,
                )
            )
            continue
        if not row.get("CHILD"):
            problems.append(_problem(row, "CHILD", "CHILD is blank", review_row=False))
            continue
        decom = _date_cell(row, "DECOM", problems, review_row=False)
        dec = _date_cell(row, "DEC", problems, review_row=False) if row.get("DEC") else None
        if decom is None or (row.get("DEC") and dec is None):
            continue
        if dec is not None and dec < decom:
            problems.append(
                _problem(
                    row,
                    "DEC",
                    f"DEC {row.get('DEC')} is before DECOM {row.get('DECOM')}",
                    review_row=False,
                )
            )
            continue
        out.append(
            _Episode(
                child=row.get("CHILD"),
                decom=decom,
                rne=row.get("RNE").upper(),
                ls=row.get("LS").upper(),
                dec=dec,
                rec=row.get("REC").upper(),
                source=row.source,
                line=row.line,
            )
        )


def _merge_episodes(episodes: list[_Episode], problems: list[InputProblem]) -> list[_Episode]:
    """One episode per (child, DECOM): files for consecutive years repeat the open episodes.

    An open copy is replaced by a later closed one (the episode ended in a later year). Copies
    that disagree otherwise keep the later file's, and the disagreement is reported.
    """
    kept: dict[tuple[str, dt.date], _Episode] = {}
    for episode in episodes:
        key = (episode.child, episode.decom)
        earlier = kept.get(key)
        if earlier is None or (earlier.dec is None and episode.dec is not None):
            kept[key] = episode
        elif not _same(earlier, episode):
            closed_before = earlier.dec is not None and episode.dec is None
            problems.append(
                InputProblem(
                    source=episode.source,
                    line=episode.line,
                    child=episode.child,
                    field="DEC",
                    value=f"{episode.dec:%d/%m/%Y}" if episode.dec else "",
                    reason=(
                        f"the episode starting {day(episode.decom)} differs from its copy at "
                        f"{earlier.source} line {earlier.line}; the "
                        + (
                            "earlier, closed copy was used"
                            if closed_before
                            else "later copy was used"
                        )
                    ),
                )
            )
            if not closed_before:
                kept[key] = episode
    return sorted(kept.values(), key=lambda e: (e.child, e.decom))


def _same(a: _Episode, b: _Episode) -> bool:
    return (a.rne, a.ls, a.dec, a.rec) == (b.rne, b.ls, b.dec, b.rec)


def _periods_by_child(episodes: list[_Episode]) -> dict[str, tuple[CarePeriod, ...]]:
    by_child: dict[str, list[_Episode]] = defaultdict(list)
    for episode in episodes:
        by_child[episode.child].append(episode)
    return {child: tuple(_periods(child, eps)) for child, eps in by_child.items()}


def _periods(child: str, episodes: list[_Episode]) -> list[CarePeriod]:
    groups: list[list[_Episode]] = []
    for episode in episodes:
        previous = groups[-1][-1] if groups else None
        continues = previous is not None and previous.rec == "X1" and episode.rne != "S"
        if continues:
            groups[-1].append(episode)
        else:
            groups.append([episode])
    periods = [_period(child, group, first=i == 0) for i, group in enumerate(groups)]
    return _merge_short_break_series(periods)


def _period(child: str, group: list[_Episode], *, first: bool) -> CarePeriod:
    head, last = group[0], group[-1]
    why = ""
    if head.rne != "S":
        where = "the first episode of the child in the data" if first else "an episode"
        why = (
            f"{where} (DECOM {day(head.decom)}, {head.source} line {head.line}) has RNE "
            f"{head.rne!r}, not 'S', so the period of care began before it"
        )
    ended = last.dec is not None and last.rec != "X1"
    short_breaks = all(e.ls in SHORT_BREAK_STATUSES for e in group)
    return CarePeriod(
        child=child,
        start=head.decom,
        end=last.dec if ended else None,
        start_known=not why,
        short_breaks=short_breaks,
        why_start_unknown=why,
        regime=ENGLAND_SHORT_BREAKS_2010 if short_breaks else None,
    )


def unknown_history(period: CarePeriod, reviews_from: dt.date | None) -> str:
    """Why the reviews of an SSDA903 period cannot be numbered from the data ("" if they can).

    An SSDA903 Reviews table holds its own collection year's reviews: a period that began before
    the data's reviews do (or whose first episode in the data does not open it) has earlier
    reviews that are missing.
    """
    if period.why_start_unknown:
        return period.why_start_unknown + "; add the earlier years' files"
    if reviews_from is not None and period.start < reviews_from:
        return began_before_the_data(period.start, reviews_from)
    return ""


def _merge_short_break_series(periods: list[CarePeriod]) -> list[CarePeriod]:
    """Consecutive short-break periods form one series, reviewed as one (reg. 48)."""
    merged: list[CarePeriod] = []
    for period in periods:
        previous = merged[-1] if merged else None
        if previous is not None and previous.short_breaks and period.short_breaks:
            merged[-1] = attrs.evolve(previous, end=period.end)
        else:
            merged.append(period)
    return merged

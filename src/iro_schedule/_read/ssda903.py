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
import functools
import itertools
import math
import operator
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import attrs

from .._errors import IroScheduleError, UnreadableFileError, WindowError
from .._law.regimes import ENGLAND_ADOPTION_PLACEMENT_2005, ENGLAND_SHORT_BREAKS_2010
from .._memory import paused_gc
from .._wording import began_before_the_data, day, gone_from_later_year, link_in_a_missing_year
from .._years import reporting_year, year_span
from .polars_csv import COLUMNAR_FROM, PlainCsv, plain_csv, polars_installed
from .rows import CarePeriod, InputProblem, Inputs, Labels, ReviewColumns
from .tables import (
    Sheet,
    Source,
    TableRow,
    TableStream,
    date_if_any,
    open_table,
    parse_date_cached,
    source_name,
    table_sources,
)
from .tables import _file_bytes as file_bytes

__all__ = [
    "EPISODE_COLUMNS",
    "HEADER_COLUMNS",
    "PARTICIPATION_CODES",
    "REVIEW_COLUMNS",
    "columnar_from",
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
#: Every column of the three tables, to find the header line by.
ALL_COLUMNS = frozenset(HEADER_COLUMNS + EPISODE_COLUMNS + REVIEW_COLUMNS)
#: REVIEW_CODE values: PN0 child under 4; PN1-PN6 the child participated; PN7 did not.
PARTICIPATION_CODES = frozenset({"PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"})
#: Each participation code, and the note it needs (none), as a review row keeps them.
_CODE_AND_NOTE = {code: (code, "") for code in PARTICIPATION_CODES}
#: Legal statuses of an agreed series of short breaks (reg. 48): V3 single, V4 a series.
SHORT_BREAK_STATUSES = frozenset({"V3", "V4"})
#: Placements for adoption (PLACE): the child is then reviewed under the Adoption Agencies
#: Regulations 2005 reg. 36, not reg. 33 (SI 2010/959 reg. 3 disapplies the 2010 Regulations).
ADOPTION_PLACEMENTS = frozenset({"A3", "A4", "A5", "A6"})
# A collection year in a file name: 2024, 2023-24, 2023_24, 202324 or 2023-2024 all name the
# year ending 31 March 2024; a date stamp (2024-06-15, 20240615) names none.
_DATE_STAMP = re.compile(r"(?<!\d)(?:(?:19|20)\d{2}[-_.]?[01]\d[-_.]?[0-3]\d)(?!\d)")
_YEAR_PAIR = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_ ]?((?:19|20)?\d{2})(?!\d)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def collection_year(name: str) -> int | None:
    """The SSDA903 collection year a file name gives (named by the year it ends in), or None.

    ``2024``, ``2023-24``, ``2023_24``, ``202324`` and ``2023-2024`` all name the year from
    1 April 2023 to 31 March 2024. A name giving two different years (say a council code such
    as ``2001`` beside ``2024``) is refused, naming the years seen.

    >>> [collection_year(n) for n in ("ssda903_2024_reviews.csv", "SSDA903_2023-24_reviews.csv",
    ...  "2023_2024_episodes.csv", "reviews_202324.csv", "reviews.csv", "x_2024-06-15.csv")]
    [2024, 2024, 2024, 2024, None, None]
    """
    stem = _DATE_STAMP.sub(" ", Path(name).name)
    years: set[int] = set()

    def pair(match: re.Match[str]) -> str:
        first, second = int(match[1]), match[2]
        following = first + 1
        if int(second) == following or (len(second) == 2 and int(second) == following % 100):
            years.add(following)
            return " "
        return match[0]  # not a year and the next: the years are looked at one by one

    stem = _YEAR_PAIR.sub(pair, stem)
    years.update(int(year) for year in _YEAR.findall(stem))
    if len(years) > 1:
        raise WindowError(
            f"the file name {Path(name).name!r} gives more than one collection year "
            f"({', '.join(map(str, sorted(years)))}); rename it with its year alone, e.g. "
            f"ssda903_{max(years)}_reviews.csv (the year ending 31 March {max(years)})",
            record=str(name),
            field="file name",
            value=sorted(years),
        )
    return years.pop() if years else None


class _Episode(NamedTuple):
    """One Episodes row read (a tuple: a national return lists over a million, each open one
    again in every year's table)."""

    child: str
    decom: dt.date
    rne: str
    ls: str
    dec: dt.date | None
    rec: str
    source: str
    line: int
    place: str = ""
    #: The latest collection year whose Episodes table lists the episode (None: no named year).
    seen_in: int | None = None


#: _Episode(...) from a tuple of its fields, without its keyword handling (a million rows).
_new_episode = functools.partial(tuple.__new__, _Episode)


@attrs.define
class _EpisodesRead:
    """The Episodes rows read: those read row by row (``rows``), and on polars' path each
    file's rows split a column at a time (``split``: the file's columns, and how many ``rows``
    had been read before it), so that the order they were read in is known."""

    rows: list[_Episode] = attrs.Factory(list)
    split: list[tuple[Any, int]] = attrs.Factory(list)


def _named_kind(name: str) -> str | None:
    """The table a file's name says it holds, if it says."""
    lowered = Path(name).name.lower()
    for kind, word in (("reviews", "review"), ("episodes", "episode"), ("header", "header")):
        if word in lowered:
            return kind
    return None


def _kind(table: TableStream | PlainCsv) -> str:
    columns = set(table.columns)
    name = Path(table.source).name.lower()
    if columns & {"REVIEW", "REVIEW_CODE"} or "review" in name:
        return "reviews"
    if columns & {"DECOM", "RNE", "DEC"} or "episode" in name:
        return "episodes"
    if columns & {"SEX", "ETHNIC", "UPN"} or "header" in name:
        return "header"
    return "unknown"


def read_903(
    paths: Source | Sequence[Source],
    *,
    data: Mapping[str, bytes] | None = None,
    judge_short_breaks: bool = False,
    keep: Sequence[str] = (),
    engine: str = "auto",
) -> Inputs:
    """Read SSDA903 CSV files (or directories of them) into :class:`Inputs`.

    ``keep`` names columns of the council's own in the Episodes or Header tables (a team, an
    IRO) to keep as :class:`Labels`: a period takes the value of its latest episode begun by its
    start, else the child's in the Header.

    ``data`` gives the bytes of sources by name, read instead of files. A series of short breaks
    (legal status V3/V4) is not judged, since the return does not collect its reviews (DfE
    validation rule 399), unless ``judge_short_breaks`` (for a council's own data that records
    them: they are then judged under reg. 48).

    ``engine`` says how a table is split into rows: ``"python"`` row by row; ``"polars"`` a
    column at a time by polars (the ``polars`` extra), for each file that is plain CSV (UTF-8,
    commas, no quotes: see docs/performance.md), others row by row; ``"auto"`` (the default)
    as ``"polars"`` when polars is installed and the files given hold 4 MiB or more in all
    (importing polars costs about 0.3 s: smaller data is read row by row). Every engine gives the
    same :class:`Inputs`, row for row and reason for reason.
    """
    columnar = columnar_from(engine)
    with paused_gc():
        return _read_903(
            paths, data or {}, judge_short_breaks=judge_short_breaks, keep=keep, columnar=columnar
        )


def columnar_from(engine: object) -> float:
    """How many bytes a plain CSV file needs to be split by polars under ``engine`` (infinite:
    never); an engine not known, or "polars" with polars not installed, refused."""
    if engine not in ("auto", "python", "polars"):
        raise IroScheduleError(
            f"engine must be 'auto', 'python' or 'polars', got {engine!r}",
            field="engine",
            value=engine,
        )
    if engine == "python" or (engine == "auto" and not polars_installed()):
        return math.inf
    if not polars_installed():
        raise IroScheduleError(
            "engine='polars' needs polars: install the package with its 'polars' extra (from a "
            "checkout: python -m pip install '.[polars]'), or give engine='auto'",
            field="engine",
            value=engine,
        )
    return 0 if engine == "polars" else COLUMNAR_FROM


def _read_903(
    paths: Source | Sequence[Source],
    data: Mapping[str, bytes],
    *,
    judge_short_breaks: bool,
    keep: Sequence[str],
    columnar: float,
) -> Inputs:
    labels = {name: Labels(column=name) for name in keep}
    reviews = _ReviewColumnsBuilder()
    problems: list[InputProblem] = []
    episodes = _EpisodesRead()
    dobs = _DatesOfBirth()
    rows_read = 0
    files = table_sources(paths)
    split = _split_by_polars(files, data, columnar)
    years: set[int] = set()
    undated: list[str] = []
    tables_of_year: dict[tuple[str, int], str] = {}
    episode_years: set[int] = set()
    for path in files:
        name = source_name(path)
        year = collection_year(name)
        try:
            table = _open(path, data.get(name), split=split, labels=bool(labels))
        except UnreadableFileError as exc:
            problems.append(InputProblem.of_file(name, str(exc)))
            continue
        except OSError as exc:
            problems.append(InputProblem.of_file(name, f"could not be read: {exc.strerror or exc}"))
            continue
        kind = _kind(table)
        if year is not None and kind != "unknown":
            years.add(year)
            _one_table_a_year(tables_of_year, _named_kind(name) or kind, year, name)
        elif kind == "reviews":
            undated.append(name)
        # (The arguments and the count matter only to the polars path, which the mutation tool
        # cannot run: see :func:`_open`.)
        read, table = _read_columns(table, kind, (reviews, episodes, dobs), year)  # fmt: skip  # pragma: no mutate  # noqa: E501
        rows_read += read  # pragma: no mutate
        if kind == "reviews":
            rows_read += _read_reviews(table, reviews, problems)
        elif kind == "episodes":
            _read_episodes(table, episodes.rows, problems, year, labels)
            if year is not None:
                episode_years.add(year)
        elif kind == "header":
            _read_header(table, dobs.table(), problems, labels)
        elif table.columns:
            rows = sum(1 for _ in table.cells)
            problems.append(
                InputProblem.of_file(
                    table.source,
                    f"is not a 903 Header, Episodes or Reviews table (its columns are "
                    f"{', '.join(table.columns)}); its {rows:,} rows were not read",
                )
            )
        problems.extend(InputProblem.of_file(name, note, line=line) for line, note in table.notes)
    reviews.add_dates_of_birth(dobs)  # a Header table gives dates of birth Reviews rows lack
    merged = _merge_read(episodes, problems)
    periods = _periods_by_child(
        merged,
        problems,
        sorted(episode_years),
        judge_short_breaks=judge_short_breaks,
        names=reviews.children,
    )
    for found in labels.values():  # each child's episodes in date order, repeats once
        for child, values in found.by_episode.items():
            found.by_episode[child] = sorted(set(values))
    return Inputs(
        labels=labels,
        reviews=reviews.build(),
        problems=tuple(problems),
        periods=periods,
        review_rows_read=rows_read,
        sources=tuple(source_name(f) for f in files),
        years=tuple(sorted(years)),
        undated_reviews=tuple(undated),
    )


def _split_by_polars(
    files: Sequence[Path | TableStream | Sheet], data: Mapping[str, bytes], threshold: float
) -> bool:
    """Whether the plain files are split by polars: if the files together hold ``threshold``
    bytes or more (see :func:`columnar_from`). Every file alike: a national folder's small
    Header tables are split faster by polars, once it is imported for the large ones, than row
    by row."""
    # (Only data of ``threshold`` bytes or more reaches polars: see :func:`_open`.)
    if threshold == math.inf:  # pragma: no mutate
        return False
    return sum(_size(path, data) for path in files) >= threshold  # pragma: no mutate


def _size(path: Path | TableStream | Sheet, data: Mapping[str, bytes]) -> int:
    """How many bytes a file holds (0 for a table given as a stream or sheet, or a file that
    cannot be looked at: reading it says why)."""
    # (Which engine splits a file changes no row, problem or reason, only the time taken
    # (tests/test_engines.py): no test can tell these lines' mutants apart, so they are marked.)
    given = data.get(source_name(path))  # pragma: no mutate
    if given is not None:  # pragma: no mutate
        return len(given)  # pragma: no mutate
    if not isinstance(path, Path):  # pragma: no mutate
        return 0  # pragma: no mutate
    try:
        return path.stat().st_size  # pragma: no mutate
    except OSError:
        return 0  # pragma: no mutate


def _one_table_a_year(seen: dict[tuple[str, int], str], kind: str, year: int, name: str) -> None:
    """Refuse a second table of one kind for one collection year (an original and a corrected
    re-export side by side would be read as one, a corrected review beside the original)."""
    other = seen.setdefault((kind, year), name)
    if other != name:
        raise WindowError(
            f"two {kind.capitalize()} tables for the collection year {year - 1}-{year % 100:02d}: "
            f"{other} and {name}; keep one (a corrected re-export replaces the original)",
            record=name,
            field="file name",
            value=[other, name],
        )


def _open(
    path: Path | TableStream | Sheet, data: bytes | None, *, split: bool, labels: bool
) -> TableStream | PlainCsv:
    """The table at ``path`` (or ``data``, its bytes): a plain CSV file to be split by polars
    if ``split`` (unless columns are kept as labels: they are read row by row), else streamed
    row by row."""
    # (Only data of 4 MiB or more in all reaches polars under "auto": under the mutation tool
    # no test gives that, as tests/test_engines.py cannot run there, so those lines are marked.)
    if split and isinstance(path, Path) and not labels:  # pragma: no mutate
        raw = data if data is not None else file_bytes(path)
        plain = plain_csv(str(path), raw, ALL_COLUMNS)  # pragma: no mutate
        if plain is not None:  # pragma: no mutate
            return plain
        data = raw
    return open_table(path, data=data, header=ALL_COLUMNS)


def _read_columns(
    table: TableStream | PlainCsv,
    kind: str,
    into: tuple[_ReviewColumnsBuilder, _EpisodesRead, _DatesOfBirth],
    year: int | None,
) -> tuple[int, TableStream]:
    """A plain file read a column at a time into ``into`` (see :mod:`.ssda903_columns`): how
    many review rows that read, and the rows left for the row-by-row reader (all of a table
    already streamed)."""
    if not isinstance(table, PlainCsv):  # pragma: no mutate (a PlainCsv: polars' path, below)
        return 0, table
    # (The polars path is tried by tests/test_engines.py, which cannot run under mutmut: polars
    # hangs in its forked children. The lines that reach it are marked not to be mutated.)
    from .ssda903_columns import read_columns  # noqa: PLC0415 (the polars extra's path)

    return read_columns(table, kind, into, year)  # pragma: no mutate


def _missing(table: TableStream | PlainCsv, columns: Sequence[str]) -> list[str]:
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
        # (Only a Reviews row has a REVIEW cell: the test is marked not to be mutated.)
        meeting_date=date_if_any(row.get("REVIEW")) if review_row else None,  # pragma: no mutate
    )


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
        #: One string per child, however many rows and files name it (a national folder names
        #: each child in every year's file).
        self.children: dict[str, str] = {}

    def add_dates_of_birth(self, dobs: _DatesOfBirth) -> None:
        """Fill in each row's missing date of birth from the Header tables'."""
        column = self.dob
        if None not in column:  # (a return's Reviews rows mostly give the DOB themselves)
            return
        # (The columns are as long as each other: the zips' checks are not mutated.)
        each = zip(self.child, column, strict=True)  # pragma: no mutate
        found = dobs.of({child for child, dob in each if dob is None})
        for i, (child, dob) in enumerate(zip(self.child, column, strict=True)):  # pragma: no mutate
            if dob is None and child in found:
                column[i] = found[child]

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


class _DatesOfBirth:
    """The dates of birth the Header tables give, table by table in the order read: a child's
    is that of the first row giving one. A table split by polars is looked into only if a
    Reviews row lacks a DOB (a national folder's Header tables list every child every year,
    and its Reviews rows give their DOB)."""

    def __init__(self) -> None:
        self._tables: list[Mapping[str, dt.date] | Callable[[], Mapping[str, dt.date]]] = []

    def table(self) -> dict[str, dt.date]:
        """The dates of a table read row by row, to be filled in as it is read."""
        found: dict[str, dt.date] = {}
        self._tables.append(found)
        return found

    def later(self, read: Callable[[], Mapping[str, dt.date]]) -> None:
        """Add a table whose dates ``read`` gives, when they are first needed."""
        # (Only a table split by polars is read later: tests/test_engines.py holds it to the
        # row-by-row reader, and cannot run under the mutation tool. Not mutated.)
        self._tables.append(read)  # pragma: no mutate

    def of(self, children: set[str]) -> dict[str, dt.date]:
        """The date of birth of each of ``children`` that a table gives."""
        found: dict[str, dt.date] = {}
        for table in self._tables:
            wanted = children - found.keys()
            # (Stopping once every child is found only saves reading the later tables: the
            # test is not to be mutated.)
            if not wanted:  # pragma: no mutate
                break
            dates = table() if callable(table) else table  # pragma: no mutate (as above)
            found.update((child, dates[child]) for child in wanted if child in dates)
        return found


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
    source = table.source
    add_source, add_line, add_child = out.source.append, out.line.append, out.child.append
    add_date, add_code = out.meeting_date.append, out.participation.append
    add_dob, add_note = out.dob.append, out.note.append
    children = out.children
    for line, values in table.numbered:
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
                row = TableRow(source, line, cells, index)
                problems.append(_review_row_problem(row, missing, exc))
            continue
        count += 1
        code = values[code_at].strip().upper() if code_at < width else ""
        # (A code's one string, kept for every row that has it: a national return has millions.)
        code, note = _CODE_AND_NOTE.get(code) or _participation(code)
        dob_text = values[dob_at].strip() if dob_at < width else ""
        try:
            dob = parse_date_cached(dob_text) if dob_text else None
        except ValueError as exc:
            dob, dob_note = None, _age_unknown(exc)
            note = f"{note}; {dob_note}" if note else dob_note
        add_source(source)
        add_line(line)
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
    """What a REVIEW_CODE that is not a participation code leaves: none, and a note why."""
    if not code:
        return "", "REVIEW_CODE is blank, so participation is not counted"
    return "", f"REVIEW_CODE {code!r} is not a code PN0-PN7, so participation is not counted"


def _age_unknown(exc: ValueError) -> str:
    """Why a child's age is not known: its DOB is not a date (``exc`` says why)."""
    return f"DOB {exc}, so the child's age is not known"


def _label_positions(
    index: Mapping[str, int], labels: Mapping[str, Labels]
) -> list[tuple[Labels, int]]:
    """Each column kept as labels, with its position (past any row's end if the file lacks it)."""
    return [(found, index.get(name.strip().upper(), sys.maxsize)) for name, found in labels.items()]


def _read_header(
    table: TableStream,
    dobs: dict[str, dt.date],
    problems: list[InputProblem],
    labels: Mapping[str, Labels],
) -> None:
    # Read as lean as the reviews (a Header lists every child each year): cells by position,
    # stripped when used; a row made only for a problem. A blank row sets nothing.
    index = table.index
    child_at, dob_at = (index.get(c, sys.maxsize) for c in ("CHILD", "DOB"))
    kept = _label_positions(index, labels)
    for line, values in table.numbered:
        width = len(values)
        child = values[child_at].strip() if child_at < width else ""
        for found, at in kept if child else ():  # a row naming no child labels none
            if at < width and (value := values[at].strip()):
                found.by_child[child] = value  # the latest year's, read last
        dob_text = values[dob_at].strip() if dob_at < width else ""
        if not dob_text:
            continue
        try:
            dob = parse_date_cached(dob_text)
        except ValueError as exc:
            row = TableRow(table.source, line, [c.strip() for c in values], index)
            problems.append(_problem(row, "DOB", _age_unknown(exc), review_row=False))
            continue
        if child:
            dobs.setdefault(child, dob)


#: The Episodes columns read, in the order :func:`_read_episodes` takes them.
_EPISODE_FIELDS = ("CHILD", "DECOM", "RNE", "LS", "DEC", "REC", "PLACE")


def _read_episodes(
    table: TableStream,
    out: list[_Episode],
    problems: list[InputProblem],
    year: int | None,
    labels: Mapping[str, Labels],
) -> None:
    missing = _missing(table, ("CHILD", "DECOM", "RNE", "LS", "DEC", "REC"))
    if missing:
        rows = sum(1 for _ in table.cells)
        problems.append(
            InputProblem.of_file(
                table.source,
                f"has no {', '.join(missing)} column, so none of its {rows:,} episode rows "
                f"was read (its columns are {', '.join(table.columns)})",
                field=missing[0],
            )
        )
        return
    # Read as lean as the reviews (every year lists each episode open in it again): cells by
    # position, stripped when used; a row made only for a problem.
    index = table.index
    positions = [index.get(c, sys.maxsize) for c in _EPISODE_FIELDS]
    take, widest = operator.itemgetter(*positions), max(positions)
    kept = _label_positions(index, labels)
    source, capitals = table.source, _Capitals()
    for line, values in table.numbered:
        width = len(values)
        # (Both ways give the same cells; the first is the quicker, for a row holding them all.)
        if width > widest:  # pragma: no mutate
            child, decom_text, rne, ls, dec_text, rec, place = map(str.strip, take(values))
        else:
            child, decom_text, rne, ls, dec_text, rec, place = (
                values[i].strip() if i < width else "" for i in positions
            )
        try:
            if not child:
                raise _RowProblem
            decom = parse_date_cached(decom_text)
            dec = parse_date_cached(dec_text) if dec_text else None
            if dec is not None and dec < decom:
                raise _RowProblem
        except (ValueError, _RowProblem):
            cells = [cell.strip() for cell in values]
            if any(cells):  # a blank line (or one of blank cells) is not a row
                problems.extend(_episode_problems(TableRow(source, line, cells, index)))
            continue
        rne, ls, rec, place = capitals[rne], capitals[ls], capitals[rec], capitals[place]
        out.append(_new_episode((child, decom, rne, ls, dec, rec, source, line, place, year)))
        for found, at in kept:
            if at < width and (value := values[at].strip()):
                found.by_episode.setdefault(child, []).append((decom, value))


class _Capitals(dict[str, str]):
    """Each code's text in capitals, one string a text (a table repeats a few codes over
    millions of rows)."""

    def __missing__(self, text: str) -> str:
        capitals = self[text] = text.upper()
        return capitals


def _episode_problems(row: TableRow) -> list[InputProblem]:
    """What is wrong with an episode row that cannot be read: its child; else each date that is
    not one; else the two dates' order."""
    if not row.get("CHILD"):
        return [_problem(row, "CHILD", "CHILD is blank", review_row=False)]
    found = []
    for field in ("DECOM", "DEC"):
        if field == "DECOM" or row.get(field):
            try:
                parse_date_cached(row.get(field))
            except ValueError as exc:
                reason = f"{field} {exc}; give it as dd/mm/YYYY"
                found.append(_problem(row, field, reason, review_row=False))
    if found:
        return found
    reason = f"DEC {row.get('DEC')} is before DECOM {row.get('DECOM')}"
    return [_problem(row, "DEC", reason, review_row=False)]


def _merge_read(episodes: _EpisodesRead, problems: list[InputProblem]) -> list[_Episode]:
    """:func:`_merge_episodes` of all the rows read; a column at a time if some were split by
    polars (see :mod:`.ssda903_columns`)."""
    if not episodes.split:  # pragma: no mutate (polars' path: see _read_columns)
        return _merge_episodes(episodes.rows, problems)
    from .ssda903_columns import merge_split  # noqa: PLC0415 (the polars extra's path)

    return merge_split(episodes.split, episodes.rows, problems)  # pragma: no mutate


def _merge_episodes(episodes: list[_Episode], problems: list[InputProblem]) -> list[_Episode]:
    """One episode per (child, DECOM): files for consecutive years repeat the open episodes.

    An open copy is replaced by a later closed one (the episode ended in a later year). Copies
    that disagree otherwise keep the later file's, and the disagreement is reported.
    """
    # Each (CHILD, DECOM): the copy kept, and the latest year a copy was seen in (None if no
    # copy's file names a year). One lookup a row: a national return has over a million.
    kept: dict[tuple[str, dt.date], list[Any]] = {}
    for episode in episodes:
        key = episode[:2]
        year = episode.seen_in
        slot = kept.get(key)
        if slot is None:
            kept[key] = [episode, year]
            continue
        earlier, latest = slot
        if year is not None:
            slot[1] = year if latest is None else max(latest, year)
        if earlier.dec is None and episode.dec is not None:
            slot[0] = episode
        elif _COMPARED(earlier) != _COMPARED(episode):
            closed_before = earlier.dec is not None and episode.dec is None
            problems.append(_copies_differ(earlier, episode, closed_before=closed_before))
            if not closed_before:
                slot[0] = episode
    # (An episode already of its latest year is kept as it is, not copied: not mutated.)
    merged = (
        e if e.seen_in == year else e._replace(seen_in=year)  # pragma: no mutate
        for e, year in kept.values()
    )
    return sorted(merged)  # by (CHILD, DECOM), which no two share: the fields after never compared


#: What two copies of an episode must agree on: RNE, LS, DEC, REC and PLACE.
_COMPARED = operator.itemgetter(2, 3, 4, 5, 8)


def _copies_differ(earlier: _Episode, episode: _Episode, *, closed_before: bool) -> InputProblem:
    """The problem of an episode's copy that differs from the one kept before it."""
    return InputProblem(
        source=episode.source,
        line=episode.line,
        child=episode.child,
        field="DEC",
        value=f"{episode.dec:%d/%m/%Y}" if episode.dec else "",
        reason=(
            f"the episode starting {day(episode.decom)} differs from its copy at "
            f"{earlier.source} line {earlier.line}; the "
            + ("earlier, closed copy was used" if closed_before else "later copy was used")
        ),
    )


def _periods_by_child(
    episodes: list[_Episode],
    problems: list[InputProblem],
    years: Sequence[int],
    *,
    judge_short_breaks: bool,
    names: Mapping[str, str],
) -> dict[str, tuple[CarePeriod, ...]]:
    """Each child's periods of care; ``years`` are the collection years whose Episodes tables
    the data holds. A child the review rows name is named by the same string (``names``: each
    name's), which finds it again faster."""
    # (The episodes are sorted by child: each child's come together.)
    by_child = itertools.groupby(episodes, key=_CHILD)
    # (The same text either way, the review rows' string only found faster: not mutated.)
    return {
        (name := names.get(child, child)): tuple(  # pragma: no mutate
            _periods(name, list(eps), problems, years, judge_short_breaks=judge_short_breaks)
        )
        for child, eps in by_child
    }


_CHILD, _LEGAL_STATUS = operator.attrgetter("child"), operator.attrgetter("ls")


def _periods(
    child: str,
    episodes: list[_Episode],
    problems: list[InputProblem],
    years: Sequence[int],
    *,
    judge_short_breaks: bool,
) -> list[CarePeriod]:
    """A child's periods of care: episodes from one with RNE 'S' (or the child's first) to one
    that ended with a REC other than 'X1' (or to the last before a missing year that hides how
    the next one followed it); short-break series merged; adoption placements split off as
    stretches of their own."""
    groups: list[list[_Episode]] = []
    for episode in episodes:
        previous = groups[-1][-1] if groups else None
        # An episode not starting a period continues the one before, if that ended with 'X1'
        # or on a day the data does not show (its last copy is open) and the episodes between
        # them are in the data.
        continues = (
            previous is not None
            and (previous.rec == "X1" or previous.dec is None)
            and episode.rne != "S"
            and _missing_year_between(previous, episode, years) is None
        )
        if continues:
            groups[-1].append(episode)
        else:
            groups.append([episode])
    periods: list[CarePeriod] = []
    for i, group in enumerate(groups):
        following = groups[i + 1][0] if i + 1 < len(groups) else None
        period = _period(
            child, group, first=i == 0, following=following, problems=problems, years=years
        )
        if period.end is None and following is None:
            period = _gone_from_later_years(period, group[-1], years, problems)
        periods.extend(_stretches(period, group))
    return _merge_short_break_series(periods, judge=judge_short_breaks)


def _missing_year_between(
    previous: _Episode, episode: _Episode, years: Sequence[int]
) -> int | None:
    """The first collection year whose files are missing of those that would hold the episodes
    leading from an open episode to the child's next one, which does not begin a period (None
    if the data holds them all). They would show whether the child stayed looked after (an
    'X1' chain) or left and came back (a new period, begun on a day the data does not show)."""
    if previous.dec is not None or previous.seen_in is None or episode.rne == "S":
        return None
    between = range(previous.seen_in + 1, reporting_year(episode.decom) + 1)
    return next((year for year in between if year not in years), None)


def _period(
    child: str,
    group: list[_Episode],
    *,
    first: bool,
    following: _Episode | None,
    problems: list[InputProblem],
    years: Sequence[int],
) -> CarePeriod:
    head, last = group[0], group[-1]
    why = ""
    if head.rne != "S":
        where = "the first episode of the child in the data" if first else "an episode"
        why = (
            f"{where} (DECOM {day(head.decom)}, {head.source} line {head.line}) has RNE "
            f"{head.rne!r}, not 'S', so the period of care began before it"
        )
    short_breaks = SHORT_BREAK_STATUSES.issuperset(map(_LEGAL_STATUS, group))
    period = CarePeriod(
        child=child,
        start=head.decom,
        end=last.dec if last.dec is not None and last.rec != "X1" else None,
        start_known=not why,
        short_breaks=short_breaks,
        why_start_unknown=why,
        regime=ENGLAND_SHORT_BREAKS_2010 if short_breaks else None,
    )
    if last.dec is None and following is not None:
        # The child's later episode starts a new period (or may: the episodes between are in a
        # missing year), so this one ended by then, on a day the data does not show. It is
        # placed up to the day before, and judged up to the last day the data shows the child
        # looked after.
        known_until = _last_day_listed_open(last, following)
        missing = _missing_year_between(last, following, years)
        if missing is None:
            problems.append(_unended(last, following, known_until))
        else:
            problems.append(_link_missing(last, following, missing, known_until))
        latest = max(following.decom - dt.timedelta(days=1), head.decom)
        period = attrs.evolve(period, end=latest, end_known=False, known_until=known_until)
    return period


def _gone_from_later_years(
    period: CarePeriod, last: _Episode, years: Sequence[int], problems: list[InputProblem]
) -> CarePeriod:
    """An open period that a later year's Episodes table does not list ended before that year
    began, on a day the data does not show (in a missing year, or unrecorded): it is placed up
    to the day before, and judged up to the last day the data shows it open."""
    if last.seen_in is None:
        return period
    open_until = last.dec or year_span(last.seen_in)[1]  # a DEC here ends with 'X1'
    last_year = reporting_year(open_until)
    later = [y for y in years if y > last_year]  # the years begun after it
    if not later:
        return period
    first_absent = year_span(later[0])[0]
    problems.append(
        InputProblem(
            source=last.source,
            line=last.line,
            child=last.child,
            field="REC" if last.dec is not None else "DEC",
            value=last.rec if last.dec is not None else "",
            reason=gone_from_later_year(
                open_until,
                later[0],
                years_missing=later[0] > last.seen_in + 1,
                continued=last.dec is not None,
            ),
        )
    )
    return attrs.evolve(
        period,
        end=first_absent - dt.timedelta(days=1),
        end_known=False,
        known_until=open_until,
    )


def _last_day_listed_open(last: _Episode, following: _Episode) -> dt.date:
    """The last day the data shows an open episode's period went on, the child's next episode
    beginning a new one: the end of the last collection year whose table lists it open (DEC is
    blank for an episode not ended by 31 March), if that year ended before the next period
    began; else (the two in one year's table) the episode's start."""
    if last.seen_in is None:
        return last.decom
    listed = year_span(last.seen_in)[1]
    return listed if listed < following.decom else last.decom


def _unended(last: _Episode, following: _Episode, known_until: dt.date) -> InputProblem:
    return InputProblem(
        source=last.source,
        line=last.line,
        child=last.child,
        field="DEC",
        value="",
        reason=(
            f"DEC is blank, but the child's next episode ({following.source} line "
            f"{following.line}) starts a new period of care on {day(following.decom)}, so this "
            "one ended by then; its period is judged up to the last day the data shows the "
            f"child looked after ({day(known_until)} or a later review); give its DEC"
        ),
    )


def _link_missing(
    last: _Episode, following: _Episode, missing: int, known_until: dt.date
) -> InputProblem:
    reason = link_in_a_missing_year(
        known_until,
        missing,
        source=following.source,
        line=following.line,
        decom=following.decom,
        rne=following.rne,
    )
    return InputProblem(
        source=last.source, line=last.line, child=last.child, field="DEC", value="", reason=reason
    )


def _stretches(period: CarePeriod, group: list[_Episode]) -> list[CarePeriod]:
    """The period split at each placement for adoption (a run of episodes placed for
    adoption): before the first, the period's own reg. 33 sequence; each placement under the
    Adoption Agencies Regulations 2005 reg. 36, counted from the day of placement; after one
    that ended with the child still looked after, reg. 33 again, a new sequence from the day
    the placement ended (until the next placement, if any)."""
    if period.short_breaks:
        return [period]
    stretches: list[CarePeriod] = []
    before = period  # the reg. 33 stretch before the next placement
    for first, last in _placements(group):
        start = group[first].decom
        if start > before.start:
            before_end = start - dt.timedelta(days=1)
            stretches.append(attrs.evolve(before, end=before_end, end_known=True, known_until=None))
        after = group[last + 1] if last + 1 < len(group) else None
        stretches.append(
            attrs.evolve(
                period,
                start=start,
                end=after.decom if after is not None else period.end,
                regime=ENGLAND_ADOPTION_PLACEMENT_2005,
                end_known=period.end_known if after is None else True,
                known_until=period.known_until if after is None else None,
                start_known=True,
                why_start_unknown="",
            )
        )
        if after is None:
            return stretches
        before = attrs.evolve(period, start=after.decom, start_known=True, why_start_unknown="")
    return [*stretches, before]


def _placements(group: list[_Episode]) -> list[tuple[int, int]]:
    """The first and last index of each run of consecutive episodes placed for adoption."""
    runs: list[tuple[int, int]] = []
    for i, episode in enumerate(group):
        if episode.place not in ADOPTION_PLACEMENTS:
            continue
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _merge_short_break_series(periods: list[CarePeriod], *, judge: bool) -> list[CarePeriod]:
    """Consecutive short-break periods form one series, reviewed as one (reg. 48); unless
    ``judge``, a series is not judged, as the return does not collect its reviews."""
    if not any(p.short_breaks for p in periods):  # (most children: nothing to merge)
        return periods
    merged: list[CarePeriod] = []
    for period in periods:
        previous = merged[-1] if merged else None
        if previous is not None and previous.short_breaks and period.short_breaks:
            merged[-1] = attrs.evolve(
                previous,
                end=period.end,
                end_known=period.end_known,
                known_until=period.known_until,
            )
        else:
            merged.append(period)
    series = [_series_between_breaks(p, merged[i + 1 :]) for i, p in enumerate(merged)]
    if judge:
        return series
    return [
        attrs.evolve(p, not_judged=SHORT_BREAKS_NOT_COLLECTED) if p.short_breaks else p
        for p in series
    ]


def _series_between_breaks(period: CarePeriod, later: list[CarePeriod]) -> CarePeriod:
    """A series of short breaks goes on between and after its breaks (reg. 48 reviews it as
    one placement): it takes the reviews held until the child's next period of care, and is
    judged up to the last day the data shows it (its last break, or a later review)."""
    if not period.short_breaks or period.end is None:
        return period
    last_day = period.end if period.end_known else period.known_until
    until = later[0].start - dt.timedelta(days=1) if later else None
    return attrs.evolve(period, end=until, end_known=False, known_until=last_day)


#: Why a series of short breaks is not judged (DfE validation rule 399).
SHORT_BREAKS_NOT_COLLECTED = (
    "the child's episodes here are all short breaks (legal status V3/V4), and the SSDA903 "
    "return does not collect reviews of an agreed series of short breaks (DfE validation rule "
    "399 rejects them), so the series is not judged; if your own data records these reviews, "
    "judge them under reg. 48 with --judge-short-breaks"
)


def unknown_history(period: CarePeriod, reviews_from: dt.date | None) -> str:
    """Why the reviews of an SSDA903 period cannot be numbered from the data ("" if they can).

    An SSDA903 Reviews table holds its own collection year's reviews: a period that began before
    the data's reviews do (or whose first episode in the data does not open it) has earlier
    reviews that are missing.
    """
    if period.why_start_unknown:
        return period.why_start_unknown + "; add the earlier years' files"
    if reviews_from is not None and period.short_breaks:
        return SERIES_START_UNKNOWN
    if reviews_from is not None and period.start < reviews_from:
        return began_before_the_data(period.start, reviews_from)
    return ""


#: Why the data cannot number the reviews of a series of short breaks when it does not hold
#: the child's whole history.
SERIES_START_UNKNOWN = (
    "each short break is an episode of its own (DfE validation rule 366), so the data cannot "
    "show when the series began, and its reviews before the data's begin are not in it"
)

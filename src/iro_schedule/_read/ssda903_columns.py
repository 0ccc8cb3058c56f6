"""SSDA903 tables read a column at a time: the polars extra's path through the readers.

A plain CSV file (see :mod:`.polars_csv`) is split into columns by polars; each column's
distinct texts are then read with the row-by-row reader's own functions (strip, upper-case,
``parse_date_cached``, the notes' words), and gathered back to the rows with numpy. The rows
a column cannot type (a blank child, a date that is not one, an episode's dates out of order,
a DOB that is not a date) are handed back, split from their own lines, to the row-by-row
readers in :mod:`.ssda903`, which read them (and say why) as they always do: the two ways give
the same rows, problems and reasons (tests/test_engines.py).

Each reader here sits beside its row-by-row form's rules, not its text: a rule of the return
(which cells a row needs, what a code or date means) stays in :mod:`.ssda903`. This module is
loaded only when a file is split by polars, and is not mutation-tested: polars cannot run in
the mutation tool's forked processes (as for the frame tests); the differential test guards it.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs
import numpy as np

from .._law.dayarrays import EPOCH, dates_of
from .polars_csv import Column, PlainCsv
from .rows import InputProblem
from .ssda903 import (
    _EPISODE_FIELDS,
    ALL_COLUMNS,
    PARTICIPATION_CODES,
    _age_unknown,
    _DatesOfBirth,
    _Episode,
    _EpisodesRead,
    _merge_episodes,
    _missing,
    _new_episode,
    _participation,
    _read_header,
    _ReviewColumnsBuilder,
)
from .tables import TableStream, date_if_any, parse_date_cached

__all__ = ["merge_split", "read_columns"]

T = TypeVar("T")


def read_columns(
    table: PlainCsv,
    kind: str,
    into: tuple[_ReviewColumnsBuilder, _EpisodesRead, _DatesOfBirth],
    year: int | None,
) -> tuple[int, TableStream]:
    """Read a plain file (of ``kind``) a column at a time into ``into`` (the review rows, the
    episodes, the dates of birth): how many review rows that read, and the rows it could not
    type, for the row-by-row reader; all of the file, as a stream, if it is to be read row by
    row (a kind not known, a column the rows need missing, or a file polars does not split one
    row a line)."""
    reviews, episodes, dobs = into
    if kind == "reviews" and not _missing(table, ("CHILD", "REVIEW")):
        split = _reviews(table, reviews)
    elif kind == "episodes" and not _missing(table, _EPISODE_FIELDS[:-1]):  # (PLACE may be absent)
        split = _episodes(table, episodes, year)
    elif kind == "header":
        split = _header(table, dobs)
    else:
        split = None
    return split or (0, table.stream(ALL_COLUMNS))


def _reviews(table: PlainCsv, out: _ReviewColumnsBuilder) -> tuple[int, TableStream] | None:
    """:func:`_read_reviews` a column at a time: each column's distinct texts read as it reads
    a cell; the rows with no child or no date left for it."""
    split = table.split(("CHILD", "REVIEW", "REVIEW_CODE", "DOB"))
    if split is None:
        return None
    lines, (child, review, code, dob) = split
    stripped = list(map(str.strip, child.texts))
    children = list(map(out.children.setdefault, stripped, stripped))  # (one string a child)
    dates = [date_if_any(text.strip()) for text in review.texts]
    typed = _where(children, bool, child) & _where(dates, _is_date, review)
    rows = typed.nonzero()[0]
    codes = [text.strip().upper() for text in code.texts]
    code_notes = ["" if c in PARTICIPATION_CODES else _participation(c)[1] for c in codes]
    participation = [c if c in PARTICIPATION_CODES else "" for c in codes]
    dobs, dob_notes = zip(*map(_dob_and_note, dob.texts), strict=True)
    code_at, dob_at = code.codes[rows], dob.codes[rows]
    notes = [""] * len(rows)
    noted = (_where(code_notes, bool, code_at) | _where(dob_notes, bool, dob_at)).nonzero()[0]
    for i in noted.tolist():
        note, dob_note = code_notes[code_at[i]], dob_notes[dob_at[i]]
        notes[i] = f"{note}; {dob_note}" if note and dob_note else note or dob_note
    _extend(
        out,
        source=table.source,
        line=lines[rows],
        child=_values(children, child, rows),
        meeting_date=_values(dates, review, rows),  # type: ignore[arg-type]  # (all dates)
        participation=_taken(participation, code_at),
        dob=_taken(dobs, dob_at),
        note=notes,
    )
    return len(rows), table.rows_at(lines[~typed].tolist())


def _where(values: Sequence[object], test: Callable[[Any], bool], codes: Any) -> Any:
    """Whether each row's value passes ``test`` (numpy booleans), a column's ``values`` being
    its distinct texts read and ``codes`` (a :class:`Column`'s, or an array of its codes)
    saying which each row has."""
    at = codes.codes if isinstance(codes, Column) else codes
    return np.fromiter(map(test, values), dtype=bool, count=len(values))[at]


def _values(values: Sequence[T], column: Column, rows: Any) -> list[T]:
    """The value of each of ``rows`` in a column whose distinct texts read as ``values``."""
    return _taken(values, column.codes[rows])


def _taken(values: Sequence[T], at: Any) -> list[T]:
    """``values[i]`` for each ``i`` of ``at`` (numpy), gathered by numpy (twice as fast as a
    list made a value at a time)."""
    objects = np.fromiter(values, dtype=object, count=len(values))  # (each value as it is)
    taken: list[T] = objects[at].tolist()
    return taken


def _is_date(value: object) -> bool:
    return value is not None


def _days(dates: Sequence[dt.date | None], column: Column) -> Any:
    """Each row's date in ``column`` as a day number (0 for none), its distinct texts read as
    ``dates``."""
    return np.array([d.toordinal() if d else 0 for d in dates], dtype=np.int64)[column.codes]


def _dob_and_note(text: str) -> tuple[dt.date | None, str]:
    """A DOB cell read as :func:`_read_reviews` reads it: the date (if any), and a note if it
    is not one."""
    stripped = text.strip()
    try:
        return (parse_date_cached(stripped) if stripped else None), ""
    except ValueError as exc:
        return None, _age_unknown(exc)


def _extend(
    out: _ReviewColumnsBuilder,
    *,
    source: str,
    line: Any,
    child: list[str],
    meeting_date: list[dt.date],
    participation: list[str],
    dob: list[dt.date | None],
    note: list[str],
) -> None:
    """Add rows given as columns (``line`` a numpy array of line numbers)."""
    out.source.extend([source] * len(child))
    out.line.frombytes(line.astype("int64").tobytes())
    out.child.extend(child)
    out.meeting_date.extend(meeting_date)
    out.participation.extend(participation)
    out.dob.extend(dob)
    out.note.extend(note)


def _header(table: PlainCsv, dobs: _DatesOfBirth) -> tuple[int, TableStream] | None:
    """:func:`_read_header` a column at a time (when no column is kept as labels): the rows
    with a DOB that is not a date left for it; the children's dates of birth read only if a
    Reviews row lacks one (:func:`_first_dates`)."""
    split = table.split(("DOB",))
    if split is None:
        return None
    lines, (dob,) = split
    texts = [text.strip() for text in dob.texts]
    given = _where(texts, bool, dob)
    dated = _where(_dates_of_birth(texts), _is_date, dob)
    dobs.later(functools.partial(_first_dates, table))
    return 0, table.rows_at(lines[given & ~dated].tolist())


def _dates_of_birth(texts: list[str]) -> list[dt.date | None]:
    """A DOB column's distinct texts (stripped) as dates (None: blank, or not a date)."""
    return [date_if_any(text) if text else None for text in texts]


def _first_dates(table: PlainCsv) -> dict[str, dt.date]:
    """Each child's date of birth in a Header table: its first row's that gives one, as
    :func:`_read_header` reads it."""
    split = table.split(("CHILD", "DOB"))
    if split is None:  # (as the DOB column was split, this table splits: read row by row else)
        found: dict[str, dt.date] = {}
        _read_header(table.stream(ALL_COLUMNS), found, [], {})
        return found
    _, (child, dob) = split
    children = [text.strip() for text in child.texts]
    dates = _dates_of_birth([text.strip() for text in dob.texts])
    rows = (_where(dates, _is_date, dob) & _where(children, bool, child)).nonzero()[0]
    # Each text's first row with a date, in the file's order: a child written two ways
    # (" A" and "A") takes the first of those rows.
    firsts = np.sort(rows[_first_of_each(child.codes[rows])])
    names, born = _values(children, child, firsts), _values(dates, dob, firsts)
    return dict(zip(reversed(names), reversed(born), strict=True))  # type: ignore[arg-type]  # (all dates)


def _first_of_each(codes: Any) -> Any:
    """The position of the first of each distinct code (a numpy array)."""
    return np.unique(codes, return_index=True)[1]


def _episodes(
    table: PlainCsv, out: _EpisodesRead, year: int | None
) -> tuple[int, TableStream] | None:
    """:func:`_read_episodes` a column at a time (when no column is kept as labels), the rows
    kept as columns for :func:`merge_split`: the rows with no child, or a date that is not one
    or out of order, left for it."""
    split = table.split(_EPISODE_FIELDS)
    if split is None:
        return None
    lines, (child, decom, rne, ls, dec, rec, place) = split
    children = [text.strip() for text in child.texts]
    starts = [date_if_any(text.strip()) for text in decom.texts]
    ends = [date_if_any(text.strip()) for text in dec.texts]
    blank_end = [not text.strip() for text in dec.texts]
    started, ended = _days(starts, decom), _days(ends, dec)
    typed = (
        _where(children, bool, child)
        & _where(starts, _is_date, decom)
        & (_where(blank_end, bool, dec) | (_where(ends, _is_date, dec) & (ended >= started)))
    )
    rows = typed.nonzero()[0]
    codes = [_upper(c, rows) for c in (rne, ls, rec, place)]
    source = ([table.source], np.zeros(len(rows), dtype=np.int32))
    texts = ((children, _small(child.codes[rows])), *codes, source)
    seen_in = np.full(len(rows), _NO_YEAR if year is None else year, dtype=np.int32)
    numbers = (_small(started[rows]), _small(ended[rows]), _small(lines[rows]), seen_in)
    found = _EpisodeColumns(texts, numbers)
    out.split.append((found, len(out.rows)))
    return 0, table.rows_at(lines[~typed].tolist())


def _upper(column: Column, rows: Any) -> tuple[list[str], Any]:
    """A code column's distinct texts as codes (stripped, in capitals), and ``rows``' index
    into them."""
    return [text.strip().upper() for text in column.texts], _small(column.codes[rows])


#: An episode's collection year not known (its file's name gives none).
_NO_YEAR = -1


def _small(numbers: Any) -> Any:
    """Whole numbers (an index, a day, a line) in 32 bits: a national return's million
    episodes are held until they are merged."""
    return numbers.astype(np.int32)


@attrs.frozen
class _EpisodeColumns:
    """Episodes rows as columns: ``texts``, each text column (child, RNE, LS, REC, PLACE and
    the file's name) as its distinct texts and each row's index into them (numpy); then
    ``numbers``: DECOM and DEC as day numbers (0: none), the line and the collection year
    (``_NO_YEAR``: none)."""

    texts: tuple[tuple[list[str], Any], ...]
    numbers: tuple[Any, Any, Any, Any]

    @classmethod
    def of(cls, rows: Sequence[_Episode]) -> _EpisodeColumns:
        """Rows read row by row, as columns."""
        every = np.arange(len(rows))
        fields = ((*e[:6], e.place) for e in rows)  # (the texts, and DECOM and DEC)
        child, decom, rne, ls, dec, rec, place = zip(*fields, strict=True) if rows else [()] * 7
        texts = [(list(column), every) for column in (child, rne, ls, rec, place)]
        texts.append(([e.source for e in rows], every))
        numbers = (
            np.array([d.toordinal() for d in decom], dtype=np.int32),
            np.array([d.toordinal() if d else 0 for d in dec], dtype=np.int32),
            np.array([e.line for e in rows], dtype=np.int32),
            np.array([_NO_YEAR if e.seen_in is None else e.seen_in for e in rows], dtype=np.int32),
        )
        return cls(tuple(texts), numbers)


def merge_split(
    split: Sequence[tuple[Any, int]], rows: list[_Episode], problems: list[InputProblem]
) -> list[_Episode]:
    """:func:`_merge_episodes` of the rows read, some split by polars (``split``: each file's
    :class:`_EpisodeColumns`, and how many ``rows``, read row by row, came before it), a
    column at a time.

    Most episodes' copies are open copies alike, then closed copies alike: the copy kept is
    then the first closed one (or the first, if none is closed), and no problem is found, as
    :func:`_merge_episodes` finds. Every other episode's copies (copies that differ, or an open
    copy after a closed one) are merged by it, in the order read, so its problems and their
    order are the same.
    """
    read = _Read(_in_order_read(split, rows))
    child, (decom, dec, _, seen_in) = read.texts[0], read.numbers
    if not len(child):
        return []
    by_copy = np.lexsort((decom, read.children_in_order()))  # (stable: copies in order read)
    first = np.ones(len(by_copy), dtype=bool)
    first[1:] = _changes(child[by_copy]) | _changes(decom[by_copy])
    alike = np.ones(len(by_copy), dtype=bool)
    for compared in (*read.texts[1:5], dec):  # RNE, LS, REC, PLACE, DEC
        alike[1:] &= ~_changes(compared[by_copy])
    is_open = dec[by_copy] == 0
    closes = np.zeros(len(by_copy), dtype=bool)  # a closed copy after an open one
    closes[1:] = is_open[:-1] & ~is_open[1:]
    starts = first.nonzero()[0]
    episode = np.cumsum(first) - 1  # each copy's episode
    simple = np.logical_and.reduceat(first | alike | closes, starts)[episode]
    any_closed = np.logical_or.reduceat(~is_open, starts)[episode]
    kept = simple & ((first & (~is_open | ~any_closed)) | (~first & closes))
    latest = np.maximum.reduceat(seen_in[by_copy], starts)[episode]
    alike_kept = read.episodes(by_copy[kept], latest[kept])
    others = np.sort(by_copy[~simple])
    return sorted(alike_kept + _merge_episodes(read.episodes(others, seen_in[others]), problems))


def _changes(column: Any) -> Any:
    """Whether each value of a column (after the first) differs from the one before."""
    changed: Any = column[1:] != column[:-1]
    return changed


def _in_order_read(split: Sequence[tuple[Any, int]], rows: list[_Episode]) -> list[Any]:
    """Every row read as columns, in the order read: each file's split rows after the rows
    read row by row before it."""
    parts = []
    start = 0
    for columns, before in split:
        parts += [_EpisodeColumns.of(rows[start:before]), columns]
        start = before
    return [*parts, _EpisodeColumns.of(rows[start:])]


class _Read:
    """The rows read (:class:`_EpisodeColumns`, in order) as one set of columns, each text
    numbered across them by its place among their distinct texts in order (``texts``: each
    row's number, ``names[k][number]`` its text)."""

    def __init__(self, parts: list[_EpisodeColumns]) -> None:
        import polars as pl  # noqa: PLC0415 (the extra, as for every function here)

        self.names: list[list[str]] = []
        self.texts: list[Any] = []
        for k in range(len(parts[0].texts)):
            listed = [p.texts[k] for p in parts]
            texts = pl.Series(
                list(itertools.chain.from_iterable(n for n, _ in listed)), dtype=pl.String
            )
            # (polars orders texts by their UTF-8 bytes, as Python orders them.)
            places = texts.rank("dense").to_numpy().astype(np.int64) - 1
            self.names.append(texts.unique().sort().to_list())
            lengths = [len(names) for names, _ in listed]
            firsts = itertools.accumulate([0, *lengths[:-1]])  # where each part's texts begin
            at = [places[a : a + len(n)][i] for (n, i), a in zip(listed, firsts, strict=True)]
            self.texts.append(np.concatenate(at))
        self.numbers = tuple(np.concatenate([p.numbers[k] for p in parts]) for k in range(4))

    def children_in_order(self) -> Any:
        """Each row's child as its place among the children's names in order (so that the
        episodes sorted by it come out sorted as :func:`_merge_episodes` sorts them)."""
        return self.texts[0]

    def episodes(self, at: Any, seen_in: Any) -> list[_Episode]:
        """The rows ``at`` (positions), each seen in ``seen_in``'s year, as episodes."""
        child, rne, ls, rec, place, source = (
            _taken(names, texts[at]) for names, texts in zip(self.names, self.texts, strict=True)
        )
        decom, dec, line, _ = (numbers[at] for numbers in self.numbers)
        years = [None if y == _NO_YEAR else y for y in seen_in.tolist()]
        decoms, decs = _dates(decom), _dates(dec)
        fields = (child, decoms, rne, ls, decs, rec, source, line.tolist(), place, years)
        return list(map(_new_episode, zip(*fields, strict=True)))


def _dates(days: Any) -> list[dt.date | None]:
    """Day numbers (ordinals; 0: none) as dates."""
    return dates_of(days.astype(np.int64) - EPOCH, missing=-EPOCH)

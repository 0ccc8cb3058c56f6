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
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

from .polars_csv import Column, PlainCsv
from .rows import InputProblem
from .ssda903 import (
    _EPISODE_FIELDS,
    ALL_COLUMNS,
    PARTICIPATION_CODES,
    _age_unknown,
    _Episode,
    _EpisodesRead,
    _merge_episodes,
    _missing,
    _new_episode,
    _participation,
    _ReviewColumnsBuilder,
)
from .tables import TableStream, date_if_any, parse_date_cached

__all__ = ["merge_split", "read_columns"]

T = TypeVar("T")


def read_columns(
    table: PlainCsv,
    kind: str,
    into: tuple[_ReviewColumnsBuilder, _EpisodesRead, dict[str, dt.date]],
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
    one = out.children.setdefault
    children = [one(name, name) for name in (text.strip() for text in child.texts)]
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
        participation=[participation[i] for i in code_at.tolist()],
        dob=[dobs[i] for i in dob_at.tolist()],
        note=notes,
    )
    return len(rows), table.rows_at(lines[~typed].tolist())


def _where(values: Sequence[object], test: Callable[[Any], bool], codes: Any) -> Any:
    """Whether each row's value passes ``test`` (numpy booleans), a column's ``values`` being
    its distinct texts read and ``codes`` (a :class:`Column`'s, or an array of its codes)
    saying which each row has."""
    at = codes.codes if isinstance(codes, Column) else codes
    return np.array([test(v) for v in values], dtype=bool)[at]


def _values(values: Sequence[T], column: Column, rows: Any) -> list[T]:
    """The value of each of ``rows`` in a column whose distinct texts read as ``values``."""
    return [values[i] for i in column.codes[rows].tolist()]


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


def _header(table: PlainCsv, dobs: dict[str, dt.date]) -> tuple[int, TableStream] | None:
    """:func:`_read_header` a column at a time (when no column is kept as labels): the rows
    with a DOB that is not a date left for it."""
    split = table.split(("CHILD", "DOB"))
    if split is None:
        return None
    lines, (child, dob) = split
    children = [text.strip() for text in child.texts]
    texts = [text.strip() for text in dob.texts]
    dates = [date_if_any(text) if text else None for text in texts]
    given = _where(texts, bool, dob)
    dated = _where(dates, _is_date, dob)
    rows = (dated & _where(children, bool, child)).nonzero()[0]
    firsts = rows[_first_of_each(child.codes[rows])]  # each child's first row: its first DOB
    for who, born in zip(
        _values(children, child, firsts), _values(dates, dob, firsts), strict=True
    ):
        dobs.setdefault(who, born)  # type: ignore[arg-type]  # (the rows with a date)
    return 0, table.rows_at(lines[given & ~dated].tolist())


def _first_of_each(codes: Any) -> Any:
    """The position of the first of each distinct code (a numpy array)."""
    return np.unique(codes, return_index=True)[1]


def _episodes(
    table: PlainCsv, out: _EpisodesRead, year: int | None
) -> tuple[int, TableStream] | None:
    """:func:`_read_episodes` a column at a time (when no column is kept as labels), the rows
    kept as columns for :func:`merge_split`: the rows with no child, or a date that is not one
    or out of order, left for it."""
    import polars as pl  # noqa: PLC0415

    split = table.split(_EPISODE_FIELDS)
    if split is None:
        return None
    lines, (child, decom, rne, ls, dec, rec, place) = split
    children = [text.strip() for text in child.texts]
    starts = [date_if_any(text.strip()) for text in decom.texts]
    ends = [date_if_any(text.strip()) for text in dec.texts]
    blank_end = [not text.strip() for text in dec.texts]
    in_order = _days(ends, dec) >= _days(starts, decom)
    typed = (
        _where(children, bool, child)
        & _where(starts, _is_date, decom)
        & (_where(blank_end, bool, dec) | (_where(ends, _is_date, dec) & in_order))
    )
    rows = typed.nonzero()[0]

    def column(values: list[Any], of: Column, dtype: Any) -> Any:
        return pl.Series(values, dtype=dtype).gather(of.codes[rows])

    def codes(of: Column) -> Any:
        return column([text.strip().upper() for text in of.texts], of, pl.String)

    columns = {
        "child": column(children, child, pl.String),
        "decom": column(starts, decom, pl.Date),
        "rne": codes(rne),
        "ls": codes(ls),
        "dec": column(ends, dec, pl.Date),
        "rec": codes(rec),
        "place": codes(place),
        "line": pl.Series(lines[rows], dtype=pl.Int64),
    }
    frame = pl.DataFrame(columns).with_columns(
        source=pl.lit(table.source, dtype=pl.Categorical),
        seen_in=pl.lit(year, dtype=pl.Int32),
    )
    out.split.append((frame, len(out.rows)))
    return 0, table.rows_at(lines[~typed].tolist())


#: The columns of an episode :func:`merge_split` works on, in :class:`_Episode`'s order.
_FIELDS = ("child", "decom", "rne", "ls", "dec", "rec", "source", "line", "place", "seen_in")
#: What two copies of an episode must agree on (as :func:`_merge_episodes` compares them).
_COMPARED = ("rne", "ls", "dec", "rec", "place")


def merge_split(
    split: Sequence[tuple[Any, int]], rows: list[_Episode], problems: list[InputProblem]
) -> list[_Episode]:
    """:func:`_merge_episodes` of the rows read, some split by polars (``split``: each file's
    columns, and how many ``rows``, read row by row, came before it), a column at a time.

    Most episodes' copies are open copies alike, then closed copies alike: the copy kept is
    then the first closed one (or the first, if none is closed), and no problem is found, as
    :func:`_merge_episodes` finds. Every other episode's copies (copies that differ, or an open
    copy after a closed one) are merged by it, in the order read, so its problems and their
    order are the same.
    """
    import polars as pl  # noqa: PLC0415

    read = _in_order_read(split, rows, pl)
    if read is None:
        return []
    read = read.with_row_index("order")
    first = (pl.col("child") != pl.col("child").shift()) | (
        pl.col("decom") != pl.col("decom").shift()
    )
    is_open = pl.col("dec").is_null()
    closes = is_open.shift() & ~is_open  # (a closed copy after an open one)
    alike = pl.all_horizontal([pl.col(c).eq_missing(pl.col(c).shift()) for c in _COMPARED])
    copies = (
        read.sort("child", "decom", maintain_order=True)
        .with_columns(first=first.fill_null(True), closes=closes.fill_null(False), alike=alike)
        .with_columns(episode=pl.col("first").cum_sum())
    )
    simple = (pl.col("first") | pl.col("alike") | pl.col("closes")).all().over("episode")
    any_closed = (~is_open).any().over("episode")
    latest = pl.col("seen_in").max().over("episode")
    copies = copies.with_columns(simple=simple, any_closed=any_closed, latest=latest)
    kept = copies.filter(
        pl.col("simple")
        & (
            (pl.col("first") & (~is_open | ~pl.col("any_closed")))
            | (~pl.col("first") & pl.col("closes"))
        )
    )
    simple_kept = _episodes_of(kept.with_columns(seen_in=pl.col("latest")))
    others = _episodes_of(copies.filter(~pl.col("simple")).sort("order"))
    return sorted(simple_kept + _merge_episodes(others, problems))


def _in_order_read(split: Sequence[tuple[Any, int]], rows: list[_Episode], pl: Any) -> Any:
    """Every row read as one frame, in the order read (each file's split rows after the rows
    read row by row before it); None if there is none."""
    parts = []
    start = 0
    for frame, before in split:
        parts += [_frame_of(rows[start:before], pl), frame]
        start = before
    parts.append(_frame_of(rows[start:], pl))
    read = [part.select(_FIELDS) for part in parts if part.height]
    return pl.concat(read, how="vertical_relaxed") if read else None


def _frame_of(rows: list[_Episode], pl: Any) -> Any:
    schema = {
        "child": pl.String, "decom": pl.Date, "rne": pl.String, "ls": pl.String,
        "dec": pl.Date, "rec": pl.String, "source": pl.Categorical, "line": pl.Int64,
        "place": pl.String, "seen_in": pl.Int32,
    }  # fmt: skip
    return pl.DataFrame(rows, schema=schema, orient="row")


def _episodes_of(frame: Any) -> list[_Episode]:
    return list(map(_new_episode, zip(*(frame[c].to_list() for c in _FIELDS), strict=True)))

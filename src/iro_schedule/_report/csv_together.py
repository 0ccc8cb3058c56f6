"""The CSV lines of the rows judged together, made a column at a time by polars (the optional
``polars`` extra): the text :func:`write_csv` writes a row at a time, at a fraction of the cost
for a national caseload's millions of rows.

Every text that varies with a value (a child's, a file's, a date's, a rule's cell; the words
of a day, a review's number or an outcome) is made once for each distinct value by the same
code that writes a row at a time (:class:`LineCells`, :mod:`iro_schedule._wording`); polars
only gathers and joins them. Rows not judged together are written a row at a time, in their
places among the others. ``tests/test_judging_engines.py`` holds the two ways to the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from .._law.dayarrays import EPOCH, day_numbers, numpy
from .._read.polars_csv import polars_installed
from .._validate.rows import (
    NOT_ENDED,
    JudgedBlock,
    JudgedColumns,
    RowStatus,
    RowVerdicts,
    ages_array,
)
from .._wording import held_once_explanations
from .cells import LineCells, joined_text_cells, text_cell

__all__ = ["csv_texts"]

#: Rows judged together made into lines at a time: enough for polars to pay, few enough that
#: the text in the making stays small beside what the run holds (about 16 MB).
PIECE = 8_192


def csv_texts(rows: RowVerdicts, cells: LineCells) -> Iterator[tuple[int, str]] | None:
    """The CSV lines of ``rows`` (without the header), in order, a run of rows at a time, as
    (how many rows, their text); None if none was judged together or polars is not
    installed (then every line is written a row at a time)."""
    judged = rows.judged_together
    if judged is None or not polars_installed():
        return None
    return _texts(rows, judged, cells)


def _texts(rows: RowVerdicts, judged: JudgedColumns, cells: LineCells) -> Iterator[tuple[int, str]]:
    import polars as pl  # noqa: PLC0415 (an optional extra, loaded only for this)

    np = numpy()
    places = _Places(np, judged.spans)
    children = pl.Series([text_cell(child) + "," for child in judged.children], dtype=pl.String)
    lines = np.asarray(rows.columns.line, dtype=np.int64)
    days = _DayCells(pl, np, judged.blocks, cells)
    first = done = 0
    for block in judged.blocks:
        size = len(block.row)
        if not size:  # (periods judged together with no review held: overdue rows only)
            continue
        periods = _periods(np, block)
        for lo in range(0, size, PIECE):
            hi = min(lo + PIECE, size)
            at = places(np.arange(done + lo, done + hi))
            stop = places.stop(done + hi, len(rows))
            piece = _Piece(np, block, periods, slice(lo, hi))
            made = _lines(pl, np, piece, (rows, judged, children, lines, days), cells)
            others = np.ones(stop - first, dtype=bool)
            others[at - first] = False
            between = np.flatnonzero(others) + first  # the rows not judged together among them
            written = list(map(cells.verdict_line, rows.values_at(between.tolist())))
            yield stop - first, _in_order(pl, np, (made, at), (written, between))
            first = stop
        done += size
    if first < len(rows):  # (no row judged together was held: overdue rows only)
        rest = range(first, len(rows))
        yield len(rest), "".join(map(cells.verdict_line, rows.values_at(rest)))


def _in_order(pl: Any, np: Any, *lines: tuple[Any, Any]) -> str:
    """The text of ``lines`` (each some lines and where their rows are), in their rows' order."""
    texts = pl.concat([pl.Series(made, dtype=pl.String) for made, _ in lines])
    at = np.concatenate([where for _, where in lines])
    ordered = pl.DataFrame({"at": at, "line": texts}).sort("at").get_column("line")
    text: str = ordered.str.join("").item()
    return text


class _Places:
    """Where each row judged together is among the rows: ``places(t)`` for the ``t``-th ones
    (counted from 0, in the order they were judged: the order of the rows)."""

    def __init__(self, np: Any, spans: list[tuple[int, int]]) -> None:
        found = np.array(spans, dtype=np.int64).reshape(-1, 2)
        self.np, self.firsts = np, found[:, 0]
        self.before = np.concatenate(([0], np.cumsum(found[:, 1] - found[:, 0])))

    def __call__(self, together: Any) -> Any:
        span = self.np.searchsorted(self.before, together, side="right") - 1
        return self.firsts[span] + (together - self.before[span])

    def stop(self, together: int, rows: int) -> int:
        """Where the ``together``-th row judged together is (``rows`` when there are no more):
        where the rows written with the ones before it stop."""
        if together == self.before[-1]:
            return rows
        return int(self(self.np.array([together]))[0])


def _periods(np: Any, block: JudgedBlock) -> tuple[Any, Any, Any]:
    """Per row of ``block``: its review number, and its period's start and end."""
    period = block.periods(np)
    return block.numbers(np), block.start[period], block.end[period]


class _Piece:
    """Some rows of a block judged together, with their review numbers, their periods' starts
    and ends and the day each review's interval ran from (its period's start, or the review
    before)."""

    def __init__(
        self, np: Any, block: JudgedBlock, periods: tuple[Any, Any, Any], part: slice
    ) -> None:
        self.row, self.child = block.row[part], block.child[part]
        self.held, self.due, self.late = block.counted[part], block.due[part], block.late[part]
        self.regime = block.regime[part]
        self.ordinal, self.start, self.end = (each[part] for each in periods)
        before = np.concatenate(([0], self.held[:-1]))
        # (A piece starts at a period's start or in it: the row before a piece's first is its
        # first's review before, when there is one.)
        if part.start > 0 and self.ordinal[0] > 1:
            before[0] = block.counted[part.start - 1]
        self.anchor = np.where(self.ordinal == 1, self.start, before)


def _lines(
    pl: Any,
    np: Any,
    piece: _Piece,
    judged: tuple[RowVerdicts, JudgedColumns, Any, Any, _DayCells],
    cells: LineCells,
) -> Any:
    """The CSV lines of ``piece``'s rows (``judged``: all the rows, their columns judged
    together, each child's cell, each input row's line number and each day's cell), as a
    polars Series.
    Each cell is followed by its comma (so that one join makes the lines)."""
    rows, columns, children, lines, days = judged
    inputs, index = rows.columns, piece.row.tolist()
    held = days.cell.gather(piece.held - days.first)
    keys, number_at = _distinct(np, (piece.regime.astype(np.int64) << 32) + piece.ordinal)
    numbers = [(columns.regimes[k >> 32], k & 0xFFFFFFFF) for k in keys]
    rules = [f"{cells[regime.name]},{cells[regime.rule_for(n)]}," for regime, n in numbers]
    ordinals = [f"{n}," for _, n in numbers]
    ages = ages_array(np, _dates_of_birth(np, inputs.dob, index), piece.held.astype("M8[D]"))
    late_texts, late_at = _distinct(np, piece.late)
    age_texts, age_at = _distinct(np, ages)
    reason = held_once_explanations(
        np, (numbers, number_at), (piece.due, piece.anchor, piece.held), piece.late
    )
    notes, note_at = _coded(map(inputs.note.__getitem__, index))
    if any(notes):  # (as a row's reason is noted: see RowVerdicts.values)
        reason.append(([f" Note: {note}." if note else "" for note in notes], note_at))
    sources, source_at = _coded(map(inputs.source.__getitem__, index))
    codes, code_at = _coded(map(inputs.participation.__getitem__, index))
    statuses = [f"{RowStatus.ON_TIME.value},", f"{RowStatus.LATE.value},"]
    parts = [
        _each(pl, [cells[source] + "," for source in sources], source_at),
        pl.Series(lines[piece.row]),
        pl.lit(","),
        children.gather(piece.child),
        _each(pl, statuses, (piece.late > 0).astype(np.int64)),
        _each(pl, ordinals, number_at),
        days.cell.gather(piece.start - days.first),
        days.end.gather(days.ends(np, piece.end)),  # then no review id; one meeting of one
        held,
        held,  # counted on the day it was held
        days.cell.gather(piece.due - days.first),
        _each(pl, [f"{late},False," for late in late_texts], late_at),
        _each(pl, rules, number_at),
        _each(pl, [cells[code] + "," for code in codes], code_at),
        _each(pl, ["," if age < 0 else f"{age}," for age in age_texts], age_at),
        *joined_text_cells(pl, np, reason),
        pl.lit("\r\n"),
    ]
    return pl.select(pl.concat_str(parts)).to_series()


class _DayCells:
    """Each day's cell in the lines, followed by its comma (``cell``; in ``end``, by the cells
    of a period's end that follow it too): for every day from the first a row judged together
    names to the last, made once a run; ``cell.gather(day - first)``."""

    def __init__(self, pl: Any, np: Any, blocks: list[JudgedBlock], cells: LineCells) -> None:
        held = [block for block in blocks if len(block.row)]
        self.first = min((int(block.start.min()) for block in held), default=0)
        named = [block.counted.max() for block in held] + [block.due.max() for block in held]
        named += [block.end[block.end != NOT_ENDED].max(initial=self.first) for block in held]
        last = max(map(int, named), default=self.first)
        texts = [cells[_date(day)] for day in range(self.first, last + 1)] + [cells[None]]
        self.not_ended = len(texts) - 1
        self.cell = pl.Series([f"{text}," for text in texts], dtype=pl.String)
        self.end = pl.Series([f"{text},,1,1," for text in texts], dtype=pl.String)

    def ends(self, np: Any, days: Any) -> Any:
        """Where the cells of periods' ends (``days``) are in ``end``."""
        return np.where(days == NOT_ENDED, self.not_ended, days - self.first)


def _each(pl: Any, texts: list[str], at: Any) -> Any:
    """The texts at ``at`` (indexes: a list or a numpy array), a polars Series."""
    return pl.Series(texts, dtype=pl.String).gather(at)


def _distinct(np: Any, numbers: Any) -> tuple[list[int], Any]:
    """The distinct ``numbers`` and each one's index into them."""
    found, at = np.unique(numbers, return_inverse=True)
    return found.tolist(), at.reshape(-1)


def _coded(values: Iterable[str]) -> tuple[list[str], list[int]]:
    """The distinct ``values`` and each one's index into them."""
    codes: dict[str, int] = {}
    at = [codes.setdefault(value, len(codes)) for value in values]
    return list(codes), at


def _date(day: int) -> dt.date | None:
    return None if day == NOT_ENDED else dt.date.fromordinal(day + EPOCH)


def _dates_of_birth(np: Any, dobs: list[dt.date | None], index: list[int]) -> Any:
    """The dates of birth of the rows ``index`` (NaT: not known), as ``datetime64[D]``."""
    born = list(map(dobs.__getitem__, index))
    return day_numbers(born, missing=np.iinfo(np.int64).min).astype("M8[D]")

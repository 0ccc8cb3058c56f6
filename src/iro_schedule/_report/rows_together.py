"""The rows judged together written a column at a time by polars (the optional ``polars``
extra): the CSV lines :func:`write_csv` and the JSON items :func:`write_json` write a row at
a time, the same text at a fraction of the cost for a national caseload's millions of rows.

Every text that varies with a value (a child's, a file's, a date's, a rule's cell; the words
of a day, a review's number or an outcome) is made once for each distinct value by the same
code that writes a row at a time (:class:`RowFormat`'s ``text``, :mod:`iro_schedule._wording`);
polars only gathers and joins them. Rows not judged together are written a row at a time, in
their places among the others. ``tests/test_judging_engines.py`` holds the two ways to the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import attrs

from .._law.dayarrays import EPOCH, day_numbers, distinct, numpy
from .._read.polars_csv import polars_installed
from .._validate.rows import (
    NOT_ENDED,
    TABLE_COLUMNS,
    JudgedBlock,
    JudgedColumns,
    RowStatus,
    RowVerdicts,
    ages_array,
)
from .._wording import held_once_explanations

__all__ = ["RowFormat", "texts_together"]

#: Rows judged together made into text at a time: enough for polars to pay, few enough that
#: the text in the making stays small beside what the run holds (about 16 MB).
PIECE = 8_192

#: A part of the text of each row of a block: a text the same for every row, a polars Series
#: of each row's text, or distinct texts (a Series) and each row's index into them (numpy).
Part = str | Any | tuple[Any, Any]


#: A row's explanation, given as parts (each its distinct texts and the index of each row's),
#: made into the parts whose texts join into each row's written explanation.
Joined = Callable[[Any, Any, list[tuple[list[str], Any]]], list[Part]]


@attrs.frozen
class RowFormat:
    """How a table's rows are written: ``text(value)``, a value's text (the same for every
    row, so kept per value); ``row(values)``, a row's whole text made a row at a time;
    ``around``, the 21 texts before, between and after a row's 20 values (see
    :data:`TABLE_COLUMNS`); ``explanation``, the explanation's text made from its parts."""

    text: Callable[[object], str]
    row: Callable[[Sequence[Any]], str]
    around: tuple[str, ...] = attrs.field()
    explanation: Joined

    @around.validator
    def _around_each_value(self, _: object, around: tuple[str, ...]) -> None:
        if len(around) != len(TABLE_COLUMNS) + 1:
            raise ValueError(f"a row format has {len(TABLE_COLUMNS) + 1} texts around its values")


def texts_together(rows: RowVerdicts, form: RowFormat) -> Iterator[tuple[int, str]] | None:
    """The text of ``rows`` written as ``form`` says, in order, a run of rows at a time, as
    (how many rows, their text); None if none was judged together or polars is not
    installed (then every row is written a row at a time)."""
    judged = rows.judged_together
    if judged is None or not polars_installed():
        return None
    return _texts(rows, judged, form)


def _texts(rows: RowVerdicts, judged: JudgedColumns, form: RowFormat) -> Iterator[tuple[int, str]]:
    import polars as pl  # noqa: PLC0415 (an optional extra, loaded only for this)

    np = numpy()
    places = _Places(np, judged.spans)
    children = pl.Series([form.text(child) for child in judged.children], dtype=pl.String)
    lines = np.asarray(rows.columns.line, dtype=np.int64)
    days = _DayTexts(pl, judged.blocks, form)
    first = done = 0
    for block in judged.blocks:
        size = len(block.row)
        if not size:  # (periods judged together with no review held: overdue rows only)
            continue
        parts = _block_parts(pl, np, block, (rows, judged, children, lines, days), form)
        for lo in range(0, size, PIECE):
            hi = min(lo + PIECE, size)
            at = places(np.arange(done + lo, done + hi))
            stop = places.stop(done + hi, len(rows))
            made = _piece(pl, parts, slice(lo, hi))
            others = np.ones(stop - first, dtype=bool)
            others[at - first] = False
            between = np.flatnonzero(others) + first  # the rows not judged together among them
            written = list(map(form.row, rows.values_at(between.tolist())))
            yield stop - first, _in_order(pl, np, (made, at), (written, between))
            first = stop
        done += size
    if first < len(rows):  # (no row judged together was held: overdue rows only)
        rest = range(first, len(rows))
        yield len(rest), "".join(map(form.row, rows.values_at(rest)))


def _in_order(pl: Any, np: Any, *lines: tuple[Any, Any]) -> str:
    """The text of ``lines`` (each some lines and where their rows are), in their rows' order."""
    lines = tuple((made, where) for made, where in lines if len(where))
    if len(lines) == 1:  # (one kind of line only: already in order)
        joined: str = pl.Series(lines[0][0], dtype=pl.String).str.join("").item()
        return joined
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


def _block_parts(
    pl: Any,
    np: Any,
    block: JudgedBlock,
    judged: tuple[RowVerdicts, JudgedColumns, Any, Any, _DayTexts],
    form: RowFormat,
) -> list[Part]:
    """The parts of the text of each of ``block``'s rows (``judged``: all the rows, their
    columns judged together, each child's text, each input row's line number and each day's
    text), made once a block and written a piece at a time (see :data:`Part`)."""
    rows, columns, children, lines, days = judged
    inputs, index = rows.columns, block.row.tolist()
    text = form.text
    period = block.periods(np)
    ordinal, start, end = block.numbers(np), block.start[period], block.end[period]
    held, due, late = block.counted, block.due, block.late
    # (A block holds its periods whole: the review before a period's first is none.)
    anchor = np.where(ordinal == 1, start, np.concatenate(([0], held[:-1])))
    width = int(ordinal.max()) + 1  # (each review's regime and number as one number)
    keys, number_at = distinct(block.regime.astype(np.int64) * width + ordinal)
    numbers = [(columns.regimes[k // width], k % width) for k in keys]
    ages = ages_array(np, _dates_of_birth(np, inputs.dob, index), held.astype("M8[D]"))
    late_texts, late_at = distinct(late)
    age_texts, age_at = distinct(ages)
    reason = held_once_explanations(np, (numbers, number_at), (due, anchor, held), late)
    notes, note_at = _coded(np, map(inputs.note.__getitem__, index))
    if any(notes):  # (as a row's reason is noted: see RowVerdicts.values)
        reason.append(([f" Note: {note}." if note else "" for note in notes], note_at))
    sources, source_at = _coded(np, map(inputs.source.__getitem__, index))
    codes, code_at = _coded(np, map(inputs.participation.__getitem__, index))
    statuses = [text(RowStatus.ON_TIME), text(RowStatus.LATE)]
    day_at = days.first
    values: list[str | list[Part]] = [
        _each(pl, [text(source) for source in sources], source_at),
        [pl.Series(lines[block.row])],
        [(children, block.child)],
        _each(pl, statuses, (late > 0).astype(np.int64)),
        _each(pl, [str(n) for _, n in numbers], number_at),
        [(days.text, start - day_at)],
        [(days.text, days.at(np, end))],
        text(""),  # no review id: a review of one meeting (the first) of one
        "1",
        "1",
        [(days.text, held - day_at)],
        [(days.text, held - day_at)],  # counted on the day it was held
        [(days.text, due - day_at)],
        _each(pl, [str(n) for n in late_texts], late_at),
        text(False),  # not brought forward
        _each(pl, [text(regime.name) for regime, _ in numbers], number_at),
        _each(pl, [text(regime.rule_for(n)) for regime, n in numbers], number_at),
        _each(pl, [text(code) for code in codes], code_at),
        _each(pl, [text(None if age < 0 else age) for age in age_texts], age_at),
        form.explanation(pl, np, reason),
    ]
    return _between(form.around, values)


def _between(around: tuple[str, ...], values: list[str | list[Part]]) -> list[Part]:
    """The parts of each row's text: ``around``'s texts between the values (a text the same
    for every row, or the parts joined into a row's value), each run of texts the same for
    every row joined into one."""
    parts: list[Part] = []
    same = around[0]
    for value, after in zip(values, around[1:], strict=True):
        if isinstance(value, str):
            same += value + after
            continue
        parts += [same, *value]
        same = after
    return [*parts, same]


def _piece(pl: Any, parts: list[Part], rows: slice) -> Any:
    """The text of a block's ``rows``, joined from its ``parts``, as a polars Series."""
    columns: dict[str, Any] = {}
    joined = []
    for part in parts:
        name = str(len(columns))
        if isinstance(part, str):
            joined.append(pl.lit(part))
        elif isinstance(part, tuple):
            texts, at = part
            columns[name] = at[rows]
            joined.append(pl.lit(texts).gather(pl.col(name)))
        else:
            columns[name] = part[rows]
            joined.append(pl.col(name))
    return pl.DataFrame(columns).select(pl.concat_str(joined)).to_series()


class _DayTexts:
    """Each day's text (``text``): for every day from the first a row judged together names
    to the last, made once a run, then a period's end not known (``NOT_ENDED``);
    ``text.gather(day - first)``."""

    def __init__(self, pl: Any, blocks: list[JudgedBlock], form: RowFormat) -> None:
        held = [block for block in blocks if len(block.row)]
        self.first = min((int(block.start.min()) for block in held), default=0)
        named = [block.counted.max() for block in held] + [block.due.max() for block in held]
        named += [block.end[block.end != NOT_ENDED].max(initial=self.first) for block in held]
        last = max(map(int, named), default=self.first)
        texts = [form.text(_date(day)) for day in range(self.first, last + 1)]
        self.not_ended = len(texts)
        self.text = pl.Series([*texts, form.text(None)], dtype=pl.String)

    def at(self, np: Any, days: Any) -> Any:
        """Where the texts of periods' ends (``days``) are in ``text``."""
        return np.where(days == NOT_ENDED, self.not_ended, days - self.first)


def _each(pl: Any, texts: list[str], at: Any) -> list[Part]:
    """The texts at ``at`` (indexes, numpy), as a row's value's one part."""
    return [(pl.Series(texts, dtype=pl.String), at)]


def _coded(np: Any, values: Iterable[str]) -> tuple[list[str], Any]:
    """The distinct ``values`` and each one's index into them (numpy), found without a Python
    loop a value: each value is first numbered by the place of its first row."""
    firsts: dict[str, int] = {}
    first_of = np.fromiter(map(firsts.setdefault, values, itertools.count()), dtype=np.int64)
    places = np.fromiter(firsts.values(), dtype=np.int64, count=len(firsts))  # (in order)
    return list(firsts), np.searchsorted(places, first_of)


def _date(day: int) -> dt.date | None:
    return None if day == NOT_ENDED else dt.date.fromordinal(day + EPOCH)


def _dates_of_birth(np: Any, dobs: list[dt.date | None], index: list[int]) -> Any:
    """The dates of birth of the rows ``index`` (NaT: not known), as ``datetime64[D]``."""
    born = list(map(dobs.__getitem__, index))
    return day_numbers(born, missing=np.iinfo(np.int64).min).astype("M8[D]")

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
from typing import Any, NamedTuple

import attrs

from .._law.dayarrays import EPOCH, distinct, numpy
from .._read.polars_csv import polars_installed
from .._read.rows import ReviewColumns
from .._validate.rows import (
    NOT_ENDED,
    TABLE_COLUMNS,
    JudgedBlock,
    JudgedColumns,
    RowStatus,
    RowVerdicts,
    ages_array,
    births_array,
)
from .._wording import held_once_explanations

__all__ = ["RowFormat", "texts_together"]

#: Rows judged together made into text at a time: enough for polars to pay, few enough that
#: the text in the making stays small beside what the run holds (about 16 MB).
PIECE = 8_192

#: A part of the text of each row of a block: a text the same for every row, a polars Series
#: of each row's text, or distinct texts (a Series) and each row's index into them (numpy).
Part = str | Any | tuple[Any, Any]


#: Texts each joined from parts (each part its distinct texts and each joined text's index
#: into them), written as the format writes a text: as parts in the same form (see
#: :data:`Part`) whose texts join into each written text.
Joined = Callable[[Any, Any, list[tuple[list[str], Any]]], list[Part]]


@attrs.frozen
class RowFormat:
    """How a table's rows are written: ``text(value)``, a value's text (the same for every
    row, so kept per value); ``row(values)``, a row's whole text made a row at a time;
    ``around``, the 21 texts before, between and after a row's 20 values (see
    :data:`TABLE_COLUMNS`); ``joined``, texts each joined from parts written (a row's
    explanation; each child's identifier, a text of one part)."""

    text: Callable[[object], str]
    row: Callable[[Sequence[Any]], str]
    around: tuple[str, ...] = attrs.field()
    joined: Joined

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
    run = _Run(
        judged,
        _InputTexts.of(pl, np, rows.columns, form),
        form.joined(pl, np, [(judged.children, np.arange(len(judged.children)))]),
        _DayTexts(pl, judged.blocks, form),
        _Followed(),
    )
    first = done = 0
    for block in judged.blocks:
        size = len(block.row)
        if not size:  # (periods judged together with no review held: overdue rows only)
            continue
        parts = _block_parts(pl, np, block, run, form)
        for lo in range(0, size, PIECE):
            hi = min(lo + PIECE, size)
            at = places(np.arange(done + lo, done + hi))
            stop = places.stop(done + hi, len(rows))
            frame, line = _piece(pl, parts, slice(lo, hi))
            if stop - first == hi - lo:  # (every row among them judged together: in order)
                yield stop - first, frame.select(line.str.join("")).item()
            else:
                made = frame.select(line).to_series(), at
                yield stop - first, _in_order(pl, np, made, rows, form, span=range(first, stop))
            first = stop
        done += size
    if first < len(rows):  # (no row judged together was held: overdue rows only)
        rest = range(first, len(rows))
        yield len(rest), "".join(map(form.row, rows.values_at(rest)))


def _in_order(
    pl: Any, np: Any, made: tuple[Any, Any], rows: RowVerdicts, form: RowFormat, *, span: range
) -> str:
    """The text of the rows in ``span``, in order: the lines ``made`` (the lines of the rows
    judged together, and where their rows are), and the others' lines made a row at a time."""
    lines, at = made
    others = np.ones(len(span), dtype=bool)
    others[at - span.start] = False
    between = np.flatnonzero(others) + span.start  # the rows not judged together among them
    written = pl.Series(list(map(form.row, rows.values_at(between.tolist()))), dtype=pl.String)
    texts = pl.concat([lines, written])
    ordered = pl.DataFrame({"at": np.concatenate([at, between]), "line": texts}).sort("at")
    text: str = ordered.get_column("line").str.join("").item()
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


class _Run(NamedTuple):
    """What the text of every block's rows is made with: the rows' columns judged together,
    the input rows' texts, each child's text (as parts, see :data:`Part`), each day's text,
    and the parts followed by texts the same for every row."""

    judged: JudgedColumns
    inputs: _InputTexts
    children: list[Part]
    days: _DayTexts
    followed: _Followed


class _InputTexts(NamedTuple):
    """The input rows' line numbers (numpy); their files, participation codes and notes, each
    as distinct texts and each row's index into them (numpy), the files and codes written,
    the notes as the words they add to an explanation; and their dates of birth
    (``datetime64[D]``, NaT: not known). Made once a run."""

    lines: Any
    sources: Part
    codes: Part
    notes: tuple[list[str], Any]
    dobs: Any

    @classmethod
    def of(cls, pl: Any, np: Any, inputs: ReviewColumns, form: RowFormat) -> _InputTexts:
        sources, source_at = _coded(np, inputs.source)
        codes, code_at = _coded(np, inputs.participation)
        # (As a row's reason is noted: see RowVerdicts.values. With no note, none is said.)
        notes, note_at = _coded(np, inputs.note) if any(inputs.note) else ([], None)
        said = [f" Note: {note}." if note else "" for note in notes]
        return cls(
            np.asarray(inputs.line, dtype=np.int64),
            (pl.Series(list(map(form.text, sources)), dtype=pl.String), source_at),
            (pl.Series(list(map(form.text, codes)), dtype=pl.String), code_at),
            (said, note_at),
            births_array(np, inputs),
        )


def _block_parts(pl: Any, np: Any, block: JudgedBlock, run: _Run, form: RowFormat) -> list[Part]:
    """The parts of the text of each of ``block``'s rows, made once a block and written a
    piece at a time (see :data:`Part`)."""
    columns, inputs, children, days, followed = run
    text = form.text
    period = block.periods(np)
    ordinal, start, end = block.numbers(np), block.start[period], block.end[period]
    held, due, late = block.counted, block.due, block.late
    # (A block holds its periods whole: the review before a period's first is none.)
    anchor = np.where(ordinal == 1, start, np.concatenate(([0], held[:-1])))
    width = int(ordinal.max()) + 1  # (each review's regime and number as one number)
    keys, number_at = distinct(block.regime.astype(np.int64) * width + ordinal)
    numbers = [(columns.regimes[k // width], k % width) for k in keys]
    ages = ages_array(np, inputs.dobs[block.row], held.astype("M8[D]"))
    late_texts, late_at = distinct(late)
    age_texts, age_at = distinct(ages)
    reason = held_once_explanations(np, (numbers, number_at), (due, anchor, held), late)
    notes, note_at = inputs.notes
    if any(notes):
        reason.append((notes, note_at[block.row]))
    statuses = [text(RowStatus.ON_TIME), text(RowStatus.LATE)]
    day_at = days.first
    held_at = held - day_at
    values: list[str | list[Part]] = [
        [_picked(inputs.sources, block.row)],
        [pl.Series(inputs.lines[block.row]).cast(pl.String)],
        [_picked(part, block.child) for part in children],
        _each(pl, statuses, (late > 0).astype(np.int64)),
        _each(pl, [str(n) for _, n in numbers], number_at),
        [(days.text, start - day_at)],
        [(days.text, days.at(np, end))],
        text(""),  # no review id: a review of one meeting (the first) of one
        "1",
        "1",
        [(days.text, held_at)],
        [(days.text, held_at)],  # counted on the day it was held
        [(days.text, due - day_at)],
        _each(pl, [str(n) for n in late_texts], late_at),
        text(False),  # not brought forward
        _each(pl, [text(regime.name) for regime, _ in numbers], number_at),
        _each(pl, [text(regime.rule_for(n)) for regime, n in numbers], number_at),
        [_picked(inputs.codes, block.row)],
        _each(pl, [text(None if age < 0 else age) for age in age_texts], age_at),
        form.joined(pl, np, reason),
    ]
    return _merged(pl, np, _between(form.around, values, followed))


def _between(
    around: tuple[str, ...], values: list[str | list[Part]], followed: _Followed
) -> list[Part]:
    """The parts of each row's text: ``around``'s texts between the values (a text the same
    for every row, or the parts joined into a row's value), each text the same for every row
    joined to the end of the part before it (polars joins fewer, longer parts faster)."""
    pieces: list[str | Part] = [around[0]]
    for value, after in zip(values, around[1:], strict=True):
        pieces += [value] if isinstance(value, str) else value
        pieces.append(after)
    parts: list[Part] = []
    same = ""
    for piece in pieces:
        if isinstance(piece, str):
            same += piece
            continue
        if same:
            parts.append(followed(parts.pop(), same) if parts else same)
        parts.append(piece)
        same = ""
    if same:
        parts.append(followed(parts.pop(), same) if parts else same)
    return parts


class _Followed:
    """``followed(part, text)``: ``part`` with ``text`` after each row's text. The texts of a
    part kept for the run (each child's, each day's) are followed by a text once a run, not
    once a block."""

    def __init__(self) -> None:
        self._kept: dict[tuple[int, str], tuple[Any, Any]] = {}

    def __call__(self, part: Part, text: str) -> Part:
        if not isinstance(part, tuple):  # (a text, or a Series: each row's text)
            return part + text
        texts, at = part
        kept = self._kept.get((id(texts), text))
        if kept is None or kept[0] is not texts:  # (kept with its texts: an id is not reused)
            kept = self._kept[id(texts), text] = (texts, texts + text)
        return kept[1], at


def _merged(pl: Any, np: Any, parts: list[Part]) -> list[Part]:
    """``parts`` with each run of neighbours that are distinct texts with few distinct pairs
    between them (a review's child and status, its due day and days late, its regime, rule,
    code and age; the day held, said twice) merged into one part: its distinct pairs' texts,
    and each row's index into them. polars joins a row's text from fewer parts faster."""
    merged: list[Part] = []
    for part in parts:
        pair = _pair(pl, np, merged[-1], part) if merged else None
        if pair is None:
            merged.append(part)
        else:
            merged[-1] = pair
    return merged


#: The most distinct pairs a merged part may have (each a text made once a block), and the
#: most pairs there might be for them to be counted (in a table of as many).
_PAIRS = 1 << 14
_POSSIBLE = 1 << 20


def _pair(pl: Any, np: Any, first: Part, second: Part) -> Part | None:
    """``first`` and ``second`` (each distinct texts and each row's index into them) as one
    part, or None if they are not such parts, or have too many distinct pairs."""
    if not (isinstance(first, tuple) and isinstance(second, tuple)):
        return None
    (texts, at), (after, after_at) = first, second
    count = len(after)
    if after_at is at and len(texts) == count:  # (both picked by the same index: a pair a text)
        return pl.select(pl.concat_str([texts, after])).to_series(), at
    possible = len(texts) * count
    if possible > _POSSIBLE:
        return None
    keys = at * count + after_at
    if possible > _PAIRS:  # (more pairs possible than may be merged: count the pairs found)
        seen = np.zeros(possible, dtype=bool)
        seen[keys] = True
        if np.count_nonzero(seen) > _PAIRS:
            return None
    pairs, pair_at = distinct(keys, table=_POSSIBLE)
    found = np.array(pairs, dtype=np.int64)
    joined = pl.concat_str([texts.gather(found // count), after.gather(found % count)])
    return pl.select(joined).to_series(), pair_at


def _piece(pl: Any, parts: list[Part], rows: slice) -> tuple[Any, Any]:
    """A polars frame, and the expression over it whose texts are the lines of a block's
    ``rows``, each joined from its ``parts``."""
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
    return pl.DataFrame(columns), pl.concat_str(joined)


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


def _picked(part: Part, rows: Any) -> Part:
    """``part`` (of all the rows of something) for the rows at ``rows`` (numpy) only."""
    if isinstance(part, tuple):
        texts, at = part
        return texts, at[rows]
    return part


def _coded(np: Any, values: Iterable[str]) -> tuple[list[str], Any]:
    """The distinct ``values`` and each one's index into them (numpy), found without a Python
    loop a value: each value is first numbered by the place of its first row."""
    firsts: dict[str, int] = {}
    first_of = np.fromiter(map(firsts.setdefault, values, itertools.count()), dtype=np.int64)
    places = np.fromiter(firsts.values(), dtype=np.int64, count=len(firsts))  # (in order)
    return list(firsts), np.searchsorted(places, first_of)


def _date(day: int) -> dt.date | None:
    return None if day == NOT_ENDED else dt.date.fromordinal(day + EPOCH)

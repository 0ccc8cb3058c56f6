"""Rows to periods of care: every review row placed in the period it belongs to, or refused."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from .._law.dayarrays import numpy
from .._law.regimes import REGIMES_BY_NAME, Regime
from .._read.rows import CarePeriod, Inputs, ReviewColumns
from .._wording import (
    end_before_start,
    no_episodes,
    outside_every_period,
    several_ends,
    unknown_regime,
)
from .rows import RowVerdict, invalid_row

__all__ = ["Case", "place"]


@attrs.frozen
class Case:
    """A period of care and the input rows placed in it."""

    child: str
    start: dt.date
    end: dt.date | None
    regime: Regime | None
    #: Why its reviews cannot be judged whatever they are ("" if they can).
    why_not_assessable: str
    #: The indices of the case's input rows, in the order read.
    rows: list[int]
    #: The SSDA903 period it was built from (None for the plain format, whose rows name their
    #: period and are taken to hold its whole history).
    period: CarePeriod | None
    #: Why the period's reviews are not judged at all (a series of short breaks) ("" if they are).
    not_judged: str = ""


def place(
    inputs: Inputs, columns: ReviewColumns, *, together: bool = False
) -> tuple[list[Case], list[RowVerdict]]:
    """Place every review row in a period of care; rows that cannot be placed get a verdict.

    Every SSDA903 period of care is a case, with reviews in the data or not (reviews still
    fell due); an SSDA903 review is placed by its date, a plain-format row in the period it
    names by its start. Reviews held after ``as_of`` are refused once grouped (see ``judging``).
    ``together``: place the SSDA903 rows of children whose periods follow one another as
    arrays (numpy), in the same places (:func:`_place_together`).
    """
    by_period: dict[tuple[str, dt.date], list[int]] = {}
    periods: dict[tuple[str, dt.date], CarePeriod | None] = {}
    # Each child's periods with the list of rows placed in them.
    placing: dict[str, list[tuple[CarePeriod, list[int]]]] = {}
    for child, child_periods in inputs.periods.items():
        for period in child_periods:
            key = (child, period.start)
            periods[key] = period
            rows = by_period[key] = []
            placing.setdefault(child, []).append((period, rows))
    left: Sequence[int] = range(len(columns))
    children, dates = columns.child, columns.meeting_date
    if together and columns.plain is None:
        left = _place_together(placing, columns)
        children, dates = [children[i] for i in left], [dates[i] for i in left]
    found = zip(left, children, dates, strict=True)  # pragma: no mutate (equal by construction)
    unplaced = [
        invalid_row(columns, i, "REVIEW", _no_period(inputs, child, day))
        for i, child, day in _place_each(found, columns, placing, (by_period, periods))
    ]
    cases = [_case(key, periods[key], rows, columns) for key, rows in by_period.items()]
    return cases, unplaced


def _place_each(
    rows: Iterable[tuple[int, str, dt.date]],
    columns: ReviewColumns,
    placing: dict[str, list[tuple[CarePeriod, list[int]]]],
    named: tuple[
        dict[tuple[str, dt.date], list[int]], dict[tuple[str, dt.date], CarePeriod | None]
    ],
) -> list[tuple[int, str, dt.date]]:
    """Place ``rows`` (each row's number, child and date, in order) one at a time: each in
    the first of its child's periods that holds its date, or (a plain-format row) in the
    period it names. Returns the rows in none."""
    by_period, periods = named
    unplaced: list[tuple[int, str, dt.date]] = []
    starts = columns.plain.period_start if columns.plain else None
    last_child: str | None = None  # rows of one child usually come together
    slots: Sequence[tuple[CarePeriod, list[int]]] = ()
    for i, child, day in rows:
        if starts is not None and (start := starts[i]) is not None:
            key = (child, start)
            periods.setdefault(key, None)
            by_period.setdefault(key, []).append(i)
            continue
        if child != last_child:
            last_child, slots = child, placing.get(child, ())
        for period, placed in slots:
            if period.start <= day and (period.end is None or day <= period.end):
                placed.append(i)
                break
        else:
            unplaced.append((i, child, day))
    return unplaced


def _place_together(
    placing: dict[str, list[tuple[CarePeriod, list[int]]]], columns: ReviewColumns
) -> list[int]:
    """:func:`_place_each`'s placing by date as arrays, for the rows of children whose periods
    follow one another (each ends before the next starts), where the first period holding a
    day is the last to start by it: each such row added to its period's rows, in order.
    Returns the rows left (in order) for :func:`_place_each`: those of other children, and
    those in none of their child's periods (which it says why)."""
    np = numpy()
    codes: dict[str, int] = {}
    period_child: list[int] = []
    period_start: list[dt.date] = []
    period_end: list[dt.date | None] = []
    lists: list[list[int]] = []
    for child, slots in placing.items():
        if not _one_after_another([period for period, _ in slots]):
            continue
        code = codes[child] = len(codes)
        for period, rows in slots:
            period_child.append(code)
            period_start.append(period.start)
            period_end.append(period.end)
            lists.append(rows)
    count = len(columns)
    if not lists:
        return list(range(count))
    child = np.fromiter(map(codes.get, columns.child, itertools.repeat(-1)), np.int64, count)
    day = _ordinals(np, columns.meeting_date)
    # Each period's (child, start) as one number, in order, and each row's (child, day): the
    # period a row is in is the last whose number is not above its own (a child not placed
    # here, -1, is above none).
    keys = (np.array(period_child, dtype=np.int64) << _DAY_BITS) | _ordinals(np, period_start)
    at = np.searchsorted(keys, (child << _DAY_BITS) | day, side="right") - 1
    known = np.maximum(at, 0)
    ends = np.array([_AFTER_ANY if end is None else end.toordinal() for end in period_end])
    held = (at >= 0) & (keys[known] >> _DAY_BITS == child) & (day <= ends[known])
    placed = np.flatnonzero(held)
    where = at[placed]
    order = np.argsort(where, kind="stable")
    bounds = np.searchsorted(where[order], np.arange(len(lists) + 1)).tolist()
    grouped = placed[order].tolist()
    for rows, (a, b) in zip(lists, itertools.pairwise(bounds), strict=True):
        rows.extend(grouped[a:b])
    left: list[int] = np.flatnonzero(~held).tolist()
    return left


#: Bits below a child's number in a key (a day's ordinal needs 22; any more would do).
_DAY_BITS = 32  # pragma: no mutate
#: An ordinal after any date's: the end of a period not ended (any later would do).
_AFTER_ANY = dt.date.max.toordinal() + 1  # pragma: no mutate


def _ordinals(np: Any, dates: Sequence[dt.date]) -> Any:
    return np.fromiter(map(dt.date.toordinal, dates), np.int64, len(dates))


def _one_after_another(periods: list[CarePeriod]) -> bool:
    """Whether each period ends before the next starts."""
    return all(
        before.end is not None and before.end < after.start
        for before, after in itertools.pairwise(periods)
    )


def _no_period(inputs: Inputs, child: str, day: dt.date) -> str:
    periods = inputs.periods.get(child)
    if not periods:
        return no_episodes(child, day)
    return outside_every_period(child, day, [(p.start, p.end) for p in periods])


def _case(
    key: tuple[str, dt.date], period: CarePeriod | None, rows: list[int], columns: ReviewColumns
) -> Case:
    child, start = key
    if period is not None:
        end = period.end
        if not period.end_known:
            # The data shows the period ended, not when: judge it up to the last day it shows
            # the child looked after (the latest episode's start, or a later review).
            days = [period.known_until or start, *(columns.meeting_date[i] for i in rows)]
            end = min(max(days), period.end) if period.end is not None else max(days)
        return Case(child, start, end, period.regime, "", rows, period, period.not_judged)
    plain = columns.plain
    assert plain is not None  # only plain-format rows name their period
    ends = sorted({e for i in rows if (e := plain.period_end[i]) is not None})
    names = sorted({name for i in rows if (name := plain.regime[i])})
    regime = REGIMES_BY_NAME.get(names[0]) if len(names) == 1 else None
    why = ""
    if len(names) > 1 or (names and regime is None):
        why = unknown_regime(names, list(REGIMES_BY_NAME))
    elif ends and ends[-1] < start:
        why = end_before_start(ends[-1], start)
    elif len(ends) > 1:
        why = several_ends(ends)
    return Case(child, start, ends[-1] if ends else None, regime, why, rows, None)

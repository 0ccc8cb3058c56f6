"""Rows to periods of care: every review row placed in the period it belongs to, or refused."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from .._law.dayarrays import day_numbers, numpy
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


class Case(NamedTuple):
    """A period of care and the input rows placed in it (a tuple: a national caseload has
    hundreds of thousands, made once each)."""

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
    inputs: Inputs, columns: ReviewColumns, *, days: Any | None
) -> tuple[list[Case], list[RowVerdict]]:
    """Place every review row in a period of care; rows that cannot be placed get a verdict.

    Every SSDA903 period of care is a case, with reviews in the data or not (reviews still
    fell due); an SSDA903 review is placed by its date, a plain-format row in the period it
    names by its start. Reviews held after ``as_of`` are refused once grouped (see ``judging``).
    ``days``: the rows' meeting dates as days since 1970 (:func:`day_numbers`), to place
    SSDA903 rows as arrays (numpy), in the same places; None, one at a time.
    """
    # (Either way places every row in the same period: the engines' test holds them equal.)
    if days is not None and columns.plain is None:  # pragma: no mutate
        placed, left = _place_together(inputs.periods, columns, days)
    else:
        placed, left = _place_each(inputs.periods, columns)
    children, dates = columns.child, columns.meeting_date
    unplaced = [
        invalid_row(columns, i, "REVIEW", _no_period(inputs, children[i], dates[i])) for i in left
    ]
    cases = [_case(key, period, rows, columns) for key, (period, rows) in placed]
    return cases, unplaced


#: Each period's key (its child and start), the period (None: one a plain-format row names
#: that the data holds no other way) and the rows placed in it, in order.
Placed = list[tuple[tuple[str, dt.date], tuple[CarePeriod | None, list[int]]]]


def _place_each(
    by_child: Mapping[str, Sequence[CarePeriod]], columns: ReviewColumns
) -> tuple[Placed, list[int]]:
    """Place the rows one at a time: each in the first of its child's periods that holds its
    date, or (a plain-format row) in the period it names. Returns the periods with their
    rows, and the rows in none."""
    by_period: dict[tuple[str, dt.date], list[int]] = {}
    periods: dict[tuple[str, dt.date], CarePeriod | None] = {}
    # Each child's periods with the list of rows placed in them.
    placing: dict[str, list[tuple[CarePeriod, list[int]]]] = {}
    for child, child_periods in by_child.items():
        for period in child_periods:
            key = (child, period.start)
            periods[key] = period
            rows = by_period[key] = []
            placing.setdefault(child, []).append((period, rows))
    unplaced: list[int] = []
    starts = columns.plain.period_start if columns.plain else None
    last_child: str | None = None  # rows of one child usually come together
    slots: Sequence[tuple[CarePeriod, list[int]]] = ()
    for i, (child, day) in enumerate(zip(columns.child, columns.meeting_date, strict=True)):
        if starts is not None and (start := starts[i]) is not None:
            key = (child, start)
            periods.setdefault(key, None)
            by_period.setdefault(key, []).append(i)
            continue
        if child != last_child:
            last_child, slots = child, placing.get(child, ())
        for period, rows in slots:
            if period.start <= day and (period.end is None or day <= period.end):
                rows.append(i)
                break
        else:
            unplaced.append(i)
    return [(key, (periods[key], rows)) for key, rows in by_period.items()], unplaced


def _place_together(
    by_child: Mapping[str, Sequence[CarePeriod]], columns: ReviewColumns, day: Any
) -> tuple[Placed, list[int]]:
    """:func:`_place_each` for SSDA903 rows, as arrays (``day``: each row's meeting date, as
    days since 1970): each row in the first of its child's periods that holds its date (each
    period's rows in order). Returns the periods with their rows, and the rows in none."""
    np = numpy()
    periods = list(itertools.chain.from_iterable(by_child.values()))
    # (Each child's count of periods; the count that sizes the array, and the zip's check of
    # lengths that are equal, are not to be mutated.)
    counts = np.fromiter(map(len, by_child.values()), np.int64, len(by_child))  # pragma: no mutate
    first = np.concatenate([[0], np.cumsum(counts)])  # where each child's periods begin
    codes = dict(zip(by_child, range(len(by_child)), strict=True))  # pragma: no mutate
    count, named = len(columns), map(codes.get, columns.child, itertools.repeat(_NONE))
    # (The arrays' widths, and the counts that size them at once, are not to be mutated: any
    # width holds these values.)
    child = np.fromiter(named, np.int64, count)  # pragma: no mutate
    # (Every period has its start, so its ``missing`` is never used: not mutated.)
    start = day_numbers([p.start for p in periods], missing=_NONE)  # pragma: no mutate
    end = day_numbers([p.end for p in periods], missing=_AFTER_ANY)
    placed_in = np.full(count, _NONE, np.int64)  # pragma: no mutate (each row's period)
    # Pass n looks at the nth period of the child of every row not yet placed (a child with
    # fewer leaves its rows in none).
    waiting, nth = np.flatnonzero(child >= 0), 0
    while waiting.size:
        slot = first[child[waiting]] + nth
        exists = slot < first[child[waiting] + 1]
        waiting, slot = waiting[exists], slot[exists]
        inside = (start[slot] <= day[waiting]) & (day[waiting] <= end[slot])
        placed_in[waiting[inside]] = slot[inside]
        waiting, nth = waiting[~inside], nth + 1
    placed = np.flatnonzero(placed_in >= 0)
    by_period = placed[np.argsort(placed_in[placed], kind="stable")]  # (each period's in order)
    bounds = np.searchsorted(placed_in[by_period], np.arange(len(periods) + 1)).tolist()
    grouped = by_period.tolist()
    owners = np.repeat(np.arange(len(by_child)), counts).tolist()
    names = list(by_child)
    # (As many owners as periods and bounds: the zip's check is not mutated.)
    each = zip(owners, periods, itertools.pairwise(bounds), strict=True)  # pragma: no mutate
    found: Placed = [
        ((names[owner], period.start), (period, grouped[a:b])) for owner, period, (a, b) in each
    ]
    left: list[int] = np.flatnonzero(placed_in < 0).tolist()
    return found, left


#: A day after any date's: the end of a period not ended (any later would do).
_AFTER_ANY = 2**62  # pragma: no mutate
#: A child with no period, and a row in none (any negative number would do).
_NONE = -1  # pragma: no mutate


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

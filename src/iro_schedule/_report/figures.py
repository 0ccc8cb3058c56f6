"""The annual figures councils publish, computed from a :class:`Validation`.

A reporting year runs from 1 April to 31 March and is named by the year it ends in, as the
SSDA903 collection is ("2024" is 1 April 2023 to 31 March 2024, shown as 2023-24).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import statistics
import warnings
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import attrs

from .._errors import WrongTypeError, require_type
from .._law.dayarrays import numpy
from .._memory import paused_gc
from .._read.rows import ReviewColumns
from .._validate.judging import BoundsTimeline
from .._validate.rows import JudgedColumns, RowStatus, births_array, young_array
from .._validate.validation import Validation
from .._years import reporting_year, reporting_years, year_span

__all__ = ["MonthFigures", "YearFigures", "annual_figures"]

_PARTICIPATED = frozenset({"PN1", "PN2", "PN3", "PN4", "PN5", "PN6"})


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@attrs.frozen(kw_only=True)
class MonthFigures:
    """Reviews judged in one calendar month, and how many were on time."""

    month: dt.date  # the first day of the month
    held: int
    on_time: int

    @property
    def percent_on_time(self) -> float | None:
        return _percent(self.on_time, self.held)


@attrs.frozen(kw_only=True)
class YearFigures:
    """The figures for one reporting year (1 April to 31 March).

    - ``held``: reviews judged (on time or late) with their counted date in the year, of them
      ``held_whatever_number`` judged whatever their number (the data cannot show it, but
      every possible number gives the same verdict);
    - ``late_days_median``/``late_days_max``: over the late ones (for one judged whatever its
      number, the fewest days late any number gives);
    - ``overdue_at_year_end``: periods of care with a review overdue on 31 March (or on the
      as-of date, for a year not yet over), of them ``overdue_at_year_end_whatever_number``
      overdue whatever the review's number; a review whose being overdue depends on a number
      the data cannot show is not counted;
    - ``children_due``/``children_all_on_time``: per child, over the children with any review
      due in the year, held or not; a child is all within timescale when none of them was
      late and none is overdue;
    - participation, from the SSDA903 REVIEW_CODE of every review held in the year (judged or
      not): children aged 4 or over took part (PN1-PN6) or did not (PN7); PN0 (under 4) is left
      out, and reviews with no valid code are counted as unknown;
    - ``not_assessable``/``invalid``: rows dated in the year that could not be judged.
    """

    year: int
    start: dt.date
    end: dt.date
    held: int
    on_time: int
    late: int
    late_days_median: float | None
    late_days_max: int | None
    overdue_at_year_end: int
    children_due: int
    children_all_on_time: int
    participation_counted: int
    participated: int
    did_not_participate: int
    participation_unknown: int
    not_assessable: int
    invalid: int
    months: tuple[MonthFigures, ...]
    held_whatever_number: int = 0
    overdue_at_year_end_whatever_number: int = 0

    @property
    def children_reviewed(self) -> int:
        """Deprecated: :attr:`children_due` (the per-child figure now counts every child with
        a review due in the year, held or not)."""
        warnings.warn(
            "YearFigures.children_reviewed is deprecated; use children_due (every child with a "
            "review due in the year, held or not)",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.children_due

    @property
    def label(self) -> str:
        """The year as councils write it, e.g. ``2023-24``."""
        return f"{self.year - 1}-{self.year % 100:02d}"

    @property
    def percent_on_time(self) -> float | None:
        return _percent(self.on_time, self.held)

    @property
    def percent_children_all_on_time(self) -> float | None:
        return _percent(self.children_all_on_time, self.children_due)

    @property
    def percent_participated(self) -> float | None:
        return _percent(self.participated, self.participation_counted)


def annual_figures(validation: Validation, years: Iterable[int]) -> tuple[YearFigures, ...]:
    """The figures for each reporting year in ``years`` (named by the year they end in)."""
    require_type(validation, Validation, field="validation", give="what validate() returns")
    if isinstance(years, (str, bytes)) or not isinstance(years, Iterable):
        raise WrongTypeError(
            f"years must be a list of reporting years, got {years!r}; give e.g. [2024, 2025]",
            field="years",
            value=years,
        )
    years = list(years)
    for year in years:
        if isinstance(year, bool) or not isinstance(year, int):
            raise WrongTypeError(
                f"years holds {year!r}; give reporting years as whole numbers, named by the "
                "year they end in (e.g. 2025 for 2024-25)",
                field="years",
                value=year,
            )
    with paused_gc():
        return _annual_figures(validation, years)


class _Tally:
    """What one reporting year's figures are made of, gathered in one pass over the rows."""

    def __init__(self) -> None:
        self.late_days: list[int] = []
        self.whatever_number = 0  # reviews judged whatever their number
        self.due: set[str] = set()  # children with a review due in the year, held or not
        self.due_late: set[str] = set()  # ... and those of them with one late or overdue
        self.participation = [0, 0, 0]  # participated, did not, unknown code
        self.not_assessable = 0
        self.invalid = 0
        self.days: list[_Day] = []


class _Day:
    """The reviews judged on one day, and the year's tally the day belongs to."""

    __slots__ = ("day", "held", "on_time", "tally")

    def __init__(self, day: dt.date, tally: _Tally) -> None:
        self.day, self.tally, self.held, self.on_time = day, tally, 0, 0
        tally.days.append(self)


_ON_TIME, _LATE, _NOT_ASSESSABLE = RowStatus.ON_TIME, RowStatus.LATE, RowStatus.NOT_ASSESSABLE
_INVALID, _OVERDUE = RowStatus.INVALID, RowStatus.OVERDUE
#: Where a REVIEW_CODE is counted: participated (PN1-PN6), did not (PN7), unknown (any other).
_PARTICIPATION_INDEX = dict.fromkeys(_PARTICIPATED, 0) | {"PN7": 1}


def _annual_figures(validation: Validation, years: Iterable[int]) -> tuple[YearFigures, ...]:
    tallies = {year: _Tally() for year in sorted(set(years))}
    days: dict[dt.date, _Day | None] = {}  # a caseload has few distinct dates, many rows each
    due_years: dict[dt.date, _Tally | None] = {}
    facts, together, columns = validation.rows.facts_apart()
    for fact in facts:
        status, day, meeting, child, code, age, days_late, due, known = fact
        if status is _LATE or status is _ON_TIME or status is _OVERDUE:
            # (Each meeting row of a review counts its child again, to the same effect.)
            assert due is not None  # every judged or overdue row has its due date
            _count_due(due_years, tallies, due, child, status is not _ON_TIME)
        if day is None:
            continue
        try:
            slot = days[day]
        except KeyError:
            slot = _new_slot(days, tallies, day)
        if slot is None:
            continue
        judged = status is _ON_TIME or status is _LATE
        if not judged and status is not _NOT_ASSESSABLE:
            if status is _INVALID:
                slot.tally.invalid += 1
            continue  # overdue, duplicate or not counted
        if meeting <= 1:  # a later meeting of a review is counted at its first
            _count_held(slot, status, code, age, days_late, known=known)
    if together is not None:
        _count_judged_together(together, columns, tallies, days)
    year_ends = {year: min(year_span(year)[1], validation.as_of) for year in tallies}
    overdue = _overdue_on(validation, set(year_ends.values()))
    return tuple(_year(year, tally, overdue[year_ends[year]]) for year, tally in tallies.items())


def _new_slot(
    days: dict[dt.date, _Day | None], tallies: dict[int, _Tally], day: dt.date
) -> _Day | None:
    """The slot of a day not met before (None: outside the years asked for)."""
    tally = tallies.get(reporting_year(day))
    slot = days[day] = None if tally is None else _Day(day, tally)
    return slot


def _count_judged_together(
    judged: JudgedColumns,
    columns: ReviewColumns,
    tallies: dict[int, _Tally],
    days: dict[dt.date, _Day | None],
) -> None:
    """The loop above (``_count_due`` and ``_count_held``) over the rows judged together, as
    arrays, a block of rows at a time as they were judged (each a review held at one meeting,
    on time or late, its number known), every year at once."""
    np = numpy()
    # (The tallies' years, in order: whole numbers of any given type, so it is not mutated.)
    years = np.array(list(tallies), dtype=np.int64)  # pragma: no mutate
    # Per year, which children (by index) had a review due, and one late: marked in every
    # block, then added to the year's sets once. (Marks of any number type would do: the
    # type is not mutated.)
    marks = (len(years), len(judged.children))
    due_marks = np.zeros(marks, dtype=bool)  # pragma: no mutate
    late_marks = np.zeros(marks, dtype=bool)  # pragma: no mutate
    # (Participation, by year: a longer array's tail is never read, not mutated.)
    taken = np.zeros(3 * len(years), dtype=np.int64)  # pragma: no mutate
    late_days: list[Any] = []  # (each block's late rows' years, and their days late)
    codes, born = _codes_and_births(np, columns)
    for block in judged.blocks:
        counted = block.counted.astype("M8[D]")
        late = block.late > 0
        due_in = _year_index(np, block.due.astype("M8[D]"), years)
        held_in = _year_index(np, counted, years)
        due = due_in >= 0
        due_marks[due_in[due], block.child[due]] = True
        late_marks[due_in[due & late], block.child[due & late]] = True
        counts = _participation(np, block.row, codes, born, counted)
        counted_in = (held_in >= 0) & (counts >= 0)
        taken += np.bincount(held_in[counted_in] * 3 + counts[counted_in], minlength=taken.size)
        late_days.append((held_in[late], block.late[late]))
        _count_days(np, counted, late, tallies, days)
    late_in = np.concatenate([held for held, _ in late_days])  # (a block or more was judged)
    late_by = np.concatenate([by for _, by in late_days])
    for at, tally in enumerate(tallies.values()):
        tally.late_days.extend(late_by[late_in == at].tolist())
        for k, n in enumerate(taken[3 * at : 3 * at + 3].tolist()):
            tally.participation[k] += n
        tally.due.update(map(judged.children.__getitem__, np.flatnonzero(due_marks[at]).tolist()))
        missed = np.flatnonzero(late_marks[at]).tolist()
        tally.due_late.update(map(judged.children.__getitem__, missed))


#: The place of a reporting year not asked for (any negative number would do).
_NOT_ASKED = -1  # pragma: no mutate


def _year_index(np: Any, days: Any, years: Any) -> Any:
    """Per day (``datetime64[D]``): the place of its reporting year among ``years`` (in
    order), or -1 for a year not among them (found once for each day from the first to the
    last, as a caseload's rows fall on a few thousand days)."""
    if not days.size:
        return np.zeros(0, dtype=np.int64)
    first = days.min()
    # (A longer table is never read past the last day: the bound is not mutated.)
    found = reporting_years(np, np.arange(first, days.max() + 1))  # pragma: no mutate
    at = np.minimum(np.searchsorted(years, found), len(years) - 1)
    table = np.where(years[at] == found, at, _NOT_ASKED)
    return table[(days - first).astype(np.int64)]


def _count_days(
    np: Any,
    counted: Any,
    late: Any,
    tallies: dict[int, _Tally],
    days: dict[dt.date, _Day | None],
) -> None:
    """Add the reviews held on each day (and of them those on time) to the day's slot."""
    if not counted.size:
        return
    first = counted.min()
    offsets = (counted - first).astype(np.int64)  # (a caseload spans a few thousand days)
    held_on = np.bincount(offsets)
    on_time = np.bincount(offsets[~late], minlength=held_on.size).tolist()
    held_then = held_on.tolist()
    for offset in np.flatnonzero(held_on).tolist():
        day = (first + offset).item()
        # (``days`` only finds a day's slot again: a second slot for it counts the same, as a
        # year's slots are all summed. Not mutated.)
        slot = days[day] if day in days else _new_slot(days, tallies, day)  # pragma: no mutate
        if slot is not None:
            slot.held += held_then[offset]
            slot.on_time += on_time[offset]


def _codes_and_births(np: Any, columns: ReviewColumns) -> tuple[Any, Any]:
    """Per input row: where its REVIEW_CODE is counted (``_PARTICIPATION_INDEX``; PN0, which
    is not, ``_NOT_COUNTED``), and the child's date of birth (``datetime64[D]``, NaT if not
    known)."""
    index = {**_PARTICIPATION_INDEX, "PN0": _NOT_COUNTED}
    rows, where = len(columns), map(index.get, columns.participation, itertools.repeat(2))
    # (The count only sizes the array at once; any width holds these values: not mutated.)
    codes = np.fromiter(where, np.int64, rows)  # pragma: no mutate
    return codes, births_array(np, columns)


def _participation(np: Any, rows: Any, codes: Any, born: Any, counted: Any) -> Any:
    """Per row judged together (``rows``, held on the days ``counted``): where its REVIEW_CODE
    is counted, or ``_NOT_COUNTED`` (PN0, or a child under 4); ``codes`` and ``born`` are
    every input row's (:func:`_codes_and_births`)."""
    counts = codes[rows]
    counts[young_array(np, born[rows], counted)] = _NOT_COUNTED
    return counts


#: Where a row whose participation is not counted is counted: nowhere (any negative number).
_NOT_COUNTED = -1  # pragma: no mutate


def _count_held(
    slot: _Day,
    status: RowStatus,
    code: str,
    age: int | None,
    days_late: int | None,
    *,
    known: bool,
) -> None:
    """A review held: participation (children aged 4 or over), then the verdict if judged."""
    tally = slot.tally
    if code != "PN0" and (age is None or age >= 4):
        tally.participation[_PARTICIPATION_INDEX.get(code, 2)] += 1
    if status is _NOT_ASSESSABLE:
        tally.not_assessable += 1
        return
    slot.held += 1
    if not known:
        tally.whatever_number += 1
    if status is _ON_TIME:
        slot.on_time += 1
    elif days_late is not None:
        tally.late_days.append(days_late)


def _count_due(
    due_years: dict[dt.date, _Tally | None],
    tallies: dict[int, _Tally],
    due: dt.date,
    child: str,
    missed: bool,
) -> None:
    """Count a child with a review due in a year (``missed``: held late, or not held)."""
    try:
        tally = due_years[due]
    except KeyError:
        tally = due_years[due] = tallies.get(reporting_year(due))
    if tally is None:
        return
    tally.due.add(child)
    if missed:
        tally.due_late.add(child)


def _year(year: int, tally: _Tally, overdue_at_end: tuple[int, int]) -> YearFigures:
    start, end = year_span(year)
    late = tally.late_days
    held = sum(day.held for day in tally.days)
    participated, did_not, unknown = tally.participation
    overdue, whatever = overdue_at_end
    return YearFigures(
        year=year,
        start=start,
        end=end,
        held=held,
        on_time=held - len(late),
        late=len(late),
        late_days_median=float(statistics.median(late)) if late else None,
        late_days_max=max(late) if late else None,
        overdue_at_year_end=overdue,
        overdue_at_year_end_whatever_number=whatever,
        held_whatever_number=tally.whatever_number,
        children_due=len(tally.due),
        children_all_on_time=len(tally.due - tally.due_late),
        participation_counted=participated + did_not,
        participated=participated,
        did_not_participate=did_not,
        participation_unknown=unknown,
        not_assessable=tally.not_assessable,
        invalid=tally.invalid,
        months=_months(start, tally),
    )


def _overdue_on(validation: Validation, days: set[dt.date]) -> dict[dt.date, tuple[int, int]]:
    """For each of ``days``: the periods of care with a review overdue on it, and of them
    those whose review is overdue whatever its number. (Each period is asked only about the
    days it was open on; those judged together, as arrays.)"""
    ordered = sorted(days)
    timelines = validation.timelines
    counts = {day: [timelines.overdue_together(day), 0] for day in ordered}
    # (Which days a period is asked about saves time only: a period is never overdue on a day
    # it was not open, so the two bounds below are marked not to be mutated.)
    for timeline in timelines.apart():
        first = bisect.bisect_left(ordered, timeline.start)  # pragma: no mutate
        stop = timeline.end  # pragma: no mutate
        last = bisect.bisect_right(ordered, stop) if stop else len(ordered)  # pragma: no mutate
        for day in ordered[first:last]:
            if timeline.overdue_on(day) is not None:
                count = counts[day]
                count[0] += 1
                count[1] += isinstance(timeline, BoundsTimeline)
    return {day: (overdue, whatever) for day, (overdue, whatever) in counts.items()}


def _months(start: dt.date, tally: _Tally) -> tuple[MonthFigures, ...]:
    held: dict[tuple[int, int], int] = defaultdict(int)
    on_time: dict[tuple[int, int], int] = defaultdict(int)
    for slot in tally.days:
        month = (slot.day.year, slot.day.month)
        held[month] += slot.held
        on_time[month] += slot.on_time
    months = []
    for offset in range(12):
        year, month0 = divmod(start.month - 1 + offset, 12)
        first = dt.date(start.year + year, month0 + 1, 1)
        key = (first.year, first.month)
        months.append(MonthFigures(month=first, held=held[key], on_time=on_time[key]))
    return tuple(months)

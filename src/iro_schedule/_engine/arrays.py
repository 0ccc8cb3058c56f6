"""The date arithmetic over whole numpy arrays, for caseloads and data frames.

Each function gives, element by element, exactly what its scalar twin gives
(:meth:`WorkingCalendar.add_working_days`, :func:`add_months`, :meth:`Interval.after`); the
test suite checks that on random dates across the calendar's coverage. Missing dates (NaT) stay
missing. Needs numpy (the optional extra ``iro_schedule[vector]``), imported only here.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from .._errors import IroScheduleError, NoRegimeError, OutsideCoverageError
from .._law.calendar import WorkingCalendar
from .._law.policy import CountedMeeting, Policy
from .._law.regimes import Interval, Regime, Unit
from .periods import PeriodOfCare

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    DateArray = npt.NDArray[np.datetime64]

__all__ = [
    "ArrayAssessment",
    "add_months_array",
    "add_working_days_array",
    "assess_arrays",
    "due_after_array",
    "interval_after_array",
    "periods_to_arrays",
]


def _numpy() -> Any:
    try:
        import numpy  # noqa: PLC0415 (an optional extra, loaded only for this)
    except ImportError as exc:
        raise IroScheduleError(
            "the array functions need numpy: pip install 'iro_schedule[vector]'"
        ) from exc
    return numpy


def _as_days(dates: Any) -> DateArray:
    np = _numpy()
    array = np.asarray(dates)
    if array.dtype.kind in "USO":  # ISO strings or datetime.date objects
        try:
            array = array.astype("datetime64[D]")
        except ValueError as exc:
            raise IroScheduleError(
                f"dates could not be read as dates: {exc}; give datetime64 values, "
                "datetime.date objects or ISO strings (YYYY-MM-DD)",
                field="dates",
            ) from exc
    if array.dtype.kind != "M":
        raise IroScheduleError(
            f"dates must be datetime64 values, datetime.date objects or ISO strings, got dtype "
            f"{array.dtype}; convert with numpy.asarray(dates, dtype='datetime64[D]')",
            field="dates",
        )
    days: DateArray = array.astype("datetime64[D]")
    return days


@functools.lru_cache(maxsize=8)
def _busdaycalendar(calendar: WorkingCalendar) -> Any:
    np = _numpy()
    holidays = np.array(sorted(calendar.non_working_days), dtype="datetime64[D]")
    return np.busdaycalendar(weekmask="1111100", holidays=holidays)


def _check_coverage(calendar: WorkingCalendar, days: DateArray, what: str) -> None:
    np = _numpy()
    present = days[~np.isnat(days)]
    if present.size == 0:
        return
    first, last = calendar.coverage
    low, high = present.min(), present.max()
    if low < np.datetime64(first) or high > np.datetime64(last):
        bad = low if low < np.datetime64(first) else high
        raise OutsideCoverageError(
            f"{what} {bad} is outside the years this calendar covers ({first.isoformat()} to "
            f"{last.isoformat()}); build a calendar covering it, e.g. "
            "england_calendar(first_year=..., last_year=...)",
            field="dates",
            value=bad.item(),
        )


def add_working_days_array(dates: Any, n: int, *, calendar: WorkingCalendar) -> DateArray:
    """The ``n``-th working day after each date (the date itself never counted); NaT stays NaT.

    >>> import numpy as np
    >>> from iro_schedule import england_calendar
    >>> add_working_days_array(np.array(["2024-12-20", "2011-04-01", "NaT"], dtype="M8[D]"), 20,
    ...                        calendar=england_calendar())
    array(['2025-01-22', '2011-05-05',        'NaT'], dtype='datetime64[D]')
    """
    np = _numpy()
    days = _as_days(dates)
    _check_coverage(calendar, days, "date")
    if n == 0:
        return days
    # numpy counts from the date itself when it is a business day, so roll a non-working date
    # away from the direction of travel: back for n > 0, forward for n < 0.
    roll = "backward" if n > 0 else "forward"
    result: DateArray = np.busday_offset(days, n, roll=roll, busdaycal=_busdaycalendar(calendar))
    _check_coverage(calendar, result, f"{n} working days from a date lands on")
    return result


def add_months_array(dates: Any, n: Any) -> DateArray:
    """The corresponding date ``n`` calendar months later, clamped to a shorter month's end.

    ``n`` is one whole number, or one for each date.

    >>> import numpy as np
    >>> add_months_array(np.array(["2023-08-31", "2024-08-31", "2024-12-20"], dtype="M8[D]"), 6)
    array(['2024-02-29', '2025-02-28', '2025-06-20'], dtype='datetime64[D]')
    """
    np = _numpy()
    days = _as_days(dates)
    n = np.asarray(n, dtype=np.int64)
    base, month_of_day, day_of_month, month_starts, month_lengths = _month_tables()
    # Dates (and results) within the tables are looked up; any others (and NaT) are worked out
    # through numpy's calendar units, which give the same answers more slowly.
    offset = days.view(np.int64) - base
    inside = (offset >= 0) & (offset < month_of_day.size)
    offset = np.where(inside, offset, 0)
    target = month_of_day[offset] + n
    inside &= (target >= 0) & (target < month_starts.size)
    target = np.where(inside, target, 0)
    found = month_starts[target] + np.minimum(day_of_month[offset], month_lengths[target] - 1)
    result: DateArray = found.view("datetime64[D]")
    if not inside.all():
        outside = ~inside
        result[outside] = _add_months_by_calendar(days[outside], n if n.ndim == 0 else n[outside])
    return result


@functools.cache
def _month_tables() -> tuple[int, Any, Any, Any, Any]:
    """For each day from 1900 to 2199: its month (numbered from January 1900) and day of month;
    for each month: the number of its first day and its length."""
    np = _numpy()
    months = np.arange(np.datetime64("1900-01", "M"), np.datetime64("2200-01", "M"))
    starts = months.astype("datetime64[D]")
    lengths = ((months + 1).astype("datetime64[D]") - starts).astype(np.int64)
    days = np.arange(starts[0], (months[-1] + 1).astype("datetime64[D]"))
    month_of_day = (days.astype("datetime64[M]") - months[0]).astype(np.int64)
    day_of_month = (days - starts[month_of_day]).astype(np.int64)
    return int(starts[0].view(np.int64)), month_of_day, day_of_month, starts.view(np.int64), lengths


def _add_months_by_calendar(days: DateArray, n: Any) -> DateArray:
    np = _numpy()
    months = days.astype("datetime64[M]")
    day_of_month = (days - months.astype("datetime64[D]")).astype("timedelta64[D]")
    target = months + np.asarray(n, dtype=np.int64).astype("timedelta64[M]")
    month_length = (target + np.timedelta64(1, "M")).astype("datetime64[D]") - target.astype(
        "datetime64[D]"
    )
    last_day = month_length - np.timedelta64(1, "D")
    result: DateArray = target.astype("datetime64[D]") + np.minimum(day_of_month, last_day)
    return result


def interval_after_array(
    anchors: Any,
    interval: Interval,
    *,
    calendar: WorkingCalendar | None = None,
    count_start_day: bool = False,
) -> DateArray:
    """:meth:`Interval.after` for every date of ``anchors`` (a working-day interval needs a
    ``calendar``).

    >>> import numpy as np
    >>> from iro_schedule import ENGLAND_2010, england_calendar
    >>> interval_after_array(np.array(["2024-12-20"], dtype="M8[D]"), ENGLAND_2010.first,
    ...                      calendar=england_calendar())
    array(['2025-01-22'], dtype='datetime64[D]')
    """
    np = _numpy()
    days = _as_days(anchors)
    if interval.unit is Unit.WORKING_DAYS:
        if calendar is None:
            raise TypeError(f"counting {interval} needs a WorkingCalendar")
        start = days - np.timedelta64(1, "D") if count_start_day else days
        return add_working_days_array(start, interval.count, calendar=calendar)
    if interval.unit is Unit.MONTHS:
        return add_months_array(days, interval.count)
    length = interval.count * 7 if interval.unit is Unit.WEEKS else interval.count
    result: DateArray = days + np.timedelta64(length, "D")
    return result


@attrs.frozen(kw_only=True)
class ArrayAssessment:
    """:func:`assess` for many periods of care at once, as arrays.

    Per review (in the order given): ``ordinal``, ``due``, ``counted`` (the date it was judged
    on), ``days_late`` and ``on_time``, and ``regime`` (an index into ``regimes``). Per period:
    ``next_ordinal``, ``next_due`` (NaT when the period ended before it) and ``overdue_days``
    (how many days the next review was overdue by the as-of date or the period's end, or -1).
    """

    regimes: tuple[Regime, ...]
    ordinal: Any
    due: Any
    counted: Any
    days_late: Any
    on_time: Any
    regime: Any
    next_ordinal: Any
    next_due: Any
    overdue_days: Any


def assess_arrays(
    *,
    period_start: Any,
    period_end: Any,
    review_period: Any,
    first_meeting: Any,
    last_meeting: Any = None,
    as_of: dt.date | None = None,
    policy: Policy | None = None,
    calendar: WorkingCalendar | None = None,
    regime: Regime | None = None,
) -> ArrayAssessment:
    """Judge the reviews of many periods of care at once (what :func:`assess` does for one).

    ``period_start``/``period_end`` (NaT: not ended) describe the periods; each review row gives
    the index of its period in ``review_period`` and its first and last meeting dates, sorted by
    period and then date. The same rules apply, element by element (the test suite checks it).

    >>> import numpy as np
    >>> result = assess_arrays(
    ...     period_start=np.array(["2024-12-20"], dtype="M8[D]"),
    ...     period_end=np.array(["NaT"], dtype="M8[D]"),
    ...     review_period=np.array([0, 0]),
    ...     first_meeting=np.array(["2025-01-20", "2025-04-25"], dtype="M8[D]"),
    ...     as_of=dt.date(2025, 11, 1))
    >>> result.due, result.days_late, result.next_due, result.overdue_days
    (array(['2025-01-22', '2025-04-20'], dtype='datetime64[D]'), array([0, 5]), array(['2025-10-25'], dtype='datetime64[D]'), array([7]))
    """  # noqa: E501
    np = _numpy()
    policy = policy if policy is not None else Policy()
    starts, ends = _as_days(period_start), _as_days(period_end)
    periods = np.asarray(review_period, dtype=np.int64)
    firsts = _as_days(first_meeting)
    lasts = firsts if last_meeting is None else _as_days(last_meeting)
    _check_order(np, periods, firsts, lasts, len(starts))
    regimes = (regime,) if regime is not None else tuple(policy.regimes)
    cal = calendar if calendar is not None else _shared_calendar(regimes)
    counted = _counted(np, firsts, lasts, policy, cal)
    ordinal, anchor = _ordinals_and_anchors(np, periods, counted, starts)
    which = _regime_index(np, anchor, regimes)
    due = _due(np, anchor, ordinal=ordinal, which=which, regimes=regimes, policy=policy, cal=cal)
    late = (counted - due).astype(np.int64)
    next_ordinal, next_anchor = _next(np, periods, counted, starts)
    next_which = _regime_index(np, next_anchor, regimes)
    next_due = _due(
        np,
        next_anchor,
        ordinal=next_ordinal,
        which=next_which,
        regimes=regimes,
        policy=policy,
        cal=cal,
    )
    horizon = _horizon(np, ends, as_of)
    overdue = np.where(
        ~np.isnat(horizon) & (horizon > next_due), (horizon - next_due).astype(np.int64), -1
    )
    ended_before = ~np.isnat(ends) & (ends < next_due)
    return ArrayAssessment(
        regimes=regimes,
        ordinal=ordinal,
        due=due,
        counted=counted,
        days_late=np.maximum(late, 0),
        on_time=late <= 0,
        regime=which,
        next_ordinal=next_ordinal,
        next_due=np.where(ended_before, np.datetime64("NaT"), next_due),
        overdue_days=overdue,
    )


def due_after_array(
    anchors: Any,
    ordinals: Any,
    *,
    policy: Policy | None = None,
    calendar: WorkingCalendar | None = None,
    regime: Regime | None = None,
) -> DateArray:
    """When review number ``ordinals[i]`` falls due if its interval runs from ``anchors[i]``.

    The regime is the one in force on each anchor (``regime`` fixes one); NaT stays NaT.

    >>> import numpy as np
    >>> due_after_array(np.array(["2024-12-20", "2025-01-20", "NaT"], dtype="M8[D]"), [1, 2, 3])
    array(['2025-01-22', '2025-04-20',        'NaT'], dtype='datetime64[D]')
    """
    np = _numpy()
    policy = policy if policy is not None else Policy()
    days = _as_days(anchors)
    numbers = np.asarray(ordinals, dtype=np.int64)
    if numbers.shape != days.shape:
        raise IroScheduleError(
            f"anchors and ordinals differ in length ({days.size} and {numbers.size})",
            field="ordinals",
        )
    regimes = (regime,) if regime is not None else tuple(policy.regimes)
    cal = calendar if calendar is not None else _shared_calendar(regimes)
    which = _regime_index(np, days, regimes)
    return _due(np, days, ordinal=numbers, which=which, regimes=regimes, policy=policy, cal=cal)  # type: ignore[no-any-return]


def periods_to_arrays(periods: Sequence[PeriodOfCare]) -> dict[str, Any]:
    """The arrays :func:`assess_arrays` takes, from periods of care (handy for tests and
    for moving a caseload held as values onto the array path).

    >>> import datetime as dt
    >>> from iro_schedule import PeriodOfCare, Review
    >>> period = PeriodOfCare(start=dt.date(2025, 1, 6),
    ...                       reviews=[Review(meetings=[dt.date(2025, 1, 30)])])
    >>> arrays = periods_to_arrays([period])
    >>> sorted(arrays)
    ['first_meeting', 'last_meeting', 'period_end', 'period_start', 'review_period']
    """
    np = _numpy()
    rows = [(i, r) for i, p in enumerate(periods) for r in p.reviews]
    return {
        "period_start": np.array([p.start for p in periods], dtype="datetime64[D]"),
        "period_end": np.array([p.end or "NaT" for p in periods], dtype="datetime64[D]"),
        "review_period": np.array([i for i, _ in rows], dtype=np.int64),
        "first_meeting": np.array([r.first_meeting for _, r in rows], dtype="datetime64[D]"),
        "last_meeting": np.array([r.completed for _, r in rows], dtype="datetime64[D]"),
    }


def _check_order(np: Any, periods: Any, firsts: Any, lasts: Any, count: int) -> None:
    if periods.size and (periods.min() < 0 or periods.max() >= count):
        raise IroScheduleError(
            "review_period holds an index that is not a period", field="review_period"
        )
    same = periods[1:] == periods[:-1]
    if np.any(periods[1:] < periods[:-1]) or np.any(same & (firsts[1:] <= lasts[:-1])):
        raise IroScheduleError(
            "reviews must be sorted by period and then date, without overlaps; sort them first",
            field="review_period",
        )
    if np.any(lasts < firsts):
        raise IroScheduleError("a review's last meeting is before its first", field="last_meeting")


def _shared_calendar(regimes: tuple[Regime, ...]) -> WorkingCalendar:
    factories = {r.calendar for r in regimes}
    if len(factories) != 1:
        raise IroScheduleError(
            "the regimes count working days in different calendars; pass calendar=...",
            field="calendar",
        )
    return regimes[0].calendar()


def _counted(np: Any, firsts: Any, lasts: Any, policy: Policy, cal: WorkingCalendar) -> Any:
    """The date each review is judged on (as ``_cadence._counted_date``, row by row)."""
    if policy.counted_meeting is CountedMeeting.LAST:
        return lasts
    counted = firsts.copy()
    multi = lasts != firsts  # only a review held over several meetings needs the limit
    if np.any(multi):
        limit = interval_after_array(firsts[multi], policy.completion_limit, calendar=cal)
        counted[multi] = np.where(lasts[multi] <= limit, firsts[multi], lasts[multi])
    return counted


def _ordinals_and_anchors(np: Any, periods: Any, counted: Any, starts: Any) -> tuple[Any, Any]:
    """Each review's number in its period, and the date its interval runs from."""
    index = np.arange(periods.size)
    starts_period = np.ones(periods.size, dtype=bool)
    starts_period[1:] = periods[1:] != periods[:-1]
    # The row where each row's period begins: the latest period start at or before it.
    first_of_period = np.maximum.accumulate(np.where(starts_period, index, 0))
    ordinal = index - first_of_period + 1
    previous = np.roll(counted, 1)
    anchor = np.where(ordinal == 1, starts[periods], previous)
    return ordinal, anchor


def _next(np: Any, periods: Any, counted: Any, starts: Any) -> tuple[Any, Any]:
    """Per period: the next review's number, and the date its interval runs from."""
    held = np.bincount(periods, minlength=starts.size)
    last_row = np.searchsorted(periods, np.arange(starts.size), side="right") - 1
    anchor = (
        np.where(held > 0, counted[np.maximum(last_row, 0)], starts) if periods.size else starts
    )
    return held + 1, anchor


def _regime_index(np: Any, anchor: Any, regimes: tuple[Regime, ...]) -> Any:
    which = np.full(anchor.size, -1, dtype=np.int64)
    if len(regimes) == 1:
        which[:] = 0
        return which
    for index in range(len(regimes) - 1, -1, -1):
        r = regimes[index]
        inside = anchor >= np.datetime64(r.commencement)
        if r.end is not None:
            inside &= anchor <= np.datetime64(r.end)
        which[(which < 0) & inside] = index
    missing = (which < 0) & ~np.isnat(anchor)
    if np.any(missing):
        day = anchor[missing][0].item()
        raise NoRegimeError(
            f"no review regime was in force on {day.isoformat()} (regimes considered: "
            f"{', '.join(r.name for r in regimes)}); name one with regime=...",
            field="date",
            value=day,
        )
    return which


def _due(
    np: Any,
    anchor: Any,
    *,
    ordinal: Any,
    which: Any,
    regimes: tuple[Regime, ...],
    policy: Policy,
    cal: WorkingCalendar,
) -> Any:
    """Each row's due date: the interval for its regime and review number, from its anchor."""
    intervals = [r.interval_for(number) for r in regimes for number in (1, 2, 3)]
    code = np.where(which >= 0, which * 3 + np.minimum(ordinal, 3) - 1, -1)
    due = np.full(anchor.size, np.datetime64("NaT"), dtype="datetime64[D]")
    # All the month intervals (3 and 6 months, ...) in one pass, each row with its own count.
    in_months = [i for i, interval in enumerate(intervals) if interval.unit is Unit.MONTHS]
    if in_months:
        rows = np.isin(code, in_months)
        counts = np.array([interval.count for interval in intervals], dtype=np.int64)
        due[rows] = add_months_array(anchor[rows], counts[code[rows]])
    for index, interval in enumerate(intervals):
        rows = code == index
        if interval.unit is not Unit.MONTHS and np.any(rows):
            due[rows] = interval_after_array(
                anchor[rows], interval, calendar=cal, count_start_day=policy.count_start_day
            )
    return due


def _horizon(np: Any, ends: Any, as_of: dt.date | None) -> Any:
    if as_of is None:
        return ends
    cutoff = np.datetime64(as_of, "D")
    return np.where(~np.isnat(ends) & (ends <= cutoff), ends, cutoff)

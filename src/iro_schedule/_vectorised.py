"""The date arithmetic over whole numpy arrays, for caseloads and data frames.

Each function gives, element by element, exactly what its scalar twin gives
(:meth:`WorkingCalendar.add_working_days`, :func:`add_months`, :meth:`Interval.after`); the
test suite checks that on random dates across the calendar's coverage. Missing dates (NaT) stay
missing. Needs numpy (the optional extra ``iro_schedule[vector]``), imported only here.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from ._calendar import WorkingCalendar
from ._errors import IroScheduleError, OutsideCoverageError
from ._regimes import Interval, Unit

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    DateArray = npt.NDArray[np.datetime64]

__all__ = ["add_months_array", "add_working_days_array", "interval_after_array"]


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


def add_months_array(dates: Any, n: int) -> DateArray:
    """The corresponding date ``n`` calendar months later, clamped to a shorter month's end.

    >>> import numpy as np
    >>> add_months_array(np.array(["2023-08-31", "2024-08-31", "2024-12-20"], dtype="M8[D]"), 6)
    array(['2024-02-29', '2025-02-28', '2025-06-20'], dtype='datetime64[D]')
    """
    np = _numpy()
    days = _as_days(dates)
    months = days.astype("datetime64[M]")
    day_of_month = (days - months.astype("datetime64[D]")).astype("timedelta64[D]")
    target = months + np.timedelta64(n, "M")
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

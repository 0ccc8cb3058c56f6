"""Calendar-month arithmetic: the corresponding-date rule of Dodds v Walker.

"Month" in an Act or statutory instrument means a calendar month (Interpretation Act 1978,
Sch. 1 and s. 23). A period of n months after an event ends on the corresponding date n months
later; where that month is too short to have one, it ends on the month's last day
(Dodds v Walker [1981] 1 WLR 1027, HL).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Any

from .._errors import require_date
from .dayarrays import as_days, numpy

if TYPE_CHECKING:
    from .dayarrays import DateArray

__all__ = ["add_months", "add_months_array"]

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """How many days ``month`` (1-12) of ``year`` has."""
    if month == 2 and _is_leap(year):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def add_months(d: dt.date, n: int) -> dt.date:
    """The corresponding date ``n`` calendar months after ``d`` (before it if ``n`` < 0).

    Where the target month has no corresponding day, the result is that month's last day.

    >>> add_months(dt.date(2024, 12, 20), 3)
    datetime.date(2025, 3, 20)
    >>> add_months(dt.date(2023, 8, 31), 6)
    datetime.date(2024, 2, 29)
    >>> add_months(dt.date(2024, 8, 31), 6)
    datetime.date(2025, 2, 28)
    >>> add_months(dt.date(2024, 3, 31), -1)
    datetime.date(2024, 2, 29)
    """
    require_date(d, field="d")
    return _add_months(d, n)


def _add_months(d: dt.date, n: int) -> dt.date:
    """:func:`add_months` without the argument check, for the engine's inner loop."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + n, 12)
    day = d.day
    # Only the 29th to 31st can be past the end of the target month (clamping the 28th, too,
    # would change nothing).
    if day > 28:  # pragma: no mutate
        day = min(day, days_in_month(year, month0 + 1))
    return dt.date(year, month0 + 1, day)


# --- the same rule over numpy arrays ---------------------------------------------------------


def add_months_array(dates: Any, n: Any) -> DateArray:
    """The corresponding date ``n`` calendar months later, clamped to a shorter month's end.

    ``n`` is one whole number, or one for each date.

    >>> import numpy as np
    >>> add_months_array(np.array(["2023-08-31", "2024-08-31", "2024-12-20"], dtype="M8[D]"), 6)
    array(['2024-02-29', '2025-02-28', '2025-06-20'], dtype='datetime64[D]')
    """
    np = numpy()
    days = as_days(dates)
    n = np.asarray(n, dtype=np.int64)  # pragma: no mutate
    base, month_of_day, day_of_month, month_starts, month_lengths = _month_tables()
    # Dates (and results) within the tables are looked up; any others (and NaT) are worked out
    # through numpy's calendar units, which give the same answers more slowly. (So where the
    # tables' edges are drawn, and what stands in for a row outside them, changes nothing.)
    offset = days.view(np.int64) - base
    inside = (offset >= 0) & (offset < month_of_day.size)  # pragma: no mutate
    offset = np.where(inside, offset, 0)  # pragma: no mutate
    target = month_of_day[offset] + n
    inside &= (target >= 0) & (target < month_starts.size)  # pragma: no mutate
    target = np.where(inside, target, 0)  # pragma: no mutate
    found = month_starts[target] + np.minimum(day_of_month[offset], month_lengths[target] - 1)
    result: DateArray = found.view("datetime64[D]")
    if not inside.all():
        outside = ~inside  # pragma: no mutate
        result[outside] = _add_months_by_calendar(days[outside], n if n.ndim == 0 else n[outside])
    return result


@functools.cache
def _month_tables() -> tuple[int, Any, Any, Any, Any]:
    """For each day from 1900 to 2199: its month (numbered from January 1900) and day of month;
    for each month: the number of its first day and its length."""
    np = numpy()
    months = np.arange(np.datetime64("1900-01", "M"), np.datetime64("2200-01", "M"))
    starts = months.astype("datetime64[D]")
    lengths = ((months + 1).astype("datetime64[D]") - starts).astype(np.int64)
    days = np.arange(starts[0], (months[-1] + 1).astype("datetime64[D]"))
    month_of_day = (days.astype("datetime64[M]") - months[0]).astype(np.int64)
    day_of_month = (days - starts[month_of_day]).astype(np.int64)
    return int(starts[0].view(np.int64)), month_of_day, day_of_month, starts.view(np.int64), lengths


def _add_months_by_calendar(days: DateArray, n: Any) -> DateArray:
    np = numpy()
    months = days.astype("datetime64[M]")
    day_of_month = (days - months.astype("datetime64[D]")).astype("timedelta64[D]")
    target = months + np.asarray(n, dtype=np.int64).astype("timedelta64[M]")  # pragma: no mutate
    month_length = (target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")
    last_day = month_length - 1
    result: DateArray = target.astype("datetime64[D]") + np.minimum(day_of_month, last_day)
    return result

"""Calendar-month arithmetic: the corresponding-date rule of Dodds v Walker.

"Month" in an Act or statutory instrument means a calendar month (Interpretation Act 1978,
Sch. 1 and s. 23). A period of n months after an event ends on the corresponding date n months
later; where that month is too short to have one, it ends on the month's last day
(Dodds v Walker [1981] 1 WLR 1027, HL).
"""

from __future__ import annotations

import datetime as dt

from .._errors import require_date

__all__ = ["add_months"]

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
    if day > 28:  # only the 29th to 31st can be past the end of the target month
        day = min(day, days_in_month(year, month0 + 1))
    return dt.date(year, month0 + 1, day)

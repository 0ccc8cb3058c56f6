"""A deliberately naive reference for the working-day calendar and the review cadence.

It shares no code with ``src/``: it counts day by day, adds months by hand, works out Easter with
the anonymous Gregorian algorithm, and hard-codes England's two regimes. It is slow and meant to
be obviously right; the fast code is tested against it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import holidays

FIRST_YEAR = 1991
LAST_YEAR = 2060
ONE_DAY = dt.timedelta(days=1)


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def _bank_holidays() -> set[dt.date]:
    days = set(
        holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
    )
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        days.add(dt.date(year, 12, 25))
        days.add(easter_sunday(year) - 2 * ONE_DAY)
    return days


BANK_HOLIDAYS = _bank_holidays()


def is_working_day(d: dt.date) -> bool:
    return d.weekday() not in (5, 6) and d not in BANK_HOLIDAYS


def add_working_days(d: dt.date, n: int) -> dt.date:
    step = ONE_DAY if n > 0 else -ONE_DAY
    remaining = abs(n)
    while remaining:
        d = d + step
        if is_working_day(d):
            remaining -= 1
    return d


def working_days_between(a: dt.date, b: dt.date) -> int:
    sign = 1
    if b < a:
        a, b, sign = b, a, -1
    count = 0
    day = a
    while day < b:
        day = day + ONE_DAY
        if is_working_day(day):
            count += 1
    return sign * count


def add_months(d: dt.date, n: int) -> dt.date:
    year, month = d.year, d.month
    for _ in range(abs(n)):
        if n > 0:
            month += 1
            if month == 13:
                year, month = year + 1, 1
        else:
            month -= 1
            if month == 0:
                year, month = year - 1, 12
    day = d.day
    while True:
        try:
            return dt.date(year, month, day)
        except ValueError:
            day -= 1  # no corresponding day: fall back to the last day of the month


# England: before 1 April 2011 the Review of Children's Cases Regulations 1991 (4 weeks, 3 months,
# 6 months, and no power to adjourn a review meeting); from then the 2010 Regulations (20 working
# days, 3 months, 6 months, and a meeting may be adjourned for up to 20 working days).
COMMENCEMENT_2010 = dt.date(2011, 4, 1)
COMMENCEMENT_1991 = dt.date(1991, 10, 14)


def due_1991(ordinal: int, anchor: dt.date) -> dt.date:
    if ordinal == 1:
        return anchor + dt.timedelta(days=28)
    return add_months(anchor, 3 if ordinal == 2 else 6)


def due_2010(ordinal: int, anchor: dt.date, count_start_day: bool = False) -> dt.date:
    if ordinal == 1:
        return add_working_days(anchor - ONE_DAY if count_start_day else anchor, 20)
    return add_months(anchor, 3 if ordinal == 2 else 6)


def due_date(
    ordinal: int, anchor: dt.date, count_start_day: bool = False, by_due_date: bool = False
) -> tuple[dt.date, bool]:
    """The due date, and whether the 2010 Regulations govern it.

    By default the regime is the one in force when the interval starts; ``by_due_date`` picks
    the 2010 Regulations whenever the review falls due under them on or after 1 April 2011.
    """
    if by_due_date:
        new = due_2010(ordinal, anchor, count_start_day)
        if new >= COMMENCEMENT_2010:
            return new, True
        old = due_1991(ordinal, anchor)
        if old < COMMENCEMENT_1991:
            raise Refused("no regime")
        return old, False
    if anchor >= COMMENCEMENT_2010:
        return due_2010(ordinal, anchor, count_start_day), True
    if anchor < COMMENCEMENT_1991:
        raise Refused("no regime")
    return due_1991(ordinal, anchor), False


class Refused(Exception):
    """The history cannot be judged: ``why`` is "no regime" or "held after as_of"."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


@dataclass
class RefVerdict:
    ordinal: int
    due: dt.date
    counted: dt.date
    on_time: bool
    days_late: int
    held: bool


def counted_date(
    meetings: list[dt.date], last_always: bool = False, adjourn: bool = True
) -> dt.date:
    first, last = meetings[0], meetings[-1]
    if last_always or not adjourn:
        return last
    # "Within 20 working days" ends with the 20th working day, as for reg. 33(1): a meeting on a
    # weekend or holiday after it is outside, even though no 21st working day has passed.
    return first if last <= add_working_days(first, 20) else last


def assess(
    start: dt.date,
    reviews: list[list[dt.date]],
    end: dt.date | None = None,
    as_of: dt.date | None = None,
    last_always: bool = False,
    count_start_day: bool = False,
    by_due_date: bool = False,
) -> tuple[list[RefVerdict], dt.date | None]:
    """Verdicts for each review (given as lists of meeting dates), then the next due date."""
    if as_of is not None and any(day > as_of for meetings in reviews for day in meetings):
        raise Refused("held after as_of")
    verdicts: list[RefVerdict] = []
    anchor = start
    for ordinal, meetings in enumerate(reviews, start=1):
        due, under_2010 = due_date(ordinal, anchor, count_start_day, by_due_date)
        counted = counted_date(meetings, last_always, adjourn=under_2010)
        late = (counted - due).days
        verdicts.append(RefVerdict(ordinal, due, counted, late <= 0, max(late, 0), True))
        anchor = counted
    ordinal = len(reviews) + 1
    due, _ = due_date(ordinal, anchor, count_start_day, by_due_date)
    horizon = end if end is not None and (as_of is None or end <= as_of) else as_of
    if horizon is not None and horizon > due:
        verdicts.append(RefVerdict(ordinal, due, horizon, False, (horizon - due).days, False))
    next_due = None if end is not None and end < due else due
    return verdicts, next_due

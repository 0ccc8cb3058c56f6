"""Working days: the calendar the 20-working-day rules are counted in.

The Care Planning, Placement and Case Review (England) Regulations 2010 (SI 2010/959), reg. 2(1),
define a working day as any day other than a Saturday, a Sunday, Christmas Day, Good Friday, or a
day which is a bank holiday in England and Wales under the Banking and Financial Dealings Act 1971.

A :class:`WorkingCalendar` is an immutable value over a set of non-working dates and the years for
which that set is known. Arithmetic uses a precomputed index (one list lookup per call), so the
answer for any date costs the same as for any other.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .._errors import CalendarDataError, OutsideCoverageError, require_date
from .._wording import day
from .dayarrays import as_days, numpy

if TYPE_CHECKING:
    from .dayarrays import DateArray

__all__ = [
    "WorkingCalendar",
    "add_working_days_array",
    "calendar_from_govuk_json",
    "england_calendar",
]

_SATURDAY = 5  # date.weekday(): Monday is 0

# The years england_calendar() covers unless asked otherwise.
ENGLAND_FIRST_YEAR = 1991
ENGLAND_LAST_YEAR = 2060


def _freeze_dates(value: Iterable[dt.date]) -> frozenset[dt.date]:
    dates = frozenset(value)
    for d in dates:
        require_date(d, field="non_working_days")
    return dates


def _check_years(instance: WorkingCalendar, attribute: attrs.Attribute[int], value: int) -> None:
    if not 1 <= value <= 9998:
        raise CalendarDataError(
            f"{attribute.name} must be a year from 1 to 9998, got {value!r}",
            field=attribute.name,
            value=value,
        )
    if attribute.name == "last_year" and value < instance.first_year:
        raise CalendarDataError(
            f"last_year ({value}) is before first_year ({instance.first_year}); "
            "give the years in order",
            field="last_year",
            value=value,
        )


@attrs.frozen
class WorkingCalendar:
    """Which days are working days, for the years ``first_year`` to ``last_year`` inclusive.

    Saturdays and Sundays are never working days; ``non_working_days`` lists the others (bank
    holidays, Christmas Day, Good Friday, local closures). Dates outside the coverage raise
    :class:`OutsideCoverageError` rather than being guessed: build a calendar with wider years
    (e.g. ``england_calendar(first_year=1980)``) to opt in to more.

    >>> cal = WorkingCalendar(non_working_days={dt.date(2024, 12, 25), dt.date(2024, 12, 26)},
    ...                       first_year=2024, last_year=2025)
    >>> cal.add_working_days(dt.date(2024, 12, 24), 1)
    datetime.date(2024, 12, 27)
    >>> cal.working_days_between(dt.date(2024, 12, 20), dt.date(2024, 12, 31))
    5
    """

    non_working_days: frozenset[dt.date] = attrs.field(converter=_freeze_dates)
    first_year: int = attrs.field(validator=_check_years)
    last_year: int = attrs.field(validator=_check_years)
    name: str = attrs.field(default="custom", kw_only=True)
    # The index: day offsets from 1 January of first_year.
    _origin: int = attrs.field(init=False, repr=False, eq=False)
    # _before[i]: how many working days have an offset < i (len = days covered + 1).
    _before: list[int] = attrs.field(init=False, repr=False, eq=False)
    # _working[k]: the (k+1)-th working day of the coverage.
    _working: list[dt.date] = attrs.field(init=False, repr=False, eq=False)
    _days: int = attrs.field(init=False, repr=False, eq=False)  # days covered
    _count: int = attrs.field(init=False, repr=False, eq=False)  # working days covered

    def __attrs_post_init__(self) -> None:
        first = dt.date(self.first_year, 1, 1)
        days = dt.date(self.last_year, 12, 31).toordinal() - first.toordinal() + 1
        before = [0]
        working: list[dt.date] = []
        day = first
        one_day = dt.timedelta(days=1)
        for _ in range(days):
            if day.weekday() < _SATURDAY and day not in self.non_working_days:
                working.append(day)
            before.append(len(working))
            day += one_day
        object.__setattr__(self, "_origin", first.toordinal())
        object.__setattr__(self, "_before", before)
        object.__setattr__(self, "_working", working)
        object.__setattr__(self, "_days", days)
        object.__setattr__(self, "_count", len(working))

    @property
    def coverage(self) -> tuple[dt.date, dt.date]:
        """The first and last date whose working-day status this calendar knows."""
        return dt.date(self.first_year, 1, 1), dt.date(self.last_year, 12, 31)

    def covers(self, d: dt.date) -> bool:
        """Whether ``d`` lies within :attr:`coverage`."""
        require_date(d, field="d")
        return 0 <= d.toordinal() - self._origin < self._days

    def is_working_day(self, d: dt.date) -> bool:
        """Whether ``d`` is a working day.

        >>> england_calendar().is_working_day(dt.date(2025, 4, 18))  # Good Friday
        False
        """
        require_date(d, field="d")
        i = self._offset(d)
        return self._before[i + 1] > self._before[i]

    def add_working_days(self, d: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``d``; ``d`` itself is never counted.

        ``n == 0`` returns ``d``; ``n < 0`` counts back the same way (the ``-n``-th working day
        strictly before ``d``).

        >>> cal = england_calendar()
        >>> cal.add_working_days(dt.date(2024, 12, 20), 20)  # Fri 20 Dec 2024
        datetime.date(2025, 1, 22)
        >>> cal.add_working_days(dt.date(2025, 1, 22), -20)
        datetime.date(2024, 12, 20)
        """
        if d.__class__ is not dt.date:  # the fast path skips the full check for plain dates
            require_date(d, field="d")
        return self._add(d, n)

    def working_day_on_or_before(self, d: dt.date) -> dt.date:
        """``d`` if it is a working day, else the last working day before it.

        The practical deadline for something due on a weekend or holiday.

        >>> england_calendar().working_day_on_or_before(dt.date(2025, 4, 20))  # Easter Sunday
        datetime.date(2025, 4, 17)
        """
        require_date(d, field="d")
        k = self._before[self._offset(d) + 1] - 1  # the last working day with offset <= d's
        if k < 0:
            first, last = self.coverage
            raise OutsideCoverageError(
                f"no working day on or before {day(d)} in the years this calendar covers "
                f"({day(first)} to {day(last)})",
                field="d",
                value=d,
            )
        return self._working[k]

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """How many working days lie in ``(a, b]``; negative (``-count`` of ``(b, a]``) if b < a.

        >>> england_calendar().working_days_between(dt.date(2024, 12, 20), dt.date(2025, 1, 22))
        20
        """
        require_date(a, field="a")
        require_date(b, field="b")
        return self._before[self._offset(b) + 1] - self._before[self._offset(a) + 1]

    def with_non_working_days(
        self, dates: Iterable[dt.date], *, name: str | None = None
    ) -> WorkingCalendar:
        """A new calendar with ``dates`` (e.g. a council's closure days) also non-working.

        The calendar it is called on is left unchanged.

        >>> closed = england_calendar().with_non_working_days([dt.date(2024, 12, 24)])
        >>> closed.is_working_day(dt.date(2024, 12, 24)), england_calendar().is_working_day(
        ...     dt.date(2024, 12, 24))
        (False, True)
        """
        return WorkingCalendar(
            self.non_working_days | _freeze_dates(dates),
            self.first_year,
            self.last_year,
            name=name if name is not None else f"{self.name} with local non-working days",
        )

    def _add(self, d: dt.date, n: int) -> dt.date:
        """:meth:`add_working_days` without the argument check, for the engine's inner loop."""
        i = d.toordinal() - self._origin
        if not 0 <= i < self._days:
            raise self._outside(d)
        # Working days strictly after d start at list index _before[i + 1]; strictly before d
        # end at index _before[i] - 1.
        if n > 0:
            k = self._before[i + 1] + n - 1
        elif n < 0:
            k = self._before[i] + n
        else:
            return d
        if 0 <= k < self._count:
            return self._working[k]
        first, last = self.coverage
        raise OutsideCoverageError(
            f"{n} working days from {day(d)} falls outside the years this calendar "
            f"covers ({day(first)} to {day(last)}); build a calendar covering "
            "more years, e.g. england_calendar(first_year=..., last_year=...)",
            field="n",
            value=n,
        )

    def _offset(self, d: dt.date) -> int:
        i = d.toordinal() - self._origin
        if not 0 <= i < self._days:
            raise self._outside(d)
        return i

    def _outside(self, d: dt.date) -> OutsideCoverageError:
        first, last = self.coverage
        return OutsideCoverageError(
            f"{day(d)} is outside the years this calendar covers "
            f"({day(first)} to {day(last)}, calendar {self.name!r}); "
            "build a calendar covering it, e.g. "
            f"england_calendar(first_year={min(d.year, self.first_year)}, "
            f"last_year={max(d.year, self.last_year)})",
            field="date",
            value=d,
        )


def _christmas_and_good_fridays(first_year: int, last_year: int) -> set[dt.date]:
    """Christmas Day and Good Friday of each year: common-law holidays named in reg. 2(1)."""
    from dateutil.easter import easter  # noqa: PLC0415 (lazy: keep `import iro_schedule` light)

    days: set[dt.date] = set()
    for year in range(first_year, last_year + 1):
        days.add(dt.date(year, 12, 25))
        days.add(easter(year) - dt.timedelta(days=2))
    return days


@functools.lru_cache(maxsize=8)
def england_calendar(
    *, first_year: int = ENGLAND_FIRST_YEAR, last_year: int = ENGLAND_LAST_YEAR
) -> WorkingCalendar:
    """Working days in England and Wales as SI 2010/959 reg. 2(1) defines them.

    Non-working: Saturdays, Sundays, Christmas Day, Good Friday, and the England-and-Wales bank
    holidays (Banking and Financial Dealings Act 1971 and royal proclamations), taken from the
    ``holidays`` package (``GB``, subdivision ``ENG``). Future years are the package's projection
    of the standing rules: a one-off holiday proclaimed later is not in it until the package
    is updated. Built on first use and cached.

    >>> cal = england_calendar()
    >>> cal.coverage
    (datetime.date(1991, 1, 1), datetime.date(2060, 12, 31))
    >>> cal.is_working_day(dt.date(2022, 9, 19))  # State Funeral of Queen Elizabeth II
    False
    """
    import holidays  # noqa: PLC0415 (lazy: keep `import iro_schedule` light)

    years = range(first_year, last_year + 1)
    bank_holidays = holidays.country_holidays("GB", subdiv="ENG", years=years)
    days = set(bank_holidays) | _christmas_and_good_fridays(first_year, last_year)
    return WorkingCalendar(
        days,
        first_year,
        last_year,
        name=f"England and Wales (holidays {holidays.__version__})",  # type: ignore[attr-defined]
    )


def calendar_from_govuk_json(
    source: str | os.PathLike[str] | bytes | Mapping[str, Any],
    *,
    division: str = "england-and-wales",
) -> WorkingCalendar:
    """A calendar from GOV.UK's ``bank-holidays.json`` (a path, the raw bytes, or the parsed dict).

    Covers the years from the first to the last event of ``division``; Christmas Day and Good
    Friday are added for each of them, as reg. 2(1) names them separately from bank holidays.

    >>> data = {"england-and-wales": {"division": "england-and-wales", "events": [
    ...     {"title": "Christmas Day", "date": "2025-12-25"},
    ...     {"title": "Boxing Day", "date": "2025-12-26"}]}}
    >>> cal = calendar_from_govuk_json(data)
    >>> cal.coverage, cal.is_working_day(dt.date(2025, 12, 26))
    ((datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)), False)
    """
    data = _load_json(source)
    events = _events(data, division)
    dates: set[dt.date] = set()
    for index, event in enumerate(events):
        dates.add(_event_date(event, f"{division}.events[{index}]"))
    if not dates:
        raise CalendarDataError(
            f"division {division!r} lists no events; check the file is GOV.UK's bank-holidays.json",
            field=f"{division}.events",
        )
    first_year = min(dates).year
    last_year = max(dates).year
    dates |= _christmas_and_good_fridays(first_year, last_year)
    return WorkingCalendar(dates, first_year, last_year, name=f"GOV.UK bank holidays ({division})")


def _load_json(source: str | os.PathLike[str] | bytes | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(source, Mapping):
        return source
    try:
        if isinstance(source, bytes):
            loaded = json.loads(source.decode("utf-8-sig"))  # pragma: no mutate
        else:
            with open(source, encoding="utf-8-sig") as handle:  # pragma: no mutate
                loaded = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CalendarDataError(
            f"could not read bank-holiday JSON: {exc}", record=str(source)[:80], value=source
        ) from exc
    if not isinstance(loaded, Mapping):
        raise CalendarDataError(
            f"expected a JSON object keyed by division, got {type(loaded).__name__}",
            value=loaded,
        )
    return loaded


def _events(data: Mapping[str, Any], division: str) -> list[Any]:
    if division not in data:
        raise CalendarDataError(
            f"no division {division!r} in the JSON (it has {sorted(data)!r}); "
            "pass division=... with one of those",
            field="division",
            value=division,
        )
    block = data[division]
    events = block.get("events") if isinstance(block, Mapping) else None
    if not isinstance(events, list):
        raise CalendarDataError(
            f"division {division!r} has no 'events' list", field=f"{division}.events", value=block
        )
    return events


def _event_date(event: Any, record: str) -> dt.date:
    raw = event.get("date") if isinstance(event, Mapping) else None
    if not isinstance(raw, str):
        raise CalendarDataError(
            f"date must be a string YYYY-MM-DD, got {raw!r}", record=record, field="date", value=raw
        )
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise CalendarDataError(
            f"date {raw!r} is not an ISO date (YYYY-MM-DD)", record=record, field="date", value=raw
        ) from exc


# --- the same counting over numpy arrays ---------------------------------------------------


@functools.lru_cache(maxsize=8)
def _busdaycalendar(calendar: WorkingCalendar) -> Any:
    np = numpy()
    holidays = np.array(sorted(calendar.non_working_days), dtype="datetime64[D]")
    return np.busdaycalendar(weekmask="1111100", holidays=holidays)


def _check_coverage(calendar: WorkingCalendar, days: DateArray, what: str) -> None:
    np = numpy()
    present = days[~np.isnat(days)]
    if present.size == 0:
        return
    first, last = calendar.coverage
    low, high = present.min(), present.max()
    if low < np.datetime64(first) or high > np.datetime64(last):
        bad = low if low < np.datetime64(first) else high
        raise OutsideCoverageError(
            f"{what} {day(bad.item())} is outside the years this calendar covers ({day(first)} to "
            f"{day(last)}); build a calendar covering it, e.g. "
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
    np = numpy()
    days = as_days(dates)
    _check_coverage(calendar, days, "date")
    if n == 0:
        return days
    # numpy counts from the date itself when it is a business day, so roll a non-working date
    # away from the direction of travel: back for n > 0, forward for n < 0.
    roll = "backward" if n > 0 else "forward"  # pragma: no mutate
    result: DateArray = np.busday_offset(days, n, roll=roll, busdaycal=_busdaycalendar(calendar))
    _check_coverage(calendar, result, f"{n} working days from a date lands on")
    return result

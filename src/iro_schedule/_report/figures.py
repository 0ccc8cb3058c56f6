"""The annual figures councils publish, computed from a :class:`Validation`.

A reporting year runs from 1 April to 31 March and is named by the year it ends in, as the
SSDA903 collection is ("2024" is 1 April 2023 to 31 March 2024, shown as 2023-24).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable

import attrs

from .._memory import paused_gc
from .._validate.rows import RowStatus
from .._validate.validation import Validation
from .._validate.window import reporting_year

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

    - ``held``: reviews judged (on time or late) with their counted date in the year;
    - ``late_days_median``/``late_days_max``: over the late ones;
    - ``overdue_at_year_end``: periods of care with a review overdue on 31 March (or on the
      as-of date, for a year not yet over);
    - ``children_reviewed``/``children_all_on_time``: per child, over children with a review
      judged in the year;
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
    children_reviewed: int
    children_all_on_time: int
    participation_counted: int
    participated: int
    did_not_participate: int
    participation_unknown: int
    not_assessable: int
    invalid: int
    months: tuple[MonthFigures, ...]

    @property
    def label(self) -> str:
        """The year as councils write it, e.g. ``2023-24``."""
        return f"{self.year - 1}-{self.year % 100:02d}"

    @property
    def percent_on_time(self) -> float | None:
        return _percent(self.on_time, self.held)

    @property
    def percent_children_all_on_time(self) -> float | None:
        return _percent(self.children_all_on_time, self.children_reviewed)

    @property
    def percent_participated(self) -> float | None:
        return _percent(self.participated, self.participation_counted)


def annual_figures(validation: Validation, years: Iterable[int]) -> tuple[YearFigures, ...]:
    """The figures for each reporting year in ``years`` (named by the year they end in)."""
    with paused_gc():
        return _annual_figures(validation, years)


class _Tally:
    """What one reporting year's figures are made of, gathered in one pass over the rows."""

    def __init__(self) -> None:
        self.late_days: list[int] = []
        self.reviewed: set[str] = set()  # children with a review judged in the year
        self.reviewed_late: set[str] = set()  # ... and those of them with a late one
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
_INVALID = RowStatus.INVALID
#: Where a REVIEW_CODE is counted: participated (PN1-PN6), did not (PN7), unknown (any other).
_PARTICIPATION_INDEX = dict.fromkeys(_PARTICIPATED, 0) | {"PN7": 1}


def _annual_figures(validation: Validation, years: Iterable[int]) -> tuple[YearFigures, ...]:
    tallies = {year: _Tally() for year in sorted(set(years))}
    days: dict[dt.date, _Day | None] = {}  # a caseload has few distinct dates, many rows each
    for status, day, meeting, child, code, age, days_late in validation.rows.facts():
        if day is None:
            continue
        try:
            slot = days[day]
        except KeyError:
            tally = tallies.get(reporting_year(day))
            slot = days[day] = None if tally is None else _Day(day, tally)
        if slot is None:
            continue
        judged = status is _ON_TIME or status is _LATE
        if not judged and status is not _NOT_ASSESSABLE:
            if status is _INVALID:
                slot.tally.invalid += 1
            continue  # overdue, duplicate or not counted
        if meeting > 1:
            continue  # a later meeting of a review counted at its first
        # A review held: participation (children aged 4 or over), then the verdict if judged.
        tally = slot.tally
        if code != "PN0" and (age is None or age >= 4):
            tally.participation[_PARTICIPATION_INDEX.get(code, 2)] += 1
        if not judged:
            tally.not_assessable += 1
            continue
        slot.held += 1
        tally.reviewed.add(child)
        if status is _ON_TIME:
            slot.on_time += 1
        else:
            tally.reviewed_late.add(child)
            if days_late is not None:
                tally.late_days.append(days_late)
    return tuple(_year(validation, year, tally) for year, tally in tallies.items())


def _year(validation: Validation, year: int, tally: _Tally) -> YearFigures:
    start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    late = tally.late_days
    held = sum(day.held for day in tally.days)
    participated, did_not, unknown = tally.participation
    return YearFigures(
        year=year,
        start=start,
        end=end,
        held=held,
        on_time=held - len(late),
        late=len(late),
        late_days_median=float(statistics.median(late)) if late else None,
        late_days_max=max(late) if late else None,
        overdue_at_year_end=_overdue_on(validation, min(end, validation.as_of)),
        children_reviewed=len(tally.reviewed),
        children_all_on_time=len(tally.reviewed - tally.reviewed_late),
        participation_counted=participated + did_not,
        participated=participated,
        did_not_participate=did_not,
        participation_unknown=unknown,
        not_assessable=tally.not_assessable,
        invalid=tally.invalid,
        months=_months(start, tally),
    )


def _overdue_on(validation: Validation, day: dt.date) -> int:
    return sum(1 for t in validation.timelines if t.overdue_on(day) is not None)


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

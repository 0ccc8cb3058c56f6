"""The annual figures councils publish, computed from a :class:`Validation`.

A reporting year runs from 1 April to 31 March and is named by the year it ends in, as the
SSDA903 collection is ("2024" is 1 April 2023 to 31 March 2024, shown as 2023-24).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence

import attrs

from ._tabular import paused_gc
from ._validate import HELD, JUDGED, RowStatus, RowVerdict, Validation

__all__ = ["MonthFigures", "YearFigures", "annual_figures", "reporting_year"]

_PARTICIPATED = frozenset({"PN1", "PN2", "PN3", "PN4", "PN5", "PN6"})


def reporting_year(day: dt.date) -> int:
    """The reporting year (named by the year it ends in) that ``day`` falls in.

    >>> reporting_year(dt.date(2024, 3, 31)), reporting_year(dt.date(2024, 4, 1))
    (2024, 2025)
    """
    return day.year + 1 if day.month >= 4 else day.year


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


def _annual_figures(validation: Validation, years: Iterable[int]) -> tuple[YearFigures, ...]:
    by_year: dict[int, list[RowVerdict]] = defaultdict(list)
    overdue = RowStatus.OVERDUE
    for row in validation.rows:
        if row.status is overdue:
            continue
        day = row.counted_date if row.counted_date is not None else row.meeting_date
        if day is not None:
            by_year[day.year + 1 if day.month >= 4 else day.year].append(row)
    return tuple(_year(validation, year, by_year[year]) for year in sorted(set(years)))


def _year(validation: Validation, year: int, rows: Sequence[RowVerdict]) -> YearFigures:
    start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    reviews = [r for r in rows if r.status in HELD and r.meeting <= 1]
    judged = [r for r in reviews if r.status in JUDGED]
    late = [r.days_late for r in judged if r.status is RowStatus.LATE and r.days_late is not None]
    children: dict[str, bool] = {}
    for row in judged:
        children[row.child] = children.get(row.child, True) and row.status is RowStatus.ON_TIME
    participation = _participation(reviews)
    return YearFigures(
        year=year,
        start=start,
        end=end,
        held=len(judged),
        on_time=len(judged) - len(late),
        late=len(late),
        late_days_median=float(statistics.median(late)) if late else None,
        late_days_max=max(late) if late else None,
        overdue_at_year_end=_overdue_on(validation, min(end, validation.as_of)),
        children_reviewed=len(children),
        children_all_on_time=sum(children.values()),
        participation_counted=participation[0],
        participated=participation[1],
        did_not_participate=participation[2],
        participation_unknown=participation[3],
        not_assessable=sum(1 for r in reviews if r.status is RowStatus.NOT_ASSESSABLE),
        invalid=sum(1 for r in rows if r.status is RowStatus.INVALID),
        months=_months(start, judged),
    )


def _overdue_on(validation: Validation, day: dt.date) -> int:
    return sum(1 for t in validation.timelines if t.overdue_on(day) is not None)


def _participation(reviews: Sequence[RowVerdict]) -> tuple[int, int, int, int]:
    """(aged 4+ counted, participated, did not, unknown code) over reviews held."""
    participated = did_not = unknown = 0
    for row in reviews:
        under_four = row.age is not None and row.age < 4
        if row.participation == "PN0" or under_four:
            continue
        if row.participation in _PARTICIPATED:
            participated += 1
        elif row.participation == "PN7":
            did_not += 1
        else:
            unknown += 1
    return participated + did_not, participated, did_not, unknown


def _months(start: dt.date, judged: Sequence[RowVerdict]) -> tuple[MonthFigures, ...]:
    held: dict[tuple[int, int], int] = defaultdict(int)
    on_time: dict[tuple[int, int], int] = defaultdict(int)
    for row in judged:
        assert row.date is not None
        key = (row.date.year, row.date.month)
        held[key] += 1
        on_time[key] += row.status is RowStatus.ON_TIME
    months = []
    for offset in range(12):
        year, month0 = divmod(start.month - 1 + offset, 12)
        first = dt.date(start.year + year, month0 + 1, 1)
        key = (first.year, first.month)
        months.append(MonthFigures(month=first, held=held[key], on_time=on_time[key]))
    return tuple(months)

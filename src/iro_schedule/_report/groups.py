"""The figures by group (a team, an IRO), and each IRO's caseload over time.

Annual IRO reports give timeliness by team and each IRO's caseload against 50 to 70 children
per full-time IRO, the range they quote from the IRO Handbook (DCSF, 2010; its text could not be
checked here: see the legal basis, section 4.1), so the range is the caller's to set. A group is
a column of the council's own, kept when reading (``keep=``): each period of care belongs to the
group its :class:`~iro_schedule.records.Labels` gives it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs

from .._law.months import add_months
from .._read.rows import Inputs, Labels
from .._validate.judging import BoundsTimeline, Timeline
from .._validate.rows import RowVerdict
from .._validate.validation import Validation, caseload
from .._years import year_span
from .figures import YearFigures, annual_figures

__all__ = ["NO_GROUP", "Caseloads", "caseloads", "figures_by"]

#: The group of a period of care whose column is blank.
NO_GROUP = "(none)"


def figures_by(
    validation: Validation, years: Iterable[int], labels: Labels
) -> dict[str, tuple[YearFigures, ...]]:
    """:func:`annual_figures` for each group, in the groups' order (blank last).

    Every row counts in its period's group, an overdue review as its period's held ones do.
    """
    years = list(years)
    rows: dict[str, list[RowVerdict]] = {}
    for row in validation.rows:
        rows.setdefault(labels.of(row.child, row.period_start) or NO_GROUP, []).append(row)
    timelines: dict[str, list[Timeline | BoundsTimeline]] = {}
    for timeline in validation.timelines:
        group = labels.of(timeline.child, timeline.start) or NO_GROUP
        timelines.setdefault(group, []).append(timeline)
    found = {}
    for group in sorted(rows.keys() | timelines.keys(), key=lambda g: (g == NO_GROUP, g)):
        part = attrs.evolve(
            validation, rows=rows.get(group, []), timelines=tuple(timelines.get(group, []))
        )
        found[group] = annual_figures(part, years)
    return found


@attrs.frozen
class Caseloads:
    """How many children each IRO had (periods of care open) on each day, against a range.

    ``low``/``high`` bound a full-time IRO's caseload (the IRO Handbook's 50 to 70 by default).
    """

    days: tuple[dt.date, ...]
    by_iro: dict[str, tuple[int, ...]]
    low: int = 50
    high: int = 70

    def outside(self, iro: str) -> list[str]:
        """For each day, "below" or "above" the range, or "" within it."""
        return [
            "below" if n < self.low else "above" if n > self.high else "" for n in self.by_iro[iro]
        ]


def caseloads(
    inputs: Inputs,
    labels: Labels,
    *,
    as_of: dt.date,
    reviews_from: dt.date | None,
    years: Sequence[int] = (),
    low: int = 50,
    high: int = 70,
) -> Caseloads:
    """The children with a period of care open on each month end of ``years`` up to ``as_of``,
    and on ``as_of``, by the IRO (or other group) their period's ``labels`` give."""
    days = sorted({d for y in years for d in _month_ends(y) if d <= as_of} | {as_of})
    loaded = caseload(inputs, as_of=as_of, reviews_from=reviews_from)
    periods = [(child, p.start, p.end) for child, p in loaded.periods]
    periods += [(child, start, end) for child, start, end, _ in loaded.skipped]
    open_on: dict[str, list[set[str]]] = {}
    for child, start, end in periods:
        group = labels.of(child, start) or NO_GROUP
        counts = open_on.setdefault(group, [set() for _ in days])
        for i, day in enumerate(days):
            if start <= day and (end is None or day <= end):
                counts[i].add(child)
    by_iro = {
        group: tuple(len(children) for children in open_on[group])
        for group in sorted(open_on, key=lambda g: (g == NO_GROUP, g))
    }
    return Caseloads(tuple(days), by_iro, low, high)


def _month_ends(year: int) -> list[dt.date]:
    first, _ = year_span(year)
    return [add_months(first, k + 1) - dt.timedelta(days=1) for k in range(12)]

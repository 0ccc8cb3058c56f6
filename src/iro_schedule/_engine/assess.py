"""The engine: when each review of a period of care falls due, and whether it was held in time.

It is a loop over the law's rules (``iro_schedule._law``) and is regime-agnostic: the intervals
come from a :class:`Regime`, the open questions from a :class:`Policy`. For review n of a
period, the interval starts at the period's start (n = 1) or at the counted date of review
n - 1, and the review is on time if its counted date is on or before the last day of that
interval.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from .._errors import require_date, require_type
from .._law.cadence import Found, days_late, governing, governing_found, horizon
from .._law.calendar import WorkingCalendar
from .._law.history import first_fault
from .._law.policy import Policy, counted_date
from .._law.regimes import Regime
from .periods import PeriodOfCare, review_name
from .verdicts import Assessment, Verdict

__all__ = ["Judged", "assess", "first_review_due", "judge_spans"]

_DEFAULT_POLICY = Policy()


def first_review_due(
    start: dt.date,
    *,
    regime: Regime | None = None,
    calendar: WorkingCalendar | None = None,
    policy: Policy | None = None,
) -> dt.date:
    """The last day on which the first review of a period of care starting on ``start`` is on time.

    ``regime`` defaults to the England regime in force on ``start``; ``calendar`` to the
    regime's own (England and Wales working days).

    >>> first_review_due(dt.date(2024, 12, 20))  # Fri 20 Dec 2024: 20 working days
    datetime.date(2025, 1, 22)
    >>> first_review_due(dt.date(2011, 3, 31))  # the 1991 Regulations: four weeks
    datetime.date(2011, 4, 28)
    """
    require_date(start, field="start")
    _require_options(regime=regime, policy=policy, calendar=calendar)
    policy = policy if policy is not None else _DEFAULT_POLICY
    return governing(start, 1, regime, policy, calendar)[1]


def _require_options(
    *,
    regime: object = None,
    policy: object = None,
    calendar: object = None,
    as_of: object = None,
) -> None:
    """The keyword arguments every door takes, of the types they must be."""
    if regime is not None:
        require_type(
            regime, Regime, field="regime", give="a Regime, e.g. REGIMES_BY_NAME['ENGLAND_2010']"
        )
    if policy is not None:
        require_type(policy, Policy, field="policy", give="a Policy, e.g. Policy(...)")
    if calendar is not None:
        require_type(calendar, WorkingCalendar, field="calendar", give="a WorkingCalendar, or None")
    if as_of is not None:
        require_date(as_of, field="as_of")


def assess(
    period: PeriodOfCare,
    *,
    as_of: dt.date | None = None,
    policy: Policy | None = None,
    calendar: WorkingCalendar | None = None,
) -> Assessment:
    """Judge every review of ``period`` and work out when the next one is due.

    ``as_of`` is the date the assessment is made (there is no implicit "today"): a review whose
    due date is before it and was not held comes out as an overdue verdict, and a review held
    after it cannot be judged yet (:class:`~iro_schedule.errors.ReviewAfterAsOfError`). For an
    ended period the end date plays the same part.

    >>> from iro_schedule import Review
    >>> period = PeriodOfCare(start=dt.date(2024, 12, 20), reviews=[
    ...     Review(meetings=[dt.date(2025, 1, 20)]),
    ...     Review(meetings=[dt.date(2025, 4, 25)], id="R-2")])
    >>> result = assess(period, as_of=dt.date(2025, 11, 1))
    >>> [(v.ordinal, v.due.isoformat(), v.status.value) for v in result.verdicts]
    [(1, '2025-01-22', 'on time'), (2, '2025-04-20', 'late'), (3, '2025-10-25', 'overdue')]
    >>> print(result.verdicts[1].explain())  # doctest: +NORMALIZE_WHITESPACE
    Review 2 (id 'R-2') was due by Sun 20 Apr 2025: not more than 3 months after review 1
    (Mon 20 Jan 2025), under Care Planning, Placement and Case Review (England) Regulations 2010
    (SI 2010/959), reg. 33(2). It was held on Fri 25 Apr 2025: 5 days late.
    """
    require_type(period, PeriodOfCare, field="period", give="a PeriodOfCare")
    _require_options(policy=policy, calendar=calendar, as_of=as_of)
    policy = policy if policy is not None else _DEFAULT_POLICY
    spans = [(review.first_meeting, review.completed) for review in period.reviews]
    if as_of is not None and spans and spans[-1][1] > as_of:
        # The period checked its own history when it was made: only the as-of date is left.
        fault = first_fault(period.start, None, spans, as_of=as_of)
        assert fault is not None  # the last review is after as_of
        raise fault.error(review_name(period.reviews[fault.index], fault.index))
    judged = judge_spans(
        period.start,
        period.end,
        period.regime,
        spans,
        as_of=as_of,
        policy=policy,
        calendar=calendar,
    )
    verdicts: list[Verdict] = []
    held = zip(period.reviews, judged.held, strict=True)  # pragma: no mutate
    for ordinal, (review, (due, counted, regime, anchor)) in enumerate(held, start=1):
        verdicts.append(
            Verdict(
                ordinal=ordinal,
                due=due,
                review=review,
                counted_date=counted,
                on_time=counted <= due,
                days_late=days_late(counted, due),
                regime=regime,
                anchor=anchor,
                policy=policy,
            )
        )
    ordinal = len(verdicts) + 1
    if judged.overdue_by is not None:
        verdicts.append(
            Verdict(
                ordinal=ordinal,
                due=judged.next_due,
                review=None,
                counted_date=judged.overdue_by,
                on_time=False,
                days_late=(judged.overdue_by - judged.next_due).days,
                regime=judged.next_regime,
                anchor=judged.next_anchor,
                policy=policy,
                horizon_is_period_end=judged.overdue_by_period_end,
            )
        )
    ended_before_due = period.end is not None and period.end < judged.next_due
    return Assessment(
        period=period,
        verdicts=tuple(verdicts),
        next_ordinal=ordinal,
        next_due=None if ended_before_due else judged.next_due,
        next_regime=judged.next_regime,
        next_anchor=judged.next_anchor,
    )


class Judged(NamedTuple):
    """What :func:`judge_spans` found for one period of care, in plain values.

    ``held`` has, per review, (due, counted date, regime, anchor); then the next review's due
    date, regime and anchor, and the date by which it was overdue (None if it was not).
    """

    held: list[tuple[dt.date, dt.date, Regime, dt.date]]
    next_due: dt.date
    next_regime: Regime
    next_anchor: dt.date
    overdue_by: dt.date | None
    overdue_by_period_end: bool


def judge_spans(
    start: dt.date,
    end: dt.date | None,
    regime: Regime | None,
    spans: Sequence[tuple[dt.date, dt.date]],
    *,
    as_of: dt.date | None,
    policy: Policy,
    calendar: WorkingCalendar | None,
    found: Found | None = None,
) -> Judged:
    """The engine itself: the reg. 33 cadence over reviews given as (first, last meeting).

    The inputs are taken as already validated (as :class:`PeriodOfCare` does); :func:`assess`
    wraps this in values, and validating a caseload calls it directly, building verdicts only
    when they are asked for. Review n's interval runs from the period's start (n = 1) or from
    the counted date of review n - 1 (reg. 33(1)-(2)).

    ``found`` keeps the cadence's answers across calls with the same ``policy`` and
    ``calendar`` (see :func:`governing_found`): a caseload's millions of reviews have a few
    thousand anchors.
    """
    held: list[tuple[dt.date, dt.date, Regime, dt.date]] = []
    anchor = start
    # (Answers kept for this call only, or the caller's: the same answers. Not mutated.)
    found = {} if found is None else found  # pragma: no mutate
    for ordinal, (first, last) in enumerate(spans, start=1):
        in_force, due = governing_found(anchor, ordinal, regime, policy, calendar, found)
        counted = first  # a review of one meeting counts from it
        if first != last:
            counted = counted_date(first, last, in_force, policy, calendar)
        held.append((due, counted, in_force, anchor))
        anchor = counted
    in_force, due = governing_found(anchor, len(held) + 1, regime, policy, calendar, found)
    until, is_end = horizon(end, as_of)
    overdue = until is not None and due < until
    return Judged(
        held=held,
        next_due=due,
        next_regime=in_force,
        next_anchor=anchor,
        overdue_by=until if overdue else None,
        overdue_by_period_end=is_end and overdue,
    )

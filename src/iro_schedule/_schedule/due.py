"""Day-to-day scheduling: due lists, alerts, rescheduling checks and paperwork deadlines.

Everything here stands on :func:`assess`: the next review of a period of care is due when the
engine says, and a proposed date is checked by assessing the period as if the review were held
then. Paperwork deadlines (IRO Handbook practice, not a statutory timescale) never change a
timeliness verdict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from .._engine.assess import assess
from .._engine.periods import PeriodOfCare, Review
from .._engine.verdicts import Verdict
from .._errors import IroScheduleError, WrongTypeError, require_date
from .._law.calendar import WorkingCalendar
from .._law.policy import Policy
from .._law.regimes import Regime
from .._wording import day, due_soon, proposal

__all__ = [
    "Alerts",
    "DueItem",
    "Paperwork",
    "PaperworkPolicy",
    "RescheduleCheck",
    "alerts",
    "check_reschedule",
    "due_list",
    "next_reviews",
    "paperwork",
]

_ONE_DAY = dt.timedelta(days=1)


def _calendar(regime: Regime, calendar: WorkingCalendar | None) -> WorkingCalendar:
    return calendar if calendar is not None else regime.calendar()


@attrs.frozen(kw_only=True)
class DueItem:
    """The next review of one period of care: when it is due, and the practical deadline.

    ``deadline`` is the last working day on or before ``due`` (when the due date falls on a
    weekend or holiday, the review has to be held by then). ``days_remaining`` and
    ``working_days_remaining`` count from ``as_of`` to ``due`` (negative once it has passed).
    ``verdict`` is the overdue verdict when the review is already overdue, else None.
    """

    child: str
    period: PeriodOfCare
    ordinal: int
    #: The date the interval runs from: the period's start, or the previous review's counted date.
    anchor: dt.date
    due: dt.date
    deadline: dt.date
    regime: Regime
    as_of: dt.date
    days_remaining: int
    working_days_remaining: int
    verdict: Verdict | None = attrs.field(default=None, repr=False)

    @property
    def overdue(self) -> bool:
        """Whether the review was due before ``as_of`` and has not been held."""
        return self.verdict is not None

    def explain(self) -> str:
        """A plain-English line for a due list or an alert."""
        if self.verdict is not None:
            return self.verdict.explain()
        return due_soon(self)


def _pairs(periods: Iterable[tuple[str, PeriodOfCare]]) -> Iterable[tuple[str, PeriodOfCare]]:
    """The (child, period of care) pairs, each checked."""
    if isinstance(periods, PeriodOfCare) or not isinstance(periods, Iterable):
        raise WrongTypeError(
            f"periods must be (child, PeriodOfCare) pairs, got {periods!r}; give e.g. "
            "caseload(...).periods, or [('child-1', period)]",
            field="periods",
            value=periods,
        )
    for i, pair in enumerate(periods):
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[1], PeriodOfCare)):
            raise WrongTypeError(
                f"periods[{i}] must be a (child, PeriodOfCare) pair, got {pair!r}",
                field="periods",
                value=pair,
            )
        yield pair


def next_reviews(
    periods: Iterable[tuple[str, PeriodOfCare]],
    *,
    as_of: dt.date,
    policy: Policy | None = None,
    calendar: WorkingCalendar | None = None,
) -> list[DueItem]:
    """The next review of every period of care open on ``as_of``, sorted by due date.

    ``periods`` pairs a child's identifier with a period of care (e.g. ``caseload(...).periods``).
    A period that ended on or before ``as_of`` has no next review.
    """
    require_date(as_of, field="as_of")
    items = []
    for child, period in _pairs(periods):
        if period.end is not None and period.end <= as_of:
            continue
        assessment = assess(period, as_of=as_of, policy=policy, calendar=calendar)
        if assessment.next_due is None:
            continue
        overdue = assessment.verdicts[-1] if assessment.verdicts else None
        if overdue is not None and overdue.review is not None:
            overdue = None
        regime = assessment.next_regime
        cal = _calendar(regime, calendar)
        due = assessment.next_due
        items.append(
            DueItem(
                child=child,
                period=period,
                ordinal=assessment.next_ordinal,
                anchor=assessment.next_anchor,
                due=due,
                deadline=cal.working_day_on_or_before(due),
                regime=regime,
                as_of=as_of,
                days_remaining=(due - as_of).days,
                working_days_remaining=cal.working_days_between(as_of, due),
                verdict=overdue,
            )
        )
    items.sort(key=lambda item: (item.due, item.child))
    return items


def due_list(
    periods: Iterable[tuple[str, PeriodOfCare]],
    *,
    first: dt.date,
    last: dt.date,
    as_of: dt.date,
    policy: Policy | None = None,
    calendar: WorkingCalendar | None = None,
) -> list[DueItem]:
    """The next reviews due from ``first`` to ``last`` (inclusive), as known on ``as_of``.

    >>> import iro_schedule as iro
    >>> period = iro.PeriodOfCare(start=dt.date(2025, 1, 6),
    ...                           reviews=[iro.Review(meetings=[dt.date(2025, 1, 30)])])
    >>> [(i.child, i.ordinal, i.due, i.deadline) for i in due_list(
    ...     [("A1", period)], first=dt.date(2025, 4, 1), last=dt.date(2025, 4, 30),
    ...     as_of=dt.date(2025, 3, 31))]
    [('A1', 2, datetime.date(2025, 4, 30), datetime.date(2025, 4, 30))]
    """
    require_date(first, field="first")
    require_date(last, field="last")
    return [
        item
        for item in next_reviews(periods, as_of=as_of, policy=policy, calendar=calendar)
        if first <= item.due <= last
    ]


@attrs.frozen(kw_only=True)
class Alerts:
    """Reviews due soon (within the given working days) and reviews already overdue."""

    as_of: dt.date
    within: int
    due_soon: tuple[DueItem, ...]
    overdue: tuple[DueItem, ...]


def alerts(
    periods: Iterable[tuple[str, PeriodOfCare]],
    *,
    as_of: dt.date,
    within: int = 5,
    policy: Policy | None = None,
    calendar: WorkingCalendar | None = None,
) -> Alerts:
    """Reviews due within ``within`` working days of ``as_of``, and the overdue exceptions."""
    if isinstance(within, bool) or not isinstance(within, int) or within < 0:
        raise IroScheduleError(
            f"within must be a whole number of working days, 0 or more, got {within!r}",
            field="within",
            value=within,
        )
    items = next_reviews(periods, as_of=as_of, policy=policy, calendar=calendar)
    overdue = tuple(item for item in items if item.overdue)
    soon = tuple(
        item
        for item in items
        if not item.overdue and item.due >= as_of and item.working_days_remaining <= within
    )
    return Alerts(as_of=as_of, within=within, due_soon=soon, overdue=overdue)


@attrs.frozen(kw_only=True)
class RescheduleCheck:
    """What holding the next review on ``proposed`` would mean.

    ``latest`` is the latest date on which it would be on time (its due date); ``following_due``
    is when the review after it would then fall due (holding a review early pulls the next one
    forward: the clock restarts from it).
    """

    proposed: dt.date
    ordinal: int
    due: dt.date
    latest: dt.date
    on_time: bool
    days_late: int
    following_due: dt.date | None
    verdict: Verdict = attrs.field(repr=False)

    def explain(self) -> str:
        """A plain-English account: the rule, the outcome of the proposal, what it does next."""
        return proposal(self.verdict, self.latest, self.following_due)


def check_reschedule(
    period: PeriodOfCare,
    proposed: dt.date,
    *,
    policy: Policy | None = None,
    calendar: WorkingCalendar | None = None,
) -> RescheduleCheck:
    """Check a proposed date for the period's next review against the timescales.

    >>> import iro_schedule as iro
    >>> period = iro.PeriodOfCare(start=dt.date(2025, 1, 6),
    ...                           reviews=[iro.Review(meetings=[dt.date(2025, 1, 30)])])
    >>> check = check_reschedule(period, dt.date(2025, 4, 15))
    >>> check.on_time, check.latest, check.following_due
    (True, datetime.date(2025, 4, 30), datetime.date(2025, 10, 15))
    """
    require_date(proposed, field="proposed")
    held = period.reviews[-1].completed if period.reviews else None
    if held is not None and proposed <= held:
        raise IroScheduleError(
            f"the proposed date {day(proposed)} is not after the last review held "
            f"({day(held)}); propose a later date",
            field="proposed",
            value=proposed,
        )
    with_review = attrs.evolve(period, reviews=[*period.reviews, Review(meetings=[proposed])])
    assessment = assess(with_review, policy=policy, calendar=calendar)
    verdict = assessment.verdicts[len(period.reviews)]
    return RescheduleCheck(
        proposed=proposed,
        ordinal=verdict.ordinal,
        due=verdict.due,
        latest=verdict.due,
        on_time=verdict.on_time,
        days_late=verdict.days_late,
        following_due=assessment.next_due,
        verdict=verdict,
    )


@attrs.frozen(kw_only=True)
class PaperworkPolicy:
    """Paperwork deadlines around a review, in working days (IRO Handbook practice).

    Defaults: the care plan and reports reach the IRO 3 working days before the review; the
    decisions are circulated within 5 working days after it; the full record within 20 (some
    councils use 15). ``midpoint`` adds a mid-point check halfway between reviews.
    """

    care_plan_before: int = attrs.field(default=3, validator=attrs.validators.ge(0))
    decisions_after: int = attrs.field(default=5, validator=attrs.validators.ge(0))
    record_after: int = attrs.field(default=20, validator=attrs.validators.ge(0))
    midpoint: bool = False


@attrs.frozen(kw_only=True)
class Paperwork:
    """The paperwork deadlines for one review held (or planned) on ``review_date``."""

    review_date: dt.date
    care_plan_by: dt.date
    decisions_by: dt.date
    record_by: dt.date


def paperwork(
    review_date: dt.date, *, calendar: WorkingCalendar, policy: PaperworkPolicy | None = None
) -> Paperwork:
    """The paperwork deadlines around a review on ``review_date``.

    >>> from iro_schedule import england_calendar
    >>> p = paperwork(dt.date(2025, 4, 30), calendar=england_calendar())
    >>> p.care_plan_by, p.decisions_by, p.record_by
    (datetime.date(2025, 4, 25), datetime.date(2025, 5, 8), datetime.date(2025, 5, 30))
    """
    require_date(review_date, field="review_date")
    rules = policy if policy is not None else PaperworkPolicy()
    return Paperwork(
        review_date=review_date,
        care_plan_by=calendar.add_working_days(review_date, -rules.care_plan_before),
        decisions_by=calendar.add_working_days(review_date, rules.decisions_after),
        record_by=calendar.add_working_days(review_date, rules.record_after),
    )


def midpoint(previous: dt.date, due: dt.date) -> dt.date:
    """The day halfway from the previous review to the next one's due date (for a check).

    >>> midpoint(dt.date(2025, 1, 30), dt.date(2025, 7, 30))
    datetime.date(2025, 4, 30)
    """
    return previous + (due - previous) // 2

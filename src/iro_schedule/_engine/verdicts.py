"""Verdicts: the engine's judgement on each review of a period of care, as values."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from .._law.policy import Policy
from .._law.regimes import Regime
from .._wording import explanation
from .periods import PeriodOfCare, Review

__all__ = ["Assessment", "Status", "Verdict"]


class Status(enum.Enum):
    """The outcome of one verdict."""

    ON_TIME = "on time"
    LATE = "late"
    #: No review was held, and the due date had passed by the as-of date or the period's end.
    OVERDUE = "overdue"


# Not slotted: attrs builds a frozen dict-based instance faster, and assess makes one per review.
@attrs.frozen(kw_only=True, slots=False)
class Verdict:
    """The judgement on one review of a period of care, or on one that was due and not held.

    ``counted_date`` is the date the verdict was judged on: the review's counted meeting, or,
    for an overdue review (``review`` is None), the date by which it had not been held.
    ``days_late`` is in calendar days (0 when on time). ``anchor`` is the date the interval was
    counted from: the period's start for the first review, the previous counted date after it.
    """

    ordinal: int
    due: dt.date
    review: Review | None
    counted_date: dt.date
    on_time: bool
    days_late: int
    regime: Regime
    anchor: dt.date
    policy: Policy = attrs.field(repr=False)
    #: For an overdue verdict: whether it was judged at the as-of date or the period's end.
    horizon_is_period_end: bool = attrs.field(default=False, repr=False)
    #: For an overdue verdict judged at another day (the last before a year missing from the
    #: data): what that day is.
    horizon_note: str = attrs.field(default="", repr=False)

    @property
    def status(self) -> Status:
        """On time, late, or overdue (no review held)."""
        if self.review is None:
            return Status.OVERDUE
        return Status.ON_TIME if self.on_time else Status.LATE

    @property
    def rule(self) -> str:
        """The provision that set this review's due date, e.g. ``"..., reg. 33(2)"``."""
        return self.regime.rule_for(self.ordinal)

    def explain(self) -> str:
        """A plain-English account of the verdict: the rule, the dates and the outcome."""
        return explanation(self)


@attrs.frozen(kw_only=True)
class Assessment:
    """Every verdict on a period of care, and when the next review is due.

    ``verdicts`` has one verdict per review, in order, then one overdue verdict if the next
    review's due date had passed (by ``as_of`` or by the period's end) without a review.
    ``next_due`` is the due date of review number ``next_ordinal`` (None if the period ended
    before it fell due); its interval runs from ``next_anchor`` under ``next_regime``.
    """

    period: PeriodOfCare
    verdicts: tuple[Verdict, ...]
    next_ordinal: int
    next_due: dt.date | None
    next_regime: Regime
    next_anchor: dt.date

    @property
    def all_on_time(self) -> bool:
        """Whether every verdict is on time (no late review and none overdue)."""
        return all(v.on_time for v in self.verdicts)

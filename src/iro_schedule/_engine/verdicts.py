"""Verdicts: the engine's judgement on each review of a period of care, as values."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

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

    def to_dict(self) -> dict[str, Any]:
        """The verdict as plain JSON values (dates ISO), as ``schemas/due-output.schema.json``
        describes them.

        >>> from iro_schedule import PeriodOfCare, Review, assess
        >>> period = PeriodOfCare(start=dt.date(2024, 12, 20),
        ...                       reviews=[Review(meetings=[dt.date(2025, 1, 20)], id="R-1")])
        >>> verdict = assess(period).verdicts[0].to_dict()
        >>> {k: verdict[k] for k in ("ordinal", "due", "status", "days_late", "review_id")}
        {'ordinal': 1, 'due': '2025-01-22', 'status': 'on time', 'days_late': 0, 'review_id': 'R-1'}
        """
        review = self.review
        return {
            "ordinal": self.ordinal,
            "status": self.status.value,
            "due": self.due.isoformat(),
            "counted_date": self.counted_date.isoformat(),
            "days_late": self.days_late,
            "meetings": [m.isoformat() for m in review.meetings] if review else [],
            "review_id": review.id if review else None,
            "brought_forward": review.brought_forward if review else False,
            "regime": self.regime.name,
            "rule": self.rule,
            "anchor": self.anchor.isoformat(),
            "explanation": self.explain(),
        }


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

    def to_dict(self) -> dict[str, Any]:
        """The assessment as plain JSON values (dates ISO), as
        ``schemas/due-output.schema.json`` describes it: the period, every verdict, and the
        next review."""
        period = self.period
        return {
            "period": {
                "start": period.start.isoformat(),
                "end": period.end.isoformat() if period.end else None,
                "regime": period.regime.name if period.regime else None,
            },
            "verdicts": [v.to_dict() for v in self.verdicts],
            "all_on_time": self.all_on_time,
            "next": {
                "ordinal": self.next_ordinal,
                "due": self.next_due.isoformat() if self.next_due else None,
                "regime": self.next_regime.name,
                "anchor": self.next_anchor.isoformat(),
            },
        }

"""The choices the law leaves open, as explicit policy (see docs/policies.md)."""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from .regimes import ENGLAND_REGIMES, Interval, Regime, Unit

__all__ = ["CountedMeeting", "Policy"]


class CountedMeeting(enum.Enum):
    """Which meeting of a multi-meeting or adjourned review its timeliness is judged on."""

    #: The first meeting, if the last one is within ``Policy.completion_limit`` of it (an
    #: adjournment the IRO may make under reg. 36); otherwise the last meeting.
    FIRST_IF_COMPLETED_IN_TIME = "first meeting if completed in time"
    #: Always the last meeting (as some councils' case systems record it).
    LAST = "last meeting"


def _to_regimes(value: Iterable[Regime]) -> tuple[Regime, ...]:
    return tuple(value)


def _non_empty(instance: Policy, attribute: object, value: tuple[Regime, ...]) -> None:
    if not value or not all(isinstance(r, Regime) for r in value):
        raise ValueError(f"regimes must be a non-empty tuple of Regime values, got {value!r}")


@attrs.frozen(kw_only=True)
class Policy:
    """How to resolve the questions the Regulations do not settle.

    The defaults are the library's reading of the law (docs/policies.md gives the reasons):

    - ``count_start_day=False``: the day an interval starts from is not counted (Dodds v Walker),
      so working day 1 is the first working day after the child became looked after;
    - ``counted_meeting=FIRST_IF_COMPLETED_IN_TIME`` with ``completion_limit`` of 20 working days:
      a review held over several meetings counts from its first meeting if its last meeting is
      within 20 working days of the first (the IRO's power to adjourn, reg. 36), otherwise from
      its last; the counted date also anchors the next interval;
    - ``regimes=ENGLAND_REGIMES``: the regime is the one of these in force on the day each
      interval starts, unless the period of care names one.

    Reviews brought forward under reg. 33(3) always take the next ordinal and restart the clock.

    >>> Policy(counted_meeting=CountedMeeting.LAST).count_start_day
    False
    """

    count_start_day: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    counted_meeting: CountedMeeting = attrs.field(
        default=CountedMeeting.FIRST_IF_COMPLETED_IN_TIME,
        validator=attrs.validators.instance_of(CountedMeeting),
    )
    # reg. 36 (as the legal-basis notes reconstruct it): the IRO may adjourn a review meeting
    # once, for not more than 20 working days.
    completion_limit: Interval = attrs.field(
        default=Interval(20, Unit.WORKING_DAYS), validator=attrs.validators.instance_of(Interval)
    )
    regimes: tuple[Regime, ...] = attrs.field(
        default=ENGLAND_REGIMES, converter=_to_regimes, validator=_non_empty
    )

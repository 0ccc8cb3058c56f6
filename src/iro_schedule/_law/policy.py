"""The choices the law leaves open, as explicit policy (see docs/policies.md), and the one rule
that depends on them most: which meeting of a review it is judged on."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

import attrs

from .calendar import WorkingCalendar
from .dayarrays import numpy
from .regimes import ENGLAND_REGIMES, Interval, Regime, Unit

__all__ = [
    "CountedMeeting",
    "Policy",
    "RegimeDate",
    "completion_limit",
    "counted_date",
    "counted_date_array",
]


class CountedMeeting(enum.Enum):
    """Which meeting of a multi-meeting or adjourned review its timeliness is judged on."""

    #: The first meeting, if the last one is within the adjournment the regime allows (under
    #: the 2010 Regulations the IRO may adjourn a meeting once, for up to 20 working days, reg.
    #: 36); otherwise, and under a regime that allows none, the last meeting.
    FIRST_IF_COMPLETED_IN_TIME = "first meeting if completed in time"
    #: Always the last meeting (as some councils' case systems record it).
    LAST = "last meeting"


class RegimeDate(enum.Enum):
    """Which date decides the regime a review falls under, where regimes change (1 April 2011).

    No transitional provision is known in SI 2010/959. The Interpretation Act 1978 (ss. 16 and
    23: a repeal does not affect a right or obligation already accrued) argues for the regime
    in force when the interval started; reg. 33(1) applying to every child looked after on or
    after 1 April 2011 argues for the regime in force when the review falls due.
    """

    #: The regime in force on the day the interval starts (the period's start for review 1,
    #: the previous review's counted date after it).
    INTERVAL_START = "the day the interval starts"
    #: The latest regime that was in force on the day the review falls due under it.
    DUE_DATE = "the day the review falls due"


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
    - ``counted_meeting=FIRST_IF_COMPLETED_IN_TIME``: a review held over several meetings counts
      from its first meeting if its last is within the adjournment its regime allows (20 working
      days under the 2010 Regulations, reg. 36), otherwise, and under a regime with no
      adjournment, from its last; the counted date also anchors the next interval.
      ``completion_limit`` replaces every regime's own limit with one of your choosing;
    - ``regimes=ENGLAND_REGIMES``: the chain of regimes a review may fall under, unless the
      period of care names one; ``regime_date=INTERVAL_START`` chooses among them by the day each
      interval starts (``DUE_DATE``: by the day the review falls due). Where two are in force on
      that day (a local standard beside the Regulations), the one listed last governs.

    Reviews brought forward (reg. 33(3) in the 2010 Regulations) always take the next ordinal
    and restart the clock.

    >>> Policy(counted_meeting=CountedMeeting.LAST).count_start_day
    False
    """

    count_start_day: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    counted_meeting: CountedMeeting = attrs.field(
        default=CountedMeeting.FIRST_IF_COMPLETED_IN_TIME,
        validator=attrs.validators.instance_of(CountedMeeting),
    )
    completion_limit: Interval | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Interval))
    )
    regimes: tuple[Regime, ...] = attrs.field(
        default=ENGLAND_REGIMES, converter=_to_regimes, validator=_non_empty
    )
    regime_date: RegimeDate = attrs.field(
        default=RegimeDate.INTERVAL_START, validator=attrs.validators.instance_of(RegimeDate)
    )
    #: Where data holds a period's reviews only from some day on (it began before the data, or a
    #: year's files are missing), judge a review whose number the data cannot show when every
    #: possible number gives the same verdict (False: report every such review not assessable).
    judge_unknown_numbers: bool = attrs.field(
        default=True, validator=attrs.validators.instance_of(bool)
    )
    #: ``regimes``, the latest listed first: the order they are tried in.
    newest_first: tuple[Regime, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "newest_first", self.regimes[::-1])


_LAST, _WORKING_DAYS = CountedMeeting.LAST, Unit.WORKING_DAYS  # fast names for the hot path


def completion_limit(regime: Regime, policy: Policy) -> Interval | None:
    """How soon after its first meeting a review must be completed to count from that meeting
    (None: it always counts from its last)."""
    if policy.counted_meeting is _LAST:
        return None
    return policy.completion_limit if policy.completion_limit is not None else regime.adjournment


def counted_date(
    first: dt.date, last: dt.date, regime: Regime, policy: Policy, calendar: WorkingCalendar | None
) -> dt.date:
    """The date a review held over meetings from ``first`` to ``last`` is judged on.

    As for reg. 33(1), a limit in working days ends with its last working day: a last meeting on
    a weekend or holiday straight after it is outside.

    >>> from iro_schedule import ENGLAND_1991, ENGLAND_2010
    >>> counted_date(dt.date(2025, 4, 28), dt.date(2025, 5, 12), ENGLAND_2010, Policy(), None)
    datetime.date(2025, 4, 28)
    >>> counted_date(dt.date(2009, 4, 28), dt.date(2009, 5, 12), ENGLAND_1991, Policy(), None)
    datetime.date(2009, 5, 12)
    """
    if first == last:
        return first
    limit = completion_limit(regime, policy)
    if limit is None:
        return last
    if limit.unit is _WORKING_DAYS and calendar is None:
        calendar = regime.calendar()
    return first if last <= limit.after(first, calendar) else last


def counted_date_array(
    firsts: Any,
    lasts: Any,
    which: Any,
    regimes: tuple[Regime, ...],
    *,
    policy: Policy,
    calendar: WorkingCalendar,
) -> Any:
    """:func:`counted_date` for numpy arrays of first and last meetings, review ``i`` under
    ``regimes[which[i]]``."""
    np = numpy()
    counted = lasts.copy()  # a review of one meeting counts from it: its first is its last
    several = firsts != lasts
    for index, regime in enumerate(regimes):
        limit = completion_limit(regime, policy)
        rows = several & (which == index)
        if limit is not None and rows.any():
            in_time = lasts[rows] <= limit.after_array(firsts[rows], calendar)
            counted[rows] = np.where(in_time, firsts[rows], lasts[rows])
    return counted

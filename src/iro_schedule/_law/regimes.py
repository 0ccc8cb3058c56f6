"""The statutory review regimes, as data.

Each regime is one frozen :class:`Regime` value: the three intervals (to the first review, to the
second, between later ones), the provisions that impose them, and the dates the regime was in
force. The engine in ``_cadence.py`` applies any regime the same way; a user can define their own.

Sources and evidence grades are in ``docs/regimes.md`` (from the project's legal-basis notes):
V = wording read in the primary text, S = secondary sources only, R = recollection, unverified.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .._errors import NoRegimeError
from .._wording import day, interval_text, no_regime
from .calendar import WorkingCalendar, add_working_days_array, england_calendar
from .dayarrays import as_days, numpy
from .months import _add_months, add_months_array

if TYPE_CHECKING:
    from .dayarrays import DateArray

__all__ = [
    "ENGLAND_1991",
    "ENGLAND_2010",
    "ENGLAND_ADOPTION_PLACEMENT_2005",
    "ENGLAND_REGIMES",
    "ENGLAND_SHORT_BREAKS_2010",
    "REGIMES_BY_NAME",
    "SCOTLAND_2009",
    "Interval",
    "Regime",
    "Unit",
    "interval_after_array",
    "interval_position",
    "no_regime_error",
    "regime_in_force",
]

_ONE_DAY = dt.timedelta(days=1)


class Unit(enum.Enum):
    """The unit an :class:`Interval` is counted in."""

    WORKING_DAYS = "working day"
    DAYS = "day"
    WEEKS = "week"
    MONTHS = "month"


# Module-level names for the members: looking a member up on the class is slow in CPython 3.11,
# and Interval.after runs for every review of a caseload.
_WORKING_DAYS, _WEEKS, _MONTHS = Unit.WORKING_DAYS, Unit.WEEKS, Unit.MONTHS


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{attribute.name} must be a whole number of at least 1, got {value!r}")


@attrs.frozen
class Interval:
    """A statutory period such as "20 working days" or "6 months".

    >>> str(Interval(20, Unit.WORKING_DAYS)), str(Interval(1, Unit.MONTHS))
    ('20 working days', '1 month')
    """

    count: int = attrs.field(validator=_positive)
    unit: Unit = attrs.field(validator=attrs.validators.instance_of(Unit))

    def __str__(self) -> str:
        return interval_text(self)

    def after(
        self, d: dt.date, calendar: WorkingCalendar | None = None, *, count_start_day: bool = False
    ) -> dt.date:
        """The last day of this period counted from ``d``, which is itself excluded.

        Working days need a ``calendar``. ``count_start_day=True`` counts ``d`` as the first
        working day when it is one (policy P1; the default follows Dodds v Walker and excludes it).

        >>> Interval(3, Unit.MONTHS).after(dt.date(2023, 11, 30))
        datetime.date(2024, 2, 29)
        >>> Interval(4, Unit.WEEKS).after(dt.date(2010, 1, 1))
        datetime.date(2010, 1, 29)
        """
        unit = self.unit
        if unit is _MONTHS:
            return _add_months(d, self.count)
        if unit is _WORKING_DAYS:
            if calendar is None:
                raise TypeError(f"counting {self} needs a WorkingCalendar")
            start = d - _ONE_DAY if count_start_day else d
            return calendar._add(start, self.count)
        return d + dt.timedelta(days=self._days())

    def after_array(
        self,
        anchors: Any,
        calendar: WorkingCalendar | None = None,
        *,
        count_start_day: bool = False,
    ) -> DateArray:
        """:meth:`after` for every date of a numpy array (NaT stays NaT)."""
        days = as_days(anchors)
        if self.unit is _MONTHS:
            return add_months_array(days, self.count)
        if self.unit is _WORKING_DAYS:
            if calendar is None:
                raise TypeError(f"counting {self} needs a WorkingCalendar")
            start = days - 1 if count_start_day else days
            return add_working_days_array(start, self.count, calendar=calendar)
        result: DateArray = days + self._days()
        return result

    def _days(self) -> int:
        """The length in calendar days of an interval in days or weeks."""
        return self.count * 7 if self.unit is _WEEKS else self.count

    def longest_days(self) -> int:
        """At most how many calendar days the interval can run: a bound, for ruling a date out
        without counting (working days: every week's weekend, and a fortnight of holidays)."""
        # Any larger bound gives the same answers (it only rules fewer dates out early).
        if self.unit is _MONTHS:
            return self.count * 31  # pragma: no mutate
        if self.unit is _WORKING_DAYS:
            return self.count * 7 // 5 + 14  # pragma: no mutate
        return self._days()


def _grade(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in ("V", "S", "R"):
        raise ValueError(f"grade must be 'V', 'S' or 'R', got {value!r}")


@attrs.frozen(kw_only=True)
class Regime:
    """One statutory review regime: its intervals, its citations and when it was in force.

    ``end`` is the last day the regime was in force (None while it still is); a regime is never
    applied outside these dates (to do so on purpose, give a copy with the dates you mean:
    ``attrs.evolve(ENGLAND_1991, end=None, name="...")``). ``calendar`` is a zero-argument
    callable returning the :class:`WorkingCalendar` its working days are counted in, so that
    defining a regime never builds a calendar.

    >>> ENGLAND_2010.interval_for(1), ENGLAND_2010.interval_for(2), ENGLAND_2010.interval_for(7)
    (Interval(count=20, unit=<Unit.WORKING_DAYS: 'working day'>), Interval(count=3, unit=<Unit.MONTHS: 'month'>), Interval(count=6, unit=<Unit.MONTHS: 'month'>))
    """  # noqa: E501

    name: str
    instrument: str
    first: Interval
    second: Interval
    later: Interval
    first_rule: str
    second_rule: str
    later_rule: str
    commencement: dt.date
    end: dt.date | None = None
    counted_from: str = "the date the child became looked after"
    grade: Literal["V", "S", "R"] = attrs.field(validator=_grade)
    calendar: Callable[[], WorkingCalendar] = england_calendar
    #: The provision requiring a review to be held early (e.g. at the IRO's request), if the
    #: regime has one; a review marked brought forward is explained as held under it.
    brought_forward_rule: str | None = None
    #: How long the regime lets a review meeting be adjourned (None: no statutory adjournment),
    #: and the provision allowing it. A review whose last meeting is within this of its first is
    #: judged on its first (the default policy); otherwise, and under a regime with none, on its
    #: last.
    adjournment: Interval | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Interval))
    )
    adjournment_rule: str | None = None

    #: The first, second and later intervals, indexed by :func:`interval_position`.
    intervals: tuple[Interval, Interval, Interval] = attrs.field(init=False, repr=False, eq=False)
    #: The provisions imposing them, in the same order.
    rules: tuple[str, str, str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end < self.commencement:
            raise ValueError(f"end {day(self.end)} is before commencement {day(self.commencement)}")
        object.__setattr__(self, "intervals", (self.first, self.second, self.later))
        object.__setattr__(self, "rules", (self.first_rule, self.second_rule, self.later_rule))

    def interval_for(self, ordinal: int) -> Interval:
        """The interval that ends when review number ``ordinal`` (1 = first) falls due."""
        return self.intervals[interval_position(ordinal)]

    def rule_for(self, ordinal: int) -> str:
        """The provision imposing review number ``ordinal``'s interval, with the instrument."""
        return f"{self.instrument}, {self.rules[interval_position(ordinal)]}"

    def rules_from(self, least: int) -> str:
        """The provisions that may impose the interval of a review whose number is ``least`` or
        more (the data not showing which), with the instrument.

        >>> ENGLAND_2010.rules_from(1).removeprefix(ENGLAND_2010.instrument)
        ', reg. 33(1) or reg. 33(2)'
        >>> ENGLAND_2010.rules_from(2) == ENGLAND_2010.rule_for(2)
        True
        """
        provisions = dict.fromkeys(self.rules[interval_position(least) :])
        return f"{self.instrument}, {' or '.join(provisions)}"

    def in_force_on(self, d: dt.date) -> bool:
        """Whether the regime was in force on ``d``."""
        return self.commencement <= d and (self.end is None or d <= self.end)

    def in_force_array(self, days: Any) -> Any:
        """:meth:`in_force_on` for every date of a numpy array (False for a missing date)."""
        np = numpy()
        inside = days >= np.datetime64(self.commencement)
        if self.end is not None:
            inside &= days <= np.datetime64(self.end)
        return inside


_CPPCR_2010 = "Care Planning, Placement and Case Review (England) Regulations 2010 (SI 2010/959)"

ENGLAND_2010 = Regime(
    name="ENGLAND_2010",
    instrument=_CPPCR_2010,
    # reg. 33(1): the first review "within 20 working days of the date on which C becomes
    # looked after"; reg. 33(2): the second "not more than three months after the first",
    # later ones "at intervals of not more than six months".
    first=Interval(20, Unit.WORKING_DAYS),
    second=Interval(3, Unit.MONTHS),
    later=Interval(6, Unit.MONTHS),
    first_rule="reg. 33(1)",
    second_rule="reg. 33(2)",
    later_rule="reg. 33(2)",
    commencement=dt.date(2011, 4, 1),
    grade="V",
    # reg. 33(3): a review must be held earlier where the IRO asks, after a visit under reg. 30,
    # and before certain changes of status.
    brought_forward_rule="reg. 33(3)",
    # reg. 36 (as the legal-basis notes reconstruct it): the IRO may adjourn a review meeting
    # once, for not more than 20 working days.
    adjournment=Interval(20, Unit.WORKING_DAYS),
    adjournment_rule="reg. 36",
)

ENGLAND_1991 = Regime(
    name="ENGLAND_1991",
    instrument="Review of Children's Cases Regulations 1991 (SI 1991/895)",
    # reg. 3: first review within four weeks (28 days) of becoming looked after, the second
    # within three months of the first, then not more than six months after the previous one.
    # No provision for adjourning a review meeting, or for bringing a review forward, is known.
    first=Interval(4, Unit.WEEKS),
    second=Interval(3, Unit.MONTHS),
    later=Interval(6, Unit.MONTHS),
    first_rule="reg. 3",
    second_rule="reg. 3",
    later_rule="reg. 3",
    commencement=dt.date(1991, 10, 14),
    end=dt.date(2011, 3, 31),
    grade="S",
)

ENGLAND_SHORT_BREAKS_2010 = Regime(
    name="ENGLAND_SHORT_BREAKS_2010",
    instrument=_CPPCR_2010,
    # reg. 48 (a series of short breaks, child not in care): the first review within three
    # months of the start of the first short break, then at intervals of not more than six months.
    first=Interval(3, Unit.MONTHS),
    second=Interval(6, Unit.MONTHS),
    later=Interval(6, Unit.MONTHS),
    first_rule="reg. 48 (modifying reg. 33)",
    second_rule="reg. 48 (modifying reg. 33)",
    later_rule="reg. 48 (modifying reg. 33)",
    commencement=dt.date(2011, 4, 1),
    counted_from="the start of the first short break",
    grade="S",
    # reg. 48 substitutes the intervals of reg. 33(1)-(2); reg. 33(3) and reg. 36 still apply.
    brought_forward_rule="reg. 33(3)",
    adjournment=Interval(20, Unit.WORKING_DAYS),
    adjournment_rule="reg. 36",
)

ENGLAND_ADOPTION_PLACEMENT_2005 = Regime(
    name="ENGLAND_ADOPTION_PLACEMENT_2005",
    instrument="Adoption Agencies Regulations 2005 (SI 2005/389)",
    # reg. 36(3): a child placed for adoption is reviewed within four weeks of the placement,
    # not more than three months after that, then not more than six months after the previous.
    first=Interval(4, Unit.WEEKS),
    second=Interval(3, Unit.MONTHS),
    later=Interval(6, Unit.MONTHS),
    first_rule="reg. 36(3)",
    second_rule="reg. 36(3)",
    later_rule="reg. 36(3)",
    commencement=dt.date(2005, 12, 30),
    counted_from="the date the child was placed for adoption",
    grade="V",
)

SCOTLAND_2009 = Regime(
    name="SCOTLAND_2009",
    instrument="Looked After Children (Scotland) Regulations 2009 (SSI 2009/210)",
    # reg. 45(2): first review within 6 weeks of the placement, the second within 3 months
    # from the date of the first, thereafter within 6 months from the date of the previous one.
    first=Interval(6, Unit.WEEKS),
    second=Interval(3, Unit.MONTHS),
    later=Interval(6, Unit.MONTHS),
    first_rule="reg. 45(2)",
    second_rule="reg. 45(2)",
    later_rule="reg. 45(2)",
    commencement=dt.date(2009, 9, 28),
    counted_from="the date of the placement",
    grade="V",
)

#: Every regime shipped, by name (for files and command lines that name one).
REGIMES_BY_NAME: dict[str, Regime] = {
    r.name: r
    for r in (
        ENGLAND_1991,
        ENGLAND_2010,
        ENGLAND_SHORT_BREAKS_2010,
        ENGLAND_ADOPTION_PLACEMENT_2005,
        SCOTLAND_2009,
    )
}

#: England's reg. 33-style regimes in date order, from which the one in force is chosen.
ENGLAND_REGIMES: tuple[Regime, ...] = (ENGLAND_1991, ENGLAND_2010)


def interval_position(ordinal: Any) -> Any:
    """Which of a regime's intervals (0 first, 1 second, 2 later) review ``ordinal`` has.

    Review 1 has the first, review 2 the second, and every later review the later one (reg.
    33(2): "at intervals of not more than six months"). One expression for a whole number and
    for a numpy array of them alike, so the rule has one home.

    >>> interval_position(1), interval_position(2), interval_position(9)
    (0, 1, 2)
    """
    return 1 * (ordinal > 1) + 1 * (ordinal > 2)  # integers: numpy adds booleans as "or"


def regime_in_force(d: dt.date, regimes: tuple[Regime, ...] = ENGLAND_REGIMES) -> Regime:
    """The regime of ``regimes`` in force on ``d`` (the last listed, if several are).

    >>> regime_in_force(dt.date(2011, 3, 31)).name, regime_in_force(dt.date(2011, 4, 1)).name
    ('ENGLAND_1991', 'ENGLAND_2010')
    """
    for regime in reversed(regimes):
        if regime.in_force_on(d):
            return regime
    raise no_regime_error(d, regimes)


def no_regime_error(d: dt.date, regimes: tuple[Regime, ...]) -> NoRegimeError:
    """The error for a date on which none of ``regimes`` was in force."""
    return NoRegimeError(no_regime(d, regimes), field="date", value=d)


def interval_after_array(
    anchors: Any,
    interval: Interval,
    *,
    calendar: WorkingCalendar | None = None,
    count_start_day: bool = False,
) -> DateArray:
    """:meth:`Interval.after` for every date of ``anchors`` (a working-day interval needs a
    ``calendar``).

    >>> import numpy as np
    >>> from iro_schedule import ENGLAND_2010, england_calendar
    >>> interval_after_array(np.array(["2024-12-20"], dtype="M8[D]"), ENGLAND_2010.first,
    ...                      calendar=england_calendar())
    array(['2025-01-22'], dtype='datetime64[D]')
    """
    return interval.after_array(anchors, calendar, count_start_day=count_start_day)

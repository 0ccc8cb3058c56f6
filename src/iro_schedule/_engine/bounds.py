"""Reviews whose number the data cannot show: judged when every possible history agrees.

When the data holds a period's reviews only from some day ``W`` (the period began before the
data, or a year's files are missing), a review's number, and so its interval, is not known, and
nor is the review before the first one seen. But the law's intervals are few (for reg. 33: 20
working days, 3 months, 6 months), so a review held more than 6 months after ``W`` was late
whatever its number, one held within 3 months of the review before it was on time whatever its
number, and from the third review seen on the interval is known (the later one). Each possible
history is considered (how many reviews came before the first one seen: none, one, or more; when
the last of them was held), with the law's own rules (``iro_schedule._law.cadence``); a review
is judged only when they all give the same verdict.

Only SSDA903 data lacks a period's earlier reviews (the plain format holds each period's whole
history), and an SSDA903 review is one meeting on one day: the reviews judged here are days.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence

import attrs

from .._errors import NoRegimeError
from .._law.cadence import governing, horizon
from .._law.calendar import WorkingCalendar
from .._law.policy import Policy
from .._law.regimes import Regime

__all__ = ["Bounded", "BoundsJudged", "judge_unknown"]

_ONE_DAY = dt.timedelta(days=1)
#: The low end of a range of anchors the data cannot bound from below.
_UNBOUNDED = dt.date.min


@attrs.frozen
class Bounded:
    """What every possible history says of one review (held, or the next one due).

    ``earliest_due``/``latest_due`` bound the day it was due (``earliest_due`` None when the
    data cannot bound it from below); ``due`` is set when they agree. ``least_ordinal`` is the
    smallest number it can have, ``regime`` the regime governing it if every history agrees on
    one. For a held review ``counted`` is the day it was held, and ``late`` True or False when
    every history agrees it was late or on time, else None.
    """

    earliest_due: dt.date | None
    latest_due: dt.date | None
    least_ordinal: int
    regime: Regime | None
    counted: dt.date | None = None
    late: bool | None = None

    @property
    def due(self) -> dt.date | None:
        """The day it was due, when every possible history agrees on it."""
        return self.latest_due if self.earliest_due == self.latest_due else None

    @property
    def days_late(self) -> int:
        """For a held review judged whatever its number: days late (0 when on time), exact when
        the due date is known, else the fewest any history gives."""
        assert self.counted is not None
        assert self.latest_due is not None
        return max((self.counted - self.latest_due).days, 0)


@attrs.frozen
class BoundsJudged:
    """Every review of a stretch of data, and the next one due after them, as bounded."""

    held: tuple[Bounded, ...]
    following: Bounded
    #: For the following review: the day by which it had not been held (the horizon), and
    #: whether it was then overdue whatever its number.
    horizon: dt.date | None
    overdue: bool


def judge_unknown(
    held_on: Sequence[dt.date],
    *,
    window_start: dt.date,
    missing_from: dt.date | None,
    start: dt.date | None,
    before: tuple[int, dt.date] | None,
    end: dt.date | None,
    as_of: dt.date | None,
    regime: Regime | None,
    policy: Policy,
    calendar: WorkingCalendar | None,
) -> BoundsJudged:
    """Judge the reviews held (each on one day) from ``window_start``; from ``missing_from``
    (None: as far back as the period goes) to the day before it the data does not hold the
    period's reviews.

    ``start`` is the period's start (None if the data does not show it); ``before`` the number
    of reviews known to have been held before the missing stretch and the counted date of the
    last of them (None: none known). The horizon for an unheld review is the period's ``end``
    or ``as_of``, as for :func:`assess`.
    """
    least, known_anchor = (1, start) if before is None else (before[0] + 1, before[1])
    latest_unknown = window_start - _ONE_DAY  # the last day a review not in the data can be
    held: list[Bounded] = []
    # The possible (number, range of anchors) of the review to judge next; a number standing
    # for itself and every larger one with the same interval. No review in the missing
    # stretch: the next is review ``least``, from the known anchor (or from the period's start,
    # some day before the data if that is not known); one there, or two or more: from the last
    # of them.
    low = known_anchor or _UNBOUNDED
    none_missed = (least, low, known_anchor or latest_unknown)
    # A missed review was held in the missing stretch (from its first day, if the data shows it).
    earliest_unknown = missing_from or low
    # One missed, or two or more (from the third on, the interval no longer changes): two
    # reviews are two days, so the last of two is held from the stretch's second day.
    missed = [(least + 1, earliest_unknown, latest_unknown)]
    second_day = earliest_unknown if earliest_unknown == _UNBOUNDED else earliest_unknown + _ONE_DAY
    if second_day <= latest_unknown:
        # (least + 2 or any larger number: from 3 on, every number has the same interval)
        missed.append((least + 2, second_day, latest_unknown))  # pragma: no mutate
    candidates = _fold([none_missed, *missed])
    for day in held_on:
        bound = _bound(candidates, regime, policy, calendar)
        late = None
        if bound.latest_due is not None and day > bound.latest_due:
            late = True
        elif bound.earliest_due is not None and day <= bound.earliest_due:
            late = False
        held.append(attrs.evolve(bound, counted=day, late=late))
        # The next review: one more than any number this one can have, from the day it was held.
        candidates = _fold([(number + 1, day, day) for number, _, _ in candidates])
    following = _bound(candidates, regime, policy, calendar)
    by, _ = horizon(end, as_of)
    latest = following.latest_due
    overdue = by is not None and latest is not None and by > latest
    return BoundsJudged(tuple(held), following, by, overdue)


_Candidate = tuple[int, dt.date, dt.date]


def _fold(candidates: list[_Candidate]) -> list[_Candidate]:
    """Candidates whose numbers have the same interval (3 and more) as one, over their ranges."""
    folded: dict[int, _Candidate] = {}
    for number, low, high in candidates:
        key = min(number, 3)  # pragma: no mutate (4 and more share 3's interval too)
        if key not in folded:
            folded[key] = (number, low, high)
            continue
        other_number, other_low, other_high = folded[key]
        folded[key] = (min(number, other_number), min(low, other_low), max(high, other_high))
    return list(folded.values())


def _bound(
    candidates: list[_Candidate],
    fixed: Regime | None,
    policy: Policy,
    calendar: WorkingCalendar | None,
) -> Bounded:
    """The earliest and latest due date over every candidate (number, anchors from low to
    high; a low end the data cannot bound leaves the earliest due date open); a candidate under
    no regime leaves the bound open altogether."""
    least = min(n for n, _, _ in candidates)
    try:
        pieces = [
            piece
            for number, low, high in candidates  # each range holds its low end (none is empty)
            for piece in _pieces(number, low, high, fixed, policy=policy, calendar=calendar)
        ]
    except NoRegimeError:
        return Bounded(None, None, least, None)
    lows = [due_low for _, due_low, _ in pieces]
    earliest = None if None in lows else min(d for d in lows if d is not None)
    latest = max(due_high for _, _, due_high in pieces)
    regimes = {regime.name: regime for regime, _, _ in pieces}
    return Bounded(
        earliest, latest, least, next(iter(regimes.values())) if len(regimes) == 1 else None
    )


def _pieces(
    number: int,
    low: dt.date,
    high: dt.date,
    fixed: Regime | None,
    *,
    policy: Policy,
    calendar: WorkingCalendar | None,
) -> list[tuple[Regime, dt.date | None, dt.date]]:
    """The due dates of review ``number`` for anchors from ``low`` to ``high``, as pieces over
    which one regime governs: (regime, earliest, latest). Within a piece the due date grows
    with the anchor, so its ends bound it; pieces end where the governing regime changes,
    found by halving (regimes follow one another in time)."""

    def at(day: dt.date) -> tuple[Regime, dt.date]:
        return governing(day, number, fixed, policy, calendar)

    top_regime, top_due = at(high)
    if low == _UNBOUNDED:
        return [(top_regime, None, top_due)]
    pieces: list[tuple[Regime, dt.date | None, dt.date]] = []
    left = low
    while True:
        left_regime, left_due = at(left)
        if left_regime is top_regime:
            pieces.append((left_regime, left_due, top_due))
            return pieces

        def changed(days: int, left: dt.date = left, regime: Regime = left_regime) -> bool:
            return at(left + days * _ONE_DAY)[0] is not regime

        # The first day after ``left`` under another regime, found by halving. (Without the
        # key, every day is a piece of its own: the same bounds, found slowly.)
        days = range((high - left).days)
        after = bisect.bisect_left(days, True, key=changed)  # pragma: no mutate
        pieces.append((left_regime, left_due, at(left + (after - 1) * _ONE_DAY)[1]))
        left += after * _ONE_DAY

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

import datetime as dt
from collections.abc import Sequence

import attrs

from .._errors import NoRegimeError
from .._law.cadence import governing
from .._law.calendar import WorkingCalendar
from .._law.policy import Policy
from .._law.regimes import Regime

__all__ = ["Bounded", "BoundsJudged", "judge_unknown"]

_ONE_DAY = dt.timedelta(days=1)


@attrs.frozen
class Bounded:
    """What every possible history says of one review (held, or the next one due).

    ``earliest_due``/``latest_due`` bound the day it was due (``earliest_due`` None when the
    data cannot bound it from below); ``due`` is set when they agree. ``least_ordinal`` is the
    smallest number it can have, ``regime`` the regime governing it if every history agrees on
    one. For a held review ``counted`` is the day it was held, and ``status`` "on time" or
    "late" when every history agrees, else None.
    """

    earliest_due: dt.date | None
    latest_due: dt.date | None
    least_ordinal: int
    regime: Regime | None
    counted: dt.date | None = None
    status: str | None = None

    @property
    def due(self) -> dt.date | None:
        """The day it was due, when every possible history agrees on it."""
        return self.latest_due if self.earliest_due == self.latest_due else None

    @property
    def days_late(self) -> int | None:
        """Days late: exact when the due date is known, else the fewest any history gives."""
        if self.status != "late" or self.counted is None or self.latest_due is None:
            return 0 if self.status == "on time" else None
        return (self.counted - self.latest_due).days


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
    none_missed = (least, known_anchor, known_anchor or latest_unknown)
    # A missed review was held after the known anchor, or at least not before the period began.
    earliest_unknown = missing_from if missing_from is not None else known_anchor
    # One missed, or two or more (from the third on, the interval no longer changes).
    missed = [(least + k, earliest_unknown, latest_unknown) for k in (1, 2)]  # pragma: no mutate
    candidates = _fold([none_missed, *missed])
    for day in held_on:
        bound = _bound(candidates, regime, policy, calendar)
        status = None
        if bound.latest_due is not None and day > bound.latest_due:
            status = "late"
        elif bound.earliest_due is not None and day <= bound.earliest_due:
            status = "on time"
        held.append(attrs.evolve(bound, counted=day, status=status))
        # The next review: one more than any number this one can have, from the day it was held.
        candidates = _fold([(number + 1, day, day) for number, _, _ in candidates])
    following = _bound(candidates, regime, policy, calendar)
    horizon = end if end is not None and (as_of is None or end <= as_of) else as_of
    latest = following.latest_due
    overdue = horizon is not None and latest is not None and horizon > latest
    return BoundsJudged(tuple(held), following, horizon, overdue)


def _fold(
    candidates: list[tuple[int, dt.date | None, dt.date]],
) -> list[tuple[int, dt.date | None, dt.date]]:
    """Candidates whose numbers have the same interval (3 and more) as one, over their ranges."""
    folded: dict[int, tuple[int, dt.date | None, dt.date]] = {}
    for number, low, high in candidates:
        key = min(number, 3)  # pragma: no mutate (4 and more share 3's interval too)
        if key not in folded:
            folded[key] = (number, low, high)
            continue
        _, other_low, other_high = folded[key]
        lows = None if low is None or other_low is None else min(low, other_low)
        folded[key] = (min(number, folded[key][0]), lows, max(high, other_high))
    return list(folded.values())


def _bound(
    candidates: list[tuple[int, dt.date | None, dt.date]],
    fixed: Regime | None,
    policy: Policy,
    calendar: WorkingCalendar | None,
) -> Bounded:
    """The earliest and latest due date over every candidate (number, anchors from low to
    high; ``low`` None when the data cannot bound them from below, which leaves the earliest
    due date open); a candidate under no regime leaves the bound open altogether."""
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
    low: dt.date | None,
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
    if low is None:
        return [(top_regime, None, top_due)]
    pieces: list[tuple[Regime, dt.date | None, dt.date]] = []
    left = low
    while True:
        left_regime, left_due = at(left)
        if left_regime is top_regime:
            pieces.append((left_regime, left_due, top_due))
            return pieces
        # The last day of ``left``'s regime before ``high``: halve the days between.
        lo, hi = left, high
        while (hi - lo).days > 1:
            middle = lo + (hi - lo) // 2
            if at(middle)[0] is left_regime:
                lo = middle
            else:
                hi = middle
        pieces.append((left_regime, left_due, at(lo)[1]))
        left = hi

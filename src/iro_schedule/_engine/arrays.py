"""The engine over numpy arrays: :func:`assess` for whole caseloads at once.

It is a loop over the same rules as :func:`assess` (``iro_schedule._law``), in their array
forms: the history check, the regime that governs each review and its due date, the meeting it
is judged on, lateness and the horizon for an overdue review. The test suite holds it to
:func:`assess` review by review and period by period. Needs numpy (the optional extra
``iro_schedule[vector]``), imported only when called.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs

from .._errors import IroScheduleError, NoRegimeError
from .._law.cadence import days_late_array, governing_array, horizon_array
from .._law.calendar import WorkingCalendar
from .._law.dayarrays import as_days, numpy
from .._law.history import Fault, first_fault_array
from .._law.policy import Policy, counted_date_array
from .._law.regimes import Regime
from .periods import PeriodOfCare

__all__ = ["ArrayAssessment", "assess_arrays", "due_after_array", "periods_to_arrays"]


@attrs.frozen(kw_only=True)
class ArrayAssessment:
    """:func:`assess` for many periods of care at once, as arrays.

    Per review (in the order given): ``ordinal``, ``due``, ``counted`` (the date it was judged
    on), ``days_late`` and ``on_time``, and ``regime`` (an index into ``regimes``). Per period:
    ``next_ordinal``, ``next_due`` (NaT when the period ended before it), ``next_regime`` (an
    index into ``regimes``) and ``overdue_days`` (how many days the next review was overdue by
    the as-of date or the period's end, or -1).
    """

    regimes: tuple[Regime, ...]
    ordinal: Any
    due: Any
    counted: Any
    days_late: Any
    on_time: Any
    regime: Any
    next_ordinal: Any
    next_due: Any
    next_regime: Any
    overdue_days: Any


def assess_arrays(
    *,
    period_start: Any,
    period_end: Any,
    review_period: Any,
    first_meeting: Any,
    last_meeting: Any = None,
    as_of: dt.date | None = None,
    policy: Policy | None = None,
    calendar: WorkingCalendar | None = None,
    regime: Regime | None = None,
    period_regime: Sequence[Regime | None] | None = None,
) -> ArrayAssessment:
    """Judge the reviews of many periods of care at once (what :func:`assess` does for one).

    ``period_start``/``period_end`` (NaT: not ended) describe the periods; each review row gives
    the index of its period in ``review_period`` and its first and last meeting dates, sorted by
    period and then date. A period's regime is ``period_regime[i]`` (a :class:`Regime`, or None
    for ``regime``, or the policy's chain if that is None too). The same rules apply as in
    :func:`assess`, and the same histories are refused with the same errors, naming the
    ``"period i"`` or ``"review row i"`` at fault.

    >>> import numpy as np
    >>> result = assess_arrays(
    ...     period_start=np.array(["2024-12-20"], dtype="M8[D]"),
    ...     period_end=np.array(["NaT"], dtype="M8[D]"),
    ...     review_period=np.array([0, 0]),
    ...     first_meeting=np.array(["2025-01-20", "2025-04-25"], dtype="M8[D]"),
    ...     as_of=dt.date(2025, 11, 1))
    >>> result.due, result.days_late, result.next_due, result.overdue_days
    (array(['2025-01-22', '2025-04-20'], dtype='datetime64[D]'), array([0, 5]), array(['2025-10-25'], dtype='datetime64[D]'), array([7]))
    """  # noqa: E501
    np = numpy()
    policy = policy if policy is not None else Policy()
    starts, ends = as_days(period_start), as_days(period_end)
    periods = np.asarray(review_period, dtype=np.int64)  # pragma: no mutate
    firsts = as_days(first_meeting)
    lasts = firsts if last_meeting is None else as_days(last_meeting)
    _check_rows(starts, ends, periods, firsts, lasts)
    fault = first_fault_array(starts, ends, periods, firsts, lasts, as_of=as_of)
    if fault is not None:
        kind = "period" if fault.fault is Fault.ENDS_BEFORE_START else "review row"
        raise fault.error(f"{kind} {fault.index}")
    table, fixed = _regime_table(np, policy, regime, period_regime, starts.size)
    cal = calendar if calendar is not None else _shared_calendar(table)
    rows = _Rows(np, periods, starts)
    which, due, counted = rows.judge(firsts, lasts, fixed[periods], table, policy, cal)
    next_anchor = rows.next_anchor(counted)
    next_ordinal = rows.held + 1
    try:
        next_which, next_due = governing_array(
            next_anchor, next_ordinal, fixed, table, policy=policy, calendar=cal
        )
    except NoRegimeError as exc:
        raise exc.at(f"period {exc.index}", exc.index) from None
    until = horizon_array(ends, as_of)
    overdue = ~np.isnat(until) & (until > next_due)
    ended_before = ~np.isnat(ends) & (ends < next_due)
    return ArrayAssessment(
        regimes=table,
        ordinal=rows.ordinal,
        due=due,
        counted=counted,
        days_late=days_late_array(counted, due),
        on_time=counted <= due,
        regime=which,
        next_ordinal=next_ordinal,
        next_due=np.where(ended_before, np.datetime64("NaT"), next_due),  # pragma: no mutate
        next_regime=next_which,
        overdue_days=np.where(overdue, (until - next_due).astype(np.int64), -1),
    )


class _Rows:
    """Review rows sorted by period: each row's number in its period and where it starts."""

    def __init__(self, np: Any, periods: Any, starts: Any) -> None:
        self.np, self.periods, self.starts = np, periods, starts
        size = periods.size
        self.opens = np.ones(size, dtype=bool)  # the row is its period's first review
        self.opens[1:] = periods[1:] != periods[:-1]
        index = np.arange(size)
        self.ordinal = index - np.maximum.accumulate(np.where(self.opens, index, 0)) + 1
        self.held = np.bincount(periods, minlength=starts.size)

    def judge(  # noqa: PLR0917 (the rows' dates, regimes and the rules' settings)
        self,
        firsts: Any,
        lasts: Any,
        fixed: Any,
        table: tuple[Regime, ...],
        policy: Policy,
        cal: WorkingCalendar,
    ) -> tuple[Any, Any, Any]:
        """Each row's regime (index into ``table``), due date and counted date.

        A review's interval runs from the previous review's counted date, which depends on the
        regime that review fell under. Every review is first taken to count from its first
        meeting; rows whose anchor that turned out wrong are judged again, until none changes
        (a review of one meeting counts from it, so most rows are settled at once).
        """
        np = self.np
        size = firsts.size
        # First every row, taking each review before it to count from its first meeting.
        anchor = np.empty_like(firsts)
        anchor[self.opens] = self.starts[self.periods[self.opens]]
        anchor[1:][~self.opens[1:]] = firsts[:-1][~self.opens[1:]]
        which, due = self._governing(anchor, self.ordinal, fixed, table, policy, cal, None)
        counted = counted_date_array(firsts, lasts, which, table, policy=policy, calendar=cal)
        todo = self._following(np.flatnonzero(counted != firsts), size)
        while todo.size:  # the rows after a review that counted from a later meeting
            anchor = counted[todo - 1]
            found, due[todo] = self._governing(
                anchor, self.ordinal[todo], fixed[todo], table, policy, cal, todo
            )
            which[todo] = found
            now = counted_date_array(
                firsts[todo], lasts[todo], found, table, policy=policy, calendar=cal
            )
            moved = todo[now != counted[todo]]
            counted[todo] = now
            todo = self._following(moved, size)
        return which, due, counted

    def _following(self, rows: Any, size: int) -> Any:
        """The rows just after ``rows`` that belong to the same period."""
        following = rows + 1
        following = following[following < size]
        return following[~self.opens[following]]

    @staticmethod
    def _governing(  # noqa: PLR0917 (governing_array's arguments, and where the rows are)
        anchor: Any,
        ordinal: Any,
        fixed: Any,
        table: tuple[Regime, ...],
        policy: Policy,
        cal: WorkingCalendar,
        rows: Any,
    ) -> tuple[Any, Any]:
        """:func:`governing_array`, naming the review row it cannot judge."""
        try:
            return governing_array(anchor, ordinal, fixed, table, policy=policy, calendar=cal)
        except NoRegimeError as exc:
            if exc.index is None:  # pragma: no cover - governing_array names the row
                raise
            row = exc.index if rows is None else int(rows[exc.index])
            raise exc.at(f"review row {row}", row) from None

    def next_anchor(self, counted: Any) -> Any:
        """Per period: the date the next review's interval runs from."""
        np = self.np
        if not self.periods.size:
            return self.starts
        last_row = np.searchsorted(self.periods, np.arange(self.starts.size), side="right") - 1
        return np.where(self.held > 0, counted[np.maximum(last_row, 0)], self.starts)


def due_after_array(
    anchors: Any,
    ordinals: Any,
    *,
    policy: Policy | None = None,
    calendar: WorkingCalendar | None = None,
    regime: Regime | None = None,
) -> Any:
    """When review number ``ordinals[i]`` falls due if its interval runs from ``anchors[i]``.

    The regime is chosen as :func:`assess` chooses it (``regime`` fixes one, never applied
    outside its dates); NaT stays NaT.

    >>> import numpy as np
    >>> due_after_array(np.array(["2024-12-20", "2025-01-20", "NaT"], dtype="M8[D]"), [1, 2, 3])
    array(['2025-01-22', '2025-04-20',        'NaT'], dtype='datetime64[D]')
    """
    np = numpy()
    policy = policy if policy is not None else Policy()
    days = as_days(anchors)
    numbers = np.asarray(ordinals, dtype=np.int64)  # pragma: no mutate
    if numbers.shape != days.shape:
        raise IroScheduleError(
            f"anchors and ordinals differ in length ({days.size} and {numbers.size})",
            field="ordinals",
        )
    table, fixed = _regime_table(np, policy, regime, None, days.size)
    cal = calendar if calendar is not None else _shared_calendar(table)
    try:
        return governing_array(days, numbers, fixed, table, policy=policy, calendar=cal)[1]
    except NoRegimeError as exc:
        raise exc.at(f"anchors[{exc.index}]", exc.index) from None


def periods_to_arrays(periods: Sequence[PeriodOfCare]) -> dict[str, Any]:
    """The arguments :func:`assess_arrays` takes, from periods of care (handy for tests and
    for moving a caseload held as values onto the array path).

    >>> import datetime as dt
    >>> from iro_schedule import PeriodOfCare, Review
    >>> period = PeriodOfCare(start=dt.date(2025, 1, 6),
    ...                       reviews=[Review(meetings=[dt.date(2025, 1, 30)])])
    >>> arrays = periods_to_arrays([period])
    >>> sorted(arrays)  # doctest: +NORMALIZE_WHITESPACE
    ['first_meeting', 'last_meeting', 'period_end', 'period_regime', 'period_start',
     'review_period']
    """
    np = numpy()
    rows = [(i, r) for i, p in enumerate(periods) for r in p.reviews]
    ends = [p.end or "NaT" for p in periods]  # pragma: no mutate
    return {
        "period_start": np.array([p.start for p in periods], dtype="datetime64[D]"),
        "period_end": np.array(ends, dtype="datetime64[D]"),
        "period_regime": [p.regime for p in periods],
        "review_period": np.array([i for i, _ in rows], dtype=np.int64),  # pragma: no mutate
        "first_meeting": np.array([r.first_meeting for _, r in rows], dtype="datetime64[D]"),
        "last_meeting": np.array([r.completed for _, r in rows], dtype="datetime64[D]"),
    }


def _check_rows(starts: Any, ends: Any, periods: Any, firsts: Any, lasts: Any) -> None:
    """The arrays' shape: what the history check takes for granted."""
    np = numpy()
    if ends.shape != starts.shape:
        raise IroScheduleError(
            f"period_start and period_end differ in length ({starts.size} and {ends.size})",
            field="period_end",
        )
    if not periods.shape == firsts.shape == lasts.shape:
        raise IroScheduleError(
            "review_period, first_meeting and last_meeting differ in length", field="review_period"
        )
    if periods.size and (periods.min() < 0 or periods.max() >= starts.size):
        raise IroScheduleError(
            "review_period holds an index that is not a period", field="review_period"
        )
    if np.any(periods[1:] < periods[:-1]):
        raise IroScheduleError(
            "reviews must be sorted by period and then date; sort them first",
            field="review_period",
        )
    missing = np.isnat(starts).any() or np.isnat(firsts).any() or np.isnat(lasts).any()
    if missing:
        raise IroScheduleError(
            "period_start, first_meeting and last_meeting must not be missing (NaT)",
            field="first_meeting" if not np.isnat(starts).any() else "period_start",
        )


def _regime_table(
    np: Any,
    policy: Policy,
    regime: Regime | None,
    period_regime: Sequence[Regime | None] | None,
    count: int,
) -> tuple[tuple[Regime, ...], Any]:
    """The regimes any period may fall under (the policy's chain first), and each period's own
    regime as an index into them (-1: the chain)."""
    table = list(policy.regimes)
    own = [] if period_regime is None else [r for r in period_regime if r is not None]
    for named in [*own, regime] if regime is not None else own:
        if not isinstance(named, Regime):
            raise IroScheduleError(
                f"period_regime holds {named!r}, not a Regime or None", field="period_regime"
            )
        if named not in table:
            table.append(named)
    chain_or_own = -1 if regime is None else table.index(regime)  # pragma: no mutate
    fixed = np.full(count, chain_or_own, dtype=np.int64)  # pragma: no mutate
    if period_regime is not None:
        if len(period_regime) != count:
            raise IroScheduleError(
                f"period_regime has {len(period_regime)} entries for {count} periods; give one "
                "per period",
                field="period_regime",
            )
        for index, one in enumerate(period_regime if own else ()):
            if one is not None:
                fixed[index] = table.index(one)
    return tuple(table), fixed


def _shared_calendar(regimes: tuple[Regime, ...]) -> WorkingCalendar:
    factories = {r.calendar for r in regimes}
    if len(factories) != 1:
        raise IroScheduleError(
            "the regimes count working days in different calendars; pass calendar=...",
            field="calendar",
        )
    return regimes[0].calendar()

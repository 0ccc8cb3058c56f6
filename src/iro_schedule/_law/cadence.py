"""The cadence: when review n falls due, under which regime, how late it was, and by when an
unheld review counts as overdue.

Review n's interval runs from an anchor: the period's start for review 1, the counted date of
review n - 1 after that (reg. 33(1)-(2)). Each rule is written once here, with its array form
beside it; the engines in ``iro_schedule._engine`` loop over them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .._errors import NoRegimeError
from .._wording import no_regime_when_due, regime_not_in_force
from .calendar import WorkingCalendar
from .dayarrays import numpy
from .months import add_months_array
from .policy import Policy, RegimeDate
from .regimes import Regime, Unit, interval_position, no_regime_error

__all__ = [
    "Found",
    "days_late",
    "days_late_array",
    "due_under",
    "governing",
    "governing_array",
    "governing_found",
    "horizon",
    "horizon_array",
]

_WORKING_DAYS, _MONTHS = Unit.WORKING_DAYS, Unit.MONTHS  # fast names for the hot path
_INTERVAL_START = RegimeDate.INTERVAL_START


def due_under(
    regime: Regime, ordinal: int, anchor: dt.date, policy: Policy, calendar: WorkingCalendar | None
) -> dt.date:
    """The last day review ``ordinal`` is on time under ``regime``, its interval running from
    ``anchor``; a calendar is built only to count working days."""
    interval = regime.intervals[interval_position(ordinal)]
    if interval.unit is not _WORKING_DAYS:
        return interval.after(anchor)
    cal = calendar if calendar is not None else regime.calendar()
    return interval.after(anchor, cal, count_start_day=policy.count_start_day)


def governing(
    anchor: dt.date,
    ordinal: int,
    fixed: Regime | None,
    policy: Policy,
    calendar: WorkingCalendar | None,
) -> tuple[Regime, dt.date]:
    """The regime review ``ordinal`` falls under, and its due date.

    ``fixed`` is the period's own regime (None: the policy's chain). A regime is only applied
    while it was in force: on the day the interval starts, or (``RegimeDate.DUE_DATE``) on the
    day the review falls due under it, the latest such regime of the chain being chosen.
    """
    chain = policy.newest_first if fixed is None else (fixed,)
    if policy.regime_date is _INTERVAL_START:
        for regime in chain:
            if regime.in_force_on(anchor):
                return regime, due_under(regime, ordinal, anchor, policy, calendar)
        raise _not_in_force(anchor, ordinal, fixed, policy)
    for regime in chain:
        if not _may_govern(regime, ordinal, anchor):
            continue
        due = due_under(regime, ordinal, anchor, policy, calendar)
        if regime.in_force_on(due):
            return regime, due
    raise _not_in_force(anchor, ordinal, fixed, policy)


#: The cadence's answers for one policy and calendar, by (anchor, interval position, the
#: period's own regime): see :func:`governing_found`.
Found = dict[tuple[dt.date, int, "Regime | None"], tuple[Regime, dt.date]]


def governing_found(  # noqa: PLR0917 (governing's arguments, and where its answers are kept)
    anchor: dt.date,
    ordinal: int,
    fixed: Regime | None,
    policy: Policy,
    calendar: WorkingCalendar | None,
    found: Found,
) -> tuple[Regime, dt.date]:
    """:func:`governing`, each answer kept in ``found`` (which the caller keeps to one policy
    and calendar) and found there again. A review's number matters to the answer only through
    the interval it has (the first, the second or a later one: :func:`interval_position`), so
    the answer is kept by that. A refusal (no regime in force) is raised each time, not kept.
    """
    key = (anchor, interval_position(ordinal), fixed)
    # (An answer not found is found by governing, the same again: not mutated.)
    answer = found.get(key)  # pragma: no mutate
    if answer is None:
        answer = found[key] = governing(anchor, ordinal, fixed, policy, calendar)
    return answer


def _may_govern(regime: Regime, ordinal: int, anchor: dt.date) -> bool:
    """Whether ``regime`` could be in force on a day review ``ordinal`` falls due under it: not
    if it ended before the interval starts, nor if it commenced after the interval's longest
    possible run (so the due date need not be counted, perhaps in years no calendar covers)."""
    longest = regime.interval_for(ordinal).longest_days()
    # A pre-filter with room to spare (``longest`` is more than any interval can run), so it
    # never turns away a regime that could govern.
    ended = regime.end is not None and regime.end <= anchor  # pragma: no mutate
    return not ended and (regime.commencement - anchor).days <= longest  # pragma: no mutate


def _may_govern_array(regime: Regime, ordinal: Any, anchor: Any) -> Any:
    """:func:`_may_govern` for numpy arrays."""
    np = numpy()
    longest = np.array([i.longest_days() for i in regime.intervals])[interval_position(ordinal)]
    reach = anchor + longest.astype("timedelta64[D]")
    commenced = reach >= np.datetime64(regime.commencement)  # pragma: no mutate
    if regime.end is None:
        return commenced
    return commenced & (anchor < np.datetime64(regime.end))  # pragma: no mutate


def _not_in_force(
    anchor: dt.date, ordinal: int, fixed: Regime | None, policy: Policy
) -> NoRegimeError:
    by_due = policy.regime_date is not _INTERVAL_START
    if fixed is not None:
        message = regime_not_in_force(fixed, ordinal, anchor, by_due=by_due)
        return NoRegimeError(message, field="regime", value=fixed)
    if by_due:
        message = no_regime_when_due(ordinal, anchor, policy.regimes)
        return NoRegimeError(message, field="date", value=anchor)
    return no_regime_error(anchor, policy.regimes)


def governing_array(
    anchor: Any,
    ordinal: Any,
    fixed: Any,
    table: tuple[Regime, ...],
    *,
    policy: Policy,
    calendar: WorkingCalendar,
) -> tuple[Any, Any]:
    """:func:`governing` for numpy arrays: each row's regime (an index into ``table``, whose
    first entries are ``policy.regimes``) and due date. ``fixed`` gives each row's own regime
    as an index into ``table``, or -1 for the policy's chain; a missing anchor gives -1 and NaT.
    """
    np = numpy()
    which = np.full(anchor.size, -1, dtype=np.int64)  # pragma: no mutate
    due = np.full(anchor.size, np.datetime64("NaT"), dtype="datetime64[D]")  # pragma: no mutate
    # A missing anchor is in force under no regime, so its row is never given one.
    follows_chain = fixed < 0
    for index in reversed(range(len(table))):
        # A row may fall under this regime if it names it, or follows the chain that holds it.
        in_chain = follows_chain if index < len(policy.regimes) else np.zeros_like(follows_chain)
        rows = (in_chain | (fixed == index)) & (which == -1)
        if not rows.any():
            continue
        if policy.regime_date is _INTERVAL_START:
            rows &= table[index].in_force_array(anchor)
            if rows.all():  # every row under this one regime, as in most caseloads
                which[:] = index
                return which, _due_array(anchor, ordinal, table[index], policy, calendar)
            which[rows] = index
            due[rows] = _due_array(anchor[rows], ordinal[rows], table[index], policy, calendar)
            continue
        rows &= _may_govern_array(table[index], ordinal, anchor)
        candidate = _due_array(anchor[rows], ordinal[rows], table[index], policy, calendar)
        in_force = table[index].in_force_array(candidate)
        chosen = np.flatnonzero(rows)[in_force]
        which[chosen] = index
        due[chosen] = candidate[in_force]
    missing = np.flatnonzero(~np.isnat(anchor) & (which == -1))
    if missing.size:
        row = int(missing[0])
        own = table[fixed[row]] if fixed[row] >= 0 else None
        error = _not_in_force(anchor[row].item(), int(ordinal[row]), own, policy)
        error.index = row  # the row of the arrays given, for the caller to name
        raise error
    return which, due


def _due_array(
    anchor: Any, ordinal: Any, regime: Regime, policy: Policy, calendar: WorkingCalendar
) -> Any:
    """:func:`due_under` for rows all under one regime."""
    np = numpy()
    position = interval_position(ordinal)
    due = np.empty(anchor.size, dtype="datetime64[D]")
    counts = np.array([i.count for i in regime.intervals])
    # Every month interval (3 and 6 months, ...) in one pass, then each of the others. (Months
    # counted for every row would give the same answers: the others' are then overwritten.)
    is_months = [i.unit is _MONTHS for i in regime.intervals]
    in_months = np.array(is_months)[position]  # pragma: no mutate
    due[in_months] = add_months_array(anchor[in_months], counts[position[in_months]])
    for index, interval in enumerate(regime.intervals):
        if interval.unit is not _MONTHS:
            rows = position == index
            due[rows] = interval.after_array(
                anchor[rows], calendar, count_start_day=policy.count_start_day
            )
    return due


def days_late(counted: dt.date, due: dt.date) -> int:
    """Calendar days after the due date (0 when on time: on or before it, "not more than")."""
    return max((counted - due).days, 0)


def days_late_array(counted: Any, due: Any) -> Any:
    """:func:`days_late` for numpy arrays."""
    np = numpy()
    return np.maximum((counted - due).astype(np.int64), 0)


def horizon(end: dt.date | None, as_of: dt.date | None) -> tuple[dt.date | None, bool]:
    """The date by which an unheld review counts as overdue (the period's end, or the as-of date
    if that comes first), and whether it is the period's end."""
    if end is not None and (as_of is None or end <= as_of):
        return end, True
    return as_of, False


def horizon_array(ends: Any, as_of: dt.date | None) -> Any:
    """:func:`horizon`'s date for a numpy array of period ends (NaT: not ended)."""
    np = numpy()
    if as_of is None:
        return ends
    return np.fmin(ends, np.datetime64(as_of))  # fmin passes over NaT: not ended

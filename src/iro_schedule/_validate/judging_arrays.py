"""Periods to verdicts, many at once: judging's array form.

Most periods of a national caseload need nothing but the reg. 33 cadence: an SSDA903 period
whose history the data holds, from its start and with no missing year, its reviews held on
distinct days inside it and none after the as-of date. Those are judged here together, a
chunk of periods at a time, by the engine's array form (:func:`assess_arrays`), and give the
same rows and timelines :class:`Judge` gives them one at a time; every other period (and any
the array engine refuses, which :class:`Judge` then says why) is judged by :class:`Judge`.
``tests/test_judging_engines.py`` holds the two to the same validation.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Sequence
from typing import Any

from .._engine.arrays import ArrayAssessment, assess_arrays
from .._errors import IroScheduleError
from .._law.dayarrays import numpy
from .._law.regimes import Regime
from .._wording import LAST_DAY_SHOWN
from .judging import Judge, Timeline, overdue_row
from .placing import Case
from .rows import Entry, HeldOnce, JudgedPeriod, RowStatus

__all__ = ["judge_cases"]

#: Periods judged together at a time: enough for numpy to pay, few enough that a national
#: caseload's arrays and rows in the making stay small beside what the run holds.
CHUNK = 16384
_EPOCH = dt.date(1970, 1, 1).toordinal()
_new_row = functools.partial(tuple.__new__, HeldOnce)


def judge_cases(
    cases: Sequence[Case],
    judge: Judge,
    *,
    together: bool,
    progress: Callable[[int, int], None] | None,
) -> tuple[list[Entry], list[Timeline | Any]]:
    """Every case's rows, in order, and its timelines: those whose judging is the cadence alone
    judged together (if ``together``), the rest one at a time."""
    entries: list[Entry] = []
    timelines: list[Any] = []
    if together and judge.columns.plain is None and _one_calendar(cases, judge):
        pick: Callable[[Sequence[Case]], dict[int, _Judged]] = functools.partial(
            _judged_together, judge=judge
        )
    else:
        pick = _none
    for first in range(0, len(cases), CHUNK):
        chunk = cases[first : first + CHUNK]
        judged = pick(chunk)
        for done, case in enumerate(chunk, start=first + 1):
            if progress is not None and done % 1000 == 0:
                progress(done, len(cases))
            found = judged.get(done - first - 1)
            if found is None:
                timelines.extend(judge(case, entries))
            else:
                found.add(entries, timelines)
    return entries, timelines


def _none(chunk: Sequence[Case]) -> dict[int, _Judged]:
    return {}


def _one_calendar(cases: Sequence[Case], judge: Judge) -> bool:
    """Whether the array engine can count every case's working days in one calendar (as the
    run's own, or every regime's)."""
    if judge.settings.calendar is not None:
        return True
    regimes = {case.regime for case in cases if case.regime is not None}
    return len({r.calendar for r in (*judge.policy.regimes, *regimes)}) == 1


class _Judged:
    """One case judged together with others: its rows, its overdue review and its timeline."""

    __slots__ = ("overdue", "rows", "timeline")

    def __init__(self, rows: list[HeldOnce], overdue: Entry | None, timeline: Timeline) -> None:
        self.rows, self.overdue, self.timeline = rows, overdue, timeline

    def add(self, entries: list[Entry], timelines: list[Any]) -> None:
        entries.extend(self.rows)
        if self.overdue is not None:
            entries.append(self.overdue)
        timelines.append(self.timeline)


def _judged_together(chunk: Sequence[Case], judge: Judge) -> dict[int, _Judged]:
    """The chunk's cases whose judging is the cadence alone, judged, by their place in it."""
    np = numpy()
    chosen = [k for k, case in enumerate(chunk) if judge.cadence_only(case)]
    if not chosen:
        return {}
    # Every chosen case's rows, case by case and by date in each (a row's number is kept as
    # the object the case holds: a national caseload's rows would otherwise be made twice).
    found = [chunk[k].rows for k in chosen]
    flat = list(itertools.chain.from_iterable(found))
    lengths = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
    case_of = np.repeat(np.arange(len(found)), lengths)
    days = _days(np, judge, flat)
    order = np.lexsort((days, case_of))
    days, case_of = days[order], case_of[order]
    plain = _plainly_dated(np, [chunk[k] for k in chosen], days, case_of, judge)
    keep = plain[case_of]
    order, days, case_of = order[keep], days[keep], (np.cumsum(plain) - 1)[case_of[keep]]
    chosen = [k for k, ok in zip(chosen, plain.tolist(), strict=True) if ok]
    cases = [chunk[k] for k in chosen]
    rows = list(map(flat.__getitem__, order.tolist()))
    made: dict[int, _Judged] = {}
    for lo, hi, assessed in _assessed(np, cases, days, case_of, judge):
        a, b = np.searchsorted(case_of, [lo, hi]).tolist()
        part = _Part(np, cases[lo:hi], rows[a:b], case_of[a:b] - lo, judge)
        for offset, judged in enumerate(part.judged(assessed)):
            made[chosen[lo + offset]] = judged
    return made


def _days(np: Any, judge: Judge, rows: list[int]) -> Any:
    """The meeting dates of ``rows`` as days since 1970 (numpy makes dates from objects slowly)."""
    ordinals = map(dt.date.toordinal, map(judge.columns.meeting_date.__getitem__, rows))
    return np.fromiter(ordinals, dtype=np.int64, count=len(rows)) - _EPOCH


def _day_numbers(np: Any, dates: Sequence[dt.date | None]) -> Any:
    """``dates`` as days since 1970 (None: the largest day, a period not ended)."""
    big = np.iinfo(np.int64).max
    numbers = (big if d is None else d.toordinal() - _EPOCH for d in dates)
    return np.fromiter(numbers, dtype=np.int64, count=len(dates))


def _plainly_dated(np: Any, cases: list[Case], days: Any, case_of: Any, judge: Judge) -> Any:
    """Per case: whether its reviews (``days``, by case and date) are on distinct days inside
    the period and none after the as-of date (else :class:`Judge` refuses or sets some aside,
    with reasons)."""
    starts = _day_numbers(np, [case.start for case in cases])[case_of]
    ends = _day_numbers(np, [case.end for case in cases])[case_of]
    as_of = judge.settings.as_of.toordinal() - _EPOCH
    # (The array engine would refuse each of these too, and the period then be judged on its
    # own: found here, it costs no refused part. Marked not to be mutated for that reason.)
    bad = (days < starts) | (days > ends) | (days > as_of)  # pragma: no mutate
    again = (days[1:] == days[:-1]) & (case_of[1:] == case_of[:-1])  # pragma: no mutate
    bad[1:] |= again  # pragma: no mutate
    plain = np.ones(len(cases), dtype=bool)
    plain[case_of[bad]] = False
    return plain


def _assessed(
    np: Any, cases: list[Case], days: Any, case_of: Any, judge: Judge
) -> list[tuple[int, int, ArrayAssessment]]:
    """The cases assessed by the array engine, as (first case, case after, assessment) parts.

    A part the engine refuses is assessed in halves; a case it refuses alone is left out, for
    :class:`Judge` to say why.
    """
    settings = judge.settings
    starts = np.array([case.start.toordinal() - _EPOCH for case in cases], dtype="M8[D]")
    ends = _day_numbers(np, [case.end for case in cases])
    ends = np.where(ends == np.iinfo(np.int64).max, np.datetime64("NaT"), ends.astype("M8[D]"))
    firsts = days.astype("M8[D]")
    regimes = [case.regime for case in cases]
    parts: list[tuple[int, int, ArrayAssessment]] = []
    pending = [(0, len(cases))]
    while pending:
        lo, hi = pending.pop()
        at = np.searchsorted(case_of, [lo, hi])
        try:
            assessed = assess_arrays(
                period_start=starts[lo:hi],
                period_end=ends[lo:hi],
                review_period=case_of[at[0] : at[1]] - lo,
                first_meeting=firsts[at[0] : at[1]],
                as_of=settings.as_of,
                policy=settings.policy,
                calendar=settings.calendar,
                period_regime=regimes[lo:hi],
            )
        except IroScheduleError:
            if hi - lo > 1:
                middle = (lo + hi) // 2
                pending.extend([(middle, hi), (lo, middle)])
            continue
        parts.append((lo, hi, assessed))
    return parts


class _Part:
    """Cases assessed together, made into the rows and timelines :class:`Judge` makes."""

    def __init__(
        self, np: Any, cases: list[Case], rows: list[int], case_of: Any, judge: Judge
    ) -> None:
        self.np, self.cases, self.judge = np, cases, judge
        self.rows, self.case_of = rows, case_of
        self.bounds = np.searchsorted(case_of, np.arange(len(cases) + 1)).tolist()

    def _objects(self, values: list[Any]) -> Any:
        array = self.np.empty(len(values), dtype=object)
        array[:] = values
        return array

    def _kept_days(self, days: Any) -> list[dt.date]:
        """``days`` (datetime64) as dates, each date one object kept for the run."""
        np, keep = self.np, self.judge.days.setdefault
        distinct, where = np.unique(days, return_inverse=True)
        kept = [keep(d, d) for d in distinct.tolist()]
        listed: list[dt.date] = self._objects(kept)[where.reshape(-1)].tolist()
        return listed

    def judged(self, assessed: ArrayAssessment) -> list[_Judged]:
        np, columns, policy = self.np, self.judge.columns, self.judge.policy
        bounds, cases = self.bounds, self.cases
        row_list = self.rows
        periods = [
            JudgedPeriod.one_row_a_review(
                case.child, case.start, case.end, row_list[a:b], columns, policy
            )
            for case, (a, b) in zip(cases, itertools.pairwise(bounds), strict=True)
        ]
        dates = columns.meeting_date
        counted = [dates[i] for i in row_list]
        anchors = self._objects([None, *counted[:-1]]) if counted else self._objects([])
        opens = np.asarray(bounds[:-1], dtype=np.int64)[np.diff(bounds) > 0]
        anchors[opens] = self._objects([c.start for c in cases])[self.case_of[opens]]
        table = self._objects(list(assessed.regimes))
        late = assessed.days_late
        statuses = self._objects([RowStatus.ON_TIME, RowStatus.LATE])[(late > 0).astype(int)]
        rows = list(
            map(
                _new_row,
                zip(
                    row_list,
                    statuses.tolist(),
                    [columns.note[i] for i in row_list],
                    assessed.ordinal.tolist(),
                    self._kept_days(assessed.due) if row_list else [],
                    counted,
                    late.tolist(),
                    table[assessed.regime].tolist(),
                    anchors.tolist(),
                    self._objects(periods)[self.case_of].tolist(),
                    strict=True,
                ),
            )
        )
        return [
            self._one(k, rows[a:b], periods[k], assessed, counted[a:b])
            for k, (a, b) in enumerate(itertools.pairwise(bounds))
        ]

    def _one(
        self,
        k: int,
        rows: list[HeldOnce],
        period: JudgedPeriod,
        assessed: ArrayAssessment,
        counted: list[dt.date],
    ) -> _Judged:
        """Case ``k``'s rows, overdue review and timeline, as :meth:`Judge.__call__` makes them."""
        case, settings, keep = self.cases[k], self.judge.settings, self.judge.days.setdefault
        end = case.end
        if end is not None and case.period is not None and not case.period.end_known:
            period.note_horizon(end, LAST_DAY_SHOWN)
        regime: Regime = assessed.regimes[int(assessed.next_regime[k])]
        anchor = counted[-1] if counted else case.start
        next_due = _date(assessed.next_due[k])
        overdue_days = int(assessed.overdue_days[k])
        overdue = None
        dues = tuple(row.due for row in rows)
        if overdue_days >= 0:
            by_end = end is not None and end <= settings.as_of
            by = end if by_end and end is not None else settings.as_of
            assert next_due is not None  # a review overdue was due within the period
            due = keep(next_due, next_due)
            period.overdue_by_period_end = by_end
            overdue = overdue_row(case, len(rows) + 1, (due, by, regime, anchor), period)
        if next_due is not None:  # (None: the period ended before the next review fell due)
            dues = (*dues, keep(next_due, next_due))
        timeline = Timeline._of(case.child, case.start, end, dues, tuple(counted))
        return _Judged(rows, overdue, timeline)


def _date(day: Any) -> dt.date | None:
    """A numpy day as a date (None for NaT)."""
    value: dt.date | None = day.item()
    return value

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

import itertools
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .._engine.arrays import ArrayAssessment, assess_arrays
from .._errors import IroScheduleError
from .._law.dayarrays import EPOCH, day_numbers, numpy
from .._law.regimes import Regime
from .._wording import LAST_DAY_SHOWN
from .judging import Judge, Timeline, overdue_row
from .placing import Case
from .rows import (
    JUDGED_TOGETHER,
    NOT_ENDED,
    Entry,
    JudgedBlock,
    JudgedCases,
    JudgedColumns,
    JudgedPeriod,
    JudgedTogether,
    Placed,
)

__all__ = ["judge_cases"]

#: Periods judged together at a time: enough for numpy to pay, few enough that a national
#: caseload's arrays and rows in the making stay small beside what the run holds.
CHUNK = 16384
#: A day later than any: the end of a period not ended.
_NEVER = 2**62
_CHILD = operator.attrgetter("child")


def judge_cases(
    cases: Sequence[Case],
    judge: Judge,
    *,
    days: Any | None,
    progress: Callable[[int, int], None] | None,
) -> tuple[list[Placed], list[Timeline | JudgedTogether | Any], JudgedColumns | None]:
    """Every case's rows, in order, and its timelines: those whose judging is the cadence alone
    judged together (if the rows' meeting ``days`` are given, as days since 1970: see
    :func:`day_numbers`), the rest one at a time; and the columns of the rows
    judged together (None if none were), which their entries and timelines stand in for
    (:data:`JUDGED_TOGETHER`)."""
    entries: list[Placed] = []
    timelines: list[Any] = []
    judged_together = None
    if days is not None and judge.columns.plain is None and _one_calendar(cases, judge):
        judged_together = _Together(judge, days)
    for first in range(0, len(cases), CHUNK):
        chunk = cases[first : first + CHUNK]
        judged = judged_together.chunk(chunk) if judged_together else _Judged(len(chunk))
        for a, b, together in judged.runs():
            _report(progress, first + a, first + b, len(cases))
            if not together:
                for case in chunk[a:b]:
                    timelines.extend(judge(case, entries))  # type: ignore[arg-type]  # (Entry)
                continue
            assert judged_together is not None  # only it judges any together
            judged_together.add(int(judged.rows[a:b].sum()), b - a, entries, timelines)
            if (overdue := judged.overdue.get(b - 1)) is not None:
                entries.append(overdue)
    return entries, timelines, judged_together.columns() if judged_together else None


def _report(progress: Callable[[int, int], None] | None, done: int, upto: int, cases: int) -> None:
    """Report every thousandth case from ``done`` (not included) to ``upto``."""
    if progress is not None:
        for count in range((done // 1000 + 1) * 1000, upto + 1, 1000):
            progress(count, cases)


def _one_calendar(cases: Sequence[Case], judge: Judge) -> bool:
    """Whether the array engine can count every case's working days in one calendar (as the
    run's own, or every regime's)."""
    # (Every regime here counts in England's calendar, so the two tests below give True
    # either way today: marked not to be mutated.)
    if judge.settings.calendar is not None:  # pragma: no mutate
        return True
    regimes = {case.regime for case in cases if case.regime is not None}
    return len({r.calendar for r in (*judge.policy.regimes, *regimes)}) == 1  # pragma: no mutate


class _Judged:
    """A chunk of ``cases`` as judged together: how many rows each has (``rows``, numpy; -1
    for a case to judge on its own; None, all of them), and the overdue reviews, by the
    case's place in the chunk."""

    __slots__ = ("cases", "overdue", "rows")

    def __init__(self, cases: int, rows: Any = None) -> None:
        self.cases, self.rows = cases, rows
        self.overdue: dict[int, Entry] = {}

    def runs(self) -> list[tuple[int, int, bool]]:
        """The cases in runs, each (first, after the last, whether judged together): the
        cases judged on their own, and those judged together up to one with an overdue
        review (its last)."""
        if self.rows is None:
            return [(0, self.cases, False)]
        np = numpy()
        alone = self.rows < 0
        # (Marks of any type cut the same: the type is not mutated.)
        cut = np.ones(self.cases + 1, dtype=bool)  # pragma: no mutate
        cut[1:-1] = alone[1:] != alone[:-1]
        # (The count only sizes the array, and the runs and their flags are as many: the count
        # and the check are not mutated.)
        overdue = np.fromiter(self.overdue, np.int64, len(self.overdue))  # pragma: no mutate
        cut[overdue + 1] = True  # (after each case with an overdue review)
        edges = np.flatnonzero(cut).tolist()
        together = (~alone[edges[:-1]]).tolist()
        runs = zip(itertools.pairwise(edges), together, strict=True)  # pragma: no mutate
        return [(a, b, t) for (a, b), t in runs]


class _Together:
    """Cases judged together, a chunk at a time: where their rows are among the rows, and the
    columns of those rows."""

    def __init__(self, judge: Judge, days: Any) -> None:
        self.judge, self.days = judge, days
        self.children: dict[str, int] = {}
        self.regimes: dict[Regime, int] = {}
        self.parts: list[JudgedBlock] = []
        self.cases: list[JudgedCases] = []
        self.spans: list[tuple[int, int]] = []

    def add(self, rows: int, cases: int, entries: list[Placed], timelines: list[Any]) -> None:
        """Add the ``rows`` of ``cases`` judged together to ``entries``, and their timelines
        (as they stand in)."""
        start = len(entries)
        entries.extend(itertools.repeat(JUDGED_TOGETHER, rows))
        stop = len(entries)
        if self.spans and self.spans[-1][1] == start:
            self.spans[-1] = (self.spans[-1][0], stop)
        else:
            self.spans.append((start, stop))
        timelines.extend(itertools.repeat(JUDGED_TOGETHER, cases))

    def columns(self) -> JudgedColumns | None:
        if not self.parts:
            return None
        return JudgedColumns(
            self.spans,
            list(self.children),
            list(self.regimes),
            self.parts,
            self.cases,
            self.judge.policy,
        )

    def chunk(self, chunk: Sequence[Case]) -> _Judged:
        """The chunk's cases whose judging is the cadence alone, judged."""
        np, judge = numpy(), self.judge
        made = _Judged(len(chunk), np.full(len(chunk), -1, dtype=np.int64))
        chosen = [k for k, case in enumerate(chunk) if judge.cadence_only(case)]
        if not chosen:
            return made
        # Every chosen case's rows, case by case and by date in each.
        found = [chunk[k].rows for k in chosen]
        lengths = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
        everyone = itertools.chain.from_iterable(found)
        # (The counts only size the arrays at once, and any width holds rows: not mutated.)
        flat = np.fromiter(everyone, dtype=np.int64, count=int(lengths.sum()))  # pragma: no mutate
        case_of = np.repeat(np.arange(len(found)), lengths)
        days = self.days[flat]
        order = _by_case_and_day(np, case_of, days)
        days, case_of = days[order], case_of[order]
        starts = day_numbers([chunk[k].start for k in chosen], missing=_NEVER)
        ends = day_numbers([chunk[k].end for k in chosen], missing=_NEVER)
        plain = _plainly_dated(np, (starts, ends, days), case_of, judge)
        starts, ends = starts[plain], ends[plain]
        keep = plain[case_of]
        order, days, case_of = order[keep], days[keep], (np.cumsum(plain) - 1)[case_of[keep]]
        flags = plain.tolist()
        chosen = [k for k, ok in zip(chosen, flags, strict=True) if ok]  # pragma: no mutate
        cases = [chunk[k] for k in chosen]
        rows = flat[order]
        numbered = self.children
        code = numbered.setdefault
        children = [code(name, len(numbered)) for name in map(_CHILD, cases)]
        children_of = np.array(children, dtype=np.int32)  # pragma: no mutate
        for lo, hi, assessed in _assessed(np, cases, (starts, ends, days), case_of, judge):
            a, b = np.searchsorted(case_of, [lo, hi]).tolist()
            part = _Part(np, cases[lo:hi], rows[a:b], case_of[a:b] - lo, judge)
            made.rows[chosen[lo:hi]] = part.counts()
            for offset, overdue in part.overdue(assessed):
                made.overdue[chosen[lo + offset]] = overdue
            held = (rows[a:b], children_of[case_of[a:b]], days[a:b])
            periods = (starts[lo:hi], ends[lo:hi], case_of[a:b] - lo)
            self.parts.append(self._block(np, assessed, held, periods))
            self.cases.append(_cases(np, assessed, children_of[lo:hi], periods))
        return made

    def _block(
        self,
        np: Any,
        assessed: ArrayAssessment,
        held: tuple[Any, Any, Any],
        periods: tuple[Any, Any, Any],
    ) -> JudgedBlock:
        """The columns of a part's rows as judged: ``held`` are the rows, their children and
        the days they were held; ``periods`` the part's cases' starts and ends and each row's
        case among them."""
        rows, children, days = held
        starts, ends, case_of = periods
        counts = np.bincount(case_of, minlength=len(starts))  # (each case's rows)
        reviewed = np.flatnonzero(counts)  # the cases with a row
        reviews = counts[reviewed]
        code = self.regimes.setdefault
        regimes = [code(regime, len(self.regimes)) for regime in assessed.regimes]
        # (Kept in 4 bytes a value, or fewer: a wider type holds the same values, so the types
        # below are not to be mutated.)
        block = JudgedBlock(  # pragma: no mutate
            np.asarray(rows, dtype=np.int32),  # pragma: no mutate
            children,
            days.astype(np.int32),  # pragma: no mutate
            assessed.due.astype(np.int64).astype(np.int32),  # pragma: no mutate
            assessed.days_late.astype(np.int32),  # pragma: no mutate
            np.array(regimes, dtype=np.min_scalar_type(len(self.regimes)))[assessed.regime],
            starts[reviewed].astype(np.int32),  # pragma: no mutate
            np.where(ends[reviewed] == _NEVER, NOT_ENDED, ends[reviewed]).astype(np.int32),
            reviews.astype(np.int32),  # pragma: no mutate
        )
        assert (block.numbers(np) == assessed.ordinal).all()  # (the numbers, not kept)
        return block


def _cases(
    np: Any, assessed: ArrayAssessment, children: Any, periods: tuple[Any, Any, Any]
) -> JudgedCases:
    """The columns of a part's cases as judged (each with a review held or not): their
    children, and (``periods``) their starts and ends and each row's case among them."""
    starts, ends, case_of = periods
    # (Kept in 4 bytes a value: a wider type holds the same values, so the types here are not
    # to be mutated.)
    next_due = assessed.next_due.astype(np.int64)  # pragma: no mutate
    next_due = np.where(np.isnat(assessed.next_due), NOT_ENDED, next_due)
    return JudgedCases(  # pragma: no mutate
        children,
        starts.astype(np.int32),  # pragma: no mutate
        np.where(ends == _NEVER, NOT_ENDED, ends).astype(np.int32),  # pragma: no mutate
        np.bincount(case_of, minlength=len(starts)).astype(np.int32),  # pragma: no mutate
        next_due.astype(np.int32),  # pragma: no mutate
    )


def _by_case_and_day(np: Any, case_of: Any, days: Any) -> Any:
    """The order of rows by case, then by day, rows of one case and day in the order given:
    ``numpy.lexsort((days, case_of))``, sorted as one key (numpy sorts a key already nearly in
    order, as a case's rows mostly are, fifteen times as fast)."""
    if not days.size:
        return np.arange(0)
    # (Any shift past the days' bits orders alike, and so does any sort: no two rows of a
    # case judged together share a day. Not mutated.)
    key = (case_of.astype(np.int64) << 32) | (days - days.min())  # pragma: no mutate
    return np.argsort(key, kind="stable")  # pragma: no mutate


def _plainly_dated(np: Any, dates: tuple[Any, Any, Any], case_of: Any, judge: Judge) -> Any:
    """Per case: whether its reviews are on distinct days inside the period and none after
    the as-of date (else :class:`Judge` refuses or sets some aside, with reasons); ``dates``
    are the cases' starts and ends and their reviews' days, by case and date (days since
    1970)."""
    starts, ends, days = dates
    # (The array engine would refuse each of these too, and the period then be judged on its
    # own: found here, it costs no refused part. Marked not to be mutated for that reason.)
    as_of = judge.settings.as_of.toordinal() - EPOCH  # pragma: no mutate
    bad = (days < starts[case_of]) | (days > ends[case_of]) | (days > as_of)  # pragma: no mutate
    again = (days[1:] == days[:-1]) & (case_of[1:] == case_of[:-1])  # pragma: no mutate
    bad[1:] |= again  # pragma: no mutate
    plain = np.ones(starts.size, dtype=bool)
    plain[case_of[bad]] = False  # pragma: no mutate
    return plain


def _assessed(
    np: Any, cases: list[Case], dates: tuple[Any, Any, Any], case_of: Any, judge: Judge
) -> list[tuple[int, int, ArrayAssessment]]:
    """The cases assessed by the array engine, as (first case, case after, assessment) parts;
    ``dates`` are their starts and ends and their reviews' days (days since 1970).

    A part the engine refuses is assessed in halves; a case it refuses alone is left out, for
    :class:`Judge` to say why.
    """
    settings = judge.settings
    starts, ends, firsts = (numbers.astype("M8[D]") for numbers in dates)
    # (A period not ended as NaT, or as a day later than any: the same to the engine. Not
    # mutated.)
    ends[dates[1] == _NEVER] = np.datetime64("NaT")  # pragma: no mutate
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

    def __init__(self, np: Any, cases: list[Case], rows: Any, case_of: Any, judge: Judge) -> None:
        self.np, self.cases, self.judge = np, cases, judge
        self.rows, self.case_of = rows, case_of
        self.bounds = np.searchsorted(case_of, np.arange(len(cases) + 1)).tolist()

    def counts(self) -> Any:
        """How many rows each case has (their entries are made from the columns kept when
        read, as are the timelines)."""
        return self.np.diff(self.bounds)

    def overdue(self, assessed: ArrayAssessment) -> Iterator[tuple[int, Entry]]:
        """Each case with a review overdue, by its place among the cases, and that review,
        as :meth:`Judge.__call__` makes it."""
        for k in self.np.flatnonzero(assessed.overdue_days >= 0).tolist():
            yield k, self._overdue(k, assessed)

    def _overdue(self, k: int, assessed: ArrayAssessment) -> Entry:
        """The overdue review of case ``k``, which has one."""
        columns, policy, as_of = self.judge.columns, self.judge.policy, self.judge.settings.as_of
        case, (a, b) = self.cases[k], self.bounds[k : k + 2]
        rows, end = self.rows[a:b].tolist(), case.end
        # (An overdue row's verdict reads only its period's notes of the day it was judged at,
        # set below, not the values the period is made with: the call is not to be mutated.)
        child, start, new_period = case.child, case.start, JudgedPeriod.one_row_a_review
        period = new_period(child, start, end, rows, columns, policy)  # pragma: no mutate
        if end is not None and case.period is not None and not case.period.end_known:
            period.note_horizon(end, LAST_DAY_SHOWN)
        by_end = end is not None and end <= as_of
        anchor = columns.meeting_date[rows[-1]] if rows else case.start
        by = end if by_end and end is not None else as_of
        period.overdue_by_period_end = by_end
        next_due = assessed.next_due[k].item()  # (a datetime64 day as a date)
        regime = assessed.regimes[int(assessed.next_regime[k])]
        return overdue_row(case, b - a + 1, (next_due, by, regime, anchor), period)

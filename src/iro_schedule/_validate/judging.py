"""Periods to verdicts: one period of care at a time, its rows judged by the engine.

Each period's rows are grouped into reviews; reviews the law refuses to judge (outside the
period, out of order, held after the as-of date) are refused row by row with the reason, as
:func:`assess` would refuse them; the rest are judged by the engine's plain-value loop
(:func:`judge_spans`), and each row keeps what it was judged with, so its :class:`Verdict` and
explanation are made from those values when read, without judging it again.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import attrs

from .._engine.assess import Judged, judge_spans
from .._engine.bounds import Bounded, judge_unknown
from .._errors import IroScheduleError
from .._law.cadence import Found
from .._law.calendar import WorkingCalendar
from .._law.dayarrays import EPOCH, dates_of, numpy
from .._law.history import Fault, HistoryFault, first_fault
from .._law.policy import Policy
from .._law.regimes import Regime
from .._memory import MadeWhenRead
from .._read.rows import PlainColumns, ReviewColumns
from .._read.ssda903 import unknown_history
from .._wording import (
    LAST_DAY_SHOWN,
    after_missing_year,
    before_a_missing_year,
    depends_on_the_number,
    missing_year,
    not_assessable,
)
from .grouping import group_reviews
from .placing import Case
from .rows import (
    NOT_ENDED,
    Entry,
    HeldOnce,
    JudgedColumns,
    JudgedPeriod,
    JudgedTogether,
    RowStatus,
    RowVerdict,
    Unjudged,
    invalid_row,
)

__all__ = ["BoundsTimeline", "Judge", "Settings", "Timeline", "Timelines", "overdue_row"]

_ONE_DAY = dt.timedelta(days=1)


@attrs.frozen(init=False)
class Timeline:
    """The due dates of one assessable period of care and when each review was counted as held.

    ``steps`` holds (due, counted date or None) for every review, then for the next one due.
    """

    child: str
    start: dt.date
    end: dt.date | None
    # Held as two columns, not a pair a review (a national caseload has millions): the due
    # dates of every review, then of the next one due; the counted dates of the reviews held,
    # in order (they strictly increase).
    _dues: tuple[dt.date, ...] = attrs.field(repr=False)
    _held: tuple[dt.date, ...] = attrs.field(repr=False)

    def __init__(
        self,
        *,
        child: str,
        start: dt.date,
        end: dt.date | None,
        steps: Iterable[tuple[dt.date, dt.date | None]],
    ) -> None:
        steps = tuple(steps)
        dues = tuple(due for due, _ in steps)
        held = tuple(counted for _, counted in steps if counted is not None)
        if any(counted is None for _, counted in steps[: len(held)]):
            raise IroScheduleError(
                "a review not held (counted None) is followed by one held; only the last step "
                "can be the next review due",
                record=f"Timeline of child {child!r}",
                field="steps",
                value=steps,
            )
        self.__attrs_init__(child, start, end, dues, held)

    @classmethod
    def _of(
        cls,
        child: str,
        start: dt.date,
        end: dt.date | None,
        dues: tuple[dt.date, ...],
        held: tuple[dt.date, ...],
    ) -> Timeline:
        """A timeline from its columns, as judging makes it (no pair a review)."""
        timeline = cls.__new__(cls)
        timeline.__attrs_init__(child, start, end, dues, held)
        return timeline

    @property
    def steps(self) -> tuple[tuple[dt.date, dt.date | None], ...]:
        """(due, counted date or None) for every review, then for the next one due."""
        counted = (*self._held, *(None,) * (len(self._dues) - len(self._held)))
        return tuple(zip(self._dues, counted, strict=True))

    def __repr__(self) -> str:
        return (
            f"Timeline(child={self.child!r}, start={self.start!r}, end={self.end!r}, "
            f"steps={self.steps!r})"
        )

    def overdue_on(self, day: dt.date) -> int | None:
        """Days a review was overdue on ``day`` (None if none was, or the child was not in care)."""
        # (On the day a period begins no review is overdue yet: not to be mutated.)
        if day < self.start:  # pragma: no mutate
            return None
        if self.end is not None and self.end < day:
            return None
        # The review outstanding on `day` is the first not counted by then.
        outstanding = bisect.bisect_right(self._held, day)
        if outstanding >= len(self._dues):
            return None
        due = self._dues[outstanding]
        return (day - due).days if due < day else None


@attrs.frozen
class BoundsTimeline:
    """When a review was overdue in a stretch of data whose earlier history is not known:
    only where it was overdue whatever its number.

    ``counted`` are the counted dates of the reviews held in the stretch; ``latest_due[i]`` the
    latest day the next review could be due once ``i`` of them were held.
    """

    child: str
    start: dt.date
    end: dt.date | None
    counted: tuple[dt.date, ...]
    latest_due: tuple[dt.date | None, ...]
    #: Marks timelines whose overdue reviews are known only whatever their number.
    whatever_number: bool = True

    def overdue_on(self, day: dt.date) -> int | None:
        """At least how many days a review was overdue on ``day``, whatever its number (None if
        none was surely overdue, or the day is outside the stretch)."""
        # (The first day of a stretch whose history is not known is never overdue whatever
        # the review's number: a review may have been held the day before. Not to be mutated.)
        if day < self.start:  # pragma: no mutate
            return None
        if self.end is not None and self.end < day:
            return None
        latest = self.latest_due[bisect.bisect_right(self.counted, day)]
        return (day - latest).days if latest is not None and latest < day else None


class Timelines(MadeWhenRead[Timeline | BoundsTimeline]):
    """A validation's timelines, in order (each a :class:`Timeline` or :class:`BoundsTimeline`).
    Those of the periods judged together are held as their columns (:class:`JudgedColumns`)
    and made when read; :meth:`overdue_together` counts their overdue reviews as arrays.
    Indexing, slicing and iterating behave as for a tuple."""

    __slots__ = ("_entries", "_judged", "_made")

    def __init__(
        self,
        entries: Sequence[Timeline | BoundsTimeline | JudgedTogether],
        judged: JudgedColumns | None = None,
    ) -> None:
        self._entries, self._judged = entries, judged
        self._made: _TimelinesTogether | None = None

    def __len__(self) -> int:
        return len(self._entries)

    def _together(self) -> _TimelinesTogether:
        if self._made is None:
            assert self._judged is not None  # only judging together stands timelines in
            self._made = _TimelinesTogether(self._entries, self._judged)
        return self._made

    def _make(self, index: int) -> Timeline | BoundsTimeline:
        entry = self._entries[index]
        if isinstance(entry, JudgedTogether):
            together = self._together()
            return together.timeline(together.offset(index))
        return entry

    def __iter__(self) -> Iterator[Timeline | BoundsTimeline]:
        made = self._together().every() if self._judged is not None else iter(())
        return (next(made) if isinstance(e, JudgedTogether) else e for e in self._entries)

    def apart(self) -> Iterator[Timeline | BoundsTimeline]:
        """The timelines of the periods not judged together, in order."""
        return (e for e in self._entries if not isinstance(e, JudgedTogether))

    def overdue_together(self, day: dt.date) -> int:
        """How many periods judged together had a review overdue on ``day``."""
        if self._judged is None:
            return 0
        return int(self._together().overdue_on(day.toordinal() - EPOCH).sum())


class _TimelinesTogether:
    """The timelines of the periods judged together, made from their columns: the blocks'
    columns end to end, and where each timeline stands among the others."""

    def __init__(
        self, entries: Sequence[Timeline | BoundsTimeline | JudgedTogether], judged: JudgedColumns
    ) -> None:
        np = self.np = numpy()
        self.children = judged.children
        self.child, self.start, self.end, self.reviews, self.next_due = (
            np.concatenate([cases[k] for cases in judged.cases]) for k in range(5)
        )
        self.due = np.concatenate([block.due for block in judged.blocks])
        self.counted = np.concatenate([block.counted for block in judged.blocks])
        self.first = np.cumsum(self.reviews) - self.reviews  # each period's first row
        self.case_of = np.repeat(np.arange(len(self.reviews)), self.reviews)  # each row's
        stand_in = (isinstance(e, JudgedTogether) for e in entries)
        # (Marks of any type, counted or not, give the same places: not mutated.)
        marks = np.fromiter(stand_in, dtype=bool, count=len(entries))  # pragma: no mutate
        self.places = np.flatnonzero(marks)

    def offset(self, index: int) -> int:
        """The place among the periods judged together of the timeline at ``index``."""
        return int(self.np.searchsorted(self.places, index))

    def timeline(self, period: int) -> Timeline:
        """The timeline of the ``period``-th period judged together."""
        return next(self._made(period, period + 1))

    def every(self) -> Iterator[Timeline]:
        """Every timeline of the periods judged together, in order."""
        # (Made a piece of 16,384 periods at a time: a test's are fewer, and a timeline after
        # the last is never read, so the pieces' bounds are not mutated; the national outputs,
        # compared byte for byte, hold them.)
        for first in range(0, len(self.reviews), _PIECE):  # pragma: no mutate
            yield from self._made(first, min(first + _PIECE, len(self.reviews)))

    def _made(self, lo: int, hi: int) -> Iterator[Timeline]:
        """The timelines of periods ``lo`` to ``hi`` (not included), as judging makes them."""
        # (Rows past the last period's are never read: the end is not mutated.)
        rows = slice(self.first[lo], self.first[hi - 1] + self.reviews[hi - 1])  # pragma: no mutate
        # (Counted, due and start days are never missing: the value given is never met.)
        held = dates_of(self.counted[rows], missing=NOT_ENDED)  # pragma: no mutate
        dues = dates_of(self.due[rows], missing=NOT_ENDED)  # pragma: no mutate
        starts = dates_of(self.start[lo:hi], missing=NOT_ENDED)  # pragma: no mutate
        ends = dates_of(self.end[lo:hi], missing=NOT_ENDED)
        next_dues = dates_of(self.next_due[lo:hi], missing=NOT_ENDED)
        bounds = (self.first[lo:hi] - self.first[lo]).tolist()
        counts = self.reviews[lo:hi].tolist()
        children = self.child[lo:hi].tolist()
        for k, (a, n) in enumerate(zip(bounds, counts, strict=True)):  # pragma: no mutate
            following = next_dues[k]
            due = tuple(dues[a : a + n]) if following is None else (*dues[a : a + n], following)
            child = self.children[children[k]]
            yield Timeline._of(child, starts[k], ends[k], due, tuple(held[a : a + n]))  # type: ignore[arg-type]

    def overdue_on(self, day: int) -> Any:
        """Per period judged together: whether a review was overdue on ``day`` (days since
        1970), as :meth:`Timeline.overdue_on` finds (the same rule, as arrays)."""
        np = self.np
        # (On the day a period begins no review is overdue yet, as in Timeline.overdue_on: the
        # test is not to be mutated.)
        begun = self.start <= day  # pragma: no mutate
        open_then = begun & (day <= self.end)  # (not ended: the largest end)
        # The review outstanding on ``day`` is the first not counted by then: a row's, or the
        # next review's (none, once the period ended first: never overdue).
        held = np.bincount(self.case_of[self.counted <= day], minlength=len(self.reviews))
        due = self.next_due.copy()
        outstanding = held < self.reviews
        due[outstanding] = self.due[(self.first + held)[outstanding]]
        overdue: Any = open_then & (due < day)
        return overdue


#: Timelines made at a time when every one is read.
_PIECE = 16_384


class _Stretch(NamedTuple):
    """Days of a period's data: from ``begins`` to ``ends`` (None: to the horizon). Its history
    before it is ``known``, or not; then the reviews from ``missing_from`` (None: as far back
    as the period goes) to the day before it are not in the data, for ``why``. After a missing
    year with the period's data before it, ``gap_from`` is the missing year's first day."""

    begins: dt.date
    ends: dt.date | None
    known: bool
    missing_from: dt.date | None = None
    why: str = ""
    gap_from: dt.date | None = None


@attrs.frozen(kw_only=True)
class Settings:
    """What every period of a run is judged with: the data's window and the law's settings."""

    as_of: dt.date
    reviews_from: dt.date | None
    gaps: tuple[tuple[dt.date, dt.date], ...]
    policy: Policy
    calendar: WorkingCalendar | None


class Judge:
    """Judges one period of care at a time, adding its rows to a list (see :meth:`__call__`)."""

    def __init__(self, columns: ReviewColumns, settings: Settings) -> None:
        self.columns, self.settings = columns, settings
        #: The cadence's answers, found once for the run's one policy and calendar (see
        #: :func:`judge_spans`): a caseload's millions of due dates are a few thousand values.
        #: (Without them each period finds the same answers again: not mutated.)
        self.cadence: Found = {}  # pragma: no mutate

    @property
    def policy(self) -> Policy:
        return self.settings.policy

    def reviews(
        self, case: Case
    ) -> tuple[list[list[int]], list[tuple[dt.date, dt.date]], list[RowVerdict], str]:
        """The case's reviews that can be judged (their rows, and their first and last meeting
        dates), the rows refused, and why the period cannot be judged at all ("" if it can)."""
        groups, refused = group_reviews(case, self.columns)
        dates = self.columns.meeting_date
        spans = [(dates[group[0]], dates[group[-1]]) for group in groups]
        reason = case.why_not_assessable
        refused.extend(self._refuse(case, groups, spans, judged=not reason))
        return groups, spans, refused, reason

    def cadence_only(self, case: Case) -> bool:
        """Whether judging the case's period can need nothing but the cadence: an SSDA903
        period to be judged whose history the data holds, from its start, with no missing year
        (its reviews' dates are still to be checked: see ``judging_arrays``)."""
        # (Only SSDA903 runs are judged together, and an SSDA903 period is never refused
        # whole; a series of short breaks, not judged, is refused by its stretches too: the
        # guard is kept for plain reading, and marked not to be mutated.)
        if case.period is None or case.not_judged or case.why_not_assessable:  # pragma: no mutate
            return False
        stretches = _stretches(case, self.settings)
        return len(stretches) == 1 and stretches[0].known and stretches[0].ends is None

    def history(self, case: Case) -> str:
        """Why the period's reviews cannot all be numbered from the data ("" if they can)."""
        stretches = _stretches(case, self.settings)
        if not stretches:  # the period ended before the data's reviews begin
            assert case.period is not None  # only SSDA903 periods lack their history
            return unknown_history(case.period, self.settings.reviews_from)
        # The last stretch's reason: "" for a period whose one stretch's history is known;
        # after a missing year, the year's.
        return stretches[-1].why

    def __call__(self, case: Case, out: list[Entry]) -> list[Timeline | BoundsTimeline]:
        """Add the period's rows to ``out`` in date order (an overdue review last); return its
        timelines, one for each stretch of data judged."""
        columns = self.columns
        if case.not_judged:
            dates, sources, lines = columns.meeting_date, columns.source, columns.line
            in_order = sorted(case.rows, key=lambda i: (dates[i], sources[i], lines[i]))
            out.extend(_not_counted(columns, i, case.not_judged) for i in in_order)
            return []
        groups, spans, refused, reason = self.reviews(case)
        judging = _Judging(case, groups, spans, self)
        if reason:
            judging.not_assessable(range(len(groups)), reason)
            _add_in_order(out, refused, judging.rows, columns)
            return []
        stretches = _stretches(case, self.settings)
        placed: set[int] = set()
        before: tuple[int, dt.date] | None = None
        for stretch in stretches:
            chosen = [
                k
                for k, (first, _) in enumerate(spans)
                if stretch.begins <= first and (stretch.ends is None or first <= stretch.ends)
            ]
            placed.update(chosen)
            if stretch.known:
                before = judging.known(stretch, chosen)
            else:
                before = judging.unknown(stretch, chosen, before)
        for k in sorted(set(range(len(groups))) - placed):
            why = _outside_reason(spans[k][0], case, stretches, self.settings)
            judging.not_assessable([k], why)
        settle = len(stretches) > 1 or len(placed) < len(groups)
        _add_in_order(out, refused, judging.rows, columns, settle=settle)
        return judging.timelines

    def _refuse(
        self,
        case: Case,
        groups: list[list[int]],
        spans: list[tuple[dt.date, dt.date]],
        *,
        judged: bool,
    ) -> list[RowVerdict]:
        """Remove from ``groups`` (and ``spans``) the reviews the law refuses to judge, giving
        their rows.

        Reviews held after the as-of date are refused in any period; in a period to be judged,
        so is every review :func:`assess` would refuse (outside the period, overlapping the one
        before), the first such review first, as a caller removing each in turn would.
        """
        columns, as_of = self.columns, self.settings.as_of
        refused: list[RowVerdict] = []
        if not judged:
            for index in reversed(range(len(groups))):
                last = spans[index][1]
                if last > as_of:
                    late = HistoryFault(Fault.AFTER_AS_OF, index, last, as_of)
                    del spans[index]
                    refused.extend(_refused_rows(columns, groups.pop(index), late))
            return refused
        while (fault := first_fault(case.start, case.end, spans, as_of=as_of)) is not None:
            del spans[fault.index]
            refused.extend(_refused_rows(columns, groups.pop(fault.index), fault))
        return refused


class _Judging:
    """One period being judged, stretch by stretch: its reviews, and the rows and timelines
    they give."""

    def __init__(
        self,
        case: Case,
        groups: list[list[int]],
        spans: list[tuple[dt.date, dt.date]],
        judge: Judge,
    ) -> None:
        self.case, self.groups, self.spans = case, groups, spans
        self.columns, self.settings, self.cadence = judge.columns, judge.settings, judge.cadence
        policy = judge.settings.policy
        self.period = JudgedPeriod(case.child, case.start, case.end, groups, judge.columns, policy)
        self.rows: list[Entry] = []
        self.timelines: list[Timeline | BoundsTimeline] = []

    def not_assessable(self, chosen: Iterable[int], reason: str) -> None:
        detail = not_assessable(reason)
        for k in chosen:
            _add_group(
                self.rows,
                self.groups[k],
                self.columns,
                RowStatus.NOT_ASSESSABLE,
                detail,
                None,
                self.period,
            )

    def horizon(self, stretch: _Stretch) -> tuple[dt.date | None, dt.date]:
        """The period's end and the as-of date to judge a stretch with: a stretch that stops
        at a missing year is judged up to the day before it (and its overdue review says so)."""
        end, as_of = self.case.end, self.settings.as_of
        period = self.case.period
        if end is not None and period is not None and not period.end_known:
            self.period.note_horizon(end, LAST_DAY_SHOWN)
        if stretch.ends is None or (end is not None and end <= stretch.ends):
            return end, as_of
        if as_of > stretch.ends:
            self.period.note_horizon(stretch.ends, before_a_missing_year(stretch.ends + _ONE_DAY))
        return None, min(as_of, stretch.ends)

    def known(self, stretch: _Stretch, chosen: list[int]) -> tuple[int, dt.date] | None:
        """Judge a stretch whose history is known, from the period's start: every review's
        number, due date and verdict. Returns how many reviews it held and the last one's
        counted date (None if it held none)."""
        case, settings = self.case, self.settings
        end, as_of = self.horizon(stretch)
        try:
            judged = judge_spans(
                case.start,
                end,
                case.regime,
                [self.spans[k] for k in chosen],
                as_of=as_of,
                policy=settings.policy,
                calendar=settings.calendar,
                # (The answers kept are those governing gives again: not mutated.)
                found=self.cadence,  # pragma: no mutate
            )
        except IroScheduleError as exc:
            self.not_assessable(chosen, str(exc))
            return None
        period = self.period
        groups = [self.groups[k] for k in chosen]
        _add_judged(self.rows, groups, judged, self.columns, period)
        if judged.overdue_by is not None:
            period.overdue_by_period_end = judged.overdue_by_period_end
            overdue = (judged.next_due, judged.overdue_by, judged.next_regime, judged.next_anchor)
            self.rows.append(overdue_row(case, len(chosen) + 1, overdue, period))
        self.timelines.append(_timeline(case, judged, _last_day(end, stretch)))
        # (A stretch that held none hands on nothing: the next stretch is given the period's
        # start, which says the same, so the test is marked not to be mutated.)
        return (len(chosen), judged.next_anchor) if chosen else None  # pragma: no mutate

    def unknown(
        self, stretch: _Stretch, chosen: list[int], before: tuple[int, dt.date] | None
    ) -> tuple[int, dt.date] | None:
        """Judge a stretch whose history before it is not in the data: each review only where
        every possible number gives the same verdict (unless the policy says not to)."""
        case, settings = self.case, self.settings
        if not settings.policy.judge_unknown_numbers:
            self.not_assessable(chosen, stretch.why)
            return before
        self.period.add_stretch_start(stretch.begins, stretch.gap_from)
        end, as_of = self.horizon(stretch)
        # Only SSDA903 data has unknown history, and its reviews are one meeting each.
        assert all(self.spans[k][0] == self.spans[k][1] for k in chosen)  # pragma: no mutate
        found = judge_unknown(
            [self.spans[k][0] for k in chosen],  # pragma: no mutate (first day = last, above)
            window_start=stretch.begins,
            missing_from=stretch.missing_from,
            start=case.start if _start_shown(case) else None,
            before=before,
            end=end,
            as_of=as_of,
            regime=case.regime,
            policy=settings.policy,
            calendar=settings.calendar,
        )
        anchor: dt.date | None = None
        for k, bound in zip(chosen, found.held, strict=True):  # pragma: no mutate (equal)
            self._add_bounded(k, bound, anchor, stretch)
            anchor = bound.counted
        following = found.following
        if found.overdue and found.horizon is not None and following.latest_due is not None:
            self.period.overdue_by_period_end = found.horizon == end
            self.rows.append(_unknown_overdue(case, found.horizon, following, anchor, self.period))
        # (Every held review's bound has the day it was held: judge_unknown.)
        counted = tuple(b.counted for b in found.held if b.counted is not None)
        latest = tuple(b.latest_due for b in (*found.held, following))
        last_day = _last_day(end, stretch)
        self.timelines.append(BoundsTimeline(case.child, stretch.begins, last_day, counted, latest))
        if not chosen:
            return before
        assert anchor is not None  # the day the last review was held (judge_unknown gives it)
        return (following.least_ordinal - 1, anchor)

    def _add_bounded(
        self, k: int, bound: Bounded, anchor: dt.date | None, stretch: _Stretch
    ) -> None:
        if bound.late is None or bound.counted is None:
            reason = depends_on_the_number(stretch.why, bound.earliest_due, bound.latest_due)
            self.not_assessable([k], reason)
            return
        due = bound.due or (bound.latest_due if bound.late else bound.earliest_due)
        assert due is not None  # a verdict whatever the number comes from a bound
        status = RowStatus.LATE if bound.late else RowStatus.ON_TIME
        days = bound.days_late
        judgement = (-bound.least_ordinal, due, bound.counted, days, bound.regime, anchor)
        # (A judged row's detail is its notes, so the reason "" is never read: not mutated.)
        rows, group, columns = self.rows, self.groups[k], self.columns
        _add_group(rows, group, columns, status, "", judgement, self.period)  # pragma: no mutate


def _unknown_overdue(
    case: Case, horizon: dt.date, following: Bounded, anchor: dt.date | None, period: JudgedPeriod
) -> RowVerdict:
    """The review overdue at ``horizon`` whatever its number."""
    assert following.latest_due is not None
    return RowVerdict(
        source="",
        line=None,
        child=case.child,
        status=RowStatus.OVERDUE,
        period_start=case.start,
        period_end=case.end,
        due=following.due or following.latest_due,
        counted_date=horizon,
        days_late=(horizon - following.latest_due).days,
        judged_under=following.regime,
        anchor=anchor,
        period=period,
        least=following.least_ordinal,
    )


def _last_day(end: dt.date | None, stretch: _Stretch) -> dt.date | None:
    """The last day a stretch shows the period open: the period's end, or the day before a
    missing year if that comes first (after it, the next stretch says what is overdue)."""
    if stretch.ends is None or (end is not None and end <= stretch.ends):
        return end
    return stretch.ends


def _start_shown(case: Case) -> bool:
    """Whether the data shows the day the period (or the series of short breaks) began."""
    period = case.period
    return period is None or (period.start_known and not period.short_breaks)


def _stretches(case: Case, settings: Settings) -> list[_Stretch]:
    """The stretches of the period's data: from its start (or from the day the data's reviews
    begin, if the period began before them or the data cannot show when it began) to the first
    missing year, then after each missing year."""
    if case.period is None or case.period.whole_history:  # the plain format
        return [_Stretch(case.start, None, True)]  # (begins, ends, known)
    history = unknown_history(case.period, settings.reviews_from)
    if not history:
        stretches = [_Stretch(case.start, None, True)]  # (begins, ends, known)
    else:
        begins = max(settings.reviews_from or case.start, case.start)
        missing_from = case.start if _start_shown(case) else None
        stretches = [_Stretch(begins, None, known=False, missing_from=missing_from, why=history)]
    for gap_start, gap_end in settings.gaps:
        current = stretches[-1]
        if gap_end < current.begins or (case.end is not None and gap_start > case.end):
            continue
        why = after_missing_year(gap_start, gap_end)
        after = _Stretch(
            gap_end + _ONE_DAY,
            None,
            known=False,
            missing_from=gap_start,
            why=why,
            gap_from=gap_start,
        )
        if gap_start <= current.begins:  # the stretch would begin inside the missing year
            missing_from = case.start if current.known else current.missing_from
            stretches[-1] = after._replace(missing_from=missing_from, gap_from=None)
            continue
        stretches[-1] = current._replace(ends=gap_start - _ONE_DAY)
        stretches.append(after)
    if case.end is not None:  # none, for a period that ended before the data's reviews begin
        stretches = [s for s in stretches if s.begins <= case.end]
    return stretches


def _outside_reason(day: dt.date, case: Case, stretches: list[_Stretch], settings: Settings) -> str:
    """Why a review in none of the period's stretches of data is not judged."""
    for gap_start, gap_end in settings.gaps:
        if gap_start <= day <= gap_end:
            return missing_year(gap_start, gap_end)
    if stretches:
        return stretches[0].why
    assert case.period is not None  # the plain format's periods have one stretch, from the start
    return unknown_history(case.period, settings.reviews_from)  # ended before the data's reviews


def _not_counted(columns: ReviewColumns, i: int, reason: str) -> RowVerdict:
    # Only SSDA903 periods go unjudged as a whole (a series of short breaks): their rows'
    # date is REVIEW.
    return invalid_row(columns, i, "REVIEW", reason, RowStatus.NOT_COUNTED)


def _refused_rows(
    columns: ReviewColumns, group: list[int], fault: HistoryFault
) -> list[RowVerdict]:
    plain = columns.plain
    return [invalid_row(columns, i, _date_field(plain, i), fault.message()) for i in group]


def _date_field(plain: PlainColumns | None, i: int) -> str:
    """Row ``i``'s date column: the plain format's, or SSDA903's (whose rows name no period)."""
    return "meeting_date" if plain is not None and plain.period_start[i] is not None else "REVIEW"


def _timeline(case: Case, judged: Judged, end: dt.date | None) -> Timeline:
    """The period's timeline: each review's due date and counted date, then the next review's
    due date if it falls in the period."""
    dues = [held[0] for held in judged.held]
    counted = tuple([held[1] for held in judged.held])
    next_due = judged.next_due
    # (A review due on the period's last day is overdue on no day of it: `<` would do as
    # well, so the comparison is marked not to be mutated.)
    if end is None or next_due <= end:  # pragma: no mutate
        return Timeline._of(case.child, case.start, end, (*dues, next_due), counted)
    return Timeline._of(case.child, case.start, end, tuple(dues), counted)


def _add_in_order(
    out: list[Entry],
    refused: list[RowVerdict],
    rows: list[Entry],
    columns: ReviewColumns,
    *,
    settle: bool = False,
) -> None:
    """Add ``rows`` (in date order, unless ``settle``) to ``out``, with rows refused on the way
    merged in by date."""
    if not refused and not settle:
        out.extend(rows)
        return
    dates, sources, lines = columns.meeting_date, columns.source, columns.line

    def order(entry: Entry) -> tuple[dt.date, bool, str, int]:
        """Date order, an overdue review after any row of its date."""
        if isinstance(entry, RowVerdict):
            when = entry.meeting_date or entry.counted_date or dt.date.min
            overdue = entry.status is RowStatus.OVERDUE
            return (when, overdue, entry.source, entry.line or 0)
        i = entry.row
        return (dates[i], False, sources[i], lines[i])

    out.extend(sorted([*refused, *rows], key=order))


def _add_judged(
    out: list[Entry],
    groups: list[list[int]],
    judged: Judged,
    columns: ReviewColumns,
    period: JudgedPeriod,
) -> None:
    """Add the rows of every review judged, with what it was judged with."""
    held = zip(groups, judged.held, strict=True)  # pragma: no mutate (equal by construction)
    if columns.plain is not None:
        for ordinal, (group, (due, counted, regime, anchor)) in enumerate(held, start=1):
            late = (counted - due).days
            status = RowStatus.LATE if late > 0 else RowStatus.ON_TIME
            judgement = (ordinal, due, counted, max(late, 0), regime, anchor)
            # (A judged row's detail is its notes: the reason, "", is not read. Not mutated.)
            _add_group(out, group, columns, status, "", judgement, period)  # pragma: no mutate
        return
    # SSDA903: each review is one row with no meetings to join (what _add_group makes of it,
    # inline and lean: a national caseload has millions).
    notes, add, row = columns.note, out.append, _new_row
    for ordinal, ((i,), (due, counted, regime, anchor)) in enumerate(held, start=1):
        late = (counted - due).days
        if late > 0:
            status = _LATE_ROW
        else:
            status, late = _ON_TIME_ROW, 0
        add(row((i, status, notes[i], ordinal, due, counted, late, regime, anchor, period)))


#: HeldOnce(...) without its keyword handling: a national caseload makes millions.
_new_row = functools.partial(tuple.__new__, HeldOnce)
_ON_TIME_ROW, _LATE_ROW = RowStatus.ON_TIME, RowStatus.LATE
_Judgement = tuple[int, dt.date, dt.date, int, "Regime | None", "dt.date | None"]


def _add_group(  # noqa: PLR0917 (one review's rows and what they share)
    out: list[Entry],
    group: list[int],
    columns: ReviewColumns,
    status: RowStatus,
    reason: str,
    judgement: _Judgement | None,
    period: JudgedPeriod,
) -> None:
    """Add one row per meeting of a review, all with the review's outcome.

    A judged row's detail is its notes (the explanation comes from its verdict); any other
    row's detail is ``reason``, followed by the notes.
    """
    head = group[0]
    notes, plain = columns.note, columns.plain
    ordinal, due, counted, late, regime, anchor = judgement or (None,) * 6
    if len(group) == 1:
        note = notes[head]
        brought_forward = plain is not None and plain.brought_forward[head]
    else:
        note = "; ".join(notes[i] for i in group if notes[i])
        brought_forward = plain is not None and any(plain.brought_forward[i] for i in group)
    detail = note if ordinal is not None else (f"{reason} Note: {note}." if note else reason)
    meetings = len(group)
    for number, i in enumerate(group, start=1):
        out.append(
            Unjudged(
                i,
                head,
                status,
                detail,
                number,
                meetings,
                brought_forward,
                ordinal,
                due,
                counted,
                late,
                regime,
                anchor,
                period,
            )
        )


def overdue_row(
    case: Case,
    ordinal: int,
    overdue: tuple[dt.date, dt.date, Regime, dt.date],
    period: JudgedPeriod,
) -> RowVerdict:
    """The review numbered ``ordinal`` not held in time: ``overdue`` is its due date, the day
    it was overdue by (the as-of date or the period's end), its regime and its anchor."""
    due, by, regime, anchor = overdue
    return RowVerdict(
        source="",
        line=None,
        child=case.child,
        status=RowStatus.OVERDUE,
        period_start=case.start,
        period_end=case.end,
        ordinal=ordinal,
        due=due,
        counted_date=by,
        days_late=(by - due).days,
        judged_under=regime,
        anchor=anchor,
        period=period,
    )

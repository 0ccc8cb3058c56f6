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

import attrs

from .._engine.assess import Judged, judge_spans
from .._errors import IroScheduleError
from .._law.calendar import WorkingCalendar
from .._law.history import Fault, HistoryFault, first_fault
from .._law.policy import Policy
from .._law.regimes import Regime
from .._read.rows import PlainColumns, ReviewColumns
from .._read.ssda903 import unknown_history
from .._wording import not_assessable
from .grouping import group_reviews
from .placing import Case
from .rows import Entry, JudgedPeriod, RowStatus, RowVerdict, Unjudged, invalid_row

__all__ = ["Judge", "Timeline"]


@attrs.frozen(kw_only=True)
class Timeline:
    """The due dates of one assessable period of care and when each review was counted as held.

    ``steps`` holds (due, counted date or None) for every review, then for the next one due.
    """

    child: str
    start: dt.date
    end: dt.date | None
    steps: tuple[tuple[dt.date, dt.date | None], ...]
    # The counted dates of the reviews held, in order (they strictly increase).
    _held: tuple[dt.date, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        held = tuple(counted for _, counted in self.steps if counted is not None)
        object.__setattr__(self, "_held", held)

    def overdue_on(self, day: dt.date) -> int | None:
        """Days a review was overdue on ``day`` (None if none was, or the child was not in care)."""
        if day < self.start or (self.end is not None and self.end < day):
            return None
        # The review outstanding on `day` is the first not counted by then.
        outstanding = bisect.bisect_right(self._held, day)
        if outstanding >= len(self.steps):
            return None
        due = self.steps[outstanding][0]
        return (day - due).days if due < day else None


class Judge:
    """Judges one period of care at a time, adding its rows to a list (see :meth:`__call__`)."""

    def __init__(
        self,
        columns: ReviewColumns,
        as_of: dt.date,
        reviews_from: dt.date | None,
        policy: Policy,
        calendar: WorkingCalendar | None,
    ) -> None:
        self.columns, self.as_of, self.reviews_from = columns, as_of, reviews_from
        self.policy, self.calendar = policy, calendar

    def reviews(
        self, case: Case
    ) -> tuple[list[list[int]], list[tuple[dt.date, dt.date]], list[RowVerdict], str]:
        """The case's reviews that can be judged (their rows, and their first and last meeting
        dates), the rows refused, and why the period cannot be judged at all ("" if it can)."""
        groups, refused = group_reviews(case, self.columns)
        dates = self.columns.meeting_date
        spans = [(dates[group[0]], dates[group[-1]]) for group in groups]
        reason = why_not_assessable(case, self.reviews_from)
        refused.extend(self._refuse(case, groups, spans, judged=not reason))
        return groups, spans, refused, reason

    def __call__(self, case: Case, out: list[Entry]) -> Timeline | None:
        """Add the period's rows to ``out`` in date order (an overdue review last); return its
        timeline if it was judged."""
        columns = self.columns
        groups, spans, refused, reason = self.reviews(case)
        period = JudgedPeriod(case.child, case.start, case.end, groups, columns, self.policy)
        judged: Judged | None = None
        if not reason:
            try:
                judged = judge_spans(
                    case.start,
                    case.end,
                    case.regime,
                    spans,
                    as_of=self.as_of,
                    policy=self.policy,
                    calendar=self.calendar,
                )
            except IroScheduleError as exc:
                reason = str(exc)
        rows: list[Entry] = []
        if judged is None:
            detail = not_assessable(reason)
            for group in groups:
                _add_group(rows, group, columns, RowStatus.NOT_ASSESSABLE, detail, None, period)
            _add_in_order(out, refused, rows, columns)
            return None
        _add_judged(rows, groups, judged, columns, period)
        if judged.overdue_by is not None:
            period.overdue_by_period_end = judged.overdue_by_period_end
            rows.append(_overdue_row(case, len(groups) + 1, judged, period))
        _add_in_order(out, refused, rows, columns)
        return _timeline(case, judged)

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
        columns, as_of = self.columns, self.as_of
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


def _refused_rows(
    columns: ReviewColumns, group: list[int], fault: HistoryFault
) -> list[RowVerdict]:
    plain = columns.plain
    return [invalid_row(columns, i, _date_field(plain, i), fault.message()) for i in group]


def _date_field(plain: PlainColumns | None, i: int) -> str:
    """Row ``i``'s date column: the plain format's, or SSDA903's (whose rows name no period)."""
    return "meeting_date" if plain is not None and plain.period_start[i] is not None else "REVIEW"


def why_not_assessable(case: Case, reviews_from: dt.date | None) -> str:
    """Why the case's reviews cannot be judged from the data at all ("" if they can)."""
    if case.why_not_assessable or case.period is None:
        return case.why_not_assessable
    return unknown_history(case.period, reviews_from)


def _timeline(case: Case, judged: Judged) -> Timeline:
    steps: list[tuple[dt.date, dt.date | None]] = [
        (due, counted) for due, counted, *_ in judged.held
    ]
    if case.end is None or judged.next_due <= case.end:
        steps.append((judged.next_due, None))
    return Timeline(child=case.child, start=case.start, end=case.end, steps=tuple(steps))


def _add_in_order(
    out: list[Entry], refused: list[RowVerdict], rows: list[Entry], columns: ReviewColumns
) -> None:
    """Add ``rows`` (in date order) to ``out``, with rows refused on the way merged in by date."""
    if not refused:
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
    held = zip(groups, judged.held, strict=True)
    if columns.plain is not None:
        for ordinal, (group, (due, counted, regime, anchor)) in enumerate(held, start=1):
            late = (counted - due).days
            status = RowStatus.LATE if late > 0 else RowStatus.ON_TIME
            judgement = (ordinal, due, counted, late if late > 0 else 0, regime, anchor)
            _add_group(out, group, columns, status, "", judgement, period)
        return
    # SSDA903: each review is one row with no meetings to join (what _add_group makes of it,
    # inline: a national caseload has millions).
    notes, add, row = columns.note, out.append, _new_row
    for ordinal, ((i,), (due, counted, regime, anchor)) in enumerate(held, start=1):
        late = (counted - due).days
        status = _LATE_ROW if late > 0 else _ON_TIME_ROW
        late = late if late > 0 else 0
        add(row((i, i, status, notes[i], 1, 1, False, ordinal, due, counted, late, regime, anchor, period)))  # fmt: skip  # noqa: E501


#: Unjudged(...) without its keyword handling: a national caseload makes millions.
_new_row = functools.partial(tuple.__new__, Unjudged)
_ON_TIME_ROW, _LATE_ROW = RowStatus.ON_TIME, RowStatus.LATE
_Judgement = tuple[int, dt.date, dt.date, int, Regime, dt.date]


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


def _overdue_row(case: Case, ordinal: int, judged: Judged, period: JudgedPeriod) -> RowVerdict:
    assert judged.overdue_by is not None
    return RowVerdict(
        source="",
        line=None,
        child=case.child,
        status=RowStatus.OVERDUE,
        period_start=case.start,
        period_end=case.end,
        ordinal=ordinal,
        due=judged.next_due,
        counted_date=judged.overdue_by,
        days_late=(judged.overdue_by - judged.next_due).days,
        judged_under=judged.next_regime,
        anchor=judged.next_anchor,
        period=period,
    )

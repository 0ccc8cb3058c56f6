"""Validating historic review records: every input row comes out with a verdict or a reason.

Rows are grouped into periods of care and reviews, judged by :func:`assess`, and mapped back:
one :class:`RowVerdict` per input review row, plus one per review that was overdue by the end of
the data. Nothing is guessed: a review whose predecessor is not in the data is "not assessable".
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable

import attrs

from ._cadence import Assessment, Judged, Verdict, assess, judge_spans
from ._calendar import WorkingCalendar
from ._errors import InvalidReviewError, IroScheduleError
from ._policy import Policy
from ._records import PeriodOfCare, Review
from ._records_io import CarePeriod, CaseReview, InputProblem, Inputs
from ._regimes import ENGLAND_SHORT_BREAKS_2010, REGIMES_BY_NAME, Regime
from ._tabular import paused_gc

__all__ = ["Caseload", "RowStatus", "RowVerdict", "Timeline", "Validation", "caseload", "validate"]


class RowStatus(enum.Enum):
    """What became of one row."""

    ON_TIME = "on time"
    LATE = "late"
    #: Not an input row: a review that was due before the end of the data and not held.
    OVERDUE = "overdue"
    #: A valid review that cannot be judged from the data (e.g. its predecessor is missing).
    NOT_ASSESSABLE = "not assessable"
    #: A row that cannot be read or placed (bad date, outside any period of care, ...).
    INVALID = "invalid"
    #: The same review given again (e.g. in two years' files); judged once, at the first copy.
    DUPLICATE = "duplicate"
    #: A meeting that is not a statutory review (e.g. a midway review): it does not count.
    NOT_COUNTED = "not counted"


JUDGED = (RowStatus.ON_TIME, RowStatus.LATE)
_ONE_DAY = dt.timedelta(days=1)


class _PeriodVerdicts:
    """The core's verdicts on one judged period of care, built the first time one is asked for.

    Validation judges with :func:`judge_spans` (plain dates); the :class:`Verdict` values, with
    their explanations, are made from the same reviews by :func:`assess` only when read.
    """

    __slots__ = ("_as_of", "_assessment", "_calendar", "_case", "_groups", "_policy")

    def __init__(
        self,
        case: _Case,
        groups: list[list[CaseReview]],
        as_of: dt.date,
        policy: Policy,
        calendar: WorkingCalendar | None,
    ) -> None:
        self._case, self._groups, self._as_of = case, groups, as_of
        self._policy, self._calendar = policy, calendar
        self._assessment: Assessment | None = None

    def verdict(self, ordinal: int) -> Verdict:
        if self._assessment is None:
            period = PeriodOfCare(
                start=self._case.start,
                end=self._case.end,
                reviews=[_review(group) for group in self._groups],
                regime=self._case.regime,
            )
            self._assessment = assess(
                period, as_of=self._as_of, policy=self._policy, calendar=self._calendar
            )
        return self._assessment.verdicts[ordinal - 1]


@attrs.frozen(kw_only=True)
class RowVerdict:
    """The outcome for one input row (or one overdue review), in plain values for tables.

    For a judged or overdue row, ``ordinal``, ``due``, ``counted_date`` and ``days_late`` are
    set, and :attr:`verdict` gives the core's :class:`Verdict` (made when first asked for, so
    judging a caseload does not pay for sentences nobody reads). ``detail`` is the reason for
    any other row, or a note added to the explanation.
    """

    source: str
    line: int | None
    child: str
    status: RowStatus
    detail: str = ""
    meeting_date: dt.date | None = None
    review_id: str = ""
    meeting: int = 0
    meetings: int = 0
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    brought_forward: bool = False
    participation: str = ""
    age: int | None = None
    ordinal: int | None = None
    due: dt.date | None = None
    counted_date: dt.date | None = None
    days_late: int | None = None
    _regime: Regime | None = attrs.field(default=None, alias="judged_under", repr=False)
    _verdicts: _PeriodVerdicts | None = attrs.field(
        default=None, alias="verdicts", repr=False, eq=False
    )

    @property
    def verdict(self) -> Verdict | None:
        """The core's verdict on the review (None for a row that was not judged)."""
        if self._verdicts is None or self.ordinal is None:
            return None
        return self._verdicts.verdict(self.ordinal)

    @property
    def reason(self) -> str:
        """Why the row came out as it did, in plain English."""
        verdict = self.verdict
        if verdict is None:
            return self.detail
        explanation = verdict.explain()
        return f"{explanation} Note: {self.detail}." if self.detail else explanation

    @property
    def regime(self) -> str:
        return self._regime.name if self._regime is not None else ""

    @property
    def rule(self) -> str:
        if self._regime is None or self.ordinal is None:
            return ""
        return self._regime.rule_for(self.ordinal)

    @property
    def date(self) -> dt.date | None:
        """The date the row is filed under: its counted date, else its own meeting date."""
        return self.counted_date if self.counted_date is not None else self.meeting_date

    @property
    def is_review(self) -> bool:
        """Whether this row stands for a whole review held (its first meeting, not a duplicate)."""
        return self.status in HELD and self.meeting <= 1


HELD = frozenset({RowStatus.ON_TIME, RowStatus.LATE, RowStatus.NOT_ASSESSABLE})


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


@attrs.frozen(kw_only=True)
class Validation:
    """The result of :func:`validate`: every row's verdict and what the figures need."""

    rows: tuple[RowVerdict, ...]
    problems: tuple[InputProblem, ...]
    timelines: tuple[Timeline, ...]
    as_of: dt.date
    reviews_from: dt.date | None
    review_rows_read: int
    policy: Policy

    def count(self, *statuses: RowStatus) -> int:
        """How many rows have any of ``statuses``."""
        return sum(1 for row in self.rows if row.status in statuses)

    def reconciliation(self) -> str:
        """``rows read = rows judged + ...``: proof that no input row was lost."""
        judged = self.count(*JUDGED)
        other = [
            (status.value, self.count(status))
            for status in (
                RowStatus.NOT_ASSESSABLE,
                RowStatus.INVALID,
                RowStatus.DUPLICATE,
                RowStatus.NOT_COUNTED,
            )
        ]
        total = judged + sum(n for _, n in other)
        parts = " + ".join(f"{n} {name}" for name, n in other)
        balanced = "balanced" if total == self.review_rows_read else "DOES NOT BALANCE"
        return (
            f"review rows read {self.review_rows_read} = {judged} judged (on time or late) + "
            f"{parts} ({balanced}); {self.count(RowStatus.OVERDUE)} overdue reviews added"
        )


def validate(
    inputs: Inputs,
    *,
    as_of: dt.date,
    reviews_from: dt.date | None,
    policy: Policy | None = None,
    calendar: WorkingCalendar | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Validation:
    """Judge every review row of ``inputs``.

    ``as_of`` is the end of the data: reviews due before it and not held come out as overdue.
    ``reviews_from`` is the date from which the data holds every review (None: the whole history
    of every period); a review in a period that began earlier cannot be numbered, so it is
    "not assessable". ``progress``, if given, is called with (periods done, periods in all).
    """
    with paused_gc():
        return _validate(
            inputs,
            as_of=as_of,
            reviews_from=reviews_from,
            policy=policy or Policy(),
            calendar=calendar,
            progress=progress,
        )


def _validate(
    inputs: Inputs,
    *,
    as_of: dt.date,
    reviews_from: dt.date | None,
    policy: Policy,
    calendar: WorkingCalendar | None,
    progress: Callable[[int, int], None] | None,
) -> Validation:
    rows: list[RowVerdict] = []
    timelines: list[Timeline] = []
    cases, unplaced = _cases(inputs, as_of)
    unplaced.extend(_problem_row(p) for p in inputs.problems if p.review_row)
    cases.sort(key=lambda c: (c.child, c.start))
    for done, case in enumerate(cases, start=1):
        if progress is not None and done % 1000 == 0:
            progress(done, len(cases))
        case_rows, timeline = _judge_case(case, as_of, reviews_from, policy, calendar)
        rows.extend(case_rows)
        if timeline is not None:
            timelines.append(timeline)
    unplaced.sort(key=lambda r: (r.source, r.line or 0))
    rows.extend(unplaced)
    return Validation(
        rows=tuple(rows),
        problems=tuple(p for p in inputs.problems if not p.review_row),
        timelines=tuple(timelines),
        as_of=as_of,
        reviews_from=reviews_from,
        review_rows_read=inputs.review_rows_read,
        policy=policy,
    )


def _within_case(row: RowVerdict) -> tuple[dt.date, bool, str, int]:
    """Rows of one period in date order, an overdue review after any row of its date."""
    when = row.meeting_date or row.counted_date or dt.date.min
    return (when, row.status is RowStatus.OVERDUE, row.source, row.line or 0)


def _problem_row(problem: InputProblem) -> RowVerdict:
    status = RowStatus.NOT_COUNTED if problem.status == "not counted" else RowStatus.INVALID
    return _unjudged(
        problem.source, problem.line, problem.child, problem.field, problem.reason, status
    )


def _unjudged(  # noqa: PLR0917 (the cells of one row)
    source: str,
    line: int,
    child: str,
    field: str,
    reason: str,
    status: RowStatus,
    meeting_date: dt.date | None = None,
    review_id: str = "",
) -> RowVerdict:
    """A row that is not judged, its reason naming the file, the line (if any) and the field."""
    where = f"{source} line {line}" if line else source
    return RowVerdict(
        source=source,
        line=line,
        child=child,
        status=status,
        detail=f"{where}, {field}: {reason}",
        meeting_date=meeting_date,
        review_id=review_id,
    )


# --- grouping rows into periods of care and reviews -------------------------------------------


@attrs.frozen
class _Case:
    child: str
    start: dt.date
    end: dt.date | None
    regime: Regime | None
    why_not_assessable: str
    rows: tuple[CaseReview, ...]
    #: SSDA903 data holds the reviews of its collection years only; plain-format exports are
    #: taken to hold each period's whole history.
    from_903: bool


def _cases(inputs: Inputs, as_of: dt.date) -> tuple[list[_Case], list[RowVerdict]]:
    """Place every review row in a period of care; rows that cannot be placed get a verdict."""
    by_period: dict[tuple[str, dt.date], list[CaseReview]] = defaultdict(list)
    periods: dict[tuple[str, dt.date], CarePeriod | None] = {}
    verdicts: list[RowVerdict] = []
    for review in inputs.reviews:
        if review.meeting_date > as_of:
            verdicts.append(
                _invalid(
                    review,
                    "meeting_date",
                    (
                        f"the review date {review.meeting_date:%d/%m/%Y} is after the end of the "
                        f"data ({as_of:%d/%m/%Y}); check the date, or set a later as-of date"
                    ),
                )
            )
            continue
        if review.period_start is not None:
            key = (review.child, review.period_start)
            periods.setdefault(key, None)
            by_period[key].append(review)
            continue
        period = _period_containing(inputs.periods.get(review.child, ()), review.meeting_date)
        if period is None:
            verdicts.append(_invalid(review, "REVIEW", _no_period(inputs, review)))
            continue
        key = (review.child, period.start)
        periods[key] = period
        by_period[key].append(review)
    # A period of care with no review in the data still has reviews falling due.
    for child, child_periods in inputs.periods.items():
        for period in child_periods:
            key = (child, period.start)
            if key not in periods:
                periods[key] = period
                by_period[key] = []
    cases = [_case(key, periods[key], rows) for key, rows in by_period.items()]
    return cases, verdicts


def _period_containing(periods: Iterable[CarePeriod], day: dt.date) -> CarePeriod | None:
    for period in periods:
        if period.start <= day and (period.end is None or day <= period.end):
            return period
    return None


def _no_period(inputs: Inputs, review: CaseReview) -> str:
    periods = inputs.periods.get(review.child, ())
    if not periods:
        return (
            f"REVIEW {review.meeting_date:%d/%m/%Y}: child {review.child} has no episodes in the "
            "data, so the review cannot be placed in a period of care; add the Episodes file"
        )
    spans = "; ".join(
        f"{p.start:%d/%m/%Y} to {p.end:%d/%m/%Y}" if p.end else f"from {p.start:%d/%m/%Y}"
        for p in periods
    )
    return (
        f"REVIEW {review.meeting_date:%d/%m/%Y} is not within any period of care of child "
        f"{review.child} in the episodes data ({spans})"
    )


def _case(key: tuple[str, dt.date], period: CarePeriod | None, rows: list[CaseReview]) -> _Case:
    child, start = key
    if period is not None:
        regime = ENGLAND_SHORT_BREAKS_2010 if period.short_breaks else None
        return _Case(
            child,
            start,
            period.end,
            regime,
            period.why_start_unknown,
            tuple(rows),
            from_903=True,
        )
    ends = sorted({r.period_end for r in rows if r.period_end is not None})
    names = sorted({r.regime for r in rows if r.regime})
    regime = REGIMES_BY_NAME.get(names[0]) if len(names) == 1 else None
    why = ""
    if len(names) > 1 or (names and regime is None):
        why = (
            f"the period's regime {', '.join(map(repr, names))} is not one regime name of "
            f"{', '.join(REGIMES_BY_NAME)}"
        )
    elif ends and ends[-1] < start:
        why = (
            f"period_end {ends[-1]:%d/%m/%Y} is before period_start {start:%d/%m/%Y}; check "
            "the two dates are not swapped"
        )
    elif len(ends) > 1:
        why = (
            "the rows of this period of care give different period_end dates ("
            + ", ".join(f"{e:%d/%m/%Y}" for e in ends)
            + "); give one"
        )
    return _Case(child, start, ends[-1] if ends else None, regime, why, tuple(rows), from_903=False)


def _invalid(
    review: CaseReview, field: str, reason: str, status: RowStatus = RowStatus.INVALID
) -> RowVerdict:
    """A row that is not judged (invalid, or a duplicate), with its file, line and field."""
    return _unjudged(
        review.source,
        review.line,
        review.child,
        field,
        reason,
        status,
        meeting_date=review.meeting_date,
        review_id=review.review_id,
    )


# --- judging one period of care ---------------------------------------------------------------


_MEETING_ORDER = operator.attrgetter("meeting_date", "source", "line")


def _group_reviews(case: _Case) -> tuple[list[list[CaseReview]], list[RowVerdict]]:
    """The case's rows as reviews (lists of meetings, earliest first), and duplicate rows."""
    groups: dict[str | dt.date, list[CaseReview]] = {}
    seen: dict[tuple[str | dt.date, dt.date], CaseReview] = {}
    duplicates: list[RowVerdict] = []
    for row in sorted(case.rows, key=_MEETING_ORDER):
        key: str | dt.date = row.review_id or row.meeting_date
        same = seen.setdefault((key, row.meeting_date), row)
        if same is row:
            groups.setdefault(key, []).append(row)
            continue
        reason = (
            f"the same review meeting ({row.meeting_date:%d/%m/%Y}) as {same.source} line "
            f"{same.line}, where it is judged"
        )
        duplicates.append(_invalid(row, "date", reason, RowStatus.DUPLICATE))
    return sorted(groups.values(), key=lambda g: g[0].meeting_date), duplicates


def _judge_case(
    case: _Case,
    as_of: dt.date,
    reviews_from: dt.date | None,
    policy: Policy,
    calendar: WorkingCalendar | None,
) -> tuple[list[RowVerdict], Timeline | None]:
    """The period's rows in date order (an overdue review last), and its timeline if judged."""
    groups, rejected = _group_reviews(case)
    reason = _why_not_assessable(case, reviews_from)
    if reason:
        return _in_order(rejected, _not_assessable(case, groups, reason)), None
    if not _plainly_valid(case, groups):
        _, groups, invalid = _period_of_care(case, groups)
        rejected.extend(invalid)
    spans = [(group[0].meeting_date, group[-1].meeting_date) for group in groups]
    try:
        judged = judge_spans(
            case.start, case.end, case.regime, spans, as_of=as_of, policy=policy, calendar=calendar
        )
    except IroScheduleError as exc:
        return _in_order(rejected, _not_assessable(case, groups, str(exc))), None
    verdicts = _PeriodVerdicts(case, groups, as_of, policy, calendar)
    rows: list[RowVerdict] = []
    for ordinal, (group, held) in enumerate(zip(groups, judged.held, strict=True), start=1):
        rows.extend(_judged_rows(case, group, ordinal, held, verdicts))
    if judged.overdue_by is not None:
        rows.append(_overdue_row(case, len(groups) + 1, judged, verdicts))
    steps: list[tuple[dt.date, dt.date | None]] = [
        (due, counted) for due, counted, *_ in judged.held
    ]
    if case.end is None or judged.next_due <= case.end:
        steps.append((judged.next_due, None))
    timeline = Timeline(child=case.child, start=case.start, end=case.end, steps=tuple(steps))
    return _in_order(rejected, rows), timeline


def _plainly_valid(case: _Case, groups: list[list[CaseReview]]) -> bool:
    """Whether the reviews would pass :class:`PeriodOfCare`'s checks (then none are built).

    Each review's meetings are already in strictly increasing order (see :func:`_group_reviews`);
    this checks that the period's end is not before its start and that each review lies within
    the period, after the one before it. Anything else goes through :func:`_period_of_care`,
    which names the rows at fault.
    """
    end = case.end
    if end is not None and end < case.start:
        return False
    previous = case.start - _ONE_DAY
    for group in groups:
        if group[0].meeting_date <= previous:
            return False
        previous = group[-1].meeting_date
    return end is None or previous <= end


def _in_order(rejected: list[RowVerdict], rows: list[RowVerdict]) -> list[RowVerdict]:
    """``rows`` are already in date order; rows rejected on the way are merged in by date."""
    if not rejected:
        return rows
    return sorted(rejected + rows, key=_within_case)


def _why_not_assessable(case: _Case, reviews_from: dt.date | None) -> str:
    if case.why_not_assessable:
        if not case.from_903:
            return case.why_not_assessable
        return case.why_not_assessable + "; add the earlier years' files"
    if case.from_903 and reviews_from is not None and case.start < reviews_from:
        return (
            f"the period of care began on {case.start:%d/%m/%Y}, before the reviews in the data "
            f"begin ({reviews_from:%d/%m/%Y}), so its earlier reviews are missing and this "
            "review's number and due date cannot be known; adding the earlier years' files "
            "resolves it"
        )
    return ""


def _period_of_care(
    case: _Case, groups: list[list[CaseReview]]
) -> tuple[PeriodOfCare, list[list[CaseReview]], list[RowVerdict]]:
    """The case as a :class:`PeriodOfCare`; reviews the core rejects become invalid rows."""
    invalid: list[RowVerdict] = []
    while True:
        reviews = [_review(group) for group in groups]
        try:
            period = PeriodOfCare(
                start=case.start, end=case.end, reviews=reviews, regime=case.regime
            )
        except InvalidReviewError as exc:
            if exc.index is None:  # pragma: no cover - period-level review errors carry one
                raise
            index = exc.index
            invalid.extend(_invalid(m, "meeting_date", exc.args[0]) for m in groups[index])
            groups = groups[:index] + groups[index + 1 :]
            continue
        return period, groups, invalid


def _review(group: list[CaseReview]) -> Review:
    return Review(
        meetings=tuple(m.meeting_date for m in group),
        brought_forward=any(m.brought_forward for m in group),
        id=group[0].review_id or None,
    )


def _not_assessable(case: _Case, groups: list[list[CaseReview]], reason: str) -> list[RowVerdict]:
    return [
        row
        for group in groups
        for row in _group_rows(case, group, RowStatus.NOT_ASSESSABLE, f"Not assessable: {reason}.")
    ]


def _judged_rows(
    case: _Case,
    group: list[CaseReview],
    ordinal: int,
    held: tuple[dt.date, dt.date, Regime, dt.date],
    verdicts: _PeriodVerdicts,
) -> list[RowVerdict]:
    due, counted, regime, _ = held
    late = (counted - due).days
    status = RowStatus.LATE if late > 0 else RowStatus.ON_TIME
    return _group_rows(
        case, group, status, "", (ordinal, due, counted, max(late, 0), regime, verdicts)
    )


_Judgement = tuple[int, dt.date, dt.date, int, Regime, _PeriodVerdicts]
_NOT_JUDGED: tuple[None, None, None, None, None, None] = (None, None, None, None, None, None)


def _group_rows(
    case: _Case,
    group: list[CaseReview],
    status: RowStatus,
    reason: str,
    judged: _Judgement | None = None,
) -> list[RowVerdict]:
    """One row per meeting of a review, all with the review's outcome."""
    head = group[0]
    if len(group) == 1:
        notes, brought_forward = head.note, head.brought_forward
    else:
        notes = "; ".join(m.note for m in group if m.note)
        brought_forward = any(m.brought_forward for m in group)
    if judged is None and notes:
        reason = f"{reason} Note: {notes}."
    detail = reason if judged is None else notes
    age = _age(head.dob, head.meeting_date)
    ordinal, due, counted, days_late, regime, verdicts = judged or _NOT_JUDGED
    return [
        RowVerdict(
            source=meeting.source,
            line=meeting.line,
            child=case.child,
            status=status,
            detail=detail,
            meeting_date=meeting.meeting_date,
            review_id=meeting.review_id,
            meeting=number,
            meetings=len(group),
            period_start=case.start,
            period_end=case.end,
            brought_forward=brought_forward,
            participation=head.participation,
            age=age,
            ordinal=ordinal,
            due=due,
            counted_date=counted,
            days_late=days_late,
            judged_under=regime,
            verdicts=verdicts,
        )
        for number, meeting in enumerate(group, start=1)
    ]


def _overdue_row(
    case: _Case, ordinal: int, judged: Judged, verdicts: _PeriodVerdicts
) -> RowVerdict:
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
        verdicts=verdicts,
    )


def _age(dob: dt.date | None, day: dt.date) -> int | None:
    if dob is None or dob > day:
        return None
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


@attrs.frozen(kw_only=True)
class Caseload:
    """The periods of care in some records that can be scheduled, and those that cannot.

    ``periods`` pairs each child with a :class:`PeriodOfCare` built from its reviews (reviews
    the core rejects are left out, as :func:`validate` reports them); ``skipped`` gives, for
    each period whose reviews cannot be numbered (its history is incomplete), the child, the
    period's start and end, and why.
    """

    periods: tuple[tuple[str, PeriodOfCare], ...]
    skipped: tuple[tuple[str, dt.date, dt.date | None, str], ...]


def caseload(inputs: Inputs, *, as_of: dt.date, reviews_from: dt.date | None) -> Caseload:
    """The periods of care in ``inputs``, for scheduling (see :func:`validate` for the rules)."""
    cases, _ = _cases(inputs, as_of)
    periods: list[tuple[str, PeriodOfCare]] = []
    skipped: list[tuple[str, dt.date, dt.date | None, str]] = []
    for case in sorted(cases, key=lambda c: (c.child, c.start)):
        groups, _ = _group_reviews(case)
        reason = _why_not_assessable(case, reviews_from)
        if reason:
            skipped.append((case.child, case.start, case.end, reason))
            continue
        period, _, _ = _period_of_care(case, groups)
        periods.append((case.child, period))
    return Caseload(periods=tuple(periods), skipped=tuple(skipped))

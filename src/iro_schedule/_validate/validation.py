"""Validating historic review records: every input row comes out with a verdict or a reason.

Rows are grouped into periods of care and reviews, judged by :func:`assess`, and mapped back:
one :class:`RowVerdict` per input review row, plus one per review that was overdue by the end of
the data. Nothing is guessed: a review whose predecessor is not in the data is "not assessable".
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
from collections import Counter
from collections.abc import Callable, Iterator, Sequence

import attrs

from .._engine.assess import Assessment, Judged, Verdict, assess, judge_spans
from .._engine.periods import PeriodOfCare, Review
from .._errors import InvalidReviewError, IroScheduleError
from .._law.calendar import WorkingCalendar
from .._law.policy import Policy
from .._law.regimes import ENGLAND_SHORT_BREAKS_2010, REGIMES_BY_NAME, Regime
from .._memory import MadeWhenRead, paused_gc
from .._read.rows import CarePeriod, InputProblem, Inputs, ReviewColumns

__all__ = [
    "Caseload",
    "RowStatus",
    "RowVerdict",
    "RowVerdicts",
    "Timeline",
    "Validation",
    "caseload",
    "validate",
]


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
    """One period of care as judged: its case, and the core's verdicts, built when asked for.

    Validation judges with :func:`judge_spans` (plain dates); the :class:`Verdict` values, with
    their explanations, are made from the same reviews by :func:`assess` only when read, and
    only the most recently read periods' are kept (see :meth:`_CaseJudge.assessment`).
    """

    __slots__ = ("_groups", "_judge", "case")

    def __init__(self, case: _Case, groups: list[list[int]], judge: _CaseJudge) -> None:
        self.case, self._judge = case, judge
        # Kept for as long as the rows: a one-row review (every SSDA903 review) as its row.
        self._groups = [group if len(group) > 1 else group[0] for group in groups]

    def verdict(self, ordinal: int) -> Verdict:
        return self._judge.assessment(self).verdicts[ordinal - 1]

    def period(self, columns: ReviewColumns) -> PeriodOfCare:
        """The period of care, as the core's value."""
        groups = [[group] if isinstance(group, int) else group for group in self._groups]
        return _period_of_care(self.case, groups, columns)


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


# A row of a period of care before it is made a RowVerdict (see RowVerdicts): the input row's
# index, the index of its review's first meeting, status, detail, meeting number, meetings,
# brought forward, then ordinal, due, counted date, days late and regime (None if not judged),
# and the period as judged.
_Compact = tuple[
    int,
    int,
    RowStatus,
    str,
    int,
    int,
    bool,
    "int | None",
    "dt.date | None",
    "dt.date | None",
    "int | None",
    "Regime | None",
    _PeriodVerdicts,
]
_Entry = RowVerdict | _Compact
#: What the annual figures read of a row: status, date filed under, meeting number, child,
#: participation code, age at the review, days late.
RowFact = tuple[RowStatus, "dt.date | None", int, str, str, "int | None", "int | None"]


class RowVerdicts(MadeWhenRead[RowVerdict]):
    """The rows of a :class:`Validation`, in order: each a :class:`RowVerdict` when read.

    A national caseload has millions of rows; they are held in a compact form and made into
    values as they are read, so that judging a caseload and computing its figures does not pay
    for millions of values nobody reads. Indexing, slicing and iterating behave as for a tuple.
    """

    __slots__ = ("_columns", "_entries")

    def __init__(self, entries: list[_Entry], columns: ReviewColumns) -> None:
        self._entries, self._columns = entries, columns

    def __len__(self) -> int:
        return len(self._entries)

    def _make(self, index: int) -> RowVerdict:
        return self._row(self._entries[index])

    def statuses(self) -> Iterator[RowStatus]:
        """Each row's status, in order, without making the rows."""
        return map(_status, self._entries)

    def with_status(self, *statuses: RowStatus) -> list[RowVerdict]:
        """The rows with any of ``statuses``, in order."""
        wanted = frozenset(statuses)
        return [self._row(e) for e in self._entries if _status(e) in wanted]

    def facts(self) -> Iterator[RowFact]:
        """What the annual figures need of each row, without making the rows."""
        dates, dobs = self._columns.meeting_date, self._columns.dob
        participation = self._columns.participation
        for e in self._entries:
            if isinstance(e, RowVerdict):
                yield row_fact(e)
                continue
            i, head, status, _, meeting, _, _, _, _, counted, late, _, judged = e
            age = _age(dobs[head], dates[head])
            day = dates[i] if counted is None else counted
            yield status, day, meeting, judged.case.child, participation[head], age, late

    def _row(self, entry: _Entry) -> RowVerdict:
        if isinstance(entry, RowVerdict):
            return entry
        (
            i,
            head,
            status,
            detail,
            meeting,
            meetings,
            bf,
            ordinal,
            due,
            counted,
            late,
            regime,
            judged,
        ) = entry
        columns, case = self._columns, judged.case
        dates = columns.meeting_date
        return RowVerdict(
            source=columns.source[i],
            line=columns.line[i],
            child=case.child,
            status=status,
            detail=detail,
            meeting_date=dates[i],
            review_id=columns.plain.review_id[i] if columns.plain else "",
            meeting=meeting,
            meetings=meetings,
            period_start=case.start,
            period_end=case.end,
            brought_forward=bf,
            participation=columns.participation[head],
            age=_age(columns.dob[head], dates[head]),
            ordinal=ordinal,
            due=due,
            counted_date=counted,
            days_late=late,
            judged_under=regime,
            verdicts=None if ordinal is None else judged,
        )


def _status(entry: _Entry) -> RowStatus:
    return entry.status if isinstance(entry, RowVerdict) else entry[2]


def row_fact(row: RowVerdict) -> RowFact:
    """What the annual figures need of ``row``."""
    return row.status, row.date, row.meeting, row.child, row.participation, row.age, row.days_late


def _as_row_verdicts(rows: Sequence[RowVerdict]) -> RowVerdicts:
    """``rows`` as :class:`RowVerdicts` (themselves, if they already are)."""
    if isinstance(rows, RowVerdicts):
        return rows
    return RowVerdicts(list(rows), ReviewColumns.of(()))


@attrs.frozen(kw_only=True)
class Validation:
    """The result of :func:`validate`: every row's verdict and what the figures need.

    ``rows`` is a :class:`RowVerdicts` (any sequence of rows given is made one).
    """

    rows: RowVerdicts = attrs.field(converter=_as_row_verdicts)
    problems: tuple[InputProblem, ...]
    timelines: tuple[Timeline, ...]
    as_of: dt.date
    reviews_from: dt.date | None
    review_rows_read: int
    policy: Policy

    def count(self, *statuses: RowStatus) -> int:
        """How many rows have any of ``statuses``."""
        counts = self._counts()
        return sum(counts[status] for status in statuses)

    def _counts(self) -> Counter[RowStatus]:
        return Counter(self.rows.statuses())

    def with_status(self, *statuses: RowStatus) -> list[RowVerdict]:
        """The rows with any of ``statuses``, in order."""
        return self.rows.with_status(*statuses)

    def reconciliation(self) -> str:
        """``rows read = rows judged + ...``: proof that no input row was lost."""
        counts = self._counts()
        judged = sum(counts[status] for status in JUDGED)
        other = [
            (status.value, counts[status])
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
            f"{parts} ({balanced}); {counts[RowStatus.OVERDUE]} overdue reviews added"
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
    columns = ReviewColumns.of(inputs.reviews)
    entries: list[_Entry] = []
    timelines: list[Timeline] = []
    cases, unplaced = _cases(inputs, columns, as_of)
    unplaced.extend(_problem_row(p) for p in inputs.problems if p.review_row)
    cases.sort(key=lambda c: (c.child, c.start))
    judge = _CaseJudge(columns, as_of, reviews_from, policy, calendar)
    for done, case in enumerate(cases, start=1):
        if progress is not None and done % 1000 == 0:
            progress(done, len(cases))
        timeline = judge(case, entries)
        if timeline is not None:
            timelines.append(timeline)
    unplaced.sort(key=lambda r: (r.source, r.line or 0))
    entries.extend(unplaced)
    return Validation(
        rows=RowVerdicts(entries, columns),
        problems=tuple(p for p in inputs.problems if not p.review_row),
        timelines=tuple(timelines),
        as_of=as_of,
        reviews_from=reviews_from,
        review_rows_read=inputs.review_rows_read,
        policy=policy,
    )


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


def _invalid(
    columns: ReviewColumns,
    i: int,
    field: str,
    reason: str,
    status: RowStatus = RowStatus.INVALID,
) -> RowVerdict:
    """Input row ``i``, not judged (invalid, or a duplicate), with its file, line and field."""
    return _unjudged(
        columns.source[i],
        columns.line[i],
        columns.child[i],
        field,
        reason,
        status,
        meeting_date=columns.meeting_date[i],
        review_id=columns.plain.review_id[i] if columns.plain else "",
    )


# --- placing rows in periods of care ----------------------------------------------------------


@attrs.frozen
class _Case:
    child: str
    start: dt.date
    end: dt.date | None
    regime: Regime | None
    why_not_assessable: str
    #: The indices of the case's input rows, in the order read.
    rows: list[int]
    #: SSDA903 data holds the reviews of its collection years only; plain-format exports are
    #: taken to hold each period's whole history.
    from_903: bool


def _cases(
    inputs: Inputs, columns: ReviewColumns, as_of: dt.date
) -> tuple[list[_Case], list[RowVerdict]]:
    """Place every review row in a period of care; rows that cannot be placed get a verdict.

    Every SSDA903 period of care is a case, with reviews in the data or not (reviews still
    fell due); a plain-format row names its period by its start.
    """
    by_period: dict[tuple[str, dt.date], list[int]] = {}
    periods: dict[tuple[str, dt.date], CarePeriod | None] = {}
    # Each child's periods with the list of rows placed in them.
    placing: dict[str, list[tuple[CarePeriod, list[int]]]] = {}
    for child, child_periods in inputs.periods.items():
        for period in child_periods:
            key = (child, period.start)
            periods[key] = period
            rows = by_period[key] = []
            placing.setdefault(child, []).append((period, rows))
    unplaced: list[RowVerdict] = []
    starts = columns.plain.period_start if columns.plain else None
    last_child, slots = None, None  # rows of one child usually come together
    for i, (child, day) in enumerate(zip(columns.child, columns.meeting_date, strict=True)):
        if day > as_of:
            reason = (
                f"the review date {day:%d/%m/%Y} is after the end of the data "
                f"({as_of:%d/%m/%Y}); check the date, or set a later as-of date"
            )
            unplaced.append(_invalid(columns, i, "meeting_date", reason))
            continue
        if starts is not None and (start := starts[i]) is not None:
            key = (child, start)
            periods.setdefault(key, None)
            by_period.setdefault(key, []).append(i)
            continue
        if child != last_child:
            last_child, slots = child, placing.get(child, ())
        for period, rows in slots or ():
            if period.start <= day and (period.end is None or day <= period.end):
                rows.append(i)
                break
        else:
            unplaced.append(_invalid(columns, i, "REVIEW", _no_period(inputs, child, day)))
    cases = [_case(key, periods[key], rows, columns) for key, rows in by_period.items()]
    return cases, unplaced


def _no_period(inputs: Inputs, child: str, day: dt.date) -> str:
    periods = inputs.periods.get(child, ())
    if not periods:
        return (
            f"REVIEW {day:%d/%m/%Y}: child {child} has no episodes in the data, so the review "
            "cannot be placed in a period of care; add the Episodes file"
        )
    spans = "; ".join(
        f"{p.start:%d/%m/%Y} to {p.end:%d/%m/%Y}" if p.end else f"from {p.start:%d/%m/%Y}"
        for p in periods
    )
    return (
        f"REVIEW {day:%d/%m/%Y} is not within any period of care of child {child} in the "
        f"episodes data ({spans})"
    )


def _case(
    key: tuple[str, dt.date], period: CarePeriod | None, rows: list[int], columns: ReviewColumns
) -> _Case:
    child, start = key
    if period is not None:
        regime = ENGLAND_SHORT_BREAKS_2010 if period.short_breaks else None
        return _Case(
            child, start, period.end, regime, period.why_start_unknown, rows, from_903=True
        )
    plain = columns.plain
    assert plain is not None  # only plain-format rows name their period
    ends = sorted({e for i in rows if (e := plain.period_end[i]) is not None})
    names = sorted({name for i in rows if (name := plain.regime[i])})
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
    return _Case(child, start, ends[-1] if ends else None, regime, why, rows, from_903=False)


# --- grouping a period's rows into reviews ----------------------------------------------------


def _group_reviews(case: _Case, columns: ReviewColumns) -> tuple[list[list[int]], list[RowVerdict]]:
    """The case's rows as reviews (lists of meetings, earliest first), and duplicate rows.

    Rows are taken in date order, rows of one date in file and line order; the first copy of
    a meeting is judged and the others are duplicates.
    """
    dates = columns.meeting_date
    rows = sorted(case.rows, key=dates.__getitem__)
    if len({dates[i] for i in rows}) < len(rows):  # rows share a date: settle their order
        sources, lines = columns.source, columns.line
        rows.sort(key=lambda i: (dates[i], sources[i], lines[i]))
    if columns.plain is None:
        return _one_row_per_review(rows, columns)
    review_ids = columns.plain.review_id
    groups: dict[str | dt.date, list[int]] = {}
    seen: dict[tuple[str | dt.date, dt.date], int] = {}
    duplicates: list[RowVerdict] = []
    for i in rows:
        key: str | dt.date = review_ids[i] or dates[i]
        same = seen.setdefault((key, dates[i]), i)
        if same == i:
            groups.setdefault(key, []).append(i)
        else:
            duplicates.append(_duplicate(columns, i, same))
    return sorted(groups.values(), key=lambda g: dates[g[0]]), duplicates


def _one_row_per_review(
    rows: list[int], columns: ReviewColumns
) -> tuple[list[list[int]], list[RowVerdict]]:
    """SSDA903 rows (in date order): each is a whole review; a date given again is a copy."""
    dates = columns.meeting_date
    groups: list[list[int]] = []
    duplicates: list[RowVerdict] = []
    for i in rows:
        if groups and dates[groups[-1][0]] == dates[i]:
            duplicates.append(_duplicate(columns, i, groups[-1][0]))
        else:
            groups.append([i])
    return groups, duplicates


def _duplicate(columns: ReviewColumns, i: int, judged: int) -> RowVerdict:
    reason = (
        f"the same review meeting ({columns.meeting_date[i]:%d/%m/%Y}) as "
        f"{columns.source[judged]} line {columns.line[judged]}, where it is judged"
    )
    return _invalid(columns, i, "date", reason, RowStatus.DUPLICATE)


# --- judging one period of care ---------------------------------------------------------------


_RECENT_ASSESSMENTS = 32


class _CaseJudge:
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
        self._recent: dict[_PeriodVerdicts, Assessment] = {}

    def assessment(self, judged: _PeriodVerdicts) -> Assessment:
        """The core's assessment of a judged period, kept while it is among the last read.

        Rows are mostly read in order, a period's rows together: keeping a few assessments
        saves re-assessing a period for each of its rows, and keeping only a few keeps memory
        flat when millions of rows are written out.
        """
        recent = self._recent
        found = recent.get(judged)
        if found is None:
            found = assess(
                judged.period(self.columns),
                as_of=self.as_of,
                policy=self.policy,
                calendar=self.calendar,
            )
            if len(recent) >= _RECENT_ASSESSMENTS:  # forget the oldest (tolerating threads)
                recent.pop(next(iter(recent), judged), None)
            recent[judged] = found
        return found

    def __call__(self, case: _Case, out: list[_Entry]) -> Timeline | None:
        """Add the period's rows to ``out`` in date order (an overdue review last); return its
        timeline if it was judged."""
        columns = self.columns
        groups, rejected = _group_reviews(case, columns)
        reason = _why_not_assessable(case, self.reviews_from)
        if not reason and not _plainly_valid(case, groups, columns.meeting_date):
            _, groups, invalid = _valid_reviews(case, groups, columns)
            rejected.extend(invalid)
        judged_case = _PeriodVerdicts(case, groups, self)
        judged: Judged | None = None
        if not reason:
            judged, reason = self._judge(case, groups)
        rows: list[_Entry] = []
        if judged is None:
            status, detail = RowStatus.NOT_ASSESSABLE, f"Not assessable: {reason}."
            for group in groups:
                _add_group(rows, group, columns, status, detail, _NOT_JUDGED, judged_case)
            _add_in_order(out, rejected, rows, columns)
            return None
        _add_judged(rows, groups, judged, columns, judged_case)
        if judged.overdue_by is not None:
            rows.append(_overdue_row(case, len(groups) + 1, judged, judged_case))
        _add_in_order(out, rejected, rows, columns)
        return _timeline(case, judged)

    def _judge(self, case: _Case, groups: list[list[int]]) -> tuple[Judged | None, str]:
        dates = self.columns.meeting_date
        spans = [(dates[group[0]], dates[group[-1]]) for group in groups]
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
            return None, str(exc)
        return judged, ""


def _timeline(case: _Case, judged: Judged) -> Timeline:
    steps: list[tuple[dt.date, dt.date | None]] = [
        (due, counted) for due, counted, *_ in judged.held
    ]
    if case.end is None or judged.next_due <= case.end:
        steps.append((judged.next_due, None))
    return Timeline(child=case.child, start=case.start, end=case.end, steps=tuple(steps))


def _plainly_valid(case: _Case, groups: list[list[int]], dates: list[dt.date]) -> bool:
    """Whether the reviews would pass :class:`PeriodOfCare`'s checks (then none are built).

    Each review's meetings are already in strictly increasing order (see :func:`_group_reviews`);
    this checks that the period's end is not before its start and that each review lies within
    the period, after the one before it. Anything else goes through :func:`_valid_reviews`,
    which names the rows at fault.
    """
    end = case.end
    if end is not None and end < case.start:
        return False
    previous = case.start - _ONE_DAY
    for group in groups:
        if dates[group[0]] <= previous:
            return False
        previous = dates[group[-1]]
    return end is None or previous <= end


def _add_in_order(
    out: list[_Entry], rejected: list[RowVerdict], rows: list[_Entry], columns: ReviewColumns
) -> None:
    """Add ``rows`` (in date order) to ``out``, with rows rejected on the way merged in by date."""
    if not rejected:
        out.extend(rows)
        return
    dates, sources, lines = columns.meeting_date, columns.source, columns.line

    def order(entry: _Entry) -> tuple[dt.date, bool, str, int]:
        """Date order, an overdue review after any row of its date."""
        if isinstance(entry, RowVerdict):
            when = entry.meeting_date or entry.counted_date or dt.date.min
            overdue = entry.status is RowStatus.OVERDUE
            return (when, overdue, entry.source, entry.line or 0)
        i = entry[0]
        return (dates[i], False, sources[i], lines[i])

    out.extend(sorted([*rejected, *rows], key=order))


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


def _valid_reviews(
    case: _Case, groups: list[list[int]], columns: ReviewColumns
) -> tuple[PeriodOfCare, list[list[int]], list[RowVerdict]]:
    """The period with the reviews :class:`PeriodOfCare` accepts, those reviews, and the rows
    of any it rejects, as invalid."""
    invalid: list[RowVerdict] = []
    while True:
        try:
            period = _period_of_care(case, groups, columns)
        except InvalidReviewError as exc:
            if exc.index is None:  # pragma: no cover - period-level review errors carry one
                raise
            index = exc.index
            invalid.extend(_invalid(columns, i, "meeting_date", exc.args[0]) for i in groups[index])
            groups = groups[:index] + groups[index + 1 :]
            continue
        return period, groups, invalid


def _period_of_care(case: _Case, groups: list[list[int]], columns: ReviewColumns) -> PeriodOfCare:
    reviews = [_review(group, columns) for group in groups]
    return PeriodOfCare(start=case.start, end=case.end, reviews=reviews, regime=case.regime)


def _review(group: list[int], columns: ReviewColumns) -> Review:
    dates, plain = columns.meeting_date, columns.plain
    return Review(
        meetings=tuple(dates[i] for i in group),
        brought_forward=plain is not None and any(plain.brought_forward[i] for i in group),
        id=(plain.review_id[group[0]] or None) if plain else None,
    )


def _add_judged(
    out: list[_Entry],
    groups: list[list[int]],
    judged: Judged,
    columns: ReviewColumns,
    judged_case: _PeriodVerdicts,
) -> None:
    """Add the rows of every review judged, with its verdict."""
    held = zip(groups, judged.held, strict=True)
    if columns.plain is not None:
        for ordinal, (group, (due, counted, regime, _)) in enumerate(held, start=1):
            late = (counted - due).days
            status = RowStatus.LATE if late > 0 else RowStatus.ON_TIME
            judgement = (ordinal, due, counted, late if late > 0 else 0, regime)
            _add_group(out, group, columns, status, "", judgement, judged_case)
        return
    # SSDA903: each review is one row with no meetings to join (what _add_group makes of it,
    # inline: a national caseload has millions).
    notes, add, case = columns.note, out.append, judged_case
    for ordinal, ((i,), (due, counted, regime, _)) in enumerate(held, start=1):
        late = max((counted - due).days, 0)
        status = _LATE_ROW if late else _ON_TIME_ROW
        add((i, i, status, notes[i], 1, 1, False, ordinal, due, counted, late, regime, case))


_ON_TIME_ROW, _LATE_ROW = RowStatus.ON_TIME, RowStatus.LATE
_Judgement = tuple[int, dt.date, dt.date, int, Regime]
_NOT_JUDGED: tuple[None, None, None, None, None] = (None, None, None, None, None)


def _add_group(  # noqa: PLR0917 (one review's rows and what they share)
    out: list[_Entry],
    group: list[int],
    columns: ReviewColumns,
    status: RowStatus,
    reason: str,
    judgement: _Judgement | tuple[None, None, None, None, None],
    judged_case: _PeriodVerdicts,
) -> None:
    """Add one row per meeting of a review, all with the review's outcome.

    A judged row's detail is its notes (the explanation comes from its verdict); any other
    row's detail is ``reason``, followed by the notes.
    """
    head = group[0]
    notes, plain = columns.note, columns.plain
    ordinal, due, counted, late, regime = judgement
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
            (
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
                judged_case,
            )
        )


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
    columns = ReviewColumns.of(inputs.reviews)
    cases, _ = _cases(inputs, columns, as_of)
    periods: list[tuple[str, PeriodOfCare]] = []
    skipped: list[tuple[str, dt.date, dt.date | None, str]] = []
    for case in sorted(cases, key=lambda c: (c.child, c.start)):
        groups, _ = _group_reviews(case, columns)
        reason = _why_not_assessable(case, reviews_from)
        if reason:
            skipped.append((case.child, case.start, case.end, reason))
            continue
        period, _, _ = _valid_reviews(case, groups, columns)
        periods.append((case.child, period))
    return Caseload(periods=tuple(periods), skipped=tuple(skipped))

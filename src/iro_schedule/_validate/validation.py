"""Validating historic review records: every input row comes out with a verdict or a reason.

The pipeline, one step a module: rows are placed in periods of care (``placing``), grouped into
reviews (``grouping``), judged by the engine (``judging``) and kept as row verdicts (``rows``):
one :class:`RowVerdict` per input review row, plus one per review that was overdue by the end of
the data. Nothing is guessed: a review whose predecessor is not in the data is "not assessable".
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from .._engine.periods import PeriodOfCare
from .._errors import IroScheduleError, WrongTypeError, require_date, require_type
from .._law.calendar import WorkingCalendar
from .._law.dayarrays import day_numbers, numpy_installed
from .._law.policy import Policy
from .._memory import paused_gc
from .._read.rows import InputProblem, Inputs, ReviewColumns
from .judging import BoundsTimeline, Judge, Settings, Timeline, Timelines
from .judging_arrays import judge_cases
from .placing import place
from .rows import JUDGED, RowStatus, RowVerdict, RowVerdicts, problem_row, review_of

__all__ = ["Caseload", "Validation", "caseload", "validate"]


def _as_row_verdicts(rows: Sequence[RowVerdict]) -> RowVerdicts:
    """``rows`` as :class:`RowVerdicts` (themselves, if they already are)."""
    if isinstance(rows, RowVerdicts):
        return rows
    return RowVerdicts(list(rows), ReviewColumns.of(()))


def _as_timelines(timelines: Sequence[Timeline | BoundsTimeline]) -> Timelines:
    """``timelines`` as :class:`Timelines` (themselves, if they already are)."""
    if isinstance(timelines, Timelines):
        return timelines
    return Timelines(list(timelines))


@attrs.frozen(kw_only=True)
class Validation:
    """The result of :func:`validate`: every row's verdict and what the figures need.

    ``rows`` is a :class:`RowVerdicts` (any sequence of rows given is made one), and
    ``timelines`` a :class:`Timelines` (likewise): each compares equal to a tuple of the same
    values.
    """

    rows: RowVerdicts = attrs.field(converter=_as_row_verdicts)
    problems: tuple[InputProblem, ...]
    timelines: Timelines = attrs.field(converter=_as_timelines)
    as_of: dt.date
    reviews_from: dt.date | None
    review_rows_read: int
    policy: Policy
    #: Plain-format rows with no meeting, which gave periods of care with no review yet.
    period_rows_read: int = 0

    def count(self, *statuses: RowStatus) -> int:
        """How many rows have any of ``statuses``."""
        counts = self.rows.status_counts()
        return sum(counts[status] for status in statuses)

    def with_status(self, *statuses: RowStatus) -> list[RowVerdict]:
        """The rows with any of ``statuses``, in order."""
        return self.rows.with_status(*statuses)

    def reconciliation(self) -> str:
        """``rows read = rows judged + ...``: proof that no input row was lost."""
        counts = self.rows.status_counts()
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
        periods = (
            f"; {self.period_rows_read} rows with no meeting gave periods of care with no review "
            "yet"
            if self.period_rows_read
            else ""
        )
        return (
            f"review rows read {self.review_rows_read} = {judged} judged (on time or late) + "
            f"{parts} ({balanced}); {counts[RowStatus.OVERDUE]} overdue reviews added{periods}"
        )


def validate(
    inputs: Inputs,
    *,
    as_of: dt.date,
    reviews_from: dt.date | None,
    policy: Policy | None = None,
    calendar: WorkingCalendar | None = None,
    progress: Callable[[int, int], None] | None = None,
    gaps: Sequence[tuple[dt.date, dt.date]] = (),
    engine: str = "auto",
) -> Validation:
    """Judge every review row of ``inputs``.

    ``as_of`` is the end of the data: reviews due before it and not held come out as overdue,
    and a review held after it is refused (invalid), as :func:`assess` refuses one.
    ``reviews_from`` is the date from which the SSDA903 data holds every review (None: the whole
    history of every period), and ``gaps`` the stretches (first and last day) whose reviews it
    does not hold (collection years missing between others; see :func:`infer_window`). A review
    whose number the data therefore cannot show is judged when every possible number gives the
    same verdict, and is otherwise "not assessable" (see ``Policy.judge_unknown_numbers``).
    ``progress``, if given, is called with (periods done, periods in all).

    ``engine`` says how periods are judged: "numpy" judges together, with the engine's array
    form, every SSDA903 period that needs nothing but the cadence (needs numpy: the 'vector'
    extra); "python" judges each period on its own; "auto" (the default) uses numpy when it is
    installed and the run holds 20,000 review rows or more. Every engine gives the same
    validation.
    """
    require_type(inputs, Inputs, field="inputs", give="the Inputs read_records() gives")
    require_date(as_of, field="as_of")
    if reviews_from is not None:
        require_date(reviews_from, field="reviews_from")
    require_type(policy, Policy, field="policy", give="a Policy, or None", optional=True)
    gaps = _gaps(gaps)
    _engine_known(engine)
    with paused_gc():
        return _validate(
            inputs,
            as_of=as_of,
            reviews_from=reviews_from,
            gaps=tuple(sorted(gaps)),
            policy=policy or Policy(),
            calendar=calendar,
            progress=progress,
            engine=engine,
        )


#: Review rows from which "auto" judges with numpy (importing it costs about 0.1 s).
TOGETHER_FROM = 20_000


def _engine_known(engine: object) -> None:
    """Refuse an engine not known, or "numpy" with numpy not installed."""
    if engine not in ("auto", "python", "numpy"):
        raise IroScheduleError(
            f"engine must be 'auto', 'python' or 'numpy', got {engine!r}",
            field="engine",
            value=engine,
        )
    if engine == "numpy" and not numpy_installed():
        raise IroScheduleError(
            "engine='numpy' needs numpy: install the package with its 'vector' extra (from a "
            "checkout: python -m pip install '.[vector]'), or give engine='auto'",
            field="engine",
            value=engine,
        )


def _together(engine: str, rows: int) -> bool:
    """Whether periods are judged together (see :func:`validate`'s ``engine``)."""
    if engine == "auto":
        return rows >= TOGETHER_FROM and numpy_installed()
    return engine == "numpy"


#: How cases are ordered: by child, then by start.
_CHILD_AND_START = operator.attrgetter("child", "start")


def _days(columns: ReviewColumns) -> Any:
    """The rows' meeting dates as days since 1970 (numpy), for placing and judging them
    together."""
    # (Every row has its meeting date, so ``missing`` is never used: not mutated.)
    return day_numbers(columns.meeting_date, missing=-1)  # pragma: no mutate


def _gaps(gaps: Sequence[tuple[dt.date, dt.date]]) -> tuple[tuple[dt.date, dt.date], ...]:
    """The gaps, checked: each a (first day, last day) pair of dates."""
    for i, gap in enumerate(gaps):
        if not (isinstance(gap, tuple) and len(gap) == 2):
            raise WrongTypeError(
                f"gaps[{i}] must be a (first day, last day) pair of dates, got {gap!r}; give "
                "the DataWindow's gaps",
                field="gaps",
                value=gap,
            )
        require_date(gap[0], field=f"gaps[{i}][0]")
        require_date(gap[1], field=f"gaps[{i}][1]")
    return tuple(gaps)


def _validate(
    inputs: Inputs,
    *,
    as_of: dt.date,
    reviews_from: dt.date | None,
    gaps: tuple[tuple[dt.date, dt.date], ...],
    policy: Policy,
    calendar: WorkingCalendar | None,
    progress: Callable[[int, int], None] | None,
    engine: str,
) -> Validation:
    columns = ReviewColumns.of(inputs.reviews)
    days = _days(columns) if _together(engine, len(columns)) else None
    cases, unplaced = place(inputs, columns, days=days)
    unplaced.extend(problem_row(p) for p in inputs.problems if p.review_row)
    cases.sort(key=_CHILD_AND_START)
    settings = Settings(
        as_of=as_of, reviews_from=reviews_from, gaps=gaps, policy=policy, calendar=calendar
    )
    judge = Judge(columns, settings)
    entries, timelines, judged = judge_cases(cases, judge, days=days, progress=progress)
    unplaced.sort(key=lambda r: (r.source, r.line or 0))
    entries.extend(unplaced)
    return Validation(
        rows=RowVerdicts(entries, columns, judged),
        problems=tuple(p for p in inputs.problems if not p.review_row),
        timelines=Timelines(timelines, judged),
        as_of=as_of,
        reviews_from=reviews_from,
        review_rows_read=inputs.review_rows_read,
        period_rows_read=inputs.period_rows_read,
        policy=policy,
    )


@attrs.frozen(kw_only=True)
class Caseload:
    """The periods of care in some records that can be scheduled, and those that cannot.

    ``periods`` pairs each child with a :class:`PeriodOfCare` built from its reviews (reviews
    the law refuses are left out, as :func:`validate` reports them); ``skipped`` gives, for
    each period whose reviews cannot be numbered (its history is incomplete), the child, the
    period's start and end, and why.
    """

    periods: tuple[tuple[str, PeriodOfCare], ...]
    skipped: tuple[tuple[str, dt.date, dt.date | None, str], ...]


def caseload(
    inputs: Inputs,
    *,
    as_of: dt.date,
    reviews_from: dt.date | None,
    gaps: Sequence[tuple[dt.date, dt.date]] = (),
) -> Caseload:
    """The periods of care in ``inputs``, for scheduling (see :func:`validate` for the rules,
    and for ``gaps``: a period open across a missing year has reviews the data does not hold,
    so it is skipped)."""
    require_type(inputs, Inputs, field="inputs", give="the Inputs read_records() gives")
    require_date(as_of, field="as_of")
    if reviews_from is not None:
        require_date(reviews_from, field="reviews_from")
    columns = ReviewColumns.of(inputs.reviews)
    # (Either way places the same rows: the engines' test holds them equal. Not mutated.)
    days = _days(columns) if _together("auto", len(columns)) else None  # pragma: no mutate
    cases, _ = place(inputs, columns, days=days)  # pragma: no mutate
    settings = Settings(
        as_of=as_of,
        reviews_from=reviews_from,
        gaps=tuple(sorted(_gaps(gaps))),
        policy=Policy(),  # pragma: no mutate (placing and grouping rows do not consult it)
        calendar=None,
    )
    judge = Judge(columns, settings)
    periods: list[tuple[str, PeriodOfCare]] = []
    skipped: list[tuple[str, dt.date, dt.date | None, str]] = []
    for case in sorted(cases, key=_CHILD_AND_START):
        groups, _, _, reason = judge.reviews(case)
        reason = reason or case.not_judged or judge.history(case)
        if reason:
            skipped.append((case.child, case.start, case.end, reason))
            continue
        reviews = [review_of(group, columns) for group in groups]
        period = PeriodOfCare(start=case.start, end=case.end, reviews=reviews, regime=case.regime)
        periods.append((case.child, period))
    return Caseload(periods=tuple(periods), skipped=tuple(skipped))

"""Reviews whose number the data cannot show, against every history the data allows.

When the data holds a period's reviews only from some day (the period began before the data, or
a collection year is missing), the library judges a review only where every possible history
gives the same verdict. Here the possible histories are listed one by one, day by day, and each
is judged by the naive reference (``tests/reference.py``, which shares no code with the
library); the library must judge exactly the reviews on which they all agree, and no others:

- a review is on time whatever its number when every history has it on time (its due date
  then shown is the earliest any history gives), late whatever its number when every history
  has it late (the latest due date, and the fewest days late), and not assessable otherwise;
- a review not held by the end of the data is overdue whatever its number when every history
  has it overdue, and gives no row when they disagree.

A history is how many reviews were held in the stretch the data lacks (none, one, two, or three
or more: from the third on the interval no longer changes) and the day the last of them was
held: any day of that stretch, from the period's start (or the first day missing) to the day
before the data resumes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from iro_schedule import (
    Interval,
    Policy,
    Regime,
    Unit,
    WorkingCalendar,
    england_calendar,
    validate,
)
from iro_schedule.records import EPISODE_COLUMNS, REVIEW_COLUMNS, read_903
from iro_schedule.validation import RowStatus, RowVerdict

from . import reference
from .strategies import dates

D = dt.date
ONE_DAY = dt.timedelta(days=1)


def _csv(columns: tuple[str, ...], rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(r) for r in [list(columns), *rows]).encode() + b"\n"


def judged(
    start: dt.date,
    end: dt.date | None,
    held: list[dt.date],
    *,
    as_of: dt.date,
    reviews_from: dt.date | None,
    gap: tuple[dt.date, dt.date] | None,
    calendar: WorkingCalendar | None = None,
    policy: Policy | None = None,
) -> list[RowVerdict]:
    """The library's rows for one child's period of care, from SSDA903 tables."""
    blank = [""] * (len(EPISODE_COLUMNS) - 9)
    episode = ["C", f"{start:%d/%m/%Y}", "S", "C2", "N1", "U6", "PR1",
               f"{end:%d/%m/%Y}" if end else "", "E13" if end else "", *blank]  # fmt: skip
    reviews = [["C", "01/01/2010", f"{d:%d/%m/%Y}", "PN1"] for d in held]
    inputs = read_903(
        ["episodes.csv", "reviews.csv"],
        data={
            "episodes.csv": _csv(EPISODE_COLUMNS, [episode]),
            "reviews.csv": _csv(REVIEW_COLUMNS, reviews),
        },
    )
    gaps = [gap] if gap else []
    result = validate(
        inputs,
        as_of=as_of,
        reviews_from=reviews_from,
        gaps=gaps,
        calendar=calendar,
        policy=policy,
    )
    return list(result.rows)


def histories(known: list[dt.date], missing: tuple[dt.date, dt.date]) -> list[list[dt.date]]:
    """Every history of the reviews before the data resumes: the known ones, then none, one,
    two or three more in the missing stretch, the last on each of its days. (How many there
    were changes the interval of the next; where the others fell changes nothing, so they are
    put just before the last.)"""
    found = [list(known)]
    first, last = missing
    for count in (1, 2, 3):
        day = first
        while day <= last:
            found.append([*known, *(day - k * ONE_DAY for k in range(count - 1, 0, -1)), day])
            day += ONE_DAY
    return found


Judge = Callable[[list[dt.date]], list[reference.RefVerdict]]


def england(start: dt.date, end: dt.date | None, as_of: dt.date) -> Judge:
    """The naive reference's verdicts on a period's single-meeting reviews, in England."""
    return lambda held: reference.assess(start, [[d] for d in held], end, as_of)[0]


def naive_local(regime: Regime, start: dt.date, end: dt.date | None, as_of: dt.date) -> Judge:
    """Verdicts under a council's own regime, worked out the slow way: each review due its
    interval after the review before it (the first, after the start), counted day by day."""

    def after(interval: Interval, anchor: dt.date) -> dt.date:
        if interval.unit is Unit.WORKING_DAYS:
            return reference.add_working_days(anchor, interval.count)
        if interval.unit is Unit.MONTHS:
            return reference.add_months(anchor, interval.count)
        days = interval.count * (7 if interval.unit is Unit.WEEKS else 1)
        return anchor + dt.timedelta(days=days)

    def judge(held: list[dt.date]) -> list[reference.RefVerdict]:
        verdicts, anchor = [], start
        for number, day in enumerate([*held, None], start=1):
            interval = (regime.first, regime.second, regime.later)[min(number, 3) - 1]
            due = after(interval, anchor)
            if day is None:
                horizon = end if end is not None and end <= as_of else as_of
                if horizon > due:
                    verdicts.append(
                        reference.RefVerdict(
                            number, due, horizon, False, (horizon - due).days, False
                        )
                    )
                return verdicts
            late = (day - due).days
            verdicts.append(reference.RefVerdict(number, due, day, late <= 0, max(late, 0), True))
            anchor = day
        return verdicts  # pragma: no cover - the loop returns at its last step

    return judge


def expected(
    judge: Judge, histories_: list[list[dt.date]], seen: list[dt.date]
) -> tuple[list[tuple[str, dt.date | None, int | None]], tuple[dt.date, int] | None]:
    """What every history says of each review seen, and of the review after them."""
    per_review: list[list[reference.RefVerdict]] = [[] for _ in seen]
    following: list[reference.RefVerdict | None] = []
    for history in histories_:
        verdicts = judge([*history, *seen])
        for k in range(len(seen)):
            per_review[k].append(verdicts[len(history) + k])
        extra = verdicts[len(history) + len(seen) :]
        following.append(extra[0] if extra else None)
    outcomes: list[tuple[str, dt.date | None, int | None]] = []
    for verdicts in per_review:
        if all(v.on_time for v in verdicts):
            outcomes.append(("on time", min(v.due for v in verdicts), 0))
        elif not any(v.on_time for v in verdicts):
            late = min(v.days_late for v in verdicts)
            outcomes.append(("late", max(v.due for v in verdicts), late))
        else:
            outcomes.append(("not assessable", None, None))
    overdue = None
    if all(v is not None for v in following):
        due = max(v.due for v in following if v is not None)
        overdue = (due, min(v.days_late for v in following if v is not None))
    return outcomes, overdue


def outcome(rows: list[RowVerdict], day: dt.date) -> tuple[str, dt.date | None, int | None]:
    (row,) = [r for r in rows if r.meeting_date == day]
    assert row.ordinal is None  # its number is never claimed
    return row.status.value, row.due, row.days_late


@st.composite
def stretches(draw: st.DrawFn) -> tuple[dt.date, list[dt.date], dt.date, list[dt.date]]:
    """A period's start, the reviews held before the data lacks them, the first day the data
    holds them again, and the reviews held from then (a day apart or more)."""
    start = draw(dates(D(2009, 10, 1), D(2012, 6, 30)) | dates(D(2015, 1, 1), D(2030, 1, 1)))
    known: list[dt.date] = []
    day = start
    for _ in range(draw(st.integers(0, 2))):
        day += dt.timedelta(days=draw(st.integers(1, 200)))
        known.append(day)
    resumes = day + dt.timedelta(days=draw(st.integers(1, 260)))
    seen: list[dt.date] = []
    day = resumes
    for _ in range(draw(st.integers(1, 4))):
        gap = draw(st.integers(0, 40) | st.integers(80, 100) | st.integers(170, 200))
        day += dt.timedelta(days=max(gap, 1) if seen else gap)
        seen.append(day)
    return start, known, resumes, seen


@given(stretches(), st.integers(0, 400), st.booleans())
def test_a_period_begun_before_the_data(
    stretch: tuple[dt.date, list[dt.date], dt.date, list[dt.date]], after: int, ended: bool
) -> None:
    start, _, resumes, seen = stretch
    as_of = seen[-1] + dt.timedelta(days=after)
    end = seen[-1] + dt.timedelta(days=after // 2) if ended else None
    rows = judged(start, end, seen, as_of=as_of, reviews_from=resumes, gap=None)
    possible = histories([], (start, resumes - ONE_DAY))
    outcomes, overdue = expected(england(start, end, as_of), possible, seen)
    assert [outcome(rows, day) for day in seen] == outcomes
    assert _overdue(rows) == overdue


@given(stretches(), st.integers(0, 400))
def test_a_period_open_across_a_missing_year(
    stretch: tuple[dt.date, list[dt.date], dt.date, list[dt.date]], after: int
) -> None:
    start, known, resumes, seen = stretch
    missing_from = (known[-1] if known else start) + ONE_DAY
    if missing_from >= resumes:
        return
    as_of = seen[-1] + dt.timedelta(days=after)
    rows = judged(
        start, None, [*known, *seen], as_of=as_of, reviews_from=None,
        gap=(missing_from, resumes - ONE_DAY),
    )  # fmt: skip
    possible = histories(known, (missing_from, resumes - ONE_DAY))
    outcomes, overdue = expected(england(start, None, as_of), possible, seen)
    assert [outcome(rows, day) for day in seen] == outcomes
    assert _overdue(rows, after=resumes) == overdue


#: A council's own intervals, in any order of length (the law's grow: 20 working days, 3 months,
#: 6 months; a local standard need not).
intervals = st.one_of(
    st.builds(Interval, st.integers(5, 40), st.just(Unit.WORKING_DAYS)),
    st.builds(Interval, st.integers(1, 9), st.just(Unit.MONTHS)),
    st.builds(Interval, st.integers(1, 30), st.just(Unit.WEEKS)),
    st.builds(Interval, st.integers(7, 250), st.just(Unit.DAYS)),
)


@given(stretches(), st.integers(0, 400), intervals, intervals, intervals)
def test_a_period_begun_before_the_data_under_a_local_standard(
    stretch: tuple[dt.date, list[dt.date], dt.date, list[dt.date]],
    after: int,
    first: Interval,
    second: Interval,
    later: Interval,
) -> None:
    local = Regime(
        name="LOCAL",
        instrument="Anyshire practice standard",
        first=first,
        second=second,
        later=later,
        first_rule="para 1",
        second_rule="para 2",
        later_rule="para 3",
        commencement=D(2000, 1, 1),
        grade="R",
    )
    start, _, resumes, seen = stretch
    as_of = seen[-1] + dt.timedelta(days=after)
    rows = judged(
        start, None, seen, as_of=as_of, reviews_from=resumes, gap=None,
        policy=Policy(regimes=(local,)),
    )  # fmt: skip
    possible = histories([], (start, resumes - ONE_DAY))
    outcomes, overdue = expected(naive_local(local, start, None, as_of), possible, seen)
    assert [outcome(rows, day) for day in seen] == outcomes
    assert _overdue(rows) == overdue


def _overdue(rows: list[RowVerdict], after: dt.date | None = None) -> tuple[dt.date, int] | None:
    found = [
        (r.due, r.days_late)
        for r in rows
        if r.status is RowStatus.OVERDUE and (after is None or (r.due or after) >= after)
    ]
    assert len(found) <= 1
    return found[0] if found else None  # type: ignore[return-value]


def test_a_given_calendar_is_used_for_reviews_of_unknown_number() -> None:
    # In care from Fri 20 Dec 2024; the data's reviews begin on 1 Jan 2025; a review on Thu 23
    # Jan 2025. If it is review 1 it was due by Wed 22 Jan (20 working days), so late; if a
    # later one, it was on time: not assessable. In a calendar closing 2 and 3 January, review
    # 1 was due by Fri 24 Jan, so it is on time whatever its number.
    closures = england_calendar().with_non_working_days([D(2025, 1, 2), D(2025, 1, 3)])
    args = (D(2024, 12, 20), None, [D(2025, 1, 23)])
    window = {"as_of": D(2025, 2, 28), "reviews_from": D(2025, 1, 1), "gap": None}
    (row,) = judged(*args, **window)  # type: ignore[arg-type]
    assert row.status is RowStatus.NOT_ASSESSABLE
    (row,) = judged(*args, **window, calendar=closures)  # type: ignore[arg-type]
    assert (row.status, row.due) == (RowStatus.ON_TIME, D(2025, 1, 24))


def test_the_regime_is_named_only_when_every_history_has_the_same() -> None:
    # In care from Tue 1 Jun 2010; the data's reviews begin on Wed 1 Jun 2011; a review on Tue
    # 10 Jan 2012. Whatever came before, it is late: as review 1, due 29 Jun 2010 (the 1991
    # Regulations, four weeks); as a later one, due by Wed 30 Nov 2011 at the latest (six months
    # after Tue 31 May 2011, under the 2010 Regulations, or earlier under the 1991 ones). Its
    # regime depends on the history, so none is named.
    (row,) = judged(
        D(2010, 6, 1), None, [D(2012, 1, 10)], as_of=D(2012, 2, 1), reviews_from=D(2011, 6, 1),
        gap=None,
    )  # fmt: skip
    assert (row.status, row.due, row.days_late, row.regime) == (
        RowStatus.LATE, D(2011, 11, 30), 41, "",
    )  # fmt: skip
    # The next, held within three months of it, is on time whatever its number, and every
    # history has it under the 2010 Regulations.
    rows = judged(
        D(2010, 6, 1), None, [D(2012, 1, 10), D(2012, 3, 1)], as_of=D(2012, 3, 2),
        reviews_from=D(2011, 6, 1), gap=None,
    )  # fmt: skip
    assert [r.regime for r in rows if r.meeting_date] == ["", "ENGLAND_2010"]

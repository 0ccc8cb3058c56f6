"""Reviews whose number the data cannot show, against every history the data allows.

When the data holds a period's reviews only from some day (the period began before the data, or
a collection year is missing), the library judges a review only where every possible history
gives the same verdict. Here the possible histories are listed one by one, day by day, and each
is judged naively (by ``tests/reference.py``, which shares no code with the library, or by
``naive`` below for a council's own standards); the library must judge exactly the reviews on
which they all agree, and no others:

- a review is on time whatever its number when every history has it on time (its due date
  then shown is the earliest any history gives), late whatever its number when every history
  has it late (the latest due date, and the fewest days late), and not assessable otherwise;
- a review not held by the end of the data is overdue whatever its number when every history
  has it overdue, and gives no row when they disagree.

A history is how many reviews were held in the stretch the data lacks (none, one, two, or three
or more: from the third on the interval no longer changes) and the day the last of them was
held: any day of that stretch, from the period's start (or the first day missing) to the day
before the data resumes. When the data does not show when the period began (its first episode
does not open it), the stretch reaches back without end: here, a year and a half.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
from hypothesis import example, given
from hypothesis import strategies as st

from iro_schedule import (
    ENGLAND_1991,
    ENGLAND_ADOPTION_PLACEMENT_2005,
    Interval,
    Policy,
    Regime,
    Unit,
    WorkingCalendar,
    add_months,
    england_calendar,
    validate,
)
from iro_schedule.records import EPISODE_COLUMNS, REVIEW_COLUMNS, read_903
from iro_schedule.validation import RowStatus, RowVerdict

from . import reference
from .strategies import dates

D = dt.date
ONE_DAY = dt.timedelta(days=1)
EARLIEST = D(2009, 10, 1)  # from here, periods straddle the 2010 Regulations' commencement
Judge = Callable[[list[dt.date]], list[reference.RefVerdict]]
Outcome = tuple[str, dt.date | None, int | None]


def _csv(columns: tuple[str, ...], rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(r) for r in [list(columns), *rows]).encode() + b"\n"


@attrs.frozen(kw_only=True)
class Case:
    """One child's period of care as an SSDA903 return holds it, and how it is judged."""

    start: dt.date
    end: dt.date | None = None
    held: list[dt.date]
    as_of: dt.date
    reviews_from: dt.date | None = None
    gap: tuple[dt.date, dt.date] | None = None
    place: str = "U6"  # A4: a placement for adoption
    opens: bool = True  # False: its first episode does not open it (RNE 'P')
    calendar: WorkingCalendar | None = None
    policy: Policy | None = None

    def rows(self) -> list[RowVerdict]:
        blank = [""] * (len(EPISODE_COLUMNS) - 9)
        episode = ["C", f"{self.start:%d/%m/%Y}", "S" if self.opens else "P", "C2", "N1",
                   self.place, "PR1", f"{self.end:%d/%m/%Y}" if self.end else "",
                   "E13" if self.end else "", *blank]  # fmt: skip
        reviews = [["C", "01/01/2010", f"{d:%d/%m/%Y}", "PN1"] for d in self.held]
        inputs = read_903(
            ["episodes.csv", "reviews.csv"],
            data={
                "episodes.csv": _csv(EPISODE_COLUMNS, [episode]),
                "reviews.csv": _csv(REVIEW_COLUMNS, reviews),
            },
        )
        result = validate(
            inputs,
            as_of=self.as_of,
            reviews_from=self.reviews_from,
            gaps=[self.gap] if self.gap else [],
            calendar=self.calendar,
            policy=self.policy,
        )
        return list(result.rows)


def histories(known: list[dt.date], missing: tuple[dt.date, dt.date]) -> list[list[dt.date]]:
    """Every history of the reviews before the data resumes: the known ones, then none, one,
    two or three more in the missing stretch, the last on each of its days. (How many there
    were changes the interval of the next; where the others fell changes nothing, so they are
    put on the days just before the last: each review is a day of its own, in the stretch.)"""
    found = [list(known)]
    first, last = missing
    for count in (1, 2, 3):
        day = first + (count - 1) * ONE_DAY
        while day <= last:
            found.append([*known, *(day - k * ONE_DAY for k in range(count - 1, 0, -1)), day])
            day += ONE_DAY
    return found


def england(start: dt.date, end: dt.date | None, as_of: dt.date) -> Judge:
    """The naive reference's verdicts on a period's single-meeting reviews, in England."""
    return lambda held: reference.assess(start, [[d] for d in held], end, as_of)[0]


def naive(
    chain: list[Regime],
    start: dt.date,
    end: dt.date | None,
    as_of: dt.date,
    closed: frozenset[dt.date] = frozenset(),
) -> Judge:
    """Verdicts under a chain of regimes (a council's own standards, or a placement for
    adoption), worked out the slow way: each review due its interval after the review before
    it (the first, after the start), under the regime in force on the day the interval starts,
    counted day by day."""

    def after(interval: Interval, anchor: dt.date) -> dt.date:
        if interval.unit is Unit.WORKING_DAYS:
            day, counted = anchor, 0
            while counted < interval.count:
                day += ONE_DAY
                counted += reference.is_working_day(day) and day not in closed
            return day
        if interval.unit is Unit.MONTHS:
            return reference.add_months(anchor, interval.count)
        days = interval.count * (7 if interval.unit is Unit.WEEKS else 1)
        return anchor + dt.timedelta(days=days)

    def in_force(day: dt.date) -> Regime:
        return [r for r in chain if r.commencement <= day and (r.end is None or day <= r.end)][-1]

    def judge(held: list[dt.date]) -> list[reference.RefVerdict]:
        verdicts, anchor = [], start
        for number, day in enumerate([*held, None], start=1):
            regime = in_force(anchor)
            interval = (regime.first, regime.second, regime.later)[min(number, 3) - 1]
            due = after(interval, anchor)
            if day is None:
                horizon = end if end is not None and end <= as_of else as_of
                if horizon > due:
                    late = (horizon - due).days
                    verdicts.append(reference.RefVerdict(number, due, horizon, False, late, False))
                break
            late = (day - due).days
            verdicts.append(reference.RefVerdict(number, due, day, late <= 0, max(late, 0), True))
            anchor = day
        return verdicts

    return judge


def expected(
    judge: Judge, histories_: list[list[dt.date]], seen: list[dt.date]
) -> tuple[list[Outcome], tuple[dt.date, int] | None]:
    """What every history says of each review seen, and of the review after them."""
    per_review: list[list[reference.RefVerdict]] = [[] for _ in seen]
    following: list[reference.RefVerdict | None] = []
    for history in histories_:
        verdicts = judge([*history, *seen])
        for k in range(len(seen)):
            per_review[k].append(verdicts[len(history) + k])
        extra = verdicts[len(history) + len(seen) :]
        following.append(extra[0] if extra else None)
    outcomes: list[Outcome] = []
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


def outcomes_of(rows: list[RowVerdict], seen: list[dt.date]) -> list[Outcome]:
    found = []
    for day in seen:
        (row,) = [r for r in rows if r.meeting_date == day]
        assert row.ordinal is None  # its number is never claimed
        found.append((row.status.value, row.due, row.days_late))
    return found


def overdue_of(rows: list[RowVerdict], after: dt.date | None = None) -> tuple[dt.date, int] | None:
    found = [
        (r.due, r.days_late)
        for r in rows
        if r.status is RowStatus.OVERDUE and (after is None or (r.due or after) >= after)
    ]
    assert len(found) <= 1
    return found[0] if found else None  # type: ignore[return-value]


# --- the stretches generated ------------------------------------------------------------------


@st.composite
def stretches(
    draw: st.DrawFn, earliest: dt.date = EARLIEST
) -> tuple[dt.date, list[dt.date], dt.date, list[dt.date]]:
    """A period's start, the reviews held before the data lacks them, the first day the data
    holds them again, and the reviews held from then (a day apart or more)."""
    eras = [(D(2009, 10, 1), D(2012, 6, 30)), (D(2015, 1, 1), D(2030, 1, 1))]
    start = draw(st.one_of([dates(max(a, earliest), b) for a, b in eras if b > earliest]))
    known: list[dt.date] = []
    day = start
    for _ in range(draw(st.integers(0, 2))):
        day += dt.timedelta(days=draw(st.integers(1, 200)))
        known.append(day)
    # Often soon after the last day known, so that the first review seen may be on time.
    resumes = day + dt.timedelta(days=draw(st.integers(1, 30) | st.integers(1, 260)))
    seen: list[dt.date] = []
    day = resumes
    for _ in range(draw(st.integers(1, 4))):
        gap = draw(st.integers(0, 40) | st.integers(80, 100) | st.integers(170, 200))
        day += dt.timedelta(days=max(gap, 1) if seen else gap)
        seen.append(day)
    return start, known, resumes, seen


Stretch = tuple[dt.date, list[dt.date], dt.date, list[dt.date]]


def _end(seen: list[dt.date], as_of: dt.date, shift: int | None) -> dt.date | None:
    """No end, or an end on or after the last review seen: before the as-of date or after it."""
    return None if shift is None else max(seen[-1], as_of + dt.timedelta(days=shift))


# --- the properties ---------------------------------------------------------------------------


@given(stretches(), st.integers(0, 400), st.none() | st.integers(-400, 200))
def test_a_period_begun_before_the_data(stretch: Stretch, after: int, shift: int | None) -> None:
    start, _, resumes, seen = stretch
    as_of = seen[-1] + dt.timedelta(days=after)
    end = _end(seen, as_of, shift)
    case = Case(start=start, end=end, held=seen, as_of=as_of, reviews_from=resumes)
    rows = case.rows()
    outcomes, overdue = expected(
        england(start, end, as_of), histories([], (start, resumes - ONE_DAY)), seen
    )
    assert outcomes_of(rows, seen) == outcomes
    assert overdue_of(rows) == overdue


@given(stretches(), st.integers(0, 400), st.integers(0, 120))
def test_a_period_open_across_a_missing_year(stretch: Stretch, after: int, later: int) -> None:
    start, known, resumes, seen = stretch
    # The data holds the reviews up to some days after the last known one, then none.
    missing_from = (known[-1] if known else start) + dt.timedelta(days=1 + later)
    if missing_from >= resumes:
        return
    as_of = seen[-1] + dt.timedelta(days=after)
    case = Case(start=start, held=[*known, *seen], as_of=as_of,
                gap=(missing_from, resumes - ONE_DAY))  # fmt: skip
    rows = case.rows()
    possible = histories(known, (missing_from, resumes - ONE_DAY))
    outcomes, overdue = expected(england(start, None, as_of), possible, seen)
    assert outcomes_of(rows, seen) == outcomes
    assert overdue_of(rows, after=resumes) == overdue


@given(stretches(earliest=D(2015, 1, 1)), st.integers(0, 400))
def test_a_placement_for_adoption_begun_before_the_data(stretch: Stretch, after: int) -> None:
    start, _, resumes, seen = stretch
    as_of = seen[-1] + dt.timedelta(days=after)
    case = Case(start=start, held=seen, as_of=as_of, reviews_from=resumes, place="A4")
    rows = case.rows()
    judge = naive([ENGLAND_ADOPTION_PLACEMENT_2005], start, None, as_of)
    outcomes, overdue = expected(judge, histories([], (start, resumes - ONE_DAY)), seen)
    assert outcomes_of(rows, seen) == outcomes
    assert overdue_of(rows) == overdue
    assert {r.regime for r in rows if r.status.value in ("on time", "late", "overdue")} <= {
        ENGLAND_ADOPTION_PLACEMENT_2005.name
    }


@given(stretches(), st.integers(0, 400))
def test_a_period_whose_start_the_data_does_not_show(stretch: Stretch, after: int) -> None:
    _, _, resumes, seen = stretch
    start = resumes - dt.timedelta(days=40)  # the first episode seen, opening nothing
    as_of = seen[-1] + dt.timedelta(days=after)
    case = Case(start=start, held=seen, as_of=as_of, reviews_from=resumes, opens=False)
    rows = case.rows()
    # The period began on any day before the data: review 1 from then, or later ones.
    back = resumes - dt.timedelta(days=550)
    possible = [[], *histories([], (back, resumes - ONE_DAY))[1:]]
    judges = [england(day, None, as_of) for day in _days(back, resumes - ONE_DAY)]
    outcomes, overdue = _either(judges, possible, seen)
    assert outcomes_of(rows, seen) == outcomes
    assert overdue_of(rows) == overdue


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]


def _either(
    starts: list[Judge], possible: list[list[dt.date]], seen: list[dt.date]
) -> tuple[list[Outcome], tuple[dt.date, int] | None]:
    """As :func:`expected`, over histories with no review before the data (numbered from an
    unknown start: one history per possible start) and with some (from the earliest start)."""
    with_none = [judge([*seen]) for judge in starts]
    with_some = [starts[0]([*h, *seen]) for h in possible[1:]]
    every = [v[: len(seen) + 1] for v in with_none] + [
        v[len(h) : len(h) + len(seen) + 1] for h, v in zip(possible[1:], with_some, strict=True)
    ]
    outcomes: list[Outcome] = []
    for k in range(len(seen)):
        verdicts = [v[k] for v in every]
        if all(v.on_time for v in verdicts):
            outcomes.append(("on time", min(v.due for v in verdicts), 0))
        elif not any(v.on_time for v in verdicts):
            outcomes.append(("late", max(v.due for v in verdicts),
                             min(v.days_late for v in verdicts)))  # fmt: skip
        else:
            outcomes.append(("not assessable", None, None))
    following = [v[len(seen)] if len(v) > len(seen) else None for v in every]
    overdue = None
    if all(v is not None for v in following):
        overdue = (max(v.due for v in following if v is not None),
                   min(v.days_late for v in following if v is not None))  # fmt: skip
    return outcomes, overdue


#: A council's own intervals, in any order of length (the law's grow: 20 working days, 3 months,
#: 6 months; a local standard need not).
intervals = st.one_of(
    st.builds(Interval, st.integers(5, 40), st.just(Unit.WORKING_DAYS)),
    st.builds(Interval, st.integers(1, 9), st.just(Unit.MONTHS)),
    st.builds(Interval, st.integers(1, 30), st.just(Unit.WEEKS)),
    st.builds(Interval, st.integers(7, 250), st.just(Unit.DAYS)),
)


def _local(
    name: str, first: Interval, second: Interval, later: Interval, **dates_: dt.date
) -> Regime:
    return Regime(name=name, instrument="Anyshire practice standard", first=first,
                  second=second, later=later, first_rule="para 1", second_rule="para 2",
                  later_rule="para 3", grade="R", **dates_)  # type: ignore[arg-type]  # fmt: skip


@given(
    stretches(),
    st.integers(0, 400),
    st.lists(intervals, min_size=6, max_size=6),
    st.none() | st.integers(-300, 100),
    st.lists(st.integers(-60, 400), max_size=8),
)
def test_a_period_begun_before_the_data_under_local_standards(
    stretch: Stretch, after: int, chosen: list[Interval], changed: int | None, shut: list[int]
) -> None:
    # ... in a council's own calendar, closed on some days besides the bank holidays.
    # One local standard, or two: the second from a day in (or near) the stretch the data lacks.
    start, _, resumes, seen = stretch
    if changed is None:
        chain = [_local("LOCAL", *chosen[:3], commencement=D(2000, 1, 1))]
    else:
        change = resumes + dt.timedelta(days=changed)
        chain = [_local("OLD", *chosen[:3], commencement=D(2000, 1, 1), end=change - ONE_DAY),
                 _local("NEW", *chosen[3:], commencement=change)]  # fmt: skip
    as_of = seen[-1] + dt.timedelta(days=after)
    closed = frozenset(resumes + dt.timedelta(days=k) for k in shut)
    calendar = england_calendar().with_non_working_days(closed)
    case = Case(start=start, held=seen, as_of=as_of, reviews_from=resumes,
                policy=Policy(regimes=tuple(chain)), calendar=calendar)  # fmt: skip
    rows = case.rows()
    judge = naive(chain, start, None, as_of, closed)
    outcomes, overdue = expected(judge, histories([], (start, resumes - ONE_DAY)), seen)
    assert outcomes_of(rows, seen) == outcomes
    assert overdue_of(rows) == overdue


@given(
    stretches(),
    st.integers(0, 400),
    st.integers(0, 120),
    st.lists(intervals, min_size=3, max_size=3),
)
# Nine months to review 1, one month after: review 1 from 1 Jan 2020 due by 1 Oct, a missed
# review from 1 Mar (the first day missing) due by 1 Apr at the earliest; so a review seen on
# 15 Mar is on time whatever its number.
@example(
    (D(2020, 1, 1), [], D(2020, 3, 10), [D(2020, 3, 15)]),
    5,
    59,
    [Interval(9, Unit.MONTHS), Interval(1, Unit.MONTHS), Interval(1, Unit.MONTHS)],
)
def test_a_missing_year_under_a_local_standard(
    stretch: Stretch, after: int, later: int, chosen: list[Interval]
) -> None:
    # As across a missing year above, under a council's own intervals: a shorter one after a
    # longer makes the first day missing, not the period's start, bound the due dates below.
    start, known, resumes, seen = stretch
    missing_from = (known[-1] if known else start) + dt.timedelta(days=1 + later)
    if missing_from >= resumes:
        return
    chain = [_local("LOCAL", *chosen, commencement=D(2000, 1, 1))]
    as_of = seen[-1] + dt.timedelta(days=after)
    policy = Policy(regimes=tuple(chain))
    case = Case(start=start, held=[*known, *seen], as_of=as_of,
                gap=(missing_from, resumes - ONE_DAY), policy=policy)  # fmt: skip
    rows = case.rows()
    possible = histories(known, (missing_from, resumes - ONE_DAY))
    outcomes, overdue = expected(naive(chain, start, None, as_of), possible, seen)
    assert outcomes_of(rows, seen) == outcomes
    assert overdue_of(rows, after=resumes) == overdue


# --- single cases, worked out by hand -----------------------------------------------------------


def test_a_given_calendar_is_used_for_reviews_of_unknown_number() -> None:
    # In care from Fri 20 Dec 2024; the data's reviews begin on 1 Jan 2025; a review on Thu 23
    # Jan 2025. If it is review 1 it was due by Wed 22 Jan (20 working days), so late; if a
    # later one, it was on time: not assessable. In a calendar closing 2 and 3 January, review
    # 1 was due by Fri 24 Jan, so it is on time whatever its number.
    closures = england_calendar().with_non_working_days([D(2025, 1, 2), D(2025, 1, 3)])
    case = Case(start=D(2024, 12, 20), held=[D(2025, 1, 23)], as_of=D(2025, 2, 28),
                reviews_from=D(2025, 1, 1))  # fmt: skip
    (row,) = case.rows()
    assert row.status is RowStatus.NOT_ASSESSABLE
    (row,) = attrs.evolve(case, calendar=closures).rows()
    assert (row.status, row.due) == (RowStatus.ON_TIME, D(2025, 1, 24))
    # With no review seen by Thu 31 Jul 2025, one was overdue whatever had come before: by Mon
    # 30 Jun at the latest (six months after a review on 31 Dec 2024), 31 days before.
    case = Case(start=D(2024, 12, 20), held=[], as_of=D(2025, 7, 31), reviews_from=D(2025, 1, 1),
                calendar=closures)  # fmt: skip
    assert overdue_of(case.rows()) == (D(2025, 6, 30), 31)


def test_the_regime_is_named_only_when_every_history_has_the_same() -> None:
    # In care from Tue 1 Jun 2010; the data's reviews begin on Wed 1 Jun 2011; a review on Tue
    # 10 Jan 2012. Whatever came before, it is late: as review 1, due 29 Jun 2010 (the 1991
    # Regulations, four weeks); as a later one, due by Wed 30 Nov 2011 at the latest (six months
    # after Tue 31 May 2011, under the 2010 Regulations, or earlier under the 1991 ones). Its
    # regime depends on the history, so none is named.
    case = Case(start=D(2010, 6, 1), held=[D(2012, 1, 10)], as_of=D(2012, 2, 1),
                reviews_from=D(2011, 6, 1))  # fmt: skip
    (row,) = case.rows()
    assert (row.status, row.due, row.days_late, row.regime) == (
        RowStatus.LATE, D(2011, 11, 30), 41, "",
    )  # fmt: skip
    # The next, held within three months of it, is on time whatever its number, and every
    # history has it under the 2010 Regulations.
    rows = attrs.evolve(case, held=[D(2012, 1, 10), D(2012, 3, 1)], as_of=D(2012, 3, 2)).rows()
    assert [r.regime for r in rows if r.meeting_date] == ["", "ENGLAND_2010"]


def test_a_review_due_on_the_as_of_date_is_not_yet_overdue() -> None:
    # The review after one held on Mon 6 Jan 2025 whose number is not known is due three or
    # six months after it: by Sun 6 Jul 2025 at the latest. On 6 Jul it is not overdue whatever
    # its number; on 7 Jul it is, by at least a day.
    case = Case(start=D(2023, 6, 1), held=[D(2025, 1, 6)], as_of=D(2025, 7, 6),
                reviews_from=D(2024, 4, 1))  # fmt: skip
    assert overdue_of(case.rows()) is None
    assert overdue_of(attrs.evolve(case, as_of=D(2025, 7, 7)).rows()) == (D(2025, 7, 6), 1)
    assert add_months(D(2025, 1, 6), 6) == D(2025, 7, 6)


def test_a_period_begun_before_any_regime_cannot_be_judged() -> None:
    # In care from Sun 1 Sep 1991, before the 1991 Regulations came into force (14 Oct 1991):
    # review 1 fell under no regime, so nothing after it can be judged without its number.
    case = Case(start=D(1991, 9, 1), held=[D(1992, 4, 10), D(1992, 12, 1)],
                as_of=D(1993, 3, 31), reviews_from=D(1992, 4, 1))  # fmt: skip
    rows = case.rows()
    assert [r.status for r in rows] == [RowStatus.NOT_ASSESSABLE, RowStatus.LATE]
    assert rows[1].due == D(1992, 10, 10)  # six months after 10 Apr 1992, whatever its number


def test_a_shorter_local_standard_commencing_in_the_missing_stretch() -> None:
    # In care from Wed 1 Jan 2020; the data's reviews begin on Fri 20 Mar 2020; a review on Wed
    # 25 Mar. The old standard (nine months for every review) gave way on Sun 1 Mar to a new one
    # (one month). As review 1 it was due by 1 Oct 2020; as a later one, after a review held
    # up to 29 Feb, nine months after it; after one held from 1 Mar, a month after: by 1 Apr at
    # the earliest. On time whatever its number, due by Wed 1 Apr at the earliest.
    nine, one = [Interval(9, Unit.MONTHS)] * 3, [Interval(1, Unit.MONTHS)] * 3
    chain = (_local("OLD", *nine, commencement=D(2000, 1, 1), end=D(2020, 2, 29)),
             _local("NEW", *one, commencement=D(2020, 3, 1)))  # fmt: skip
    case = Case(start=D(2020, 1, 1), held=[D(2020, 3, 25)], as_of=D(2020, 4, 10),
                reviews_from=D(2020, 3, 20), policy=Policy(regimes=chain))  # fmt: skip
    (row,) = [r for r in case.rows() if r.meeting_date]
    assert (row.status, row.due, row.regime) == (RowStatus.ON_TIME, D(2020, 4, 1), "")
    # One on Fri 1 May depends on its number: due by 1 Apr at the earliest, and at the latest
    # by Sun 29 Nov 2020 (nine months after a review on Sat 29 Feb, the old standard's last day).
    (row,) = attrs.evolve(case, held=[D(2020, 5, 1)], as_of=D(2020, 5, 10)).rows()
    assert row.status is RowStatus.NOT_ASSESSABLE
    assert row.reason.endswith("it was due between Wed 1 Apr 2020 and Sun 29 Nov 2020.")


def test_a_local_standard_in_working_days_counts_them_in_the_calendar_given() -> None:
    # Every review within 20 working days of the one before: the review after one held on Mon
    # 10 Mar 2025 is due 20 working days later whatever its number. With the council closed
    # from 11 to 14 March, that is Fri 11 Apr (not Mon 7 Apr), 80 days before Mon 30 Jun.
    twenty = [Interval(20, Unit.WORKING_DAYS)] * 3
    closed = england_calendar().with_non_working_days(
        [D(2025, 3, 11), D(2025, 3, 12), D(2025, 3, 13), D(2025, 3, 14)]
    )
    policy = Policy(regimes=(_local("LOCAL", *twenty, commencement=D(2000, 1, 1)),))
    case = Case(start=D(2025, 1, 6), held=[D(2025, 3, 10)], as_of=D(2025, 6, 30),
                reviews_from=D(2025, 3, 3), calendar=closed, policy=policy)  # fmt: skip
    assert overdue_of(case.rows()) == (D(2025, 4, 11), 80)


def test_the_review_after_the_last_regime_ended_is_left_unjudged() -> None:
    # Under the 1991 Regulations alone (they ended on 31 Mar 2011): a review seen on Sun 1 May
    # 2011 was held long after any review 1 was due (Mon 2 Feb 2009) and more than six months
    # after any review in the stretch the data lacks, so it was late; the review after it
    # falls under no regime, so is not said to be overdue.
    case = Case(start=D(2009, 1, 5), held=[D(2011, 5, 1)], as_of=D(2012, 6, 1),
                reviews_from=D(2010, 6, 1), policy=Policy(regimes=(ENGLAND_1991,)))  # fmt: skip
    (row,) = case.rows()
    assert (row.status, row.regime) == (RowStatus.LATE, "ENGLAND_1991")

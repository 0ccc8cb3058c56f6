"""The review cadence: differential tests against the naive twin, properties, worked examples."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from iro_schedule import (
    ENGLAND_1991,
    ENGLAND_2010,
    ENGLAND_ADOPTION_PLACEMENT_2005,
    ENGLAND_SHORT_BREAKS_2010,
    SCOTLAND_2009,
    CountedMeeting,
    Interval,
    IroScheduleError,
    PeriodOfCare,
    Policy,
    Regime,
    RegimeDate,
    Review,
    Status,
    Unit,
    WorkingCalendar,
    assess,
    england_calendar,
    first_review_due,
)
from iro_schedule.errors import NoRegimeError, NotADateError, ReviewAfterAsOfError

from . import reference as ref
from .strategies import any_as_of_for, as_of_for, periods

D = dt.date
ONE_DAY = dt.timedelta(days=1)


def _single(*days: dt.date) -> list[Review]:
    return [Review(meetings=[d]) for d in days]


def _ref_meetings(period: PeriodOfCare) -> list[list[dt.date]]:
    return [list(r.meetings) for r in period.reviews]


# --- differential: the naive twin ------------------------------------------------------------


def _check_against_reference(
    period: PeriodOfCare, as_of: dt.date | None, policy: Policy, *, last_always: bool = False
) -> None:
    try:
        expected, next_due = ref.assess(
            period.start,
            _ref_meetings(period),
            period.end,
            as_of,
            last_always=last_always,
            count_start_day=policy.count_start_day,
            by_due_date=policy.regime_date is RegimeDate.DUE_DATE,
        )
    except ref.Refused as refusal:
        with pytest.raises(REFUSALS[refusal.why]):
            assess(period, as_of=as_of, policy=policy)
        return
    result = assess(period, as_of=as_of, policy=policy)
    got = [
        ref.RefVerdict(
            v.ordinal, v.due, v.counted_date, v.on_time, v.days_late, v.review is not None
        )
        for v in result.verdicts
    ]
    assert got == expected
    assert result.next_due == next_due
    assert result.next_ordinal == len(period.reviews) + 1


REFUSALS = {"no regime": NoRegimeError, "held after as_of": ReviewAfterAsOfError}


@given(st.data(), periods())
def test_matches_reference_default_policy(data: st.DataObject, period: PeriodOfCare) -> None:
    _check_against_reference(period, data.draw(any_as_of_for(period)), Policy())


@given(st.data(), periods())
def test_matches_reference_last_meeting_policy(data: st.DataObject, period: PeriodOfCare) -> None:
    policy = Policy(counted_meeting=CountedMeeting.LAST)
    _check_against_reference(period, data.draw(any_as_of_for(period)), policy, last_always=True)


@given(st.data(), periods())
def test_matches_reference_counting_start_day(data: st.DataObject, period: PeriodOfCare) -> None:
    _check_against_reference(period, data.draw(any_as_of_for(period)), Policy(count_start_day=True))


@given(st.data(), periods(min_start=dt.date(2010, 1, 1), max_start=dt.date(2011, 6, 30)))
def test_matches_reference_around_1_april_2011_under_both_readings(
    data: st.DataObject, period: PeriodOfCare
) -> None:
    as_of = data.draw(any_as_of_for(period))
    _check_against_reference(period, as_of, Policy())
    _check_against_reference(period, as_of, Policy(regime_date=RegimeDate.DUE_DATE))


# --- properties ------------------------------------------------------------------------------


@given(periods(max_reviews=6), st.integers(min_value=0, max_value=1))
def test_due_date_is_on_time_and_the_day_after_is_late(period: PeriodOfCare, extra: int) -> None:
    # Replace whatever was held next with a review on its due date (extra=0) or a day after (1).
    due = assess(attrs.evolve(period, end=None)).next_due
    assert due is not None
    held = attrs.evolve(
        period, end=None, reviews=[*period.reviews, *_single(due + extra * ONE_DAY)]
    )
    verdict = assess(held).verdicts[-1]
    assert verdict.due == due
    assert verdict.on_time is (extra == 0)
    assert verdict.days_late == extra
    assert verdict.status is (Status.ON_TIME if extra == 0 else Status.LATE)


@given(st.data(), periods(max_reviews=6))
def test_moving_a_review_earlier_never_worsens_it_or_those_before(
    data: st.DataObject, period: PeriodOfCare
) -> None:
    assume(period.reviews)
    index = data.draw(st.integers(0, len(period.reviews) - 1))
    before = assess(period).verdicts
    # Hold the review (in one meeting) on an earlier day than the one it was counted on.
    floor = period.reviews[index - 1].completed + ONE_DAY if index else period.start
    counted = before[index].counted_date
    assume(counted > floor)
    moved = Review(
        meetings=[counted - dt.timedelta(days=data.draw(st.integers(1, (counted - floor).days)))]
    )
    reviews = [*period.reviews[:index], moved]
    after = assess(attrs.evolve(period, reviews=reviews)).verdicts
    assert after[:index] == before[:index]
    assert after[index].due == before[index].due
    assert after[index].days_late <= before[index].days_late
    assert after[index].on_time >= before[index].on_time


def test_moving_a_review_earlier_pulls_the_next_due_date_forward() -> None:
    # Why the property above stops at the moved review: the clock restarts from it (reg. 33(2)),
    # so bringing review 2 forward makes review 3, held where it was, late.
    start = D(2024, 1, 8)
    held = assess(
        PeriodOfCare(start=start, reviews=_single(D(2024, 2, 1), D(2024, 5, 1), D(2024, 10, 25)))
    )
    early = assess(
        PeriodOfCare(start=start, reviews=_single(D(2024, 2, 1), D(2024, 3, 1), D(2024, 10, 25)))
    )
    assert held.verdicts[2].on_time
    assert early.verdicts[2].due == D(2024, 9, 1)
    assert not early.verdicts[2].on_time


# Within one regime: across 1 April 2011 the last review's counted meeting can depend on when its
# interval started (the 1991 Regulations allowed no adjournment), so on the history before it.
@given(st.data(), periods(min_start=dt.date(2011, 4, 1), max_reviews=6))
def test_next_due_depends_only_on_last_counted_review_and_its_ordinal(
    data: st.DataObject, period: PeriodOfCare
) -> None:
    assume(len(period.reviews) >= 2)
    last = period.reviews[-1]
    # Rebuild the earlier history differently, same count, same last review.
    room = (last.first_meeting - period.start).days
    count = len(period.reviews) - 1
    assume(room > count)
    offsets = sorted(data.draw(st.sets(st.integers(0, room - 1), min_size=count, max_size=count)))
    other = [*_single(*(period.start + dt.timedelta(days=o) for o in offsets)), last]
    rebuilt = attrs.evolve(period, end=None, reviews=other)
    assert assess(rebuilt).next_due == assess(attrs.evolve(period, end=None)).next_due


@given(periods(min_start=dt.date(2011, 4, 1), max_reviews=4), st.integers(1, 20), st.integers(1, 3))
def test_series_completed_within_20_working_days_counts_from_first_meeting(
    period: PeriodOfCare, working_days: int, extra_meetings: int
) -> None:
    cal = england_calendar()
    first = (period.reviews[-1].completed if period.reviews else period.start) + ONE_DAY * 3
    last = cal.add_working_days(first, working_days)
    middle = [first + (last - first) * k / (extra_meetings + 1) for k in range(1, extra_meetings)]
    meetings = sorted({first, *middle, last})
    series = Review(meetings=meetings)
    verdict = assess(attrs.evolve(period, end=None, reviews=[*period.reviews, series])).verdicts[
        len(period.reviews)
    ]
    assert verdict.counted_date == first
    # One working day more and it counts from the last meeting.
    too_long = Review(meetings=[*meetings[:-1], cal.add_working_days(first, 21)])
    verdict = assess(attrs.evolve(period, end=None, reviews=[*period.reviews, too_long])).verdicts[
        len(period.reviews)
    ]
    assert verdict.counted_date == too_long.completed


@given(st.data(), periods())
def test_every_input_review_appears_in_exactly_one_verdict(
    data: st.DataObject, period: PeriodOfCare
) -> None:
    result = assess(period, as_of=data.draw(as_of_for(period)))
    held = [v.review for v in result.verdicts if v.review is not None]
    assert len(held) == len(period.reviews)
    assert all(a is b for a, b in zip(held, period.reviews, strict=True))
    assert [v.ordinal for v in result.verdicts] == list(range(1, len(result.verdicts) + 1))
    assert len(result.verdicts) - len(held) in (0, 1)  # at most one trailing overdue verdict
    if len(result.verdicts) > len(held):
        assert result.verdicts[-1].review is None


@given(st.data(), periods())
def test_every_verdict_explains_itself(data: st.DataObject, period: PeriodOfCare) -> None:
    for verdict in assess(period, as_of=data.draw(as_of_for(period))).verdicts:
        text = verdict.explain()
        assert f"Review {verdict.ordinal}" in text
        assert verdict.regime.rule_for(verdict.ordinal) in text
        assert str(verdict.due.year) in text
        assert verdict.status.value in text


# --- worked examples -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (D(2024, 12, 20), D(2025, 1, 22)),  # Christmas and New Year skipped
        (D(2011, 4, 1), D(2011, 5, 5)),  # Good Friday, Easter Monday, royal wedding, May Day
        (D(2024, 9, 2), D(2024, 9, 30)),
        (D(2022, 12, 23), D(2023, 1, 25)),
        (D(2011, 3, 31), D(2011, 4, 28)),  # the 1991 Regulations: four weeks
        (D(2005, 2, 1), D(2005, 3, 1)),
    ],
)
def test_first_review_due_worked_examples(start: dt.date, due: dt.date) -> None:
    assert first_review_due(start) == due


def test_first_review_due_counting_the_start_day() -> None:
    policy = Policy(count_start_day=True)
    assert first_review_due(D(2024, 9, 2), policy=policy) == D(2024, 9, 27)
    # A start on a non-working day changes nothing.
    assert first_review_due(D(2024, 9, 7), policy=policy) == first_review_due(D(2024, 9, 7))


def test_second_and_later_intervals_are_calendar_months_clamped() -> None:
    period = PeriodOfCare(start=D(2023, 8, 1), reviews=_single(D(2023, 8, 31), D(2023, 11, 30)))
    result = assess(period)
    # 20 working days from Tue 1 Aug 2023 skip the August bank holiday (Mon 28 Aug).
    assert [v.due for v in result.verdicts] == [D(2023, 8, 30), D(2023, 11, 30)]
    assert result.verdicts[0].days_late == 1
    assert result.next_due == D(2024, 5, 30)
    period = PeriodOfCare(
        start=D(2023, 8, 1), reviews=_single(D(2023, 8, 25), D(2023, 11, 30), D(2024, 2, 29))
    )
    assert assess(period).next_due == D(2024, 8, 29)


def test_regime_changes_on_1_april_2011() -> None:
    period = PeriodOfCare(start=D(2011, 3, 25), reviews=_single(D(2011, 4, 20)))
    first = assess(period).verdicts[0]
    assert first.regime is ENGLAND_1991
    assert first.due == D(2011, 4, 22)
    assert "Review of Children's Cases Regulations 1991" in first.explain()
    assert assess(PeriodOfCare(start=D(2011, 4, 1))).verdicts == ()
    assert first_review_due(D(2011, 4, 1)) == D(2011, 5, 5)
    # The second interval starts after commencement: ENGLAND_2010 governs it.
    second = assess(
        PeriodOfCare(start=D(2011, 3, 25), reviews=_single(D(2011, 4, 20), D(2011, 7, 20)))
    ).verdicts[1]
    assert second.regime is ENGLAND_2010


def test_brought_forward_review_takes_the_next_ordinal_and_restarts_the_clock() -> None:
    period = PeriodOfCare(
        start=D(2025, 1, 6),
        reviews=[
            Review(meetings=[D(2025, 1, 30)]),
            Review(meetings=[D(2025, 2, 20)], brought_forward=True, id="IRO-request"),
        ],
    )
    result = assess(period)
    assert result.verdicts[1].ordinal == 2
    assert result.verdicts[1].on_time
    assert result.next_due == D(2025, 8, 20)  # 6 months after the early review 2
    text = result.verdicts[1].explain()
    assert "brought forward under reg. 33(3)" in text
    assert "'IRO-request'" in text


def test_multi_meeting_review_first_meeting_on_time_last_after_due() -> None:
    # The case councils get wrong: counted from its first meeting, it is on time.
    period = PeriodOfCare(
        start=D(2025, 1, 6),
        reviews=_single(D(2025, 1, 30)) + [Review(meetings=[D(2025, 4, 28), D(2025, 5, 12)])],
    )
    verdict = assess(period).verdicts[1]
    assert verdict.due == D(2025, 4, 30)
    assert verdict.on_time
    assert verdict.counted_date == D(2025, 4, 28)
    assert "counted from the first meeting, as the last was within 20 working days" in (
        verdict.explain()
    )
    last = assess(period, policy=Policy(counted_meeting=CountedMeeting.LAST)).verdicts[1]
    assert not last.on_time
    assert last.days_late == 12
    assert last.explain().endswith(
        "It was held over 2 meetings from Mon 28 Apr 2025 to Mon 12 May 2025, counted from the "
        "last meeting, as the policy requires: 12 days late."
    )


def test_adjournment_over_the_limit_counts_from_the_last_meeting() -> None:
    period = PeriodOfCare(
        start=D(2025, 1, 6),
        reviews=_single(D(2025, 1, 30)) + [Review(meetings=[D(2025, 4, 1), D(2025, 6, 2)])],
    )
    verdict = assess(period).verdicts[1]
    assert verdict.counted_date == D(2025, 6, 2)
    assert verdict.days_late == 33
    assert "more than 20 working days after the first" in verdict.explain()
    assert assess(period).next_due == D(2025, 12, 2)


def test_overdue_review_by_as_of_and_by_period_end() -> None:
    period = PeriodOfCare(start=D(2025, 1, 6), reviews=_single(D(2025, 1, 30)))
    result = assess(period, as_of=D(2025, 5, 10))
    overdue = result.verdicts[-1]
    assert (overdue.ordinal, overdue.due, overdue.review) == (2, D(2025, 4, 30), None)
    assert overdue.status is Status.OVERDUE
    assert overdue.days_late == 10
    assert overdue.counted_date == D(2025, 5, 10)
    assert "No review was held by Sat 10 May 2025 (the as-of date): it is 10 days overdue." in (
        overdue.explain()
    )
    assert not result.all_on_time
    # On the due date itself nothing is overdue yet.
    assert len(assess(period, as_of=D(2025, 4, 30)).verdicts) == 1
    ended = assess(attrs.evolve(period, end=D(2025, 5, 1)), as_of=D(2026, 1, 1))
    assert ended.verdicts[-1].days_late == 1
    assert "(the end of the period of care)" in ended.verdicts[-1].explain()
    assert ended.next_due == D(2025, 4, 30)


def test_as_of_before_the_period_end_is_the_horizon() -> None:
    period = PeriodOfCare(start=D(2025, 1, 6), end=D(2025, 12, 1), reviews=_single(D(2025, 1, 30)))
    overdue = assess(period, as_of=D(2025, 5, 5)).verdicts[-1]
    assert overdue.counted_date == D(2025, 5, 5)
    assert "(the as-of date)" in overdue.explain()


def test_period_ending_before_the_next_due_date_has_no_next_due() -> None:
    period = PeriodOfCare(start=D(2025, 1, 6), end=D(2025, 4, 29), reviews=_single(D(2025, 1, 30)))
    result = assess(period, as_of=D(2026, 1, 1))
    assert result.next_due is None
    assert len(result.verdicts) == 1
    assert result.all_on_time
    on_due_date = assess(attrs.evolve(period, end=D(2025, 4, 30)))
    assert on_due_date.next_due == D(2025, 4, 30)
    assert len(on_due_date.verdicts) == 1


def test_explain_on_time_margins() -> None:
    period = PeriodOfCare(start=D(2024, 12, 20), reviews=_single(D(2025, 1, 22), D(2025, 4, 1)))
    first, second = assess(period).verdicts
    assert first.explain() == (
        "Review 1 was due by Wed 22 Jan 2025: within 20 working days of the date the child "
        "became looked after (Fri 20 Dec 2024), under Care Planning, Placement and Case Review "
        "(England) Regulations 2010 (SI 2010/959), reg. 33(1). It was held on Wed 22 Jan 2025: "
        "on time, on the due date."
    )
    assert second.explain().endswith("It was held on Tue 1 Apr 2025: on time, 21 days early.")
    one_day = PeriodOfCare(start=D(2024, 12, 20), reviews=_single(D(2025, 1, 21)))
    assert assess(one_day).verdicts[0].explain().endswith("on time, 1 day early.")


def test_explain_one_day_late() -> None:
    period = PeriodOfCare(start=D(2024, 12, 20), reviews=_single(D(2025, 1, 23)))
    assert assess(period).verdicts[0].explain().endswith("Thu 23 Jan 2025: 1 day late.")


def test_verdict_rule_names_the_provision() -> None:
    period = PeriodOfCare(
        start=D(2024, 12, 20), reviews=_single(D(2025, 1, 22), D(2025, 4, 1), D(2025, 9, 1))
    )
    rules = [v.rule for v in assess(period).verdicts]
    assert [r.rsplit(", ", 1)[1] for r in rules] == ["reg. 33(1)", "reg. 33(2)", "reg. 33(2)"]


# --- other regimes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "start", "dues"),
    [
        (
            ENGLAND_SHORT_BREAKS_2010,
            D(2024, 11, 30),
            [D(2025, 2, 28), D(2025, 8, 28), D(2026, 2, 28)],
        ),
        (SCOTLAND_2009, D(2024, 1, 1), [D(2024, 2, 12), D(2024, 5, 12), D(2024, 11, 12)]),
        (
            ENGLAND_ADOPTION_PLACEMENT_2005,
            D(2024, 1, 1),
            [D(2024, 1, 29), D(2024, 4, 29), D(2024, 10, 29)],
        ),
    ],
)
def test_named_regimes_apply_their_own_intervals(
    regime: Regime, start: dt.date, dues: list[dt.date]
) -> None:
    period = PeriodOfCare(start=start, regime=regime, reviews=_single(*dues[:2]))
    result = assess(period)
    assert [v.due for v in result.verdicts] == dues[:2]
    assert all(v.regime is regime for v in result.verdicts)
    assert result.next_due == dues[2]
    assert first_review_due(start, regime=regime) == dues[0]
    assert regime.counted_from in result.verdicts[0].explain()


def test_a_user_defined_regime_and_calendar() -> None:
    closures = england_calendar().with_non_working_days([D(2025, 1, 2), D(2025, 1, 3)])
    regime = Regime(
        name="LOCAL_10WD",
        instrument="Anyshire practice standard",
        first=Interval(10, Unit.WORKING_DAYS),
        second=Interval(2, Unit.MONTHS),
        later=Interval(90, Unit.DAYS),
        first_rule="para 1",
        second_rule="para 2",
        later_rule="para 3",
        commencement=D(2020, 1, 1),
        grade="R",
        calendar=lambda: closures,
    )
    assert first_review_due(D(2024, 12, 20), regime=regime) == D(2025, 1, 10)
    period = PeriodOfCare(
        start=D(2024, 12, 20), regime=regime, reviews=_single(D(2025, 1, 10), D(2025, 3, 10))
    )
    result = assess(period)
    assert result.next_due == D(2025, 6, 8)
    assert (
        "Anyshire practice standard, para 3"
        in assess(period, as_of=D(2025, 7, 1)).verdicts[-1].explain()
    )
    plain = WorkingCalendar(set(), 2024, 2025)
    assert first_review_due(D(2024, 12, 20), regime=regime, calendar=plain) == D(2025, 1, 3)


def test_regimes_carry_citation_dates_and_grade() -> None:
    assert ENGLAND_2010.commencement == D(2011, 4, 1)
    assert ENGLAND_2010.end is None
    assert ENGLAND_2010.grade == "V"
    assert ENGLAND_1991.end == D(2011, 3, 31)
    assert ENGLAND_1991.first == Interval(4, Unit.WEEKS)
    assert ENGLAND_1991.in_force_on(D(1991, 10, 14))
    assert not ENGLAND_1991.in_force_on(D(1991, 10, 13))
    assert ENGLAND_1991.in_force_on(D(2011, 3, 31))
    assert not ENGLAND_1991.in_force_on(D(2011, 4, 1))
    assert "SI 2010/959" in ENGLAND_2010.instrument
    with pytest.raises(ValueError, match="grade"):
        attrs.evolve(ENGLAND_2010, grade="X")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="before commencement"):
        attrs.evolve(ENGLAND_2010, end=D(2010, 1, 1))
    with pytest.raises(ValueError, match="at least 1"):
        Interval(0, Unit.DAYS)
    with pytest.raises(ValueError, match="at least 1"):
        Interval(True, Unit.DAYS)


def test_working_day_interval_needs_a_calendar() -> None:
    with pytest.raises(TypeError, match="needs a WorkingCalendar"):
        Interval(20, Unit.WORKING_DAYS).after(D(2025, 1, 1))


def test_no_regime_in_force_before_october_1991() -> None:
    with pytest.raises(NoRegimeError, match="Sun 13 Oct 1991") as info:
        first_review_due(D(1991, 10, 13))
    assert "PeriodOfCare(regime=...)" in str(info.value)
    assert first_review_due(D(1991, 10, 14)) == D(1991, 11, 11)
    with pytest.raises(NoRegimeError):
        assess(PeriodOfCare(start=D(1991, 1, 1)))
    with pytest.raises(NoRegimeError, match="regimes considered: ENGLAND_2010"):
        first_review_due(D(2005, 1, 1), policy=Policy(regimes=(ENGLAND_2010,)))


# --- policy and arguments --------------------------------------------------------------------


def test_policy_validates_its_fields() -> None:
    with pytest.raises(TypeError):
        Policy(count_start_day="no")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Policy(counted_meeting="last")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-empty"):
        Policy(regimes=())
    assert Policy(regimes=[ENGLAND_2010]).regimes == (ENGLAND_2010,)


def test_completion_limit_is_a_policy_choice() -> None:
    policy = Policy(completion_limit=Interval(10, Unit.DAYS))
    period = PeriodOfCare(
        start=D(2025, 1, 6), reviews=[Review(meetings=[D(2025, 1, 20), D(2025, 1, 31)])]
    )
    assert assess(period, policy=policy).verdicts[0].counted_date == D(2025, 1, 31)
    assert assess(period).verdicts[0].counted_date == D(2025, 1, 20)


def test_assess_rejects_bad_arguments() -> None:
    with pytest.raises(IroScheduleError, match="must be a PeriodOfCare"):
        assess("period")  # type: ignore[arg-type]
    with pytest.raises(NotADateError, match="as_of"):
        assess(PeriodOfCare(start=D(2025, 1, 1)), as_of="2025-06-01")  # type: ignore[arg-type]
    with pytest.raises(NotADateError, match="start"):
        first_review_due(dt.datetime(2025, 1, 1, 10))


def test_interval_after_and_str() -> None:
    cal = england_calendar()
    monday = D(2024, 9, 2)
    assert Interval(20, Unit.WORKING_DAYS).after(monday, cal) == D(2024, 9, 30)
    assert Interval(20, Unit.WORKING_DAYS).after(monday, cal, count_start_day=True) == D(
        2024, 9, 27
    )
    assert Interval(1, Unit.DAYS).after(monday) == D(2024, 9, 3)
    assert Interval(2, Unit.WEEKS).after(monday) == D(2024, 9, 16)
    assert Interval(1, Unit.MONTHS).after(D(2024, 1, 31)) == D(2024, 2, 29)
    assert [
        str(Interval(n, u))
        for n, u in [
            (1, Unit.MONTHS),
            (2, Unit.WEEKS),
            (1, Unit.DAYS),
            (20, Unit.WORKING_DAYS),
            (1, Unit.WORKING_DAYS),
        ]
    ] == ["1 month", "2 weeks", "1 day", "20 working days", "1 working day"]


def test_regime_boundary_values_are_accepted() -> None:
    assert attrs.evolve(ENGLAND_2010, grade="S").grade == "S"
    assert attrs.evolve(ENGLAND_2010, grade="R").grade == "R"
    one_day = attrs.evolve(ENGLAND_2010, end=ENGLAND_2010.commencement)
    assert one_day.in_force_on(D(2011, 4, 1))
    assert not one_day.in_force_on(D(2011, 4, 2))


def test_a_given_calendar_is_used_for_every_working_day_count() -> None:
    # A calendar in which 2 and 3 January 2025 are closure days.
    closures = england_calendar().with_non_working_days([D(2025, 1, 2), D(2025, 1, 3)])
    empty = PeriodOfCare(start=D(2024, 12, 20))
    assert assess(empty).next_due == D(2025, 1, 22)
    assert assess(empty, calendar=closures).next_due == D(2025, 1, 24)
    by_due = Policy(regime_date=RegimeDate.DUE_DATE)  # the regime chosen by the due date
    assert assess(empty, calendar=closures, policy=by_due).next_due == D(2025, 1, 24)
    held = PeriodOfCare(start=D(2024, 12, 20), reviews=_single(D(2025, 1, 23)))
    assert not assess(held).verdicts[0].on_time
    assert assess(held, calendar=closures).verdicts[0].on_time
    # The completion limit of a multi-meeting review is counted in it too.
    series = PeriodOfCare(
        start=D(2024, 11, 1), reviews=[Review(meetings=[D(2024, 12, 2), D(2025, 1, 3)])]
    )
    assert assess(series).verdicts[0].counted_date == D(2025, 1, 3)  # 21 working days later
    assert assess(series, calendar=closures).verdicts[0].counted_date == D(2024, 12, 2)
    assert assess(series, calendar=closures).verdicts[0].days_late == 3


def test_period_end_on_the_as_of_date_is_reported_as_the_end() -> None:
    period = PeriodOfCare(start=D(2025, 1, 6), end=D(2025, 6, 1), reviews=_single(D(2025, 1, 30)))
    overdue = assess(period, as_of=D(2025, 6, 1)).verdicts[-1]
    assert overdue.horizon_is_period_end
    assert "(the end of the period of care)" in overdue.explain()
    assert not assess(period, as_of=D(2025, 5, 31)).verdicts[-1].horizon_is_period_end


def test_assessment_carries_the_period_and_policy() -> None:
    policy = Policy(count_start_day=True)
    period = PeriodOfCare(start=D(2025, 1, 6), reviews=_single(D(2025, 1, 30)))
    result = assess(period, as_of=D(2026, 1, 1), policy=policy)
    assert result.period is period
    assert [v.policy for v in result.verdicts] == [policy, policy]
    assert [v.anchor for v in result.verdicts] == [D(2025, 1, 6), D(2025, 1, 30)]
    assert [v.regime for v in result.verdicts] == [ENGLAND_2010, ENGLAND_2010]
    assert result.verdicts[0].policy is policy


def test_full_explanations_of_later_and_overdue_reviews() -> None:
    period = PeriodOfCare(
        start=D(2024, 12, 20),
        reviews=[
            Review(meetings=[D(2025, 1, 22)]),
            Review(meetings=[D(2025, 4, 1)], brought_forward=True, id=12),
            Review(meetings=[D(2025, 10, 3)]),
        ],
    )
    _, second, third, fourth = assess(period, as_of=D(2026, 4, 6)).verdicts
    assert second.explain() == (
        "Review 2 (id 12), brought forward under reg. 33(3), was due by Tue 22 Apr 2025: not more "
        "than 3 months after review 1 (Wed 22 Jan 2025), under Care Planning, Placement and Case "
        "Review (England) Regulations 2010 (SI 2010/959), reg. 33(2). It was held on "
        "Tue 1 Apr 2025: on time, 21 days early."
    )
    assert third.explain() == (
        "Review 3 was due by Wed 1 Oct 2025: not more than 6 months after review 2 "
        "(Tue 1 Apr 2025), under Care Planning, Placement and Case Review (England) Regulations "
        "2010 (SI 2010/959), reg. 33(2). It was held on Fri 3 Oct 2025: 2 days late."
    )
    assert fourth.explain() == (
        "Review 4 was due by Fri 3 Apr 2026: not more than 6 months after review 3 "
        "(Fri 3 Oct 2025), under Care Planning, Placement and Case Review (England) Regulations "
        "2010 (SI 2010/959), reg. 33(2). No review was held by Mon 6 Apr 2026 (the as-of date): "
        "it is 3 days overdue."
    )
    one_day = assess(period, as_of=D(2026, 4, 4)).verdicts[-1]
    assert one_day.explain().endswith("it is 1 day overdue.")


def test_full_explanation_of_a_multi_meeting_review() -> None:
    period = PeriodOfCare(
        start=D(2024, 12, 20),
        reviews=[Review(meetings=[D(2025, 1, 15), D(2025, 1, 20), D(2025, 1, 29)])],
    )
    assert assess(period).verdicts[0].explain() == (
        "Review 1 was due by Wed 22 Jan 2025: within 20 working days of the date the child became "
        "looked after (Fri 20 Dec 2024), under Care Planning, Placement and Case Review (England) "
        "Regulations 2010 (SI 2010/959), reg. 33(1). It was held over 3 meetings from "
        "Wed 15 Jan 2025 to Wed 29 Jan 2025, counted from the first meeting, as the last was "
        "within 20 working days of it: on time, 7 days early."
    )


def test_policy_defaults() -> None:
    policy = Policy()
    assert policy.count_start_day is False
    assert policy.counted_meeting is CountedMeeting.FIRST_IF_COMPLETED_IN_TIME
    assert policy.completion_limit is None  # each regime's own adjournment
    assert ENGLAND_2010.adjournment == Interval(20, Unit.WORKING_DAYS)
    assert ENGLAND_1991.adjournment is None
    assert policy.regimes == (ENGLAND_1991, ENGLAND_2010)
    assert policy.regime_date is RegimeDate.INTERVAL_START


def test_the_policy_regimes_choose_the_interval_of_every_review() -> None:
    """Policy(regimes=...) decides the regime of each review held, not only of the next one."""
    scotland = Policy(regimes=(SCOTLAND_2009,))
    period = PeriodOfCare(
        start=D(2015, 3, 2),
        reviews=[Review(meetings=[D(2015, 4, 10)]), Review(meetings=[D(2015, 7, 1)])],
    )
    verdicts = assess(period, policy=scotland).verdicts
    assert [v.regime.name for v in verdicts] == ["SCOTLAND_2009", "SCOTLAND_2009"]
    assert verdicts[0].due == D(2015, 4, 13)  # 6 weeks, not England's 20 working days


def test_where_two_regimes_of_the_chain_are_in_force_the_later_listed_governs() -> None:
    # A council's faster local standard listed after the 2010 Regulations, both in force: the
    # chain is tried newest (last listed) first.
    local = attrs.evolve(ENGLAND_2010, name="LOCAL_FAST", first=Interval(10, Unit.WORKING_DAYS))
    start = D(2025, 1, 6)
    assert first_review_due(start, policy=Policy(regimes=(ENGLAND_2010, local))) == D(2025, 1, 20)
    assert first_review_due(start, policy=Policy(regimes=(local, ENGLAND_2010))) == D(2025, 2, 3)


def test_the_regime_chosen_by_the_due_date_for_a_review_due_in_months() -> None:
    # Review 1 on Sat 15 Jan 2011, under the 1991 Regulations; review 2 falls due three months
    # later, Fri 15 Apr 2011, when only the 2010 Regulations are in force: chosen by the due
    # date, they govern it (chosen by the day the interval starts, the 1991 ones do).
    period = PeriodOfCare(start=D(2010, 12, 20), reviews=[Review(meetings=[D(2011, 1, 15)])])
    by_due = assess(period, policy=Policy(regime_date=RegimeDate.DUE_DATE))
    assert (by_due.next_due, by_due.next_regime) == (D(2011, 4, 15), ENGLAND_2010)
    by_start = assess(period)
    assert (by_start.next_due, by_start.next_regime) == (D(2011, 4, 15), ENGLAND_1991)

"""The array arithmetic gives, element by element, exactly what the scalar core gives."""

from __future__ import annotations

import datetime as dt
import re
import sys
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro_schedule import (
    ENGLAND_1991,
    ENGLAND_2010,
    ENGLAND_ADOPTION_PLACEMENT_2005,
    ENGLAND_SHORT_BREAKS_2010,
    CountedMeeting,
    Interval,
    IroScheduleError,
    PeriodOfCare,
    Policy,
    Regime,
    RegimeDate,
    Review,
    Unit,
    WorkingCalendar,
    add_months,
    assess,
    england_calendar,
    regime_in_force,
)
from iro_schedule.arrays import (
    add_months_array,
    add_working_days_array,
    assess_arrays,
    due_after_array,
    interval_after_array,
    periods_to_arrays,
)
from iro_schedule.errors import (
    DuplicateReviewError,
    NoRegimeError,
    OutsideCoverageError,
    ReviewOrderError,
)

from .strategies import COVERAGE_END, COVERAGE_START, any_as_of_for, dates, periods

CAL = england_calendar()
SAFE = dates(COVERAGE_START + dt.timedelta(days=800), COVERAGE_END - dt.timedelta(days=800))
date_lists = st.lists(SAFE, min_size=1, max_size=60)


def _array(days: list[dt.date]) -> np.ndarray:
    return np.array(days, dtype="datetime64[D]")


def _dates(array: np.ndarray) -> list[dt.date]:
    return [d.item() for d in array]


@given(date_lists, st.integers(-400, 400))
def test_add_working_days_array_matches_the_scalar_calendar(days: list[dt.date], n: int) -> None:
    got = _dates(add_working_days_array(_array(days), n, calendar=CAL))
    assert got == [CAL.add_working_days(d, n) for d in days]


@given(
    st.lists(dates(dt.date(1700, 1, 1), dt.date(2300, 12, 31)), min_size=1, max_size=60),
    st.integers(-600, 600),
)
def test_add_months_array_matches_the_scalar_rule(days: list[dt.date], n: int) -> None:
    assert _dates(add_months_array(_array(days), n)) == [add_months(d, n) for d in days]


@pytest.mark.parametrize("unit", list(Unit))
@given(days=date_lists, count=st.integers(1, 30), count_start_day=st.booleans())
def test_interval_after_array_matches_interval_after(
    unit: Unit, days: list[dt.date], count: int, count_start_day: bool
) -> None:
    interval = Interval(count, unit)
    got = interval_after_array(
        _array(days), interval, calendar=CAL, count_start_day=count_start_day
    )
    expected = [interval.after(d, CAL, count_start_day=count_start_day) for d in days]
    assert _dates(got) == expected
    default = interval_after_array(_array(days), interval, calendar=CAL)
    assert _dates(default) == [interval.after(d, CAL) for d in days]


def test_missing_dates_stay_missing_and_n_zero_is_identity() -> None:
    days = np.array(["2024-09-07", "NaT"], dtype="datetime64[D]")
    assert np.isnat(add_working_days_array(days, 5, calendar=CAL)[1])
    assert np.isnat(add_months_array(days, 3)[1])
    same = add_working_days_array(days, 0, calendar=CAL)
    assert same[0] == days[0]
    assert np.isnat(same[1])
    everything_missing = np.array(["NaT"], dtype="datetime64[D]")
    assert np.isnat(add_working_days_array(everything_missing, 1, calendar=CAL)[0])


def test_weekend_starts_are_not_a_day_late() -> None:
    # numpy's roll="forward" would count from Monday and land a day late.
    saturday = np.array(["2024-09-07"], dtype="datetime64[D]")
    assert add_working_days_array(saturday, 1, calendar=CAL)[0] == np.datetime64("2024-09-09")
    assert add_working_days_array(saturday, -1, calendar=CAL)[0] == np.datetime64("2024-09-06")


def test_other_input_types_and_units() -> None:
    assert add_months_array(["2024-01-31"], 1)[0] == np.datetime64("2024-02-29")
    assert add_months_array([dt.date(2024, 1, 31)], 1)[0] == np.datetime64("2024-02-29")
    assert add_months_array(np.array([b"2024-01-31"]), 1)[0] == np.datetime64("2024-02-29")
    with pytest.raises(IroScheduleError, match="could not be read as dates"):
        add_months_array(["31/01/2024"], 1)
    stamps = np.array(["2024-01-31T10:30"], dtype="datetime64[m]")
    assert add_months_array(stamps, 1)[0] == np.datetime64("2024-02-29")
    with pytest.raises(IroScheduleError, match="must be datetime64 values"):
        add_months_array(np.array([1, 2]), 1)
    with pytest.raises(TypeError, match="needs a WorkingCalendar"):
        interval_after_array(
            np.array(["2024-01-01"], dtype="M8[D]"), Interval(3, Unit.WORKING_DAYS)
        )


def test_coverage_is_checked_for_dates_and_results() -> None:
    small = WorkingCalendar(set(), 2024, 2024)
    with pytest.raises(OutsideCoverageError, match="date Sun 31 Dec 2023 is outside"):
        add_working_days_array(np.array(["2023-12-31"], dtype="M8[D]"), 1, calendar=small)
    with pytest.raises(OutsideCoverageError, match="date Wed 1 Jan 2025 is outside"):
        add_working_days_array(np.array(["2025-01-01"], dtype="M8[D]"), 1, calendar=small)
    with pytest.raises(
        OutsideCoverageError, match="3 working days from a date lands on Thu 2 Jan 2025"
    ):
        add_working_days_array(np.array(["2024-12-30"], dtype="M8[D]"), 3, calendar=small)
    assert add_working_days_array(np.array(["2024-12-30"], dtype="M8[D]"), 1, calendar=small)[
        0
    ] == np.datetime64("2024-12-31")


def test_coverage_errors_name_the_offending_date_and_field() -> None:
    small = WorkingCalendar(set(), 2024, 2024)
    with pytest.raises(OutsideCoverageError) as info:
        add_working_days_array(
            np.array(["2023-12-31", "2024-06-03"], dtype="M8[D]"), 1, calendar=small
        )
    assert str(info.value).startswith(
        "date Sun 31 Dec 2023 is outside the years this calendar covers "
        "(Mon 1 Jan 2024 to Tue 31 Dec 2024); build a calendar covering it, "
        "e.g. england_calendar(first_year=..., last_year=...)"
    )
    assert (info.value.field, info.value.value) == ("dates", dt.date(2023, 12, 31))
    with pytest.raises(OutsideCoverageError) as info:
        add_working_days_array(
            np.array(["2024-06-03", "2025-01-01"], dtype="M8[D]"), 1, calendar=small
        )
    assert (info.value.field, info.value.value) == ("dates", dt.date(2025, 1, 1))
    with pytest.raises(OutsideCoverageError) as info:  # the first day itself is inside
        add_working_days_array(
            np.array(["2024-01-01", "2025-01-01"], dtype="M8[D]"), 1, calendar=small
        )
    assert info.value.value == dt.date(2025, 1, 1)
    # The first and last days of the coverage are inside it.
    edges = np.array(["2024-01-01", "2024-12-30"], dtype="M8[D]")
    assert _dates(add_working_days_array(edges, 1, calendar=small)) == [
        dt.date(2024, 1, 2),
        dt.date(2024, 12, 31),
    ]


def test_input_errors_name_the_field() -> None:
    with pytest.raises(IroScheduleError) as info:
        add_months_array(np.array([1]), 1)
    assert info.value.field == "dates"
    assert str(info.value) == (
        "dates must be datetime64 values, datetime.date objects or ISO strings, got dtype int64; "
        "convert with numpy.asarray(dates, dtype='datetime64[D]')"
    )
    with pytest.raises(IroScheduleError) as info:
        add_months_array(["soon"], 1)
    assert info.value.field == "dates"
    assert str(info.value).endswith(
        "give datetime64 values, datetime.date objects or ISO strings (YYYY-MM-DD)"
    )


def test_without_numpy_the_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(IroScheduleError) as info:
        add_months_array([dt.date(2024, 1, 31)], 1)
    assert str(info.value) == (
        "the array functions need numpy: install the package with its 'vector' extra (from a "
        "checkout: python -m pip install '.[vector]')"
    )


@given(
    st.lists(periods(), min_size=1, max_size=8),
    st.data(),
    st.sampled_from(
        [Policy(), Policy(counted_meeting=CountedMeeting.LAST), Policy(count_start_day=True)]
    ),
)
def test_assess_arrays_matches_assess_period_by_period(
    caseload: list[PeriodOfCare], data: st.DataObject, policy: Policy
) -> None:
    as_of = data.draw(any_as_of_for(caseload[0]))
    refusals = []
    for period in caseload:
        try:
            assess(period, as_of=as_of, policy=policy)
        except IroScheduleError as refusal:
            refusals.append(refusal)
    if refusals:  # the first period refused is refused by the arrays too, with the same error
        with pytest.raises(type(refusals[0]), match=re.escape(refusals[0].reason)):
            assess_arrays(**periods_to_arrays(caseload), as_of=as_of, policy=policy)
        return
    result = assess_arrays(**periods_to_arrays(caseload), as_of=as_of, policy=policy)
    row = 0
    for index, period in enumerate(caseload):
        expected = assess(period, as_of=as_of, policy=policy)
        for verdict in expected.verdicts:
            if verdict.review is None:
                assert result.overdue_days[index] == verdict.days_late
                continue
            assert result.ordinal[row] == verdict.ordinal
            assert result.due[row].item() == verdict.due
            assert result.counted[row].item() == verdict.counted_date
            assert result.days_late[row] == verdict.days_late
            assert bool(result.on_time[row]) is verdict.on_time
            assert result.regimes[result.regime[row]] is verdict.regime
            row += 1
        if not expected.verdicts or expected.verdicts[-1].review is not None:
            assert result.overdue_days[index] == -1
        assert result.next_ordinal[index] == expected.next_ordinal
        got_next = result.next_due[index]
        assert (None if np.isnat(got_next) else got_next.item()) == expected.next_due
    assert row == len(result.due)


def test_assess_arrays_with_a_named_regime_and_bad_input() -> None:
    arrays = periods_to_arrays(
        [
            PeriodOfCare(
                start=dt.date(2024, 11, 30), reviews=[Review(meetings=[dt.date(2025, 2, 1)])]
            )
        ]
    )
    result = assess_arrays(**arrays, regime=ENGLAND_SHORT_BREAKS_2010)
    assert result.due[0] == np.datetime64("2025-02-28")
    assert result.regimes[result.regime[0]] is ENGLAND_SHORT_BREAKS_2010
    unsorted = dict(
        arrays,
        review_period=np.array([0, 0]),
        first_meeting=np.array(["2025-03-01", "2025-02-01"], dtype="M8[D]"),
        last_meeting=np.array(["2025-03-01", "2025-02-01"], dtype="M8[D]"),
    )
    with pytest.raises(
        ReviewOrderError, match="review row 1: first meeting Sat 1 Feb 2025 is before"
    ):
        assess_arrays(**unsorted)
    with pytest.raises(IroScheduleError, match="not a period"):
        assess_arrays(**dict(arrays, review_period=np.array([3])))
    with pytest.raises(
        IroScheduleError, match="review row 0: last meeting Wed 1 Jan 2025 is before the first"
    ):
        assess_arrays(**dict(arrays, last_meeting=np.array(["2025-01-01"], dtype="M8[D]")))
    old = dict(
        arrays,
        period_start=np.array(["1990-01-01"], dtype="M8[D]"),
        first_meeting=np.array(["1990-02-01"], dtype="M8[D]"),
        last_meeting=np.array(["1990-02-01"], dtype="M8[D]"),
    )
    with pytest.raises(NoRegimeError, match="Mon 1 Jan 1990"):
        assess_arrays(**old)


def _one(start: str, reviews: list[str], end: str = "NaT") -> dict[str, Any]:
    return {
        "period_start": np.array([start], dtype="M8[D]"),
        "period_end": np.array([end], dtype="M8[D]"),
        "review_period": np.zeros(len(reviews), dtype=np.int64),
        "first_meeting": np.array(reviews, dtype="M8[D]"),
    }


def test_assess_arrays_boundaries() -> None:
    # A review on its due date is on time, the day after is late.
    on_due = assess_arrays(**_one("2024-12-20", ["2025-01-22"]))
    assert (bool(on_due.on_time[0]), int(on_due.days_late[0])) == (True, 0)
    day_after = assess_arrays(**_one("2024-12-20", ["2025-01-23"]))
    assert (bool(day_after.on_time[0]), int(day_after.days_late[0])) == (False, 1)
    # Nothing is overdue on the due date itself; a period ending on it keeps its next due date.
    on_horizon = assess_arrays(**_one("2025-01-06", ["2025-01-30"]), as_of=dt.date(2025, 4, 30))
    assert on_horizon.overdue_days[0] == -1
    ends_on_due = assess_arrays(**_one("2025-01-06", ["2025-01-30"], end="2025-04-30"))
    assert ends_on_due.next_due[0] == np.datetime64("2025-04-30")
    ends_before = assess_arrays(**_one("2025-01-06", ["2025-01-30"], end="2025-04-29"))
    assert np.isnat(ends_before.next_due[0])
    # The regime changes on 1 April 2011; the 1991 Regulations start on 14 October 1991.
    regimes = assess_arrays(**_one("2011-03-31", ["2011-04-01", "2011-06-30"]))
    assert [regimes.regimes[i].name for i in regimes.regime] == ["ENGLAND_1991", "ENGLAND_2010"]
    assert regimes.due[0] == np.datetime64("2011-04-28")
    first_day = assess_arrays(**_one("1991-10-14", []))
    assert first_day.next_due[0] == np.datetime64("1991-11-11")
    assert first_day.overdue_days.dtype == np.int64
    # A review on the day the period starts, and one whose last meeting is on the day it ends.
    whole = dict(_one("2025-01-06", ["2025-01-06", "2025-04-01"], end="2025-04-10"),
                 last_meeting=np.array(["2025-01-06", "2025-04-10"], dtype="M8[D]"))  # fmt: skip
    assert assess_arrays(**whole).on_time.tolist() == [True, True]


def test_assess_arrays_names_the_row_whose_anchor_moved_out_of_every_regime() -> None:
    # Under the 1991 Regulations alone, review 1 counts from its last meeting, Sun 10 Apr 2011,
    # after they ended: review 2 (row 2, the first period's review 1 being row 0) falls under
    # none. (It would have, counted from the first meeting; the arrays first take it so.)
    policy = Policy(regimes=(ENGLAND_1991,))
    periods = [
        PeriodOfCare(start=dt.date(2011, 1, 3), reviews=[Review(meetings=[dt.date(2011, 1, 20)])]),
        PeriodOfCare(
            start=dt.date(2011, 3, 1),
            reviews=[
                Review(meetings=[dt.date(2011, 3, 20), dt.date(2011, 4, 10)]),
                Review(meetings=[dt.date(2011, 6, 1)]),
            ],
        ),
    ]
    with pytest.raises(NoRegimeError, match="Sun 10 Apr 2011"):
        assess(periods[1], policy=policy)
    with pytest.raises(NoRegimeError, match="^review row 2: .*Sun 10 Apr 2011") as caught:
        assess_arrays(**periods_to_arrays(periods), policy=policy)
    assert caught.value.index == 2


def test_assess_arrays_many_periods_and_dtypes() -> None:
    caseload = [
        PeriodOfCare(
            start=dt.date(2024, 1, 8),
            reviews=[
                Review(meetings=[dt.date(2024, 2, 1)]),
                Review(meetings=[dt.date(2024, 5, 1)]),
            ],
        ),
        PeriodOfCare(start=dt.date(2024, 3, 4), reviews=[Review(meetings=[dt.date(2024, 3, 25)])]),
        PeriodOfCare(start=dt.date(2024, 6, 3)),
    ]
    arrays = periods_to_arrays(caseload)
    result = assess_arrays(**arrays, as_of=dt.date(2025, 1, 1))
    assert result.ordinal.tolist() == [1, 2, 1]
    assert result.next_ordinal.tolist() == [3, 2, 1]
    assert _dates(result.next_due) == [assess(p).next_due for p in caseload]
    for values in (result.ordinal, result.days_late, result.overdue_days, result.next_ordinal):
        assert values.dtype == np.int64
    assert result.on_time.dtype == np.bool_
    without_last = dict(arrays)
    del without_last["last_meeting"]
    same = assess_arrays(**without_last, as_of=dt.date(2025, 1, 1))
    assert _dates(same.due) == _dates(result.due)
    # A calendar passed in is used for the working days.
    closed = CAL.with_non_working_days([dt.date(2024, 2, 5)])
    first = assess_arrays(**_one("2024-01-08", []), calendar=closed)
    assert first.next_due[0] == np.datetime64("2024-02-06")


def test_assess_arrays_errors_name_the_field() -> None:
    arrays = _one("2025-01-06", ["2025-01-30", "2025-04-01"])
    cases: list[tuple[dict[str, Any], str, str]] = [
        (
            dict(arrays, review_period=np.array([0, 1])),
            "review_period holds an index that is not a period",
            "review_period",
        ),
        (
            dict(arrays, review_period=np.array([0, -1])),
            "review_period holds an index that is not a period",
            "review_period",
        ),
        (
            dict(
                arrays,
                period_start=np.array(["2025-01-06", "2025-01-06"], dtype="M8[D]"),
                period_end=np.array(["NaT", "NaT"], dtype="M8[D]"),
                review_period=np.array([1, 0]),
            ),
            "reviews must be sorted by period and then date; sort them first",
            "review_period",
        ),
        (
            dict(arrays, first_meeting=np.array(["2025-01-30", "2025-01-30"], dtype="M8[D]")),
            "review row 1: held on Thu 30 Jan 2025, the same date as the review before it; remove "
            "the "
            "duplicate, or give both dates as meetings of one review",
            "meetings",
        ),
        (
            dict(arrays, last_meeting=np.array(["2025-01-29", "2025-04-01"], dtype="M8[D]")),
            "review row 0: last meeting Wed 29 Jan 2025 is before the first (Thu 30 Jan 2025); "
            "give "
            "meetings in order",
            "meetings",
        ),
    ]
    for given_, message, field in cases:
        with pytest.raises(IroScheduleError) as info:
            assess_arrays(**given_)
        assert (str(info.value), info.value.field) == (message, field)
    three = dict(
        arrays,
        period_start=np.array(["2025-01-06"] * 3, dtype="M8[D]"),
        period_end=np.array(["NaT"] * 3, dtype="M8[D]"),
        review_period=np.array([0, 2, 1]),
        first_meeting=np.array(["2025-01-30", "2025-01-20", "2025-01-21"], dtype="M8[D]"),
    )
    with pytest.raises(IroScheduleError, match="sorted by period"):
        assess_arrays(**three)  # periods out of order after the first
    overlap = dict(
        three,
        review_period=np.array([0, 1, 1]),
        first_meeting=np.array(["2025-01-30", "2025-02-20", "2025-02-20"], dtype="M8[D]"),
    )
    with pytest.raises(DuplicateReviewError, match="review row 2: held on Thu 20 Feb 2025"):
        assess_arrays(**overlap)  # two reviews of the second period on one date
    # Two periods, the second's reviews overlapping nothing: accepted.
    two = dict(
        arrays,
        period_start=np.array(["2025-01-06", "2025-01-06"], dtype="M8[D]"),
        period_end=np.array(["NaT", "NaT"], dtype="M8[D]"),
        review_period=np.array([0, 1]),
        first_meeting=np.array(["2025-01-30", "2025-01-20"], dtype="M8[D]"),
    )
    assert assess_arrays(**two).ordinal.tolist() == [1, 1]
    odd = attrs.evolve(ENGLAND_SHORT_BREAKS_2010, calendar=lambda: CAL)
    with pytest.raises(IroScheduleError) as info:
        assess_arrays(**arrays, policy=Policy(regimes=(ENGLAND_2010, odd)))
    assert (str(info.value), info.value.field) == (
        "the regimes count working days in different calendars; pass calendar=...",
        "calendar",
    )
    with pytest.raises(NoRegimeError) as no_regime:
        assess_arrays(**_one("1991-10-13", []))
    assert (no_regime.value.field, no_regime.value.value) == ("date", dt.date(1991, 10, 13))
    assert str(no_regime.value) == (
        "period 0: no review regime was in force on Sun 13 Oct 1991 (regimes considered: "
        "ENGLAND_1991, ENGLAND_2010); name one with PeriodOfCare(regime=...) or "
        "Policy(regimes=...)"
    )


def test_periods_to_arrays_gives_typed_arrays() -> None:
    caseload = [
        PeriodOfCare(
            start=dt.date(2025, 1, 6),
            end=dt.date(2025, 6, 1),
            reviews=[Review(meetings=[dt.date(2025, 1, 30), dt.date(2025, 2, 3)])],
        ),
        PeriodOfCare(start=dt.date(2025, 2, 3)),
    ]
    arrays = periods_to_arrays(caseload)
    assert arrays.pop("period_regime") == [None, None]
    assert {k: str(v.dtype) for k, v in arrays.items()} == {
        "period_start": "datetime64[D]",
        "period_end": "datetime64[D]",
        "review_period": "int64",
        "first_meeting": "datetime64[D]",
        "last_meeting": "datetime64[D]",
    }
    assert _dates(arrays["period_end"][:1]) == [dt.date(2025, 6, 1)]
    assert np.isnat(arrays["period_end"][1])
    assert arrays["review_period"].tolist() == [0]
    assert _dates(arrays["last_meeting"]) == [dt.date(2025, 2, 3)]


@pytest.mark.parametrize("n", [-1, 0, 1, 6, -2399, 2399])
def test_add_months_array_at_the_edges_of_its_tables(n: int) -> None:
    """Dates and results just inside and outside 1900-2199 (looked up, or worked out) agree."""
    edges = [
        dt.date(1899, 12, 31),
        dt.date(1900, 1, 1),
        dt.date(1900, 1, 31),
        dt.date(2199, 12, 1),
        dt.date(2199, 12, 31),
        dt.date(2200, 1, 1),
    ]
    got = add_months_array(np.array([*edges, "NaT"], dtype="datetime64[D]"), n)
    assert _dates(got[:-1]) == [add_months(d, n) for d in edges]
    assert np.isnat(got[-1])


@given(
    st.lists(
        st.tuples(dates(dt.date(1700, 1, 1), dt.date(2300, 12, 31)), st.integers(-600, 600)),
        min_size=1,
        max_size=60,
    )
)
def test_add_months_array_with_a_count_for_each_date(pairs: list[tuple[dt.date, int]]) -> None:
    days, counts = zip(*pairs, strict=True)
    got = add_months_array(_array(list(days)), np.array(counts))
    assert _dates(got) == [add_months(d, n) for d, n in pairs]


@given(
    st.lists(
        st.tuples(dates(dt.date(1991, 10, 14), dt.date(2058, 12, 31)), st.integers(1, 5)),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from([Policy(), Policy(count_start_day=True)]),
)
def test_due_after_array_matches_the_regime_in_force(
    pairs: list[tuple[dt.date, int]], policy: Policy
) -> None:
    anchors, ordinals = zip(*pairs, strict=True)
    got = _dates(due_after_array(_array(list(anchors)), list(ordinals), policy=policy))
    expected = []
    for anchor, ordinal in pairs:
        regime = regime_in_force(anchor)
        interval = regime.interval_for(ordinal)
        expected.append(
            interval.after(anchor, CAL, count_start_day=policy.count_start_day)
            if interval.unit is Unit.WORKING_DAYS
            else interval.after(anchor)
        )
    assert got == expected


def test_due_after_array_with_a_named_regime_missing_dates_and_bad_lengths() -> None:
    anchors = np.array(["2024-12-20", "NaT", "2024-08-31"], dtype="datetime64[D]")
    got = due_after_array(anchors, [1, 2, 2], regime=ENGLAND_SHORT_BREAKS_2010)
    assert got[0] == np.datetime64("2025-03-20")  # reg. 48: the first review within 3 months
    assert np.isnat(got[1])
    assert got[2] == np.datetime64("2025-02-28")  # then 6 months, clamped
    with pytest.raises(IroScheduleError, match="anchors and ordinals differ in length") as caught:
        due_after_array(anchors, [1, 2])
    assert caught.value.field == "ordinals"


def test_assess_arrays_review_completed_exactly_at_the_completion_limit() -> None:
    """A review whose last meeting falls on the last day of the completion limit is judged on
    its first meeting; a day later, on its last (as assess does)."""
    first = dt.date(2025, 1, 20)
    limit = CAL.add_working_days(first, 20)
    for last, counted in ((limit, first), (limit + dt.timedelta(days=1), limit + dt.timedelta(1))):
        arrays = _one("2024-12-20", [first.isoformat()])
        arrays["last_meeting"] = np.array([last], dtype="M8[D]")
        result = assess_arrays(**arrays)
        assert result.counted[0] == np.datetime64(counted)
        period = PeriodOfCare(start=dt.date(2024, 12, 20), reviews=[Review(meetings=[first, last])])
        assert assess(period).verdicts[0].counted_date == counted


def test_due_after_array_defaults_and_a_calendar_of_ones_own() -> None:
    anchors = np.array(["2024-12-20"], dtype="datetime64[D]")
    assert due_after_array(anchors, [1])[0] == np.datetime64("2025-01-22")  # default policy
    closed = CAL.with_non_working_days([dt.date(2025, 1, 2)])  # a local closure day
    assert due_after_array(anchors, [1], calendar=closed)[0] == np.datetime64("2025-01-23")


ALL_POLICIES = [
    Policy(),
    Policy(count_start_day=True),
    Policy(regime_date=RegimeDate.DUE_DATE),
    Policy(regimes=(ENGLAND_2010,)),
    Policy(regimes=(ENGLAND_1991,), regime_date=RegimeDate.DUE_DATE),
]
REGIMES = [None, ENGLAND_2010, ENGLAND_1991, ENGLAND_SHORT_BREAKS_2010]


@given(
    st.lists(
        st.tuples(
            st.one_of(
                dates(dt.date(2010, 12, 1), dt.date(2011, 6, 1)),
                dates(dt.date(1992, 1, 1), dt.date(2058, 12, 31)),
            ),
            st.integers(1, 4),
        ),
        min_size=1,
        max_size=10,
    ),
    st.sampled_from(ALL_POLICIES),
    st.sampled_from(REGIMES),
)
def test_due_after_array_chooses_the_regime_and_due_date_assess_chooses(
    pairs: list[tuple[dt.date, int]], policy: Policy, regime: Regime | None
) -> None:
    """The regime governing review n, and its due date, from the date its interval runs from:
    the array form (due_after_array) against the scalar one (assess, on a period whose review
    n - 1 was held on that date), under every reading of the regime change and fixed regimes."""
    for anchor, ordinal in pairs:
        earlier = [Review(meetings=[anchor - dt.timedelta(days=k)]) for k in range(ordinal - 1)]
        start = anchor - dt.timedelta(days=ordinal if earlier else 0)
        period = PeriodOfCare(start=start, reviews=earlier[::-1], regime=regime)
        if earlier:  # the reviews before must have a regime: they are not the rule under test
            try:
                assess(attrs.evolve(period, reviews=period.reviews[:-1]), policy=policy)
            except NoRegimeError:
                continue
        try:
            expected: object = assess(period, policy=policy).next_due
        except NoRegimeError:
            expected = NoRegimeError
        try:
            got: object = due_after_array(_array([anchor]), [ordinal], policy=policy, regime=regime)
            got = _dates(got)[0]  # type: ignore[arg-type]
        except NoRegimeError:
            got = NoRegimeError
        assert got == expected, (anchor, ordinal)


@given(date_lists, st.sampled_from([ENGLAND_2010, ENGLAND_1991, ENGLAND_ADOPTION_PLACEMENT_2005]))
def test_regime_in_force_array_matches_in_force_on(days: list[dt.date], regime: Regime) -> None:
    got = regime.in_force_array(_array(days)).tolist()
    assert got == [regime.in_force_on(d) for d in days]


# --- histories crafted to reach every branch of the array engine, held to assess --------------


def _review(*days: dt.date) -> Review:
    return Review(meetings=list(days))


D = dt.date
CLOSURES = england_calendar().with_non_working_days([D(2025, 1, 2), D(2025, 1, 3)])
LOCAL = Regime(
    name="LOCAL",
    instrument="Anyshire practice standard",
    first=Interval(15, Unit.WORKING_DAYS),
    second=Interval(10, Unit.WORKING_DAYS),
    later=Interval(2, Unit.MONTHS),
    first_rule="para 1",
    second_rule="para 2",
    later_rule="para 3",
    commencement=D(2000, 1, 1),
    grade="R",
)
BRANCHES: list[tuple[str, list[PeriodOfCare], Policy, WorkingCalendar | None]] = [
    (
        "a 1991 review over two meetings (no adjournment: counted from its last), then another",
        [PeriodOfCare(start=D(2010, 1, 4), reviews=[
            _review(D(2010, 1, 25), D(2010, 2, 10)), _review(D(2010, 5, 1))])],
        Policy(),
        None,
    ),
    (
        "the regime chosen by the due date across 1 April 2011, months as well as working days",
        [PeriodOfCare(start=D(2010, 12, 1), reviews=[_review(D(2011, 1, 15))]),
         PeriodOfCare(start=D(2011, 3, 10))],
        Policy(regime_date=RegimeDate.DUE_DATE),
        None,
    ),
    (
        "periods of their own regimes beside the chain",
        [PeriodOfCare(start=D(2015, 6, 1), reviews=[_review(D(2015, 8, 1))],
                      regime=ENGLAND_SHORT_BREAKS_2010),
         PeriodOfCare(start=D(2016, 6, 1), reviews=[_review(D(2016, 6, 20))],
                      regime=ENGLAND_ADOPTION_PLACEMENT_2005),
         PeriodOfCare(start=D(2016, 6, 1), reviews=[_review(D(2016, 6, 20))])],
        Policy(),
        None,
    ),
    (
        "a chain of reviews re-judged: each moves the anchor of the next across 1 April 2011",
        [PeriodOfCare(start=D(2010, 12, 1), reviews=[
            _review(D(2011, 3, 25), D(2011, 4, 5)),  # 1991: counted from its last meeting
            _review(D(2011, 6, 20), D(2011, 7, 1)),  # so under 2010, from its first
            _review(D(2011, 12, 15))])],
        Policy(),
        None,
    ),
    (
        "a local standard counting its second interval in working days, with closure days",
        [PeriodOfCare(start=D(2024, 11, 1), regime=LOCAL, reviews=[
            _review(D(2024, 11, 20), D(2024, 12, 20)), _review(D(2025, 1, 8))])],
        Policy(regimes=(LOCAL,)),
        CLOSURES,
    ),
    (
        "a council's closure days, deciding whether a review was adjourned in time",
        [PeriodOfCare(start=D(2024, 11, 1), reviews=[
            _review(D(2024, 12, 2), D(2025, 1, 3)), _review(D(2025, 3, 20))])],
        Policy(),
        CLOSURES,
    ),
]  # fmt: skip


@pytest.mark.parametrize(("periods", "policy", "calendar"), [b[1:] for b in BRANCHES],
                         ids=[b[0] for b in BRANCHES])  # fmt: skip
def test_the_array_engine_agrees_with_assess_on_every_branch(
    periods: list[PeriodOfCare], policy: Policy, calendar: WorkingCalendar | None
) -> None:
    as_of = D(2026, 1, 1)
    found = assess_arrays(
        **periods_to_arrays(periods), as_of=as_of, policy=policy, calendar=calendar
    )
    rows = iter(range(len(found.ordinal)))
    for i, period in enumerate(periods):
        result = assess(period, as_of=as_of, policy=policy, calendar=calendar)
        for verdict in result.verdicts:
            if verdict.review is None:
                continue
            row = next(rows)
            assert (found.ordinal[row], found.due[row], found.counted[row]) == (
                verdict.ordinal, np.datetime64(verdict.due), np.datetime64(verdict.counted_date)
            )  # fmt: skip
            assert found.regimes[found.regime[row]] == verdict.regime
        assert found.next_due[i] == np.datetime64(result.next_due or "NaT")
        assert found.regimes[found.next_regime[i]] == result.next_regime

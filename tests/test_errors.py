"""Errors are part of the API: each raise site, its exact type, message, record, field, value."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest

from iro_schedule import (
    ENGLAND_1991,
    ENGLAND_2010,
    ENGLAND_SHORT_BREAKS_2010,
    IroScheduleError,
    PeriodOfCare,
    Policy,
    RegimeDate,
    Review,
    WorkingCalendar,
    add_months,
    annual_figures,
    assess,
    calendar_from_govuk_json,
    england_calendar,
    first_review_due,
    infer_window,
    read_records,
    regime_in_force,
    sample_data,
    validate,
)
from iro_schedule.arrays import assess_arrays, due_after_array
from iro_schedule.errors import (
    CalendarDataError,
    DuplicateReviewError,
    InvalidPeriodError,
    InvalidReviewError,
    MeetingOrderError,
    NoRegimeError,
    NotADateError,
    OutsideCoverageError,
    ReviewAfterAsOfError,
    ReviewOrderError,
    ReviewOutsidePeriodError,
    WindowError,
    WrongTypeError,
)
from iro_schedule.frames import assess_frame
from iro_schedule.records import Inputs
from iro_schedule.schedule import next_reviews

D = dt.date
CAL = england_calendar()
SMALL = WorkingCalendar(set(), 2024, 2024, name="small")


def _govuk(events: object, division: str = "england-and-wales") -> dict[str, object]:
    return {division: {"division": division, "events": events}}


# (call, error type, exact message, record, field, value)
#: One period of care with one review, as assess_arrays' arguments.
ONE_PERIOD: dict[str, Any] = {
    "period_start": np.array(["2025-01-06"], dtype="M8[D]"),
    "period_end": np.array(["NaT"], dtype="M8[D]"),
    "review_period": np.array([0]),
    "first_meeting": np.array(["2025-01-30"], dtype="M8[D]"),
    "last_meeting": np.array(["2025-01-30"], dtype="M8[D]"),
}

CASES: list[
    tuple[str, Callable[[], object], type[Exception], str, str | None, str | None, object]
] = [
    (
        "datetime for a date",
        lambda: CAL.is_working_day(dt.datetime(2025, 1, 2, 9, 30)),  # a datetime is a date subclass
        NotADateError,
        "d must be a datetime.date, got datetime datetime.datetime(2025, 1, 2, 9, 30); "
        "pass value.date() to drop the time of day",
        None,
        "d",
        dt.datetime(2025, 1, 2, 9, 30),
    ),
    (
        "string for a date",
        lambda: add_months("2025-01-02", 1),  # type: ignore[arg-type]
        NotADateError,
        "d must be a datetime.date, got str '2025-01-02'; parse it first, "
        "e.g. datetime.date.fromisoformat('2024-12-20')",
        None,
        "d",
        "2025-01-02",
    ),
    (
        "a non-date in a calendar",
        lambda: WorkingCalendar({None}, 2024, 2024),  # type: ignore[arg-type]
        NotADateError,
        "non_working_days must be a datetime.date, got NoneType None; pass a datetime.date",
        None,
        "non_working_days",
        None,
    ),
    (
        "date outside the calendar",
        lambda: SMALL.is_working_day(D(2025, 1, 1)),
        OutsideCoverageError,
        "Wed 1 Jan 2025 is outside the years this calendar covers (Mon 1 Jan 2024 to Tue 31 Dec "
        "2024, "
        "calendar 'small'); build a calendar covering it, e.g. "
        "england_calendar(first_year=2024, last_year=2025)",
        None,
        "date",
        D(2025, 1, 1),
    ),
    (
        "date before the calendar",
        lambda: SMALL.add_working_days(D(2023, 12, 31), 1),
        OutsideCoverageError,
        "Sun 31 Dec 2023 is outside the years this calendar covers (Mon 1 Jan 2024 to Tue 31 Dec "
        "2024, "
        "calendar 'small'); build a calendar covering it, e.g. "
        "england_calendar(first_year=2023, last_year=2024)",
        None,
        "date",
        D(2023, 12, 31),
    ),
    (
        "result outside the calendar",
        lambda: SMALL.add_working_days(D(2024, 12, 30), 3),
        OutsideCoverageError,
        "3 working days from Mon 30 Dec 2024 falls outside the years this calendar covers "
        "(Mon 1 Jan 2024 to Tue 31 Dec 2024); build a calendar covering more years, e.g. "
        "england_calendar(first_year=..., last_year=...)",
        None,
        "n",
        3,
    ),
    (
        "years in the wrong order",
        lambda: WorkingCalendar(set(), 2025, 2024),
        CalendarDataError,
        "last_year (2024) is before first_year (2025); give the years in order",
        None,
        "last_year",
        2024,
    ),
    (
        "year out of range",
        lambda: WorkingCalendar(set(), 2024, 9999),
        CalendarDataError,
        "last_year must be a year from 1 to 9998, got 9999",
        None,
        "last_year",
        9999,
    ),
    (
        "year zero",
        lambda: WorkingCalendar(set(), 0, 2024),
        CalendarDataError,
        "first_year must be a year from 1 to 9998, got 0",
        None,
        "first_year",
        0,
    ),
    (
        "GOV.UK JSON without the division",
        lambda: calendar_from_govuk_json(_govuk([], "scotland")),
        CalendarDataError,
        "no division 'england-and-wales' in the JSON (it has ['scotland']); "
        "pass division=... with one of those",
        None,
        "division",
        "england-and-wales",
    ),
    (
        "GOV.UK JSON without events",
        lambda: calendar_from_govuk_json({"england-and-wales": {"events": None}}),
        CalendarDataError,
        "division 'england-and-wales' has no 'events' list",
        None,
        "england-and-wales.events",
        {"events": None},
    ),
    (
        "GOV.UK JSON with no events",
        lambda: calendar_from_govuk_json(_govuk([])),
        CalendarDataError,
        "division 'england-and-wales' lists no events; check the file is GOV.UK's "
        "bank-holidays.json",
        None,
        "england-and-wales.events",
        None,
    ),
    (
        "GOV.UK JSON with a bad date",
        lambda: calendar_from_govuk_json(_govuk([{"date": "2025-02-30"}])),
        CalendarDataError,
        "england-and-wales.events[0]: date '2025-02-30' is not an ISO date (YYYY-MM-DD)",
        "england-and-wales.events[0]",
        "date",
        "2025-02-30",
    ),
    (
        "GOV.UK JSON with a missing date",
        lambda: calendar_from_govuk_json(_govuk([{"title": "x"}])),
        CalendarDataError,
        "england-and-wales.events[0]: date must be a string YYYY-MM-DD, got None",
        "england-and-wales.events[0]",
        "date",
        None,
    ),
    (
        "GOV.UK JSON with a numeric date",
        lambda: calendar_from_govuk_json(_govuk([{"date": 20250101}])),
        CalendarDataError,
        "england-and-wales.events[0]: date must be a string YYYY-MM-DD, got 20250101",
        "england-and-wales.events[0]",
        "date",
        20250101,
    ),
    (
        "covers() given a string",
        lambda: CAL.covers("2025-01-01"),  # type: ignore[arg-type]
        NotADateError,
        "d must be a datetime.date, got str '2025-01-01'; parse it first, "
        "e.g. datetime.date.fromisoformat('2024-12-20')",
        None,
        "d",
        "2025-01-01",
    ),
    (
        "working_days_between() given a datetime first",
        lambda: CAL.working_days_between(dt.datetime(2025, 1, 1), D(2025, 1, 2)),
        NotADateError,
        "a must be a datetime.date, got datetime datetime.datetime(2025, 1, 1, 0, 0); "
        "pass value.date() to drop the time of day",
        None,
        "a",
        dt.datetime(2025, 1, 1),
    ),
    (
        "working_day_on_or_before() given a string",
        lambda: CAL.working_day_on_or_before("2025-01-01"),  # type: ignore[arg-type]
        NotADateError,
        "d must be a datetime.date, got str '2025-01-01'; parse it first, "
        "e.g. datetime.date.fromisoformat('2024-12-20')",
        None,
        "d",
        "2025-01-01",
    ),
    (
        "no working day on or before",
        lambda: WorkingCalendar(set(), 2023, 2023).working_day_on_or_before(D(2023, 1, 1)),
        OutsideCoverageError,
        "no working day on or before Sun 1 Jan 2023 in the years this calendar covers "
        "(Sun 1 Jan 2023 to Sun 31 Dec 2023)",
        None,
        "d",
        D(2023, 1, 1),
    ),
    (
        "first_review_due() given a string",
        lambda: first_review_due("2025-01-01"),  # type: ignore[arg-type]
        NotADateError,
        "start must be a datetime.date, got str '2025-01-01'; parse it first, "
        "e.g. datetime.date.fromisoformat('2024-12-20')",
        None,
        "start",
        "2025-01-01",
    ),
    (
        "GOV.UK JSON that is not an object",
        lambda: calendar_from_govuk_json(b"[]"),
        CalendarDataError,
        "expected a JSON object keyed by division, got list",
        None,
        None,
        [],
    ),
    (
        "no regime in force",
        lambda: regime_in_force(D(1991, 10, 13)),
        NoRegimeError,
        "no review regime was in force on Sun 13 Oct 1991 (regimes considered: ENGLAND_1991, "
        "ENGLAND_2010); name one with PeriodOfCare(regime=...) or Policy(regimes=...)",
        None,
        "date",
        D(1991, 10, 13),
    ),
    (
        "no regimes at all",
        lambda: regime_in_force(D(2020, 1, 1), ()),
        NoRegimeError,
        "no review regime was in force on Wed 1 Jan 2020 (regimes considered: none); "
        "name one with PeriodOfCare(regime=...) or Policy(regimes=...)",
        None,
        "date",
        D(2020, 1, 1),
    ),
    (
        "no regime in force, through assess and the policy",
        lambda: assess(PeriodOfCare(start=D(2005, 1, 1)), policy=Policy(regimes=(ENGLAND_2010,))),
        NoRegimeError,
        "no review regime was in force on Sat 1 Jan 2005 (regimes considered: ENGLAND_2010); "
        "name one with PeriodOfCare(regime=...) or Policy(regimes=...)",
        None,
        "date",
        D(2005, 1, 1),
    ),
    (
        "review without meetings",
        lambda: Review(meetings=[], id="R-1"),
        InvalidReviewError,
        "review (id='R-1'): meetings is empty; give the date of at least one meeting",
        "review (id='R-1')",
        "meetings",
        (),
    ),
    (
        "meeting that is not a date",
        lambda: Review(meetings=[D(2025, 1, 1), "2025-01-02"]),  # type: ignore[list-item]
        NotADateError,
        "review: meetings[1] must be a datetime.date, got str '2025-01-02'; parse it first, "
        "e.g. datetime.date.fromisoformat('2024-12-20')",
        "review",
        "meetings[1]",
        "2025-01-02",
    ),
    (
        "meetings out of order",
        lambda: Review(meetings=[D(2025, 1, 9), D(2025, 1, 2)], id=5),
        MeetingOrderError,
        "review (id=5): meetings must be in strictly increasing date order, got Thu 9 Jan 2025 "
        "then "
        "Thu 2 Jan 2025; list each meeting once, earliest first",
        "review (id=5)",
        "meetings",
        (D(2025, 1, 9), D(2025, 1, 2)),
    ),
    (
        "bad id",
        lambda: Review(meetings=[D(2025, 1, 9)], id=2.5),  # type: ignore[arg-type]
        InvalidReviewError,
        "id must be a str, an int or None, got float 2.5",
        None,
        "id",
        2.5,
    ),
    (
        "bad brought_forward",
        lambda: Review(meetings=[D(2025, 1, 9)], brought_forward=1, id="x"),  # type: ignore[arg-type]
        InvalidReviewError,
        "review (id='x'): brought_forward must be True or False, got 1",
        "review (id='x')",
        "brought_forward",
        1,
    ),
    (
        "start not a date",
        lambda: PeriodOfCare(start=None),  # type: ignore[arg-type]
        NotADateError,
        "period of care: start must be a datetime.date, got NoneType None; pass a datetime.date",
        "period of care",
        "start",
        None,
    ),
    (
        "end before start",
        lambda: PeriodOfCare(start=D(2025, 1, 6), end=D(2025, 1, 1)),
        InvalidPeriodError,
        "period of care: end Wed 1 Jan 2025 is before start Mon 6 Jan 2025; check the two dates "
        "are "
        "not swapped",
        "period of care",
        "end",
        D(2025, 1, 1),
    ),
    (
        "end not a date",
        lambda: PeriodOfCare(start=D(2025, 1, 6), end="2025-02-01"),  # type: ignore[arg-type]
        NotADateError,
        "period of care: end must be a datetime.date, got str '2025-02-01'; parse it first, "
        "e.g. datetime.date.fromisoformat('2024-12-20')",
        "period of care",
        "end",
        "2025-02-01",
    ),
    (
        "not a regime",
        lambda: PeriodOfCare(start=D(2025, 1, 6), regime="ENGLAND_2010"),  # type: ignore[arg-type]
        InvalidPeriodError,
        "period of care: regime must be a Regime or None, got str 'ENGLAND_2010'",
        "period of care",
        "regime",
        "ENGLAND_2010",
    ),
    (
        "not a review",
        lambda: PeriodOfCare(start=D(2025, 1, 6), reviews=[7]),  # type: ignore[list-item]
        InvalidReviewError,
        "reviews[0]: expected a Review, got int 7",
        "reviews[0]",
        "reviews",
        7,
    ),
    (
        "review before the period",
        lambda: PeriodOfCare(start=D(2025, 1, 6), reviews=[Review(meetings=[D(2025, 1, 5)])]),
        ReviewOutsidePeriodError,
        "reviews[0]: first meeting Sun 5 Jan 2025 is before the period of care starts (Mon 6 Jan "
        "2025); "
        "it belongs to an earlier period",
        "reviews[0]",
        "meetings",
        D(2025, 1, 5),
    ),
    (
        "review after the period",
        lambda: PeriodOfCare(
            start=D(2025, 1, 6), end=D(2025, 2, 1), reviews=[Review(meetings=[D(2025, 2, 2)], id=9)]
        ),
        ReviewOutsidePeriodError,
        "reviews[0] (id=9): meeting Sun 2 Feb 2025 is after the period of care ends (Sat 1 Feb "
        "2025); "
        "check the end date or move the review to the next period",
        "reviews[0] (id=9)",
        "meetings",
        D(2025, 2, 2),
    ),
    (
        "two reviews on one date",
        lambda: PeriodOfCare(
            start=D(2025, 1, 6),
            reviews=[Review(meetings=[D(2025, 1, 20)]), Review(meetings=[D(2025, 1, 20)])],
        ),
        DuplicateReviewError,
        "reviews[1]: held on Mon 20 Jan 2025, the same date as the review before it; remove the "
        "duplicate, or give both dates as meetings of one review",
        "reviews[1]",
        "meetings",
        D(2025, 1, 20),
    ),
    (
        "reviews out of order",
        lambda: PeriodOfCare(
            start=D(2025, 1, 6),
            reviews=[Review(meetings=[D(2025, 3, 20)]), Review(meetings=[D(2025, 1, 20)])],
        ),
        ReviewOrderError,
        "reviews[1]: first meeting Mon 20 Jan 2025 is before the previous review's last meeting "
        "(Thu 20 Mar 2025); sort reviews by date and make sure they do not overlap",
        "reviews[1]",
        "meetings",
        D(2025, 1, 20),
    ),
    (
        "assess something else",
        lambda: assess([]),  # type: ignore[arg-type]
        WrongTypeError,
        "period must be a PeriodOfCare, got list []",
        None,
        "period",
        [],
    ),
    (
        "a period's own regime before it commenced",
        lambda: assess(PeriodOfCare(start=D(2009, 5, 1), regime=ENGLAND_SHORT_BREAKS_2010)),
        NoRegimeError,
        "ENGLAND_SHORT_BREAKS_2010, the regime the period of care names, was not in force on "
        "Fri 1 May 2009, when review 1's interval starts (it was in force from Fri 1 Apr "
        "2011); a regime is never applied outside its dates: to do so on purpose, give a copy "
        "with the dates you mean, e.g. attrs.evolve(ENGLAND_SHORT_BREAKS_2010, "
        "commencement=..., end=...)",
        None,
        "regime",
        ENGLAND_SHORT_BREAKS_2010,
    ),
    (
        "a period's own regime after it ended, at review 2",
        lambda: assess(
            PeriodOfCare(
                start=D(2011, 2, 1), regime=ENGLAND_1991, reviews=[Review(meetings=[D(2011, 4, 2)])]
            )
        ),
        NoRegimeError,
        "ENGLAND_1991, the regime the period of care names, was not in force on Sat 2 Apr 2011, "
        "when review 2's interval starts (it was in force from Mon 14 Oct 1991 to Thu 31 Mar "
        "2011); a regime is never applied outside its dates: to do so on purpose, give a copy "
        "with the dates you mean, e.g. attrs.evolve(ENGLAND_1991, commencement=..., end=...)",
        None,
        "regime",
        ENGLAND_1991,
    ),
    (
        "a period's own regime, by the day the review falls due",
        lambda: assess(
            PeriodOfCare(start=D(2011, 3, 20), regime=ENGLAND_1991),
            policy=Policy(regime_date=RegimeDate.DUE_DATE),
        ),
        NoRegimeError,
        "ENGLAND_1991, the regime the period of care names, was not in force on the day review "
        "1 would fall due under it (it was in force from Mon 14 Oct 1991 to Thu 31 Mar 2011); a "
        "regime is never applied outside its dates: to do so on purpose, give a copy with the "
        "dates you mean, e.g. attrs.evolve(ENGLAND_1991, commencement=..., end=...)",
        None,
        "regime",
        ENGLAND_1991,
    ),
    (
        "no regime of the chain, by the day the review falls due",
        lambda: first_review_due(D(1991, 9, 1), policy=Policy(regime_date=RegimeDate.DUE_DATE)),
        NoRegimeError,
        "no review regime was in force on the day review 1 would fall due under it (regimes "
        "considered: ENGLAND_1991, ENGLAND_2010; interval from Sun 1 Sep 1991); name one with "
        "PeriodOfCare(regime=...) or Policy(regimes=...)",
        None,
        "date",
        D(1991, 9, 1),
    ),
    (
        "the arrays: a period's own regime not in force, naming the period",
        lambda: assess_arrays(
            period_start=np.array(["2011-02-01"], dtype="M8[D]"),
            period_end=np.array(["NaT"], dtype="M8[D]"),
            review_period=np.array([0, 0]),
            first_meeting=np.array(["2011-02-20", "2011-04-02"], dtype="M8[D]"),
            period_regime=[ENGLAND_1991],
        ),
        NoRegimeError,
        "period 0: ENGLAND_1991, the regime the period of care names, was not in force on Sat 2 "
        "Apr 2011, when review 3's interval starts (it was in force from Mon 14 Oct 1991 to Thu "
        "31 Mar 2011); a regime is never applied outside its dates: to do so on purpose, give a "
        "copy with the dates you mean, e.g. attrs.evolve(ENGLAND_1991, commencement=..., "
        "end=...)",
        "period 0",
        "regime",
        ENGLAND_1991,
    ),
    (
        "the arrays: a review's regime not in force, naming the review row",
        lambda: assess_arrays(
            period_start=np.array(["2011-02-01"], dtype="M8[D]"),
            period_end=np.array(["NaT"], dtype="M8[D]"),
            review_period=np.array([0, 0]),
            first_meeting=np.array(["2011-04-02", "2011-05-01"], dtype="M8[D]"),
            period_regime=[ENGLAND_1991],
        ),
        NoRegimeError,
        "review row 1: ENGLAND_1991, the regime the period of care names, was not in force on "
        "Sat 2 Apr 2011, when review 2's interval starts (it was in force from Mon 14 Oct 1991 "
        "to Thu 31 Mar 2011); a regime is never applied outside its dates: to do so on purpose, "
        "give a copy with the dates you mean, e.g. attrs.evolve(ENGLAND_1991, "
        "commencement=..., end=...)",
        "review row 1",
        "regime",
        ENGLAND_1991,
    ),
    (
        "due dates over arrays: no regime, naming the anchor",
        lambda: due_after_array(
            np.array(["2011-02-20", "1991-09-01"], dtype="M8[D]"),
            [2, 1],
            policy=Policy(regime_date=RegimeDate.DUE_DATE),
        ),
        NoRegimeError,
        "anchors[1]: no review regime was in force on the day review 1 would fall due under it "
        "(regimes considered: ENGLAND_1991, ENGLAND_2010; interval from Sun 1 Sep 1991); name "
        "one with PeriodOfCare(regime=...) or Policy(regimes=...)",
        "anchors[1]",
        "date",
        D(1991, 9, 1),
    ),
    *[
        (
            f"the arrays: {name}",
            lambda given=given: assess_arrays(**given),
            IroScheduleError,
            message,
            None,
            field,
            None,
        )
        for name, given, message, field in [
            (
                "ends of another length",
                dict(ONE_PERIOD, period_end=np.array(["NaT", "NaT"], dtype="M8[D]")),
                "period_start and period_end differ in length (1 and 2)",
                "period_end",
            ),
            (
                "meetings of another length",
                dict(ONE_PERIOD, last_meeting=np.array([], dtype="M8[D]")),
                "review_period, first_meeting and last_meeting differ in length",
                "review_period",
            ),
            (
                "a missing start",
                dict(ONE_PERIOD, period_start=np.array(["NaT"], dtype="M8[D]")),
                "period_start, first_meeting and last_meeting must not be missing (NaT)",
                "period_start",
            ),
            (
                "a missing meeting",
                dict(ONE_PERIOD, first_meeting=np.array(["NaT"], dtype="M8[D]")),
                "period_start, first_meeting and last_meeting must not be missing (NaT)",
                "first_meeting",
            ),
            (
                "a period's own regime that is not one",
                dict(ONE_PERIOD, period_regime=["ENGLAND_2010"]),
                "period_regime holds 'ENGLAND_2010', not a Regime or None",
                "period_regime",
            ),
            (
                "a regime for each of another number of periods",
                dict(ONE_PERIOD, period_regime=[None, None]),
                "period_regime has 2 entries for 1 periods; give one per period",
                "period_regime",
            ),
        ]
    ],
    # --- arguments of the wrong type, refused at the door -------------------------------------
    (
        "a regime's name for the regime",
        lambda: first_review_due(D(2025, 1, 6), regime="ENGLAND_2010"),  # type: ignore[arg-type]
        WrongTypeError,
        "regime must be a Regime, e.g. REGIMES_BY_NAME['ENGLAND_2010'], got str 'ENGLAND_2010'",
        None,
        "regime",
        "ENGLAND_2010",
    ),
    (
        "a word for the policy",
        lambda: assess(PeriodOfCare(start=D(2025, 1, 6)), policy="last"),  # type: ignore[arg-type]
        WrongTypeError,
        "policy must be a Policy, e.g. Policy(...), got str 'last'",
        None,
        "policy",
        "last",
    ),
    (
        "a calendar that is not one",
        lambda: first_review_due(D(2025, 1, 6), calendar={D(2025, 1, 7)}),  # type: ignore[arg-type]
        WrongTypeError,
        "calendar must be a WorkingCalendar, or None, got set {datetime.date(2025, 1, 7)}",
        None,
        "calendar",
        {D(2025, 1, 7)},
    ),
    (
        "no meetings at all",
        lambda: Review(meetings=None),  # type: ignore[arg-type]
        WrongTypeError,
        "meetings must be a list of dates, earliest first, got NoneType None; give e.g. "
        "meetings=[datetime.date(2025, 1, 20)]",
        None,
        "meetings",
        None,
    ),
    (
        "one meeting's date, not a list",
        lambda: Review(meetings=D(2025, 1, 20)),  # type: ignore[arg-type]
        WrongTypeError,
        "meetings must be a list of dates, earliest first, got date "
        "datetime.date(2025, 1, 20); give e.g. meetings=[datetime.date(2025, 1, 20)]",
        None,
        "meetings",
        D(2025, 1, 20),
    ),
    (
        "one review, not a list",
        lambda: PeriodOfCare(start=D(2025, 1, 6), reviews=Review(meetings=[D(2025, 1, 20)])),  # type: ignore[arg-type]
        WrongTypeError,
        "period of care: reviews must be a list of Review values in date order, got Review "
        "Review(meetings=(datetime.date(2025, 1, 20),), brought_forward=False, id=None); give "
        "e.g. reviews=[Review(...)]",
        "period of care",
        "reviews",
        Review(meetings=[D(2025, 1, 20)]),
    ),
    (
        "validate with a string as_of",
        lambda: validate(Inputs(reviews=(), problems=()), as_of="2025-03-31", reviews_from=None),  # type: ignore[arg-type]
        NotADateError,
        "as_of must be a datetime.date, got str '2025-03-31'; parse it first, "
        "e.g. datetime.date.fromisoformat('2024-12-20')",
        None,
        "as_of",
        "2025-03-31",
    ),
    (
        "validate with the files' names, not what was read from them",
        lambda: validate(["returns"], as_of=D(2025, 3, 31), reviews_from=None),  # type: ignore[arg-type]
        WrongTypeError,
        "inputs must be the Inputs read_records() gives, got list ['returns']",
        None,
        "inputs",
        ["returns"],
    ),
    (
        "validate with gaps that are not pairs of dates",
        lambda: validate(
            Inputs(reviews=(), problems=()),
            as_of=D(2025, 3, 31),
            reviews_from=None,
            gaps=[2023],  # type: ignore[list-item]
        ),
        WrongTypeError,
        "gaps[0] must be a (first day, last day) pair of dates, got 2023; give the "
        "DataWindow's gaps",
        None,
        "gaps",
        2023,
    ),
    (
        "infer_window with a string",
        lambda: infer_window(Inputs(reviews=(), problems=()), as_of="2025-03-31"),  # type: ignore[arg-type]
        NotADateError,
        "as_of must be a datetime.date, got str '2025-03-31'; parse it first, "
        "e.g. datetime.date.fromisoformat('2024-12-20')",
        None,
        "as_of",
        "2025-03-31",
    ),
    (
        "infer_window with the files' names, not what was read from them",
        lambda: infer_window(["returns"]),  # type: ignore[arg-type]
        WrongTypeError,
        "inputs must be the Inputs read_records() gives, got list ['returns']",
        None,
        "inputs",
        ["returns"],
    ),
    (
        "infer_window with the first day of reviews as text",
        lambda: infer_window(Inputs(reviews=(), problems=()), reviews_from="2024-04-01"),  # type: ignore[arg-type]
        NotADateError,
        "reviews_from must be a datetime.date, got str '2024-04-01'; parse it first, "
        "e.g. datetime.date.fromisoformat('2024-12-20')",
        None,
        "reviews_from",
        "2024-04-01",
    ),
    (
        "infer_window for plain records that give no date at all",
        lambda: infer_window(read_records(["p.csv"], data={"p.csv": b"child,period_start\n"})),
        WindowError,
        "cannot tell when the data ends: it has no review dates and no collection year in its "
        "file names; give the as-of date (--as-of)",
        None,
        "as_of",
        None,
    ),
    (
        "annual_figures of something validate() did not return",
        lambda: annual_figures("the validation", [2025]),  # type: ignore[arg-type]
        WrongTypeError,
        "validation must be what validate() returns, got str 'the validation'",
        None,
        "validation",
        "the validation",
    ),
    (
        "annual_figures for one year, not a list",
        lambda: annual_figures(
            validate(read_records(sample_data()), as_of=D(2025, 3, 31), reviews_from=None),
            2025,  # type: ignore[arg-type]
        ),
        WrongTypeError,
        "years must be a list of reporting years, got 2025; give e.g. [2024, 2025]",
        None,
        "years",
        2025,
    ),
    (
        "annual_figures for a year as text",
        lambda: annual_figures(
            validate(read_records(sample_data()), as_of=D(2025, 3, 31), reviews_from=None),
            ["2025"],  # type: ignore[list-item]
        ),
        WrongTypeError,
        "years holds '2025'; give reporting years as whole numbers, named by the year they "
        "end in (e.g. 2025 for 2024-25)",
        None,
        "years",
        "2025",
    ),
    (
        "next_reviews with periods and no children",
        lambda: next_reviews([PeriodOfCare(start=D(2025, 1, 6))], as_of=D(2025, 3, 31)),  # type: ignore[list-item]
        WrongTypeError,
        "periods[0] must be a (child, PeriodOfCare) pair, got "
        "PeriodOfCare(start=datetime.date(2025, 1, 6), end=None, reviews=(), regime=None)",
        None,
        "periods",
        PeriodOfCare(start=D(2025, 1, 6)),
    ),
    (
        "assess_frame with no as-of date",
        lambda: assess_frame(None, child="c", period_start="s", meeting_date="m", as_of=None),  # type: ignore[arg-type]
        NotADateError,
        "as_of must be a datetime.date, got NoneType None; pass a datetime.date",
        None,
        "as_of",
        None,
    ),
    (
        "assess a review held after the as-of date",
        lambda: assess(
            PeriodOfCare(
                start=D(2025, 1, 6),
                reviews=[
                    Review(meetings=[D(2025, 1, 30)]),
                    Review(meetings=[D(2025, 4, 2)], id="R-2"),
                ],
            ),
            as_of=D(2025, 3, 31),
        ),
        ReviewAfterAsOfError,
        "reviews[1] (id='R-2'): meeting Wed 2 Apr 2025 is after the as-of date (Mon 31 Mar "
        "2025): a review cannot be judged before it is held; set a later as-of date, or leave "
        "out reviews not yet held",
        "reviews[1] (id='R-2')",
        "meetings",
        D(2025, 4, 2),
    ),
    (
        "arrays: a review on the day the review before it ended",
        lambda: assess_arrays(
            **dict(
                ONE_PERIOD,
                review_period=np.array([0, 0]),
                first_meeting=np.array(["2025-01-30", "2025-02-05"], dtype="M8[D]"),
                last_meeting=np.array(["2025-02-05", "2025-02-05"], dtype="M8[D]"),
            )
        ),
        DuplicateReviewError,
        "review row 1: held on Wed 5 Feb 2025, the same date as the review before it; remove "
        "the duplicate, or give both dates as meetings of one review",
        "review row 1",
        "meetings",
        D(2025, 2, 5),
    ),
    (
        "arrays: a review on the day the review before it began",
        lambda: assess_arrays(
            **dict(
                ONE_PERIOD,
                review_period=np.array([0, 0]),
                first_meeting=np.array(["2025-01-30", "2025-01-30"], dtype="M8[D]"),
                last_meeting=np.array(["2025-02-05", "2025-01-30"], dtype="M8[D]"),
            )
        ),
        DuplicateReviewError,
        "review row 1: held on Thu 30 Jan 2025, the same date as the review before it; remove "
        "the duplicate, or give both dates as meetings of one review",
        "review row 1",
        "meetings",
        D(2025, 1, 30),
    ),
    (
        "arrays: a review both before the period and before the one before it",
        lambda: assess_arrays(
            **dict(
                ONE_PERIOD,
                review_period=np.array([0, 0]),
                first_meeting=np.array(["2025-01-30", "2025-01-01"], dtype="M8[D]"),
                last_meeting=np.array(["2025-01-30", "2025-01-01"], dtype="M8[D]"),
            )
        ),
        ReviewOutsidePeriodError,  # the period's own check comes first, as in assess
        "review row 1: first meeting Wed 1 Jan 2025 is before the period of care starts (Mon 6 "
        "Jan 2025); it belongs to an earlier period",
        "review row 1",
        "meetings",
        D(2025, 1, 1),
    ),
    (
        "first_review_due with a word for the policy",
        lambda: first_review_due(D(2025, 1, 6), policy="first"),  # type: ignore[arg-type]
        WrongTypeError,
        "policy must be a Policy, e.g. Policy(...), got str 'first'",
        None,
        "policy",
        "first",
    ),
    (
        "assess with a calendar that is not one",
        lambda: assess(PeriodOfCare(start=D(2025, 1, 6)), calendar=[D(2025, 1, 7)]),  # type: ignore[arg-type]
        WrongTypeError,
        "calendar must be a WorkingCalendar, or None, got list [datetime.date(2025, 1, 7)]",
        None,
        "calendar",
        [D(2025, 1, 7)],
    ),
    (
        "a number for the reviews",
        lambda: PeriodOfCare(start=D(2025, 1, 6), reviews=3),  # type: ignore[arg-type]
        WrongTypeError,
        "period of care: reviews must be a list of Review values in date order, got int 3; "
        "give e.g. reviews=[Review(...)]",
        "period of care",
        "reviews",
        3,
    ),
    (
        "assess with a string as_of",
        lambda: assess(PeriodOfCare(start=D(2025, 1, 6)), as_of="2025-06-01"),  # type: ignore[arg-type]
        NotADateError,
        "as_of must be a datetime.date, got str '2025-06-01'; parse it first, "
        "e.g. datetime.date.fromisoformat('2024-12-20')",
        None,
        "as_of",
        "2025-06-01",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "message", "record", "field", "value"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_error(
    call: Callable[[], object],
    error: type[Exception],
    message: str,
    record: str | None,
    field: str | None,
    value: object,
) -> None:
    with pytest.raises(error) as info:
        call()
    raised = info.value
    assert type(raised) is error
    assert isinstance(raised, IroScheduleError)
    assert isinstance(raised, ValueError)
    assert str(raised) == message
    assert raised.record == record
    assert raised.field == field
    assert raised.value == value
    # An error naming a review or a row carries its position too; others carry none.
    named = re.match(r"(?:reviews\[|review row |period |anchors\[)(\d+)", record or "")
    assert raised.index == (int(named[1]) if named else None)


def test_unreadable_file_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / ("a-long-folder-name-" * 5) / "nope.json"
    assert len(str(missing)) > 81
    with pytest.raises(CalendarDataError) as info:
        calendar_from_govuk_json(missing)
    assert info.value.record == str(missing)[:80]
    assert info.value.value == missing
    assert str(info.value).startswith(f"{str(missing)[:80]}: could not read bank-holiday JSON: ")


def test_a_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bank-holidays.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(_govuk([{"date": "2025-05-05"}])).encode())
    assert not calendar_from_govuk_json(path).is_working_day(D(2025, 5, 5))
    path.write_bytes(json.dumps(_govuk([{"title": "Gŵyl", "date": "2025-05-05"}])).encode("utf-8"))
    assert not calendar_from_govuk_json(str(path)).is_working_day(D(2025, 5, 5))


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: attrs.evolve(ENGLAND_2010, grade="v"),  # type: ignore[arg-type]
            "grade must be 'V', 'S' or 'R', got 'v'",
        ),
        (
            lambda: attrs.evolve(ENGLAND_2010, end=D(2011, 3, 31)),
            "end Thu 31 Mar 2011 is before commencement Fri 1 Apr 2011",
        ),
        (lambda: Policy(regimes=()), "regimes must be a non-empty tuple of Regime values, got ()"),
        (
            lambda: Policy(regimes=(ENGLAND_2010, "x")),  # type: ignore[arg-type]
            "regimes must be a non-empty tuple of Regime values",
        ),
    ],
)
def test_definition_errors_are_value_errors(build: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        build()


def test_period_level_review_errors_carry_the_review_index() -> None:
    good = Review(meetings=[D(2025, 1, 20)])
    cases: list[tuple[Callable[[], object], int]] = [
        (lambda: PeriodOfCare(start=D(2025, 1, 6), reviews=[good, "x"]), 1),  # type: ignore[list-item]
        (lambda: PeriodOfCare(start=D(2025, 1, 21), reviews=[good]), 0),
        (lambda: PeriodOfCare(start=D(2025, 1, 6), end=D(2025, 1, 19), reviews=[good]), 0),
        (lambda: PeriodOfCare(start=D(2025, 1, 6), reviews=[good, good]), 1),
        (
            lambda: PeriodOfCare(
                start=D(2025, 1, 6), reviews=[good, Review(meetings=[D(2025, 1, 10)])]
            ),
            1,
        ),
    ]
    for build, index in cases:
        with pytest.raises(InvalidReviewError) as info:
            build()
        assert info.value.index == index
    with pytest.raises(InvalidReviewError) as info:
        Review(meetings=[])
    assert info.value.index is None

"""The working-day calendar: differential, cross-source and property tests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Literal

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from iro_schedule import (
    IroScheduleError,
    WorkingCalendar,
    calendar_from_govuk_json,
    england_calendar,
)
from iro_schedule.errors import CalendarDataError, NotADateError, OutsideCoverageError

from . import reference as ref
from .shared import shared_path
from .strategies import COVERAGE_END, COVERAGE_START, dates

CAL = england_calendar()
# Margins that keep n working days from any date inside the coverage.
SAFE_START = COVERAGE_START + dt.timedelta(days=800)
SAFE_END = COVERAGE_END - dt.timedelta(days=800)
wide_n = st.integers(min_value=-500, max_value=500)


# --- differential: the naive day-by-day reference -------------------------------------------


@given(dates())
def test_is_working_day_matches_reference(d: dt.date) -> None:
    assert CAL.is_working_day(d) == ref.is_working_day(d)


@given(dates(SAFE_START, SAFE_END), wide_n)
def test_add_working_days_matches_reference(d: dt.date, n: int) -> None:
    assert CAL.add_working_days(d, n) == ref.add_working_days(d, n)


@given(dates(), st.integers(min_value=-3000, max_value=3000))
def test_working_days_between_matches_reference(a: dt.date, days: int) -> None:
    b = a + dt.timedelta(days=days)
    assume(COVERAGE_START <= b <= COVERAGE_END)
    assert CAL.working_days_between(a, b) == ref.working_days_between(a, b)


def test_every_day_of_the_coverage_matches_reference() -> None:
    day = COVERAGE_START
    while day <= COVERAGE_END:
        assert CAL.is_working_day(day) == ref.is_working_day(day), day
        day += dt.timedelta(days=1)


@given(dates(SAFE_START, SAFE_END), st.integers(min_value=-500, max_value=500))
def test_add_working_days_matches_numpy_busday_offset(d: dt.date, n: int) -> None:
    holidays = sorted(ref.BANK_HOLIDAYS)
    # numpy counts from d itself when d is a business day, so roll a non-working start towards
    # the direction it does not count: backward for n > 0, forward for n < 0.
    roll: Literal["backward", "forward"] = "backward" if n > 0 else "forward"
    expected = np.busday_offset(np.datetime64(d), n, roll=roll, holidays=holidays)
    if n == 0:
        expected = np.datetime64(d)
    assert np.datetime64(CAL.add_working_days(d, n)) == expected


# --- cross-source: the GOV.UK-derived list in shared/ ---------------------------------------


def _shared_rows() -> list[tuple[dt.date, str]]:
    rows = []
    for line in (
        shared_path("data", "ew_bank_holidays.tsv").read_text(encoding="utf-8").splitlines()
    ):
        if line.strip() and not line.startswith("#"):
            fields = line.split("\t")
            rows.append((dt.date.fromisoformat(fields[0]), fields[1]))
    return rows


def test_every_listed_bank_holiday_is_a_non_working_day() -> None:
    rows = _shared_rows()
    assert len(rows) > 190
    for day, name in rows:
        assert not CAL.is_working_day(day), (day, name)


def test_every_weekday_non_working_day_2004_2027_is_listed() -> None:
    listed = {day for day, _ in _shared_rows()}
    day = dt.date(2004, 1, 1)
    while day <= dt.date(2027, 12, 31):
        if day.weekday() < 5 and not CAL.is_working_day(day):
            assert day in listed, day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    "one_off",
    [
        "2011-04-29",
        "2012-06-04",
        "2012-06-05",
        "2020-05-08",
        "2022-06-02",
        "2022-06-03",
        "2022-09-19",
        "2023-05-08",
        "1999-12-31",
        "2002-06-03",
        "2002-06-04",
    ],
)
def test_one_off_days_are_not_working_days(one_off: str) -> None:
    assert not CAL.is_working_day(dt.date.fromisoformat(one_off))


@pytest.mark.parametrize(
    "moved_from",
    ["2012-05-28", "2020-05-04", "2022-05-30"],  # the usual day, moved that year
)
def test_usual_days_moved_by_proclamation_are_working_days(moved_from: str) -> None:
    assert CAL.is_working_day(dt.date.fromisoformat(moved_from))


def test_govuk_json_calendar_agrees_with_england_calendar() -> None:
    rows = [(d, name) for d, name in _shared_rows() if d.year >= 2012]
    payload = {
        "england-and-wales": {
            "division": "england-and-wales",
            "events": [{"title": name, "date": d.isoformat()} for d, name in rows],
        }
    }
    from_json = calendar_from_govuk_json(json.dumps(payload).encode())
    assert from_json.coverage == (dt.date(2012, 1, 1), dt.date(2027, 12, 31))
    day = dt.date(2012, 1, 1)
    while day <= dt.date(2027, 12, 31):
        assert from_json.is_working_day(day) == CAL.is_working_day(day), day
        day += dt.timedelta(days=1)


# --- worked examples (legal-basis notes, section 6.3) ---------------------------------------


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (dt.date(2024, 9, 2), dt.date(2024, 9, 30)),
        (dt.date(2024, 12, 20), dt.date(2025, 1, 22)),
        (dt.date(2011, 4, 1), dt.date(2011, 5, 5)),
        (dt.date(2022, 12, 23), dt.date(2023, 1, 25)),
    ],
)
def test_twentieth_working_day_worked_examples(start: dt.date, due: dt.date) -> None:
    assert CAL.add_working_days(start, 20) == due


def test_start_day_is_not_counted_even_when_a_working_day() -> None:
    monday = dt.date(2024, 9, 2)
    assert CAL.add_working_days(monday, 1) == dt.date(2024, 9, 3)
    saturday = dt.date(2024, 9, 7)
    assert CAL.add_working_days(saturday, 1) == dt.date(2024, 9, 9)
    assert CAL.add_working_days(saturday, -1) == dt.date(2024, 9, 6)
    assert CAL.add_working_days(saturday, 0) == saturday


# --- properties ------------------------------------------------------------------------------


@given(dates(SAFE_START, SAFE_END), st.integers(min_value=1, max_value=500))
def test_result_is_a_working_day_with_exactly_n_between(d: dt.date, n: int) -> None:
    result = CAL.add_working_days(d, n)
    assert CAL.is_working_day(result)
    assert CAL.working_days_between(d, result) == n
    assert CAL.working_days_between(d, result - dt.timedelta(days=1)) == n - 1


@given(dates(SAFE_START, SAFE_END), st.integers(min_value=1, max_value=500))
def test_counting_back_mirrors_counting_forward(d: dt.date, n: int) -> None:
    result = CAL.add_working_days(d, -n)
    assert CAL.is_working_day(result)
    # Exactly n working days lie in [result, d): result itself, and none is d.
    day = dt.timedelta(days=1)
    assert CAL.working_days_between(result - day, d - day) == n
    assert CAL.working_days_between(d - day, result - day) == -n


@given(dates(SAFE_START, SAFE_END), dates(SAFE_START, SAFE_END), st.integers(1, 300))
def test_monotonic_in_the_start_date(a: dt.date, b: dt.date, n: int) -> None:
    a, b = min(a, b), max(a, b)
    assert CAL.add_working_days(a, n) <= CAL.add_working_days(b, n)


@given(dates(SAFE_START, SAFE_END), st.integers(-300, 300), st.integers(-300, 300))
def test_strictly_monotonic_in_n(d: dt.date, m: int, n: int) -> None:
    assume(m < n)
    assert CAL.add_working_days(d, m) < CAL.add_working_days(d, n)


@given(dates(SAFE_START, SAFE_END), st.integers(min_value=1, max_value=500))
def test_add_then_count_back_round_trips(d: dt.date, n: int) -> None:
    there = CAL.add_working_days(d, n)
    back = CAL.add_working_days(there, -n)
    # Counting back lands on d when d is a working day, else on the last working day before it.
    assert back == (d if CAL.is_working_day(d) else CAL.add_working_days(d, -1))


@given(dates(), dates(), dates())
def test_working_days_between_is_additive(a: dt.date, b: dt.date, c: dt.date) -> None:
    total = CAL.working_days_between(a, c)
    assert total == CAL.working_days_between(a, b) + CAL.working_days_between(b, c)


# --- coverage and errors ---------------------------------------------------------------------


def test_coverage_and_covers() -> None:
    assert CAL.coverage == (dt.date(1991, 1, 1), dt.date(2060, 12, 31))
    assert CAL.covers(dt.date(1991, 1, 1))
    assert CAL.covers(dt.date(2060, 12, 31))
    assert not CAL.covers(dt.date(1990, 12, 31))
    assert not CAL.covers(dt.date(2061, 1, 1))


@pytest.mark.parametrize("outside", [dt.date(1990, 12, 31), dt.date(2061, 1, 1)])
def test_dates_outside_the_coverage_raise(outside: dt.date) -> None:
    with pytest.raises(OutsideCoverageError, match=f"{outside.day} {outside:%b %Y}") as info:
        CAL.is_working_day(outside)
    assert info.value.value == outside
    assert "england_calendar(first_year=" in str(info.value)
    with pytest.raises(OutsideCoverageError):
        CAL.add_working_days(outside, 1)
    with pytest.raises(OutsideCoverageError):
        CAL.working_days_between(dt.date(2000, 1, 1), outside)


def test_results_beyond_the_coverage_raise() -> None:
    with pytest.raises(OutsideCoverageError, match="falls outside"):
        CAL.add_working_days(dt.date(2060, 12, 20), 20)
    with pytest.raises(OutsideCoverageError, match="falls outside"):
        CAL.add_working_days(dt.date(1991, 1, 10), -20)
    assert CAL.add_working_days(dt.date(2060, 12, 28), 1) == dt.date(2060, 12, 29)
    assert CAL.add_working_days(dt.date(1991, 1, 3), -1) == dt.date(1991, 1, 2)


def test_last_and_first_working_days_of_coverage_are_reachable() -> None:
    assert CAL.add_working_days(dt.date(2060, 12, 30), 1) == dt.date(2060, 12, 31)
    with pytest.raises(OutsideCoverageError):
        CAL.add_working_days(dt.date(2060, 12, 30), 2)
    assert CAL.add_working_days(dt.date(1991, 1, 3), -1) == dt.date(1991, 1, 2)
    with pytest.raises(OutsideCoverageError):
        CAL.add_working_days(dt.date(1991, 1, 3), -2)


def test_wider_calendar_is_an_explicit_opt_in() -> None:
    wide = england_calendar(first_year=1980, last_year=2070)
    assert wide.coverage == (dt.date(1980, 1, 1), dt.date(2070, 12, 31))
    assert wide.add_working_days(dt.date(1985, 12, 24), 1) == dt.date(1985, 12, 27)
    assert england_calendar() is CAL  # cached


@pytest.mark.parametrize(
    ("bad", "hint"),
    [
        (dt.datetime(2024, 12, 20, 9, 30), "value.date()"),
        ("2024-12-20", "fromisoformat"),
        (20241220, "pass a datetime.date"),
    ],
)
def test_non_dates_raise_not_a_date_error(bad: object, hint: str) -> None:
    with pytest.raises(NotADateError, match=hint) as info:
        CAL.add_working_days(bad, 1)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, IroScheduleError)
    assert info.value.field == "d"
    assert info.value.value == bad
    with pytest.raises(NotADateError):
        CAL.is_working_day(bad)  # type: ignore[arg-type]
    with pytest.raises(NotADateError, match="^b must"):
        CAL.working_days_between(dt.date(2024, 1, 1), bad)  # type: ignore[arg-type]


def test_with_non_working_days_returns_a_new_calendar() -> None:
    closure = dt.date(2024, 12, 24)
    local = CAL.with_non_working_days([closure], name="Anyshire")
    assert not local.is_working_day(closure)
    assert CAL.is_working_day(closure)
    assert local.name == "Anyshire"
    assert local.coverage == CAL.coverage
    assert local.add_working_days(dt.date(2024, 12, 23), 1) == dt.date(2024, 12, 27)
    assert local != CAL
    assert "local non-working days" in CAL.with_non_working_days([closure]).name


def test_calendar_is_an_immutable_value() -> None:
    a = WorkingCalendar({dt.date(2024, 1, 1)}, 2024, 2024)
    b = WorkingCalendar([dt.date(2024, 1, 1)], 2024, 2024)
    assert a == b
    assert hash(a) == hash(b)
    with pytest.raises(AttributeError):
        a.first_year = 2020  # type: ignore[misc]


def test_calendar_rejects_bad_years_and_dates() -> None:
    with pytest.raises(CalendarDataError, match="before first_year"):
        WorkingCalendar(set(), 2025, 2024)
    with pytest.raises(CalendarDataError, match="first_year must be a year"):
        WorkingCalendar(set(), 0, 2024)
    with pytest.raises(NotADateError):
        WorkingCalendar({"2024-01-01"}, 2024, 2024)  # type: ignore[arg-type]


def test_single_year_calendar_counts_its_whole_year() -> None:
    cal = WorkingCalendar(set(), 2023, 2023)
    assert cal.working_days_between(dt.date(2023, 1, 1), dt.date(2023, 12, 31)) == 260
    assert cal.add_working_days(dt.date(2023, 1, 1), 1) == dt.date(2023, 1, 2)


# --- GOV.UK bank-holidays.json ---------------------------------------------------------------


def _govuk(events: list[object], division: str = "england-and-wales") -> dict[str, object]:
    return {division: {"division": division, "events": events}}


def test_govuk_json_from_a_file_adds_christmas_and_good_friday(tmp_path: Path) -> None:
    path = tmp_path / "bank-holidays.json"
    payload = _govuk([{"title": "Easter Monday", "date": "2025-04-21"}])
    path.write_text(json.dumps(payload), encoding="utf-8")
    cal = calendar_from_govuk_json(path)
    assert not cal.is_working_day(dt.date(2025, 4, 21))
    assert not cal.is_working_day(dt.date(2025, 4, 18))  # Good Friday, added
    assert not cal.is_working_day(dt.date(2025, 12, 25))  # Christmas Day, added
    assert cal.is_working_day(dt.date(2025, 12, 26))  # not in this file
    assert cal.name == "GOV.UK bank holidays (england-and-wales)"


def test_govuk_json_other_division() -> None:
    payload = _govuk([{"title": "St Andrew's Day", "date": "2025-12-01"}], "scotland")
    cal = calendar_from_govuk_json(payload, division="scotland")
    assert not cal.is_working_day(dt.date(2025, 12, 1))


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (_govuk([], "scotland"), "no division 'england-and-wales'"),
        ({"england-and-wales": {"events": "x"}}, "no 'events' list"),
        ({"england-and-wales": []}, "no 'events' list"),
        (_govuk([]), "lists no events"),
        (_govuk([{"date": "2025-13-01"}]), "'2025-13-01' is not an ISO date"),
        (_govuk([{"date": 20250101}]), "must be a string"),
        (_govuk(["2025-01-01"]), "must be a string"),
    ],
)
def test_govuk_json_errors_name_the_problem(payload: dict[str, object], message: str) -> None:
    with pytest.raises(CalendarDataError, match=message):
        calendar_from_govuk_json(payload)


def test_govuk_json_bad_event_names_its_index() -> None:
    with pytest.raises(CalendarDataError) as info:
        calendar_from_govuk_json(_govuk([{"date": "2025-01-01"}, {"date": "nope"}]))
    assert info.value.record == "england-and-wales.events[1]"
    assert info.value.field == "date"
    assert info.value.value == "nope"


def test_govuk_json_unreadable_sources(tmp_path: Path) -> None:
    with pytest.raises(CalendarDataError, match="could not read"):
        calendar_from_govuk_json(tmp_path / "missing.json")
    with pytest.raises(CalendarDataError, match="could not read"):
        calendar_from_govuk_json(b"{not json")
    with pytest.raises(CalendarDataError, match="expected a JSON object"):
        calendar_from_govuk_json(b"[1, 2]")
    bom = b"\xef\xbb\xbf" + json.dumps(_govuk([{"date": "2025-01-01"}])).encode()
    assert not calendar_from_govuk_json(bom).is_working_day(dt.date(2025, 1, 1))


@pytest.mark.parametrize(("first", "last"), [(1, 1), (2023, 2024), (9998, 9998)])
def test_fresh_calendar_edges(first: int, last: int) -> None:
    cal = WorkingCalendar(set(), first, last)
    start, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
    assert cal.coverage == (start, end)
    assert cal.covers(start)
    assert cal.covers(end)
    if last < 9998:
        assert not cal.covers(end + dt.timedelta(days=1))
    assert cal.is_working_day(start) == (start.weekday() < 5)
    assert cal.is_working_day(end) == (end.weekday() < 5)
    assert cal.working_days_between(start, start) == 0
    assert cal.working_days_between(start, end) == sum(
        1 for i in range(1, (end - start).days + 1) if (start + dt.timedelta(days=i)).weekday() < 5
    )
    assert cal.add_working_days(start, 0) == start


def test_first_day_of_coverage_counts_back_and_forward() -> None:
    cal = WorkingCalendar(set(), 2024, 2024)  # Mon 1 Jan 2024 is a working day here
    assert cal.is_working_day(dt.date(2024, 1, 1))
    assert cal.add_working_days(dt.date(2024, 1, 1), 1) == dt.date(2024, 1, 2)
    assert cal.add_working_days(dt.date(2024, 1, 2), -1) == dt.date(2024, 1, 1)
    assert cal.working_days_between(dt.date(2024, 1, 1), dt.date(2024, 1, 5)) == 4
    with pytest.raises(OutsideCoverageError):
        cal.add_working_days(dt.date(2024, 1, 1), -1)
    assert cal.add_working_days(dt.date(2024, 12, 30), 1) == dt.date(2024, 12, 31)


@pytest.mark.parametrize("source", ["england", "govuk"])
def test_non_working_days_lie_within_the_coverage(source: str) -> None:
    if source == "england":
        cal = england_calendar(first_year=1995, last_year=2005)
    else:
        events = [{"date": "2020-01-01"}, {"date": "2021-12-28"}]
        cal = calendar_from_govuk_json({"england-and-wales": {"events": events}})
    first, last = cal.coverage
    assert first <= min(cal.non_working_days)
    assert max(cal.non_working_days) <= last
    assert dt.date(last.year, 12, 25) in cal.non_working_days
    assert dt.date(first.year, 12, 25) in cal.non_working_days


@given(dates(SAFE_START, SAFE_END))
def test_working_day_on_or_before(d: dt.date) -> None:
    result = CAL.working_day_on_or_before(d)
    assert CAL.is_working_day(result)
    assert result <= d
    assert CAL.working_days_between(result, d) == 0  # no working day in (result, d]
    assert result == (d if ref.is_working_day(d) else ref.add_working_days(d, -1))


def test_working_day_on_or_before_at_the_edges() -> None:
    cal = WorkingCalendar(set(), 2023, 2023)  # Sun 1 Jan 2023
    assert cal.working_day_on_or_before(dt.date(2023, 1, 2)) == dt.date(2023, 1, 2)
    with pytest.raises(OutsideCoverageError, match="no working day on or before Sun 1 Jan 2023"):
        cal.working_day_on_or_before(dt.date(2023, 1, 1))
    with pytest.raises(OutsideCoverageError):
        cal.working_day_on_or_before(dt.date(2024, 1, 1))
    with pytest.raises(NotADateError):
        cal.working_day_on_or_before("2023-01-02")  # type: ignore[arg-type]
    assert CAL.working_day_on_or_before(dt.date(2025, 12, 28)) == dt.date(2025, 12, 24)

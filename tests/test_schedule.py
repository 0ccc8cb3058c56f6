"""Scheduling: due lists, practical deadlines, alerts, rescheduling, paperwork, calendars."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest
import vobject
from hypothesis import given
from hypothesis import strategies as st

from iro_schedule import (
    ENGLAND_SHORT_BREAKS_2010,
    IroScheduleError,
    PeriodOfCare,
    Review,
    assess,
    england_calendar,
)
from iro_schedule.cli import main
from iro_schedule.errors import NotADateError, WrongTypeError
from iro_schedule.records import Inputs, read_plain
from iro_schedule.schedule import (
    PaperworkPolicy,
    alerts,
    check_reschedule,
    due_list,
    midpoint,
    next_reviews,
    paperwork,
    to_ics,
)
from iro_schedule.validation import caseload

from . import reference as ref
from .strategies import dates, periods

D = dt.date
CAL = england_calendar()
ONE_DAY = dt.timedelta(days=1)


def _open(period: PeriodOfCare) -> PeriodOfCare:
    return attrs.evolve(period, end=None)


@given(st.lists(periods(max_reviews=5), min_size=1, max_size=6), st.data())
def test_due_list_holds_exactly_the_reviews_due_in_the_month(
    caseload: list[PeriodOfCare], data: st.DataObject
) -> None:
    pairs = [(f"C{i}", _open(p)) for i, p in enumerate(caseload)]
    as_of = max(p.reviews[-1].completed if p.reviews else p.start for _, p in pairs)
    year = data.draw(st.integers(as_of.year, as_of.year + 1))
    month = data.draw(st.integers(1, 12))
    first = D(year, month, 1)
    last = (D(year + month // 12, month % 12 + 1, 1)) - ONE_DAY
    listed = due_list(pairs, first=first, last=last, as_of=as_of)
    assert all(first <= item.due <= last for item in listed)
    assert [item.due for item in listed] == sorted(item.due for item in listed)
    expected = {
        child
        for child, period in pairs
        if (due := assess(period, as_of=as_of).next_due) is not None and first <= due <= last
    }
    assert {item.child for item in listed} == expected


@given(periods(max_reviews=5))
def test_practical_deadline_is_the_last_working_day_on_or_before_the_due_date(
    period: PeriodOfCare,
) -> None:
    last = period.reviews[-1].completed if period.reviews else period.start
    (item,) = next_reviews([("A", _open(period))], as_of=last)
    assert CAL.is_working_day(item.deadline)
    assert item.deadline <= item.due
    assert CAL.working_days_between(item.deadline, item.due) == 0
    assert item.deadline == ref.add_working_days(item.due + ONE_DAY, -1)
    assert item.days_remaining == (item.due - last).days
    assert item.working_days_remaining == ref.working_days_between(last, item.due)


@given(periods(max_reviews=5), st.integers(0, 400))
def test_an_accepted_proposal_is_on_time_and_the_day_after_the_latest_is_not(
    period: PeriodOfCare, offset: int
) -> None:
    period = _open(period)
    last = period.reviews[-1].completed if period.reviews else period.start - ONE_DAY
    proposed = last + ONE_DAY + dt.timedelta(days=offset)
    check = check_reschedule(period, proposed)
    held = attrs.evolve(period, reviews=[*period.reviews, Review(meetings=[proposed])])
    verdict = assess(held).verdicts[len(period.reviews)]
    assert check.on_time == verdict.on_time
    assert check.days_late == verdict.days_late
    assert check.following_due == assess(held).next_due
    assert check_reschedule(period, check.latest).on_time
    assert not check_reschedule(period, check.latest + ONE_DAY).on_time


def test_bringing_a_review_forward_pulls_the_next_one_forward() -> None:
    period = PeriodOfCare(start=D(2025, 1, 6), reviews=[Review(meetings=[D(2025, 1, 30)])])
    early, late = check_reschedule(period, D(2025, 3, 3)), check_reschedule(period, D(2025, 4, 30))
    assert (early.on_time, early.following_due) == (True, D(2025, 9, 3))
    assert (late.on_time, late.following_due) == (True, D(2025, 10, 30))
    assert early.explain().endswith(
        "Held on Mon 3 Mar 2025 it would be on time; the latest date within the timescale is "
        "Wed 30 Apr 2025. Review 3 would then be due by Wed 3 Sep 2025."
    )
    assert "it would be 1 day late" in check_reschedule(period, D(2025, 5, 1)).explain()
    with pytest.raises(IroScheduleError, match="not after the last review held"):
        check_reschedule(period, D(2025, 1, 30))


@given(st.lists(periods(max_reviews=5), min_size=1, max_size=6), st.data(), st.integers(0, 15))
def test_alerts_split_due_soon_from_overdue(
    caseload: list[PeriodOfCare], data: st.DataObject, within: int
) -> None:
    pairs = [(f"C{i}", _open(p)) for i, p in enumerate(caseload)]
    held = max(p.reviews[-1].completed if p.reviews else p.start for _, p in pairs)
    as_of = data.draw(dates(held, held + dt.timedelta(days=800)))  # every review held by then
    found = alerts(pairs, as_of=as_of, within=within)
    for item in found.due_soon:
        assert item.due >= as_of
        assert 0 <= CAL.working_days_between(as_of, item.due) <= within
    for item in found.overdue:
        assert item.due < as_of
        assert item.verdict is not None
        assert item.explain() == item.verdict.explain()
    children = {c for c, p in pairs if p.start <= as_of}
    overdue = {
        c
        for c, p in pairs
        if c in children
        and assess(p, as_of=as_of).verdicts
        and assess(p, as_of=as_of).verdicts[-1].review is None
    }
    assert {i.child for i in found.overdue} == overdue


def test_alerts_reject_a_bad_window() -> None:
    with pytest.raises(IroScheduleError, match="within must be a whole number"):
        alerts([], as_of=D(2025, 1, 1), within=-1)
    with pytest.raises(IroScheduleError):
        alerts([], as_of=D(2025, 1, 1), within=True)


def test_next_reviews_leave_out_ended_periods_and_use_the_period_regime() -> None:
    ended = PeriodOfCare(start=D(2024, 1, 8), end=D(2024, 3, 1))
    breaks = PeriodOfCare(start=D(2024, 11, 30), regime=ENGLAND_SHORT_BREAKS_2010)
    items = next_reviews([("E", ended), ("S", breaks)], as_of=D(2025, 1, 1))
    assert [(i.child, i.due, i.regime) for i in items] == [
        ("S", D(2025, 2, 28), ENGLAND_SHORT_BREAKS_2010)
    ]
    assert items[0].anchor == D(2024, 11, 30)
    assert "under Care Planning, Placement and Case Review" in items[0].explain()
    assert next_reviews([("E", ended)], as_of=D(2024, 2, 1))[0].overdue is False


def test_due_item_explains_a_weekend_due_date() -> None:
    period = PeriodOfCare(start=D(2024, 12, 20), reviews=[Review(meetings=[D(2025, 1, 20)])])
    (item,) = next_reviews([("A", period)], as_of=D(2025, 2, 1))
    assert (item.due, item.deadline) == (D(2025, 4, 20), D(2025, 4, 17))  # Easter Sunday
    assert "(a non-working day: hold it by Thu 17 Apr 2025)" in item.explain()


@given(
    st.dates(D(1995, 1, 1), D(2055, 12, 31)),
    st.integers(0, 10),
    st.integers(0, 10),
    st.integers(0, 30),
)
def test_paperwork_deadlines_count_working_days(
    day: dt.date, before: int, after: int, record: int
) -> None:
    rules = PaperworkPolicy(care_plan_before=before, decisions_after=after, record_after=record)
    papers = paperwork(day, calendar=CAL, policy=rules)
    assert papers.care_plan_by == ref.add_working_days(day, -before)
    assert papers.decisions_by == ref.add_working_days(day, after)
    assert papers.record_by == ref.add_working_days(day, record)


def test_paperwork_defaults_and_midpoint() -> None:
    papers = paperwork(D(2025, 4, 30), calendar=CAL)
    assert (papers.care_plan_by, papers.decisions_by, papers.record_by) == (
        D(2025, 4, 25),
        D(2025, 5, 8),
        D(2025, 5, 30),
    )
    assert PaperworkPolicy(record_after=15).record_after == 15
    with pytest.raises(ValueError, match="care_plan_before"):
        PaperworkPolicy(care_plan_before=-1)
    assert midpoint(D(2025, 1, 1), D(2025, 1, 10)) == D(2025, 1, 5)


def _items() -> list:  # type: ignore[type-arg]
    pairs = [
        ("A/1", PeriodOfCare(start=D(2025, 1, 6), reviews=[Review(meetings=[D(2025, 1, 30)])])),
        ("B 2", PeriodOfCare(start=D(2024, 12, 20), reviews=[Review(meetings=[D(2025, 1, 20)])])),
        ("C3", PeriodOfCare(start=D(2024, 6, 3))),  # overdue
    ]
    return next_reviews(pairs, as_of=D(2025, 4, 1))


def test_ics_parses_with_an_independent_parser_and_uids_are_stable() -> None:
    data = to_ics(_items(), calendar=CAL, paperwork_policy=PaperworkPolicy(midpoint=True))
    parsed = vobject.readOne(data.decode("utf-8"))
    events = parsed.vevent_list
    uids = [e.uid.value for e in events]
    assert len(uids) == len(set(uids))
    # The child's id percent-encoded, so that ids alike ("A 1", "A_1") never share a UID.
    assert "A%2F1-20250106-review2-due@iro-schedule" in uids
    assert "B%202-20241220-review2-deadline@iro-schedule" in uids  # Easter Sunday due date
    due = {e.uid.value: e.dtstart.value for e in events}
    assert due["A%2F1-20250106-review2-due@iro-schedule"] == D(2025, 4, 30)
    assert due["A%2F1-20250106-review2-care-plan@iro-schedule"] == D(2025, 4, 25)
    assert due["A%2F1-20250106-review2-midpoint@iro-schedule"] == D(2025, 3, 16)
    assert due["C3-20240603-review1-due@iro-schedule"] == D(2024, 7, 1)
    assert all(e.dtstamp.value == dt.datetime(2025, 4, 1, tzinfo=dt.timezone.utc) for e in events)
    # The same data gives the same file, so a re-import updates rather than duplicates.
    assert to_ics(_items(), calendar=CAL, paperwork_policy=PaperworkPolicy(midpoint=True)) == data


def test_ics_uids_of_children_whose_ids_look_alike_differ() -> None:
    period = PeriodOfCare(start=D(2025, 1, 6))
    alike = ["A 1", "A_1", "A/1", "Zoë", "Zoé", "Zoe\u0308"]
    items = next_reviews([(child, period) for child in alike], as_of=D(2025, 2, 3))
    events = vobject.readOne(to_ics(items, calendar=CAL).decode()).vevent_list
    uids = [e.uid.value for e in events]
    assert len(uids) == len(set(uids))
    assert len({uid.split("-2025")[0] for uid in uids}) == len(alike)


def test_ics_decisions_and_record_after_a_recent_review() -> None:
    period = PeriodOfCare(start=D(2025, 1, 6), reviews=[Review(meetings=[D(2025, 1, 30)])])
    items = next_reviews([("A", period)], as_of=D(2025, 2, 3))
    events = vobject.readOne(to_ics(items, calendar=CAL).decode()).vevent_list
    when = {e.uid.value.split("-", 2)[2]: e.dtstart.value for e in events}
    assert when["review1-decisions@iro-schedule"] == D(2025, 2, 6)
    assert when["review1-record@iro-schedule"] == D(2025, 2, 27)


def test_cli_due_list_alerts_and_ics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "may.json"
    assert main(["due-list", "--sample", "--month", "2025-05", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Reviews due Thu 1 May 2025 to Sat 31 May 2025:" in text
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert rows
    assert all("2025-05-01" <= r["due"] <= "2025-05-31" for r in rows)
    assert (
        main(
            [
                "alerts",
                "--sample",
                "--as-of",
                "2025-03-31",
                "--within",
                "5",
                "--csv",
                str(tmp_path / "a.csv"),
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "Due within 5 working days of Mon 31 Mar 2025" in text
    assert "Overdue (exceptions)" in text
    ics = tmp_path / "s.ics"
    assert main(["ics", "--sample", "--out", str(ics), "--midpoint"]) == 0
    assert vobject.readOne(ics.read_text(encoding="utf-8")).vevent_list
    assert main(["due-list", "--sample"]) == 2
    assert "give --month YYYY-MM, or both --from and --to" in capsys.readouterr().err
    assert main(["due-list", "--sample", "--from", "2025-05-01", "--to", "2025-05-31"]) == 0
    with pytest.raises(SystemExit):
        main(["due-list", "--sample", "--month", "May"])


def test_cli_due_proposed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", "2025-01-06", "--review", "2025-01-30", "--proposed", "2025-05-02"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Proposed Fri 2 May 2025 for review 2: 2 days late; the latest compliant date is Wed 30 "
        "Apr 2025."
    )
    assert main(["due", "2025-01-06", "--proposed", "2025-02-03"]) == 0
    assert "for review 1: within timescale" in capsys.readouterr().out


def test_caseload_refuses_what_is_not_its_input_naming_the_field() -> None:
    empty = Inputs(reviews=(), problems=())
    with pytest.raises(WrongTypeError, match=r"^inputs must be the Inputs read_records\(\) gives"):
        caseload([], as_of=dt.date(2025, 1, 1), reviews_from=None)  # type: ignore[arg-type]
    with pytest.raises(NotADateError, match=r"^as_of must be a datetime.date") as found:
        caseload(empty, as_of="2025-01-01", reviews_from=None)  # type: ignore[arg-type]
    assert found.value.field == "as_of"
    with pytest.raises(NotADateError, match=r"^reviews_from must be a datetime.date") as found:
        caseload(empty, as_of=dt.date(2025, 1, 1), reviews_from="x")  # type: ignore[arg-type]
    assert found.value.field == "reviews_from"


def test_a_plain_period_that_cannot_be_judged_is_not_scheduled() -> None:
    # Found by mutation testing: a period the records make impossible (its end before its
    # start) is skipped with the reason, not scheduled from what is left of it.
    data = {
        "p.csv": b"child,period_start,period_end,meeting_date\nA,01/03/2024,01/01/2024,10/01/2024\n"
        b"B,01/01/2024,,20/01/2024\n"
    }
    found = caseload(read_plain(["p.csv"], data=data), as_of=D(2024, 6, 1), reviews_from=None)
    assert [child for child, _ in found.periods] == ["B"]
    assert found.skipped == (
        (
            "A",
            D(2024, 3, 1),
            D(2024, 1, 1),
            "period_end Mon 1 Jan 2024 is before period_start Fri 1 Mar 2024; check the two "
            "dates are not swapped",
        ),
    )

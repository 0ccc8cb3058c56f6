"""The case system's own due dates (the plain format's ``recorded_due``) checked against the
statutory ones: each common way of getting the date wrong, read from every input route and
reported in every output."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import given

from iro_schedule import (
    Interval,
    PeriodOfCare,
    Policy,
    Regime,
    Unit,
    WorkingCalendar,
    read_records,
)
from iro_schedule.cli import main
from iro_schedule.reports import (
    RECORDED_DUE_COLUMNS,
    summary_text,
    to_html,
    to_json,
    write_recorded_dues_csv,
    write_workbook,
)
from iro_schedule.validation import (
    DueDateCheck,
    LikelyCause,
    RecordedDue,
    RowStatus,
    RowVerdict,
    Validation,
    annual_figures,
    check_recorded_dues,
    classify_recorded_due,
    validate,
)

from .strategies import dates, periods

D = dt.date
HEAD = "child,period_start,review_id,meeting_date,kind,recorded_due\n"


def judged(text: str, as_of: dt.date, folder: Path) -> Validation:
    path = folder / "meetings.csv"
    path.write_text(HEAD + text)
    return validate(read_records([path]), as_of=as_of, reviews_from=None)


def checks(text: str, as_of: dt.date, folder: Path) -> list[RecordedDue]:
    return list(check_recorded_dues(judged(text, as_of, folder)).rows)


def summary(row: RecordedDue) -> tuple[object, ...]:
    return (row.ordinal, row.statutory, row.difference, row.check, row.causes)


# --- each wrong way, with the exact classification and cause ------------------------------------


def test_three_months_counted_as_91_days(tmp_path: Path) -> None:
    # In care from Mon 4 Nov 2024; review 1 on Mon 2 Dec 2024 (the 20th working day). Review 2
    # was due 3 months on, Sun 2 Mar 2025; 91 days on is Mon 3 Mar 2025. Held on the system's
    # date, it was a day late: late because of the stored date.
    found = checks(
        "A,04/11/2024,R1,02/12/2024,review,02/12/2024\n"
        "A,04/11/2024,R2,03/03/2025,review,03/03/2025\n",
        D(2025, 4, 1),
        tmp_path,
    )
    assert [summary(r) for r in found] == [
        (1, D(2024, 12, 2), 0, DueDateCheck.SAME, ()),
        (2, D(2025, 3, 2), 1, DueDateCheck.LATER, (LikelyCause.MONTHS_AS_DAYS,)),
    ]
    assert [r.late_because_recorded for r in found] == [False, True]
    assert found[1].explain() == (
        "The case system's due date for review 2, Mon 3 Mar 2025, is 1 day later than the "
        "statutory one, Sun 2 Mar 2025 (Care Planning, Placement and Case Review (England) "
        "Regulations 2010 (SI 2010/959), reg. 33(2)): a review held on the system's date would "
        "be late. It is consistent with 3 months counted as 91 days from Mon 2 Dec 2024. The "
        "review was held late, on Mon 3 Mar 2025, on or before the system's date: late because "
        "of the stored date."
    )


def test_six_months_counted_as_183_days(tmp_path: Path) -> None:
    # Review 2 on Mon 3 Mar 2025: review 3 due Wed 3 Sep 2025; 183 days on is Tue 2 Sep 2025
    # (28 days left of March, then 30 + 31 + 30 + 31 + 31, then 2), which is also the day
    # before: counting 3 March as the first day of the 6 months. Both causes fit.
    found = checks(
        "A,04/11/2024,R1,02/12/2024,review,\n"
        "A,04/11/2024,R2,03/03/2025,review,\n"
        "A,04/11/2024,R3,01/09/2025,review,02/09/2025\n",
        D(2025, 10, 1),
        tmp_path,
    )
    assert [summary(r) for r in found] == [
        (3, D(2025, 9, 3), -1, DueDateCheck.EARLIER,
         (LikelyCause.MONTHS_AS_DAYS, LikelyCause.START_DAY_COUNTED))
    ]  # fmt: skip
    assert found[0].status is RowStatus.ON_TIME
    assert not found[0].late_because_recorded
    assert found[0].values()[RECORDED_DUE_COLUMNS.index("likely_cause")] == (
        "months counted as days (+91/+183); the start day counted"
    )
    assert (
        found[0]
        .explain()
        .endswith(
            "It is consistent with 6 months counted as 183 days from Mon 3 Mar 2025; or with Mon 3 "
            "Mar 2025 itself counted as the first day of the 6 months."
        )
    )


def test_the_start_day_counted(tmp_path: Path) -> None:
    # Counting Mon 4 Nov 2024 itself as the first working day gives Fri 29 Nov 2024, the
    # statutory date less one working day (Mon 2 Dec 2024): 3 calendar days early.
    (found,) = checks("A,04/11/2024,R1,28/11/2024,review,29/11/2024\n", D(2025, 1, 1), tmp_path)
    assert summary(found) == (
        1, D(2024, 12, 2), -3, DueDateCheck.EARLIER, (LikelyCause.START_DAY_COUNTED,)
    )  # fmt: skip
    assert "Mon 4 Nov 2024 itself counted as the first day of the 20 working days" in (
        found.explain()
    )
    assert found.explain().count("safe, but the review is called early") == 1


def test_the_start_day_counted_for_months(tmp_path: Path) -> None:
    # Review 1 on Mon 2 Dec 2024: review 2 due Sun 2 Mar 2025; counting 2 December as the
    # first day of the 3 months ends them on Sat 1 Mar 2025.
    found = checks(
        "A,04/11/2024,R1,02/12/2024,review,\nA,04/11/2024,R2,20/02/2025,review,01/03/2025\n",
        D(2025, 4, 1),
        tmp_path,
    )
    assert [summary(r) for r in found] == [
        (2, D(2025, 3, 2), -1, DueDateCheck.EARLIER, (LikelyCause.START_DAY_COUNTED,))
    ]


def test_bank_holidays_counted_as_working_days(tmp_path: Path) -> None:
    # In care from Mon 1 Dec 2025: the 20th working day is Wed 31 Dec 2025 (Christmas Day and
    # Boxing Day are not working days); counting them gives Mon 29 Dec 2025.
    (found,) = checks("A,01/12/2025,R1,19/12/2025,review,29/12/2025\n", D(2026, 2, 1), tmp_path)
    assert summary(found) == (
        1, D(2025, 12, 31), -2, DueDateCheck.EARLIER, (LikelyCause.BANK_HOLIDAY_IGNORED,)
    )  # fmt: skip
    assert "Thu 25 Dec 2025, Fri 26 Dec 2025 counted as working days" in found.explain()


def test_the_clock_not_restarted_after_a_review_brought_forward(tmp_path: Path) -> None:
    # Review 2 was brought forward to Mon 13 Jan 2025 (due Sun 2 Mar 2025): review 3 is due 6
    # months after the review held, Sun 13 Jul 2025 (reg. 33(2)); the system kept counting from
    # review 2's due date: Tue 2 Sep 2025, 51 days later. Held on Mon 1 Sep, before the
    # system's date, it was late because of it.
    found = checks(
        "A,04/11/2024,R1,02/12/2024,review,\n"
        "A,04/11/2024,R2,13/01/2025,brought forward,\n"
        "A,04/11/2024,R3,01/09/2025,review,02/09/2025\n",
        D(2025, 10, 1),
        tmp_path,
    )
    assert [summary(r) for r in found] == [
        (3, D(2025, 7, 13), 51, DueDateCheck.LATER, (LikelyCause.NOT_RESTARTED,))
    ]
    assert found[0].late_because_recorded
    assert "not restarted after review 2 was brought forward (held Mon 13 Jan 2025)" in (
        found[0].explain()
    )
    # The same, but the system's date is neither: no cause of that kind is claimed.
    found = checks(
        "A,04/11/2024,R1,02/12/2024,review,\n"
        "A,04/11/2024,R2,13/01/2025,brought forward,\n"
        "A,04/11/2024,R3,01/09/2025,review,04/09/2025\n",
        D(2025, 10, 1),
        tmp_path,
    )
    assert [summary(r) for r in found] == [(3, D(2025, 7, 13), 53, DueDateCheck.LATER, ())]


@pytest.mark.parametrize(
    ("recorded", "how"),
    [("02/12/2025", "one digit differs"), ("12/02/2024", "the day and the month swapped")],
)
def test_a_date_typed_by_hand(tmp_path: Path, recorded: str, how: str) -> None:
    (found,) = checks(f"A,04/11/2024,R1,02/12/2024,review,{recorded}\n", D(2025, 1, 1), tmp_path)
    assert found.causes == (LikelyCause.TYPED_BY_HAND,)
    assert f"consistent with a date typed by hand ({how})" in found.explain()


def test_a_difference_no_common_mistake_explains_has_no_cause(tmp_path: Path) -> None:
    (found,) = checks("A,04/11/2024,R1,02/12/2024,review,20/12/2024\n", D(2025, 1, 1), tmp_path)
    assert summary(found) == (1, D(2024, 12, 2), 18, DueDateCheck.LATER, ())
    assert "consistent with" not in found.explain()


# --- nothing is lost ----------------------------------------------------------------------------


def test_a_recorded_date_without_a_statutory_one_is_listed_with_why(tmp_path: Path) -> None:
    result = judged(
        "A,04/11/2024,R1,02/12/2024,review,02/12/2024\n"
        "A,04/11/2024,R2,05/05/2025,review,02/03/2025\n",  # after the as-of date: invalid
        D(2025, 4, 1),
        tmp_path,
    )
    found = check_recorded_dues(result).rows
    assert [(r.check, r.status) for r in found] == [
        (DueDateCheck.SAME, RowStatus.ON_TIME),
        (None, RowStatus.INVALID),
    ]
    assert found[1].explain() == (
        "The case system's due date Sun 2 Mar 2025 is not checked: the review was not judged "
        "(invalid), so it has no statutory due date"
    )
    source = str(tmp_path / "meetings.csv")
    assert [r.values()[:-1] for r in found] == [
        (source, 2, "A", D(2024, 11, 4), 1, "on time", D(2024, 12, 2), D(2024, 12, 2),
         D(2024, 12, 2), 0, "same", "", False),
        (source, 3, "A", D(2024, 11, 4), None, "invalid", None, D(2025, 3, 2), None, None, "",
         "", False),
    ]  # fmt: skip


def test_a_recorded_date_that_is_not_a_date_is_a_note_and_the_review_is_judged(
    tmp_path: Path,
) -> None:
    result = judged("A,04/11/2024,R1,02/12/2024,review,31/11/2024\n", D(2025, 1, 1), tmp_path)
    (row,) = result.rows
    assert row.status is RowStatus.ON_TIME
    assert "recorded_due '31/11/2024' is not a real date" in row.reason
    assert "so the case system's due date is not checked" in row.reason
    assert check_recorded_dues(result).rows == ()


def test_a_review_over_several_meetings_is_checked_once(tmp_path: Path) -> None:
    found = checks(
        "A,04/11/2024,R1,28/11/2024,review,02/12/2024\nA,04/11/2024,R1,05/12/2024,review,"
        "02/12/2024\n",
        D(2025, 1, 1),
        tmp_path,
    )
    assert [summary(r) for r in found] == [(1, D(2024, 12, 2), 0, DueDateCheck.SAME, ())]


# --- properties ---------------------------------------------------------------------------------


@given(dates(), dates())
def test_the_classification_is_antisymmetric(a: dt.date, b: dt.date) -> None:
    opposite = {
        DueDateCheck.SAME: DueDateCheck.SAME,
        DueDateCheck.LATER: DueDateCheck.EARLIER,
        DueDateCheck.EARLIER: DueDateCheck.LATER,
    }
    assert classify_recorded_due(b, a) is opposite[classify_recorded_due(a, b)]
    assert (classify_recorded_due(a, b) is DueDateCheck.SAME) == (a == b)
    assert (classify_recorded_due(a, b) is DueDateCheck.LATER) == (a > b)


def _plain(period: PeriodOfCare, recorded: dict[int, dt.date]) -> str:
    lines = [HEAD.strip()]
    for number, review in enumerate(period.reviews, 1):
        kind = "brought forward" if review.brought_forward else "review"
        due = recorded.get(number)
        for meeting in review.meetings:
            cells = [
                "A",
                f"{period.start:%d/%m/%Y}",
                f"R{number}",
                f"{meeting:%d/%m/%Y}",
                kind,
                f"{due:%d/%m/%Y}" if due else "",
            ]
            lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


@given(periods(min_start=dt.date(2000, 1, 1), max_start=dt.date(2040, 1, 1), max_reviews=6))
def test_a_recorded_date_equal_to_the_statutory_one_is_always_the_same(
    period: PeriodOfCare,
) -> None:
    last = period.reviews[-1].completed if period.reviews else period.start
    as_of = last + dt.timedelta(days=1)
    data = {"m.csv": _plain(period, {}).encode()}
    first = validate(read_records(["m.csv"], data=data), as_of=as_of, reviews_from=None)
    statutory = {
        r.ordinal: r.due
        for r in first.rows
        if r.is_review and r.ordinal is not None and r.due is not None
    }
    data = {"m.csv": _plain(period, statutory).encode()}
    second = validate(read_records(["m.csv"], data=data), as_of=as_of, reviews_from=None)
    found = check_recorded_dues(second)
    assert found.checked == len(statutory)
    assert all(r.check is DueDateCheck.SAME and not r.causes for r in found.rows)


# --- every route in, every output out ----------------------------------------------------------

MEETINGS = (
    "A,04/11/2024,R1,02/12/2024,review,02/12/2024\nA,04/11/2024,R2,03/03/2025,review,03/03/2025\n"
)


def test_every_output_gives_the_summary(tmp_path: Path) -> None:
    result = judged(MEETINGS, D(2025, 4, 1), tmp_path)
    figures = annual_figures(result, [2025])
    text = summary_text(result, figures, [])
    assert "  later than the law: 1\n" in text
    assert "  reviews held late on or before the system's date: 1\n" in text
    assert "  most common likely cause: months counted as days (+91/+183) (1)\n" in text
    document = json.loads(to_json(result, figures, []))["recorded_due_dates"]
    assert {k: document[k] for k in ("given", "checked", "same", "later", "earlier")} == {
        "given": 2, "checked": 2, "same": 1, "later": 1, "earlier": 0
    }  # fmt: skip
    assert document["rows"][1]["statutory_due"] == "2025-03-02"
    assert list(document["rows"][1]) == list(RECORDED_DUE_COLUMNS)
    page = to_html(result, figures, [])
    assert "<h2>Recorded due dates</h2>" in page
    assert "Recorded due dates later than the law&#x27;s (1)" in page
    out = io.BytesIO()
    write_workbook(result, figures, [], out)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["Recorded due dates"]
    cells = list(sheet.values)
    assert cells[0] == RECORDED_DUE_COLUMNS
    assert cells[2][RECORDED_DUE_COLUMNS.index("difference_days")] == 1
    handle = io.StringIO()
    assert write_recorded_dues_csv(check_recorded_dues(result), handle) == 2


def test_no_recorded_date_no_section(tmp_path: Path) -> None:
    result = judged("A,04/11/2024,R1,02/12/2024,review,\n", D(2025, 1, 1), tmp_path)
    figures = annual_figures(result, [2025])
    assert "Recorded due dates" not in summary_text(result, figures, [])
    assert "Recorded due dates" not in to_html(result, figures, [])
    assert json.loads(to_json(result, figures, []))["recorded_due_dates"] is None


def test_a_workbook_gives_recorded_due_dates(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["child", "period_start", "review_id", "meeting_date", "Due (system)"])
    sheet.append(["A", D(2024, 11, 4), "R1", D(2024, 12, 2), D(2024, 12, 2)])
    sheet.append(["A", D(2024, 11, 4), "R2", D(2025, 3, 3), D(2025, 3, 3)])
    book.save(tmp_path / "meetings.xlsx")
    inputs = read_records([tmp_path], columns={"recorded_due": "Due (system)"})
    found = check_recorded_dues(validate(inputs, as_of=D(2025, 4, 1), reviews_from=None))
    assert [r.check for r in found.rows] == [DueDateCheck.SAME, DueDateCheck.LATER]


def test_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "meetings.csv"
    path.write_text(HEAD + MEETINGS)
    out = tmp_path / "checked.csv"
    args = ["check-due-dates", str(path), "--as-of", "2025-04-01", "--csv", str(out)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "Later than the law (1):" in printed
    assert "A (meetings.csv line 3): The case system's due date for review 2" in printed
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ",".join(RECORDED_DUE_COLUMNS)
    assert main(["validate", str(path), "--as-of", "2025-04-01"]) == 0
    assert "  later than the law: 1" in capsys.readouterr().out


def test_the_command_line_without_recorded_dates_says_how_to_give_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "meetings.csv"
    path.write_text("child,period_start,meeting_date\nA,04/11/2024,02/12/2024\n")
    assert main(["check-due-dates", str(path), "--as-of", "2025-04-01"]) == 2
    assert "--columns recorded_due=HEADER" in capsys.readouterr().err


def test_every_sentence_and_figure_of_the_summary(tmp_path: Path) -> None:
    # Child A: review 1 the same, review 2 a day early by the system (the start day counted).
    # Child B: in care from Sun 14 May 2023; the 20th working day is Mon 12 Jun 2023 (29 May
    # a bank holiday), the 20th weekday Fri 9 Jun 2023.
    found = check_recorded_dues(
        judged(
            "A,04/11/2024,R1,02/12/2024,review,02/12/2024\n"
            "A,04/11/2024,R2,20/02/2025,review,01/03/2025\n"
            "B,14/05/2023,R1,01/06/2023,review,09/06/2023\n",
            D(2025, 4, 1),
            tmp_path,
        )
    )
    same, early, holiday = found.rows
    assert same.explain() == (
        "The case system's due date for review 1, Mon 2 Dec 2024, is the statutory one (Care "
        "Planning, Placement and Case Review (England) Regulations 2010 (SI 2010/959), "
        "reg. 33(1))."
    )
    assert early.explain() == (
        "The case system's due date for review 2, Sat 1 Mar 2025, is 1 day earlier than the "
        "statutory one, Sun 2 Mar 2025 (Care Planning, Placement and Case Review (England) "
        "Regulations 2010 (SI 2010/959), reg. 33(2)): safe, but the review is called early. It "
        "is consistent with Mon 2 Dec 2024 itself counted as the first day of the 3 months."
    )
    assert (holiday.statutory, holiday.difference) == (D(2023, 6, 12), -3)
    assert holiday.cause_notes == ("Mon 29 May 2023 counted as a working day",)
    assert found.summary() == {
        "given": 3, "checked": 3, "not_checked": 0, "same": 1, "later": 0, "earlier": 2,
        "late_because_recorded": 0, "most_common_cause": "the start day counted",
        "causes": {"the start day counted": 1, "a bank holiday counted as a working day": 1},
    }  # fmt: skip
    assert found.summary_lines() == [
        "Recorded due dates (the case system's own) checked against the law's",
        "  recorded due dates given: 3",
        "  checked: 3 (not checked: 0)",
        "  same as the law: 1",
        "  later than the law: 0",
        "  earlier than the law: 2",
        "  reviews held late on or before the system's date: 0",
        "  most common likely cause: the start day counted (1)",
    ]
    assert [r.values()[RECORDED_DUE_COLUMNS.index("likely_cause")] for r in found.rows] == [
        "", "the start day counted", "a bank holiday counted as a working day"
    ]  # fmt: skip


def test_no_cause_found_and_a_number_the_data_cannot_show(tmp_path: Path) -> None:
    found = check_recorded_dues(
        judged("A,04/11/2024,R1,02/12/2024,review,20/12/2024\n", D(2025, 1, 1), tmp_path)
    )
    assert found.summary_lines()[-1] == "  most common likely cause: none found"
    assert found.summary()["most_common_cause"] is None
    (row,) = found.rows
    assert row.values()[RECORDED_DUE_COLUMNS.index("check")] == "later than the law"


def test_a_review_judged_whatever_its_number_is_not_checked(tmp_path: Path) -> None:
    # Only SSDA903 data leaves a review's number unknown, and it gives no recorded due date;
    # a caller may still hand rows in as values.
    result = judged("A,04/11/2024,R1,02/12/2024,review,\n", D(2025, 1, 1), tmp_path)
    row = RowVerdict(source="x.csv", line=2, child="A", status=RowStatus.LATE,
                     meeting_date=D(2024, 12, 2), recorded_due=D(2024, 12, 1))  # fmt: skip
    (found,) = check_recorded_dues(attrs.evolve(result, rows=[row])).rows
    assert (found.check, found.statutory, found.line, found.child) == (None, None, 2, "A")
    # Held over two meetings, each row giving the date: listed once, by its first meeting.
    meetings = [attrs.evolve(row, meeting=1, meetings=2),
                attrs.evolve(row, line=3, meeting=2, meetings=2)]  # fmt: skip
    (found,) = check_recorded_dues(attrs.evolve(result, rows=meetings)).rows
    assert (found.line, found.ordinal) == (2, None)
    assert found.reason == (
        "the data cannot show the review's number, so its statutory due date is not known"
    )


def test_the_calendar_the_validation_counted_in_is_the_one_checked_against(
    tmp_path: Path,
) -> None:
    # A council's calendar of weekends only (no bank holidays). In care from Mon 2 Dec 2024:
    # review 1 due 20 working days on, Mon 30 Dec 2024 (in England's calendar Thu 2 Jan 2025).
    # The system's Fri 27 Dec 2024 counted 2 Dec as day 1, in that calendar.
    weekends_only = WorkingCalendar(set(), 2020, 2030)
    path = tmp_path / "meetings.csv"
    path.write_text(HEAD + "A,02/12/2024,R1,20/12/2024,review,27/12/2024\n")
    result = validate(
        read_records([path]), as_of=D(2025, 1, 31), reviews_from=None, calendar=weekends_only
    )
    (row,) = check_recorded_dues(result, calendar=weekends_only).rows
    assert summary(row) == (
        1, D(2024, 12, 30), -3, DueDateCheck.EARLIER, (LikelyCause.START_DAY_COUNTED,)
    )  # fmt: skip


def test_whether_any_row_gives_a_recorded_due_date(tmp_path: Path) -> None:
    given = judged("A,04/11/2024,R1,02/12/2024,review,02/12/2024\n", D(2025, 1, 1), tmp_path)
    blank = judged("A,04/11/2024,R1,02/12/2024,review,\n", D(2025, 1, 1), tmp_path)
    assert given.rows.recorded_dues_given()
    assert not blank.rows.recorded_dues_given()
    (episodes := tmp_path / "ssda903_2025_episodes.csv").write_text(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
        "PL_POST,URN\nS1,01/05/2024,S,C2,N1,U1,PR1,,,,,,\n"
    )
    (tmp_path / "ssda903_2025_reviews.csv").write_text(
        "CHILD,DOB,REVIEW,REVIEW_CODE\nS1,01/01/2015,25/05/2024,PN1\n"
    )
    only_903 = validate(read_records([episodes.parent / "ssda903_2025_reviews.csv", episodes]),
                        as_of=D(2025, 1, 1), reviews_from=None)  # fmt: skip
    assert not only_903.rows.recorded_dues_given()
    # Rows handed in as values: given if any of them has one.
    (row,) = given.rows
    assert attrs.evolve(given, rows=[row]).rows.recorded_dues_given()
    assert not attrs.evolve(
        given, rows=[attrs.evolve(row, recorded_due=None)]
    ).rows.recorded_dues_given()


def test_each_bank_holiday_counted_as_a_working_day_is_named(tmp_path: Path) -> None:
    # 2023's May bank holidays: Mon 1 May, the coronation Mon 8 May, Mon 29 May. Each system
    # date is the 20th weekday after the start, bank holidays counted as working days:
    # - A from Mon 1 May (a bank holiday itself, not counted as within the interval): due Wed
    #   31 May; the 20th weekday is Mon 29 May; 8 and 29 May were counted;
    # - B from Sun 7 May: due Tue 6 Jun; the 20th weekday Fri 2 Jun; 8 May (the first day after
    #   the start) and 29 May were counted;
    # - C from Thu 27 Apr: due Tue 30 May; the 20th weekday Thu 25 May; 1, 8 and 29 May (the
    #   day before the due date) were counted.
    found = checks(
        "A,01/05/2023,R1,25/05/2023,review,29/05/2023\n"
        "B,07/05/2023,R1,25/05/2023,review,02/06/2023\n"
        "C,27/04/2023,R1,25/05/2023,review,25/05/2023\n",
        D(2023, 7, 1),
        tmp_path,
    )
    assert [(r.child, r.statutory, r.causes, r.cause_notes) for r in found] == [
        ("A", D(2023, 5, 31), (LikelyCause.BANK_HOLIDAY_IGNORED,),
         ("Mon 8 May 2023, Mon 29 May 2023 counted as working days",)),
        ("B", D(2023, 6, 6), (LikelyCause.BANK_HOLIDAY_IGNORED,),
         ("Mon 8 May 2023, Mon 29 May 2023 counted as working days",)),
        ("C", D(2023, 5, 30), (LikelyCause.BANK_HOLIDAY_IGNORED,),
         ("Mon 1 May 2023, Mon 8 May 2023, Mon 29 May 2023 counted as working days",)),
    ]  # fmt: skip


def test_the_clock_not_restarted_in_working_days(tmp_path: Path) -> None:
    # Found by mutation testing: a regime whose second interval is in working days (a local
    # standard) counts the clock not restarted in the regime's working days too. Review 1,
    # due Mon 27 Jan 2025 (15 working days from Mon 6 Jan), was brought forward to Mon 13 Jan:
    # review 2 is due 10 working days later, Mon 27 Jan; from review 1's due date they end on
    # Mon 10 Feb 2025, the system's date.
    local = Regime(
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
    path = tmp_path / "meetings.csv"
    path.write_text(
        HEAD + "A,06/01/2025,R1,13/01/2025,brought forward,\nA,06/01/2025,R2,07/02/2025,review,"
        "10/02/2025\n"
    )
    policy = Policy(regimes=(local,))
    result = validate(read_records([path]), as_of=D(2025, 3, 1), reviews_from=None, policy=policy)
    (found,) = check_recorded_dues(result).rows
    assert summary(found) == (
        2,
        D(2025, 1, 27),
        14,
        DueDateCheck.LATER,
        (LikelyCause.NOT_RESTARTED,),
    )
    assert "the 10 working days counted from its due date, Mon 27 Jan 2025, instead" in (
        found.explain()
    )

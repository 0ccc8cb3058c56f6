"""The users' daily work, end to end: each journey as a user makes it, with no glue code."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import openpyxl
import pytest
import python_calamine
from openpyxl.worksheet.worksheet import Worksheet

from iro_schedule import (
    ENGLAND_2010,
    PeriodOfCare,
    Review,
    annual_figures,
    assess,
    infer_window,
    read_records,
    sample_data,
    validate,
)
from iro_schedule.cli import main
from iro_schedule.errors import IroScheduleError
from iro_schedule.records import EPISODE_COLUMNS, Labels, read_plain
from iro_schedule.reports import write_workbook
from iro_schedule.schedule import alerts
from iro_schedule.validation import RowStatus, caseload, caseloads, figures_by

D = dt.date


# --- new entrants with no review yet ----------------------------------------------------------


def _export(folder: Path) -> Path:
    """A case-system export: N entered care on Mon 2 Dec 2024 and has had no review; K has had
    one. Dates as the system writes them."""
    folder.mkdir()
    path = folder / "meetings.csv"
    path.write_text(
        "child,period_start,period_end,review_id,meeting_date\n"
        "N,02/12/2024,,,\n"
        "K,06/01/2025,,K-1,30/01/2025\n"
    )
    return path


def test_a_child_with_no_review_yet_has_an_overdue_first_review(tmp_path: Path) -> None:
    path = _export(tmp_path / "export")
    inputs = read_records(path)
    assert (inputs.review_rows_read, inputs.period_rows_read) == (1, 1)
    result = validate(inputs, as_of=D(2025, 4, 5), reviews_from=None)
    # N: 20 working days from Mon 2 Dec 2024 (Christmas Day, Boxing Day and New Year's Day not
    # counted) is Thu 2 Jan 2025; not held by Sat 5 Apr 2025: 93 days overdue.
    (overdue,) = [r for r in result.rows if r.child == "N"]
    assert (overdue.status, overdue.ordinal, overdue.due, overdue.days_late) == (
        RowStatus.OVERDUE, 1, D(2025, 1, 2), 93,
    )  # fmt: skip
    assert result.reconciliation() == (
        "review rows read 1 = 1 judged (on time or late) + 0 not assessable + 0 invalid + 0 "
        "duplicate + 0 not counted (balanced); 1 overdue reviews added; 1 rows with no meeting "
        "gave periods of care with no review yet"
    )
    # The same child in the alerts, the due list and the calendar.
    loaded = caseload(inputs, as_of=D(2025, 4, 5), reviews_from=None)
    found = alerts(loaded.periods, as_of=D(2025, 4, 5))
    assert [(i.child, i.ordinal, i.due) for i in found.overdue] == [("N", 1, D(2025, 1, 2))]


def test_a_child_with_no_review_yet_in_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _export(tmp_path / "export").parent
    assert main(["alerts", str(folder), "--as-of", "2025-04-05"]) == 0
    out = capsys.readouterr().out
    assert "N" in out.split("Overdue (exceptions)")[1]
    assert main(["due-list", str(folder), "--as-of", "2024-12-03", "--month", "2025-01"]) == 0
    assert "  N " in capsys.readouterr().out
    ics = tmp_path / "n.ics"
    assert main(["ics", str(folder), "--as-of", "2024-12-03", "--out", str(ics)]) == 0
    assert "N-20241202-review1-due@iro-schedule" in ics.read_text()


def test_a_period_row_with_a_bad_date_is_an_invalid_row(tmp_path: Path) -> None:
    path = tmp_path / "meetings.csv"
    path.write_text("child,period_start,review_id,meeting_date\nN,31/02/2024,,\n")
    inputs = read_records(path)
    window = infer_window(inputs, as_of=D(2025, 4, 5))
    result = validate(inputs, as_of=window.as_of, reviews_from=window.reviews_from)
    (row,) = result.rows
    assert row.status is RowStatus.INVALID
    assert "period_start '31/02/2024' is not a real date" in row.reason


# --- CSV that Excel opens as it should ----------------------------------------------------------


def test_csv_for_excel_has_a_byte_order_mark_and_numbers_as_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _export(tmp_path / "export").parent
    out = tmp_path / "alerts.csv"
    assert main(["alerts", str(folder), "--as-of", "2025-04-05", "--csv", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # so Excel reads accented names as UTF-8
    lines = data.decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    n = next(line.split(",") for line in lines[1:] if line.startswith("N,"))
    remaining = n[header.index("working_days_remaining")]
    assert remaining.startswith("-") and int(remaining) < 0  # noqa: PT018 (a number, not '-65)
    assert main(["alerts", str(folder), "--as-of", "2025-04-05", "--csv", str(out),
                 "--no-bom"]) == 0  # fmt: skip
    assert out.read_bytes().startswith(b"child,")


# --- a JSON contract for callers in other languages --------------------------------------------


def _schema(name: str) -> dict[str, object]:
    path = resources.files("iro_schedule") / "schemas" / f"{name}.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _valid(document: object, name: str) -> None:
    validator = jsonschema.Draft202012Validator(
        _schema(name), format_checker=jsonschema.FormatChecker()
    )
    validator.validate(document)


PERIODS = {
    "as_of": "2025-11-01",
    "periods": [
        {"child": "A", "start": "2024-12-20", "reviews": [
            {"meetings": ["2025-01-20"]}, {"meetings": ["2025-04-25"], "id": "R-2"}]},
        {"child": "N", "start": "2025-09-01", "end": None, "regime": None},
    ],
}  # fmt: skip


def test_due_reads_periods_as_json_and_writes_json_as_the_schemas_say(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _valid(PERIODS, "due-input")
    path = tmp_path / "periods.json"
    path.write_text(json.dumps(PERIODS))
    assert main(["due", "--input", str(path), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    _valid(document, "due-output")
    a, n = document["assessments"]
    assert [(v["ordinal"], v["status"], v["due"]) for v in a["verdicts"]] == [
        (1, "on time", "2025-01-22"), (2, "late", "2025-04-20"), (3, "overdue", "2025-10-25"),
    ]  # fmt: skip
    assert a["verdicts"][1]["review_id"] == "R-2"
    assert (n["child"], n["next"]["due"], n["verdicts"][0]["days_late"]) == ("N", "2025-09-29", 33)
    # The same from standard input.
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(PERIODS)))
    assert main(["due", "--input", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == document


def test_due_json_for_one_period_given_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["due", "20/12/2024", "--review", "2025-01-20", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    _valid(document, "due-output")
    assert document["assessments"][0]["next"] == {
        "ordinal": 2, "due": "2025-04-20", "regime": "ENGLAND_2010", "anchor": "2025-01-20",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("[", "input: is not JSON"),
        ('{"period": []}', "input: has no 'periods' (its fields are as_of, periods)"),
        ('{"periods": [{"start": "20/12/2024"}]}',
         "periods[0]: start '20/12/2024' is not a date in the form YYYY-MM-DD"),
        ('{"periods": [{"start": "2024-12-20", "regime": "ENGLAND"}]}',
         "periods[0]: regime 'ENGLAND' is not one of"),
        ('{"periods": [{"start": "2024-12-20", "reviews": [{"meetings": "2025-01-20"}]}]}',
         "periods[0].reviews[0]: meetings must be a list of dates, got '2025-01-20'"),
        ('{"periods": [{"start": "2024-12-20", "reviews": [{"meetings": ["2024-12-01"]}]}]}',
         "periods[0].reviews[0]: first meeting Sun 1 Dec 2024 is before the period of care"),
    ],
)  # fmt: skip
def test_bad_json_input_names_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], document: str, message: str
) -> None:
    path = tmp_path / "periods.json"
    path.write_text(document)
    assert main(["due", "--input", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_assessments_and_verdicts_as_dicts() -> None:
    period = PeriodOfCare(start=D(2024, 12, 20), reviews=[Review(meetings=[D(2025, 1, 20)])])
    result = assess(period, as_of=D(2025, 11, 1))
    _valid(
        {"library": "x", "as_of": None, "assessments": [{"child": None, **result.to_dict()}]},
        "due-output",
    )
    assert result.to_dict()["verdicts"][-1]["status"] == "overdue"
    assert json.loads(json.dumps(result.to_dict())) == result.to_dict()


def test_standard_input_and_output_as_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A pipeline: the export on standard input, the verdicts as JSON on standard output, the
    # summary on standard error.
    export = _export(tmp_path / "export")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(export.read_bytes())))
    assert main(["validate", "-", "--as-of", "2025-04-05", "--json", "-"]) == 0
    out, err = capsys.readouterr()
    document = json.loads(out)
    assert {r["child"] for r in document["rows"]} == {"N", "K"}
    assert "Reviews held and judged" in err
    # Two outputs cannot share standard output; one file and standard output can.
    folder = export.parent
    assert main(["alerts", str(folder), "--csv", "-", "--json", "-"]) == 2
    assert "--csv and --json both write to standard output (-)" in capsys.readouterr().err
    assert main(["alerts", str(folder), "--as-of", "2025-04-05", "--csv", "-",
                 "--json", str(tmp_path / "a.json")]) == 0  # fmt: skip
    out, err = capsys.readouterr()
    assert out.lstrip("\ufeff").startswith("child,")
    assert f"wrote {tmp_path / 'a.json'}" in err
    assert main(["ics", str(folder), "--as-of", "2024-12-03", "--out", "-"]) == 0
    assert capsys.readouterr().out.startswith("BEGIN:VCALENDAR")


# --- Excel in ----------------------------------------------------------------------------------


def _book(*names: str) -> tuple[openpyxl.Workbook, list[Worksheet]]:
    """A new workbook with sheets of these names only."""
    book = openpyxl.Workbook()
    sheets = [book.create_sheet(name) for name in names]
    del book["Sheet"]
    return book, sheets


def test_a_workbook_is_read_sheet_by_sheet(tmp_path: Path) -> None:
    book, (header, episodes, reviews) = _book("Header", "Episodes", "Reviews")
    header.append(["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"])
    header.append([1001, "M", D(2012, 1, 1), "WBRI", None, None, None])
    episodes.append(["Return for 2023-24"])  # a title row above the header
    episodes.append(["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC",
                     "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"])  # fmt: skip
    episodes.append([1001, D(2023, 6, 1), "S", "C2", "N1", "U6", "PR1"])
    reviews.append(["CHILD", "DOB", "REVIEW", "REVIEW_CODE"])
    reviews.append([1001, D(2012, 1, 1), D(2023, 6, 26), "PN1"])  # dates as Excel dates
    reviews.append([1001, "01/01/2012", "20/09/2023", "PN1"])  # and as text
    reviews.append([1001, None, "31/02/2024", "PN1"])
    path = tmp_path / "ssda903_2023-24.xlsx"
    book.save(path)
    inputs = read_records(path)
    assert inputs.years == (2024,)
    window = infer_window(inputs)
    result = validate(inputs, as_of=window.as_of, reviews_from=window.reviews_from)
    judged = [(r.child, r.meeting_date, r.status) for r in result.rows if r.meeting_date]
    assert judged[:2] == [("1001", D(2023, 6, 26), RowStatus.ON_TIME),
                          ("1001", D(2023, 9, 20), RowStatus.ON_TIME)]  # fmt: skip
    (bad,) = result.with_status(RowStatus.INVALID)
    assert bad.reason.startswith(f"{path} [Reviews] line 4, REVIEW: REVIEW '31/02/2024'")
    assert any("[Episodes] line 1 is above the header (line 2)" in p.reason
               for p in inputs.problems)  # fmt: skip


def test_a_plain_format_workbook(tmp_path: Path) -> None:
    book, (sheet,) = _book("Sheet1")
    sheet.append(["child", "period_start", "review_id", "meeting_date", "kind"])
    sheet.append(["A", D(2024, 1, 8), "R1", D(2024, 2, 5), "LAC review"])
    sheet.append(["N", D(2025, 1, 6), None, None, None])  # no review yet
    book.save(tmp_path / "meetings.xlsx")
    inputs = read_records(tmp_path)
    assert (inputs.review_rows_read, inputs.period_rows_read) == (1, 1)


def test_without_the_excel_extra_a_workbook_is_named_with_how_to_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book, (sheet,) = _book("Reviews")
    sheet.append(["CHILD", "DOB", "REVIEW", "REVIEW_CODE"])
    book.save(tmp_path / "reviews.xlsx")
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    (problem,) = read_records(tmp_path).problems
    assert "reading it needs the 'excel' extra" in problem.reason


# --- Excel out ---------------------------------------------------------------------------------


def test_the_workbook_holds_every_verdict_as_the_csv_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book_path, csv_path = tmp_path / "v.xlsx", tmp_path / "v.csv"
    assert main(["validate", "--sample", "--xlsx", str(book_path), "--csv", str(csv_path)]) == 0
    book = python_calamine.CalamineWorkbook.from_path(str(book_path))  # not the writer
    assert book.sheet_names == ["Notes", "Figures", "Verdicts", "Late and overdue", "Problems"]
    verdicts = book.get_sheet_by_name("Verdicts").to_python()
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        expected = list(csv.reader(handle))
    assert len(verdicts) == len(expected)
    assert verdicts[0] == expected[0]
    for got, want in zip(verdicts[1:], expected[1:], strict=True):
        assert [_as_csv(cell) for cell in got] == [c.lstrip("'") for c in want]
    # Numbers are numbers and dates are dates, for sorting and filtering in Excel.
    header = verdicts[0]
    first = verdicts[1]
    assert isinstance(first[header.index("due")], dt.date)
    assert isinstance(first[header.index("days_late")], float)
    figures = book.get_sheet_by_name("Figures").to_python()
    assert figures[0][1:] == ["2021-22", "2022-23", "2023-24", "2024-25"]
    late = book.get_sheet_by_name("Late and overdue").to_python()
    days = [row[5] for row in late[1:]]
    assert days == sorted(days, reverse=True)  # the latest first


#: CI sets this: there the spreadsheet program's test must run, never skip.
SPREADSHEET_REQUIRED = os.environ.get("IRO_SCHEDULE_REQUIRE_SPREADSHEET") == "1"


@pytest.mark.skipif(
    shutil.which("soffice") is None and not SPREADSHEET_REQUIRED,
    reason="LibreOffice is not installed",
)
def test_a_spreadsheet_program_opens_the_workbook_and_shows_every_verdict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book_path, csv_path = tmp_path / "v.xlsx", tmp_path / "v.csv"
    assert main(["validate", "--sample", "--xlsx", str(book_path), "--csv", str(csv_path)]) == 0
    capsys.readouterr()
    # LibreOffice saves each sheet as CSV, its cells as shown (UTF-8, every sheet: -1).
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", options, str(book_path), "--outdir", str(tmp_path / "shown")],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    with (tmp_path / "shown" / "v-Verdicts.csv").open(encoding="utf-8", newline="") as handle:
        shown = list(csv.reader(handle))
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        expected = list(csv.reader(handle))
    assert shown[0] == expected[0]
    assert len(shown) == len(expected)
    due = expected[0].index("due")
    for got, want in zip(shown[1:], expected[1:], strict=True):
        assert got[2:5] == want[2:5]  # child, status, ordinal
        assert got[due] == (dt.date.fromisoformat(want[due]).strftime("%d/%m/%Y") if want[due] else "")  # fmt: skip  # noqa: E501
        assert got[-1] == want[-1].lstrip("'")  # the reason


def _as_csv(cell: object) -> str:
    """A cell read back from the workbook, as the CSV writes it."""
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def test_a_sheet_too_long_for_excel_continues_on_the_next(tmp_path: Path) -> None:
    inputs = read_records(sample_data())
    result = validate(inputs, as_of=D(2025, 3, 31), reviews_from=D(2021, 4, 1))
    path = tmp_path / "v.xlsx"
    with path.open("wb") as handle:
        write_workbook(result, [], [], handle, sheet_rows=300)
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    parts = [n for n in book.sheet_names if n.startswith("Verdicts")]
    assert parts == ["Verdicts", "Verdicts 2", "Verdicts 3"]
    rows = sum(len(book.get_sheet_by_name(n).to_python()) - 1 for n in parts)
    assert rows == len(result.rows)


@pytest.mark.parametrize("spare", [-1, 0, 1])
def test_a_sheet_just_full_or_one_row_either_side_splits_at_the_limit(
    tmp_path: Path, spare: int
) -> None:
    inputs = read_records(sample_data())
    result = validate(inputs, as_of=D(2025, 3, 31), reviews_from=D(2021, 4, 1))
    held = len(result.rows) // 2 + spare  # rows a sheet holds, its header not counted
    path = tmp_path / "v.xlsx"
    with path.open("wb") as handle:
        write_workbook(result, [], [], handle, sheet_rows=held + 1)
    book = openpyxl.load_workbook(path)  # not the writer
    parts = [n for n in book.sheetnames if n.startswith("Verdicts")]
    assert len(parts) == -(-len(result.rows) // held)  # as many as the rows need, none empty
    sizes = [book[n].max_row - 1 for n in parts]
    assert sizes[:-1] == [held] * (len(parts) - 1)
    assert sum(sizes) == len(result.rows)
    first = [c.value for c in next(book[parts[-1]].iter_rows(min_row=2, max_row=2))]
    row = result.rows[held * (len(parts) - 1)]  # the last sheet goes on from there
    assert first[:2] == [row.source, row.line]


def test_a_control_character_or_a_cell_too_long_for_excel_still_gives_a_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # XML cannot hold most control characters, nor Excel a cell of over 32,767 characters:
    # the character is shown as U+FFFD and the text cut, and every row is in the workbook.
    folder = tmp_path / "export"
    folder.mkdir()
    long_id = "R" * 40_000
    (folder / "meetings.csv").write_text(
        "child,period_start,review_id,meeting_date,kind\n"
        "A\x07B,2023-06-01,R1,2023-06-26,review\n"
        f"C,2023-06-01,{long_id},2023-06-26,review\n"
    )
    out = tmp_path / "v.xlsx"
    assert main(["validate", str(folder), "--as-of", "2023-12-01", "--xlsx", str(out)]) == 0
    capsys.readouterr()
    sheet = python_calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Verdicts")
    rows = sheet.to_python()
    header = rows[0]
    children = [row[header.index("child")] for row in rows[1:]]
    assert children == ["A\ufffdB", "A\ufffdB", "C", "C"]  # each review, then the one overdue
    held = rows[1:][children.index("C")]
    assert held[header.index("review_id")] == long_id[:32_767]
    reason = held[header.index("reason")]
    assert isinstance(reason, str)
    assert len(reason) == 32_767


# --- by team and by IRO, in a report a manager accepts --------------------------------------------


def _teams(folder: Path) -> Path:
    """An export with the council's own columns: a team and an IRO for each period of care."""
    folder.mkdir()
    rows = ["child,period_start,review_id,meeting_date,team,iro"]
    for i in range(6):
        team, iro = ("North", "Ann") if i % 2 else ("South", "Bob")
        rows.append(f"C{i},06/01/2025,C{i}-1,{30 - i}/01/2025,{team},{iro}")
        if i < 4:  # two children missed their second review
            rows.append(f"C{i},06/01/2025,C{i}-2,{20 + i}/04/2025,{team},{iro}")
    rows.append("N,03/03/2025,,,North,Ann")  # a new entrant, no review yet
    (folder / "meetings.csv").write_text("\n".join(rows) + "\n")
    return folder


def test_figures_by_team_add_up_to_the_whole(tmp_path: Path) -> None:
    inputs = read_records(_teams(tmp_path / "export"), keep=["team", "iro"])
    result = validate(inputs, as_of=D(2025, 9, 30), reviews_from=None)
    (whole,) = annual_figures(result, [2026])
    by_team = figures_by(result, [2026], inputs.labels["team"])
    assert list(by_team) == ["North", "South"]
    for name in ("held", "on_time", "late", "overdue_at_year_end", "children_due"):
        assert sum(getattr(f[0], name) for f in by_team.values()) == getattr(whole, name), name
    loads = caseloads(inputs, inputs.labels["iro"], as_of=D(2025, 9, 30), reviews_from=None,
                      years=[2026], low=2, high=3)  # fmt: skip
    assert loads.days[-1] == D(2025, 9, 30)
    assert loads.by_iro["Ann"][-1] == 4  # C1, C3, C5 and N
    assert loads.outside("Ann")[-1] == "above"
    assert loads.by_iro["Bob"][0] == 3  # on 30 Apr 2025


def test_a_report_by_team_and_iro_in_every_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _teams(tmp_path / "export")
    out = tmp_path / "out"
    out.mkdir()
    args = ["validate", str(folder), "--as-of", "2025-09-30", "--title", "Anyshire Council",
            "--by", "team", "--iro", "iro", "--iro-range", "2-3", "--target", "95",
            "--json", str(out / "r.json"), "--html", str(out / "r.html"),
            "--xlsx", str(out / "r.xlsx")]  # fmt: skip
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "By team" in text and "Caseloads by iro" in text  # noqa: PT018
    assert "Policy: the library's defaults" in text
    document = json.loads((out / "r.json").read_text())
    assert document["title"] == "Anyshire Council"
    assert set(document["by"]["team"]) == {"North", "South"}
    assert document["caseloads"]["iro"]["low"] == 2
    page = (out / "r.html").read_text()
    assert "<title>Anyshire Council: Reviews of looked-after children" in page
    assert "target 95.0%" in page and "Caseloads by iro" in page  # noqa: PT018
    book = python_calamine.CalamineWorkbook.from_path(str(out / "r.xlsx"))
    assert {"By team", "Caseloads by iro"} <= set(book.sheet_names)


def test_a_policy_other_than_the_default_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--sample", "--counted-meeting", "last"]) == 0
    assert "Policy, not the defaults: a review held over several meetings judged on its last." in (
        capsys.readouterr().out
    )


# --- a configuration file -----------------------------------------------------------------------


def test_a_config_file_holds_the_mappings_and_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export"
    export.mkdir()
    (export / "meetings.csv").write_text(
        "ChildID,StartDate,MeetingDate,Kind\nA,06/01/2025,30/01/2025,Statutory LAC Review\n"
    )
    config = tmp_path / "iro.toml"
    config.write_text(
        'columns = { child = "ChildID", period_start = "StartDate", meeting_date = "MeetingDate", '
        'kind = "Kind" }\n'
        'kinds = { "Statutory LAC Review" = "review" }\n'
        "[validate]\n"
        'as_of = "31/03/2025"\n'
        'title = "Anyshire"\n'
        'counted_meeting = "last"\n'
    )
    out = tmp_path / "v.json"
    assert main(["validate", str(export), "--config", str(config), "--json", str(out)]) == 0
    document = json.loads(out.read_text())
    assert (document["title"], document["as_of"]) == ("Anyshire", "2025-03-31")
    assert [r["status"] for r in document["rows"]][:1] == ["on time"]
    assert any("judged on its last" in n for n in document["notes"])
    # The command line wins over the file.
    assert main(["validate", str(export), "--config", str(config), "--as-of", "2025-04-30",
                 "--json", str(out)]) == 0  # fmt: skip
    assert json.loads(out.read_text())["as_of"] == "2025-04-30"
    capsys.readouterr()
    config.write_text('[validate]\nas_off = "2025-03-31"\n')
    assert main(["validate", str(export), "--config", str(config)]) == 2
    assert "'as_off' is not an option of validate" in capsys.readouterr().err
    config.write_text('[validate]\ncounted_meeting = "middle"\n')
    assert main(["validate", str(export), "--config", str(config)]) == 2
    assert "counted_meeting must be one of" in capsys.readouterr().err


def test_dicts_hold_the_period_the_meetings_and_the_next_review_worked_by_hand() -> None:
    # In care from Mon 6 Jan 2025 to Sat 1 Mar 2025 under the 2010 Regulations; review 1 brought
    # forward and held over two meetings from Mon 27 Jan, due by Mon 3 Feb (20 working days).
    # Review 2 would be due on Sun 27 Apr 2025, after the period ended: no next due date.
    review = Review(meetings=[D(2025, 1, 27), D(2025, 2, 10)], brought_forward=True, id="R-1")
    period = PeriodOfCare(start=D(2025, 1, 6), end=D(2025, 3, 1), regime=ENGLAND_2010,
                          reviews=[review])  # fmt: skip
    held = assess(period).to_dict()
    assert held["period"] == {"start": "2025-01-06", "end": "2025-03-01", "regime": "ENGLAND_2010"}
    assert held["next"] == {"ordinal": 2, "due": None, "regime": "ENGLAND_2010",
                            "anchor": "2025-01-27"}  # fmt: skip
    (verdict,) = held["verdicts"]
    assert {k: v for k, v in verdict.items() if k not in ("rule", "explanation")} == {
        "ordinal": 1, "status": "on time", "due": "2025-02-03", "counted_date": "2025-01-27",
        "days_late": 0, "meetings": ["2025-01-27", "2025-02-10"], "review_id": "R-1",
        "brought_forward": True, "regime": "ENGLAND_2010", "anchor": "2025-01-06",
    }  # fmt: skip
    assert verdict["rule"].endswith("reg. 33(1)")
    # With no review by Sat 1 Mar 2025 (the as-of date), review 1 is 26 days overdue.
    unheld = assess(PeriodOfCare(start=D(2025, 1, 6)), as_of=D(2025, 3, 1)).to_dict()
    assert unheld["period"] == {"start": "2025-01-06", "end": None, "regime": None}
    assert unheld["next"]["due"] == "2025-02-03"
    (overdue,) = unheld["verdicts"]
    assert (overdue["status"], overdue["days_late"], overdue["counted_date"]) == (
        "overdue", 26, "2025-03-01"
    )  # fmt: skip
    assert (overdue["meetings"], overdue["review_id"], overdue["brought_forward"]) == (
        [], None, False
    )  # fmt: skip


def test_a_row_with_no_meeting_gives_a_period_or_its_reason(tmp_path: Path) -> None:
    """Every field of a period row is read, and a row that cannot give a period is an invalid
    review row naming its field and value (found by mutation testing of the plain reader)."""
    path = tmp_path / "meetings.csv"
    path.write_text(
        "child,period_start,period_end,review_id,meeting_date,regime\n"
        ",02/12/2024,,,,\n"  # line 2: no child
        "B,31/02/2024,,,,\n"  # 3: no such date
        "C,02/12/2024,30/02/2025,,,\n"  # 4: no such end
        "D,02/12/2024,01/12/2024,,,\n"  # 5: ends before it starts
        "E,02/12/2024,,,,ENGLAND_2099\n"  # 6: no such regime
        "F,02/12/2024,31/01/2025,,,ENGLAND_SHORT_BREAKS_2010\n"  # 7: a period
        "F,02/12/2024,,,,\n"  # 8: the same period again: the first row's is kept
        "G,02/12/2024,,,,\n"  # 9: a period, still open
        "H,,,,,\n"  # 10: no start
        "I,02/12/2024,02/12/2024,,,\n"  # 11: a period of one day
    )
    inputs = read_plain([path])
    assert (inputs.review_rows_read, inputs.period_rows_read) == (6, 4)
    found = [(p.line, p.child, p.field, p.value, p.review_row, p.status) for p in inputs.problems]
    assert found == [
        (2, "", "child", "", True, "invalid"),
        (3, "B", "period_start", "31/02/2024", True, "invalid"),
        (4, "C", "period_end", "30/02/2025", True, "invalid"),
        (5, "D", "period_end", "01/12/2024", True, "invalid"),
        (6, "E", "regime", "ENGLAND_2099", True, "invalid"),
        (10, "H", "period_start", "", True, "invalid"),
    ]  # fmt: skip
    (i,) = inputs.periods["I"]
    assert (i.start, i.end) == (D(2024, 12, 2), D(2024, 12, 2))
    reasons = [p.reason for p in inputs.problems]
    assert reasons[0] == "child is blank; every row needs one"
    assert reasons[1].startswith("period_start '31/02/2024' is not a real date")
    assert reasons[2].startswith("period_end '30/02/2025' is not a real date")
    assert reasons[3] == (
        "period_end Sun 1 Dec 2024 is before period_start Mon 2 Dec 2024; check the two dates "
        "are not swapped"
    )
    assert reasons[4].startswith("the period's regime 'ENGLAND_2099' is not one regime name of")
    (f,), (g,) = inputs.periods["F"], inputs.periods["G"]
    assert (f.start, f.end, f.regime and f.regime.name, f.line) == (
        D(2024, 12, 2), D(2025, 1, 31), "ENGLAND_SHORT_BREAKS_2010", 7
    )  # fmt: skip
    assert (g.start, g.end, g.regime, g.line) == (D(2024, 12, 2), None, None, 9)
    assert all(p.start_known and p.whole_history and p.short_breaks is False for p in (f, g))


def test_a_label_is_the_periods_else_the_latest_episodes_by_its_start_else_the_childs() -> None:
    labels = Labels(
        column="team",
        by_period={("A", D(2024, 1, 8)): "North", ("B", D(2024, 1, 8)): ""},
        by_episode={"B": [(D(2023, 5, 1), "East"), (D(2024, 1, 8), "West"),
                          (D(2024, 6, 1), "South")]},
        by_child={"B": "Header", "C": "Central"},
    )  # fmt: skip
    assert labels.of("A", D(2024, 1, 8)) == "North"
    assert labels.of("B", D(2024, 1, 8)) == "West"  # begun on the period's first day
    assert labels.of("B", D(2024, 1, 7)) == "East"
    assert labels.of("B", D(2023, 4, 30)) == "Header"  # no episode begun by then
    assert labels.of("B", None) == "Header"
    assert labels.of("C", D(2024, 1, 8)) == "Central"
    assert labels.of("D", D(2024, 1, 8)) == ""
    other = Labels(column="team", by_period={("A", D(2024, 1, 8)): "Lost",
                   ("E", D(2020, 1, 1)): "Kept"}, by_episode={"B": [(D(2022, 1, 1), "Old")],
                   "G": [(D(2021, 1, 1), "Only")]},
                   by_child={"C": "Lost", "F": "Kept"})  # fmt: skip
    merged = labels.merged(other)
    assert merged.column == "team"
    assert [merged.of(c, D(2024, 1, 8)) for c in "ACFG"] == ["North", "Central", "Kept", "Only"]
    assert merged.of("E", D(2020, 1, 1)) == "Kept"
    assert merged.by_episode["B"] == [  # both columns' episodes, in date order
        (D(2022, 1, 1), "Old"), (D(2023, 5, 1), "East"), (D(2024, 1, 8), "West"),
        (D(2024, 6, 1), "South"),
    ]  # fmt: skip


def test_a_column_kept_from_both_kinds_of_file_labels_every_child() -> None:
    # An SSDA903 return and a plain export read together, each with a TEAM column: the labels
    # of both are kept (found by mutation testing: those of one kind were dropped).
    files = {
        "ssda903_2024_episodes.csv": (
            ",".join([*EPISODE_COLUMNS, "TEAM"]) + "\nC1,01/05/2023,S,C2,N1,U1,PR1,,,,,,,North\n"
        ).encode(),
        "ssda903_2024_reviews.csv": b"CHILD,DOB,REVIEW,REVIEW_CODE\nC1,01/01/2015,25/05/2023,PN1\n",
        "export.csv": b"child,period_start,meeting_date,team\nP1,01/05/2023,25/05/2023,South\n",
    }
    inputs = read_records(list(files), data=files, keep=["team"])
    team = inputs.labels["team"]
    assert (team.of("C1", D(2023, 5, 1)), team.of("P1", D(2023, 5, 1))) == ("North", "South")


def test_the_plain_reader_over_several_files_and_its_refusals(tmp_path: Path) -> None:
    # Found by mutation testing: rows counted over every file, a file that cannot be read named
    # and the next still read, and the refusals naming their field and value.
    (tmp_path / "a.csv").write_text(
        "child,period_start,meeting_date\nA,02/01/2024,20/01/2024\nB,02/01/2024,21/01/2024\n"
    )
    (tmp_path / "b.csv").write_bytes(b"PK\x03\x04\x14\x00\x00\x00binary")  # a workbook
    (tmp_path / "c.csv").write_text("child,period_start,meeting_date\nC,02/01/2024,22/01/2024\n")
    paths = [tmp_path / n for n in ("a.csv", "b.csv", "c.csv")]
    inputs = read_plain(paths)
    assert inputs.review_rows_read == 3
    assert [r.child for r in inputs.reviews] == ["A", "B", "C"]
    assert inputs.sources == tuple(str(p) for p in paths)
    (problem,) = inputs.problems
    assert (problem.source, problem.line) == (str(paths[1]), 0)
    assert problem.reason.startswith(f"{paths[1]} is an Excel workbook (or another zip file)")
    with pytest.raises(IroScheduleError) as found:
        read_plain(paths[:1], columns={"nonsense": "X"})
    assert (found.value.field, found.value.value) == ("columns", ["nonsense"])
    with pytest.raises(IroScheduleError) as found:
        read_plain(paths[:1], kinds={"Midway": "maybe"})
    assert (found.value.field, found.value.value) == ("kinds", "Midway")
    assert str(found.value).endswith(
        "map each kind to 'review', 'brought forward' or 'not a review'"
    )


def test_a_plain_rows_period_and_recorded_due_date_are_kept_beside_ssda903_rows(
    tmp_path: Path,
) -> None:
    # Read with an SSDA903 return, the plain export's rows keep their period's end and the
    # system's due date; the SSDA903 rows have neither.
    (tmp_path / "ssda903_2025_episodes.csv").write_text(
        ",".join(EPISODE_COLUMNS) + "\nS1,01/05/2024,S,C2,N1,U1,PR1,,,,,,\n"
    )
    (tmp_path / "ssda903_2025_reviews.csv").write_text(
        "CHILD,DOB,REVIEW,REVIEW_CODE\nS1,01/01/2015,25/05/2024,PN1\n"
    )
    (tmp_path / "export.csv").write_text(
        "child,period_start,period_end,meeting_date,recorded_due\n"
        "P1,01/05/2024,30/09/2024,25/05/2024,29/05/2024\n"
    )
    inputs = read_records([tmp_path])
    cells = {(r.child, r.period_start, r.period_end, r.recorded_due) for r in inputs.reviews}
    assert cells == {
        ("S1", None, None, None),
        ("P1", D(2024, 5, 1), D(2024, 9, 30), D(2024, 5, 29)),
    }


def test_a_plain_files_notes_missing_columns_and_own_words(tmp_path: Path) -> None:
    # A title line above the header is named (its file and line); a review id with no meeting
    # date is an invalid review row, not a period; the caller's word for a kind is used; two
    # notes on one row are both kept; the team column's labels keep its name.
    path = tmp_path / "m.csv"
    path.write_text(
        "Export of 3 Apr 2025\n"
        "child,period_start,review_id,meeting_date,kind,participation,recorded_due,team\n"
        "A,06/01/2025,R1,30/01/2025,Midway,PN9,31/02/2025,North\n"
        "B,06/01/2025,R2,,,,,\n"
        "A,06/01/2025,R3,20/02/2025,Early,,,\n"
        "A,06/01/2025,R4,21/02/2025,Review,,,\n"
    )
    words = {"Midway": "review", "Early": "brought forward", "Review": "not a review"}
    inputs = read_plain([path], kinds=words, keep=["team"])
    assert [(p.source, p.line, p.field, p.status) for p in inputs.problems] == [
        (str(path), 1, "", "invalid"), (str(path), 4, "meeting_date", "invalid"),
        (str(path), 6, "kind", "not counted"),
    ]  # fmt: skip
    assert [p.reason for p in inputs.problems][:2] == [
        f"{path} line 1 is above the header (line 2) and was not read: 'Export of 3 Apr 2025'",
        "meeting_date is blank",
    ]
    assert [(r.review_id, r.brought_forward) for r in inputs.reviews] == [
        ("R1", False), ("R3", True)
    ]  # fmt: skip
    assert inputs.period_rows_read == 0
    assert inputs.reviews[0].note == (
        "participation 'PN9' is not a code PN0-PN7, so participation is not counted; "
        "recorded_due '31/02/2025' is not a real date, so the case system's due date is not "
        "checked"
    )
    team = inputs.labels["team"]
    assert (team.column, team.by_period) == ("team", {("A", D(2025, 1, 6)): "North"})
    # A file without a meeting-date column: every row of it named, with the file's columns.
    other = tmp_path / "n.csv"
    other.write_text("child,period_start,meeting\nA,06/01/2025,30/01/2025\nB,06/01/2025,\n")
    reason = (
        "the file has no 'meeting_date' column for meeting_date (its columns are CHILD, "
        "PERIOD_START, MEETING); map it with columns="
    )
    assert [(p.line, p.field, p.reason) for p in read_plain([other]).problems] == [
        (2, "meeting_date", reason), (3, "meeting_date", reason)
    ]  # fmt: skip
    gone = tmp_path / "gone.csv"
    assert [(p.line, p.reason) for p in read_plain([gone]).problems] == [
        (0, f"{gone} does not exist")
    ]  # fmt: skip


def test_plain_records_under_a_title_line_are_found_in_a_workbook_and_a_file(
    tmp_path: Path,
) -> None:
    # Found by mutation testing: the plain format is recognised by its header wherever the
    # reader finds it, below a title line, in a workbook's sheet as in a CSV file.
    book, (sheet,) = _book("Meetings")
    sheet.append(["Review meetings, 2024"])
    sheet.append(["child", "period_start", "meeting_date"])
    sheet.append(["A", "01/01/2024", "10/01/2024"])
    book.save(tmp_path / "meetings.xlsx")
    (tmp_path / "more.csv").write_text(
        "Review meetings, 2024\nchild,period_start,meeting_date\nB,01/02/2024,12/02/2024\n"
    )
    inputs = read_records([tmp_path / "meetings.xlsx", tmp_path / "more.csv"])
    result = validate(inputs, as_of=D(2024, 6, 1), reviews_from=None)
    held = result.with_status(RowStatus.ON_TIME, RowStatus.LATE)
    assert [(r.child, r.meeting_date) for r in held] == [
        ("A", D(2024, 1, 10)),
        ("B", D(2024, 2, 12)),
    ]

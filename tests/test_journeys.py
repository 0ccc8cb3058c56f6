"""The users' daily work, end to end: each journey as a user makes it, with no glue code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from iro_schedule import infer_window, read_records, validate
from iro_schedule.cli import main
from iro_schedule.schedule import alerts
from iro_schedule.validation import RowStatus, caseload

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
    assert "1 rows with no meeting gave periods of care with no review yet" in (
        result.reconciliation()
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

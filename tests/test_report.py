"""Outputs: the summary, Excel-safe CSV, JSON, the HTML report (in Chromium when present), CLI."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iro_schedule import Policy, annual_figures, validate
from iro_schedule.cli import main
from iro_schedule.records import CarePeriod, CaseReview, Inputs, read_plain
from iro_schedule.reports import (
    CSV_COLUMNS,
    rows_as_csv,
    summary_text,
    to_html,
    to_json,
    write_csv,
    write_json,
)
from iro_schedule.validation import RowStatus, RowVerdict, Validation

from .doors import PLAIN, POLICIES, csv_bytes, plain_rows
from .strategies import History, as_of_for_histories, dates, histories
from .tables import check_tables, stdlib_csv

D = dt.date


def _validation() -> Validation:
    period = CarePeriod(
        child="=HYPERLINK(1)", start=D(2023, 1, 6), end=None, start_known=True, short_breaks=False
    )
    reviews = tuple(
        CaseReview(
            source="r.csv",
            line=i + 2,
            child="=HYPERLINK(1)",
            meeting_date=d,
            participation=code,
            dob=D(2015, 1, 1),
        )
        for i, (d, code) in enumerate([(D(2023, 2, 1), "PN1"), (D(2023, 5, 20), "PN7")])
    )
    inputs = Inputs(
        reviews=reviews, problems=(), periods={"=HYPERLINK(1)": (period,)}, review_rows_read=2
    )
    return validate(inputs, as_of=D(2024, 3, 31), reviews_from=None)


def test_csv_is_excel_safe_and_complete() -> None:
    result = _validation()
    text = rows_as_csv(result.rows)
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + len(result.rows)
    assert all(row[CSV_COLUMNS.index("child")] == "'=HYPERLINK(1)" for row in rows[1:])
    statuses = [row[CSV_COLUMNS.index("status")] for row in rows[1:]]
    assert statuses == ["on time", "late", "overdue"]
    late = rows[2]
    assert late[CSV_COLUMNS.index("due")] == "2023-05-01"
    assert late[CSV_COLUMNS.index("days_late")] == "19"
    assert text.endswith("\r\n")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_every_formula_start_is_neutralised(start: str) -> None:
    row = RowVerdict(
        source="f.csv", line=2, child=f"{start}cmd", status=RowStatus.INVALID, detail=f"{start}x"
    )
    data = list(csv.reader(io.StringIO(rows_as_csv([row]))))[1]
    assert data[CSV_COLUMNS.index("child")] == f"'{start}cmd"
    assert data[CSV_COLUMNS.index("reason")] == f"'{start}x"


def test_json_holds_everything() -> None:
    result = _validation()
    figures = annual_figures(result, [2023, 2024])
    document = json.loads(to_json(result, figures, ["a note"]))
    assert document["as_of"] == "2024-03-31"
    assert document["reviews_from"] is None
    assert document["notes"] == ["a note"]
    assert "(balanced)" in document["reconciliation"]
    assert [f["label"] for f in document["figures"]] == ["2022-23", "2023-24"]
    assert document["figures"][1]["late"] == 1
    assert document["figures"][1]["months"][1] == {
        "month": "2023-05",
        "held": 1,
        "on_time": 0,
        "percent_on_time": 0.0,
    }
    assert [r["status"] for r in document["rows"]] == ["on time", "late", "overdue"]
    assert document["rows"][0]["meeting_date"] == "2023-02-01"


def test_summary_text_lists_figures_and_reconciliation() -> None:
    result = _validation()
    text = summary_text(result, annual_figures(result, [2024]), ["note one"])
    lines = text.splitlines()
    assert lines[0] == "note one"
    assert any(line.startswith("Reviews held and judged") and line.endswith(" 1") for line in lines)
    assert any(
        line.startswith("  did not participate (PN7)") and line.endswith(" 1") for line in lines
    )
    assert "Reconciliation: review rows read 2 = 2 judged" in text


def test_html_is_self_contained_and_escaped() -> None:
    result = _validation()
    page = to_html(result, annual_figures(result, [2023, 2024]), ["<b>note</b>"])
    assert page.startswith("<!DOCTYPE html>")
    assert "&lt;b&gt;note&lt;/b&gt;" in page
    assert "<b>note</b>" not in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" id="monthly-chart"' in page
    assert "<circle" in page  # a month's point (a line joins months next to each other)
    assert "<script" not in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "Late and overdue reviews (2), the latest first" in page


def _chromium() -> str | None:
    return (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )


#: CI sets this: there the browser test must run, never skip.
BROWSER_REQUIRED = os.environ.get("IRO_SCHEDULE_REQUIRE_BROWSER") == "1"


@pytest.mark.skipif(
    _chromium() is None and not BROWSER_REQUIRED, reason="no Chromium on this machine"
)
def test_html_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    args = ["validate", "--sample", "--html", str(report), "--title", "Sample Council",
            "--target", "95"]  # fmt: skip
    assert main(args) == 0
    browser = _chromium()
    assert browser is not None, "CI needs Chromium for this test (.ci/run installs it)"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
        f"--user-data-dir={tempfile.mkdtemp()}",
    ]
    rendered = subprocess.run(
        [browser, *flags, "--dump-dom", report.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    dom = rendered.stdout
    assert 'id="monthly-chart"' in dom
    assert dom.count("<circle") >= 12  # the chart's months, drawn
    assert "target 95.0%" in dom
    assert "<title>Sample Council: " in dom
    # No errors in the page's console (nothing failed to load or run).
    assert "CONSOLE" not in rendered.stderr, rendered.stderr
    # A screenshot, kept as a CI artifact.
    shot = Path(__file__).parents[1] / "build" / "report-screenshot.png"
    shot.parent.mkdir(exist_ok=True)
    subprocess.run(
        [browser, *flags, "--window-size=1200,1600", f"--screenshot={shot}", report.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 20_000


def test_cli_validate_on_the_bundled_sample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_csv, out_json = tmp_path / "v.csv", tmp_path / "v.json"
    assert main(["validate", "--sample", "--csv", str(out_csv), "--json", str(out_json)]) == 0
    text = capsys.readouterr().out
    assert "Reviews held and judged" in text
    assert "2021-22   2022-23   2023-24   2024-25" in text
    assert "(balanced)" in text
    document = json.loads(out_json.read_text(encoding="utf-8"))
    statuses = {r["status"] for r in document["rows"]}
    assert statuses == {
        "on time",
        "late",
        "overdue",
        "not assessable",
        "invalid",
        "duplicate",
        "not counted",
    }
    with open(out_csv, encoding="utf-8", newline="") as handle:
        assert len(list(csv.reader(handle))) == 1 + len(document["rows"])


def test_cli_validate_progress_names_each_phase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Shown from the start, on standard error, one line per stretch rewritten in place: the
    # reading, the figures, then each output written. Never, or (by default) only once a run
    # has taken two seconds, which the sample does not: then standard error is empty.
    out_json, out_html = tmp_path / "v.json", tmp_path / "v.html"
    args = ["validate", "--sample", "--json", str(out_json), "--html", str(out_html)]
    assert main([*args, "--progress", "always"]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("\rreading 13 files")
    assert "\rcomputing the figures" in captured.err
    assert f"\rwriting {out_json}" in captured.err
    assert f"\rwriting {out_html}" in captured.err
    assert captured.err.endswith("\n") and "wrote" not in captured.err  # noqa: PT018
    assert f"wrote {out_json}\nwrote {out_html}\n" in captured.out
    for choice in ("never", "auto"):
        assert main([*args, "--progress", choice]) == 0
        assert capsys.readouterr().err == ""


def test_cli_validate_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 2
    assert "give CSV files or directories to read, or --sample" in capsys.readouterr().err
    assert main(["validate", "--sample", "--columns", "child"]) == 2
    assert "is not NAME=HEADER" in capsys.readouterr().err
    assert main(["validate", "--sample", "--columns", "when=Date"]) == 2
    assert "unknown column name" in capsys.readouterr().err
    assert main(["validate", str(tmp_path / "missing.csv")]) == 2
    assert "missing.csv" in capsys.readouterr().err


def test_cli_validate_options(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "validate",
        "--sample",
        "--years",
        "2025",
        "--as-of",
        "2025-03-31",
        "--reviews-from",
        "2021-04-01",
        "--counted-meeting",
        "last",
    ]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "As of Mon 31 Mar 2025, as given." in text
    assert "2024-25" in text
    assert "2023-24" not in text.split("Reconciliation")[0].split("% within timescale by")[0]


def test_summary_columns_widen_for_national_counts() -> None:
    result = _validation()
    figures = annual_figures(result, [2023, 2024])
    big = [
        attrs.evolve(
            f,
            held=1_234_567,
            months=tuple(attrs.evolve(m, held=123_456, on_time=100_000) for m in f.months),
        )
        for f in figures
    ]
    text = summary_text(result, big, [])
    held = next(line for line in text.splitlines() if line.startswith("Reviews held"))
    assert held.split()[-2:] == ["1234567", "1234567"]
    monthly = [line for line in text.splitlines() if line.startswith(("2022-23", "2023-24"))]
    assert len(monthly) == 2
    for line in monthly:
        assert line.split()[1:] == ["81.0", "(123456)"] * 12


@pytest.mark.parametrize("rows", [0, 1, 3])
def test_json_streamed_is_the_document_json_dumps_writes(rows: int) -> None:
    """write_json streams the rows; the text is exactly json.dumps(document, indent=2)'s."""
    result = _validation()
    result = attrs.evolve(result, rows=tuple(result.rows)[:rows])
    figures = annual_figures(result, [2024])
    document = {
        "title": None,
        "made_on": None,
        "as_of": "2024-03-31",
        "reviews_from": None,
        "notes": ['n\u00f6te "quoted"\nnext line'],
        "reconciliation": result.reconciliation(),
        "figures": json.loads(to_json(result, figures, []))["figures"],
        "by": {},
        "caseloads": {},
        "rows": [{c: _json_cell(getattr(r, c)) for c in CSV_COLUMNS} for r in result.rows],
        "problems": [attrs.asdict(p) for p in result.problems],
        "recorded_due_dates": None,  # the input gives no case-system due date
    }
    streamed = io.StringIO()
    write_json(result, figures, document["notes"], streamed)
    assert streamed.getvalue() == json.dumps(document, indent=2, ensure_ascii=False)
    assert to_json(result, figures, document["notes"]) == streamed.getvalue()


def _json_cell(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, RowStatus):
        return value.value
    return value


def test_csv_written_to_a_file_as_it_is_made(tmp_path: Path) -> None:
    result = _validation()
    path = tmp_path / "verdicts.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        assert write_csv(iter(result.rows), handle) == len(result.rows)
    assert path.read_bytes().decode("utf-8") == rows_as_csv(result.rows)


#: Text the standard library's CSV writer can write on every Python supported (3.10's refuses
#: a NUL character without an escape character).
#: (Nor a lone surrogate, which no file can hold.)
_TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=8)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    found=st.lists(histories(), min_size=1, max_size=4),
    names=st.lists(_TEXT.filter(str.strip), min_size=4, max_size=4),
    policy=st.sampled_from(POLICIES),
    data=st.data(),
)
def test_the_tables_written_from_judged_values_are_the_rows(
    found: list[History], names: list[str], policy: Policy, data: st.DataObject
) -> None:
    """Plain records (reviews of several meetings, brought forward, regimes of their own,
    children named with commas, quotes and formula starts): the CSV and JSON rows, written
    without making each row, are what the standard library writes from the rows made."""
    named = enumerate(zip(found, names[: len(found)], strict=True))
    found = [dataclasses.replace(h, child=f"{name}{i}") for i, (h, name) in named]
    as_of = data.draw(as_of_for_histories(found))
    inputs = read_plain(["p.csv"], data={"p.csv": csv_bytes(PLAIN, plain_rows(found))})
    check_tables(validate(inputs, as_of=as_of, reviews_from=None, policy=policy))


@given(
    st.lists(
        st.builds(
            RowVerdict,
            source=_TEXT,
            line=st.none() | st.integers(),
            child=_TEXT,
            status=st.sampled_from(RowStatus),
            detail=_TEXT,
            meeting_date=st.none() | dates(),
            review_id=_TEXT,
            meeting=st.integers(0, 3),
            brought_forward=st.booleans(),
            participation=_TEXT,
            # Values of other types than a row's (rows made by hand): written as the CSV
            # module writes their text.
            age=st.one_of(st.none(), st.integers(), _TEXT),
        )
    )
)
def test_every_cell_is_written_as_the_csv_module_writes_it(rows: list[RowVerdict]) -> None:
    assert rows_as_csv(rows) == stdlib_csv(rows)


def test_write_csv_says_how_many_rows_it_has_written() -> None:
    row = RowVerdict(source="f.csv", line=2, child="A", status=RowStatus.INVALID, detail="x")
    said: list[int] = []
    out = io.StringIO()
    assert write_csv([row] * 25_000, out, progress=said.append) == 25_000
    assert said == [10_000, 20_000]
    assert out.getvalue().count("\r\n") == 25_001

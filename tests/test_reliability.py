"""Nothing lost, nothing destroyed: files as they come out of case systems and Excel, and the
command line misused, each with the outcome a council can rely on (docs/reliability.md).

Each attack builds its input in the test and asserts the exact outcome: the exit status, the
message's file, line and field, the rows read, and which files exist afterwards, with what.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iro_schedule import infer_window, read_records, validate
from iro_schedule.cli import main
from iro_schedule.errors import IroScheduleError, UnreadableFileError
from iro_schedule.records import (
    EPISODE_COLUMNS,
    HEADER_COLUMNS,
    REVIEW_COLUMNS,
    read_plain,
    read_table,
)

D = dt.date
EPISODES = ",".join(EPISODE_COLUMNS)
REVIEWS = ",".join(REVIEW_COLUMNS)


def returns(folder: Path, reviews: list[str], *, year: int = 2024) -> Path:
    """A minimal SSDA903 return: child A in care from 1 Jun 2023, and the review rows given
    (each ``CHILD,DOB,REVIEW,REVIEW_CODE``)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"ssda903_{year}_episodes.csv").write_text(
        f"{EPISODES}\nA,01/06/2023,S,C2,N1,U6,PR1,,,,,,\nB,01/06/2023,S,C2,N1,U6,PR1,,,,,,\n"
    )
    (folder / f"ssda903_{year}_header.csv").write_text(
        f"{','.join(HEADER_COLUMNS)}\nA,1,01/01/2012,WBRI,,,\nB,2,01/01/2012,WBRI,,0,\n"
    )
    (folder / f"ssda903_{year}_reviews.csv").write_text("\n".join([REVIEWS, *reviews]) + "\n")
    return folder


GOOD = ["A,01/01/2012,26/06/2023,PN1", "B,01/01/2012,27/06/2023,PN1"]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


# --- 1. outputs never destroy inputs or earlier reports ---------------------------------------


def test_an_output_that_is_an_input_is_refused_before_anything_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = returns(tmp_path / "returns", GOOD)
    target = folder / "ssda903_2024_reviews.csv"
    before = target.read_bytes()
    status, _, err = run(["validate", str(folder), "--csv", str(target)], capsys)
    assert status == 2
    assert f"--csv {target}: is one of the files being read; write it elsewhere" in err
    assert target.read_bytes() == before
    status, _, err = run(["ics", str(folder), "--out", str(target)], capsys)
    assert (status, target.read_bytes()) == (2, before)
    assert "--out" in err


def test_an_output_in_a_folder_being_read_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = returns(tmp_path / "returns", GOOD)
    status, _, err = run(["validate", str(folder), "--csv", str(folder / "verdicts.csv")], capsys)
    assert status == 2
    assert "is in a folder being read, so the next run would read it as an input" in err
    assert not (folder / "verdicts.csv").exists()


def test_one_file_for_two_outputs_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = returns(tmp_path / "returns", GOOD)
    out = tmp_path / "x"
    status, _, err = run(["validate", str(folder), "--csv", str(out), "--json", str(out)], capsys)
    assert status == 2
    assert f"--json {out}: is also given to --csv; give each its own file" in err
    assert not out.exists()


def test_outputs_are_put_in_place_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = returns(tmp_path / "returns", GOOD)
    csv_out, json_out = tmp_path / "v.csv", tmp_path / "v.json"
    status, out, _ = run(
        ["validate", str(folder), "--csv", str(csv_out), "--json", str(json_out)], capsys
    )
    assert status == 0
    assert f"wrote {csv_out}" in out and f"wrote {json_out}" in out  # noqa: PT018
    assert sorted(p.name for p in tmp_path.iterdir()) == ["returns", "v.csv", "v.json"]


# --- 2. a stray quote swallows no rows ------------------------------------------------------


def test_a_stray_quote_swallows_no_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = ['A,01/01/2012,"26/06/2023,PN1', "B,01/01/2012,27/06/2023,PN1",
            "A,01/01/2012,20/09/2023,PN1", "B,01/01/2012,21/09/2023,PN1"]  # fmt: skip
    folder = returns(tmp_path / "returns", rows)
    inputs = read_records(folder)
    assert inputs.review_rows_read == 4
    (problem,) = [p for p in inputs.problems if "quote" in p.reason]
    assert (problem.line, problem.source) == (2, str(folder / "ssda903_2024_reviews.csv"))
    assert "line 2 opens a quote that is not closed before line 5 (the end of the file)" in (
        problem.reason
    )
    window = infer_window(inputs)
    result = validate(inputs, as_of=window.as_of, reviews_from=None)
    assert "review rows read 4 =" in result.reconciliation()
    assert "(balanced)" in result.reconciliation()
    # B's reviews are B's, not swallowed into A's row: both judged, on time.
    judged = [(r.meeting_date, r.status.value) for r in result.rows if r.child == "B"]
    assert judged[:2] == [(D(2023, 6, 27), "on time"), (D(2023, 9, 21), "on time")]


# --- 3, 5, 7: what is not CSV text, and CSV as Excel writes it ---------------------------------


def test_spreadsheets_folders_and_empty_files_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = returns(tmp_path / "returns", GOOD)
    (folder / "extra.xlsx").write_bytes(b"PK\x03\x04" + bytes(100))
    (folder / "zipped.csv").write_bytes(b"PK\x03\x04" + bytes(100))
    (folder / "2023").mkdir()
    (folder / "empty.csv").write_bytes(b"")
    (folder / "notes.txt").write_text("not data")  # not CSV, not a spreadsheet: passed over
    inputs = read_records(folder)
    reasons = {Path(p.source).name: p.reason for p in inputs.problems}
    assert "extra.xlsx could not be read as a spreadsheet (" in reasons["extra.xlsx"]
    assert (
        "zipped.csv is an Excel workbook (or another zip file), not CSV text"
        in reasons["zipped.csv"]
    )
    assert "2023 is a folder inside a folder given, so it was not read" in reasons["2023"]
    assert reasons["empty.csv"].endswith("empty.csv is empty (it has no header line and no rows)")
    assert "notes.txt" not in reasons
    assert inputs.review_rows_read == 2
    # A problem with a file as a whole names no child, field or value.
    for problem in inputs.problems:
        assert (problem.line, problem.child, problem.field, problem.value) == (0, "", "", "")


def test_a_run_that_reads_nothing_says_why_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    returns(tmp_path / "returns" / "2024", GOOD)  # year subfolders, not read inside a folder
    status, out, err = run(["validate", str(tmp_path / "returns")], capsys)
    assert status == 2
    assert out == ""
    assert err.startswith(
        "iro-schedule: error: no review rows and no periods of care were read, so there is "
        f"nothing to judge: {tmp_path / 'returns' / '2024'} is a folder inside a folder given"
    )
    (tmp_path / "nothing").mkdir()
    status, _, err = run(["validate", str(tmp_path / "nothing")], capsys)
    assert (status, "no CSV files were found in the paths given" in err) == (2, True)
    export = tmp_path / "export"
    export.mkdir()
    (export / "meetings.csv").write_text("ChildID,StartDate,MeetingDate\nA,2023-06-01,2023-06-26\n")
    status, _, err = run(["validate", str(export)], capsys)
    assert status == 2
    assert "is not a 903 Header, Episodes or Reviews table (its columns are CHILDID" in err
    assert "its 1 rows were not read" in err


def test_read_records_takes_one_folder_as_a_string(tmp_path: Path) -> None:
    folder = returns(tmp_path / "returns", GOOD)
    assert read_records(str(folder)).review_rows_read == 2


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Excel's sep= line", "sep=,\r\n" + REVIEWS + "\r\n{a}\r\n{b}\r\n"),
        ("semicolons", REVIEWS.replace(",", ";") + "\n{a;}\n{b;}\n"),
        ("tabs", REVIEWS.replace(",", "\t") + "\n{a\t}\n{b\t}\n"),
        ("a title line", "Reviews 2023-24 (exported 3 Apr 2024)\n" + REVIEWS + "\n{a}\n{b}\n"),
        ("a zero-width space before CHILD", "\u200b" + REVIEWS + "\n{a}\n{b}\n"),
        ("REVIEW twice", REVIEWS + ",REVIEW\n{a},x\n{b},y\n"),
        ("a cell of 200 KiB", REVIEWS + ",NOTE\n{a}," + "x" * 200_000 + "\n{b},\n"),
        ("NUL bytes", REVIEWS + "\n{a}\x00\n{b}\n"),
    ],
)
def test_csv_as_excel_and_case_systems_write_it(tmp_path: Path, name: str, text: str) -> None:
    rows = {"a": GOOD[0], "b": GOOD[1], "a;": GOOD[0].replace(",", ";"),
            "b;": GOOD[1].replace(",", ";"), "a\t": GOOD[0].replace(",", "\t"),
            "b\t": GOOD[1].replace(",", "\t")}  # fmt: skip
    folder = returns(tmp_path / "returns", [])
    body = text
    for key, row in rows.items():
        body = body.replace("{" + key + "}", row)
    (folder / "ssda903_2024_reviews.csv").write_bytes(body.encode("utf-8"))
    inputs = read_records(folder)
    assert inputs.review_rows_read == 2, inputs.problems
    assert sorted(r.child for r in inputs.reviews) == ["A", "B"]
    notes = [p.reason for p in inputs.problems]
    if name == "a title line":
        assert any("line 1 is above the header (line 2) and was not read" in n for n in notes)
    if name == "REVIEW twice":
        assert any("has the column REVIEW 2 times (columns 3 and 5); the first was read" in n
                   for n in notes)  # fmt: skip
    if name == "NUL bytes":
        assert any("held 1 NUL byte, which was removed" in n for n in notes)


def test_utf16_is_read_with_its_byte_order_mark_and_refused_without(tmp_path: Path) -> None:
    folder = returns(tmp_path / "returns", [])
    text = "\r\n".join([REVIEWS, *GOOD]) + "\r\n"
    reviews = folder / "ssda903_2024_reviews.csv"
    reviews.write_bytes(text.encode("utf-16"))  # with its byte-order mark, as Excel writes it
    assert read_records(folder).review_rows_read == 2
    reviews.write_bytes(text.encode("utf-16-le"))  # without
    (problem,) = [p for p in read_records(folder).problems if p.source == str(reviews)]
    assert "looks like UTF-16 text with no byte-order mark" in problem.reason


def test_a_file_level_problem_is_reported_once(tmp_path: Path) -> None:
    folder = returns(tmp_path / "returns", GOOD)
    lines = [EPISODES.replace(",DEC,", ",DATE_ENDED,")]
    lines += [f"C{i},01/06/2023,S,C2,N1,U6,PR1,,,,,," for i in range(3000)]
    (folder / "ssda903_2024_episodes.csv").write_text("\n".join(lines) + "\n")
    problems = [p for p in read_records(folder).problems if "episodes" in p.source]
    assert len(problems) == 1
    assert "has no DEC column, so none of its 3,000 episode rows was read" in problems[0].reason
    assert (problems[0].line, problems[0].child, problems[0].field, problems[0].value) == (
        0, "", "DEC", ""
    )  # fmt: skip


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_named_like_a_csv_file_does_not_hang_the_run(tmp_path: Path) -> None:
    folder = returns(tmp_path / "returns", GOOD)
    os.mkfifo(folder / "pipe.csv")
    inputs = read_records(folder)
    (problem,) = [p for p in inputs.problems if p.source.endswith("pipe.csv")]
    assert problem.reason == (
        f"{folder / 'pipe.csv'} is not a regular file (a pipe or a device), so it was not read"
    )
    # The files are listed in the folder's order, the pipe among them where it lies (found by
    # mutation testing: a file that is not a CSV file is named by the SSDA903 reader, in turn).
    names = [Path(source).name for source in inputs.sources]
    assert names == sorted(names)
    assert "pipe.csv" in names


# --- 8. arguments, interrupts and terminals ---------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "--sample", "--years", "0"], "'0': a reporting year"),
        (["due", "2025-01-06", "--proposed", "9999-12-31"], "'9999-12-31' is outside 1900 to 2199"),
        (["ics", "--sample", "--out", "x.ics", "--care-plan-days", "-1"], "'-1': a number of days"),
        (["alerts", "--sample", "--within", "many"], "'many' is not a whole number"),
    ],
)
def test_arguments_out_of_range_are_refused_by_name(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_control_characters_in_the_data_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = returns(tmp_path / "returns", GOOD)
    episodes = folder / "ssda903_2024_episodes.csv"
    episodes.write_text(episodes.read_text() + "X\x1b[2J,01/06/2023,S,C2,N1,U6,PR1,,,,,,\n")
    status, out, _ = run(["alerts", str(folder), "--as-of", "2024-03-31"], capsys)
    assert status == 0
    assert "X\\x1b[2J" in out
    assert "\x1b" not in out


def test_a_terminal_that_cannot_show_a_character_gets_an_escape(tmp_path: Path) -> None:
    folder = returns(tmp_path / "returns", GOOD)
    episodes = folder / "ssda903_2024_episodes.csv"
    episodes.write_text(episodes.read_text() + "Łukasz,01/06/2023,S,C2,N1,U6,PR1,,,,,,\n")
    done = subprocess.run(
        [sys.executable, "-m", "iro_schedule", "alerts", str(folder), "--as-of", "2024-03-31"],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "cp1252"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"\\u0141ukasz" in done.stdout


def _big_returns(folder: Path, children: int) -> Path:
    """A caseload big enough that writing its verdicts takes a while."""
    folder.mkdir(parents=True)
    episodes = [EPISODES] + [f"C{i},01/06/2023,S,C2,N1,U6,PR1,,,,,," for i in range(children)]
    reviews = [REVIEWS] + [f"C{i},01/01/2012,26/06/2023,PN1" for i in range(children)]
    (folder / "ssda903_2024_episodes.csv").write_text("\n".join(episodes) + "\n")
    (folder / "ssda903_2024_reviews.csv").write_text("\n".join(reviews) + "\n")
    return folder


def test_ctrl_c_while_writing_leaves_the_earlier_report_and_no_partial_file(
    tmp_path: Path,
) -> None:
    folder = _big_returns(tmp_path / "returns", 60_000)
    out = tmp_path / "out"
    out.mkdir()
    (out / "verdicts.json").write_text("last month's report")
    command = [sys.executable, "-m", "iro_schedule", "validate", str(folder),
               "--csv", str(out / "verdicts.csv"), "--json", str(out / "verdicts.json"),
               "--html", str(out / "report.html")]  # fmt: skip
    # Ctrl-C as at a terminal, even when the tests run as a background job (whose children
    # start with SIGINT ignored).
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )
    deadline = time.monotonic() + 120
    while not any(p.name.endswith(".part") for p in out.iterdir()):  # writing has begun
        assert process.poll() is None, "the run ended before it began writing"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130
    # (A progress line may come first, on a slow machine.)
    assert err.decode().strip().splitlines()[-1] == "iro-schedule: interrupted; no output written"
    assert sorted(p.name for p in out.iterdir()) == ["verdicts.json"]
    assert (out / "verdicts.json").read_text() == "last month's report"


def test_a_full_disk_leaves_the_earlier_report_and_no_partial_file(tmp_path: Path) -> None:
    folder = _big_returns(tmp_path / "returns", 5_000)
    out = tmp_path / "out"
    out.mkdir()
    (out / "verdicts.csv").write_text("last month's verdicts")

    def small_disk() -> None:  # files may not grow past 200 KB, as on a nearly full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it fails, not the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "iro_schedule",
            "validate",
            str(folder),
            "--csv",
            str(out / "verdicts.csv"),
        ],
        capture_output=True,
        preexec_fn=small_disk,
        check=False,
    )
    assert done.returncode == 2
    assert b"File too large" in done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["verdicts.csv"]
    assert (out / "verdicts.csv").read_text() == "last month's verdicts"


def test_an_unexpected_error_is_one_line_unless_debugging(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = returns(tmp_path / "returns", GOOD)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr(json, "dumps", broken)  # a fault deep in writing the JSON
    status, _, err = run(["validate", str(folder), "--json", str(tmp_path / "v.json")], capsys)
    assert status == 1
    assert err == (
        "iro-schedule: unexpected error (RuntimeError: something nobody expected); no output "
        "written. Run again with --debug to see where, and please report it\n"
    )
    assert not (tmp_path / "v.json").exists()
    with pytest.raises(RuntimeError, match="something nobody expected"):
        main(["validate", str(folder), "--json", str(tmp_path / "v.json"), "--debug"])


# --- the hypothesis test: corrupted files never raise, and every line is a row ---------------


def _records(text: str) -> int:
    """The rows a file holds, counted independently: its non-blank lines after the header."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    filled = [line for line in lines if line.replace("\x00", "").strip(' ,;\t"')]
    return max(len(filled) - 1, 0)


PLAIN = "child,period_start,review_id,meeting_date,kind"
PLAIN_ROWS = [
    "A,2023-06-01,R1,2023-06-26,review",
    "A,2023-06-01,R2,2023-09-20,LAC review",
    "B,2023-06-01,R1,2023-06-27,",
    "B,01/06/2023,M1,2023-08-01,midway review",
]


@st.composite
def corrupted(draw: st.DrawFn) -> tuple[str, bytes, int]:
    """A valid SSDA903 Reviews table or plain-format export, corrupted as files are on their way
    through Excel and e-mail: (file name, bytes, rows it holds)."""
    plain = draw(st.booleans())
    kinds = PLAIN_ROWS if plain else [*GOOD, "A,01/01/2012,20/09/2023,PN2", "B,,31/02/2023,PN9"]
    rows = draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=8))
    separator = draw(st.sampled_from([",", ";", "\t"]))
    lines = [PLAIN if plain else REVIEWS, *rows]
    lines = [line.replace(",", separator) for line in lines]
    if draw(st.booleans()):  # one stray quote, anywhere
        at = draw(st.integers(1, len(lines) - 1))
        column = draw(st.integers(0, len(lines[at])))
        lines[at] = lines[at][:column] + '"' + lines[at][column:]
    if draw(st.booleans()):  # the header again, part way down
        lines.insert(draw(st.integers(1, len(lines))), lines[0])
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    text = ending.join(lines) + ending
    if draw(st.booleans()):  # cut off part way through the last line
        text = text[: draw(st.integers(len(lines[0]) + 1, len(text)))]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    name = "meetings.csv" if plain else "ssda903_2024_reviews.csv"
    return name, text.encode(encoding), _records(text)


@settings(deadline=None)
@given(case=corrupted())
def test_corrupted_files_never_raise_and_every_line_is_a_row(
    case: tuple[str, bytes, int], tmp_path_factory: pytest.TempPathFactory
) -> None:
    name, data, records = case
    folder = tmp_path_factory.mktemp("corrupted")
    (folder / name).write_bytes(data)
    inputs = read_records(folder)
    # (A plain-format row with no meeting, say one cut short, is a period with no review yet.)
    assert inputs.review_rows_read + inputs.period_rows_read == records
    result = validate(inputs, as_of=D(2024, 3, 31), reviews_from=None)
    assert "(balanced)" in result.reconciliation()


def test_read_table_reads_every_line_of_a_stray_quote(tmp_path: Path) -> None:
    data = b'CHILD,REVIEW\nA,"20/07/2023\nB,21/07/2023\nC,22/07/2023\n'
    table = read_table("x.csv", data=data)
    assert [(r.line, r.get("CHILD")) for r in table.rows] == [(2, "A"), (3, "B"), (4, "C")]
    # A cell holding a line break, quoted as it should be, is one cell.
    data = b'CHILD,NOTE,REVIEW\nA,"two\nlines",20/07/2023\nB,,21/07/2023\n'
    table = read_table("x.csv", data=data)
    assert [(r.line, r.get("NOTE")) for r in table.rows] == [(2, "two\nlines"), (4, "")]
    assert table.notes == ()


def test_a_stray_quote_in_a_semicolon_file_over_a_blank_line(tmp_path: Path) -> None:
    # Each line of the stretch is read on its own with the file's own delimiter; a blank line
    # in it gives no row; the note says where the quote opened and how far it would have run.
    data = b'sep=;\r\nCHILD;REVIEW\r\nA;"20/07/2023\r\n\r\nB;21/07/2023\r\nC;22/07/2023\r\n'
    table = read_table("x.csv", data=data)
    assert [(r.line, r.get("CHILD"), r.get("REVIEW")) for r in table.rows] == [
        (3, "A", "20/07/2023"), (5, "B", "21/07/2023"), (6, "C", "22/07/2023")
    ]  # fmt: skip
    assert table.notes == (
        (3, "opens a quote that is not closed before line 6 (the end of the file), which would "
            "run lines 3 to 6 into one row; each line was read on its own: remove the stray "
            "quote"),
    )  # fmt: skip
    # A quote closed on a later line, the row as wide as the header, is a cell holding a line
    # break, as CSV allows: one row, no note.
    data = b'CHILD,REVIEW\nA,"20/07/2023\nB,21/07/2023"\nC,22/07/2023\n'
    table = read_table("x.csv", data=data)
    assert [(r.line, r.get("REVIEW")) for r in table.rows] == [
        (2, "20/07/2023\nB,21/07/2023"), (4, "22/07/2023")
    ]  # fmt: skip
    assert table.notes == ()


def test_a_stray_quote_closed_lines_later_in_a_row_too_wide(tmp_path: Path) -> None:
    # The quote closes on line 4, but the row it would make is wider than the header: each line
    # is read on its own (its cells as written, the last one's "X" kept), and the note names
    # where the quote closed, not the end of the file.
    data = (
        b'CHILD,REVIEW,CODE\nA,"20/07/2023,PN1\nB,21/07/2023,PNX\nC,22/07/2023",PN1,extra\n'
        b"D,23/07/2023,PN1\n"
    )
    table = read_table("x.csv", data=data)
    assert [(r.line, r.get("CHILD"), r.get("REVIEW"), r.get("CODE")) for r in table.rows] == [
        (2, "A", "20/07/2023,PN1", ""), (3, "B", "21/07/2023", "PNX"),
        (4, "C", '22/07/2023"', "PN1"), (5, "D", "23/07/2023", "PN1"),
    ]  # fmt: skip
    assert table.notes == (
        (2, "opens a quote that is not closed before line 4, which would run lines 2 to 4 into "
            "one row; each line was read on its own: remove the stray quote"),
    )  # fmt: skip


def test_a_file_neither_utf8_nor_all_windows_1252_is_read_with_replacements(
    tmp_path: Path,
) -> None:
    # Windows-1252 text (Zoë) with a byte that code page leaves undefined (0x81): every row is
    # read, the undefined byte shown as the replacement character.
    folder = returns(tmp_path / "returns", [])
    rows = [GOOD[0], "Zo\xeb,01/01/2012,27/06/2023,PN1", "\x81,01/01/2012,27/06/2023,PN1"]
    (folder / "ssda903_2024_reviews.csv").write_bytes(
        "\r\n".join([REVIEWS, *rows, ""]).encode("latin-1")
    )
    inputs = read_records(folder)
    assert [r.child for r in inputs.reviews] == ["A", "Zo\u00eb", "\ufffd"]
    assert inputs.problems == ()


def test_a_broken_link_in_a_folder_is_named(tmp_path: Path) -> None:
    folder = returns(tmp_path / "returns", GOOD)
    (folder / "notes").symlink_to(folder / "gone")
    inputs = read_records(folder)
    assert [p.reason for p in inputs.problems] == [f"{folder / 'notes'} does not exist"]
    assert inputs.review_rows_read == 2


def test_a_reviews_file_without_its_child_and_date_columns_names_both(tmp_path: Path) -> None:
    folder = returns(tmp_path / "returns", [])
    (folder / "ssda903_2024_reviews.csv").write_text(
        "KID,DOB,WHEN,REVIEW_CODE\nX,01/01/2012,20/06/2023,PN1\n"
    )
    (problem,) = read_records(folder).problems
    assert (problem.line, problem.field, problem.reason) == (
        2, "CHILD", "the file has no CHILD or REVIEW column, so this row cannot be read as a review"
    )  # fmt: skip


def test_read_table_refuses_a_workbook_and_names_why(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["CHILD", "REVIEW"])
    book.save(tmp_path / "w.xlsx")
    with pytest.raises(UnreadableFileError) as refused:
        read_table(tmp_path / "w.xlsx")
    assert refused.value.record == str(tmp_path / "w.xlsx")
    assert refused.value.reason == "is a spreadsheet: give its sheets, not the file"
    assert str(refused.value) == f"{tmp_path / 'w.xlsx'}: {refused.value.reason}"
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04" + bytes(50))
    with pytest.raises(
        UnreadableFileError, match=r"bad.xlsx: could not be read as a spreadsheet \("
    ):
        read_table(tmp_path / "bad.xlsx")


def test_read_table_refuses_what_is_not_a_table_with_an_error_of_the_library(
    tmp_path: Path,
) -> None:
    # It was a private exception, not an IroScheduleError (nor a ValueError).
    (tmp_path / "folder").mkdir()
    (tmp_path / "utf16.csv").write_bytes("CHILD,REVIEW\nA,01/01/2024\n".encode("utf-16-le"))
    cases = {
        "gone.csv": "does not exist",
        "folder": "is a folder inside a folder given",
        "utf16.csv": "looks like UTF-16 text with no byte-order mark",
    }
    for name, reason in cases.items():
        with pytest.raises(IroScheduleError) as refused:
            read_table(tmp_path / name)
        assert isinstance(refused.value, UnreadableFileError)
        assert isinstance(refused.value, ValueError)
        assert refused.value.record == str(tmp_path / name)
        assert refused.value.reason.startswith(reason)


def test_plain_files_that_cannot_be_opened_are_named_with_why(tmp_path: Path) -> None:
    # Found by mutation testing: the plain reader's own account of a folder inside a folder,
    # and of a path the system cannot open (not only the SSDA903 reader's).
    folder = tmp_path / "meetings"
    (folder / "older").mkdir(parents=True)
    (folder / "a.csv").write_text("child,period_start,meeting_date\nA,01/01/2024,10/01/2024\n")
    inputs = read_plain([folder, folder / "a.csv" / "b.csv"])
    assert [(Path(p.source).name, p.reason) for p in inputs.problems] == [
        (
            "older",
            f"{folder / 'older'} is a folder inside a folder given, so it was not read: give it "
            "by name too (folders are not read inside folders)",
        ),
        (
            "b.csv",
            f"{folder / 'a.csv' / 'b.csv'} could not be read: [Errno 20] Not a directory: "
            f"'{folder / 'a.csv' / 'b.csv'}'",
        ),
    ]
    assert inputs.review_rows_read == 1

"""The iro-schedule command line."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import iro_schedule
from iro_schedule import sample_data
from iro_schedule.cli import main


def test_due_prints_the_first_review_due_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", "2024-12-20"]) == 0
    assert capsys.readouterr().out == "First review due by Wed 22 Jan 2025.\n"


def test_due_with_reviews_prints_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "due",
        "2024-12-20",
        "--review",
        "2025-01-20",
        "--review",
        "2025-04-10,2025-04-24",
        "--as-of",
        "2025-11-01",
    ]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("  1  due 2025-01-22  on time ")
    assert lines[1].startswith("  2  due 2025-04-20  on time ")
    assert "held over 2 meetings" in lines[1]
    assert lines[2].startswith("  3  due 2025-10-10  overdue ")
    assert lines[3] == "Review 3 is due by Fri 10 Oct 2025."


def test_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", "2024-09-02", "--count-start-day"]) == 0
    assert "Fri 27 Sep 2024" in capsys.readouterr().out
    assert main(["due", "2024-11-30", "--regime", "ENGLAND_SHORT_BREAKS_2010"]) == 0
    assert "Fri 28 Feb 2025" in capsys.readouterr().out
    args = [
        "due",
        "2025-01-06",
        "--review",
        "2025-01-30",
        "--review",
        "2025-04-28,2025-05-12",
        "--counted-meeting",
        "last",
    ]
    assert main(args) == 0
    assert "12 days late" in capsys.readouterr().out
    assert main(["due", "2025-01-06", "--review", "2025-01-30", "--end", "2025-03-01"]) == 0
    assert "No review 2 is due: the period of care ended first." in capsys.readouterr().out


def test_bad_input_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", "2024-12-20", "--review", "2024-12-01"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("iro-schedule: error: reviews[0]: first meeting Sun 1 Dec 2024 is before")
    with pytest.raises(SystemExit) as info:
        main(["due", "12/20/2024"])  # month first: not a date, never guessed
    assert info.value.code == 2
    assert "'12/20/2024' is not a date in the form dd/mm/YYYY or YYYY-MM-DD" in (
        capsys.readouterr().err
    )
    assert main(["due", "1990-01-01"]) == 2
    assert "no review regime was in force on Mon 1 Jan 1990" in capsys.readouterr().err


def test_dates_as_the_files_write_them_or_iso(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", "20/12/2024"]) == main(["due", "2024-12-20"]) == 0
    first, second = capsys.readouterr().out.splitlines()
    assert first == second == "First review due by Wed 22 Jan 2025."


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith(f"iro-schedule {iro_schedule.__version__} (holidays ")


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "iro_schedule", "due", "2011-04-01"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == "First review due by Thu 5 May 2011.\n"


def test_the_command_ends_at_once_with_everything_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command ends without freeing what a run made; its output is all there first, as
    the same run in this process writes it (standard output buffered, as a pipe's is)."""
    shutil.copytree(sample_data(), tmp_path / "returns")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "returns", "--csv", "here.csv"]) == 0
    here = capsys.readouterr().out
    done = subprocess.run(
        [sys.executable, "-m", "iro_schedule", "validate", "returns", "--csv", "there.csv"],
        capture_output=True,
        text=True,
        check=False,
        env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
    )
    assert done.returncode == 0
    assert done.stdout == here.replace("here.csv", "there.csv")
    assert Path("there.csv").read_bytes() == Path("here.csv").read_bytes()


def test_the_engine_asked_for_is_used(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    found = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "polars" else found(name, *a)
    )
    assert main(["validate", "--sample", "--engine", "polars"]) == 2
    assert "engine='polars' needs polars: install" in capsys.readouterr().err
    assert main(["validate", "--sample", "--engine", "python"]) == 0
    with pytest.raises(SystemExit):
        main(["validate", "--sample", "--engine", "pandas"])
    assert "invalid choice: 'pandas'" in capsys.readouterr().err

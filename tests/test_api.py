"""The public face: a small core, sub-namespaces loaded on use, and a light import for the core."""

from __future__ import annotations

import importlib
import pathlib
import re
import subprocess
import sys

import pytest

import iro_schedule

NAMESPACES = ("arrays", "cli", "errors", "frames", "records", "reports", "schedule", "validation")


def test_every_public_name_resolves() -> None:
    for name in iro_schedule.__all__:
        assert getattr(iro_schedule, name) is not None, name
    assert sorted(iro_schedule.__all__) == sorted(set(iro_schedule.__all__))
    assert set(dir(iro_schedule)) == set(iro_schedule.__all__)


def test_the_core_face_is_small_and_the_rest_is_in_namespaces() -> None:
    core = [n for n in iro_schedule.__all__ if n not in NAMESPACES and n != "__version__"]
    assert len(core) <= 32
    for namespace in NAMESPACES:
        module = importlib.import_module(f"iro_schedule.{namespace}")
        assert getattr(iro_schedule, namespace) is module
        for name in module.__all__:
            assert getattr(module, name) is not None, f"{namespace}.{name}"
        assert sorted(module.__all__) == sorted(set(module.__all__)), namespace


@pytest.mark.parametrize(
    ("name", "home"),
    [
        ("assess_frame", "frames"),
        ("RowStatus", "validation"),
        ("NoRegimeError", "errors"),
        ("to_ics", "schedule"),
        ("assess_arrays", "arrays"),
        ("read_903", "records"),
        ("rows_as_csv", "reports"),
    ],
)
def test_moved_names_still_import_with_a_deprecation_warning(name: str, home: str) -> None:
    with pytest.warns(DeprecationWarning, match=rf"use iro_schedule\.{home}\.{name}$"):
        value = getattr(iro_schedule, name)
    assert value is getattr(importlib.import_module(f"iro_schedule.{home}"), name)


#: The names the previous release's face exported (91 and __version__).
OLD_FACE = (
    "ASSESS_COLUMNS",
    "CSV_COLUMNS",
    "ENGLAND_1991",
    "ENGLAND_2010",
    "ENGLAND_ADOPTION_PLACEMENT_2005",
    "ENGLAND_REGIMES",
    "ENGLAND_SHORT_BREAKS_2010",
    "PARTICIPATION_CODES",
    "PLAIN_COLUMNS",
    "REGIMES_BY_NAME",
    "SCOTLAND_2009",
    "Alerts",
    "ArrayAssessment",
    "Assessment",
    "CalendarDataError",
    "CarePeriod",
    "CaseReview",
    "Caseload",
    "CountedMeeting",
    "DataWindow",
    "DueItem",
    "DuplicateReviewError",
    "InputProblem",
    "Inputs",
    "Interval",
    "InvalidPeriodError",
    "InvalidReviewError",
    "IroScheduleError",
    "MeetingOrderError",
    "MonthFigures",
    "NoRegimeError",
    "NotADateError",
    "OutsideCoverageError",
    "Paperwork",
    "PaperworkPolicy",
    "PeriodOfCare",
    "Policy",
    "Regime",
    "RescheduleCheck",
    "Review",
    "ReviewColumns",
    "ReviewOrderError",
    "ReviewOutsidePeriodError",
    "RowStatus",
    "RowVerdict",
    "RowVerdicts",
    "Status",
    "Timeline",
    "Unit",
    "Validation",
    "Verdict",
    "WorkingCalendar",
    "YearFigures",
    "add_due_after",
    "add_first_review_due",
    "add_months",
    "add_months_array",
    "add_working_days_array",
    "alerts",
    "annual_figures",
    "assess",
    "assess_arrays",
    "assess_frame",
    "calendar_from_govuk_json",
    "caseload",
    "check_reschedule",
    "due_after_array",
    "due_list",
    "england_calendar",
    "first_review_due",
    "infer_window",
    "interval_after_array",
    "midpoint",
    "next_reviews",
    "paperwork",
    "periods_to_arrays",
    "read_903",
    "read_plain",
    "read_records",
    "regime_in_force",
    "reporting_year",
    "rows_as_csv",
    "sample_data",
    "summary_text",
    "to_html",
    "to_ics",
    "to_json",
    "validate",
    "verdicts_frame",
    "write_csv",
    "write_json",
)


def test_every_name_the_old_face_exported_still_resolves() -> None:
    assert len(OLD_FACE) == 91
    moved = [name for name in OLD_FACE if name not in iro_schedule.__all__]
    for name in OLD_FACE:
        if name in moved:
            with pytest.warns(DeprecationWarning, match=f"iro_schedule.{name} is deprecated"):
                assert getattr(iro_schedule, name) is not None
        else:
            assert getattr(iro_schedule, name) is not None


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        iro_schedule.no_such_name  # noqa: B018


def test_importing_the_core_builds_no_tables_and_loads_no_readers() -> None:
    heavy = ("holidays", "iro_schedule._validate.validation", "iro_schedule._report.writers", "csv")
    code = f"import sys, iro_schedule; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_tests_use_only_public_names() -> None:
    private = re.compile(r"iro_schedule\._(?!_)|from iro_schedule import [^\n]*\b_[a-z]")
    here = pathlib.Path(__file__).parent
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(here.glob("*.py"))
        if path.name != pathlib.Path(__file__).name
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if private.search(line)
    ]
    assert offenders == []

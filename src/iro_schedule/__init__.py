"""iro_schedule: statutory review timescales for looked-after children in England.

Due dates and timeliness verdicts under reg. 33 of the Care Planning, Placement and Case Review
(England) Regulations 2010, its predecessor and related regimes, counted in the working days of
reg. 2(1).

The names here are the core; the rest of the library is in sub-namespaces, each loaded on first
use: :mod:`iro_schedule.errors`, :mod:`~iro_schedule.records` (files to rows),
:mod:`~iro_schedule.validation` (rows to verdicts and figures), :mod:`~iro_schedule.reports`,
:mod:`~iro_schedule.schedule`, :mod:`~iro_schedule.arrays` (numpy),
:mod:`~iro_schedule.frames` (pandas and polars) and :mod:`~iro_schedule.cli`.

>>> import datetime as dt
>>> import iro_schedule as iro
>>> iro.first_review_due(dt.date(2024, 12, 20))
datetime.date(2025, 1, 22)
"""

from typing import TYPE_CHECKING, Any

from ._engine.assess import assess, first_review_due
from ._engine.periods import PeriodOfCare, Review
from ._engine.verdicts import Assessment, Status, Verdict
from ._errors import IroScheduleError
from ._law.calendar import WorkingCalendar, calendar_from_govuk_json, england_calendar
from ._law.months import add_months
from ._law.policy import CountedMeeting, Policy, RegimeDate
from ._law.regimes import (
    ENGLAND_1991,
    ENGLAND_2010,
    ENGLAND_ADOPTION_PLACEMENT_2005,
    ENGLAND_REGIMES,
    ENGLAND_SHORT_BREAKS_2010,
    REGIMES_BY_NAME,
    SCOTLAND_2009,
    Interval,
    Regime,
    Unit,
    regime_in_force,
)

if TYPE_CHECKING:
    from . import arrays, cli, errors, frames, records, reports, schedule, validation
    from ._read.files import read_records, sample_data
    from ._report.figures import annual_figures
    from ._validate.validation import validate
    from ._validate.window import infer_window

__version__ = "0.1.0"

#: The sub-namespaces, each imported on first use (so `import iro_schedule` stays light).
_NAMESPACES = ("arrays", "cli", "errors", "frames", "records", "reports", "schedule", "validation")

#: The steps of a validation run that belong to the core face, and the namespace holding each.
_PIPELINE = {
    "read_records": "records",
    "sample_data": "records",
    "infer_window": "validation",
    "validate": "validation",
    "annual_figures": "validation",
}

#: Names the face exported before they moved to a namespace: still importable for one release,
#: with a DeprecationWarning naming the new home.
_MOVED = {
    **dict.fromkeys(
        (
            "CalendarDataError",
            "DuplicateReviewError",
            "InvalidPeriodError",
            "InvalidReviewError",
            "MeetingOrderError",
            "NoRegimeError",
            "NotADateError",
            "OutsideCoverageError",
            "ReviewOrderError",
            "ReviewOutsidePeriodError",
        ),
        "errors",
    ),
    **dict.fromkeys(
        (
            "PLAIN_COLUMNS",
            "PARTICIPATION_CODES",
            "CarePeriod",
            "CaseReview",
            "InputProblem",
            "Inputs",
            "ReviewColumns",
            "read_903",
            "read_plain",
        ),
        "records",
    ),
    **dict.fromkeys(
        (
            "Caseload",
            "DataWindow",
            "MonthFigures",
            "RowStatus",
            "RowVerdict",
            "RowVerdicts",
            "Timeline",
            "Validation",
            "YearFigures",
            "caseload",
            "reporting_year",
        ),
        "validation",
    ),
    **dict.fromkeys(
        (
            "CSV_COLUMNS",
            "rows_as_csv",
            "summary_text",
            "to_html",
            "to_json",
            "write_csv",
            "write_json",
        ),
        "reports",
    ),
    **dict.fromkeys(
        (
            "Alerts",
            "DueItem",
            "Paperwork",
            "PaperworkPolicy",
            "RescheduleCheck",
            "alerts",
            "check_reschedule",
            "due_list",
            "midpoint",
            "next_reviews",
            "paperwork",
            "to_ics",
        ),
        "schedule",
    ),
    **dict.fromkeys(
        (
            "ArrayAssessment",
            "add_months_array",
            "add_working_days_array",
            "assess_arrays",
            "due_after_array",
            "interval_after_array",
            "periods_to_arrays",
        ),
        "arrays",
    ),
    **dict.fromkeys(
        (
            "ASSESS_COLUMNS",
            "add_due_after",
            "add_first_review_due",
            "assess_frame",
            "verdicts_frame",
        ),
        "frames",
    ),
}


def __getattr__(name: str) -> Any:
    import importlib  # noqa: PLC0415

    if name in _NAMESPACES:
        value = importlib.import_module(f"{__name__}.{name}")
    elif name in _PIPELINE:
        value = getattr(importlib.import_module(f"{__name__}.{_PIPELINE[name]}"), name)
    elif name in _MOVED:
        import warnings  # noqa: PLC0415

        home = _MOVED[name]
        warnings.warn(
            f"iro_schedule.{name} is deprecated and will be removed in the next release; "
            f"use iro_schedule.{home}.{name}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(f"{__name__}.{home}"), name)
    else:
        raise AttributeError(f"module 'iro_schedule' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [  # noqa: RUF022 (grouped by subject, as the docs present them)
    # Dates: working days (reg. 2(1)) and calendar months.
    "WorkingCalendar",
    "england_calendar",
    "calendar_from_govuk_json",
    "add_months",
    # The regimes, as data.
    "Regime",
    "Interval",
    "Unit",
    "ENGLAND_2010",
    "ENGLAND_1991",
    "ENGLAND_SHORT_BREAKS_2010",
    "ENGLAND_ADOPTION_PLACEMENT_2005",
    "SCOTLAND_2009",
    "ENGLAND_REGIMES",
    "REGIMES_BY_NAME",
    "regime_in_force",
    # The questions the law leaves open.
    "Policy",
    "CountedMeeting",
    "RegimeDate",
    # Reviews, periods of care and verdicts.
    "Review",
    "PeriodOfCare",
    "assess",
    "first_review_due",
    "Assessment",
    "Verdict",
    "Status",
    "IroScheduleError",
    # A validation run: files -> rows -> verdicts -> figures.
    "read_records",
    "sample_data",
    "infer_window",
    "validate",
    "annual_figures",
    # The sub-namespaces.
    "arrays",
    "cli",
    "errors",
    "frames",
    "records",
    "reports",
    "schedule",
    "validation",
    "__version__",
]

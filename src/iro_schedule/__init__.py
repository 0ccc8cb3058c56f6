"""iro_schedule: statutory review timescales for looked-after children in England.

Due dates and timeliness verdicts under reg. 33 of the Care Planning, Placement and Case Review
(England) Regulations 2010, its predecessor and related regimes, counted in the working days of
reg. 2(1).

>>> import datetime as dt
>>> import iro_schedule as iro
>>> iro.first_review_due(dt.date(2024, 12, 20))
datetime.date(2025, 1, 22)
"""

from typing import TYPE_CHECKING, Any

from ._cadence import Assessment, Status, Verdict, assess, first_review_due
from ._calendar import WorkingCalendar, calendar_from_govuk_json, england_calendar
from ._errors import (
    CalendarDataError,
    DuplicateReviewError,
    InvalidPeriodError,
    InvalidReviewError,
    IroScheduleError,
    MeetingOrderError,
    NoRegimeError,
    NotADateError,
    OutsideCoverageError,
    ReviewOrderError,
    ReviewOutsidePeriodError,
)
from ._months import add_months
from ._policy import CountedMeeting, Policy
from ._records import PeriodOfCare, Review
from ._regimes import (
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

# Reading and validating records (files, figures, reports) is loaded on first use, so that
# `import iro_schedule` for the core stays light.
_LAZY = {
    "CSV_COLUMNS": "_report",
    "rows_as_csv": "_report",
    "summary_text": "_report",
    "to_html": "_report",
    "to_json": "_report",
    "write_csv": "_report",
    "write_json": "_report",
    "MonthFigures": "_figures",
    "YearFigures": "_figures",
    "annual_figures": "_figures",
    "reporting_year": "_figures",
    "PLAIN_COLUMNS": "_plain",
    "read_plain": "_plain",
    "DataWindow": "_readers",
    "infer_window": "_readers",
    "read_records": "_readers",
    "sample_data": "_readers",
    "CarePeriod": "_records_io",
    "CaseReview": "_records_io",
    "InputProblem": "_records_io",
    "Inputs": "_records_io",
    "ReviewColumns": "_records_io",
    "PARTICIPATION_CODES": "_ssda903",
    "read_903": "_ssda903",
    "RowStatus": "_validate",
    "RowVerdict": "_validate",
    "RowVerdicts": "_validate",
    "Timeline": "_validate",
    "Validation": "_validate",
    "validate": "_validate",
    "Caseload": "_validate",
    "caseload": "_validate",
    "Alerts": "_schedule",
    "DueItem": "_schedule",
    "Paperwork": "_schedule",
    "PaperworkPolicy": "_schedule",
    "RescheduleCheck": "_schedule",
    "alerts": "_schedule",
    "check_reschedule": "_schedule",
    "due_list": "_schedule",
    "midpoint": "_schedule",
    "next_reviews": "_schedule",
    "paperwork": "_schedule",
    "to_ics": "_ics",
    "add_months_array": "_vectorised",
    "add_working_days_array": "_vectorised",
    "interval_after_array": "_vectorised",
    "ArrayAssessment": "_vectorised",
    "assess_arrays": "_vectorised",
    "periods_to_arrays": "_vectorised",
    "due_after_array": "_vectorised",
    "ASSESS_COLUMNS": "_frames",
    "add_due_after": "_frames",
    "add_first_review_due": "_frames",
    "assess_frame": "_frames",
    "verdicts_frame": "_frames",
}

if TYPE_CHECKING:
    from ._figures import MonthFigures, YearFigures, annual_figures, reporting_year
    from ._frames import (
        ASSESS_COLUMNS,
        add_due_after,
        add_first_review_due,
        assess_frame,
        verdicts_frame,
    )
    from ._ics import to_ics
    from ._plain import PLAIN_COLUMNS, read_plain
    from ._readers import DataWindow, infer_window, read_records, sample_data
    from ._records_io import CarePeriod, CaseReview, InputProblem, Inputs, ReviewColumns
    from ._report import (
        CSV_COLUMNS,
        rows_as_csv,
        summary_text,
        to_html,
        to_json,
        write_csv,
        write_json,
    )
    from ._schedule import (
        Alerts,
        DueItem,
        Paperwork,
        PaperworkPolicy,
        RescheduleCheck,
        alerts,
        check_reschedule,
        due_list,
        midpoint,
        next_reviews,
        paperwork,
    )
    from ._ssda903 import PARTICIPATION_CODES, read_903
    from ._validate import (
        Caseload,
        RowStatus,
        RowVerdict,
        RowVerdicts,
        Timeline,
        Validation,
        caseload,
        validate,
    )
    from ._vectorised import (
        ArrayAssessment,
        add_months_array,
        add_working_days_array,
        assess_arrays,
        due_after_array,
        interval_after_array,
        periods_to_arrays,
    )


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'iro_schedule' has no attribute {name!r}")
    import importlib  # noqa: PLC0415

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__version__ = "0.1.0"

__all__ = [
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
    "__version__",
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
]

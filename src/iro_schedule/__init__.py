"""iro_schedule: statutory review timescales for looked-after children in England.

Due dates and timeliness verdicts under reg. 33 of the Care Planning, Placement and Case Review
(England) Regulations 2010, its predecessor and related regimes, counted in the working days of
reg. 2(1).

>>> import datetime as dt
>>> import iro_schedule as iro
>>> iro.first_review_due(dt.date(2024, 12, 20))
datetime.date(2025, 1, 22)
"""

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
    SCOTLAND_2009,
    Interval,
    Regime,
    Unit,
    regime_in_force,
)

__version__ = "0.1.0"

__all__ = [
    "ENGLAND_1991",
    "ENGLAND_2010",
    "ENGLAND_ADOPTION_PLACEMENT_2005",
    "ENGLAND_REGIMES",
    "ENGLAND_SHORT_BREAKS_2010",
    "SCOTLAND_2009",
    "Assessment",
    "CalendarDataError",
    "CountedMeeting",
    "DuplicateReviewError",
    "Interval",
    "InvalidPeriodError",
    "InvalidReviewError",
    "IroScheduleError",
    "MeetingOrderError",
    "NoRegimeError",
    "NotADateError",
    "OutsideCoverageError",
    "PeriodOfCare",
    "Policy",
    "Regime",
    "Review",
    "ReviewOrderError",
    "ReviewOutsidePeriodError",
    "Status",
    "Unit",
    "Verdict",
    "WorkingCalendar",
    "__version__",
    "add_months",
    "assess",
    "calendar_from_govuk_json",
    "england_calendar",
    "first_review_due",
    "regime_in_force",
]

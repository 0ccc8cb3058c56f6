"""Every exception iro_schedule raises.

Each is an :class:`IroScheduleError`, which is a :class:`ValueError`; :class:`NotADateError` and
:class:`WrongTypeError` (an argument of the wrong type) are also :class:`TypeError`. Each carries
``record``, ``field``, ``value`` and ``index`` where they are known, and its message quotes the
bad value and says how to fix it.

>>> from iro_schedule import errors
>>> issubclass(errors.ReviewOutsidePeriodError, errors.InvalidReviewError)
True
"""

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
    ReviewAfterAsOfError,
    ReviewOrderError,
    ReviewOutsidePeriodError,
    UnreadableFileError,
    WindowError,
    WrongTypeError,
)

__all__ = [
    "CalendarDataError",
    "DuplicateReviewError",
    "InvalidPeriodError",
    "InvalidReviewError",
    "IroScheduleError",
    "MeetingOrderError",
    "NoRegimeError",
    "NotADateError",
    "OutsideCoverageError",
    "ReviewAfterAsOfError",
    "ReviewOrderError",
    "ReviewOutsidePeriodError",
    "UnreadableFileError",
    "WindowError",
    "WrongTypeError",
]

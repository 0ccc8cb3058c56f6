"""The exceptions iro_schedule raises.

Every exception is an :class:`IroScheduleError`, which is a :class:`ValueError`, so callers that
already catch ``ValueError`` keep working. Each carries the offending ``record`` (a description
such as ``"reviews[2] (id='R-17')"``), the ``field`` and the bad ``value`` where they are known, and
its message quotes the value and says how to fix it.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

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


class IroScheduleError(ValueError):
    """Base class of every error iro_schedule raises.

    Attributes:
        reason: the message without the record's name.
        record: which record was bad (e.g. ``"reviews[2] (id='R-17')"``), or None.
        field: which field of it was bad (e.g. ``"meetings"``), or None.
        value: the bad value itself, or None.
        index: the record's position in the sequence it came in (e.g. the review's index in
            ``PeriodOfCare.reviews``), or None.
    """

    def __init__(
        self,
        message: str,
        *,
        record: str | None = None,
        field: str | None = None,
        value: Any = None,
        index: int | None = None,
    ) -> None:
        prefix = f"{record}: " if record else ""
        super().__init__(prefix + message)
        self.reason = message
        self.record = record
        self.field = field
        self.value = value
        self.index = index

    def at(self, record: str, index: int | None = None) -> IroScheduleError:
        """The same error, naming ``record`` (and its ``index``) instead of its own."""
        return type(self)(
            self.reason, record=record, field=self.field, value=self.value, index=index
        )


class NotADateError(IroScheduleError, TypeError):
    """A ``datetime.date`` was required but something else (a datetime, a string, ...) was given."""


class OutsideCoverageError(IroScheduleError):
    """A date lies outside the years for which a working-day calendar knows its holidays."""


class CalendarDataError(IroScheduleError):
    """Holiday data (for example a GOV.UK ``bank-holidays.json`` file) could not be used."""


class UnreadableFileError(IroScheduleError):
    """A file that cannot be read as a table at all: it does not exist, is a folder, a pipe or a
    workbook given whole, or is not text. ``record`` names the file; the message says why and
    what to do. (The readers of many files report it as the file's problem instead.)"""


class WindowError(IroScheduleError):
    """What the data covers cannot be told: file names giving conflicting collection years, two
    tables of one kind for one year, or no dates at all."""


class NoRegimeError(IroScheduleError):
    """No statutory review regime was in force on the date an interval starts."""


class InvalidPeriodError(IroScheduleError):
    """A period of care is inconsistent (for example it ends before it starts)."""


class InvalidReviewError(IroScheduleError):
    """A review record is inconsistent with itself or with its period of care."""


class MeetingOrderError(InvalidReviewError):
    """A review's meeting dates are not in strictly increasing order."""


class ReviewOutsidePeriodError(InvalidReviewError):
    """A review meeting falls before the period of care starts or after it ends."""


class DuplicateReviewError(InvalidReviewError):
    """Two reviews of one period of care start on the same date."""


class ReviewOrderError(InvalidReviewError):
    """A period's reviews are not in chronological order, or one starts before the last ends."""


class ReviewAfterAsOfError(InvalidReviewError):
    """A review meeting is dated after the as-of date: it cannot be judged before it is held."""


class WrongTypeError(IroScheduleError, TypeError):
    """An argument of the wrong type (say a regime's name where the regime is wanted); the
    message says what to give. Also a :class:`TypeError`."""


def require_type(
    value: object,
    kind: type | tuple[type, ...],
    *,
    field: str,
    give: str,
    optional: bool = False,
    record: str | None = None,
) -> None:
    """Raise :class:`WrongTypeError` unless ``value`` is a ``kind`` (or None, if
    ``optional``); ``give`` says what to pass instead."""
    if (optional and value is None) or isinstance(value, kind):
        return
    raise WrongTypeError(
        f"{field} must be {give}, got {type(value).__name__} {value!r}",
        record=record,
        field=field,
        value=value,
    )


def require_date(value: object, *, field: str, record: str | None = None) -> None:
    """Raise :class:`NotADateError` unless ``value`` is a plain ``datetime.date``."""
    if value.__class__ is _dt.date:  # the common case, checked first for speed
        return
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return
    if isinstance(value, _dt.datetime):
        hint = "pass value.date() to drop the time of day"
    elif isinstance(value, str):
        hint = "parse it first, e.g. datetime.date.fromisoformat('2024-12-20')"
    else:
        hint = "pass a datetime.date"
    raise NotADateError(
        f"{field} must be a datetime.date, got {type(value).__name__} {value!r}; {hint}",
        record=record,
        field=field,
        value=value,
    )


# Tracebacks name the public home of each exception (iro_schedule.errors), not this module.
for _error in (
    IroScheduleError,
    NotADateError,
    OutsideCoverageError,
    CalendarDataError,
    NoRegimeError,
    InvalidPeriodError,
    InvalidReviewError,
    MeetingOrderError,
    ReviewOutsidePeriodError,
    DuplicateReviewError,
    ReviewOrderError,
    ReviewAfterAsOfError,
    UnreadableFileError,
    WindowError,
    WrongTypeError,
):
    _error.__module__ = "iro_schedule.errors"

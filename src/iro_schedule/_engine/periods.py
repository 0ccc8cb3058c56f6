"""The records the engine judges: reviews and periods of care, as validated frozen values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from .._errors import (
    InvalidPeriodError,
    InvalidReviewError,
    MeetingOrderError,
    WrongTypeError,
    require_date,
)
from .._law.history import first_fault, period_fault
from .._law.regimes import Regime
from .._wording import day

__all__ = ["PeriodOfCare", "Review"]


def review_name(review: Review | None, index: int | None = None, id: object = None) -> str:
    ident = review.id if review is not None else id
    where = f"reviews[{index}]" if index is not None else "review"
    return where if ident is None else f"{where} (id={ident!r})"


def _check_meetings(instance: Review, attribute: object, meetings: tuple[dt.date, ...]) -> None:
    if len(meetings) == 1 and meetings[0].__class__ is dt.date:
        return  # the common case: one meeting, a plain date
    record = review_name(None, id=instance.id)
    if not meetings:
        raise InvalidReviewError(
            "meetings is empty; give the date of at least one meeting",
            record=record,
            field="meetings",
            value=meetings,
        )
    for i, meeting in enumerate(meetings):
        require_date(meeting, field=f"meetings[{i}]", record=record)
        if i and meeting <= meetings[i - 1]:
            raise MeetingOrderError(
                f"meetings must be in strictly increasing date order, got "
                f"{day(meetings[i - 1])} then {day(meeting)}; "
                "list each meeting once, earliest first",
                record=record,
                field="meetings",
                value=meetings,
            )


def _to_dates(value: Iterable[dt.date]) -> tuple[dt.date, ...]:
    if isinstance(value, (dt.date, str, bytes)) or not isinstance(value, Iterable):
        raise WrongTypeError(
            f"meetings must be a list of dates, earliest first, got {type(value).__name__} "
            f"{value!r}; give e.g. meetings=[datetime.date(2025, 1, 20)]",
            field="meetings",
            value=value,
        )
    return tuple(value)


def _check_id(instance: Review, attribute: object, value: str | int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int))):
        raise InvalidReviewError(
            f"id must be a str, an int or None, got {type(value).__name__} {value!r}",
            field="id",
            value=value,
        )


def _check_flag(instance: Review, attribute: object, value: bool) -> None:
    if not isinstance(value, bool):
        raise InvalidReviewError(
            f"brought_forward must be True or False, got {value!r}",
            record=review_name(None, id=instance.id),
            field="brought_forward",
            value=value,
        )


@attrs.frozen(kw_only=True)
class Review:
    """One statutory review: the dates of its meetings, earliest first.

    A review held in one meeting has one date; an adjourned review, or one held over several
    meetings, has more. ``brought_forward`` records that it was held early under reg. 33(3)
    (for example at the IRO's request); ``id`` is carried through to its verdict.

    >>> Review(meetings=(dt.date(2025, 1, 10), dt.date(2025, 1, 24)), id="R-1").completed
    datetime.date(2025, 1, 24)
    """

    meetings: tuple[dt.date, ...] = attrs.field(converter=_to_dates, validator=_check_meetings)
    brought_forward: bool = attrs.field(default=False, validator=_check_flag)
    id: str | int | None = attrs.field(default=None, validator=_check_id)

    @property
    def first_meeting(self) -> dt.date:
        """The date of the review's first meeting."""
        return self.meetings[0]

    @property
    def completed(self) -> dt.date:
        """The date of the review's last meeting, when it was completed."""
        return self.meetings[-1]


def _check_start(instance: PeriodOfCare, attribute: object, value: dt.date) -> None:
    require_date(value, field="start", record="period of care")


def _check_end(instance: PeriodOfCare, attribute: object, value: dt.date | None) -> None:
    if value is None:
        return
    require_date(value, field="end", record="period of care")
    fault = period_fault(instance.start, value)
    if fault is not None:
        error = fault.error("period of care")
        error.index = None  # a fault of the period, not of one of its reviews
        raise error


def _to_reviews(value: Iterable[Review]) -> tuple[Review, ...]:
    if isinstance(value, (Review, str, bytes)) or not isinstance(value, Iterable):
        raise WrongTypeError(
            f"reviews must be a list of Review values in date order, got "
            f"{type(value).__name__} {value!r}; give e.g. reviews=[Review(...)]",
            record="period of care",
            field="reviews",
            value=value,
        )
    return tuple(value)


def _check_reviews(instance: PeriodOfCare, attribute: object, reviews: tuple[Review, ...]) -> None:
    for index, review in enumerate(reviews):
        if not isinstance(review, Review):
            raise InvalidReviewError(
                f"expected a Review, got {type(review).__name__} {review!r}",
                record=f"reviews[{index}]",
                field="reviews",
                value=review,
                index=index,
            )
    spans = [(review.first_meeting, review.completed) for review in reviews]
    fault = first_fault(instance.start, instance.end, spans)
    if fault is not None:
        raise fault.error(review_name(reviews[fault.index], fault.index))


def _check_regime(instance: PeriodOfCare, attribute: object, value: Regime | None) -> None:
    if value is not None and not isinstance(value, Regime):
        raise InvalidPeriodError(
            f"regime must be a Regime or None, got {type(value).__name__} {value!r}",
            record="period of care",
            field="regime",
            value=value,
        )


@attrs.frozen(kw_only=True)
class PeriodOfCare:
    """A continuous period during which a child is looked after, and its reviews in date order.

    ``end`` is the day the period ended (None while it continues). ``regime`` fixes the review
    regime for the whole period (for example :data:`ENGLAND_SHORT_BREAKS_2010`); None lets the
    policy choose the England regime in force when each interval starts.

    >>> period = PeriodOfCare(start=dt.date(2024, 12, 20),
    ...                       reviews=[Review(meetings=[dt.date(2025, 1, 20)])])
    >>> len(period.reviews)
    1
    """

    start: dt.date = attrs.field(validator=_check_start)
    end: dt.date | None = attrs.field(default=None, validator=_check_end)
    reviews: tuple[Review, ...] = attrs.field(
        default=(), converter=_to_reviews, validator=_check_reviews
    )
    regime: Regime | None = attrs.field(default=None, validator=_check_regime)

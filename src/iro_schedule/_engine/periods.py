"""The records the engine judges: reviews and periods of care, as validated frozen values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from .._errors import (
    DuplicateReviewError,
    InvalidPeriodError,
    InvalidReviewError,
    MeetingOrderError,
    ReviewOrderError,
    ReviewOutsidePeriodError,
    require_date,
)
from .._law.regimes import Regime

__all__ = ["PeriodOfCare", "Review"]


def _review_name(review: Review | None, index: int | None = None, id: object = None) -> str:
    ident = review.id if review is not None else id
    where = f"reviews[{index}]" if index is not None else "review"
    return where if ident is None else f"{where} (id={ident!r})"


def _check_meetings(instance: Review, attribute: object, meetings: tuple[dt.date, ...]) -> None:
    if len(meetings) == 1 and meetings[0].__class__ is dt.date:
        return  # the common case: one meeting, a plain date
    record = _review_name(None, id=instance.id)
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
                f"{meetings[i - 1].isoformat()} then {meeting.isoformat()}; "
                "list each meeting once, earliest first",
                record=record,
                field="meetings",
                value=meetings,
            )


def _to_dates(value: Iterable[dt.date]) -> tuple[dt.date, ...]:
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
            record=_review_name(None, id=instance.id),
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
    if value < instance.start:
        raise InvalidPeriodError(
            f"end {value.isoformat()} is before start {instance.start.isoformat()}; "
            "check the two dates are not swapped",
            record="period of care",
            field="end",
            value=value,
        )


def _to_reviews(value: Iterable[Review]) -> tuple[Review, ...]:
    return tuple(value)


def _check_reviews(instance: PeriodOfCare, attribute: object, reviews: tuple[Review, ...]) -> None:
    previous: Review | None = None
    for index, review in enumerate(reviews):
        if not isinstance(review, Review):
            raise InvalidReviewError(
                f"expected a Review, got {type(review).__name__} {review!r}",
                record=f"reviews[{index}]",
                field="reviews",
                value=review,
                index=index,
            )
        _check_within_period(instance, review, index)
        if previous is not None:
            _check_after_previous(review, previous, index)
        previous = review


def _check_within_period(period: PeriodOfCare, review: Review, index: int) -> None:
    if review.first_meeting < period.start:
        raise ReviewOutsidePeriodError(
            f"first meeting {review.first_meeting.isoformat()} is before the period of care "
            f"starts ({period.start.isoformat()}); it belongs to an earlier period",
            record=_review_name(review, index),
            field="meetings",
            value=review.first_meeting,
            index=index,
        )
    if period.end is not None and review.completed > period.end:
        raise ReviewOutsidePeriodError(
            f"meeting {review.completed.isoformat()} is after the period of care ends "
            f"({period.end.isoformat()}); check the end date or move the review to the next period",
            record=_review_name(review, index),
            field="meetings",
            value=review.completed,
            index=index,
        )


def _check_after_previous(review: Review, previous: Review, index: int) -> None:
    if review.first_meeting > previous.completed:
        return
    record = _review_name(review, index)
    if review.first_meeting in (previous.first_meeting, previous.completed):
        raise DuplicateReviewError(
            f"held on {review.first_meeting.isoformat()}, the same date as the review before it; "
            "remove the duplicate, or give both dates as meetings of one review",
            record=record,
            field="meetings",
            value=review.first_meeting,
            index=index,
        )
    raise ReviewOrderError(
        f"first meeting {review.first_meeting.isoformat()} is before the previous review's "
        f"last meeting ({previous.completed.isoformat()}); sort reviews by date and make sure "
        "they do not overlap",
        record=record,
        field="meetings",
        value=review.first_meeting,
        index=index,
    )


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

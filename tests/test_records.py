"""Reviews and periods of care: validation and the errors that name the bad record."""

from __future__ import annotations

import datetime as dt

import pytest

from iro_schedule import ENGLAND_SHORT_BREAKS_2010, IroScheduleError, PeriodOfCare, Review
from iro_schedule.errors import (
    DuplicateReviewError,
    InvalidPeriodError,
    InvalidReviewError,
    MeetingOrderError,
    NotADateError,
    ReviewOrderError,
    ReviewOutsidePeriodError,
)

D = dt.date


def test_review_keyword_construction_and_properties() -> None:
    review = Review(meetings=[D(2025, 1, 10), D(2025, 1, 24)], brought_forward=True, id=7)
    assert review.meetings == (D(2025, 1, 10), D(2025, 1, 24))
    assert review.first_meeting == D(2025, 1, 10)
    assert review.completed == D(2025, 1, 24)
    assert review.brought_forward
    assert review == Review(meetings=(D(2025, 1, 10), D(2025, 1, 24)), brought_forward=True, id=7)
    with pytest.raises(TypeError):
        Review([D(2025, 1, 10)])  # type: ignore[call-arg]  # keyword construction only
    with pytest.raises(AttributeError):
        review.id = 8  # type: ignore[misc]


def test_meetings_out_of_order_name_the_review() -> None:
    with pytest.raises(MeetingOrderError, match="Fri 24 Jan 2025 then Fri 10 Jan 2025") as info:
        Review(meetings=[D(2025, 1, 24), D(2025, 1, 10)], id="R-9")
    assert info.value.record == "review (id='R-9')"
    assert info.value.field == "meetings"
    assert str(info.value).startswith("review (id='R-9'): ")
    with pytest.raises(MeetingOrderError):
        Review(meetings=[D(2025, 1, 10), D(2025, 1, 10)])


@pytest.mark.parametrize(
    ("meetings", "error", "message"),
    [
        ([], InvalidReviewError, "at least one meeting"),
        (["2025-01-10"], NotADateError, r"meetings\[0\] must be a datetime.date"),
        ([D(2025, 1, 10), dt.datetime(2025, 1, 11, 9)], NotADateError, r"meetings\[1\]"),
    ],
)
def test_bad_meetings(meetings: list[object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        Review(meetings=meetings)  # type: ignore[arg-type]


def test_bad_flag_and_id() -> None:
    with pytest.raises(InvalidReviewError, match="brought_forward must be True or False"):
        Review(meetings=[D(2025, 1, 10)], brought_forward="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidReviewError, match="id must be a str, an int or None"):
        Review(meetings=[D(2025, 1, 10)], id=1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidReviewError, match="id must be"):
        Review(meetings=[D(2025, 1, 10)], id=True)
    assert Review(meetings=[D(2025, 1, 10)], id="").id == ""


def test_period_defaults_and_conversion() -> None:
    period = PeriodOfCare(start=D(2025, 1, 6), reviews=iter([Review(meetings=[D(2025, 1, 6)])]))
    assert period.end is None
    assert period.regime is None
    assert isinstance(period.reviews, tuple)
    assert PeriodOfCare(start=D(2025, 1, 6), end=D(2025, 1, 6)).reviews == ()
    assert PeriodOfCare(start=D(2025, 1, 6), regime=ENGLAND_SHORT_BREAKS_2010).regime is (
        ENGLAND_SHORT_BREAKS_2010
    )


def test_period_rejects_bad_dates() -> None:
    with pytest.raises(NotADateError, match="start must be a datetime.date"):
        PeriodOfCare(start="2025-01-06")  # type: ignore[arg-type]
    with pytest.raises(NotADateError, match="end must be"):
        PeriodOfCare(start=D(2025, 1, 6), end=dt.datetime(2025, 2, 1))
    with pytest.raises(
        InvalidPeriodError, match="end Sun 5 Jan 2025 is before start Mon 6 Jan 2025"
    ):
        PeriodOfCare(start=D(2025, 1, 6), end=D(2025, 1, 5))
    with pytest.raises(InvalidPeriodError, match="regime must be a Regime"):
        PeriodOfCare(start=D(2025, 1, 6), regime="ENGLAND_2010")  # type: ignore[arg-type]
    with pytest.raises(InvalidReviewError, match="expected a Review") as info:
        PeriodOfCare(start=D(2025, 1, 6), reviews=[D(2025, 1, 20)])  # type: ignore[list-item]
    assert info.value.record == "reviews[0]"


def test_review_before_start_or_after_end() -> None:
    with pytest.raises(ReviewOutsidePeriodError, match="before the period of care starts") as info:
        PeriodOfCare(start=D(2025, 1, 6), reviews=[Review(meetings=[D(2025, 1, 5)], id="A")])
    assert info.value.record == "reviews[0] (id='A')"
    assert info.value.value == D(2025, 1, 5)
    with pytest.raises(ReviewOutsidePeriodError, match="after the period of care ends") as info:
        PeriodOfCare(
            start=D(2025, 1, 6),
            end=D(2025, 3, 1),
            reviews=[
                Review(meetings=[D(2025, 1, 20)]),
                Review(meetings=[D(2025, 2, 25), D(2025, 3, 2)]),
            ],
        )
    assert info.value.record == "reviews[1]"
    assert info.value.value == D(2025, 3, 2)
    # On the start and end days themselves is fine.
    PeriodOfCare(
        start=D(2025, 1, 6),
        end=D(2025, 3, 1),
        reviews=[Review(meetings=[D(2025, 1, 6)]), Review(meetings=[D(2025, 3, 1)])],
    )


def test_two_reviews_on_the_same_date() -> None:
    with pytest.raises(DuplicateReviewError, match="same date") as info:
        PeriodOfCare(
            start=D(2025, 1, 6),
            reviews=[Review(meetings=[D(2025, 1, 20)]), Review(meetings=[D(2025, 1, 20)], id=2)],
        )
    assert info.value.record == "reviews[1] (id=2)"
    with pytest.raises(DuplicateReviewError):
        PeriodOfCare(
            start=D(2025, 1, 6),
            reviews=[
                Review(meetings=[D(2025, 1, 20), D(2025, 1, 27)]),
                Review(meetings=[D(2025, 1, 27)]),
            ],
        )


def test_reviews_out_of_order_or_overlapping() -> None:
    with pytest.raises(ReviewOrderError, match="sort reviews by date"):
        PeriodOfCare(
            start=D(2025, 1, 6),
            reviews=[Review(meetings=[D(2025, 4, 20)]), Review(meetings=[D(2025, 1, 20)])],
        )
    with pytest.raises(ReviewOrderError, match="before the previous review's last meeting"):
        PeriodOfCare(
            start=D(2025, 1, 6),
            reviews=[
                Review(meetings=[D(2025, 1, 20), D(2025, 2, 10)]),
                Review(meetings=[D(2025, 2, 1)]),
            ],
        )


def test_every_error_is_a_value_error() -> None:
    for error in (
        MeetingOrderError,
        DuplicateReviewError,
        ReviewOrderError,
        InvalidPeriodError,
        ReviewOutsidePeriodError,
        NotADateError,
    ):
        assert issubclass(error, IroScheduleError)
        assert issubclass(error, ValueError)

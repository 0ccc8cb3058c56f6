"""Periods of care that meet a missing collection year at its edges: begun on its last day or
its first, ended on its first day or the day after it, begun between two missing years or
before the first of two. Found by mutation testing of the stretches a period is judged in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from iro_schedule import ENGLAND_2010, read_records, validate
from iro_schedule.validation import RowStatus, RowVerdict, Validation

D = dt.date
HEAD = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n"
AS_OF = D(2020, 3, 31)
#: The collection year 2017-18, missing.
GAP_2018 = (D(2017, 4, 1), D(2018, 3, 31))


def judged(
    episodes: Sequence[str],
    reviews: Sequence[str],
    gaps: Sequence[tuple[dt.date, dt.date]],
    as_of: dt.date = AS_OF,
) -> Validation:
    """Child A's episodes and reviews judged, the data's reviews from 1 April 2016 and the
    years ``gaps`` missing."""
    files = {
        "episodes.csv": (HEAD + "".join(f"A,{e}\n" for e in episodes)).encode(),
        "reviews.csv": (
            "CHILD,REVIEW,REVIEW_CODE\n" + "".join(f"A,{r},PN1\n" for r in reviews)
        ).encode(),
    }
    inputs = read_records(list(files), data=files)
    return validate(inputs, as_of=as_of, reviews_from=D(2016, 4, 1), gaps=gaps)


def held(result: Validation) -> list[RowVerdict]:
    return [r for r in result.rows if r.status is not RowStatus.OVERDUE]


def test_a_period_begun_on_a_missing_years_last_day_has_its_reviews_numbers_unknown() -> None:
    # Its first day is in the missing year: a review held that day would not be in the data.
    result = judged(["31/03/2018,S,C2,N1,U1,PR1,,"], ["20/04/2018"], [GAP_2018])
    [review] = held(result)
    assert review.ordinal is None


def test_a_period_ended_on_a_missing_years_first_day_is_judged_to_the_day_before() -> None:
    result = judged(
        ["01/05/2016,S,C2,N1,U1,PR1,01/04/2017,E11"], ["01/06/2016", "01/09/2016"], [GAP_2018]
    )
    [overdue] = result.with_status(RowStatus.OVERDUE)
    assert (overdue.ordinal, overdue.due, overdue.days_late) == (3, D(2017, 3, 1), 30)
    assert "No review was held by Fri 31 Mar 2017 (the last day before a collection year" in (
        overdue.reason
    )


def test_a_period_begun_on_a_missing_years_first_day_misses_every_review_before() -> None:
    result = judged(["01/04/2017,S,C2,N1,U1,PR1,,"], ["01/06/2018", "01/12/2018"], [GAP_2018])
    [overdue] = result.with_status(RowStatus.OVERDUE)
    assert "the period's reviews before Sun 1 Apr 2018 are not in the data" in overdue.reason
    assert [(t.start, t.end) for t in result.timelines] == [(D(2018, 4, 1), None)]


def test_a_period_ended_the_day_after_a_missing_year_is_judged_on_that_day_too() -> None:
    result = judged(
        ["01/05/2016,S,C2,N1,U1,PR1,01/04/2018,E11"], ["01/06/2016", "01/09/2016"], [GAP_2018]
    )
    assert [(t.start, t.end) for t in result.timelines] == [
        (D(2016, 5, 1), D(2017, 3, 31)),
        (D(2018, 4, 1), D(2018, 4, 1)),
    ]


def test_a_period_begun_between_two_missing_years_is_cut_by_the_later() -> None:
    result = judged(
        ["01/05/2018,S,C2,N1,U1,PR1,,"],
        ["01/06/2018", "01/09/2018", "01/06/2020"],
        [GAP_2018, (D(2019, 4, 1), D(2020, 3, 31))],
        as_of=D(2021, 3, 31),
    )
    assert [r.ordinal for r in held(result)] == [1, 2, None]


def test_a_period_begun_before_the_first_of_two_missing_years_is_cut_by_both() -> None:
    result = judged(
        ["10/01/2015,S,C2,N1,U1,PR1,,"],
        ["01/06/2017", "01/12/2017", "01/06/2019"],
        [(D(2016, 4, 1), D(2017, 3, 31)), (D(2018, 4, 1), D(2019, 3, 31))],
    )
    assert [(t.start, t.end) for t in result.timelines] == [
        (D(2017, 4, 1), D(2018, 3, 31)),
        (D(2019, 4, 1), None),
    ]


def test_a_review_whose_number_is_not_known_names_every_provision_it_may_fall_under() -> None:
    # Begun on 1 January 2015, before the data's reviews (from 1 April 2016): the review of 15
    # October 2016, late whatever its number (due by 30 September at the latest), may be the
    # first (reg. 33(1)) or a later one (reg. 33(2)); the next is at least the second.
    result = judged(["01/01/2015,S,C2,N1,U1,PR1,,"], ["15/10/2016", "20/12/2016"], gaps=())
    rows = [(r.status, r.number_known, r.rule.rpartition(", ")[2]) for r in held(result)]
    assert rows == [
        (RowStatus.LATE, False, "reg. 33(1) or reg. 33(2)"),
        (RowStatus.ON_TIME, False, "reg. 33(2)"),
    ]
    assert all(r.rule.startswith(ENGLAND_2010.instrument) for r in held(result))

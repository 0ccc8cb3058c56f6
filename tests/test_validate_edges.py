"""Rows on the edges of what validate judges: a plain period of one day, a review after a plain
period's end, a review on the as-of date in a period not judged. Found by mutation testing."""

from __future__ import annotations

import datetime as dt

from iro_schedule import read_records, validate
from iro_schedule.validation import RowStatus, Validation

D = dt.date
AS_OF = D(2020, 3, 31)


def plain(rows: list[str]) -> Validation:
    text = "child,period_start,period_end,meeting_date\n" + "".join(f"{r}\n" for r in rows)
    files = {"plain.csv": text.encode()}
    return validate(read_records(list(files), data=files), as_of=AS_OF, reviews_from=None)


def test_a_plain_period_of_one_day_is_judged() -> None:
    [row] = plain(["A,01/05/2019,01/05/2019,01/05/2019"]).rows
    assert (row.status, row.ordinal) == (RowStatus.ON_TIME, 1)


def test_a_review_after_a_plain_periods_end_is_refused() -> None:
    result = plain(["A,01/05/2019,01/07/2019,01/06/2019", "A,01/05/2019,01/07/2019,01/09/2019"])
    assert [(r.status, r.ordinal) for r in result.rows] == [
        (RowStatus.LATE, 1),
        (RowStatus.INVALID, None),
    ]
    assert "meeting Sun 1 Sep 2019 is after the period of care ends" in result.rows[1].reason


def test_a_review_on_the_as_of_date_in_a_period_not_judged_is_kept() -> None:
    # A period that cannot be judged (a regime not known): a review on the as-of date is not
    # assessable with it; one the day after is refused.
    text = (
        "child,period_start,meeting_date,regime\n"
        "A,06/01/2020,31/03/2020,WALES_2015\nA,06/01/2020,01/04/2020,WALES_2015\n"
    )
    files = {"plain.csv": text.encode()}
    result = validate(read_records(list(files), data=files), as_of=AS_OF, reviews_from=None)
    assert [(r.meeting_date, r.status) for r in result.rows] == [
        (D(2020, 3, 31), RowStatus.NOT_ASSESSABLE),
        (D(2020, 4, 1), RowStatus.INVALID),
    ]

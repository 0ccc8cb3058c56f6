"""Rows and arguments on the edges of what validate reads and judges: a plain period of one day,
a review after a plain period's end, a review on the as-of date in a period not judged, gaps
and paths of the wrong kind, a column name with a no-break space, an engine not known. Found by
mutation testing."""

from __future__ import annotations

import datetime as dt
import importlib.util

import pytest

from iro_schedule import read_records, validate
from iro_schedule.errors import IroScheduleError, NotADateError
from iro_schedule.records import read_903, read_table
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


@pytest.mark.parametrize(
    ("gap", "field", "value"),
    [(("x", D(2020, 1, 1)), "gaps[0][0]", "x"), ((D(2020, 1, 1), "y"), "gaps[0][1]", "y")],
)
def test_a_gap_that_is_not_two_dates_is_refused_naming_the_day(
    gap: tuple[object, object], field: str, value: str
) -> None:
    inputs = read_records([], data={})
    with pytest.raises(NotADateError) as caught:
        validate(inputs, as_of=AS_OF, reviews_from=None, gaps=[gap])  # type: ignore[list-item]
    assert (caught.value.field, caught.value.value) == (field, value)
    assert str(caught.value).startswith(f"{field} must be a datetime.date, got str {value!r}")


def test_something_that_is_not_a_path_is_refused_saying_what_to_give() -> None:
    with pytest.raises(TypeError, match=r"^123 is not a path: give file or folder names"):
        read_records([123])  # type: ignore[list-item]


def test_a_column_name_with_a_no_break_space_inside_reads_as_a_space() -> None:
    assert read_table("x.csv", data="CHILD,REVIEW\u00a0CODE\n".encode()).columns == (
        "CHILD",
        "REVIEW CODE",
    )


@pytest.mark.parametrize("engine", ["pandas", "", None, "Polars"])
def test_an_engine_not_known_is_refused(engine: object) -> None:
    for read in (read_903, read_records):
        with pytest.raises(IroScheduleError) as caught:
            read([], engine=engine)  # type: ignore[arg-type]
        assert caught.value.field == "engine"
        assert caught.value.value == engine
        assert str(caught.value) == (f"engine must be 'auto', 'python' or 'polars', got {engine!r}")


def test_polars_asked_for_but_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    found = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "polars" else found(name, *a)
    )
    with pytest.raises(IroScheduleError, match=r"engine='polars' needs polars: install") as caught:
        read_903([], engine="polars")
    assert caught.value.field == "engine"
    assert read_903([], engine="auto") == read_903([], engine="python")  # auto: row by row

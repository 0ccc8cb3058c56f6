"""Rows held as columns: review rows read (ReviewColumns) and row verdicts (RowVerdicts).

The SSDA903 reader hands :func:`validate` its rows as columns, and validation keeps its row
verdicts compact until they are read. These tests check that both behave as the sequences
they stand for, and that judging rows held as columns (the SSDA903 fast path) gives exactly
what judging the same rows given one value each (the general path) gives.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iro_schedule import (
    CountedMeeting,
    PeriodOfCare,
    Policy,
    annual_figures,
    infer_window,
    read_records,
    sample_data,
    validate,
)
from iro_schedule.records import (
    EPISODE_COLUMNS,
    REVIEW_COLUMNS,
    CaseReview,
    Inputs,
    ReviewColumns,
    read_903,
)
from iro_schedule.validation import RowStatus, RowVerdicts, Validation, caseload

from .strategies import DATA_FROM, DATA_TO, children_903, episodes_csv
from .tables import assert_same_validation

D = dt.date


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _reviews_file(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "reviews.csv",
        list(REVIEW_COLUMNS),
        [
            ["C1", "01/01/2015", "20/01/2020", "PN1"],
            [" C2 ", "", " 2020-02-03 ", " pn7 "],
            ["", "", "", ""],  # a row of blank cells is a blank line, not a row
            ["C3", "31/02/2015", "03/03/2020", "XX"],
        ],
    )


def test_review_columns_read_and_index_like_a_tuple(tmp_path: Path) -> None:
    inputs = read_903([_reviews_file(tmp_path)])
    reviews = inputs.reviews
    assert isinstance(reviews, ReviewColumns)
    assert inputs.review_rows_read == 3
    assert len(reviews) == 3
    first, second, third = reviews
    assert (first.child, first.meeting_date, first.participation, first.dob, first.line) == (
        "C1",
        D(2020, 1, 20),
        "PN1",
        D(2015, 1, 1),
        2,
    )
    assert (second.child, second.meeting_date, second.participation, second.dob) == (
        "C2",
        D(2020, 2, 3),
        "PN7",
        None,
    )
    assert third.line == 5
    assert "REVIEW_CODE 'XX' is not a code PN0-PN7" in third.note
    assert "DOB '31/02/2015' is not a real date" in third.note
    assert reviews[-1] == third
    assert reviews[1:] == (second, third)
    assert reviews == (first, second, third)
    assert reviews != (first, second)
    assert repr(reviews) == "<ReviewColumns: 3 rows>"
    with pytest.raises(IndexError, match=r"row 3 is out of range \(there are 3\)"):
        reviews[3]
    assert ReviewColumns.of(reviews) is reviews
    assert ReviewColumns.of(tuple(reviews)) == reviews


def test_review_columns_join_ssda903_and_plain_rows(tmp_path: Path) -> None:
    from_903 = read_903([_reviews_file(tmp_path)]).reviews
    plain = CaseReview(
        source="p.csv",
        line=2,
        child="P1",
        meeting_date=D(2021, 5, 1),
        review_id="R1",
        brought_forward=True,
        period_start=D(2021, 4, 1),
        regime="ENGLAND_2010",
    )
    joined = ReviewColumns.concat([from_903, (plain,)])
    assert joined == (*from_903, plain)
    assert joined.plain is not None
    assert joined[0].review_id == ""
    assert joined[0].period_start is None


def _as_values(inputs: Inputs) -> Inputs:
    """The same inputs with the rows as one value each (judged by the general path)."""
    return attrs.evolve(inputs, reviews=tuple(inputs.reviews))


def _validations(inputs: Inputs, policy: Policy, reviews_from: dt.date | None) -> list[Validation]:
    """The same rows judged as columns and as one value each."""
    return [
        validate(each, as_of=DATA_TO, reviews_from=reviews_from, policy=policy)
        for each in (inputs, _as_values(inputs))
    ]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    children_903(),
    st.lists(st.integers(0, 5000), min_size=6, max_size=6),
    st.data(),
    st.sampled_from([Policy(), Policy(counted_meeting=CountedMeeting.LAST)]),
    st.sampled_from([None, DATA_FROM, D(2021, 4, 1)]),
)
def test_rows_judged_as_columns_equal_rows_judged_one_value_each(
    tmp_path_factory: pytest.TempPathFactory,
    children: list[tuple[str, PeriodOfCare]],
    splits: list[int],
    data: st.DataObject,
    policy: Policy,
    reviews_from: dt.date | None,
) -> None:
    """Duplicated, misplaced, undated and out-of-order rows included, in two years' files."""
    folder = tmp_path_factory.mktemp("903")
    _write(
        folder / "episodes.csv",
        list(EPISODE_COLUMNS),
        episodes_csv(children, iso=False, splits=splits[: len(children)]),
    )
    rows = [
        [child, "01/01/2015", r.first_meeting.strftime("%d/%m/%Y"), "PN1"]
        for child, period in children
        for r in period.reviews
    ]
    rows += data.draw(
        st.lists(
            st.sampled_from(["C000", "C001", "C999", ""]).flatmap(
                lambda child: st.builds(
                    lambda day, code: [child, "01/01/2015", day, code],
                    st.dates(D(2018, 1, 1), D(2025, 1, 1)).map(lambda d: d.strftime("%d/%m/%Y"))
                    | st.sampled_from(["", "31/02/2020", "soon"]),
                    st.sampled_from(["PN0", "PN7", "", "ZZ"]),
                )
            ),
            max_size=6,
        )
    )
    order = data.draw(st.permutations(range(len(rows))))
    rows = [rows[i] for i in order]
    cut = data.draw(st.integers(0, len(rows)))
    overlap = data.draw(st.integers(0, 3))
    _write(folder / "x_2023_reviews.csv", list(REVIEW_COLUMNS), rows[: cut + overlap])
    _write(folder / "x_2024_reviews.csv", list(REVIEW_COLUMNS), rows[cut:])
    inputs = read_903([folder])
    assert isinstance(inputs.reviews, ReviewColumns)
    as_columns, as_values = _validations(inputs, policy, reviews_from)
    # The files' order does not matter: copies of a review are judged at the first by name.
    backwards = read_903([folder / n for n in ("x_2024_reviews.csv", "x_2023_reviews.csv")])
    backwards = attrs.evolve(backwards, periods=inputs.periods)
    assert list(_validations(backwards, policy, reviews_from)[0].rows) == list(as_columns.rows)
    assert isinstance(as_columns.rows, RowVerdicts)
    assert_same_validation(as_values, as_columns, range(2019, 2026))
    assert _as_text(caseload(inputs, as_of=DATA_TO, reviews_from=reviews_from)) == _as_text(
        caseload(_as_values(inputs), as_of=DATA_TO, reviews_from=reviews_from)
    )


def _as_text(value: object) -> str:
    return repr(value).split("calendar=")[0]  # regimes hold a cached function: no stable repr


def test_row_verdicts_behave_as_a_tuple_and_answer_without_making_rows() -> None:
    inputs = read_records([sample_data()])
    window = infer_window(inputs)
    result = validate(inputs, as_of=window.as_of, reviews_from=window.reviews_from)
    rows = result.rows
    assert isinstance(rows, RowVerdicts)
    made = tuple(rows)
    assert len(rows) == len(made) > 100
    assert rows[0] == made[0]
    assert rows[-1] == made[-1]
    assert rows[10:20] == made[10:20]
    assert rows == made
    assert rows != made[:-1]
    assert repr(rows) == f"<RowVerdicts: {len(made)} rows>"
    with pytest.raises(IndexError):
        rows[len(made)]
    assert list(rows.statuses()) == [r.status for r in made]
    facts = [
        (r.status, r.date, r.meeting, r.child, r.participation, r.age, r.days_late)
        + (r.due, r.number_known)
        for r in made
    ]
    assert list(rows.facts()) == facts
    wanted = (RowStatus.LATE, RowStatus.INVALID)
    assert rows.with_status(*wanted) == [r for r in made if r.status in wanted]
    assert result.with_status(*wanted) == rows.with_status(*wanted)
    assert result.count(*wanted) == sum(r.status in wanted for r in made)
    # A Validation made by hand, with its rows in a tuple, answers the same.
    by_hand = attrs.evolve(result, rows=made)
    assert by_hand.reconciliation() == result.reconciliation()
    assert by_hand.with_status(*wanted) == result.with_status(*wanted)
    assert annual_figures(by_hand, window.years) == annual_figures(result, window.years)


def test_verdicts_read_again_after_many_others_are_the_same() -> None:
    """Verdicts are built when read and only the last few periods' kept: reading every row's
    verdict twice over (far more periods than are kept) gives equal verdicts each time."""
    inputs = read_records([sample_data()])
    window = infer_window(inputs)
    result = validate(inputs, as_of=window.as_of, reviews_from=window.reviews_from)
    first = [row.verdict for row in result.rows]
    periods = {(row.child, row.period_start) for row in result.rows if row.verdict is not None}
    assert len(periods) > 100
    assert [row.verdict for row in reversed(result.rows)] == first[::-1]
    assert [row.reason for row in result.rows] == [row.reason for row in result.rows]


def test_header_dates_of_birth_fill_review_rows_without_one(tmp_path: Path) -> None:
    _write(
        tmp_path / "header.csv",
        ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
        [["C1", "1", "02/03/2017", "WBRI", "", "", ""], ["C2", "2", "", "WBRI", "", "", ""]],
    )
    _write(
        tmp_path / "reviews.csv",
        ["CHILD", "REVIEW", "REVIEW_CODE"],
        [["C1", "01/03/2021", "PN1"], ["C1", "02/03/2021", "PN1"], ["C2", "01/03/2021", "PN1"]],
    )
    reviews = read_903([tmp_path]).reviews
    assert [(r.child, r.dob) for r in reviews] == [
        ("C1", D(2017, 3, 2)),
        ("C1", D(2017, 3, 2)),
        ("C2", None),
    ]

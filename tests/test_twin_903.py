"""The SSDA903 data layer against its naive twin (tests/twin_903.py): on generated returns, every
row's verdict, number, due date and days late, and every annual figure, are the twin's.

The returns are whole councils' files over several collection years (re-entries, X1 chains,
placements for adoption, unrecorded DECs, short breaks, copies, reviews outside any period, a
missing middle year, the years' names spelt every way, the files in any order). CI's profile
runs 2,000 of them through validate and 200 through each other door; ``HYPOTHESIS_PROFILE=thorough``
runs 10,000 and 1,000.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings

from iro_schedule import annual_figures, infer_window, read_records, validate
from iro_schedule.schedule import next_reviews
from iro_schedule.validation import Validation, caseload

from .strategies import Return, returns
from .tables import check_tables
from .twin_903 import Twin, figures, file_year, read_files, twin

EXAMPLES = {"ci": 2000, "thorough": 10_000, "mutation": 60}.get(
    os.environ.get("HYPOTHESIS_PROFILE", "default"), 200
)
SETTINGS = settings(
    max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
# The doors that read the same data as validate (the due list, the frames) share its reading and
# judging, which the test above runs on every example: a tenth as many returns is enough for them.
DOOR_SETTINGS = settings(SETTINGS, max_examples=max(EXAMPLES // 10, 20))


def library(found: Return) -> tuple[Validation, tuple[int, ...]]:
    """The return read and judged as the command line does: the window from the file names."""
    data = dict(found.files)
    inputs = read_records([name for name, _ in found.files], data=data)
    window = infer_window(inputs)
    result = validate(
        inputs, as_of=window.as_of, reviews_from=window.reviews_from, gaps=window.gaps
    )
    return result, window.years


def rows(result: Validation) -> list[tuple[object, ...]]:
    return sorted(
        (
            (r.child, r.source, r.line, r.meeting_date, r.status.value, r.ordinal)
            + ((r.due, r.days_late) if r.status.value in ("late", "overdue") else ())
            + ((r.due,) if r.status.value == "on time" else ())
            for r in result.rows
        ),
        key=repr,
    )


def twin_rows(found: Twin) -> list[tuple[object, ...]]:
    return sorted(
        (
            (child, source, line, day, status, ordinal)
            + ((due, late) if status in ("late", "overdue") else ())
            + ((due,) if status == "on time" else ())
            for child, source, line, day, status, ordinal, due, late in found.verdicts
        ),
        key=repr,
    )


def library_figures(result: Validation, years: tuple[int, ...]) -> dict[int, dict[str, object]]:
    return {
        f.year: {
            "held": f.held,
            "on_time": f.on_time,
            "late": f.late,
            "late_days_median": f.late_days_median,
            "late_days_max": f.late_days_max,
            "overdue_at_year_end": f.overdue_at_year_end,
            "overdue_at_year_end_whatever_number": f.overdue_at_year_end_whatever_number,
            "children_due": f.children_due,
            "children_all_on_time": f.children_all_on_time,
            "participated": f.participated,
            "did_not_participate": f.did_not_participate,
            "participation_unknown": f.participation_unknown,
            "not_assessable": f.not_assessable,
            "invalid": f.invalid,
            "months": [(m.held, m.on_time) for m in f.months],
        }
        for f in annual_figures(result, years)
    }


@SETTINGS
@given(returns())
def test_every_row_and_figure_is_the_twins(found: Return) -> None:
    result, years = library(found)
    expected = twin(found.files)
    assert (result.as_of, result.reviews_from) == (
        expected.window.as_of,
        expected.window.reviews_from,
    )
    assert rows(result) == twin_rows(expected)
    reviews, _ = read_files(found.files)
    got, want = library_figures(result, years), figures(expected, reviews)
    differing = {
        (year, key): (got[year][key], want[year][key])
        for year in want
        for key in want[year]
        if got[year][key] != want[year][key]
    }
    assert differing == {}, "(year, figure): (library, twin)"
    assert set(got) == set(want)
    overdue = sum(1 for v in expected.verdicts if v[4] == "overdue")
    assert len(result.rows) == len(reviews) + overdue  # every row comes out, once


def test_the_twin_reads_every_spelling_of_a_year() -> None:
    names = ["ssda903_2024_reviews.csv", "ssda903_2023-24_header.csv", "ssda903_2023_24_x.csv",
             "ssda903_202324_episodes.csv", "ssda903_2023-2024_reviews.csv"]  # fmt: skip
    assert [file_year(n) for n in names] == [2024] * len(names)


@DOOR_SETTINGS
@given(returns())
def test_the_due_list_is_the_twins(found: Return) -> None:
    """The scheduling door: each open period the data numbers, its next review's number and due
    date; a period whose earlier reviews are not all in the data is not scheduled."""
    inputs = read_records([name for name, _ in found.files], data=dict(found.files))
    window = infer_window(inputs)
    loaded = caseload(
        inputs, as_of=window.as_of, reviews_from=window.reviews_from, gaps=window.gaps
    )
    items = next_reviews(loaded.periods, as_of=window.as_of)
    expected = twin(found.files)
    assert sorted((i.child, i.ordinal, i.due) for i in items) == sorted(expected.next_due)


@DOOR_SETTINGS
@given(returns())
def test_the_tables_written_are_the_rows(found: Return) -> None:
    """Reviews whose number the data cannot show, copies, rows outside any period, a missing
    year: the CSV and JSON rows written from the judged values are those of the rows made."""
    check_tables(library(found)[0])

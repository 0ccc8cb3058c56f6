"""Collection years as councils hold them: however the years are spelt, and whichever are
missing, no verdict is wrong.

Each property writes a generated caseload's yearly returns (each year's episodes as they stood at
its end, its reviews, its children) and judges them as a council would (the window read from the
file names). Holding fewer years may leave reviews not judged, or judged whatever their number;
it never gives a verdict the whole history contradicts.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iro_schedule import infer_window, read_records, validate
from iro_schedule.validation import RowStatus, RowVerdict, Validation

from .strategies import YEAR_SPELLINGS, YEARS, Caseload, caseloads, write_years

ON, LATE, OVERDUE = RowStatus.ON_TIME, RowStatus.LATE, RowStatus.OVERDUE
JUDGED = (ON, LATE, OVERDUE)
SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow])  # each example writes files


def judge(caseload: Caseload, years: Sequence[int], spellings: Sequence[int] = ()) -> Validation:
    with tempfile.TemporaryDirectory() as folder:
        write_years(caseload, Path(folder), years, spellings)
        inputs = read_records([folder])
        window = infer_window(inputs)
        return validate(
            inputs, as_of=window.as_of, reviews_from=window.reviews_from, gaps=window.gaps
        )


def outcomes(result: Validation) -> list[tuple[object, ...]]:
    """Every row's child, date, verdict, number, due date and days late, in one order."""
    found = [
        (r.child, r.meeting_date, r.status.value, r.ordinal, r.due, r.days_late)
        for r in result.rows
    ]
    return sorted(found, key=repr)


@SETTINGS
@given(caseloads(), st.lists(st.integers(0, len(YEAR_SPELLINGS) - 1), min_size=5, max_size=5))
def test_spelling_the_years_differently_changes_no_verdict(
    caseload: Caseload, spellings: list[int]
) -> None:
    assert outcomes(judge(caseload, YEARS, spellings)) == outcomes(judge(caseload, YEARS))


@SETTINGS
@given(caseloads(), st.sampled_from(YEARS[1:-1]))
def test_a_missing_middle_year_makes_no_verdict_wrong(caseload: Caseload, missing: int) -> None:
    whole = judge(caseload, YEARS)
    held = judge(caseload, [y for y in YEARS if y != missing])
    assert_never_contradicted(held, whole)


@SETTINGS
@given(caseloads(), st.integers(1, len(YEARS) - 1))
def test_earlier_years_added_never_contradict_a_verdict(caseload: Caseload, later: int) -> None:
    whole = judge(caseload, YEARS)
    held = judge(caseload, YEARS[later:])
    assert_never_contradicted(held, whole)


def assert_never_contradicted(held: Validation, whole: Validation) -> None:
    """Every review ``held`` judges, ``whole`` judges alike: the same verdict where the review's
    number is known, one within the bounds given where it is not."""
    held_reviews = {(r.child, r.meeting_date): r for r in whole.rows}
    for row in held.rows:
        if row.status not in JUDGED:
            continue
        if row.status is OVERDUE:
            assert_still_overdue(row, whole)
            continue
        truth = held_reviews[row.child, row.meeting_date]
        assert truth.status is row.status, (row.reason, truth.reason)
        assert truth.due is not None
        assert row.due is not None
        assert truth.days_late is not None
        assert row.days_late is not None
        if row.number_known:
            assert (truth.ordinal, truth.due, truth.days_late) == (
                row.ordinal,
                row.due,
                row.days_late,
            ), (row.reason, truth.reason)
        elif row.status is ON:  # due no earlier than row.due, whatever its number
            assert truth.due >= row.due, (row.reason, truth.reason)
        else:  # due by row.due at the latest: late by at least row.days_late
            assert truth.due <= row.due, (row.reason, truth.reason)
            assert truth.days_late >= row.days_late, (row.reason, truth.reason)


def assert_still_overdue(row: RowVerdict, whole: Validation) -> None:
    """A review ``row`` finds overdue (on ``row.counted_date``, its horizon) was not held by then
    in the whole history either: it is overdue there too, or held after the horizon."""
    horizon = row.counted_date
    assert horizon is not None
    assert row.due is not None
    candidates = [
        r
        for r in whole.rows
        if r.child == row.child
        and r.due is not None
        and (
            r.status is OVERDUE
            or (r.status is LATE and r.is_review and (r.counted_date or horizon) > horizon)
        )
    ]
    if row.number_known:
        key = (row.period_start, row.ordinal)
        same = [r for r in candidates if (r.period_start, r.ordinal) == key]
        assert [r.due for r in same] == [row.due], (row.reason, [r.reason for r in candidates])
    else:
        assert any(r.due <= row.due for r in candidates if r.due), (
            row.reason,
            [r.reason for r in candidates],
        )

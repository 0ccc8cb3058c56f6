"""One law, every door: the same history gets the same verdict, or the same refusal, whichever
public function a caller comes in by.

The expectation is ``assess``'s (see ``doors.py``). Here ``assess_arrays``, ``validate`` on the
plain format and ``validate`` on SSDA903 files (which hold one meeting per review and no regime
of the period's own) are held to it; ``test_doors_frames.py`` holds the frames to it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from iro_schedule import (
    ENGLAND_2010,
    ENGLAND_SHORT_BREAKS_2010,
    IroScheduleError,
    PeriodOfCare,
    Policy,
    Review,
    assess,
    validate,
)
from iro_schedule.arrays import assess_arrays, periods_to_arrays
from iro_schedule.errors import InvalidPeriodError, NoRegimeError, ReviewAfterAsOfError
from iro_schedule.records import EPISODE_COLUMNS, REVIEW_COLUMNS, read_903, read_plain

from .doors import (
    PLAIN,
    POLICIES,
    Expected,
    by_child,
    check_rows,
    csv_bytes,
    expected,
    first_refusal,
    periods_of,
    plain_rows,
    verdict_values,
)
from .strategies import History, as_of_for_histories, histories


def _check_arrays(found: list[Expected], as_of: dt.date, policy: Policy) -> None:
    """Periods assess judges whole: the array engine judges them alike, review by review."""
    periods = periods_of([e.history for e in found])
    result = assess_arrays(**periods_to_arrays(periods), as_of=as_of, policy=policy)
    row = 0
    for index, expect in enumerate(found):
        for verdict in expect.verdicts:
            if verdict.review is None:
                assert result.overdue_days[index] == verdict.days_late
                continue
            got = (
                int(result.ordinal[row]),
                result.due[row].item(),
                result.counted[row].item(),
                int(result.days_late[row]),
                result.regimes[result.regime[row]].name,
            )
            assert got == verdict_values(verdict)[1:]
            row += 1
    assert row == len(result.due)


def single_period_arrays(h: History) -> dict[str, Any]:
    """One history as assess_arrays' arguments, faults and all."""
    return {
        "period_start": np.array([h.start], dtype="M8[D]"),
        "period_end": np.array([h.end or "NaT"], dtype="M8[D]"),
        "period_regime": [h.regime],
        "review_period": np.zeros(len(h.reviews), dtype=np.int64),
        "first_meeting": np.array([m[0] for m in h.reviews], dtype="M8[D]"),
        "last_meeting": np.array([m[-1] for m in h.reviews], dtype="M8[D]"),
    }


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    found=st.lists(histories(), min_size=1, max_size=4),
    policy=st.sampled_from(POLICIES),
    data=st.data(),
)
def test_every_door_gives_the_same_verdict_or_refusal(
    found: list[History], policy: Policy, data: st.DataObject
) -> None:
    found = [dataclasses.replace(h, child=f"C{i}") for i, h in enumerate(found)]
    as_of = data.draw(as_of_for_histories(found))
    expects = [expected(h, as_of, policy) for h in found]
    for expect in expects:
        for refusal in {*expect.refused.values(), expect.period_refusal} - {None}:
            event(f"refused: {refusal.__name__}")  # type: ignore[union-attr]
        if expect.verdicts and expect.verdicts[-1].review is None:
            event("an overdue review")
    # The plain format, through validate.
    inputs = read_plain(["plain.csv"], data={"plain.csv": csv_bytes(PLAIN, plain_rows(found))})
    result = validate(inputs, as_of=as_of, reviews_from=None, policy=policy)
    assert "(balanced)" in result.reconciliation()
    rows = by_child(result.rows)
    for expect in expects:
        if expect.history.reviews:  # the plain format has one row per meeting, none for no review
            check_rows(rows.get(expect.history.child, []), expect)
    # The array engine: periods judged whole alike, refusals refused alike.
    clean = [e for e in expects if not e.refused and e.period_refusal is None]
    if clean:
        _check_arrays(clean, as_of, policy)
    for expect in expects:
        if expect.refused or expect.period_refusal is not None:
            with pytest.raises(first_refusal(expect)):
                assess_arrays(**single_period_arrays(expect.history), as_of=as_of, policy=policy)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    found=st.lists(histories(multi_meeting=False, own_regimes=False), min_size=1, max_size=4),
    policy=st.sampled_from(POLICIES),
    data=st.data(),
)
def test_ssda903_files_give_the_verdicts_assess_gives(
    found: list[History], policy: Policy, data: st.DataObject
) -> None:
    found = [dataclasses.replace(h, child=f"C{i}") for i, h in enumerate(found)]
    # A period of care in SSDA903 is an episode from DECOM to DEC; one that ends before it
    # starts is refused by the reader itself (see test_ssda903.py).
    found = [h for h in found if h.end is None or h.end >= h.start]
    if not found:
        return
    as_of = data.draw(as_of_for_histories(found))
    episodes = [
        [h.child, h.start.strftime("%d/%m/%Y"), "S", "C2", "N1", "U1", "PR1"]
        + [h.end.strftime("%d/%m/%Y") if h.end else "", "E11" if h.end else ""]
        + ["", "", "", ""]
        for h in found
    ]
    reviews = [
        [h.child, "", meetings[0].strftime("%d/%m/%Y"), "PN1"]
        for h in found
        for meetings in h.reviews
    ]
    # Each line of the reviews file (from line 2, under the header) and the review it holds.
    lines = dict(enumerate((i for h in found for i in range(len(h.reviews))), start=2))
    data_ = {
        "episodes.csv": csv_bytes(EPISODE_COLUMNS, episodes),
        "reviews.csv": csv_bytes(REVIEW_COLUMNS, reviews),
    }
    inputs = read_903(list(data_), data=data_)
    result = validate(inputs, as_of=as_of, reviews_from=None, policy=policy)
    rows = by_child(result.rows)
    for h in found:
        check_rows(rows.get(h.child, []), expected(h, as_of, policy), lines=lines)


def test_the_drift_cases_of_the_two_engines_are_gone() -> None:
    """The cases where the array engine used to differ from assess (issue 11)."""
    start, held = dt.date(2005, 1, 3), dt.date(2005, 1, 20)
    only_2010 = Policy(regimes=(ENGLAND_2010,))
    period = PeriodOfCare(start=start, reviews=[Review(meetings=[held])])
    with pytest.raises(NoRegimeError):
        assess(period, as_of=dt.date(2005, 6, 1), policy=only_2010)
    with pytest.raises(NoRegimeError):
        assess_arrays(**periods_to_arrays([period]), as_of=dt.date(2005, 6, 1), policy=only_2010)
    # A review before the period, or after its end, or a period ending before it starts.
    before: dict[str, Any] = {
        "period_start": np.array(["2025-01-06"], dtype="M8[D]"),
        "period_end": np.array(["NaT"], dtype="M8[D]"),
        "review_period": np.array([0]),
        "first_meeting": np.array(["2025-01-03"], dtype="M8[D]"),
    }
    with pytest.raises(IroScheduleError, match="before the period of care starts"):
        assess_arrays(**before)
    ended = dict(before, period_end=np.array(["2025-01-01"], dtype="M8[D]"))
    with pytest.raises(InvalidPeriodError, match="period 0: end Wed 1 Jan 2025 is before start"):
        assess_arrays(**ended)
    # A fixed regime outside its dates: the 2010 short-breaks rules for a 2009 series.

    series = PeriodOfCare(start=dt.date(2009, 5, 1), regime=ENGLAND_SHORT_BREAKS_2010)
    with pytest.raises(NoRegimeError, match="ENGLAND_SHORT_BREAKS_2010, the regime the period"):
        assess(series)
    with pytest.raises(NoRegimeError, match="ENGLAND_SHORT_BREAKS_2010, the regime the period"):
        assess_arrays(**periods_to_arrays([series]))
    # A review held after the as-of date.
    late = PeriodOfCare(start=dt.date(2025, 1, 6), reviews=[Review(meetings=[held.replace(2025)])])
    with pytest.raises(ReviewAfterAsOfError):
        assess(late, as_of=dt.date(2025, 1, 10))
    with pytest.raises(ReviewAfterAsOfError, match="review row 0"):
        assess_arrays(**periods_to_arrays([late]), as_of=dt.date(2025, 1, 10))

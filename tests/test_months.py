"""Calendar-month arithmetic (Dodds v Walker): properties, cross-checks and worked examples."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from iro_schedule import add_months
from iro_schedule.errors import NotADateError

from . import reference as ref
from .strategies import dates

months = st.integers(min_value=-600, max_value=600)
mid_range = dates(dt.date(1700, 1, 1), dt.date(2300, 12, 31))


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (dt.date(2023, 8, 31), 6, dt.date(2024, 2, 29)),
        (dt.date(2024, 8, 31), 6, dt.date(2025, 2, 28)),
        (dt.date(2023, 8, 31), 3, dt.date(2023, 11, 30)),
        (dt.date(2023, 11, 30), 3, dt.date(2024, 2, 29)),
        (dt.date(1981, 9, 30), 4, dt.date(1982, 1, 30)),  # Dodds v Walker: 30 Sep -> 30 Jan
        (dt.date(2024, 12, 20), 3, dt.date(2025, 3, 20)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2100, 1, 31), 1, dt.date(2100, 2, 28)),  # not a leap year
        (dt.date(2000, 1, 31), 1, dt.date(2000, 2, 29)),  # a leap year
        (dt.date(2024, 3, 31), -1, dt.date(2024, 2, 29)),
        (dt.date(2024, 5, 15), 0, dt.date(2024, 5, 15)),
        (dt.date(2024, 12, 31), 12, dt.date(2025, 12, 31)),
        (dt.date(2024, 1, 15), -13, dt.date(2022, 12, 15)),
    ],
)
def test_worked_examples(start: dt.date, n: int, expected: dt.date) -> None:
    assert add_months(start, n) == expected


@given(mid_range, months)
def test_matches_hand_counted_reference(d: dt.date, n: int) -> None:
    assert add_months(d, n) == ref.add_months(d, n)


@given(mid_range, months)
def test_matches_dateutil_relativedelta(d: dt.date, n: int) -> None:
    assert add_months(d, n) == d + relativedelta(months=n)


@given(mid_range, months)
def test_same_day_or_clamped_to_month_end(d: dt.date, n: int) -> None:
    result = add_months(d, n)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == n
    if result.day != d.day:
        assert result.day < d.day
        assert (result + dt.timedelta(days=1)).day == 1  # the last day of its month


@given(mid_range, st.integers(-300, 300), st.integers(-300, 300))
def test_consistent_month_arithmetic(d: dt.date, m: int, n: int) -> None:
    # Adding in two steps can only clamp more, never less, than adding at once.
    two_steps = add_months(add_months(d, m), n)
    once = add_months(d, m + n)
    assert (two_steps.year, two_steps.month) == (once.year, once.month)
    assert two_steps.day <= once.day
    if d.day <= 28:
        assert two_steps == once


@given(mid_range, mid_range, st.integers(0, 600))
def test_monotonic(a: dt.date, b: dt.date, n: int) -> None:
    a, b = min(a, b), max(a, b)
    assert add_months(a, n) <= add_months(b, n)


def test_rejects_non_dates() -> None:
    with pytest.raises(NotADateError, match="value.date()"):
        add_months(dt.datetime(2024, 1, 31, 12, 0), 1)
    with pytest.raises(NotADateError, match="fromisoformat"):
        add_months("2024-01-31", 1)  # type: ignore[arg-type]

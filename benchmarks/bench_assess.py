"""The cadence engine: microseconds per review for assess(), against the naive reference.

Run on demand (never as a test):  python benchmarks/bench_assess.py
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

from iro_schedule import PeriodOfCare, Review, assess, england_calendar
from iro_schedule.arrays import assess_arrays, periods_to_arrays

SEED = 33
N_PERIODS = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000


def synthetic_periods(n: int, seed: int = SEED) -> list[PeriodOfCare]:
    """Periods of care 2011-2035 with 0-12 reviews each, mostly on time, some multi-meeting."""
    rng = random.Random(seed)
    periods = []
    for _ in range(n):
        start = dt.date(2011, 4, 1) + dt.timedelta(days=rng.randrange(0, 24 * 365))
        reviews = []
        day = start
        for ordinal in range(rng.randrange(0, 13)):
            gap = (28, 90, 182)[min(ordinal, 2)] + rng.randrange(-20, 8)
            day += dt.timedelta(days=max(gap, 1))
            meetings = [day]
            if rng.random() < 0.05:
                meetings.append(day + dt.timedelta(days=rng.randrange(1, 40)))
            reviews.append(Review(meetings=meetings, brought_forward=rng.random() < 0.03))
            day = meetings[-1]
        periods.append(PeriodOfCare(start=start, reviews=reviews))
    return periods


def main() -> None:
    england_calendar()  # build it outside the timing
    periods = synthetic_periods(N_PERIODS)
    reviews = sum(len(p.reviews) for p in periods)
    as_of = dt.date(2050, 1, 1)  # after every review generated
    began = time.perf_counter()
    for period in periods:
        assess(period, as_of=as_of)
    ours = (time.perf_counter() - began) / reviews * 1e6

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests import reference as ref

    sample = periods[:500]
    sample_reviews = sum(len(p.reviews) for p in sample)
    began = time.perf_counter()
    for period in sample:
        ref.assess(period.start, [list(r.meetings) for r in period.reviews], None, as_of)
    naive = (time.perf_counter() - began) / sample_reviews * 1e6
    arrays = periods_to_arrays(periods)
    began = time.perf_counter()
    assess_arrays(**arrays, as_of=as_of)
    vector = (time.perf_counter() - began) / reviews * 1e6
    print(f"assess() over {N_PERIODS:,} periods of care, {reviews:,} reviews")
    print(f"iro_schedule.assess          {ours:8.3f} us/review")
    print(f"iro_schedule.assess_arrays   {vector:8.3f} us/review ({ours / vector:.0f}x faster)")
    print(f"naive reference (tests/)     {naive:8.3f} us/review ({naive / ours:.0f}x slower)")


if __name__ == "__main__":
    main()

"""Working-day arithmetic: ns per call of add_working_days(d, 20), against a naive loop and numpy.

Run on demand (never as a test):  python benchmarks/bench_calendar.py
"""

from __future__ import annotations

import datetime as dt
import platform
import random
import timeit

import numpy as np

from iro_schedule import england_calendar
from iro_schedule.arrays import add_working_days_array

N_DATES = 20_000
SEED = 20241220


def _naive_add(d: dt.date, n: int, holidays: frozenset[dt.date]) -> dt.date:
    while n:
        d += dt.timedelta(days=1)
        if d.weekday() < 5 and d not in holidays:
            n -= 1
    return d


def _per_call_ns(fn: object, calls: int, repeat: int = 5) -> float:
    best = min(timeit.repeat(fn, number=1, repeat=repeat))  # type: ignore[arg-type]
    return best / calls * 1e9


def main() -> None:
    cal = england_calendar()
    rng = random.Random(SEED)
    start = dt.date(1995, 1, 1).toordinal()
    dates = [dt.date.fromordinal(start + rng.randrange(0, 60 * 365)) for _ in range(N_DATES)]
    holidays = cal.non_working_days
    np_holidays = np.array(sorted(holidays), dtype="datetime64[D]")
    calendar = np.busdaycalendar(holidays=np_holidays)
    np_dates = [np.datetime64(d) for d in dates]

    add = cal.add_working_days
    ours = _per_call_ns(lambda: [add(d, 20) for d in dates], N_DATES)
    naive = _per_call_ns(lambda: [_naive_add(d, 20, holidays) for d in dates], N_DATES, repeat=3)
    scalar_np = _per_call_ns(
        lambda: [np.busday_offset(d, 20, roll="backward", busdaycal=calendar) for d in np_dates],
        N_DATES,
    )
    array = np.array(dates, dtype="datetime64[D]")
    vector_np = _per_call_ns(
        lambda: np.busday_offset(array, 20, roll="backward", busdaycal=calendar), N_DATES
    )
    ours_array = _per_call_ns(lambda: add_working_days_array(array, 20, calendar=cal), N_DATES)
    print(f"add_working_days(d, 20) over {N_DATES:,} random dates 1995-2054")
    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print(f"{'implementation':<42}{'ns/call':>10}{'vs ours':>10}")
    for name, ns in [
        ("iro_schedule WorkingCalendar.add_working_days", ours),
        ("naive day-by-day loop", naive),
        ("numpy.busday_offset, one call per date", scalar_np),
        ("numpy.busday_offset, one call per array", vector_np),
        ("iro_schedule add_working_days_array", ours_array),
    ]:
        print(f"{name:<42}{ns:>10.0f}{ns / ours:>9.1f}x")


if __name__ == "__main__":
    main()

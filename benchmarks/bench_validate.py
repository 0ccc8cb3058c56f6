"""Reading and judging a national-scale SSDA903 dataset: time and peak memory.

Run on demand (never as a test):  python benchmarks/bench_validate.py [--children 80000]

It writes a synthetic multi-year 903 dataset (fixed seed; about 25 reviews per child, so 80,000
children give about 2 million reviews) to a temporary folder, then, in a fresh process, reads it
and judges every review, and prints the time of each stage and the peak resident memory.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from iro_schedule.records import EPISODE_COLUMNS, REVIEW_COLUMNS

SEED = 80_000


def _fmt(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def generate(folder: Path, children: int) -> int:
    """Write episodes and reviews; return the number of review rows."""
    rng = random.Random(SEED)
    reviews_written = 0
    with (
        open(folder / "episodes.csv", "w", newline="") as e_handle,
        open(folder / "reviews.csv", "w", newline="") as r_handle,
    ):
        episodes, reviews = csv.writer(e_handle), csv.writer(r_handle)
        episodes.writerow(EPISODE_COLUMNS)
        reviews.writerow(REVIEW_COLUMNS)
        for number in range(children):
            child = str(1_000_000 + number)
            start = dt.date(2011, 4, 1) + dt.timedelta(days=rng.randrange(0, 800))
            dob = start - dt.timedelta(days=rng.randrange(400, 5000))
            episodes.writerow(
                [child, _fmt(start), "S", "C2", "N1", "U1", "PR1", "", "", "", "", "", ""]
            )
            day = start + dt.timedelta(days=rng.randrange(10, 30))
            for ordinal in range(rng.randrange(18, 33)):
                reviews.writerow([child, _fmt(dob), _fmt(day), "PN1"])
                reviews_written += 1
                gap = 85 if ordinal == 0 else 178
                day += dt.timedelta(days=gap + rng.randrange(-25, 12))
    return reviews_written


def judge(folder: Path) -> None:
    """Read and judge the folder; print stage times and peak memory."""
    from iro_schedule import annual_figures, england_calendar, validate
    from iro_schedule.records import read_903

    england_calendar()
    began = time.perf_counter()
    inputs = read_903([folder])
    read = time.perf_counter()
    result = validate(inputs, as_of=dt.date(2026, 3, 31), reviews_from=None)
    judged = time.perf_counter()
    annual_figures(result, range(2012, 2027))
    done = time.perf_counter()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"review rows: {inputs.review_rows_read:,}; {result.reconciliation()}")
    print(
        f"read {read - began:6.1f} s | judge {judged - read:6.1f} s | "
        f"figures {done - judged:5.1f} s | total {done - began:6.1f} s | "
        f"peak memory {peak_mib:,.0f} MiB"
    )
    per_review = (judged - read) / max(inputs.review_rows_read, 1) * 1e6
    print(f"judging: {per_review:.2f} us per review row")
    del result, inputs
    floor = csv_floor(folder)
    print(
        f"floor: csv.reader alone over the reviews file (no dates, no values): {floor:.1f} s; "
        f"the whole run is {(done - began) / floor:.1f}x that"
    )


def csv_floor(folder: Path) -> float:
    """Seconds for Python's csv module to split the reviews file into cells, and no more."""
    began = time.perf_counter()
    with open(folder / "reviews.csv", newline="") as handle:
        rows = sum(1 for _ in csv.reader(handle))
    assert rows > 0
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=80_000)
    parser.add_argument("--judge", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.judge:
        judge(args.judge)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        began = time.perf_counter()
        rows = generate(folder, args.children)
        print(
            f"generated {args.children:,} children, {rows:,} reviews in "
            f"{time.perf_counter() - began:.1f} s ({sys.platform}, python "
            f"{sys.version.split()[0]})"
        )
        subprocess.run([sys.executable, __file__, "--judge", str(folder)], check=True)


if __name__ == "__main__":
    main()

"""National scale, side by side: the numpy floor, the frame path, the pure-Python core, the naive
reference. Run on demand (never as a test):

    python benchmarks/bench_frames.py [--children 80000] [--library pandas|polars]

A synthetic national caseload (fixed seed): 80,000 children, one period of care each, about 25
reviews each (about 2 million reviews, some held over two meetings), as a long frame with one
row per review. Each stage runs in its own fresh process, so each peak-memory figure is that
stage's own. Per review:

- floor: ``numpy.busday_offset`` over the same holiday table, one date per review (the least any
  vectorised due-date computation can cost);
- due: :func:`iro_schedule.add_due_after` on a frame of (anchor, review number): each review's
  due date, the regime in force looked up for each row;
- frame: :func:`iro_schedule.assess_frame` on the whole frame (due dates, counted dates, days
  late, status, regime and rule for every review, back in the caller's row order);
- core: :func:`iro_schedule.assess` on every period (pure Python, every verdict a value);
- naive: ``tests/reference.py`` (day by day), on the first 2,000 periods.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = 2_000_000
AS_OF = dt.date(2036, 3, 31)


def timed(work: Callable[[], Any], runs: int = 3) -> tuple[dict[str, float], Any]:
    """Run ``work`` ``runs`` times: the first run's seconds (fresh memory, as a first call in a
    notebook meets it), the best run's, and the first run's result."""
    seconds, result = [], None
    for run in range(runs):
        began = time.perf_counter()
        answer = work()
        seconds.append(time.perf_counter() - began)
        result = answer if run == 0 else result
    return {"first": seconds[0], "best": min(seconds)}, result


def caseload(children: int) -> list[tuple[dt.date, list[tuple[dt.date, dt.date]]]]:
    """Per child: the period's start and its reviews as (first, last meeting)."""
    rng = random.Random(SEED)
    out = []
    for _ in range(children):
        start = dt.date(2011, 4, 1) + dt.timedelta(days=rng.randrange(0, 800))
        day = start + dt.timedelta(days=rng.randrange(10, 30))
        reviews = []
        for ordinal in range(rng.randrange(18, 33)):
            last = day + dt.timedelta(days=rng.randrange(1, 30)) if rng.random() < 0.05 else day
            reviews.append((day, last))
            gap = 85 if ordinal == 0 else 178
            day = last + dt.timedelta(days=gap + rng.randrange(-25, 12))
        out.append((start, reviews))
    return out


def stage_floor(children: int) -> dict[str, Any]:
    import numpy as np

    from iro_schedule import england_calendar

    cal = england_calendar()
    starts = np.array(
        [r[0] for _, reviews in caseload(children) for r in reviews], dtype="datetime64[D]"
    )
    holidays = np.array(sorted(cal.non_working_days), dtype="datetime64[D]")
    busdays = np.busdaycalendar(weekmask="1111100", holidays=holidays)
    times, _ = timed(lambda: np.busday_offset(starts, 20, roll="backward", busdaycal=busdays))
    return {**times, "reviews": int(starts.size)}


def stage_frame(children: int, library: str) -> dict[str, Any]:
    from iro_schedule import england_calendar
    from iro_schedule.frames import assess_frame

    england_calendar()
    columns: dict[str, list[Any]] = {"child": [], "start": [], "first": [], "last": []}
    for number, (start, reviews) in enumerate(caseload(children)):
        for first, last in reviews:
            columns["child"].append(f"C{number:06d}")
            columns["start"].append(start)
            columns["first"].append(first)
            columns["last"].append(last)
    if library == "polars":
        import polars as pl

        frame = pl.DataFrame(columns)
    else:
        import pandas as pd

        frame = pd.DataFrame(columns)
        for name in ("start", "first", "last"):
            frame[name] = pd.to_datetime(frame[name])
    del columns

    def run(rows: Any) -> Any:
        return assess_frame(
            rows,
            child="child",
            period_start="start",
            meeting_date="first",
            last_meeting="last",
            as_of=AS_OF,
        )

    run(frame.head(100))  # imports (narwhals, the frame library's internals) outside the timing
    times, out = timed(lambda: run(frame))
    late = int((out["status"] == "late").sum())
    return {**times, "reviews": len(out), "late": late}


def stage_due(children: int, library: str) -> dict[str, Any]:
    """add_due_after: each review's due date from its anchor and number, on a frame."""
    from iro_schedule import england_calendar
    from iro_schedule.frames import add_due_after

    england_calendar()
    columns: dict[str, list[Any]] = {"anchor": [], "number": []}
    for start, reviews in caseload(children):
        anchor = start
        for number, (first, _) in enumerate(reviews, start=1):
            columns["anchor"].append(anchor)
            columns["number"].append(number)
            anchor = first
    if library == "polars":
        import polars as pl

        frame = pl.DataFrame(columns)
    else:
        import pandas as pd

        frame = pd.DataFrame(columns)
        frame["anchor"] = pd.to_datetime(frame["anchor"])
    del columns
    add_due_after(frame.head(100), "anchor", ordinal="number")  # imports outside the timing
    times, out = timed(lambda: add_due_after(frame, "anchor", ordinal="number"))
    return {**times, "reviews": len(out)}


def stage_core(children: int) -> dict[str, Any]:
    from iro_schedule import PeriodOfCare, Review, assess, england_calendar

    england_calendar()
    periods = [
        PeriodOfCare(
            start=start,
            reviews=[Review(meetings=(f,) if f == last else (f, last)) for f, last in reviews],
        )
        for start, reviews in caseload(children)
    ]
    times, late = timed(
        lambda: sum(
            1
            for p in periods
            for v in assess(p, as_of=AS_OF).verdicts
            if v.review and not v.on_time
        )
    )
    return {**times, "reviews": sum(len(p.reviews) for p in periods), "late": late}


def stage_naive(children: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from tests import reference

    sample = caseload(children)[:2000]

    def run() -> None:
        for start, reviews in sample:
            meetings = [[f] if f == last else [f, last] for f, last in reviews]
            reference.assess(start, meetings, None, AS_OF)

    times, _ = timed(run)
    return {**times, "reviews": sum(len(r) for _, r in sample)}


def run_stage(name: str, children: int, library: str) -> dict[str, Any]:
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            "--stage",
            name,
            "--children",
            str(children),
            "--library",
            library,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=80_000)
    parser.add_argument("--library", choices=["pandas", "polars"], default="pandas")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        stages = {
            "floor": lambda: stage_floor(args.children),
            "frame": lambda: stage_frame(args.children, args.library),
            "due": lambda: stage_due(args.children, args.library),
            "core": lambda: stage_core(args.children),
            "naive": lambda: stage_naive(args.children),
        }
        result = stages[args.stage]()
        result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    import numpy

    print(
        f"{args.children:,} children; python {platform.python_version()}, numpy "
        f"{numpy.__version__}, {args.library}; {platform.machine()}, "
        f"{len(__import__('os').sched_getaffinity(0))} cores"
    )
    results = {
        name: run_stage(name, args.children, args.library)
        for name in ("floor", "due", "frame", "core", "naive")
    }
    floor = {run: results["floor"][run] / results["floor"]["reviews"] for run in ("first", "best")}
    labels = {
        "floor": "numpy busday_offset (floor)",
        "due": f"add_due_after ({args.library})",
        "frame": f"assess_frame ({args.library})",
        "core": "assess (pure Python)",
        "naive": "naive reference (tests/)",
    }
    heading = ("", "reviews", "first run", "x floor", "best of 3", "x floor", "peak MiB")
    print("{:<29} {:>10} {:>12} {:>8} {:>12} {:>8} {:>9}".format(*heading))
    for name, result in results.items():
        cells = [f"{labels[name]:<29} {result['reviews']:>10,}"]
        for run in ("first", "best"):
            per = result[run] / result["reviews"]
            cells.append(f"{per * 1e9:>9,.0f} ns {per / floor[run]:>8.1f}")
        cells.append(f"{result['peak_mib']:>9,.0f}")
        print(" ".join(cells))
    print(
        "per review; first run: a first call in a fresh process; best of 3: the same call "
        "repeated (memory already mapped)"
    )
    frame = results["frame"]
    print(
        f"whole assessment by assess_frame: {frame['first']:.2f} s first run, "
        f"{frame['best']:.2f} s best"
    )
    if results["frame"]["late"] != results["core"]["late"]:
        raise SystemExit("the frame path and the core disagree on the number of late reviews")
    print(f"late reviews: {results['core']['late']:,} (frame path and core agree)")


if __name__ == "__main__":
    main()

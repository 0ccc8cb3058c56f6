"""Validating a national SSDA903 dataset against the columnar floor: time, peak memory, growth.

Run on demand (never as a test):

    python benchmarks/bench_national.py [--children 180000] [--runs 3] [--scaling] [--outputs]
                                        [--without-extras] [--compare OTHER/src]

It writes a synthetic national dataset (``national_903.py``, fixed seed: ten collection years,
180,000 children give about 2 million reviews and 290,000 periods of care) to a temporary
folder, checks that the floor (``floor_national.py``: polars read, numpy due dates, the same
annual figures) agrees with ``iro_schedule`` on every due date and every figure, then runs the
floor and ``iro-schedule validate FOLDER`` in turns (A B A B A B), each in a fresh process, and
prints the medians, their ratio and each one's peak resident memory. ``--without-extras`` also
times ``validate`` in a process where no optional dependency (polars, numpy, pyarrow, pandas,
narwhals) can be imported, as a user who installed no extra runs it. ``--compare SRC`` runs
another checkout's ``validate`` in the same turns (a before and after; with
``--without-extras``, its run with no optional dependency too); ``--outputs`` also
times ``validate`` with each of ``--csv``, ``--json``, ``--html`` and ``--xlsx`` against the
plain run; ``--scaling`` repeats
the plain run at 10% and 35% of the children and prints the cost per review at each size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from national_903 import AS_OF, FIRST_YEAR, LAST_YEAR, WINDOW_START, generate  # noqa: E402


def timed_process(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one fresh process (its output discarded)."""
    began = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed")
    return seconds, usage.ru_maxrss / 1024


def cli() -> list[str]:
    """The command, as ``python -m iro_schedule`` (the same as ``iro-schedule``), so that a
    checkout compared (by ``PYTHONPATH``) runs its own entry point."""
    return [sys.executable, "-m", "iro_schedule"]


#: The outputs ``--outputs`` times, each against the plain run.
OUTPUTS = ("csv", "json", "html", "xlsx")

#: What "no optional dependency" hides: each made unimportable in the process (as if not installed).
OPTIONAL = ("polars", "numpy", "pyarrow", "pandas", "narwhals")


def cli_without_extras() -> list[str]:
    """The command as a process in which no optional dependency can be imported: the run the
    library gives to a user who installed none of its extras."""
    hide = f"import sys; sys.modules.update(dict.fromkeys({OPTIONAL!r}))"
    return [sys.executable, "-c", f"{hide}; from iro_schedule._cli import console; console()"]


def floor_command(folder: Path) -> list[str]:
    return [sys.executable, __file__, "--floor", str(folder)]


def run_floor(folder: Path) -> dict[str, Any]:
    import numpy as np
    from floor_national import floor

    from iro_schedule import england_calendar

    holidays = np.array(sorted(england_calendar().non_working_days), dtype="datetime64[D]")
    return floor(folder, holidays, AS_OF)


def check_agreement(folder: Path) -> int:
    """Compare the floor with the library on every due date and figure; the review count."""
    import numpy as np

    from iro_schedule import annual_figures, read_records, validate

    answer = run_floor(folder)
    inputs = read_records([folder])
    result = validate(inputs, as_of=AS_OF, reviews_from=WINDOW_START)
    rows = result.rows
    dues = sorted(v.due for v in rows if v.due is not None and v.meeting_date is not None)
    if len(dues) != answer["reviews"] or len(rows) != answer["reviews"]:
        raise SystemExit(f"rows: library {len(rows):,}, floor {answer['reviews']:,}")
    if not np.array_equal(np.array(dues, dtype="datetime64[D]"), np.sort(answer["due"])):
        raise SystemExit("the floor and the library disagree on due dates")
    for year in annual_figures(result, range(FIRST_YEAR, LAST_YEAR + 1)):
        theirs = answer["figures"][year.year]
        ours = {key: getattr(year, key) for key in theirs if key != "months"}
        ours["months"] = [(m.held, m.on_time) for m in year.months]
        if ours != theirs or year.held_whatever_number or year.not_assessable or year.invalid:
            raise SystemExit(f"{year.label}: library {ours} floor {theirs}")
    return int(answer["reviews"])


def helper(*args: str | Path) -> str:
    """The last line a run of this script with ``args`` prints."""
    done = subprocess.run(
        [sys.executable, __file__, *map(str, args)], check=True, capture_output=True, text=True
    )
    return done.stdout.strip().splitlines()[-1]


def in_turns(
    commands: dict[str, list[str]], runs: int, compare: Path | None
) -> dict[str, list[tuple[float, float]]]:
    """Each command ``runs`` times, in turns; a command named "... (compared)" runs with the
    other source tree first on the path."""
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    other = {**os.environ, "PYTHONPATH": str(compare)} if compare else None
    for _ in range(runs):
        for name, argv in commands.items():
            results[name].append(timed_process(argv, other if "(compared)" in name else None))
    return results


def median(samples: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    seconds = [s for s, _ in samples]
    return statistics.median(seconds), min(seconds), max(seconds), max(m for _, m in samples)


def python_speed() -> float:
    """Milliseconds this interpreter takes over a fixed pure-Python loop (dicts, strings,
    dates), best of five: the floor runs mostly in native code and ``validate`` mostly in
    Python, so their ratio moves with the interpreter's speed (a CPython built without
    profile-guided optimisation, as pyenv builds it by default, runs Python about 1.6 times as
    slowly as Debian's or python.org's). Printed so that runs on two machines can be compared."""

    def loop() -> None:
        counts: dict[str, int] = {}
        day = dt.date(2020, 1, 1)
        for i in range(300_000):
            key = f"child{i % 997}"
            counts[key] = counts.get(key, 0) + (day + dt.timedelta(days=i % 400)).month

    best = float("inf")
    for _ in range(5):
        began = time.perf_counter()
        loop()
        best = min(best, time.perf_counter() - began)
    return best * 1000


def report(results: dict[str, list[tuple[float, float]]], base: str, reviews: int) -> None:
    base_seconds = median(results[base])[0]
    print(f"{'':<28} {'median':>8} {'range':>15} {'x floor':>10} {'peak MiB':>9} {'us/review':>10}")  # fmt: skip  # noqa: E501
    for name, samples in results.items():
        middle, low, high, peak = median(samples)
        print(
            f"{name:<28} {middle:>7.2f}s {low:>6.2f}-{high:<6.2f}s {middle / base_seconds:>10.2f} "
            f"{peak:>9,.0f} {middle / reviews * 1e6:>10.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=180_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--outputs", action="store_true", help="time each output too")
    parser.add_argument("--scaling", action="store_true", help="per-review cost at 3 sizes")
    parser.add_argument(
        "--without-extras",
        action="store_true",
        help="time validate with no optional dependency importable too",
    )
    parser.add_argument(
        "--compare", type=Path, help="another checkout's src folder: its validate runs in turns too"
    )
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--check", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        run_floor(args.floor)
        return
    if args.generate:
        print(json.dumps(generate(args.generate, args.children)))
        return
    if args.check:
        print(check_agreement(args.check))
        return
    print(
        f"python {platform.python_version()}, numpy {version('numpy')}, polars "
        f"{version('polars')}; {platform.machine()}, {len(os.sched_getaffinity(0))} cores; "
        f"{dt.date.today()}; pure-Python loop {python_speed():.0f} ms"
    )
    sizes = [args.children // 10, args.children * 35 // 100, args.children] if args.scaling else [args.children]  # fmt: skip  # noqa: E501
    per_review = []
    for children in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "903"
            folder.mkdir()
            # Each in a process of its own: a process started from this one begins with this
            # one's peak memory as its own, so this one stays small.
            counts = json.loads(helper("--generate", folder, "--children", str(children)))
            reviews = int(helper("--check", folder))
            print(
                f"\n{children:,} children, {counts['periods']:,} periods of care, "
                f"{counts['episodes']:,} episodes, {reviews:,} reviews: the floor agrees with "
                "iro_schedule on every due date and figure"
            )
            validate = [*cli(), "validate", str(folder)]
            commands = {"floor (polars + numpy)": floor_command(folder), "iro-schedule validate": validate}  # fmt: skip  # noqa: E501
            if args.without_extras:
                commands["validate, no extra"] = [*cli_without_extras(), "validate", str(folder)]
            if args.compare:
                commands["iro-schedule validate (compared)"] = validate
                if args.without_extras:
                    commands["validate, no extra (compared)"] = commands["validate, no extra"]
            if args.outputs and children == args.children:
                for kind in OUTPUTS:
                    commands[f"validate --{kind}"] = [*validate, f"--{kind}", str(Path(tmp) / f"out.{kind}")]  # fmt: skip  # noqa: E501
            results = in_turns(commands, args.runs, args.compare)
            report(results, "floor (polars + numpy)", reviews)
            if args.outputs and children == args.children:
                plain = median(results["iro-schedule validate"])[0]
                for kind in OUTPUTS:
                    ratio = median(results[f"validate --{kind}"])[0] / plain
                    print(f"validate --{kind}: {ratio:.2f}x the plain run")
            per_review.append((reviews, median(results["iro-schedule validate"])[0] / reviews))
    if len(per_review) > 1:
        print("\ngrowth: " + "; ".join(f"{n:,} reviews {s * 1e6:.2f} us/review" for n, s in per_review))  # fmt: skip  # noqa: E501


if __name__ == "__main__":
    main()

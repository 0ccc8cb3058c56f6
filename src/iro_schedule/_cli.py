"""The ``iro-schedule`` command line."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

from ._cadence import Assessment, assess, first_review_due
from ._errors import IroScheduleError
from ._figures import annual_figures
from ._policy import CountedMeeting, Policy
from ._readers import infer_window, read_records
from ._records import PeriodOfCare, Review
from ._regimes import Regime
from ._report import rows_as_csv, summary_text, to_html, to_json
from ._validate import REGIMES_BY_NAME, validate

_REGIMES: dict[str, Regime] = REGIMES_BY_NAME


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date in the form YYYY-MM-DD (e.g. 2024-12-20)"
        ) from None


def _meetings(text: str) -> tuple[dt.date, ...]:
    return tuple(_iso_date(part) for part in text.split(","))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iro-schedule",
        description="Statutory review timescales for looked-after children in England.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    due = commands.add_parser(
        "due",
        help="when reviews of a period of care fall due, and whether those held were on time",
        description=(
            "Print the first review's due date for a period of care starting on START. "
            "With --review, judge each review held and print when the next one is due."
        ),
    )
    due.add_argument("start", type=_iso_date, help="the date the child became looked after")
    due.add_argument(
        "--review",
        dest="reviews",
        type=_meetings,
        action="append",
        default=[],
        metavar="DATE[,DATE...]",
        help="a review held, in date order; several meetings of one review separated by commas",
    )
    due.add_argument("--end", type=_iso_date, help="the date the period of care ended")
    due.add_argument(
        "--as-of", type=_iso_date, help="judge an unheld review as overdue if due before this date"
    )
    due.add_argument(
        "--regime", choices=sorted(_REGIMES), help="fix the regime (default: England's in force)"
    )
    _add_policy_options(due)
    _add_validate(commands)
    return parser


def _add_policy_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--count-start-day",
        action="store_true",
        help="count the start day as working day 1 (default: it is not counted)",
    )
    parser.add_argument(
        "--counted-meeting",
        choices=[m.name.lower() for m in CountedMeeting],
        default=CountedMeeting.FIRST_IF_COMPLETED_IN_TIME.name.lower(),
        help="which meeting of a multi-meeting review is judged",
    )


def _policy(args: argparse.Namespace) -> Policy:
    return Policy(
        count_start_day=args.count_start_day,
        counted_meeting=CountedMeeting[args.counted_meeting.upper()],
    )


def _add_validate(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    validate = commands.add_parser(
        "validate",
        help="judge historic review records (SSDA903 files or the plain format)",
        description=(
            "Judge every review in SSDA903 Header/Episodes/Reviews files and/or plain-format "
            "case-system exports (files or directories of .csv files), and print the annual "
            "figures. Every input row comes out with a verdict or a reason."
        ),
    )
    validate.add_argument("paths", nargs="*", type=Path, help="CSV files or directories")
    validate.add_argument(
        "--sample", action="store_true", help="use the bundled synthetic sample data"
    )
    validate.add_argument("--as-of", type=_iso_date, help="the end of the data")
    validate.add_argument(
        "--reviews-from", type=_iso_date, help="the date from which the 903 reviews are complete"
    )
    validate.add_argument(
        "--years", type=int, nargs="+", help="reporting years to show, by the year they end in"
    )
    validate.add_argument(
        "--columns",
        action="append",
        default=[],
        metavar="NAME=HEADER",
        help="map a plain-format column to the file's own header, e.g. child=ChildID",
    )
    _add_policy_options(validate)
    validate.add_argument("--csv", type=Path, help="write every row's verdict as CSV")
    validate.add_argument("--json", type=Path, help="write everything as JSON")
    validate.add_argument("--html", type=Path, help="write a self-contained HTML report")


class _Progress:
    """A progress line on stderr, shown only once a run has taken more than two seconds."""

    def __init__(self) -> None:
        self.began = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if time.monotonic() - self.began < 2:
            return
        self.shown = True
        print(f"\rjudging periods of care: {done:,}/{total:,}", end="", file=sys.stderr)

    def finish(self) -> None:
        if self.shown:
            print(file=sys.stderr)


def _column_map(pairs: Sequence[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        name, sep, header = pair.partition("=")
        if not sep or not name.strip() or not header.strip():
            raise IroScheduleError(
                f"--columns {pair!r} is not NAME=HEADER (e.g. child=ChildID)", field="columns"
            )
        mapping[name.strip()] = header.strip()
    return mapping


def _run_validate(args: argparse.Namespace) -> None:
    paths = list(args.paths)
    if args.sample:
        paths.append(Path(str(resources.files("iro_schedule") / "data" / "sample")))
    if not paths:
        raise IroScheduleError("give CSV files or directories to validate, or --sample")
    for path in paths:
        if not path.exists():
            raise IroScheduleError(f"{path}: no such file or directory", value=path)
    try:
        inputs = read_records(paths, columns=_column_map(args.columns))
    except ValueError as exc:
        raise IroScheduleError(str(exc), field="columns") from exc
    window = infer_window(
        inputs, as_of=args.as_of, reviews_from=args.reviews_from, years=args.years
    )
    progress = _Progress()
    result = validate(
        inputs,
        as_of=window.as_of,
        reviews_from=window.reviews_from,
        policy=_policy(args),
        progress=progress,
    )
    progress.finish()
    figures = annual_figures(result, window.years)
    notes = [f"Read {len(inputs.sources)} files.", *window.notes]
    print(summary_text(result, figures, notes), end="")
    outputs: list[tuple[Path | None, Callable[[], str]]] = [
        (args.csv, lambda: rows_as_csv(result.rows)),
        (args.json, lambda: to_json(result, figures, notes)),
        (args.html, lambda: to_html(result, figures, notes)),
    ]
    for path, render in outputs:
        if path is not None:
            path.write_text(render(), encoding="utf-8", newline="")
            print(f"wrote {path}")


def _print_assessment(result: Assessment) -> None:
    for verdict in result.verdicts:
        print(
            f"{verdict.ordinal:>3}  due {verdict.due.isoformat()}  {verdict.status.value:<8}"
            f"  {verdict.explain()}"
        )
    if result.next_due is None:
        print(f"No review {result.next_ordinal} is due: the period of care ended first.")
    else:
        print(f"Review {result.next_ordinal} is due by {result.next_due.isoformat()}.")


def _run_due(args: argparse.Namespace) -> None:
    policy = _policy(args)
    regime = _REGIMES[args.regime] if args.regime else None
    if not args.reviews and args.end is None and args.as_of is None:
        due = first_review_due(args.start, regime=regime, policy=policy)
        print(f"First review due by {due.isoformat()} ({due:%A})")
        return
    period = PeriodOfCare(
        start=args.start,
        end=args.end,
        reviews=[Review(meetings=meetings) for meetings in args.reviews],
        regime=regime,
    )
    _print_assessment(assess(period, as_of=args.as_of, policy=policy))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 2 bad input)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            _run_validate(args)
        else:
            _run_due(args)
    except IroScheduleError as exc:
        print(f"iro-schedule: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"iro-schedule: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

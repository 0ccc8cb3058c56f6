"""The ``iro-schedule`` command line."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence

from ._cadence import Assessment, assess, first_review_due
from ._errors import IroScheduleError
from ._policy import CountedMeeting, Policy
from ._records import PeriodOfCare, Review
from ._regimes import (
    ENGLAND_1991,
    ENGLAND_2010,
    ENGLAND_ADOPTION_PLACEMENT_2005,
    ENGLAND_SHORT_BREAKS_2010,
    SCOTLAND_2009,
    Regime,
)

_REGIMES: dict[str, Regime] = {
    r.name: r
    for r in (
        ENGLAND_1991,
        ENGLAND_2010,
        ENGLAND_SHORT_BREAKS_2010,
        ENGLAND_ADOPTION_PLACEMENT_2005,
        SCOTLAND_2009,
    )
}


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
    due.add_argument(
        "--count-start-day",
        action="store_true",
        help="count the start day as working day 1 (default: it is not counted)",
    )
    due.add_argument(
        "--counted-meeting",
        choices=[m.name.lower() for m in CountedMeeting],
        default=CountedMeeting.FIRST_IF_COMPLETED_IN_TIME.name.lower(),
        help="which meeting of a multi-meeting review is judged",
    )
    return parser


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
    policy = Policy(
        count_start_day=args.count_start_day,
        counted_meeting=CountedMeeting[args.counted_meeting.upper()],
    )
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
        _run_due(args)
    except IroScheduleError as exc:
        print(f"iro-schedule: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

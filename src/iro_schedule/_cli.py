"""The ``iro-schedule`` command line."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import ClassVar, NoReturn, TextIO, TypeVar

from . import __version__
from ._engine.assess import assess, first_review_due
from ._engine.periods import PeriodOfCare, Review
from ._engine.verdicts import Assessment
from ._errors import IroScheduleError
from ._law.calendar import england_calendar
from ._law.months import add_months
from ._law.policy import CountedMeeting, Policy
from ._law.regimes import REGIMES_BY_NAME, Regime
from ._outputs import STDOUT, Outputs, refuse_clashes
from ._read.files import read_records, sample_data
from ._read.periods_json import read_periods_json
from ._read.rows import Inputs
from ._read.tables import parse_date, table_sources
from ._report.context import ReportContext
from ._report.figures import annual_figures
from ._report.groups import caseloads, figures_by
from ._report.html import to_html
from ._report.workbook import write_workbook
from ._report.writers import (
    due_items_json,
    recorded_dues_json,
    summary_text,
    write_csv,
    write_due_items_csv,
    write_json,
    write_recorded_dues_csv,
)
from ._schedule.due import (
    DueItem,
    PaperworkPolicy,
    alerts,
    check_reschedule,
    due_list,
    next_reviews,
)
from ._schedule.ics import to_ics
from ._validate.recorded_due import DueDateCheck, check_recorded_dues
from ._validate.rows import RowStatus
from ._validate.validation import Caseload, Validation, caseload, validate
from ._validate.window import DataWindow, infer_window
from ._wording import day, policy_note

T = TypeVar("T")

_REGIMES: dict[str, Regime] = REGIMES_BY_NAME


#: The dates the command line takes: wide enough for any record, narrow enough that date
#: arithmetic on them cannot overflow.
_FIRST_DATE, _LAST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def _iso_date(text: str) -> dt.date:
    """A date as the files write it (dd/mm/YYYY) or ISO (YYYY-MM-DD); nothing ambiguous."""
    try:
        date = parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date in the form dd/mm/YYYY or YYYY-MM-DD (e.g. 20/12/2024)"
        ) from None
    if not _FIRST_DATE <= date <= _LAST_DATE:
        raise argparse.ArgumentTypeError(
            f"{text!r} is outside {_FIRST_DATE.year} to {_LAST_DATE.year}; give a date in the "
            "records' time"
        )
    return date


def _whole(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{text!r}: {what} must be {low} to {high}")
        return number

    return parse


_DAYS = _whole(0, 366, "a number of days")


def _range(text: str) -> tuple[int, int]:
    low, sep, high = text.partition("-")
    try:
        found = int(low), int(high)
    except ValueError:
        found = (0, -1)
    if not sep or not 0 <= found[0] <= found[1]:
        raise argparse.ArgumentTypeError(f"{text!r} is not a range LOW-HIGH, e.g. 50-70")
    return found


def _percent(text: str) -> float:
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        value = -1
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage from 0 to 100")
    return value


_YEAR = _whole(1992, 2199, "a reporting year, named by the year it ends in (e.g. 2025),")


def _meetings(text: str) -> tuple[dt.date, ...]:
    return tuple(_iso_date(part) for part in text.split(","))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iro-schedule",
        description="Statutory review timescales for looked-after children in England.",
    )
    parser.add_argument("--version", action="version", version=_version())
    commands = parser.add_subparsers(dest="command", required=True)
    due = commands.add_parser(
        "due",
        help="when reviews of a period of care fall due, and whether those held were on time",
        description=(
            "Print the first review's due date for a period of care starting on START. "
            "With --review, judge each review held and print when the next one is due. With "
            "--input, assess the periods of care of a JSON file (schemas/due-input.schema.json); "
            "with --json, print JSON (schemas/due-output.schema.json)."
        ),
    )
    due.add_argument(
        "start", type=_iso_date, nargs="?", help="the date the child became looked after"
    )
    due.add_argument(
        "--input",
        metavar="FILE",
        help="a JSON file of periods of care and their reviews ('-': standard input)",
    )
    due.add_argument("--json", action="store_true", help="print the assessments as JSON")
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
        "--proposed",
        type=_iso_date,
        help="check a proposed date for the next review: on time? what then falls due?",
    )
    _add_policy_options(due)
    _add_validate(commands)
    _add_check_due_dates(commands)
    _add_schedule(commands)
    return parser


def _version() -> str:
    """The library's version and what its working days come from."""
    from importlib.metadata import version  # noqa: PLC0415 (only for --version)

    return f"iro-schedule {__version__} (holidays {version('holidays')})"


def _add_table_outputs(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--csv", type=Path, help=f"write {what} as CSV")
    parser.add_argument("--json", type=Path, help=f"write {what} as JSON")
    _add_bom_option(parser)


def _add_bom_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-bom",
        action="store_true",
        help=(
            "write CSV as plain UTF-8 (by default it starts with the byte-order mark Excel "
            "needs to show accented letters)"
        ),
    )


def _csv_encoding(args: argparse.Namespace) -> str:
    return "utf-8" if args.no_bom else "utf-8-sig"


def _add_policy_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help=(
            "a TOML file of options (their names with _ for -, e.g. as_of, columns = "
            "{child = 'ChildID'}; a [command] table for one command's); the command line wins"
        ),
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="on an unexpected error, print the traceback (to report it)",
    )
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
    _add_input_options(validate, as_of_help="the end of the data")
    validate.add_argument(
        "--years", type=_YEAR, nargs="+", help="reporting years to show, by the year they end in"
    )
    _add_policy_options(validate)
    validate.add_argument("--csv", type=Path, help="write every row's verdict as CSV")
    _add_bom_option(validate)
    validate.add_argument("--json", type=Path, help="write everything as JSON")
    validate.add_argument("--html", type=Path, help="write a self-contained HTML report")
    validate.add_argument(
        "--xlsx",
        type=Path,
        help="write an Excel workbook: figures, every verdict, late and overdue, problems",
    )
    validate.add_argument("--title", default="", help="the report's title, e.g. the council")
    validate.add_argument(
        "--by",
        action="append",
        default=[],
        metavar="COLUMN",
        help="the figures by a column of your own (a team, an IRO), in every output",
    )
    validate.add_argument(
        "--iro",
        metavar="COLUMN",
        help="each IRO's caseload (children in care) by month end, from a column of your own",
    )
    validate.add_argument(
        "--iro-range",
        type=_range,
        default=(50, 70),
        metavar="LOW-HIGH",
        help="a full-time IRO's caseload range, to flag those outside it (default 50-70)",
    )
    validate.add_argument(
        "--target", type=_percent, help="a target %% within timescale, marked on the chart"
    )
    validate.add_argument(
        "--progress",
        choices=list(_PROGRESS_AFTER),
        default="auto",
        help="show on standard error which phase a run is in and how far it has got: once it "
        "has taken two seconds (auto, the default), from the start (always) or never",
    )
    validate.add_argument(
        "--exceptions",
        type=_whole(1, 1_000_000, "a number of rows"),
        default=500,
        help="how many late and overdue reviews the HTML report lists (default 500)",
    )


def _add_check_due_dates(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser(
        "check-due-dates",
        help="check the case system's own review due dates against the statutory ones",
        description=(
            "Judge the reviews of plain-format files whose recorded_due column gives the due "
            "date the case system showed, and compare each with the statutory due date: the "
            "same, later than the law (a review held on it would be late) or earlier, with the "
            "likely cause of a difference. Prints the summary and every date later than the "
            "law's."
        ),
    )
    _add_input_options(check, as_of_help="the end of the data")
    _add_policy_options(check)
    _add_table_outputs(check, "every recorded due date checked")


def _add_input_options(parser: argparse.ArgumentParser, *, as_of_help: str) -> None:
    """The options every command reading records shares (files, sample, window, columns)."""
    parser.add_argument("paths", nargs="*", type=Path, help="CSV files or directories")
    parser.add_argument(
        "--sample", action="store_true", help="use the bundled synthetic sample data"
    )
    parser.add_argument("--as-of", type=_iso_date, help=as_of_help)
    parser.add_argument(
        "--reviews-from", type=_iso_date, help="the date from which the 903 reviews are complete"
    )
    parser.add_argument(
        "--columns",
        action="append",
        default=[],
        metavar="NAME=HEADER",
        help="map a plain-format column to the file's own header, e.g. child=ChildID",
    )
    parser.add_argument(
        "--kind",
        dest="kinds",
        action="append",
        default=[],
        metavar="WORD=MEANING",
        help=(
            "what a plain-format kind of meeting counts as: 'review', 'brought forward' or "
            "'not a review', e.g. --kind 'Statutory LAC Review=review'"
        ),
    )
    parser.add_argument(
        "--judge-short-breaks",
        action="store_true",
        help=(
            "judge series of short breaks (SSDA903 legal status V3/V4) under reg. 48; by "
            "default they are not judged, as the return does not collect their reviews"
        ),
    )
    parser.add_argument(
        "--engine",
        choices=("auto", "python", "polars"),
        default="auto",
        help=(
            "how SSDA903 files are split into rows and periods judged: 'polars' a column at a "
            "time, and periods needing nothing but the cadence judged together by numpy (needs "
            "the 'polars' extra); 'python' row by row and period by period; 'auto' (the "
            "default) uses polars when it is installed and the files hold 4 MiB or more in "
            "all, and numpy for 20,000 review rows or more. Every engine gives the same verdicts"
        ),
    )


#: How periods are judged under each --engine (see validate's ``engine``).
_JUDGING = {"auto": "auto", "python": "python", "polars": "numpy"}


def _add_schedule(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    due_list = commands.add_parser(
        "due-list",
        help="the reviews falling due in a month (or a date range)",
        description="List the next review of every open period of care due in a month.",
    )
    _add_input_options(due_list, as_of_help="the date the list is made (default: end of data)")
    due_list.add_argument("--month", type=_month, help="YYYY-MM, e.g. 2025-05")
    due_list.add_argument("--from", dest="first", type=_iso_date, help="first due date")
    due_list.add_argument("--to", dest="last", type=_iso_date, help="last due date")
    _add_policy_options(due_list)
    _add_table_outputs(due_list, "the list")
    alerts = commands.add_parser(
        "alerts",
        help="reviews due within N working days, and overdue reviews",
        description="Early alerts (due within --within working days) and the exception list.",
    )
    _add_input_options(alerts, as_of_help="the date of the alerts (default: end of data)")
    alerts.add_argument("--within", type=_DAYS, default=5, help="working days ahead (default 5)")
    _add_policy_options(alerts)
    _add_table_outputs(alerts, "the alerts")
    ics = commands.add_parser(
        "ics",
        help="an iCalendar file of due dates and paperwork deadlines",
        description="Write the next review of every open period, with its paperwork deadlines.",
    )
    _add_input_options(ics, as_of_help="the date the calendar is made (default: end of data)")
    ics.add_argument("--out", type=Path, required=True, help="the .ics file to write")
    ics.add_argument("--care-plan-days", type=_DAYS, default=3)
    ics.add_argument("--decisions-days", type=_DAYS, default=5)
    ics.add_argument("--record-days", type=_DAYS, default=20)
    ics.add_argument("--midpoint", action="store_true", help="add a mid-point check")
    _add_policy_options(ics)


def _month(text: str) -> tuple[dt.date, dt.date]:
    try:
        first = dt.date.fromisoformat(text.strip() + "-01")
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a month YYYY-MM (e.g. 2025-05)"
        ) from None
    following = add_months(first, 1)
    return first, following - dt.timedelta(days=1)


#: When each --progress choice starts showing progress (seconds into the run; None: never).
_PROGRESS_AFTER: dict[str, float | None] = {"auto": 2.0, "always": 0.0, "never": None}


class _Progress:
    """Progress on standard error for a long run: after its first two seconds (``after``), one
    line, rewritten in place, saying which phase is under way (reading, judging, the figures,
    writing each output) and how far it has got; never, if ``after`` is None."""

    def __init__(self, after: float | None = 2.0) -> None:
        self.began = time.monotonic()
        self.after = after
        self.shown = False
        self._width = 0
        self._lock = threading.Lock()

    def show(self, text: str) -> None:
        with self._lock:
            if self.after is None or time.monotonic() - self.began < self.after:
                return
            self.shown = True
            print("\r" + text.ljust(self._width), end="", file=sys.stderr, flush=True)
            self._width = len(text)

    def __call__(self, done: int, total: int) -> None:
        self.show(f"judging periods of care: {done:,}/{total:,}")

    @contextlib.contextmanager
    def phase(self, what: str) -> Iterator[None]:
        """A phase with no count of its own: its name, and the seconds it has taken so far."""
        began = time.monotonic()
        stop = threading.Event()

        def tick() -> None:
            while not stop.wait(0.5):
                self.show(f"{what} ({time.monotonic() - began:.0f} s)")

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            self.show(what)
            yield
        finally:
            stop.set()
            ticker.join()

    def counter(self, what: str, total: int) -> Callable[[int], None]:
        """What to call with how many rows have gone (see :func:`write_csv`)."""
        return lambda done: self.show(f"{what}: {done:,}/{total:,} rows")

    def finish(self) -> None:
        if self.shown:
            print(file=sys.stderr)


def _pairs(option: str, pairs: Sequence[str], form: str, example: str) -> dict[str, str]:
    """``NAME=VALUE`` option values as a mapping."""
    mapping = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise IroScheduleError(
                f"--{option} {pair!r} is not {form} (e.g. {example})", field=option, value=pair
            )
        mapping[name.strip()] = value.strip()
    return mapping


def _load(
    args: argparse.Namespace,
    outputs: Sequence[tuple[str, Path | None]],
    progress: _Progress | None = None,
) -> tuple[Inputs, DataWindow]:
    """Read the records the command names (once the outputs are known not to clash with them),
    and settle the data window."""
    paths = list(args.paths)
    if args.sample:
        paths.append(sample_data())
    if not paths:
        raise IroScheduleError("give CSV files or directories to read, or --sample")
    data = {}
    if STDOUT in paths:  # '-': a CSV file on standard input
        data[str(STDOUT)] = sys.stdin.buffer.read()
    for path in paths:
        if path != STDOUT and not path.exists():
            raise IroScheduleError(f"{path}: no such file or directory", value=path)
    columns = _pairs("columns", args.columns, "NAME=HEADER", "child=ChildID")
    kinds = _pairs("kind", args.kinds, "WORD=MEANING", "'Statutory LAC Review=review'")
    files = [f for f in table_sources(paths) if isinstance(f, Path) and f != STDOUT]
    refuse_clashes(outputs, files, [p for p in paths if p.is_dir()])
    keep = [*getattr(args, "by", []), *([args.iro] if getattr(args, "iro", None) else [])]
    reading = f"reading {len(files):,} files" if files else "reading"
    with progress.phase(reading) if progress else contextlib.nullcontext():
        inputs = read_records(
            paths,
            columns=columns,
            kinds=kinds,
            judge_short_breaks=args.judge_short_breaks,
            data=data,
            keep=keep,
            engine=args.engine,
        )
    _something_read(inputs)
    window = infer_window(
        inputs,
        as_of=args.as_of,
        reviews_from=args.reviews_from,
        years=getattr(args, "years", None),
    )
    return inputs, window


def _something_read(inputs: Inputs) -> None:
    """Refuse a run whose files gave no rows at all, saying why first."""
    if inputs.review_rows_read or inputs.periods:
        return
    why = [p.reason for p in inputs.problems[:5]]
    more = f" (and {len(inputs.problems) - 5} more)" if len(inputs.problems) > 5 else ""
    if not inputs.sources:
        why = ["no CSV files were found in the paths given"]
    raise IroScheduleError(
        "no review rows and no periods of care were read, so there is nothing to judge: "
        + ("; ".join(why) + more if why else "the files hold no rows"),
        field="paths",
    )


def _write(outputs: Outputs, progress: _Progress | None = None) -> None:
    written = outputs.write_all()
    if progress is not None:
        progress.finish()  # its line ended before the "wrote" lines
    for path in written:
        print(f"wrote {path}")


def _run_validate(args: argparse.Namespace) -> None:
    named = [("--csv", args.csv), ("--json", args.json), ("--html", args.html)]
    named.append(("--xlsx", args.xlsx))
    progress = _Progress(_PROGRESS_AFTER[args.progress])
    inputs, window = _load(args, named, progress)
    result = validate(
        inputs,
        as_of=window.as_of,
        reviews_from=window.reviews_from,
        gaps=window.gaps,
        policy=_policy(args),
        progress=progress,
        engine=_JUDGING[args.engine],
    )
    with progress.phase("computing the figures"):
        figures = annual_figures(result, window.years)
    notes = [f"Read {len(inputs.sources)} files.", *window.notes, *_about(args)]
    context = _context(args, inputs, result, window)
    judged = result.count(RowStatus.ON_TIME, RowStatus.LATE, RowStatus.OVERDUE)
    if not judged:
        print(
            "iro-schedule: nothing was judged: no review was on time, late or overdue (the "
            "summary below says why each row was not judged)",
            file=sys.stderr,
        )
    progress.finish()
    print(summary_text(result, figures, notes, context), end="")
    progress = _Progress(_PROGRESS_AFTER[args.progress])  # the writing, timed on its own

    def csv_rows(out: TextIO) -> None:
        counter = progress.counter(f"writing {args.csv}", len(result.rows))
        write_csv(result.rows, out, progress=counter)

    def phase(path: Path | None, write: Callable[[T], object]) -> Callable[[T], None]:
        def written(out: T) -> None:
            with progress.phase(f"writing {path}"):
                write(out)

        return written

    outputs = Outputs(args.data_out)
    outputs.add("--csv", args.csv, csv_rows, encoding=_csv_encoding(args))
    outputs.add(
        "--json",
        args.json,
        phase(args.json, lambda out: write_json(result, figures, notes, out, context)),
    )
    outputs.add(
        "--html",
        args.html,
        phase(args.html, lambda out: out.write(to_html(result, figures, notes, context))),
    )
    outputs.add_binary(
        "--xlsx",
        args.xlsx,
        phase(args.xlsx, lambda out: write_workbook(result, figures, notes, out, context)),
    )
    _write(outputs, progress)
    _Exit.keep(inputs, result, figures, context)
    if not judged:
        raise _NothingJudged


def _run_check_due_dates(args: argparse.Namespace) -> None:
    inputs, window = _load(args, [("--csv", args.csv), ("--json", args.json)])
    result = validate(
        inputs,
        as_of=window.as_of,
        reviews_from=window.reviews_from,
        gaps=window.gaps,
        policy=_policy(args),
        engine=_JUDGING[args.engine],
    )
    found = check_recorded_dues(result)
    for note in window.notes:
        print(note)
    if not found.rows:
        raise IroScheduleError(
            "no row gives a recorded due date: add the case system's due date for each review "
            "as a recorded_due column (or map yours with --columns recorded_due=HEADER)",
            field="recorded_due",
        )
    print("\n".join(found.summary_lines()))
    later = [r for r in found.rows if r.check is DueDateCheck.LATER]
    if later:
        print(f"\nLater than the law ({len(later)}):")
        for row in later:
            where = f"{os.path.basename(row.source)} line {row.line}"
            print(f"  {row.child} ({where}): {row.explain()}")
    outputs = Outputs(args.data_out)
    write = lambda out: write_recorded_dues_csv(found, out)  # noqa: E731
    outputs.add("--csv", args.csv, write, encoding=_csv_encoding(args))
    outputs.add("--json", args.json, lambda out: out.write(recorded_dues_json(found)))
    _write(outputs)


def _about(args: argparse.Namespace) -> list[str]:
    """What a report says of how it was made: the policy, and the library's versions."""
    from importlib.metadata import version  # noqa: PLC0415

    calendar = england_calendar()
    return [
        policy_note(_policy(args)),
        f"Made with iro_schedule {__version__}; working days of England and Wales from the "
        f"holidays package {version('holidays')} ({calendar.first_year} to "
        f"{calendar.last_year}).",
    ]


def _context(
    args: argparse.Namespace, inputs: Inputs, result: Validation, window: DataWindow
) -> ReportContext:
    groups = {column: figures_by(result, window.years, inputs.labels[column]) for column in args.by}
    loads = {}
    if args.iro:
        low, high = args.iro_range
        loads[args.iro] = caseloads(
            inputs,
            inputs.labels[args.iro],
            as_of=window.as_of,
            reviews_from=window.reviews_from,
            years=window.years,
            low=low,
            high=high,
        )
    return ReportContext(
        title=args.title,
        made_on=dt.date.today(),  # when the report was made, for its readers; judges nothing
        groups=groups,
        caseloads=loads,
        target=args.target,
        exceptions_shown=args.exceptions,
        recorded_dues=check_recorded_dues(result),  # once, for every output
    )


class _NothingJudged(Exception):
    """A run that read rows but judged none of them (exit status 1; the reason is printed)."""


def _print_assessment(result: Assessment) -> None:
    for verdict in result.verdicts:
        print(
            f"{verdict.ordinal:>3}  due {verdict.due.isoformat()}  {verdict.status.value:<8}"
            f"  {verdict.explain()}"
        )
    if result.next_due is None:
        print(f"No review {result.next_ordinal} is due: the period of care ended first.")
    else:
        print(f"Review {result.next_ordinal} is due by {day(result.next_due)}.")


def _run_due(args: argparse.Namespace) -> None:
    policy = _policy(args)
    if args.input is not None:
        _due_from_json(args, policy)
        return
    if args.start is None:
        raise IroScheduleError("give START (the date the child became looked after), or --input")
    regime = _REGIMES[args.regime] if args.regime else None
    simple = not args.reviews and args.end is None and args.as_of is None
    if simple and args.proposed is None and not args.json:
        due = first_review_due(args.start, regime=regime, policy=policy)
        print(f"First review due by {day(due)}.")
        return
    period = PeriodOfCare(
        start=args.start,
        end=args.end,
        reviews=[Review(meetings=meetings) for meetings in args.reviews],
        regime=regime,
    )
    if args.proposed is not None:
        check = check_reschedule(period, args.proposed, policy=policy)
        verdict = "within timescale" if check.on_time else f"{check.days_late} days late"
        print(
            f"Proposed {day(check.proposed)} for review {check.ordinal}: {verdict}; "
            f"the latest compliant date is {day(check.latest)}."
        )
        print(check.explain())
        return
    result = assess(period, as_of=args.as_of, policy=policy)
    if args.json:
        print(_assessments_json(args.as_of, [(None, result)]))
        return
    _print_assessment(result)


def _due_from_json(args: argparse.Namespace, policy: Policy) -> None:
    if args.start is not None or args.reviews or args.end or args.regime or args.proposed:
        raise IroScheduleError(
            "--input gives the periods of care: leave out START, --review, --end, --regime "
            "and --proposed",
            field="input",
        )
    text = sys.stdin.read() if args.input == "-" else Path(args.input).read_text("utf-8-sig")
    as_of, periods = read_periods_json(text)
    as_of = args.as_of or as_of
    results = [(child, assess(p, as_of=as_of, policy=policy)) for child, p in periods]
    if args.json:
        print(_assessments_json(as_of, results))
        return
    for child, result in results:
        print(f"{child or 'period'} from {day(result.period.start)}:")
        _print_assessment(result)


def _assessments_json(
    as_of: dt.date | None, results: Sequence[tuple[str | None, Assessment]]
) -> str:
    document = {
        "library": f"iro_schedule {__version__}",
        "as_of": as_of.isoformat() if as_of else None,
        "assessments": [{"child": child, **result.to_dict()} for child, result in results],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


class _Exit:
    """Whether the process ends as soon as the command is done (the ``iro-schedule`` command),
    and what a run made, kept until then: a national caseload's millions of values are not
    freed one by one, only for the process to end (the operating system takes the memory back
    whole, as mypy's command does)."""

    at_once = False
    kept: ClassVar[list[object]] = []

    @classmethod
    def keep(cls, *values: object) -> None:
        if cls.at_once:
            cls.kept.extend(values)


def console() -> NoReturn:
    """The ``iro-schedule`` command: :func:`main`, then the process ends at once (its output
    flushed, nothing freed)."""
    _Exit.at_once = True
    code = main()
    with contextlib.suppress(OSError, ValueError):  # a reader that went away (a closed pipe)
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status: 0 done, 1 nothing judged or an unexpected
    error, 2 bad input or arguments, 130 interrupted (Ctrl-C)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.config is not None:
        try:
            _apply_config(parser, args)
        except IroScheduleError as exc:
            print(f"iro-schedule: error: {exc}", file=sys.stderr)
            return 2
    args.data_out = sys.stdout  # an output named '-' goes here; the prose then goes to stderr
    named = (getattr(args, option, None) for option in ("csv", "json", "html", "xlsx", "out"))
    prose = sys.stderr if STDOUT in named else sys.stdout
    with contextlib.redirect_stdout(_Printable(prose)):
        return _run(args)


def _apply_config(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Fill in, from the ``--config`` file, every option the command line left at its default."""
    values = _config_values(args.config, args.command)
    command = _subparser(parser, args.command)
    actions = {a.dest: a for a in command._actions if a.dest not in ("help", "config")}
    defaults = {dest: action.default for dest, action in actions.items()}
    for key, value in values.items():
        action = actions.get(key)
        if action is None or not action.option_strings:
            known = ", ".join(sorted(d for d, a in actions.items() if a.option_strings))
            raise IroScheduleError(
                f"{key!r} is not an option of {args.command} (they are {known})",
                record=str(args.config),
                field=key,
            )
        converted = _option_value(action, key, value, args.config)
        if key in ("columns", "kinds"):  # mappings: the command line's pairs come after
            assert isinstance(converted, list)
            setattr(args, key, [*converted, *getattr(args, key)])
        elif getattr(args, key) == defaults[key]:
            setattr(args, key, converted)


def _config_values(path: Path, command: str) -> dict[str, object]:
    if sys.version_info >= (3, 11):
        import tomllib  # noqa: PLC0415
    else:  # pragma: no cover - Python 3.10 has the same module as tomli
        import tomli as tomllib  # noqa: PLC0415
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise IroScheduleError(f"could not be read as TOML: {exc}", record=str(path)) from None
    commands = {"due", "validate", "check-due-dates", "due-list", "alerts", "ics"}
    values = {k: v for k, v in document.items() if k not in commands}
    found = document.get(command, {})
    if not isinstance(found, dict):
        raise IroScheduleError(f"[{command}] must be a table", record=str(path))
    return values | found


def _option_value(action: argparse.Action, key: str, value: object, path: Path) -> object:
    """A TOML value as the command line would have given the option."""
    if isinstance(value, dict):
        return [f"{name}={text}" for name, text in value.items()]
    if isinstance(action, argparse._StoreTrueAction):
        if not isinstance(value, bool):
            raise IroScheduleError(f"{key} must be true or false", record=str(path), field=key)
        return value
    items = value if isinstance(value, list) else [value]
    convert = action.type if callable(action.type) else str
    try:
        found = [convert(str(item)) for item in items]
    except argparse.ArgumentTypeError as exc:
        raise IroScheduleError(f"{key}: {exc}", record=str(path), field=key) from None
    if action.choices is not None and any(f not in action.choices for f in found):
        choices = ", ".join(map(str, action.choices))
        raise IroScheduleError(f"{key} must be one of {choices}", record=str(path), field=key)
    many = isinstance(action, argparse._AppendAction) or action.nargs in ("+", "*")
    return found if many else found[0]


def _subparser(parser: argparse.ArgumentParser, command: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found: argparse.ArgumentParser = action.choices[command]
            return found
    raise AssertionError(command)  # pragma: no cover - every command has a parser


def _run(args: argparse.Namespace) -> int:
    try:
        _COMMANDS[args.command](args)
    except IroScheduleError as exc:
        print(f"iro-schedule: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"iro-schedule: error: {exc}", file=sys.stderr)
        return 2
    except _NothingJudged:
        return 1
    except KeyboardInterrupt:
        print("iro-schedule: interrupted; no output written", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"iro-schedule: unexpected error ({type(exc).__name__}: {exc}); no output written. "
            "Run again with --debug to see where, and please report it",
            file=sys.stderr,
        )
        return 1
    return 0


class _Printable(io.TextIOBase):
    """Standard output that shows control characters from the data as escapes (a child id
    holding a terminal escape sequence cannot work the terminal) and any character the
    terminal cannot show as an escape (a redirect to a Windows code page)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        shown = text.translate(_CONTROL)
        encoding = getattr(self._stream, "encoding", None) or "utf-8"
        shown = shown.encode(encoding, "backslashreplace").decode(encoding)
        self._stream.write(shown)
        return len(text)

    def flush(self) -> None:
        self._stream.flush()


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(32), *range(0x7F, 0xA0)) if chr(c) not in "\n\t"}


def _schedulable(
    args: argparse.Namespace, outputs: Sequence[tuple[str, Path | None]]
) -> tuple[Caseload, DataWindow]:
    inputs, window = _load(args, outputs)
    loaded = caseload(
        inputs, as_of=window.as_of, reviews_from=window.reviews_from, gaps=window.gaps
    )
    for note in window.notes:
        print(note)
    open_skipped = [s for s in loaded.skipped if s[2] is None or s[2] > window.as_of]
    if open_skipped:
        print(
            f"Not scheduled: {len(open_skipped)} open periods of care whose earlier reviews are "
            "not in the data, so their next review's number is not known (add the earlier "
            "years' files)."
        )
    return loaded, window


def _write_items(items: Sequence[DueItem], args: argparse.Namespace) -> None:
    outputs = Outputs(args.data_out)
    write = lambda out: write_due_items_csv(items, out)  # noqa: E731
    outputs.add("--csv", args.csv, write, encoding=_csv_encoding(args))
    outputs.add("--json", args.json, lambda out: out.write(due_items_json(items)))
    _write(outputs)


def _print_items(title: str, items: Sequence[DueItem]) -> None:
    print(f"{title}: {len(items)}")
    if items:
        print(
            f"  {'child':<12}{'review':>7}  {'due':<11} {'deadline':<11} {'working days':>12}"
            "  regime"
        )
    for i in items:
        print(
            f"  {i.child:<12}{i.ordinal:>7}  {i.due.isoformat():<11} "
            f"{i.deadline.isoformat():<11} {i.working_days_remaining:>12}  {i.regime.name}"
        )


def _run_due_list(args: argparse.Namespace) -> None:
    loaded, window = _schedulable(args, [("--csv", args.csv), ("--json", args.json)])
    if args.month is not None:
        first, last = args.month
    elif args.first is not None and args.last is not None:
        first, last = args.first, args.last
    else:
        raise IroScheduleError("give --month YYYY-MM, or both --from and --to", field="month")
    items = due_list(
        loaded.periods, first=first, last=last, as_of=window.as_of, policy=_policy(args)
    )
    _print_items(f"Reviews due {day(first)} to {day(last)}", items)
    _write_items(items, args)


def _run_alerts(args: argparse.Namespace) -> None:
    loaded, window = _schedulable(args, [("--csv", args.csv), ("--json", args.json)])
    found = alerts(loaded.periods, as_of=window.as_of, within=args.within, policy=_policy(args))
    _print_items(f"Due within {found.within} working days of {day(found.as_of)}", found.due_soon)
    _print_items("Overdue (exceptions)", found.overdue)
    for item in found.overdue:
        print(f"  - {item.explain()}")
    _write_items([*found.due_soon, *found.overdue], args)


def _run_ics(args: argparse.Namespace) -> None:
    loaded, window = _schedulable(args, [("--out", args.out)])
    items = next_reviews(loaded.periods, as_of=window.as_of, policy=_policy(args))
    rules = PaperworkPolicy(
        care_plan_before=args.care_plan_days,
        decisions_after=args.decisions_days,
        record_after=args.record_days,
        midpoint=args.midpoint,
    )
    data = to_ics(items, calendar=england_calendar(), paperwork_policy=rules)
    outputs = Outputs(args.data_out)
    outputs.add_bytes("--out", args.out, data)
    outputs.write_all()
    print(f"wrote {args.out}: {len(items)} reviews with their paperwork deadlines")


_COMMANDS: dict[str, Callable[[argparse.Namespace], None]] = {
    "due": _run_due,
    "validate": _run_validate,
    "check-due-dates": _run_check_due_dates,
    "due-list": _run_due_list,
    "alerts": _run_alerts,
    "ics": _run_ics,
}


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

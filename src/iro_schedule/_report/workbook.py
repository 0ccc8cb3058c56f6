"""The validation as an Excel workbook, for QA staff who work in Excel.

Sheets: the notes and the reconciliation; the annual figures; every row's verdict; the late
and overdue reviews, latest first; the input problems; the case system's recorded due dates
checked against the law's, when the input gives them. Dates are Excel dates and numbers
numbers; each sheet has a frozen header row, filters and widths to fit. Needs the optional extra
``excel`` (openpyxl, written in its streaming mode so a national caseload fits in memory; more
rows than a sheet holds continue on the next sheet).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from .._errors import IroScheduleError
from .._validate.recorded_due import RECORDED_DUE_COLUMNS
from .._validate.rows import RowStatus
from .._validate.validation import Validation
from .context import ReportContext
from .figures import YearFigures
from .writers import CSV_COLUMNS, SUMMARY_LINES

__all__ = ["write_workbook"]

#: The most rows a sheet holds, its header row included (Excel's limit).
SHEET_ROWS = 1_048_576
_EXCEPTION_COLUMNS = ("child", "status", "ordinal", "due", "counted_date", "days_late", "reason")
_PROBLEM_COLUMNS = ("file", "line", "child", "field", "value", "reason")


def write_workbook(
    validation: Validation,
    figures: Sequence[YearFigures],
    notes: Sequence[str],
    handle: IO[bytes],
    context: ReportContext | None = None,
    *,
    sheet_rows: int = SHEET_ROWS,
) -> None:
    """Write the workbook to ``handle`` (a file opened for writing bytes); the figures by group
    and the IROs' caseloads, when ``context`` has them, have sheets of their own."""
    context = context or ReportContext()
    try:
        import openpyxl  # noqa: PLC0415 (an optional extra, loaded only for this)
    except ImportError:
        raise IroScheduleError(
            "writing a workbook needs the 'excel' extra (from a checkout: python -m pip install "
            "'.[excel]')",
            field="xlsx",
        ) from None
    book = openpyxl.Workbook(write_only=True)
    made = [[f"Made on {context.made_on:%d/%m/%Y}."]] if context.made_on else []
    head = [[context.title]] if context.title else []
    notes_rows = [*head, *made, *([n] for n in notes)]
    notes_rows += [[], ["Reconciliation: " + validation.reconciliation()]]
    recorded = context.recorded(validation)
    notes_rows += [[line] for line in ["", *recorded.summary_lines()]] if recorded.rows else []
    _sheet(book, "Notes", ["note"], notes_rows, widths=[120])
    header = ["", *(f.label for f in figures)]
    rows = [[label, *(value(f) for f in figures)] for label, value in SUMMARY_LINES]
    _sheet(book, "Figures", header, rows, widths=[42, *(10 for _ in figures)])
    for column, groups in context.groups.items():
        years = next(iter(groups.values()), ())
        rows = [
            [group, label.strip(), *(value(f) for f in figures)]
            for group, figures in groups.items()
            for label, value in SUMMARY_LINES
        ]
        header = [column, "", *(f.label for f in years)]
        _sheet(book, _title(f"By {column}"), header, rows, widths=[20, 42])
    for column, loads in context.caseloads.items():
        header = [column, *(d.strftime("%d/%m/%Y") for d in loads.days)]
        rows = [[iro, *counts] for iro, counts in loads.by_iro.items()]
        _sheet(book, _title(f"Caseloads by {column}"), header, rows, widths=[20])
    _sheets(book, "Verdicts", CSV_COLUMNS, map(_verdict, validation.rows.values()), sheet_rows)
    late = validation.with_status(RowStatus.LATE, RowStatus.OVERDUE)
    late.sort(key=lambda r: (-(r.days_late or 0), r.child))
    exceptions = (
        [getattr(r, c) if c != "status" else r.status.value for c in _EXCEPTION_COLUMNS]
        for r in late
    )
    _sheets(book, "Late and overdue", _EXCEPTION_COLUMNS, exceptions, sheet_rows)
    problems = (
        [os.path.basename(p.source), p.line or None, p.child, p.field, p.value, p.reason]
        for p in validation.problems
    )
    _sheets(book, "Problems", _PROBLEM_COLUMNS, problems, sheet_rows)
    if recorded.rows:
        checks = (list(r.values()) for r in recorded.rows)
        _sheets(book, "Recorded due dates", RECORDED_DUE_COLUMNS, checks, sheet_rows)
    book.save(handle)


def _title(text: str) -> str:
    """A sheet title Excel accepts: 31 characters at most, none of []:*?/\\."""
    return "".join(c for c in text if c not in "[]:*?/\\")[:31]


def _verdict(values: Sequence[Any]) -> list[Any]:
    return [v.value if isinstance(v, RowStatus) else v for v in values]


def _sheets(
    book: Any,
    title: str,
    columns: Sequence[str],
    rows: Iterable[list[Any]],
    sheet_rows: int,
) -> None:
    """``rows`` on as many sheets as they need (``title``, ``title 2``, ...)."""
    rows = iter(rows)
    part = 1
    while True:
        chunk = list(_take(rows, sheet_rows - 1))
        if chunk or part == 1:
            _sheet(book, title if part == 1 else f"{title} {part}", columns, chunk)
        if len(chunk) < sheet_rows - 1:
            return
        part += 1


def _take(rows: Iterator[list[Any]], count: int) -> Iterator[list[Any]]:
    for _ in range(count):
        row = next(rows, None)
        if row is None:
            return
        yield row


def _sheet(
    book: Any,
    title: str,
    columns: Sequence[str],
    rows: Sequence[list[Any]],
    *,
    widths: Sequence[int] = (),
) -> None:
    """One sheet: a frozen header row, filters over the columns, widths to fit."""
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    width = len(columns)
    for i in range(width):
        found = widths[i] if i < len(widths) else _width(columns[i], rows, i)
        sheet.column_dimensions[get_column_letter(i + 1)].width = found
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(width)}{len(rows) + 1}"
    bold = Font(bold=True)
    heading = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def _cell(sheet: Any, value: object) -> Any:
    """A value as Excel holds it: dates as dates shown dd/mm/yyyy, text that a spreadsheet would
    run as a formula kept as text."""
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415

    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=dt.datetime.combine(value, dt.time()))
        cell.number_format = "dd/mm/yyyy"
        return cell
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, never a formula
        return cell
    return value


def _width(name: str, rows: Sequence[list[Any]], column: int) -> int:
    """Wide enough for the column's name and its longer cells (looking at the first rows)."""
    longest = max((len(_shown(r[column])) for r in rows[:200] if column < len(r)), default=0)
    return min(max(len(name), longest) + 2, 80)


def _shown(value: object) -> str:
    if isinstance(value, dt.date):
        return "dd/mm/yyyy"
    return "" if value is None else str(value)

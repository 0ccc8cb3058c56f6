"""The validation as an Excel workbook, for QA staff who work in Excel.

Sheets: the notes and the reconciliation; the annual figures; every row's verdict; the late
and overdue reviews, latest first; the input problems; the case system's recorded due dates
checked against the law's, when the input gives them. Dates are Excel dates and numbers
numbers; each sheet has a frozen header row, filters and widths to fit. Written by the package's
own streaming writer (``xlsx.py``: no optional extra needed), each sheet's rows as they are
made, so a national caseload's never all in memory; more rows than a sheet holds continue on
the next sheet.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterable, Sequence
from typing import IO, Any

from .._validate.recorded_due import RECORDED_DUE_COLUMNS
from .._validate.rows import RowStatus
from .._validate.validation import Validation
from .context import ReportContext
from .figures import YearFigures
from .writers import CSV_COLUMNS, SUMMARY_LINES
from .xlsx import Workbook

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
    with Workbook(handle) as book:
        _write_sheets(book, validation, figures, notes, context, sheet_rows)


def _write_sheets(  # noqa: PLR0917 (what write_workbook was given)
    book: Workbook,
    validation: Validation,
    figures: Sequence[YearFigures],
    notes: Sequence[str],
    context: ReportContext,
    sheet_rows: int,
) -> None:
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


def _title(text: str) -> str:
    """A sheet title Excel accepts: 31 characters at most, none of []:*?/\\."""
    return "".join(c for c in text if c not in "[]:*?/\\")[:31]


def _verdict(values: Sequence[Any]) -> list[Any]:
    row = list(values)
    row[_STATUS] = row[_STATUS].value  # a status as its words
    return row


_STATUS = CSV_COLUMNS.index("status")


def _sheets(
    book: Workbook,
    title: str,
    columns: Sequence[str],
    rows: Iterable[list[Any]],
    sheet_rows: int,
) -> None:
    """``rows`` on as many sheets as they need (``title``, ``title 2``, ...), each written as
    the rows come."""
    rows = iter(rows)
    part = 1
    while True:
        first = list(itertools.islice(rows, min(_MEASURED, sheet_rows - 1)))
        if not first and part > 1:
            return
        taken = itertools.chain(first, itertools.islice(rows, sheet_rows - 1 - len(first)))
        name = title if part == 1 else f"{title} {part}"
        if book.sheet(name, columns, taken, widths=_widths(columns, first)) < sheet_rows - 1:
            return
        part += 1


def _sheet(
    book: Workbook,
    title: str,
    columns: Sequence[str],
    rows: Sequence[list[Any]],
    *,
    widths: Sequence[int] = (),
) -> None:
    """One sheet: a frozen header row, filters over the columns, widths to fit."""
    found = [
        widths[i] if i < len(widths) else _width(name, rows, i) for i, name in enumerate(columns)
    ]
    book.sheet(title, columns, rows, widths=found)


#: How many of a sheet's first rows its column widths are made to fit.
_MEASURED = 200


def _widths(columns: Sequence[str], rows: Sequence[list[Any]]) -> list[int]:
    return [_width(name, rows, i) for i, name in enumerate(columns)]


def _width(name: str, rows: Sequence[list[Any]], column: int) -> int:
    """Wide enough for the column's name and its longer cells (looking at the first rows)."""
    longest = max((len(_shown(r[column])) for r in rows[:_MEASURED] if column < len(r)), default=0)
    return min(max(len(name), longest) + 2, 80)


def _shown(value: object) -> str:
    if isinstance(value, dt.date):
        return "dd/mm/yyyy"
    return "" if value is None else str(value)

"""Writing a validation's results: a summary table, CSV, JSON and a self-contained HTML report."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import operator
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

import attrs

from .._schedule.due import DueItem
from .._validate.rows import RowStatus, RowVerdict
from .._validate.validation import Validation
from .._wording import iso
from .figures import YearFigures

__all__ = [
    "CSV_COLUMNS",
    "DUE_ITEM_COLUMNS",
    "due_items_json",
    "excel_safe",
    "rows_as_csv",
    "summary_text",
    "to_html",
    "to_json",
    "write_csv",
    "write_due_items_csv",
    "write_json",
]

#: The columns of the verdicts CSV (and of the JSON rows), in order.
CSV_COLUMNS = (
    "source",
    "line",
    "child",
    "status",
    "ordinal",
    "period_start",
    "period_end",
    "review_id",
    "meeting",
    "meetings",
    "meeting_date",
    "counted_date",
    "due",
    "days_late",
    "brought_forward",
    "regime",
    "rule",
    "participation",
    "age",
    "reason",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _plain(value: object) -> str | int | bool | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, RowStatus):
        return value.value
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)


def row_values(row: RowVerdict) -> dict[str, str | int | bool | None]:
    """One verdict row as plain values keyed by :data:`CSV_COLUMNS`."""
    return dict(zip(CSV_COLUMNS, map(_plain, _row_cells(row)), strict=True))


_row_cells = operator.attrgetter(*CSV_COLUMNS)
_FORMULA_CHARACTERS = frozenset(_FORMULA_START)


def excel_safe(value: str | int | bool | None) -> str:
    """A cell a spreadsheet will not run as a formula: text starting = + - @ gets a quote.
    Numbers are written as they are (a negative one stays a number).

    >>> excel_safe("=SUM(A1)"), excel_safe(-3), excel_safe("-3")
    ("'=SUM(A1)", '-3', "'-3")
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    return "'" + value if value[:1] in _FORMULA_CHARACTERS else value


def _csv_cell(value: object) -> str:
    """``excel_safe(_plain(value))``, in one step (a national caseload has millions of cells)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):  # a number stays a number (bool, an int, is never negative)
        return str(value)
    text = value.value if isinstance(value, RowStatus) else str(value)
    return "'" + text if text[:1] in _FORMULA_CHARACTERS else text


def write_csv(rows: Iterable[RowVerdict], handle: TextIO) -> int:
    """Write the verdict rows to ``handle`` as CSV, safe to open in Excel; return how many.

    Rows are written as they are made, so a national caseload's rows are never all in memory.
    Open the file with ``newline=""`` (the CSV has Windows line endings, as Excel expects).
    """
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    written = 0
    for row in rows:
        writer.writerow([_csv_cell(value) for value in _row_cells(row)])
        written += 1
    return written


def rows_as_csv(rows: Iterable[RowVerdict]) -> str:
    """The verdict rows as CSV text, safe to open in Excel (see :func:`write_csv`)."""
    out = io.StringIO()
    write_csv(rows, out)
    return out.getvalue()


def _figure_dict(figures: YearFigures) -> dict[str, Any]:
    data: dict[str, Any] = {
        k: _plain(v) for k, v in attrs.asdict(figures, recurse=False).items() if k != "months"
    }
    data |= {
        "label": figures.label,
        "percent_on_time": figures.percent_on_time,
        "percent_children_all_on_time": figures.percent_children_all_on_time,
        "percent_participated": figures.percent_participated,
        "months": [
            {
                "month": m.month.strftime("%Y-%m"),
                "held": m.held,
                "on_time": m.on_time,
                "percent_on_time": m.percent_on_time,
            }
            for m in figures.months
        ],
    }
    return data


def to_json(validation: Validation, figures: Sequence[YearFigures], notes: Sequence[str]) -> str:
    """Everything as one JSON document: notes, reconciliation, figures, rows and problems."""
    out = io.StringIO()
    write_json(validation, figures, notes, out)
    return out.getvalue()


def write_json(
    validation: Validation, figures: Sequence[YearFigures], notes: Sequence[str], handle: TextIO
) -> None:
    """Write :func:`to_json`'s document to ``handle``, one row at a time."""
    head = {
        "as_of": validation.as_of.isoformat(),
        "reviews_from": validation.reviews_from.isoformat() if validation.reviews_from else None,
        "notes": list(notes),
        "reconciliation": validation.reconciliation(),
        "figures": [_figure_dict(f) for f in figures],
    }
    tail = {"problems": [attrs.asdict(p) for p in validation.problems]}
    # The document as json.dumps(indent=2) writes it, with the rows streamed in between.
    handle.write(_json(head)[:-2] + ',\n  "rows": [')
    separator = "\n    "
    for row in validation.rows:
        handle.write(separator + _json(row_values(row)).replace("\n", "\n    "))
        separator = ",\n    "
    handle.write("\n  ]," if separator != "\n    " else "],")
    handle.write(_json(tail)[1:])


def _json(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def _fmt(value: float | int | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


SUMMARY_LINES: tuple[tuple[str, Callable[[YearFigures], float | int | None]], ...] = (
    ("Reviews held and judged", lambda f: f.held),
    ("  of which judged whatever their number", lambda f: f.held_whatever_number),
    ("  within timescale", lambda f: f.on_time),
    ("  % within timescale", lambda f: f.percent_on_time),
    ("  late", lambda f: f.late),
    ("  days late, median", lambda f: f.late_days_median),
    ("  days late, longest", lambda f: f.late_days_max),
    ("Reviews overdue at year end", lambda f: f.overdue_at_year_end),
    ("  of which whatever their number", lambda f: f.overdue_at_year_end_whatever_number),
    ("Children with a review due", lambda f: f.children_due),
    ("  all reviews within timescale", lambda f: f.children_all_on_time),
    ("  %", lambda f: f.percent_children_all_on_time),
    ("Reviews of children aged 4+", lambda f: f.participation_counted),
    ("  child participated (PN1-PN6)", lambda f: f.participated),
    ("  % participated", lambda f: f.percent_participated),
    ("  did not participate (PN7)", lambda f: f.did_not_participate),
    ("  no valid REVIEW_CODE", lambda f: f.participation_unknown),
    ("Reviews not assessable", lambda f: f.not_assessable),
    ("Invalid rows dated in the year", lambda f: f.invalid),
)
_MONTHS = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")


def _column_width(table: Sequence[Sequence[str]], least: int) -> int:
    """Wide enough for every cell with a space before it, and at least ``least``."""
    return max([least, *(len(cell) + 1 for row in table for cell in row)])


def summary_text(
    validation: Validation, figures: Sequence[YearFigures], notes: Sequence[str]
) -> str:
    """The annual figures side by side, the monthly table, the reconciliation and problems."""
    lines = list(notes)
    width = max(len(label) for label, _ in SUMMARY_LINES) + 2
    lines.append("")
    table = [[_fmt(value(f)) for f in figures] for _, value in SUMMARY_LINES]
    cell = _column_width(table, 10)
    lines.append(" " * width + "".join(f"{f.label:>{cell}}" for f in figures))
    for (label, _), values in zip(SUMMARY_LINES, table, strict=True):
        lines.append(f"{label:<{width}}" + "".join(f"{v:>{cell}}" for v in values))
    lines.append("")
    lines.append("% within timescale by month (reviews judged in brackets)")
    monthly = [[f"{_fmt(m.percent_on_time)} ({m.held})" for m in f.months] for f in figures]
    cell = _column_width(monthly, 12)
    lines.append(" " * 9 + "".join(f"{m:>{cell}}" for m in _MONTHS))
    for f, cells in zip(figures, monthly, strict=True):
        lines.append(f"{f.label:<9}" + "".join(f"{c:>{cell}}" for c in cells))
    lines.append("")
    lines.append("Reconciliation: " + validation.reconciliation())
    if validation.problems:
        lines.append(f"Other input problems ({len(validation.problems)}):")
        lines.extend(
            f"  {_problem_text(p.source, p.line, p.field, p.reason)}" for p in validation.problems
        )
    return "\n".join(lines) + "\n"


def _problem_text(source: str, line: int, field: str, reason: str) -> str:
    where = f"{os.path.basename(source)} line {line}" if line else os.path.basename(source)
    return f"{where}, {field}: {reason}" if field else f"{where}: {reason}"


# --- HTML ------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:75em}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em}
td.n{text-align:right}th{background:#f2f2f2}.late{color:#a40000}caption{text-align:left}
"""


def _chart(figures: Sequence[YearFigures]) -> str:
    """An inline SVG line chart of the monthly % within timescale."""
    months = [m for f in figures for m in f.months]
    width, height, left, top, bottom = 760, 260, 45, 15, 40
    plot_w, plot_h = width - left - 15, height - top - bottom
    step = plot_w / max(len(months) - 1, 1)

    def y(percent: float) -> float:
        return top + plot_h * (1 - percent / 100)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="monthly-chart" width="{width}" '
        f'height="{height}" role="img" aria-label="Monthly percentage of reviews within '
        'timescale">'
    ]
    for percent in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{left}" x2="{width - 15}" y1="{y(percent):.1f}" y2="{y(percent):.1f}" '
            f'stroke="#ddd"/><text x="{left - 6}" y="{y(percent) + 4:.1f}" font-size="11" '
            f'text-anchor="end">{percent}%</text>'
        )
    points = [
        (left + i * step, y(m.percent_on_time))
        for i, m in enumerate(months)
        if m.percent_on_time is not None
    ]
    if points:
        path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1f5fa8" stroke-width="2"/>')
        parts.extend(
            f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="3" fill="#1f5fa8"/>' for x, yy in points
        )
    for i, m in enumerate(months):
        if m.month.month == 4:
            parts.append(
                f'<text x="{left + i * step:.1f}" y="{height - bottom + 16}" font-size="11">'
                f"Apr {m.month.year}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _numeric(cell: object) -> bool:
    text = str(cell)
    return text == "-" or text.replace(".", "", 1).isdigit()


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], caption: str = "") -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{html.escape(str(c))}</td>'
            if _numeric(c)
            else f"<td>{html.escape(str(c))}</td>"
            for c in row
        )
        + "</tr>"
        for row in rows
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_html(validation: Validation, figures: Sequence[YearFigures], notes: Sequence[str]) -> str:
    """A self-contained HTML report (no scripts, no network): figures, chart, exceptions."""
    summary = _table(
        ["", *[f.label for f in figures]],
        [[label.strip(), *[_fmt(value(f)) for f in figures]] for label, value in SUMMARY_LINES],
        "Annual figures (reporting years 1 April to 31 March)",
    )
    monthly = _table(
        ["Year", *_MONTHS],
        [
            [
                f.label,
                *[f"{_fmt(m.percent_on_time)}% ({m.held})" if m.held else "-" for m in f.months],
            ]
            for f in figures
        ],
        "% of reviews within timescale by month (reviews judged)",
    )
    exceptions = validation.with_status(RowStatus.LATE, RowStatus.OVERDUE)
    exception_table = _table(
        ["Child", "Status", "Due", "Days", "Explanation"],
        [
            [r.child, r.status.value, _plain(r.due) or "", r.days_late or 0, r.reason]
            for r in exceptions
        ],
        f"Late and overdue reviews ({len(exceptions)})",
    )
    problems = validation.with_status(RowStatus.INVALID)
    problem_table = _table(
        ["Child", "Reason"],
        [[r.child, r.reason] for r in problems]
        + [
            [p.child, _problem_text(p.source, p.line, p.field, p.reason)]
            for p in validation.problems
        ],
        f"Rows that could not be used ({len(problems) + len(validation.problems)})",
    )
    note_items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Review timeliness report</title>"
        f"<style>{_CSS}</style></head><body>"
        "<h1>Reviews of looked-after children: timeliness</h1>"
        f"<ul>{note_items}</ul>"
        f"<p>{html.escape(validation.reconciliation())}</p>"
        f"{summary}<h2>Monthly</h2>{_chart(figures)}{monthly}"
        f"<h2>Exceptions</h2>{exception_table}{problem_table}"
        "</body></html>\n"
    )


# --- due lists and alerts ------------------------------------------------------------------

#: The columns of a due list or alerts CSV (and of its JSON rows), in order.
DUE_ITEM_COLUMNS = (
    "child",
    "period_start",
    "review",
    "due",
    "deadline",
    "days_remaining",
    "working_days_remaining",
    "regime",
    "rule",
    "overdue",
    "explanation",
)


def _item_values(item: DueItem) -> list[str | int | bool]:
    return [
        item.child,
        iso(item.period.start),
        item.ordinal,
        iso(item.due),
        iso(item.deadline),
        item.days_remaining,
        item.working_days_remaining,
        item.regime.name,
        item.regime.rule_for(item.ordinal),
        item.overdue,
        item.explain(),
    ]


def write_due_items_csv(items: Iterable[DueItem], handle: TextIO) -> None:
    """Write a due list (or alerts) as CSV, safe to open in Excel."""
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(DUE_ITEM_COLUMNS)
    writer.writerows([excel_safe(v) for v in _item_values(i)] for i in items)


def due_items_json(items: Iterable[DueItem]) -> str:
    """A due list (or alerts) as a JSON array of objects keyed by :data:`DUE_ITEM_COLUMNS`."""
    rows = [dict(zip(DUE_ITEM_COLUMNS, _item_values(i), strict=True)) for i in items]
    return _json(rows)

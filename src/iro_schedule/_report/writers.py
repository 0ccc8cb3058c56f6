"""Writing a validation's results: a summary table, CSV and JSON (the HTML report is in
``html``, the workbook in ``workbook``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from json.encoder import encode_basestring
from typing import Any, TextIO

import attrs

from .._schedule.due import DueItem
from .._validate.recorded_due import RECORDED_DUE_COLUMNS, RecordedDues
from .._validate.rows import TABLE_COLUMNS, RowStatus, RowVerdict, RowVerdicts, table_values
from .._validate.validation import Validation
from .._wording import iso
from .cells import KeptTexts, LineCells, excel_safe, joined_text_cells, typed_as_a_row
from .context import ReportContext
from .figures import YearFigures
from .rows_together import RowFormat, texts_together

__all__ = [
    "CSV_COLUMNS",
    "DUE_ITEM_COLUMNS",
    "due_items_json",
    "excel_safe",
    "recorded_dues_json",
    "rows_as_csv",
    "summary_text",
    "to_json",
    "write_csv",
    "write_due_items_csv",
    "write_json",
    "write_recorded_dues_csv",
]

#: The columns of the verdicts CSV (and of the JSON rows), in order.
CSV_COLUMNS = TABLE_COLUMNS


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
    return dict(zip(CSV_COLUMNS, map(_plain, table_values(row)), strict=True))


def write_csv(
    rows: Iterable[RowVerdict],
    handle: TextIO,
    *,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Write the verdict rows to ``handle`` as CSV, safe to open in Excel; return how many.

    Rows are written as they are made, so a national caseload's rows are never all in memory;
    ``progress`` (if given) is called with how many have been written after each 10,000 or
    so. The rows of a validation judged together (see :func:`validate`'s ``engine``) are
    written a column at a time when polars is installed, the same text at a fraction of the
    cost. Open the file with ``newline=""`` (the CSV has Windows line endings, as Excel
    expects).
    """
    cells = LineCells()
    handle.write(cells.line(CSV_COLUMNS))
    runs = texts_together(rows, _csv_format(cells)) if isinstance(rows, RowVerdicts) else None
    if runs is not None:  # rows judged together, written a column at a time
        written = 0
        for count, text in runs:
            handle.write(text)
            written += count
            if progress is not None:
                progress(written)
        return written
    values = rows.values() if isinstance(rows, RowVerdicts) else map(table_values, rows)
    written, lines, line = 0, [], cells.verdict_line
    for written, row in enumerate(values, start=1):
        lines.append(line(row))
        if written % 10_000 == 0:
            handle.write("".join(lines))
            lines.clear()
            if progress is not None:
                progress(written)
    handle.write("".join(lines))
    return written


def _csv_format(cells: LineCells) -> RowFormat:
    """A verdict row as a line of the CSV."""
    around = ("", *[","] * (len(CSV_COLUMNS) - 1), "\r\n")
    return RowFormat(cells.__getitem__, cells.verdict_line, around, joined_text_cells)


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


def to_json(
    validation: Validation,
    figures: Sequence[YearFigures],
    notes: Sequence[str],
    context: ReportContext | None = None,
) -> str:
    """Everything as one JSON document: notes, reconciliation, figures (also by group, and the
    IROs' caseloads, when ``context`` has them), rows and problems."""
    out = io.StringIO()
    write_json(validation, figures, notes, out, context)
    return out.getvalue()


def write_json(
    validation: Validation,
    figures: Sequence[YearFigures],
    notes: Sequence[str],
    handle: TextIO,
    context: ReportContext | None = None,
) -> None:
    """Write :func:`to_json`'s document to ``handle``, one row at a time."""
    context = context or ReportContext()
    head = {
        "title": context.title or None,
        "made_on": context.made_on.isoformat() if context.made_on else None,
        "as_of": validation.as_of.isoformat(),
        "reviews_from": validation.reviews_from.isoformat() if validation.reviews_from else None,
        "notes": list(notes),
        "reconciliation": validation.reconciliation(),
        "figures": [_figure_dict(f) for f in figures],
        "by": {
            column: {group: [_figure_dict(f) for f in found] for group, found in groups.items()}
            for column, groups in context.groups.items()
        },
        "caseloads": {
            column: {
                "low": loads.low,
                "high": loads.high,
                "days": [d.isoformat() for d in loads.days],
                "by": {iro: list(counts) for iro, counts in loads.by_iro.items()},
            }
            for column, loads in context.caseloads.items()
        },
    }
    tail = {
        "problems": [attrs.asdict(p) for p in validation.problems],
        "recorded_due_dates": _recorded_json(context.recorded(validation)),
    }
    # The document as json.dumps(indent=2) writes it, with the rows streamed in between, each
    # after a comma but the first.
    handle.write(_json(head)[:-2] + ',\n  "rows": [')
    form = _json_format(_JsonTexts())
    runs = texts_together(validation.rows, form) or _in_runs(validation.rows.values(), form.row)
    started = False
    for _, text in runs:
        handle.write(text if started else text[1:])
        started = True
    handle.write("\n  ]," if started else "],")
    handle.write(_json(tail)[1:])


def _in_runs(
    rows: Iterable[Sequence[Any]], row: Callable[[Sequence[Any]], str]
) -> Iterator[tuple[int, str]]:
    """The text of ``rows``, each made by ``row``, 10,000 rows at a time (as
    :func:`texts_together` gives it)."""
    made = map(row, rows)
    while block := list(itertools.islice(made, 10_000)):
        yield len(block), "".join(block)


def _recorded_json(found: RecordedDues) -> dict[str, Any] | None:
    """The recorded due dates' summary and rows (None when the input gave none)."""
    if not found.rows:
        return None
    rows = [
        dict(zip(RECORDED_DUE_COLUMNS, map(_plain, r.values()), strict=True)) for r in found.rows
    ]
    return {**found.summary(), "rows": rows}


def recorded_dues_json(found: RecordedDues) -> str:
    """The recorded due dates checked as JSON: the summary, and the rows keyed by
    :data:`RECORDED_DUE_COLUMNS` (null when none was given)."""
    return _json(_recorded_json(found))


def write_recorded_dues_csv(found: RecordedDues, handle: TextIO) -> int:
    """Write the recorded due dates checked as CSV, safe to open in Excel; return how many."""
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(RECORDED_DUE_COLUMNS)
    for row in found.rows:
        writer.writerow([excel_safe(_plain(v)) for v in row.values()])
    return len(found.rows)


def _json(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def _json_row(values: Sequence[object]) -> str:
    """A row's values as :func:`_json` writes them keyed by :data:`CSV_COLUMNS`, indented as
    an item of the document's rows (the same text, without the JSON encoder's general
    machinery for each of millions of rows)."""
    get, other = _JSON_VALUES.get, _json_value
    pairs = zip(_JSON_KEYS, values, strict=True)
    return _JSON_ROW.format(*[get(value.__class__, other)(value) for _, value in pairs])


class _JsonTexts(KeptTexts):
    """The items of one JSON document's rows: :meth:`verdict_json` of each row, each value's
    JSON text kept as :class:`KeptTexts` keeps them (``texts[value]``)."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__({None: "null"})  # (None is of no type kept: said once here)

    def _write(self, value: object) -> str:
        return _JSON_VALUES.get(value.__class__, _json_value)(value)

    def verdict_json(self, row: Sequence[Any]) -> str:
        """:func:`_json_row` of a row's values: the same text, its numbers, truth value,
        status and reason written without asking their type when they are a row's."""
        if not typed_as_a_row(row):
            return _json_row(row)
        (source, line, child, status, ordinal, start, end, review_id, meeting, meetings, held,
         counted, due, late, forward, regime, rule, participation, age, reason) = row  # fmt: skip
        k = self
        return _JSON_ROW.format(
            k[source], "null" if line is None else line, k[child], k[status],
            "null" if ordinal is None else ordinal, k[start], k[end], k[review_id], meeting,
            meetings, k[held], k[counted], k[due], "null" if late is None else late,
            "true" if forward else "false", k[regime], k[rule], k[participation],
            "null" if age is None else age, encode_basestring(reason),
        )  # fmt: skip


def _json_format(texts: _JsonTexts) -> RowFormat:
    """A verdict row as an item of the JSON document's rows, after a comma."""
    after = ",\n    "
    around = (after + _JSON_AROUND[0], *_JSON_AROUND[1:])
    return RowFormat(
        texts.__getitem__, lambda row: after + texts.verdict_json(row), around, _joined_json
    )


def _joined_json(pl: Any, np: Any, parts: list[tuple[list[str], Any]]) -> list[Any]:
    r""":func:`encode_basestring` of many texts, each joined from parts (as for
    :func:`joined_text_cells`): each part's texts escaped on their own (an escape is one
    character's), between quotes.

    >>> import numpy as np, polars as pl
    >>> parts = [(['a"', "b\n"], np.array([0, 1])), (["é", "\\"], np.array([1, 0]))]
    >>> joined = _joined_json(pl, np, parts)
    >>> texts = ["".join(p if isinstance(p, str) else p[0][int(p[1][i])] for p in joined)
    ...          for i in range(2)]
    >>> texts == [encode_basestring(t) for t in ['a"\\', "b\né"]]
    True
    """
    escaped = [
        (pl.Series([encode_basestring(text)[1:-1] for text in texts], dtype=pl.String), at)
        for texts, at in parts
    ]
    return ['"', *escaped, '"']


def _json_value(value: object) -> str:
    """Any value as :func:`_json` writes its plain form (see :func:`_plain`)."""
    plain = _plain(value)
    if plain is None or isinstance(plain, bool):
        return {None: "null", True: "true", False: "false"}[plain]
    return int.__repr__(plain) if isinstance(plain, int) else encode_basestring(plain)


#: How a value of each type a row holds is written (any other: :func:`_json_value`).
_JSON_VALUES: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    type(None): lambda _: "null",
    bool: lambda value: "true" if value else "false",
    int: int.__repr__,
    dt.date: lambda day: f'"{day.isoformat()}"',
    RowStatus: lambda status: encode_basestring(status.value),
}
_JSON_KEYS = tuple(json.dumps(column) for column in CSV_COLUMNS)
#: A row as the document's item: the texts before, between and after its values.
_JSON_AROUND = (
    "{\n      " + f"{_JSON_KEYS[0]}: ",
    *[f",\n      {key}: " for key in _JSON_KEYS[1:]],
    "\n    }",
)
#: The same, as a template: ``_JSON_ROW.format(*texts)``, a text for each of the keys.
_JSON_ROW = "{}".join(text.replace("{", "{{").replace("}", "}}") for text in _JSON_AROUND)


def fmt(value: float | int | None) -> str:
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
    validation: Validation,
    figures: Sequence[YearFigures],
    notes: Sequence[str],
    context: ReportContext | None = None,
) -> str:
    """The annual figures side by side, the monthly table, the figures by group and the IROs'
    caseloads (when ``context`` has them), the reconciliation and problems."""
    lines = list(notes)
    width = max(len(label) for label, _ in SUMMARY_LINES) + 2
    lines.append("")
    table = [[fmt(value(f)) for f in figures] for _, value in SUMMARY_LINES]
    cell = _column_width(table, 10)
    lines.append(" " * width + "".join(f"{f.label:>{cell}}" for f in figures))
    for (label, _), values in zip(SUMMARY_LINES, table, strict=True):
        lines.append(f"{label:<{width}}" + "".join(f"{v:>{cell}}" for v in values))
    lines.append("")
    lines.append("% within timescale by month (reviews judged in brackets)")
    monthly = [[f"{fmt(m.percent_on_time)} ({m.held})" for m in f.months] for f in figures]
    cell = _column_width(monthly, 12)
    lines.append(" " * 9 + "".join(f"{m:>{cell}}" for m in _MONTHS))
    for f, cells in zip(figures, monthly, strict=True):
        lines.append(f"{f.label:<9}" + "".join(f"{c:>{cell}}" for c in cells))
    if context is not None:
        lines.extend(_groups_text(context))
    recorded = (context or ReportContext()).recorded(validation).summary_lines()
    if recorded:
        lines += ["", *recorded]
    lines.append("")
    lines.append("Reconciliation: " + validation.reconciliation())
    if validation.problems:
        lines.append(f"Other input problems ({len(validation.problems)}):")
        lines.extend(
            f"  {problem_text(p.source, p.line, p.field, p.reason)}" for p in validation.problems
        )
    return "\n".join(lines) + "\n"


#: The figures given for each group, in the text summary.
GROUP_LINES = (SUMMARY_LINES[0], SUMMARY_LINES[3], SUMMARY_LINES[7], SUMMARY_LINES[11])


def _groups_text(context: ReportContext) -> list[str]:
    lines = []
    for column, found in context.groups.items():
        years = next(iter(found.values()), ())
        lines += ["", f"By {column}".ljust(40) + "".join(f"{f.label:>10}" for f in years)]
        for group, figures in found.items():
            lines.append(group)
            lines += [
                f"  {label.strip():<38}" + "".join(f"{fmt(value(f)):>10}" for f in figures)
                for label, value in GROUP_LINES
            ]
    for column, loads in context.caseloads.items():
        shown = loads.days[-4:]  # the last month ends and the as-of date
        lines += ["", f"Caseloads by {column} (children; * outside {loads.low}-{loads.high})"]
        lines.append(" " * 20 + "".join(f"{d:%d/%m/%Y}".rjust(12) for d in shown))
        for iro, counts in loads.by_iro.items():
            flags = loads.outside(iro)[-len(shown) :]
            cells = "".join(
                f"{n}{'*' if flag else ''}".rjust(12)
                for n, flag in zip(counts[-len(shown) :], flags, strict=True)
            )
            lines.append(f"{iro:<20}{cells}")
    return lines


def problem_text(source: str, line: int, field: str, reason: str) -> str:
    where = f"{os.path.basename(source)} line {line}" if line else os.path.basename(source)
    return f"{where}, {field}: {reason}" if field else f"{where}: {reason}"


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

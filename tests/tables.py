"""The verdict tables as the standard library writes them from the rows made: what the
CSV, JSON and workbook written from the judged values (without making the rows) must equal."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from iro_schedule import annual_figures
from iro_schedule.reports import CSV_COLUMNS, rows_as_csv, to_json
from iro_schedule.validation import RowStatus, RowVerdict, Validation

FORMULA = ("=", "+", "-", "@", "\t", "\r")


def plain(value: object) -> str | int | bool | None:
    """A row's value as the JSON rows hold it."""
    if isinstance(value, RowStatus):
        return value.value
    return value.isoformat() if isinstance(value, dt.date) else value  # type: ignore[return-value]


def cell(value: object) -> str:
    """A row's value as a CSV cell: numbers as they are, text that could start a formula
    quoted with an apostrophe."""
    value = plain(value)
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    return "'" + value if value.startswith(FORMULA) else value


def stdlib_csv(rows: list[RowVerdict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows([cell(getattr(row, column)) for column in CSV_COLUMNS] for row in rows)
    return out.getvalue()


def check_tables(result: Validation) -> None:
    """The CSV and JSON rows written from ``result`` are those of its rows made one by one."""
    made = list(result.rows)
    assert rows_as_csv(result.rows) == stdlib_csv(made)
    assert rows_as_csv(made) == stdlib_csv(made)
    text = to_json(result, [], [])
    document = json.loads(text)
    assert document["rows"] == [{c: plain(getattr(r, c)) for c in CSV_COLUMNS} for r in made]
    assert json.dumps(document, indent=2, ensure_ascii=False) == text  # as json.dumps writes it


def assert_same_validation(expected: Validation, found: Validation, years: range) -> None:
    """Two validations of the same inputs the same: every row and its reason, the timelines,
    the reconciliation and the figures for ``years``."""
    assert list(found.rows) == list(expected.rows)
    assert [r.reason for r in found.rows] == [r.reason for r in expected.rows]
    assert found.timelines == expected.timelines
    assert found.reconciliation() == expected.reconciliation()
    assert annual_figures(found, years) == annual_figures(expected, years)

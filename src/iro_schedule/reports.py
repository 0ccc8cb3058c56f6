"""Figures and verdicts to reports: the summary text, the verdicts CSV, JSON, HTML and an Excel
workbook (``write_workbook``).

>>> from iro_schedule import reports
>>> reports.CSV_COLUMNS[:4]
('source', 'line', 'child', 'status')
"""

from ._report.context import ReportContext
from ._report.html import to_html
from ._report.workbook import write_workbook
from ._report.writers import (
    CSV_COLUMNS,
    DUE_ITEM_COLUMNS,
    due_items_json,
    recorded_dues_json,
    rows_as_csv,
    summary_text,
    to_json,
    write_csv,
    write_due_items_csv,
    write_json,
    write_recorded_dues_csv,
)
from ._validate.recorded_due import RECORDED_DUE_COLUMNS

__all__ = [
    "CSV_COLUMNS",
    "DUE_ITEM_COLUMNS",
    "RECORDED_DUE_COLUMNS",
    "ReportContext",
    "due_items_json",
    "recorded_dues_json",
    "rows_as_csv",
    "summary_text",
    "to_html",
    "to_json",
    "write_csv",
    "write_due_items_csv",
    "write_json",
    "write_recorded_dues_csv",
    "write_workbook",
]

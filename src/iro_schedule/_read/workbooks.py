"""Excel workbooks (and other spreadsheets) read sheet by sheet, each sheet a table.

Needs the optional extra ``excel`` (python-calamine, a fast reader of .xlsx, .xlsm, .xlsb, .xls
and .ods files). A sheet is read as a CSV export of it would be: its first row with text is the
header, dates become ISO dates, whole numbers lose their ``.0``, and each row keeps its row
number in the sheet, so a problem names ``returns.xlsx [Reviews] line 7``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .._errors import UnreadableFileError
from .tables import Sheet

__all__ = ["workbook_tables"]


def workbook_tables(path: Path) -> list[Sheet]:
    """Each sheet of the workbook with any text, named ``FILE [SHEET]``."""
    try:
        import python_calamine  # noqa: PLC0415 (an optional extra, loaded only for this)
    except ImportError:
        raise UnreadableFileError(
            "is a spreadsheet: reading it needs the 'excel' extra (from a checkout: python -m "
            "pip install '.[excel]'), or save each sheet as 'CSV UTF-8 (Comma delimited)'"
        ) from None
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine's own errors: a damaged or protected file
        raise UnreadableFileError(f"could not be read as a spreadsheet ({exc})") from None
    sheets = []
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        cells = tuple([_text(value) for value in row] for row in rows)
        if any(any(row) for row in cells):
            sheets.append(Sheet(f"{path} [{name}]", cells))
    if not sheets:
        raise UnreadableFileError("is a spreadsheet with nothing in it")
    return sheets


def _text(value: object) -> str:
    """A cell as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

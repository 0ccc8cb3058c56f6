"""Reading the CSV files councils' systems export, as they really are.

UTF-8 with or without a byte-order mark, or Windows-1252 (decided line by line, so a file that
mixes them is still read); Windows or Unix line endings; blank lines; stray whitespace. Dates
may be ``dd/mm/YYYY`` (the SSDA903 form) or ISO ``YYYY-MM-DD``. Nothing here raises for bad
content: problems come back as values that name the file, the line and the field.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from collections.abc import Iterator, Mapping

import attrs

__all__ = ["Table", "TableRow", "parse_date", "read_table"]

_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@attrs.frozen
class TableRow:
    """One data row: where it came from and its cells by (normalised) column name."""

    source: str
    line: int
    cells: Mapping[str, str]

    def get(self, column: str) -> str:
        """The cell's text, stripped; "" when the column or the cell is missing."""
        return self.cells.get(column, "")


@attrs.frozen
class Table:
    """The rows of one file, its columns, and its rows too short or long to line up."""

    source: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]


def parse_date(text: str) -> dt.date:
    """A date from ``dd/mm/YYYY`` or ``YYYY-MM-DD`` (surrounding spaces ignored).

    >>> parse_date(" 20/12/2024 "), parse_date("2024-12-20")
    (datetime.date(2024, 12, 20), datetime.date(2024, 12, 20))

    Raises ``ValueError`` with a message saying what was expected.
    """
    stripped = text.strip()
    dmy = _DMY.fullmatch(stripped)
    iso = _ISO.fullmatch(stripped)
    try:
        if dmy:
            return dt.date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None
    if not stripped:
        raise ValueError("the date is blank")
    raise ValueError(f"{text!r} is not a date in the form dd/mm/YYYY or YYYY-MM-DD")


def _decode(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def _lines(data: bytes) -> Iterator[str]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for raw in data.splitlines(keepends=True):
        yield _decode(raw)


def read_table(
    source: str | os.PathLike[str], *, data: bytes | None = None, upper: bool = True
) -> Table:
    """Read one CSV file (or ``data``, its bytes) into a :class:`Table`.

    The first non-blank line is the header; column names are stripped (and upper-cased unless
    ``upper=False``). Blank lines are skipped; line numbers count from 1 as an editor shows them.
    A row with more cells than the header keeps the extras under ``"_EXTRA_<n>"`` names.
    """
    name = os.fspath(source)
    if data is None:
        with open(source, "rb") as handle:
            data = handle.read()
    reader = csv.reader(_lines(data))
    columns: tuple[str, ...] | None = None
    rows: list[TableRow] = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        stripped = [cell.strip() for cell in cells]
        if columns is None:
            columns = tuple(c.upper() if upper else c for c in stripped)
            continue
        values = dict(zip(columns, stripped, strict=False))
        for extra, cell in enumerate(stripped[len(columns) :], start=1):
            values[f"_EXTRA_{extra}"] = cell
        rows.append(TableRow(name, reader.line_num, values))
    return Table(name, columns or (), tuple(rows))

"""Reading the CSV files councils' systems export, as they really are.

UTF-8 with or without a byte-order mark, or Windows-1252 (decided line by line, so a file that
mixes them is still read); Windows or Unix line endings; blank lines; stray whitespace. Dates
may be ``dd/mm/YYYY`` (the SSDA903 form) or ISO ``YYYY-MM-DD``. Nothing here raises for bad
content: problems come back as values that name the file, the line and the field.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Protocol, TypeAlias

import attrs

__all__ = [
    "Source",
    "Table",
    "TableRow",
    "TableStream",
    "date_if_any",
    "open_table",
    "parse_date",
    "parse_date_cached",
    "read_table",
    "source_name",
    "stream_table",
    "table_of_rows",
    "table_sources",
]

_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@attrs.frozen
class TableRow:
    """One data row: where it came from, its cells, and the (shared) column positions."""

    source: str
    line: int
    values: list[str] = attrs.field(repr=False)
    index: Mapping[str, int] = attrs.field(repr=False)

    def get(self, column: str) -> str:
        """The cell's text, stripped; "" when the column or the cell is missing."""
        i = self.index.get(column)
        values = self.values
        return values[i] if i is not None and i < len(values) else ""

    @property
    def cells(self) -> dict[str, str]:
        """The row's cells by column name; cells beyond the header as ``_EXTRA_<n>``."""
        named = {column: self.get(column) for column in self.index}
        extras = self.values[len(self.index) :]
        return named | {f"_EXTRA_{n}": cell for n, cell in enumerate(extras, start=1)}


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


def _lines(data: bytes) -> Iterable[str]:
    """The file's lines as text: all at once if it is UTF-8, else decoded line by line."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return io.StringIO(data.decode("utf-8"), newline="")
    except UnicodeDecodeError:
        return (_decode(raw) for raw in data.splitlines(keepends=True))


@functools.lru_cache(maxsize=1 << 16)
def parse_date_cached(text: str) -> dt.date:
    """:func:`parse_date`, remembering recent answers (dates repeat across a caseload)."""
    return parse_date(text)


def date_if_any(text: str) -> dt.date | None:
    """The date a refused row shows, if it can be read (to name the row by it)."""
    try:
        return parse_date_cached(text)
    except ValueError:
        return None


def read_table(
    source: str | os.PathLike[str], *, data: bytes | None = None, upper: bool = True
) -> Table:
    """Read one CSV file (or ``data``, its bytes) into a :class:`Table`.

    The first non-blank line is the header; column names are stripped (and upper-cased unless
    ``upper=False``). Blank lines are skipped; line numbers count from 1 as an editor shows them.
    Cells beyond the header are kept (see :attr:`TableRow.cells`).
    """
    stream = stream_table(source, data=data, upper=upper)
    return Table(stream.source, stream.columns, tuple(stream.rows))


class CsvReader(Protocol):
    """What :func:`csv.reader` returns: rows of cells, and the line number reached."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...
    def __next__(self) -> list[str]: ...


@attrs.frozen
class TableStream:
    """A file's columns and its rows, read one at a time (a large file is never all in memory).

    ``cells`` gives each non-blank row as (line number, stripped cells); :attr:`rows` gives the
    same rows as :class:`TableRow` values; ``reader`` is the CSV reader under both, for a
    reader of millions of rows that strips only the cells it uses. Read one of them, once.
    """

    source: str
    columns: tuple[str, ...]
    cells: Iterator[tuple[int, list[str]]]
    reader: CsvReader

    @property
    def index(self) -> dict[str, int]:
        """Each column's position (the first, if a name is repeated)."""
        return {c: i for i, c in reversed(list(enumerate(self.columns)))}

    @property
    def rows(self) -> Iterator[TableRow]:
        source, index = self.source, self.index
        return (TableRow(source, line, cells, index) for line, cells in self.cells)


class _RowsReader:
    """Rows of cells already split (a data frame's), read as :func:`csv.reader` reads a file:
    the header is line 1, so data row ``i`` (from 0) is line ``i + 2``."""

    def __init__(self, rows: Iterable[list[str]]) -> None:
        self._rows = iter(rows)
        self.line_num = 1

    def __iter__(self) -> Iterator[list[str]]:
        return self

    def __next__(self) -> list[str]:
        row = next(self._rows)
        self.line_num += 1
        return row


def table_of_rows(
    source: str, columns: Iterable[str], rows: Iterable[list[str]], *, upper: bool = True
) -> TableStream:
    """A table whose cells are already text (a data frame's), read as a file would be."""
    names = tuple(c.strip().upper() if upper else c.strip() for c in columns)
    reader = _RowsReader(rows)

    def non_blank() -> Iterator[tuple[int, list[str]]]:
        for cells in reader:
            stripped = [cell.strip() for cell in cells]
            if any(stripped):
                yield reader.line_num, stripped

    return TableStream(source, names, non_blank(), reader)


#: What a reader reads: a file or folder by its path, or a table already open (a data frame's).
Source: TypeAlias = "str | os.PathLike[str] | TableStream"


def table_sources(given: Iterable[Source]) -> list[Path | TableStream]:
    """The files named, each folder replaced by the ``.csv`` files in it (sorted), and any
    tables given as they are."""
    found: list[Path | TableStream] = []
    for item in given:
        if isinstance(item, TableStream):
            found.append(item)
            continue
        path = Path(item)
        if path.suffix.lower() != ".csv" and path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv"))
        else:
            found.append(path)
    return found


def source_name(source: Path | TableStream) -> str:
    """How messages name a source: its path, or the table's own name."""
    return source.source if isinstance(source, TableStream) else str(source)


def open_table(
    source: str | os.PathLike[str] | TableStream, *, data: bytes | None = None, upper: bool = True
) -> TableStream:
    """``source`` itself if it is already a table, else the file (or ``data``) streamed."""
    if isinstance(source, TableStream):
        return source
    return stream_table(source, data=data, upper=upper)


def stream_table(
    source: str | os.PathLike[str], *, data: bytes | None = None, upper: bool = True
) -> TableStream:
    """Like :func:`read_table`, but the rows come as an iterator, read as they are used."""
    name = os.fspath(source)
    if data is None:
        with open(source, "rb") as handle:
            data = handle.read()
    reader = csv.reader(_lines(data))
    columns: tuple[str, ...] = ()
    for cells in reader:
        stripped = [cell.strip() for cell in cells]
        if any(stripped):
            columns = tuple(c.upper() if upper else c for c in stripped)
            break

    def non_blank() -> Iterator[tuple[int, list[str]]]:
        for cells in reader:
            stripped = [cell.strip() for cell in cells]
            if any(stripped):
                yield reader.line_num, stripped

    return TableStream(name, columns, non_blank(), reader)

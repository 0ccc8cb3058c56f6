"""Reading the CSV files councils' systems export, as they really are.

UTF-8 with or without a byte-order mark, Windows-1252 (decided line by line, so a file that
mixes them is still read) or UTF-16 with its byte-order mark; Windows or Unix line endings;
commas, semicolons or tabs between cells, and Excel's ``sep=`` first line; a title line above
the header; blank lines; stray whitespace, and invisible characters in column names; cells of
any size. Dates may be ``dd/mm/YYYY`` (the SSDA903 form) or ISO ``YYYY-MM-DD``.

Nothing here raises for bad content: problems come back as notes naming the file and the line.
A quote opened and never closed would run the rest of the file into one row; each line it
would swallow is read on its own instead, and the note says where the quote is, so every line
of a file is a row read. A file that cannot be read as text at all (an Excel workbook, a folder,
a device) raises :class:`UnreadableFileError`, with the reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import itertools
import os
import re
import stat
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import AnyStr, Protocol, TypeAlias

import attrs

from .._errors import UnreadableFileError

__all__ = [
    "FOLDER_INSIDE",
    "Sheet",
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
    "stream_of",
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
    #: What was wrong with the file or some of its lines, as (line, reason); line 0 is the
    #: whole file.
    notes: tuple[tuple[int, str], ...] = ()


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
        raise ValueError("is blank")
    raise ValueError(f"{text!r} is not a date in the form dd/mm/YYYY or YYYY-MM-DD")


# Cells of any size: a long free-text note, or a stray quote in a large file, is not an error.
csv.field_size_limit(2**31 - 1)


#: Characters that are not seen but break a column name: byte-order marks, zero-width spaces.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None)
_SPREADSHEETS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
#: Why a folder inside a folder given is not read.
FOLDER_INSIDE = (
    "is a folder inside a folder given, so it was not read: give it by name too (folders are "
    "not read inside folders)"
)


def _decode(line: bytes) -> str:
    try:
        # (Codec names ignore case: the two lines are marked not to be mutated for that.)
        return line.decode("utf-8")  # pragma: no mutate
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")  # pragma: no mutate


def _text(data: bytes, notes: list[tuple[int, str]]) -> bytes | str:
    """The file's bytes to read line by line, or its text if it is not 8-bit (UTF-16)."""
    if data.startswith(b"PK\x03\x04"):
        raise UnreadableFileError(
            "is an Excel workbook (or another zip file), not CSV text: save each sheet as "
            "'CSV UTF-8 (Comma delimited)' and read those"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")  # pragma: no mutate (codec names ignore case)
        # (Python 3.10's CSV reader stops at a NUL character.)
        return _without_nul(text, "\x00", "character", notes)
    if b"\x00" in data:
        head = data[:4096]
        if head.count(b"\x00") * 4 > len(head):
            raise UnreadableFileError(
                "looks like UTF-16 text with no byte-order mark (Excel's 'Unicode Text' or a "
                "PowerShell export); save it as 'CSV UTF-8' and read that"
            )
        data = _without_nul(data, b"\x00", "byte", notes)
    return data


def _without_nul(text: AnyStr, nul: AnyStr, unit: str, notes: list[tuple[int, str]]) -> AnyStr:
    """``text`` without its NUL bytes (or characters), each noted."""
    count = text.count(nul)
    if count == 1:
        notes.append((0, f"held 1 NUL {unit}, which was removed"))
    elif count:
        notes.append((0, f"held {count} NUL {unit}s, which were removed"))
    return text.replace(nul, text[:0])


def _physical_lines(text: bytes | str) -> list[str]:
    """The file's lines, as :func:`_lines` gives them."""
    return list(_lines(text))


def _lines(data: bytes | str) -> Iterable[str]:
    """The file's lines as text: all at once if it is UTF-8, else decoded line by line."""
    if isinstance(data, str):
        return io.StringIO(data, newline="")
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
    source: str | os.PathLike[str],
    *,
    data: bytes | None = None,
    upper: bool = True,
    header: Collection[str] = (),
) -> Table:
    r"""Read one CSV file (or ``data``, its bytes) into a :class:`Table`.

    The first non-blank line is the header (or, given ``header``, the first of the first ten
    naming two of those columns); column names are stripped of spaces and invisible characters
    (and upper-cased unless ``upper=False``). Blank lines are skipped; line numbers count from 1
    as an editor shows them. Cells beyond the header are kept (see :attr:`TableRow.cells`).
    What was wrong with the file is in :attr:`Table.notes`; a file that cannot be read as a
    table at all (one that does not exist, a folder, a workbook, text that is not 8-bit) raises
    :class:`~iro_schedule.errors.UnreadableFileError` naming it.

    >>> table = read_table("x.csv", data=b'sep=;\r\nCHILD;REVIEW\r\nA;"20/07/2023\r\nB;21/07/2023\r\n')
    >>> [(row.line, row.get("CHILD"), row.get("REVIEW")) for row in table.rows]
    [(3, 'A', '20/07/2023'), (4, 'B', '21/07/2023')]
    >>> table.notes
    ((3, 'opens a quote that is not closed before line 4 (the end of the file), which would run lines 3 to 4 into one row; each line was read on its own: remove the stray quote'),)
    >>> read_table("no such file.csv")
    Traceback (most recent call last):
    ...
    iro_schedule.errors.UnreadableFileError: no such file.csv: does not exist
    """  # noqa: E501
    try:
        stream = stream_table(source, data=data, upper=upper, header=header)
    except UnreadableFileError as exc:
        raise exc.at(os.fspath(source)) from None
    rows = tuple(stream.rows)
    return Table(stream.source, stream.columns, rows, tuple(stream.notes))


class CsvReader(Protocol):
    """What :func:`csv.reader` returns: rows of cells, and the line number reached."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...


@attrs.frozen
class TableStream:
    """A file's columns and its rows, read one at a time (a large file is never all in memory).

    ``cells`` gives each non-blank row as (line number, stripped cells); :attr:`rows` gives the
    same rows as :class:`TableRow` values; ``numbered`` gives every record under both, blank
    or not, as (line number, cells not stripped: the last may end in the line break), for a
    reader of millions of rows that strips only the cells it uses. Read one of them, once.
    """

    source: str
    columns: tuple[str, ...]
    cells: Iterator[tuple[int, list[str]]]
    numbered: Iterator[tuple[int, list[str]]]
    #: What was wrong with the file or some of its lines, as (line, reason), line 0 for the
    #: whole file; added to as the rows are read.
    notes: list[tuple[int, str]] = attrs.field(factory=list, eq=False)

    @property
    def index(self) -> dict[str, int]:
        """Each column's position (the first, if a name is repeated)."""
        return {c: i for i, c in reversed(list(enumerate(self.columns)))}

    @property
    def rows(self) -> Iterator[TableRow]:
        source, index = self.source, self.index
        return (TableRow(source, line, cells, index) for line, cells in self.cells)


class _RowsReader:
    """Rows of cells already split (a data frame's, a sheet's), read as :func:`csv.reader` reads
    a file: the header is line ``first_line``, and each row the line after the one before."""

    def __init__(self, rows: Iterable[list[str]], first_line: int) -> None:
        self._rows = iter(rows)
        self.line_num = first_line

    def __iter__(self) -> Iterator[list[str]]:
        return self

    def __next__(self) -> list[str]:
        row = next(self._rows)
        self.line_num += 1
        return row


def table_of_rows(source: str, columns: Iterable[str], rows: Iterable[list[str]]) -> TableStream:
    """A table whose cells are already text (a data frame's), read as a file would be: its
    header is line 1, its column names in capitals."""
    names = tuple(_column_name(c).upper() for c in columns)
    return stream_of(source, names, _with_lines(_RowsReader(rows, 1)))


def stream_of(
    source: str,
    columns: tuple[str, ...],
    numbered: Iterator[tuple[int, list[str]]],
    notes: list[tuple[int, str]] | None = None,
) -> TableStream:
    """The table whose records are ``numbered`` (see :class:`TableStream`)."""

    def non_blank() -> Iterator[tuple[int, list[str]]]:
        for line, cells in numbered:
            stripped = [cell.strip() for cell in cells]
            if any(stripped):
                yield line, stripped

    return TableStream(source, columns, non_blank(), numbered, [] if notes is None else notes)


#: What a reader reads: a file or folder by its path, or a table already open (a data frame's).
Source: TypeAlias = "str | os.PathLike[str] | TableStream | Sheet"


def table_sources(given: Source | Iterable[Source]) -> list[Path | TableStream | Sheet]:
    """The files named, each folder replaced by what is in it (sorted): its ``.csv`` files,
    and anything in it that cannot be read as one (a folder, an Excel workbook, a device),
    which :func:`open_table` then refuses by name. Tables given are kept as they are; one path
    may be given alone."""
    if isinstance(given, (str, os.PathLike, TableStream, Sheet)):
        given = [given]
    found: list[Path | TableStream | Sheet] = []
    for item in given:
        if isinstance(item, (TableStream, Sheet)):
            found.append(item)
            continue
        if not isinstance(item, (str, os.PathLike)):
            raise TypeError(
                f"{item!r} is not a path: give file or folder names (str or pathlib.Path)"
            )
        path = Path(item)
        if path.suffix.lower() != ".csv" and path.is_dir():
            for entry in sorted(path.iterdir()):
                if _worth_naming(entry):
                    found.extend(_sheets(entry))
        else:
            found.extend(_sheets(path))
    return found


def _sheets(path: Path) -> list[Path] | list[Sheet]:
    """A workbook's sheets as tables; any other path as it is (as is a workbook that cannot
    be read, for :func:`open_table` to refuse with the reason)."""
    if path.suffix.lower() not in _SPREADSHEETS or not path.is_file():
        return [path]
    from .workbooks import workbook_tables  # noqa: PLC0415 (the readers' own module, on demand)

    try:
        return workbook_tables(path)
    except UnreadableFileError:
        return [path]


def _worth_naming(path: Path) -> bool:
    """Whether an entry of a folder given is read, or named as one that cannot be: a CSV file,
    a folder, a spreadsheet or a device (other files, such as notes, are passed over)."""
    suffix = path.suffix.lower()
    if suffix == ".csv" or suffix in _SPREADSHEETS:
        return True
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return True  # a broken link: named, and refused as unreadable


def source_name(source: Path | TableStream | Sheet) -> str:
    """How messages name a source: its path, or the table's (or sheet's) own name."""
    if isinstance(source, TableStream):
        return source.source
    return source.name if isinstance(source, Sheet) else str(source)


def open_table(
    source: str | os.PathLike[str] | TableStream | Sheet,
    *,
    data: bytes | None = None,
    upper: bool = True,
    header: Collection[str] = (),
) -> TableStream:
    """``source`` itself if it is already a table; a sheet or a file (or ``data``) streamed,
    its header found among its first lines (``header``: see :func:`stream_table`)."""
    if isinstance(source, TableStream):
        return source
    if isinstance(source, Sheet):
        notes: list[tuple[int, str]] = []
        reader = _Records(_RowsReader(source.rows, 0), "", notes)
        return _stream(source.name, reader, header, notes, upper=upper)
    return stream_table(source, data=data, upper=upper, header=header)


def _file_bytes(source: str | os.PathLike[str]) -> bytes:
    """The file's bytes; :class:`UnreadableFileError` for what is not a regular file (reading a FIFO
    would wait for ever)."""
    path = Path(source)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise UnreadableFileError("does not exist") from None
    if stat.S_ISDIR(mode):
        raise UnreadableFileError(FOLDER_INSIDE)
    if not stat.S_ISREG(mode):
        raise UnreadableFileError("is not a regular file (a pipe or a device), so it was not read")
    if path.suffix.lower() in _SPREADSHEETS:
        from .workbooks import workbook_tables  # noqa: PLC0415 (it raises why it cannot read it)

        workbook_tables(path)
        raise UnreadableFileError("is a spreadsheet: give its sheets, not the file")
    return path.read_bytes()


def stream_table(
    source: str | os.PathLike[str],
    *,
    data: bytes | None,
    upper: bool,
    header: Collection[str],
) -> TableStream:
    """Like :func:`read_table`, but the rows come as an iterator, read as they are used.

    ``header`` names columns the header line is known to hold some of: the header is then the
    first of the first ten lines naming at least two of them (a title line above it is passed
    over and noted), else the first line.
    """
    notes: list[tuple[int, str]] = []
    text = _text(_file_bytes(source) if data is None else data, notes)
    lines = iter(_lines(text))
    delimiter, first = _delimiter(lines)
    unread = itertools.chain(first, lines)
    reader = _Records(csv.reader(unread, delimiter=delimiter), text, notes)
    return _stream(
        os.fspath(source),
        reader,
        header,
        notes,
        upper=upper,
        # (Without them, the CSV reader reads every record: the same records, only slower, as
        # tests/test_ssda903_tables.py checks. Not mutated.)
        lines=(unread, delimiter),  # pragma: no mutate
    )


def _stream(
    name: str,
    reader: _Records,
    header: Collection[str],
    notes: list[tuple[int, str]],
    *,
    upper: bool,
    lines: tuple[Iterator[str], str] | None = None,
) -> TableStream:
    """The table a reader's records make: the header found, then the rows with text
    (``lines``: the lines the reader reads and their delimiter, if it reads a file's)."""
    columns = _header(reader, header, notes, upper=upper)
    if not columns and not notes:
        notes.append((0, "is empty (it has no header line and no rows)"))
    numbered = reader.numbered(
        lines,  # pragma: no mutate (None: the CSV reader reads every record, as above)
    )
    return stream_of(name, columns, numbered, notes)


def _with_lines(reader: CsvReader) -> Iterator[tuple[int, list[str]]]:
    """Each record ``reader`` reads, with its line number."""
    return ((reader.line_num, cells) for cells in reader)


@attrs.frozen
class Sheet:
    """One sheet of a workbook, its cells as the text a CSV export of it would hold (row ``i``
    from 0 is line ``i + 1``), read as a file is (title rows above the header passed over)."""

    name: str
    rows: tuple[list[str], ...] = attrs.field(repr=False)


def _delimiter(lines: Iterator[str]) -> tuple[str, list[str]]:
    """The character between cells, from Excel's ``sep=`` line or the first line with text
    (commas, unless it has none and has semicolons or tabs); returns the lines read to tell,
    still to be read (a ``sep=`` line is dropped, so line numbers count it)."""
    seen: list[str] = []
    for line in lines:
        if not line.strip():
            seen.append(line)
            continue
        stripped = line.strip().strip('"')
        if stripped.lower().startswith("sep=") and len(stripped) == 5:
            seen.append("\n")  # Excel's own line: not a row, kept only to keep the count
            return stripped[4], seen
        seen.append(line)
        if line.count(",") == 0:
            if line.count(";") > line.count("\t"):
                return ";", seen
            if line.count("\t"):
                return "\t", seen
        return ",", seen
    return ",", seen


def _header(
    reader: _Records, known: Collection[str], notes: list[tuple[int, str]], *, upper: bool
) -> tuple[str, ...]:
    """The header's column names, cleaned; lines above it passed over (and noted)."""
    wanted = {k.upper() for k in known}

    def names_some(names: list[str]) -> bool:
        return len(wanted & {n.upper() for n in names}) >= 2

    looked: list[tuple[int, list[str], list[str]]] = []  # (line, cells, names)
    for cells in reader:
        names = [_column_name(cell) for cell in cells]
        if any(names):
            looked.append((reader.line_num, cells, names))
            if not wanted or names_some(names) or len(looked) == _TITLE_LINES:
                break
    if not looked:
        return ()
    line, _, names = looked[-1]
    if wanted and not names_some(names):  # no line names the columns: the first is the header
        line, _, names = looked[0]
        reader.push_back([(at, cells) for at, cells, _ in looked[1:]])
    else:
        for above, _, cells_above in looked[:-1]:
            shown = ", ".join(c for c in cells_above if c)[:80]
            notes.append((above, f"is above the header (line {line}) and was not read: {shown!r}"))
    columns = tuple(n.upper() if upper else n for n in names)
    _repeated_columns(columns, notes)
    reader.expect(len(columns))
    return columns


#: How many lines with text are looked at for the header, below any title lines.
_TITLE_LINES = 10


def _column_name(cell: str) -> str:
    return cell.translate(_INVISIBLE).replace("\u00a0", " ").strip()


def _repeated_columns(columns: tuple[str, ...], notes: list[tuple[int, str]]) -> None:
    positions: dict[str, list[int]] = {}
    for i, name in enumerate(columns, start=1):
        if name:
            positions.setdefault(name, []).append(i)
    for name, where in positions.items():
        if len(where) > 1:
            columns_at = f"{', '.join(map(str, where[:-1]))} and {where[-1]}"
            notes.append(
                (
                    0,
                    f"has the column {name} {len(where)} times (columns {columns_at}); "
                    "the first was read",
                )
            )


class _Records:
    """The CSV reader's records, each with the line it starts on.

    A record running over several lines whose cells do not line up with the header, or whose
    quotes do not pair up, holds a quote opened and never closed: its lines are read one by
    one instead, and a note says where the quote is.
    """

    __slots__ = ("_lines", "_pending", "_reader", "_text", "_width", "line_num", "notes")

    def __init__(self, reader: CsvReader, text: bytes | str, notes: list[tuple[int, str]]) -> None:
        self._reader, self._text, self.notes = reader, text, notes
        self._pending: list[tuple[int, list[str]]] = []
        self._lines: list[str] | None = None  # the file's lines, once a record needs them
        self._width = -1  # the header's, once it is read
        self.line_num = 0

    def expect(self, width: int) -> None:
        """Check the records that follow against a header of ``width`` columns."""
        self._width = width

    def numbered(self, lines: tuple[Iterator[str], str] | None) -> Iterator[tuple[int, list[str]]]:
        """The records still to be read, with their line numbers (``lines``: the lines the CSV
        reader reads and their delimiter, if it reads a file's).

        Where there is nothing to check (no quote in the text, so no record runs over several
        lines, and none read ahead), each record is one line: a file's lines are then split at
        the delimiter, twice as fast as the CSV reader, which gives the same cells but for the
        line break (left at the end of the last cell).
        """
        text = self._text
        quoted = b'"' in text if isinstance(text, bytes) else '"' in text
        if self._pending or quoted:
            return _with_lines(self)
        if lines is None:  # a sheet's rows, already split
            return _with_lines(self._reader)
        unread, delimiter = lines
        split = map(str.split, unread, itertools.repeat(delimiter))
        return enumerate(split, self._reader.line_num + 1)

    def push_back(self, records: list[tuple[int, list[str]]]) -> None:
        """Records read ahead (looking for the header), to be read again."""
        self._pending = records + self._pending

    def __iter__(self) -> Iterator[list[str]]:
        # A generator, not __next__: a national file has millions of records, and resuming a
        # generator costs less than calling a method.
        reader = self._reader
        while True:
            while self._pending:
                self.line_num, cells = self._pending.pop(0)
                yield cells
            end = reader.line_num
            for cells in reader:
                start, end = end + 1, reader.line_num
                if end != start and self._width >= 0:
                    yield self._several_lines(start, end, cells)
                    break  # its other lines are pending
                self.line_num = start
                yield cells
            else:
                return

    def _several_lines(self, start: int, end: int, cells: list[str]) -> list[str]:
        if self._lines is None:
            self._lines = _physical_lines(self._text)
        lines = self._lines[start - 1 : end]
        if len(cells) == self._width and sum(line.count('"') for line in lines) % 2 == 0:
            self.line_num = start  # a cell holding line breaks, quoted as it should be
            return cells
        where = " (the end of the file)" if end == len(self._lines) else ""
        self.notes.append(
            (
                start,
                f"opens a quote that is not closed before line {end}{where}, which would run "
                f"lines {start} to {end} into one row; each line was read on its own: remove "
                "the stray quote",
            )
        )
        # Only a CSV reader's records run over lines (a sheet's rows have no dialect); and
        # stripping any trailing whitespace, not only the line break, would change only blank
        # cells at a line's end, read as blank anyway: both lines are marked not to be mutated.
        dialect = getattr(self._reader, "dialect", None)  # pragma: no mutate
        delimiter = getattr(dialect, "delimiter", ",")  # pragma: no mutate
        texts = [line.rstrip("\r\n") for line in lines]  # pragma: no mutate
        rows = [
            (start + k, next(csv.reader([t], delimiter=delimiter))) for k, t in enumerate(texts)
        ]
        self.line_num, first = rows[0]
        self._pending = rows[1:] + self._pending
        return first

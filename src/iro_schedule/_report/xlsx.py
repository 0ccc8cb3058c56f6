"""A workbook (Office Open XML, ``.xlsx``) written as it is made: sheets of rows streamed into
the zip one at a time, so a national caseload's millions of rows are never all in memory.

It writes what the validation's workbook needs and no more: text (as inline strings: never a
formula), whole and decimal numbers, true/false, dates shown dd/mm/yyyy, a bold header row that
stays in view, filters over the columns, and column widths. Its parts and their markup follow
what openpyxl writes for the same workbook (ECMA-376 Part 1, SpreadsheetML), less a theme and
the document's author and dates; the tests read it back with openpyxl and calamine.

>>> import io, zipfile
>>> out = io.BytesIO()
>>> with Workbook(out) as book:
...     book.sheet("Dates", ["day", "n"], [[dt.date(2025, 1, 2), 3]], widths=[12, 4])
1
>>> sheet = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
>>> sheet[sheet.index('<row r="2"') : sheet.index("</sheetData>")]  # 2 Jan 2025 is day 45659
'<row r="2"><c r="A2" s="2"><v>45659</v></c><c r="B2"><v>3</v></c></row>'
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from types import TracebackType
from typing import IO

__all__ = ["MAX_CELL_TEXT", "Workbook", "column_letter"]

#: The most characters a cell holds (Excel's limit); longer text is cut to it.
MAX_CELL_TEXT = 32_767
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument"
_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug included)
_EPOCH_TIME = dt.datetime(1899, 12, 30)
#: Characters XML 1.0 cannot hold (a control character in a council's file): shown as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HEADER, _DATE = 1, 2  # the cell styles (xf) in styles.xml: bold, and a date dd/mm/yyyy


def column_letter(number: int) -> str:
    """Excel's name for column ``number`` (1 is A).

    >>> column_letter(1), column_letter(20), column_letter(28)
    ('A', 'T', 'AB')
    """
    letters = ""
    while number:
        number, left = divmod(number - 1, 26)
        letters = chr(65 + left) + letters
    return letters


class _Letters(dict[int, str]):
    """Column letters by position from 0, each made once."""

    def __missing__(self, position: int) -> str:
        letters = self[position] = column_letter(position + 1)
        return letters


def _escape(text: str) -> str:
    """Text as XML character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    """Text as an XML attribute's value (in double quotes)."""
    return _escape(text).replace('"', "&quot;")


def _text(text: str) -> str:
    """A string as the text of an inline-string cell."""
    if len(text) > MAX_CELL_TEXT:
        text = text[:MAX_CELL_TEXT]
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("\ufffd", text)
    text = _escape(text)
    if text[:1].isspace() or text[-1:].isspace():
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


def _cell(reference: str, value: object, style: int = 0) -> str:
    """One cell's XML (empty for no value)."""
    tail = _tail(value, style)
    return f'<c r="{reference}"{tail}' if tail else ""


def _tail(value: object, style: int = 0) -> str:
    """A cell's XML after its reference (empty for no value)."""
    if value is None or value == "":
        return ""
    kind, content = _content(value)
    if kind == "date":
        style, kind = _DATE, ""
    styled = f' s="{style}"' if style else ""
    typed = f' t="{kind}"' if kind else ""
    return f"{styled}{typed}>{content}</c>"


class _Tails(dict[object, str]):
    """The cells of one sheet after their reference, ``tails[value]``, for a short text or a
    day: each made once and kept while the sheet is written (a child, a status, a rule, a date:
    a caseload's millions of such cells hold a few thousand values). Not for numbers, whose
    types equal each other (True == 1), nor long texts, which seldom recur."""

    def __init__(self) -> None:
        super().__init__({None: "", "": ""})

    def __missing__(self, value: object) -> str:
        tail = self[value] = _tail(value)
        return tail


_KEPT_LENGTH = 128


def _content(value: object) -> tuple[str, str]:
    """A value's cell type (``date`` for a day, shown as one) and what the cell holds."""
    if isinstance(value, str):
        return "inlineStr", _text(value)
    if isinstance(value, bool):
        return "b", f"<v>{int(value)}</v>"
    if isinstance(value, (int, float)):
        return "", f"<v>{value!r}</v>"
    if isinstance(value, dt.datetime):
        return "date", f"<v>{(value - _EPOCH_TIME) / dt.timedelta(days=1)!r}</v>"
    if isinstance(value, dt.date):
        return "date", f"<v>{(value - _EPOCH).days}</v>"
    return "inlineStr", _text(str(value))


class Workbook:
    """A workbook being written to ``handle`` (bytes): :meth:`sheet` adds each sheet in turn,
    and closing (or leaving the ``with`` block) writes the parts that list them."""

    def __init__(self, handle: IO[bytes]) -> None:
        # Fast compression: a national sheet is a gigabyte of XML, most of it repeated words.
        self._zip = zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._sheets: list[tuple[str, str]] = []  # (title, the range its filter covers)

    def __enter__(self) -> Workbook:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self._zip.close()

    def sheet(
        self,
        title: str,
        columns: Sequence[str],
        rows: Iterable[Sequence[object]],
        *,
        widths: Sequence[float],
    ) -> int:
        """A sheet: a bold header row of ``columns`` kept in view, then ``rows`` (written as
        they come), filters over them all, and the columns ``widths`` wide (in characters).
        Returns how many rows it holds, its header not counted."""
        number = len(self._sheets) + 1
        last = column_letter(max(len(columns), 1))
        with self._zip.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as part:
            part.write(_sheet_head(widths).encode())
            header = "".join(
                _cell(f"{column_letter(i)}1", name, _HEADER)
                for i, name in enumerate(columns, start=1)
            )
            part.write(f'<row r="1">{header}</row>'.encode())
            written = _Rows()
            for xml in written.chunks(rows):
                part.write(xml.encode())
            line = written.count + 1
            covered = f"A1:{last}{line}"
            filters = f'<autoFilter ref="{covered}"/>' if line > 1 else ""
            part.write(
                f'</sheetData>{filters}<pageMargins left="0.75" right="0.75" top="1" '
                'bottom="1" header="0.5" footer="0.5"/></worksheet>'.encode()
            )
        self._sheets.append((title, covered if line > 1 else ""))
        return line - 1

    def close(self) -> None:
        """Write the parts that list the sheets and their styles, and end the zip."""
        if self._zip.fp is None:
            return
        count = len(self._sheets)
        parts = {
            "[Content_Types].xml": _content_types(count),
            "_rels/.rels": _ROOT_RELATIONSHIPS,
            "docProps/app.xml": _APP,
            "xl/workbook.xml": _workbook(self._sheets),
            "xl/_rels/workbook.xml.rels": _workbook_relationships(count),
            "xl/styles.xml": _STYLES,
        }
        for name, text in parts.items():
            self._zip.writestr(name, text)
        self._zip.close()


class _Rows:
    """A sheet's rows as SpreadsheetML, from its second line, a thousand at a time; ``count``
    says how many have been made."""

    def __init__(self) -> None:
        self.count = 0
        self._letters, self._tails = _Letters(), _Tails()

    def chunks(self, rows: Iterable[Sequence[object]]) -> Iterator[str]:
        chunk: list[str] = []
        for self.count, row in enumerate(rows, start=1):
            chunk.append(self._row(self.count + 1, row))
            if len(chunk) == 1_000:
                yield "".join(chunk)
                chunk.clear()
        yield "".join(chunk)

    def _row(self, line: int, row: Sequence[object]) -> str:
        letters, tails = self._letters, self._tails
        cells = [f'<row r="{line}">']
        for i, value in enumerate(row):
            if type(value) is str:
                tail = tails[value] if len(value) <= _KEPT_LENGTH else _tail(value)
            elif type(value) is int:  # (a whole number, the commonest: written at once)
                tail = f"><v>{value}</v></c>"
            elif value is None or type(value) is dt.date or type(value) is bool:
                tail = tails[value]  # (never a number's: an int is written above)
            else:
                tail = _tail(value)
            if tail:
                cells.append(f'<c r="{letters[i]}{line}"{tail}')
        cells.append("</row>")
        return "".join(cells)


def _sheet_head(widths: Sequence[float]) -> str:
    cols = "".join(
        f'<col width="{width:g}" customWidth="1" min="{i}" max="{i}"/>'
        for i, width in enumerate(widths, start=1)
    )
    return (
        f'<worksheet xmlns="{_MAIN}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/>'
        '</sheetPr><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A1" '
        'sqref="A1"/></sheetView></sheetViews><sheetFormatPr baseColWidth="8" '
        f'defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}<sheetData>'
    )


def _content_types(sheets: int) -> str:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        f'ContentType="{_TYPE}.spreadsheetml.worksheet+xml"/>'
        for n in range(1, sheets + 1)
    )
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.spreadsheetml.sheet.main'
        f'+xml"/><Override PartName="/xl/styles.xml" ContentType="{_TYPE}.spreadsheetml.styles'
        f'+xml"/><Override PartName="/docProps/app.xml" ContentType="{_TYPE}.extended-'
        f'properties+xml"/>{overrides}</Types>'
    )


_ROOT_RELATIONSHIPS = (
    f'<Relationships xmlns="{_PACKAGE}"><Relationship Id="rId1" Type="{_RELATIONSHIPS}/'
    'officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" '
    f'Type="{_RELATIONSHIPS}/extended-properties" Target="docProps/app.xml"/></Relationships>'
)
_APP = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
    'properties"><Application>iro_schedule</Application></Properties>'
)


def _workbook(sheets: list[tuple[str, str]]) -> str:
    listed = "".join(
        f'<sheet name="{_attribute(title)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, (title, _) in enumerate(sheets, start=1)
    )
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
        f"{_escape(_absolute(title, covered))}</definedName>"
        for n, (title, covered) in enumerate(sheets)
        if covered
    )
    return (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}"><workbookPr/><bookViews>'
        f'<workbookView activeTab="0"/></bookViews><sheets>{listed}</sheets>'
        f"{f'<definedNames>{filters}</definedNames>' if filters else ''}"
        '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    )


def _absolute(title: str, covered: str) -> str:
    """``'Late and overdue'!$A$1:$G$61``: a range of a sheet, as a defined name gives it."""
    first, last = covered.split(":")
    quoted = title.replace("'", "''")
    return f"'{quoted}'!{_dollars(first)}:{_dollars(last)}"


def _dollars(reference: str) -> str:
    letters = reference.rstrip("0123456789")
    return f"${letters}${reference[len(letters) :]}"


def _workbook_relationships(sheets: int) -> str:
    listed = "".join(
        f'<Relationship Id="rId{n}" Type="{_RELATIONSHIPS}/worksheet" '
        f'Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    )
    styles = (
        f'<Relationship Id="rId{sheets + 1}" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
    )
    return f'<Relationships xmlns="{_PACKAGE}">{listed}{styles}</Relationships>'


# Three cell styles: plain (0), bold (1: the header row), a date shown dd/mm/yyyy (2).
_STYLES = (
    f'<styleSheet xmlns="{_MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
    'formatCode="dd/mm/yyyy"/></numFmts><fonts count="2"><font><sz val="11"/><name '
    'val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/>'
    '<family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/>'
    '</fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1">'
    "<border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs "
    'count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs '
    'count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" '
    'fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" '
    'fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1">'
    '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)

"""Large CSV tables split into columns by polars (the optional ``polars`` extra).

Only a plain file is split this way (:func:`plain_csv` says which): UTF-8 text, cells split by
commas, the header on its first line naming at least two of the columns looked for (each once),
and no quote, NUL, information separator (``\\x1c``-``\\x1f``, which Python strips as spaces)
or carriage return other than before a line feed. Then each line after the header is one row,
and polars splits it as the standard library's CSV reader does, so the readers can type each
column's distinct texts with their own row-by-row functions (once per text, not once per row)
and hand the few rows they cannot type back to their row-by-row code (:meth:`PlainCsv.rows_at`).
Anything else is read row by row, as it always was: a file's rows and reasons do not depend on
which way it was read.
"""

from __future__ import annotations

import csv
import importlib.util
from collections.abc import Sequence
from typing import Any

import attrs

from .tables import TableStream, stream_of, stream_table
from .tables import _column_name as column_name

__all__ = ["COLUMNAR_FROM", "Column", "PlainCsv", "plain_csv", "polars_installed"]

#: Under "auto", files of at least this many bytes (about 100,000 review rows) are split by
#: polars: below it, importing polars (about 0.3 s) costs more than it saves.
COLUMNAR_FROM = 4 << 20

_BOM = b"\xef\xbb\xbf"
#: Bytes a plain file does not hold (each found at memory speed, unlike a pattern's search).
_NOT_PLAIN = (b'"', b"\x00", b"\x1c", b"\x1d", b"\x1e", b"\x1f")


def polars_installed() -> bool:
    """Whether polars and numpy can be imported (the ``polars`` extra: the readers gather
    polars' columns back to the rows with numpy)."""
    return all(importlib.util.find_spec(name) is not None for name in ("polars", "numpy"))


@attrs.frozen
class Column:
    """One column of a table: each row's position (``codes``, a numpy array) in the column's
    distinct texts (``texts``, as the file holds them: not stripped; a row too short to reach
    the column has ``""``)."""

    codes: Any
    texts: list[str]


@attrs.frozen
class PlainCsv:
    """A plain CSV file (see :func:`plain_csv`), not yet split: its name, its header's column
    names (cleaned and in capitals, as the row-by-row reader makes them) and its bytes."""

    source: str
    columns: tuple[str, ...]
    data: bytes = attrs.field(repr=False)
    #: What was wrong with the file: nothing, or it would not be plain.
    notes: tuple[tuple[int, str], ...] = ()

    @property
    def index(self) -> dict[str, int]:
        """Each column's position."""
        return {c: i for i, c in enumerate(self.columns)}

    def split(self, names: Sequence[str]) -> tuple[Any, list[Column]] | None:
        """The line number of each row, and the columns ``names`` (a column the file lacks
        reads as ``""`` on every row); None if polars does not find one row on each line (the
        file is then read row by row)."""
        import numpy as np  # noqa: PLC0415 (the extra's dependencies, loaded only for this)
        import polars as pl  # noqa: PLC0415

        body = self.data.partition(b"\n")[2]
        ends = np.count_nonzero(
            np.frombuffer(body, dtype=np.uint8) == ord("\n")
        )  # (10x count's speed)
        lines = ends + (0 if body.endswith(b"\n") or not body else 1)
        index = self.index
        wanted = sorted({_name(index[n]) for n in names if n in index})
        # Each text of a column wanted read as a category: polars numbers them as it reads.
        schema = {
            name: pl.Categorical if name in wanted else pl.String
            for name in map(_name, range(len(self.columns)))
        }
        try:
            frame = pl.read_csv(
                body,
                has_header=False,
                schema=schema,
                columns=wanted,
                quote_char=None,
                truncate_ragged_lines=True,
                missing_columns="insert",  # a row short of the header's columns: blank cells
                extra_columns="ignore",
                encoding="utf8",
            )
        except (pl.exceptions.PolarsError, TypeError):  # (TypeError: a polars too old)
            return None
        if frame.height != lines or not lines:  # (a file of no rows: nothing to split)
            return None
        numbers = np.arange(2, frame.height + 2, dtype=np.int64)
        return numbers, [_column(frame, index.get(n), pl, np) for n in names]

    def stream(self, known: frozenset[str]) -> TableStream:
        """The file read row by row (``known``: the columns its header is found by)."""
        return stream_table(self.source, data=self.data, upper=True, header=known)

    def rows_at(self, numbers: Sequence[int]) -> TableStream:
        """The rows on lines ``numbers`` (in order), each split as the CSV reader splits its
        line, as a table for the row-by-row reader."""
        numbered = self._lines_split(numbers) if len(numbers) else []
        return stream_of(self.source, self.columns, iter(numbered))

    def _lines_split(self, numbers: Sequence[int]) -> list[tuple[int, list[str]]]:
        import numpy as np  # noqa: PLC0415

        data = self.data
        ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n")).tolist()
        ends.append(len(data))
        starts = [0] + [end + 1 for end in ends]
        texts = (data[starts[n - 1] : ends[n - 1]].decode("utf-8") for n in numbers)
        rows = csv.reader(text.removesuffix("\r") for text in texts)
        return list(zip(numbers, rows, strict=True))


def _name(position: int) -> str:
    """polars' name for the column at ``position`` of a file read without its header."""
    return f"column_{position + 1}"


def _column(frame: Any, position: int | None, pl: Any, np: Any) -> Column:
    if position is None:
        return Column(np.zeros(frame.height, dtype=np.int64), [""])
    # polars numbers each text (across the process, from 1.32): each row's number is made its
    # text's place among the column's distinct texts.
    series = frame[_name(position)].fill_null("")
    distinct = series.unique()
    numbers = distinct.to_physical().to_numpy()
    place = np.zeros(int(numbers.max()) + 1, dtype=np.int64)
    place[numbers] = np.arange(numbers.size)
    return Column(place[series.to_physical().to_numpy()], distinct.cast(pl.String).to_list())


def plain_csv(source: str, data: bytes, known: frozenset[str]) -> PlainCsv | None:
    """``data`` as a :class:`PlainCsv`, if it is one (see the module's notes), its header naming
    at least two of the columns ``known``; else None."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if any(byte in data for byte in _NOT_PLAIN) or (b"\r" in data and _lone_return(data)):
        return None  # (a carriage return is a line break by itself to the CSV reader)
    if not (data.isascii() or _is_utf8(data)):
        return None
    first = data.partition(b"\n")[0].decode("utf-8").removesuffix("\r")
    names = tuple(column_name(cell).upper() for cell in first.split(","))
    named = [n for n in names if n]
    if len(known & set(names)) < 2 or len(named) != len(set(named)):
        return None
    return PlainCsv(source, names, data)


def _lone_return(data: bytes) -> bool:
    """Whether ``data`` holds a carriage return not before a line feed (found by numpy: ten
    times as fast as counting them)."""
    import numpy as np  # noqa: PLC0415 (the extra's dependencies, loaded only for this)

    text = np.frombuffer(data, dtype=np.uint8)
    after = np.flatnonzero(text == ord("\r")) + 1
    return bool(after.size) and (after[-1] == text.size or (text[after] != ord("\n")).any())


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True

"""How a row's values are written as the cells of a CSV line, one value at a time and, for
the rows judged together, a column at a time (the column form beside each value's)."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .._validate.rows import RowStatus

__all__ = [
    "KeptTexts",
    "LineCells",
    "excel_safe",
    "joined_text_cells",
    "text_cell",
    "typed_as_a_row",
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_FORMULA_CHARACTERS = frozenset(FORMULA_START)


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


def text_cell(text: str) -> str:
    """Text as a CSV cell: safe from formulas (see :func:`excel_safe`), quoted as :mod:`csv`
    quotes it (with a comma, a quote or a line break in it)."""
    if text[:1] in _FORMULA_CHARACTERS:
        text = "'" + text
    return '"' + text.replace('"', '""') + '"' if _quoted(text) else text


def joined_text_cells(pl: Any, np: Any, parts: list[tuple[list[str], Any]]) -> list[Any]:
    r""":func:`text_cell` of many texts, each joined from parts: for each part, its distinct
    texts and each joined text's index into them (numpy). The cells are given in the same
    form, in order, as the parts that join into them (distinct texts as a polars Series, and
    each cell's index into them): a cell is its parts with their quotes doubled, between what
    opens it (an apostrophe if it starts a formula, a quote if any part needs quoting) and
    what closes it.

    >>> import numpy as np, polars as pl
    >>> parts = [(["a,b", "=c", "d"], np.array([0, 1, 2])), (['"e"x', "f"], np.array([1, 0, 1]))]
    >>> cells = ["".join(texts[int(at[i])] for texts, at in joined_text_cells(pl, np, parts))
    ...          for i in range(3)]
    >>> cells == [text_cell(t) for t in ["a,bf", '=c"e"x', "df"]]
    True
    >>> cells
    ['"a,bf"', '"\'=c""e""x"', 'df']
    """
    first, at = parts[0]
    assert all(first) or len(parts) == 1  # (the first part starts each text)
    formula = np.array([text[:1] in _FORMULA_CHARACTERS for text in first], dtype=bool)[at]
    quoted = np.zeros(len(at), dtype=bool)
    escaped = []
    for texts, where in parts:
        quoted |= np.array([_quoted(text) for text in texts], dtype=bool)[where]
        doubled = [text.replace('"', '""') for text in texts]
        escaped.append((pl.Series(doubled, dtype=pl.String), where))
    if not (formula.any() or quoted.any()):  # (nothing opens or closes a cell)
        return escaped
    opening = pl.Series(["", "'", '"', "\"'"], dtype=pl.String)
    closing = pl.Series(["", '"'], dtype=pl.String)
    return [
        (opening, formula.astype(np.int64) + 2 * quoted),
        *escaped,
        (closing, quoted.astype(np.int64)),
    ]


def _quoted(text: str) -> bool:
    """Whether :func:`text_cell` quotes ``text``."""
    return '"' in text or "," in text or "\n" in text or "\r" in text


def _other_cell(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return text_cell(value.value if isinstance(value, RowStatus) else str(value))


#: How a value of each type is written (a number stays a number: bool, an int, is never
#: negative; a status as its words).
_CELLS: dict[type, Callable[[Any], str]] = {
    str: text_cell,
    dt.date: dt.date.isoformat,
    type(None): lambda _: "",
    int: str,
    bool: str,
    RowStatus: operator.attrgetter("value"),
}


class KeptTexts(dict[object, str]):
    """The texts of values written to one file, ``texts[value]`` (as :meth:`_write` makes
    them). The text of a value that recurs (a date, a status, a child's or a file's name, a
    rule: a caseload's millions of values have a few thousand of them) is made once and kept
    while the file is written; only short texts of values of types that never equal one of
    another type are kept (not numbers: True == 1)."""

    __slots__ = ()

    def __missing__(self, value: object) -> str:
        text = self._write(value)
        if value.__class__ in _KEPT and len(text) <= _SHORT:
            self[value] = text
        return text

    def _write(self, value: object) -> str:
        raise NotImplementedError


class LineCells(KeptTexts):
    """The cells of one CSV being written, each the same text as :mod:`csv`'s writer gives
    for ``excel_safe(_plain(value))``, without its per-character quoting (millions of long
    reasons): ``cells[value]``, kept as :class:`KeptTexts` keeps them.
    """

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__({None: ""})

    def _write(self, value: object) -> str:
        return _CELLS.get(value.__class__, _other_cell)(value)

    def line(self, values: Iterable[object]) -> str:
        r"""One CSV line (Windows ending) of ``values``.

        >>> LineCells().line(["C1", dt.date(2025, 1, 2), 3, None, "late, by 2 days", 'a "b" c'])
        'C1,2025-01-02,3,,"late, by 2 days","a ""b"" c"\r\n'
        """
        return ",".join([self[v] for v in values]) + "\r\n"

    def verdict_line(self, row: Sequence[Any]) -> str:
        """:meth:`line` of a row's :data:`CSV_COLUMNS` values: the same text, its numbers,
        status and reason written without asking their type when they are a row's."""
        if not typed_as_a_row(row):
            return self.line(row)
        (source, line, child, status, ordinal, start, end, review_id, meeting, meetings, held,
         counted, due, late, forward, regime, rule, participation, age, reason) = row  # fmt: skip
        k = self
        return (
            f"{k[source]},{'' if line is None else line},{k[child]},{status._value_},"
            f"{'' if ordinal is None else ordinal},{k[start]},{k[end]},{k[review_id]},"
            f"{meeting},{meetings},{k[held]},{k[counted]},{k[due]},"
            f"{'' if late is None else late},{forward},{k[regime]},{k[rule]},{k[participation]},"
            f"{'' if age is None else age},{text_cell(reason)}\r\n"
        )


def typed_as_a_row(row: Sequence[Any]) -> bool:
    """Whether a row's :data:`CSV_COLUMNS` values are of the types a verdict row's are (its
    numbers whole or None, its truth value, status and reason), so written without asking."""
    (_, line, _, status, ordinal, _, _, _, meeting, meetings, _, _, _, late, forward, _, _, _,
     age, reason) = row  # fmt: skip
    return (
        line.__class__ in _WHOLE
        and ordinal.__class__ in _WHOLE
        and late.__class__ in _WHOLE
        and age.__class__ in _WHOLE
        and meeting.__class__ is int
        and meetings.__class__ is int
        and forward.__class__ is bool
        and status.__class__ is RowStatus
        and reason.__class__ is str
    )


_KEPT = frozenset({str, dt.date, RowStatus})
#: The longest cell kept: a rule's citation (about 100 characters) is; a reason seldom.
_SHORT = 128
_WHOLE = frozenset({int, type(None)})

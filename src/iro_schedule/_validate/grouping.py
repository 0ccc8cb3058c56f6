"""A period's rows to reviews: the meetings of each review together, copies set aside."""

from __future__ import annotations

import datetime as dt

from .._read.rows import ReviewColumns
from .._wording import duplicate
from .placing import Case
from .rows import RowStatus, RowVerdict, invalid_row

__all__ = ["group_reviews"]


def group_reviews(case: Case, columns: ReviewColumns) -> tuple[list[list[int]], list[RowVerdict]]:
    """The case's rows as reviews (lists of meetings, earliest first), and duplicate rows.

    Rows are taken in date order, rows of one date in file and line order; the first copy of
    a meeting is judged and the others are duplicates. A plain-format row joins the other
    meetings of its ``review_id``; an SSDA903 row is a whole review.
    """
    dates = columns.meeting_date
    rows = sorted(case.rows, key=dates.__getitem__)
    if len({dates[i] for i in rows}) < len(rows):  # rows share a date: settle their order
        sources, lines = columns.source, columns.line
        rows.sort(key=lambda i: (dates[i], sources[i], lines[i]))
    if columns.plain is None:
        return _one_row_per_review(rows, columns)
    review_ids = columns.plain.review_id
    groups: dict[str | dt.date, list[int]] = {}
    seen: dict[tuple[str | dt.date, dt.date], int] = {}
    duplicates: list[RowVerdict] = []
    for i in rows:
        key: str | dt.date = review_ids[i] or dates[i]
        same = seen.setdefault((key, dates[i]), i)
        if same == i:
            groups.setdefault(key, []).append(i)
        else:
            duplicates.append(_duplicate(columns, i, same))
    return sorted(groups.values(), key=lambda g: dates[g[0]]), duplicates


def _one_row_per_review(
    rows: list[int], columns: ReviewColumns
) -> tuple[list[list[int]], list[RowVerdict]]:
    """SSDA903 rows (in date order): each is a whole review; a date given again is a copy."""
    dates = columns.meeting_date
    groups: list[list[int]] = []
    duplicates: list[RowVerdict] = []
    for i in rows:
        if groups and dates[groups[-1][0]] == dates[i]:
            duplicates.append(_duplicate(columns, i, groups[-1][0]))
        else:
            groups.append([i])
    return groups, duplicates


def _duplicate(columns: ReviewColumns, i: int, judged: int) -> RowVerdict:
    reason = duplicate(columns.meeting_date[i], columns.source[judged], columns.line[judged])
    return invalid_row(columns, i, "date", reason, RowStatus.DUPLICATE)

"""The data window: when the data ends, from when it holds every review, which years to report.

SSDA903 files named with a collection year (``..._2024_...``) cover 1 April of the year before
to 31 March; reporting years run the same way and are named by the year they end in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from .. import _wording as wording
from .._errors import IroScheduleError
from .._read.rows import Inputs, ReviewColumns

__all__ = ["DataWindow", "infer_window", "reporting_year"]


def reporting_year(day: dt.date) -> int:
    """The reporting year (named by the year it ends in) that ``day`` falls in.

    >>> reporting_year(dt.date(2024, 3, 31)), reporting_year(dt.date(2024, 4, 1))
    (2024, 2025)
    """
    return day.year + 1 if day.month >= 4 else day.year


@attrs.frozen(kw_only=True)
class DataWindow:
    """What a run assumes about its data, and the sentences that say so."""

    as_of: dt.date
    reviews_from: dt.date | None
    years: tuple[int, ...]
    notes: tuple[str, ...]


def infer_window(
    inputs: Inputs,
    *,
    as_of: dt.date | None = None,
    reviews_from: dt.date | None = None,
    years: Sequence[int] | None = None,
) -> DataWindow:
    """Fill in whatever the caller left out from the collection years in the file names.

    SSDA903 files named with a year (``..._2024_...``) are that collection year: 1 April of the
    year before to 31 March. Without such names, the data is taken to hold every review of every
    period and to end at its latest date. Every assumption comes back as a note to show the user.
    """
    notes: list[str] = []
    named = inputs.years
    dates = ReviewColumns.of(inputs.reviews).meeting_date
    if as_of is None:
        if named:
            as_of = dt.date(max(named), 3, 31)
            notes.append(wording.as_of_from_file_names(as_of))
        else:
            latest = max(dates, default=None)
            if latest is None:
                raise IroScheduleError(
                    "cannot tell when the data ends: it has no review dates and no collection "
                    "year in its file names; give the as-of date (--as-of)",
                    field="as_of",
                )
            as_of = latest
            notes.append(wording.as_of_from_latest_review(as_of))
    else:
        notes.append(wording.as_of_given(as_of))
    if reviews_from is None and named:
        reviews_from = dt.date(min(named) - 1, 4, 1)
        notes.append(wording.reviews_from_file_names(reviews_from))
    elif reviews_from is None:
        notes.append(wording.WHOLE_HISTORY)
    else:
        notes.append(wording.reviews_from_given(reviews_from))
    if years is None:
        # Reviews dated after the end of the data are invalid: they name no year to report.
        years = named or sorted({reporting_year(day) for day in set(dates) if day <= as_of})
    return DataWindow(
        as_of=as_of, reviews_from=reviews_from, years=tuple(years), notes=tuple(notes)
    )

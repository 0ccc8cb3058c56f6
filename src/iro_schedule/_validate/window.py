"""The data window: when the data ends, from when it holds every review, which years to report.

SSDA903 files named with a collection year (``..._2024_...``) cover 1 April of the year before
to 31 March; reporting years run the same way and are named by the year they end in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

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
            notes.append(
                f"As of {as_of:%d/%m/%Y}: the end of the latest collection year in the "
                "file names (set --as-of to change)."
            )
        else:
            latest = max(dates, default=None)
            if latest is None:
                raise IroScheduleError(
                    "cannot tell when the data ends: it has no review dates and no collection "
                    "year in its file names; give the as-of date (--as-of)",
                    field="as_of",
                )
            as_of = latest
            notes.append(
                f"As of {as_of:%d/%m/%Y}: the latest review date in the data "
                "(set --as-of to change)."
            )
    else:
        notes.append(f"As of {as_of:%d/%m/%Y}, as given.")
    if reviews_from is None and named:
        reviews_from = dt.date(min(named) - 1, 4, 1)
        notes.append(
            f"SSDA903 reviews are complete from {reviews_from:%d/%m/%Y}: the start of "
            "the earliest collection year in the file names (set --reviews-from to "
            "change); reviews in periods of care that began earlier are not assessable."
        )
    elif reviews_from is None:
        notes.append(
            "The data is taken to hold every review of every period of care "
            "(set --reviews-from if it does not)."
        )
    else:
        notes.append(f"SSDA903 reviews are complete from {reviews_from:%d/%m/%Y}, as given.")
    if years is None:
        # Reviews dated after the end of the data are invalid: they name no year to report.
        years = named or sorted({reporting_year(day) for day in set(dates) if day <= as_of})
    return DataWindow(
        as_of=as_of, reviews_from=reviews_from, years=tuple(years), notes=tuple(notes)
    )

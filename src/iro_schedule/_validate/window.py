"""The data window: when the data ends, from when it holds every review, which years to report.

SSDA903 files named with a collection year (``..._2024_...``) cover 1 April of the year before
to 31 March; reporting years run the same way and are named by the year they end in.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

import attrs

from .. import _wording as wording
from .._errors import WindowError, require_date, require_type
from .._read.rows import Inputs, ReviewColumns
from .._years import reporting_year, year_span

__all__ = ["DataWindow", "infer_window"]


@attrs.frozen(kw_only=True)
class DataWindow:
    """What a run assumes about its data, and the sentences that say so.

    ``reviews_from`` is the day from which the SSDA903 data holds every review (None: the whole
    history of every period); ``gaps`` the stretches whose reviews it does not hold (collection
    years with no files, between years that have them).
    """

    as_of: dt.date
    reviews_from: dt.date | None
    years: tuple[int, ...]
    notes: tuple[str, ...]
    gaps: tuple[tuple[dt.date, dt.date], ...] = ()


def infer_window(
    inputs: Inputs,
    *,
    as_of: dt.date | None = None,
    reviews_from: dt.date | None = None,
    years: Sequence[int] | None = None,
) -> DataWindow:
    """Fill in whatever the caller left out, from the collection years in the file names or,
    for SSDA903 files named with none, from the data itself.

    SSDA903 files named with a year (``..._2024_...``, ``..._2023-24_...``) are that collection
    year: 1 April of the year before to 31 March; a year missing between two named ones is a
    gap whose reviews the data does not hold. SSDA903 Reviews tables named with no year hold one
    collection year each: the data's reviews begin with the collection year of the earliest of
    them, and it ends on its latest date. Plain-format data is taken to hold every review of
    every period and to end at its latest review. Every assumption comes back as a note.
    """
    require_type(inputs, Inputs, field="inputs", give="the Inputs read_records() gives")
    for name, value in (("as_of", as_of), ("reviews_from", reviews_from)):
        if value is not None:
            require_date(value, field=name)
    named = inputs.years
    columns = ReviewColumns.of(inputs.reviews)
    dates = columns.meeting_date
    undated = bool(inputs.undated_reviews) and not named
    if as_of is None:
        as_of, as_of_note = _as_of(inputs, named, dates, undated=undated)
    else:
        as_of_note = wording.as_of_given(as_of)
    if reviews_from is None:
        reviews_from, from_note = _reviews_from(inputs, named, columns, undated=undated)
    else:
        from_note = wording.reviews_from_given(reviews_from)
    gaps = _gaps(named)
    notes = [as_of_note, from_note, *(wording.gap_year(start, end) for start, end in gaps)]
    if years is None:
        # Reviews dated after the end of the data are invalid: they name no year to report.
        found = {reporting_year(day) for day in set(dates) if day <= as_of}
        years = list(named) or sorted(found)
    return DataWindow(
        as_of=as_of, reviews_from=reviews_from, years=tuple(years), notes=tuple(notes), gaps=gaps
    )


def _as_of(
    inputs: Inputs, named: Sequence[int], dates: Sequence[dt.date], *, undated: bool
) -> tuple[dt.date, str]:
    if named:
        as_of = dt.date(max(named), 3, 31)
        return as_of, wording.as_of_from_file_names(as_of)
    if undated:
        as_of = _latest_date(inputs, dates)
        return as_of, wording.as_of_from_the_data(as_of)
    latest = max(dates, default=None)
    if latest is None:
        raise WindowError(
            "cannot tell when the data ends: it has no review dates and no collection year in "
            "its file names; give the as-of date (--as-of)",
            field="as_of",
        )
    return latest, wording.as_of_from_latest_review(latest)


def _reviews_from(
    inputs: Inputs, named: Sequence[int], columns: ReviewColumns, *, undated: bool
) -> tuple[dt.date | None, str]:
    if named:
        reviews_from = year_span(min(named))[0]
        return reviews_from, wording.reviews_from_file_names(reviews_from)
    earliest = min(_ssda903_dates(columns), default=None) if undated else None
    if earliest is None:
        return None, wording.WHOLE_HISTORY
    reviews_from = year_span(reporting_year(earliest))[0]
    return reviews_from, wording.reviews_from_the_data(reviews_from, inputs.undated_reviews)


def _gaps(named: Sequence[int]) -> tuple[tuple[dt.date, dt.date], ...]:
    """The collection years missing between the first and last named."""
    if not named:
        return ()
    missing = sorted(set(range(min(named), max(named) + 1)) - set(named))
    return tuple(year_span(year) for year in missing)


def _ssda903_dates(columns: ReviewColumns) -> list[dt.date]:
    """The review dates of SSDA903 rows (plain-format rows name their period; these do not)."""
    if columns.plain is None:
        return columns.meeting_date
    starts = columns.plain.period_start
    return list(itertools.compress(columns.meeting_date, (start is None for start in starts)))


def _latest_date(inputs: Inputs, dates: Sequence[dt.date]) -> dt.date:
    """The latest date in the data: a review, or the start or end of a period of care. (A
    period whose end the data does not show is followed by a later one of the child's, which
    begins after every day it shows.)"""
    found = [*dates]
    for periods in inputs.periods.values():
        for period in periods:
            found.append(period.start)
            if period.end is not None and period.end_known:
                found.append(period.end)
    if not found:
        raise WindowError(
            "cannot tell when the data ends: it has no dates; give the as-of date (--as-of)",
            field="as_of",
        )
    return max(found)

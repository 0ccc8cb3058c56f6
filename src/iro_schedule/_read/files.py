"""Reading a validation run's input: SSDA903 files, plain-format files, or both, by content."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

import attrs

from .._errors import IroScheduleError
from .._memory import paused_gc
from .._report.figures import reporting_year
from .plain import read_plain
from .rows import Inputs, ReviewColumns
from .ssda903 import csv_files, read_903
from .tables import read_table

__all__ = ["DataWindow", "infer_window", "read_records", "sample_data"]


def sample_data() -> Path:
    """The folder of the bundled synthetic sample: SSDA903 files for 2022-2025 (Header,
    Episodes, Reviews) and a plain-format case-system export. Made by ``scripts/make_sample.py``.

    >>> sorted(p.name for p in sample_data().glob("ssda903_2025_*.csv"))
    ['ssda903_2025_episodes.csv', 'ssda903_2025_header.csv', 'ssda903_2025_reviews.csv']
    """
    return Path(str(resources.files("iro_schedule") / "data" / "sample"))


def _is_plain(path: Path, meeting_column: str) -> bool:
    """Whether the file's header (its first non-blank line) names the meeting-date column."""
    try:
        with open(path, "rb") as handle:
            head = b""
            for line in handle:
                if line.strip():
                    head = line
                    break
    except OSError:
        return False
    return meeting_column in read_table(path, data=head).columns


def read_records(
    paths: Sequence[str | os.PathLike[str]], *, columns: Mapping[str, str] | None = None
) -> Inputs:
    """Read CSV files (or directories of them), each as SSDA903 or as the plain format.

    A file with a meeting-date column (``meeting_date``, or the name ``columns`` maps it to) is
    read as the plain format; any other as an SSDA903 table.
    """
    with paused_gc():
        return _read_records(paths, columns)


def _read_records(
    paths: Sequence[str | os.PathLike[str]], columns: Mapping[str, str] | None
) -> Inputs:
    meeting_column = (columns or {}).get("meeting_date", "meeting_date").strip().upper()
    files = csv_files(paths)
    plain = [f for f in files if _is_plain(f, meeting_column)]
    ssda903 = [f for f in files if f not in plain]
    parts = []
    if ssda903:
        parts.append(read_903(ssda903))
    if plain:
        parts.append(read_plain(plain, columns=columns))
    return merge(parts)


def merge(parts: Sequence[Inputs]) -> Inputs:
    """One :class:`Inputs` holding all of ``parts``."""
    if len(parts) == 1:
        return parts[0]
    return Inputs(
        reviews=ReviewColumns.concat(p.reviews for p in parts),
        problems=tuple(x for p in parts for x in p.problems),
        periods={child: periods for p in parts for child, periods in p.periods.items()},
        review_rows_read=sum(p.review_rows_read for p in parts),
        sources=tuple(s for p in parts for s in p.sources),
        years=tuple(sorted({y for p in parts for y in p.years})),
    )


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

"""The year the DfE counts in: 1 April to 31 March, named by the year it ends in (the SSDA903
collection year and the reporting year of the annual figures alike)."""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = ["reporting_year", "reporting_years", "year_span"]


def reporting_year(day: dt.date) -> int:
    """The reporting year (named by the year it ends in) that ``day`` falls in.

    >>> reporting_year(dt.date(2024, 3, 31)), reporting_year(dt.date(2024, 4, 1))
    (2024, 2025)
    """
    return day.year + 1 if day.month >= 4 else day.year


def reporting_years(np: Any, days: Any) -> Any:
    """:func:`reporting_year` over a numpy array of ``datetime64[D]`` days.

    >>> import numpy as np
    >>> reporting_years(np, np.array(["2024-03-31", "2024-04-01"], dtype="M8[D]"))
    array([2024, 2025])
    """
    # Months since January 1970 (any number type gives the same years: not to be mutated).
    months = days.astype("M8[M]").astype(np.int64)  # pragma: no mutate
    return months // 12 + 1970 + (months % 12 >= 3)


def year_span(year: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the year ending in March ``year``.

    >>> [f"{d:%d/%m/%Y}" for d in year_span(2024)]
    ['01/04/2023', '31/03/2024']
    """
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)

"""Dates as numpy arrays of days: the one place the law's array forms get numpy from.

numpy is an optional extra (``iro_schedule[vector]``, also installed by ``[pandas]`` and
``[polars]``), imported only when an array form is first used.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._errors import IroScheduleError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    DateArray = npt.NDArray[np.datetime64]

__all__ = ["EPOCH", "as_days", "dates_of", "day_numbers", "numpy", "numpy_installed"]

#: The ordinal of 1 January 1970, the day ``datetime64[D]`` counts from.
EPOCH = dt.date(1970, 1, 1).toordinal()


def numpy_installed() -> bool:
    """Whether numpy can be imported (without importing it)."""
    return importlib.util.find_spec("numpy") is not None


def numpy() -> Any:
    """The numpy module, or an error saying how to install it."""
    try:
        import numpy  # noqa: PLC0415 (an optional extra, loaded only for this)
    except ImportError as exc:
        raise IroScheduleError(
            "the array functions need numpy: install the package with its 'vector' extra "
            "(from a checkout: python -m pip install '.[vector]')"
        ) from exc
    return numpy


def as_days(dates: Any) -> DateArray:
    """``dates`` as ``datetime64[D]``: from datetime64 values, ``datetime.date`` objects or ISO
    strings; anything else is refused naming the field."""
    np = numpy()
    array = np.asarray(dates)
    if array.dtype.kind in ("U", "S", "O"):  # ISO strings or datetime.date objects
        try:
            array = array.astype("datetime64[D]")
        except ValueError as exc:
            raise IroScheduleError(
                f"dates could not be read as dates: {exc}; give datetime64 values, "
                "datetime.date objects or ISO strings (YYYY-MM-DD)",
                field="dates",
            ) from exc
    if array.dtype.kind != "M":
        raise IroScheduleError(
            f"dates must be datetime64 values, datetime.date objects or ISO strings, got dtype "
            f"{array.dtype}; convert with numpy.asarray(dates, dtype='datetime64[D]')",
            field="dates",
        )
    days: DateArray = array.astype("datetime64[D]")
    return days


def day_numbers(dates: Sequence[dt.date | None], *, missing: int) -> Any:
    """``dates`` as days since 1970, an int64 array (None: ``missing``). numpy makes
    ``datetime64`` values from date objects slowly (about 1 us each); this is a twentieth of
    that, as each distinct date (a caseload has a few thousand beside its millions of rows) is
    made a number once.

    >>> day_numbers([dt.date(1970, 1, 2), None, dt.date(1970, 1, 2)], missing=-1)
    array([ 1, -1,  1])
    """
    np = numpy()
    number = {d: missing if d is None else d.toordinal() - EPOCH for d in set(dates)}
    # (The count only sizes the array at once: not mutated.)
    return np.fromiter(map(number.__getitem__, dates), np.int64, len(dates))  # pragma: no mutate


def dates_of(days: Any, *, missing: int) -> list[dt.date | None]:
    """Days since 1970 (a numpy array of whole numbers) as dates (``missing``: None), each
    distinct day made a date once: the reverse of :func:`day_numbers`.

    >>> import numpy as np
    >>> dates_of(np.array([1, -1, 1]), missing=-1)
    [datetime.date(1970, 1, 2), None, datetime.date(1970, 1, 2)]
    >>> dates_of(np.array([100_000, -1, 0]), missing=-1)  # (far apart: each made once)
    [datetime.date(2243, 10, 17), None, datetime.date(1970, 1, 1)]
    """
    np = numpy()
    given = days != missing
    # (With no day given, or none at all, the first and the span are never read: the values
    # given them are not to be mutated.)
    first = int(days[given].min()) if given.any() else 0  # pragma: no mutate
    offsets = np.where(given, days - first + 1, 0)  # (0: none)
    span = int(offsets.max()) if offsets.size else 0  # pragma: no mutate
    # Each day from the first to the last made once (a caseload's rows span a few thousand
    # days), or each distinct one if the rows are fewer than the days they span. (The same
    # dates either way: the choice is not to be mutated. Only dates far apart, as a mistyped
    # year makes, take the second way: the doctest above and the polars reader's episodes,
    # neither of which the mutation tool runs, so its lines are not mutated either.)
    if span <= max(len(offsets), 1 << 16):  # pragma: no mutate
        made = [None, *(dt.date.fromordinal(first + EPOCH + k) for k in range(span))]
        return _objects(np, made)[offsets].tolist()  # type: ignore[no-any-return]
    distinct, at = np.unique(offsets, return_inverse=True)  # pragma: no mutate
    dates = [
        None if k == 0 else dt.date.fromordinal(first + EPOCH + k - 1)  # pragma: no mutate
        for k in distinct.tolist()
    ]
    return list(map(dates.__getitem__, at.reshape(-1).tolist()))  # pragma: no mutate


def _objects(np: Any, values: list[Any]) -> Any:
    """``values`` as a numpy array of objects (each as it is, not looked into)."""
    return np.fromiter(values, dtype=object, count=len(values))

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

__all__ = ["EPOCH", "as_days", "dates_of", "day_numbers", "distinct", "numpy", "numpy_installed"]

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
    # (With no day given the first is never read: the value given it is not to be mutated.)
    first = int(days[given].min()) if given.any() else 0  # pragma: no mutate
    found, at = distinct(np.where(given, days - first + 1, 0))  # (0: none)
    made = [None if k == 0 else dt.date.fromordinal(first + EPOCH + k - 1) for k in found]
    return _objects(np, made)[at].tolist()  # type: ignore[no-any-return]


def distinct(numbers: Any, *, table: int = 1 << 16) -> tuple[list[int], Any]:
    """The distinct whole numbers of a numpy array, in order, and each one's index into them
    (as ``numpy.unique`` gives them). Numbers spanning no more than there are, or than
    ``table`` (a caseload's days, days late, ages), are marked in a table from the least to
    the greatest, many times faster than the sort that finds numbers far apart.

    >>> import numpy as np
    >>> distinct(np.array([7, 3, 7, 5]))
    ([3, 5, 7], array([2, 0, 2, 1]))
    >>> distinct(np.array([10**9, 3, 10**9]))  # (far apart: sorted)
    ([3, 1000000000], array([1, 0, 1]))
    """
    np = numpy()
    if not numbers.size:
        return [], numbers.astype(np.int64)
    least = int(numbers.min())
    offsets = (numbers - least).astype(np.int64)
    # (A longer table gives the same, its last places never marked: not mutated.)
    span = int(offsets.max()) + 1  # pragma: no mutate
    # Either way gives the same: the choice is not to be mutated. Only numbers far apart, as a
    # mistyped year makes, take the second way: the doctest above and the polars reader's
    # episodes, neither of which the mutation tool runs, so its lines are not mutated either.
    if span > max(numbers.size, table):  # pragma: no mutate
        found, at = np.unique(numbers, return_inverse=True)  # pragma: no mutate
        return found.tolist(), at.reshape(-1)  # pragma: no mutate
    present = np.zeros(span, dtype=bool)
    present[offsets] = True
    places = np.cumsum(present) - 1
    return (np.flatnonzero(present) + least).tolist(), places[offsets]


def _objects(np: Any, values: list[Any]) -> Any:
    """``values`` as a numpy array of objects (each as it is, not looked into)."""
    return np.fromiter(values, dtype=object, count=len(values))

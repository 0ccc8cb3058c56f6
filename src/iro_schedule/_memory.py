"""Holding millions of rows: sequences whose items are made when read, and the collector paused
while they are built."""

from __future__ import annotations

import abc
import contextlib
import gc
from collections.abc import Iterator, Sequence
from typing import TypeVar, overload

__all__ = ["MadeWhenRead", "paused_gc"]

T = TypeVar("T")


class MadeWhenRead(Sequence[T]):
    """A read-only sequence that makes item ``i`` (with :meth:`_make`) each time it is read.

    Indexing (negative too), slicing (to a tuple), iterating and comparing behave as for a
    tuple of the items; subclasses say how many there are and how to make one.
    """

    __slots__ = ()

    @abc.abstractmethod
    def __len__(self) -> int: ...

    @abc.abstractmethod
    def _make(self, index: int) -> T:
        """Item ``index``, which is within range."""

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...
    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            return tuple(self._make(i) for i in range(*index.indices(len(self))))
        size = len(self)
        position = index + size if index < 0 else index
        if not 0 <= position < size:
            raise IndexError(f"row {index} is out of range (there are {size})")
        return self._make(position)

    def __iter__(self) -> Iterator[T]:
        return (self._make(i) for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # equal to tuples, which hash by value

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {len(self)} rows>"


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building many small objects.

    Reading and judging a national caseload creates millions of values that hold no reference
    cycles; without this the collector repeatedly re-scans them all (a quarter of the run time).
    On exit the objects made meanwhile are moved straight to the oldest generation (freezing and
    at once unfreezing them), so the young generations' collections do not scan them all again
    as they catch up; they stay collectable. The previous state is restored on exit.
    """
    was_enabled = gc.isenabled()
    try:
        gc.disable()
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()

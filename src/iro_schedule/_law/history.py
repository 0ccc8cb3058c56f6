"""What a period's review history must look like before it can be judged.

A review belongs to the period of care it falls in (on or after the day the child became looked
after, on or before the day the period ended), follows the review before it, and was held by the
date of the assessment. The check is written once here, for one history and for arrays of many;
:class:`PeriodOfCare`, :func:`assess`, :func:`validate`, :func:`assess_arrays` and the frames all
use it, so each refuses the same histories for the same reason.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from typing import Any

import attrs

from .._errors import (
    DuplicateReviewError,
    InvalidPeriodError,
    InvalidReviewError,
    MeetingOrderError,
    ReviewAfterAsOfError,
    ReviewOrderError,
    ReviewOutsidePeriodError,
)
from .._wording import history_fault
from .dayarrays import numpy

__all__ = ["Fault", "HistoryFault", "first_fault", "first_fault_array", "period_fault"]


class Fault(enum.Enum):
    """What is wrong with a review (or a period)."""

    ENDS_BEFORE_START = "ends before it starts"
    LAST_MEETING_BEFORE_FIRST = "last meeting before the first"
    BEFORE_START = "before the period starts"
    AFTER_END = "after the period ends"
    SAME_DATE_AS_PREVIOUS = "on the date of the review before"
    BEFORE_PREVIOUS_ENDS = "before the review before it ends"
    AFTER_AS_OF = "after the as-of date"

    @property
    def error(self) -> type[InvalidReviewError | InvalidPeriodError]:
        """The exception class that reports this fault."""
        return _ERRORS[self]


_ERRORS: dict[Fault, type[InvalidReviewError | InvalidPeriodError]] = {
    Fault.ENDS_BEFORE_START: InvalidPeriodError,
    Fault.LAST_MEETING_BEFORE_FIRST: MeetingOrderError,
    Fault.BEFORE_START: ReviewOutsidePeriodError,
    Fault.AFTER_END: ReviewOutsidePeriodError,
    Fault.SAME_DATE_AS_PREVIOUS: DuplicateReviewError,
    Fault.BEFORE_PREVIOUS_ENDS: ReviewOrderError,
    Fault.AFTER_AS_OF: ReviewAfterAsOfError,
}


@attrs.frozen
class HistoryFault:
    """The first fault in a history: which review (its index, or the period's), the offending
    date and the date it conflicts with."""

    fault: Fault
    index: int
    date: dt.date
    other: dt.date

    def message(self) -> str:
        """What is wrong and how to fix it."""
        return history_fault(self.fault.value, self.date, self.other)

    def error(self, record: str) -> InvalidReviewError | InvalidPeriodError:
        """The exception for this fault, naming ``record`` (e.g. ``"reviews[2]"``); its
        ``index`` is the review's (or, for a fault of the period itself, the period's)."""
        field = "end" if self.fault is Fault.ENDS_BEFORE_START else "meetings"
        return self.fault.error(
            self.message(), record=record, field=field, value=self.date, index=self.index
        )


def period_fault(start: dt.date, end: dt.date | None) -> HistoryFault | None:
    """The period's own fault: it ends before it starts."""
    if end is not None and end < start:
        # The index is not read: the period's own fault names no review.
        return HistoryFault(Fault.ENDS_BEFORE_START, 0, end, start)  # pragma: no mutate
    return None


def first_fault(
    start: dt.date,
    end: dt.date | None,
    spans: Sequence[tuple[dt.date, dt.date]],
    *,
    as_of: dt.date | None = None,
) -> HistoryFault | None:
    """The first fault among reviews given as (first meeting, last meeting), in order.

    Each review is checked against the period (its first meeting not before the start, its last
    not after the end), then against the review before it; only a history with none of those
    faults is checked against ``as_of`` (what :class:`PeriodOfCare` checks comes first, as it is
    made before any assessment).
    """
    before = after = None  # the previous review's first and last meetings
    for index, (first, last) in enumerate(spans):
        if first < start:
            return HistoryFault(Fault.BEFORE_START, index, first, start)
        if end is not None and last > end:
            return HistoryFault(Fault.AFTER_END, index, last, end)
        if after is not None and first <= after:
            same = first in (before, after)
            kind = Fault.SAME_DATE_AS_PREVIOUS if same else Fault.BEFORE_PREVIOUS_ENDS
            return HistoryFault(kind, index, first, after)
        before, after = first, last
    if as_of is not None:
        for index, (_, last) in enumerate(spans):
            if last > as_of:
                return HistoryFault(Fault.AFTER_AS_OF, index, last, as_of)
    return None


def first_fault_array(
    period_start: Any,
    period_end: Any,
    review_period: Any,
    firsts: Any,
    lasts: Any,
    *,
    as_of: dt.date | None = None,
) -> HistoryFault | None:
    """:func:`period_fault` then :func:`first_fault` over arrays: periods (start, end or NaT) and
    review rows (their period's index, first and last meeting) sorted by period and date. The
    fault's index is the period's (for a period fault) or the review row's."""
    np = numpy()
    ended = ~np.isnat(period_end)
    reversed_period = np.flatnonzero(ended & (period_end < period_start))
    if reversed_period.size:
        i = int(reversed_period[0])
        return HistoryFault(
            Fault.ENDS_BEFORE_START, i, period_end[i].item(), period_start[i].item()
        )
    if not firsts.size:
        return None
    start, end = period_start[review_period], period_end[review_period]
    same_period = np.zeros(firsts.size, dtype=bool)
    same_period[1:] = review_period[1:] == review_period[:-1]
    previous_first, previous_last = np.roll(firsts, 1), np.roll(lasts, 1)
    overlaps = same_period & (firsts <= previous_last)
    same_date = overlaps & ((firsts == previous_first) | (firsts == previous_last))
    # Each fault with the rows that have it, the offending dates, and what they conflict with.
    checks = [
        (Fault.LAST_MEETING_BEFORE_FIRST, lasts < firsts, lasts, firsts),
        (Fault.BEFORE_START, firsts < start, firsts, start),
        (Fault.AFTER_END, lasts > end, lasts, end),  # NaT (not ended) compares False
        (Fault.SAME_DATE_AS_PREVIOUS, same_date, firsts, previous_last),
        (Fault.BEFORE_PREVIOUS_ENDS, overlaps & ~same_date, firsts, previous_last),
    ]
    # The first faulty row, and its first fault in the order the scalar check takes them.
    found: HistoryFault | None = None
    for fault, bad, dates, others in checks:
        row = int(bad.argmax())
        if bad[row] and (found is None or row < found.index):
            found = HistoryFault(fault, row, dates[row].item(), others[row].item())
    if found is None and as_of is not None:
        late = lasts > np.datetime64(as_of)
        row = int(late.argmax())
        if late[row]:
            found = HistoryFault(Fault.AFTER_AS_OF, row, lasts[row].item(), as_of)
    return found

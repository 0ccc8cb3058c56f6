"""The input records of a validation run, read from files: reviews, episodes, problems.

Readers turn files into these plain values; :mod:`iro_schedule._validate` turns them into
periods of care and verdicts. Every input row either becomes one of these or a :class:`Problem`.
"""

from __future__ import annotations

import datetime as dt

import attrs

__all__ = ["CarePeriod", "CaseReview", "InputProblem", "Inputs"]


@attrs.frozen(kw_only=True)
class InputProblem:
    """An input row (or file) that could not be used, and why.

    ``review_row`` is True for rows of a reviews table (they are counted in the reconciliation and
    come out as an ``invalid`` verdict row); other problems concern episodes, header rows or files.
    """

    source: str
    line: int
    child: str
    field: str
    value: str
    reason: str
    review_row: bool = False
    #: For review rows: "invalid", or "not counted" for a meeting that is not a statutory review.
    status: str = "invalid"


@attrs.frozen(kw_only=True)
class CaseReview:
    """One meeting row of a review, as read: which child, period and review it belongs to.

    In SSDA903 data each row is a whole review (one date); in the plain format a review held over
    several meetings has one row per meeting, sharing ``review_id``.
    """

    source: str
    line: int
    child: str
    meeting_date: dt.date
    review_id: str = ""
    brought_forward: bool = False
    #: The plain format names the period by its start; 903 reviews are placed by date.
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    regime: str = ""
    participation: str = ""
    dob: dt.date | None = None
    note: str = ""


@attrs.frozen(kw_only=True)
class CarePeriod:
    """A period of care assembled from SSDA903 episodes.

    ``start_known`` is False when the first episode found does not open a period (its RNE is not
    'S'): the period began earlier than the data, so its start is not known. ``short_breaks`` is
    True for a series of short breaks (legal status V3/V4).
    """

    child: str
    start: dt.date
    end: dt.date | None
    start_known: bool
    short_breaks: bool
    why_start_unknown: str = ""


@attrs.frozen(kw_only=True)
class Inputs:
    """Everything read for one validation run."""

    reviews: tuple[CaseReview, ...]
    problems: tuple[InputProblem, ...]
    #: 903 periods of care by child, built from the episodes (empty for the plain format).
    periods: dict[str, tuple[CarePeriod, ...]] = attrs.field(factory=dict)
    review_rows_read: int = 0
    sources: tuple[str, ...] = ()
    #: Collection years found in the file names (a year ending 31 March of that year).
    years: tuple[int, ...] = ()

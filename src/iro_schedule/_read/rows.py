"""The input records of a validation run, read from files: reviews, episodes, problems.

Readers turn files into these plain values; :mod:`iro_schedule._validate` turns them into
periods of care and verdicts. Every input row either becomes one of these or a :class:`Problem`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from .._law.regimes import Regime
from .._memory import MadeWhenRead

__all__ = ["CarePeriod", "CaseReview", "InputProblem", "Inputs", "Labels", "ReviewColumns"]


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
    #: For review rows, what the row shows of its review, to name it by: its id and its date
    #: (None when the date is the problem).
    review_id: str = ""
    meeting_date: dt.date | None = None
    #: For plain-format review rows, the period of care the row names (None where it names
    #: none, or a date that is not one).
    period_start: dt.date | None = None
    period_end: dt.date | None = None

    @classmethod
    def of_file(cls, source: str, reason: str, *, line: int = 0, field: str = "") -> InputProblem:
        """A problem with a file as a whole (``line`` 0), or with a line of it that is not a
        row; the reason is put after the file's name (and the line's)."""
        where = f"{source} line {line}" if line else source
        return cls(
            source=source, line=line, child="", field=field, value="", reason=f"{where} {reason}"
        )


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
    #: The due date the case system showed for this review (plain format's ``recorded_due``).
    recorded_due: dt.date | None = None


@attrs.frozen(kw_only=True)
class PlainColumns:
    """The plain format's own fields of :class:`ReviewColumns`, one list per field."""

    review_id: list[str]
    brought_forward: list[bool]
    period_start: list[dt.date | None]
    period_end: list[dt.date | None]
    regime: list[str]
    recorded_due: list[dt.date | None]


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ReviewColumns(MadeWhenRead[CaseReview]):
    """Review rows held as columns (one list per field of :class:`CaseReview`).

    A national SSDA903 return has millions of review rows; holding them as columns costs a
    fraction of a value per row, and validation reads the columns directly. Indexing or
    iterating gives :class:`CaseReview` values, made as they are read. ``plain`` holds the
    plain format's fields (None when every row is from SSDA903, which has none of them).
    """

    source: list[str]
    line: Sequence[int]
    child: list[str]
    meeting_date: list[dt.date]
    participation: list[str]
    dob: list[dt.date | None]
    note: list[str]
    plain: PlainColumns | None = None

    @classmethod
    def of(cls, reviews: Sequence[CaseReview]) -> ReviewColumns:
        """``reviews`` as columns (themselves, if they already are)."""
        if isinstance(reviews, ReviewColumns):
            return reviews
        return _transpose(reviews)

    @classmethod
    def concat(cls, parts: Iterable[Sequence[CaseReview]]) -> ReviewColumns:
        """The rows of every part, in order, as one set of columns."""
        columns = [cls.of(part) for part in parts]
        # (Rows without plain columns read as blank ones, so the test below is marked not to be
        # mutated: a mutant giving every part blank plain columns gives the same rows.)
        plain = None  # pragma: no mutate
        if any(c.plain is not None for c in columns):  # pragma: no mutate
            plain = PlainColumns(**_joined([_plain_of(c) for c in columns], PlainColumns))
        return cls(**_joined(columns, ReviewColumns, skip=frozenset({"plain"})), plain=plain)

    def __len__(self) -> int:
        return len(self.child)

    def _make(self, i: int) -> CaseReview:
        plain = self.plain
        return CaseReview(
            source=self.source[i],
            line=self.line[i],
            child=self.child[i],
            meeting_date=self.meeting_date[i],
            review_id=plain.review_id[i] if plain else "",
            brought_forward=plain.brought_forward[i] if plain else False,
            period_start=plain.period_start[i] if plain else None,
            period_end=plain.period_end[i] if plain else None,
            regime=plain.regime[i] if plain else "",
            recorded_due=plain.recorded_due[i] if plain else None,
            participation=self.participation[i],
            dob=self.dob[i],
            note=self.note[i],
        )


def _plain_of(columns: ReviewColumns) -> PlainColumns:
    """The plain-format fields of ``columns``; their defaults for SSDA903 rows."""
    if columns.plain is not None:
        return columns.plain
    n = len(columns)
    return PlainColumns(
        review_id=[""] * n,
        brought_forward=[False] * n,
        period_start=[None] * n,
        period_end=[None] * n,
        regime=[""] * n,
        recorded_due=[None] * n,
    )


def _transpose(reviews: Sequence[CaseReview]) -> ReviewColumns:
    def column(name: str) -> list[Any]:
        return [getattr(review, name) for review in reviews]

    plain = PlainColumns(**{f.name: column(f.name) for f in attrs.fields(PlainColumns)})
    return ReviewColumns(
        **{f.name: column(f.name) for f in attrs.fields(ReviewColumns) if f.name != "plain"},
        plain=plain,
    )


def _joined(
    parts: Sequence[object], kind: type, skip: frozenset[str] = frozenset()
) -> dict[str, list[Any]]:
    """Each field of ``kind`` (a class of columns) but ``skip`` over ``parts``, one list after
    another."""
    return {
        f.name: list(itertools.chain.from_iterable(getattr(part, f.name) for part in parts))
        for f in attrs.fields(kind)
        if f.name not in skip
    }


@attrs.frozen(kw_only=True)
class CarePeriod:
    """A period of care (or one stretch of it under one sequence of reviews) from SSDA903
    episodes.

    ``start_known`` is False when the first episode found does not open a period (its RNE is not
    'S'): the period began earlier than the data, so its start is not known. ``short_breaks`` is
    True for a series of short breaks (legal status V3/V4). A placement for adoption is a stretch
    of its own, under its own regime.
    """

    child: str
    start: dt.date
    end: dt.date | None
    start_known: bool
    short_breaks: bool
    why_start_unknown: str = ""
    #: The regime the period's reviews fall under (None: England's in force, as the policy says).
    regime: Regime | None = None
    #: False when the data does not show the day the period ended (an episode with no DEC, whose
    #: child's next episode starts a new period; a series of short breaks, which goes on between
    #: and after its breaks): ``end`` is then the latest day it can have ended (None: the data's
    #: end), and ``known_until`` the last day the data shows the child looked after.
    end_known: bool = True
    known_until: dt.date | None = None
    #: Why the period's reviews are not judged at all ("" if they are): a series of short breaks,
    #: whose reviews the SSDA903 return does not collect.
    not_judged: str = ""
    #: True for a period given by a plain-format row with no meeting (a child with no review
    #: yet): the plain format holds each period's whole history.
    whole_history: bool = False
    #: For such a period, the line of the row that gave it (0 otherwise).
    line: int = 0


@attrs.frozen(kw_only=True)
class Labels:
    """A column of the caller's own that groups children (a team, an IRO), kept as read: for
    the plain format by period of care (its first row naming a value); for SSDA903 by episode
    (a period takes the value of its latest episode begun by its start), else by child (the
    Header)."""

    column: str
    by_period: dict[tuple[str, dt.date], str] = attrs.field(factory=dict)
    by_episode: dict[str, list[tuple[dt.date, str]]] = attrs.field(factory=dict)
    by_child: dict[str, str] = attrs.field(factory=dict)

    def of(self, child: str, start: dt.date | None) -> str:
        """The value for a period of care of ``child`` begun on ``start`` ("" if none)."""
        if start is not None:
            found = self.by_period.get((child, start))
            if found:
                return found
            earlier = [v for day, v in self.by_episode.get(child, ()) if day <= start]
            if earlier:
                return earlier[-1]
        return self.by_child.get(child, "")

    def merged(self, other: Labels) -> Labels:
        """Both columns' values, this one's first."""
        episodes = {
            c: sorted([*self.by_episode.get(c, []), *v]) for c, v in other.by_episode.items()
        }
        return Labels(
            column=self.column,
            by_period=other.by_period | self.by_period,
            by_episode=self.by_episode | episodes,
            by_child=other.by_child | self.by_child,
        )


@attrs.frozen(kw_only=True)
class Inputs:
    """Everything read for one validation run."""

    #: The review rows read (:class:`ReviewColumns` from the readers; any sequence will do).
    reviews: Sequence[CaseReview]
    problems: tuple[InputProblem, ...]
    #: Periods of care by child: SSDA903's, built from the episodes, and the plain format's
    #: periods with no review yet (its other periods are named by their review rows).
    periods: dict[str, tuple[CarePeriod, ...]] = attrs.field(factory=dict)
    review_rows_read: int = 0
    #: Plain-format rows with no meeting, each giving a period of care (not review rows).
    period_rows_read: int = 0
    #: The caller's own columns asked to be kept (``keep=``), by name as asked.
    labels: dict[str, Labels] = attrs.field(factory=dict)
    sources: tuple[str, ...] = ()
    #: Collection years found in the file names (a year ending 31 March of that year).
    years: tuple[int, ...] = ()
    #: SSDA903 Reviews tables whose names give no collection year (the window is then taken
    #: from the data itself).
    undated_reviews: tuple[str, ...] = ()

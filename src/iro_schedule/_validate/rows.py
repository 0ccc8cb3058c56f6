"""Row verdicts: what became of each input row, held compactly and made into values when read."""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import functools
import itertools
import operator
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar, NamedTuple, cast

import attrs

from .._engine.periods import Review
from .._engine.verdicts import Verdict
from .._law.dayarrays import EPOCH, dates_of, day_numbers, distinct, numpy
from .._law.policy import Policy
from .._law.regimes import Regime
from .._memory import MadeWhenRead
from .._read.rows import InputProblem, ReviewColumns
from .._wording import held_once_explanation, unknown_number_explanation

__all__ = [
    "HELD",
    "JUDGED",
    "JUDGED_TOGETHER",
    "NOT_ENDED",
    "TABLE_COLUMNS",
    "HeldOnce",
    "JudgedBlock",
    "JudgedCases",
    "JudgedColumns",
    "JudgedPeriod",
    "JudgedTogether",
    "RowFact",
    "RowStatus",
    "RowVerdict",
    "RowVerdicts",
    "Unjudged",
    "age",
    "ages_array",
    "births_array",
    "problem_row",
    "table_values",
    "young_array",
]


class RowStatus(enum.Enum):
    """What became of one row."""

    ON_TIME = "on time"
    LATE = "late"
    #: Not an input row: a review that was due before the end of the data and not held.
    OVERDUE = "overdue"
    #: A valid review that cannot be judged from the data (e.g. its predecessor is missing).
    NOT_ASSESSABLE = "not assessable"
    #: A row that cannot be read or placed (bad date, outside any period of care, ...).
    INVALID = "invalid"
    #: The same review given again (e.g. in two years' files); judged once, at the first copy.
    DUPLICATE = "duplicate"
    #: A meeting that is not a statutory review (e.g. a midway review): it does not count.
    NOT_COUNTED = "not counted"


#: The attributes of a :class:`RowVerdict` that a table of rows shows (the CSV's columns), in
#: order.
TABLE_COLUMNS = (
    "source",
    "line",
    "child",
    "status",
    "ordinal",
    "period_start",
    "period_end",
    "review_id",
    "meeting",
    "meetings",
    "meeting_date",
    "counted_date",
    "due",
    "days_late",
    "brought_forward",
    "regime",
    "rule",
    "participation",
    "age",
    "reason",
)
JUDGED = (RowStatus.ON_TIME, RowStatus.LATE)
HELD = frozenset({RowStatus.ON_TIME, RowStatus.LATE, RowStatus.NOT_ASSESSABLE})


def review_of(rows: list[int], columns: ReviewColumns) -> Review:
    """The review held at the meeting rows ``rows`` (one or more, in order), as the core's value."""
    dates, plain = columns.meeting_date, columns.plain
    return Review(
        meetings=tuple(dates[i] for i in rows),
        brought_forward=plain is not None and any(plain.brought_forward[i] for i in rows),
        id=(plain.review_id[rows[0]] or None) if plain else None,
    )


_NONE_NOTED: Mapping[dt.date, str] = MappingProxyType({})


class JudgedPeriod:
    """One period of care as judged: enough to make each of its rows' :class:`Verdict` from the
    values already judged, when (and only when) it is read."""

    __slots__ = (
        "_groups",
        "child",
        "columns",
        "end",
        "horizon_notes",
        "overdue_by_period_end",
        "policy",
        "start",
        "stretch_starts",
    )

    def __init__(  # noqa: PLR0917 (the period, its reviews' rows and how they were judged)
        self,
        child: str,
        start: dt.date,
        end: dt.date | None,
        groups: list[list[int]],
        columns: ReviewColumns,
        policy: Policy,
    ) -> None:
        self.child, self.start, self.end = child, start, end
        self.columns, self.policy = columns, policy
        # Kept for as long as the rows: a one-row review (every SSDA903 review) as its row.
        self._groups: Sequence[int | list[int]] = [
            group if len(group) > 1 else group[0] for group in groups
        ]
        self.overdue_by_period_end = False
        # The two below are replaced, never changed, when one is added (most periods have
        # none: an empty dict and list each would cost a national caseload 40 MB).
        #: For an overdue review judged at a day other than the as-of date or the period's end
        #: (the last day before a missing year): what that day is, by the day.
        self.horizon_notes: Mapping[dt.date, str] = _NONE_NOTED
        #: The first day of each stretch of data whose history before it is not known, and
        #: for one after a missing year with data before it, the missing year's first day.
        self.stretch_starts: tuple[tuple[dt.date, dt.date | None], ...] = ()

    @classmethod
    def one_row_a_review(  # noqa: PLR0917 (as the constructor)
        cls,
        child: str,
        start: dt.date,
        end: dt.date | None,
        rows: list[int],
        columns: ReviewColumns,
        policy: Policy,
    ) -> JudgedPeriod:
        """A period whose reviews are each one row: ``rows``, in order (no list a review)."""
        period = cls(child, start, end, [], columns, policy)
        period._groups = rows
        return period

    def note_horizon(self, day: dt.date, words: str) -> None:
        """Say what ``day`` is, for an overdue review judged at it (see :func:`_horizon`)."""
        self.horizon_notes = {**self.horizon_notes, day: words}

    def add_stretch_start(self, begins: dt.date, gap_from: dt.date | None) -> None:
        """Add a stretch of data whose history before it is not known (see ``stretch_starts``)."""
        self.stretch_starts = (*self.stretch_starts, (begins, gap_from))

    def index(self, head: int) -> int:
        """The position among the period's reviews of the review whose first row is ``head``."""
        # Asked only of rows judged whatever their number: SSDA903 rows, one row a review, so
        # the line below is marked not to be mutated (a review of several rows never meets it).
        for position, group in enumerate(self._groups):
            if (group if isinstance(group, int) else group[0]) == head:  # pragma: no mutate
                return position
        raise KeyError(head)  # pragma: no cover - rows are made from the period's own groups

    def review(self, ordinal: int) -> Review:
        """The period's ``ordinal``-th review (from 1), as the core's value."""
        group = self._groups[ordinal - 1]
        return review_of([group] if isinstance(group, int) else group, self.columns)

    def verdict(self, row: RowVerdict) -> Verdict:
        """The core's verdict on ``row``, from the values it was judged with."""
        ordinal, due, counted, late = row.ordinal, row.due, row.counted_date, row.days_late
        regime, anchor = row._regime, row._anchor
        # Every judged or overdue row has them (one check each, for the type checker).
        assert ordinal is not None
        assert due is not None
        assert counted is not None
        assert late is not None
        assert regime is not None
        assert anchor is not None
        overdue = row.status is RowStatus.OVERDUE
        return Verdict(
            ordinal=ordinal,
            due=due,
            review=None if overdue else self.review(ordinal),
            counted_date=counted,
            on_time=row.status is RowStatus.ON_TIME,
            days_late=late,
            regime=regime,
            anchor=anchor,
            policy=self.policy,
            horizon_is_period_end=overdue and self.overdue_by_period_end,
            horizon_note=self.horizon_notes.get(counted, "") if overdue else "",
        )

    def unknown_number(self, row: RowVerdict) -> str:
        """The explanation of a row judged whatever its number (the data cannot show it)."""
        review = None
        if row.meeting_date is not None:  # a review held (an overdue one has no meeting)
            review = self.review(self.index(row._head) + 1)
        starts = [s for s in self.stretch_starts if row.date is None or s[0] <= row.date]
        # (A row judged whatever its number is in a stretch whose history is not known, so a
        # stretch start is always found: the fallback is marked not to be mutated.)
        since, gap_from = starts[-1] if starts else (self.start, None)  # pragma: no mutate
        by = _horizon(self, row)
        return unknown_number_explanation(row, review, since, by, gap_from)


@attrs.frozen(kw_only=True)
class RowVerdict:
    """The outcome for one input row (or one overdue review), in plain values for tables.

    For a judged or overdue row, ``ordinal``, ``due``, ``counted_date`` and ``days_late`` are
    set, and :attr:`verdict` gives the core's :class:`Verdict` (made when first asked for, so
    judging a caseload does not pay for sentences nobody reads). ``detail`` is the reason for
    any other row, or a note added to the explanation.
    """

    source: str
    line: int | None
    child: str
    status: RowStatus
    detail: str = ""
    meeting_date: dt.date | None = None
    review_id: str = ""
    meeting: int = 0
    meetings: int = 0
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    brought_forward: bool = False
    participation: str = ""
    age: int | None = None
    ordinal: int | None = None
    due: dt.date | None = None
    counted_date: dt.date | None = None
    days_late: int | None = None
    #: The due date the case system showed for this review, if the input gives one (the plain
    #: format's ``recorded_due``); :func:`check_recorded_dues` compares it with ``due``.
    recorded_due: dt.date | None = None
    _regime: Regime | None = attrs.field(default=None, alias="judged_under", repr=False)
    #: The date the review's interval ran from (see :attr:`Verdict.anchor`).
    _anchor: dt.date | None = attrs.field(default=None, alias="anchor", repr=False)
    _period: JudgedPeriod | None = attrs.field(default=None, alias="period", repr=False, eq=False)
    #: For a review judged whatever its number: the smallest number it can have.
    _least: int | None = attrs.field(default=None, alias="least", repr=False)
    _head: int = attrs.field(default=-1, alias="head", repr=False, eq=False)

    @property
    def verdict(self) -> Verdict | None:
        """The core's verdict on the review (None for a row that was not judged)."""
        if self._period is None or self.ordinal is None:
            return None
        return self._period.verdict(self)

    @property
    def reason(self) -> str:
        """Why the row came out as it did, in plain English."""
        verdict = self.verdict
        if verdict is not None:
            explanation = verdict.explain()
        elif self._least is not None and self._period is not None:
            explanation = self._period.unknown_number(self)
        else:
            return self.detail
        return f"{explanation} Note: {self.detail}." if self.detail else explanation

    @property
    def number_known(self) -> bool:
        """Whether the review's number is known (False for one judged whatever its number)."""
        return self._least is None

    @property
    def regime(self) -> str:
        return self._regime.name if self._regime is not None else ""

    @property
    def rule(self) -> str:
        """The provision imposing the review's interval (for a review whose number the data
        cannot show, every provision its possible numbers may fall under)."""
        if self._regime is None:
            return ""
        if self.ordinal is not None:
            return self._regime.rule_for(self.ordinal)
        return "" if self._least is None else self._regime.rules_from(self._least)

    @property
    def date(self) -> dt.date | None:
        """The date the row is filed under: its counted date, else its own meeting date."""
        return self.counted_date if self.counted_date is not None else self.meeting_date

    @property
    def is_review(self) -> bool:
        """Whether this row stands for a whole review held (its first meeting, not a duplicate)."""
        return self.status in HELD and self.meeting <= 1


class Unjudged(NamedTuple):
    """An input row of a review that was grouped and placed, before it is made a RowVerdict:
    judged (with its review's number, due date, counted date, days late, regime and the date its
    interval ran from) or not assessable (those None). A review judged whatever its number has
    as ``ordinal`` minus the smallest number it can have."""

    row: int  # the input row
    head: int  # the row of its review's first meeting
    status: RowStatus
    detail: str
    meeting: int  # which meeting of the review it is, from 1
    meetings: int
    brought_forward: bool
    ordinal: int | None
    due: dt.date | None
    counted: dt.date | None
    days_late: int | None
    regime: Regime | None
    anchor: dt.date | None
    period: JudgedPeriod


class _HeldOnceFields(NamedTuple):
    row: int  # the input row
    status: RowStatus
    detail: str
    ordinal: int
    due: dt.date
    counted: dt.date
    days_late: int
    regime: Regime
    anchor: dt.date
    period: JudgedPeriod


class HeldOnce(_HeldOnceFields):
    """An input row that is a whole review, held at one meeting and judged with its number
    known (every SSDA903 review whose period's history the data holds): an :class:`Unjudged`
    without the fields such a row shares with every other (a national caseload has millions;
    each field costs 16 MB)."""

    __slots__ = ()
    meeting: ClassVar[int] = 1
    meetings: ClassVar[int] = 1
    brought_forward: ClassVar[bool] = False

    @property
    def head(self) -> int:
        """The row of its review's first meeting: its own."""
        return self.row


Entry = RowVerdict | Unjudged | HeldOnce


class JudgedTogether:
    """The type of :data:`JUDGED_TOGETHER`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "JUDGED_TOGETHER"


#: What stands among a validation's entries for a row judged together, and among its
#: timelines for a period judged together: the row's :class:`HeldOnce` (the period's
#: timeline) is made from the :class:`JudgedColumns` when it is read (a national caseload
#: has millions of rows, which nothing but a table of every row reads).
JUDGED_TOGETHER = JudgedTogether()
#: An entry as a validation holds it: made, or standing for a row judged together.
Placed = Entry | JudgedTogether
#: What the annual figures read of a row: status, date filed under, meeting number, child,
#: participation code, age at the review, days late, due date, and whether its number is known.
RowFact = tuple[
    RowStatus, "dt.date | None", int, str, str, "int | None", "int | None", "dt.date | None", bool
]


class JudgedBlock(NamedTuple):
    """A block of rows judged together (as they were judged), as numpy columns. Per row: its
    input row, its child (an index into :attr:`JudgedColumns.children`), its counted date and
    due date (days since 1970), its days late and its regime (an index into
    :attr:`JudgedColumns.regimes`). Per period with a review held, in order: its start and end
    (days since 1970; :data:`NOT_ENDED`, the largest int32, for a period not ended) and how
    many reviews it has (its rows, in order, numbered from 1: every period judged together has
    its history in the data from its start)."""

    row: Any
    child: Any
    counted: Any
    due: Any
    late: Any
    regime: Any
    start: Any
    end: Any
    reviews: Any

    def periods(self, np: Any) -> Any:
        """Each row's period (an index into :attr:`start`, :attr:`end` and :attr:`reviews`)."""
        return np.repeat(np.arange(len(self.reviews)), self.reviews)

    def numbers(self, np: Any) -> Any:
        """Each row's review number, from 1 in each period."""
        firsts = np.cumsum(self.reviews) - self.reviews  # each period's first row
        return np.arange(len(self.row)) - firsts[self.periods(np)] + 1


#: The end of a period not ended, in :attr:`JudgedBlock.end` (and :attr:`JudgedCases.end`).
NOT_ENDED = 2**31 - 1


class JudgedCases(NamedTuple):
    """The periods of a block judged together, each in order, with a review held or not, as
    numpy columns: its child (an index into :attr:`JudgedColumns.children`), start and end
    (days since 1970; :data:`NOT_ENDED` for a period not ended), how many reviews it has (its
    rows in the block, in order) and the day its next review fell due (days since 1970;
    :data:`NOT_ENDED` for none: the period ended first)."""

    child: Any
    start: Any
    end: Any
    reviews: Any
    next_due: Any


@attrs.frozen(eq=False)
class JudgedColumns:
    """Rows judged together (``judging_arrays``: each a whole review held on time or late,
    its number known), as numpy columns beside their entries: what the annual figures and the
    tables read of them as arrays. ``spans`` are the (start, stop) positions of those entries
    among the rows; ``blocks`` hold the rows a block at a time (:class:`JudgedBlock`), in the
    order of the entries."""

    spans: list[tuple[int, int]]
    children: list[str]
    regimes: list[Regime]
    blocks: list[JudgedBlock]
    #: The periods judged together, a block at a time (their timelines are made of them).
    cases: list[JudgedCases]
    #: The policy the rows were judged under (their verdicts' explanations say it).
    policy: Policy


#: Rows judged together made at a time when every row is read: enough for numpy to pay, few
#: enough that the rows in the making stay small.
_PIECE = 65_536


class _HeldTogether:
    """The rows judged together, made into the :class:`HeldOnce` values judging made of them
    before it kept them as columns: the blocks' columns end to end, and where each row stands
    among the entries."""

    def __init__(self, judged: JudgedColumns, columns: ReviewColumns) -> None:
        np = self.np = numpy()
        self.judged, self.columns = judged, columns
        blocks = judged.blocks
        row, child, counted, due, late, regime, start, end, reviews = (
            np.concatenate([block[k] for block in blocks]) for k in range(len(JudgedBlock._fields))
        )
        self.row, self.child, self.counted, self.due, self.late = row, child, counted, due, late
        self.regime, self.start, self.end, self.reviews = regime, start, end, reviews
        self.period = np.repeat(np.arange(len(reviews)), reviews)  # each row's
        self.first = np.cumsum(reviews) - reviews  # each period's first row
        self.ordinal = np.arange(len(row)) - self.first[self.period] + 1
        # A review's interval runs from the review before it, the first's from the period's start.
        before = np.concatenate([start[:1], counted[:-1]])
        # (With no row, an anchor is never read: the test is not mutated.)
        self.anchor = before if len(row) else counted  # pragma: no mutate
        self.anchor[self.first] = start
        self.span_starts = [a for a, _ in judged.spans]
        self.before = list(itertools.accumulate((b - a for a, b in judged.spans), initial=0))

    def offset(self, index: int) -> int:
        """The place among the rows judged together of the entry at ``index`` (one of them)."""
        span = bisect.bisect_right(self.span_starts, index) - 1
        return self.before[span] + index - self.span_starts[span]

    def late_at(self) -> Any:
        """Whether each row judged together was late (a numpy array)."""
        return self.late > 0

    def every(self) -> Iterator[HeldOnce]:
        """Every row judged together, in order, made a piece at a time."""
        np = self.np
        # (Made a piece of 65,536 rows at a time: a test's are fewer, and a row after the last
        # is never read, so the pieces' bounds are not mutated; the national outputs, compared
        # byte for byte, hold them.)
        for first in range(0, len(self.row), _PIECE):  # pragma: no mutate
            stop = min(first + _PIECE, len(self.row))  # pragma: no mutate
            yield from self.at(np.arange(first, stop))  # pragma: no mutate

    def at(self, places: Any) -> list[HeldOnce]:
        """The rows at ``places`` among the rows judged together (a numpy array), as made."""
        np, judged, columns = self.np, self.judged, self.columns
        rows = self.row[places].tolist()
        late = self.late[places]
        statuses = _objects(np, [RowStatus.ON_TIME, _LATE])[(late > 0).astype(np.intp)]
        found, where = distinct(self.period[places])
        periods = _objects(np, [self._period(p) for p in found])
        # (Counted, due and anchor days are never missing: the value given is never met.)
        days = (
            dates_of(days[places], missing=NOT_ENDED)  # pragma: no mutate
            for days in (self.due, self.counted, self.anchor)
        )
        due, counted, anchor = days
        regimes = _objects(np, judged.regimes)[self.regime[places]]
        fields = (
            rows,
            statuses.tolist(),
            list(map(columns.note.__getitem__, rows)),
            self.ordinal[places].tolist(),
            due,
            counted,
            late.tolist(),
            regimes.tolist(),
            anchor,
            periods[where].tolist(),
        )
        # (The fields are as long as each other: the check is not mutated.)
        return list(map(_new_held_once, zip(*fields, strict=True)))  # pragma: no mutate

    def _period(self, period: int) -> JudgedPeriod:
        first, count = int(self.first[period]), int(self.reviews[period])
        end = int(self.end[period])
        return JudgedPeriod.one_row_a_review(
            self.judged.children[int(self.child[first])],
            _date(int(self.start[period])),
            None if end == NOT_ENDED else _date(end),
            self.row[first : first + count].tolist(),
            self.columns,
            self.judged.policy,
        )


def _date(day: int) -> dt.date:
    """A day since 1970 as a date."""
    return dt.date.fromordinal(day + EPOCH)


def _objects(np: Any, values: Sequence[Any]) -> Any:
    """``values`` as a numpy array of objects (each value as it is, not looked into)."""
    return np.fromiter(values, dtype=object, count=len(values))


_new_held_once = functools.partial(tuple.__new__, HeldOnce)


class RowVerdicts(MadeWhenRead[RowVerdict]):
    """The rows of a :class:`Validation`, in order: each a :class:`RowVerdict` when read.

    A national caseload has millions of rows; they are held in a compact form and made into
    values as they are read, so that judging a caseload and computing its figures does not pay
    for millions of values nobody reads. Indexing, slicing and iterating behave as for a tuple.
    """

    __slots__ = ("_columns", "_entries", "_held_together", "_judged", "_status_counts")

    def __init__(
        self,
        entries: Sequence[Placed],
        columns: ReviewColumns,
        judged: JudgedColumns | None = None,
    ) -> None:
        self._entries, self._columns, self._judged = entries, columns, judged
        self._status_counts: Mapping[RowStatus, int] | None = None
        self._held_together: _HeldTogether | None = None

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[RowVerdict]:
        return map(self._row, self._every())

    def _make(self, index: int) -> RowVerdict:
        return self._row(self._entry(index))

    def _together(self) -> _HeldTogether:
        """The rows judged together, made when read (there are some)."""
        if self._held_together is None:
            assert self._judged is not None  # only judging together stands rows in for them
            self._held_together = _HeldTogether(self._judged, self._columns)
        return self._held_together

    def _entry(self, index: int) -> Entry:
        """The entry at ``index``, made if it was judged together."""
        entry = self._entries[index]
        if isinstance(entry, JudgedTogether):
            together = self._together()
            return together.at(together.np.array([together.offset(index)]))[0]
        return entry

    def _every(self) -> Iterator[Entry]:
        """Every entry, in order, those judged together made as they are met (in order too)."""
        made = self._together().every() if self._judged is not None else iter(())
        return (next(made) if isinstance(e, JudgedTogether) else e for e in self._entries)

    def _apart(self) -> Iterator[Entry]:
        """The entries not judged together, in order."""
        kept, start = [], 0
        for begin, stop in self._judged.spans if self._judged is not None else ():
            kept.append((start, begin))
            start = stop
        kept.append((start, len(self._entries)))
        parts = (itertools.islice(self._entries, a, b) for a, b in kept)
        # (Only the spans hold entries that stand in for rows judged together; the cast is the
        # type checker's only, not mutated.)
        return cast("Iterator[Entry]", itertools.chain.from_iterable(parts))  # pragma: no mutate

    def recorded_dues_given(self) -> bool:
        """Whether any input row gives the case system's due date (``recorded_due``)."""
        plain = self._columns.plain
        if not len(self._columns):  # rows given as values, not judged from columns
            return any(isinstance(e, RowVerdict) and e.recorded_due for e in self._entries)
        return plain is not None and any(d is not None for d in plain.recorded_due)

    def statuses(self) -> Iterator[RowStatus]:
        """Each row's status, in order, without making the rows."""
        late = self._together().late_at().tolist() if self._judged is not None else []
        together = (_LATE if is_late else _ON_TIME for is_late in late)
        return (
            next(together) if isinstance(e, JudgedTogether) else e.status for e in self._entries
        )

    def status_counts(self) -> Mapping[RowStatus, int]:
        """How many rows have each status (every status, 0 where none has it), counted once.

        >>> import iro_schedule as iro
        >>> inputs = iro.read_records([iro.sample_data()])
        >>> window = iro.infer_window(inputs)
        >>> result = iro.validate(inputs, as_of=window.as_of, reviews_from=window.reviews_from)
        >>> counts = result.rows.status_counts()
        >>> sum(counts.values()) == len(result.rows)
        True
        >>> late = iro.validation.RowStatus.LATE
        >>> counts[late] == len(result.with_status(late))
        True
        """
        if self._status_counts is None:
            counted = Counter(map(_status, self._apart()))
            if self._judged is not None:
                late = int(self._together().late_at().sum())
                counted[_LATE] += late
                counted[_ON_TIME] += len(self._together().row) - late
            self._status_counts = MappingProxyType({s: counted[s] for s in RowStatus})
        return self._status_counts

    def with_status(self, *statuses: RowStatus) -> list[RowVerdict]:
        """The rows with any of ``statuses``, in order (of the rows judged together, only
        those are made)."""
        wanted = frozenset(statuses)
        # (With nothing judged together neither is read: not mutated.)
        made: Iterator[HeldOnce] = iter(())  # pragma: no mutate
        keep: Iterator[bool] = iter(())  # pragma: no mutate
        if self._judged is not None:
            together = self._together()
            late = together.late_at()
            chosen = (late & (_LATE in wanted)) | (~late & (_ON_TIME in wanted))
            made, keep = iter(together.at(chosen.nonzero()[0])), iter(chosen.tolist())
        rows = []
        for e in self._entries:
            if isinstance(e, JudgedTogether):
                if next(keep):
                    rows.append(self._row(next(made)))
            elif e.status in wanted:
                rows.append(self._row(e))
        return rows

    def facts(self) -> Iterator[RowFact]:
        """What the annual figures need of each row, without making the rows."""
        return self._facts(self._every())

    def _facts(self, entries: Iterable[Entry]) -> Iterator[RowFact]:
        dates, dobs = self._columns.meeting_date, self._columns.dob
        participation = self._columns.participation
        for e in entries:
            # (A review held once is an Unjudged of one meeting, its number known, written
            # lean: a caseload has millions. The tests hold the two equal: not mutated.)
            if type(e) is HeldOnce:  # pragma: no mutate
                i, status, _, _, due, counted, late, _, _, period = e
                code, years = participation[i], age(dobs[i], dates[i])
                yield status, counted, 1, period.child, code, years, late, due, True
                continue
            if isinstance(e, RowVerdict):
                yield (
                    *(e.status, e.date, e.meeting, e.child, e.participation, e.age, e.days_late),
                    *(e.due, e.number_known),
                )
                continue
            day = dates[e.row] if e.counted is None else e.counted
            child, head, ordinal = e.period.child, e.head, e.ordinal
            code, years = participation[head], age(dobs[head], dates[head])
            # (An unknown number is kept as minus the least it can be, never 0: not mutated.)
            known = ordinal is None or ordinal > 0  # pragma: no mutate
            yield e.status, day, e.meeting, child, code, years, e.days_late, e.due, known

    def facts_apart(self) -> tuple[Iterator[RowFact], JudgedColumns | None, ReviewColumns]:
        """The facts (:meth:`facts`) of the rows not judged together, the columns of those that
        were (None if none), and the input rows' columns they point into."""
        return self._facts(self._apart()), self._judged, self._columns

    def values(self) -> Iterator[tuple[Any, ...]]:
        """Each row's :data:`TABLE_COLUMNS` attributes, in order, as the row made would give
        them, without making it (what writing millions of rows to a table needs)."""
        return self._values(self._every())

    def values_at(self, positions: Iterable[int]) -> Iterator[tuple[Any, ...]]:
        """:meth:`values` of the rows at ``positions``, in the order given."""
        return self._values(map(self._entry, positions))

    @property
    def judged_together(self) -> JudgedColumns | None:
        """The columns of the rows judged together (None if none were, or the rows are not
        all a validation's)."""
        return self._judged

    @property
    def columns(self) -> ReviewColumns:
        """The input rows' columns the rows point into."""
        return self._columns

    def _values(self, entries: Iterable[Entry]) -> Iterator[tuple[Any, ...]]:
        columns = self._columns
        dates, dobs, participation = columns.meeting_date, columns.dob, columns.participation
        sources, lines, plain = columns.source, columns.line, columns.plain
        for e in entries:
            # (A row sent the long way, made first, gives the same values: the tests hold the
            # two ways equal, so the two tests of the kind of entry are not to be mutated.)
            if type(e) is Unjudged and not _made_first(e):  # pragma: no mutate
                (i, _, status, detail, _, _, forward, ordinal,
                 due, counted, late, regime, anchor, period) = e  # fmt: skip
            elif type(e) is HeldOnce:  # pragma: no mutate
                i, status, detail, ordinal, due, counted, late, regime, anchor, period = e
                forward = False
            else:
                yield table_values(self._row(e))
                continue
            review_id = plain.review_id[i] if plain else ""
            held = dates[i]
            reason, rule, name = detail, "", ""
            if ordinal is not None:  # judged: a review held at one meeting, its number known
                assert regime is not None
                assert anchor is not None
                assert due is not None
                late_by = None if status is not _LATE else late
                reason, rule = held_once_explanation(
                    regime, ordinal, anchor, due, review_id or None, forward, held, late_by
                )
                reason = f"{reason} Note: {detail}." if detail else reason
                name = regime.name
            yield (
                sources[i],
                lines[i],
                period.child,
                status,
                ordinal,
                period.start,
                period.end,
                review_id,
                1,
                1,
                held,
                counted,
                due,
                late,
                forward,
                name,
                rule,
                participation[i],
                age(dobs[i], held),
                reason,
            )

    def _row(self, entry: Entry) -> RowVerdict:
        if isinstance(entry, RowVerdict):
            return entry
        columns, period, i, head = self._columns, entry.period, entry.row, entry.head
        dates = columns.meeting_date
        return RowVerdict(
            source=columns.source[i],
            line=columns.line[i],
            child=period.child,
            status=entry.status,
            detail=entry.detail,
            meeting_date=dates[i],
            review_id=columns.plain.review_id[i] if columns.plain else "",
            meeting=entry.meeting,
            meetings=entry.meetings,
            period_start=period.start,
            period_end=period.end,
            brought_forward=entry.brought_forward,
            participation=columns.participation[head],
            age=age(columns.dob[head], dates[head]),
            ordinal=entry.ordinal if entry.ordinal is None or entry.ordinal > 0 else None,
            due=entry.due,
            counted_date=entry.counted,
            days_late=entry.days_late,
            recorded_due=columns.plain.recorded_due[i] if columns.plain else None,
            judged_under=entry.regime,
            anchor=entry.anchor,
            period=None if entry.ordinal is None else period,
            least=None if entry.ordinal is None or entry.ordinal > 0 else -entry.ordinal,
            head=head,
        )


_status = operator.attrgetter("status")
#: A row's :data:`TABLE_COLUMNS` attributes, in order.
table_values = operator.attrgetter(*TABLE_COLUMNS)


def _made_first(entry: Unjudged) -> bool:
    """Whether an input row's table values are read from the row made: a row of a review held
    over several meetings, or of one whose number the data cannot show (the others are written
    straight from the values they were judged with)."""
    # (Which rows are made first changes no value written, only how soon: the tests hold the
    # two ways equal, so the line is marked not to be mutated.)
    return entry.meetings > 1 or (entry.ordinal or 1) < 0  # pragma: no mutate


_LATE, _ON_TIME = RowStatus.LATE, RowStatus.ON_TIME


def _horizon(period: JudgedPeriod, row: RowVerdict) -> str:
    """What the day an overdue review was judged at is: the period's end, the as-of date, ..."""
    assert row.counted_date is not None  # an overdue review is judged at a day
    note = period.horizon_notes.get(row.counted_date)
    if note is not None:
        return note
    if period.overdue_by_period_end:
        return "the end of the period of care"
    return "the as-of date"


#: The oldest a child can be at a review: care leavers are supported to 25.
OLDEST = 25


def age(dob: dt.date | None, day: dt.date) -> int | None:
    """Age in whole years on ``day``: None if the date of birth is unknown, after ``day``, or
    gives an age no looked-after child has (over 25: a mistyped year such as 1800)."""
    if dob is None or dob > day:
        return None
    years = day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
    return years if years <= OLDEST else None


def ages_array(np: Any, dobs: Any, days: Any) -> Any:
    """Per row: :func:`age` on ``days`` of a child born on ``dobs`` (both ``datetime64[D]``,
    NaT for a date of birth not known), -1 where it gives None.

    >>> import numpy as np
    >>> days = np.array(["2024-02-28", "2024-03-01", "2024-03-01", "2024-03-01"], "M8[D]")
    >>> dobs = np.array(["2016-02-29", "2016-02-29", "NaT", "1990-01-01"], "M8[D]")
    >>> ages_array(np, dobs, days).tolist()
    [7, 8, -1, -1]
    """
    known = ~np.isnat(dobs) & (dobs <= days)
    born = np.where(known, dobs, days)
    (years_on, birthday_on), (years_born, birthday) = _calendar(np, days), _calendar(np, born)
    years = years_on - years_born
    years -= birthday_on < birthday  # the birthday still to come
    return np.where(known & (years <= OLDEST), years, -1)


def births_array(np: Any, columns: ReviewColumns) -> Any:
    """Each input row's child's date of birth (``datetime64[D]``, NaT: not known), for
    :func:`ages_array`."""
    return day_numbers(columns.dob, missing=np.iinfo(np.int64).min).astype("M8[D]")


def young_array(np: Any, dobs: Any, days: Any) -> Any:
    """Per row: whether :func:`age` gives an age under 4 (see :func:`ages_array`)."""
    ages = ages_array(np, dobs, days)
    return (ages >= 0) & (ages < 4)


def _calendar(np: Any, days: Any) -> tuple[Any, Any]:
    """Each day's year, and its (month, day) as one number that orders as the pair does
    (``days``: ``datetime64[D]``, none NaT), each found once for each day from the first to
    the last (the rows of a caseload fall on a few thousand days)."""
    if not days.size:  # (no day: no age, whatever the number type: not mutated)
        return days.astype(np.int64), days.astype(np.int64)  # pragma: no mutate
    first = days.min()
    # (A longer table is never read past the last day: the bound is not to be mutated.)
    span = np.arange(first, days.max() + 1)  # pragma: no mutate
    months = span.astype("M8[M]")
    day = (span - months.astype("M8[D]")).astype(np.int64)  # pragma: no mutate (any number type)
    # (Days count from 0, so any factor over 30 orders as the pair: not to be mutated.)
    birthday = (months.astype(np.int64) % 12) * 32 + day  # pragma: no mutate
    at = (days - first).astype(np.int64)  # pragma: no mutate (as above)
    # (The years' number type shows only in the CSV's ages written by polars, which
    # tests/test_judging_engines.py holds to the rows' and the mutation tool cannot run.)
    return span.astype("M8[Y]").astype(np.int64)[at], birthday[at]  # pragma: no mutate


def unjudged_row(  # noqa: PLR0917 (the cells of one row)
    source: str,
    line: int,
    child: str,
    field: str,
    reason: str,
    status: RowStatus,
    *,
    meeting_date: dt.date | None,
    review_id: str,
    recorded_due: dt.date | None,
    period: tuple[dt.date | None, dt.date | None] = (None, None),
) -> RowVerdict:
    """A row that is not judged, its reason naming the file, the line (if any) and the field;
    ``period`` is the start and end of the period of care the row names (plain rows)."""
    where = f"{source} line {line}" if line else source
    return RowVerdict(
        source=source,
        line=line,
        child=child,
        status=status,
        detail=f"{where}, {field}: {reason}",
        meeting_date=meeting_date,
        review_id=review_id,
        recorded_due=recorded_due,
        period_start=period[0],
        period_end=period[1],
    )


def invalid_row(
    columns: ReviewColumns,
    i: int,
    field: str,
    reason: str,
    status: RowStatus = RowStatus.INVALID,
) -> RowVerdict:
    """Input row ``i``, not judged (invalid, or a duplicate), with its file, line and field."""
    plain = columns.plain
    return unjudged_row(
        columns.source[i],
        columns.line[i],
        columns.child[i],
        field,
        reason,
        status,
        meeting_date=columns.meeting_date[i],
        review_id=plain.review_id[i] if plain else "",
        recorded_due=plain.recorded_due[i] if plain else None,
        period=(plain.period_start[i], plain.period_end[i]) if plain else (None, None),
    )


def problem_row(problem: InputProblem) -> RowVerdict:
    """A review row the reader could not use, as a row verdict."""
    status = RowStatus.NOT_COUNTED if problem.status == "not counted" else RowStatus.INVALID
    return unjudged_row(
        problem.source,
        problem.line,
        problem.child,
        problem.field,
        problem.reason,
        status,
        meeting_date=problem.meeting_date,
        review_id=problem.review_id,
        recorded_due=None,
        period=(problem.period_start, problem.period_end),
    )

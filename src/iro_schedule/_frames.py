"""Data frames in, data frames out: due dates and verdicts for pandas or polars.

One implementation serves both libraries through narwhals (the extras ``iro_schedule[pandas]``
and ``iro_schedule[polars]`` install it with numpy). Results come back in the library they
came in: a pandas frame gives a pandas frame, a polars frame a polars frame.

- :func:`add_first_review_due` and :func:`add_due_after` add a due-date column to a frame of
  dates, by the array engine (:mod:`iro_schedule._vectorised`);
- :func:`assess_frame` judges a frame of reviews, one row per review, by :func:`assess_arrays`:
  the fast path for whole caseloads whose records are already clean;
- :func:`verdicts_frame` runs :func:`validate` over SSDA903 or plain-format frames and returns
  its verdicts CSV as a frame: every row judged or explained, nothing dropped.

Errors name the frame, the row and the column: "row 3" is the fourth row by position, counting
from 0 (not a pandas index label).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ._errors import IroScheduleError, require_date
from ._law.calendar import WorkingCalendar
from ._law.policy import Policy
from ._law.regimes import Regime, interval_position
from ._read.tables import TableStream, parse_date_cached, table_of_rows
from ._wording import day

if TYPE_CHECKING:
    import narwhals as nw

    from ._read.rows import Inputs
    from ._validate.rows import RowVerdict

__all__ = [
    "ASSESS_COLUMNS",
    "add_due_after",
    "add_first_review_due",
    "assess_frame",
    "verdicts_frame",
]

#: Extra columns :func:`assess_frame` adds, in order.
ASSESS_COLUMNS = ("ordinal", "due", "counted_date", "days_late", "status", "regime", "rule")


def _narwhals() -> Any:
    try:
        import narwhals  # noqa: PLC0415 (an optional extra, loaded only for this)
    except ImportError as exc:
        raise IroScheduleError(
            "the data-frame functions need narwhals and numpy: "
            "install the package with its 'pandas' (or 'polars') extra: from a checkout, "
            "python -m pip install '.[pandas]'"
        ) from exc
    return narwhals


def _frame(native: Any, what: str) -> nw.DataFrame[Any]:
    try:
        frame: nw.DataFrame[Any] = _narwhals().from_native(native, eager_only=True)
    except TypeError as exc:
        raise IroScheduleError(
            f"{what} must be a pandas or polars DataFrame, got {type(native).__name__}",
            field=what,
        ) from exc
    return frame


def _column(frame: nw.DataFrame[Any], column: str, what: str) -> Any:
    if column not in frame.columns:
        raise IroScheduleError(
            f"no column {column!r} (its columns are "
            f"{', '.join(map(str, frame.columns))}); name the right one",
            record=what,
            field=column,
        )
    return frame[column]


def _dates(frame: nw.DataFrame[Any], column: str, what: str) -> Any:
    """A date column as ``datetime64[D]`` (missing values as NaT).

    Accepts date and datetime columns (a time of day other than midnight is an error, not
    silently dropped; a time-zone-aware one is taken at its own local time, so midnight in
    Europe/London is that day), Python dates, and text in ``dd/mm/YYYY`` or ISO form.
    """
    import numpy as np  # noqa: PLC0415

    series = _column(frame, column, what)
    dtype = series.dtype
    if isinstance(dtype, _narwhals().Datetime) and dtype.time_zone is not None:
        series = series.dt.replace_time_zone(None)
    values = series.to_numpy()
    if values.dtype.kind == "M":
        days = values.astype("datetime64[D]")
        timed = ~np.isnat(values) & (days != values)
        if np.any(timed):
            row = int(np.flatnonzero(timed)[0])
            raise IroScheduleError(
                f"{column} {values[row]} has a time of day; give dates "
                "(e.g. convert with .dt.normalize() in pandas or .dt.date() in polars)",
                record=f"{what} row {row}",
                field=column,
                value=values[row],
            )
        return days
    # Text and Python dates: each distinct value is read once (dates repeat across a caseload).
    known: dict[object, int] = {}
    numbers = []
    for row, value in enumerate(values.tolist()):
        try:
            number = known.get(value)
        except TypeError:  # an unhashable value: refused by _one_date
            number = None
        if number is None:
            number = known[value] = _one_date(value, row, column, what)
        numbers.append(number)
    return np.array(numbers, dtype=np.int64).view("datetime64[D]")


_NAT = -(2**63)  # numpy's missing date, as the number it stores
_EPOCH = dt.date(1970, 1, 1).toordinal()  # numpy counts days from 1 January 1970


def _one_date(value: object, row: int, column: str, what: str) -> int:
    """The date as numpy's day number (``_NAT`` for a missing one)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _NAT
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.toordinal() - _EPOCH
    if isinstance(value, str) and not value.strip():
        return _NAT
    if isinstance(value, str):
        try:
            return parse_date_cached(value).toordinal() - _EPOCH
        except ValueError as exc:
            reason = str(exc)
    else:
        reason = f"{value!r} is a {type(value).__name__}, not a date"
    raise IroScheduleError(
        f"{column} {reason}; give dates as dd/mm/YYYY or YYYY-MM-DD",
        record=f"{what} row {row}",
        field=column,
        value=value,
    )


@attrs.frozen
class _Labelled:
    """A text column with few distinct values, as codes into ``labels``."""

    codes: Any
    labels: tuple[str, ...]

    def __getitem__(self, index: Any) -> _Labelled:
        """The rows at ``index``, as numpy indexes an array."""
        return _Labelled(self.codes[index], self.labels)


def _with(frame: nw.DataFrame[Any], columns: Mapping[str, Any]) -> Any:
    lib = _narwhals()
    # Naming the type is much faster than letting the library infer it from the values.
    # pandas has no date type: its dates are datetimes at midnight.
    date = lib.Datetime("s") if frame.implementation.is_pandas() else lib.Date()
    types = {"M": date, "i": lib.Int64(), "b": lib.Boolean()}
    series = [
        _labelled(frame, name, values)
        if isinstance(values, _Labelled)
        else lib.new_series(
            name,
            values,
            dtype=types.get(values.dtype.kind, lib.String()),
            backend=frame.implementation,
        )
        for name, values in columns.items()
    ]
    return frame.with_columns(series).to_native()


def _labelled(frame: nw.DataFrame[Any], name: str, column: _Labelled) -> Any:
    """A categorical column (an Enum in polars): a few strings, stored once each."""
    import numpy as np  # noqa: PLC0415

    lib = _narwhals()
    labels = list(dict.fromkeys(column.labels))  # categories must be unique
    codes = np.array([labels.index(label) for label in column.labels], dtype=np.int64)[column.codes]
    if frame.implementation.is_pandas():
        import pandas as pd  # noqa: PLC0415 (the caller's own library)

        native = pd.Series(pd.Categorical.from_codes(codes, categories=labels), name=name)
        return lib.from_native(native, series_only=True)
    series = lib.new_series(name, codes, dtype=lib.Int64(), backend=frame.implementation)
    return series.replace_strict(list(range(len(labels))), labels, return_dtype=lib.Enum(labels))


def add_first_review_due(
    frame: Any,
    start: str,
    *,
    name: str = "first_review_due",
    policy: Policy | None = None,
    regime: Regime | None = None,
    calendar: WorkingCalendar | None = None,
) -> Any:
    """``frame`` with a column ``name``: the first review's due date for each date in ``start``.

    The regime is the one in force on each start date (``regime`` fixes one for all rows); a
    missing start gives a missing due date. Working days are counted in ``calendar`` (the
    regime's own, England's, if not given).

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"child": ["A", "B"], "start": ["20/12/2024", "2011-03-31"]})
    >>> add_first_review_due(frame, "start")
      child       start first_review_due
    0     A  20/12/2024       2025-01-22
    1     B  2011-03-31       2011-04-28
    """
    return add_due_after(
        frame, start, ordinal=1, name=name, policy=policy, regime=regime, calendar=calendar
    )


def add_due_after(
    frame: Any,
    anchor: str,
    *,
    ordinal: int | str,
    name: str = "due",
    policy: Policy | None = None,
    regime: Regime | None = None,
    calendar: WorkingCalendar | None = None,
) -> Any:
    """``frame`` with a column ``name``: when review ``ordinal`` falls due, counted from ``anchor``.

    ``anchor`` holds the date each interval runs from: the start of the period of care for
    review 1, the previous review's counted date after that. ``ordinal`` is one number for every
    row, or the name of a column of numbers.

    >>> import polars as pl
    >>> frame = pl.DataFrame({"last_review": [dt.date(2023, 8, 31), dt.date(2024, 1, 15)],
    ...                       "number": [2, 3]})
    >>> add_due_after(frame, "last_review", ordinal="number", name="next_due")["next_due"].to_list()
    [datetime.date(2023, 11, 30), datetime.date(2024, 7, 15)]
    """
    import numpy as np  # noqa: PLC0415

    from ._engine.arrays import due_after_array  # noqa: PLC0415

    table = _frame(frame, "frame")
    anchors = _dates(table, anchor, "frame")
    if isinstance(ordinal, str):
        ordinals = np.asarray(_column(table, ordinal, "frame").to_numpy())
        if ordinals.dtype.kind not in "iu" or (ordinals.size and ordinals.min() < 1):
            raise IroScheduleError(
                f"frame column {ordinal!r} must hold whole review numbers of 1 or more",
                record="frame",
                field=ordinal,
            )
    else:
        ordinals = np.full(anchors.shape, ordinal, dtype=np.int64)
    due = due_after_array(anchors, ordinals, policy=policy, regime=regime, calendar=calendar)
    return _with(table, {name: due})


def assess_frame(
    frame: Any,
    *,
    child: str,
    period_start: str,
    meeting_date: str,
    as_of: dt.date,
    period_end: str | None = None,
    last_meeting: str | None = None,
    regime: str | None = None,
    review_id: str | None = None,
    policy: Policy | None = None,
    calendar: WorkingCalendar | None = None,
) -> Any:
    """Judge a frame of reviews (one row per review, or per meeting), adding
    :data:`ASSESS_COLUMNS`.

    Rows belong to the period of care of their ``child`` and ``period_start`` (and
    ``period_end``, if given); they may come in any order and keep theirs. ``meeting_date`` is
    the review's (first) meeting, ``last_meeting`` its last if it was held over several;
    ``regime`` names a column of regime names (such as ``ENGLAND_SHORT_BREAKS_2010``; blank for
    the policy's chain) fixing each period's regime. ``review_id`` names a column grouping the
    rows of one review held over several meetings (one row per meeting, as case systems export
    them): the review's first meeting is the earliest of its rows' and its last the latest, and
    each of its rows gets its verdict (a row with no id is a review of its own). Each row gets
    its number in its period,
    due date, counted date, days late, status ("on time" or "late"), regime and rule, exactly
    as :func:`assess` gives them, and a history :func:`assess` refuses is refused with the same
    error, naming the frame row. Reviews not held (overdue) have no row here:
    :func:`verdicts_frame` lists those, with every row explained.

    >>> import pandas as pd
    >>> reviews = pd.DataFrame({
    ...     "child": ["A", "A", "B"],
    ...     "start": ["20/12/2024", "20/12/2024", "06/01/2025"],
    ...     "held": ["25/04/2025", "20/01/2025", "30/01/2025"]})
    >>> out = assess_frame(reviews, child="child", period_start="start", meeting_date="held",
    ...                    as_of=dt.date(2025, 11, 1))
    >>> out[["child", "held", "ordinal", "due", "days_late", "status"]]
      child        held  ordinal        due  days_late   status
    0     A  25/04/2025        2 2025-04-20          5     late
    1     A  20/01/2025        1 2025-01-22          0  on time
    2     B  30/01/2025        1 2025-02-03          0  on time
    """
    import numpy as np  # noqa: PLC0415

    from ._engine.arrays import assess_arrays  # noqa: PLC0415

    require_date(as_of, field="as_of")
    table = _frame(frame, "reviews")
    starts = _dates(table, period_start, "reviews")
    firsts = _dates(table, meeting_date, "reviews")
    lasts = firsts if last_meeting is None else _dates(table, last_meeting, "reviews")
    ends = (
        np.full(starts.shape, np.datetime64("NaT"), dtype="datetime64[D]")
        if period_end is None
        else _dates(table, period_end, "reviews")
    )
    children = _child_keys(table, child)
    _require(starts, period_start)
    _require(firsts, meeting_date)
    _require(lasts, last_meeting or meeting_date)
    heads, of_review = _reviews(table, review_id, children=children, starts=starts)
    if heads is not None:  # one row per review: its earliest meeting and its latest
        earliest, latest = firsts[heads], lasts[heads]
        np.minimum.at(earliest, of_review, firsts)
        np.maximum.at(latest, of_review, lasts)
        children, starts, ends = (a[heads] for a in (children, starts, ends))
        firsts, lasts = earliest, latest
    order, period_of_row, period_rows = _periods(children, starts, firsts)
    if period_end is not None:
        _check_one(order, period_of_row, ends, period_end, "end")
    regimes = None
    if regime is not None:
        codes, names = _regime_codes(table, regime)
        codes = codes if heads is None else codes[heads]
        _check_one(order, period_of_row, codes, regime, "regime", names)
        regimes = [names[code] for code in codes[period_rows]]
    try:
        result = assess_arrays(
            period_start=starts[period_rows],
            period_end=ends[period_rows],
            period_regime=regimes,
            review_period=period_of_row,
            first_meeting=firsts[order],
            last_meeting=lasts[order],
            as_of=as_of,
            policy=policy,
            calendar=calendar,
        )
    except IroScheduleError as exc:
        if exc.index is None:
            raise
        row = _frame_row(exc, order, period_of_row)
        row = row if heads is None else int(heads[row])
        raise exc.at(f"reviews row {row}", row) from None
    rules = [f"{r.instrument}, {rule}" for r in result.regimes for rule in r.rules]
    columns = {
        "ordinal": result.ordinal,
        "due": result.due,
        "counted_date": result.counted,
        "days_late": result.days_late,
        "status": _Labelled((~result.on_time).astype(np.int64), ("on time", "late")),
        "regime": _Labelled(result.regime, tuple(r.name for r in result.regimes)),
        "rule": _Labelled(result.regime * 3 + interval_position(result.ordinal), tuple(rules)),
    }
    if not _is_identity(order):
        back = np.empty_like(order)
        back[order] = np.arange(order.size)
        columns = {name: values[back] for name, values in columns.items()}
    if of_review is not None:  # every meeting's row takes its review's verdict
        columns = {name: values[of_review] for name, values in columns.items()}
    return _with(table, columns)


def _reviews(
    table: nw.DataFrame[Any], review_id: str | None, *, children: Any, starts: Any
) -> tuple[Any, Any]:
    """With ``review_id``: the first row of each review, and each row's review (an index into
    them). Without it (or with every id distinct), None and None: each row is a review."""
    import numpy as np  # noqa: PLC0415

    if review_id is None:
        return None, None
    ids = [_cell(value) for value in _column(table, review_id, "reviews").to_list()]
    first_of: dict[tuple[int, Any, str], int] = {}
    of_review = np.empty(len(ids), dtype=np.int64)
    heads: list[int] = []
    for row, review in enumerate(ids):
        key = (int(children[row]), starts[row], review or f"\0{row}")  # no id: its own
        at = first_of.setdefault(key, len(heads))
        if at == len(heads):
            heads.append(row)
        of_review[row] = at
    if len(heads) == len(ids):
        return None, None
    return np.array(heads, dtype=np.int64), of_review


def _frame_row(exc: IroScheduleError, order: Any, period_of_row: Any) -> int:
    """The frame row an error of :func:`assess_arrays` is about: it names a row of the sorted
    reviews ("review row i") or a period ("period i", whose first row is named)."""
    import numpy as np  # noqa: PLC0415

    assert exc.index is not None
    position = exc.index
    if (exc.record or "").startswith("period"):
        position = int(np.flatnonzero(period_of_row == exc.index)[0])
    return _row_of(order, position)


def _regime_codes(table: nw.DataFrame[Any], column: str) -> tuple[Any, list[Regime | None]]:
    """Each row's regime as a code into the names found (None: the policy's chain)."""
    import numpy as np  # noqa: PLC0415

    from ._law.regimes import REGIMES_BY_NAME  # noqa: PLC0415

    names: list[Regime | None] = [None]
    known: dict[object, int] = {}
    codes = []
    for row, value in enumerate(_column(table, column, "reviews").to_list()):
        if value not in known:
            text = "" if value is None else str(value).strip()
            if text and text not in REGIMES_BY_NAME:
                raise _row_error(
                    row,
                    column,
                    f"{column} {value!r} is not a regime name; use one of "
                    f"{', '.join(REGIMES_BY_NAME)}, or leave it blank for the policy's regimes",
                    value,
                )
            named = REGIMES_BY_NAME.get(text)
            known[value] = names.index(named) if named in names else len(names)
            if named not in names:
                names.append(named)
        codes.append(known[value])
    return np.array(codes, dtype=np.int64), names


def _require(days: Any, column: str) -> None:
    import numpy as np  # noqa: PLC0415

    _refuse_missing(np.isnat(days), column, "a date")


def _refuse_missing(missing: Any, column: str, what: str) -> None:
    """Raise for the first row of ``missing``, naming the row and column."""
    import numpy as np  # noqa: PLC0415

    if np.any(missing):
        row = int(np.flatnonzero(missing)[0])
        raise _row_error(row, column, f"{column} is missing; every review needs {what}", None)


def _child_keys(table: nw.DataFrame[Any], column: str) -> Any:
    """A whole number for each child identifier, equal for equal identifiers."""
    import numpy as np  # noqa: PLC0415

    children = _column(table, column, "reviews")
    _refuse_missing(children.is_null().to_numpy(), column, "the child's identifier")
    if table.implementation.is_pandas():
        import pandas as pd  # noqa: PLC0415 (the caller's own library)

        # Codes in order of first appearance: rows already grouped by child stay in order.
        codes, _ = pd.factorize(children.to_native())
        return codes.astype(np.int64)
    # Ranking in the frame library is much faster than sorting text in numpy.
    return children.rank("dense").to_numpy().astype(np.int64)


def _periods(children: Any, starts: Any, firsts: Any) -> tuple[Any, Any, Any]:
    """The rows sorted by child, period start and date; each row's period; each period's row."""
    import numpy as np  # noqa: PLC0415

    # Rows already in order (as most exports are) are used where they stand: indexing with
    # slice(None) gives views, not copies of millions of values.
    order: Any = slice(None) if _in_order(children, starts, firsts) else None
    if order is None:
        order = np.lexsort((firsts, starts, children))
    codes, period_starts = children[order], starts[order]
    new_period = np.ones(codes.size, dtype=bool)
    new_period[1:] = (codes[1:] != codes[:-1]) | (period_starts[1:] != period_starts[:-1])
    period_of_row = np.cumsum(new_period) - 1
    period_rows = np.flatnonzero(new_period) if _is_identity(order) else order[new_period]
    return order, period_of_row, period_rows


def _is_identity(order: Any) -> bool:
    return isinstance(order, slice)


def _row_of(order: Any, position: int) -> int:
    """The frame row at ``position`` in the sorted order."""
    return position if _is_identity(order) else int(order[position])


def _in_order(keys: Any, starts: Any, firsts: Any) -> bool:
    """Whether the rows are already sorted by child, period start and meeting date."""
    import numpy as np  # noqa: PLC0415

    same_child = keys[1:] == keys[:-1]
    same_start = same_child & (starts[1:] == starts[:-1])
    after = (keys[1:] > keys[:-1]) | (same_child & (starts[1:] > starts[:-1]))
    return bool(np.all(after | (same_start & (firsts[1:] >= firsts[:-1]))))


def _check_one(  # noqa: PLR0917 (the sorted rows, their values and how to name them)
    order: Any,
    period_of_row: Any,
    values: Any,
    column: str,
    what: str,
    labels: Sequence[object] | None = None,
) -> None:
    """Every row of a period of care must give the same ``what`` (or none): never pick one.
    ``labels`` names coded values in the message."""
    import numpy as np  # noqa: PLC0415

    v = values[order]
    same = period_of_row[1:] == period_of_row[:-1]
    differs = same & (v[1:] != v[:-1])
    if v.dtype.kind == "M":
        differs &= ~(np.isnat(v[1:]) & np.isnat(v[:-1]))
    if np.any(differs):
        position = int(np.flatnonzero(differs)[0]) + 1
        other = _row_of(order, position - 1)
        shown: list[Any] = [v[position], v[position - 1]]
        if labels is not None:
            shown = [getattr(labels[code], "name", "blank") for code in shown]
        elif v.dtype.kind == "M":
            shown = ["blank" if np.isnat(d) else day(d.item()) for d in shown]
        reason = (
            f"{column} {shown[0]} differs from {shown[1]} on row {other}, a review of the same "
            f"period of care (same child and start); give the period one {what}"
        )
        raise _row_error(_row_of(order, position), column, reason, v[position].item())


def _row_error(row: int, column: str, reason: str, value: object) -> IroScheduleError:
    return IroScheduleError(reason, record=f"reviews row {row}", field=column, value=value)


class _Given:
    """The default of an argument that must be given in some cases (never silently assumed)."""


_NOT_GIVEN: Any = _Given()


def verdicts_frame(
    reviews: Any,
    *,
    episodes: Any = None,
    header: Any = None,
    as_of: dt.date,
    reviews_from: dt.date | None = _NOT_GIVEN,
    policy: Policy | None = None,
    calendar: WorkingCalendar | None = None,
    columns: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Any:
    """:func:`validate` over data frames: the verdicts CSV's columns, one row per verdict row.

    ``reviews`` is an SSDA903 Reviews frame (with ``episodes``, and optionally ``header``; then
    ``reviews_from``, the date from which the frames hold every review, must be given) or a
    plain-format frame (it has a meeting-date column; ``columns`` maps names as for
    :func:`read_records`; it holds every review, so ``reviews_from`` is not needed). Every input
    row comes out: judged, or with its reason. ``source`` names the frame and ``line`` counts
    as in a CSV file with a header (frame row ``i`` is line ``i + 2``); the extra column
    ``row`` gives ``i`` itself (missing for overdue reviews). The frame's own other columns (a
    team, an IRO) come through on every row: an overdue review's from its period's first row.

    >>> import pandas as pd
    >>> episodes = pd.DataFrame({"CHILD": ["A"], "DECOM": ["20/12/2024"], "RNE": ["S"],
    ...     "LS": ["C2"], "DEC": [""], "REC": [""]})
    >>> reviews = pd.DataFrame({"CHILD": ["A", "A"], "REVIEW": ["20/01/2025", "31/13/2025"],
    ...     "REVIEW_CODE": ["PN1", "PN1"], "TEAM": ["North", "North"]})
    >>> out = verdicts_frame(reviews, episodes=episodes, as_of=dt.date(2025, 11, 1),
    ...                      reviews_from=None)
    >>> out[["row", "status", "ordinal", "due", "days_late", "TEAM"]]
        row   status  ordinal        due  days_late   TEAM
    0     0  on time        1 2025-01-22          0  North
    1  <NA>  overdue        2 2025-04-20        195  North
    2     1  invalid     <NA>        NaT       <NA>  North
    >>> print(out["reason"][2])
    reviews frame line 3, REVIEW: REVIEW '31/13/2025' is not a real date; give it as dd/mm/YYYY
    """
    from ._report.writers import CSV_COLUMNS  # noqa: PLC0415
    from ._validate.validation import validate  # noqa: PLC0415

    frames, inputs, plain = _read_frames(reviews, episodes, header, columns)
    if reviews_from is _NOT_GIVEN:
        if not plain:
            raise IroScheduleError(
                "give reviews_from: the date from which the SSDA903 frames hold every review "
                "(None if they hold every period's whole history)",
                field="reviews_from",
            )
        reviews_from = None
    result = validate(
        inputs,
        as_of=as_of,
        reviews_from=reviews_from,
        policy=policy,
        calendar=calendar,
        progress=progress,
    )
    rows = result.rows
    # Column by column, as plain values (dates stay dates; the CSV writes them as text).
    table = {column: [getattr(row, column) for row in rows] for column in CSV_COLUMNS}
    table["status"] = [status.value for status in table["status"]]
    table["row"] = [None if line is None else line - 2 for line in table["line"]]
    carried = _carried(frames["reviews"], set(CSV_COLUMNS) | {"row"})
    if carried:
        first_row = _first_rows(rows, table["row"])
        if plain:  # a period with no review yet has a row of its own
            first_row |= _plain_first_rows(inputs)
        for name, values in carried.items():
            table[name] = [
                values[i]
                if (i := row if row is not None else first_row.get(key)) is not None
                else None
                for row, key in zip(table["row"], _period_keys(rows), strict=True)
            ]
    return _from_columns(frames["reviews"], table, extra=list(carried))


def recorded_dues_frame(
    reviews: Any,
    *,
    as_of: dt.date,
    policy: Policy | None = None,
    calendar: WorkingCalendar | None = None,
    columns: Mapping[str, str] | None = None,
) -> Any:
    """:func:`~iro_schedule.validation.check_recorded_dues` over a plain-format frame whose
    ``recorded_due`` column (mapped with ``columns`` if named otherwise) gives the due date the
    case system showed: one row per recorded due date, in the columns of
    :data:`~iro_schedule.reports.RECORDED_DUE_COLUMNS`.

    >>> import pandas as pd
    >>> reviews = pd.DataFrame({"child": ["A", "A"], "period_start": ["04/11/2024"] * 2,
    ...     "meeting_date": ["02/12/2024", "03/03/2025"],
    ...     "recorded_due": ["02/12/2024", "03/03/2025"]})
    >>> out = recorded_dues_frame(reviews, as_of=dt.date(2025, 4, 1))
    >>> out[["review", "statutory_due", "difference_days", "check"]]
       review statutory_due  difference_days               check
    0       1    2024-12-02                0                same
    1       2    2025-03-02                1  later than the law
    >>> print(out["likely_cause"][1])
    months counted as days (+91/+183)
    """
    from ._validate.recorded_due import (  # noqa: PLC0415
        RECORDED_DUE_COLUMNS,
        check_recorded_dues,
    )
    from ._validate.validation import validate  # noqa: PLC0415

    frames, inputs, plain = _read_frames(reviews, None, None, columns)
    if not plain:
        raise IroScheduleError(
            "recorded due dates are read from a plain-format frame (with a meeting_date "
            "column); SSDA903 Reviews have none",
            record="reviews",
            field="meeting_date",
        )
    result = validate(inputs, as_of=as_of, reviews_from=None, policy=policy, calendar=calendar)
    found = check_recorded_dues(result, calendar=calendar)
    cells = [row.values() for row in found.rows]
    table = {column: [row[k] for row in cells] for k, column in enumerate(RECORDED_DUE_COLUMNS)}
    return _from_columns(frames["reviews"], table)


def _read_frames(
    reviews: Any, episodes: Any, header: Any, columns: Mapping[str, str] | None
) -> tuple[dict[str, nw.DataFrame[Any]], Inputs, bool]:
    """The frames, read as their files would be; whether ``reviews`` is the plain format."""
    from ._read.plain import PLAIN_COLUMNS, read_plain  # noqa: PLC0415
    from ._read.ssda903 import read_903  # noqa: PLC0415

    frames = {"reviews": _frame(reviews, "reviews")}
    if episodes is not None:
        frames["episodes"] = _frame(episodes, "episodes")
    if header is not None:
        frames["header"] = _frame(header, "header")
    names = {name: name for name in PLAIN_COLUMNS} | dict(columns or {})
    found = {str(c).strip().upper() for c in frames["reviews"].columns}
    plain = names["meeting_date"].strip().upper() in found
    required = (
        [names[n] for n, needed in PLAIN_COLUMNS.items() if needed]
        if plain
        else ["CHILD", "REVIEW"]
    )
    for name in required:
        if name.strip().upper() not in found:
            raise IroScheduleError(
                f"the reviews frame has no {name!r} column (its columns are "
                f"{', '.join(map(str, frames['reviews'].columns))}); name it, or map it with "
                "columns=",
                record="reviews",
                field=name,
            )
    tables = [_table(f"{name} frame", frame) for name, frame in frames.items()]
    inputs = read_plain(tables[:1], columns=columns) if plain else read_903(tables)
    return frames, inputs, plain


def _carried(frame: nw.DataFrame[Any], taken: set[str]) -> dict[str, list[Any]]:
    """The frame's own columns that are not the library's (a team, an IRO), by name."""
    from ._read.plain import PLAIN_COLUMNS  # noqa: PLC0415
    from ._read.ssda903 import ALL_COLUMNS  # noqa: PLC0415

    # The case system's due date is not a verdict column: it comes through as the caller's.
    ours = [c for c in PLAIN_COLUMNS if c != "recorded_due"]
    known = {c.upper() for c in (*ours, *ALL_COLUMNS, *taken)}
    return {
        str(c): frame[c].to_list() for c in frame.columns if str(c).strip().upper() not in known
    }


def _period_keys(rows: Sequence[RowVerdict]) -> list[tuple[str, dt.date | None]]:
    return [(row.child, row.period_start) for row in rows]


def _first_rows(
    rows: Sequence[RowVerdict], frame_rows: Sequence[int | None]
) -> dict[tuple[str, dt.date | None], int]:
    """The first frame row of each (child, period of care): where an overdue review's carried
    columns come from."""
    first: dict[tuple[str, dt.date | None], int] = {}
    for key, row in zip(_period_keys(rows), frame_rows, strict=True):
        if row is not None:
            first.setdefault(key, row)
    return first


def schedule_frame(
    reviews: Any,
    *,
    episodes: Any = None,
    header: Any = None,
    as_of: dt.date,
    reviews_from: dt.date | None = _NOT_GIVEN,
    policy: Policy | None = None,
    calendar: WorkingCalendar | None = None,
    columns: Mapping[str, str] | None = None,
) -> Any:
    """The next review of every period of care open at ``as_of``, one row per period: the
    nightly "who is due, who is late" job. The same frames as :func:`verdicts_frame` (a
    plain-format frame may hold a row with no meeting for a child with no review yet).

    Each row: ``child``, ``period_start``, ``period_end``, ``ordinal`` (the next review's
    number), ``due``, ``deadline`` (the last working day on or before it), ``working_days``
    (working days from ``as_of`` to the deadline; negative when past), ``overdue``,
    ``days_overdue``, ``regime`` and ``reason`` (why a period cannot be scheduled, with the
    others blank); then the frame's own columns (a team, an IRO) from the period's first row.
    For a due list, keep the rows due in a month; for alerts, those with few working days left
    or overdue.

    >>> import pandas as pd
    >>> export = pd.DataFrame({
    ...     "child": ["A", "N"], "period_start": ["20/12/2024", "02/12/2024"],
    ...     "review_id": ["A-1", ""], "meeting_date": ["20/01/2025", ""],
    ...     "team": ["North", "South"]})
    >>> out = schedule_frame(export, as_of=dt.date(2025, 4, 5))
    >>> out[["child", "ordinal", "due", "working_days", "overdue", "days_overdue", "team"]]
      child  ordinal        due  working_days  overdue  days_overdue   team
    0     A        2 2025-04-20             9    False             0  North
    1     N        1 2025-01-02           -66     True            93  South
    """
    from ._schedule.due import next_reviews  # noqa: PLC0415
    from ._validate.validation import caseload  # noqa: PLC0415

    frames, inputs, plain = _read_frames(reviews, episodes, header, columns)
    if reviews_from is _NOT_GIVEN:
        if not plain:
            raise IroScheduleError(
                "give reviews_from: the date from which the SSDA903 frames hold every review",
                field="reviews_from",
            )
        reviews_from = None
    loaded = caseload(inputs, as_of=as_of, reviews_from=reviews_from)
    items = next_reviews(loaded.periods, as_of=as_of, policy=policy, calendar=calendar)
    table: dict[str, list[Any]] = {name: [] for name in _SCHEDULE_COLUMNS}
    found: list[tuple[Any, ...]] = []
    for item in items:
        period = item.period
        late = item.verdict.days_late if item.verdict is not None else 0
        found.append((item.child, period.start, period.end, item.ordinal, item.due,
                      item.deadline, item.working_days_remaining, item.overdue, late,
                      item.regime.name, ""))  # fmt: skip
    for child, start, end, reason in loaded.skipped:
        if end is None or end > as_of:  # open: its next review falls due, but when?
            found.append((child, start, end, None, None, None, None, None, None, "", reason))
    for values in found:
        for name, value in zip(_SCHEDULE_COLUMNS, values, strict=True):
            table[name].append(value)
    order = sorted(range(len(table["child"])), key=lambda i: (table["child"][i],
                                                             table["period_start"][i]))  # fmt: skip
    table = {name: [column[i] for i in order] for name, column in table.items()}
    carried = _carried(frames["reviews"], set(_SCHEDULE_COLUMNS))
    if carried and plain:
        first = _plain_first_rows(inputs)
        keys = zip(table["child"], table["period_start"], strict=True)
        rows = [first.get(key) for key in keys]
        for name, column in carried.items():
            table[name] = [column[i] if i is not None else None for i in rows]
    return _from_columns(frames["reviews"], table, extra=list(carried) if plain else [])


_SCHEDULE_COLUMNS = (
    "child",
    "period_start",
    "period_end",
    "ordinal",
    "due",
    "deadline",
    "working_days",
    "overdue",
    "days_overdue",
    "regime",
    "reason",
)


def _plain_first_rows(inputs: Inputs) -> dict[tuple[str, dt.date | None], int]:
    """The first frame row naming each (child, period of care), review rows or period rows."""
    from ._read.rows import ReviewColumns  # noqa: PLC0415

    first: dict[tuple[str, dt.date | None], int] = {}
    columns = ReviewColumns.of(inputs.reviews)
    starts = columns.plain.period_start if columns.plain else []
    for child, start, line in zip(columns.child, starts, columns.line, strict=True):
        if start is not None:
            first.setdefault((child, start), line - 2)
    for periods in inputs.periods.values():
        for period in periods:
            if period.whole_history and period.line:
                first.setdefault((period.child, period.start), period.line - 2)
    return first


_DATE_COLUMNS = (
    *("period_start", "period_end", "meeting_date", "counted_date", "due", "deadline"),
    *("held", "recorded_due", "statutory_due"),
)
_INT_COLUMNS = (
    "line",
    "review",
    "difference_days",
    "ordinal",
    "meeting",
    "meetings",
    "days_late",
    "age",
    "row",
    "working_days",
    "days_overdue",
)
_BOOL_COLUMNS = ("brought_forward", "overdue", "late_because_recorded")


def _from_columns(
    like: nw.DataFrame[Any], table: dict[str, list[Any]], *, extra: Sequence[str] = ()
) -> Any:
    """The columns as a frame of ``like``'s library: dates as dates, whole numbers as
    (nullable) integers, flags as booleans, text as text; the ``extra`` columns (the caller's
    own) as the library makes them."""
    if like.implementation.is_pandas():
        import pandas as pd  # noqa: PLC0415 (the caller's own library)

        typed: dict[str, Any] = dict(table)
        for column, values in table.items():
            if column in extra:
                continue
            if column in _INT_COLUMNS:
                typed[column] = pd.array(values, dtype="Int64")
            elif column in _DATE_COLUMNS:
                typed[column] = pd.to_datetime(pd.Series(values, dtype=object))
            elif column in _BOOL_COLUMNS:
                typed[column] = pd.array(values, dtype="boolean")
        return pd.DataFrame(typed)
    lib = _narwhals()
    ours = {name: values for name, values in table.items() if name not in extra}
    schema = {
        column: lib.Date()
        if column in _DATE_COLUMNS
        else lib.Int64()
        if column in _INT_COLUMNS
        else lib.Boolean()
        if column in _BOOL_COLUMNS
        else lib.String()
        for column in ours
    }
    frame = lib.from_dict(ours, schema=schema, backend=like.implementation)
    if extra:  # the caller's own columns, typed as their library types them
        theirs = lib.from_dict({name: table[name] for name in extra}, backend=like.implementation)
        frame = lib.concat([frame, theirs], how="horizontal")
    return frame.to_native()


def _table(name: str, frame: nw.DataFrame[Any]) -> TableStream:
    """The frame as a table of text cells for the readers, read as a CSV file would be."""
    columns = [frame[c].to_list() for c in frame.columns]
    rows = ([_cell(value) for value in row] for row in zip(*columns, strict=True))
    return table_of_rows(name, [str(c) for c in frame.columns], rows)


def _missing(value: object) -> bool:
    """None, NaN, NaT or pandas' NA."""
    try:
        return value is None or bool(value != value)  # noqa: PLR0124 (NaN is not itself)
    except TypeError:  # pandas' NA has no truth value
        return True


def _cell(value: object) -> str:
    """A frame's value as the text a CSV export of it would hold: dates as ISO dates (a time of
    day kept, so that the reader reports it; a time-zone-aware one at its own local time),
    missing values blank, and whole numbers held as
    floats (a column of them with a gap) as whole numbers, ``1`` rather than ``1.0``."""
    if _missing(value):
        return ""
    if isinstance(value, dt.datetime):
        local = value.replace(tzinfo=None)  # a time-zone-aware one at its own local time
        return local.date().isoformat() if local.time() == dt.time(0) else local.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

"""Reading the plain "long" format: one row per review meeting, from any case-management system.

Columns (names can be mapped): ``child``, ``period_start``, ``period_end`` (optional),
``review_id``, ``meeting_date``, ``kind`` (optional: ``review``, ``brought forward``, or any
other word for a meeting that is not a statutory review), and optionally ``regime`` (a regime
name such as ``ENGLAND_SHORT_BREAKS_2010``), ``participation`` (a PN code), ``dob`` and
``recorded_due`` (the due date the case system showed for the review, checked against the law's
by :func:`~iro_schedule.validation.check_recorded_dues`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from .._errors import IroScheduleError, UnreadableFileError
from .._law.regimes import REGIMES_BY_NAME
from .._wording import end_before_start, unknown_regime
from .rows import CarePeriod, CaseReview, InputProblem, Inputs, Labels
from .ssda903 import PARTICIPATION_CODES
from .tables import (
    Source,
    Table,
    TableRow,
    date_if_any,
    open_table,
    parse_date_cached,
    source_name,
    table_sources,
)

__all__ = ["KINDS", "PLAIN_COLUMNS", "read_plain"]

#: The columns of the plain format, and whether each is required.
PLAIN_COLUMNS: dict[str, bool] = {
    "child": True,
    "period_start": True,
    "period_end": False,
    "review_id": False,
    "meeting_date": True,
    "kind": False,
    "regime": False,
    "participation": False,
    "dob": False,
    "recorded_due": False,
}
#: What each kind of meeting counts as, by the words councils' systems use (case and spacing
#: ignored): a statutory review, one brought forward (reg. 33(3)), or, for any other word (a
#: midway review, a planning meeting), not a statutory review.
REVIEW, BROUGHT_FORWARD, NOT_A_REVIEW = "review", "brought forward", "not a review"
KINDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "",
            "review",
            "statutory review",
            "lac review",
            "cla review",
            "looked after review",
            "looked-after review",
            "looked after child review",
            "looked after children review",
            "looked after child's review",
            "child in care review",
            "cic review",
        ),
        REVIEW,
    ),
    **dict.fromkeys(
        ("brought forward", "brought-forward", "brought_forward", "early review"), BROUGHT_FORWARD
    ),
}


def read_plain(
    paths: Source | Sequence[Source],
    *,
    columns: Mapping[str, str] | None = None,
    kinds: Mapping[str, str] | None = None,
    data: Mapping[str, bytes] | None = None,
    keep: Sequence[str] = (),
) -> Inputs:
    """Read plain-format CSV files; ``columns`` maps a canonical name to the file's own header.

    ``keep`` names columns of the file's own (a team, an IRO) to keep as :class:`Labels`, each
    period of care taking the value of its first row that has one.

    ``kinds`` maps a council's own words for kinds of meeting to ``"review"``, ``"brought
    forward"`` or ``"not a review"``, beside the common ones (:data:`KINDS`: "LAC review", "CLA
    review", "child in care review", ...); any word in neither is not a statutory review and is
    reported as not counted. ``data`` gives the bytes of sources by name, read instead of files.
    """
    vocabulary = _vocabulary(kinds)
    mapping = {name: name for name in PLAIN_COLUMNS} | dict(columns or {})
    unknown = set(mapping) - set(PLAIN_COLUMNS)
    if unknown:
        raise IroScheduleError(
            f"unknown column name(s) {sorted(unknown)} in the mapping; "
            f"the plain format's columns are {list(PLAIN_COLUMNS)}",
            field="columns",
            value=sorted(unknown),
        )
    header = {name: theirs.strip().upper() for name, theirs in mapping.items()}
    reviews: list[CaseReview] = []
    problems: list[InputProblem] = []
    periods: dict[tuple[str, dt.date], CarePeriod] = {}
    labels = {name: Labels(column=name) for name in keep}
    files = table_sources(paths)
    rows_read = period_rows = 0
    for path in files:
        try:
            stream = open_table(
                path, data=(data or {}).get(source_name(path)), header=header.values()
            )
        except (UnreadableFileError, OSError) as exc:
            reason = (
                str(exc) if isinstance(exc, UnreadableFileError) else f"could not be read: {exc}"
            )
            problems.append(InputProblem.of_file(source_name(path), reason))
            continue
        table = Table(stream.source, stream.columns, tuple(stream.rows))
        problems.extend(InputProblem.of_file(table.source, n, line=at) for at, n in stream.notes)
        rows_read += len(table.rows)
        missing = [
            n
            for n, required in PLAIN_COLUMNS.items()
            if required and header[n] not in table.columns
        ]
        for row in table.rows:
            if missing:
                problems.append(
                    _problem(
                        row,
                        header,
                        missing[0],
                        (
                            f"the file has no {mapping[missing[0]]!r} column for {missing[0]} "
                            f"(its columns are {', '.join(table.columns)}); map it with columns="
                        ),
                    )
                )
                continue
            _label(row, header, labels)
            if _is_period_row(row, header):
                gave = _read_period(row, header, periods, problems)
                rows_read, period_rows = rows_read - gave, period_rows + gave
                continue
            _read_row(row, header, vocabulary, reviews, problems)
    by_child: dict[str, list[CarePeriod]] = {}
    for period in sorted(periods.values(), key=lambda p: (p.child, p.start)):
        by_child.setdefault(period.child, []).append(period)
    return Inputs(
        reviews=tuple(reviews),
        problems=tuple(problems),
        periods={child: tuple(found) for child, found in by_child.items()},
        labels=labels,
        review_rows_read=rows_read,
        period_rows_read=period_rows,
        sources=tuple(source_name(f) for f in files),
    )


def _label(row: TableRow, header: Mapping[str, str], labels: Mapping[str, Labels]) -> None:
    """Keep the row's values of the columns asked for, for its period of care."""
    if not labels:
        return
    try:
        key = (row.get(header["child"]), parse_date_cached(row.get(header["period_start"])))
    except ValueError:
        return  # an invalid row, reported as such
    for name, found in labels.items():
        value = row.get(name.strip().upper())
        if value:
            found.by_period.setdefault(key, value)


def _is_period_row(row: TableRow, header: Mapping[str, str]) -> bool:
    """A row with no meeting and no review id gives a period of care with no review yet (a
    child newly looked after): its first review falls due all the same."""
    return not row.get(header["meeting_date"]) and not row.get(header["review_id"])


def _read_period(
    row: TableRow,
    header: Mapping[str, str],
    periods: dict[tuple[str, dt.date], CarePeriod],
    problems: list[InputProblem],
) -> int:
    """Read a period row; returns 1 if it gave a period (it is then not a review row), else 0
    (it is an invalid review row, with its problem)."""

    def refuse(field: str, reason: str) -> int:
        problems.append(_problem(row, header, field, reason))
        return 0

    child = row.get(header["child"])
    if not child:
        return refuse("child", "child is blank; every row needs one")
    dates: dict[str, dt.date | None] = {"period_end": None}
    for name in ("period_start", "period_end"):
        text = row.get(header[name])
        if text or name == "period_start":
            try:
                dates[name] = parse_date_cached(text)
            except ValueError as exc:
                return refuse(name, f"{name} {exc}")
    start, end = dates["period_start"], dates["period_end"]
    assert start is not None  # parsed above
    if end is not None and end < start:
        return refuse("period_end", end_before_start(end, start))
    name = row.get(header["regime"])
    regime = REGIMES_BY_NAME.get(name)  # None for a blank name
    if name and regime is None:
        return refuse("regime", unknown_regime([name], list(REGIMES_BY_NAME)))
    period = CarePeriod(
        child=child,
        start=start,
        end=end,
        start_known=True,
        short_breaks=False,
        regime=regime,
        whole_history=True,
        line=row.line,
    )
    periods.setdefault((child, start), period)
    return 1


def _problem(
    row: TableRow, header: Mapping[str, str], field: str, reason: str, status: str = "invalid"
) -> InputProblem:
    return InputProblem(
        source=row.source,
        line=row.line,
        child=row.get(header["child"]),
        field=field,
        value=row.get(header[field]),
        reason=reason,
        review_row=True,
        status=status,
        review_id=row.get(header["review_id"]),
        meeting_date=date_if_any(row.get(header["meeting_date"])),
        period_start=date_if_any(row.get(header["period_start"])),
        period_end=date_if_any(row.get(header["period_end"])),
    )


def _vocabulary(kinds: Mapping[str, str] | None) -> dict[str, str]:
    """The words for kinds of meeting, the caller's beside the common ones."""
    vocabulary = dict(KINDS)
    for word, meaning in (kinds or {}).items():
        if meaning not in (REVIEW, BROUGHT_FORWARD, NOT_A_REVIEW):
            raise IroScheduleError(
                f"kind {word!r} is mapped to {meaning!r}; map each kind to 'review', "
                "'brought forward' or 'not a review'",
                field="kinds",
                value=word,
            )
        vocabulary[_normal(word)] = meaning
    return vocabulary


def _normal(word: str) -> str:
    return " ".join(word.lower().split())


def _read_row(
    row: TableRow,
    header: Mapping[str, str],
    vocabulary: Mapping[str, str],
    reviews: list[CaseReview],
    problems: list[InputProblem],
) -> None:
    def cell(name: str) -> str:
        return row.get(header[name])

    if not cell("child"):
        problems.append(_problem(row, header, "child", "child is blank; every row needs one"))
        return
    kind = vocabulary.get(_normal(cell("kind")), NOT_A_REVIEW)
    if kind == NOT_A_REVIEW:
        problems.append(
            _problem(
                row,
                header,
                "kind",
                (
                    f"kind {cell('kind')!r} is not a statutory review, so it does not count "
                    "towards the timescales (only statutory reviews do)"
                ),
                status="not counted",
            )
        )
        return
    dates: dict[str, dt.date | None] = {}
    for name, required in (("period_start", True), ("meeting_date", True), ("period_end", False)):
        if not required and not cell(name):
            dates[name] = None
            continue  # pragma: no mutate (the last field: stopping here is the same)
        try:
            dates[name] = parse_date_cached(cell(name))
        except ValueError as exc:
            problems.append(_problem(row, header, name, f"{name} {exc}"))
            return
    start, meeting = dates["period_start"], dates["meeting_date"]
    assert start is not None  # required: parsed above
    assert meeting is not None
    code = cell("participation").upper()
    note = (
        ""
        if not code or code in PARTICIPATION_CODES
        else (f"participation {code!r} is not a code PN0-PN7, so participation is not counted")
    )
    dob: dt.date | None = None
    if cell("dob"):
        try:
            dob = parse_date_cached(cell("dob"))
        except ValueError as exc:
            note = "; ".join(filter(None, (note, f"dob {exc}, so the child's age is not known")))
    recorded_due: dt.date | None = None
    if cell("recorded_due"):
        try:
            recorded_due = parse_date_cached(cell("recorded_due"))
        except ValueError as exc:
            problem = f"recorded_due {exc}, so the case system's due date is not checked"
            note = "; ".join(filter(None, (note, problem)))
    reviews.append(
        CaseReview(
            source=row.source,
            line=row.line,
            child=cell("child"),
            meeting_date=meeting,
            review_id=cell("review_id"),
            brought_forward=kind == BROUGHT_FORWARD,
            period_start=start,
            period_end=dates["period_end"],
            regime=cell("regime"),
            participation=code if code in PARTICIPATION_CODES else "",
            dob=dob,
            note=note,
            recorded_due=recorded_due,
        )
    )

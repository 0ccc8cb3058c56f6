"""One law, every door: the same history gets the same verdict, or the same refusal, whichever
public function a caller comes in by.

The expectation is defined through ``assess`` alone: a review ``assess`` refuses is removed (as
a caller would remove it) and the period assessed again, until it judges the rest, or refuses
the period itself. Every other door must agree: ``assess_arrays``, ``assess_frame`` (pandas and
polars), ``validate`` and ``verdicts_frame`` on the plain format, and ``validate`` on SSDA903
files (which hold one meeting per review and no regime of the period's own).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from iro_schedule import (
    ENGLAND_1991,
    ENGLAND_2010,
    SCOTLAND_2009,
    CountedMeeting,
    Interval,
    IroScheduleError,
    PeriodOfCare,
    Policy,
    RegimeDate,
    Review,
    Unit,
    Verdict,
    assess,
    validate,
)
from iro_schedule.arrays import assess_arrays, periods_to_arrays
from iro_schedule.errors import (
    DuplicateReviewError,
    InvalidPeriodError,
    InvalidReviewError,
    NoRegimeError,
    ReviewAfterAsOfError,
)
from iro_schedule.frames import assess_frame, verdicts_frame
from iro_schedule.records import EPISODE_COLUMNS, REVIEW_COLUMNS, read_903, read_plain
from iro_schedule.validation import RowStatus, RowVerdict

from .strategies import History, as_of_for_histories, histories

POLICIES = [
    Policy(),
    Policy(counted_meeting=CountedMeeting.LAST),
    Policy(count_start_day=True),
    Policy(regime_date=RegimeDate.DUE_DATE),
    Policy(regimes=(ENGLAND_2010,)),
    Policy(regimes=(ENGLAND_1991,)),
    Policy(regimes=(SCOTLAND_2009,)),
    Policy(completion_limit=Interval(10, Unit.WORKING_DAYS)),
    Policy(regime_date=RegimeDate.DUE_DATE, counted_meeting=CountedMeeting.LAST),
]


@dataclasses.dataclass
class Expected:
    """What every door must say of one history."""

    history: History
    refused: dict[int, type[Exception]]  # review index -> the error assess refused it with
    kept: list[int]  # the reviews judged, in order
    verdicts: tuple[Verdict, ...] = ()  # assess's verdicts on them (and an overdue one)
    period_refusal: type[Exception] | None = None  # the period itself cannot be judged


def expected(history: History, as_of: dt.date, policy: Policy) -> Expected:
    """``assess``'s answer, removing each review it refuses in turn, as a caller would."""
    kept = list(range(len(history.reviews)))
    refused: dict[int, type[Exception]] = {}
    if history.end is not None and history.end < history.start:
        # The period itself is refused; so, as ever, is a review held after the as-of date.
        late = [i for i in kept if history.reviews[i][-1] > as_of]
        refused = dict.fromkeys(late, ReviewAfterAsOfError)
        rest = [i for i in kept if i not in refused]
        return Expected(history, refused, rest, period_refusal=InvalidPeriodError)
    while True:
        reviews = [
            Review(meetings=history.reviews[i], brought_forward=history.brought_forward[i], id=i)
            for i in kept
        ]
        try:
            period = PeriodOfCare(
                start=history.start, end=history.end, reviews=reviews, regime=history.regime
            )
            return Expected(
                history, refused, kept, assess(period, as_of=as_of, policy=policy).verdicts
            )
        except InvalidReviewError as refusal:
            index = refusal.index
            if index is None:  # pragma: no cover - a review's refusal names the review
                raise
            refused[kept.pop(index)] = type(refusal)
        except NoRegimeError:
            return Expected(history, refused, kept, period_refusal=NoRegimeError)


def _regime_name(history: History) -> str:
    return history.regime.name if history.regime is not None else ""


# --- the plain format: validate and verdicts_frame -------------------------------------------

PLAIN = ("child", "period_start", "period_end", "review_id", "meeting_date", "kind", "regime")


def _plain_rows(found: list[History]) -> list[list[str]]:
    rows = []
    for h in found:
        end = h.end.isoformat() if h.end else ""
        for index, (meetings, bf) in enumerate(zip(h.reviews, h.brought_forward, strict=True)):
            kind = "brought forward" if bf else "review"
            for meeting in meetings:
                rows.append(
                    [h.child, h.start.isoformat(), end, f"{h.child}-R{index}", meeting.isoformat()]
                    + [kind, _regime_name(h)]
                )
    return rows


def _csv(header: tuple[str, ...], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def _check_rows(
    rows: list[RowVerdict], expect: Expected, *, lines: dict[int, int] | None = None
) -> None:
    """A period's row verdicts against ``assess``'s: refused reviews invalid (or, in SSDA903, a
    second review on one date a duplicate), the rest judged as assess judged them. SSDA903 rows
    have no review id: ``lines`` gives the review each line of the reviews file holds."""
    h = expect.history
    by_review: dict[int, list[RowVerdict]] = {}
    overdue = [r for r in rows if r.status is RowStatus.OVERDUE]
    for row in rows:
        if row.status is not RowStatus.OVERDUE:
            index = _review_of(row) if lines is None else lines[row.line or 0]
            by_review.setdefault(index, []).append(row)
    assert sorted(by_review) == list(range(len(h.reviews)))
    for index, refusal in expect.refused.items():
        wanted = RowStatus.INVALID
        if lines is not None and refusal is DuplicateReviewError:
            wanted = RowStatus.DUPLICATE
        assert {r.status for r in by_review[index]} == {wanted}, (index, refusal)
    if expect.period_refusal is not None:
        for index in expect.kept:
            assert {r.status for r in by_review[index]} == {RowStatus.NOT_ASSESSABLE}
        assert not overdue
        return
    held = [v for v in expect.verdicts if v.review is not None]
    for index, verdict in zip(expect.kept, held, strict=True):
        for row in by_review[index]:
            assert _judged(row) == _verdict(verdict), index
    unheld = [v for v in expect.verdicts if v.review is None]
    assert [_judged(r) for r in overdue] == [_verdict(v) for v in unheld]


def _review_of(row: RowVerdict) -> int:
    return int(row.review_id.rsplit("-R", 1)[1])


def _judged(row: RowVerdict) -> tuple[Any, ...]:
    return (row.status.value, row.ordinal, row.due, row.counted_date, row.days_late, row.regime)


def _verdict(v: Verdict) -> tuple[Any, ...]:
    return (v.status.value, v.ordinal, v.due, v.counted_date, v.days_late, v.regime.name)


def _by_child(rows: Any) -> dict[str, list[RowVerdict]]:
    found: dict[str, list[RowVerdict]] = {}
    for row in rows:
        found.setdefault(row.child, []).append(row)
    return found


# --- the array engine and frames: one row per review held ------------------------------------


def _review_frame(found: list[History], library: str) -> Any:
    columns: dict[str, list[Any]] = {k: [] for k in ("child", "start", "end", "first", "last")}
    columns["regime"] = []
    for h in found:
        for meetings in h.reviews:
            for key, value in zip(
                columns,
                (h.child, h.start, h.end, meetings[0], meetings[-1], _regime_name(h)),
                strict=True,
            ):
                columns[key].append(value)
    if library == "pandas":
        frame = pd.DataFrame(columns)
        for name in ("start", "end", "first", "last"):
            frame[name] = pd.to_datetime(frame[name])
        return frame
    return pl.DataFrame(columns, schema_overrides={"end": pl.Date})


def _judge_frame(frame: Any, as_of: dt.date, policy: Policy) -> Any:
    return assess_frame(
        frame,
        child="child",
        period_start="start",
        period_end="end",
        meeting_date="first",
        last_meeting="last",
        regime="regime",
        as_of=as_of,
        policy=policy,
    )


def _records(frame: Any) -> list[dict[str, Any]]:
    native = frame.to_dicts() if isinstance(frame, pl.DataFrame) else frame.to_dict("records")
    return [{k: _plain(v) for k, v in row.items()} for row in native]


def _plain(value: Any) -> Any:
    """A frame's value as Python's: dates as dates, pandas' missing values as None."""
    if isinstance(value, pd.Timestamp):
        return value.date()
    if value is pd.NaT or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value


def _check_clean_doors(found: list[Expected], as_of: dt.date, policy: Policy) -> None:
    """Periods assess judges whole: the arrays and both frame libraries judge them alike."""
    histories_ = [e.history for e in found]
    periods = [
        PeriodOfCare(
            start=h.start,
            end=h.end,
            regime=h.regime,
            reviews=[
                Review(meetings=m, brought_forward=b)
                for m, b in zip(h.reviews, h.brought_forward, strict=True)
            ],
        )
        for h in histories_
    ]
    result = assess_arrays(**periods_to_arrays(periods), as_of=as_of, policy=policy)
    row = 0
    for index, expect in enumerate(found):
        for verdict in expect.verdicts:
            if verdict.review is None:
                assert result.overdue_days[index] == verdict.days_late
                continue
            got = (
                int(result.ordinal[row]),
                result.due[row].item(),
                result.counted[row].item(),
                int(result.days_late[row]),
                result.regimes[result.regime[row]].name,
            )
            assert got == _verdict(verdict)[1:]
            row += 1
    assert row == len(result.due)
    if not row:
        return
    for library in ("pandas", "polars"):
        out = _records(_judge_frame(_review_frame(histories_, library), as_of, policy))
        held = [v for e in found for v in e.verdicts if v.review is not None]
        assert [
            (r["status"], r["ordinal"], r["due"], r["counted_date"], r["days_late"], r["regime"])
            for r in out
        ] == [_verdict(v) for v in held]


def _check_refusing_doors(refused: Expected, as_of: dt.date, policy: Policy) -> None:
    """A history assess refuses: the arrays and frames refuse it too, with the same error."""
    h = refused.history
    first_refusal = next(iter(refused.refused.values()), refused.period_refusal)
    assert first_refusal is not None
    if refused.period_refusal is InvalidPeriodError:
        first_refusal = InvalidPeriodError  # checked before the period's reviews
    elif refused.refused:
        # Faults of order or place come before reviews held after the as-of date (in review
        # order), and both before a regime not in force.
        kinds = list(refused.refused.values())
        structural = [k for k in kinds if k is not ReviewAfterAsOfError]
        first_refusal = structural[0] if structural else ReviewAfterAsOfError
    arrays: dict[str, Any] = {
        "period_start": np.array([h.start], dtype="M8[D]"),
        "period_end": np.array([h.end or "NaT"], dtype="M8[D]"),
        "period_regime": [h.regime],
        "review_period": np.zeros(len(h.reviews), dtype=np.int64),
        "first_meeting": np.array([m[0] for m in h.reviews], dtype="M8[D]"),
        "last_meeting": np.array([m[-1] for m in h.reviews], dtype="M8[D]"),
    }
    with pytest.raises(first_refusal):
        assess_arrays(**arrays, as_of=as_of, policy=policy)
    if h.reviews:
        with pytest.raises(first_refusal):
            _judge_frame(_review_frame([h], "polars"), as_of, policy)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    found=st.lists(histories(), min_size=1, max_size=4),
    policy=st.sampled_from(POLICIES),
    data=st.data(),
)
def test_every_door_gives_the_same_verdict_or_refusal(
    found: list[History], policy: Policy, data: st.DataObject
) -> None:
    found = [dataclasses.replace(h, child=f"C{i}") for i, h in enumerate(found)]
    as_of = data.draw(as_of_for_histories(found))
    expects = [expected(h, as_of, policy) for h in found]
    # The plain format, through validate and through verdicts_frame.
    inputs = read_plain(["plain.csv"], data={"plain.csv": _csv(PLAIN, _plain_rows(found))})
    result = validate(inputs, as_of=as_of, reviews_from=None, policy=policy)
    assert "(balanced)" in result.reconciliation()
    rows = _by_child(result.rows)
    for expect in expects:
        if expect.history.reviews:  # the plain format has one row per meeting, none for no review
            _check_rows(rows.get(expect.history.child, []), expect)
    library = data.draw(st.sampled_from(["pandas", "polars"]))
    frame_rows = _plain_rows(found)
    frame = (pd if library == "pandas" else pl).DataFrame(
        {name: [r[i] for r in frame_rows] for i, name in enumerate(PLAIN)}
    )
    as_frame = verdicts_frame(frame, as_of=as_of, reviews_from=None, policy=policy)
    keys = ("status", "ordinal", "due", "counted_date", "days_late", "regime")
    got = [tuple(r[k] for k in keys) for r in _records(as_frame)]
    assert [tuple(None if v == "" else v for v in _judged(r)) for r in result.rows] == [
        tuple(None if v == "" else v for v in g) for g in got
    ]
    for expect in expects:
        for refusal in {*expect.refused.values(), expect.period_refusal} - {None}:
            event(f"refused: {refusal.__name__}")  # type: ignore[union-attr]
        if expect.verdicts and expect.verdicts[-1].review is None:
            event("an overdue review")
    # The array engine and the frames: periods judged whole alike, refusals refused alike.
    clean = [e for e in expects if not e.refused and e.period_refusal is None]
    if clean:
        _check_clean_doors(clean, as_of, policy)
    for expect in expects:
        if expect.refused or expect.period_refusal is not None:
            _check_refusing_doors(expect, as_of, policy)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    found=st.lists(histories(multi_meeting=False, own_regimes=False), min_size=1, max_size=4),
    policy=st.sampled_from(POLICIES),
    data=st.data(),
)
def test_ssda903_files_give_the_verdicts_assess_gives(
    found: list[History], policy: Policy, data: st.DataObject
) -> None:
    found = [dataclasses.replace(h, child=f"C{i}") for i, h in enumerate(found)]
    # A period of care in SSDA903 is an episode from DECOM to DEC; one that ends before it
    # starts is refused by the reader itself (see test_ssda903.py).
    found = [h for h in found if h.end is None or h.end >= h.start]
    if not found:
        return
    as_of = data.draw(as_of_for_histories(found))
    episodes = [
        [h.child, h.start.strftime("%d/%m/%Y"), "S", "C2", "N1", "U1", "PR1"]
        + [h.end.strftime("%d/%m/%Y") if h.end else "", "E11" if h.end else ""]
        + ["", "", "", ""]
        for h in found
    ]
    reviews = [
        [h.child, "", meetings[0].strftime("%d/%m/%Y"), "PN1"]
        for h in found
        for meetings in h.reviews
    ]
    # Each line of the reviews file (from line 2, under the header) and the review it holds.
    lines = dict(enumerate((i for h in found for i in range(len(h.reviews))), start=2))
    data_ = {
        "episodes.csv": _csv(EPISODE_COLUMNS, episodes),
        "reviews.csv": _csv(REVIEW_COLUMNS, reviews),
    }
    inputs = read_903(list(data_), data=data_)
    result = validate(inputs, as_of=as_of, reviews_from=None, policy=policy)
    rows = _by_child(result.rows)
    for h in found:
        _check_rows(rows.get(h.child, []), expected(h, as_of, policy), lines=lines)


def test_the_drift_cases_of_the_two_engines_are_gone() -> None:
    """The cases where the array engine used to differ from assess (issue 11)."""
    start, held = dt.date(2005, 1, 3), dt.date(2005, 1, 20)
    only_2010 = Policy(regimes=(ENGLAND_2010,))
    period = PeriodOfCare(start=start, reviews=[Review(meetings=[held])])
    with pytest.raises(NoRegimeError):
        assess(period, as_of=dt.date(2005, 6, 1), policy=only_2010)
    with pytest.raises(NoRegimeError):
        assess_arrays(**periods_to_arrays([period]), as_of=dt.date(2005, 6, 1), policy=only_2010)
    # A review before the period, or after its end, or a period ending before it starts.
    before: dict[str, Any] = {
        "period_start": np.array(["2025-01-06"], dtype="M8[D]"),
        "period_end": np.array(["NaT"], dtype="M8[D]"),
        "review_period": np.array([0]),
        "first_meeting": np.array(["2025-01-03"], dtype="M8[D]"),
    }
    with pytest.raises(IroScheduleError, match="before the period of care starts"):
        assess_arrays(**before)
    ended = dict(before, period_end=np.array(["2025-01-01"], dtype="M8[D]"))
    with pytest.raises(InvalidPeriodError, match="period 0: end Wed 1 Jan 2025 is before start"):
        assess_arrays(**ended)
    # A fixed regime outside its dates: the 2010 short-breaks rules for a 2009 series.
    from iro_schedule import ENGLAND_SHORT_BREAKS_2010  # noqa: PLC0415

    series = PeriodOfCare(start=dt.date(2009, 5, 1), regime=ENGLAND_SHORT_BREAKS_2010)
    with pytest.raises(NoRegimeError, match="ENGLAND_SHORT_BREAKS_2010, the regime the period"):
        assess(series)
    with pytest.raises(NoRegimeError, match="ENGLAND_SHORT_BREAKS_2010, the regime the period"):
        assess_arrays(**periods_to_arrays([series]))
    # A review held after the as-of date.
    late = PeriodOfCare(start=dt.date(2025, 1, 6), reviews=[Review(meetings=[held.replace(2025)])])
    with pytest.raises(ReviewAfterAsOfError):
        assess(late, as_of=dt.date(2025, 1, 10))
    with pytest.raises(ReviewAfterAsOfError, match="review row 0"):
        assess_arrays(**periods_to_arrays([late]), as_of=dt.date(2025, 1, 10))

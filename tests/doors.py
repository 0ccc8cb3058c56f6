"""The expectation every door is held to, defined through ``assess`` alone.

A review ``assess`` refuses is removed (as a caller would remove it) and the period assessed
again, until it judges the rest, or refuses the period itself. ``test_doors.py`` holds the array
engine and ``validate`` to it; ``test_doors_frames.py`` the frames.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from typing import Any

from iro_schedule import (
    ENGLAND_1991,
    ENGLAND_2010,
    ENGLAND_ADOPTION_PLACEMENT_2005,
    SCOTLAND_2009,
    CountedMeeting,
    Interval,
    PeriodOfCare,
    Policy,
    RegimeDate,
    Review,
    Unit,
    Verdict,
    assess,
)
from iro_schedule.errors import (
    DuplicateReviewError,
    InvalidPeriodError,
    InvalidReviewError,
    NoRegimeError,
    ReviewAfterAsOfError,
)
from iro_schedule.validation import RowStatus, RowVerdict

from .strategies import History

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
    # Chains whose regimes overlap in time (the last listed governs where both are in force).
    Policy(regimes=(ENGLAND_1991, SCOTLAND_2009)),
    Policy(regimes=(SCOTLAND_2009, ENGLAND_1991), regime_date=RegimeDate.DUE_DATE),
    Policy(regimes=(ENGLAND_ADOPTION_PLACEMENT_2005, ENGLAND_1991, ENGLAND_2010)),
]


@dataclasses.dataclass
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


def regime_name(history: History) -> str:
    return history.regime.name if history.regime is not None else ""


#: The plain format's columns, as the doors' data is written in it.
PLAIN = ("child", "period_start", "period_end", "review_id", "meeting_date", "kind", "regime")


def plain_rows(found: list[History]) -> list[list[str]]:
    rows = []
    for h in found:
        end = h.end.isoformat() if h.end else ""
        for index, (meetings, bf) in enumerate(zip(h.reviews, h.brought_forward, strict=True)):
            kind = "brought forward" if bf else "review"
            for meeting in meetings:
                rows.append(
                    [h.child, h.start.isoformat(), end, f"{h.child}-R{index}", meeting.isoformat()]
                    + [kind, regime_name(h)]
                )
    return rows


def csv_bytes(header: tuple[str, ...], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def check_rows(
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
            index = review_of(row) if lines is None else lines[row.line or 0]
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
            assert judged(row) == verdict_values(verdict), index
    unheld = [v for v in expect.verdicts if v.review is None]
    assert [judged(r) for r in overdue] == [verdict_values(v) for v in unheld]


def review_of(row: RowVerdict) -> int:
    return int(row.review_id.rsplit("-R", 1)[1])


def judged(row: RowVerdict) -> tuple[Any, ...]:
    return (row.status.value, row.ordinal, row.due, row.counted_date, row.days_late, row.regime)


def verdict_values(v: Verdict) -> tuple[Any, ...]:
    return (v.status.value, v.ordinal, v.due, v.counted_date, v.days_late, v.regime.name)


def by_child(rows: Any) -> dict[str, list[RowVerdict]]:
    found: dict[str, list[RowVerdict]] = {}
    for row in rows:
        found.setdefault(row.child, []).append(row)
    return found


def first_refusal(expect: Expected) -> type[Exception]:
    """The error a door judging the history alone raises first: a fault of place or order (in
    review order) before a review held after the as-of date, both before a regime not in force;
    a period ending before it starts before anything about its reviews."""
    if expect.period_refusal is InvalidPeriodError:
        return InvalidPeriodError
    kinds = list(expect.refused.values())
    structural = [k for k in kinds if k is not ReviewAfterAsOfError]
    if structural:
        return structural[0]
    if kinds:
        return ReviewAfterAsOfError
    assert expect.period_refusal is not None
    return expect.period_refusal


def periods_of(found: list[History]) -> list[PeriodOfCare]:
    """The histories as periods of care (for histories assess judges whole)."""
    return [
        PeriodOfCare(
            start=h.start,
            end=h.end,
            regime=h.regime,
            reviews=[
                Review(meetings=m, brought_forward=b)
                for m, b in zip(h.reviews, h.brought_forward, strict=True)
            ],
        )
        for h in found
    ]

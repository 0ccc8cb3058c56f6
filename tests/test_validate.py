"""Validating records: the plain format, row verdicts, nothing lost, overdue and figures."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iro_schedule import (
    CountedMeeting,
    PeriodOfCare,
    Policy,
    annual_figures,
    assess,
    infer_window,
    read_records,
    sample_data,
    validate,
)
from iro_schedule.errors import IroScheduleError, NotADateError, WindowError, WrongTypeError
from iro_schedule.records import EPISODE_COLUMNS, CarePeriod, CaseReview, Inputs, read_plain
from iro_schedule.validation import RowStatus, RowVerdict, Timeline, Validation, reporting_year

from .strategies import as_of_for, periods

D = dt.date
AS_OF = D(2025, 3, 31)
PLAIN = ["child", "period_start", "period_end", "review_id", "meeting_date", "kind"]


def _plain_file(path: Path, rows: list[list[str]], header: list[str] = PLAIN) -> Path:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def assert_rows_agree_with_their_verdicts(result: Validation) -> None:
    """Every judged or overdue row's plain values are those of the core's (lazily built) verdict."""
    for row in result.rows:
        verdict = row.verdict
        if row.status not in (RowStatus.ON_TIME, RowStatus.LATE, RowStatus.OVERDUE):
            assert verdict is None
            assert (row.ordinal, row.due, row.days_late, row.rule) == (None, None, None, "")
            continue
        if not row.number_known:  # judged whatever its number: no verdict of the core's
            assert verdict is None
            assert (row.ordinal, row.due is not None, row.days_late is not None) == (
                None,
                True,
                True,
            )
            assert "its number is not in the data" in row.reason
            continue
        assert verdict is not None
        assert verdict.status.value == row.status.value
        assert (row.ordinal, row.due, row.counted_date, row.days_late) == (
            verdict.ordinal,
            verdict.due,
            verdict.counted_date,
            verdict.days_late,
        )
        assert (row.regime, row.rule) == (verdict.regime.name, verdict.rule)
        assert row.reason.startswith(verdict.explain())


def _run(inputs: Inputs, as_of: dt.date = AS_OF, policy: Policy | None = None) -> Validation:
    return validate(inputs, as_of=as_of, reviews_from=None, policy=policy)


def test_worked_example_first_meeting_on_time_last_meeting_after_due(tmp_path: Path) -> None:
    # Start Mon 6 Jan 2025: review 1 on 30 Jan, review 2 due 30 Apr 2025, held over two
    # meetings on 28 Apr and 12 May.
    path = _plain_file(
        tmp_path / "m.csv",
        [
            ["K1", "2025-01-06", "", "R1", "2025-01-30", "review"],
            ["K1", "2025-01-06", "", "R2", "2025-04-28", "review"],
            ["K1", "2025-01-06", "", "R2", "2025-05-12", "review"],
        ],
    )
    default = _run(read_plain([path]), as_of=D(2025, 6, 1))
    second = [r for r in default.rows if r.review_id == "R2"]
    assert [r.status for r in second] == [RowStatus.ON_TIME, RowStatus.ON_TIME]
    assert [(r.meeting, r.meetings) for r in second] == [(1, 2), (2, 2)]
    assert second[0].counted_date == D(2025, 4, 28)
    assert second[0].due == D(2025, 4, 30)
    last = _run(
        read_plain([path]), as_of=D(2025, 6, 1), policy=Policy(counted_meeting=CountedMeeting.LAST)
    )
    second = [r for r in last.rows if r.review_id == "R2"]
    assert [r.status for r in second] == [RowStatus.LATE, RowStatus.LATE]
    assert second[0].days_late == 12
    assert "Review 2 (id 'R2')" in second[0].reason


def test_plain_format_kinds_and_mapped_columns(tmp_path: Path) -> None:
    header = ["ChildID", "Start", "End", "ReviewRef", "Date", "Type"]
    path = _plain_file(
        tmp_path / "m.csv",
        [
            ["K1", "06/01/2025", "", "R1", "30/01/2025", "Review"],
            ["K1", "06/01/2025", "", "M1", "01/03/2025", "Midway review"],
            ["K1", "06/01/2025", "", "R2", "20/02/2025", "Brought forward"],
            ["", "06/01/2025", "", "R3", "20/02/2025", "Review"],
        ],
        header=header,
    )
    columns = {
        "child": "ChildID",
        "period_start": "Start",
        "period_end": "End",
        "review_id": "ReviewRef",
        "meeting_date": "Date",
        "kind": "Type",
    }
    result = _run(read_records([path], columns=columns), as_of=D(2025, 3, 31))
    by_id = {r.review_id or r.reason[:20]: r for r in result.rows}
    assert by_id["R2"].brought_forward
    assert by_id["R2"].ordinal == 2
    assert "brought forward under reg. 33(3)" in by_id["R2"].reason
    statuses = sorted(r.status.value for r in result.rows)
    assert statuses == ["invalid", "not counted", "on time", "on time"]
    assert "kind 'Midway review' is not a statutory review" in next(
        r.reason for r in result.rows if r.status is RowStatus.NOT_COUNTED
    )
    assert "line 5, child: child is blank" in next(
        r.reason for r in result.rows if r.status is RowStatus.INVALID
    )
    assert result.reconciliation() == (
        "review rows read 4 = 2 judged (on time or late) + 0 not assessable + 1 invalid + 0 "
        "duplicate + 1 not counted (balanced); 0 overdue reviews added"
    )
    # Had a row been lost, the sentence would say so.
    lost = attrs.evolve(result, review_rows_read=5)
    assert "+ 1 not counted (DOES NOT BALANCE); 0 overdue" in lost.reconciliation()


def test_plain_format_missing_column_and_bad_mapping(tmp_path: Path) -> None:
    path = _plain_file(
        tmp_path / "m.csv",
        [["K1", "2025-01-06", "R1", "2025-01-30"]],
        header=["child", "period_start", "review_id", "date"],
    )
    inputs = read_plain([path])
    (problem,) = inputs.problems
    assert problem.field == "meeting_date"
    assert "the file has no 'meeting_date' column" in problem.reason
    with pytest.raises(ValueError, match="unknown column name"):
        read_plain([path], columns={"when": "date"})


def test_overlapping_and_misplaced_reviews_are_invalid(tmp_path: Path) -> None:
    path = _plain_file(
        tmp_path / "m.csv",
        [
            ["K1", "2025-01-06", "", "R1", "2025-01-20", "review"],
            ["K1", "2025-01-06", "", "R1", "2025-02-14", "review"],
            ["K1", "2025-01-06", "", "R2", "2025-02-01", "review"],  # inside R1's span
            ["K1", "2025-01-06", "", "R0", "2025-01-01", "review"],  # before the period starts
            ["K1", "2025-01-06", "", "R1", "2025-01-20", "review"],  # a repeated meeting row
        ],
    )
    result = _run(read_plain([path]), as_of=D(2025, 3, 1))
    status = {(r.review_id, r.line): r.status for r in result.rows if r.line}
    assert status[("R0", 5)] is RowStatus.INVALID
    assert status[("R2", 4)] is RowStatus.INVALID
    assert status[("R1", 6)] is RowStatus.DUPLICATE
    assert status[("R1", 2)] is RowStatus.ON_TIME
    reasons = " ".join(r.reason for r in result.rows)
    assert "before the period of care starts" in reasons
    assert "first meeting Sat 1 Feb 2025 is before the previous review's last meeting" in reasons
    assert "the same review meeting (Mon 20 Jan 2025) as" in reasons
    assert "(balanced)" in result.reconciliation()


def test_review_after_the_end_of_the_data_is_invalid(tmp_path: Path) -> None:
    path = _plain_file(tmp_path / "m.csv", [["K1", "2025-01-06", "", "R1", "2025-06-01", ""]])
    (row,) = [r for r in _run(read_plain([path]), as_of=D(2025, 3, 31)).rows if r.line]
    assert row.status is RowStatus.INVALID
    assert "is after the as-of date (Mon 31 Mar 2025)" in row.reason


def test_regime_column(tmp_path: Path) -> None:
    header = [*PLAIN, "regime"]
    path = _plain_file(
        tmp_path / "m.csv",
        [
            ["K1", "2024-11-30", "", "R1", "2025-02-27", "", "ENGLAND_SHORT_BREAKS_2010"],
            ["K2", "2024-11-30", "", "R1", "2025-02-27", "", "WALES_2016"],
        ],
        header=header,
    )
    result = _run(read_plain([path]))
    k1, k2 = (next(r for r in result.rows if r.child == c and r.line) for c in ("K1", "K2"))
    assert k1.status is RowStatus.ON_TIME
    assert k1.due == D(2025, 2, 28)
    assert k2.status is RowStatus.NOT_ASSESSABLE
    assert "'WALES_2016' is not one regime name" in k2.reason


def _inputs(
    start: dt.date, reviews: list[dt.date], *, known: bool = True, end: dt.date | None = None
) -> Inputs:
    period = CarePeriod(
        child="A",
        start=start,
        end=end,
        start_known=known,
        short_breaks=False,
        why_start_unknown="" if known else "began before the data",
    )
    rows = tuple(
        CaseReview(source="r.csv", line=i + 2, child="A", meeting_date=d)
        for i, d in enumerate(reviews)
    )
    return Inputs(reviews=rows, problems=(), periods={"A": (period,)}, review_rows_read=len(rows))


def test_period_before_the_reviews_data_is_not_assessable() -> None:
    # Begun Mon 6 Jan 2020; reviews from Thu 1 Apr 2021 in the data. The review of 1 May 2021
    # was on time if it was the third or later (due by 30 Sep 2021 at the latest), late if
    # the first (due 3 Feb 2020); the one of 1 Oct 2021 late if the second (due 1 Aug), on time
    # if the third or later (due 1 Nov): both depend on their number.
    inputs = _inputs(D(2020, 1, 6), [D(2021, 5, 1), D(2021, 10, 1)])
    for policy in (Policy(), Policy(judge_unknown_numbers=False)):
        result = validate(inputs, as_of=D(2022, 3, 31), reviews_from=D(2021, 4, 1), policy=policy)
        assert [r.status for r in result.rows] == [RowStatus.NOT_ASSESSABLE] * 2
        assert "before the reviews in the data begin (Thu 1 Apr 2021)" in result.rows[0].reason
        assert "adding the earlier years' files resolves it" in result.rows[0].reason
        assert result.rows[0].ordinal is None
    assert (
        "due between Mon 3 Feb 2020 and Thu 30 Sep 2021"
        in validate(inputs, as_of=D(2022, 3, 31), reviews_from=D(2021, 4, 1)).rows[0].reason
    )
    assert result.timelines == ()  # without judging unknown numbers, nothing is known
    unknown = validate(
        _inputs(D(2021, 6, 1), [D(2021, 7, 1)], known=False),
        as_of=D(2022, 3, 31),
        reviews_from=D(2021, 4, 1),
    )
    assert "began before the data; add the earlier years' files" in unknown.rows[0].reason


def test_period_with_no_reviews_is_overdue() -> None:
    result = validate(_inputs(D(2024, 1, 8), []), as_of=D(2024, 6, 1), reviews_from=None)
    (row,) = result.rows
    assert row.status is RowStatus.OVERDUE
    assert (row.ordinal, row.due, row.days_late) == (1, D(2024, 2, 5), 117)
    assert row.source == ""
    assert "review rows read 0 = 0 judged" in result.reconciliation()


def test_child_without_episodes_and_review_between_periods() -> None:
    inputs = _inputs(D(2024, 1, 8), [D(2023, 12, 1)], end=D(2024, 3, 1))
    inputs = attrs.evolve(
        inputs,
        reviews=(
            *inputs.reviews,
            CaseReview(source="r.csv", line=9, child="Z", meeting_date=D(2024, 2, 1)),
        ),
        review_rows_read=2,
    )
    result = validate(inputs, as_of=D(2024, 6, 1), reviews_from=None)
    reasons = [r.reason for r in result.rows if r.status is RowStatus.INVALID]
    assert any(
        "not within any period of care of child A" in r and "Mon 8 Jan 2024 to Fri 1 Mar 2024" in r
        for r in reasons
    )
    assert any("child Z has no episodes in the data" in r for r in reasons)


@given(st.data(), periods(max_reviews=6))
def test_timeline_overdue_on_matches_assess_at_that_date(
    data: st.DataObject, period: PeriodOfCare
) -> None:
    day = data.draw(as_of_for(period).filter(lambda d: d is not None))
    assert day is not None
    steps_of = assess(period, as_of=dt.date(2060, 1, 1))
    steps = [(v.due, v.counted_date if v.review else None) for v in steps_of.verdicts]
    if steps_of.next_due is not None and (not steps or steps[-1][1] is not None):
        steps.append((steps_of.next_due, None))
    timeline = Timeline(child="A", start=period.start, end=period.end, steps=tuple(steps))
    # Reference: only the reviews counted by that day, assessed as of that day.
    held = [
        r for r, v in zip(period.reviews, steps_of.verdicts, strict=False) if v.counted_date <= day
    ]
    truncated = PeriodOfCare(start=period.start, reviews=held)
    in_care = period.end is None or day <= period.end
    trailing = [v for v in assess(truncated, as_of=day).verdicts if v.review is None]
    expected = trailing[0].days_late if trailing and in_care else None
    assert timeline.overdue_on(day) == expected


def test_a_timeline_judged_is_the_timeline_of_its_steps() -> None:
    """The timelines a validation makes (held as columns) are those made from their steps: equal,
    the same steps back, the same overdue days; only the last step may be a review not held."""
    inputs = read_records([sample_data()])
    window = infer_window(inputs)
    result = validate(inputs, as_of=window.as_of, reviews_from=window.reviews_from)
    timelines = [t for t in result.timelines if isinstance(t, Timeline)]
    assert len(timelines) > 100
    periods = {(r.child, r.period_start): r.period_end for r in result.rows if r.period_start}
    shown = [t for t in timelines if (t.child, t.start) in periods]  # (a period with rows)
    assert len(shown) > 100
    assert any(t.end is not None for t in shown)
    # Each its period's: the child, the start, and (the sample missing no year) the end.
    assert all(periods[t.child, t.start] == t.end for t in shown)
    for timeline in timelines:
        steps = timeline.steps
        assert all(counted is not None for _, counted in steps[:-1])
        made = Timeline(child=timeline.child, start=timeline.start, end=timeline.end, steps=steps)
        assert made == timeline
        assert made.steps == steps
        assert repr(made) == repr(timeline)
        assert f"steps={steps!r}" in repr(made)
        days = [timeline.start + dt.timedelta(days=n) for n in range(0, 800, 7)]
        assert [made.overdue_on(d) for d in days] == [timeline.overdue_on(d) for d in days]
    assert any(steps[-1][1] is None for steps in (t.steps for t in timelines))
    assert any(t.steps and t.steps[-1][1] is not None for t in timelines)


def test_a_timeline_whose_unheld_review_is_not_last_is_refused() -> None:
    first, second, third = D(2024, 1, 30), D(2024, 4, 20), D(2024, 10, 20)
    steps = [(first, first), (second, None), (third, third)]
    with pytest.raises(IroScheduleError, match="only the last step") as caught:
        Timeline(child="A", start=D(2024, 1, 2), end=None, steps=steps)
    assert caught.value.field == "steps"
    assert "Timeline of child 'A'" in str(caught.value)
    # The next review due, not held, is the last step: accepted.
    steps = [(first, first), (second, second), (third, None)]
    timeline = Timeline(child="A", start=D(2024, 1, 2), end=None, steps=steps)
    assert timeline.steps == tuple(steps)


_cells = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "A1",
            "PN1",
            "PN9",
            "S",
            "X1",
            "E11",
            "V3",
            "C2",
            "=1+1",
            "31/02/2023",
            "01/04/2021",
            "2021-05-06",
            "1/1/2022",
            "yesterday",
            "01/01/2030",
            "Zoë",
        ]
    ),
    st.text(max_size=6),
)
_columns = st.lists(
    st.sampled_from(
        ["CHILD", "REVIEW", "REVIEW_CODE", "DOB", "DECOM", "RNE", "LS", "DEC", "REC", "OTHER"]
    ),
    min_size=1,
    max_size=6,
    unique=True,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.data(), _columns, _columns, st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]), st.booleans()
)
def test_malformed_903_input_never_crashes_and_loses_nothing(
    tmp_path_factory: pytest.TempPathFactory,
    data: st.DataObject,
    review_columns: list[str],
    episode_columns: list[str],
    encoding: str,
    crlf: bool,
) -> None:
    folder = tmp_path_factory.mktemp("bad")
    for name, columns in (
        ("x_2022_reviews.csv", review_columns),
        ("x_2022_episodes.csv", episode_columns),
    ):
        rows = data.draw(
            st.lists(st.lists(_cells, min_size=len(columns), max_size=len(columns)), max_size=8)
        )
        lines = [",".join(columns)] + [
            ",".join(c.replace(",", " ").replace('"', "") for c in row) for row in rows
        ]
        text = ("\r\n" if crlf else "\n").join(lines) + "\n"
        (folder / name).write_bytes(text.encode(encoding, errors="replace"))
    inputs = read_records([folder])
    window = infer_window(inputs)
    result = validate(inputs, as_of=window.as_of, reviews_from=window.reviews_from)
    input_rows = [r for r in result.rows if r.status is not RowStatus.OVERDUE]
    assert len(input_rows) == inputs.review_rows_read
    assert "(balanced)" in result.reconciliation()
    made = Counter(row.status for row in result.rows)
    assert result.rows.status_counts() == {status: made[status] for status in RowStatus}
    for row in input_rows:
        assert row.line is not None
        assert row.line >= 2
        if row.status in (RowStatus.INVALID, RowStatus.DUPLICATE):
            assert f"line {row.line}, " in row.reason
    assert_rows_agree_with_their_verdicts(result)
    annual_figures(result, window.years)


_meeting_rows = st.lists(
    st.tuples(
        st.sampled_from(["", "R1", "R2", "R3"]),
        st.integers(min_value=-40, max_value=1200),
        st.booleans(),
    ),
    max_size=12,
)


@given(
    _meeting_rows,
    st.integers(min_value=0, max_value=5000),
    st.none() | st.integers(min_value=-5, max_value=1300),
    st.sampled_from([Policy(), Policy(counted_meeting=CountedMeeting.LAST)]),
)
def test_rows_judged_without_building_values_agree_with_the_core(
    meetings: list[tuple[str, int, bool]], start_offset: int, length: int | None, policy: Policy
) -> None:
    """Reviews out of the period, overlapping or duplicated are rejected exactly as the core
    rejects them, and every judged row's values are those of the verdict the core gives."""
    start = D(2011, 4, 1) + dt.timedelta(days=start_offset)
    end = None if length is None else start + dt.timedelta(days=length)
    reviews = tuple(
        CaseReview(
            source="t.csv",
            line=line,
            child="A",
            meeting_date=start + dt.timedelta(days=offset),
            review_id=review_id,
            brought_forward=brought_forward,
            period_start=start,
            period_end=end,
        )
        for line, (review_id, offset, brought_forward) in enumerate(meetings, start=2)
    )
    inputs = Inputs(reviews=reviews, problems=(), review_rows_read=len(reviews))
    result = _run(inputs, as_of=D(2030, 1, 1), policy=policy)
    assert "(balanced)" in result.reconciliation()
    assert_rows_agree_with_their_verdicts(result)


def test_infer_window_from_file_names_and_without() -> None:
    named = Inputs(reviews=(), problems=(), years=(2023, 2024))
    window = infer_window(named)
    assert (window.as_of, window.reviews_from, window.years) == (
        D(2024, 3, 31),
        D(2022, 4, 1),
        (2023, 2024),
    )
    assert "end of the latest collection year" in window.notes[0]
    plain = _inputs(D(2024, 1, 8), [D(2024, 2, 1), D(2024, 5, 2)])
    window = infer_window(plain)
    assert window.as_of == D(2024, 5, 2)
    assert window.reviews_from is None
    assert window.years == (2024, 2025)
    assert "every review of every period" in window.notes[1]
    # A review after the end of the data is invalid, so its year is not one to report.
    assert infer_window(plain, as_of=D(2024, 3, 31)).years == (2024,)
    given_ = infer_window(plain, as_of=D(2025, 1, 1), reviews_from=D(2023, 4, 1), years=[2025])
    assert given_.years == (2025,)
    assert given_.notes == (
        "As of Wed 1 Jan 2025, as given.",
        "SSDA903 reviews are complete from Sat 1 Apr 2023, as given.",
    )
    with pytest.raises(ValueError, match="cannot tell when the data ends"):
        infer_window(Inputs(reviews=(), problems=()))


def test_annual_figures_by_hand() -> None:
    # Start 6 Jan 2023 (2022-23); review 1 on time, review 2 late by 5 days (2022-23),
    # review 3 on time (2023-24), review 4 (due 15 March 2024) overdue at 31 March 2024.
    reviews = [D(2023, 2, 1), D(2023, 5, 6), D(2023, 9, 15)]
    result = validate(_inputs(D(2023, 1, 6), reviews), as_of=D(2024, 6, 30), reviews_from=None)
    first, second = annual_figures(result, [2023, 2024])
    assert (first.label, first.held, first.on_time, first.late) == ("2022-23", 1, 1, 0)
    assert (second.label, second.held, second.on_time, second.late) == ("2023-24", 2, 1, 1)
    assert (second.late_days_median, second.late_days_max) == (5, 5)
    assert second.percent_on_time == 50.0
    assert (second.children_due, second.children_all_on_time) == (1, 0)
    with pytest.deprecated_call(match="use children_due"):
        assert second.children_reviewed == second.children_due
    assert second.overdue_at_year_end == 1  # review 4, due 15 Mar 2024
    assert first.overdue_at_year_end == 0
    may = next(m for m in second.months if m.month == D(2023, 5, 1))
    assert (may.held, may.on_time, may.percent_on_time) == (1, 0, 0.0)
    assert second.months[0].month == D(2023, 4, 1)
    assert len(second.months) == 12


def test_reporting_year() -> None:
    assert reporting_year(D(2024, 3, 31)) == 2024
    assert reporting_year(D(2024, 4, 1)) == 2025


def test_period_ending_before_it_starts_is_not_assessable(tmp_path: Path) -> None:
    path = _plain_file(
        tmp_path / "m.csv", [["A", "2024-01-08", "2023-01-08", "", "2024-02-01", ""]]
    )
    result = _run(read_plain([path]))
    assert [r.status for r in result.rows] == [RowStatus.NOT_ASSESSABLE]
    assert result.rows[0].reason == (
        "Not assessable: period_end Sun 8 Jan 2023 is before period_start Mon 8 Jan 2024; check "
        "the two "
        "dates are not swapped."
    )


def test_conflicting_period_ends_are_not_assessable(tmp_path: Path) -> None:
    path = _plain_file(
        tmp_path / "m.csv",
        [
            ["K1", "2025-01-06", "2025-03-01", "R1", "2025-01-30", ""],
            ["K1", "2025-01-06", "2025-03-02", "R2", "2025-02-20", ""],
        ],
    )
    rows = _run(read_plain([path])).rows
    assert [r.status for r in rows] == [RowStatus.NOT_ASSESSABLE] * 2
    assert "different period_end dates (Sat 1 Mar 2025, Sun 2 Mar 2025); give one" in rows[0].reason


def test_bundled_sample_rows_agree_with_their_verdicts() -> None:
    """On the bundled sample (adjourned, brought-forward, late, missing reviews, short breaks,
    re-entries, malformed rows): every row's plain values are those of its verdict."""
    inputs = read_records([sample_data()])
    window = infer_window(inputs)
    result = validate(inputs, as_of=window.as_of, reviews_from=window.reviews_from)
    assert result.count(RowStatus.ON_TIME, RowStatus.LATE, RowStatus.OVERDUE) > 500
    assert_rows_agree_with_their_verdicts(result)


def test_a_months_figures_count_each_review_once() -> None:
    # Three children in care from Tue 2 Jan 2024 (review 1 due Tue 30 Jan): A's review held over
    # two meetings (25 and 30 January) counts once, on time; B's on time; C's a day late.
    export = (
        b"child,period_start,review_id,meeting_date\n"
        b"A,02/01/2024,A1,25/01/2024\nA,02/01/2024,A1,30/01/2024\n"
        b"B,02/01/2024,B1,26/01/2024\nC,02/01/2024,C1,31/01/2024\n"
    )
    inputs = read_records(["m.csv"], data={"m.csv": export})
    result = validate(inputs, as_of=D(2024, 2, 15), reviews_from=None)
    (year,) = annual_figures(result, [2024])
    january = next(m for m in year.months if m.month == D(2024, 1, 1))
    assert (january.held, january.on_time, january.percent_on_time) == (3, 2, 66.7)
    assert (year.held, year.on_time, year.late, year.percent_on_time) == (3, 2, 1, 66.7)


def test_a_window_from_undated_ssda903_files_beside_a_plain_export() -> None:
    # Found by mutation testing. The data ends at its latest date, here an episode's DEC after
    # the last review; the SSDA903 reviews are complete from the collection year of the earliest
    # of them, not of the plain export's (which names its periods and holds their history).
    files = {
        "episodes.csv": (
            ",".join(EPISODE_COLUMNS) + "\nC1,01/05/2022,S,C2,N1,U1,PR1,20/01/2024,E11,,,,\n"
        ).encode(),
        "reviews.csv": b"CHILD,DOB,REVIEW,REVIEW_CODE\n"
        b"C1,01/01/2015,25/05/2022,PN1\nC1,01/01/2015,20/08/2023,PN1\n",
        "export.csv": b"child,period_start,meeting_date\nP1,01/05/2019,25/05/2019\n",
    }
    window = infer_window(read_records(list(files), data=files))
    assert (window.as_of, window.reviews_from, window.years) == (
        D(2024, 1, 20), D(2022, 4, 1), (2020, 2023, 2024)
    )  # fmt: skip
    empty = {"reviews.csv": b"CHILD,DOB,REVIEW,REVIEW_CODE\n"}
    with pytest.raises(WindowError) as found:
        infer_window(read_records(list(empty), data=empty))
    assert str(found.value) == (
        "cannot tell when the data ends: it has no dates; give the as-of date (--as-of)"
    )
    assert found.value.field == "as_of"


def test_a_refused_review_names_the_plain_formats_date_column() -> None:
    # Found by mutation testing: a plain row's refusal names meeting_date (SSDA903's, REVIEW).
    export = b"child,period_start,review_id,meeting_date\nA,02/01/2024,R1,01/01/2024\n"
    result = validate(
        read_records(["m.csv"], data={"m.csv": export}), as_of=D(2024, 3, 1), reviews_from=None
    )
    refused = result.rows[0]
    assert (refused.status, refused.reason) == (
        RowStatus.INVALID,
        "m.csv line 2, meeting_date: first meeting Mon 1 Jan 2024 is before the period of care "
        "starts (Tue 2 Jan 2024); it belongs to an earlier period",
    )


def test_a_timeline_is_overdue_from_the_day_after_the_due_date() -> None:
    # In care from Tue 2 Jan 2024, no review: review 1 due Tue 30 Jan 2024. Not overdue on the
    # due date; 1 day overdue the day after (found by mutation testing).
    export = b"child,period_start,review_id,meeting_date\nA,02/01/2024,,\n"
    result = validate(
        read_records(["m.csv"], data={"m.csv": export}), as_of=D(2024, 3, 1), reviews_from=None
    )
    (timeline,) = result.timelines
    days = [D(2024, 1, 1), D(2024, 1, 2), D(2024, 1, 30), D(2024, 1, 31), D(2024, 3, 1)]
    assert [timeline.overdue_on(d) for d in days] == [None, None, None, 1, 31]


def test_a_frames_cells_are_read_as_a_files_would_be() -> None:
    # Column names in any case, cells stripped, a blank row skipped but counted: frame row i
    # is line i + 2, as in a CSV file with a header. (pandas only: this test also runs in the
    # mutation run, which cannot run polars.)
    pd = pytest.importorskip("pandas")
    from iro_schedule.frames import verdicts_frame  # noqa: PLC0415 (needs pandas)

    episodes = pd.DataFrame({"child": ["A"], "Decom": ["20/12/2024"], "rne": ["S"],
                             "ls": ["C2"], "dec": [""], "rec": [""]})  # fmt: skip
    reviews = pd.DataFrame({"Child": [" A", " ", "A"], "review": ["20/01/2025 ", "", "31/13/2025"],
                            "review_code": [" PN1", "", "PN1"]})  # fmt: skip
    out = verdicts_frame(reviews, episodes=episodes, as_of=D(2025, 11, 1), reviews_from=None)
    rows = out[["source", "line", "row", "status", "child", "participation"]]
    assert rows.fillna(-1).values.tolist() == [
        ["reviews frame", 2, 0, "on time", "A", "PN1"],
        ["", -1, -1, "overdue", "A", ""],
        ["reviews frame", 4, 2, "invalid", "A", ""],
    ]
    assert out["reason"][2] == (
        "reviews frame line 4, REVIEW: REVIEW '31/13/2025' is not a real date; give it as "
        "dd/mm/YYYY"
    )
    # A plain-format frame the same way.
    plain = pd.DataFrame({"Child": ["A", " ", "A"],
                          "Period_Start": ["06/01/2025", "", "06/01/2025"],
                          "meeting_date": [" 30/01/2025", "", "31/02/2025"]})  # fmt: skip
    out = verdicts_frame(plain, as_of=D(2025, 3, 31))
    rows = out[["line", "row", "status", "child"]]
    assert rows.values.tolist() == [[2, 0, "on time", "A"], [4, 2, "invalid", "A"]]
    assert out["reason"][1] == (
        "reviews frame line 4, meeting_date: meeting_date '31/02/2025' is not a real date"
    )


def test_a_plain_rows_participation_and_date_of_birth(tmp_path: Path) -> None:
    # A's code in lower case is read as PN1, and A is 10 on the day; B's code and date of birth
    # are not real, each said in a note, and the review is judged all the same; C gives
    # neither; D's kind is not a statutory review; E has no period start.
    path = tmp_path / "m.csv"
    path.write_text(
        "child,period_start,meeting_date,participation,dob,kind\n"
        "A,06/01/2025,30/01/2025,pn1,30/01/2015,review\n"
        "B,06/01/2025,30/01/2025,PN9,31/02/2015,\n"
        "C,06/01/2025,30/01/2025,,,Statutory review\n"
        "D,06/01/2025,30/01/2025,PN7,30/01/2021,Midway review\n"
        "E,,30/01/2025,PN1,,\n"
    )
    result = validate(read_records([path]), as_of=D(2025, 3, 31), reviews_from=None)
    where = f"{path} line"
    assert [(r.child, r.status.value, r.participation, r.age, r.detail) for r in result.rows] == [
        ("A", "on time", "PN1", 10, ""),
        ("B", "on time", "", None,
         "participation 'PN9' is not a code PN0-PN7, so participation is not counted; dob "
         "'31/02/2015' is not a real date, so the child's age is not known"),
        ("C", "on time", "", None, ""),
        ("D", "not counted", "", None,
         f"{where} 5, kind: kind 'Midway review' is not a statutory review, so it does not "
         "count towards the timescales (only statutory reviews do)"),
        ("E", "invalid", "", None, f"{where} 6, period_start: period_start is blank"),
    ]  # fmt: skip


def test_the_samples_figures_recounted_from_its_rows() -> None:
    # Each year's reviews held (judged, counted at their first meeting), on time, late, judged
    # whatever their number, and each month's, counted again one row at a time.
    inputs = read_records(sample_data())
    window = infer_window(inputs)
    result = validate(
        inputs, as_of=window.as_of, reviews_from=window.reviews_from, gaps=window.gaps
    )
    judged = [r for r in result.rows
              if r.status in (RowStatus.ON_TIME, RowStatus.LATE) and r.meeting <= 1]  # fmt: skip
    for year in annual_figures(result, window.years):
        held = [r for r in judged if r.counted_date and year.start <= r.counted_date <= year.end]
        on_time = [r for r in held if r.status is RowStatus.ON_TIME]
        assert (year.held, year.on_time, year.late) == (
            len(held), len(on_time), len(held) - len(on_time)
        )  # fmt: skip
        assert year.held_whatever_number == sum(1 for r in held if not r.number_known)
        assert year.late_days_max == max(r.days_late or 0 for r in held)
        for month in year.months:
            in_month = [r for r in held if r.counted_date
                        and (r.counted_date.year, r.counted_date.month)
                        == (month.month.year, month.month.month)]  # fmt: skip
            assert (month.held, month.on_time) == (
                len(in_month), sum(1 for r in in_month if r.status is RowStatus.ON_TIME)
            )  # fmt: skip
        assert year.held > 1 and year.on_time > 1  # noqa: PT018 (two or more on some day)


def test_figures_count_every_row_whatever_comes_before_it() -> None:
    # Rows handed in as values: an invalid row with no date first, then two invalid rows dated
    # the same day, then a review held on time. Each is counted.
    inputs = read_records(sample_data())
    window = infer_window(inputs)
    result = validate(inputs, as_of=window.as_of, reviews_from=None)
    held = next(r for r in result.rows if r.status is RowStatus.ON_TIME and r.meeting <= 1)
    bad = RowVerdict(source="x.csv", line=9, child="Z", status=RowStatus.INVALID)
    dated = attrs.evolve(bad, meeting_date=held.meeting_date)
    rows = [bad, dated, attrs.evolve(dated, line=10), held]
    assert held.counted_date is not None
    year = reporting_year(held.counted_date)
    (figures,) = annual_figures(attrs.evolve(result, rows=rows), [year])
    assert (figures.invalid, figures.held, figures.on_time) == (2, 1, 1)


def test_a_row_given_with_no_line_is_named_by_its_source() -> None:
    # Found by mutation testing: a review given as a value with no line (0) is named by its
    # source alone (not "line 0").
    review = CaseReview(source="r.csv", line=0, child="A", meeting_date=D(2024, 5, 1))
    inputs = Inputs(reviews=(review,), problems=())
    (row,) = validate(inputs, as_of=D(2025, 1, 1), reviews_from=None).rows
    assert row.detail.startswith("r.csv, REVIEW: ")


def test_ssda903_files_with_no_review_and_no_year_hold_every_review() -> None:
    # Found by mutation testing: SSDA903 files with no collection year in their names and no
    # review rows give no first day of reviews (their periods' whole history is taken as held).
    files = {
        "episodes.csv": b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n"
        b"A,01/04/2023,S,C2,N1,U1,PR1,,\n",
        "reviews.csv": b"CHILD,DOB,REVIEW,REVIEW_CODE\n",
    }
    window = infer_window(read_records(list(files), data=files))
    assert (window.as_of, window.reviews_from, window.years) == (D(2023, 4, 1), None, ())
    assert window.notes[1] == (
        "The data is taken to hold every review of every period of care (give the date from "
        "which it does, if it does not)."
    )


def test_rows_with_no_meeting_are_counted_across_files() -> None:
    # Found by mutation testing: the rows that only give a period are counted in every file.
    files = {
        "a.csv": b"child,period_start,meeting_date\nA,01/01/2024,\nB,01/01/2024,10/01/2024\n",
        "b.csv": b"child,period_start,meeting_date\nC,01/02/2024,\n",
    }
    inputs = read_records(list(files), data=files)
    assert (inputs.review_rows_read, inputs.period_rows_read) == (1, 2)
    result = validate(inputs, as_of=D(2024, 6, 1), reviews_from=None)
    assert result.reconciliation().endswith(
        "; 3 overdue reviews added; 2 rows with no meeting gave periods of care with no review yet"
    )


def test_rows_with_no_meeting_are_counted_beside_ssda903_files() -> None:
    # Found by mutation testing: plain rows that only give a period, read with SSDA903 files.
    files = {
        "ssda903_2024_episodes.csv": b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n"
        b"A,01/04/2023,S,C2,N1,U1,PR1,,\n",
        "ssda903_2024_reviews.csv": b"CHILD,DOB,REVIEW,REVIEW_CODE\nA,01/01/2015,20/04/2023,PN1\n",
        "plain.csv": b"child,period_start,meeting_date\nC,01/02/2024,\n",
    }
    inputs = read_records(list(files), data=files)
    assert (inputs.review_rows_read, inputs.period_rows_read) == (1, 1)


def test_a_period_no_regime_covers_is_not_assessable_with_the_reason() -> None:
    # Found by mutation testing: the refusal's own words are the rows' reason.
    files = {"p.csv": b"child,period_start,meeting_date\nA,01/01/1985,10/01/1985\n"}
    result = validate(read_records(list(files), data=files), as_of=D(1986, 1, 1), reviews_from=None)
    (row,) = result.rows
    assert row.status is RowStatus.NOT_ASSESSABLE
    assert row.reason == (
        "Not assessable: no review regime was in force on Tue 1 Jan 1985 (regimes considered: "
        "ENGLAND_1991, ENGLAND_2010); name one with PeriodOfCare(regime=...) or "
        "Policy(regimes=...)."
    )


def test_bytes_given_for_a_name_are_read_even_where_a_folder_has_it(tmp_path: Path) -> None:
    # Found by mutation testing: data given for a path is read as that file, even where the
    # path is a folder on disk (inside a folder given).
    (tmp_path / "returns" / "meetings.csv").mkdir(parents=True)
    data = {
        str(tmp_path / "returns" / "meetings.csv"): b"child,period_start,meeting_date\n"
        b"A,01/01/2024,10/01/2024\n"
    }
    inputs = read_records([tmp_path / "returns"], data=data)
    assert (inputs.review_rows_read, inputs.problems) == (1, ())


def test_a_childs_age_on_the_day_is_kept_up_to_25(tmp_path: Path) -> None:
    # Found by mutation testing: the bounds of an age. Born on the day of the review: 0. Aged
    # 25 on the day (care leavers are supported to 25): kept. 26: no looked-after child is, so
    # the year is taken as mistyped and the age is not known.
    path = tmp_path / "m.csv"
    path.write_text(
        "child,period_start,meeting_date,dob\n"
        "A,06/01/2025,30/01/2025,30/01/2025\n"
        "B,06/01/2025,30/01/2025,30/01/2000\n"
        "C,06/01/2025,30/01/2025,30/01/1999\n"
        "D,06/01/2025,30/01/2025,31/01/1999\n"
    )
    result = validate(read_records([path]), as_of=D(2025, 3, 31), reviews_from=None)
    assert [(r.child, r.age) for r in result.rows if r.meeting_date] == [
        ("A", 0),
        ("B", 25),
        ("C", None),
        ("D", 25),
    ]


def test_a_review_of_a_period_not_judged_keeps_each_meetings_note_and_brought_forward(
    tmp_path: Path,
) -> None:
    # Found by mutation testing: a review held over two meetings in a period that cannot be
    # judged (its regime is not one the library knows). Only the second meeting says the
    # review was brought forward; each gives a participation code that is not one: both rows
    # say all of it.
    path = tmp_path / "m.csv"
    path.write_text(
        "child,period_start,review_id,meeting_date,kind,regime,participation\n"
        "A,06/01/2025,R1,30/01/2025,review,WALES_2015,PN8\n"
        "A,06/01/2025,R1,03/02/2025,brought forward,WALES_2015,PN9\n"
    )
    result = validate(read_records([path]), as_of=D(2025, 3, 31), reviews_from=None)
    note = "; ".join(
        f"participation {code!r} is not a code PN0-PN7, so participation is not counted"
        for code in ("PN8", "PN9")
    )
    assert [(r.status, r.meeting, r.meetings, r.brought_forward) for r in result.rows] == [
        (RowStatus.NOT_ASSESSABLE, 1, 2, True),
        (RowStatus.NOT_ASSESSABLE, 2, 2, True),
    ]
    for row in result.rows:
        assert row.reason.startswith("Not assessable: the period's regime 'WALES_2015' is not")
        assert row.reason.endswith(f" Note: {note}.")


def test_an_as_of_date_on_the_last_day_before_a_missing_year_is_named_as_the_as_of_date() -> None:
    # Found by mutation testing: judged up to the as-of date, which is also the last day before
    # the missing year given; the overdue review is overdue by the as-of date.
    episodes = ",".join(EPISODE_COLUMNS) + "\nC1,01/10/2020,S,C2,N1,U1,PR1,,,,,,\n"
    files = {"ssda903_2021_episodes.csv": episodes.encode()}
    result = validate(
        read_records(list(files), data=files),
        as_of=D(2021, 3, 31),
        reviews_from=D(2020, 4, 1),
        gaps=[(D(2021, 4, 1), D(2022, 3, 31))],
    )
    [row] = result.rows
    assert (row.status, row.due, row.days_late) == (RowStatus.OVERDUE, D(2020, 10, 29), 153)
    assert row.reason.endswith(
        "No review was held by Wed 31 Mar 2021 (the as-of date): it is 153 days overdue."
    )


def _ssda903_rows(files: dict[str, str]) -> Sequence[RowVerdict]:
    """The rows of SSDA903 files (by name) judged with the window their names give."""
    data = {name: text.encode() for name, text in files.items()}
    inputs = read_records(list(data), data=data)
    window = infer_window(inputs)
    return validate(
        inputs, as_of=window.as_of, reviews_from=window.reviews_from, gaps=window.gaps
    ).rows


def test_a_periods_rows_come_in_date_order_with_those_outside_its_stretches() -> None:
    # Found by mutation testing: a review dated in the missing year 2020-21 (in the next
    # year's file) is outside every stretch of the data, and one dated before the data's
    # reviews begin (1 Apr 2019) too; each takes its place by date among the period's rows.
    episodes = ",".join(EPISODE_COLUMNS) + "\nC1,01/06/2018,S,C2,N1,U1,PR1,,,,,,\n"
    head = "CHILD,DOB,REVIEW,REVIEW_CODE\n"
    rows = _ssda903_rows(
        {
            "ssda903_2020_episodes.csv": episodes,
            "ssda903_2022_episodes.csv": episodes,
            "ssda903_2020_reviews.csv": head + "C1,01/01/2010,01/03/2019,PN1\n"
            "C1,01/01/2010,10/09/2019,PN1\nC1,01/01/2010,01/03/2020,PN1\n",
            "ssda903_2022_reviews.csv": head + "C1,01/01/2010,01/10/2020,PN1\n"
            "C1,01/01/2010,10/05/2021,PN1\nC1,01/01/2010,01/11/2021,PN1\n",
        }
    )
    dates = [r.meeting_date for r in rows if r.meeting_date is not None]
    assert dates == sorted(dates)
    assert len(dates) == 6
    assert [r.status for r in rows if r.meeting_date in (D(2019, 3, 1), D(2020, 10, 1))] == [
        RowStatus.NOT_ASSESSABLE
    ] * 2


def test_a_period_begun_before_the_data_keeps_an_earlier_review_first() -> None:
    # Found by mutation testing: one stretch of data (from 1 Apr 2019), and a review dated
    # before it in the year's file: it comes first, not after the stretch's rows.
    episodes = ",".join(EPISODE_COLUMNS) + "\nC1,01/06/2018,S,C2,N1,U1,PR1,,,,,,\n"
    rows = _ssda903_rows(
        {
            "ssda903_2020_episodes.csv": episodes,
            "ssda903_2020_reviews.csv": "CHILD,DOB,REVIEW,REVIEW_CODE\n"
            "C1,01/01/2010,10/09/2019,PN1\nC1,01/01/2010,01/03/2019,PN1\n",
        }
    )
    assert [r.meeting_date for r in rows if r.meeting_date] == [D(2019, 3, 1), D(2019, 9, 10)]
    assert "before the reviews in the data begin (Mon 1 Apr 2019)" in rows[0].reason


def test_a_review_after_the_as_of_date_in_a_period_not_judged_is_kept_in_date_order(
    tmp_path: Path,
) -> None:
    # Found by mutation testing: a period that cannot be judged (an unknown regime) with a
    # review held after the as-of date: that row is invalid, the other not assessable, both
    # in date order.
    path = tmp_path / "m.csv"
    path.write_text(
        "child,period_start,meeting_date,regime\n"
        "A,06/01/2025,10/04/2025,WALES_2015\nA,06/01/2025,30/01/2025,WALES_2015\n"
    )
    result = validate(read_records([path]), as_of=D(2025, 3, 31), reviews_from=None)
    assert [(r.meeting_date, r.status) for r in result.rows] == [
        (D(2025, 1, 30), RowStatus.NOT_ASSESSABLE),
        (D(2025, 4, 10), RowStatus.INVALID),
    ]
    assert f"{path} line 2, meeting_date: " in result.rows[1].reason
    assert "after the as-of date" in result.rows[1].reason


def test_progress_is_told_every_thousand_periods(tmp_path: Path) -> None:
    # Found by mutation testing: the progress callback's count.
    path = tmp_path / "m.csv"
    path.write_text(
        "child,period_start,meeting_date\n"
        + "".join(f"C{n},06/01/2025,30/01/2025\n" for n in range(2500))
    )
    told: list[tuple[int, int]] = []
    result = validate(
        read_records([path]),
        as_of=D(2025, 3, 31),
        reviews_from=None,
        progress=lambda done, total: told.append((done, total)),
    )
    assert len(result.rows) == 2500  # each review; the next is not yet due
    assert told == [(1000, 2500), (2000, 2500)]
    told.clear()
    few = read_records([path])
    few = attrs.evolve(few, reviews=few.reviews[:999])
    validate(few, as_of=D(2025, 3, 31), reviews_from=None, progress=lambda *done: told.append(done))
    assert told == []  # fewer than a thousand periods: nothing to tell


def test_validate_refuses_a_reviews_from_or_a_policy_of_the_wrong_kind() -> None:
    # Found by mutation testing: the checks' fields and words.
    inputs = Inputs(reviews=(), problems=())
    with pytest.raises(NotADateError) as not_a_date:
        validate(inputs, as_of=AS_OF, reviews_from="2024-04-01")  # type: ignore[arg-type]
    assert (not_a_date.value.field, not_a_date.value.value) == ("reviews_from", "2024-04-01")
    assert str(not_a_date.value).startswith("reviews_from must be a datetime.date, got str")
    with pytest.raises(WrongTypeError) as not_a_policy:
        validate(inputs, as_of=AS_OF, reviews_from=None, policy="strict")  # type: ignore[arg-type]
    assert (not_a_policy.value.field, not_a_policy.value.value) == ("policy", "strict")
    assert str(not_a_policy.value) == "policy must be a Policy, or None, got str 'strict'"


def test_a_validation_holds_the_policy_it_was_judged_with() -> None:
    # Found by mutation testing: the policy given, or the library's default.
    inputs = Inputs(reviews=(), problems=())
    assert validate(inputs, as_of=AS_OF, reviews_from=None).policy == Policy()
    chosen = Policy(count_start_day=True)
    assert validate(inputs, as_of=AS_OF, reviews_from=None, policy=chosen).policy is chosen


def test_a_plain_row_not_judged_keeps_the_period_it_names() -> None:
    files = {
        "meetings.csv": (
            b"child,period_start,period_end,meeting_date,kind\n"
            b"C1,2024-01-10,2024-12-31,2024-01-30,review\n"
            b"C1,2024-01-10,2024-12-31,2024-01-30,review\n"  # the same meeting again
            b"C1,2024-01-10,2024-12-31,2024-03-01,visit\n"  # not a review
            b"C1,2024-01-10,2024-12-31,2025-06-01,review\n"  # after the as-of date
            b"C1,2024-01-10,2024-12-31,2024-02-30,review\n"  # not a date
            b"C2,2024-02-30,,2024-03-01,review\n"  # its period not a date
        )
    }
    result = validate(
        read_records(list(files), data=files), as_of=dt.date(2025, 1, 1), reviews_from=None
    )
    shown = {(r.line, r.status): (r.period_start, r.period_end) for r in result.rows if r.line}
    period = (dt.date(2024, 1, 10), dt.date(2024, 12, 31))
    assert shown == {
        (2, RowStatus.ON_TIME): period,
        (3, RowStatus.DUPLICATE): period,
        (4, RowStatus.NOT_COUNTED): period,
        (5, RowStatus.INVALID): period,
        (6, RowStatus.INVALID): period,
        (7, RowStatus.INVALID): (None, None),
    }

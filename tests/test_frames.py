"""The data-frame API: the same answers as the core, in pandas and in polars."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from iro_schedule import (
    IroScheduleError,
    PeriodOfCare,
    Policy,
    assess,
    england_calendar,
    first_review_due,
    regime_in_force,
    validate,
)
from iro_schedule.frames import (
    ASSESS_COLUMNS,
    add_due_after,
    add_first_review_due,
    assess_frame,
    recorded_dues_frame,
    schedule_frame,
    verdicts_frame,
)
from iro_schedule.records import EPISODE_COLUMNS, REVIEW_COLUMNS, read_903, read_plain
from iro_schedule.reports import CSV_COLUMNS, RECORDED_DUE_COLUMNS, rows_as_csv
from iro_schedule.validation import check_recorded_dues

from .strategies import DATA_FROM, DATA_TO, children_903, dates, episodes_csv, periods

LIBRARIES = ["pandas", "polars"]
AS_OF = dt.date(2042, 1, 1)


def _frame(library: str, columns: dict[str, list[Any]]) -> Any:
    if library == "polars":
        return pl.DataFrame(columns)
    rows = len(next(iter(columns.values()), []))
    # An index that is not 0..n-1, as a filtered frame has: results must follow the rows.
    return pd.DataFrame(columns, index=range(10 * rows, 0, -10))


def _records(frame: Any) -> list[dict[str, Any]]:
    """Rows as dicts of plain values (dates as datetime.date, missing as None)."""
    if isinstance(frame, pl.DataFrame):
        records: list[dict[str, Any]] = frame.to_dicts()
        return records
    rows = []
    for record in frame.astype(object).to_dict("records"):
        rows.append(
            {
                k: None
                if v is pd.NaT or v is pd.NA or v is None
                else v.date()
                if isinstance(v, pd.Timestamp)
                else v
                for k, v in record.items()
            }
        )
    return rows


def _review_rows(
    chosen: list[PeriodOfCare], order_seed: int | None
) -> tuple[list[tuple[int, int]], dict[str, list[Any]]]:
    """One row per review (child = period index), shuffled unless ``order_seed`` is None; and
    which (period, review) each row is."""
    keys = [(p, r) for p, period in enumerate(chosen) for r in range(len(period.reviews))]
    if order_seed is not None:
        random.Random(order_seed).shuffle(keys)
    columns: dict[str, list[Any]] = {"child": [], "start": [], "end": [], "first": [], "last": []}
    for p, r in keys:
        period, review = chosen[p], chosen[p].reviews[r]
        columns["child"].append(f"C{p}")
        columns["start"].append(period.start)
        columns["end"].append(period.end)
        columns["first"].append(review.first_meeting)
        columns["last"].append(review.completed)
    return keys, columns


@pytest.mark.parametrize("library", LIBRARIES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    chosen=st.lists(periods(max_reviews=8), min_size=1, max_size=6),
    order_seed=st.none() | st.integers(0, 1000),
    policy=st.sampled_from([Policy(), Policy(count_start_day=True)]),
)
def test_assess_frame_agrees_with_assess_row_for_row(
    library: str, chosen: list[PeriodOfCare], order_seed: int | None, policy: Policy
) -> None:
    keys, columns = _review_rows(chosen, order_seed)
    if not keys:
        return
    # Every review held by the as-of date (the refusals are held to assess's in test_doors.py).
    assume(all(r.completed <= AS_OF for p in chosen for r in p.reviews))
    frame = _frame(library, columns)
    out = assess_frame(
        frame,
        child="child",
        period_start="start",
        period_end="end",
        meeting_date="first",
        last_meeting="last",
        as_of=AS_OF,
        policy=policy,
    )
    assert type(out) is type(frame)
    assert list(out.columns) == [*columns, *ASSESS_COLUMNS]
    verdicts = [assess(p, as_of=AS_OF, policy=policy).verdicts for p in chosen]
    for (p, r), row in zip(keys, _records(out), strict=True):
        v = verdicts[p][r]
        assert row["child"] == f"C{p}"
        assert (row["ordinal"], row["due"], row["counted_date"], row["days_late"]) == (
            v.ordinal,
            v.due,
            v.counted_date,
            v.days_late,
        )
        assert (row["status"], row["regime"], row["rule"]) == (
            v.status.value,
            v.regime.name,
            v.rule,
        )


@pytest.mark.parametrize("library", LIBRARIES)
@settings(max_examples=30, deadline=None)
@given(
    starts=st.lists(dates(dt.date(1991, 10, 14), dt.date(2060, 11, 30)), min_size=1, max_size=20),
    ordinal=st.integers(1, 4),
)
def test_due_date_helpers_agree_with_the_core(
    library: str, starts: list[dt.date], ordinal: int
) -> None:
    frame = _frame(library, {"when": starts, "n": [ordinal] * len(starts)})
    first = _records(add_first_review_due(frame, "when"))
    assert [r["first_review_due"] for r in first] == [first_review_due(d) for d in starts]
    after = _records(add_due_after(frame, "when", ordinal="n", name="next"))
    expected = [
        regime_in_force(d).interval_for(ordinal).after(d, regime_in_force(d).calendar())
        for d in starts
    ]
    assert [r["next"] for r in after] == expected
    assert _records(add_due_after(frame, "when", ordinal=ordinal, name="next")) == after


def test_due_date_helpers_count_working_days_in_the_calendar_given() -> None:
    # In care from Fri 20 Dec 2024: review 1 due by Wed 22 Jan 2025, or by Fri 24 Jan 2025 in a
    # calendar closing 2 and 3 January as well.
    closed = england_calendar().with_non_working_days([dt.date(2025, 1, 2), dt.date(2025, 1, 3)])
    frame = pd.DataFrame({"start": ["20/12/2024"], "n": [1]})
    out = add_first_review_due(frame, "start", calendar=closed)
    assert list(out["first_review_due"]) == [pd.Timestamp("2025-01-24")]
    out = add_due_after(frame, "start", ordinal="n", calendar=closed)
    assert list(out["due"]) == [pd.Timestamp("2025-01-24")]
    assert list(add_first_review_due(frame, "start")["first_review_due"]) == [
        pd.Timestamp("2025-01-22")
    ]


def test_dates_as_text_datetimes_and_missing() -> None:
    frame = pd.DataFrame(
        {
            "text": ["20/12/2024", "2024-12-20", "", None],
            "stamp": pd.to_datetime(["2024-12-20", "2024-12-20", None, None]),
        }
    )
    out = add_first_review_due(add_first_review_due(frame, "text", name="a"), "stamp", name="b")
    due = pd.Timestamp("2025-01-22")
    assert list(out["a"]) == [due, due, pd.NaT, pd.NaT]
    assert list(out["b"].iloc[:2]) == [due, due]
    assert out["b"].iloc[2:].isna().all()


@pytest.mark.parametrize(
    ("columns", "call", "message"),
    [
        ({"start": ["2024-12-20"]}, {"start": "begin"}, "frame: no column 'begin'"),
        (
            {"start": ["2024-12-20", "31/02/2024"]},
            {},
            "frame row 1: start '31/02/2024' is not a real date",
        ),
        ({"start": [12.5]}, {}, "frame row 0: start 12.5 is a float, not a date"),
    ],
)
def test_bad_date_columns_name_the_row_and_column(
    columns: dict[str, list[Any]], call: dict[str, str], message: str
) -> None:
    with pytest.raises(IroScheduleError, match=message) as caught:
        add_first_review_due(pd.DataFrame(columns), call.get("start", "start"))
    assert isinstance(caught.value, ValueError)


def test_a_time_of_day_is_refused_not_dropped() -> None:
    frame = pl.DataFrame({"start": [dt.datetime(2024, 12, 20), dt.datetime(2024, 12, 20, 15)]})
    with pytest.raises(IroScheduleError, match=r"frame row 1: start .* has a time of day"):
        add_first_review_due(frame, "start")


def test_child_identifiers_missing_or_of_mixed_types() -> None:
    frame = pd.DataFrame(
        {
            "c": ["A", 3, "A"],
            "s": ["2024-01-01"] * 3,
            "h": ["2024-01-20", "2024-01-21", "2024-04-01"],
        }
    )
    out = assess_frame(frame, child="c", period_start="s", meeting_date="h", as_of=AS_OF)
    assert list(out["ordinal"]) == [1, 1, 2]
    frame.loc[1, "c"] = None
    with pytest.raises(IroScheduleError, match="reviews row 1: c is missing") as caught:
        assess_frame(frame, child="c", period_start="s", meeting_date="h", as_of=AS_OF)
    assert (caught.value.record, caught.value.field) == ("reviews row 1", "c")


def test_not_a_frame() -> None:
    with pytest.raises(IroScheduleError, match="must be a pandas or polars DataFrame, got list"):
        add_first_review_due([1, 2], "start")


@pytest.mark.parametrize(
    ("first", "message"),
    [
        (
            "2024-12-01",
            r"reviews row 1: first meeting Sun 1 Dec 2024 is before the period of care starts "
            r"\(Fri 20 Dec 2024\)",
        ),
        (
            "2025-01-20",
            r"reviews row 1: held on Mon 20 Jan 2025, the same date as the review before",
        ),
        (None, r"reviews row 1: held is missing; every review needs a date"),
    ],
)
def test_assess_frame_names_the_row_it_cannot_judge(first: str | None, message: str) -> None:
    frame = pd.DataFrame(
        {"child": ["A", "A"], "start": ["2024-12-20"] * 2, "held": ["2025-01-20", first]}
    )
    with pytest.raises(IroScheduleError, match=message):
        assess_frame(frame, child="child", period_start="start", meeting_date="held", as_of=AS_OF)


def test_assess_frame_refuses_two_ends_for_one_period() -> None:
    frame = pl.DataFrame(
        {
            "child": ["A", "A", "B"],
            "start": ["2024-12-20", "2024-12-20", "2024-12-20"],
            "end": [None, "2025-06-01", "2025-06-01"],
            "held": ["2025-01-20", "2025-04-01", "2025-01-20"],
        }
    )
    with pytest.raises(
        IroScheduleError,
        match=r"reviews row 1: end Sun 1 Jun 2025 differs from blank "
        r"on row 0, a review of the same period",
    ) as caught:
        assess_frame(
            frame,
            child="child",
            period_start="start",
            period_end="end",
            meeting_date="held",
            as_of=AS_OF,
        )
    assert caught.value.field == "end"
    same_end = frame.with_columns(pl.Series("end", ["2025-06-01"] * 3))
    out = assess_frame(
        same_end,
        child="child",
        period_start="start",
        period_end="end",
        meeting_date="held",
        as_of=AS_OF,
    )
    assert out["ordinal"].to_list() == [1, 2, 1]


def _as_csv_text(value: Any) -> str:
    """A frame's cell as the verdicts CSV writes it."""
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _csv_table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.mark.parametrize("library", LIBRARIES)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(children=children_903(), splits=st.lists(st.integers(0, 5000), min_size=6, max_size=6))
def test_verdicts_frame_equals_validate_on_the_same_files(
    tmp_path_factory: pytest.TempPathFactory,
    library: str,
    children: list[Any],
    splits: list[int],
) -> None:
    episodes = episodes_csv(children, iso=False, splits=splits[: len(children)])
    reviews = [
        [child, "01/01/2015", r.first_meeting.strftime("%d/%m/%Y"), "PN1"]
        for child, period in children
        for r in period.reviews
    ]
    reviews.append([children[0][0], "", "31/02/2020", "PN9"])  # an invalid row, kept
    folder = tmp_path_factory.mktemp("903")
    _write(folder / "episodes.csv", list(EPISODE_COLUMNS), episodes)
    _write(folder / "reviews.csv", list(REVIEW_COLUMNS), reviews)
    from_files = validate(read_903([folder]), as_of=DATA_TO, reviews_from=DATA_FROM)
    expected = _csv_table(rows_as_csv(from_files.rows))
    out = verdicts_frame(
        _frame(library, {c: [r[i] for r in reviews] for i, c in enumerate(REVIEW_COLUMNS)}),
        episodes=_frame(
            library, {c: [r[i] for r in episodes] for i, c in enumerate(EPISODE_COLUMNS)}
        ),
        as_of=DATA_TO,
        reviews_from=DATA_FROM,
    )
    got = _records(out)
    assert len(got) == len(expected)
    for mine, theirs in zip(got, expected, strict=True):
        if mine["row"] is not None:
            assert mine["line"] == mine["row"] + 2
        for column in CSV_COLUMNS:
            text = _as_csv_text(mine[column])
            if column == "source":
                assert (text == "") == (theirs[column] == "")
            elif column == "reason":
                assert text.replace("reviews frame", "X") == theirs[column].replace(
                    str(folder / "reviews.csv"), "X"
                )
            else:
                assert text == theirs[column], column


_plain_rows = st.lists(
    st.tuples(
        st.sampled_from(["A", "B"]),
        st.sampled_from(["", "R1", "R2"]),
        st.integers(min_value=-20, max_value=700),
        st.sampled_from(["", "review", "brought forward", "midway review"]),
        st.sampled_from(["", "31/02/2024", "not a date"]),
    ),
    min_size=1,
    max_size=12,
)


@pytest.mark.parametrize("library", LIBRARIES)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(rows=_plain_rows, iso=st.booleans())
def test_verdicts_frame_equals_validate_on_plain_format_files(
    tmp_path_factory: pytest.TempPathFactory,
    library: str,
    rows: list[tuple[str, str, int, str, str]],
    iso: bool,
) -> None:
    """Multi-meeting reviews, kinds, bad dates: the frame gives the rows the file gives."""
    start = dt.date(2023, 5, 2)
    fmt = "%Y-%m-%d" if iso else "%d/%m/%Y"
    header = ["child", "period_start", "review_id", "meeting_date", "kind"]
    cells = [
        [
            child,
            start.strftime(fmt),
            review_id,
            bad or (start + dt.timedelta(days=d)).strftime(fmt),
            kind,
        ]
        for child, review_id, d, kind, bad in rows
    ]
    path = tmp_path_factory.mktemp("plain") / "meetings.csv"
    _write(path, header, cells)
    from_file = validate(read_plain([path]), as_of=dt.date(2025, 6, 30), reviews_from=None)
    expected = _csv_table(rows_as_csv(from_file.rows))
    frame = _frame(library, {c: [r[i] for r in cells] for i, c in enumerate(header)})
    got = _records(verdicts_frame(frame, as_of=dt.date(2025, 6, 30), reviews_from=None))
    assert (
        len(got)
        == len(expected)
        == len(cells) + sum(r.status.value == "overdue" for r in from_file.rows)
    )
    for mine, theirs in zip(got, expected, strict=True):
        for column in ("status", "ordinal", "meeting", "meetings", "due", "days_late", "line"):
            text = _as_csv_text(mine[column])
            assert text == theirs[column], column
        assert mine["reason"].replace("reviews frame", "X") == theirs["reason"].replace(
            str(path), "X"
        )


def test_the_core_does_not_need_the_frame_libraries() -> None:
    code = (
        "import sys; sys.modules['narwhals'] = None; sys.modules['pandas'] = None; "
        "sys.modules['polars'] = None; import datetime as dt, iro_schedule as i; "
        "print(i.first_review_due(dt.date(2024, 12, 20)))\n"
        "try:\n    i.add_first_review_due(None, 'x')\n"
        "except i.IroScheduleError as e:\n    print(e)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [
        "2025-01-22",
        "the data-frame functions need narwhals and numpy: install the package with its "
        "'pandas' (or 'polars') extra: from a checkout, python -m pip install '.[pandas]'",
    ]


# --- frames that schedule, and carry the caller's own columns -----------------------------------


EXPORT = {
    "child": ["A", "A", "N", "B"],
    "period_start": ["20/12/2024", "20/12/2024", "02/12/2024", "06/01/2025"],
    "review_id": ["A-1", "A-2", "", "B-1"],
    "meeting_date": ["20/01/2025", "22/04/2025", "", "30/01/2025"],
    "team": ["North", "North", "South", "North"],
    "iro": ["Ann", "Ann", "Bob", "Bob"],
}


@pytest.mark.parametrize("library", LIBRARIES)
def test_schedule_frame_gives_every_open_periods_next_review(library: str) -> None:
    out = _records(schedule_frame(_frame(library, EXPORT), as_of=dt.date(2025, 4, 5)))
    # A: review 2 due Sun 20 Apr 2025 (3 months after 20 Jan), not yet held on 5 Apr (its
    # meeting on 22 Apr is after the as-of date, so refused: A is scheduled from review 1).
    # B: review 2 due Wed 30 Apr 2025. N: no review yet, review 1 due Thu 2 Jan 2025.
    summary = [(r["child"], r["ordinal"], r["due"], r["overdue"], r["team"], r["iro"])
               for r in out]  # fmt: skip
    assert summary == [
        ("A", 2, dt.date(2025, 4, 20), False, "North", "Ann"),
        ("B", 2, dt.date(2025, 4, 30), False, "North", "Bob"),
        ("N", 1, dt.date(2025, 1, 2), True, "South", "Bob"),
    ]
    (n,) = [r for r in out if r["child"] == "N"]
    assert (n["days_overdue"], n["deadline"], n["reason"]) == (93, dt.date(2025, 1, 2), "")
    # A due list for April, and the alerts within 10 working days, are filters of it.
    april = [r["child"] for r in out if r["due"] and r["due"].month == 4]
    assert april == ["A", "B"]
    alerts = [r["child"] for r in out if r["overdue"] or r["working_days"] <= 10]
    assert alerts == ["A", "N"]


@pytest.mark.parametrize("library", LIBRARIES)
def test_verdicts_frame_carries_the_callers_columns_to_every_row(library: str) -> None:
    out = _records(verdicts_frame(_frame(library, EXPORT), as_of=dt.date(2025, 4, 30)))
    overdue = [r for r in out if r["status"] == "overdue"]
    assert {(r["child"], r["team"], r["iro"]) for r in overdue} >= {("N", "South", "Bob")}
    assert all(r["team"] is not None for r in out)


@pytest.mark.parametrize("library", LIBRARIES)
def test_frames_refuse_a_misnamed_column_and_an_unstated_window(library: str) -> None:
    renamed = {("meeting" if k == "meeting_date" else k): v for k, v in EXPORT.items()}
    with pytest.raises(IroScheduleError, match="the reviews frame has no 'period_start'"):
        schedule_frame(_frame(library, {"child": ["A"], "meeting_date": ["x"]}),
                       as_of=dt.date(2025, 4, 5))  # fmt: skip
    with pytest.raises(IroScheduleError, match=r"no 'CHILD' column|no 'REVIEW' column"):
        verdicts_frame(_frame(library, renamed), as_of=dt.date(2025, 4, 5), reviews_from=None)
    reviews = _frame(library, {"CHILD": ["A"], "REVIEW": ["20/01/2025"]})
    with pytest.raises(IroScheduleError, match="give reviews_from"):
        verdicts_frame(reviews, episodes=reviews, as_of=dt.date(2025, 4, 5))


@pytest.mark.parametrize("library", LIBRARIES)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chosen=st.lists(periods(max_reviews=5), min_size=1, max_size=4), seed=st.integers(0, 99))
def test_assess_frame_groups_the_meetings_of_a_review(
    library: str, chosen: list[PeriodOfCare], seed: int
) -> None:
    # One row per meeting, in any order, as case systems export them; each meeting's row gets
    # its review's verdict, as assess gives it.
    rows = [(p, r, m) for p, period in enumerate(chosen)
            for r, review in enumerate(period.reviews) for m in review.meetings]  # fmt: skip
    random.Random(seed).shuffle(rows)
    columns: dict[str, list[Any]] = {
        "child": [f"C{p}" for p, _, _ in rows],
        "start": [chosen[p].start for p, _, _ in rows],
        "end": [chosen[p].end for p, _, _ in rows],
        "meeting": [m for _, _, m in rows],
        "review": [f"R{r}" for _, r, _ in rows],
    }
    assume(rows)
    assume(all(r.completed <= AS_OF for p in chosen for r in p.reviews))
    out = _records(assess_frame(_frame(library, columns), child="child", period_start="start",
                                period_end="end", meeting_date="meeting", review_id="review",
                                as_of=AS_OF))  # fmt: skip
    verdicts = {p: assess(period, as_of=AS_OF).verdicts for p, period in enumerate(chosen)}
    for (p, r, _), row in zip(rows, out, strict=True):
        verdict = verdicts[p][r]
        assert (row["ordinal"], row["due"], row["counted_date"], row["days_late"]) == (
            verdict.ordinal, verdict.due, verdict.counted_date, verdict.days_late,
        )  # fmt: skip


@pytest.mark.parametrize("library", LIBRARIES)
def test_recorded_dues_frame_is_check_recorded_dues(library: str, tmp_path: Path) -> None:
    columns = {
        "child": ["A", "A", "B"],
        "period_start": ["04/11/2024", "04/11/2024", "01/12/2025"],
        "meeting_date": ["02/12/2024", "03/03/2025", "19/12/2025"],
        "System due": ["02/12/2024", "03/03/2025", "29/12/2025"],
    }
    out = recorded_dues_frame(
        _frame(library, columns), as_of=dt.date(2026, 2, 1), columns={"recorded_due": "System due"}
    )
    path = tmp_path / "m.csv"
    path.write_text(
        "child,period_start,meeting_date,recorded_due\n"
        + "".join(",".join(row) + "\n" for row in zip(*columns.values(), strict=True))
    )
    inputs = read_plain([path])
    found = check_recorded_dues(validate(inputs, as_of=dt.date(2026, 2, 1), reviews_from=None))
    expected = [dict(zip(RECORDED_DUE_COLUMNS, r.values(), strict=True)) for r in found.rows]
    got = _records(out)
    assert [
        {k: v for k, v in row.items() if k not in ("source", "explanation")} for row in got
    ] == [{k: v for k, v in row.items() if k not in ("source", "explanation")} for row in expected]
    assert [r["check"] for r in got] == ["same", "later than the law", "earlier than the law"]

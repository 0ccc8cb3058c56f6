"""One law, every door: the frames (pandas and polars) give the verdicts and refusals ``assess``
gives (the expectation is in ``doors.py``; the other doors are in ``test_doors.py``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iro_schedule import Policy, validate
from iro_schedule.frames import assess_frame, verdicts_frame
from iro_schedule.records import read_plain

from .doors import (
    PLAIN,
    POLICIES,
    csv_bytes,
    expected,
    first_refusal,
    judged,
    plain_rows,
    regime_name,
    verdict_values,
)
from .strategies import History, as_of_for_histories, histories


def _review_frame(found: list[History], library: str) -> Any:
    """One row per review: its period, its first and last meeting and the period's regime."""
    columns: dict[str, list[Any]] = {k: [] for k in ("child", "start", "end", "first", "last")}
    columns["regime"] = []
    for h in found:
        for meetings in h.reviews:
            for key, value in zip(
                columns,
                (h.child, h.start, h.end, meetings[0], meetings[-1], regime_name(h)),
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


@pytest.mark.parametrize("library", ["pandas", "polars"])
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    found=st.lists(histories(), min_size=1, max_size=4),
    policy=st.sampled_from(POLICIES),
    data=st.data(),
)
def test_the_frames_give_the_verdict_or_refusal_assess_gives(
    library: str, found: list[History], policy: Policy, data: st.DataObject
) -> None:
    found = [dataclasses.replace(h, child=f"C{i}") for i, h in enumerate(found)]
    as_of = data.draw(as_of_for_histories(found))
    expects = [expected(h, as_of, policy) for h in found]
    # verdicts_frame: validate's rows, on the same plain-format data as a frame.
    rows = plain_rows(found)
    frame = (pd if library == "pandas" else pl).DataFrame(
        {name: [r[i] for r in rows] for i, name in enumerate(PLAIN)}
    )
    as_frame = verdicts_frame(frame, as_of=as_of, reviews_from=None, policy=policy)
    inputs = read_plain(["plain.csv"], data={"plain.csv": csv_bytes(PLAIN, rows)})
    result = validate(inputs, as_of=as_of, reviews_from=None, policy=policy)
    keys = ("status", "ordinal", "due", "counted_date", "days_late", "regime")
    got = [tuple(r[k] for k in keys) for r in _records(as_frame)]
    assert [tuple(None if v == "" else v for v in judged(r)) for r in result.rows] == [
        tuple(None if v == "" else v for v in g) for g in got
    ]
    # assess_frame: periods judged whole alike, review by review; refusals refused alike.
    clean = [e for e in expects if not e.refused and e.period_refusal is None]
    held = [v for e in clean for v in e.verdicts if v.review is not None]
    if held:
        out = _records(
            _judge_frame(_review_frame([e.history for e in clean], library), as_of, policy)
        )
        assert [
            (r["status"], r["ordinal"], r["due"], r["counted_date"], r["days_late"], r["regime"])
            for r in out
        ] == [verdict_values(v) for v in held]
    for expect in expects:
        if (expect.refused or expect.period_refusal is not None) and expect.history.reviews:
            with pytest.raises(first_refusal(expect)):
                _judge_frame(_review_frame([expect.history], library), as_of, policy)

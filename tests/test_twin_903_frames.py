"""The frame door against the naive twin (tests/twin_903.py): a return's years' tables, each
kind stacked into one pandas frame as an analyst loads them, give the twin's verdicts.

Kept apart from tests/test_twin_903.py because the mutation run leaves the frame tests out.
"""

from __future__ import annotations

import io
import math
from typing import Any

import pandas as pd
from hypothesis import given

from iro_schedule.frames import verdicts_frame

from .strategies import Return, returns
from .test_twin_903 import DOOR_SETTINGS
from .twin_903 import twin


def frame_of(found: Return, kind: str) -> pd.DataFrame:
    tables = [
        pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        for name, data in found.files
        if kind in name
    ]
    return pd.concat(tables, ignore_index=True)


def plain(value: Any) -> Any:
    """A frame cell as a plain Python value (missing: None)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):  # a numpy number
        value = value.item()
    return None if isinstance(value, float) and math.isnan(value) else value


@DOOR_SETTINGS
@given(returns(gaps=False))
def test_the_frame_door_gives_the_twins_verdicts(found: Return) -> None:
    expected = twin(found.files, by_year=False)
    out = verdicts_frame(
        frame_of(found, "reviews"),
        episodes=frame_of(found, "episodes"),
        header=frame_of(found, "header"),
        as_of=expected.window.as_of,
        reviews_from=expected.window.reviews_from,
    )
    got = sorted(
        (
            (row.child, plain(row.meeting_date), row.status, plain(row.ordinal))
            + ((plain(row.due), plain(row.days_late)) if row.status in ("late", "overdue") else ())
            + ((plain(row.due),) if row.status == "on time" else ())
            for row in out.itertuples()
        ),
        key=repr,
    )
    want = sorted(
        (
            (child, day, status, ordinal)
            + ((due, late) if status in ("late", "overdue") else ())
            + ((due,) if status == "on time" else ())
            for child, _, _, day, status, ordinal, due, late in expected.verdicts
        ),
        key=repr,
    )
    assert got == want

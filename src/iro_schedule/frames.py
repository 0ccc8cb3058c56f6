"""Data frames in, data frames out (pandas or polars, through narwhals).

Install the extra for your library (from a checkout: ``python -m pip install '.[pandas]'`` or
``'.[polars]'``);
nothing here imports them until a function is called.
"""

from ._frames import (
    ASSESS_COLUMNS,
    add_due_after,
    add_first_review_due,
    assess_frame,
    recorded_dues_frame,
    schedule_frame,
    verdicts_frame,
)

__all__ = [
    "ASSESS_COLUMNS",
    "add_due_after",
    "add_first_review_due",
    "assess_frame",
    "recorded_dues_frame",
    "schedule_frame",
    "verdicts_frame",
]

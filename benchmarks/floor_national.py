"""The floor for validating a national SSDA903 dataset: what the same work costs written
directly in polars and numpy, with none of a library's checks, explanations or policies.

It reads every year's Episodes and Reviews files with polars, builds periods of care from the
episodes (an episode listed in several years once, with its latest DEC; a period is a run of
episodes each beginning on the day the one before ended), places each review in its child's
period, numbers them, computes every due date with ``numpy.busday_offset`` (20 working days,
the start day not counted) and a month table with the end-of-month clamp (3 and 6 months),
judges them, and computes the annual figures ``iro_schedule.annual_figures`` gives (held, on
time, late, days late, overdue at year end, children due and all on time, participation,
months). It is honest only on data of the shape ``national_903.py`` writes, and checks that
shape: every review inside a period, no period begun before the data, no review missed.

The benchmark checks that it agrees with ``iro-schedule validate`` on every due date and every
figure before it times anything.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

DAY = np.timedelta64(1, "D")


def _read(folder: Path, kind: str, columns: list[str]) -> pl.DataFrame:
    frames = [
        pl.read_csv(
            path, columns=columns, schema_overrides=dict.fromkeys(columns, pl.String)
        ).with_columns(pl.lit(int(path.name.split("_")[1])).alias("year"))
        for path in sorted(folder.glob(f"ssda903_*_{kind}.csv"))
    ]
    return pl.concat(frames)


def _dates(column: str) -> pl.Expr:
    return pl.col(column).str.to_date("%d/%m/%Y", strict=True)


def _periods(folder: Path) -> pl.DataFrame:
    """One row per period of care: child, start, end (null while open)."""
    episodes = (
        _read(folder, "episodes", ["CHILD", "DECOM", "DEC"])
        .with_columns(_dates("DECOM"), _dates("DEC"))
        .sort("CHILD", "DECOM", "year")
        .group_by("CHILD", "DECOM", maintain_order=True)
        .agg(pl.col("DEC").last())
    )
    begins = (pl.col("CHILD") != pl.col("CHILD").shift()) | (
        pl.col("DECOM") != pl.col("DEC").shift()
    )
    return (
        episodes.with_columns(begins.fill_null(True).cum_sum().alias("period"))
        .group_by("period", maintain_order=True)
        .agg(pl.col("CHILD").first(), pl.col("DECOM").first().alias("start"), pl.col("DEC").last())
        .rename({"DEC": "end"})
    )


def _add_months(days: np.ndarray, months: int) -> np.ndarray:
    """The corresponding date ``months`` later, clamped to the month's last day."""
    month = days.astype("datetime64[M]")
    day_of_month = (days - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.timedelta64(months, "M")
    last_day = ((target + np.timedelta64(1, "M")).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)  # fmt: skip  # noqa: E501
    return target.astype("datetime64[D]") + np.minimum(day_of_month, last_day - 1)


def _due(anchor: np.ndarray, number: np.ndarray, busdays: np.busdaycalendar) -> np.ndarray:
    first = number == 1
    second = number == 2
    due = _add_months(anchor, 6)
    due[second] = _add_months(anchor[second], 3)
    # The start day is not counted: roll back to a working day, then count 20 forward.
    due[first] = np.busday_offset(anchor[first], 20, roll="backward", busdaycal=busdays)
    return due


def _age_at_least_4(dob: np.ndarray, day: np.ndarray) -> np.ndarray:
    return _add_months(dob, 48) <= day


def floor(folder: Path, holidays: np.ndarray, as_of: dt.date) -> dict[str, Any]:
    """Every review's due date and the annual figures for every collection year."""
    busdays = np.busdaycalendar(weekmask="1111100", holidays=holidays)
    periods = _periods(folder)
    reviews = (
        _read(folder, "reviews", ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"])
        .with_columns(_dates("REVIEW"), _dates("DOB"))
        .sort("CHILD", "REVIEW")
        .join_asof(
            periods.sort("CHILD", "start"),
            left_on="REVIEW",
            right_on="start",
            by="CHILD",
            check_sortedness=False,
        )
    )
    outside = reviews.filter(
        pl.col("start").is_null()
        | (pl.col("end").is_not_null() & (pl.col("REVIEW") > pl.col("end")))
    )
    assert outside.height == 0, f"{outside.height} reviews outside any period: not the floor's data"
    reviews = reviews.with_columns(
        pl.col("REVIEW").rank("ordinal").over("period").cast(pl.Int64).alias("number"),
        pl.col("REVIEW").shift().over("period").alias("previous"),
    ).with_columns(pl.coalesce("previous", "start").alias("anchor"))
    day = reviews["REVIEW"].to_numpy().astype("datetime64[D]")
    due = _due(
        reviews["anchor"].to_numpy().astype("datetime64[D]"), reviews["number"].to_numpy(), busdays
    )
    late_days = np.maximum((day - due) // DAY, 0)
    _check_none_missed(periods, reviews, busdays, as_of)
    years = range(
        int(reviews["year"].min()),  # type: ignore[arg-type]
        int(reviews["year"].max()) + 1,  # type: ignore[arg-type]
    )
    figures = _figures(reviews, day, due, late_days, years, as_of)
    return {"due": due, "figures": figures, "reviews": reviews.height, "periods": periods.height}


def _check_none_missed(
    periods: pl.DataFrame, reviews: pl.DataFrame, busdays: np.busdaycalendar, as_of: dt.date
) -> None:
    """The floor does not model missed reviews: check the next review of every period falls
    due after the period ends (or the data does)."""
    last = reviews.group_by("period").agg(pl.col("REVIEW").max(), pl.len().alias("held"))
    joined = periods.join(last, on="period", how="left").with_columns(
        pl.col("held").fill_null(0), pl.coalesce("REVIEW", "start").alias("anchor")
    )
    due = _due(
        joined["anchor"].to_numpy().astype("datetime64[D]"),
        joined["held"].to_numpy() + 1,
        busdays,
    )
    horizon = joined["end"].fill_null(as_of).to_numpy().astype("datetime64[D]")
    assert not (due < horizon).any(), "a review is missed: not the floor's data"


def _figures(  # noqa: PLR0917 (the judged columns)
    reviews: pl.DataFrame,
    day: np.ndarray,
    due: np.ndarray,
    late_days: np.ndarray,
    years: range,
    as_of: dt.date,
) -> dict[int, dict[str, Any]]:
    late = late_days > 0
    code = reviews["REVIEW_CODE"].to_numpy()
    counted = (code != "PN0") & _age_at_least_4(reviews["DOB"].to_numpy().astype("datetime64[D]"), day)  # fmt: skip  # noqa: E501
    participated = counted & np.isin(code, ["PN1", "PN2", "PN3", "PN4", "PN5", "PN6"])
    did_not = counted & (code == "PN7")
    child = reviews["CHILD"].cast(pl.Categorical).to_physical().to_numpy()
    held_year = _reporting_year(day)
    due_year = _reporting_year(due)
    month = day.astype("datetime64[M]")
    figures = {}
    for year in years:
        held = held_year == year
        end = np.datetime64(min(dt.date(year, 3, 31), as_of), "D")
        days_late = late_days[held & late]
        due_in = due_year == year
        children_due = np.unique(child[due_in])
        children_late = np.unique(child[due_in & late])
        months = np.arange(np.datetime64(f"{year - 1}-04"), np.datetime64(f"{year}-04"))
        in_month = month[held]
        figures[year] = {
            "held": int(held.sum()),
            "on_time": int((held & ~late).sum()),
            "late": int(days_late.size),
            "late_days_median": float(np.median(days_late)) if days_late.size else None,
            "late_days_max": int(days_late.max()) if days_late.size else None,
            "overdue_at_year_end": int(((due < end) & (day > end)).sum()),
            "children_due": int(children_due.size),
            "children_all_on_time": int(children_due.size - children_late.size),
            "participated": int((held & participated).sum()),
            "did_not_participate": int((held & did_not).sum()),
            "participation_unknown": int((held & counted & ~participated & ~did_not).sum()),
            "months": [
                (int((in_month == m).sum()), int(((in_month == m) & ~late[held]).sum()))
                for m in months
            ],
        }
    return figures


def _reporting_year(days: np.ndarray) -> np.ndarray:
    months = days.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    return 1970 + (months + 9) // 12

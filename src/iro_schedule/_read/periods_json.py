"""Periods of care given as JSON, for callers in other languages (``iro-schedule due --input``).

The form is ``schemas/due-input.schema.json`` in the package; every value is checked as it is
read, and a bad one is refused naming its place in the document (``periods[0].reviews[1]``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from .._engine.periods import PeriodOfCare, Review
from .._errors import IroScheduleError, NotADateError, WrongTypeError
from .._law.regimes import REGIMES_BY_NAME

__all__ = ["read_periods_json"]


def read_periods_json(
    document: str | bytes | Mapping[str, Any],
) -> tuple[dt.date | None, list[tuple[str | None, PeriodOfCare]]]:
    """The as-of date (None if not given) and each (child, period of care) of a JSON document.

    >>> as_of, periods = read_periods_json('{"as_of": "2025-11-01", "periods": [{"child": "A",'
    ...     ' "start": "2024-12-20", "reviews": [{"meetings": ["2025-01-20"], "id": "R-1"}]}]}')
    >>> as_of, [(child, period.start, len(period.reviews)) for child, period in periods]
    (datetime.date(2025, 11, 1), [('A', datetime.date(2024, 12, 20), 1)])
    """
    if isinstance(document, (str, bytes)):
        try:
            document = json.loads(document)
        except ValueError as exc:
            raise IroScheduleError(
                f"is not JSON ({exc}); give an object with a 'periods' list", record="input"
            ) from None
    top = _object(document, "input", required=("periods",), allowed=("as_of", "periods"))
    as_of = _date(top["as_of"], "input", "as_of") if "as_of" in top else None
    periods = top["periods"]
    if not isinstance(periods, list):
        raise _wrong("input", "periods", periods, "a list of periods of care")
    return as_of, [_period(p, f"periods[{i}]") for i, p in enumerate(periods)]


def _period(value: object, where: str) -> tuple[str | None, PeriodOfCare]:
    period = _object(
        value, where, required=("start",), allowed=("child", "start", "end", "regime", "reviews")
    )
    child = period.get("child")
    if child is not None and not isinstance(child, str):
        raise _wrong(where, "child", child, "a string")
    name = period.get("regime")
    regime = None
    if name is not None:
        regime = REGIMES_BY_NAME.get(name) if isinstance(name, str) else None
        if regime is None:
            raise IroScheduleError(
                f"regime {name!r} is not one of {', '.join(REGIMES_BY_NAME)}",
                record=where,
                field="regime",
                value=name,
            )
    reviews = period.get("reviews", [])
    if not isinstance(reviews, list):
        raise _wrong(where, "reviews", reviews, "a list of reviews")
    made = [_review(r, f"{where}.reviews[{i}]") for i, r in enumerate(reviews)]
    end = period.get("end")
    try:
        care = PeriodOfCare(
            start=_date(period["start"], where, "start"),
            end=None if end is None else _date(end, where, "end"),
            reviews=made,
            regime=regime,
        )
    except IroScheduleError as exc:
        raise exc.at(f"{where}.{exc.record}" if exc.record else where, exc.index) from None
    return child, care


def _review(value: object, where: str) -> Review:
    review = _object(
        value, where, required=("meetings",), allowed=("meetings", "brought_forward", "id")
    )
    meetings = review["meetings"]
    if not isinstance(meetings, list):
        raise _wrong(where, "meetings", meetings, "a list of dates")
    days = [_date(m, where, f"meetings[{i}]") for i, m in enumerate(meetings)]
    try:
        return Review(
            meetings=days,
            brought_forward=review.get("brought_forward", False),
            id=review.get("id"),
        )
    except IroScheduleError as exc:
        raise exc.at(where) from None


def _object(
    value: object, where: str, *, required: tuple[str, ...], allowed: tuple[str, ...]
) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise WrongTypeError(
            f"must be an object with {', '.join(repr(k) for k in required)}, got {value!r}",
            record=where,
            value=value,
        )
    missing = [k for k in required if k not in value]
    unknown = sorted(set(value) - set(allowed))
    if missing or unknown:
        raise IroScheduleError(
            (f"has no {missing[0]!r}" if missing else f"has {unknown[0]!r}, which is not a field")
            + f" (its fields are {', '.join(allowed)})",
            record=where,
            field=missing[0] if missing else unknown[0],
        )
    return value


def _date(value: object, where: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else _not_text(value)
    except ValueError:
        raise NotADateError(
            f"{field} {value!r} is not a date in the form YYYY-MM-DD",
            record=where,
            field=field,
            value=value,
        ) from None


def _not_text(value: object) -> dt.date:
    raise ValueError(value)


def _wrong(where: str, field: str, value: object, give: str) -> WrongTypeError:
    return WrongTypeError(
        f"{field} must be {give}, got {value!r}", record=where, field=field, value=value
    )

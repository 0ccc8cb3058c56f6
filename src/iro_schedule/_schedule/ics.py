"""Calendar export: due dates and paperwork deadlines as an iCalendar (RFC 5545) file.

Written with the ``icalendar`` package (the optional extra ``iro_schedule[ics]``). Every event
has a UID made from the child, the period of care, the review number and the kind of deadline,
so importing a newer file updates the events rather than duplicating them.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Iterable

from .._errors import IroScheduleError
from .._law.calendar import WorkingCalendar
from .due import DueItem, PaperworkPolicy, midpoint, paperwork

__all__ = ["to_ics"]


def _uid(item: DueItem, ordinal: int, kind: str) -> str:
    # Every character but letters, digits and "_.-~" percent-encoded: two children's ids give
    # two UIDs however alike they look ("A 1" and "A_1", "Zoë" and "Zoé").
    child = urllib.parse.quote(item.child, safe="")
    return f"{child}-{item.period.start:%Y%m%d}-review{ordinal}-{kind}@iro-schedule"


def to_ics(
    items: Iterable[DueItem],
    *,
    calendar: WorkingCalendar,
    paperwork_policy: PaperworkPolicy | None = None,
) -> bytes:
    """An iCalendar file with, for each item, its due date and its paperwork deadlines.

    Events are all-day. DTSTAMP is the item's as-of date (midnight UTC), so the same data gives
    the same file. Needs the ``icalendar`` package (the ``ics`` extra: from a checkout,
    ``python -m pip install '.[ics]'``).
    """
    try:
        import icalendar  # noqa: PLC0415 (an optional extra, loaded only for this)
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise IroScheduleError(
            "writing .ics files needs the icalendar package: install the package with its 'ics' "
            "extra (from a checkout: python -m pip install '.[ics]')"
        ) from exc
    rules = paperwork_policy if paperwork_policy is not None else PaperworkPolicy()
    cal = icalendar.Calendar()
    cal.add("prodid", "-//iro_schedule//review timescales//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Looked-after children's reviews")
    for item in items:
        stamp = dt.datetime.combine(item.as_of, dt.time(0, 0), tzinfo=dt.timezone.utc)
        for ordinal, kind, day, summary in _events(item, calendar, rules):
            event = icalendar.Event()
            event.add("uid", _uid(item, ordinal, kind))
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            event.add("summary", summary)
            event.add("description", item.explain())
            event.add("categories", ["IRO review"])
            event.add("transp", "TRANSPARENT")
            cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def _events(
    item: DueItem, calendar: WorkingCalendar, rules: PaperworkPolicy
) -> list[tuple[int, str, dt.date, str]]:
    """(review number, kind, day, summary) of each event for one item."""
    n = item.ordinal
    who = f"review {n}, child {item.child}"
    events = [(n, "due", item.due, f"Review due ({who})")]
    if item.deadline != item.due:
        events.append((n, "deadline", item.deadline, f"Last working day to hold review ({who})"))
    papers = paperwork(item.deadline, calendar=calendar, policy=rules)
    if papers.care_plan_by >= item.as_of:
        events.append((n, "care-plan", papers.care_plan_by, f"Care plan to the IRO ({who})"))
    if rules.midpoint:
        events.append((n, "midpoint", midpoint(item.anchor, item.due), f"Mid-point check ({who})"))
    if item.period.reviews:  # the last review held: its decisions and record, if still to come
        held = paperwork(item.period.reviews[-1].completed, calendar=calendar, policy=rules)
        last = f"review {n - 1}, child {item.child}"
        if held.decisions_by >= item.as_of:
            events.append((n - 1, "decisions", held.decisions_by, f"Decisions circulated ({last})"))
        if held.record_by >= item.as_of:
            events.append((n - 1, "record", held.record_by, f"Review record written ({last})"))
    return events

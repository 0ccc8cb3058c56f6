"""Day-to-day scheduling: due lists, alerts, rescheduling checks, paperwork and calendar files.

>>> import datetime as dt
>>> import iro_schedule as iro
>>> from iro_schedule import schedule
>>> period = iro.PeriodOfCare(start=dt.date(2025, 1, 6),
...                           reviews=[iro.Review(meetings=[dt.date(2025, 1, 30)])])
>>> [item.due for item in schedule.next_reviews([("A1", period)], as_of=dt.date(2025, 3, 1))]
[datetime.date(2025, 4, 30)]
"""

from ._schedule.due import (
    Alerts,
    DueItem,
    Paperwork,
    PaperworkPolicy,
    RescheduleCheck,
    alerts,
    check_reschedule,
    due_list,
    midpoint,
    next_reviews,
    paperwork,
)
from ._schedule.ics import to_ics

__all__ = [
    "Alerts",
    "DueItem",
    "Paperwork",
    "PaperworkPolicy",
    "RescheduleCheck",
    "alerts",
    "check_reschedule",
    "due_list",
    "midpoint",
    "next_reviews",
    "paperwork",
    "to_ics",
]

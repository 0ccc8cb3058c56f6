"""The case system's own due dates checked against the law's.

Case-management systems store a "review due date" for each review and drive their reminders
from it. Where the plain format gives that date (``recorded_due``), each review judged with a
known number has its statutory due date beside it (CPPCR (England) Regulations 2010, reg. 33;
the other regimes' provisions likewise), the difference in days and, where it can tell, the
likely cause of a difference: a common way of getting the date wrong that gives exactly the
recorded date. A cause is only ever "consistent with"; the data cannot show why a date was
stored.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from .._engine.verdicts import Verdict
from .._law.calendar import WorkingCalendar
from .._law.regimes import Interval, Unit
from .._wording import day, plural
from .rows import RowStatus, RowVerdict
from .validation import Validation

__all__ = [
    "RECORDED_DUE_COLUMNS",
    "DueDateCheck",
    "LikelyCause",
    "RecordedDue",
    "RecordedDues",
    "check_recorded_dues",
    "classify_recorded_due",
]

_ONE_DAY = dt.timedelta(days=1)
#: An average month in days: 3 months "as days" is 91, 6 months 183 (what +91/+183 rules use).
_MONTH_AS_DAYS = 365.25 / 12


#: The columns of the recorded-due-date table (CSV, JSON rows, the workbook sheet, the frame).
RECORDED_DUE_COLUMNS = (
    "source",
    "line",
    "child",
    "period_start",
    "review",
    "status",
    "held",
    "recorded_due",
    "statutory_due",
    "difference_days",
    "check",
    "likely_cause",
    "late_because_recorded",
    "explanation",
)


class DueDateCheck(enum.Enum):
    """How the case system's due date compares with the statutory one."""

    SAME = "same"
    #: The risky kind: a review held on the system's date would be late.
    LATER = "later than the law"
    #: Safe but early: the review is called before it need be.
    EARLIER = "earlier than the law"


class LikelyCause(enum.Enum):
    """A common way of getting a due date wrong that gives exactly the recorded date."""

    MONTHS_AS_DAYS = "months counted as days (+91/+183)"
    START_DAY_COUNTED = "the start day counted"
    BANK_HOLIDAY_IGNORED = "a bank holiday counted as a working day"
    NOT_RESTARTED = "not restarted after a brought-forward review"
    TYPED_BY_HAND = "typed by hand"


def classify_recorded_due(recorded: dt.date, statutory: dt.date) -> DueDateCheck:
    """Whether ``recorded`` is the statutory due date, later than it or earlier.

    >>> classify_recorded_due(dt.date(2024, 7, 2), dt.date(2024, 7, 1)).value
    'later than the law'
    """
    if recorded > statutory:
        return DueDateCheck.LATER
    if recorded < statutory:
        return DueDateCheck.EARLIER
    return DueDateCheck.SAME


@attrs.frozen(kw_only=True)
class _Before:
    """What the check needs of a period's previous review judged."""

    ordinal: int
    due: dt.date
    counted: dt.date
    brought_forward: bool


@attrs.frozen(kw_only=True)
class RecordedDue:
    """One review's recorded due date, checked (or not, with the reason).

    ``statutory`` and ``check`` are None for a review whose statutory due date is not known
    (not judged, or judged whatever its number); ``reason`` then says why. ``causes`` are the
    likely causes of a difference, each with its sentence in ``cause_notes``.
    """

    source: str
    line: int | None
    child: str
    period_start: dt.date | None
    ordinal: int | None
    recorded: dt.date
    status: RowStatus
    statutory: dt.date | None = None
    rule: str = ""
    held: dt.date | None = None
    check: DueDateCheck | None = None
    causes: tuple[LikelyCause, ...] = ()
    cause_notes: tuple[str, ...] = ()
    reason: str = ""

    @property
    def difference(self) -> int | None:
        """Days from the statutory due date to the recorded one (positive: recorded later)."""
        return None if self.statutory is None else (self.recorded - self.statutory).days

    @property
    def late_because_recorded(self) -> bool:
        """Held late, but on or before the system's date: late because of the stored date."""
        return (
            self.status is RowStatus.LATE and self.held is not None and self.held <= self.recorded
        )

    def values(self) -> tuple[object, ...]:
        """The row's cells, in the order of :data:`RECORDED_DUE_COLUMNS` (dates as dates; text
        cells with nothing to say are empty)."""
        return (
            self.source,
            self.line,
            self.child,
            self.period_start,
            self.ordinal,
            self.status.value,
            self.held,
            self.recorded,
            self.statutory,
            self.difference,
            "" if self.check is None else self.check.value,
            "; ".join(cause.value for cause in self.causes),
            self.late_because_recorded,
            self.explain(),
        )

    def explain(self) -> str:
        """The check in plain English: both dates, the difference and any likely cause."""
        # A date not checked has no statutory date, check or difference (all three are None
        # together, so the two lines that test for None are marked not to be mutated).
        if self.statutory is None or self.check is None:  # pragma: no mutate
            return f"The case system's due date {day(self.recorded)} is not checked: {self.reason}"
        label = f"The case system's due date for review {self.ordinal}, {day(self.recorded)},"
        difference = abs(self.difference or 0)  # pragma: no mutate
        if self.check is DueDateCheck.SAME:
            text = f"{label} is the statutory one ({self.rule})."
        elif self.check is DueDateCheck.LATER:
            text = (
                f"{label} is {plural(difference, 'day')} later than the statutory one, "
                f"{day(self.statutory)} ({self.rule}): a review held on the system's date "
                "would be late."
            )
        else:
            text = (
                f"{label} is {plural(difference, 'day')} earlier than the statutory one, "
                f"{day(self.statutory)} ({self.rule}): safe, but the review is called early."
            )
        if self.cause_notes:
            text += " It is consistent with " + "; or with ".join(self.cause_notes) + "."
        if self.late_because_recorded and self.held is not None:
            text += (
                f" The review was held late, on {day(self.held)}, on or before the system's "
                "date: late because of the stored date."
            )
        return text


@attrs.frozen(kw_only=True)
class RecordedDues:
    """Every recorded due date of a validation, checked; and the summary of them."""

    rows: tuple[RecordedDue, ...]

    @property
    def checked(self) -> int:
        """How many recorded due dates were compared with a statutory one."""
        return sum(1 for r in self.rows if r.check is not None)

    def count(self, check: DueDateCheck) -> int:
        """How many recorded due dates compared as ``check``."""
        return sum(1 for r in self.rows if r.check is check)

    @property
    def not_checked(self) -> int:
        return len(self.rows) - self.checked

    @property
    def late_because_recorded(self) -> int:
        """Reviews held late that were on or before the system's date."""
        return sum(1 for r in self.rows if r.late_because_recorded)

    @property
    def causes(self) -> Counter[LikelyCause]:
        """How often each likely cause fits a date that differs from the law's."""
        return Counter(cause for r in self.rows for cause in r.causes)

    @property
    def most_common_cause(self) -> tuple[LikelyCause, int] | None:
        """The likely cause that fits most differing dates (None if none fits any)."""
        found = self.causes.most_common(1)
        return found[0] if found else None

    def summary_lines(self) -> list[str]:
        """The summary, one figure a line (empty when no recorded due date was given).

        >>> RecordedDues(rows=()).summary_lines()
        []
        """
        if not self.rows:
            return []
        common = self.most_common_cause
        return [
            "Recorded due dates (the case system's own) checked against the law's",
            f"  recorded due dates given: {len(self.rows)}",
            f"  checked: {self.checked} (not checked: {self.not_checked})",
            f"  same as the law: {self.count(DueDateCheck.SAME)}",
            f"  later than the law: {self.count(DueDateCheck.LATER)}",
            f"  earlier than the law: {self.count(DueDateCheck.EARLIER)}",
            f"  reviews held late on or before the system's date: {self.late_because_recorded}",
            "  most common likely cause: "
            + (f"{common[0].value} ({common[1]})" if common else "none found"),
        ]

    def summary(self) -> dict[str, object]:
        """The summary as plain values (as the JSON output gives it)."""
        common = self.most_common_cause
        return {
            "given": len(self.rows),
            "checked": self.checked,
            "not_checked": self.not_checked,
            "same": self.count(DueDateCheck.SAME),
            "later": self.count(DueDateCheck.LATER),
            "earlier": self.count(DueDateCheck.EARLIER),
            "late_because_recorded": self.late_because_recorded,
            "most_common_cause": common[0].value if common else None,
            "causes": {cause.value: n for cause, n in self.causes.most_common()},
        }


def check_recorded_dues(
    validation: Validation, *, calendar: WorkingCalendar | None = None
) -> RecordedDues:
    """Each review's recorded due date (the plain format's ``recorded_due``) beside its
    statutory one, classified, with any likely cause of a difference.

    A review held over several meetings is checked once, by the first of its rows that gives a
    recorded date. ``calendar`` is the working-day calendar the validation counted in (None:
    each regime's own).
    """
    if not validation.rows.recorded_dues_given():
        return RecordedDues(rows=())
    return RecordedDues(rows=tuple(_checks(validation.rows, calendar)))


def _checks(rows: Iterable[RowVerdict], calendar: WorkingCalendar | None) -> Iterator[RecordedDue]:
    before: dict[tuple[str, dt.date | None], _Before] = {}
    seen: set[tuple[str, dt.date | None, int]] = set()
    for row in rows:
        # (Only the plain format gives recorded dates, and its overdue rows come last in their
        # period, so an overdue row's verdict would be nobody's "before": not to be mutated.)
        judged = row.status in (RowStatus.ON_TIME, RowStatus.LATE)  # pragma: no mutate
        verdict = row.verdict if judged else None  # pragma: no mutate
        period = (row.child, row.period_start)
        if verdict is not None and row.recorded_due is not None:
            if (*period, verdict.ordinal) not in seen:
                seen.add((*period, verdict.ordinal))
                yield _checked(row, verdict, before.get(period), calendar)
        elif row.recorded_due is not None and row.meeting <= 1:
            yield _unchecked(row)
        if verdict is not None:
            before[period] = _Before(
                ordinal=verdict.ordinal,
                due=verdict.due,
                counted=verdict.counted_date,
                brought_forward=row.brought_forward,
            )


def _unchecked(row: RowVerdict) -> RecordedDue:
    assert row.recorded_due is not None
    if row.status in (RowStatus.ON_TIME, RowStatus.LATE):
        reason = "the data cannot show the review's number, so its statutory due date is not known"
    else:
        reason = f"the review was not judged ({row.status.value}), so it has no statutory due date"
    return _of(row, row.recorded_due, ordinal=None, reason=reason)  # no number is known


def _checked(
    row: RowVerdict, verdict: Verdict, before: _Before | None, calendar: WorkingCalendar | None
) -> RecordedDue:
    recorded = row.recorded_due
    assert recorded is not None
    check = classify_recorded_due(recorded, verdict.due)
    found = [] if check is DueDateCheck.SAME else _causes(recorded, verdict, before, calendar)
    return _of(
        row,
        recorded,
        ordinal=verdict.ordinal,
        statutory=verdict.due,
        rule=verdict.rule,
        held=verdict.counted_date,
        check=check,
        causes=tuple(cause for cause, _ in found),
        cause_notes=tuple(note for _, note in found),
    )


def _of(row: RowVerdict, recorded: dt.date, **found: Any) -> RecordedDue:
    """The check of ``row``'s recorded due date: the row's own fields and what was ``found``."""
    return RecordedDue(
        source=row.source,
        line=row.line,
        child=row.child,
        period_start=row.period_start,
        recorded=recorded,
        status=row.status,
        **found,
    )


def _causes(
    recorded: dt.date, verdict: Verdict, before: _Before | None, calendar: WorkingCalendar | None
) -> list[tuple[LikelyCause, str]]:
    """Every common mistake that gives exactly ``recorded``, with its sentence."""
    interval = verdict.regime.interval_for(verdict.ordinal)
    if interval.unit is Unit.WORKING_DAYS and calendar is None:
        calendar = verdict.regime.calendar()
    anchor = verdict.anchor
    notes = (
        (LikelyCause.MONTHS_AS_DAYS, _months_as_days(recorded, interval, anchor)),
        (LikelyCause.START_DAY_COUNTED, _start_day_counted(recorded, interval, anchor, calendar)),
        (LikelyCause.BANK_HOLIDAY_IGNORED, _holiday_ignored(recorded, verdict, calendar)),
        (LikelyCause.NOT_RESTARTED, _not_restarted(recorded, verdict, before, calendar)),
    )
    found = [(cause, note) for cause, note in notes if note]
    typed = "" if found else _typed(recorded, verdict.due)
    if typed:
        found.append((LikelyCause.TYPED_BY_HAND, f"a date typed by hand ({typed})"))
    return found


def _months_as_days(recorded: dt.date, interval: Interval, anchor: dt.date) -> str:
    """3 months counted as 91 days, 6 as 183 (not calendar months: reg. 33(2))."""
    if interval.unit is not Unit.MONTHS:
        return ""
    days = round(interval.count * _MONTH_AS_DAYS)
    if recorded != anchor + dt.timedelta(days=days):
        return ""
    return f"{interval} counted as {days} days from {day(anchor)}"


def _start_day_counted(
    recorded: dt.date, interval: Interval, anchor: dt.date, calendar: WorkingCalendar | None
) -> str:
    """The day the interval runs from counted as its first day (it is not: Dodds v Walker)."""
    if interval.unit is Unit.WORKING_DAYS:
        assert calendar is not None
        counted = interval.after(anchor, calendar, count_start_day=True)
    else:
        counted = interval.after(anchor) - _ONE_DAY
    if recorded != counted:
        return ""
    return f"{day(anchor)} itself counted as the first day of the {interval}"


def _holiday_ignored(recorded: dt.date, verdict: Verdict, calendar: WorkingCalendar | None) -> str:
    """Working days counted as weekdays, bank holidays among them (reg. 2(1) excludes them)."""
    interval, anchor = verdict.regime.interval_for(verdict.ordinal), verdict.anchor
    if interval.unit is not Unit.WORKING_DAYS:
        return ""
    assert calendar is not None  # the regime's, if none was given (see _causes)
    # (With no bank holiday in the interval the weekdays give the statutory date itself, which
    # is never checked for a cause.)
    if recorded != _weekdays_after(anchor, interval.count):
        return ""
    holidays = _weekday_holidays(anchor, verdict.due, calendar)
    named = ", ".join(day(d) for d in holidays)
    return f"{named} counted as {'a working day' if len(holidays) == 1 else 'working days'}"


def _not_restarted(
    recorded: dt.date, verdict: Verdict, before: _Before | None, calendar: WorkingCalendar | None
) -> str:
    """The interval counted from a brought-forward review's due date, not from the day it was
    held (reg. 33(2) counts from the review held; reg. 33(3) lets it be held early)."""
    if before is None or not before.brought_forward or before.ordinal != verdict.ordinal - 1:
        return ""
    interval = verdict.regime.interval_for(verdict.ordinal)
    if recorded != interval.after(before.due, calendar):
        return ""
    return (
        f"the clock not restarted after review {before.ordinal} was brought forward "
        f"(held {day(before.counted)}): the {interval} counted from its due date, "
        f"{day(before.due)}, instead"
    )


def _weekday_holidays(anchor: dt.date, due: dt.date, calendar: WorkingCalendar) -> list[dt.date]:
    """The weekdays after ``anchor`` up to ``due`` that are not working days (bank holidays)."""
    days = (anchor + _ONE_DAY * n for n in range(1, (due - anchor).days + 1))
    return [d for d in days if d.weekday() < 5 and not calendar.is_working_day(d)]


def _weekdays_after(anchor: dt.date, count: int) -> dt.date:
    """The ``count``-th weekday after ``anchor``: working days counted with no bank holidays."""
    d = anchor
    while count:
        d += _ONE_DAY
        if d.weekday() < 5:
            count -= 1
    return d


def _typed(recorded: dt.date, statutory: dt.date) -> str:
    """How ``recorded`` looks mistyped from ``statutory`` ("" if it does not)."""
    if (recorded.month, recorded.day) == (statutory.day, statutory.month):
        return "the day and the month swapped"
    written = (f"{d:%d%m%Y}" for d in (recorded, statutory))
    # Both are 8 characters (ddmmYYYY): strict= cannot matter.
    if sum(a != b for a, b in zip(*written, strict=True)) == 1:  # pragma: no mutate
        return "one digit differs"
    return ""

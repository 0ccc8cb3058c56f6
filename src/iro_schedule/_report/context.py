"""What a report says besides the verdicts and the annual figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from .._validate.recorded_due import RecordedDues, check_recorded_dues
from .._validate.validation import Validation
from .figures import YearFigures
from .groups import Caseloads

__all__ = ["ReportContext"]


@attrs.frozen(kw_only=True)
class ReportContext:
    """A report's title (the council's name), the day it was made, the figures by group (by
    column, then group), the IROs' caseloads (by column), the percentage the chart marks as the
    target, and how many late and overdue reviews the HTML lists (the rest are in the CSV and
    the workbook). Every field is optional: the library assumes none of them."""

    title: str = ""
    made_on: dt.date | None = None
    groups: Mapping[str, Mapping[str, tuple[YearFigures, ...]]] = attrs.field(factory=dict)
    caseloads: Mapping[str, Caseloads] = attrs.field(factory=dict)
    target: float | None = None
    exceptions_shown: int = 500
    recorded_dues: RecordedDues | None = None

    def recorded(self, validation: Validation) -> RecordedDues:
        """The recorded due dates checked: as given, else checked now."""
        if self.recorded_dues is not None:
            return self.recorded_dues
        return check_recorded_dues(validation)

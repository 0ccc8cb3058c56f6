"""Rows to verdicts to figures: judging historic review records.

:func:`validate` places every review row in its period of care, groups meetings into reviews,
judges them with the engine and gives each input row a :class:`RowVerdict` (or a reason);
:func:`infer_window` settles what the data covers, and :func:`annual_figures` gives the figures
councils publish.

>>> import iro_schedule as iro
>>> from iro_schedule import validation
>>> inputs = iro.read_records([iro.sample_data()])
>>> window = validation.infer_window(inputs)
>>> result = validation.validate(inputs, as_of=window.as_of, reviews_from=window.reviews_from)
>>> "(balanced)" in result.reconciliation()
True
"""

from ._report.figures import MonthFigures, YearFigures, annual_figures
from ._report.groups import NO_GROUP, Caseloads, caseloads, figures_by
from ._validate.judging import Timeline, Timelines
from ._validate.recorded_due import (
    DueDateCheck,
    LikelyCause,
    RecordedDue,
    RecordedDues,
    check_recorded_dues,
    classify_recorded_due,
)
from ._validate.rows import RowStatus, RowVerdict, RowVerdicts
from ._validate.validation import Caseload, Validation, caseload, validate
from ._validate.window import DataWindow, infer_window
from ._years import reporting_year

__all__ = [
    "NO_GROUP",
    "Caseload",
    "Caseloads",
    "DataWindow",
    "DueDateCheck",
    "LikelyCause",
    "MonthFigures",
    "RecordedDue",
    "RecordedDues",
    "RowStatus",
    "RowVerdict",
    "RowVerdicts",
    "Timeline",
    "Timelines",
    "Validation",
    "YearFigures",
    "annual_figures",
    "caseload",
    "caseloads",
    "check_recorded_dues",
    "classify_recorded_due",
    "figures_by",
    "infer_window",
    "reporting_year",
    "validate",
]

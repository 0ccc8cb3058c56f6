"""The engine over numpy arrays: due dates and verdicts for whole caseloads at once.

Each function gives, element by element, what its scalar twin gives (the test suite holds each
array form to its scalar form). Needs numpy (the ``vector`` extra: from a checkout,
``python -m pip install '.[vector]'``), imported only when a function here is called.

>>> import numpy as np
>>> from iro_schedule import arrays
>>> arrays.due_after_array(np.array(["2024-12-20"], dtype="M8[D]"), [1])
array(['2025-01-22'], dtype='datetime64[D]')
"""

from ._engine.arrays import ArrayAssessment, assess_arrays, due_after_array, periods_to_arrays
from ._law.calendar import add_working_days_array
from ._law.months import add_months_array
from ._law.regimes import interval_after_array

__all__ = [
    "ArrayAssessment",
    "add_months_array",
    "add_working_days_array",
    "assess_arrays",
    "due_after_array",
    "interval_after_array",
    "periods_to_arrays",
]

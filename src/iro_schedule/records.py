"""Files to rows: reading SSDA903 returns and case-system exports as councils hold them.

``read_records`` reads files or folders, telling the SSDA903 tables and the plain format apart
by their columns; every row comes back as a review row (:class:`CaseReview`, held as
:class:`ReviewColumns`), a period of care (:class:`CarePeriod`, from SSDA903 episodes) or an
:class:`InputProblem` naming the file, line and field. Nothing is dropped.

>>> from iro_schedule import records
>>> inputs = records.read_records([records.sample_data()])
>>> inputs.review_rows_read
844
"""

from ._read.files import read_records, sample_data
from ._read.periods_json import read_periods_json
from ._read.plain import KINDS, PLAIN_COLUMNS, read_plain
from ._read.rows import CarePeriod, CaseReview, InputProblem, Inputs, Labels, ReviewColumns
from ._read.ssda903 import (
    EPISODE_COLUMNS,
    HEADER_COLUMNS,
    PARTICIPATION_CODES,
    REVIEW_COLUMNS,
    read_903,
)
from ._read.tables import Table, TableRow, parse_date, read_table

__all__ = [
    "EPISODE_COLUMNS",
    "HEADER_COLUMNS",
    "KINDS",
    "PARTICIPATION_CODES",
    "PLAIN_COLUMNS",
    "REVIEW_COLUMNS",
    "CarePeriod",
    "CaseReview",
    "InputProblem",
    "Inputs",
    "Labels",
    "ReviewColumns",
    "Table",
    "TableRow",
    "parse_date",
    "read_903",
    "read_periods_json",
    "read_plain",
    "read_records",
    "read_table",
    "sample_data",
]

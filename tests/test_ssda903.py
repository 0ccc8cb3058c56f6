"""Reading SSDA903 tables: periods of care from episodes, merging years, and bad rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iro_schedule import (
    ENGLAND_SHORT_BREAKS_2010,
    PeriodOfCare,
    assess,
    infer_window,
    read_records,
    validate,
)
from iro_schedule.errors import WindowError
from iro_schedule.records import EPISODE_COLUMNS, REVIEW_COLUMNS, read_903
from iro_schedule.validation import RowStatus

from .shared import shared_path
from .strategies import DATA_FROM, DATA_TO, children_903, episodes_csv

D = dt.date
EPISODE_HEADER = list(EPISODE_COLUMNS)


def _write(
    path: Path, header: list[str], rows: list[list[str]], *, crlf: bool = False, bom: bool = False
) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode())
    return path


def _episode(
    child: str, decom: str, rne: str, dec: str = "", rec: str = "", ls: str = "C2"
) -> list[str]:
    return [child, decom, rne, ls, "N1", "U1", "PR1", dec, rec, "", "", "", ""]


def test_periods_from_episodes(tmp_path: Path) -> None:
    _write(
        tmp_path / "episodes.csv",
        EPISODE_HEADER,
        [
            _episode("A", "01/04/2020", "S", "01/06/2020", "X1"),
            _episode("A", "01/06/2020", "P", "01/09/2020", "E11"),
            _episode("A", "01/01/2021", "S"),  # re-entry, still open
            _episode("B", "05/05/2020", "P", "01/07/2020", "E13"),  # began before the data
        ],
    )
    periods = read_903([tmp_path]).periods
    a = periods["A"]
    assert [(p.start, p.end, p.start_known) for p in a] == [
        (D(2020, 4, 1), D(2020, 9, 1), True),
        (D(2021, 1, 1), None, True),
    ]
    (b,) = periods["B"]
    assert not b.start_known
    assert "has RNE 'P', not 'S'" in b.why_start_unknown


def test_short_breaks_form_one_series(tmp_path: Path) -> None:
    _write(
        tmp_path / "episodes.csv",
        EPISODE_HEADER,
        [
            _episode("S", "01/05/2021", "S", "03/05/2021", "E13", ls="V3"),
            _episode("S", "01/06/2021", "S", "04/06/2021", "E13", ls="V3"),
            _episode("S", "01/07/2021", "S", "02/07/2021", "E13", ls="V4"),
            _episode("S", "01/01/2022", "S", ls="C2"),
        ],
    )
    periods = read_903([tmp_path]).periods["S"]
    # The series goes on between its breaks and after its last (2 Jul 2021), until the next
    # period of care begins: the day it ended is not in the data.
    assert [(p.start, p.end, p.end_known, p.known_until, p.short_breaks) for p in periods] == [
        (D(2021, 5, 1), D(2021, 12, 31), False, D(2021, 7, 2), True),
        (D(2022, 1, 1), None, True, None, False),
    ]


def test_years_overlap_and_episodes_merge(tmp_path: Path) -> None:
    _write(tmp_path / "x_2020_episodes.csv", EPISODE_HEADER, [_episode("A", "01/04/2019", "S")])
    _write(
        tmp_path / "x_2021_episodes.csv",
        EPISODE_HEADER,
        [
            _episode("A", "01/04/2019", "S", "01/06/2020", "E11"),
        ],
    )
    _write(
        tmp_path / "x_2022_episodes.csv",
        EPISODE_HEADER,
        [
            _episode("A", "01/04/2019", "S", "02/06/2020", "E11"),  # disagrees: reported
        ],
    )
    inputs = read_903([tmp_path])
    assert inputs.years == (2020, 2021, 2022)
    (period,) = inputs.periods["A"]
    assert period.end == D(2020, 6, 2)
    (problem,) = inputs.problems
    assert "differs from its copy" in problem.reason
    assert problem.line == 2


def test_bad_episode_rows_are_reported(tmp_path: Path) -> None:
    _write(
        tmp_path / "episodes.csv",
        EPISODE_HEADER,
        [
            _episode("", "01/04/2020", "S"),
            _episode("A", "32/04/2020", "S"),
            _episode("B", "01/04/2020", "S", "01/03/2020", "E11"),
            _episode("C", "01/04/2020", "S", "soon", "E11"),
        ],
    )
    inputs = read_903([tmp_path])
    assert [(p.line, p.field) for p in inputs.problems] == [
        (2, "CHILD"),
        (3, "DECOM"),
        (4, "DEC"),
        (5, "DEC"),
    ]
    assert inputs.periods == {}
    assert "DEC 01/03/2020 is before DECOM 01/04/2020" in inputs.problems[2].reason


def test_unknown_files_and_missing_columns(tmp_path: Path) -> None:
    _write(tmp_path / "notes.csv", ["WHAT"], [["x"]])
    _write(tmp_path / "reviews.csv", ["CHILD", "DOB", "REVIEW_CODE"], [["A", "", "PN1"]])
    inputs = read_903([tmp_path])
    reasons = [p.reason for p in inputs.problems]
    assert any("is not a 903 Header, Episodes or Reviews table" in r for r in reasons)
    assert any("has no REVIEW column" in r for r in reasons)
    assert inputs.review_rows_read == 1


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    children_903(),
    st.booleans(),
    st.booleans(),
    st.lists(st.integers(0, 5000), min_size=6, max_size=6),
)
def test_round_trip_903_files_agree_with_the_core(
    tmp_path_factory: pytest.TempPathFactory,
    children: list[tuple[str, PeriodOfCare]],
    iso: bool,
    crlf: bool,
    splits: list[int],
) -> None:
    folder = tmp_path_factory.mktemp("903")
    _write(
        folder / "episodes.csv",
        EPISODE_HEADER,
        episodes_csv(children, iso=iso, splits=splits[: len(children)]),
        crlf=crlf,
        bom=iso,
    )
    fmt = "%Y-%m-%d" if iso else "%d/%m/%Y"
    reviews = [
        [child, "01/01/2015", r.first_meeting.strftime(fmt), "PN1"]
        for child, period in children
        for r in period.reviews
    ]
    _write(folder / "reviews.csv", list(REVIEW_COLUMNS), reviews, crlf=crlf)
    result = validate(read_903([folder]), as_of=DATA_TO, reviews_from=DATA_FROM)
    assert result.review_rows_read == len(reviews)
    assert result.count(RowStatus.ON_TIME, RowStatus.LATE) == len(reviews)
    for child, period in children:
        expected = assess(period, as_of=DATA_TO).verdicts
        got = [r for r in result.rows if r.child == child]
        assert [(r.ordinal, r.due, r.counted_date, r.days_late, r.status.value) for r in got] == [
            (v.ordinal, v.due, v.counted_date, v.days_late, v.status.value) for v in expected
        ]


@pytest.mark.parametrize("year", ["2020", "2021"])
def test_published_903_samples_every_row_accounted_for(year: str) -> None:
    samples = shared_path("data", "903-samples")
    files = [samples / f"csdm_{year}-{t}.csv" for t in ("header", "episodes", "reviews")]
    inputs = read_903(files)
    window = infer_window(inputs)
    result = validate(inputs, as_of=window.as_of, reviews_from=window.reviews_from)
    assert "(balanced)" in result.reconciliation()
    input_rows = [r for r in result.rows if r.status is not RowStatus.OVERDUE]
    assert len(input_rows) == inputs.review_rows_read
    assert len({(r.source, r.line) for r in input_rows}) == len(input_rows)
    for row in input_rows:
        if row.status in (RowStatus.INVALID, RowStatus.DUPLICATE):
            assert f"line {row.line}" in row.reason


def test_published_samples_together_and_the_cleaned_liia_form() -> None:
    samples = shared_path("data", "903-samples")
    # The folder holds two unrelated sets, each with a 2020 Episodes table: refused together.
    with pytest.raises(WindowError, match="two Episodes tables for the collection year 2019-20"):
        read_records([samples])
    inputs = read_records(sorted(samples.glob("csdm_*.csv")))
    result = validate(inputs, as_of=D(2021, 3, 31), reviews_from=D(2019, 4, 1))
    assert "(balanced)" in result.reconciliation()
    assert result.count(RowStatus.DUPLICATE) > 0  # the two years overlap
    liia = read_903([samples / "liia_SSDA903_episodes_for_testing_fixes_INPUT.csv"])
    # ISO dates, CRLF endings and extra columns are all read; what is reported is its episodes
    # left open (no DEC) though the child's next episode starts a new period.
    assert liia.problems
    assert all(p.field == "DEC" and p.reason.startswith("DEC is blank") for p in liia.problems)
    assert sum(len(p) for p in liia.periods.values()) > 0


def test_short_break_reviews_use_reg_48(tmp_path: Path) -> None:
    _write(
        tmp_path / "episodes.csv",
        EPISODE_HEADER,
        [
            _episode("S", "01/05/2021", "S", "03/05/2021", "E13", ls="V3"),
            _episode("S", "01/06/2021", "S", "04/06/2021", "E13", ls="V3"),
        ],
    )
    _write(
        tmp_path / "reviews.csv",
        list(REVIEW_COLUMNS),
        [
            ["S", "01/01/2012", "04/06/2021", "PN1"],
            ["S", "01/01/2012", "02/06/2021", "PN1"],
            ["S", "01/01/2012", "20/07/2021", "PN1"],
        ],
    )
    # By default the series is not judged: the return does not collect its reviews (rule 399).
    default = validate(read_903([tmp_path]), as_of=D(2021, 12, 31), reviews_from=None)
    placed = [r for r in default.rows if r.status is RowStatus.NOT_COUNTED]
    # The series goes on between and after its breaks: the review after the last is its own.
    assert [r.meeting_date for r in placed] == [D(2021, 6, 2), D(2021, 6, 4), D(2021, 7, 20)]
    assert "DfE validation rule 399" in placed[0].reason
    assert default.count(RowStatus.OVERDUE) == 0
    assert default.timelines == ()
    # Judged on request, under reg. 48: the first review within 3 months of the first break,
    # then not more than 6 months apart.
    inputs = read_903([tmp_path], judge_short_breaks=True)
    result = validate(inputs, as_of=D(2021, 12, 31), reviews_from=None)
    judged = [r for r in result.rows if r.status is RowStatus.ON_TIME]
    assert [r.regime for r in judged] == [ENGLAND_SHORT_BREAKS_2010.name] * 3
    assert [r.due for r in judged] == [D(2021, 8, 1), D(2021, 12, 2), D(2021, 12, 4)]
    assert "the start of the first short break (Sat 1 May 2021)" in judged[0].reason
    # The data shows the series going until its last review (20 Jul 2021); nothing after that
    # is overdue, as the series may have ended.
    later = validate(inputs, as_of=D(2022, 6, 30), reviews_from=None)
    assert later.count(RowStatus.OVERDUE) == 0
    assert len(later.rows) == 3


def test_a_review_code_that_is_not_a_participation_code_is_a_note() -> None:
    # Found by mutation testing: what a blank or unknown REVIEW_CODE leaves of the row.
    files = {
        "ssda903_2024_episodes.csv": b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n"
        b"A,01/04/2023,S,C2,N1,U1,PR1,,\n",
        "ssda903_2024_reviews.csv": b"CHILD,DOB,REVIEW,REVIEW_CODE\nA,01/01/2015,20/04/2023,PN1\n"
        b"A,01/01/2015,15/07/2023,\nA,01/01/2015,10/01/2024,PN9\n",
    }
    result = validate(
        read_records(list(files), data=files), as_of=D(2024, 3, 31), reviews_from=None
    )
    assert [(r.participation, r.detail) for r in result.rows] == [
        ("PN1", ""),
        ("", "REVIEW_CODE is blank, so participation is not counted"),
        ("", "REVIEW_CODE 'PN9' is not a code PN0-PN7, so participation is not counted"),
    ]
    assert result.rows[1].reason.endswith(
        "on time, 5 days early. Note: REVIEW_CODE is blank, so participation is not counted."
    )


def test_a_review_given_again_names_the_copy_judged() -> None:
    # Found by mutation testing: the duplicate's reason names the first copy's file and line.
    episodes = (
        b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\nA,01/04/2023,S,C2,N1,U1,PR1,,\n"
    )
    reviews = b"CHILD,DOB,REVIEW,REVIEW_CODE\nA,01/01/2015,20/04/2023,PN1\n"
    files = {
        "ssda903_2023_episodes.csv": episodes,
        "ssda903_2023_reviews.csv": reviews,
        "ssda903_2024_episodes.csv": episodes,
        "ssda903_2024_reviews.csv": b"CHILD,DOB,REVIEW,REVIEW_CODE\nA,01/01/2015,12/12/2022,PN1\n"
        b"A,01/01/2015,20/04/2023,PN1\n",
    }
    result = validate(
        read_records(list(files), data=files), as_of=D(2024, 3, 31), reviews_from=None
    )
    (copy,) = result.with_status(RowStatus.DUPLICATE)
    assert (copy.source, copy.line) == ("ssda903_2024_reviews.csv", 3)
    assert copy.reason == (
        "ssda903_2024_reviews.csv line 3, date: the same review meeting (Thu 20 Apr 2023) as "
        "ssda903_2023_reviews.csv line 2, where it is judged"
    )


def test_the_header_gives_ages_and_labels_whatever_its_rows_lack() -> None:
    # Found by mutation testing: a Header whose columns come in another order, lack DOB (an
    # earlier year's), or whose rows are blank, short (to just before the DOB), or lack a DOB
    # before a row that has one; a DOB that is not a date is named and the rows after it read,
    # and a row with no child sets nothing (no age, no label).
    episodes = b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n" + b"".join(
        child + b",01/04/2023,S,C2,N1,U1,PR1,,\n" for child in (b"A", b"B", b"C")
    )
    files = {
        "ssda903_2021_header.csv": b"SEX,DOB,CHILD\n2,01/01/2015\n",
        "ssda903_2022_header.csv": b"CHILD,SEX,DOB\nA,2\n",
        "ssda903_2023_header.csv": b"CHILD,SEX\nA,2\n",
        "ssda903_2024_header.csv": b"DOB,CHILD,SEX\n01/01/2015,A,1\n,\n02/02/2016\n,B\n"
        b"31/02/2017,C\n03/03/2017,B\n",
        "ssda903_2024_episodes.csv": episodes,
        "ssda903_2024_reviews.csv": b"CHILD,DOB,REVIEW,REVIEW_CODE\nA,,20/04/2023,PN1\n"
        b"B,,20/04/2023,PN1\nC,,20/04/2023,PN1\n",
    }
    inputs = read_records(list(files), data=files, keep=["SEX"])
    result = validate(inputs, as_of=D(2024, 3, 31), reviews_from=None)
    held = result.with_status(RowStatus.ON_TIME, RowStatus.LATE)
    assert [(row.child, row.age) for row in held] == [("A", 8), ("B", 6), ("C", None)]
    assert [(p.source, p.line, p.field, p.reason) for p in inputs.problems] == [
        (
            "ssda903_2024_header.csv",
            6,
            "DOB",
            "DOB '31/02/2017' is not a real date, so the child's age is not known",
        )
    ]
    assert inputs.labels["SEX"].by_child == {"A": "1"}

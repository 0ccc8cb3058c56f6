"""The SSDA903 readers' engines: a file split a column at a time by polars reads as the same
rows, problems and reasons as the same file read row by row, on generated returns roughened as
real files are (and files that are not plain, which both read row by row)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iro_schedule import read_records
from iro_schedule.cli import main
from iro_schedule.records import read_903

from .strategies import Return, returns, roughened

pytest.importorskip("polars")

EXAMPLES = {"ci": 500, "thorough": 5000, "mutation": 60}.get(
    os.environ.get("HYPOTHESIS_PROFILE", "default"), 100
)


@settings(
    max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.data(), returns())
def test_polars_reads_what_the_row_reader_reads(data: st.DataObject, found: Return) -> None:
    files = data.draw(roughened(found.files))
    names = [name for name, _ in files]
    by_row = read_903(names, data=dict(files), engine="python")
    by_column = read_903(names, data=dict(files), engine="polars")
    assert by_column == by_row
    assert list(by_column.reviews) == list(by_row.reviews)  # each row, made as it is read


def test_a_plain_file_is_split_by_polars_and_a_quoted_one_read_row_by_row() -> None:
    header = b"CHILD,DOB,REVIEW,REVIEW_CODE\n"
    plain = header + b" A ,01/01/2010,02/03/2020, pn1\nB,,31/02/2020,PN2\n,,,\nC,x,03/03/2020\n"
    quoted = plain.replace(b"02/03/2020", b'"02/03/2020"')
    for text in (plain, quoted, b"\xef\xbb\xbf" + plain.replace(b"\n", b"\r\n")):
        files = {"ssda903_2020_reviews.csv": text}
        by_column = read_903(list(files), data=files, engine="polars")
        assert by_column == read_903(list(files), data=files, engine="python")
        assert [(r.child, r.line, r.participation) for r in by_column.reviews] == [
            ("A", 2, "PN1"),
            ("C", 5, ""),
        ]
        assert [(p.line, p.field) for p in by_column.problems] == [(3, "REVIEW")]
        assert by_column.review_rows_read == 3
        assert by_column.reviews[1].note == (
            "REVIEW_CODE is blank, so participation is not counted; DOB 'x' is not a date in "
            "the form dd/mm/YYYY or YYYY-MM-DD, so the child's age is not known"
        )


def test_read_records_takes_the_engine_too() -> None:
    files = {"ssda903_2020_reviews.csv": b"CHILD,REVIEW\nA,02/03/2020\n"}
    inputs = read_records(list(files), data=files, engine="polars")
    assert [r.child for r in inputs.reviews] == ["A"]


def test_copies_of_an_episode_are_merged_alike_by_both_engines() -> None:
    # A's copies: open, then closed (the closed one is kept). B's: closed, then open, then
    # different, the last in a file read row by row (a quoted cell) as polars does not split it.
    header = b"CHILD,DECOM,RNE,LS,DEC,REC,PLACE\n"
    files = {
        "ssda903_2021_episodes.csv": header
        + b"A,01/06/2020,S,C2,,,U1\nB,01/05/2020,S,C2,01/02/2021,E11,U1\n",
        "ssda903_2022_episodes.csv": header
        + b"A,01/06/2020,S,C2,03/05/2021,E11,U1\nB,01/05/2020,S,C2,,,U1\nB,01/05/2020,S\n",
        "ssda903_2023_episodes.csv": header
        + b'B,01/05/2020,S,"E1",,,U1\nB,01/05/2020,S,C2,x,,U1\n',
    }
    by_column = read_903(list(files), data=files, engine="polars")
    assert by_column == read_903(list(files), data=files, engine="python")
    differ = [(p.source, p.line) for p in by_column.problems if "differs from its copy" in p.reason]
    assert differ == [
        ("ssda903_2022_episodes.csv", 3),
        ("ssda903_2022_episodes.csv", 4),
        ("ssda903_2023_episodes.csv", 2),
    ]
    (a,) = by_column.periods["A"]
    assert a.end == dt.date(2021, 5, 3)


def test_dates_of_birth_from_the_header_are_found_alike_by_both_engines() -> None:
    # Reviews rows with no DOB take the child's from the Header tables: the first row giving
    # one, table by table in the order read, however each table is read (2021's has a quoted
    # cell, so is read row by row). A is written two ways, its first row with a date second.
    files = {
        "ssda903_2020_header.csv": b"CHILD,DOB\n A,\nA,01/01/2010\n A,02/02/2011\nB,\n",
        "ssda903_2020_reviews.csv": b"CHILD,REVIEW\nA,03/03/2020\nB,04/03/2020\nC,05/03/2020\n",
        "ssda903_2021_header.csv": b'CHILD,DOB\nB,"03/03/2012"\nC,x\n',
        "ssda903_2022_header.csv": b"CHILD,DOB\nB,04/04/2013\nC,05/05/2014\nA,06/06/2015\n",
    }
    by_column = read_903(list(files), data=files, engine="polars")
    assert by_column == read_903(list(files), data=files, engine="python")
    born = [dt.date(2010, 1, 1), dt.date(2012, 3, 3), dt.date(2014, 5, 5)]
    assert [r.dob for r in by_column.reviews] == born
    assert [(p.source, p.line, p.field) for p in by_column.problems] == [
        ("ssda903_2021_header.csv", 3, "DOB")
    ]


def test_every_engine_gives_the_same_command_line_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = []
    for engine in ("python", "polars", "auto"):
        rows = tmp_path / f"{engine}.csv"
        assert main(["validate", "--sample", "--engine", engine, "--csv", str(rows)]) == 0
        runs.append((capsys.readouterr().out.replace(str(rows), "ROWS"), rows.read_bytes()))
    assert runs[0] == runs[1] == runs[2]

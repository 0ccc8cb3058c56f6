"""Reading real-world CSV: encodings, line endings, blank lines, whitespace, two date forms."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro_schedule.records import parse_date, read_table


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20/12/2024", dt.date(2024, 12, 20)),
        ("1/4/2011", dt.date(2011, 4, 1)),
        (" 2024-12-20 ", dt.date(2024, 12, 20)),
        ("29/02/2024", dt.date(2024, 2, 29)),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2024", "'31/02/2024' is not a real date"),
        ("2023-02-29", "'2023-02-29' is not a real date"),
        ("", "is blank"),
        ("   ", "is blank"),
        ("20.12.2024", "is not a date in the form dd/mm/YYYY or YYYY-MM-DD"),
        ("2024/12/20", "is not a date in the form"),
        ("20/12/24", "is not a date in the form"),
    ],
)
def test_parse_date_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_date(text)


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_parse_date_round_trips_both_forms(day: dt.date) -> None:
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(day.isoformat()) == day


def test_bom_crlf_blank_lines_and_whitespace() -> None:
    data = b"\xef\xbb\xbf child , REVIEW \r\n\r\n 1 , 20/12/2024 \r\n,\r\n2,2024-12-21\r\n"
    table = read_table("t.csv", data=data)
    assert table.columns == ("CHILD", "REVIEW")
    assert [(r.line, r.get("CHILD"), r.get("REVIEW")) for r in table.rows] == [
        (3, "1", "20/12/2024"),
        (5, "2", "2024-12-21"),
    ]
    assert table.rows[0].source == "t.csv"


def test_windows_1252_and_mixed_encodings() -> None:
    data = "CHILD,NAME\n1,Zoë\n".encode("cp1252") + "2,Zoë\n".encode()
    table = read_table("t.csv", data=data, upper=False)
    assert [r.get("NAME") for r in table.rows] == ["Zoë", "Zoë"]


def test_short_and_long_rows() -> None:
    table = read_table("t.csv", data=b"A,B\n1\n1,2,3,4\n")
    assert table.rows[0].get("B") == ""
    assert table.rows[1].cells == {"A": "1", "B": "2", "_EXTRA_1": "3", "_EXTRA_2": "4"}


def test_quoted_cells_and_empty_file() -> None:
    table = read_table("t.csv", data=b'A,B\n"x, y","say ""hi"""\n')
    assert table.rows[0].cells == {"A": "x, y", "B": 'say "hi"'}
    assert read_table("e.csv", data=b"").columns == ()
    assert read_table("e.csv", data=b"\n\n").rows == ()


def test_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"A\n1\n")
    table = read_table(path)
    assert table.source == str(path)
    assert table.rows[0].get("A") == "1"


def test_column_names_kept_in_case_and_a_title_line_passed_over() -> None:
    # Found by mutation testing: read_table hands upper= and header= to the reader.
    data = b"Reviews for the year\nChild,Review Date\nA,20/12/2024\n"
    table = read_table("t.csv", data=data, upper=False, header=("Child", "Review Date"))
    assert table.columns == ("Child", "Review Date")
    assert [(r.line, r.get("Child"), r.get("Review Date")) for r in table.rows] == [
        (3, "A", "20/12/2024")
    ]
    assert read_table("t.csv", data=data).columns == ("REVIEWS FOR THE YEAR",)

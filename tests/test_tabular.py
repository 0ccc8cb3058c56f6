"""Reading real-world CSV: encodings, line endings, blank lines, whitespace, two date forms."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro_schedule.errors import UnreadableFileError
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


# --- Found by mutation testing: files that are not plain CSV text, and how cells are split ----


def test_a_workbook_is_refused_saying_how_to_save_it() -> None:
    with pytest.raises(UnreadableFileError) as caught:
        read_table("x.csv", data=b"PK\x03\x04rest of a zip")
    assert str(caught.value) == (
        "x.csv: is an Excel workbook (or another zip file), not CSV text: save each sheet as "
        "'CSV UTF-8 (Comma delimited)' and read those"
    )


def test_utf16_without_a_byte_order_mark_is_refused_saying_how_to_save_it() -> None:
    with pytest.raises(UnreadableFileError) as caught:
        read_table("x.csv", data="CHILD,REVIEW\nA,01/05/2019\n".encode("utf-16-le"))
    assert str(caught.value) == (
        "x.csv: looks like UTF-16 text with no byte-order mark (Excel's 'Unicode Text' or a "
        "PowerShell export); save it as 'CSV UTF-8' and read that"
    )


def test_big_endian_utf16_with_its_byte_order_mark() -> None:
    data = b"\xfe\xff" + "CHILD,REVIEW\nA,01/05/2019\n".encode("utf-16-be")
    table = read_table("x.csv", data=data)
    assert [(r.line, r.get("CHILD")) for r in table.rows] == [(2, "A")]


@pytest.mark.parametrize(
    ("data", "note"),
    [
        # A quarter of the bytes NUL: not UTF-16, the NULs removed.
        (b"CHILD,REVIEW\nA" + b"\x00" * 9 + b",01/05/2019 \n", "held 9 NUL bytes, which were"),
        (b"CHILD,REVIEW\nA\x00\x00,01/05/2019\n", "held 2 NUL bytes, which were"),
        (b"CHILD,REVIEW\nA\x00,01/05/2019\n", "held 1 NUL byte, which was"),
        # The first 4,096 bytes are looked at: a quarter of them NUL, then one more.
        (
            b"CHILD,REVIEW\n" + b"\x00" * 1024 + b"A" * 3059 + b"\x00" * 8,
            "held 1032 NUL bytes, which were",
        ),
    ],
)
def test_nul_bytes_removed_and_noted(data: bytes, note: str) -> None:
    table = read_table("x.csv", data=data)
    assert table.notes == ((0, f"{note} removed"),)


@pytest.mark.parametrize("quoted", [False, True], ids=["unquoted", "quoted"])
@pytest.mark.parametrize("count", [1, 2])
def test_nul_characters_in_utf16_text_removed_and_noted(quoted: bool, count: int) -> None:
    # (A quote sends the file to the CSV reader, which Python 3.10's stopped at a NUL.)
    child = '"A' + "\x00" * count + '"' if quoted else "A" + "\x00" * count
    data = f"CHILD,REVIEW\r\n{child},01/05/2019\r\n".encode("utf-16")
    table = read_table("x.csv", data=data)
    removed = "1 NUL character, which was" if count == 1 else f"{count} NUL characters, which were"
    assert table.notes == ((0, f"held {removed} removed"),)
    assert [r.get("CHILD") for r in table.rows] == ["A"]


@pytest.mark.parametrize(
    ("data", "columns"),
    [
        (b'"sep=;"\nCHILD;REVIEW\nA;01/05/2019\n', ("CHILD", "REVIEW")),
        (b"A,B,C\n1,2,3\n", ("A", "B", "C")),
        (b"CHILD,REVIEW,NOTE;X\n", ("CHILD", "REVIEW", "NOTE;X")),
        (b"CHILD\tREVIEW\tNOTE;X\n", ("CHILD", "REVIEW", "NOTE;X")),
    ],
)
def test_the_character_between_cells(data: bytes, columns: tuple[str, ...]) -> None:
    assert read_table("x.csv", data=data).columns == columns


def test_a_title_line_and_a_repeated_column_noted_in_full() -> None:
    data = b"Council,Return,2020\nCHILD,REVIEW,CHILD,X,CHILD\nA,01/05/2019\n"
    table = read_table("x.csv", data=data, header=["CHILD", "REVIEW"])
    assert table.notes == (
        (1, "is above the header (line 2) and was not read: 'Council, Return, 2020'"),
        (0, "has the column CHILD 3 times (columns 1, 3 and 5); the first was read"),
    )


def test_a_long_title_line_is_shown_to_80_characters() -> None:
    table = read_table("x.csv", data=b"T" * 90 + b"\nCHILD,REVIEW\n", header=["CHILD", "REVIEW"])
    assert table.notes == ((1, f"is above the header (line 2) and was not read: '{'T' * 80}'"),)


def test_a_quoted_title_over_two_lines_above_the_header() -> None:
    data = b'"Council\nreturn"\nCHILD,REVIEW\nA,01/05/2019\n'
    table = read_table("x.csv", data=data, header=["CHILD", "REVIEW"])
    assert table.notes == (
        (1, "is above the header (line 3) and was not read: 'Council\\nreturn'"),
    )
    assert [(r.line, r.get("CHILD")) for r in table.rows] == [(4, "A")]


def test_a_quoted_title_of_two_cells_over_two_lines_above_the_header() -> None:
    data = b'"Council\nreturn",2020\nCHILD,REVIEW\nA,01/05/2019\n'
    table = read_table("x.csv", data=data, header=["CHILD", "REVIEW"])
    assert table.notes == (
        (1, "is above the header (line 3) and was not read: 'Council\\nreturn, 2020'"),
    )


def test_a_stray_quote_in_utf16_text_is_found_as_in_utf8() -> None:
    table = read_table("x.csv", data='CHILD,REVIEW\nA,"01/05/2019\nB,02/05/2019\n'.encode("utf-16"))
    assert [line for line, _ in table.notes] == [2]
    assert [(r.line, r.get("CHILD")) for r in table.rows] == [(2, "A"), (3, "B")]


def test_a_short_row_in_a_file_with_quotes_is_no_stray_quote() -> None:
    table = read_table("x.csv", data=b'CHILD,REVIEW,NOTE\nA,01/05/2019,"a, b"\nB\n')
    assert table.notes == ()
    assert [(r.line, r.get("CHILD"), r.get("NOTE")) for r in table.rows] == [
        (2, "A", "a, b"),
        (3, "B", ""),
    ]


def test_nul_bytes_removed_from_the_cells() -> None:
    table = read_table("x.csv", data=b"CHILD,REVIEW\nA\x00\x00,01/05/2019\n")
    assert [(r.get("CHILD"), r.get("REVIEW")) for r in table.rows] == [("A", "01/05/2019")]

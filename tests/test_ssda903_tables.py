"""Reading SSDA903 tables as councils' files hold them: which table a file is (by a column or by
its name), the collection year a name gives, rows cut short, and copies of an episode in
several years' files that disagree. Found by mutation testing of the readers. And a file with
no quote in it, each of its lines split at its delimiter, reads as the CSV reader reads it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iro_schedule.errors import WindowError
from iro_schedule.records import Inputs, read_903

from .strategies import Return, returns, roughened


def read(files: dict[str, str]) -> Inputs:
    data = {name: text.encode() for name, text in files.items()}
    return read_903(list(data), data=data)


def episode_rows_problem(inputs: Inputs) -> bool:
    return any("episode rows" in p.reason for p in inputs.problems)


@pytest.mark.parametrize(
    ("column", "kind"),
    [
        ("REVIEW", "reviews"),
        ("REVIEW_CODE", "reviews"),
        ("DECOM", "episodes"),
        ("RNE", "episodes"),
        ("DEC", "episodes"),
        ("SEX", "header"),
        ("ETHNIC", "header"),
        ("UPN", "header"),
    ],
)
def test_a_table_is_known_by_any_one_of_its_columns(column: str, kind: str) -> None:
    inputs = read({"council_2020.csv": f"CHILD,{column}\nA,01/05/2019\n"})
    assert inputs.years == (2020,)  # a table of the return: its year counts
    assert not any("is not a 903" in p.reason for p in inputs.problems)
    assert inputs.review_rows_read == (1 if kind == "reviews" else 0)
    assert episode_rows_problem(inputs) is (kind == "episodes")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("SSDA903_2020_Reviews.csv", "reviews"),
        ("ssda903_2020_EPISODES.csv", "episodes"),
        ("Header_2020.csv", "header"),
    ],
)
def test_a_table_is_known_by_the_word_in_its_name(name: str, kind: str) -> None:
    inputs = read({name: "CHILD,OTHER\nA,x\n"})
    assert inputs.years == (2020,)
    assert not any("is not a 903" in p.reason for p in inputs.problems)
    assert inputs.review_rows_read == (1 if kind == "reviews" else 0)
    assert episode_rows_problem(inputs) is (kind == "episodes")


def test_a_file_that_is_no_table_of_the_return_gives_no_year() -> None:
    inputs = read({"notes_2020.csv": "WHAT,WHY\nx,y\n"})
    assert inputs.years == ()
    [problem] = inputs.problems
    assert problem.reason == (
        "notes_2020.csv is not a 903 Header, Episodes or Reviews table (its columns are WHAT, "
        "WHY); its 1 rows were not read"
    )


EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\nA,01/01/2019,S,C2,N1,U1,PR1,,\n"


@pytest.mark.parametrize("name", ["ssda903_2020_reviews.csv", "ssda903_2020_Header.csv"])
def test_a_table_is_counted_for_its_year_by_the_kind_its_name_says(name: str) -> None:
    # An Episodes table saved under another table's name, beside that year's Episodes table,
    # is not a second Episodes table for the one-table-a-year check (its name says otherwise).
    inputs = read({"ssda903_2020_episodes.csv": EPISODES, name: EPISODES})
    assert inputs.years == (2020,)
    with pytest.raises(WindowError, match="two Episodes tables"):
        read({"ssda903_2020_episodes.csv": EPISODES, "ssda903_2020_copy.csv": EPISODES})


def test_a_name_giving_two_years_is_refused_naming_the_file_and_the_years() -> None:
    name = "council_2001_2024_reviews.csv"
    with pytest.raises(WindowError) as caught:
        read({name: "CHILD,REVIEW\n"})
    assert (caught.value.record, caught.value.field, caught.value.value) == (
        name,
        "file name",
        [2001, 2024],
    )


def test_two_years_a_pair_only_when_the_second_follows_the_first() -> None:
    # "2023-25" is not the year 2023-24 (25 does not follow 2023): it names 2023.
    inputs = read({"x_2023-25_reviews.csv": "CHILD,REVIEW\n"})
    assert inputs.years == (2023,)
    assert read({"x_2023-24_reviews.csv": "CHILD,REVIEW\n"}).years == (2024,)


def test_review_rows_cut_short() -> None:
    inputs = read(
        {
            "ssda903_2020_reviews.csv": (
                "CHILD,REVIEW,REVIEW_CODE,DOB\nA,01/05/2019\nB,02/05/2019,PN1\nC\n"
                "D,03/05/2019,PN1,x\n"
            ),
            "ssda903_2021_reviews.csv": "REVIEW,CHILD\n01/05/2020\n",
        }
    )
    assert [(r.child, r.line, r.participation, r.dob, r.note) for r in inputs.reviews] == [
        ("A", 2, "", None, "REVIEW_CODE is blank, so participation is not counted"),
        ("B", 3, "PN1", None, ""),
        (
            "D",
            5,
            "PN1",
            None,
            "DOB 'x' is not a date in the form dd/mm/YYYY or YYYY-MM-DD, so the child's age "
            "is not known",
        ),
    ]
    assert [(p.line, p.field, p.reason) for p in inputs.problems] == [
        (4, "REVIEW", "REVIEW is blank; give it as dd/mm/YYYY"),
        (2, "CHILD", "CHILD is blank; every row needs the child's identifier"),
    ]


def test_episode_rows_cut_short_and_columns_missing() -> None:
    inputs = read(
        {
            "ssda903_2020_episodes.csv": "CHILD,DECOM,RNE,LS,DEC,REC\nA,01/05/2019,S\n",
            "ssda903_2019_episodes.csv": "CHILD,DECOM,PLACE\nB,01/05/2018,U1\n",
        }
    )
    [period] = inputs.periods["A"]
    assert (period.start, period.end, period.start_known) == (dt.date(2019, 5, 1), None, True)
    [problem] = inputs.problems
    assert problem.reason == (
        "ssda903_2019_episodes.csv has no RNE, LS, DEC, REC column, so none of its 1 episode "
        "rows was read (its columns are CHILD, DECOM, PLACE)"
    )


def test_a_kept_column_beyond_a_short_row_labels_nothing() -> None:
    data = {"ssda903_2020_episodes.csv": b"CHILD,DECOM,RNE,LS,DEC,REC,TEAM\nA,01/05/2019,S\n"}
    inputs = read_903(list(data), data=data, keep=["TEAM"])
    assert inputs.labels["TEAM"].by_episode == {}


HEAD = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n"


def test_a_copy_left_open_after_a_closed_one_keeps_the_closed_one() -> None:
    inputs = read(
        {
            "ssda903_2020_episodes.csv": HEAD + "A,01/05/2019,S,C2,N1,U1,PR1,01/03/2020,E11\n",
            "ssda903_2021_episodes.csv": HEAD + "A,01/05/2019,S,C2,N1,U1,PR1,,\n",
        }
    )
    [period] = inputs.periods["A"]
    assert period.end == dt.date(2020, 3, 1)
    [problem] = inputs.problems
    assert (problem.source, problem.line, problem.child, problem.field, problem.value) == (
        "ssda903_2021_episodes.csv",
        2,
        "A",
        "DEC",
        "",
    )
    assert problem.reason == (
        "the episode starting Wed 1 May 2019 differs from its copy at ssda903_2020_episodes.csv "
        "line 2; the earlier, closed copy was used"
    )


def test_copies_that_disagree_otherwise_keep_the_later_one() -> None:
    inputs = read(
        {
            "ssda903_2020_episodes.csv": HEAD + "A,01/05/2019,S,C2,N1,U1,PR1,01/03/2020,E11\n",
            "ssda903_2021_episodes.csv": HEAD + "A,01/05/2019,S,C2,N1,U1,PR1,02/03/2020,E11\n",
        }
    )
    [period] = inputs.periods["A"]
    assert period.end == dt.date(2020, 3, 2)
    [problem] = inputs.problems
    assert (problem.source, problem.child, problem.field, problem.value) == (
        "ssda903_2021_episodes.csv",
        "A",
        "DEC",
        "02/03/2020",
    )
    assert problem.reason.endswith("; the later copy was used")


def test_an_open_episode_listed_in_two_years_is_open_to_the_later_ones_end() -> None:
    # Listed open in 2019-20 and 2020-21, gone from 2021-22: judged to 31 March 2021.
    row = "A,01/05/2019,S,C2,N1,U1,PR1,,\n"
    inputs = read(
        {
            "ssda903_2020_episodes.csv": HEAD + row,
            "ssda903_2021_episodes.csv": HEAD + row,
            "ssda903_2022_episodes.csv": HEAD,
        }
    )
    [period] = inputs.periods["A"]
    assert (period.end_known, period.known_until) == (False, dt.date(2021, 3, 31))
    assert [p.source for p in inputs.problems] == ["ssda903_2020_episodes.csv"]


def test_a_series_of_short_breaks_whose_last_break_is_left_open() -> None:
    # The last break's DEC is blank and a period of care follows: the series runs to the day
    # before it, and is judged up to the last day the data shows (the last break's start).
    inputs = read(
        {
            "ssda903_2020_episodes.csv": HEAD
            + "A,01/05/2019,S,V3,N1,U1,PR1,03/05/2019,E8\n"
            + "A,01/06/2019,S,V3,N1,U1,PR1,,\n"
            + "A,01/09/2019,S,C2,N1,U1,PR1,,\n"
        }
    )
    assert [
        (p.start, p.end, p.end_known, p.known_until, p.short_breaks) for p in inputs.periods["A"]
    ] == [
        (dt.date(2019, 5, 1), dt.date(2019, 8, 31), False, dt.date(2019, 6, 1), True),
        (dt.date(2019, 9, 1), None, True, None, False),
    ]


def test_a_kept_column_is_named_by_its_labels() -> None:
    data = {
        "ssda903_2020_episodes.csv": (
            HEAD.strip() + ",TEAM\nA,01/05/2019,S,C2,N1,U1,PR1,,,East\n"
        ).encode()
    }
    inputs = read_903(list(data), data=data, keep=["TEAM"])
    assert inputs.labels["TEAM"].column == "TEAM"
    assert inputs.labels["TEAM"].by_episode == {"A": [(dt.date(2019, 5, 1), "East")]}


@pytest.mark.parametrize(
    "data",
    [
        b'CHILD,REVIEW\r\nA,"x\r\ny"\r\nB,01/05/2019\r\n',
        'CHILD,REVIEW\r\nA,"x\r\ny"\r\nB,01/05/2019\r\n'.encode("utf-16"),
        b'CHILD,REVIEW\r\nA\xe9,"x\r\ny"\r\nB,01/05/2019\r\n',  # cp1252
    ],
)
def test_a_quoted_cell_keeps_its_line_break_as_the_file_has_it(data: bytes) -> None:
    files = {"ssda903_2020_reviews.csv": data}
    inputs = read_903(list(files), data=files)
    [problem] = inputs.problems
    assert (problem.line, problem.field, problem.value) == (2, "REVIEW", "x\r\ny")
    assert [(r.child, r.line) for r in inputs.reviews] == [("B", 4)]


def test_a_title_line_after_a_byte_order_mark_is_named_without_it() -> None:
    files = {
        "ssda903_2020_reviews.csv": b"\xef\xbb\xbfCouncil return\r\nCHILD,REVIEW\r\n"
        b"B,01/05/2019\r\n"
    }
    [problem] = read_903(list(files), data=files).problems
    assert problem.reason == (
        "ssda903_2020_reviews.csv line 1 is above the header (line 2) and was not read: "
        "'Council return'"
    )


def test_semicolons_found_below_a_blank_first_line() -> None:
    files = {"ssda903_2020_reviews.csv": b"\r\nCHILD;REVIEW\r\nB;01/05/2019\r\n"}
    inputs = read_903(list(files), data=files)
    assert [(r.child, r.line, r.meeting_date) for r in inputs.reviews] == [
        ("B", 3, dt.date(2019, 5, 1))
    ]


def test_utf16_lines_ended_by_carriage_returns_alone() -> None:
    files = {
        "ssda903_2020_reviews.csv": "CHILD,REVIEW\rA,01/05/2019\rB,02/05/2019\r".encode("utf-16")
    }
    inputs = read_903(list(files), data=files)
    assert [(r.child, r.line) for r in inputs.reviews] == [("A", 2), ("B", 3)]


def quoted(data: bytes, delimiter: bytes) -> bytes:
    """``data`` with every cell of every line holding text in quotes: the same cells to the CSV
    reader, which reads a file holding a quote (a file holding none is split line by line)."""
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    lines = data.removeprefix(bom).splitlines(keepends=True)  # at \n, \r\n or \r alone
    out = []
    for line in lines:
        body = line.rstrip(b"\r\n")
        cells = body.split(delimiter) if body else []
        out.append(delimiter.join(b'"' + cell + b'"' for cell in cells) + line[len(body) :])
    return bom + b"".join(out)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data(), returns(), st.sampled_from([b",", b";", b"\t"]))
def test_a_file_without_quotes_reads_as_the_csv_reader_reads_it(
    data: st.DataObject, found: Return, delimiter: bytes
) -> None:
    files = {
        name: text.replace(b",", delimiter) for name, text in data.draw(roughened(found.files))
    }
    plain = {name: text for name, text in files.items() if b'"' not in text}
    assert plain  # (a roughened file is quoted in one cell of some hundred, or so)
    through_reader = {name: quoted(text, delimiter) for name, text in plain.items()}
    names = list(files)
    split = read_903(names, data=files, engine="python")
    read = read_903(names, data={**files, **through_reader}, engine="python")
    assert split == read
    assert list(split.reviews) == list(read.reviews)

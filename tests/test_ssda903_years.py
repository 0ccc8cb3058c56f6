"""Collection years as councils hold them: however the years are spelt, and whichever are
missing, no verdict is wrong.

Each property writes a generated caseload's yearly returns (each year's episodes as they stood at
its end, its reviews, its children) and judges them as a council would (the window read from the
file names). Holding fewer years may leave reviews not judged, or judged whatever their number;
it never gives a verdict the whole history contradicts.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iro_schedule import infer_window, read_records, validate
from iro_schedule.records import Inputs
from iro_schedule.validation import RowStatus, RowVerdict, Validation

from .strategies import YEAR_SPELLINGS, YEARS, Caseload, Episode, caseloads, write_years

ON, LATE, OVERDUE = RowStatus.ON_TIME, RowStatus.LATE, RowStatus.OVERDUE
JUDGED = (ON, LATE, OVERDUE)
SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow])  # each example writes files


def judge(caseload: Caseload, years: Sequence[int], spellings: Sequence[int] = ()) -> Validation:
    with tempfile.TemporaryDirectory() as folder:
        write_years(caseload, Path(folder), years, spellings)
        inputs = read_records([folder])
        window = infer_window(inputs)
        return validate(
            inputs, as_of=window.as_of, reviews_from=window.reviews_from, gaps=window.gaps
        )


def outcomes(result: Validation) -> list[tuple[object, ...]]:
    """Every row's child, date, verdict, number, due date and days late, in one order."""
    found = [
        (r.child, r.meeting_date, r.status.value, r.ordinal, r.due, r.days_late)
        for r in result.rows
    ]
    return sorted(found, key=repr)


@SETTINGS
@given(caseloads(), st.lists(st.integers(0, len(YEAR_SPELLINGS) - 1), min_size=5, max_size=5))
def test_spelling_the_years_differently_changes_no_verdict(
    caseload: Caseload, spellings: list[int]
) -> None:
    assert outcomes(judge(caseload, YEARS, spellings)) == outcomes(judge(caseload, YEARS))


@SETTINGS
@given(caseloads(), st.sampled_from(YEARS[1:-1]))
def test_a_missing_middle_year_makes_no_verdict_wrong(caseload: Caseload, missing: int) -> None:
    whole = judge(caseload, YEARS)
    held = judge(caseload, [y for y in YEARS if y != missing])
    assert_never_contradicted(held, whole)


@SETTINGS
@given(caseloads(), st.integers(1, len(YEARS) - 1))
def test_earlier_years_added_never_contradict_a_verdict(caseload: Caseload, later: int) -> None:
    whole = judge(caseload, YEARS)
    held = judge(caseload, YEARS[later:])
    assert_never_contradicted(held, whole)


def assert_never_contradicted(held: Validation, whole: Validation) -> None:
    """Every review ``held`` judges, ``whole`` judges alike: the same verdict where the review's
    number is known, one within the bounds given where it is not."""
    held_reviews = {(r.child, r.meeting_date): r for r in whole.rows}
    for row in held.rows:
        if row.status not in JUDGED:
            continue
        if row.status is OVERDUE:
            assert_still_overdue(row, whole)
            continue
        truth = held_reviews[row.child, row.meeting_date]
        assert truth.status is row.status, (row.reason, truth.reason)
        assert truth.due is not None
        assert row.due is not None
        assert truth.days_late is not None
        assert row.days_late is not None
        if row.number_known:
            assert (truth.ordinal, truth.due, truth.days_late) == (
                row.ordinal,
                row.due,
                row.days_late,
            ), (row.reason, truth.reason)
        elif row.status is ON:  # due no earlier than row.due, whatever its number
            assert truth.due >= row.due, (row.reason, truth.reason)
        else:  # due by row.due at the latest: late by at least row.days_late
            assert truth.due <= row.due, (row.reason, truth.reason)
            assert truth.days_late >= row.days_late, (row.reason, truth.reason)


def assert_still_overdue(row: RowVerdict, whole: Validation) -> None:
    """A review ``row`` finds overdue (on ``row.counted_date``, its horizon) was not held by then
    in the whole history either: it is overdue there too, or held after the horizon."""
    horizon = row.counted_date
    assert horizon is not None
    assert row.due is not None
    candidates = [
        r
        for r in whole.rows
        if r.child == row.child
        and r.due is not None
        and (
            r.status is OVERDUE
            or (r.status is LATE and r.is_review and (r.counted_date or horizon) > horizon)
        )
    ]
    if row.number_known:
        key = (row.period_start, row.ordinal)
        same = [r for r in candidates if (r.period_start, r.ordinal) == key]
        assert [r.due for r in same] == [row.due], (row.reason, [r.reason for r in candidates])
    else:
        assert any(r.due <= row.due for r in candidates if r.due), (
            row.reason,
            [r.reason for r in candidates],
        )


def test_reviews_after_a_missing_year_explained_whatever_their_number() -> None:
    # Found by mutation testing: after a missing year, the first review in the data is judged
    # only whatever its number (the review before it is not known), the next from it exactly.
    episodes = (
        b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\nA,01/05/2021,S,C2,N1,U1,PR1,,\n"
    )
    head = b"CHILD,DOB,REVIEW,REVIEW_CODE\n"
    files = {
        "ssda903_2022_episodes.csv": episodes,
        "ssda903_2022_reviews.csv": head + b"A,01/01/2010,20/05/2021,PN1\n"
        b"A,01/01/2010,10/08/2021,PN1\nA,01/01/2010,10/01/2022,PN1\n",
        "ssda903_2024_episodes.csv": episodes,
        "ssda903_2024_reviews.csv": head + b"A,01/01/2010,15/12/2023,PN1\n"
        b"A,01/01/2010,10/03/2024,PN1\n",
    }
    inputs = read_records(list(files), data=files)
    window = infer_window(inputs)
    result = validate(
        inputs, as_of=window.as_of, reviews_from=window.reviews_from, gaps=window.gaps
    )
    # One timeline known from the period's start, one whatever the numbers, both the child's.
    assert [(t.child, t.start) for t in result.timelines] == [
        ("A", dt.date(2021, 5, 1)),
        ("A", dt.date(2023, 4, 1)),
    ]
    missing = "the period's reviews from Fri 1 Apr 2022 to Fri 31 Mar 2023 are not in the data"
    assert [row.reason for row in result.rows[3:]] == [
        f"Review (its number is not in the data: {missing}) was due by Sat 30 Sep 2023 at the "
        "latest, whatever its number. It was held on Fri 15 Dec 2023: late whatever its number, "
        "by at least 76 days.",
        f"Review (its number is not in the data, but it is at least 5: {missing}) was due by Sat "
        "15 Jun 2024: not more than 6 months after the review before it (Fri 15 Dec 2023), "
        "under Care Planning, Placement and Case Review (England) Regulations 2010 "
        "(SI 2010/959), reg. 33(2). It was held on Sun 10 Mar 2024: on time, 97 days early.",
    ]


# Found by CI's random examples: with the collection year 2020-21 missing, a child whose period
# ended (E11) on 1 Apr 2020 and who came back a week later (an X1 chain inside the missing year)
# had the new period's reviews numbered from the old one's ("at least 4"): review 2 of the new
# period, 5 days late, was called on time whatever its number.
_CAME_BACK_IN_A_MISSING_YEAR = Caseload(
    episodes=(
        Episode("C3", dt.date(2018, 1, 1), "S", "U1", dt.date(2020, 4, 1), "E11"),
        Episode("C3", dt.date(2020, 4, 8), "S", "U1", dt.date(2020, 4, 9), "X1"),
        Episode("C3", dt.date(2020, 4, 9), "P", "U1", dt.date(2021, 7, 7), "E11"),
    ),
    reviews=tuple(
        ("C3", day)
        for day in (
            dt.date(2018, 1, 2),
            dt.date(2018, 3, 23),
            dt.date(2018, 9, 9),
            dt.date(2019, 2, 26),
            dt.date(2019, 8, 15),
            dt.date(2020, 3, 11),
            dt.date(2021, 4, 2),
            dt.date(2021, 7, 7),
        )
    ),
)


def test_a_period_begun_in_a_missing_year_is_not_numbered_from_the_one_before() -> None:
    whole = judge(_CAME_BACK_IN_A_MISSING_YEAR, YEARS)
    held = judge(_CAME_BACK_IN_A_MISSING_YEAR, [y for y in YEARS if y != 2021])
    assert_never_contradicted(held, whole)
    after = [r for r in held.rows if r.meeting_date and r.meeting_date.year == 2021]
    assert [r.status for r in after] == [RowStatus.NOT_ASSESSABLE] * 2


def test_an_open_episode_and_a_later_one_across_a_missing_year_are_two_periods() -> None:
    # Whether the child stayed looked after between them is in the missing year's files: the
    # later episode's period is judged with its start not known, and the reader says why.
    episodes = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n"
    files = {
        "ssda903_2020_episodes.csv": episodes + "A,01/01/2018,S,C2,N1,U1,PR1,,\n",
        "ssda903_2022_episodes.csv": episodes + "A,09/04/2020,P,C2,N1,U1,PR1,,\n",
    }
    inputs = read_records(list(files), data={k: v.encode() for k, v in files.items()})
    periods = inputs.periods["A"]
    assert [(p.start, p.start_known, p.end, p.end_known, p.known_until) for p in periods] == [
        (dt.date(2018, 1, 1), True, dt.date(2020, 4, 8), False, dt.date(2020, 3, 31)),
        (dt.date(2020, 4, 9), False, None, True, None),
    ]
    assert periods[1].why_start_unknown == (
        "an episode (DECOM Thu 9 Apr 2020, ssda903_2022_episodes.csv line 2) has RNE 'P', not "
        "'S', so the period of care began before it"
    )
    [problem] = inputs.problems
    assert (problem.source, problem.line, problem.child, problem.field, problem.value) == (
        "ssda903_2020_episodes.csv",
        2,
        "A",
        "DEC",
        "",
    )
    assert problem.reason == (
        "DEC is blank, and the episode was open on Tue 31 Mar 2020; the child's next episode in "
        "the data (ssda903_2022_episodes.csv line 2) began on Thu 9 Apr 2020 with RNE 'P', but "
        "the files for 2020-21, which would show whether the child stayed looked after in "
        "between or left and came back, are missing; the two are judged as separate periods "
        "(this one up to Tue 31 Mar 2020 or a later review, the next with its start not known); "
        "add the missing year's files"
    )


_Shape = tuple[dt.date, bool, dt.date | None, bool, dt.date | None]


EPISODES_HEAD = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n"


def _episode_files_of_a(years: dict[int, list[str]]) -> dict[str, bytes]:
    """Each year's Episodes file of child A's rows, by name."""
    return {
        f"ssda903_{year}_episodes.csv": (EPISODES_HEAD + "".join(f"A,{r}\n" for r in rows)).encode()
        for year, rows in years.items()
    }


def _episodes_of_a(years: dict[int, list[str]]) -> Inputs:
    """Child A's episodes read, each year's Episodes file given as its rows."""
    files = _episode_files_of_a(years)
    return read_records(list(files), data=files)


def _periods_and_problems(years: dict[int, list[str]]) -> tuple[list[_Shape], list[str]]:
    """The periods of care (start, start known, end, end known, last day shown) and the
    problems' reasons for child A's episodes, each year's file given as its rows."""
    inputs = _episodes_of_a(years)
    assert {p.child for p in inputs.periods["A"]} == {"A"}
    for period in inputs.periods["A"]:  # a reason only for a start not shown
        assert (period.why_start_unknown == "") is period.start_known
    periods = [
        (p.start, p.start_known, p.end, p.end_known, p.known_until) for p in inputs.periods["A"]
    ]
    return periods, [p.reason for p in inputs.problems]


def test_a_new_period_after_a_missing_year_ends_the_open_one_as_a_missing_dec() -> None:
    # The next episode starts a new period (RNE S): the open one ended by then, as when no
    # year is missing; the missing year does not hide how they are linked. The 2019-20 file
    # lists it open, so it went on to 31 March 2020 at least (a DEC is blank for an episode
    # not ended by the year's end).
    periods, reasons = _periods_and_problems(
        {2020: ["01/01/2018,S,C2,N1,U1,PR1,,"], 2022: ["01/06/2020,S,C2,N1,U1,PR1,,"]}
    )
    assert periods == [
        (dt.date(2018, 1, 1), True, dt.date(2020, 5, 31), False, dt.date(2020, 3, 31)),
        (dt.date(2020, 6, 1), True, None, True, None),
    ]
    assert reasons == [
        "DEC is blank, but the child's next episode (ssda903_2022_episodes.csv line 2) starts "
        "a new period of care on Mon 1 Jun 2020, so this one ended by then; its period is "
        "judged up to the last day the data shows the child looked after (Tue 31 Mar 2020 or a "
        "later review); give its DEC"
    ]


@pytest.mark.parametrize(
    ("next_year", "begins", "shown_until"),
    [
        # The next period begins in a later year's file (the year between held, or missing):
        # the one open at the end of 2018-19 went on to that day at least.
        (2021, dt.date(2020, 9, 1), dt.date(2019, 3, 31)),
        (2020, dt.date(2019, 9, 1), dt.date(2019, 3, 31)),
        (2020, dt.date(2019, 4, 1), dt.date(2019, 3, 31)),
        # Both in one year's file (even on its last day): the data shows only the open
        # episode's start.
        (2019, dt.date(2018, 9, 1), dt.date(2018, 6, 1)),
        (2019, dt.date(2019, 3, 31), dt.date(2018, 6, 1)),
    ],
)
def test_an_open_episode_before_a_new_period_is_judged_to_the_end_of_its_last_year(
    next_year: int, begins: dt.date, shown_until: dt.date
) -> None:
    years = {2019: ["01/06/2018,S,C2,N1,U1,PR1,,"]}
    years.setdefault(next_year, []).append(f"{begins:%d/%m/%Y},S,C2,N1,U1,PR1,,")
    files = _episode_files_of_a(years)
    files["ssda903_2019_reviews.csv"] = b"CHILD,REVIEW,REVIEW_CODE\nA,20/06/2018,PN1\n"
    inputs = read_records(list(files), data=files)
    assert [p.known_until for p in inputs.periods["A"]] == [shown_until, None]
    result = validate(inputs, as_of=dt.date(next_year, 3, 31), reviews_from=dt.date(2018, 4, 1))
    overdue = [
        (r.period_start, r.ordinal, r.due, r.counted_date)
        for r in result.rows
        if r.status is RowStatus.OVERDUE and r.period_start == dt.date(2018, 6, 1)
    ]
    # Review 1 held on 20 June 2018; review 2 due three months after it, on 20 September.
    due = dt.date(2018, 9, 20)
    assert overdue == ([(dt.date(2018, 6, 1), 2, due, shown_until)] if due < shown_until else [])


@pytest.mark.parametrize(
    ("years", "start"),
    [
        # Both listed open in one year's file (a DEC not recorded): no year between them.
        (
            {2024: ["01/06/2023,S,C2,N1,U1,PR1,,", "01/09/2023,P,C2,N1,U2,PR1,,"]},
            dt.date(2023, 6, 1),
        ),
        # A year missing only after the next episode began: the data holds the link.
        (
            {
                2020: ["01/01/2018,S,C2,N1,U1,PR1,,"],
                2021: ["01/06/2020,P,C2,N1,U2,PR1,,"],
                2023: ["01/06/2020,P,C2,N1,U2,PR1,,"],
            },
            dt.date(2018, 1, 1),
        ),
    ],
)
def test_an_open_episode_goes_on_into_the_next_when_no_year_between_is_missing(
    years: dict[int, list[str]], start: dt.date
) -> None:
    periods, reasons = _periods_and_problems(years)
    assert periods == [(start, True, None, True, None)]
    assert reasons == []


@pytest.mark.parametrize(
    ("years", "shape", "field", "value", "reason"),
    [
        # Open at the end of 2019-20; 2020-21's table does not list it: ended before 1 Apr 2020.
        (
            {2020: ["01/06/2019,S,C2,N1,U1,PR1,,"], 2021: []},
            (dt.date(2019, 6, 1), True, dt.date(2020, 3, 31), False, dt.date(2020, 3, 31)),
            "DEC",
            "",
            "DEC is blank, and the period of care was open on Tue 31 Mar 2020, but the Episodes "
            "table for 2020-21 does not list it, so it ended before Wed 1 Apr 2020, without a DEC "
            "being recorded; it is judged up to Tue 31 Mar 2020 (or a later review); give its DEC",
        ),
        # Open (a REC given, but no DEC) at the end of 2019-20; 2020-21's table does not list
        # it. The DEC is what is missing.
        (
            {2020: ["01/06/2019,S,C2,N1,U1,PR1,,E4"], 2021: []},
            (dt.date(2019, 6, 1), True, dt.date(2020, 3, 31), False, dt.date(2020, 3, 31)),
            "DEC",
            "",
            "DEC is blank, and the period of care was open on Tue 31 Mar 2020, but the Episodes "
            "table for 2020-21 does not list it, so it ended before Wed 1 Apr 2020, without a DEC "
            "being recorded; it is judged up to Tue 31 Mar 2020 (or a later review); give its DEC",
        ),
        # Ended with 'X1' on 1 Apr 2020, the first day of 2020-21, whose table lists it; the
        # next year's does not.
        (
            {2021: ["01/06/2019,S,C2,N1,U1,PR1,01/04/2020,X1"], 2022: []},
            (dt.date(2019, 6, 1), True, dt.date(2021, 3, 31), False, dt.date(2020, 4, 1)),
            "REC",
            "X1",
            "REC is 'X1' but no episode follows, and the period of care was open on Wed 1 Apr "
            "2020, but the Episodes table for 2021-22 does not list it, so it ended before Thu 1 "
            "Apr 2021, without a DEC being recorded; it is judged up to Wed 1 Apr 2020 (or a later "
            "review); give its DEC",
        ),
        # Ended with 'X1' on 10 Feb 2020 and no episode follows; 2020-21 and 2021-22 missing.
        (
            {2020: ["01/06/2019,S,C2,N1,U1,PR1,10/02/2020,X1"], 2022: []},
            (dt.date(2019, 6, 1), True, dt.date(2021, 3, 31), False, dt.date(2020, 2, 10)),
            "REC",
            "X1",
            "REC is 'X1' but no episode follows, and the period of care was open on Mon 10 Feb "
            "2020, but the Episodes table for 2021-22 does not list it, so it ended before Thu 1 "
            "Apr 2021, in a collection year whose files are missing; it is judged up to Mon 10 Feb "
            "2020 (or a later review); give its DEC",
        ),
    ],
)
def test_an_open_period_a_later_year_does_not_list_ended_before_that_year(
    years: dict[int, list[str]], shape: _Shape, field: str, value: str, reason: str
) -> None:
    # Found by mutation testing: the period's end and the problem's field, value and words.
    inputs = _episodes_of_a(years)
    [period] = inputs.periods["A"]
    assert (
        period.start,
        period.start_known,
        period.end,
        period.end_known,
        period.known_until,
    ) == shape
    [problem] = [p for p in inputs.problems if p.child == "A"]
    assert (problem.source, problem.line, problem.field, problem.value) == (
        f"ssda903_{min(years)}_episodes.csv",
        2,
        field,
        value,
    )
    assert problem.reason == reason


def test_each_open_episode_ends_the_day_before_the_next_period() -> None:
    # Found by mutation testing: three periods, the first two with no DEC; each ends by the
    # day before the next one's start.
    rows = [f"01/{month:02d}/2023,S,C2,N1,U1,PR1,," for month in (5, 8, 11)]
    periods, reasons = _periods_and_problems({2024: rows})
    assert periods == [
        (dt.date(2023, 5, 1), True, dt.date(2023, 7, 31), False, dt.date(2023, 5, 1)),
        (dt.date(2023, 8, 1), True, dt.date(2023, 10, 31), False, dt.date(2023, 8, 1)),
        (dt.date(2023, 11, 1), True, None, True, None),
    ]
    assert len(reasons) == 2


def test_a_placement_for_adoption_splits_a_period_whose_end_is_not_shown() -> None:
    # Found by mutation testing: in care from 1 May 2023, placed for adoption (A3) on 1 Jul
    # 2023; the next year's table does not list the child. The stretch before the placement
    # ends the day before it (a day the data shows); the placement's end is not shown.
    periods, _ = _periods_and_problems(
        {
            2024: ["01/05/2023,S,C2,N1,U1,PR1,01/07/2023,X1", "01/07/2023,P,C2,N1,A3,PR1,,"],
            2025: [],
        }
    )
    assert periods == [
        (dt.date(2023, 5, 1), True, dt.date(2023, 6, 30), True, None),
        (dt.date(2023, 7, 1), True, dt.date(2024, 3, 31), False, dt.date(2024, 3, 31)),
    ]


def test_a_period_placed_for_adoption_from_its_first_day_is_one_stretch() -> None:
    periods, _ = _periods_and_problems({2024: ["01/07/2023,S,C2,N1,A3,PR1,,"]})
    assert periods == [(dt.date(2023, 7, 1), True, None, True, None)]


def test_a_placement_for_adoption_that_ended_in_a_period_whose_start_and_end_are_not_shown() -> (
    None
):
    # Found by mutation testing: the placement ends on a day shown (the next episode's start),
    # and the reg. 33 stretch after it starts on a day shown; the period's own start (RNE P)
    # and end (not listed the next year) are not.
    periods, _ = _periods_and_problems(
        {
            2024: [
                "01/05/2023,P,C2,N1,U1,PR1,01/07/2023,X1",
                "01/07/2023,P,C2,N1,A3,PR1,01/09/2023,X1",
                "01/09/2023,P,C2,N1,U1,PR1,,",
            ],
            2025: [],
        }
    )
    assert periods == [
        (dt.date(2023, 5, 1), False, dt.date(2023, 6, 30), True, None),
        (dt.date(2023, 7, 1), True, dt.date(2023, 9, 1), True, None),
        (dt.date(2023, 9, 1), True, dt.date(2024, 3, 31), False, dt.date(2024, 3, 31)),
    ]


def test_an_open_episode_in_a_file_naming_no_year_is_shown_only_to_its_start() -> None:
    rows = "A,01/06/2018,S,C2,N1,U1,PR1,,\nA,01/09/2020,S,C2,N1,U1,PR1,,\n"
    files = {"episodes.csv": f"{EPISODES_HEAD}{rows}".encode()}
    inputs = read_records(list(files), data=files)
    assert [p.known_until for p in inputs.periods["A"]] == [dt.date(2018, 6, 1), None]


def test_copies_of_an_episode_that_differ_in_rne_are_one_episode_with_a_problem() -> None:
    periods, reasons = _periods_and_problems(
        {2019: ["01/06/2018,S,C2,N1,U1,PR1,,"], 2020: ["01/06/2018,P,C2,N1,U1,PR1,,"]}
    )
    # The later copy is used (RNE P: the period began before it, on a day not shown).
    assert periods == [(dt.date(2018, 6, 1), False, None, True, None)]
    assert reasons[0].startswith(
        "the episode starting Fri 1 Jun 2018 differs from its copy at ssda903_2019_episodes.csv "
        "line 2; the later copy was used"
    )


def test_an_episode_in_a_file_naming_no_year_takes_the_year_of_a_named_copy() -> None:
    # Listed open in 2018-19's file (and in one naming no year), and not in 2019-20's: it
    # ended before 1 April 2019, on a day the data does not show.
    open_episode = f"{EPISODES_HEAD}A,01/06/2018,S,C2,N1,U1,PR1,,\n".encode()
    files = {
        "episodes.csv": open_episode,
        "ssda903_2019_episodes.csv": open_episode,
        "ssda903_2020_episodes.csv": f"{EPISODES_HEAD}B,01/06/2019,S,C2,N1,U1,PR1,,\n".encode(),
    }
    inputs = read_records(list(files), data=files)
    [period] = inputs.periods["A"]
    assert (period.end, period.end_known, period.known_until) == (
        dt.date(2019, 3, 31),
        False,
        dt.date(2019, 3, 31),
    )

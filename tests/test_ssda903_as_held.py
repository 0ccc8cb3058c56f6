"""SSDA903 as councils hold it: each hand-made fixture (tests/fixtures/ssda903/) and the verdicts
the law gives it, worked out by hand from the Regulations (the arithmetic is in the comments).

Working days exclude weekends and England-and-Wales bank holidays: in 2023 Good Friday 7 April,
Easter Monday 10 April, 1 May, the coronation on 8 May and 29 May.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from iro_schedule import (
    ENGLAND_ADOPTION_PLACEMENT_2005,
    ENGLAND_SHORT_BREAKS_2010,
    PeriodOfCare,
    Review,
    annual_figures,
    assess,
    infer_window,
    read_records,
    sample_data,
    validate,
)
from iro_schedule.cli import main
from iro_schedule.errors import WindowError
from iro_schedule.records import EPISODE_COLUMNS, read_903, read_plain
from iro_schedule.schedule import next_reviews
from iro_schedule.validation import RowStatus, RowVerdict, Validation, caseload

D = dt.date
FIXTURES = Path(__file__).parent / "fixtures" / "ssda903"
ON, LATE, OVERDUE = RowStatus.ON_TIME, RowStatus.LATE, RowStatus.OVERDUE
NOT_ASSESSABLE, NOT_COUNTED = RowStatus.NOT_ASSESSABLE, RowStatus.NOT_COUNTED


def run(folder: str | Path, *, judge_short_breaks: bool = False) -> Validation:
    path = FIXTURES / folder if isinstance(folder, str) else folder
    inputs = read_records([path], judge_short_breaks=judge_short_breaks)
    window = infer_window(inputs)
    return validate(inputs, as_of=window.as_of, reviews_from=window.reviews_from, gaps=window.gaps)


def rows_of(result: Validation, child: str) -> list[tuple[object, ...]]:
    """(status, meeting date, number, due, days late) of a child's rows, in order."""
    return [
        (r.status, r.meeting_date, r.ordinal, r.due, r.days_late)
        for r in result.rows
        if r.child == child
    ]


def row(result: Validation, child: str, day: dt.date | None) -> RowVerdict:
    return next(r for r in result.rows if r.child == child and r.meeting_date == day)


# --- 1 and 2: short breaks ---------------------------------------------------------------------


def test_short_breaks_are_not_judged_as_the_return_does_not_collect_their_reviews() -> None:
    result = run("short_breaks")
    # SB1's series (V3, three breaks): its two review rows are not counted, and nothing is
    # overdue for it.
    assert rows_of(result, "SB1") == [
        (NOT_COUNTED, D(2023, 7, 20), None, None, None),
        (NOT_COUNTED, D(2024, 1, 15), None, None, None),
    ]
    assert row(result, "SB1", D(2023, 7, 20)).reason.startswith(
        f"{FIXTURES / 'short_breaks' / 'ssda903_2024_reviews.csv'} line 3, REVIEW: the child's "
        "episodes here are all short breaks (legal status V3/V4), and the SSDA903 return does "
        "not collect reviews of an agreed series of short breaks (DfE validation rule 399"
    )
    # C1, in care from Sat 1 Apr 2023: review 1 due Wed 3 May 2023 (20 working days, Good
    # Friday, Easter Monday and 1 May not counted), held 28 Apr; review 2 due 3 months after,
    # Fri 28 Jul 2023, not held by 31 Mar 2024: 247 days overdue.
    assert rows_of(result, "C1") == [
        (ON, D(2023, 4, 28), 1, D(2023, 5, 3), 0),
        (OVERDUE, None, 2, D(2023, 7, 28), 247),
    ]
    (figures,) = annual_figures(result, [2024])
    assert figures.overdue_at_year_end == 1  # C1 only


def test_short_breaks_judged_on_request_under_reg_48(tmp_path: Path) -> None:
    # The data holds the child's whole history (reviews from the first break): the series
    # began Mon 1 May 2023; reg. 48: the first review within 3 months (Tue 1 Aug 2023), held
    # 20 Jul; then within 6 months (Sat 20 Jan 2024), held 15 Jan.
    inputs = read_903([FIXTURES / "short_breaks"], judge_short_breaks=True)
    result = validate(inputs, as_of=D(2024, 3, 31), reviews_from=None)
    assert rows_of(result, "SB1") == [
        (ON, D(2023, 7, 20), 1, D(2023, 8, 1), 0),
        (ON, D(2024, 1, 15), 2, D(2024, 1, 20), 0),
    ]
    assert row(result, "SB1", D(2023, 7, 20)).regime == ENGLAND_SHORT_BREAKS_2010.name
    # A series in data that holds one collection year may have begun before it (each break is
    # an episode of its own, rule 366): its first review's number is not known, and the
    # verdict depends on it; never numbered from 1.
    windowed = validate(inputs, as_of=D(2024, 3, 31), reviews_from=D(2023, 4, 1))
    first = row(windowed, "SB1", D(2023, 7, 20))
    assert (first.status, first.ordinal) == (NOT_ASSESSABLE, None)
    assert "the data cannot show when the series began" in first.reason


# --- 3: files named with no collection year --------------------------------------------------


def test_files_without_a_year_take_their_window_from_the_data() -> None:
    inputs = read_records([FIXTURES / "unnamed"])
    window = infer_window(inputs)
    # The earliest review (2 May 2023) is in the collection year 2023-24: the reviews are taken
    # to begin on Sat 1 Apr 2023; the data ends on its latest date, 10 Feb 2024.
    assert (window.reviews_from, window.as_of) == (D(2023, 4, 1), D(2024, 2, 10))
    assert any("no collection year in the names of" in note for note in window.notes)
    result = run("unnamed")
    # OLD, in care since Wed 10 Jun 2015: not "review 1, 2,865 days late".
    # 2 May 2023: review 1 (due 8 Jul 2015) or later (due up to 30 Sep 2023): not assessable.
    # 20 Jul 2023, 79 days after the last: within 3 months, on time whatever its number.
    # 10 Feb 2024: the third review seen, so at least review 3: due 6 months after 20 Jul
    # 2023, Sat 20 Jan 2024: 21 days late.
    assert rows_of(result, "OLD") == [
        (NOT_ASSESSABLE, D(2023, 5, 2), None, None, None),
        (ON, D(2023, 7, 20), None, D(2023, 8, 2), 0),
        (LATE, D(2024, 2, 10), None, D(2024, 1, 20), 21),
    ]
    assert "due between Wed 8 Jul 2015 and Sat 30 Sep 2023" in row(result, "OLD", D(2023, 5, 2)).reason  # fmt: skip  # noqa: E501
    assert "on time" in row(result, "OLD", D(2023, 7, 20)).reason
    assert "at least 3" in row(result, "OLD", D(2024, 2, 10)).reason
    # NEW, from Thu 1 Jun 2023: review 1 due Thu 29 Jun 2023, held 28 Jun; review 2 due Thu
    # 28 Sep 2023, not held by 10 Feb 2024: 135 days overdue.
    assert rows_of(result, "NEW") == [
        (ON, D(2023, 6, 28), 1, D(2023, 6, 29), 0),
        (OVERDUE, None, 2, D(2023, 9, 28), 135),
    ]


# --- 4: collection years written as councils write them --------------------------------------


@pytest.mark.parametrize("spelling", ["2024", "2023-24", "2023_24", "202324", "2023-2024"])
def test_every_spelling_of_a_collection_year_gives_the_same_verdicts(
    tmp_path: Path, spelling: str
) -> None:
    for source in (FIXTURES / "periods").glob("*.csv"):
        shutil.copy(source, tmp_path / source.name.replace("2024", spelling))
    named = run(tmp_path)
    assert [r.status for r in named.rows] == [r.status for r in run("periods").rows]
    assert [(r.due, r.days_late) for r in named.rows] == [
        (r.due, r.days_late) for r in run("periods").rows
    ]


def test_a_name_giving_two_years_is_refused(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "periods" / "ssda903_2024_reviews.csv", tmp_path / "la2001_2024_reviews.csv")  # fmt: skip  # noqa: E501
    with pytest.raises(WindowError, match=r"more than one collection year \(2001, 2024\)"):
        read_records([tmp_path])


# --- 5: a missing year ------------------------------------------------------------------------


def test_a_missing_year_is_noticed_and_the_reviews_after_it_are_not_numbered() -> None:
    inputs = read_records([FIXTURES / "gap_year"])
    window = infer_window(inputs)
    assert window.gaps == ((D(2022, 4, 1), D(2023, 3, 31)),)
    assert any("No files for the collection year 2022-23" in note for note in window.notes)
    result = run("gap_year")
    # G, from Mon 5 Jul 2021: review 1 due Mon 2 Aug 2021, held that day; review 2 due Tue 2
    # Nov 2021, held 1 Nov. The 2022-23 reviews are missing: 20 Apr 2023 could be review 3
    # (due 1 May 2022) or later (due as late as 30 Sep 2023): not assessable, not "review 3,
    # 354 days late". 25 Sep 2023 is review 4 or later: due 6 months after 20 Apr 2023, Fri 20
    # Oct 2023, on time; 15 Mar 2024, due Mon 25 Mar 2024, on time.
    assert rows_of(result, "G") == [
        (ON, D(2021, 8, 2), 1, D(2021, 8, 2), 0),
        (ON, D(2021, 11, 1), 2, D(2021, 11, 2), 0),
        (NOT_ASSESSABLE, D(2023, 4, 20), None, None, None),
        (ON, D(2023, 9, 25), None, D(2023, 10, 20), 0),
        (ON, D(2024, 3, 15), None, D(2024, 3, 25), 0),
    ]
    # (It is dated after the missing year, and said to be: the reviews before it are missing.)
    assert row(result, "G", D(2023, 4, 20)).reason == (
        "Not assessable: a collection year during the period of care (Fri 1 Apr 2022 to Fri 31 "
        "Mar 2023) has no files, so the period's reviews in that year are not in the data; add "
        "that year's files; its verdict depends on its number: whatever that is, it was due "
        "between Sun 1 May 2022 and Sat 30 Sep 2023."
    )
    # H, from Tue 1 Jun 2021, open at the end of 2021-22 but not in the 2023-24 Episodes table:
    # it ended in the missing year, on a day the data does not show, so it is judged up to Thu
    # 31 Mar 2022. Review 1 due Tue 29 Jun 2021 (20 working days), held 28 Jun; review 2 due
    # 28 Sep 2021, held 20 Sep; review 3 due Sun 20 Mar 2022, not held by 31 Mar: 11 days
    # overdue there, and not overdue ever after.
    assert rows_of(result, "H") == [
        (ON, D(2021, 6, 28), 1, D(2021, 6, 29), 0),
        (ON, D(2021, 9, 20), 2, D(2021, 9, 28), 0),
        (OVERDUE, None, 3, D(2022, 3, 20), 11),
    ]
    assert "(the last day the data shows the period of care open;" in row(result, "H", None).reason
    (gone,) = [p for p in result.problems if p.child == "H"]
    assert (gone.field, gone.line) == ("DEC", 3)
    assert "Episodes table for 2023-24 does not list it, so it ended before Sat 1 Apr 2023, in a collection year whose files are missing" in gone.reason  # fmt: skip  # noqa: E501


def test_a_review_dated_on_the_first_or_last_day_of_a_missing_year_is_not_judged(
    tmp_path: Path,
) -> None:
    # Rows dated in the missing year 2022-23 (a later year's file holding them), on its first
    # and last day and inside it: none judged, each with the missing year's own reason.
    for source in (FIXTURES / "gap_year").glob("*.csv"):
        shutil.copy(source, tmp_path / source.name)
    with open(tmp_path / "ssda903_2024_reviews.csv", "a") as handle:
        handle.write("G,01/01/2010,01/04/2022,PN1\nG,01/01/2010,15/09/2022,PN1\n"
                     "G,01/01/2010,31/03/2023,PN1\n")  # fmt: skip
    result = run(tmp_path)
    for day in (D(2022, 4, 1), D(2022, 9, 15), D(2023, 3, 31)):
        verdict = row(result, "G", day)
        assert verdict.status is NOT_ASSESSABLE
        assert verdict.reason == (
            "Not assessable: it is dated in a collection year whose files are missing (Fri 1 "
            "Apr 2022 to Fri 31 Mar 2023), so the reviews around it are not all in the data; "
            "add that year's files."
        )


def test_an_open_episode_the_next_year_does_not_list_ended_unrecorded(tmp_path: Path) -> None:
    for source in (FIXTURES / "gap_year").glob("*.csv"):
        shutil.copy(source, tmp_path / source.name.replace("2024", "2023"))
    (gone,) = [p for p in read_records([tmp_path]).problems if p.child == "H"]
    assert "ended before Fri 1 Apr 2022, without a DEC being recorded" in gone.reason


# --- 6: two tables of one kind for one year ---------------------------------------------------


def test_two_tables_of_one_kind_for_one_year_are_refused(tmp_path: Path) -> None:
    for source in (FIXTURES / "periods").glob("*.csv"):
        shutil.copy(source, tmp_path / source.name)
    shutil.copy(tmp_path / "ssda903_2024_reviews.csv", tmp_path / "SSDA903_2023-24_reviews_fixed.csv")  # fmt: skip  # noqa: E501
    with pytest.raises(WindowError, match="two Reviews tables for the collection year 2023-24"):
        read_records([tmp_path])


# --- 7: a placement for adoption --------------------------------------------------------------


def test_a_placement_for_adoption_is_reviewed_under_the_2005_regulations() -> None:
    result = run("adoption")
    # In care from Tue 3 Jan 2023: review 1 due Tue 31 Jan 2023, held 25 Jan; review 2 due
    # Tue 25 Apr 2023, held 20 Apr. Placed for adoption (PLACE A4) on Mon 2 Oct 2023: reg.
    # 36(3) of the 2005 Regulations, the first review within 4 weeks, by Mon 30 Oct 2023; held
    # 10 Jan 2024: 72 days late (not "on time" under reg. 33).
    assert rows_of(result, "AD") == [
        (ON, D(2023, 1, 25), 1, D(2023, 1, 31), 0),
        (ON, D(2023, 4, 20), 2, D(2023, 4, 25), 0),
        (LATE, D(2024, 1, 10), 1, D(2023, 10, 30), 72),
    ]
    adoption = row(result, "AD", D(2024, 1, 10))
    assert adoption.regime == ENGLAND_ADOPTION_PLACEMENT_2005.name
    assert "reg. 36(3)" in adoption.reason
    # Scheduling sees the same two stretches, the second under the 2005 Regulations.
    inputs = read_records([FIXTURES / "adoption"])
    window = infer_window(inputs)
    loaded = caseload(inputs, as_of=window.as_of, reviews_from=window.reviews_from)
    periods = [period for child, period in loaded.periods if child == "AD"]
    assert [(p.start, p.regime) for p in periods] == [
        (D(2023, 1, 3), None), (D(2023, 10, 2), ENGLAND_ADOPTION_PLACEMENT_2005)
    ]  # fmt: skip


# --- 8, 9, 10, 11: a missing DEC, re-entry on the day of leaving, the per-child figure ---------


def test_a_middle_episode_with_no_dec_is_closed_as_the_later_episodes_show() -> None:
    inputs = read_903([FIXTURES / "periods"])
    (problem,) = [p for p in inputs.problems if p.child == "M"]
    source = str(FIXTURES / "periods" / "ssda903_2024_episodes.csv")
    assert (problem.source, problem.line, problem.field, problem.value) == (source, 2, "DEC", "")
    assert problem.reason == (
        f"DEC is blank, but the child's next episode ({source} line 3) starts a new period of "
        "care on Thu 1 Feb 2024, so this one ended by then; its period is judged up to the last "
        "day the data shows the child looked after (Mon 1 May 2023 or a later review); give its "
        "DEC"
    )
    result = run("periods")
    # From Mon 1 May 2023: review 1 due Wed 31 May 2023 (1 May, the coronation on 8 May and 29
    # May not counted), held 25 May; the period ended on a day the data does not show, so
    # review 2 (due 25 Aug 2023) is not "overdue" after the child left. The new period from
    # Thu 1 Feb 2024: review 1 due Thu 29 Feb 2024, not held by 31 Mar: 31 days overdue.
    assert rows_of(result, "M") == [
        (ON, D(2023, 5, 25), 1, D(2023, 5, 31), 0),
        (OVERDUE, None, 1, D(2024, 2, 29), 31),
    ]


def test_a_review_on_the_day_one_period_ends_and_the_next_begins_belongs_to_the_first() -> None:
    result = run("periods")
    # Period 1 from Thu 1 Jun 2023 to Fri 15 Sep 2023: review 1 due Thu 29 Jun, held 26 Jun;
    # the review of Fri 15 Sep 2023 is its review 2 (due Tue 26 Sep). Period 2 from 15 Sep:
    # review 1 due Fri 13 Oct 2023, not held by 31 Mar 2024: 170 days overdue.
    assert rows_of(result, "R") == [
        (ON, D(2023, 6, 26), 1, D(2023, 6, 29), 0),
        (ON, D(2023, 9, 15), 2, D(2023, 9, 26), 0),
        (OVERDUE, None, 1, D(2023, 10, 13), 170),
    ]
    # The same rule for scheduling: the first period holds both reviews.
    inputs = read_903([FIXTURES / "periods"])
    loaded = caseload(inputs, as_of=D(2024, 3, 31), reviews_from=D(2023, 4, 1))
    periods = [p for child, p in loaded.periods if child == "R"]
    assert [len(p.reviews) for p in periods] == [2, 0]
    items = next_reviews([("R", p) for p in periods], as_of=D(2024, 3, 31))
    assert [(i.ordinal, i.due) for i in items] == [(1, D(2023, 10, 13))]


def test_a_child_with_a_review_never_held_is_not_all_within_timescale() -> None:
    result = run("periods")
    # P: review 1 (due 29 Jun 2023) on time, review 2 (due 26 Sep 2023) never held. B2 (in care
    # since 2019, no review in the year's data) has a review overdue whatever its number.
    (figures,) = annual_figures(result, [2024])
    due = {r.child for r in result.rows if r.due is not None}
    assert due == {"M", "R", "P", "B1", "B2"}
    assert figures.children_due == 5
    # All within timescale: only B1? No: B1's review was late. None of M (overdue in period
    # 2), R (overdue in period 2), P (overdue), B1 (late), B2 (overdue).
    assert figures.children_all_on_time == 0


def test_unknown_history_late_or_overdue_whatever_the_number() -> None:
    result = run("periods")
    # B1, in care since 2019; the data holds its reviews from Sat 1 Apr 2023. Its first review
    # seen, 20 Oct 2023, was more than 6 months after the last day a review could have been
    # before the data (31 Mar 2023): due by Sat 30 Sep 2023 at the latest, whatever its number;
    # at least 20 days late. Whether the next is overdue by 31 Mar 2024 depends on its number
    # (3 months: 20 Jan; 6 months: 20 Apr).
    assert rows_of(result, "B1") == [(LATE, D(2023, 10, 20), None, D(2023, 9, 30), 20)]
    seen = row(result, "B1", D(2023, 10, 20))
    assert "late whatever its number, by at least 20 days" in seen.reason
    # B2: no review in the data at all; whatever happened before it, a review was due by 30
    # Sep 2023 at the latest: at least 183 days overdue on 31 Mar 2024.
    assert rows_of(result, "B2") == [(OVERDUE, None, None, D(2023, 9, 30), 183)]
    assert "at least 183 days overdue" in row(result, "B2", None).reason
    (figures,) = annual_figures(result, [2024])
    assert (figures.held_whatever_number, figures.overdue_at_year_end_whatever_number) == (1, 1)


# --- 12: the words councils use for kinds of meeting ------------------------------------------


def test_kinds_of_meeting_as_councils_name_them() -> None:
    path = FIXTURES / "kinds" / "meetings.csv"
    result = validate(read_plain([path]), as_of=D(2024, 3, 31), reviews_from=None)
    # "LAC review", "CLA Review", "Child in Care review", "CiC review", "looked after review":
    # statutory reviews; "Midway review" and "IRO review" (unknown) are not counted.
    statuses = {(r.child, r.review_id): r.status for r in result.rows}
    assert statuses[("K", "R1")] == statuses[("K", "R2")] == statuses[("K", "R3")] == ON
    assert statuses[("L", "M1")] == statuses[("L", "R2")] == NOT_COUNTED
    # A meeting not counted keeps its date, to be found by.
    assert row(result, "L", D(2023, 8, 1)).review_id == "M1"
    # With "IRO review" mapped to a review, L's 20 Mar 2024 review is review 3 (due 25 Mar
    # 2024), on time; without, it is review 2, due 26 Sep 2023: 176 days late.
    assert row(result, "L", D(2024, 3, 20)).days_late == 176
    mapped = validate(
        read_plain([path], kinds={"IRO review": "review"}),
        as_of=D(2024, 3, 31),
        reviews_from=None,
    )
    late = row(mapped, "L", D(2024, 3, 20))
    assert (late.status, late.ordinal, late.due) == (ON, 3, D(2024, 3, 25))


# --- the command line ---------------------------------------------------------------------------


def test_command_line_options_for_data_as_held(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rows.csv"
    kinds = ["--kind", "IRO review=review", "--kind", "midway review=not a review"]
    assert main(["validate", str(FIXTURES / "kinds"), "--as-of", "2024-03-31", *kinds,
                 "--csv", str(out)]) == 0  # fmt: skip
    verdicts = {(r["child"], r["review_id"]): r["status"] for r in _csv_rows(out)}
    assert (verdicts[("L", "R2")], verdicts[("L", "R3")]) == ("on time", "on time")
    assert main(["validate", str(FIXTURES / "kinds"), "--kind", "IRO review=maybe"]) == 2
    assert "kind 'IRO review' is mapped to 'maybe'" in capsys.readouterr().err
    assert main(["validate", str(FIXTURES / "kinds"), "--kind", "IRO review"]) == 2
    assert "--kind 'IRO review' is not WORD=MEANING" in capsys.readouterr().err
    # Short breaks: not judged, or judged under reg. 48 on request.
    assert main(["validate", str(FIXTURES / "short_breaks"), "--csv", str(out)]) == 0
    assert {r["status"] for r in _csv_rows(out) if r["child"] == "SB1"} == {"not counted"}
    args = ["validate", str(FIXTURES / "short_breaks"), "--judge-short-breaks"]
    assert main([*args, "--csv", str(out)]) == 0
    judged = [r for r in _csv_rows(out) if r["child"] == "SB1"]
    # Its first review in the data may be the series' first (it began before the data can
    # show); the next is due 6 months after it under reg. 48 whatever its number (20 Jan 2024).
    assert [(r["status"], r["meeting_date"], r["due"]) for r in judged] == [
        ("not assessable", "2023-07-20", ""),
        ("on time", "2024-01-15", "2024-01-20"),
    ]
    assert "It was held on Mon 15 Jan 2024: on time, 5 days early." in judged[1]["reason"]
    assert judged[1]["regime"] == ENGLAND_SHORT_BREAKS_2010.name
    # A gap year is named in the summary.
    capsys.readouterr()
    assert main(["validate", str(FIXTURES / "gap_year")]) == 0
    assert "2022-23" in capsys.readouterr().out


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- the bundled sample, as a council's returns hold it -----------------------------------------


def test_the_bundled_sample_is_held_as_the_return_requires() -> None:
    inputs = read_records([sample_data()])
    window = infer_window(inputs)
    assert (window.years, window.gaps) == ((2022, 2023, 2024, 2025), ())  # no year missing
    series = {c for c, periods in inputs.periods.items() if any(p.short_breaks for p in periods)}
    assert series  # children on short breaks...
    assert not series & {r.child for r in inputs.reviews}  # ...with no review rows (DfE rule 399)
    result = validate(
        inputs, as_of=window.as_of, reviews_from=window.reviews_from, gaps=window.gaps
    )
    adoption = [r for r in result.rows if r.regime == ENGLAND_ADOPTION_PLACEMENT_2005.name]
    assert {r.status for r in adoption} >= {ON}  # placements for adoption, judged under reg. 36
    # Nothing of theirs is "not counted": only the case system's midway meeting.
    assert [r.review_id for r in result.with_status(NOT_COUNTED)] == ["CS-001-M1"]


def test_each_years_codes_are_read(tmp_path: Path) -> None:
    # SEX was 1/2 to 2023-24 and M/F/U from 2024-25; the reader needs neither, and refuses
    # neither. Placement codes are read whatever their case.
    for source in (FIXTURES / "adoption").glob("*.csv"):
        text = source.read_text(encoding="utf-8").replace(",A4,", ",a4,")
        (tmp_path / source.name).write_text(text, encoding="utf-8")
    header = tmp_path / "ssda903_2024_header.csv"
    lines = header.read_text(encoding="utf-8").splitlines()
    (first,) = [
        line.split(",") for line in lines[1:]
    ]  # the child AD, then four more children, one for each code
    coded = [[f"{first[0]}{i or ''}", sex, *first[2:]] for i, sex in enumerate("F12MU")]
    header.write_text("\n".join([lines[0], *(",".join(r) for r in coded)]) + "\n", "utf-8")
    inputs = read_records([tmp_path])
    assert not [p for p in inputs.problems if p.field == "SEX"]
    result = run(tmp_path)
    assert [r.regime for r in result.rows if r.child == "AD"][
        -1
    ] == "ENGLAND_ADOPTION_PLACEMENT_2005"


# --- found by the naive twin (tests/twin_903.py) -------------------------------------------------

EPISODE_HEAD = ",".join(EPISODE_COLUMNS)


def returns_of(
    folder: Path, episodes: dict[int, list[str]], reviews: dict[int, list[str]] | None = None
) -> Validation:
    """Write each year's Episodes rows ("CHILD,DECOM,RNE,PLACE,DEC,REC") and Reviews rows
    ("CHILD,DOB,REVIEW,REVIEW_CODE"; none if not given), and judge the years as the command
    line does."""
    for year, rows in episodes.items():
        lines = [EPISODE_HEAD]
        for cells in rows:
            child, decom, rne, place, dec, rec = cells.split(",")
            lines.append(f"{child},{decom},{rne},C2,N1,{place},PR1,{dec},{rec},,,,")
        (folder / f"ssda903_{year}_episodes.csv").write_text("\n".join(lines) + "\n")
        held = "".join(f"{r}\n" for r in (reviews or {}).get(year, []))
        (folder / f"ssda903_{year}_reviews.csv").write_text("CHILD,DOB,REVIEW,REVIEW_CODE\n" + held)
    return run(folder)


def test_a_period_open_across_a_missing_year_is_overdue_once_at_a_year_end(
    tmp_path: Path,
) -> None:
    # In care from Mon 1 Apr 2019, no review held; 2020-21 missing. Review 1 was due Wed 1 May
    # 2019 (20 working days: Good Friday 19 and Easter Monday 22 April not counted): overdue at
    # 31 Mar 2020. After the missing year the review's number is not known: overdue whatever
    # it is by 31 Mar 2022 (at the latest due 6 months after a review on 31 Mar 2021).
    result = returns_of(tmp_path, {y: ["C1,01/04/2019,S,U1,,"] for y in (2020, 2022)})
    assert rows_of(result, "C1") == [
        (OVERDUE, None, 1, D(2019, 5, 1), 335),
        (OVERDUE, None, None, D(2021, 9, 30), 182),
    ]
    assert result.rows[1].reason == (
        "A review (its number is not in the data: the period's reviews from Wed 1 Apr 2020 to "
        "Wed 31 Mar 2021 are not in the data) was due by Thu 30 Sep 2021 at the latest, "
        "whatever its number. No review was held by Thu 31 Mar 2022 (the as-of date): it is at "
        "least 182 days overdue."
    )
    assert result.rows[0].reason.endswith(
        "No review was held by Tue 31 Mar 2020 (the last day before a collection year missing "
        "from the data, from Wed 1 Apr 2020): it is 335 days overdue."
    )
    # One period, overdue once on each year's last day (it was counted twice in 2021-22).
    counts = [(f.overdue_at_year_end, f.overdue_at_year_end_whatever_number)
              for f in annual_figures(result, [2020, 2022])]  # fmt: skip
    assert counts == [(1, 0), (1, 1)]


def test_two_reviews_are_not_held_on_one_day(tmp_path: Path) -> None:
    # In care from Sun 31 Mar 2019, the day before the data's reviews begin. Review 1 was due
    # Tue 30 Apr 2019 if not held on 31 March; if it was, review 2 was due 30 Jun 2019. It
    # cannot have been followed by a review 2 that day, so no review was due 6 months on: by
    # 31 Mar 2021 one was overdue whatever its number, by at least 640 days (not 548).
    result = returns_of(tmp_path, {y: ["C1,31/03/2019,S,U1,,"] for y in (2020, 2021)})
    assert rows_of(result, "C1") == [(OVERDUE, None, None, D(2019, 6, 30), 640)]
    # The timeline says so from the day after that latest due date.
    (timeline,) = result.timelines
    days = [D(2019, 3, 31), D(2019, 6, 30), D(2019, 7, 1), D(2021, 3, 31)]
    assert [timeline.overdue_on(d) for d in days] == [None, None, 1, 640]
    # Ended on Thu 31 Dec 2020 instead: overdue by 550 days that day, and not after it.
    result = returns_of(
        tmp_path, {2020: ["C1,31/03/2019,S,U1,,"], 2021: ["C1,31/03/2019,S,U1,31/12/2020,E8"]}
    )
    assert rows_of(result, "C1") == [(OVERDUE, None, None, D(2019, 6, 30), 550)]
    (timeline,) = result.timelines
    days = [D(2019, 7, 1), D(2020, 12, 31), D(2021, 1, 1)]
    assert [timeline.overdue_on(d) for d in days] == [1, 550, None]
    assert result.rows[0].reason.endswith(
        "No review was held by Thu 31 Dec 2020 (the end of the period of care): it is at least "
        "550 days overdue."
    )


def test_two_reviews_may_be_held_in_two_days_before_the_data(tmp_path: Path) -> None:
    # In care from Sat 30 Mar 2019, two days before the data's reviews begin: reviews 1 and 2
    # may have been held on 30 and 31 March, review 3 then due 6 months on, Mon 30 Sep 2019.
    # By 31 Mar 2021 one was overdue whatever its number, by at least 548 days (found by
    # mutation testing: a two-day stretch was given room for one review only).
    result = returns_of(tmp_path, {y: ["C1,30/03/2019,S,U1,,"] for y in (2020, 2021)})
    assert rows_of(result, "C1") == [(OVERDUE, None, None, D(2019, 9, 30), 548)]


def test_an_episode_open_before_a_missing_year_and_a_placement_after_it_are_two_periods(
    tmp_path: Path,
) -> None:
    # In care from Sun 10 Jan 2021, placement changed 12 Jan (X1); 2021-22 missing; 2022-23
    # lists a placement begun 14 Dec 2021 (RNE P). The missing year would show whether the
    # child stayed looked after or left and came back: two periods, the later one's start not
    # known. Review 1 was due Fri 5 Feb 2021 (20 working days), overdue at 31 Mar 2021 by 54
    # days; after the missing year the next is overdue whatever its number by 31 Mar 2023.
    result = returns_of(
        tmp_path,
        {
            2021: ["C1,10/01/2021,S,U1,12/01/2021,X1", "C1,12/01/2021,P,U1,,"],
            2023: ["C1,14/12/2021,P,U4,,"],
        },
    )
    assert rows_of(result, "C1") == [
        (OVERDUE, None, 1, D(2021, 2, 5), 54),
        (OVERDUE, None, None, D(2022, 9, 30), 182),
    ]
    assert [r.period_start for r in result.rows] == [D(2021, 1, 10), D(2021, 12, 14)]
    [problem] = [p for p in result.problems if p.field == "DEC"]
    assert (Path(problem.source).name, problem.line) == ("ssda903_2021_episodes.csv", 3)
    assert "the files for 2021-22" in problem.reason


def test_a_period_that_ended_before_the_data_is_not_judged(tmp_path: Path) -> None:
    # Placed for adoption on 8 Jun 2017 after a month in care (from 8 May 2017), with the data
    # from 1 Apr 2022: the month before the placement ended five years before the data and
    # says nothing (it was judged as if its review 1 were missed); the placement's next
    # review is overdue whatever its number by 31 Mar 2024.
    result = returns_of(
        tmp_path,
        {y: ["C1,08/05/2017,S,U1,08/06/2017,X1", "C1,08/06/2017,P,A3,,"] for y in (2023, 2024)},
    )
    assert rows_of(result, "C1") == [(OVERDUE, None, None, D(2022, 9, 30), 548)]


def test_a_review_of_a_period_that_ended_before_the_data_is_not_assessable() -> None:
    # Found by mutmut's run of the differential test of columns and values: a period ended
    # (Fri 30 Jun 2017) before the data's reviews begin (1 Apr 2022), with a review dated in
    # it. The data cannot show the reviews before it, so it cannot be numbered or judged.
    episodes = "\n".join(
        [",".join(EPISODE_COLUMNS), "C1,08/05/2017,S,C2,N1,U1,PR1,30/06/2017,E11,,,,"]
    )
    files = {
        "ssda903_2023_episodes.csv": episodes.encode(),
        "ssda903_2023_reviews.csv": b"CHILD,DOB,REVIEW,REVIEW_CODE\nC1,01/01/2010,01/06/2017,PN1\n",
    }
    inputs = read_records(list(files), data=files)
    result = validate(inputs, as_of=D(2023, 3, 31), reviews_from=D(2022, 4, 1))
    (row,) = [r for r in result.rows if r.child == "C1"]
    assert row.status == RowStatus.NOT_ASSESSABLE
    assert "before the reviews in the data begin (Fri 1 Apr 2022)" in row.reason


def test_each_placement_for_adoption_is_a_stretch_of_its_own(tmp_path: Path) -> None:
    # Found by test_ssda903_years under mutmut: a placement for adoption that broke down
    # (1 Jun - 1 Aug 2023), a foster placement, then another placement for adoption (from Fri
    # 1 Sep 2023). Each placement starts reg. 36's sequence afresh; the time between is a new
    # reg. 33 sequence. (The two placements were one stretch from 1 June, the review of 25
    # September judged late against 29 June.)
    episodes = [
        "C1,01/05/2023,S,U1,01/06/2023,X1",
        "C1,01/06/2023,P,A3,01/08/2023,X1",
        "C1,01/08/2023,P,U1,01/09/2023,X1",
        "C1,01/09/2023,P,A4,,",
    ]
    result = returns_of(tmp_path, {2024: episodes}, {2024: ["C1,01/01/2015,25/09/2023,PN1"]})
    assert rows_of(result, "C1") == [
        # Within 4 weeks of the placement of 1 June: not held by its end, 1 August.
        (OVERDUE, None, 1, D(2023, 6, 29), 33),
        # Within 20 working days of 1 August (28 August a bank holiday): not held by 31 August.
        (OVERDUE, None, 1, D(2023, 8, 30), 1),
        # Within 4 weeks of the placement of 1 September; then 3 months after it.
        (ON, D(2023, 9, 25), 1, D(2023, 9, 29), 0),
        (OVERDUE, None, 2, D(2023, 12, 25), 97),
    ]


def test_every_field_of_a_review_row_that_cannot_be_read() -> None:
    # Found by mutation testing: the problem carries the row's child, the bad value and, when
    # the date can be read, the meeting date (to name the review by).
    files = {
        "ssda903_2024_reviews.csv": b"CHILD,DOB,REVIEW,REVIEW_CODE\n"
        b",01/01/2015,20/07/2023,PN1\n"  # line 2: no child
        b"C2,01/01/2015,31/02/2024,PN1\n",  # 3: no such date
        "ssda903_2023_reviews.csv": b"CHILD,DOB,REVIEW_CODE\nC3,01/01/2015,PN1\n",
    }
    problems = read_records(list(files), data=files).problems
    found = [(p.source, p.line, p.child, p.field, p.value, p.meeting_date, p.review_row)
             for p in problems]  # fmt: skip
    assert found == [
        ("ssda903_2024_reviews.csv", 2, "", "CHILD", "", D(2023, 7, 20), True),
        ("ssda903_2024_reviews.csv", 3, "C2", "REVIEW", "31/02/2024", None, True),
        ("ssda903_2023_reviews.csv", 2, "C3", "REVIEW", "", None, True),
    ]
    assert [p.reason for p in problems] == [
        "CHILD is blank; every row needs the child's identifier",
        "REVIEW '31/02/2024' is not a real date; give it as dd/mm/YYYY",
        "the file has no REVIEW column, so this row cannot be read as a review",
    ]


def test_consecutive_episodes_placed_for_adoption_are_one_placement(tmp_path: Path) -> None:
    # Placed for adoption on Thu 1 Jun 2023, the placement's episodes changing on 15 June (A3
    # to A4) and 1 July (A4 to A5): one placement, review 1 due within 4 weeks of 1 June.
    episodes = [
        "C1,01/05/2023,S,U1,01/06/2023,X1",
        "C1,01/06/2023,P,A3,15/06/2023,X1",
        "C1,15/06/2023,P,A4,01/07/2023,X1",
        "C1,01/07/2023,P,A5,,",
    ]
    reviews = ["C1,01/01/2015,28/06/2023,PN1", "C1,01/01/2015,20/09/2023,PN1"]
    assert rows_of(returns_of(tmp_path, {2024: episodes}, {2024: reviews}), "C1") == [
        (ON, D(2023, 6, 28), 1, D(2023, 6, 29), 0),
        (ON, D(2023, 9, 20), 2, D(2023, 9, 28), 0),
        (OVERDUE, None, 3, D(2024, 3, 20), 11),
    ]


def test_each_rows_verdict_is_the_cores_for_its_period(tmp_path: Path) -> None:
    # A in care Thu 1 Jun 2023 to Sun 31 Dec 2023: review 1 held 26 Jun; review 2 due Tue 26
    # Sep 2023, not held by the period's end: 96 days overdue there. B from 1 Jun 2023, still
    # in care: review 1 held Mon 10 Jul 2023 (due Thu 29 Jun: 11 days late), review 2 due Tue
    # 10 Oct 2023, not held by the as-of date, Sun 31 Mar 2024: 173 days overdue. Each row's
    # verdict is the one assess() gives the period, down to how the overdue one is explained.
    result = returns_of(
        tmp_path,
        {2024: ["A,01/06/2023,S,U1,31/12/2023,E8", "B,01/06/2023,S,U1,,"]},
        {2024: ["A,01/01/2012,26/06/2023,PN1", "B,01/01/2012,10/07/2023,PN1"]},
    )
    periods = {
        "A": PeriodOfCare(start=D(2023, 6, 1), end=D(2023, 12, 31),
                          reviews=[Review(meetings=(D(2023, 6, 26),))]),
        "B": PeriodOfCare(start=D(2023, 6, 1), reviews=[Review(meetings=(D(2023, 7, 10),))]),
    }  # fmt: skip
    for child, period in periods.items():
        expected = assess(period, as_of=D(2024, 3, 31)).verdicts
        assert [r.verdict for r in result.rows if r.child == child] == list(expected)
    assert rows_of(result, "A")[1] == (OVERDUE, None, 2, D(2023, 9, 26), 96)
    assert rows_of(result, "B")[1] == (OVERDUE, None, 2, D(2023, 10, 10), 173)
    assert (
        "No review was held by Sun 31 Dec 2023 (the end of the period of care)"
        in row(result, "A", None).reason
    )
    assert "No review was held by Sun 31 Mar 2024 (the as-of date)" in row(result, "B", None).reason


def test_each_stretch_after_a_missing_year_is_explained_from_its_own_start(tmp_path: Path) -> None:
    # In care from Mon 1 Apr 2019; 2020-21 and 2022-23 missing. After each missing year the
    # reviews' numbers are not known, and each explanation says which of the period's reviews
    # are not in the data: those of the missing year before it.
    result = returns_of(
        tmp_path,
        {y: ["C1,01/04/2019,S,U1,,"] for y in (2020, 2022, 2024)},
        {2022: ["C1,01/01/2012,10/08/2021,PN1"],
         2024: ["C1,01/01/2012,01/04/2023,PN1", "C1,01/01/2012,20/09/2023,PN1"]},
    )  # fmt: skip
    assert [(r.status, r.meeting_date) for r in result.rows] == [
        (OVERDUE, None), (NOT_ASSESSABLE, D(2021, 8, 10)), (OVERDUE, None),
        (NOT_ASSESSABLE, D(2023, 4, 1)), (ON, D(2023, 9, 20)), (OVERDUE, None),
    ]  # fmt: skip
    assert [r.reason for r in result.rows if not r.number_known] == [
        (
            "A review (its number is not in the data: the period's reviews from Wed 1 Apr 2020 to "
            "Wed 31 Mar 2021 are not in the data) was due by Thu 10 Feb 2022 at the latest, "
            "whatever its number. No review was held by Thu 31 Mar 2022 (the last day before a "
            "collection year missing from the data, from Fri 1 Apr 2022): it is at least 49 days "
            "overdue."
        ),
        (
            "Review (its number is not in the data, but it is at least 3: the period's reviews "
            "from Fri 1 Apr 2022 to Fri 31 Mar 2023 are not in the data) was due by Sun 1 Oct "
            "2023: not more than 6 months after the review before it (Sat 1 Apr 2023), under Care "
            "Planning, Placement and Case Review (England) Regulations 2010 (SI 2010/959), reg. "
            "33(2). It was held on Wed 20 Sep 2023: on time, 11 days early."
        ),
        (
            "A review (its number is not in the data, but it is at least 4: the period's reviews "
            "from Fri 1 Apr 2022 to Fri 31 Mar 2023 are not in the data) was due by Wed 20 Mar "
            "2024: not more than 6 months after the review before it (Wed 20 Sep 2023), under Care "
            "Planning, Placement and Case Review (England) Regulations 2010 (SI 2010/959), reg. "
            "33(2). No review was held by Sun 31 Mar 2024 (the as-of date): it is 11 days overdue."
        ),
    ]


def test_participation_counts_children_aged_four_or_over_by_their_code(tmp_path: Path) -> None:
    # Reviews on Tue 20 Jun 2023: A turned 4 that day (counted, took part); B turns 4 the day
    # after (under 4: not counted, whatever the code); C is 8 but coded PN0 (under 4: not
    # counted); E is 8 and did not take part (PN7).
    result = returns_of(
        tmp_path,
        {2024: [f"{c},01/06/2023,S,U1,," for c in "ABCE"]},
        {2024: ["A,20/06/2019,20/06/2023,PN1", "B,21/06/2019,20/06/2023,PN1",
                "C,01/01/2015,20/06/2023,PN0", "E,01/01/2015,20/06/2023,PN7"]},
    )  # fmt: skip
    (year,) = annual_figures(result, [2024])
    assert (year.participation_counted, year.participated, year.did_not_participate) == (2, 1, 1)
    assert year.participation_unknown == 0


def test_scheduling_skips_a_period_whose_reviews_the_data_does_not_all_hold() -> None:
    # G is open across the missing year 2022-23; H ended before the data's reviews begin when
    # they are said to begin on 1 Apr 2023. Neither can be scheduled: each is skipped with why.
    inputs = read_records([FIXTURES / "gap_year"])
    window = infer_window(inputs)
    loaded = caseload(
        inputs, as_of=window.as_of, reviews_from=window.reviews_from, gaps=window.gaps
    )
    assert [(child, period.start) for child, period in loaded.periods] == [("H", D(2021, 6, 1))]
    assert loaded.skipped == (
        ("G", D(2021, 7, 5), None,
         "a collection year during the period of care (Fri 1 Apr 2022 to Fri 31 Mar 2023) has "
         "no files, so the period's reviews in that year are not in the data; add that year's "
         "files"),
    )  # fmt: skip
    later = caseload(inputs, as_of=window.as_of, reviews_from=D(2023, 4, 1))
    assert later.periods == ()
    assert [(child, start, end) for child, start, end, _ in later.skipped] == [
        ("G", D(2021, 7, 5), None), ("H", D(2021, 6, 1), D(2022, 3, 31))
    ]  # fmt: skip
    assert later.skipped[1][3].startswith(
        "the period of care began on Tue 1 Jun 2021, before the reviews in the data begin (Sat "
        "1 Apr 2023)"
    )


def test_a_review_on_the_first_day_of_the_data_is_explained_from_that_day(tmp_path: Path) -> None:
    # In care from Mon 25 Mar 2019, a week before the data's reviews begin (1 Apr 2019). A
    # review on 1 April is on time whatever its number (as review 1 it was due Wed 24 Apr 2019,
    # Good Friday and Easter Monday not counted; any later one was due later still), and its
    # account says the reviews before that day, not before the period began, are missing.
    result = returns_of(
        tmp_path, {2020: ["C1,25/03/2019,S,U1,,"]}, {2020: ["C1,01/01/2012,01/04/2019,PN1"]}
    )
    first = row(result, "C1", D(2019, 4, 1))
    assert (first.status, first.number_known) == (ON, False)
    assert first.reason == (
        "Review (its number is not in the data: the period's reviews before Mon 1 Apr 2019 are "
        "not in the data) was due no earlier than Wed 24 Apr 2019, whatever its number. It was "
        "held on Mon 1 Apr 2019: on time."
    )


def test_episode_and_header_rows_that_cannot_be_read_are_named(tmp_path: Path) -> None:
    # Line 3 has no child; line 4 is blank (not a row); line 5's DECOM and DEC are neither
    # real dates (both named); line 6 ends before it starts; line 7's cells are padded and in
    # lower case; line 8 is cut short after LS; line 9 has no DECOM. The Header's line 3 has no
    # real date of birth.
    (tmp_path / "ssda903_2024_episodes.csv").write_text(
        EPISODE_HEAD + ",TEAM\n"
        "A,01/05/2023,S,C2,N1,U1,PR1,,,,,,,North\n"
        ",01/05/2023,S,C2,N1,U1,PR1,,,,,,,\n"
        ",,,,,,,,,,,,,\n"
        "B,31/13/2023,S,C2,N1,U1,PR1,32/01/2024,E8,,,,,East\n"
        "C,01/06/2023,S,C2,N1,U1,PR1,01/05/2023,E8,,,,,\n"
        "D, 01/07/2023 ,s,c2,N1,u1,PR1,,,,,,,  West \n"
        "E,01/07/2023,S,C2\n"
        "F,,S,C2,N1,U1,PR1,,,,,,,\n"
    )
    (tmp_path / "ssda903_2024_header.csv").write_text(
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,1,01/01/2012,WBRI,,,\nB,1,99/01/2012,WBRI,,,\n"
    )
    inputs = read_903([tmp_path], keep=["TEAM"])
    episodes = str(tmp_path / "ssda903_2024_episodes.csv")
    header = str(tmp_path / "ssda903_2024_header.csv")
    assert [(p.source, p.line, p.child, p.field, p.value, p.reason, p.review_row)
            for p in inputs.problems] == [
        (episodes, 3, "", "CHILD", "", "CHILD is blank", False),
        (episodes, 5, "B", "DECOM", "31/13/2023",
         "DECOM '31/13/2023' is not a real date; give it as dd/mm/YYYY", False),
        (episodes, 5, "B", "DEC", "32/01/2024",
         "DEC '32/01/2024' is not a real date; give it as dd/mm/YYYY", False),
        (episodes, 6, "C", "DEC", "01/05/2023", "DEC 01/05/2023 is before DECOM 01/06/2023",
         False),
        (episodes, 9, "F", "DECOM", "", "DECOM is blank; give it as dd/mm/YYYY", False),
        (header, 3, "B", "DOB", "99/01/2012",
         "DOB '99/01/2012' is not a real date, so the child's age is not known", False),
    ]  # fmt: skip
    assert sorted(inputs.periods) == ["A", "D", "E"]
    assert inputs.labels["TEAM"].by_episode == {
        "A": [(D(2023, 5, 1), "North")], "D": [(D(2023, 7, 1), "West")]
    }  # fmt: skip


def test_a_one_day_episode_and_a_row_ending_before_a_kept_column_are_read(tmp_path: Path) -> None:
    # Line 2's episode ends the day it began (DEC is DECOM): read, not refused. Line 3 ends
    # just before TEAM (its one missing cell): read, with no team.
    (tmp_path / "ssda903_2024_episodes.csv").write_text(
        EPISODE_HEAD + ",TEAM\n"
        "A,01/05/2023,S,C2,N1,U1,PR1,01/05/2023,E8,,,,,North\n"
        "B,01/06/2023,S,C2,N1,U1,PR1,,,,,,\n"
    )
    inputs = read_903([tmp_path], keep=["TEAM"])
    assert inputs.problems == ()
    assert [(p.child, p.start, p.end) for periods in inputs.periods.values() for p in periods] == [
        ("A", D(2023, 5, 1), D(2023, 5, 1)),
        ("B", D(2023, 6, 1), None),
    ]
    assert inputs.labels["TEAM"].by_episode == {"A": [(D(2023, 5, 1), "North")]}


def test_a_review_held_on_the_last_day_before_a_missing_year_is_the_cores(tmp_path: Path) -> None:
    # In care from Mon 1 Apr 2019, review 1 (due Wed 1 May 2019) held on Tue 31 Mar 2020, the
    # last day before the missing year 2020-21: 335 days late, its verdict the one assess()
    # gives the period up to that day (nothing about the day before a missing year, which is
    # said only of a review not held).
    result = returns_of(
        tmp_path,
        {y: ["C1,01/04/2019,S,U1,,"] for y in (2020, 2022)},
        {2020: ["C1,01/01/2012,31/03/2020,PN1"]},
    )
    held = row(result, "C1", D(2020, 3, 31))
    period = PeriodOfCare(start=D(2019, 4, 1), reviews=[Review(meetings=(D(2020, 3, 31),))])
    assert held.verdict == assess(period, as_of=D(2020, 3, 31)).verdicts[0]
    assert (held.status, held.ordinal, held.due, held.days_late) == (LATE, 1, D(2019, 5, 1), 335)


def test_two_tables_of_a_year_refused_by_kind_named_or_read() -> None:
    # Found by mutation testing: a table's kind is the one its name gives, else the one its
    # columns give; two of one kind for a year are refused, named in the refusal.
    episodes = (
        b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\nA,01/04/2023,S,C2,N1,U1,PR1,,\n"
    )
    reviews = b"CHILD,DOB,REVIEW,REVIEW_CODE\nA,01/01/2015,20/04/2023,PN1\n"
    header = b"CHILD,SEX,DOB,UPN\nA,1,01/01/2015,X\n"
    for table, kind in ((episodes, "Episodes"), (reviews, "Reviews"), (header, "Header")):
        named = f"ssda903_2024_{kind.lower()}.csv"
        files = {named: table, "ssda903_2024_v2.csv": table}
        with pytest.raises(WindowError) as refused:
            read_records(list(files), data=files)
        assert str(refused.value) == (
            f"ssda903_2024_v2.csv: two {kind} tables for the collection year 2023-24: {named} "
            "and ssda903_2024_v2.csv; keep one (a corrected re-export replaces the original)"
        )
        assert (refused.value.record, refused.value.field, refused.value.value) == (
            "ssda903_2024_v2.csv",
            "file name",
            [named, "ssda903_2024_v2.csv"],
        )

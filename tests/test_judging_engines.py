"""Judging's engines: periods judged together by numpy (``engine="numpy"``) come out as the
same validation as periods judged one at a time (``engine="python"``), row for row, timeline
for timeline, explanation for explanation and figure for figure, on generated returns (short
breaks, placements for adoption, unrecorded DECs, copies, strays, a missing year, the as-of
date anywhere) and on files roughened as real ones are, their rows placed in periods as
arrays or one at a time; and the CSV lines of the rows judged together, made a column at a
time, are those of the rows made."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iro_schedule import (
    IroScheduleError,
    Policy,
    annual_figures,
    england_calendar,
    infer_window,
    read_records,
    validate,
)
from iro_schedule.reports import summary_text, to_json, write_csv
from iro_schedule.validation import RowStatus, Validation

from .strategies import Return, returns, roughened
from .tables import assert_same_validation, check_tables

pytest.importorskip("numpy")

EXAMPLES = {"ci": 1000, "thorough": 5000, "mutation": 60}.get(
    os.environ.get("HYPOTHESIS_PROFILE", "default"), 150
)
SETTINGS = settings(
    max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def both(files: dict[str, bytes], **options: object) -> tuple[Validation, Validation]:
    """The files validated by each engine, with the window their names give (or ``options``)."""
    inputs = read_records(list(files), data=files)
    window = infer_window(inputs)
    settings = {
        "as_of": window.as_of,
        "reviews_from": window.reviews_from,
        "gaps": window.gaps,
        **options,
    }
    one_at_a_time = validate(inputs, engine="python", **settings)  # type: ignore[arg-type]
    together = validate(inputs, engine="numpy", **settings)  # type: ignore[arg-type]
    return one_at_a_time, together


def assert_same(expected: Validation, found: Validation) -> None:
    assert_same_validation(expected, found, range(2015, 2027))
    assert _csv(found) == _csv(expected)
    assert _json(found) == _json(expected)
    # The rows judged together (made from their columns when read) read each on its own, by
    # status, and as table values at given places, as the rows judged one at a time read.
    rows, made = found.rows, list(expected.rows)
    assert [rows[i] for i in range(len(rows))] == made
    assert [r.reason for r in (rows[i] for i in range(len(rows)))] == [r.reason for r in made]
    assert [r.verdict for r in rows] == [r.verdict for r in made]  # (the policy's too)
    assert list(rows.statuses()) == [r.status for r in made]
    for status in RowStatus:
        assert found.with_status(status) == expected.with_status(status)
    assert list(rows.values_at(reversed(range(len(rows))))) == list(expected.rows.values())[::-1]
    timelines = found.timelines
    assert [timelines[i] for i in range(len(timelines))] == list(expected.timelines)
    # Figures for some years only: the rows of the others are counted in none.
    for years in ([2021], [2020, 2023]):
        figures, figures_expected = annual_figures(found, years), annual_figures(expected, years)
        assert figures == figures_expected
        # Written as well (a count a whole number, not 12.0).
        assert summary_text(found, figures, []) == summary_text(expected, figures_expected, [])


@SETTINGS
@given(returns(), st.data())
def test_numpy_judges_as_each_period_is_judged(found: Return, data: st.DataObject) -> None:
    files = dict(found.files)
    inputs = read_records(list(files), data=files)
    window = infer_window(inputs)
    # The as-of date anywhere from before the data to after it: reviews after it are refused,
    # periods open at it have a review overdue by it, or not.
    as_of = data.draw(
        st.dates(window.as_of - dt.timedelta(days=1500), window.as_of + dt.timedelta(days=400))
    )
    policy = data.draw(
        st.sampled_from(
            [Policy(), Policy(judge_unknown_numbers=False), Policy(count_start_day=True)]
        )
    )
    assert_same(*both(files, as_of=as_of, policy=policy))


@settings(SETTINGS, max_examples=max(EXAMPLES // 5, 20))
@given(st.data(), returns())
def test_numpy_judges_roughened_files_as_each_period_is_judged(
    data: st.DataObject, found: Return
) -> None:
    files = dict(data.draw(roughened(found.files)))
    assert_same(*both(files))


NAME = "ssda903_2025_reviews.csv"
EPISODES = "CHILD,DECOM,RNE,LS,PLACE,DEC,REC,REASON_PLACE_CHANGE\n"


def test_a_period_the_array_engine_refuses_is_judged_on_its_own() -> None:
    # Child B's first review falls due beyond the working-day calendar's years: the array
    # engine refuses the periods judged with it, which are then judged in halves, and B's is
    # left to be judged on its own, as "python" judges it (not assessable, saying why).
    children = [f"A{n}" for n in range(40)]
    episodes = EPISODES + "".join(f"{c},01/04/2024,S,C2,U1,,,\n" for c in children)
    episodes += "B,20/12/2060,S,C2,U1,,,\n"
    reviews = "CHILD,REVIEW,REVIEW_CODE\n" + "".join(
        f"{c},25/04/2024,PN1\n{c},20/07/2024,PN1\n" for c in children
    )
    reviews += "B,20/01/2061,PN1\n"
    files = {"ssda903_2025_episodes.csv": episodes.encode(), "reviews.csv": reviews.encode()}
    inputs = read_records(list(files), data=files)
    as_of = dt.date(2061, 6, 1)
    expected, found = (
        validate(inputs, as_of=as_of, reviews_from=None, engine=engine)
        for engine in ("python", "numpy")
    )
    assert_same(expected, found)
    b = [r for r in found.rows if r.child == "B"]
    assert [r.status.value for r in b] == ["not assessable"]
    assert "outside the years this calendar covers" in b[0].reason
    # Every A child is judged together, the halves after B's too.
    _, columns, _ = found.rows.facts_apart()
    assert columns is not None
    together = {found.rows[i].child for a, b in columns.spans for i in range(a, b)}
    assert together == set(children)
    judged = [r for r in found.rows if r.child == "A0"]
    assert [(r.ordinal, r.status.value) for r in judged] == [
        (1, "on time"),
        (2, "on time"),
        (3, "overdue"),
    ]


def test_rows_placed_as_arrays_go_where_each_row_alone_goes() -> None:
    # "numpy" places the rows of a child whose periods follow one another as arrays, and the
    # rest one at a time: A's periods follow one another (rows on each first and last day,
    # before, between and after them); B's overlap, so a day in both goes to the first; C has
    # no episodes; A's rows come apart, around C's and B's.
    episodes = EPISODES + (
        "A,01/04/2023,S,C2,U1,30/06/2023,E11,\nA,01/09/2023,S,C2,U1,,,\n"
        "B,01/04/2023,S,C2,U1,30/09/2023,E11,\nB,01/06/2023,S,C2,U1,,,\n"
    )
    held = [
        ("A", "31/03/2023"),
        ("A", "01/04/2023"),
        ("A", "30/06/2023"),
        ("A", "01/07/2023"),
        ("A", "01/09/2023"),
        ("B", "15/07/2023"),
        ("C", "15/07/2023"),
        ("B", "15/11/2023"),
        ("A", "20/10/2023"),
    ]
    reviews = "CHILD,REVIEW,REVIEW_CODE\n" + "".join(f"{c},{day},PN1\n" for c, day in held)
    files = {"ssda903_2024_episodes.csv": episodes.encode(), NAME: reviews.encode()}
    expected, found = both(files, as_of=dt.date(2024, 3, 31), reviews_from=None)
    assert_same(expected, found)
    placed = {(r.line, r.period_start) for r in found.rows if r.line}
    assert placed == {
        (2, None),
        (3, dt.date(2023, 4, 1)),
        (4, dt.date(2023, 4, 1)),
        (5, None),
        (6, dt.date(2023, 9, 1)),
        (7, dt.date(2023, 4, 1)),
        (8, None),
        (9, dt.date(2023, 6, 1)),
        (10, dt.date(2023, 9, 1)),
    }
    refused = [r.reason for r in found.rows if r.period_start is None and r.line]
    assert "is not within any period of care" in refused[0]
    assert "child C has no episodes" in refused[2]


def test_plain_rows_go_to_the_period_they_name_under_numpy_too() -> None:
    # With plain-format rows in the run, every row is placed one at a time: P-R1 names the
    # period it is dated after (refused there, saying so), not the later one its date is in.
    files = {
        "ssda903_2024_episodes.csv": (EPISODES + "A,01/04/2023,S,C2,U1,,,\n").encode(),
        NAME: b"CHILD,REVIEW,REVIEW_CODE\nA,20/04/2023,PN1\n",
        "case_system.csv": (
            b"child,period_start,period_end,review_id,meeting_date\n"
            b"P,01/01/2023,30/06/2023,P-R1,01/08/2023\n"
            b"P,15/07/2023,,P-R2,20/07/2023\n"
        ),
    }
    expected, found = both(files, as_of=dt.date(2024, 3, 31), reviews_from=None)
    assert_same(expected, found)
    (named,) = (r for r in found.rows if r.review_id == "P-R1")
    assert named.period_start == dt.date(2023, 1, 1)
    assert "is after the period of care ends" in named.reason


def test_a_caseload_judged_a_chunk_at_a_time_and_by_auto() -> None:
    # More periods than numpy judges at a time, and more review rows than "auto" needs to use
    # it; every 7th child's reviews are messy (a copy, one before the period, one after the
    # as-of date), so each chunk mixes periods judged together and on their own. Only every
    # 5th child's period is open (its next review overdue): a chunk may end with a period
    # judged together and no overdue row, the next begin with one.
    episodes, reviews = [EPISODES], ["CHILD,REVIEW,REVIEW_CODE\n"]
    for n in range(17_000):
        start = dt.date(2020, 1, 1) + dt.timedelta(days=n % 700)
        end = "" if n % 5 == 0 else f"{start + dt.timedelta(days=400):%d/%m/%Y},E11"
        episodes.append(f"C{n:05d},{start:%d/%m/%Y},S,C2,U1,{end or ','},\n")
        held = [start + dt.timedelta(days=d) for d in (20 + n % 11, 100 + n % 17, 280 + n % 13)]
        if n % 7 == 0:
            held += [held[0], start - dt.timedelta(days=3), dt.date(2030, 1, 1)]
        reviews.extend(f"C{n:05d},{day:%d/%m/%Y},PN1\n" for day in held)
    files = {"ssda903_2025_episodes.csv": "".join(episodes).encode()}
    files[NAME] = "".join(reviews).encode()
    inputs = read_records(list(files), data=files)
    as_of = dt.date(2023, 3, 31)
    expected, found, auto = (
        validate(inputs, as_of=as_of, reviews_from=None, engine=engine)
        for engine in ("python", "numpy", "auto")
    )
    assert_same(expected, found)
    assert list(auto.rows) == list(expected.rows)
    assert auto.timelines == expected.timelines
    statuses = {r.status.value for r in found.rows}
    assert statuses == {"on time", "late", "overdue", "duplicate", "invalid"}


def test_a_review_overdue_by_a_period_ending_on_the_as_of_date() -> None:
    episodes = EPISODES + "A,01/04/2024,S,C2,U1,30/09/2024,E11,\nB,01/04/2024,S,C2,U1,,,\n"
    files = {"ssda903_2025_episodes.csv": episodes.encode(), NAME: b"CHILD,REVIEW\n"}
    inputs = read_records(list(files), data=files)
    expected, found = (
        validate(inputs, as_of=dt.date(2024, 9, 30), reviews_from=None, engine=engine)
        for engine in ("python", "numpy")
    )
    assert_same(expected, found)
    a, b = (r.reason for r in found.rows)
    assert a.endswith("by Mon 30 Sep 2024 (the end of the period of care): it is 154 days overdue.")
    assert b.endswith("by Mon 30 Sep 2024 (the as-of date): it is 154 days overdue.")


def test_participation_and_years_at_their_edges() -> None:
    # Each child's one review, judged together, on the edges the figures count by: a 4th
    # birthday on the day, the day after, a child born on the day or after it, no date of
    # birth, a 29 February birthday, the last day of a reporting year and the first.
    children = [
        ("K0", "01/04/2023", "20/04/2023", "20/04/2019"),  # 4 on the day: counted
        ("K1", "01/04/2023", "20/04/2023", "21/04/2019"),  # 3 until the next day
        ("K2", "01/04/2023", "20/04/2023", "20/04/2023"),  # born on the day: 0
        ("K3", "01/04/2023", "20/04/2023", ""),  # age not known: counted
        ("K4", "01/04/2023", "20/04/2023", "21/04/2023"),  # born after it: not known
        ("K5", "01/02/2024", "28/02/2024", "29/02/2020"),  # 3 on 28 February
        ("K6", "01/02/2024", "28/02/2024", "28/02/2020"),  # 4
        ("K7", "01/03/2024", "31/03/2024", "01/01/2010"),  # the year's last day
        ("K8", "11/03/2024", "01/04/2024", "01/01/2010"),  # the next year's first
    ]
    episodes = EPISODES + "".join(f"{c},{start},S,C2,U1,,,\n" for c, start, _, _ in children)
    reviews = "CHILD,DOB,REVIEW,REVIEW_CODE\n" + "".join(
        f"{c},{dob},{day},PN1\n" for c, _, day, dob in children
    )
    files = {"ssda903_2024_episodes.csv": episodes.encode(), NAME: reviews.encode()}
    inputs = read_records(list(files), data=files)
    expected, found = (
        validate(inputs, as_of=dt.date(2024, 4, 2), reviews_from=None, engine=engine)
        for engine in ("python", "numpy")
    )
    assert_same(expected, found)
    year_2024, year_2025 = annual_figures(found, [2024, 2025])
    assert (year_2024.held, year_2024.participated, year_2024.participation_counted) == (8, 5, 5)
    assert (year_2025.held, year_2025.participated) == (1, 1)
    assert [m.held for m in year_2024.months][-1] == 1  # March 2024: K7's, not K8's


def test_rows_out_of_date_order_are_judged_together_in_date_order() -> None:
    # Each child's reviews listed latest first (as an export sorted the other way lists them):
    # judged together in date order, as each period judged on its own is.
    children = [f"C{n}" for n in range(30)]
    episodes = EPISODES + "".join(f"{c},01/04/2023,S,C2,U1,,,\n" for c in children)
    reviews = "CHILD,REVIEW\n" + "".join(
        f"{c},01/12/2023\n{c},20/07/2023\n{c},25/04/2023\n" for c in children
    )
    files = {
        "ssda903_2024_episodes.csv": episodes.encode(),
        "ssda903_2024_reviews.csv": reviews.encode(),
    }
    expected, found = both(files)
    assert_same(expected, found)
    judged = found.rows.judged_together
    assert judged is not None
    assert set(judged.children) == set(children)
    c0 = [(r.meeting_date, r.ordinal) for r in found.rows if r.child == "C0"]
    assert c0 == [(dt.date(2023, 4, 25), 1), (dt.date(2023, 7, 20), 2), (dt.date(2023, 12, 1), 3)]


def test_an_overdue_review_in_a_period_whose_end_is_not_shown_says_so_when_judged_together() -> (
    None
):
    # Each child's first period has no DEC, is listed open at the end of 2022-23 and not in
    # 2023-24, whose table begins the child's next period: the data shows the first ended,
    # not when. Its second review is overdue by the last day the data shows it open; judged
    # together, the overdue row says so, as judged on its own.
    children = [f"C{n}" for n in range(30)]
    first = EPISODES + "".join(f"{c},01/10/2022,S,C2,U1,,,\n" for c in children)
    second = EPISODES + "".join(f"{c},01/12/2023,S,C2,U1,,,\n" for c in children)
    files = {
        "ssda903_2023_episodes.csv": first.encode(),
        "ssda903_2023_reviews.csv": (
            "CHILD,REVIEW\n" + "".join(f"{c},20/10/2022\n" for c in children)
        ).encode(),
        "ssda903_2024_episodes.csv": second.encode(),
        "ssda903_2024_reviews.csv": (
            "CHILD,REVIEW\n" + "".join(f"{c},15/12/2023\n" for c in children)
        ).encode(),
    }
    expected, found = both(files)
    assert_same(expected, found)
    judged = found.rows.judged_together
    assert judged is not None
    assert set(judged.children) == set(children)
    overdue = {r.period_start: r for r in found.with_status(RowStatus.OVERDUE) if r.child == "C0"}
    assert (
        "the last day the data shows the period of care open"
        in overdue[dt.date(2022, 10, 1)].reason
    )


def test_which_periods_are_judged_together() -> None:
    # Only periods needing nothing but the cadence are judged together (the rows' facts say
    # which: the others are counted one by one): A's and F's (ended, its DEC not recorded).
    episodes = EPISODES + "".join(
        [
            "A,01/04/2023,S,C2,U1,,,\n",
            "B,01/04/2023,S,V3,U1,03/04/2023,E13,\n",  # a short break
            "C,01/04/2023,S,C2,U1,,,\n",  # a review given twice
            "D,01/04/2023,S,C2,U1,,,\n",  # a review after the as-of date
            "E,01/04/2020,L,C2,U1,,,\n",  # begun before the data's reviews
            "F,01/04/2023,S,C2,U1,,,\nF,01/08/2023,S,C2,U1,,,\n",
        ]
    )
    days = {"A": ["20/04/2023"], "B": ["02/04/2023"], "C": ["20/04/2023", "20/04/2023"]}
    days |= {"D": ["20/04/2023", "01/03/2024"], "E": ["20/04/2023"], "F": ["20/04/2023"]}
    reviews = "CHILD,REVIEW\n" + "".join(
        f"{child},{day}\n" for child, held in days.items() for day in held
    )
    files = {"ssda903_2024_episodes.csv": episodes.encode(), NAME: reviews.encode()}
    inputs = read_records(list(files), data=files)
    # A council's closure day moves A's due date: the calendar given is the one judged with.
    closed = england_calendar().with_non_working_days([dt.date(2023, 4, 12)])
    for calendar in (None, closed):
        expected, found = (
            validate(
                inputs,
                as_of=dt.date(2024, 1, 31),
                reviews_from=dt.date(2023, 4, 1),
                engine=engine,
                calendar=calendar,
            )
            for engine in ("python", "numpy")
        )
        _, judged, _ = found.rows.facts_apart()
        assert judged is not None
        together = [found.rows[i] for a, b in judged.spans for i in range(a, b)]
        assert [(r.child, r.ordinal) for r in together] == [("A", 1), ("F", 1)]
        assert expected.rows.facts_apart()[1] is None
        assert_same(expected, found)


def test_an_engine_not_known_is_refused() -> None:
    inputs = read_records([NAME], data={NAME: b"CHILD,REVIEW\nA,01/02/2025\n"})
    with pytest.raises(
        IroScheduleError, match="engine must be 'auto', 'python' or 'numpy', got 'fast'"
    ) as caught:
        validate(inputs, as_of=dt.date(2025, 1, 1), reviews_from=None, engine="fast")
    assert caught.value.field == "engine"


def test_numpy_asked_for_without_numpy_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inputs = read_records([NAME], data={NAME: b"CHILD,REVIEW\nA,01/02/2025\n"})
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(
        IroScheduleError, match=r"needs numpy: install the package with its 'vector' extra"
    ):
        validate(inputs, as_of=dt.date(2025, 1, 1), reviews_from=None, engine="numpy")
    # "auto" falls back to judging each period on its own.
    validate(inputs, as_of=dt.date(2025, 1, 1), reviews_from=None, engine="auto")


def test_rows_listed_later_period_first_keep_their_order_within_a_period() -> None:
    # Each child's second period's reviews are listed before the first's, which holds two rows
    # on one day (the later listed is the duplicate): placed as arrays, each period's rows keep
    # the order they were listed in, as placed one at a time.
    episodes, reviews = [EPISODES], ["CHILD,REVIEW,REVIEW_CODE\n"]
    for n in range(1_500):
        child = f"C{n:04d}"
        episodes.append(f"{child},06/01/2020,S,C2,U1,30/11/2020,E11,\n")
        episodes.append(f"{child},01/03/2021,S,C2,U1,,,\n")
        later = ["25/03/2021", "20/06/2021"]
        first = ["30/01/2020", "30/01/2020", f"{10 + n % 15:02d}/04/2020"]
        codes = ["PN1", "PN2"] if n % 2 else ["PN2", "PN1"]
        reviews += [f"{child},{day},PN3\n" for day in later]
        held = zip(first, [*codes, "PN4"], strict=True)
        reviews += [f"{child},{day},{code}\n" for day, code in held]
    files = {"ssda903_2021_episodes.csv": "".join(episodes).encode()}
    files["ssda903_2021_reviews.csv"] = "".join(reviews).encode()
    expected, found = both(files, as_of=dt.date(2021, 9, 30), reviews_from=None)
    assert found.rows.judged_together is not None
    assert_same(expected, found)
    assert found.count(RowStatus.DUPLICATE) == 1_500


def test_progress_is_told_every_thousand_periods_judged_together() -> None:
    # Found by mutation testing: where a run of periods judged together begins. Each period is
    # open, its next review overdue, so runs end at every period: once at a thousand too.
    episodes = EPISODES + "".join(f"C{n:04d},06/01/2025,S,C2,U1,,,\n" for n in range(2_500))
    reviews = "CHILD,REVIEW\n" + "".join(f"C{n:04d},30/01/2025\n" for n in range(2_500))
    files = {"ssda903_2025_episodes.csv": episodes.encode(), NAME: reviews.encode()}
    told: list[tuple[int, int]] = []
    found = validate(
        read_records(list(files), data=files),
        as_of=dt.date(2025, 9, 30),
        reviews_from=None,
        engine="numpy",
        progress=lambda done, total: told.append((done, total)),
    )
    assert found.rows.judged_together is not None
    assert found.count(RowStatus.OVERDUE) == 2_500
    assert told == [(1_000, 2_500), (2_000, 2_500)]


def _csv(result: Validation) -> str:
    out = io.StringIO()
    write_csv(result.rows, out)
    return out.getvalue()


def _json(result: Validation) -> str:
    return to_json(result, [], [])


def test_rows_judged_together_are_written_as_each_row_is(monkeypatch: pytest.MonkeyPatch) -> None:
    # Children judged together whose cells need quoting or guarding against formulas (a comma
    # or an equals sign in the child's identifier), whose notes carry quotes and commas (a
    # REVIEW_CODE that is not a code, a DOB that is not a date), a period with no review
    # (overdue only), and enough rows for the lines to be made in several pieces, one
    # starting in a period: written a column at a time, as the rows made are written.
    pytest.importorskip("polars")
    rows = [["CHILD", "DOB", "REVIEW", "REVIEW_CODE"]]
    episodes = [["CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC", "REASON_PLACE_CHANGE"]]
    odd = ["=K,1", 'K"2', "K3", "+K4", "K 5"]
    for n in range(6_000):
        child = odd[n] if n < len(odd) else f"C{n}"
        start = dt.date(2020, 1, 1) + dt.timedelta(days=n % 500)
        episodes.append([child, f"{start:%d/%m/%Y}", "S", "C2", "U1", "", "", ""])
        for k, days in enumerate((15 + n % 9, 90 + n % 13, 270 + n % 11)):
            code = ('x"y,=z', "PN1", "PN7")[(n + k) % 3] if n % 5 == 0 else "PN3"
            dob = "31/02/2010" if n % 11 == 0 else "01/05/2012"
            held = start + dt.timedelta(days=days)
            rows.append([child, dob, f"{held:%d/%m/%Y}", code])
    files = {"ssda903_2025_episodes.csv": _table(episodes), NAME: _table(rows)}
    inputs = read_records(list(files), data=files)
    found = validate(inputs, as_of=dt.date(2021, 6, 30), reviews_from=None, engine="numpy")
    assert len(found.rows) > 16_384  # more than one piece of lines
    check_tables(found)
    text, document = _csv(found), _json(found)
    assert '"\'=K,1"' in text
    assert '"child": "=K,1"' in document
    assert "Note: REVIEW_CODE 'X\\\"Y,=Z' is not a code" in document
    assert "Note: REVIEW_CODE 'X\"\"Y,=Z' is not a code" in text
    judged = found.rows.judged_together
    assert judged is not None
    assert set(odd) <= set(judged.children)  # each odd child's rows judged together
    monkeypatch.setitem(sys.modules, "polars", None)  # without polars: a row at a time
    assert _csv(found) == text
    assert _json(found) == document


def _table(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def test_the_columns_kept_are_the_rows_judged_together() -> None:
    # Periods judged together, ended and not, on their own and after another of the same
    # child, under the regime of 2010 and of 1991: the columns kept of their rows (read by
    # the figures and the CSV a column at a time) hold each row's values.
    np = pytest.importorskip("numpy")
    episodes = EPISODES + "".join(
        [
            "A,01/03/2010,S,C2,U1,30/06/2011,E11,\n",  # reviews under 1991's rules and 2010's
            "A,01/09/2011,S,C2,U1,,,\n",  # the same child again
            "B,15/01/2024,S,C2,U1,20/08/2024,E11,\n",
            "C,02/02/2024,S,C2,U1,,,\n",
        ]
    )
    reviews = "CHILD,REVIEW\n" + "".join(
        f"{child},{day}\n"
        for child, day in [
            ("A", "20/03/2010"), ("A", "10/06/2010"), ("A", "01/12/2010"), ("A", "20/05/2011"),
            ("A", "15/09/2011"), ("A", "30/12/2011"), ("B", "01/02/2024"), ("B", "20/05/2024"),
            ("C", "10/03/2024"), ("C", "01/07/2024"), ("C", "20/01/2025"),
        ]
    )  # fmt: skip
    files = {"ssda903_2025_episodes.csv": episodes.encode(), NAME: reviews.encode()}
    inputs = read_records(list(files), data=files)
    found = validate(inputs, as_of=dt.date(2025, 3, 1), reviews_from=None, engine="numpy")
    judged = found.rows.judged_together
    assert judged is not None
    rows = [found.rows[i] for a, b in judged.spans for i in range(a, b)]
    assert len(rows) == 11

    def column(name: str) -> list[int]:
        values: list[int] = np.concatenate([getattr(b, name) for b in judged.blocks]).tolist()
        return values

    def days(name: str) -> list[dt.date | None]:
        epoch, not_ended = dt.date(1970, 1, 1), np.iinfo(np.int32).max
        return [None if d == not_ended else epoch + dt.timedelta(d) for d in column(name)]

    numbers = np.concatenate([block.numbers(np) for block in judged.blocks]).tolist()
    assert numbers == [r.ordinal for r in rows]
    assert sum(column("reviews")) == len(rows)
    assert [judged.regimes[k].name for k in column("regime")] == [r.regime for r in rows]
    assert {r.regime for r in rows} == {"ENGLAND_1991", "ENGLAND_2010"}
    assert [judged.children[k] for k in column("child")] == [r.child for r in rows]
    assert days("counted") == [r.counted_date for r in rows]
    assert days("due") == [r.due for r in rows]
    assert column("late") == [r.days_late or 0 for r in rows]
    periods = sorted({(r.period_start, r.period_end) for r in rows})
    assert sorted(zip(days("start"), days("end"), strict=True)) == periods

"""Generate the bundled synthetic sample: four years of SSDA903 files and a case-system export.

Run from the repository root:  python scripts/make_sample.py
It writes src/iro_schedule/data/sample/ deterministically (fixed seed), so re-running it
reproduces the same files. No real children: every value is made up.

Each collection year is written as that year's return would hold it, so that it passes the DfE's
own SSDA903 validator (csc-validator-be-903, see scripts/check_sample_dfe.py) on every structural
rule: legal statuses and placements that fit each other and the child's age, reasons for new
episodes that match what changed, a reason for every placement change, adoption only after a
placement for adoption, no reviews for short breaks, each year's own codes (SEX as 1/2 until
2023-24, M/F from 2024-25). What it contains, on purpose:

- about 300 children over the collection years 2021-22 to 2024-25, entering care from 2018 on
  (so some periods began before the data and their first reviews in it have unknown numbers);
  re-entries to care; interim care orders becoming care orders;
- reviews held mostly on time, some late, some brought forward, some missed (overdue);
- children placed for adoption (Adoption Agencies Regulations 2005 reg. 36), one placement
  ending with the child still looked after;
- children on a series of short breaks (legal status V3), with no review rows (the return does
  not collect them, DfE rule 399);
- malformed rows, each listed with the DfE rule it breaks in MANIFEST.tsv beside the sample;
- case_system_meetings.csv (the plain format): reviews held over several meetings, adjourned
  reviews, a brought-forward review and a midway meeting that is not a statutory review.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import random
from pathlib import Path

from iro_schedule import (
    ENGLAND_2010,
    ENGLAND_ADOPTION_PLACEMENT_2005,
    Regime,
    add_months,
    england_calendar,
    first_review_due,
)
from iro_schedule.records import EPISODE_COLUMNS, HEADER_COLUMNS, REVIEW_COLUMNS

SEED = 20250331
OUT = Path(__file__).resolve().parents[1] / "src" / "iro_schedule" / "data" / "sample"
YEARS = (2022, 2023, 2024, 2025)  # collection years, each ending 31 March
DATA_START = dt.date(YEARS[0] - 1, 4, 1)
DATA_END = dt.date(YEARS[-1], 3, 31)
#: The first collection year whose Header table codes SEX as M/F/U (1/2 before).
SEX_AS_LETTERS_FROM = 2025

FOSTER = ("U3", "U4", "U5", "U6")
PLACEMENTS = (*FOSTER, *FOSTER, "K2", "R1")
#: Placements for which no Ofsted URN is recorded (DfE rules 218 and 222).
NO_URN = ("R1",)
REASONS_FOR_CHANGE = ("CARPL", "CARPL", "CHILD", "LAREQ", "PLACE", "OTHER")
ENDINGS = ("E13", "E4A", "E41")


def d(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


@dataclasses.dataclass
class Episode:
    decom: dt.date
    rne: str
    ls: str
    place: str
    dec: dt.date | None = None
    rec: str = ""
    reason_change: str = ""


@dataclasses.dataclass
class Child:
    id: str
    dob: dt.date
    sex: str  # "1" or "2"
    episodes: list[Episode] = dataclasses.field(default_factory=list)
    reviews: list[tuple[dt.date, str]] = dataclasses.field(default_factory=list)

    def age_on(self, day: dt.date) -> int:
        dob = self.dob
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def code_for(rng: random.Random, child: Child, day: dt.date) -> str:
    if child.age_on(day) < 4:
        return "PN0"
    return rng.choices(
        ["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"], weights=[40, 12, 3, 5, 18, 14, 8]
    )[0]


def review_dates(
    rng: random.Random, start: dt.date, stop: dt.date, regime: Regime
) -> list[dt.date]:
    """Reviews following the regime's cadence from ``start`` until ``stop``: mostly on time,
    some late, early (brought forward) or missed."""
    calendar = england_calendar()
    dates: list[dt.date] = []
    due = first_review_due(start, regime=regime)
    stop = min(stop, DATA_END)
    while True:
        roll = rng.random()
        if roll < 0.02 and dates:
            break  # the reviews stop: the next one becomes overdue
        if roll < 0.06:
            held = due + dt.timedelta(days=rng.randrange(1, 45))  # late
        elif roll < 0.12 and dates:
            held = dates[-1] + dt.timedelta(days=rng.randrange(20, 60))  # brought forward
        else:
            held = due - dt.timedelta(days=rng.randrange(0, 21))
        held = max(held, (dates[-1] if dates else start) + dt.timedelta(days=1))
        if held > stop:
            break
        dates.append(held)
        due = regime.interval_for(len(dates) + 1).after(held, calendar)
    return dates


def change(
    rng: random.Random, current: Episode, day: dt.date, *, ls: str | None, place: str | None
) -> Episode:
    """End ``current`` on ``day`` ('X1') and start the next episode: a new legal status ('L'),
    a new placement ('P', with the reason for the change) or both ('U')."""
    current.dec, current.rec = day, "X1"
    if place is not None:
        current.reason_change = rng.choice(REASONS_FOR_CHANGE)
    rne = "U" if ls is not None and place is not None else ("L" if ls is not None else "P")
    return Episode(day, rne, ls or current.ls, place or current.place)


def other_placement(rng: random.Random, place: str, choices: tuple[str, ...]) -> str:
    return rng.choice([p for p in choices if p != place])


def make_period(rng: random.Random, child: Child, start: dt.date) -> dt.date | None:
    """One period of care from ``start``: its episodes and reviews; the day it ended (None if
    open at the end of the data)."""
    length = int(rng.expovariate(1 / 700)) + 10
    end: dt.date | None = start + dt.timedelta(days=length)
    if end is not None and end > DATA_END:
        end = None
    last_day = end or DATA_END
    ls = rng.choices(["C1", "C2", "V2"], weights=[40, 30, 30])[0]
    episode = Episode(start, "S", ls, rng.choice(PLACEMENTS))
    child.episodes.append(episode)
    days = (last_day - start).days
    adopted = child.age_on(start) < 6 and days > 400 and rng.random() < 0.35
    # Changes of legal status or placement (before any placement order, for a child adopted).
    window = min(days, 100) if adopted else days
    how_many = min(rng.choice([0, 1, 1, 2, 3]), window - 1)
    events = sorted(rng.sample(range(1, max(window, 2)), k=max(how_many, 0)))
    for offset in events:
        day = start + dt.timedelta(days=offset)
        if day <= episode.decom:
            continue
        if episode.ls in ("C1", "V2") and rng.random() < 0.6:
            episode = change(rng, episode, day, ls="C2", place=None)  # a care order is made
        else:
            place = other_placement(rng, episode.place, PLACEMENTS)
            episode = change(rng, episode, day, ls=None, place=place)
        child.episodes.append(episode)
    stretches = [(start, ENGLAND_2010)]
    if adopted:
        end, episode = place_for_adoption(rng, child, episode, (start, last_day), stretches)
    elif end is not None:
        episode.dec, episode.rec = end, rng.choice(ENDINGS)
    for (since, regime), following in zip(stretches, [*stretches[1:], None], strict=True):
        until = (following[0] - dt.timedelta(days=1)) if following else (end or DATA_END)
        for day in review_dates(rng, since, until, regime):
            child.reviews.append((day, code_for(rng, child, day)))
    return end


def place_for_adoption(
    rng: random.Random,
    child: Child,
    episode: Episode,
    period: tuple[dt.date, dt.date],
    stretches: list[tuple[dt.date, Regime]],
) -> tuple[dt.date | None, Episode]:
    """A placement order (legal status E1), a foster placement if the child is not in one, the
    placement for adoption (A4), then the adoption (REC E11), or, now and then, the placement
    ending with the child still looked after."""
    start, last_day = period
    order = start + dt.timedelta(days=rng.randrange(120, 250))
    if order <= episode.decom:
        order = episode.decom + dt.timedelta(days=30)
    place = None if episode.place in FOSTER else rng.choice(FOSTER)
    episode = change(rng, episode, order, ls="E1", place=place)
    child.episodes.append(episode)
    placed = order + dt.timedelta(days=rng.randrange(60, 150))
    episode = change(rng, episode, placed, ls=None, place="A4")
    child.episodes.append(episode)
    stretches.append((placed, ENGLAND_ADOPTION_PLACEMENT_2005))
    ends = placed + dt.timedelta(days=rng.randrange(150, 420))
    if ends > last_day:
        return None, episode
    if rng.random() < 0.2:  # the placement ends; the child stays looked after
        episode = change(rng, episode, ends, ls=None, place=rng.choice(FOSTER))
        child.episodes.append(episode)
        stretches.append((ends, ENGLAND_2010))
        return None, episode
    episode.dec, episode.rec = ends, "E11"
    return ends, episode


def make_short_breaks(rng: random.Random, child: Child, start: dt.date) -> None:
    """A series of short breaks (V3): each break an episode of its own, with no review rows."""
    day = start
    stop = min(start + dt.timedelta(days=rng.randrange(200, 900)), DATA_END)
    place = rng.choice(("U3", "U6"))
    while day < stop:
        length = rng.randrange(1, 6)
        ends = day + dt.timedelta(days=length)
        child.episodes.append(Episode(day, "S", "V3", place, ends, "E13"))
        day += dt.timedelta(days=rng.randrange(14, 40))


def make_children(rng: random.Random) -> list[Child]:
    children = []
    for number in range(300):
        # Born so that every child is under 18 at the end of the data (none leaves care at 18).
        dob = DATA_END - dt.timedelta(days=rng.randrange(200, 17 * 365))
        child = Child(str(100000 + number * 7), dob, rng.choice("12"))
        earliest = max(dt.date(2018, 1, 1), dob + dt.timedelta(days=1))
        start = earliest + dt.timedelta(days=rng.randrange(0, (DATA_END - earliest).days - 30))
        if rng.random() < 0.06:
            make_short_breaks(rng, child, start)
        else:
            end = make_period(rng, child, start)
            if end is not None and child.episodes[-1].rec != "E11" and rng.random() < 0.25:
                again = end + dt.timedelta(days=rng.randrange(20, 400))
                if again < DATA_END - dt.timedelta(days=30):
                    make_period(rng, child, again)  # re-entry to care
        children.append(child)
    return children


def in_year(day: dt.date, year: int) -> bool:
    return dt.date(year - 1, 4, 1) <= day <= dt.date(year, 3, 31)


def write(name: str, columns: list[str], rows: list[list[str]], *, crlf: bool = False) -> None:
    with open(OUT / name, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n" if crlf else "\n")
        writer.writerow(columns)
        writer.writerows(rows)


def episode_row(child: Child, episode: Episode, year: int) -> list[str]:
    """The episode as the year's return holds it: a DEC after the year's end is not yet known."""
    closed = episode.dec is not None and episode.dec <= dt.date(year, 3, 31)
    short_break = episode.ls in ("V3", "V4")
    return [
        child.id,
        d(episode.decom),
        episode.rne,
        episode.ls,
        "N1",
        episode.place,
        "PR1",
        d(episode.dec) if closed else "",
        episode.rec if closed else "",
        episode.reason_change if closed else "",
        "" if short_break else "AB1 2CD",
        "" if short_break else "EF3 4GH",
        "" if short_break or episode.place in NO_URN else "SC123456",
    ]


def header_row(child: Child, episodes: list[Episode], year: int) -> list[str]:
    sex = child.sex
    if year >= SEX_AS_LETTERS_FROM:
        sex = {"1": "M", "2": "F"}[sex]
    # Whether the child is a mother: asked of girls looked after other than on short breaks.
    asked = child.sex == "2" and any(e.ls not in ("V3", "V4") for e in episodes)
    return [child.id, sex, d(child.dob), "WBRI", "", "0" if asked else "", ""]


def main() -> None:
    rng = random.Random(SEED)
    england_calendar()
    children = make_children(rng)
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.csv"):
        old.unlink()
    broken: list[list[str]] = []
    for year in YEARS:
        start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
        episodes, reviews, header = [], [], []
        for child in children:
            mine = [
                e for e in child.episodes if e.decom <= end and (e.dec is None or e.dec >= start)
            ]
            if not mine:
                continue
            header.append(header_row(child, mine, year))
            episodes.extend(episode_row(child, e, year) for e in mine)
            reviews.extend(
                [child.id, d(child.dob), d(day), code]
                for day, code in child.reviews
                if in_year(day, year)
            )
        broken.extend(add_malformed(rng, year, episodes, reviews, children))
        write(f"ssda903_{year}_header.csv", list(HEADER_COLUMNS), header)
        write(f"ssda903_{year}_episodes.csv", list(EPISODE_COLUMNS), episodes)
        write(
            f"ssda903_{year}_reviews.csv",
            list(REVIEW_COLUMNS),
            reviews,
            crlf=year == YEARS[-1],
        )
    write_case_system_export()
    write_manifest(broken)
    print(f"wrote {OUT}")


def add_malformed(
    rng: random.Random,
    year: int,
    episodes: list[list[str]],
    reviews: list[list[str]],
    children: list[Child],
) -> list[list[str]]:
    """A few rows of the kinds real exports contain; returns their manifest rows (file, line,
    child, field, the DfE rules they break, what is wrong)."""
    found: list[list[str]] = []

    def review(row: list[str], field: str, rules: str, why: str) -> None:
        reviews.append(row)
        line = str(len(reviews) + 1)
        found.append([f"ssda903_{year}_reviews.csv", line, row[0], field, rules, why])

    in_the_year = {row[0] for row in episodes}
    some = rng.choice([c for c in children if c.reviews and c.id in in_the_year])
    if year == 2023:
        review([some.id, d(some.dob), "31/02/2023", "PN1"], "REVIEW", "166", "no such date")
        review(["", "01/01/2010", "14/06/2022", "PN1"], "CHILD", "INT08 1012", "blank child")
        review(
            [some.id, d(some.dob), "03/03/2017", "PN5"],
            "REVIEW",
            "",
            "a review outside any period of care (before the child's first)",
        )
    if year == 2024:
        if reviews:
            review(list(reviews[-1]), "REVIEW", "", "the row before it, twice")
        review(
            [some.id, d(some.dob), " 2023-11-02 ", "PN9"],
            "REVIEW_CODE",
            "166 167",
            "an ISO date with stray spaces, and an unknown REVIEW_CODE",
        )
    if year == 2025:
        review(
            ["999999", "01/01/2012", "10/10/2024", "PN1"],
            "CHILD",
            "INT08 1012",
            "a child with no episodes and no header row",
        )
        episodes.append(
            ["999998", "31/13/2024", "S", "C2", "N1", "U6", "PR1", "", "", "", "", "", ""]
        )
        found.append(
            [
                f"ssda903_{year}_episodes.csv",
                str(len(episodes) + 1),
                "999998",
                "DECOM",
                "141 INT03 392b",
                "no such date, for a child with no header row (and no postcodes)",
            ]
        )
    return found


def write_manifest(broken: list[list[str]]) -> None:
    """MANIFEST.tsv: the rows broken on purpose, each with the DfE validator rules it breaks."""
    with open(OUT / "MANIFEST.tsv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["file", "line", "child", "field", "dfe_rules", "what is wrong"])
        writer.writerows(broken)


def write_case_system_export() -> None:
    """The plain format: one row per meeting, with reviews held over several meetings."""
    cal = england_calendar()
    rows: list[list[str]] = []

    def period(
        child: str,
        start: dt.date,
        end: dt.date | None,
        reviews: list[tuple[str, list[dt.date], str]],
    ) -> None:
        for review_id, meetings, kind in reviews:
            for meeting in meetings:
                rows.append(
                    [
                        child,
                        start.isoformat(),
                        end.isoformat() if end else "",
                        review_id,
                        meeting.isoformat(),
                        kind,
                    ]
                )

    start = dt.date(2024, 1, 8)
    first = first_review_due(start)
    # The worked example: first meeting on time, last meeting after the due date.
    second_due = add_months(first, 3)
    period(
        "CS-001",
        start,
        None,
        [
            ("CS-001-R1", [first], "review"),
            (
                "CS-001-R2",
                [second_due - dt.timedelta(days=2), second_due + dt.timedelta(days=12)],
                "review",
            ),
            ("CS-001-M1", [second_due + dt.timedelta(days=80)], "midway review"),
        ],
    )
    # An adjournment of more than 20 working days: counted from the last meeting, late.
    start = dt.date(2023, 9, 4)
    first = first_review_due(start)
    period(
        "CS-002",
        start,
        None,
        [
            (
                "CS-002-R1",
                [first - dt.timedelta(days=3), cal.add_working_days(first, 25)],
                "review",
            ),
        ],
    )
    # A review brought forward at the IRO's request restarts the clock.
    start = dt.date(2024, 2, 5)
    first = first_review_due(start)
    period(
        "CS-003",
        start,
        dt.date(2025, 2, 28),
        [
            ("CS-003-R1", [first], "review"),
            ("CS-003-R2", [first + dt.timedelta(days=30)], "brought forward"),
            ("CS-003-R3", [add_months(first + dt.timedelta(days=30), 6)], "review"),
        ],
    )
    # Three meetings within 20 working days, and a review missed afterwards.
    start = dt.date(2024, 4, 15)
    first = first_review_due(start)
    period(
        "CS-004",
        start,
        None,
        [
            (
                "CS-004-R1",
                [
                    first - dt.timedelta(days=6),
                    first - dt.timedelta(days=1),
                    cal.add_working_days(first, 10),
                ],
                "review",
            ),
        ],
    )
    write(
        "case_system_meetings.csv",
        ["child", "period_start", "period_end", "review_id", "meeting_date", "kind"],
        rows,
    )


if __name__ == "__main__":
    main()

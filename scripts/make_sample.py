"""Generate the bundled synthetic sample: four years of SSDA903 files and a case-system export.

Run from the repository root:  python scripts/make_sample.py
It writes src/iro_schedule/data/sample/ deterministically (fixed seed), so re-running it
reproduces the same files. No real children: every value is made up.

What it contains, on purpose:
- about 300 children over the collection years 2021-22 to 2024-25, entering care from 2018 on
  (so some periods began before the data and are "not assessable"); re-entries to care;
- reviews held mostly on time, some late, some brought forward, some missed (overdue);
- children on a series of short breaks (legal status V3), reviewed under reg. 48;
- malformed rows: an impossible date, a blank child, an unknown REVIEW_CODE, a review outside
  any period of care, a repeated row, an ISO date and stray spaces;
- case_system_meetings.csv (the plain format): reviews held over several meetings, adjourned
  reviews, a brought-forward review and a midway meeting that is not a statutory review.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from iro_schedule import ENGLAND_SHORT_BREAKS_2010, add_months, england_calendar, first_review_due
from iro_schedule.records import EPISODE_COLUMNS, HEADER_COLUMNS, REVIEW_COLUMNS

SEED = 20250331
OUT = Path(__file__).resolve().parents[1] / "src" / "iro_schedule" / "data" / "sample"
YEARS = (2022, 2023, 2024, 2025)  # collection years, each ending 31 March
DATA_START = dt.date(YEARS[0] - 1, 4, 1)
DATA_END = dt.date(YEARS[-1], 3, 31)


def d(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


class Child:
    def __init__(self, rng: random.Random, number: int) -> None:
        self.id = str(100000 + number * 7)
        self.dob = dt.date(2004, 1, 1) + dt.timedelta(days=rng.randrange(0, 18 * 365))
        self.sex = rng.choice("12")
        self.episodes: list[dict[str, str | dt.date | None]] = []
        self.reviews: list[tuple[dt.date, str]] = []


def code_for(rng: random.Random, child: Child, day: dt.date) -> str:
    age = day.year - child.dob.year - ((day.month, day.day) < (child.dob.month, child.dob.day))
    if age < 4:
        return "PN0"
    return rng.choices(
        ["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"], weights=[40, 12, 3, 5, 18, 14, 8]
    )[0]


def review_dates(
    rng: random.Random, start: dt.date, end: dt.date | None, short_breaks: bool
) -> list[dt.date]:
    """Reviews following the statutory cadence: mostly on time, some late, early or missed."""
    stop = min(end or DATA_END, DATA_END)
    dates: list[dt.date] = []
    regime = ENGLAND_SHORT_BREAKS_2010 if short_breaks else None
    due = first_review_due(start, regime=regime)
    while True:
        roll = rng.random()
        if roll < 0.02 and dates:
            break  # the reviews stop: the next one becomes overdue (or the child left)
        if roll < 0.08:
            held = due + dt.timedelta(days=rng.randrange(1, 45))  # late
        elif roll < 0.12 and dates:
            held = dates[-1] + dt.timedelta(days=rng.randrange(20, 60))  # brought forward
        else:
            held = due - dt.timedelta(days=rng.randrange(0, 21))
        held = max(held, (dates[-1] if dates else start) + dt.timedelta(days=1))
        if held > stop:
            break
        dates.append(held)
        months = 3 if len(dates) == 1 and not short_breaks else 6
        due = add_months(held, months)
    return dates


def make_period(rng: random.Random, child: Child, start: dt.date) -> dt.date | None:
    """Episodes of one period of care from ``start``; returns the day it ended (None if open)."""
    length = int(rng.expovariate(1 / 700)) + 10
    end: dt.date | None = start + dt.timedelta(days=length)
    if end is not None and end > DATA_END:
        end = None
    moves = rng.choices([0, 1, 2, 3], weights=[50, 30, 15, 5])[0]
    span_end = end or DATA_END
    cuts = sorted(
        {
            start + dt.timedelta(days=rng.randrange(1, max(2, (span_end - start).days)))
            for _ in range(moves)
        }
    )
    bounds = [start, *[c for c in cuts if start < c < span_end]]
    legal = rng.choice(["C2", "C2", "C2", "V2", "J2", "E1"])
    for i, decom in enumerate(bounds):
        last = i == len(bounds) - 1
        dec = end if last else bounds[i + 1]
        child.episodes.append(
            {
                "DECOM": decom,
                "RNE": "S" if i == 0 else rng.choice("PLT"),
                "LS": legal,
                "DEC": dec,
                "REC": (rng.choice(["E11", "E12", "E13", "E4A", "E41"]) if dec else "")
                if last
                else "X1",
                "PLACE": rng.choice(["U1", "U4", "U5", "U6", "K2", "R1"]),
            }
        )
    for day in review_dates(rng, start, end, short_breaks=False):
        child.reviews.append((day, code_for(rng, child, day)))
    return end


def make_short_breaks(rng: random.Random, child: Child, start: dt.date) -> None:
    day = start
    stop = min(start + dt.timedelta(days=rng.randrange(200, 900)), DATA_END)
    while day < stop:
        length = rng.randrange(1, 6)
        child.episodes.append(
            {
                "DECOM": day,
                "RNE": "S",
                "LS": "V3",
                "DEC": day + dt.timedelta(days=length),
                "REC": "E13",
                "PLACE": "U1",
            }
        )
        day += dt.timedelta(days=rng.randrange(14, 40))
    for review in review_dates(rng, start, stop, short_breaks=True):
        child.reviews.append((review, code_for(rng, child, review)))


def make_children(rng: random.Random) -> list[Child]:
    children = []
    for number in range(300):
        child = Child(rng, number)
        start = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(0, 7 * 365 - 60))
        start = max(start, child.dob + dt.timedelta(days=1))
        if rng.random() < 0.06:
            make_short_breaks(rng, child, start)
        else:
            end = make_period(rng, child, start)
            if end is not None and rng.random() < 0.25:
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


def episode_row(
    rng: random.Random, child: Child, episode: dict[str, str | dt.date | None], year: int
) -> list[str]:
    year_end = dt.date(year, 3, 31)
    dec = episode["DEC"]
    closed = isinstance(dec, dt.date) and dec <= year_end
    decom = episode["DECOM"]
    assert isinstance(decom, dt.date)
    return [
        child.id,
        d(decom),
        str(episode["RNE"]),
        str(episode["LS"]),
        "N1",
        str(episode["PLACE"]),
        "PR1",
        d(dec) if closed and isinstance(dec, dt.date) else "",
        str(episode["REC"]) if closed else "",
        "",
        "AB1 2CD",
        "EF3 4GH",
        "SC123456",
    ]


def main() -> None:
    rng = random.Random(SEED)
    england_calendar()
    children = make_children(rng)
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.csv"):
        old.unlink()
    for year in YEARS:
        start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
        episodes, reviews, header = [], [], []
        for child in children:
            mine = [
                e
                for e in child.episodes
                if e["DECOM"] <= end and (e["DEC"] is None or e["DEC"] >= start)
            ]  # type: ignore[operator]
            if not mine:
                continue
            header.append([child.id, child.sex, d(child.dob), "WBRI", "", "", ""])
            episodes.extend(episode_row(rng, child, e, year) for e in mine)
            reviews.extend(
                [child.id, d(child.dob), d(day), code]
                for day, code in child.reviews
                if in_year(day, year)
            )
        add_malformed(rng, year, episodes, reviews, children)
        write(
            f"ssda903_{year}_header.csv",
            list(HEADER_COLUMNS),
            header,
        )
        write(f"ssda903_{year}_episodes.csv", list(EPISODE_COLUMNS), episodes)
        write(
            f"ssda903_{year}_reviews.csv",
            list(REVIEW_COLUMNS),
            reviews,
            crlf=year == YEARS[-1],
        )
    write_case_system_export()
    print(f"wrote {OUT}")


def add_malformed(
    rng: random.Random,
    year: int,
    episodes: list[list[str]],
    reviews: list[list[str]],
    children: list[Child],
) -> None:
    """A few rows of the kinds real exports contain."""
    some = rng.choice([c for c in children if c.reviews])
    if year == 2023:
        reviews.append([some.id, d(some.dob), "31/02/2023", "PN1"])  # no such date
        reviews.append(["", "01/01/2010", "14/06/2022", "PN1"])  # blank child
        reviews.append([some.id, d(some.dob), "03/03/2017", "PN5"])  # outside any period
    if year == 2024:
        if reviews:
            reviews.append(list(reviews[-1]))  # the same row twice
        reviews.append([some.id, d(some.dob), " 2023-11-02 ", "PN9"])  # ISO date, bad code
    if year == 2025:
        reviews.append(["999999", "01/01/2012", "10/10/2024", "PN1"])  # child with no episodes
        episodes.append(
            ["999998", "31/13/2024", "S", "C2", "N1", "U1", "PR1", "", "", "", "", "", ""]
        )


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

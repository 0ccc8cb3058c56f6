"""A synthetic national SSDA903 dataset: ten collection years of Header, Episodes and Reviews
files, as the DfE holds every council's returns (fixed seed; used by bench_national.py).

Each child has one or more periods of care (about 1.6 on average), each of one to three
episodes (placement changes), with about 11 reviews a child over the decade; some reviews are
held late, so some are overdue at a year's end. Every episode open in a collection year is in
that year's Episodes table (its DEC blank while it was still open at the year's end), every
review in the Reviews table of the year it was held in, every child of a year in its Header.

So that the floor (``floor_national.py``) can compute every figure with array operations and
no policy questions, the data is clean: every period of care begins inside the ten years, no
review is missed (a period ends, and the data ends, before its next review falls due), no
short breaks or adoption placements, no bad cells. The floor checks these assumptions.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

FIRST_YEAR, LAST_YEAR = 2017, 2026  # collection years, named by the year they end in
WINDOW_START = dt.date(FIRST_YEAR - 1, 4, 1)
AS_OF = dt.date(LAST_YEAR, 3, 31)
HEADER = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
EPISODES = (
    "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
    "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
)  # fmt: skip
REVIEWS = ("CHILD", "DOB", "REVIEW", "REVIEW_CODE")
#: The fewest calendar days before each review can fall due: 20 working days are at least 26
#: calendar days (from a Sunday: Monday is the first, the Friday three weeks on the 20th);
#: 3 months at least 89; 6 months at least 181.
_LEAST_WAIT = {1: 26, 2: 89}
_LEAST_WAIT_LATER = 181


def _fmt(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _year_of(day: dt.date) -> int:
    return day.year + 1 if day.month >= 4 else day.year


def _age(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def _reviews(rng: random.Random, start: dt.date, end: dt.date | None) -> tuple[list[dt.date], dt.date | None]:  # fmt: skip  # noqa: E501
    """A period's review dates, and its end moved (or set) so no review is ever missed."""
    held: list[dt.date] = []
    anchor = start
    while True:
        number = len(held) + 1
        gap = {1: rng.randrange(8, 30), 2: rng.randrange(60, 94)}.get(
            number, rng.randrange(140, 187)
        )
        day = anchor + dt.timedelta(days=gap)
        horizon = AS_OF if end is None else end
        if day > horizon:
            least_due = anchor + dt.timedelta(days=_LEAST_WAIT.get(number, _LEAST_WAIT_LATER))
            if least_due <= horizon:  # it would fall due unheld: end the period before then
                end = min(horizon, anchor + dt.timedelta(days=rng.randrange(1, 25)))
            return held, end
        held.append(day)
        anchor = day


def _episodes(rng: random.Random, start: dt.date, end: dt.date | None) -> list[tuple[dt.date, dt.date | None, str, str]]:  # fmt: skip  # noqa: E501
    """(DECOM, DEC, RNE, REC) of a period's episodes: the first S, placement changes P (each
    ending with REC X1, the period going on); the last ends the period (REC E8) or is open."""
    last = AS_OF if end is None else end
    days = (last - start).days
    changes = sorted({rng.randrange(1, days) for _ in range(rng.choice((0, 0, 1, 2)))}) if days > 2 else []  # fmt: skip  # noqa: E501
    bounds = [start, *(start + dt.timedelta(days=d) for d in changes)]
    out = []
    for i, decom in enumerate(bounds):
        dec = bounds[i + 1] if i + 1 < len(bounds) else end
        rec = "" if dec is None else "X1" if i + 1 < len(bounds) else "E8"
        out.append((decom, dec, "S" if i == 0 else "P", rec))
    return out


def generate(folder: Path, children: int, seed: int = 180_000) -> dict[str, int]:
    """Write the dataset into ``folder``; return counts of children, periods, episodes, reviews."""
    rng = random.Random(seed)
    header: dict[int, list[tuple[str, ...]]] = {y: [] for y in range(FIRST_YEAR, LAST_YEAR + 1)}
    episodes: dict[int, list[tuple[str, ...]]] = {y: [] for y in header}
    reviews: dict[int, list[tuple[str, ...]]] = {y: [] for y in header}
    counts = {"children": children, "periods": 0, "episodes": 0, "reviews": 0}
    span = (AS_OF - WINDOW_START).days
    for number in range(children):
        child = str(2_000_000 + number)
        start = WINDOW_START + dt.timedelta(days=min(rng.randrange(0, span - 30) for _ in "ab"))
        dob = start - dt.timedelta(days=rng.randrange(30, 6200))
        leaves = dt.date(dob.year + 18, dob.month, min(dob.day, 28))  # by the 18th birthday
        years_in: set[int] = set()
        while start <= AS_OF and start < leaves:
            length = int(rng.expovariate(1 / 2000)) + 1
            end = min(start + dt.timedelta(days=length), leaves)
            held, end = _reviews(rng, start, None if end > AS_OF else end)
            counts["periods"] += 1
            for decom, dec, rne, rec in _episodes(rng, start, end):
                counts["episodes"] += 1
                for year in range(_year_of(decom), _year_of(dec or AS_OF) + 1):
                    shown = dec if dec is not None and _year_of(dec) <= year else None
                    episodes[year].append(
                        (child, _fmt(decom), rne, "C2", "N1", "U1", "PR1",
                         "" if shown is None else _fmt(shown), "" if shown is None else rec,
                         "", "", "", "")
                    )  # fmt: skip
                    years_in.add(year)
            for day in held:
                code = "PN0" if _age(dob, day) < 4 else rng.choice(("PN1", "PN3", "PN7", "PN1"))
                reviews[_year_of(day)].append((child, _fmt(dob), _fmt(day), code))
                counts["reviews"] += 1
            if end is None or rng.random() < 0.3:
                break
            start = end + dt.timedelta(days=rng.randrange(20, 300))
        for year in years_in:
            header[year].append((child, rng.choice("12"), _fmt(dob), "WBRI", "", "", ""))
    for year, children_of_year in header.items():
        for kind, columns, rows in (
            ("header", HEADER, children_of_year),
            ("episodes", EPISODES, episodes[year]),
            ("reviews", REVIEWS, reviews[year]),
        ):
            with open(folder / f"ssda903_{year}_{kind}.csv", "w", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(columns)
                writer.writerows(rows)
    return counts

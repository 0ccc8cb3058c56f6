"""Run the DfE's own SSDA903 validator over the bundled sample, one collection year at a time.

Run in a virtual environment of its own (the validator pins older pandas and numpy):

    python -m venv .venv-dfe && .venv-dfe/bin/pip install -r scripts/dfe-validator.txt
    .venv-dfe/bin/python scripts/check_sample_dfe.py src/iro_schedule/data/sample

Each year is checked against that year's ruleset, with the year before as "last year". It fails
(exit 1) on any rule failure that is neither on the allow-list below (rules a made-up sample
cannot pass: its postcodes and pupil numbers are not real) nor a row broken on purpose and listed,
with the rules it breaks, in the sample's MANIFEST.tsv. It does not import iro_schedule.
"""

from __future__ import annotations

import csv
import importlib
import logging
import sys
from pathlib import Path

from lac_validator import lac_validator
from lac_validator.report import Report
from lac_validator.utils import process_uploaded_files

#: Rules the synthetic sample cannot pass, and why (every collection year).
SYNTHETIC_IDENTIFIERS = {
    "392c": "the postcodes are made up, so they are not valid postcodes",
    "169": "the local authority of placement is looked up from the made-up postcodes",
    "179": "the placement location is looked up from the made-up postcodes",
    "1015": "whether a placement is in the council's own area is judged from the postcodes",
    "442": "the sample has no pupil numbers (UPN): real ones would identify children",
}
#: Rules allowed in one collection year only, and why.
ALLOWED_IN_YEAR = {
    (2025, "202"): (
        "SEX is coded M/F from 2024-25 and 1/2 before; the rule compares this year's code with "
        "last year's as text, so every child in both years differs"
    ),
}
FIRST_RULESET = 2023  # the validator's oldest ruleset, lac2022_23, checks 2021-22 too
TABLE_FILES = {"Header": "header", "Episodes": "episodes", "Reviews": "reviews"}


def ruleset(year: int) -> str:
    year = max(year, FIRST_RULESET)
    return f"lac_validator.rules.lac{year - 1}_{year % 100:02d}"


def failures(folder: Path, year: int) -> list[tuple[str, int, str, str]]:
    """(file, line, rule, description) of every failure in one collection year's tables."""
    this = sorted(folder.glob(f"*_{year}_*.csv"))
    last = sorted(folder.glob(f"*_{year - 1}_*.csv"))
    files = process_uploaded_files(
        {
            "This year": [str(p) for p in this],
            **({"Prev year": [str(p) for p in last]} if last else {}),
        }
    )
    registry = importlib.import_module(ruleset(year)).registry
    validator = lac_validator.LacValidator(
        metadata={"collectionYear": str(year), "localAuthority": "E09000027"},
        files=files,
        registry=registry,
    )
    report = Report(validator.ds_results, registry)
    issues = lac_validator.create_issue_df(report.report, report.error_report)
    found = set()
    for table, row, rule, text in zip(
        issues["tables_affected"],
        issues["row_id"],
        issues["rule_code"],
        issues["rule_description"],
        strict=True,
    ):
        name = f"ssda903_{year}_{TABLE_FILES.get(table, table)}.csv"
        found.add((name, int(row) + 2, str(rule), str(text)))  # line 1 is the header
    return sorted(found)


def manifest(folder: Path) -> set[tuple[str, int, str]]:
    """(file, line, rule) of every failure the sample makes on purpose."""
    with (folder / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {(r["file"], int(r["line"]), rule) for r in rows for rule in r["dfe_rules"].split()}


def main(folder: Path) -> int:
    logging.disable(logging.CRITICAL)  # the validator logs every rule it runs or cannot run
    meant = manifest(folder)
    years = sorted({int(p.name.split("_")[1]) for p in folder.glob("ssda903_*_*.csv")})
    unexplained, flagged = [], set()
    for year in years:
        found = failures(folder, year)
        flagged.update((name, line, rule) for name, line, rule, _ in found)
        allowed = [f for f in found if _allowed(year, f[2])]
        on_purpose = [f for f in found if f[:3] in meant]
        rest = [f for f in found if f not in allowed and f not in on_purpose]
        print(
            f"{year - 1}-{year % 100:02d}: {len(found)} failures: {len(allowed)} on the "
            f"allow-list, {len(on_purpose)} in rows broken on purpose, {len(rest)} unexplained"
        )
        unexplained.extend(rest)
    for name, line, rule, text in unexplained:
        print(f"  {name} line {line}: rule {rule}: {text}")
    for name, line, rule in sorted(meant - flagged):
        print(f"  MANIFEST.tsv: rule {rule} at {name} line {line} was not flagged")
    return 1 if unexplained or meant - flagged else 0


def _allowed(year: int, rule: str) -> bool:
    return rule in SYNTHETIC_IDENTIFIERS or (year, rule) in ALLOWED_IN_YEAR


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("src/iro_schedule/data/sample")))

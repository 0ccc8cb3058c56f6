"""Reading a validation run's input: SSDA903 files, plain-format files, or both, by content."""

from __future__ import annotations

import itertools
import os
from collections.abc import Collection, Mapping, Sequence
from importlib import resources
from pathlib import Path

from .._memory import paused_gc
from .plain import PLAIN_COLUMNS, read_plain
from .rows import CarePeriod, InputProblem, Inputs, Labels, ReviewColumns
from .ssda903 import columnar_from, read_903
from .tables import (
    FOLDER_INSIDE,
    Sheet,
    TableStream,
    open_table,
    read_table,
    table_sources,
)

__all__ = ["read_records", "sample_data"]


def sample_data() -> Path:
    """The folder of the bundled synthetic sample: SSDA903 files for 2022-2025 (Header,
    Episodes, Reviews) and a plain-format case-system export. Made by ``scripts/make_sample.py``.

    >>> sorted(p.name for p in sample_data().glob("ssda903_2025_*.csv"))
    ['ssda903_2025_episodes.csv', 'ssda903_2025_header.csv', 'ssda903_2025_reviews.csv']
    """
    return Path(str(resources.files("iro_schedule") / "data" / "sample"))


def _is_plain(
    path: Path | TableStream | Sheet, header: Collection[str], data: Mapping[str, bytes]
) -> bool:
    """Whether the file's header (found among its first lines, as its reader finds it) names
    the plain format's meeting-date column (the first of ``header``)."""
    if isinstance(path, TableStream):
        return next(iter(header)) in path.columns
    if isinstance(path, Sheet):  # a sheet of a workbook
        return next(iter(header)) in open_table(path, header=header).columns
    # (Only the first lines are read, more than the header is looked for in: how many, and
    # reading them at all rather than the whole file, change nothing found, so those lines are
    # marked not to be mutated.)
    if str(path) in data:
        head = b"\n".join(data[str(path)].splitlines()[:12])  # pragma: no mutate
    elif path.suffix.lower() != ".csv" or not path.is_file():
        return False  # a folder, a device or a workbook: the SSDA903 reader names it
    else:
        try:
            with open(path, "rb") as handle:
                head = b"".join(itertools.islice(handle, 12))  # pragma: no mutate
        except OSError:
            return False  # the SSDA903 reader says what is wrong with it
    try:
        columns = read_table(path, data=head, header=header).columns
    except ValueError:  # an UnreadableFileError too: the SSDA903 reader says what is wrong
        return False
    return next(iter(header)) in columns


def read_records(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    columns: Mapping[str, str] | None = None,
    kinds: Mapping[str, str] | None = None,
    judge_short_breaks: bool = False,
    data: Mapping[str, bytes] | None = None,
    keep: Sequence[str] = (),
    engine: str = "auto",
) -> Inputs:
    """Read CSV files (or directories of them), each as SSDA903 or as the plain format.

    A file with a meeting-date column (``meeting_date``, or the name ``columns`` maps it to) is
    read as the plain format (``kinds`` adds words for its kinds of meeting, see
    :func:`read_plain`); any other as an SSDA903 table (``judge_short_breaks``, see
    :func:`read_903`). ``data`` gives the bytes of sources by name, read instead of files (the
    command line reads standard input as ``-`` this way). ``keep`` names columns of the
    caller's own to keep as :class:`Labels` (a team, an IRO: see :func:`read_plain` and
    :func:`read_903`), for figures by group. ``engine`` says how SSDA903 tables are split into
    rows (see :func:`read_903`: every engine gives the same :class:`Inputs`).
    """
    columnar_from(engine)  # an engine not known refused, whatever the files
    with paused_gc():
        return _read_records(
            paths, columns, kinds, judge_short_breaks, data or {}, keep=keep, engine=engine
        )


def _read_records(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    columns: Mapping[str, str] | None,
    kinds: Mapping[str, str] | None,
    judge_short_breaks: bool,
    data: Mapping[str, bytes],
    *,
    keep: Sequence[str],
    engine: str,
) -> Inputs:
    names = {name: name for name in PLAIN_COLUMNS} | dict(columns or {})
    # The meeting date's column first, as the columns read name it (in capitals); the header
    # line itself is looked for whatever the case.
    header = [names["meeting_date"].strip().upper(), *(n.strip() for n in names.values())]
    entries = table_sources(paths)
    nested = [  # a folder in a folder given: named, not read
        f for f in entries if isinstance(f, Path) and f.is_dir() and str(f) not in data
    ]
    files = [f for f in entries if f not in nested]
    plain = [f for f in files if _is_plain(f, header, data)]
    ssda903 = [f for f in files if f not in plain]
    parts = []
    if ssda903:
        parts.append(
            read_903(
                ssda903,
                data=data,
                judge_short_breaks=judge_short_breaks,
                keep=keep,
                engine=engine,
            )
        )
    if plain:
        parts.append(read_plain(plain, columns=columns, kinds=kinds, data=data, keep=keep))
    if nested:
        problems = tuple(InputProblem.of_file(str(f), FOLDER_INSIDE) for f in nested)
        parts.append(Inputs(reviews=(), problems=problems, sources=tuple(map(str, nested))))
    return merge(parts)


def _periods_of(parts: Sequence[Inputs]) -> dict[str, tuple[CarePeriod, ...]]:
    """Each child's periods of care from every part, in date order."""
    found: dict[str, list[CarePeriod]] = {}
    for part in parts:
        for child, periods in part.periods.items():
            found.setdefault(child, []).extend(periods)
    return {child: tuple(sorted(p, key=lambda q: q.start)) for child, p in found.items()}


def _labels_of(parts: Sequence[Inputs]) -> dict[str, Labels]:
    found: dict[str, Labels] = {}
    for part in parts:
        for name, labels in part.labels.items():
            found[name] = found[name].merged(labels) if name in found else labels
    return found


def merge(parts: Sequence[Inputs]) -> Inputs:
    """One :class:`Inputs` holding all of ``parts``."""
    if len(parts) == 1:
        return parts[0]
    return Inputs(
        reviews=ReviewColumns.concat(p.reviews for p in parts),
        problems=tuple(x for p in parts for x in p.problems),
        periods=_periods_of(parts),
        review_rows_read=sum(p.review_rows_read for p in parts),
        period_rows_read=sum(p.period_rows_read for p in parts),
        labels=_labels_of(parts),
        sources=tuple(s for p in parts for s in p.sources),
        years=tuple(sorted({y for p in parts for y in p.years})),
        undated_reviews=tuple(n for p in parts for n in p.undated_reviews),
    )

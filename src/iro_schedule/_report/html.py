"""The HTML report: one self-contained page a manager can read and a QA officer can work from.

No scripts and nothing fetched: the chart is inline SVG. In order: what the report covers (the
title, the day it was made, the window, the policy and the library's versions); a warning when
few of the rows read could be judged; the headline figures with the change on the year before;
the annual figures, sub-figures under the figure they belong to; the monthly chart and table;
the figures by group and the IROs' caseloads, when asked for; the case system's recorded due
dates checked against the law's, when the input gives them; then the late and overdue reviews,
latest first (as many as the context says, the rest in the CSV and the workbook), and the rows
that could not be used.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence

from .._validate.recorded_due import DueDateCheck, RecordedDues
from .._validate.rows import RowStatus
from .._validate.validation import Validation
from .._wording import day
from .context import ReportContext
from .figures import YearFigures
from .groups import Caseloads
from .writers import SUMMARY_LINES, fmt, problem_text

__all__ = ["to_html"]

#: Below this share of the review rows read judged, the report warns that the figures rest on
#: few of them.
JUDGED_SHARE_WARNING = 0.75
_MONTHS = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")
_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:78em}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em}
td.n{text-align:right}th{background:#f2f2f2}caption{text-align:left;font-weight:600}
tr.sub td:first-child{padding-left:2em;color:#555}td.out{background:#fde8e8}
.warning{border:2px solid #a40000;padding:.6em 1em;background:#fff4f4}
.headline{display:flex;gap:2em;margin:1em 0}.headline div{border:1px solid #ccc;padding:.6em 1em}
.headline b{font-size:1.6em;display:block}.meta{color:#444}
"""


def to_html(
    validation: Validation,
    figures: Sequence[YearFigures],
    notes: Sequence[str],
    context: ReportContext | None = None,
) -> str:
    """The report as one HTML page (see the module's description)."""
    context = context or ReportContext()
    heading = "Reviews of looked-after children: timeliness"
    title = f"{context.title}: {heading}" if context.title else heading
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        _about(notes, context),
        _warning(validation),
        _headline(figures),
        _figures_table(figures),
        "<h2>Month by month</h2>",
        _chart(figures, context.target),
        _monthly(figures),
        *(_groups(column, found) for column, found in context.groups.items()),
        *(_caseloads(column, found) for column, found in context.caseloads.items()),
        _recorded(context.recorded(validation), context.exceptions_shown),
        "<h2>Exceptions</h2>",
        _exceptions(validation, context.exceptions_shown),
        _unusable(validation),
        f'<p class="meta">{html.escape(validation.reconciliation())}</p>',
        "</body></html>\n",
    ]
    return "".join(parts)


def _about(notes: Sequence[str], context: ReportContext) -> str:
    made = [f"Made on {day(context.made_on)}."] if context.made_on else []
    items = "".join(f"<li>{html.escape(n)}</li>" for n in [*made, *notes])
    return f'<ul class="meta">{items}</ul>'


def _warning(validation: Validation) -> str:
    read = validation.review_rows_read
    judged = validation.count(RowStatus.ON_TIME, RowStatus.LATE)
    if not read or judged / read >= JUDGED_SHARE_WARNING:
        return ""
    share = round(100 * judged / read)
    return (
        f'<p class="warning">Only {judged:,} of the {read:,} review rows read ({share}%) could '
        "be judged: the figures rest on them alone. The reasons are listed under Exceptions.</p>"
    )


def _headline(figures: Sequence[YearFigures]) -> str:
    if not figures:
        return ""
    latest = figures[-1]
    before = figures[-2] if len(figures) > 1 else None

    def change(now: float | None, then: float | None) -> str:
        if now is None or then is None or before is None:
            return ""
        points = round(now - then, 1)
        word = "up" if points > 0 else "down" if points < 0 else "no change"
        size = f" {abs(points)} points" if points else ""
        return f"{word}{size} on {before.label}"

    boxes = [
        (
            "Reviews within timescale",
            f"{fmt(latest.percent_on_time)}%",
            change(latest.percent_on_time, before.percent_on_time if before else None),
        ),
        ("Reviews overdue at 31 March", str(latest.overdue_at_year_end), ""),
        (
            "Children with every review on time",
            f"{fmt(latest.percent_children_all_on_time)}%",
            change(
                latest.percent_children_all_on_time,
                before.percent_children_all_on_time if before else None,
            ),
        ),
    ]
    cells = "".join(
        f"<div>{html.escape(label)}<b>{html.escape(value)}</b>{html.escape(note)}</div>"
        for label, value, note in boxes
    )
    return f"<h2>{html.escape(latest.label)} at a glance</h2><div class=headline>{cells}</div>"


def _figures_table(figures: Sequence[YearFigures]) -> str:
    rows = [
        (label.startswith(" "), [label.strip(), *(fmt(value(f)) for f in figures)])
        for label, value in SUMMARY_LINES
    ]
    return _table(
        ["", *(f.label for f in figures)],
        rows,
        "Annual figures (reporting years from 1 April to 31 March)",
    )


def _monthly(figures: Sequence[YearFigures]) -> str:
    rows = [
        (
            False,
            [
                f.label,
                *(f"{fmt(m.percent_on_time)}% ({m.held})" if m.held else "-" for m in f.months),
            ],
        )
        for f in figures
    ]
    return _table(["Year", *_MONTHS], rows, "% of reviews within timescale (reviews judged)")


def _groups(column: str, found: dict[str, tuple[YearFigures, ...]] | object) -> str:
    assert isinstance(found, dict)
    latest = next(iter(found.values()))[-1].label if found else ""
    rows = []
    for group, figures in found.items():
        f = figures[-1]
        rows.append(
            (
                False,
                [
                    group,
                    f.held,
                    fmt(f.percent_on_time),
                    f.late,
                    f.overdue_at_year_end,
                    f.children_due,
                    fmt(f.percent_children_all_on_time),
                ],
            )
        )
    header = [
        column,
        "Reviews held",
        "% within timescale",
        "Late",
        "Overdue at year end",
        "Children with a review due",
        "% all within timescale",
    ]
    return f"<h2>By {html.escape(column)}</h2>" + _table(header, rows, f"{latest}")


def _caseloads(column: str, found: Caseloads) -> str:
    header = [column, *(d.strftime("%d/%m/%Y") for d in found.days)]
    body = []
    for iro, counts in found.by_iro.items():
        flags = found.outside(iro)
        cells = "".join(
            f'<td class="n{" out" if flag else ""}">{n}</td>'
            for n, flag in zip(counts, flags, strict=True)
        )
        body.append(f"<tr><td>{html.escape(iro)}</td>{cells}</tr>")
    caption = (
        f"Children in each {column}'s caseload (periods of care open); shaded: outside "
        f"{found.low} to {found.high}, the range for a full-time IRO"
    )
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    return (
        f"<h2>Caseloads by {html.escape(column)}</h2><table><caption>{html.escape(caption)}"
        f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _exceptions(validation: Validation, shown: int) -> str:
    late = validation.with_status(RowStatus.LATE, RowStatus.OVERDUE)
    late.sort(key=lambda r: (-(r.days_late or 0), r.child))
    rows = [
        (
            False,
            [
                r.child,
                r.status.value,
                r.due.strftime("%d/%m/%Y") if r.due else "",
                r.days_late or 0,
                r.reason,
            ],
        )
        for r in late[:shown]
    ]
    more = (
        f"; the {len(late) - shown:,} others are in the CSV and the workbook"
        if len(late) > shown
        else ""
    )
    caption = f"Late and overdue reviews ({len(late):,}), the latest first{more}"
    return _table(["Child", "Status", "Due", "Days late", "Explanation"], rows, caption)


def _recorded(found: RecordedDues, shown: int) -> str:
    """The case system's due dates checked: the summary, then those later than the law's."""
    if not found.rows:
        return ""
    lines = found.summary_lines()
    summary = "".join(f"<li>{html.escape(line.strip())}</li>" for line in lines[1:])
    later = [r for r in found.rows if r.check is DueDateCheck.LATER]
    later.sort(key=lambda r: (-(r.difference or 0), r.child))
    rows = [
        (
            False,
            [
                r.child,
                r.ordinal or "",
                r.recorded.strftime("%d/%m/%Y"),
                r.statutory.strftime("%d/%m/%Y") if r.statutory else "",
                r.difference or 0,
                r.explain(),
            ],
        )
        for r in later[:shown]
    ]
    more = f"; the {len(later) - shown:,} others are in the workbook" if len(later) > shown else ""
    caption = f"Recorded due dates later than the law's ({len(later):,}), most days first{more}"
    header = ["Child", "Review", "Recorded due", "Statutory due", "Days later", "Explanation"]
    return f"<h2>Recorded due dates</h2><ul>{summary}</ul>" + (
        _table(header, rows, caption) if rows else ""
    )


def _unusable(validation: Validation) -> str:
    invalid = validation.with_status(RowStatus.INVALID)
    rows = [
        (False, [r.child, r.reason.replace(os.path.dirname(r.source) + os.sep, "")])
        for r in invalid
    ]
    rows += [
        (False, [p.child, problem_text(p.source, p.line, p.field, p.reason)])
        for p in validation.problems
    ]
    return _table(["Child", "Reason"], rows, f"Rows that could not be used ({len(rows):,})")


def _chart(figures: Sequence[YearFigures], target: float | None) -> str:
    """An inline SVG line chart of the monthly % within timescale: months with no review
    judged are gaps in the line; ``target``, if given, is a dashed line."""
    months = [m for f in figures for m in f.months]
    width, height, left, top, bottom = 780, 290, 60, 15, 55
    plot_w, plot_h = width - left - 15, height - top - bottom
    step = plot_w / max(len(months) - 1, 1)

    def y(percent: float) -> float:
        return top + plot_h * (1 - percent / 100)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="monthly-chart" width="{width}" '
        f'height="{height}" role="img" aria-label="Monthly percentage of reviews within '
        'timescale">'
    ]
    for percent in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{left}" x2="{width - 15}" y1="{y(percent):.1f}" y2="{y(percent):.1f}" '
            f'stroke="#ddd"/><text x="{left - 6}" y="{y(percent) + 4:.1f}" font-size="11" '
            f'text-anchor="end">{percent}%</text>'
        )
    parts.append(
        f'<text x="14" y="{top + plot_h / 2:.0f}" font-size="12" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + plot_h / 2:.0f})">% within timescale</text>'
        f'<text x="{left + plot_w / 2:.0f}" y="{height - 6}" font-size="12" '
        'text-anchor="middle">Month the review was held (reporting years from April)</text>'
    )
    if target is not None:
        parts.append(
            f'<line x1="{left}" x2="{width - 15}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
            f'stroke="#a40000" stroke-dasharray="6 4"/><text x="{width - 17}" '
            f'y="{y(target) - 4:.1f}" font-size="11" text-anchor="end" fill="#a40000">'
            f"target {fmt(target)}%</text>"
        )
    run: list[tuple[float, float]] = []
    runs = [run]
    for i, m in enumerate(months):
        if m.percent_on_time is None:
            run = []
            runs.append(run)
            continue
        run.append((left + i * step, y(m.percent_on_time)))
    for points in runs:
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="#1f5fa8" stroke-width="2"/>'
            )
        parts.extend(
            f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="3" fill="#1f5fa8"/>' for x, yy in points
        )
    for i, m in enumerate(months):
        if m.month.month == 4:
            parts.append(
                f'<text x="{left + i * step:.1f}" y="{height - bottom + 16}" font-size="11">'
                f"Apr {m.month.year}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _table(
    header: Sequence[object], rows: Sequence[tuple[bool, Sequence[object]]], caption: str = ""
) -> str:
    """A table; a row marked True is a sub-figure of the one above it."""
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join(
        ('<tr class="sub">' if sub else "<tr>")
        + "".join(
            f'<td class="n">{html.escape(str(c))}</td>'
            if _numeric(c)
            else f"<td>{html.escape(str(c))}</td>"
            for c in row
        )
        + "</tr>"
        for sub, row in rows
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _numeric(cell: object) -> bool:
    text = str(cell)
    return text == "-" or text.lstrip("-").replace(".", "", 1).replace(",", "").isdigit()

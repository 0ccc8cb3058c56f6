"""Every sentence a verdict, a reason or a note says, and the library's two date styles.

- **Prose** (explanations, reasons, notes, messages and errors) writes a date as
  ``Wed 22 Jan 2025`` (:func:`day`): unambiguous in any locale, and it shows the weekday, which
  matters when working days are counted.
- **Data** (CSV and JSON cells, data frames, calendar files, the columns of the command line's
  tables) writes ISO 8601, ``2025-01-22`` (:func:`iso`), which every program reads.

The library reads ``dd/mm/YYYY`` (as SSDA903 files and councils write dates) but never writes
it; a bad input cell is quoted as it was given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._law.dayarrays import EPOCH, distinct
from ._years import year_span

if TYPE_CHECKING:
    from ._engine.periods import Review
    from ._engine.verdicts import Verdict
    from ._law.policy import Policy
    from ._law.regimes import Interval, Regime
    from ._schedule.due import DueItem
    from ._validate.rows import RowVerdict

__all__ = ["day", "iso", "plural"]

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(d: dt.date) -> str:
    """A date in prose: ``Fri 20 Dec 2024``, independent of the locale.

    >>> day(dt.date(2024, 12, 20))
    'Fri 20 Dec 2024'
    """
    return _DAYS_SAID[d]


class _Days(dict[dt.date, str]):
    """The days said so far, each said once: ``_DAYS_SAID[d]`` is :func:`day` (a national
    caseload's millions of sentences name a few thousand days; a day said before costs a
    lookup, not a call)."""

    __slots__ = ()

    def __missing__(self, d: dt.date) -> str:
        words = f"{_DAY_NAMES[d.weekday()]} {d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"
        if len(self) < _DAYS_KEPT:
            self[d] = words
        return words


_DAYS_SAID = _Days()
_DAYS_KEPT = 100_000


def iso(d: dt.date) -> str:
    """A date in data: ``2024-12-20``."""
    return d.isoformat()


def plural(n: int, word: str) -> str:
    """``1 day``, ``2 days``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# --- verdicts --------------------------------------------------------------------------------


def explanation(verdict: Verdict) -> str:
    """A verdict's account of itself: the rule, the dates and the outcome."""
    return f"{due_sentence(verdict)} {_outcome(verdict)}"


def held_once_explanation(  # noqa: PLR0917 (what a one-meeting review was judged with)
    regime: Regime,
    ordinal: int,
    anchor: dt.date,
    due: dt.date,
    review_id: str | int | None,
    brought_forward: bool,
    held: dt.date,
    days_late: int | None,
) -> tuple[str, str]:
    """:func:`explanation` of a review held at one meeting, from the values it was judged with
    (``days_late`` None: on time), and the rule imposing its interval: the same words, without
    making the verdict (a national caseload has millions)."""
    days = _DAYS_SAID
    if review_id is not None or brought_forward:
        said, rule = _due_words(regime, ordinal, anchor, due, review_id, brought_forward, "was")
        return f"{said} {_held_words(f'It was held on {days[held]}', due, held, days_late)}", rule
    # (The words of most rows: said as _due_words and _held_words say them, from the pieces
    # kept for the review's number; tests/tables.py's check_tables holds the two to the same.)
    head, middle, tail, rule = _held_once_pieces(regime, ordinal)
    outcome = _timeliness_words((due - held).days, days_late)
    return f"{head}{days[due]}{middle}{days[anchor]}{tail}{days[held]}: {outcome}", rule


def held_once_explanations(
    np: Any,
    numbers: tuple[Sequence[tuple[Regime, int]], Any],
    dates: tuple[Any, Any, Any],
    days_late: Any,
) -> list[tuple[list[str], Any]]:
    """:func:`held_once_explanation` of many reviews at once, each held at one meeting, with
    no id and not brought forward, as the parts each explanation is joined from, in order:
    for each part, its distinct texts and each review's index into them (numpy).

    ``numbers`` are the distinct regimes and review numbers, and each review's index into
    them; ``dates`` are the reviews' due dates, the dates their intervals ran from and the
    days they were held, as days since 1970; ``days_late`` is 0 for a review on time. Each
    distinct part (a number's words, a day, an outcome) is said once, by the words above.

    >>> import numpy as np
    >>> from iro_schedule import ENGLAND_2010
    >>> day = lambda iso: np.array([np.datetime64(iso, "D").astype(int)])
    >>> dates = (day("2025-03-10"), day("2024-09-10"), day("2025-03-12"))
    >>> numbers = ([(ENGLAND_2010, 3)], np.array([0]))
    >>> parts = held_once_explanations(np, numbers, dates, np.array([2]))
    >>> joined = "".join(texts[at[0]] for texts, at in parts)
    >>> joined[-44:]
    'It was held on Wed 12 Mar 2025: 2 days late.'
    >>> when = dt.date(2024, 9, 10), dt.date(2025, 3, 10), None, False, dt.date(2025, 3, 12)
    >>> joined == held_once_explanation(ENGLAND_2010, 3, *when, 2)[0]
    True
    """
    due, anchor, held = dates
    pieces = [_held_once_pieces(regime, ordinal) for regime, ordinal in numbers[0]]
    where = numbers[1]
    # An outcome as one number: days late (1 or more), or minus one more than the days spare.
    outcomes, said = distinct(np.where(days_late > 0, days_late, held - due - 1))
    outcome_words = [
        ": " + (_timeliness_words(-n - 1, None) if n < 0 else _timeliness_words(0, n))
        for n in outcomes
    ]
    days, at = distinct(np.concatenate([due, anchor, held]))
    words = [_DAYS_SAID[dt.date.fromordinal(d + EPOCH)] for d in days]
    on = at.reshape(3, -1)
    return [
        ([p[0] for p in pieces], where),
        (words, on[0]),
        ([p[1] for p in pieces], where),
        (words, on[1]),
        ([p[2] for p in pieces], where),
        (words, on[2]),
        (outcome_words, said),
    ]


def due_sentence(verdict: Verdict, *, proposed: bool = False) -> str:
    """``Review 2 was due by ...: not more than 3 months after review 1 (...), under ...``
    (``is due by`` for a review ``proposed`` but not yet held)."""
    review = verdict.review
    review_id = None if review is None else review.id
    brought_forward = review is not None and review.brought_forward
    tense = "is" if proposed else "was"
    return _due_words(
        verdict.regime,
        verdict.ordinal,
        verdict.anchor,
        verdict.due,
        review_id,
        brought_forward,
        tense,
    )[0]


def _due_words(  # noqa: PLR0917 (the values a due date is said with)
    regime: Regime,
    ordinal: int,
    anchor: dt.date,
    due: dt.date,
    review_id: str | int | None,
    brought_forward: bool,
    tense: str,
) -> tuple[str, str]:
    """The sentence saying when a review was (or is) due and why, and the rule it names."""
    since, rule = _interval_words(regime, ordinal)
    label = f"Review {ordinal}"
    if review_id is not None:
        label += f" (id {review_id!r})"
    if brought_forward:
        provision = regime.brought_forward_rule
        label += f", brought forward under {provision}," if provision else ", brought forward,"
    said = _DAYS_SAID
    return f"{label} {tense} due by {said[due]}: {since} ({said[anchor]}), under {rule}.", rule


def _interval_words(regime: Regime, ordinal: int) -> tuple[str, str]:
    """What review ``ordinal``'s interval runs from, and the rule imposing it, under ``regime``
    (said once for each: a caseload's millions of sentences name a few)."""
    kept = _said_of(regime)
    said = kept[1].get(ordinal)
    if said is None:
        interval = regime.interval_for(ordinal)
        if ordinal == 1:
            since = f"within {interval} of {regime.counted_from}"
        else:
            since = f"not more than {interval} after review {ordinal - 1}"
        said = kept[1][ordinal] = (since, regime.rule_for(ordinal))
    return said


def _held_once_pieces(regime: Regime, ordinal: int) -> tuple[str, str, str, str]:
    """The words of review ``ordinal`` held at one meeting, with no id and not brought forward,
    around its due date, the date its interval ran from and the day it was held (see
    :func:`held_once_explanation`), and the rule: said once for each number, as
    :func:`_interval_words` is."""
    kept = _said_of(regime)[2]
    pieces = kept.get(ordinal)
    if pieces is None:
        since, rule = _interval_words(regime, ordinal)
        head = f"Review {ordinal} was due by "
        pieces = kept[ordinal] = (head, f": {since} (", f"), under {rule}. It was held on ", rule)
    return pieces


def _said_of(regime: Regime) -> _Said:
    """What has been said of ``regime``'s intervals, by review number (see
    :func:`_interval_words`)."""
    kept = _INTERVALS_SAID.get(id(regime))
    if kept is None:
        # The regime is kept with its words, so its id is not reused while they are.
        kept = (regime, {}, {})
        if len(_INTERVALS_SAID) < _REGIMES_KEPT:
            _INTERVALS_SAID[id(regime)] = kept
    return kept


_Said = tuple["Regime", dict[int, tuple[str, str]], dict[int, tuple[str, str, str, str]]]
_INTERVALS_SAID: dict[int, _Said] = {}
_REGIMES_KEPT = 1_000


def _outcome(verdict: Verdict) -> str:
    review = verdict.review
    if review is None:
        by = "the end of the period of care" if verdict.horizon_is_period_end else "the as-of date"
        by = verdict.horizon_note or by
        return (
            f"No review was held by {day(verdict.counted_date)} ({by}): it is "
            f"{plural(verdict.days_late, 'day')} overdue."
        )
    if len(review.meetings) == 1:
        held = f"It was held on {day(review.first_meeting)}"
    else:
        held = (
            f"It was held over {len(review.meetings)} meetings from {day(review.first_meeting)} "
            f"to {day(review.completed)}, {counted_meeting(verdict)}"
        )
    late = None if verdict.on_time else verdict.days_late
    return _held_words(held, verdict.due, verdict.counted_date, late)


def _held_words(held: str, due: dt.date, counted: dt.date, days_late: int | None) -> str:
    """``held``, then on time (and how early) or how many days late (``days_late`` None: on
    time)."""
    return f"{held}: {_timeliness_words((due - counted).days, days_late)}"


def _timeliness_words(spare: int, days_late: int | None) -> str:
    """``on time, 3 days early.`` (``spare`` days before the due date), ``on time, on the due
    date.`` or ``2 days late.`` (``days_late`` None: on time)."""
    if days_late is None:
        return (
            "on time, on the due date." if spare == 0 else f"on time, {plural(spare, 'day')} early."
        )
    return f"{plural(days_late, 'day')} late."


def counted_meeting(verdict: Verdict) -> str:
    """Why a review held over several meetings was judged on the meeting it was."""
    from ._law.policy import CountedMeeting, completion_limit  # noqa: PLC0415 (no import cycle)

    review, policy, regime = verdict.review, verdict.policy, verdict.regime
    assert review is not None
    limit = completion_limit(regime, policy)
    if policy.counted_meeting is CountedMeeting.LAST:
        return "counted from the last meeting, as the policy requires"
    if limit is None:
        return (
            f"counted from the last meeting, as the {regime.instrument} make no provision for "
            "adjourning a review"
        )
    if verdict.counted_date == review.first_meeting:
        return f"counted from the first meeting, as the last was within {limit} of it"
    return f"counted from the last meeting, as it was more than {limit} after the first"


# --- reviews whose number the data cannot show ----------------------------------------------


def unknown_number_explanation(
    row: RowVerdict, review: Review | None, since: dt.date, by: str, gap_from: dt.date | None
) -> str:
    """The account of a review judged whatever its number: the period's reviews before
    ``since`` (from ``gap_from``, a missing year's first day, if the data holds those before
    it) are not in the data. The due date is exact when the review before it is known and its
    interval is the later one (from the third review seen on); otherwise the verdict is the one
    every possible number gives."""
    least, anchor, regime = row._least, row._anchor, row._regime
    due_day, counted = row.due, row.counted_date
    assert least is not None
    assert due_day is not None
    assert counted is not None
    label = "Review" if review is None or review.id is None else f"Review (id {review.id!r})"
    if row.status.value == "overdue":
        label = "A review"
    missing = f"the period's reviews before {day(since)} are not in the data"
    if gap_from is not None:
        last_missing = since - dt.timedelta(days=1)
        missing = (
            f"the period's reviews from {day(gap_from)} to {day(last_missing)} are not in the data"
        )
    exact = anchor is not None and regime is not None and _one_interval_from(regime, least)
    if exact:
        assert anchor is not None and regime is not None  # noqa: PT018
        interval = regime.interval_for(least)
        due = (
            f"{label} (its number is not in the data, but it is at least {least}: {missing}) "
            f"was due by {day(due_day)}: not more than {interval} after the review before it "
            f"({day(anchor)}), under {row.rule}."
        )
    elif row.status.value == "on time":
        due = (
            f"{label} (its number is not in the data: {missing}) was due no earlier than "
            f"{day(due_day)}, whatever its number."
        )
    else:
        due = (
            f"{label} (its number is not in the data: {missing}) was due by {day(due_day)} at "
            "the latest, whatever its number."
        )
    late = row.days_late or 0
    if row.status.value == "overdue":
        at_least = "" if exact else "at least "
        return (
            f"{due} No review was held by {day(counted)} ({by}): it is {at_least}"
            f"{plural(late, 'day')} overdue."
        )
    assert review is not None
    if len(review.meetings) == 1:
        held = f"It was held on {day(review.first_meeting)}"
    else:
        held = (
            f"It was held over {len(review.meetings)} meetings from {day(review.first_meeting)} "
            f"to {day(review.completed)}"
        )
    if row.status.value == "on time":
        spare = (due_day - counted).days
        margin = "on the due date" if spare == 0 else f"{plural(spare, 'day')} early"
        return f"{due} {held}: on time, {margin}." if exact else f"{due} {held}: on time."
    if exact:
        return f"{due} {held}: {plural(late, 'day')} late."
    return f"{due} {held}: late whatever its number, by at least {plural(late, 'day')}."


def _one_interval_from(regime: Regime, least: int) -> bool:
    """Whether every review numbered ``least`` or more has the same interval under ``regime``
    (so its due date is exact when the review before it is known)."""
    return len({regime.interval_for(n) for n in range(least, max(least, 3) + 1)}) == 1


def depends_on_the_number(reason: str, earliest: dt.date | None, latest: dt.date | None) -> str:
    """Why a review whose number the data cannot show is not judged: its verdict depends on it."""
    if earliest is None or latest is None:
        return reason
    return (
        f"{reason}; its verdict depends on its number: whatever that is, it was due between "
        f"{day(earliest)} and {day(latest)}"
    )


def missing_year(start: dt.date, end: dt.date) -> str:
    """Why a review dated in a collection year missing from the data is not judged."""
    return (
        f"it is dated in a collection year whose files are missing ({day(start)} to "
        f"{day(end)}), so the reviews around it are not all in the data; add that year's files"
    )


def after_missing_year(start: dt.date, end: dt.date) -> str:
    """Why the reviews of a period after a collection year missing from the data cannot be
    numbered from the data alone."""
    return (
        f"a collection year during the period of care ({day(start)} to {day(end)}) has no "
        "files, so the period's reviews in that year are not in the data; add that year's files"
    )


#: What the day an overdue review is judged at is, in a period whose end the data does not show.
LAST_DAY_SHOWN = "the last day the data shows the period of care open; its end is not in the data"


def before_a_missing_year(start: dt.date) -> str:
    """What the day an overdue review is judged at is, in a period open into a missing year."""
    return f"the last day before a collection year missing from the data, from {day(start)}"


# --- what the law refuses --------------------------------------------------------------------


def no_regime(d: dt.date, regimes: Sequence[Regime]) -> str:
    """No regime of a chain was in force on ``d``."""
    names = ", ".join(r.name for r in regimes) or "none"
    return (
        f"no review regime was in force on {day(d)} (regimes considered: {names}); name one "
        "with PeriodOfCare(regime=...) or Policy(regimes=...)"
    )


def no_regime_when_due(ordinal: int, anchor: dt.date, regimes: Sequence[Regime]) -> str:
    """No regime of a chain was in force on the day review ``ordinal`` would fall due under it."""
    names = ", ".join(r.name for r in regimes)
    return (
        f"no review regime was in force on the day review {ordinal} would fall due under it "
        f"(regimes considered: {names}; interval from {day(anchor)}); name one with "
        "PeriodOfCare(regime=...) or Policy(regimes=...)"
    )


def regime_not_in_force(regime: Regime, ordinal: int, anchor: dt.date, *, by_due: bool) -> str:
    """A period's own regime was not in force when review ``ordinal`` started (or fell due)."""
    when = (
        f"on the day review {ordinal} would fall due under it"
        if by_due
        else f"on {day(anchor)}, when review {ordinal}'s interval starts"
    )
    until = f" to {day(regime.end)}" if regime.end is not None else ""
    return (
        f"{regime.name}, the regime the period of care names, was not in force {when} (it was "
        f"in force from {day(regime.commencement)}{until}); a regime is never applied outside "
        "its dates: to do so on purpose, give a copy with the dates you mean, e.g. "
        f"attrs.evolve({regime.name}, commencement=..., end=...)"
    )


#: What is wrong with a review history, by fault (see ``_law.history.Fault``): ``{day}`` is the
#: offending date, ``{other}`` the date it conflicts with.
HISTORY_FAULTS = {
    "ends before it starts": (
        "end {day} is before start {other}; check the two dates are not swapped"
    ),
    "last meeting before the first": (
        "last meeting {day} is before the first ({other}); give meetings in order"
    ),
    "before the period starts": (
        "first meeting {day} is before the period of care starts ({other}); it belongs to an "
        "earlier period"
    ),
    "after the period ends": (
        "meeting {day} is after the period of care ends ({other}); check the end date or move "
        "the review to the next period"
    ),
    "on the date of the review before": (
        "held on {day}, the same date as the review before it; remove the duplicate, or give "
        "both dates as meetings of one review"
    ),
    "before the review before it ends": (
        "first meeting {day} is before the previous review's last meeting ({other}); sort "
        "reviews by date and make sure they do not overlap"
    ),
    "after the as-of date": (
        "meeting {day} is after the as-of date ({other}): a review cannot be judged before it "
        "is held; set a later as-of date, or leave out reviews not yet held"
    ),
}


def history_fault(fault: str, when: dt.date, other: dt.date) -> str:
    """The message for a fault of a review history (``fault`` is the ``Fault`` value)."""
    return HISTORY_FAULTS[fault].format(day=day(when), other=day(other))


# --- validation: rows the data cannot judge --------------------------------------------------


def not_assessable(reason: str) -> str:
    return f"Not assessable: {reason}."


def began_before_the_data(start: dt.date, reviews_from: dt.date) -> str:
    return (
        f"the period of care began on {day(start)}, before the reviews in the data begin "
        f"({day(reviews_from)}), so its earlier reviews are missing and this review's number "
        "and due date cannot be known; adding the earlier years' files resolves it"
    )


def duplicate(meeting: dt.date, source: str, line: int) -> str:
    return f"the same review meeting ({day(meeting)}) as {source} line {line}, where it is judged"


def no_episodes(child: str, review: dt.date) -> str:
    return (
        f"REVIEW {day(review)}: child {child} has no episodes in the data, so the review cannot "
        "be placed in a period of care; add the Episodes file"
    )


def outside_every_period(
    child: str, review: dt.date, periods: Sequence[tuple[dt.date, dt.date | None]]
) -> str:
    spans = "; ".join(
        f"{day(start)} to {day(end)}" if end else f"from {day(start)}" for start, end in periods
    )
    return (
        f"REVIEW {day(review)} is not within any period of care of child {child} in the "
        f"episodes data ({spans})"
    )


def end_before_start(end: dt.date, start: dt.date) -> str:
    return (
        f"period_end {day(end)} is before period_start {day(start)}; check the two dates are "
        "not swapped"
    )


def several_ends(ends: Sequence[dt.date]) -> str:
    listed = ", ".join(day(e) for e in ends)
    return f"the rows of this period of care give different period_end dates ({listed}); give one"


def unknown_regime(names: Sequence[str], known: Sequence[str]) -> str:
    return (
        f"the period's regime {', '.join(map(repr, names))} is not one regime name of "
        f"{', '.join(known)}"
    )


# --- the data window -------------------------------------------------------------------------


def as_of_from_file_names(as_of: dt.date) -> str:
    return (
        f"As of {day(as_of)}: the end of the latest collection year in the file names "
        "(an as-of date given replaces it)."
    )


def as_of_from_latest_review(as_of: dt.date) -> str:
    return (
        f"As of {day(as_of)}: the latest review date in the data (an as-of date given replaces it)."
    )


def as_of_given(as_of: dt.date) -> str:
    return f"As of {day(as_of)}, as given."


def reviews_from_file_names(reviews_from: dt.date) -> str:
    return (
        f"SSDA903 reviews are complete from {day(reviews_from)}: the start of the earliest "
        "collection year in the file names (a date given replaces it); reviews in periods "
        "of care that began earlier are judged only where their number does not matter."
    )


def as_of_from_the_data(as_of: dt.date) -> str:
    return (
        f"As of {day(as_of)}: the latest date in the data, a review or the start or end of a "
        "period of care (no collection year in the file names; an as-of date given replaces it)."
    )


def reviews_from_the_data(reviews_from: dt.date, files: Sequence[str]) -> str:
    named = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
    return (
        f"SSDA903 reviews are complete from {day(reviews_from)}: no collection year in the "
        f"names of {named}, so the data's reviews are taken to begin with the collection year "
        "of the earliest of them (a date given replaces it); reviews in periods of care "
        "that began earlier are judged only where their number does not matter."
    )


def gap_year(start: dt.date, end: dt.date) -> str:
    return (
        f"No files for the collection year {start.year}-{end.year % 100:02d}: its reviews are "
        f"not in the data ({day(start)} to {day(end)}); reviews after it, in periods of care "
        "that were open during it, are judged only where their number does not matter."
    )


def gone_from_later_year(
    open_until: dt.date, year: int, *, years_missing: bool, continued: bool
) -> str:
    """Why an open period of care a later year's Episodes table does not list is taken to have
    ended before that year (``continued``: its last episode ended with REC 'X1')."""
    why = (
        "in a collection year whose files are missing"
        if years_missing
        else "without a DEC being recorded"
    )
    what = "REC is 'X1' but no episode follows" if continued else "DEC is blank"
    return (
        f"{what}, and the period of care was open on {day(open_until)}, but the Episodes "
        f"table for {year - 1}-{year % 100:02d} does not list it, so it ended before "
        f"{day(year_span(year)[0])}, {why}; it is judged up to {day(open_until)} (or a "
        "later review); give its DEC"
    )


def link_in_a_missing_year(
    open_until: dt.date, year: int, *, source: str, line: int, decom: dt.date, rne: str
) -> str:
    """Why an open episode and the child's next one, begun after a missing collection year
    with an RNE other than 'S', are judged as two periods of care."""
    return (
        f"DEC is blank, and the episode was open on {day(open_until)}; the child's next episode "
        f"in the data ({source} line {line}) began on {day(decom)} with RNE {rne!r}, but the "
        f"files for {year - 1}-{year % 100:02d}, which would show whether the child stayed "
        "looked after in between or left and came back, are missing; the two are judged as "
        f"separate periods (this one up to {day(open_until)} or a later review, the next with "
        "its start not known); add the missing year's files"
    )


def policy_note(policy: Policy) -> str:
    """The policy a run used, in a sentence: what differs from the library's defaults."""
    choices = []
    if policy.count_start_day:
        choices.append("the day an interval starts from counted as working day 1")
    if policy.counted_meeting.name == "LAST":
        choices.append("a review held over several meetings judged on its last")
    if policy.completion_limit is not None:
        choices.append(f"an adjournment allowed for {policy.completion_limit}")
    if policy.regime_date.name == "DUE_DATE":
        choices.append("the regime chosen by the day each review falls due")
    if not policy.judge_unknown_numbers:
        choices.append("no review judged whose number the data cannot show")
    names = [r.name for r in policy.regimes]
    if names != ["ENGLAND_1991", "ENGLAND_2010"]:
        choices.append(f"the regimes {', '.join(names)}")
    if not choices:
        return "Policy: the library's defaults (see the Policies page of the documentation)."
    return "Policy, not the defaults: " + "; ".join(choices) + "."


def reviews_from_given(reviews_from: dt.date) -> str:
    return f"SSDA903 reviews are complete from {day(reviews_from)}, as given."


WHOLE_HISTORY = (
    "The data is taken to hold every review of every period of care "
    "(give the date from which it does, if it does not)."
)


# --- scheduling ------------------------------------------------------------------------------


def due_soon(item: DueItem) -> str:
    """A line of a due list: when the next review is due, and the working days left."""
    when = f"due by {day(item.due)}"
    if item.deadline != item.due:
        when += f" (a non-working day: hold it by {day(item.deadline)})"
    return (
        f"Review {item.ordinal} of child {item.child} is {when}, under "
        f"{item.regime.rule_for(item.ordinal)}: {item.working_days_remaining} working days from "
        f"{day(item.as_of)}."
    )


def proposal(verdict: Verdict, latest: dt.date, following_due: dt.date | None) -> str:
    """What holding the next review on a proposed date would mean."""
    review = verdict.review
    assert review is not None
    outcome = "on time" if verdict.on_time else f"{plural(verdict.days_late, 'day')} late"
    text = (
        f"{due_sentence(verdict, proposed=True)} Held on {day(review.first_meeting)} it would "
        f"be {outcome}; the latest date within the timescale is {day(latest)}."
    )
    if following_due is not None:
        text += f" Review {verdict.ordinal + 1} would then be due by {day(following_due)}."
    return text


def interval_text(interval: Interval) -> str:
    """``20 working days``, ``1 month``."""
    return plural(interval.count, interval.unit.value)

"""Key dates: birthdays, anniversaries and reminders, and when they make someone due.

A key date is a day of the year (``month``, ``day``, the year optional for
birthdays) that comes back every year, or a reminder on one day (``yearly``
False) or every year. Its **occurrences** are the days it falls on: a 29
February falls on 28 February in other years.

The **pending occurrence** is the first occurrence on or after the later of

- the day the date was added (``added_on``: adding a birthday today does not
  make the person due for last year's), and
- the day after you last talked with them (talking on or after the day answers it),

so it never depends on today: the stored value changes only with the facts, and
a date stays due from its day until you next talk with them (a late birthday
message is still a message; skip or snooze them if not). A one-off reminder
whose day you talked on or after has no pending occurrence: it is done.

Which dates count depends on the stage (:func:`counts_for`): birthdays and
anniversaries for ``active`` and ``connected`` people, reminders in any stage but
``archived`` (the user asked for them).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from netdeck.domain.dates import days_ago_phrase, parse_date
from netdeck.domain.errors import InvalidInput
from netdeck.domain.stages import Stage


class KeyDateKind(StrEnum):
    BIRTHDAY = "birthday"
    ANNIVERSARY = "anniversary"
    REMINDER = "reminder"


#: The stages in which a birthday or an anniversary is a reason to write.
DATE_STAGES = frozenset({Stage.ACTIVE, Stage.CONNECTED})


@dataclass(frozen=True, slots=True)
class KeyDateFacts:
    """One key date as the rules see it."""

    kind: KeyDateKind
    month: int
    day: int
    #: None: the year is unknown (a birthday without one).
    year: int | None
    yearly: bool
    added_on: date
    note: str = ""


@dataclass(frozen=True, slots=True)
class PendingDate:
    """The occurrence that makes someone due, with what the queue says about it."""

    on: date
    kind: KeyDateKind
    note: str


def falls_on(year: int, month: int, day: int) -> date:
    """The day ``month``/``day`` falls on in ``year``: 29 February is 28 February in
    years without one."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def first_occurrence(facts: KeyDateFacts, start: date) -> date | None:
    """The first day on or after ``start`` the date falls on, or None (a one-off
    reminder already past, or a date past the calendar's end)."""
    if not facts.yearly:
        if facts.year is None:
            return None
        once = falls_on(facts.year, facts.month, facts.day)
        return once if once >= start else None
    for year in (start.year, start.year + 1):
        if year > date.max.year:
            return None
        candidate = falls_on(year, facts.month, facts.day)
        if candidate >= start:
            return candidate
    return None


def occurrences_between(facts: KeyDateFacts, start: date, end: date) -> Iterator[date]:
    """Every day from ``start`` to ``end`` (inclusive) the date falls on, oldest first
    (not before the day it was added)."""
    day = first_occurrence(facts, max(start, facts.added_on))
    while day is not None and day <= end:
        yield day
        if not facts.yearly or day.year >= date.max.year:
            return
        day = falls_on(day.year + 1, facts.month, facts.day)


def counts_for(kind: KeyDateKind, stage: Stage) -> bool:
    """Whether a date of this kind makes someone in this stage due."""
    if kind is KeyDateKind.REMINDER:
        return stage is not Stage.ARCHIVED
    return stage in DATE_STAGES


def pending_occurrence(facts: KeyDateFacts, *, last_interaction_on: date | None) -> date | None:
    """The occurrence still to be answered (see the module docstring), or None."""
    start = facts.added_on
    if last_interaction_on is not None and last_interaction_on >= start:
        if last_interaction_on >= date.max:
            return None
        start = last_interaction_on + timedelta(days=1)
    return first_occurrence(facts, start)


def pending_date(
    dates: Iterable[KeyDateFacts], *, stage: Stage, last_interaction_on: date | None
) -> PendingDate | None:
    """The earliest pending occurrence among the dates that count in ``stage``; on
    the same day a reminder (the user's own words) wins, then a birthday."""
    best: tuple[date, int, PendingDate] | None = None
    for facts in dates:
        if not counts_for(facts.kind, stage):
            continue
        on = pending_occurrence(facts, last_interaction_on=last_interaction_on)
        if on is None:
            continue
        rank = _SAME_DAY_RANK[facts.kind]
        if best is None or (on, rank) < best[:2]:
            best = (on, rank, PendingDate(on=on, kind=facts.kind, note=facts.note))
    return None if best is None else best[2]


_SAME_DAY_RANK = {KeyDateKind.REMINDER: 0, KeyDateKind.BIRTHDAY: 1, KeyDateKind.ANNIVERSARY: 2}


def date_reason(kind: KeyDateKind, note: str, on: date, today: date) -> str:
    """The queue's reason for a pending date: "birthday today", "anniversary 3 days
    ago", "you asked to: ask how the launch went" (a reminder without a note:
    "your reminder for 2026-12-01")."""
    if kind is KeyDateKind.REMINDER:
        words = " ".join(note.split())
        return f"you asked to: {words}" if words else f"your reminder for {on.isoformat()}"
    return f"{kind.value} {days_ago_phrase((today - on).days)}"


#: ``MM-DD`` or vCard's ``--MM-DD`` (a day of the year without one).
_DAY_OF_YEAR = re.compile(r"^(?:--)?(\d{1,2})-(\d{1,2})$", re.ASCII)
#: The most characters a key date's note holds (one line).
NOTE_AT_MOST = 500


def parse_day_of_year(text: str) -> tuple[int | None, int, int]:
    """``(year or None, month, day)`` from ``YYYY-MM-DD``, ``MM-DD`` or ``--MM-DD``
    (29 February is accepted without a year); anything else is an :class:`InvalidInput`."""
    value = text.strip()
    match = _DAY_OF_YEAR.match(value)
    if match is None:
        if not value[:1].isdigit() or value.count("-") != 2:
            raise InvalidInput(
                f"bad date {text!r}: expected YYYY-MM-DD, or MM-DD without a year (e.g. 03-14)"
            )
        day = parse_date(value)
        return day.year, day.month, day.day
    month, day_of_month = int(match[1]), int(match[2])
    try:
        date(2000, month, day_of_month)  # a leap year: 29 February is a birthday too
    except ValueError:
        raise InvalidInput(f"bad date {text!r}: no such day in the calendar") from None
    return None, month, day_of_month


def reminder_day(text: str, today: date, *, yearly: bool) -> tuple[int, int, int]:
    """``(year, month, day)`` of a reminder: ``YYYY-MM-DD``, or ``MM-DD`` for its next
    occurrence from today on. A one-off reminder must be today or later."""
    year, month, day = parse_day_of_year(text)
    if year is None:
        year = today.year if falls_on(today.year, month, day) >= today else today.year + 1
    on = falls_on(year, month, day)
    if not yearly and on < today:
        raise InvalidInput(
            f"remind on {on.isoformat()}: that day has passed; pick today or a later day"
            " (or add --every year)"
        )
    return year, month, day


def clean_note(text: str) -> str:
    """A key date's note: one line (runs of spaces, tabs and newlines collapsed), trimmed,
    at most :data:`NOTE_AT_MOST` characters."""
    words = " ".join(text.split())
    if len(words) > NOTE_AT_MOST:
        raise InvalidInput(f"the note is {len(words)} characters long: keep it to {NOTE_AT_MOST}")
    return words

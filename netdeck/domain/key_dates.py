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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from netdeck.domain.dates import days_ago_phrase
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

"""The calendar feed's rules: which days people are due in the next N days, and why.

``netdeck calendar`` writes one all-day event per person per day:

- **today**: everyone due today (the whole due list, not only the daily share:
  the calendar is a reminder, not the queue), with the queue's reason;
- **the next due date** of everyone else, when it falls in the window, with what
  it will be for (:func:`upcoming_reason`: "check in (every 2 weeks)");
- **key dates** (birthdays, anniversaries, reminders) on each day they fall in the
  window, for the stages they count in (:func:`netdeck.domain.key_dates.counts_for`).
  Today's are left to the queue's reason when the person is due today anyway, and
  a snooze hides those before its day, as it does in the queue.

Reasons on the same person and day are joined in one event. Each event's UID is
made from the contact's id and the day alone (:func:`event_uid`), so a calendar
subscribed to the file (or importing it again) updates the event instead of adding
a second one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from netdeck.domain.cadence import describe_cadence
from netdeck.domain.dates import add_days
from netdeck.domain.errors import InvalidInput
from netdeck.domain.key_dates import KeyDateFacts, KeyDateKind, counts_for, occurrences_between
from netdeck.domain.scheduling import ScheduleFacts, has_new_role
from netdeck.domain.stages import Stage

DEFAULT_FEED_DAYS = 90
MAX_FEED_DAYS = 3660
#: The domain part of every event's UID (RFC 5545 suggests a domain to keep UIDs unique).
UID_DOMAIN = "netdeck"


@dataclass(frozen=True, slots=True)
class FeedPerson:
    """One person as the feed sees them: their schedule, key dates and where to write."""

    contact_id: int
    name: str
    facts: ScheduleFacts
    next_due_on: date | None
    key_dates: tuple[KeyDateFacts, ...] = ()
    #: "email: dana@example.com": the preferred address, or "" when there is none.
    address: str = ""
    #: The queue's reason when they are due today (in today's whole due list), else None.
    due_today_reason: str | None = None


@dataclass(frozen=True, slots=True)
class FeedEvent:
    """One all-day event: a person on a day, with every reason to write that day."""

    uid: str
    contact_id: int
    name: str
    day: date
    reasons: tuple[str, ...]
    address: str

    @property
    def summary(self) -> str:
        return f"{self.name}: {'; '.join(self.reasons)}"


def check_feed_days(days: int) -> int:
    """The window's length, refused outside 1 to :data:`MAX_FEED_DAYS`."""
    if not 1 <= days <= MAX_FEED_DAYS:
        raise InvalidInput(f"--days must be between 1 and {MAX_FEED_DAYS}, not {days}")
    return days


def last_feed_day(today: date, days: int) -> date:
    """The window's last day: ``days`` days with today the first."""
    return add_days(today, check_feed_days(days) - 1)


def event_uid(contact_id: int, day: date) -> str:
    """The event's UID: the same person on the same day always gets the same one."""
    digest = hashlib.sha256(f"{contact_id}/{day.isoformat()}".encode()).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"


def upcoming_reason(facts: ScheduleFacts) -> str:
    """What a coming due date is for, as a calendar says it ahead of the day."""
    if facts.snoozed_until is not None:
        return "back from a snooze"
    if has_new_role(facts):
        return "changed jobs: congratulate them"
    match facts.stage:
        case Stage.PROSPECT:
            return "send a connection request"
        case Stage.REQUESTED:
            return "follow up on your request"
        case Stage.CONNECTED:
            return "first message since connecting"
        case _:
            return f"check in ({describe_cadence(facts.cadence_days)})"


def occasion(kind: KeyDateKind, note: str) -> str:
    """A key date's reason on its day: "birthday", "anniversary", or the reminder's words."""
    if kind is KeyDateKind.REMINDER:
        return " ".join(note.split()) or "your reminder"
    return kind.value


def _for_a_key_date(person: FeedPerson) -> bool:
    """Whether their next due date is their pending key date's day (the date's own
    event says why, not a check-in)."""
    pending = person.facts.key_date
    return pending is not None and pending.on == person.next_due_on


def feed_events(people: Iterable[FeedPerson], *, today: date, days: int) -> list[FeedEvent]:
    """Every event from ``today`` for ``days`` days (today is the first), by day then
    name then id."""
    last = last_feed_day(today, days)
    events: list[FeedEvent] = []
    for person in people:
        by_day: dict[date, list[str]] = {}
        if person.due_today_reason is not None:
            by_day[today] = [person.due_today_reason]
        elif (
            person.next_due_on is not None
            and today < person.next_due_on <= last
            and not _for_a_key_date(person)
        ):
            by_day[person.next_due_on] = [upcoming_reason(person.facts)]
        snoozed_until = person.facts.snoozed_until
        for key_date in person.key_dates:
            if not counts_for(key_date.kind, person.facts.stage):
                continue
            for day in occurrences_between(key_date, today, last):
                if day == today and person.due_today_reason is not None:
                    continue  # today's reason is the queue's
                if snoozed_until is not None and day < snoozed_until:
                    continue  # a snooze hides a key date from the queue too
                reasons = by_day.setdefault(day, [])
                reason = occasion(key_date.kind, key_date.note)
                if reason not in reasons:
                    reasons.insert(0, reason)  # a date is the better reason to write
        events.extend(
            FeedEvent(
                uid=event_uid(person.contact_id, day),
                contact_id=person.contact_id,
                name=person.name,
                day=day,
                reasons=tuple(reasons),
                address=person.address,
            )
            for day, reasons in by_day.items()
        )
    return sorted(events, key=lambda e: (e.day, e.name.casefold(), e.contact_id))

"""``netdeck calendar``: the people due in the next N days, and their key dates, as an
iCalendar file a calendar can subscribe to (the rules: :mod:`netdeck.domain.calendar_feed`;
the format: :mod:`netdeck.importers.ics`).

The file is written by the rules of :mod:`netdeck.store.output_files` (a private
temporary file, then the name in one step), with one difference: an existing
iCalendar file (one that starts ``BEGIN:VCALENDAR``, such as the feed written
yesterday) is replaced without ``--force``, so the command can run from cron; any
other existing file still needs ``--force``.

Internal to the application API: the faces reach it through
:class:`netdeck.services.api.DeckApi`.
"""

from __future__ import annotations

import os
import stat
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from netdeck.domain.calendar_feed import (
    FeedEvent,
    FeedPerson,
    check_feed_days,
    feed_events,
    last_feed_day,
)
from netdeck.domain.key_dates import KeyDateFacts
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.importers.ics import write_ics
from netdeck.services.contacts import key_date_facts, preferred_addresses, schedule_facts
from netdeck.services.queue import due_contacts
from netdeck.services.settings import load_settings
from netdeck.store.database import Database
from netdeck.store.models import Contact, KeyDate
from netdeck.store.sql import in_lists

#: What an iCalendar file starts with: such a file may be replaced without --force.
ICALENDAR_START = b"BEGIN:VCALENDAR"


@dataclass(frozen=True, slots=True)
class CalendarSummary:
    """What ``netdeck calendar`` wrote."""

    path: str
    events: int
    people: int
    first_day: date
    last_day: date


def calendar_events(
    session: Session, *, today: date, settings: Settings, days: int
) -> list[FeedEvent]:
    """The feed's events from today, for ``days`` days (see the domain's rules)."""
    last = last_feed_day(today, days)
    due_today = {
        entry.id: entry.reason
        for entry in due_contacts(session, today=today, settings=settings, limit=None, paced=False)
    }
    upcoming = set(
        session.scalars(
            select(Contact.id).where(Contact.next_due_on > today, Contact.next_due_on <= last)
        )
    )
    key_dates: dict[int, list[KeyDateFacts]] = defaultdict(list)
    for row in session.scalars(
        select(KeyDate)
        .join(Contact, Contact.id == KeyDate.contact_id)
        .where(Contact.stage != Stage.ARCHIVED.value)
        .order_by(KeyDate.contact_id, KeyDate.id)
    ):
        key_dates[row.contact_id].append(key_date_facts(row))
    ids = sorted(due_today.keys() | upcoming | key_dates.keys())
    addresses = _preferred_addresses(session, ids)
    table = cast(Table, Contact.__table__)
    people = [
        FeedPerson(
            contact_id=row.id,
            name=row.full_name,
            facts=schedule_facts(row, settings),
            next_due_on=row.next_due_on,
            key_dates=tuple(key_dates.get(row.id, ())),
            address=addresses.get(row.id, ""),
            due_today_reason=due_today.get(row.id),
        )
        for chunk in in_lists(ids)
        for row in session.execute(select(table).where(table.c.id.in_(chunk)))
    ]
    return feed_events(people, today=today, days=days)


def _preferred_addresses(session: Session, contact_ids: Sequence[int]) -> dict[int, str]:
    """Each contact's preferred address as "kind: address" (none: no entry). The
    preferred address comes first in :func:`preferred_addresses`' mapping."""
    found: dict[int, str] = {}
    for chunk in in_lists(contact_ids):
        for contact_id, by_kind in preferred_addresses(session, chunk).items():
            for kind, value in list(by_kind.items())[:1]:
                found[contact_id] = f"{kind}: {value}"
    return found


def write_calendar(
    database: Database, destination: Path, *, today: date, days: int, force: bool = False
) -> CalendarSummary:
    """Write the feed to ``destination`` (see the module docstring for when an existing
    file is replaced). Checked before the feed is built, so a refused path costs nothing."""
    from netdeck.store.output_files import check_destination, write_file

    check_feed_days(days)
    protected = database.location.path
    force = force or _is_icalendar_file(destination)
    check_destination(destination, database=protected, force=force)
    with database.reading() as session:
        events = calendar_events(session, today=today, settings=load_settings(session), days=days)
    document = write_ics(events, today=today)

    def fill(temporary: Path) -> None:
        with temporary.open("wb") as handle:
            handle.write(document)
            handle.flush()
            os.fsync(handle.fileno())

    write_file(destination, fill, database=protected, force=force)
    return CalendarSummary(
        path=str(destination),
        events=len(events),
        people=len({event.contact_id for event in events}),
        first_day=today,
        last_day=last_feed_day(today, days),
    )


def _is_icalendar_file(path: Path) -> bool:
    """Whether ``path`` is a regular file (not a link) holding an iCalendar document."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        with path.open("rb") as handle:
            return (
                handle.read(len(ICALENDAR_START) + 3)
                .lstrip(b"\xef\xbb\xbf")
                .startswith(ICALENDAR_START)
            )
    except OSError:
        return False

"""A person's key dates: adding, listing and removing them, and keeping their pending
key date (``key_date_on`` and its kind and note) in step with them.

The rules are :mod:`netdeck.domain.key_dates`. Events that change the stage or the
last interaction recompute the pending date in
:func:`netdeck.services.contacts.store_facts`; anything that adds, changes or
removes a contact's key dates (an import, ``remind``, a merge) ends with
:func:`refresh_key_date`, which reads them again from the database. Paths that write many contacts at once read the key dates of
those contacts in one query (:func:`key_dates_by_contact`).

Internal to the application API.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from netdeck.domain.errors import NotFound
from netdeck.domain.key_dates import (
    KeyDateFacts,
    KeyDateKind,
    PendingDate,
    clean_note,
    parse_day_of_year,
    pending_date,
    reminder_day,
)
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.services.contacts import (
    KEY_DATE_NOTE_AT_MOST,
    key_date_columns,
    key_date_facts,
    schedule_facts,
    store_facts,
)
from netdeck.store.models import Contact, KeyDate
from netdeck.store.sql import rows_for_ids

#: The most characters of a reminder's note the queue's reason carries.
NOTE_AT_MOST = KEY_DATE_NOTE_AT_MOST

_FACT_COLUMNS = (
    KeyDate.contact_id,
    KeyDate.kind,
    KeyDate.month,
    KeyDate.day,
    KeyDate.year,
    KeyDate.yearly,
    KeyDate.added_on,
    KeyDate.note,
)


def pending_for(contact: Contact) -> PendingDate | None:
    """The contact's pending key date by the rules, from their loaded key dates."""
    return pending_date(
        (key_date_facts(row) for row in contact.key_dates),
        stage=Stage(contact.stage),
        last_interaction_on=contact.last_interaction_on,
    )


def store_pending(contact: Contact, pending: PendingDate | None) -> None:
    """Write the pending key date's columns."""
    for column, value in key_date_columns(pending).items():
        setattr(contact, column, value)


def refresh_key_date(contact: Contact, settings: Settings) -> None:
    """Recompute the contact's pending key date and, with it, their due date, from
    their key dates as stored (rows added, changed or moved by a bulk UPDATE alike)."""
    session = object_session(contact)
    if session is not None and contact.id is not None:
        session.flush()  # rows added through the collection are written first
        session.expire(contact, ["key_dates"])  # and the collection is read again
    store_facts(contact, schedule_facts(contact, settings), dates_changed=True)


def key_dates_by_contact(
    session: Session, ids: Collection[int]
) -> dict[int, tuple[KeyDateFacts, ...]]:
    """The key dates of these contacts, by contact id (those with none left out): one
    query, whatever the number of ids (see :func:`netdeck.store.sql.rows_for_ids`)."""
    found: defaultdict[int, list[KeyDateFacts]] = defaultdict(list)
    query = select(*_FACT_COLUMNS).order_by(KeyDate.id)
    for row in rows_for_ids(session, query, KeyDate.contact_id, ids):
        found[row.contact_id].append(key_date_facts(row))
    return {contact_id: tuple(dates) for contact_id, dates in found.items()}


# ---------------------------------------------------------------- the user's changes


def set_birthday(contact: Contact, text: str, *, today: date, settings: Settings) -> None:
    """Set (or change) the contact's birthday: ``YYYY-MM-DD``, or ``MM-DD`` without a year.
    One birthday per person: a second replaces the first (from today on: a changed
    birthday never makes them due for a day already gone)."""
    year, month, day = parse_day_of_year(text)
    current = [row for row in contact.key_dates if row.kind == KeyDateKind.BIRTHDAY.value]
    if current:
        row = current[0]
        for extra in current[1:]:
            contact.key_dates.remove(extra)
        row.year, row.month, row.day, row.added_on, row.source = year, month, day, today, "manual"
    else:
        contact.key_dates.append(
            KeyDate(
                kind=KeyDateKind.BIRTHDAY.value,
                month=month,
                day=day,
                year=year,
                yearly=True,
                note="",
                added_on=today,
                source="manual",
            )
        )
    refresh_key_date(contact, settings)


def clear_birthday(contact: Contact, *, settings: Settings) -> None:
    """Remove the contact's birthday (nothing to remove is an error saying so)."""
    birthdays = [row for row in contact.key_dates if row.kind == KeyDateKind.BIRTHDAY.value]
    if not birthdays:
        raise NotFound(f"{contact.full_name} has no birthday to clear")
    for row in birthdays:
        contact.key_dates.remove(row)
    refresh_key_date(contact, settings)


def add_reminder(
    contact: Contact, on: str, *, yearly: bool, note: str, today: date, settings: Settings
) -> KeyDate:
    """Add a reminder on ``on`` (``YYYY-MM-DD``, or ``MM-DD``: the next such day), once
    or every year; its note is the queue's reason ("you asked to: ...")."""
    year, month, day = reminder_day(on, today, yearly=yearly)
    row = KeyDate(
        kind=KeyDateKind.REMINDER.value,
        month=month,
        day=day,
        year=year,
        yearly=yearly,
        note=clean_note(note),
        added_on=today,
        source="manual",
    )
    contact.key_dates.append(row)
    refresh_key_date(contact, settings)
    return row


def remove_key_date(contact: Contact, key_date_id: int, *, settings: Settings) -> KeyDate:
    """Remove one of the contact's key dates by its id (``show`` lists them)."""
    for row in contact.key_dates:
        if row.id == key_date_id:
            contact.key_dates.remove(row)
            refresh_key_date(contact, settings)
            return row
    ids = ", ".join(str(row.id) for row in contact.key_dates) or "none"
    raise NotFound(
        f"{contact.full_name} has no date {key_date_id}: their dates are {ids}"
        f" (see netdeck dates {contact.id})"
    )

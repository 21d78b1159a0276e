"""Keeping a contact's pending key date (``key_date_on`` and its kind and note) in
step with their key dates, stage and last interaction.

The rules are :mod:`netdeck.domain.key_dates`; this module reads the rows and
writes the derived columns. Anything that adds, changes or removes a contact's key
dates (an import, ``remind``, a merge, a restore) ends with
:func:`refresh_key_date`.

Internal to the application API.
"""

from __future__ import annotations

from netdeck.domain.key_dates import KeyDateFacts, KeyDateKind, PendingDate, pending_date
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.services.contacts import schedule_facts, store_facts
from netdeck.store.models import Contact, KeyDate

#: The most characters of a reminder's note the queue's reason carries.
NOTE_AT_MOST = 200


def key_date_facts(row: KeyDate) -> KeyDateFacts:
    """The domain's view of one stored key date."""
    return KeyDateFacts(
        kind=KeyDateKind(row.kind),
        month=row.month,
        day=row.day,
        year=row.year,
        yearly=row.yearly,
        added_on=row.added_on,
        note=row.note,
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
    contact.key_date_on = None if pending is None else pending.on
    contact.key_date_kind = None if pending is None else pending.kind.value
    contact.key_date_note = (
        None if pending is None else " ".join(pending.note.split())[:NOTE_AT_MOST]
    )


def refresh_key_date(contact: Contact, settings: Settings) -> None:
    """Recompute the contact's pending key date and, with it, their due date."""
    store_pending(contact, pending_for(contact))
    store_facts(contact, schedule_facts(contact, settings))

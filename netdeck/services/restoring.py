"""Restoring a deck from netdeck's own JSON export: ``netdeck import json``.

A restore fills an **empty** database (no contacts, no interactions) and
refuses any other: merging a whole deck into another would have to guess
which of two people is which, so restore into a new database instead
(``netdeck --db new.db import json deck.json``). The empty deck's snippets,
tags and settings (the defaults a new database starts with) are replaced by
the file's.

The file is read and checked completely before the database is touched
(:mod:`netdeck.importers.netdeck_json`); then a backup is taken and
everything is written in one transaction with bulk inserts. Contacts keep
their ids; channels, interactions, snippets and tags are numbered in file
order; the derived columns (name key, search text, address lookup keys) are
recomputed, and so are the pending key date (from the file's key dates, stage and
last interaction) and each contact's shortest tag cadence; the due date is the
file's (it was derived from the facts the file holds, a change of jobs and a key
date included). What a sync keeps (who awaits your reply,
changes of jobs, who is still connected on LinkedIn, each imported message's key,
the newest export synced) and the streak's history (the days the queue was
cleared) are the file's too; a file older than version 3 restores with none of
the former. So are the pairs the user said are not the same person, key dates
and tag cadences (version 4 on). ``dry_run`` checks and counts but writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import astuple, dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from netdeck.domain.cadence import shortest_cadence
from netdeck.domain.channels import ChannelKind, address_key
from netdeck.domain.errors import InvalidInput
from netdeck.domain.interactions import note_is_the_users
from netdeck.domain.key_dates import pending_date
from netdeck.domain.names import name_key
from netdeck.domain.search import search_text_for
from netdeck.domain.stages import Stage
from netdeck.importers.netdeck_json import (
    ExportedContact,
    NetdeckExport,
    read_netdeck_json_file,
)
from netdeck.services.contacts import key_date_columns, key_date_facts
from netdeck.store.bulk import (
    CHANNEL_COLUMNS,
    CLEARED_DAY_COLUMNS,
    CONTACT_COLUMNS,
    CONTACT_SYNC_COLUMNS,
    CONTACT_TAG_COLUMNS,
    INTERACTION_COLUMNS,
    INTERACTION_SYNC_COLUMNS,
    SETTING_COLUMNS,
    SNIPPET_COLUMNS,
    TAG_COLUMNS,
    bulk_insert,
)
from netdeck.store.database import Database
from netdeck.store.models import (
    Channel,
    ClearedDay,
    Contact,
    ContactEvent,
    ContactTag,
    DeckUser,
    ImportMark,
    Interaction,
    KeyDate,
    NotDuplicate,
    RoleChange,
    Setting,
    Snippet,
    Tag,
)


@dataclass(frozen=True, slots=True)
class RestoreSummary:
    """What a restore wrote (or, with ``dry_run``, would write)."""

    path: str
    dry_run: bool
    contacts: int
    channels: int
    interactions: int
    tags: int
    snippets: int
    settings: int
    cleared_days: int
    role_changes: int
    import_marks: int
    backup: str | None
    #: Birthdays, anniversaries and reminders.
    key_dates: int = 0
    not_duplicates: int = 0  # pairs marked "not the same person"


def restore_netdeck_json(
    database: Database, path: Path, *, today: date, dry_run: bool = False
) -> RestoreSummary:
    """Restore the export at ``path`` into ``database``, which must hold no contacts
    (``today``: no interaction in the file may be after it)."""
    # Anything malformed or against the rules fails here, before any write.
    export = read_netdeck_json_file(path, today=today)
    with database.reading() as session:
        _ensure_empty(session, database, path)
    backup = None
    if not dry_run:
        from netdeck.store.backup import backup_before_change

        made = backup_before_change(database.location, "before-restore")
        backup = str(made) if made is not None else None
        with database.writing() as session:
            _ensure_empty(session, database, path)  # again, inside the write transaction
            _write(session, export)
    return RestoreSummary(
        path=str(path),
        dry_run=dry_run,
        contacts=len(export.contacts),
        channels=sum(len(c.channels) for c in export.contacts),
        interactions=sum(len(c.interactions) for c in export.contacts),
        tags=len(export.tags),
        snippets=len(export.snippets),
        settings=len(export.settings),
        cleared_days=len(export.cleared_days),
        role_changes=sum(len(c.role_changes) for c in export.contacts),
        import_marks=len(export.import_marks),
        backup=backup,
        key_dates=sum(len(c.dates) for c in export.contacts),
        not_duplicates=len(export.not_duplicates),
    )


def _ensure_empty(session: Session, database: Database, path: Path) -> None:
    contacts = session.scalar(select(func.count()).select_from(Contact)) or 0
    interactions = session.scalar(select(func.count()).select_from(Interaction)) or 0
    if contacts or interactions:
        raise InvalidInput(
            f"{database.location.describe()} already holds {contacts} contacts: a JSON export "
            f"restores into an empty database only; restore into a new one, e.g. "
            f"`netdeck --db new.db import json {path}`"
        )


def _write(session: Session, export: NetdeckExport) -> None:
    connection = session.connection()
    # The empty deck's defaults (and any streak of a deck emptied by hand) give way
    # to the file's.
    for model in (
        ContactTag,
        Tag,
        Snippet,
        Setting,
        ClearedDay,
        ImportMark,
        RoleChange,
        KeyDate,
        NotDuplicate,
        ContactEvent,
        DeckUser,
    ):
        session.execute(delete(model))
    bulk_insert(connection, Setting.__table__, SETTING_COLUMNS, sorted(export.settings.items()))
    bulk_insert(
        connection,
        ClearedDay.__table__,
        CLEARED_DAY_COLUMNS,
        [(day,) for day in export.cleared_days],
    )
    bulk_insert(
        connection,
        ImportMark.__table__,
        _IMPORT_MARK_COLUMNS,
        [(m.source, m.latest_as_of) for m in export.import_marks],
    )
    snippet_ids: dict[str, int] = {}
    snippets = []
    for number, s in enumerate(export.snippets, start=1):
        snippet_ids[s.name] = number
        snippets.append(
            (number, s.name, s.kind, s.channel, s.subject, s.body, s.created_at, s.updated_at)
        )
    bulk_insert(connection, Snippet.__table__, SNIPPET_COLUMNS, snippets)
    tag_ids = {name: number for number, name in enumerate(sorted(export.tags), start=1)}
    bulk_insert(
        connection,
        Tag.__table__,
        (*TAG_COLUMNS, "cadence_days"),
        [(i, n, export.tag_cadences.get(n)) for n, i in tag_ids.items()],
    )
    _write_contacts(
        connection,
        export.contacts,
        snippet_ids=snippet_ids,
        tag_ids=tag_ids,
        tag_cadences=export.tag_cadences,
    )
    bulk_insert(
        connection,
        NotDuplicate.__table__,
        ("low_id", "high_id", "marked_at"),
        [(p.low_id, p.high_id, p.marked_at) for p in export.not_duplicates],
    )
    bulk_insert(
        connection,
        DeckUser.__table__,
        ("name", "first_seen_at", "last_seen_at"),
        [(u.name, u.first_seen_at, u.last_seen_at) for u in export.users],
    )


def _write_contacts(
    connection: Connection,
    exported: Sequence[ExportedContact],
    *,
    snippet_ids: dict[str, int],
    tag_ids: dict[str, int],
    tag_cadences: Mapping[str, int],
) -> None:
    """The contacts with their channels, tags, interactions, changes of jobs and key
    dates (each numbered in file order)."""
    contacts: list[tuple[object, ...]] = []
    channels: list[tuple[object, ...]] = []
    contact_tags: list[tuple[int, int]] = []
    interactions: list[tuple[object, ...]] = []
    role_changes: list[tuple[object, ...]] = []
    key_dates: list[tuple[object, ...]] = []
    events: list[tuple[object, ...]] = []
    for c in exported:
        numbered = len(events)
        events.extend((numbered + n, c.id, *astuple(e)) for n, e in enumerate(c.events, start=1))
        for ch in c.channels:
            channels.append(
                (
                    len(channels) + 1,
                    c.id,
                    ch.kind,
                    ch.value,
                    address_key(ChannelKind(ch.kind), ch.value),
                    ch.preferred,
                )
            )
        tags = sorted(c.tags)
        contact_tags.extend((c.id, tag_ids[name]) for name in tags)
        for i in c.interactions:
            interactions.append(
                (
                    len(interactions) + 1,
                    c.id,
                    i.occurred_on,
                    i.channel,
                    i.kind,
                    i.direction,
                    i.note,
                    i.text_sent,
                    snippet_ids[i.snippet] if i.snippet is not None else None,
                    i.source,
                    i.created_at,
                    i.occurred_at,
                    i.external_key,
                    i.impersonal,
                    i.actor,
                )
            )
        for r in c.role_changes:
            role_changes.append(
                (
                    len(role_changes) + 1,
                    c.id,
                    r.changed_on,
                    r.from_company,
                    r.from_title,
                    r.to_company,
                    r.to_title,
                )
            )
        numbered = len(key_dates)
        key_dates.extend((numbered + n, c.id, *astuple(d)) for n, d in enumerate(c.dates, start=1))
        # Derived, as the services keep it: the shortest cadence of their tags (their
        # due dates are the file's, which were computed with it).
        cadence = shortest_cadence(tag_cadences.get(name) for name in tags)
        contacts.append(
            (*_contact_row(c, tags), *_key_date_row(c), cadence, c.bare_request, c.owner)
        )
    bulk_insert(connection, Contact.__table__, _CONTACT_COLUMNS, contacts)
    bulk_insert(connection, Channel.__table__, CHANNEL_COLUMNS, channels)
    bulk_insert(connection, ContactTag.__table__, CONTACT_TAG_COLUMNS, contact_tags)
    bulk_insert(connection, Interaction.__table__, _INTERACTION_COLUMNS, interactions)
    bulk_insert(connection, RoleChange.__table__, _ROLE_CHANGE_COLUMNS, role_changes)
    bulk_insert(connection, KeyDate.__table__, _KEY_DATE_COLUMNS, key_dates)
    bulk_insert(connection, ContactEvent.__table__, _EVENT_COLUMNS, events)


def _key_date_row(c: ExportedContact) -> tuple[object, ...]:
    """The contact's pending key date columns, as the rules derive them."""
    pending = pending_date(
        (key_date_facts(d) for d in c.dates),
        stage=Stage(c.stage),
        last_interaction_on=c.last_interaction_on,
    )
    return tuple(key_date_columns(pending).values())


#: The rows a restore writes: the bulk rows' columns, what a sync keeps, the nickname,
#: the pending key date and the shortest tag cadence (both derived).
_CONTACT_COLUMNS = (
    *CONTACT_COLUMNS,
    *CONTACT_SYNC_COLUMNS,
    "nickname",
    "key_date_on",
    "key_date_kind",
    "key_date_note",
    "tag_cadence_days",
    "bare_request",
    "owner",
)
#: In :class:`~netdeck.importers.netdeck_json_format.ExportedKeyDate` order after the two ids.
_KEY_DATE_COLUMNS = (
    "id",
    "contact_id",
    "kind",
    "month",
    "day",
    "year",
    "yearly",
    "note",
    "added_on",
    "source",
)
_INTERACTION_COLUMNS = (*INTERACTION_COLUMNS, *INTERACTION_SYNC_COLUMNS, "impersonal", "actor")
#: In :class:`~netdeck.importers.netdeck_json_format.ExportedEvent` order after the two ids.
_EVENT_COLUMNS = ("id", "contact_id", "kind", "detail", "occurred_on", "at", "actor")
_ROLE_CHANGE_COLUMNS = (
    "id",
    "contact_id",
    "changed_on",
    "from_company",
    "from_title",
    "to_company",
    "to_title",
)
_IMPORT_MARK_COLUMNS = ("source", "latest_as_of")


def _search_text(c: ExportedContact, tags: list[str]) -> str:
    """What :func:`netdeck.services.contacts.refresh_search_text` would store: the
    user's interaction notes newest first (file order breaks ties, as ids do)."""
    logged = sorted(enumerate(c.interactions), key=lambda e: (e[1].occurred_on, e[0]))
    return search_text_for(
        c.full_name,
        c.company,
        c.title,
        [ch.value for ch in c.channels],
        tags,
        how_we_met=c.how_we_met,
        notes=c.notes,
        nickname=c.nickname,
        interaction_notes=[i.note for _, i in reversed(logged) if note_is_the_users(i.source)],
    )


def _contact_row(c: ExportedContact, tags: list[str]) -> tuple[object, ...]:
    """A contact's row in ``_CONTACT_COLUMNS`` order, the derived columns recomputed."""
    return (
        c.id,
        c.full_name,
        c.first_name,
        c.last_name,
        name_key(c.full_name),
        c.company,
        c.title,
        c.how_we_met,
        c.notes,
        c.ask_about,
        c.stage,
        c.stage_since,
        c.cadence_days,
        c.next_due_on,
        c.snoozed_until,
        c.skipped_on,
        c.last_interaction_on,
        c.connected_on,
        c.source,
        _search_text(c, tags),
        c.created_at,
        c.updated_at,
        c.awaiting_reply_on,
        c.awaiting_reply_preview,
        c.role_changed_on,
        c.linkedin_connected,
        c.imported_company,
        c.imported_title,
        c.nickname,
    )

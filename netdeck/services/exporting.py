"""Taking your data out: ``netdeck export csv|vcard|json`` and ``netdeck backup``.

The CSV and vCard exports hold what the importers read back: every address,
the nickname, and birthdays and anniversaries (CSV ``Birthday`` and
``Anniversary`` as ``1980-01-20``, or ``--01-20`` without a year, as Google
writes them; vCard ``BDAY`` and ``ANNIVERSARY`` as ``1980-01-20`` or
``--0120``). Reminders the user set are in the JSON export only.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from netdeck.domain.channels import ChannelKind, channel_url
from netdeck.domain.errors import InvalidInput
from netdeck.domain.key_dates import KeyDateKind
from netdeck.importers.spreadsheet import write_csv
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
from netdeck.store.sql import by_code_point

if TYPE_CHECKING:  # the JSON format is imported when an export runs (one-off command)
    from netdeck.importers.netdeck_json_format import (
        ExportedContact,
        ExportedEvent,
        ExportedInteraction,
        ExportedKeyDate,
        ExportedRoleChange,
        ExportedSnippet,
    )

CSV_COLUMNS = (
    "Name",
    "First Name",
    "Last Name",
    "Nickname",
    "Company",
    "Title",
    "Email",
    "LinkedIn",
    "X",
    "Website",
    "Phone",
    "Stage",
    "Cadence Days",
    "Next Due",
    "Last Interaction",
    "Connected On",
    "Birthday",
    "Anniversary",
    "How We Met",
    "Notes",
    "Tags",
)


def _card_dates(session: Session) -> dict[int, dict[str, list[tuple[int | None, int, int]]]]:
    """Each contact's birthdays and anniversaries as (year, month, day), in the order added."""
    dates: dict[int, dict[str, list[tuple[int | None, int, int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for contact_id, kind, year, month, day in session.execute(
        select(KeyDate.contact_id, KeyDate.kind, KeyDate.year, KeyDate.month, KeyDate.day)
        .where(KeyDate.kind.in_([KeyDateKind.BIRTHDAY.value, KeyDateKind.ANNIVERSARY.value]))
        .order_by(KeyDate.contact_id, KeyDate.id)
    ):
        dates[contact_id][kind].append((year, month, day))
    return dates


def _csv_date(year: int | None, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _vcard_date(year: int | None, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}{day:02d}"


def contacts_csv(session: Session) -> str:
    """Every contact, one row each (several addresses of a kind joined by ``; ``)."""
    addresses: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for contact_id, kind, value in session.execute(
        select(Channel.contact_id, Channel.kind, Channel.value).order_by(
            Channel.contact_id, Channel.preferred.desc(), Channel.id
        )
    ):
        addresses[contact_id][kind].append(value)
    tags: dict[int, list[str]] = defaultdict(list)
    for contact_id, name in session.execute(
        select(ContactTag.contact_id, Tag.name)
        .join(Tag, Tag.id == ContactTag.tag_id)
        .order_by(ContactTag.contact_id, by_code_point(Tag.name))
    ):
        tags[contact_id].append(name)
    dates = _card_dates(session)

    def day(value: date | None) -> str:
        return value.isoformat() if value else ""

    rows = []
    for c in session.scalars(select(Contact).order_by(by_code_point(Contact.name_key), Contact.id)):
        own = addresses.get(c.id, {})
        own_dates = dates.get(c.id, {})
        rows.append(
            (
                c.full_name,
                c.first_name,
                c.last_name,
                c.nickname,
                c.company,
                c.title,
                *("; ".join(own.get(kind.value, [])) for kind in _ADDRESS_KINDS),
                c.stage,
                str(c.cadence_days or ""),
                day(c.next_due_on),
                day(c.last_interaction_on),
                day(c.connected_on),
                *(
                    "; ".join(_csv_date(*d) for d in own_dates.get(kind.value, []))
                    for kind in (KeyDateKind.BIRTHDAY, KeyDateKind.ANNIVERSARY)
                ),
                c.how_we_met,
                c.notes,
                "; ".join(tags.get(c.id, [])),
            )
        )
    return write_csv(CSV_COLUMNS, rows)


_ADDRESS_KINDS = (
    ChannelKind.EMAIL,
    ChannelKind.LINKEDIN,
    ChannelKind.X,
    ChannelKind.WEBSITE,
    ChannelKind.PHONE,
)


def contacts_vcard(session: Session) -> str:
    """Every contact as a vCard 3.0 card (CRLF line ends), readable by vobject and
    common address books."""
    import vobject  # a one-off command's import: kept off the start-up path

    addresses: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for contact_id, kind, value in session.execute(
        select(Channel.contact_id, Channel.kind, Channel.value).order_by(
            Channel.contact_id, Channel.preferred.desc(), Channel.id
        )
    ):
        addresses[contact_id].append((kind, value))
    tags: dict[int, list[str]] = defaultdict(list)
    for contact_id, name in session.execute(
        select(ContactTag.contact_id, Tag.name)
        .join(Tag, Tag.id == ContactTag.tag_id)
        .order_by(ContactTag.contact_id, by_code_point(Tag.name))
    ):
        tags[contact_id].append(name)
    dates = _card_dates(session)
    cards = []
    for c in session.scalars(select(Contact).order_by(by_code_point(Contact.name_key), Contact.id)):
        card = vobject.vCard()
        card.add("fn").value = c.full_name
        card.add("n").value = vobject.vcard.Name(family=c.last_name, given=c.first_name)
        if c.company:
            card.add("org").value = [c.company]
        if c.title:
            card.add("title").value = c.title
        if c.nickname:
            card.add("nickname").value = c.nickname
        if c.notes:
            card.add("note").value = c.notes
        for kind_name, property_name in (("birthday", "bday"), ("anniversary", "anniversary")):
            for year, month, day in dates.get(c.id, {}).get(kind_name, []):
                card.add(property_name).value = _vcard_date(year, month, day)
        if c.id in tags:
            card.add("categories").value = tags[c.id]
        for kind, value in addresses.get(c.id, []):
            if kind == ChannelKind.EMAIL.value:
                entry = card.add("email")
                entry.value = value
                entry.type_param = "INTERNET"
            elif kind == ChannelKind.PHONE.value:
                card.add("tel").value = value
            else:
                card.add("url").value = channel_url(ChannelKind(kind), value)
        cards.append(card.serialize())
    return "".join(cards)


def export_json(session: Session) -> str:
    """Everything in the deck as netdeck's own JSON export (see
    :mod:`netdeck.importers.netdeck_json_format`); ``netdeck import json`` restores it."""
    from netdeck.importers.netdeck_json_format import (
        ExportedImportMark,
        ExportedNotDuplicate,
        ExportedUser,
        NetdeckExport,
        write_netdeck_json,
    )

    snippet_names, snippets = _exported_snippets(session)
    return write_netdeck_json(
        NetdeckExport(
            settings={
                key: value for key, value in session.execute(select(Setting.key, Setting.value))
            },
            tags=tuple(session.scalars(select(Tag.name))),
            tag_cadences={
                name: days
                for name, days in session.execute(select(Tag.name, Tag.cadence_days))
                if days is not None
            },
            snippets=snippets,
            contacts=_exported_contacts(session, snippet_names),
            cleared_days=tuple(session.scalars(select(ClearedDay.day).order_by(ClearedDay.day))),
            import_marks=tuple(
                ExportedImportMark(source, latest_as_of)
                for source, latest_as_of in session.execute(
                    select(ImportMark.source, ImportMark.latest_as_of).order_by(ImportMark.source)
                )
            ),
            not_duplicates=tuple(
                ExportedNotDuplicate(low, high, marked_at)
                for low, high, marked_at in session.execute(
                    select(
                        NotDuplicate.low_id, NotDuplicate.high_id, NotDuplicate.marked_at
                    ).order_by(NotDuplicate.low_id, NotDuplicate.high_id)
                )
            ),
            users=tuple(
                ExportedUser(name, first, last)
                for name, first, last in session.execute(
                    select(DeckUser.name, DeckUser.first_seen_at, DeckUser.last_seen_at)
                )
            ),
        )
    )


def _exported_snippets(session: Session) -> tuple[dict[int, str], tuple[ExportedSnippet, ...]]:
    """Every snippet by name, and each snippet's name by id (interactions name their snippet)."""
    from netdeck.importers.netdeck_json_format import ExportedSnippet

    snippet_names: dict[int, str] = {}
    snippets = []
    for s in session.scalars(select(Snippet).order_by(by_code_point(Snippet.name), Snippet.id)):
        snippet_names[s.id] = s.name
        snippets.append(
            ExportedSnippet(
                s.name, s.kind, s.channel, s.subject, s.body, s.created_at, s.updated_at
            )
        )
    return snippet_names, tuple(snippets)


def _exported_contacts(
    session: Session, snippet_names: dict[int, str]
) -> tuple[ExportedContact, ...]:
    """Every contact by id, with its channels, tags, interactions and changes of jobs."""
    from netdeck.importers.netdeck_json_format import ExportedChannel, ExportedContact

    channels: dict[int, list[ExportedChannel]] = defaultdict(list)
    for contact_id, kind, value, preferred in session.execute(
        select(Channel.contact_id, Channel.kind, Channel.value, Channel.preferred).order_by(
            Channel.contact_id, Channel.id
        )
    ):
        channels[contact_id].append(ExportedChannel(kind, value, bool(preferred)))
    tags: dict[int, list[str]] = defaultdict(list)
    for contact_id, name in session.execute(
        select(ContactTag.contact_id, Tag.name).join(Tag, Tag.id == ContactTag.tag_id)
    ):
        tags[contact_id].append(name)
    interactions = _exported_interactions(session, snippet_names)
    events = _exported_events(session)
    role_changes = _exported_role_changes(session)
    dates = _exported_key_dates(session)
    return tuple(
        ExportedContact(
            id=c.id,
            full_name=c.full_name,
            first_name=c.first_name,
            last_name=c.last_name,
            nickname=c.nickname,
            company=c.company,
            title=c.title,
            how_we_met=c.how_we_met,
            notes=c.notes,
            ask_about=c.ask_about,
            stage=c.stage,
            stage_since=c.stage_since,
            cadence_days=c.cadence_days,
            next_due_on=c.next_due_on,
            snoozed_until=c.snoozed_until,
            skipped_on=c.skipped_on,
            last_interaction_on=c.last_interaction_on,
            connected_on=c.connected_on,
            awaiting_reply_on=c.awaiting_reply_on,
            awaiting_reply_preview=c.awaiting_reply_preview,
            role_changed_on=c.role_changed_on,
            linkedin_connected=c.linkedin_connected,
            imported_company=c.imported_company,
            imported_title=c.imported_title,
            bare_request=c.bare_request,
            owner=c.owner,
            source=c.source,
            created_at=c.created_at,
            updated_at=c.updated_at,
            channels=tuple(channels.get(c.id, ())),
            tags=tuple(tags.get(c.id, ())),
            interactions=tuple(interactions.get(c.id, ())),
            role_changes=tuple(role_changes.get(c.id, ())),
            dates=tuple(dates.get(c.id, ())),
            events=tuple(events.get(c.id, ())),
        )
        for c in session.execute(select(*_EXPORTED_CONTACT_COLUMNS).order_by(Contact.id))
    )


def _exported_interactions(
    session: Session, snippet_names: dict[int, str]
) -> dict[int, list[ExportedInteraction]]:
    """Each contact's interactions, oldest first, naming the snippet each one used."""
    from netdeck.importers.netdeck_json_format import ExportedInteraction

    interactions: dict[int, list[ExportedInteraction]] = defaultdict(list)
    for i in session.execute(
        select(
            Interaction.contact_id,
            Interaction.occurred_on,
            Interaction.channel,
            Interaction.kind,
            Interaction.direction,
            Interaction.note,
            Interaction.text_sent,
            Interaction.snippet_id,
            Interaction.source,
            Interaction.created_at,
            Interaction.occurred_at,
            Interaction.external_key,
            Interaction.impersonal,
            Interaction.actor,
        ).order_by(Interaction.contact_id, Interaction.occurred_on, Interaction.id)
    ):
        interactions[i.contact_id].append(
            ExportedInteraction(
                occurred_on=i.occurred_on,
                channel=i.channel,
                kind=i.kind,
                direction=i.direction,
                note=i.note,
                text_sent=i.text_sent,
                snippet=snippet_names.get(i.snippet_id) if i.snippet_id is not None else None,
                source=i.source,
                created_at=i.created_at,
                occurred_at=i.occurred_at,
                external_key=i.external_key,
                impersonal=i.impersonal,
                actor=i.actor,
            )
        )
    return interactions


def _exported_events(session: Session) -> dict[int, list[ExportedEvent]]:
    """Each contact's events (who did what), oldest first."""
    from netdeck.importers.netdeck_json_format import ExportedEvent

    events: dict[int, list[ExportedEvent]] = defaultdict(list)
    for e in session.execute(
        select(
            ContactEvent.contact_id,
            ContactEvent.kind,
            ContactEvent.detail,
            ContactEvent.occurred_on,
            ContactEvent.at,
            ContactEvent.actor,
        ).order_by(ContactEvent.contact_id, ContactEvent.at, ContactEvent.id)
    ):
        events[e.contact_id].append(ExportedEvent(e.kind, e.detail, e.occurred_on, e.at, e.actor))
    return events


def _exported_role_changes(session: Session) -> dict[int, list[ExportedRoleChange]]:
    """Each contact's changes of jobs, in the order they were recorded."""
    from netdeck.importers.netdeck_json_format import ExportedRoleChange

    changes: dict[int, list[ExportedRoleChange]] = defaultdict(list)
    for r in session.execute(
        select(
            RoleChange.contact_id,
            RoleChange.changed_on,
            RoleChange.from_company,
            RoleChange.from_title,
            RoleChange.to_company,
            RoleChange.to_title,
        ).order_by(RoleChange.contact_id, RoleChange.id)
    ):
        changes[r.contact_id].append(
            ExportedRoleChange(r.changed_on, r.from_company, r.from_title, r.to_company, r.to_title)
        )
    return changes


def _exported_key_dates(session: Session) -> dict[int, list[ExportedKeyDate]]:
    """Each contact's birthdays, anniversaries and reminders, in the order they were added."""
    from netdeck.importers.netdeck_json_format import ExportedKeyDate

    dates: dict[int, list[ExportedKeyDate]] = defaultdict(list)
    for d in session.scalars(select(KeyDate).order_by(KeyDate.contact_id, KeyDate.id)):
        dates[d.contact_id].append(
            ExportedKeyDate(d.kind, d.month, d.day, d.year, d.yearly, d.note, d.added_on, d.source)
        )
    return dates


#: The contact columns a JSON export holds (the derived ones are recomputed on restore).
_EXPORTED_CONTACT_COLUMNS = (
    Contact.id,
    Contact.full_name,
    Contact.first_name,
    Contact.last_name,
    Contact.nickname,
    Contact.company,
    Contact.title,
    Contact.how_we_met,
    Contact.notes,
    Contact.ask_about,
    Contact.stage,
    Contact.stage_since,
    Contact.cadence_days,
    Contact.next_due_on,
    Contact.snoozed_until,
    Contact.skipped_on,
    Contact.last_interaction_on,
    Contact.connected_on,
    Contact.awaiting_reply_on,
    Contact.awaiting_reply_preview,
    Contact.role_changed_on,
    Contact.linkedin_connected,
    Contact.imported_company,
    Contact.imported_title,
    Contact.bare_request,
    Contact.source,
    Contact.created_at,
    Contact.updated_at,
    Contact.owner,
)


EXPORT_FORMATS = {"csv": contacts_csv, "vcard": contacts_vcard, "json": export_json}


def export_text(database: Database, format_name: str) -> str:
    """The whole deck in ``format_name`` (``csv``, ``vcard`` or ``json``), as text."""
    write = EXPORT_FORMATS[format_name]
    with database.reading() as session:
        return write(session)


def export_to_file(
    database: Database, format_name: str, destination: Path, *, force: bool = False
) -> Path:
    """Write the export to ``destination`` (mode 0600) by the rules of
    :mod:`netdeck.store.output_files`: an existing path only with ``force``, never a
    symbolic link or the open database. Checked before the export is built, so a
    refused path costs nothing."""
    from netdeck.store.output_files import check_destination, write_text_file

    protected = database.location.path
    check_destination(destination, database=protected, force=force)
    return write_text_file(
        destination, export_text(database, format_name), database=protected, force=force
    )


def backup_database(database: Database, destination: Path | None, *, force: bool = False) -> Path:
    """A consistent copy of the live database (SQLite backup API, mode 0600): at
    ``destination`` (by the same rules as :func:`export_to_file`), or a timestamped
    file in ``backups/`` beside the database, which rotation never deletes."""
    location = database.location
    if location.path is None or location.backups_dir is None:
        raise InvalidInput(
            f"{location.describe()} is not a SQLite file: back it up with its own tools "
            "(pg_dump), or copy it into a SQLite file with `netdeck copy --to FILE.db`"
        )
    from netdeck.store.backup import MANUAL_REASON, backup_into, copy_database

    if destination is None:
        return backup_into(location.path, location.backups_dir, MANUAL_REASON)
    return copy_database(location.path, destination, force=force)

"""Taking your data out: ``netdeck export csv`` and ``netdeck backup``."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from netdeck.domain.channels import ChannelKind, channel_url
from netdeck.domain.errors import InvalidInput
from netdeck.importers.spreadsheet import write_csv
from netdeck.store.database import Database
from netdeck.store.models import Channel, Contact, ContactTag, Tag

CSV_COLUMNS = (
    "Name",
    "First Name",
    "Last Name",
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
    "How We Met",
    "Notes",
    "Tags",
)


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
        .order_by(ContactTag.contact_id, Tag.name)
    ):
        tags[contact_id].append(name)

    def day(value) -> str:
        return value.isoformat() if value else ""

    rows = []
    for c in session.scalars(select(Contact).order_by(Contact.name_key, Contact.id)):
        own = addresses.get(c.id, {})
        rows.append(
            (
                c.full_name,
                c.first_name,
                c.last_name,
                c.company,
                c.title,
                *("; ".join(own.get(kind.value, [])) for kind in _ADDRESS_KINDS),
                c.stage,
                str(c.cadence_days or ""),
                day(c.next_due_on),
                day(c.last_interaction_on),
                day(c.connected_on),
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
    cards = []
    for c in session.scalars(select(Contact).order_by(Contact.name_key, Contact.id)):
        card = vobject.vCard()
        card.add("fn").value = c.full_name
        card.add("n").value = vobject.vcard.Name(family=c.last_name, given=c.first_name)
        if c.company:
            card.add("org").value = [c.company]
        if c.title:
            card.add("title").value = c.title
        if c.notes:
            card.add("note").value = c.notes
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


def backup_database(database: Database, destination: Path | None) -> Path:
    """A consistent copy of the live database (SQLite backup API, mode 0600): at
    ``destination``, or a timestamped file in ``backups/`` beside the database."""
    location = database.location
    if location.path is None or location.backups_dir is None:
        raise InvalidInput(
            f"{location.describe()} is not a SQLite file: back it up with its own tools"
        )
    from netdeck.store.backup import backup_into, copy_database

    if destination is None:
        return backup_into(location.path, location.backups_dir, "manual")
    if destination.exists():
        raise InvalidInput(f"{destination} already exists: choose a new file name")
    return copy_database(location.path, destination)

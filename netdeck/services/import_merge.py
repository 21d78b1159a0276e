"""How imported people meet the deck: the matching index, the fill of a matched
contact, the bulk insert of new ones, and the progress an import reports.

The rules (which contact a person matches, where new people land) are told in
:mod:`netdeck.services.importing`, the entry points that read each format and
hand their people here. What a LinkedIn export says beyond the people (every
message, acceptances, changes of jobs, who is gone) is
:mod:`netdeck.services.linkedin_sync`'s, which runs after this on the contacts
this matched or planned.

(About 500 lines: matching, filling and inserting share the import's person type
and its progress; apart, each would restate them.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from netdeck.domain.channels import ChannelKind, address_key
from netdeck.domain.names import name_key
from netdeck.domain.scheduling import ScheduleFacts, next_due_on
from netdeck.domain.search import search_text_for
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.importers.linkedin import LastMessage
from netdeck.importers.source_files import SkippedRow
from netdeck.services.contacts import refresh_search_text, schedule_facts, store_facts
from netdeck.services.settings import load_settings
from netdeck.store.bulk import (
    CHANNEL_COLUMNS,
    CONTACT_COLUMNS,
    CONTACT_TAG_COLUMNS,
    bulk_insert,
)
from netdeck.store.models import Channel, Contact, ContactTag, Tag, utc_now
from netdeck.store.sql import in_lists, rows_for_ids

RECENT_CONNECTION_DAYS = 30
RECENT_MESSAGE_DAYS = 365
LINKEDIN_SOURCE = "linkedin"


@dataclass(frozen=True, slots=True)
class FinalRows:
    """What a sync makes of the new people it writes: each one's row (worked out when
    it is written, so tens of thousands of row dicts never exist at once) and the
    columns every row has."""

    columns: tuple[str, ...]
    row_for: Callable[[int], Mapping[str, object]]


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """How far an import has got: ``done`` of ``total`` in ``phase``.

    Phases, in order: ``reading`` the file (``total`` 0: the size is not known
    yet), ``matching`` the rows against the deck (every row), ``writing`` the
    people added or matched (skipped when nothing would change, and by a dry run).
    A phase ends with ``done == total``.
    """

    phase: str
    done: int
    total: int


ProgressCallback = Callable[[ImportProgress], None]


def progress_ticker(
    progress: ProgressCallback | None, phase: str, total: int
) -> Callable[[int], None]:
    """``tick(done)`` reports to ``progress`` about every 1% of ``total`` (and at the end)."""
    if progress is None:
        return lambda done: None
    every = max(1, total // 100)

    def tick(done: int) -> None:
        if done % every == 0 or done == total:
            progress(ImportProgress(phase, done, total))

    return tick


@dataclass(slots=True)
class ImportedPerson:
    """One person from the export, as netdeck will store them."""

    file: str
    line: int
    full_name: str
    first_name: str
    last_name: str
    url: str | None
    email: str | None
    company: str = ""
    title: str = ""
    connected_on: date | None = None
    invitation: bool = False  # an outgoing invitation, not a connection
    invited_on: date | None = None
    message: LastMessage | None = None
    x: str | None = None
    notes: str = ""
    tags: tuple[str, ...] = ()
    source: str = LINKEDIN_SOURCE


@dataclass(slots=True)
class MergeOutcome:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    interactions: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)
    written: int = 0  # people a writing pass adds or goes through (its progress total)
    #: For each person given, the contact they matched or will be (None: skipped).
    contact_ids: list[int | None] = field(default_factory=list)
    #: The matched contacts this merge changed.
    changed_ids: set[int] = field(default_factory=set)
    #: The new people by the id they get, with where they land.
    new: dict[int, tuple[ImportedPerson, ScheduleFacts]] = field(default_factory=dict)
    #: Writes the new people, when ``merge_people`` was told to wait (``defer_new``):
    #: each one's columns, or those given for it (a sync's), by contact id.
    insert_new: Callable[[FinalRows | None], None] | None = None


class _Index:
    """Existing contacts by LinkedIn key, email key and (name key, company); grows as
    new people are planned so duplicates inside one export collapse too."""

    def __init__(self, session: Session) -> None:
        self.by_url: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.url_of: dict[int, str] = {}
        self.by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
        rows = session.execute(
            select(Channel.contact_id, Channel.kind, Channel.lookup_key).where(
                Channel.kind.in_([ChannelKind.LINKEDIN.value, ChannelKind.EMAIL.value])
            )
        )
        for contact_id, kind, key in rows:
            if kind == ChannelKind.LINKEDIN.value:
                self.by_url.setdefault(key, contact_id)
                self.url_of.setdefault(contact_id, key)
            else:
                self.by_email.setdefault(key, contact_id)
        for contact_id, key, company in session.execute(
            select(Contact.id, Contact.name_key, Contact.company)
        ):
            self.by_name[(key, company.casefold())].append(contact_id)

    def find(self, person: ImportedPerson) -> int | list[int] | None:
        url_key = address_key(ChannelKind.LINKEDIN, person.url) if person.url else None
        if url_key and url_key in self.by_url:
            return self.by_url[url_key]
        if person.email:
            found = self.by_email.get(address_key(ChannelKind.EMAIL, person.email))
            if found is not None and (url_key is None or self.url_of.get(found) in (None, url_key)):
                return found
        if url_key is None and person.email is None:
            candidates = self.by_name.get((name_key(person.full_name), person.company.casefold()))
            if candidates:
                return candidates[0] if len(candidates) == 1 else list(candidates)
        return None

    def remember(self, contact_id: int, person: ImportedPerson) -> None:
        if person.url:
            key = address_key(ChannelKind.LINKEDIN, person.url)
            self.by_url.setdefault(key, contact_id)
            self.url_of.setdefault(contact_id, key)
        if person.email:
            self.by_email.setdefault(address_key(ChannelKind.EMAIL, person.email), contact_id)
        same_name = self.by_name[(name_key(person.full_name), person.company.casefold())]
        if contact_id not in same_name:
            same_name.append(contact_id)


def merge_people(
    session: Session,
    people: list[ImportedPerson],
    skipped: list[SkippedRow],
    today: date,
    *,
    write: bool,
    progress: ProgressCallback | None = None,
    plan_new: bool = True,
    defer_new: bool = False,
) -> MergeOutcome:
    """Match ``people`` against the deck, then fill the matched contacts and add the
    new people (counting only, unless ``write``). A count that needs no more leaves
    ``plan_new`` off: where the new people land is then not worked out. With
    ``defer_new`` the new people are written later, by ``outcome.insert_new`` (given
    the columns a sync changed, so each new row is written once, as it ends up)."""
    settings = load_settings(session)
    # The dry pass reports matching row by row; the writing pass, the people it writes.
    matching = progress_ticker(progress if not write else None, "matching", len(people))
    outcome = MergeOutcome(skipped=skipped)
    new, matched = _match(session, people, outcome, matching)
    if write or plan_new:
        outcome.new = {
            contact_id: (person, landing_facts(person, today, settings.default_cadence))
            for contact_id, person in new
        }
    tag_rows = _tags(session, {t for person in people for t in person.tags}, create=write)
    filled = _to_fill(session, matched)
    loaded = _load_contacts(session, filled) if write else {}
    outcome.written = len(matched) + len(new)
    writing = progress_ticker(progress if write else None, "writing", outcome.written)
    for done, contact_id in enumerate(filled):
        writing(done)
        if write:
            for person in matched[contact_id]:
                _fill(loaded[contact_id], person, tag_rows, settings, write=True)
    if write:
        refresh_search_text(session, list(loaded.values()))
    outcome.updated = len(filled)
    outcome.changed_ids.update(filled)
    outcome.unchanged += len(matched) - len(filled)
    outcome.added = len(new)
    if write and new:
        session.flush()

        def insert(final: FinalRows | None = None) -> None:
            _insert_new(
                session, outcome.new, tag_rows, lambda done: writing(len(matched) + done), final
            )
            writing(len(matched) + len(new))

        if defer_new:
            outcome.insert_new = insert
            return outcome
        insert()
    writing(len(matched) + len(new))
    return outcome


def _match(
    session: Session,
    people: list[ImportedPerson],
    outcome: MergeOutcome,
    matching: Callable[[int], None],
) -> tuple[list[tuple[int, ImportedPerson]], dict[int, list[ImportedPerson]]]:
    """The new people with the ids they will get, and the people matched to each
    existing contact; ambiguous rows go to ``outcome.skipped``, repeats to ``unchanged``."""
    index = _Index(session)
    next_contact_id = (session.scalar(select(func.max(Contact.id))) or 0) + 1
    new: list[tuple[int, ImportedPerson]] = []
    matched: dict[int, list[ImportedPerson]] = defaultdict(list)
    new_ids: set[int] = set()
    for done, person in enumerate(people):
        matching(done)
        found = index.find(person)
        outcome.contact_ids.append(found if isinstance(found, int) else None)
        if isinstance(found, list):
            outcome.skipped.append(
                SkippedRow(
                    person.file,
                    person.line,
                    f"{person.full_name} at {person.company or 'no company'} matches "
                    f"{len(found)} contacts (ids {', '.join(map(str, found))}): add it by hand",
                )
            )
            continue
        if found is None:
            found = next_contact_id
            next_contact_id += 1
            new.append((found, person))
            new_ids.add(found)
            outcome.contact_ids[-1] = found
        elif found in new_ids:
            outcome.unchanged += 1  # the same person twice in one export
            outcome.contact_ids[-1] = found
            continue
        else:
            matched[found].append(person)
        index.remember(found, person)
    matching(len(people))
    return new, matched


def _load_contacts(session: Session, ids: list[int]) -> dict[int, Contact]:
    """The contacts with these ids, with their channels and tags (in chunks the
    database's IN list allows)."""
    loaded: dict[int, Contact] = {}
    for chunk in in_lists(ids):
        query = (
            select(Contact)
            .where(Contact.id.in_(chunk))
            .options(selectinload(Contact.channels), selectinload(Contact.tags))
        )
        loaded.update((contact.id, contact) for contact in session.scalars(query))
    return loaded


def _tags(session: Session, names: set[str], *, create: bool) -> dict[str, Tag]:
    """The tags with these names (created when ``create``; else only existing ones)."""
    found = {tag.name: tag for tag in session.scalars(select(Tag).where(Tag.name.in_(names)))}
    if create:
        for name in sorted(names - set(found)):
            found[name] = Tag(name=name)
            session.add(found[name])
        session.flush()
    return found


@dataclass(frozen=True, slots=True)
class _Light:
    """What :func:`_fills` needs to know of a contact."""

    company: str
    title: str
    connected_on: date | None
    notes: str
    kinds: frozenset[str]
    tags: frozenset[str]


def _to_fill(session: Session, matched: dict[int, list[ImportedPerson]]) -> list[int]:
    """The matched contacts a fill would change. Most change nothing (a re-import):
    that is decided from light rows, and only these are loaded as ORM objects."""
    light = _light_contacts(session, list(matched))
    return [
        contact_id
        for contact_id, persons in matched.items()
        if any(_fills(light[contact_id], person) for person in persons)
    ]


def _light_contacts(session: Session, ids: list[int]) -> dict[int, _Light]:
    """The columns, address kinds and tag names of these contacts (no ORM objects)."""
    kinds: dict[int, set[str]] = defaultdict(set)
    tags: dict[int, set[str]] = defaultdict(set)
    rows: dict[int, tuple[str, str, date | None, str]] = {}
    wanted = set(ids)
    columns = select(
        Contact.id, Contact.company, Contact.title, Contact.connected_on, Contact.notes
    )
    for row in rows_for_ids(session, columns, Contact.id, wanted):
        rows[row.id] = (row.company, row.title, row.connected_on, row.notes)
    addresses = select(Channel.contact_id, Channel.kind)
    for contact_id, kind in rows_for_ids(session, addresses, Channel.contact_id, wanted):
        kinds[contact_id].add(kind)
    names = select(ContactTag.contact_id, Tag.name).join(Tag, Tag.id == ContactTag.tag_id)
    for contact_id, name in rows_for_ids(session, names, ContactTag.contact_id, wanted):
        tags[contact_id].add(name)
    return {
        contact_id: _Light(*columns, frozenset(kinds[contact_id]), frozenset(tags[contact_id]))
        for contact_id, columns in rows.items()
    }


def _fills(contact: _Light, person: ImportedPerson) -> bool:
    """Whether :func:`_fill` gives the contact anything it lacks (the same rule)."""
    if person.source != LINKEDIN_SOURCE and (
        (not contact.company and person.company) or (not contact.title and person.title)
    ):
        return True
    return bool(
        (contact.connected_on is None and person.connected_on is not None)
        or (not contact.notes and person.notes)
        or any(kind.value not in contact.kinds for kind, _ in _addresses(person))
        or any(name not in contact.tags for name in person.tags)
    )


def _fill(
    contact: Contact,
    person: ImportedPerson,
    tag_rows: dict[str, Tag],
    settings: Settings,
    *,
    write: bool,
) -> bool:
    """Give ``contact`` what it lacks from ``person``; True when anything changed. A
    LinkedIn person's company and title are the sync's (changes of jobs)."""
    changes: dict[str, object] = {}
    if person.source != LINKEDIN_SOURCE:
        if not contact.company and person.company:
            changes["company"] = person.company
        if not contact.title and person.title:
            changes["title"] = person.title
    if contact.connected_on is None and person.connected_on is not None:
        changes["connected_on"] = person.connected_on
    if not contact.notes and person.notes:
        changes["notes"] = person.notes
    kinds = {channel.kind for channel in contact.channels}
    new_channels = [(kind, value) for kind, value in _addresses(person) if kind.value not in kinds]
    have = {t.name for t in contact.tags}
    wants_tags = [name for name in person.tags if name not in have]
    changed = bool(changes or new_channels or wants_tags)
    if not write or not changed:
        return changed
    for attribute, value in changes.items():
        setattr(contact, attribute, value)
    for kind, value in new_channels:
        contact.channels.append(
            Channel(
                kind=kind.value,
                value=value,
                lookup_key=address_key(kind, value),
                preferred=not contact.channels,
            )
        )
    contact.tags.extend(tag_rows[name] for name in wants_tags)
    store_facts(contact, schedule_facts(contact, settings))
    return True


def landing_facts(person: ImportedPerson, today: date, cadence_days: int) -> ScheduleFacts:
    """Where a new person lands (the rule in the module docstring)."""
    message = person.message if person.message and person.message.occurred_on <= today else None
    last = message.occurred_on if message else None
    if person.invitation:
        stage, since = Stage.REQUESTED, min(person.invited_on or today, today)
    elif person.connected_on and today - person.connected_on <= timedelta(
        days=RECENT_CONNECTION_DAYS
    ):
        stage, since = Stage.CONNECTED, min(person.connected_on, today)
    elif last is not None and today - last <= timedelta(days=RECENT_MESSAGE_DAYS):
        stage, since = Stage.ACTIVE, last
    else:
        stage, since = Stage.UNSORTED, today
    return ScheduleFacts(
        stage=stage,
        stage_since=since,
        cadence_days=cadence_days,
        connected_on=person.connected_on,
        last_interaction_on=last,
    )


def _insert_new(
    session: Session,
    new: dict[int, tuple[ImportedPerson, ScheduleFacts]],
    tag_rows: dict[str, Tag],
    tick: Callable[[int], None],
    final: FinalRows | None = None,
) -> None:
    """Bulk-insert the new people, their addresses and tags; ``final`` gives, by contact
    id, columns whose values replace the landing ones (and may add columns)."""
    connection = session.connection()
    extra = sorted(set(final.columns) - {"id", *CONTACT_COLUMNS}) if final is not None else []
    columns = (*CONTACT_COLUMNS, *extra)
    now = utc_now()
    next_channel = (session.scalar(select(func.max(Channel.id))) or 0) + 1
    contacts: list[tuple[object, ...]] = []
    channels: list[tuple[object, ...]] = []
    contact_tags: list[tuple[int, int]] = []
    for done, (contact_id, (person, facts)) in enumerate(new.items()):
        tick(done)
        addresses = _addresses(person)
        for position, (kind, value) in enumerate(addresses):
            channels.append(
                (
                    next_channel,
                    contact_id,
                    kind.value,
                    value,
                    address_key(kind, value),
                    position == 0,
                )
            )
            next_channel += 1
        contact_tags.extend((contact_id, tag_rows[name].id) for name in person.tags)
        row = _new_contact_row(contact_id, person, facts, addresses, now)
        if final is not None:
            values = dict(zip(CONTACT_COLUMNS, row, strict=True)) | dict(final.row_for(contact_id))
            row = tuple(values.get(column) for column in columns)
        elif extra:
            row = (*row, *(None for _ in extra))
        contacts.append(row)
    bulk_insert(connection, Contact.__table__, columns, contacts)
    bulk_insert(connection, Channel.__table__, CHANNEL_COLUMNS, channels)
    bulk_insert(connection, ContactTag.__table__, CONTACT_TAG_COLUMNS, contact_tags)


def _new_contact_row(
    contact_id: int,
    person: ImportedPerson,
    facts: ScheduleFacts,
    addresses: list[tuple[ChannelKind, str]],
    now: datetime,
) -> tuple[object, ...]:
    """A new person's row in ``CONTACT_COLUMNS`` order, where ``facts`` land them."""
    return (
        contact_id,
        person.full_name,
        person.first_name,
        person.last_name,
        name_key(person.full_name),
        person.company,
        person.title,
        "",
        person.notes,
        "",
        facts.stage.value,
        facts.stage_since,
        None,
        next_due_on(facts),
        None,
        None,
        facts.last_interaction_on,
        facts.connected_on,
        person.source,
        # New: no interaction notes yet (imported messages' text is never searched).
        search_text_for(
            person.full_name,
            person.company,
            person.title,
            [v for _, v in addresses],
            person.tags,
            notes=person.notes,
        ),
        now,
        now,
    )


def _addresses(person: ImportedPerson) -> list[tuple[ChannelKind, str]]:
    """The person's addresses, the preferred one first."""
    given = (
        (ChannelKind.LINKEDIN, person.url),
        (ChannelKind.EMAIL, person.email),
        (ChannelKind.X, person.x),
    )
    return [(kind, value) for kind, value in given if value]

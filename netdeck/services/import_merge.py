"""How imported people meet the deck: who each one is (through
:mod:`netdeck.services.import_identity`'s index), the fill of a matched
contact, the bulk insert of new ones, and the progress an import reports.

The rules (which contact a person matches, where new people land) are told in
:mod:`netdeck.services.importing`, the entry points that read each format and
hand their people here. What a LinkedIn export says beyond the people (every
message, acceptances, changes of jobs, who is gone) is
:mod:`netdeck.services.linkedin_sync`'s, which runs after this on the contacts
this matched or planned.

(About 650 lines: matching, filling and inserting share the import's person type
and its progress; apart, each would restate them.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any  # a row of either query

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from netdeck.domain.channels import ChannelKind, address_key
from netdeck.domain.identity import IdentityMatch, MatchedBy
from netdeck.domain.import_report import PossibleDuplicate
from netdeck.domain.key_dates import KeyDateKind
from netdeck.domain.names import name_key
from netdeck.domain.scheduling import ScheduleFacts, next_due_on
from netdeck.domain.search import search_text_for
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.importers.card_fields import CardDate
from netdeck.importers.linkedin import LastMessage
from netdeck.importers.source_files import SkippedRow
from netdeck.services.contacts import refresh_search_text, schedule_facts, store_facts
from netdeck.services.import_identity import (
    IdentityIndex,
    identity_key,
    matched_name,
    stored_keys,
)
from netdeck.services.key_dates import refresh_key_date
from netdeck.services.settings import load_settings
from netdeck.store.bulk import (
    CHANNEL_COLUMNS,
    CONTACT_COLUMNS,
    CONTACT_TAG_COLUMNS,
    bulk_insert,
)
from netdeck.store.models import Channel, Contact, ContactTag, KeyDate, Tag, utc_now
from netdeck.store.search_index import indexed_at_once
from netdeck.store.sql import NewIds, in_lists, rows_for_ids

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
    emails: tuple[str, ...]
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
    phones: tuple[str, ...] = ()
    websites: tuple[str, ...] = ()
    nickname: str = ""
    dates: tuple[CardDate, ...] = ()

    def addresses(self) -> list[tuple[ChannelKind, str]]:
        """The person's addresses, the preferred one first."""
        found = [(ChannelKind.LINKEDIN, self.url)] if self.url else []
        for email in self.emails:
            found.append((ChannelKind.EMAIL, email))
        if self.x:
            found.append((ChannelKind.X, self.x))
        for phone in self.phones:
            found.append((ChannelKind.PHONE, phone))
        for site in self.websites:
            found.append((ChannelKind.WEBSITE, site))
        return found


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
    #: What each row matched an existing contact by (the summary counts them).
    matched_by: list[MatchedBy] = field(default_factory=list)
    #: Rows added as new people although someone in the deck may be them.
    possible_duplicates: list[PossibleDuplicate] = field(default_factory=list)


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
    # Planning whether anything changes (no new person's landing wanted): the first
    # new person says it does, so matching stops there (a first sync into an empty
    # deck: 30,000 people matched for nothing took 0.5 s).
    new, matched = _match(
        session,
        people,
        outcome,
        matching,
        settings.phone_region,
        write,
        until_new=not (write or plan_new),
    )
    if write or plan_new:
        outcome.new = {
            contact_id: (person, landing_facts(person, today, settings.default_cadence))
            for contact_id, person in new
        }
    tag_rows = _tags(session, {t for person in people for t in person.tags}, create=write)
    filled = _to_fill(session, matched, settings.phone_region)
    loaded = _load_contacts(session, filled) if write else {}
    outcome.written = len(matched) + len(new)
    writing = progress_ticker(progress if write else None, "writing", outcome.written)
    for done, contact_id in enumerate(filled):
        writing(done)
        if write:
            for person in matched[contact_id]:
                _fill(loaded[contact_id], person, tag_rows, settings, today)
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
            _add_new_dates(session, outcome.new, settings, today)
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
    phone_region: str,
    write: bool,
    *,
    until_new: bool = False,
) -> tuple[list[tuple[int, ImportedPerson]], dict[int, list[ImportedPerson]]]:
    """The new people with the ids they will get (reserved when this pass ``write``s,
    see :class:`NewIds`), and the people matched to each existing contact; repeats
    inside the file go to ``unchanged``, and rows that may be someone already in the
    deck are added and listed as possible duplicates. ``until_new``: stop at the
    first new person (all that is asked is whether the import adds anyone)."""
    index = IdentityIndex(session, phone_region)
    contact_ids = NewIds(session.connection(), Contact.__table__, reserve=write)
    new: list[tuple[int, ImportedPerson]] = []
    matched: dict[int, list[ImportedPerson]] = defaultdict(list)
    new_names: dict[int, tuple[str, str]] = {}  # the new people's names, as given and folded
    folded = [matched_name(person.full_name) for person in people]
    by_name: dict[str, list[int]] = defaultdict(list)
    for position, name in enumerate(folded):
        by_name[name].append(position)
    for done, person in enumerate(people):
        matching(done)
        namesakes = by_name[folded[done]]
        found = index.find(
            person,
            folded[done],
            lambda: [people[i] for i in namesakes if i != done],  # noqa: B023 - called at once
        )
        contact_id = found.contact_id
        if (
            contact_id in new_names
            and found.by is not MatchedBy.LINKEDIN
            and new_names[contact_id][1] != folded[done]
        ):
            # Two names in one file sharing an address (an office's number): two people.
            found = IdentityMatch(None, possible_duplicates=(contact_id,))
            contact_id = None
        if contact_id is None:
            contact_id = next(contact_ids)
            new.append((contact_id, person))
            if until_new:
                break
            new_names[contact_id] = (person.full_name, folded[done])
            outcome.possible_duplicates.extend(
                PossibleDuplicate(
                    person.file,
                    person.line,
                    person.full_name,
                    other,
                    new_names[other][0] if other in new_names else index.name_of[other][0],
                )
                for other in found.possible_duplicates
            )
        elif contact_id in new_names:
            outcome.unchanged += 1  # the same person twice in one file
            outcome.contact_ids.append(contact_id)
            continue
        else:
            matched[contact_id].append(person)
            if found.by is not None:
                outcome.matched_by.append(found.by)
        outcome.contact_ids.append(contact_id)
        index.remember(contact_id, person, new=contact_id in new_names)
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
            .options(
                selectinload(Contact.channels),
                selectinload(Contact.tags),
                selectinload(Contact.key_dates),
            )
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
class _Have:
    """What a matched contact already has, as far as a fill is concerned (read from
    light rows for the many contacts a re-import leaves alone, or from the ORM)."""

    company: str
    title: str
    connected_on: date | None
    notes: str
    nickname: str
    keys: AbstractSet[tuple[str, str]]  # (kind, identity key) of each address
    tags: AbstractSet[str]
    dates: AbstractSet[tuple[str, int, int]]  # (kind, month, day) of each key date


@dataclass(frozen=True, slots=True)
class _Wants:
    """What a fill gives a contact: column values, addresses, tags and key dates."""

    changes: dict[str, object]
    addresses: list[tuple[ChannelKind, str]]
    tags: list[str]
    dates: list[CardDate]

    def __bool__(self) -> bool:
        return bool(self.changes or self.addresses or self.tags or self.dates)


#: Kinds a person has one of: a second one is not added by an import.
_ONE_PER_PERSON = {ChannelKind.LINKEDIN.value, ChannelKind.X.value}


def _wants(have: _Have, person: ImportedPerson, phone_region: str) -> _Wants:
    """What ``person`` gives a contact that has ``have``: only what it lacks (nothing
    the user typed is overwritten). A LinkedIn person's company and title are the
    sync's (changes of jobs). A birthday is added when there is none; any other
    date when that day of that kind is not there yet."""
    changes: dict[str, object] = {}
    if person.source != LINKEDIN_SOURCE:
        if not have.company and person.company:
            changes["company"] = person.company
        if not have.title and person.title:
            changes["title"] = person.title
    if have.connected_on is None and person.connected_on is not None:
        changes["connected_on"] = person.connected_on
    if not have.notes and person.notes:
        changes["notes"] = person.notes
    if not have.nickname and person.nickname:
        changes["nickname"] = person.nickname
    addresses: list[tuple[ChannelKind, str]] = []
    added: list[tuple[str, str]] = []  # few: membership in a list makes no set per person
    for kind, value in person.addresses():
        key = (kind.value, identity_key(kind, value, phone_region))
        if key in have.keys or key in added:
            continue
        if kind.value in _ONE_PER_PERSON and any(k == kind.value for k, _ in (*have.keys, *added)):
            continue
        added.append(key)
        addresses.append((kind, value))
    dates: list[CardDate] = []
    for card_date in person.dates:
        day = (card_date.kind, card_date.month, card_date.day)
        taken = [*have.dates, *((d.kind, d.month, d.day) for d in dates)]
        if day in taken or (
            card_date.kind == KeyDateKind.BIRTHDAY
            and any(kind == KeyDateKind.BIRTHDAY for kind, _, _ in taken)
        ):
            continue
        dates.append(card_date)
    tags = [name for name in person.tags if name not in have.tags]
    return _Wants(changes, addresses, tags, dates)


def _to_fill(
    session: Session, matched: dict[int, list[ImportedPerson]], phone_region: str
) -> list[int]:
    """The matched contacts a fill would change. Most change nothing (a re-import):
    that is decided from light rows, and only these are loaded as ORM objects."""
    light = _light_contacts(session, list(matched), phone_region)
    return [
        contact_id
        for contact_id, persons in matched.items()
        if any(_wants(light[contact_id], person, phone_region) for person in persons)
    ]


def _light_contacts(session: Session, ids: list[int], phone_region: str) -> dict[int, _Have]:
    """What these contacts have, from their columns, addresses, tags and key dates
    (no ORM objects)."""
    keys: dict[int, set[tuple[str, str]]] = defaultdict(set)
    tags: dict[int, set[str]] = defaultdict(set)
    dates: dict[int, set[tuple[str, int, int]]] = defaultdict(set)
    rows: dict[int, tuple[str, str, date | None, str, str]] = {}
    wanted = set(ids)
    columns = select(
        Contact.id,
        Contact.company,
        Contact.title,
        Contact.connected_on,
        Contact.notes,
        Contact.nickname,
    )
    for row in rows_for_ids(session, columns, Contact.id, wanted):
        rows[row.id] = (row.company, row.title, row.connected_on, row.notes, row.nickname)
    for contact_id, kind, key in stored_keys(session, _ADDRESS_KINDS, phone_region, wanted):
        keys[contact_id].add((kind, key))
    names = select(ContactTag.contact_id, Tag.name).join(Tag, Tag.id == ContactTag.tag_id)
    for contact_id, name in rows_for_ids(session, names, ContactTag.contact_id, wanted):
        tags[contact_id].add(name)
    days = select(KeyDate.contact_id, KeyDate.kind, KeyDate.month, KeyDate.day)
    for contact_id, kind, month, day in rows_for_ids(session, days, KeyDate.contact_id, wanted):
        dates[contact_id].add((kind, month, day))
    # The sets as they are, one shared empty set for none: a sync has tens of
    # thousands of these, and every object made here is one more for the collector.
    none: frozenset[Any] = frozenset()
    return {
        contact_id: _Have(
            *columns,
            keys.get(contact_id, none),
            tags.get(contact_id, none),
            dates.get(contact_id, none),
        )
        for contact_id, columns in rows.items()
    }


#: Every kind of address (a fill compares them all).
_ADDRESS_KINDS = [kind.value for kind in ChannelKind]


def _stored_key(kind: str, value: str, phone_region: str) -> str:
    try:
        return identity_key(ChannelKind(kind), value, phone_region)
    except ValueError:  # a kind this netdeck does not know (written by a newer one)
        return value.casefold()


def _have(contact: Contact, phone_region: str) -> _Have:
    return _Have(
        contact.company,
        contact.title,
        contact.connected_on,
        contact.notes,
        contact.nickname,
        frozenset((c.kind, _stored_key(c.kind, c.value, phone_region)) for c in contact.channels),
        frozenset(t.name for t in contact.tags),
        frozenset((d.kind, d.month, d.day) for d in contact.key_dates),
    )


def _fill(
    contact: Contact,
    person: ImportedPerson,
    tag_rows: dict[str, Tag],
    settings: Settings,
    today: date,
) -> None:
    """Give ``contact`` what it lacks from ``person`` (the rule of :func:`_wants`)."""
    wants = _wants(_have(contact, settings.phone_region), person, settings.phone_region)
    if not wants:
        return
    for attribute, value in wants.changes.items():
        setattr(contact, attribute, value)
    for kind, value in wants.addresses:
        contact.channels.append(
            Channel(
                kind=kind.value,
                value=value,
                lookup_key=address_key(kind, value),
                preferred=not contact.channels,
            )
        )
    contact.tags.extend(tag_rows[name] for name in wants.tags)
    contact.key_dates.extend(
        _key_date(card_date, person.source, today) for card_date in wants.dates
    )
    if wants.dates:
        refresh_key_date(contact, settings)  # the due date with it
    else:
        store_facts(contact, schedule_facts(contact, settings))


def _key_date(
    card_date: CardDate, source: str, today: date, contact_id: int | None = None
) -> KeyDate:
    """A stored key date for an imported birthday or anniversary (every year)."""
    row = KeyDate(
        kind=card_date.kind,
        month=card_date.month,
        day=card_date.day,
        year=card_date.year,
        yearly=True,
        note="",
        added_on=today,
        source=source,
    )
    if contact_id is not None:
        row.contact_id = contact_id
    return row


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
    extra = sorted(set(final.columns) - {"id", *_NEW_COLUMNS}) if final is not None else []
    columns = (*_NEW_COLUMNS, *extra)
    now = utc_now()
    channel_ids = NewIds(connection, Channel.__table__)
    contacts: list[tuple[object, ...]] = []
    channels: list[tuple[object, ...]] = []
    contact_tags: list[tuple[int, int]] = []
    for done, (contact_id, (person, facts)) in enumerate(new.items()):
        tick(done)
        addresses = person.addresses()
        for position, (kind, value) in enumerate(addresses):
            channels.append(
                (
                    next(channel_ids),
                    contact_id,
                    kind.value,
                    value,
                    address_key(kind, value),
                    position == 0,
                )
            )
        contact_tags.extend((contact_id, tag_rows[name].id) for name in person.tags)
        row = _new_contact_row(contact_id, person, facts, addresses, now)
        if final is not None:
            values = dict(zip(_NEW_COLUMNS, row, strict=True)) | dict(final.row_for(contact_id))
            row = tuple(values.get(column) for column in columns)
        elif extra:
            row = (*row, *(None for _ in extra))
        contacts.append(row)
    with indexed_at_once(connection, list(new)):
        bulk_insert(connection, Contact.__table__, columns, contacts)
    bulk_insert(connection, Channel.__table__, CHANNEL_COLUMNS, channels)
    bulk_insert(connection, ContactTag.__table__, CONTACT_TAG_COLUMNS, contact_tags)


def _add_new_dates(
    session: Session,
    new: dict[int, tuple[ImportedPerson, ScheduleFacts]],
    settings: Settings,
    today: date,
) -> None:
    """The key dates of the new people (once their rows are in), and their pending date."""
    dated = [contact_id for contact_id, (person, _) in new.items() if person.dates]
    for contact_id in dated:
        person = new[contact_id][0]
        session.add_all(_key_date(d, person.source, today, contact_id) for d in person.dates)
    if not dated:
        return
    session.flush()
    for contact in _load_contacts(session, dated).values():
        refresh_key_date(contact, settings)


#: A new person's columns: the contact's, and the nickname an import may give.
_NEW_COLUMNS = (*CONTACT_COLUMNS, "nickname")


def _new_contact_row(
    contact_id: int,
    person: ImportedPerson,
    facts: ScheduleFacts,
    addresses: list[tuple[ChannelKind, str]],
    now: datetime,
) -> tuple[object, ...]:
    """A new person's row in ``_NEW_COLUMNS`` order, where ``facts`` land them."""
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
            nickname=person.nickname,
        ),
        now,
        now,
        person.nickname,
    )

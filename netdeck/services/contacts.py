"""Adding, editing, finding and describing contacts (listing them is
:mod:`netdeck.services.contact_list`).

Internal to the application API: its functions take a session and ORM rows, and
the faces reach them only through :class:`netdeck.services.api.DeckApi`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from netdeck.domain.cadence import (
    cadence_source,
    effective_cadence,
    parse_optional_cadence,
    shortest_cadence,
)
from netdeck.domain.channels import (
    CHANNEL_PRIORITY,
    ChannelKind,
    address_key,
    guess_address_kind,
    normalise_address,
)
from netdeck.domain.dates import parse_date
from netdeck.domain.errors import Ambiguous, InvalidInput, NotFound
from netdeck.domain.interactions import IMPORT_SOURCE
from netdeck.domain.key_dates import KeyDateFacts, KeyDateKind, PendingDate, first_occurrence
from netdeck.domain.names import clean_name, clean_nickname, name_key, split_name
from netdeck.domain.roles import role_text
from netdeck.domain.scheduling import (
    ScheduleFacts,
    after_stage_change,
    due_on,
    due_reason,
    next_due_on,
    with_key_dates,
)
from netdeck.domain.search import (
    NAME_SEPARATOR,
    fold,
    folded_name_of,
    search_terms,
    search_text_for,
)
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage, parse_stage
from netdeck.domain.tags import clean_tag
from netdeck.domain.templating import clean_ask_about
from netdeck.domain.users import parse_owner
from netdeck.services.team import record_event
from netdeck.services.views import (
    ChannelView,
    ContactDetail,
    InteractionView,
    KeyDateView,
    RoleChangeView,
)
from netdeck.store.models import (
    Channel,
    Contact,
    Interaction,
    KeyDate,
    RoleChange,
    Snippet,
    Tag,
)
from netdeck.store.sql import by_code_point, escape_like, in_lists

MAX_CONTACT_ID = 2**63 - 1
#: The most characters of a reminder's note the queue's reason carries (``key_date_note``).
KEY_DATE_NOTE_AT_MOST = 200


@dataclass(slots=True)
class ContactFields:
    """What the user typed for a contact; ``None`` means "not given" (unchanged on edit).

    Address lists replace all addresses of their kind; ``tags`` replaces the tags.
    """

    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    title: str | None = None
    how_we_met: str | None = None
    notes: str | None = None
    ask_about: str | None = None  # "next time, ask about": one line, trimmed
    nickname: str | None = None  # what they go by: one line; "" clears it
    cadence: str | None = None  # "14", "2w", "1m"...; "" or "default" clears it
    stage: str | None = None
    connected_on: str | None = None
    source: str | None = None
    addresses: dict[ChannelKind, list[str]] = field(default_factory=dict)
    prefer: str | None = None  # the channel kind to mark preferred
    tags: list[str] | None = None
    owner: str | None = None  # a user name; "" clears it (nobody in particular)


# ---------------------------------------------------------------- scheduling glue


class SchedulingColumns(Protocol):
    """The columns :func:`schedule_facts` reads: a ``Contact``, or a row or saved state
    holding the same columns."""

    @property
    def stage(self) -> str: ...
    @property
    def stage_since(self) -> date: ...
    @property
    def cadence_days(self) -> int | None: ...
    @property
    def tag_cadence_days(self) -> int | None: ...
    @property
    def connected_on(self) -> date | None: ...
    @property
    def last_interaction_on(self) -> date | None: ...
    @property
    def snoozed_until(self) -> date | None: ...
    @property
    def awaiting_reply_on(self) -> date | None: ...
    @property
    def role_changed_on(self) -> date | None: ...
    @property
    def key_date_on(self) -> date | None: ...
    @property
    def bare_request(self) -> bool: ...
    @property
    def key_date_kind(self) -> str | None: ...
    @property
    def key_date_note(self) -> str | None: ...


def stored_key_date(contact: SchedulingColumns) -> PendingDate | None:
    """The pending key date as stored (``key_date_on``, its kind and note)."""
    if contact.key_date_on is None or contact.key_date_kind is None:
        return None
    return PendingDate(
        on=contact.key_date_on,
        kind=KeyDateKind(contact.key_date_kind),
        note=contact.key_date_note or "",
    )


class KeyDateColumns(Protocol):
    """The columns :func:`key_date_facts` reads: a ``KeyDate``, or a row of them."""

    @property
    def kind(self) -> str: ...
    @property
    def month(self) -> int: ...
    @property
    def day(self) -> int: ...
    @property
    def year(self) -> int | None: ...
    @property
    def yearly(self) -> bool: ...
    @property
    def added_on(self) -> date: ...
    @property
    def note(self) -> str: ...


def key_date_facts(row: KeyDateColumns) -> KeyDateFacts:
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


def key_date_columns(pending: PendingDate | None) -> dict[str, object]:
    """The stored columns of a pending key date (the note trimmed to one line of at
    most :data:`KEY_DATE_NOTE_AT_MOST` characters)."""
    return {
        "key_date_on": None if pending is None else pending.on,
        "key_date_kind": None if pending is None else pending.kind.value,
        "key_date_note": None
        if pending is None
        else " ".join(pending.note.split())[:KEY_DATE_NOTE_AT_MOST],
    }


def schedule_facts(contact: SchedulingColumns, settings: Settings) -> ScheduleFacts:
    """The domain's view of a contact's scheduling state."""
    return ScheduleFacts(
        stage=Stage(contact.stage),
        stage_since=contact.stage_since,
        cadence_days=effective_cadence(
            contact.cadence_days, contact.tag_cadence_days, settings.default_cadence
        ),
        connected_on=contact.connected_on,
        last_interaction_on=contact.last_interaction_on,
        snoozed_until=contact.snoozed_until,
        awaiting_reply_on=contact.awaiting_reply_on,
        role_changed_on=contact.role_changed_on,
        reply_window_days=settings.reply_window,
        key_date=stored_key_date(contact),
        bare_request=bool(contact.bare_request),
    )


def store_facts(contact: Contact, facts: ScheduleFacts, *, dates_changed: bool = False) -> None:
    """Write scheduling facts back, with the due date the rules derive from them.

    The pending key date is worked out again from the contact's key dates when the
    stage or the last interaction changes (or ``dates_changed``: the key dates did),
    so every event keeps it in step."""
    if (
        dates_changed
        or facts.stage.value != contact.stage
        or facts.last_interaction_on != contact.last_interaction_on
    ):
        facts = with_key_dates(facts, (key_date_facts(row) for row in contact.key_dates))
        for column, value in key_date_columns(facts.key_date).items():
            setattr(contact, column, value)
    contact.stage = facts.stage.value
    contact.stage_since = facts.stage_since
    contact.connected_on = facts.connected_on
    contact.last_interaction_on = facts.last_interaction_on
    contact.snoozed_until = facts.snoozed_until
    if facts.awaiting_reply_on is None:
        contact.awaiting_reply_preview = None
    contact.awaiting_reply_on = facts.awaiting_reply_on
    contact.role_changed_on = facts.role_changed_on
    contact.bare_request = facts.bare_request
    contact.next_due_on = next_due_on(facts)


def refresh_search_text(session: Session, contacts: Sequence[Contact]) -> None:
    """Recompute the folded text search matches (:func:`search_text_for`) for these
    contacts, from their fields, addresses, tags and the notes the user logged.

    Every change to any of those ends here: editing a contact, logging or undoing an
    interaction, an import filling a contact in, a sync changing a job. (Rows
    written in bulk, new imports, a restore, the demo, call ``search_text_for``
    with the same inputs.)
    """
    notes = users_interaction_notes(session, [c.id for c in contacts if c.id is not None])
    for contact in contacts:
        contact.search_text = search_text_for(
            contact.full_name,
            contact.company,
            contact.title,
            [channel.value for channel in contact.channels],
            [tag.name for tag in contact.tags],
            how_we_met=contact.how_we_met,
            notes=contact.notes,
            ask_about=contact.ask_about,
            interaction_notes=notes.get(contact.id, ()),
            nickname=contact.nickname,
        )


def users_interaction_notes(session: Session, contact_ids: Sequence[int]) -> dict[int, list[str]]:
    """The notes of these contacts' interactions that are the user's words
    (:func:`~netdeck.domain.interactions.note_is_the_users`), newest first."""
    notes: dict[int, list[str]] = defaultdict(list)
    for chunk in in_lists(sorted(set(contact_ids))):
        rows = session.execute(
            select(Interaction.contact_id, Interaction.note)
            .where(
                Interaction.contact_id.in_(chunk),
                Interaction.note != "",
                Interaction.source != IMPORT_SOURCE,
            )
            .order_by(Interaction.contact_id, Interaction.occurred_on.desc(), Interaction.id.desc())
        )
        for contact_id, note in rows:
            notes[contact_id].append(note)
    return notes


# ---------------------------------------------------------------- finding


def resolve_contact(session: Session, reference: str) -> Contact:
    """The contact named by an id, an exact email or LinkedIn URL, or a unique name:
    exactly as typed but for case, else folded as search folds it (accents, case and
    punctuation aside: ``zoe`` is Zoë), else one whose folded name holds each word."""
    ref = reference.strip()
    if not ref:
        raise InvalidInput("contact reference must not be empty: give an id, email, URL or name")
    digits = ref.removeprefix("#")
    # ASCII only: str.isdigit() also accepts "²", which int() refuses.
    if digits.isascii() and digits.isdigit():
        contact_id = int(digits)
        # An id past SQLite's 64-bit integers cannot exist (and would overflow the driver).
        contact = session.get(Contact, contact_id) if contact_id <= MAX_CONTACT_ID else None
        if contact is None:
            raise NotFound(f"no contact with id {digits}")
        return contact
    kind = guess_address_kind(ref)
    if kind is not None:
        try:
            key = address_key(kind, normalise_address(kind, ref))
        except InvalidInput:
            key = None
        if key is not None:
            ids = session.scalars(
                select(Channel.contact_id)
                .where(Channel.kind == kind.value, Channel.lookup_key == key)
                .distinct()
            ).all()
            return _one(session, ref, list(ids))
    ids = session.scalars(select(Contact.id).where(Contact.name_key == name_key(ref))).all()
    return _one(session, ref, list(ids) or _ids_by_folded_name(session, ref))


def _ids_by_folded_name(session: Session, reference: str) -> list[int]:
    """The contacts whose name, folded as search folds it (``zoe`` is Zoë), is the
    reference folded, else holds each of its words (at most 21: enough to say
    "ambiguous"). The folded name starts each search text."""
    folded = fold(reference)
    if not folded:
        return []
    exact = session.scalars(
        select(Contact.id)
        .where(
            or_(
                Contact.search_text == folded,
                Contact.search_text.like(f"{escape_like(folded)}{NAME_SEPARATOR}%", escape="\\"),
            )
        )
        .order_by(by_code_point(Contact.name_key), Contact.id)
    ).all()
    if exact:
        return list(exact)
    terms = search_terms(reference)
    candidates = select(Contact.id, Contact.search_text).order_by(
        by_code_point(Contact.name_key), Contact.id
    )
    for term in terms:
        candidates = candidates.where(
            Contact.search_text.like(f"%{escape_like(term)}%", escape="\\")
        )
    found: list[int] = []
    # Streamed: a short word can be in most search texts, and 21 names are enough.
    for contact_id, text in session.execute(candidates.execution_options(yield_per=100)):
        name = folded_name_of(text)
        if all(term in name for term in terms):
            found.append(contact_id)
            if len(found) > 20:
                break
    return found


def _one(session: Session, reference: str, ids: list[int]) -> Contact:
    if not ids:
        raise NotFound(f"no contact matches {reference!r}: try `netdeck list --search ...`")
    if len(ids) > 1:
        rows = session.execute(
            select(Contact.id, Contact.full_name, Contact.company)
            .where(Contact.id.in_(ids[:20]))
            .order_by(by_code_point(Contact.name_key), Contact.id)
        ).all()
        candidates = [
            f"#{row.id} {row.full_name}" + (f" ({row.company})" if row.company else "")
            for row in rows
        ]
        more = " and more" if len(ids) > 20 else ""
        raise Ambiguous(
            f"{reference!r} matches {len(ids)} contacts: {'; '.join(candidates)}{more}; use the id",
            candidates,
        )
    contact = session.get(Contact, ids[0])
    assert contact is not None
    return contact


def get_contact(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"no contact with id {contact_id}: it may have been deleted")
    return contact


# ---------------------------------------------------------------- adding and editing


def add_contact(
    session: Session, fields_: ContactFields, *, today: date, settings: Settings
) -> ContactDetail:
    """Create a contact (``active`` unless a stage is given) and return it."""
    if fields_.name is None:
        raise InvalidInput("name must not be empty")
    full_name = clean_name(fields_.name)
    first, last = split_name(full_name)
    stage = parse_stage(fields_.stage) if fields_.stage else Stage.ACTIVE
    connected_on = parse_date(fields_.connected_on) if fields_.connected_on else None
    contact = Contact(
        full_name=full_name,
        first_name=first,
        last_name=last,
        name_key=name_key(full_name),
        company="",
        title="",
        how_we_met="",
        notes="",
        ask_about="",
        nickname="",
        stage=stage.value,
        stage_since=today,
        source=fields_.source or "manual",
        channels=[],
        tags=[],
    )
    _apply_fields(session, contact, fields_, is_new=True)
    facts = ScheduleFacts(
        stage=stage,
        stage_since=today,
        cadence_days=effective_cadence(
            contact.cadence_days, contact.tag_cadence_days, settings.default_cadence
        ),
        connected_on=connected_on or (today if stage is Stage.CONNECTED else None),
    )
    store_facts(contact, facts)
    session.add(contact)
    session.flush()
    return describe_contact(session, contact, today=today, settings=settings)


def edit_contact(
    session: Session, contact: Contact, fields_: ContactFields, *, today: date, settings: Settings
) -> ContactDetail:
    """Change the given fields of a contact; the due date follows (stage, cadence...)."""
    if fields_.name is not None:
        full_name = clean_name(fields_.name)
        if full_name != contact.full_name:
            contact.full_name = full_name
            contact.name_key = name_key(full_name)
            # A new full name re-derives whichever of first and last name was not given.
            contact.first_name, contact.last_name = split_name(full_name)
    owner_before = contact.owner
    _apply_fields(session, contact, fields_, is_new=False)
    facts = schedule_facts(contact, settings)
    if contact.owner != owner_before:
        record_event(session, contact.id, "owner", contact.owner or "", today=today)
    if fields_.stage is not None:
        stage = parse_stage(fields_.stage)
        if stage.value != contact.stage:
            facts = after_stage_change(facts, stage, today)
            record_event(session, contact.id, "stage", stage.value, today=today)
    if fields_.connected_on is not None:
        facts = replace(
            facts, connected_on=parse_date(fields_.connected_on) if fields_.connected_on else None
        )
    store_facts(contact, facts)
    session.flush()
    return describe_contact(session, contact, today=today, settings=settings)


def _apply_fields(session: Session, contact: Contact, f: ContactFields, *, is_new: bool) -> None:
    """Validate and copy the plain fields, addresses and tags onto ``contact``."""
    for attribute in ("company", "title", "how_we_met", "notes"):
        value = getattr(f, attribute)
        if value is not None:
            setattr(contact, attribute, value.strip())
    if f.ask_about is not None:
        contact.ask_about = clean_ask_about(f.ask_about)
    if f.nickname is not None:
        contact.nickname = clean_nickname(f.nickname)
    # An empty first or last name means "derive it from the full name again".
    derived_first, derived_last = split_name(contact.full_name)
    if f.first_name is not None:
        contact.first_name = " ".join(f.first_name.split()) or derived_first
    if f.last_name is not None:
        contact.last_name = " ".join(f.last_name.split()) or derived_last
    if f.cadence is not None:
        contact.cadence_days = parse_optional_cadence(f.cadence)
    if f.owner is not None:
        contact.owner = parse_owner(f.owner)
    if f.source is not None and not is_new:
        contact.source = f.source
    if f.addresses:
        for kind, values in f.addresses.items():
            normalised = []
            for value in values:
                if value.strip():
                    stored = normalise_address(kind, value)
                    if stored not in normalised:
                        normalised.append(stored)
            keep = [channel for channel in contact.channels if channel.kind != kind.value]
            existing = {ch.value: ch for ch in contact.channels if ch.kind == kind.value}
            for value in normalised:
                channel = existing.get(value) or Channel(
                    kind=kind.value,
                    value=value,
                    lookup_key=address_key(kind, value),
                    preferred=False,
                )
                keep.append(channel)
            contact.channels = keep
    if f.prefer is not None:
        try:
            kind = ChannelKind(f.prefer.strip().lower())
        except ValueError:
            names = ", ".join(k.value for k in ChannelKind)
            raise InvalidInput(f"unknown channel kind {f.prefer!r}: use one of {names}") from None
        if not any(channel.kind == kind.value for channel in contact.channels):
            raise InvalidInput(
                f"cannot prefer {kind.value}: the contact has no {kind.value} address"
            )
        for channel in contact.channels:
            channel.preferred = False
        next(ch for ch in contact.channels if ch.kind == kind.value).preferred = True
    _ensure_one_preferred(contact)
    if f.tags is not None:
        contact.tags = _tags_named(session, f.tags)
        # The caller's store_facts moves the due date with it.
        contact.tag_cadence_days = shortest_cadence(tag.cadence_days for tag in contact.tags)
    refresh_search_text(session, [contact])


def _ensure_one_preferred(contact: Contact) -> None:
    preferred = [channel for channel in contact.channels if channel.preferred]
    if len(preferred) == 1 or not contact.channels:
        return
    for channel in contact.channels:
        channel.preferred = False
    for kind in CHANNEL_PRIORITY:
        for channel in contact.channels:
            if channel.kind == kind.value:
                channel.preferred = True
                return


def tag_names(session: Session) -> list[str]:
    """Every tag in use or not, by name."""
    return list(session.scalars(select(Tag.name).order_by(by_code_point(Tag.name))))


def _tags_named(session: Session, names: Sequence[str]) -> list[Tag]:
    wanted: list[str] = []
    for name in names:
        tag = clean_tag(name)
        if tag not in wanted:
            wanted.append(tag)
    found = {row.name: row for row in session.scalars(select(Tag).where(Tag.name.in_(wanted)))}
    tags: list[Tag] = []
    for name in wanted:
        row = found.get(name)
        if row is None:
            row = Tag(name=name)
            session.add(row)
        tags.append(row)
    return tags


# ---------------------------------------------------------------- describing


def describe_contact(
    session: Session,
    contact: Contact,
    *,
    today: date,
    settings: Settings,
    interaction_limit: int | None = None,
) -> ContactDetail:
    """Everything about a contact, interactions newest first (all, or the last N)."""
    interactions = _interaction_views(session, contact.id, interaction_limit)
    role_changes = _role_change_views(session, contact.id)
    facts = schedule_facts(contact, settings)
    return ContactDetail(
        id=contact.id,
        name=contact.full_name,
        first_name=contact.first_name,
        last_name=contact.last_name,
        company=contact.company,
        title=contact.title,
        how_we_met=contact.how_we_met,
        notes=contact.notes,
        ask_about=contact.ask_about,
        nickname=contact.nickname,
        stage=contact.stage,
        stage_since=contact.stage_since,
        cadence_days=contact.cadence_days,
        effective_cadence_days=facts.cadence_days,
        cadence_source=cadence_source(
            contact.cadence_days, {tag.name: tag.cadence_days for tag in contact.tags}
        ),
        # As the queue sees it: the day they wrote while they await your reply.
        next_due_on=due_on(facts, today),
        snoozed_until=contact.snoozed_until,
        last_interaction_on=contact.last_interaction_on,
        connected_on=contact.connected_on,
        source=contact.source,
        created_at=contact.created_at,
        updated_at=contact.updated_at,
        # The same words as the queue's row for them.
        reason=due_reason(
            facts,
            today,
            wrote=contact.awaiting_reply_preview or "",
            role=role_text(contact.title, contact.company),
        ),
        channels=tuple(
            ChannelView(kind=ch.kind, value=ch.value, preferred=ch.preferred)
            for ch in contact.channels
        ),
        tags=tuple(tag.name for tag in contact.tags),
        interactions=interactions,
        role_changes=role_changes,
        linkedin_connected=contact.linkedin_connected,
        awaiting_reply_on=contact.awaiting_reply_on,
        dates=key_date_views(contact.key_dates, today),
        owner=contact.owner,
    )


def key_date_views(rows: Sequence[KeyDate], today: date) -> tuple[KeyDateView, ...]:
    """A person's key dates as the faces show them, the next to come first (a one-off
    reminder gone by last), each with its next day from today on."""
    views = [
        KeyDateView(
            id=row.id,
            kind=row.kind,
            month=row.month,
            day=row.day,
            year=row.year,
            yearly=row.yearly,
            note=row.note,
            next_on=first_occurrence(key_date_facts(row), max(today, row.added_on)),
        )
        for row in rows
    ]
    return tuple(sorted(views, key=lambda v: (v.next_on is None, v.next_on or today, v.id)))


def _interaction_views(
    session: Session, contact_id: int, limit: int | None
) -> tuple[InteractionView, ...]:
    """The contact's interactions, newest first (all, or the last ``limit``)."""
    query = (
        select(Interaction, Snippet.name)
        .outerjoin(Snippet, Snippet.id == Interaction.snippet_id)
        .where(Interaction.contact_id == contact_id)
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return tuple(
        InteractionView(
            id=row.id,
            occurred_on=row.occurred_on,
            channel=row.channel,
            kind=row.kind,
            direction=row.direction,
            note=row.note,
            text_sent=row.text_sent,
            snippet=snippet_name,
            actor=row.actor,
        )
        for row, snippet_name in session.execute(query)
    )


def _role_change_views(session: Session, contact_id: int) -> tuple[RoleChangeView, ...]:
    """The changes of jobs imports noticed, oldest first."""
    return tuple(
        RoleChangeView(
            on=change.changed_on,
            before=role_text(change.from_title, change.from_company),
            after=role_text(change.to_title, change.to_company),
        )
        for change in session.scalars(
            select(RoleChange)
            .where(RoleChange.contact_id == contact_id)
            .order_by(RoleChange.changed_on, RoleChange.id)
        )
    )


def owners(session: Session, contact_ids: Sequence[int]) -> dict[int, str]:
    """Each owned contact's owner, by id (those owned by nobody are left out)."""
    found: dict[int, str] = {}
    for chunk in in_lists(list(contact_ids)):
        rows = session.execute(
            select(Contact.id, Contact.owner).where(
                Contact.id.in_(chunk), Contact.owner.is_not(None)
            )
        )
        found.update({contact_id: owner for contact_id, owner in rows if owner is not None})
    return found


def preferred_addresses(session: Session, contact_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """For each contact, kind → address (the preferred one, else the first of that kind)."""
    result: dict[int, dict[str, str]] = {cid: {} for cid in contact_ids}
    rows = session.execute(
        select(Channel.contact_id, Channel.kind, Channel.value, Channel.preferred)
        .where(Channel.contact_id.in_(list(contact_ids)))
        .order_by(Channel.contact_id, Channel.preferred.desc(), Channel.id)
    ).all()
    for row in rows:
        result[row.contact_id].setdefault(row.kind, row.value)
    return result


__all__ = [
    "ContactFields",
    "add_contact",
    "describe_contact",
    "edit_contact",
    "get_contact",
    "preferred_addresses",
    "resolve_contact",
]

"""Likely duplicates, pairs that are not the same person, and merging two people.

Finding reads what the rules need in three queries (each contact's folded name and
company, every address key two or more people share with one ``GROUP BY``, the
pairs marked "not the same") and leaves the scoring to
:func:`netdeck.domain.duplicates.find_duplicates`.

:func:`merge_contacts` merges OTHER into KEEP in the caller's transaction:

- every address moves (one already on KEEP by its lookup key is dropped, and
  KEEP's preferred address stays the preferred one), every tag, key date,
  interaction and change of jobs; a second copy of the same imported message
  (same ``external_key``) is dropped;
- how you met, notes and "next time, ask about" are joined when both say
  something (KEEP's first); KEEP's empty fields take OTHER's; nothing KEEP has
  is overwritten (its name stays);
- the stage is the more advanced of the two
  (:data:`netdeck.domain.duplicates.MERGE_STAGE_ORDER`), the cadence KEEP's own,
  else OTHER's own; connected on the earlier day; the last interaction, who
  awaits your reply, the pending key date, the due date and the search text are
  worked out again;
- pairs marked "not the same" with OTHER now name KEEP.

The :class:`MergeUndoToken` holds every row of both people as they were (the
contacts, addresses, tags, interactions, key dates, changes of jobs and "not the
same" pairs), so :func:`undo_merge` gives both back exactly, ids included, as long
as KEEP has not changed since (a digest of its rows says). The TUI keeps tokens in
memory; the CLI keeps the last one in a file beside the backups (for a server
database, in the data dir: :func:`remember_merge`) for ``netdeck unmerge``.

Internal to the application API.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Date, DateTime, Table, delete, func, insert, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from netdeck.domain.channels import ChannelKind
from netdeck.domain.duplicates import (
    IDENTIFYING_KINDS,
    MERGE_STAGE_ORDER,
    Certainty,
    Person,
    find_duplicates,
    joined_text,
    more_advanced,
    pair_key,
)
from netdeck.domain.errors import Conflict, InvalidInput, NotFound, StorageError
from netdeck.domain.interactions import InteractionKind
from netdeck.domain.key_dates import KeyDateKind
from netdeck.domain.names import name_key
from netdeck.domain.replies import awaiting_reply, preview
from netdeck.domain.search import fold, folded_name_of
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.services.contacts import get_contact, refresh_search_text
from netdeck.services.key_dates import refresh_key_date
from netdeck.services.reply_log import LOG_COLUMNS, log_entry
from netdeck.store.locations import DatabaseLocation, data_dir
from netdeck.store.models import (
    Base,
    Channel,
    Contact,
    ContactEvent,
    ContactTag,
    Interaction,
    KeyDate,
    NotDuplicate,
    RoleChange,
    Tag,
)
from netdeck.store.output_files import write_file
from netdeck.store.sql import by_code_point, ids_were_given, in_lists


@dataclass(frozen=True, slots=True)
class DuplicateSide:
    """One person of a likely pair, as the duplicates screen shows them side by side."""

    id: int
    name: str
    company: str
    title: str
    stage: str
    addresses: tuple[tuple[str, str], ...]  # (kind, value), preferred first
    tags: tuple[str, ...]
    last_interaction_on: date | None


@dataclass(frozen=True, slots=True)
class DuplicateView:
    """A likely pair: ``first`` is the one a merge keeps unless told otherwise (the
    more advanced stage, else the older record)."""

    first: DuplicateSide
    second: DuplicateSide
    certainty: str  # "same address", "same name", "similar name"
    why: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DuplicatesSnapshot:
    pairs: tuple[DuplicateView, ...]
    total: int  # every pair found (``pairs`` may be fewer: a limit)


@dataclass(frozen=True, slots=True)
class MergeUndoToken:
    """Every row of both people before a merge, by table name (see :func:`undo_merge`)."""

    description: str  # "merged Jon Smith into John Smith"
    keep_id: int
    other_id: int
    rows: tuple[tuple[str, tuple[dict[str, Any], ...]], ...]
    #: A digest of KEEP's rows right after the merge: an undo is refused once they
    #: changed (a message logged since would otherwise be lost).
    after: str = ""


@dataclass(frozen=True, slots=True)
class MergeOutcome:
    kept_id: int
    kept_name: str
    other_id: int
    other_name: str
    addresses: int  # moved to KEEP
    tags: int  # added to KEEP
    interactions: int  # moved
    key_dates: int
    role_changes: int
    dropped: int  # addresses and imported messages KEEP already had
    stage: str
    backup: str | None
    undo: MergeUndoToken


_CERTAINTY_NAMES = {
    Certainty.SAME_ADDRESS: "same address",
    Certainty.SAME_NAME: "same name",
    Certainty.SIMILAR_NAME: "similar name",
}

# ---------------------------------------------------------------- finding


def likely_duplicates(session: Session, *, limit: int | None = None) -> DuplicatesSnapshot:
    """The likely pairs, most certain first, then by name (``limit`` of them)."""
    pairs = find_duplicates(
        _people(session),
        _shared_addresses(session),
        _not_the_same(session),
        profiles=_profiles(session),
    )
    shown = pairs if limit is None else pairs[:limit]
    sides = _sides(session, {i for p in shown for i in (p.low_id, p.high_id)})
    views = []
    for pair in shown:
        first, second = sides[pair.low_id], sides[pair.high_id]
        if _advancement(second) > _advancement(first):
            first, second = second, first
        views.append(DuplicateView(first, second, _CERTAINTY_NAMES[pair.certainty], pair.why))
    return DuplicatesSnapshot(pairs=tuple(views), total=len(pairs))


def _advancement(side: DuplicateSide) -> int:
    return MERGE_STAGE_ORDER.index(Stage(side.stage))


def _people(session: Session) -> list[Person]:
    folded_companies: dict[str, str] = {}
    people = []
    rows = session.execute(
        select(Contact.id, Contact.name_key, Contact.search_text, Contact.company)
    )
    for contact_id, key, search_text, company in rows:
        folded_company = folded_companies.get(company)
        if folded_company is None:
            folded_company = folded_companies[company] = fold(company)
        people.append(Person(contact_id, key, folded_name_of(search_text), folded_company))
    return people


def _profiles(session: Session) -> dict[int, list[str]]:
    """Each person's LinkedIn address keys (only those who have one)."""
    profiles: dict[int, list[str]] = defaultdict(list)
    for contact_id, key in session.execute(
        select(Channel.contact_id, Channel.lookup_key).where(
            Channel.kind == ChannelKind.LINKEDIN.value, Channel.lookup_key != ""
        )
    ):
        profiles[contact_id].append(key)
    return profiles


def _shared_addresses(session: Session) -> list[tuple[ChannelKind, list[int]]]:
    """Each address key (of the identifying kinds) two or more people have, with them."""
    kinds = [kind.value for kind in IDENTIFYING_KINDS]
    shared = (
        select(Channel.kind, Channel.lookup_key)
        .where(Channel.kind.in_(kinds), Channel.lookup_key != "")
        .group_by(Channel.kind, Channel.lookup_key)
        .having(func.count(func.distinct(Channel.contact_id)) > 1)
        .subquery()
    )
    rows = session.execute(
        select(Channel.kind, Channel.lookup_key, Channel.contact_id)
        .join(
            shared,
            (Channel.kind == shared.c.kind) & (Channel.lookup_key == shared.c.lookup_key),
        )
        .distinct()
    )
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for kind, key, contact_id in rows:
        groups[(kind, key)].append(contact_id)
    return [(ChannelKind(kind), ids) for (kind, _key), ids in groups.items()]


def _not_the_same(session: Session) -> set[tuple[int, int]]:
    return {
        (low, high)
        for low, high in session.execute(select(NotDuplicate.low_id, NotDuplicate.high_id))
    }


def _sides(session: Session, ids: set[int]) -> dict[int, DuplicateSide]:
    """Each contact as the duplicates screen shows it."""
    addresses: dict[int, list[tuple[str, str]]] = defaultdict(list)
    tags: dict[int, list[str]] = defaultdict(list)
    sides: dict[int, DuplicateSide] = {}
    for chunk in in_lists(sorted(ids)):
        for row in session.execute(
            select(Channel.contact_id, Channel.kind, Channel.value)
            .where(Channel.contact_id.in_(chunk))
            .order_by(Channel.contact_id, Channel.preferred.desc(), Channel.id)
        ):
            addresses[row.contact_id].append((row.kind, row.value))
        for contact_id, tag in session.execute(
            select(ContactTag.contact_id, Tag.name)
            .join(Tag, Tag.id == ContactTag.tag_id)
            .where(ContactTag.contact_id.in_(chunk))
            .order_by(by_code_point(Tag.name))
        ):
            tags[contact_id].append(tag)
        for c in session.execute(
            select(
                Contact.id,
                Contact.full_name,
                Contact.company,
                Contact.title,
                Contact.stage,
                Contact.last_interaction_on,
            ).where(Contact.id.in_(chunk))
        ):
            sides[c.id] = DuplicateSide(
                id=c.id,
                name=c.full_name,
                company=c.company,
                title=c.title,
                stage=c.stage,
                addresses=tuple(addresses[c.id]),
                tags=tuple(tags[c.id]),
                last_interaction_on=c.last_interaction_on,
            )
    return sides


def mark_not_duplicates(session: Session, a: int, b: int) -> tuple[str, str]:
    """Remember that two contacts are different people (their names, for the notice)."""
    if a == b:
        raise InvalidInput("that is the same contact twice: name two different people")
    first, second = get_contact(session, a), get_contact(session, b)
    low, high = pair_key(a, b)
    if session.get(NotDuplicate, (low, high)) is None:
        session.add(NotDuplicate(low_id=low, high_id=high))
        session.flush()
    return first.full_name, second.full_name


# ---------------------------------------------------------------- merging

#: The tables holding a person's rows, with the column naming them.
_CHILD_TABLES: tuple[tuple[Table, str], ...] = tuple(
    (cast(Table, model.__table__), "contact_id")
    for model in (Channel, ContactTag, Interaction, KeyDate, RoleChange, ContactEvent)
)


def _capture(session: Session, keep: Contact, other: Contact) -> MergeUndoToken:
    ids = (keep.id, other.id)
    contacts = cast(Table, Contact.__table__)
    pairs = cast(Table, NotDuplicate.__table__)
    saved: list[tuple[str, tuple[dict[str, Any], ...]]] = [
        (contacts.name, _rows(session, select(contacts).where(contacts.c.id.in_(ids))))
    ]
    for table, column in _CHILD_TABLES:
        saved.append((table.name, _rows(session, select(table).where(table.c[column].in_(ids)))))
    saved.append(
        (
            pairs.name,
            _rows(
                session,
                select(pairs).where(or_(pairs.c.low_id.in_(ids), pairs.c.high_id.in_(ids))),
            ),
        )
    )
    return MergeUndoToken(
        description=f"merged {other.full_name} into {keep.full_name}",
        keep_id=keep.id,
        other_id=other.id,
        rows=tuple(saved),
    )


def _rows(session: Session, statement: Any) -> tuple[dict[str, Any], ...]:
    return tuple(dict(row) for row in session.execute(statement).mappings())


def merge_contacts(
    session: Session, keep_id: int, other_id: int, *, settings: Settings
) -> MergeOutcome:
    """Merge OTHER into KEEP (see the module docstring); OTHER is deleted."""
    if keep_id == other_id:
        raise InvalidInput("cannot merge a contact with itself: name two different people")
    keep, other = get_contact(session, keep_id), get_contact(session, other_id)
    token = _capture(session, keep, other)
    other_row = _saved_row(token, "contacts", other_id)
    session.flush()
    moved = _move_rows(session, keep.id, other.id)
    session.expunge(other)
    session.execute(delete(Contact).where(Contact.id == other_id))
    session.expire(keep)
    _merge_fields(keep, other_row)
    _recompute(session, keep, settings)
    token = replace(token, after=_digest(session, keep.id))
    return MergeOutcome(
        kept_id=keep.id,
        kept_name=keep.full_name,
        other_id=other_id,
        other_name=other_row["full_name"],
        stage=keep.stage,
        backup=None,
        undo=token,
        **moved,
    )


def _digest(session: Session, keep_id: int) -> str:
    """A digest of every row of KEEP (contact, addresses, tags, interactions, key dates,
    changes of jobs, "not the same" pairs) as stored now."""
    session.flush()
    contacts, pairs = cast(Table, Contact.__table__), cast(Table, NotDuplicate.__table__)
    statements: list[Any] = [select(contacts).where(contacts.c.id == keep_id)]
    statements += [
        select(table).where(table.c[column] == keep_id).order_by(*table.primary_key.columns)
        for table, column in _CHILD_TABLES
    ]
    statements.append(
        select(pairs)
        .where(or_(pairs.c.low_id == keep_id, pairs.c.high_id == keep_id))
        .order_by(pairs.c.low_id, pairs.c.high_id)
    )
    digest = hashlib.sha256()
    for statement in statements:
        for row in session.execute(statement):
            digest.update(repr(tuple(row)).encode())
        digest.update(b"|")
    return digest.hexdigest()


def undo_to_json(token: MergeUndoToken) -> str:
    """The undo token as JSON text (what ``netdeck unmerge`` reads back)."""
    return json.dumps(
        {
            "description": token.description,
            "keep_id": token.keep_id,
            "other_id": token.other_id,
            "after": token.after,
            "rows": {name: list(rows) for name, rows in token.rows},
        },
        default=lambda value: value.isoformat(),
        ensure_ascii=False,
    )


def undo_from_json(text: str) -> MergeUndoToken:
    """The token :func:`undo_to_json` wrote, each value of its column's type again."""
    try:
        data = json.loads(text)
        tables = {table.name: table for table in Base.metadata.sorted_tables}
        rows = tuple(
            (name, tuple(_typed(tables[name], row) for row in saved))
            for name, saved in data["rows"].items()
        )
        return MergeUndoToken(
            description=str(data["description"]),
            keep_id=int(data["keep_id"]),
            other_id=int(data["other_id"]),
            rows=rows,
            after=str(data["after"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise InvalidInput(
            f"the saved merge cannot be read back ({error}): nothing undone"
        ) from None


def remembered_merge_path(location: DatabaseLocation) -> Path | None:
    """Where the CLI keeps the last merge's undo token: beside the backups of a
    database file; for a server database (no file, no backups beside it) in this
    machine's data dir, named by a digest of the database's address, so ``netdeck
    unmerge`` undoes the merge this machine made last."""
    folder = location.backups_dir
    if folder is not None and location.path is not None:
        return folder / f"{location.path.stem}-last-merge.json"
    digest = hashlib.sha256(location.describe().encode("utf-8")).hexdigest()[:16]
    return data_dir() / "merges" / f"{digest}-last-merge.json"


def remember_merge(location: DatabaseLocation, token: MergeUndoToken) -> Path | None:
    """Keep ``token`` for ``netdeck unmerge`` (mode 0600, replacing the last one)."""
    path = remembered_merge_path(location)
    if path is None:
        return None
    text = undo_to_json(token)

    def fill(temporary: Path) -> None:
        temporary.write_text(text, encoding="utf-8")

    return write_file(path, fill, database=location.path, force=True)


def remembered_merge(location: DatabaseLocation) -> MergeUndoToken:
    """The last merge the CLI made, to undo (refused when there is none)."""
    path = remembered_merge_path(location)
    try:
        text = path.read_text(encoding="utf-8") if path is not None else None
    except FileNotFoundError:
        text = None
    except OSError as error:
        raise StorageError(f"cannot read {path}: {error.strerror}") from None
    if text is None:
        raise NotFound("no merge to undo: `netdeck unmerge` undoes the last `netdeck merge`")
    return undo_from_json(text)


def forget_merge_if(location: DatabaseLocation, token: MergeUndoToken) -> None:
    """Forget the remembered merge when it is ``token`` (just undone another way)."""
    path = remembered_merge_path(location)
    try:
        text = path.read_text(encoding="utf-8") if path is not None else None
    except OSError:
        return
    if text is not None and text == undo_to_json(token):
        forget_merge(location)


def forget_merge(location: DatabaseLocation) -> None:
    path = remembered_merge_path(location)
    if path is not None:
        path.unlink(missing_ok=True)


def _typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    typed = dict(row)
    for column in table.columns:
        value = typed.get(column.name)
        if isinstance(value, str) and isinstance(column.type, DateTime):
            typed[column.name] = datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(column.type, Date):
            typed[column.name] = date.fromisoformat(value)
    return typed


def _saved_row(token: MergeUndoToken, table: str, row_id: int) -> dict[str, Any]:
    rows = dict(token.rows)[table]
    return next(row for row in rows if row["id"] == row_id)


def _move_rows(session: Session, keep_id: int, other_id: int) -> dict[str, int]:
    """OTHER's addresses, tags, interactions, key dates, changes of jobs and "not the
    same" pairs given to KEEP; what is already KEEP's (by lookup key, tag, imported
    message) dropped. How many of each moved."""
    dropped = 0
    keep_keys: set[tuple[str, str]] = set(
        session.execute(
            select(Channel.kind, Channel.lookup_key).where(Channel.contact_id == keep_id)
        )
    )
    keep_has_preferred = any(
        session.scalars(select(Channel.preferred).where(Channel.contact_id == keep_id))
    )
    addresses = 0
    for channel_id, kind, key in session.execute(
        select(Channel.id, Channel.kind, Channel.lookup_key).where(Channel.contact_id == other_id)
    ):
        if (kind, key) in keep_keys:
            session.execute(delete(Channel).where(Channel.id == channel_id))
            dropped += 1
            continue
        keep_keys.add((kind, key))
        values: dict[str, object] = {"contact_id": keep_id}
        if keep_has_preferred:
            values["preferred"] = False
        session.execute(update(Channel).where(Channel.id == channel_id).values(**values))
        addresses += 1
    keep_tags = set(
        session.scalars(select(ContactTag.tag_id).where(ContactTag.contact_id == keep_id))
    )
    other_tags = set(
        session.scalars(select(ContactTag.tag_id).where(ContactTag.contact_id == other_id))
    )
    new_tags = sorted(other_tags - keep_tags)
    session.execute(delete(ContactTag).where(ContactTag.contact_id == other_id))
    if new_tags:
        session.execute(
            insert(ContactTag), [{"contact_id": keep_id, "tag_id": tag} for tag in new_tags]
        )
    # The same imported message on both (each imported from another source file).
    keep_messages = select(Interaction.external_key).where(
        Interaction.contact_id == keep_id, Interaction.external_key.is_not(None)
    )
    dropped += _changed(
        session,
        delete(Interaction).where(
            Interaction.contact_id == other_id, Interaction.external_key.in_(keep_messages)
        ),
    )
    # One birthday a person: KEEP's stays, OTHER's goes (the backup and the undo hold it).
    keep_birthday = select(KeyDate.id).where(
        KeyDate.contact_id == keep_id, KeyDate.kind == KeyDateKind.BIRTHDAY.value
    )
    dropped += _changed(
        session,
        delete(KeyDate).where(
            KeyDate.contact_id == other_id,
            KeyDate.kind == KeyDateKind.BIRTHDAY.value,
            keep_birthday.exists(),
        ),
    )
    moved = {"interactions": 0, "key_dates": 0, "role_changes": 0}
    for model, name in (
        (Interaction, "interactions"),
        (KeyDate, "key_dates"),
        (RoleChange, "role_changes"),
    ):
        moved[name] = _changed(
            session, update(model).where(model.contact_id == other_id).values(contact_id=keep_id)
        )
    # Who did what to OTHER is history of the one person now (not counted as moved).
    session.execute(
        update(ContactEvent).where(ContactEvent.contact_id == other_id).values(contact_id=keep_id)
    )
    _move_not_duplicates(session, keep_id, other_id)
    return {"addresses": addresses, "tags": len(new_tags), "dropped": dropped, **moved}


def _changed(session: Session, statement: Executable) -> int:
    """How many rows an UPDATE or DELETE changed."""
    return cast("CursorResult[Any]", session.execute(statement)).rowcount


def _move_not_duplicates(session: Session, keep_id: int, other_id: int) -> None:
    """Pairs marked "not the same" with OTHER now name KEEP (a pair of the two is gone)."""
    involving = or_(NotDuplicate.low_id == other_id, NotDuplicate.high_id == other_id)
    rows = session.execute(select(NotDuplicate.low_id, NotDuplicate.high_id).where(involving))
    partners = {high if low == other_id else low for low, high in rows} - {keep_id}
    session.execute(delete(NotDuplicate).where(involving))
    for partner in sorted(partners):
        low, high = pair_key(keep_id, partner)
        if session.get(NotDuplicate, (low, high)) is None:
            session.add(NotDuplicate(low_id=low, high_id=high))


#: Text fields KEEP takes from OTHER only when its own is empty.
_FILLED_WHEN_EMPTY = ("company", "title", "nickname", "first_name", "last_name", "owner")
#: Free text joined when both have some (KEEP's first), with what separates them.
_JOINED = (("how_we_met", "; "), ("notes", "\n\n"), ("ask_about", "; "))


def _merge_fields(keep: Contact, other: dict[str, Any]) -> None:
    """KEEP's columns after the merge, from both (see the module docstring)."""
    for column in _FILLED_WHEN_EMPTY:
        if not getattr(keep, column) and other[column]:
            setattr(keep, column, other[column])
    for column, separator in _JOINED:
        setattr(keep, column, joined_text(getattr(keep, column), other[column], separator))
    stage = more_advanced(Stage(keep.stage), Stage(other["stage"]))
    if stage.value != keep.stage:
        keep.stage, keep.stage_since = stage.value, other["stage_since"]
        # The request they accepted is the one that went with that stage.
        keep.bare_request = bool(other["bare_request"])
    elif stage.value == other["stage"]:
        keep.bare_request = keep.bare_request or bool(other["bare_request"])
    if keep.cadence_days is None:
        keep.cadence_days = other["cadence_days"]
    keep.tag_cadence_days = _earliest(keep.tag_cadence_days, other["tag_cadence_days"])
    keep.connected_on = _earliest(keep.connected_on, other["connected_on"])
    keep.last_interaction_on = _latest(keep.last_interaction_on, other["last_interaction_on"])
    keep.skipped_on = _latest(keep.skipped_on, other["skipped_on"])
    keep.pulled_on = _latest(keep.pulled_on, other["pulled_on"])
    if keep.snoozed_until is None:
        keep.snoozed_until = other["snoozed_until"]
    role_changed = _latest(keep.role_changed_on, other["role_changed_on"])
    last = keep.last_interaction_on
    keep.role_changed_on = None if role_changed and last and last >= role_changed else role_changed
    for column in ("linkedin_connected", "imported_company", "imported_title"):
        if getattr(keep, column) is None:
            setattr(keep, column, other[column])
    keep.created_at = min(keep.created_at, other["created_at"])
    keep.name_key = name_key(keep.full_name)


def _earliest(a: Any, b: Any) -> Any:
    return b if a is None else a if b is None else min(a, b)


def _latest(a: Any, b: Any) -> Any:
    return b if a is None else a if b is None else max(a, b)


def _recompute(session: Session, keep: Contact, settings: Settings) -> None:
    """Who awaits your reply (from the merged log), the pending key date and due date,
    and the search text."""
    entries = [
        log_entry(row)
        for row in session.execute(
            select(*LOG_COLUMNS).where(
                Interaction.contact_id == keep.id,
                Interaction.kind != InteractionKind.NOTE.value,
            )
        )
    ]
    waiting = awaiting_reply(entries)
    keep.awaiting_reply_on = waiting.day if waiting is not None else None
    keep.awaiting_reply_preview = preview(waiting.text) if waiting is not None else None
    session.flush()
    refresh_key_date(keep, settings)
    refresh_search_text(session, [keep])
    session.flush()


def undo_merge(session: Session, token: MergeUndoToken) -> tuple[str, str]:
    """Both people back exactly as before the merge (their names); refused when KEEP
    is gone or what was freed has been reused since."""
    if session.get(Contact, token.keep_id) is None:
        raise NotFound(f"cannot undo: contact #{token.keep_id} no longer exists")
    if _digest(session, token.keep_id) != token.after:
        raise Conflict(
            f"cannot undo ({token.description}): #{token.keep_id} has changed since; "
            "the backup taken before the merge still holds both"
        )
    if session.get(Contact, token.other_id) is not None:
        # The merged-away id was given to someone added since: deleting it to put the
        # old person back would delete them.
        raise Conflict(
            f"cannot undo ({token.description}): #{token.other_id} now belongs to someone "
            "added since; the backup taken before the merge still holds both"
        )
    saved = dict(token.rows)
    ids = (token.keep_id, token.other_id)
    session.expunge_all()
    pairs = cast(Table, NotDuplicate.__table__)
    contacts = cast(Table, Contact.__table__)
    session.execute(delete(pairs).where(or_(pairs.c.low_id.in_(ids), pairs.c.high_id.in_(ids))))
    for table, column in _CHILD_TABLES:
        session.execute(delete(table).where(table.c[column].in_(ids)))
    session.execute(delete(contacts).where(contacts.c.id.in_(ids)))
    try:
        for table in (contacts, *(t for t, _ in _CHILD_TABLES), pairs):
            if saved[table.name]:
                session.execute(insert(table), list(saved[table.name]))
                ids_were_given(session.connection(), table)
        session.flush()
    except IntegrityError:
        raise Conflict(
            f"cannot undo the merge: {token.description.removeprefix('merged ')} changed since"
        ) from None
    keep = _saved_row(token, "contacts", token.keep_id)
    other = _saved_row(token, "contacts", token.other_id)
    return keep["full_name"], other["full_name"]

"""The connection requests a LinkedIn export logs (``Invitations.csv``).

Part of :mod:`netdeck.services.linkedin_sync`, run on the contacts it loaded, in
the same plan-then-write unit of work. The rules:

- **Every outgoing invitation** becomes an outbound ``connection-request`` on
  LinkedIn on its contact, connected or not, on the day it was sent: its
  ``Message`` is the text sent (none when it went out bare). Its source is the
  import's, and its key (invitee and day, see
  :attr:`~netdeck.importers.linkedin.Invitation.key`) makes any later export,
  or the same one again, add nothing twice. The note is kept whatever
  ``keep-message-text`` says (that setting is about the messages of
  conversations): it is your own words, and the note budget counts it
  (:func:`netdeck.services.note_budget.note_use`).
- **Whose request it is**: the invitee the import matched or added (a person
  not connected), else the contact with the invitee's profile URL, else (an
  export without URLs) the one connection of this export with the invitee's
  name. An invitation with no name, an unreadable ``Sent At``, a day after
  today, or no such contact is left out, as the import leaves out such
  invitees today.
- **Logged already**: a request you logged in netdeck (no key) within a day of
  the invitation (``Sent At`` may be in another time zone) is that invitation:
  it gets the key (and the note as its text when it had no text), and no second
  one is added. A request an earlier import stored under another key (an export
  without the URL columns keys the invitee by name) within a day is that
  invitation too. A logged request keeps the text you logged even when the
  export's Message is empty: netdeck does not throw away your words, so such a
  request still counts as a note.
- **The facts follow** as :func:`netdeck.domain.scheduling.after_interaction`
  has them for a logged request, from the latest of the contact's requests the
  import adds or recognises (unless a later one is stored): a prospect becomes
  ``requested`` (not one this export lists as a connection: an import leaves a
  connection's stage alone), and ``bare_request`` records that it went out without a note,
  unless you have talked since (the first message is written).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from netdeck.domain.channels import ChannelKind, InteractionChannel, address_key
from netdeck.domain.interactions import IMPORT_SOURCE, Direction, InteractionKind
from netdeck.domain.scheduling import after_interaction
from netdeck.domain.settings import Settings
from netdeck.importers.linkedin import Invitation
from netdeck.services.import_merge import LINKEDIN_SOURCE, ImportedPerson
from netdeck.services.note_budget import linkedin_request, note_sent
from netdeck.services.sync_state import SyncState
from netdeck.store.bulk import INTERACTION_COLUMNS, INTERACTION_SYNC_COLUMNS, bulk_insert
from netdeck.store.database import USER_INFO
from netdeck.store.models import Interaction, utc_now
from netdeck.store.sql import NewIds, rows_for_ids

#: Days between an invitation's ``Sent At`` and a request logged in netdeck that
#: still make them one request (time zones move a day either way).
SAME_REQUEST_DAYS = 1


@dataclass(slots=True)
class RequestPlan:
    """The requests to add, the logged ones recognised, and the contacts touched."""

    fresh: list[tuple[int, Invitation]] = field(default_factory=list)
    #: ``{"id", "external_key", "text_sent"}`` for each logged request recognised.
    adopted: list[dict[str, object]] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)


def request_contacts(
    requests: Sequence[Invitation],
    people: Sequence[ImportedPerson],
    contact_ids: Sequence[int | None],
    contact_of_url: Mapping[str, int],
    *,
    today: date,
) -> list[tuple[int, Invitation]]:
    """Each request that can be logged, with its contact (the rule in the module
    docstring); ``contact_of_url`` maps a LinkedIn lookup key
    (:func:`~netdeck.domain.channels.address_key`) to its contact."""
    invitee_at: dict[int, int] = {}  # Invitations.csv line -> contact
    connected: dict[str, set[int]] = defaultdict(set)  # folded name -> contacts
    for person, contact_id in zip(people, contact_ids, strict=True):
        if contact_id is None:
            continue
        if person.invitation:
            invitee_at[person.line] = contact_id
        elif person.source == LINKEDIN_SOURCE:
            connected[person.full_name.casefold()].add(contact_id)
    found: list[tuple[int, Invitation]] = []
    for request in requests:
        if request.sent_on is None or request.sent_on > today:
            continue
        contact_id = invitee_at.get(request.line)
        if contact_id is None and request.profile_url:
            contact_id = contact_of_url.get(address_key(ChannelKind.LINKEDIN, request.profile_url))
        if contact_id is None and not request.profile_url:
            namesakes = connected.get(request.name.casefold(), set())
            contact_id = next(iter(namesakes)) if len(namesakes) == 1 else None
        if contact_id is not None:
            found.append((contact_id, request))
    return found


@dataclass(frozen=True, slots=True)
class _Stored:
    id: int
    day: date
    key: str | None
    said: bool  # it has a text or a note


def _stored_requests(session: Session, ids: Iterable[int]) -> dict[int, list[_Stored]]:
    """The outbound LinkedIn connection requests stored for these contacts."""
    query = select(
        Interaction.contact_id,
        Interaction.id,
        Interaction.occurred_on,
        Interaction.external_key,
        note_sent(),  # among requests: it said something
    ).where(linkedin_request())
    stored: dict[int, list[_Stored]] = defaultdict(list)
    for contact_id, row_id, day, key, has_text in rows_for_ids(
        session, query, Interaction.contact_id, set(ids)
    ):
        stored[contact_id].append(_Stored(row_id, day, key, bool(has_text)))
    return stored


def plan_requests(
    session: Session,
    wanted: Sequence[tuple[int, Invitation]],
    states: Mapping[int, SyncState],
    settings: Settings,
    *,
    connected: Container[int] = (),
) -> RequestPlan:
    """What logging ``wanted`` (from :func:`request_contacts`) adds and recognises;
    the contacts' facts in ``states`` follow (the rules in the module docstring).
    Contacts in ``connected`` (this export's connections) keep their stage: a request
    to someone already connected moves nobody back to ``requested``."""
    plan = RequestPlan()
    by_contact: dict[int, list[Invitation]] = defaultdict(list)
    for contact_id, request in wanted:
        by_contact[contact_id].append(request)
    if not by_contact:
        return plan
    stored = _stored_requests(session, by_contact)
    for contact_id, requests in by_contact.items():
        rows = stored.get(contact_id, [])
        keys = {row.key for row in rows if row.key is not None}
        keyed_days = [row.day for row in rows if row.key is not None]
        unkeyed = [row for row in rows if row.key is None]
        latest: tuple[date, bool] | None = None  # (day, said) of the latest one touched
        for request in sorted(requests, key=lambda r: r.sent_on or date.min):
            if request.key in keys or _imported_already(request, keyed_days):
                continue
            keys.add(request.key)
            day, said = _log(plan, contact_id, request, unkeyed)
            latest = max(latest, (day, said)) if latest is not None else (day, said)
        if latest is None:
            continue
        plan.touched.add(contact_id)
        if any(row.day > latest[0] for row in rows):
            continue  # a later request is stored: it decides
        _follow(
            states[contact_id],
            latest[0],
            bare=not latest[1],
            settings=settings,
            keep_stage=contact_id in connected,
        )
    return plan


def _imported_already(request: Invitation, keyed_days: Sequence[date]) -> bool:
    """Whether an earlier import stored this invitation under another key (one export
    names the invitee by profile URL, an older one without the URL column by name):
    LinkedIn allows one pending invitation per person, so a stored request within
    :data:`SAME_REQUEST_DAYS` of it is the same one."""
    assert request.sent_on is not None  # request_contacts leaves undated ones out
    sent = request.sent_on
    return any(abs((day - sent).days) <= SAME_REQUEST_DAYS for day in keyed_days)


def _log(
    plan: RequestPlan, contact_id: int, request: Invitation, unkeyed: list[_Stored]
) -> tuple[date, bool]:
    """Plan ``request``: the logged request it is given its key, else a new one;
    its day and whether it said something."""
    assert request.sent_on is not None  # request_contacts leaves undated ones out
    note = request.message.strip()
    for row in unkeyed:
        if abs((row.day - request.sent_on).days) <= SAME_REQUEST_DAYS:
            unkeyed.remove(row)
            change: dict[str, object] = {"id": row.id, "external_key": request.key}
            if not row.said and note:
                change["text_sent"] = note
            plan.adopted.append(change)
            return row.day, row.said or bool(note)
    plan.fresh.append((contact_id, request))
    return request.sent_on, bool(note)


def _follow(
    state: SyncState, day: date, *, bare: bool, settings: Settings, keep_stage: bool
) -> None:
    """The contact's facts after a request on ``day`` (``bare``: without a note),
    as a logged one leaves them (its stage too, unless ``keep_stage``); talking since
    then means no bare request is owed."""
    talked = state.last_interaction_on is not None and state.last_interaction_on >= day
    facts = after_interaction(
        state.facts(settings),
        InteractionKind.CONNECTION_REQUEST,
        Direction.OUTBOUND,
        day,
        bare=bare and not talked,
    )
    state.bare_request = facts.bare_request
    if not keep_stage:
        state.stage, state.stage_since = facts.stage, facts.stage_since
        state.snoozed_until = facts.snoozed_until


#: The interaction columns a logged request fills (the usual ones, its time and key).
_REQUEST_COLUMNS = (*INTERACTION_COLUMNS, *INTERACTION_SYNC_COLUMNS, "actor")


def write_requests(session: Session, plan: RequestPlan) -> None:
    """Add the planned requests and give the recognised ones their keys."""
    for change in plan.adopted:  # few: one UPDATE each (their columns differ)
        values = {name: value for name, value in change.items() if name != "id"}
        session.execute(update(Interaction).where(Interaction.id == change["id"]).values(values))
    if not plan.fresh:
        return
    ids = NewIds(session.connection(), Interaction.__table__).take(len(plan.fresh))
    now = utc_now()
    kind, outbound = InteractionKind.CONNECTION_REQUEST.value, Direction.OUTBOUND.value
    actor = session.info.get(USER_INFO)  # a Core insert: the flush hook stamps ORM rows only
    rows: list[tuple[Any, ...]] = []
    for new_id, (contact_id, request) in zip(ids, plan.fresh, strict=True):
        text = request.message.strip() or None
        rows.append(
            (
                new_id,
                contact_id,
                request.sent_on,
                InteractionChannel.LINKEDIN.value,
                kind,
                outbound,
                "",
                text,
                None,
                IMPORT_SOURCE,
                now,
                None,
                request.key,
                actor,
            )
        )
    bulk_insert(session.connection(), Interaction.__table__, _REQUEST_COLUMNS, rows)


__all__ = ["RequestPlan", "plan_requests", "request_contacts", "write_requests"]

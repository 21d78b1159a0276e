"""Sync, not import: what a LinkedIn export says beyond who the people are.

Runs after :func:`netdeck.services.import_merge.merge_people` has matched the
export's people to contacts (or planned new ones), in the same unit of work,
first as a plan (a dry run, or the preview that decides whether to back up)
and then for real. The rules:

- **Every message** between you and someone in the deck becomes an interaction
  (theirs a reply with its text in the note, yours a message with its text as
  sent; the text only while ``keep-message-text`` is on), keyed by conversation,
  time and sender so that importing any export again, older or newer, adds
  nothing twice. A message an older netdeck imported (the last one per person,
  without a key) is recognised by day and direction and given its key. Messages
  dated after today are left for a later import.
- **Every outgoing invitation** is a connection request logged on its contact,
  once (:mod:`netdeck.services.sync_requests`); one that went out without a note
  leaves ``bare_request`` set, so the day they accept they are due, and say why;
  a message either way since the request (or its acceptance) clears it, as a
  logged conversation does.
- **Awaiting your reply**: after the new messages, whoever's latest message is
  theirs (:func:`netdeck.domain.replies.awaiting_reply`) awaits your reply from
  the day they wrote; a snooze is lifted when they write.
- **Accepted**: a ``requested`` contact now in ``Connections.csv`` is
  ``connected`` from the export's connection date.
- **No false "no message yet"**: a ``connected`` contact you wrote to on or after
  the day you connected is ``active`` from that day (on a first import too).
- **Changed jobs** (:mod:`netdeck.domain.roles`): the change is recorded with the
  import's day, and an ``active`` or ``connected`` contact is due by that day.
- **Gone**: a contact that an earlier ``Connections.csv`` listed
  (``linkedin_connected``) and this one lacks is no longer connected; never
  deleted. Only exports with profile URLs can tell (2020-format files cannot).

An export older than the newest one synced (its latest day, ``as_of``) still adds
its messages and acceptances, but cannot change jobs back or disconnect anyone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable, Sequence
from datetime import date
from itertools import islice
from typing import cast

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from netdeck.domain.channels import ChannelKind, address_key
from netdeck.domain.interactions import IMPORT_SOURCE, Direction, InteractionKind
from netdeck.domain.replies import LogEntry
from netdeck.domain.roles import role_text, role_update
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.importers.linkedin import ExportMessage, Invitation, LinkedInExport
from netdeck.services.contacts import refresh_search_text
from netdeck.services.conversation_sync import (
    apply_newest_message,
    stored_logs,
    write_changed_states,
)
from netdeck.services.import_merge import (
    LINKEDIN_SOURCE,
    FinalRows,
    ImportedPerson,
    MergeOutcome,
)
from netdeck.services.key_dates import key_dates_by_contact
from netdeck.services.sync_requests import (
    RequestPlan,
    plan_requests,
    request_contacts,
    write_requests,
)
from netdeck.services.sync_state import (
    STATE_COLUMNS,
    SyncEvents,
    SyncOutcome,
    SyncState,
    planned_state,
    stored_state,
)
from netdeck.store.bulk import (
    INTERACTION_COLUMNS,
    INTERACTION_SYNC_COLUMNS,
    bulk_insert,
    indexes_set_aside,
    lean_page_cache,
)
from netdeck.store.database import USER_INFO
from netdeck.store.models import (
    Channel,
    Contact,
    ImportMark,
    Interaction,
    RoleChange,
    utc_now,
)
from netdeck.store.sql import NewIds, in_lists, rows_for_ids

#: What counts as your first message after connecting: any conversation you started.
_YOU_WROTE = [
    k.value for k in (InteractionKind.MESSAGE, InteractionKind.CALL, InteractionKind.MEETING)
]

#: The interaction columns a synced message fills (the usual ones, its time and key).
MESSAGE_COLUMNS = (*INTERACTION_COLUMNS, *INTERACTION_SYNC_COLUMNS, "actor")


def sync_linkedin(
    session: Session,
    export: LinkedInExport,
    people: Sequence[ImportedPerson],
    merged: MergeOutcome,
    *,
    today: date,
    settings: Settings,
    write: bool,
) -> SyncOutcome:
    """Apply (or, unless ``write``, only plan) what ``export`` says about the deck's
    people; ``people`` and ``merged`` are what the merge was given and found."""
    sync = _Sync(session, export, merged, today=today, settings=settings)
    sync.load(people)
    sync.connections(people)
    sync.messages()
    sync.requests()
    sync.first_messages()
    sync.gone()
    if write:
        sync.write()
    return sync.outcome()


class _Sync:
    """One sync's plan: the contacts' states before and after, and what to add."""

    def __init__(
        self,
        session: Session,
        export: LinkedInExport,
        merged: MergeOutcome,
        *,
        today: date,
        settings: Settings,
    ) -> None:
        self.session = session
        self.export = export
        self.merged = merged
        self.today = today
        self.settings = settings
        mark = session.get(ImportMark, LINKEDIN_SOURCE)
        self.mark = mark.latest_as_of if mark is not None else None
        #: An older export than the newest synced: it adds, it never takes back.
        self.older = self.mark is not None and export.as_of is not None and export.as_of < self.mark
        self.states: dict[int, SyncState] = {}
        #: Each contact's row values as loaded (a tuple: tens of thousands of dicts
        #: would weigh on the sync's peak memory).
        self.before: dict[int, tuple[object, ...]] = {}
        self.in_connections: set[int] = set()
        #: The messages to add, per contact, oldest first.
        self.fresh: dict[int, list[ExportMessage]] = {}
        self.adopted: list[dict[str, object]] = []
        self.adopted_by: set[int] = set()  # contacts whose old messages got their keys
        #: The days of the messages you wrote that this sync adds, per contact.
        self.outbound_days: dict[int, list[date]] = defaultdict(list)
        self.role_changes: list[RoleChange] = []
        self.accepted: list[str] = []
        self.awaiting: list[tuple[str, str]] = []
        self.job_changes: list[tuple[str, str]] = []
        self.disconnected: list[str] = []
        self.url_to_id: dict[str, int] = {}
        self.key_of_url: dict[str, str] = {}  # profile URL -> its lookup key
        #: The export's connection requests with their contacts, and what logging them does.
        self.request_of: list[tuple[int, Invitation]] = []
        self.request_plan = RequestPlan()
        self._changed: list[dict[str, object]] | None = None
        self._changed_new: set[int] = set()  # new people the sync lands elsewhere

    # ------------------------------------------------------------ loading

    def load(self, people: Sequence[ImportedPerson]) -> None:
        """The states of every contact the export's people and messages touch."""
        for person, contact_id in zip(people, self.merged.contact_ids, strict=True):
            if contact_id is not None and person.url:
                self.url_to_id.setdefault(address_key(ChannelKind.LINKEDIN, person.url), contact_id)
        # Each profile's lookup key once, not once per message.
        self.key_of_url = {
            url: address_key(ChannelKind.LINKEDIN, url)
            for url in {m.person_url for m in self.export.messages}
        }
        invitees = {
            address_key(ChannelKind.LINKEDIN, r.profile_url)
            for r in self.export.requests
            if r.profile_url
        }
        unmatched = (set(self.key_of_url.values()) | invitees) - set(self.url_to_id)
        for chunk in in_lists(sorted(unmatched)):
            for contact_id, key in self.session.execute(
                select(Channel.contact_id, Channel.lookup_key).where(
                    Channel.kind == ChannelKind.LINKEDIN.value, Channel.lookup_key.in_(chunk)
                )
            ):
                self.url_to_id.setdefault(key, contact_id)
        wanted = {i for i in self.merged.contact_ids if i is not None} | set(
            self.url_to_id.values()
        )
        self._load_states(wanted - set(self.merged.new))  # the new ones are planned
        self.request_of = request_contacts(
            self.export.requests, people, self.merged.contact_ids, self.url_to_id, today=self.today
        )

    def _load_states(self, ids: Iterable[int]) -> None:
        wanted = set(ids)
        # One query for the few of them with key dates (their pending date follows the sync).
        dates = key_dates_by_contact(self.session, wanted)
        for row in rows_for_ids(self.session, select(*STATE_COLUMNS), Contact.id, wanted):
            state = stored_state(row)
            state.key_dates = dates.get(state.id, ())
            self._remember(state)
        # New people not written yet (a plan, or written once the sync is done).
        for contact_id, (person, facts) in self.merged.new.items():
            if contact_id not in self.states:
                self._remember(planned_state(contact_id, person, facts))

    def _remember(self, state: SyncState) -> None:
        self.states[state.id] = state
        self.before[state.id] = tuple(state.row(self.settings).values())

    # ------------------------------------------------------------ the rules

    def connections(self, people: Sequence[ImportedPerson]) -> None:
        """Acceptances, changes of jobs and who is connected, from ``Connections.csv``."""
        for person, contact_id in zip(people, self.merged.contact_ids, strict=True):
            if contact_id is None or person.invitation or person.source != LINKEDIN_SOURCE:
                continue
            state = self.states[contact_id]
            self.in_connections.add(contact_id)
            if state.stage is Stage.REQUESTED:
                connected = min(person.connected_on or self.today, self.today)
                state.stage, state.stage_since = Stage.CONNECTED, connected
                state.connected_on = connected
                state.snoozed_until = None
                self.accepted.append(state.name)
            if not self.older:
                state.linkedin_connected = True
                self._role(state, person)

    def _role(self, state: SyncState, person: ImportedPerson) -> None:
        update_ = role_update(
            company=state.company,
            title=state.title,
            imported_company=state.imported_company,
            imported_title=state.imported_title,
            new_company=person.company,
            new_title=person.title,
        )
        if update_.changed_jobs:
            before = (state.imported_company or "", state.imported_title or "")
            after = (person.company or before[0], person.title or before[1])
            self.role_changes.append(
                RoleChange(
                    contact_id=state.id,
                    changed_on=self.today,
                    from_company=before[0],
                    from_title=before[1],
                    to_company=after[0],
                    to_title=after[1],
                )
            )
            self.job_changes.append((state.name, role_text(after[1], after[0])))
            if state.stage in (Stage.ACTIVE, Stage.CONNECTED):
                state.role_changed_on = self.today
        state.company, state.title = update_.company, update_.title
        state.imported_company = person.company or state.imported_company or ""
        state.imported_title = person.title or state.imported_title or ""

    def messages(self) -> None:
        """Every message not in the deck yet, and who awaits your reply afterwards."""
        by_contact: dict[int, list[ExportMessage]] = defaultdict(list)
        for message in self.export.messages:
            contact_id = self.url_to_id.get(self.key_of_url[message.person_url])
            if contact_id is not None and message.day <= self.today:
                by_contact[contact_id].append(message)
        if not by_contact:
            return
        known, legacy = self._stored_keys(list(by_contact))
        fresh: dict[int, list[ExportMessage]] = {}
        for contact_id, messages in by_contact.items():
            added = []
            for message in messages:
                if (contact_id, message.key) in known:
                    continue
                known.add((contact_id, message.key))
                old = legacy.pop((contact_id, message.day, message.inbound), None)
                if old is not None:
                    self.adopted.append(
                        {"id": old, "external_key": message.key, "occurred_at": message.at}
                    )
                    self.adopted_by.add(contact_id)
                else:
                    added.append(message)
            if added:
                fresh[contact_id] = added
        if fresh:
            self._add(fresh)

    def _stored_keys(
        self, ids: list[int]
    ) -> tuple[set[tuple[int, str]], dict[tuple[int, date, bool], int]]:
        """The keys of the messages stored for these contacts, and the unkeyed messages
        an older netdeck imported, by (contact, day, inbound)."""
        known: set[tuple[int, str]] = set()
        legacy: dict[tuple[int, date, bool], int] = {}
        query = select(
            Interaction.contact_id,
            Interaction.external_key,
            Interaction.id,
            Interaction.occurred_on,
            Interaction.direction,
        ).where(Interaction.source == IMPORT_SOURCE)
        for contact_id, key, interaction_id, day, direction in rows_for_ids(
            self.session, query, Interaction.contact_id, ids
        ):
            if key is not None:
                known.add((contact_id, key))
            else:
                legacy[(contact_id, day, direction == Direction.INBOUND.value)] = interaction_id
        return known, legacy

    def _add(self, fresh: dict[int, list[ExportMessage]]) -> None:
        """Plan the new messages (written by :meth:`write`, a slice at a time) and what
        they do to each contact. ``fresh`` holds each contact's messages oldest first."""
        self.fresh = fresh
        keep_text = self.settings.keep_message_text
        for contact_id, messages in fresh.items():
            self.outbound_days[contact_id].extend(m.day for m in messages if not m.inbound)
        # Only the latest entry decides who awaits a reply: the newest message added
        # against what is stored from its day on.
        newest = {contact_id: messages[-1] for contact_id, messages in fresh.items()}
        logs = stored_logs(self.session, {i: m.day for i, m in newest.items()})
        for contact_id in fresh:
            last = newest[contact_id]
            text = last.text if keep_text else ""
            event = apply_newest_message(
                self.states[contact_id],
                LogEntry(last.day, last.at, 0, last.inbound, True, text),
                logs.get(contact_id, ()),
                settings=self.settings,
                today=self.today,
            )
            if event is not None:
                self.awaiting.append(event)

    def _message_rows(self) -> Iterable[tuple[object, ...]]:
        """The ``MESSAGE_COLUMNS`` rows of the planned messages, ids left out."""
        keep_text = self.settings.keep_message_text
        now = utc_now()
        # A Core insert: the importing user is set here (the flush hook stamps ORM rows).
        actor = self.session.info.get(USER_INFO)
        inbound_kind, outbound_kind = InteractionKind.REPLY.value, InteractionKind.MESSAGE.value
        inbound, outbound = Direction.INBOUND.value, Direction.OUTBOUND.value
        for contact_id, messages in self.fresh.items():
            for m in messages:
                text = m.text if keep_text else ""
                row: tuple[str, str, str, str | None]
                if m.inbound:
                    row = (inbound_kind, inbound, text, None)
                else:
                    row = (outbound_kind, outbound, "", text or None)
                yield (
                    contact_id,
                    m.day,
                    "linkedin",
                    *row,
                    None,
                    IMPORT_SOURCE,
                    now,
                    m.at,
                    m.key,
                    actor,
                )

    def requests(self) -> None:
        """Every outgoing invitation logged as a connection request on its contact
        (:mod:`netdeck.services.sync_requests`'s rules)."""
        self.request_plan = plan_requests(
            self.session,
            self.request_of,
            self.states,
            self.settings,
            connected=self.in_connections,
        )

    def first_messages(self) -> None:
        """A ``connected`` contact you wrote to since connecting is ``active``."""
        wrote: dict[int, date] = {}
        for contact_id, days in self.outbound_days.items():
            connected = self.states[contact_id].connected_on
            since = [day for day in days if connected is not None and day >= connected]
            if since:
                wrote[contact_id] = min(since)
        candidates = [
            s.id for s in self.states.values() if s.stage is Stage.CONNECTED and s.connected_on
        ]
        for chunk in in_lists(candidates):
            for contact_id, day in self.session.execute(
                select(Interaction.contact_id, func.min(Interaction.occurred_on))
                .join(Contact, Contact.id == Interaction.contact_id)
                .where(
                    Interaction.contact_id.in_(chunk),
                    Interaction.direction == Direction.OUTBOUND.value,
                    Interaction.kind.in_(_YOU_WROTE),
                    Interaction.occurred_on >= Contact.connected_on,
                )
                .group_by(Interaction.contact_id)
            ):
                wrote[contact_id] = min(day, wrote.get(contact_id, day))
        for contact_id in candidates:
            state = self.states[contact_id]
            first = wrote.get(contact_id)
            if first is not None and state.connected_on is not None and first >= state.connected_on:
                state.stage, state.stage_since = Stage.ACTIVE, first
                state.snoozed_until = None

    def gone(self) -> None:
        """Connections an earlier ``Connections.csv`` listed and this one lacks."""
        urls = {
            address_key(ChannelKind.LINKEDIN, c.profile_url)
            for c in self.export.connections
            if c.profile_url
        }
        if self.older or not urls:
            return
        rows = self.session.execute(
            select(Contact.id, Contact.full_name, Channel.lookup_key)
            .join(Channel, Channel.contact_id == Contact.id)
            .where(
                Contact.linkedin_connected.is_(True),
                Channel.kind == ChannelKind.LINKEDIN.value,
            )
        )
        lacking: dict[int, str] = {}
        seen: set[int] = set()
        for contact_id, name, key in rows:
            if key in urls or contact_id in self.in_connections:
                seen.add(contact_id)
            else:
                lacking.setdefault(contact_id, name)
        gone = sorted(set(lacking) - seen)
        self._load_states(i for i in gone if i not in self.states)
        for contact_id in gone:
            self.states[contact_id].linkedin_connected = False
            self.disconnected.append(lacking[contact_id])

    # ------------------------------------------------------------ writing

    def changed(self) -> list[dict[str, object]]:
        """The new values of every stored contact the plan changes (worked out once);
        new people written by the sync count in ``_changed_new`` (their rows are
        worked out again when they are written: not kept twice)."""
        if self._changed is None:
            self._changed = []
            for i, state in self.states.items():
                row = state.row(self.settings)
                if tuple(row.values()) == self.before[i]:
                    continue
                if i in self.inserted:
                    self._changed_new.add(i)
                else:
                    self._changed.append(row)
        return self._changed

    @property
    def inserted(self) -> Container[int]:
        """The new people this sync writes itself (once, as it leaves them)."""
        return self.merged.new if self.merged.insert_new is not None else set()

    def write(self) -> None:
        with lean_page_cache(self.session.connection()):
            self._write()

    def _write(self) -> None:
        if self.merged.insert_new is not None:
            # The new people, written once, as the sync leaves them.
            settings, states = self.settings, self.states
            self.merged.insert_new(
                FinalRows(SyncState.ROW_COLUMNS, lambda i: states[i].row(settings))
            )
        self._update_contacts()
        if self.adopted:
            self.session.execute(update(Interaction), self.adopted)
        if self.fresh:
            connection = self.session.connection()
            ids = NewIds(connection, Interaction.__table__).take(sum(map(len, self.fresh.values())))
            rows = self._message_rows()
            # A first sync adds far more messages than the table holds: build the
            # indexes once afterwards rather than row by row.
            many = bool(ids) and len(ids) > ids[0]
            numbered = ((new_id, *row) for new_id, row in zip(ids, rows, strict=True))
            with indexes_set_aside(connection, Interaction.__table__, when=many):
                # A slice at a time: the driver's copy of 200,000 rows need not exist at once.
                while batch := list(islice(numbered, 20_000)):
                    bulk_insert(connection, Interaction.__table__, MESSAGE_COLUMNS, batch)
        write_requests(self.session, self.request_plan)
        self.session.add_all(self.role_changes)
        as_of = self.export.as_of
        if as_of is not None and (self.mark is None or as_of > self.mark):
            self.session.merge(ImportMark(source=LINKEDIN_SOURCE, latest_as_of=as_of))
        self.session.flush()
        retitled = self._retitled()
        if retitled:
            self.session.expire_all()
            contacts: list[Contact] = []
            for chunk in in_lists(retitled):
                contacts.extend(
                    self.session.scalars(
                        select(Contact)
                        .where(Contact.id.in_(chunk))
                        .options(selectinload(Contact.channels), selectinload(Contact.tags))
                    )
                )
            refresh_search_text(self.session, contacts)
            self.session.flush()

    def _retitled(self) -> list[int]:
        """The contacts whose company or title the sync changed (a change of jobs, or
        the first one an export gives): what search finds them by changed too."""
        retitled = {change.contact_id for change in self.role_changes}
        for row in self.changed():
            before = dict(zip(row, self.before[cast(int, row["id"])], strict=True))
            if (row["company"], row["title"]) != (before["company"], before["title"]):
                retitled.add(cast(int, row["id"]))
        return sorted(retitled)

    def _update_contacts(self) -> None:
        write_changed_states(self.session, self.changed(), self.before)

    def outcome(self) -> SyncOutcome:
        changed = {cast(int, row["id"]) for row in self.changed()} | self._changed_new
        return SyncOutcome(
            events=SyncEvents(
                accepted=tuple(self.accepted),
                awaiting_reply=tuple(self.awaiting),
                job_changes=tuple(self.job_changes),
                disconnected=tuple(self.disconnected),
            ),
            interactions=sum(len(messages) for messages in self.fresh.values())
            + len(self.request_plan.fresh),
            requests=len(self.request_plan.fresh),
            bare_requests=sum(not r.message.strip() for _, r in self.request_plan.fresh),
            changed_ids=changed
            | self.adopted_by
            | self.request_plan.touched
            | {r.contact_id for r in self.role_changes},
        )


__all__ = ["SyncEvents", "SyncOutcome", "sync_linkedin"]

"""The application API: the one door both faces (TUI and CLI) use to reach the deck.

:class:`DeckApi` holds the open database and where today comes from; each method
is one use case and one unit of work (a short-lived session, a write transaction
where it changes anything, today's date and the stored settings read once).
Ids (or, for the CLI, a contact reference) go in; frozen dataclasses of plain
values come out, so no ORM row crosses into a face (nor into the TUI's UI thread,
which calls these methods from thread workers).

The modules behind it (:mod:`~netdeck.services.actions`, ``schedule``,
``contacts``, ``contact_list``, ``bulk_actions``, ``drafts``, ``triage``, ...) are
its internals: they take a session and are called only from here (and from the
services' own tests). Long by design: a facade with one short method per use
case grows with the use cases, while the work stays in those modules.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from netdeck.domain.cadence import parse_optional_cadence
from netdeck.domain.channels import ChannelKind, openable_url
from netdeck.domain.contact_query import ContactQuery
from netdeck.domain.errors import InvalidInput
from netdeck.domain.health import NetworkHealth
from netdeck.domain.settings import Settings, setting_spec
from netdeck.domain.users import resolve_user
from netdeck.services import (
    actions,
    bulk_actions,
    claims,
    contact_list,
    contacts,
    drafts,
    duplicates,
    key_dates,
    note_budget,
    queue,
    snippets,
    tag_cadences,
    team,
    triage,
    views,
)
from netdeck.services import settings as settings_service
from netdeck.services.actions import ActionOutcome, UndoToken
from netdeck.services.bulk_actions import BulkOutcome, BulkUndoToken
from netdeck.services.claims import ClaimView
from netdeck.services.contact_list import EVERYONE, ContactPage
from netdeck.services.drafts import Draft
from netdeck.services.duplicates import DuplicatesSnapshot, MergeOutcome, MergeUndoToken
from netdeck.services.triage import TriageCounts, TriageSnapshot
from netdeck.services.views import (
    ContactDetail,
    ContactSummary,
    DeckUserView,
    QueueSnapshot,
    ScheduleChange,
    SnippetView,
    TagView,
)
from netdeck.store.database import Database, open_database

#: A contact as a face names it: its id (the TUI), or what the user typed (the CLI:
#: an id, ``#id``, an exact email or LinkedIn URL, or a unique part of the name).
ContactRef = int | str

#: At most this many sessions read the health figures side by side (one per core,
#: up to this): past three the costliest single part (the replies to a year of
#: sends, about 200 ms at 100,000 contacts) sets the time anyway.
HEALTH_READERS = 3

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from netdeck.services.calendar_feed import CalendarSummary
    from netdeck.services.copying import CopySummary
    from netdeck.services.importing import ImportSummary, ProgressCallback
    from netdeck.services.mail_sync import MailProgressCallback, MailStatusView, MailSyncSummary
    from netdeck.services.restoring import RestoreSummary
    from netdeck.store.models import Contact


class _Unit:
    """One call's unit of work: its session, today's date and the settings (read
    from the session at most once, on first use)."""

    __slots__ = ("_settings", "session", "today")

    def __init__(self, session: Session, today: date) -> None:
        self.session = session
        self.today = today
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = settings_service.load_settings(self.session)
        return self._settings

    def contact_id(self, contact: ContactRef) -> int:
        """The id of the contact named by ``contact`` (refused when it names nobody)."""
        if isinstance(contact, int):
            return contacts.get_contact(self.session, contact).id
        return contacts.resolve_contact(self.session, contact).id


class DeckApi:
    """The application API over one open deck (database): one method per use case.

    Named for what it is rather than for the deck it opens: the deck is the
    user's contacts and history; this is the set of things a face may ask of it.
    """

    def __init__(
        self, database: Database, today: Callable[[], date], user: str | None = None
    ) -> None:
        self.database = database
        self._today = today
        #: ``NETDECK_USER`` as the face read it (None: the deck decides, see :attr:`user`).
        self._explicit_user = user
        self._user: str | None = None
        #: Whether this run's user is in ``deck_users`` yet (registered on the first write).
        self._registered = False

    @classmethod
    def open(
        cls, target: str | None, today: Callable[[], date], user: str | None = None
    ) -> DeckApi:
        return cls(open_database(target), today, user)

    def close(self) -> None:
        self.database.close()

    @property
    def today(self) -> date:
        return self._today()

    @property
    def user(self) -> str:
        """Who this run acts as: ``NETDECK_USER``, else the setting ``me``, else the
        login name (:func:`netdeck.domain.users.resolve_user`); read once."""
        if self._user is None:
            from netdeck.whoami import login_name

            # (The setting is read only when NETDECK_USER does not decide.)
            setting = "" if self._explicit_user else self.settings().me
            self._user = resolve_user(self._explicit_user, setting, login_name())
        return self._user

    @contextmanager
    def _unit(self, *, write: bool = False) -> Iterator[_Unit]:
        """One unit of work: a reading session, or with ``write`` one write transaction
        (committed when the call returns, rolled back when it raises)."""
        opened = self.database.writing(self.user) if write else self.database.reading()
        with opened as session:
            if write and not self._registered:
                # The run's first write adds its user to the deck's users (once a run:
                # last_seen_at is when they last started writing, not every write).
                team.register_user(session, self.user)
            yield _Unit(session, self.today)
        if write:
            self._registered = True

    def _team_view(self, unit: _Unit, detail: ContactDetail) -> ContactDetail:
        """A contact's card with who else touched them lately, in a shared deck."""
        if not team.is_shared(unit.session, self.user):
            return detail
        touched = team.recent_touches(
            unit.session, [detail.id], me=self.user, today=unit.today
        ).get(detail.id)
        return replace(detail, touched=touched, shared=True)

    def _team_queue(self, unit: _Unit, snapshot: QueueSnapshot, *, everyone: bool) -> QueueSnapshot:
        """A shared deck's queue entries with their owners and who else touched them."""
        entries = snapshot.entries
        ids = [entry.id for entry in entries]
        touches = team.recent_touches(unit.session, ids, me=self.user, today=unit.today)
        owners = contacts.owners(unit.session, ids)
        return replace(
            snapshot,
            entries=tuple(
                replace(entry, touched=touches.get(entry.id), owner=owners.get(entry.id))
                for entry in entries
            ),
            scope="everyone" if everyone else "mine",
            shared=True,
        )

    @staticmethod
    def _seen(unit: _Unit) -> contact_list.SeenOn:
        """What a listed contact's due day is seen by (as the queue sees it)."""
        return contact_list.SeenOn(unit.today, unit.settings.reply_window)

    # ------------------------------------------------------------ reading

    def queue(
        self, *, show_all: bool = False, limit: int | None = None, everyone: bool = False
    ) -> QueueSnapshot:
        """Today's queue (``show_all``: everyone due, past the daily queue size).

        In a shared deck (more than one user) it holds the user's people and nobody's,
        or with ``everyone`` all of them; each entry says who else touched them lately.
        A deck with one user shows everyone, whatever ``everyone`` says."""
        with self._unit() as unit:
            shared = team.is_shared(unit.session, self.user)
            snapshot = queue.todays_queue(
                unit.session,
                today=unit.today,
                settings=unit.settings,
                show_all=show_all,
                limit=limit,
                me=self.user if shared and not everyone else None,
                done_by=self.user if shared else None,
            )
            if not shared:  # nobody else to touch or claim anyone
                return snapshot
            snapshot = self._team_queue(unit, snapshot, everyone=everyone)
            return self._with_claims(unit, snapshot)

    def deck_users(self) -> list[DeckUserView]:
        """Everyone who has written to this deck, first seen first."""
        with self._unit() as unit:
            return team.deck_users(unit.session)

    def _with_claims(self, unit: _Unit, snapshot: QueueSnapshot) -> QueueSnapshot:
        """The snapshot with the people another user is writing to today marked."""
        held = claims.claimed_by_others(
            unit.session, [entry.id for entry in snapshot.entries], user=self.user, today=unit.today
        )
        if not held:
            return snapshot
        entries = tuple(
            replace(entry, claimed_by=held[entry.id][0], claimed_at=held[entry.id][1])
            if entry.id in held
            else entry
            for entry in snapshot.entries
        )
        return replace(snapshot, entries=entries)

    def health(self) -> NetworkHealth:
        """Every network health figure for today (several aggregate queries: call it from
        a worker). They are read by up to :data:`HEALTH_READERS` sessions side by side,
        one per core (:func:`netdeck.services.stats.network_health_from`)."""
        from netdeck.services.stats import network_health_from

        readers = max(1, min(HEALTH_READERS, os.cpu_count() or 1))
        with self.database.readers(readers) as sessions:
            unit = _Unit(sessions[0], self.today)
            return network_health_from(sessions, today=unit.today, settings=unit.settings)

    def contact(
        self, contact: ContactRef, *, interaction_limit: int | None = None
    ) -> ContactDetail:
        with self._unit() as unit:
            detail = contacts.describe_contact(
                unit.session,
                contacts.get_contact(unit.session, unit.contact_id(contact)),
                today=unit.today,
                settings=unit.settings,
                interaction_limit=interaction_limit,
            )
            detail = self._team_view(unit, detail)
            # A prospect only a note reaches says so while the month's notes are spent.
            held = note_budget.spent_reason(
                unit.session,
                detail.stage,
                [channel.kind for channel in detail.channels],
                today=unit.today,
                settings=unit.settings,
            )
            return detail if held is None else replace(detail, reason=held)

    def contacts_page(
        self,
        query: ContactQuery = EVERYONE,
        *,
        offset: int = 0,
        limit: int = 100,
        within: Sequence[int] | None = None,
    ) -> ContactPage:
        """One page of matching contacts and what is known of the total
        (see :func:`netdeck.services.contact_list.contact_page`)."""
        with self._unit() as unit:
            return contact_list.contact_page(
                unit.session,
                query,
                offset=offset,
                limit=limit,
                within=within,
                seen=self._seen(unit),
            )

    def search_matches(self, query: ContactQuery) -> list[int]:
        """A search's matches, in order, up to one more than the count limit
        (more than the limit means "more than that many")."""
        with self._unit() as unit:
            return contact_list.matching_ids(
                unit.session, query, at_most=views.MATCH_COUNT_LIMIT + 1
            )

    def list_contacts(
        self, query: ContactQuery = EVERYONE, *, limit: int | None = None
    ) -> list[ContactSummary]:
        """The matching contacts in order (``limit`` of them, else all)."""
        with self._unit() as unit:
            return contact_list.list_contacts(
                unit.session, query, limit=limit, seen=self._seen(unit)
            )

    def tag_names(self) -> list[str]:
        with self._unit() as unit:
            return contacts.tag_names(unit.session)

    def tags(self) -> list[TagView]:
        """Every tag with its cadence and how many people carry it."""
        with self._unit() as unit:
            return tag_cadences.list_tags(unit.session)

    def settings(self) -> Settings:
        with self._unit() as unit:
            return unit.settings

    def draft(
        self, contact: ContactRef, snippet_name: str | None = None, channel: str | None = None
    ) -> Draft:
        """A draft for the contact (see :func:`netdeck.services.drafts.compose_draft`);
        re-check edits with :func:`netdeck.services.drafts.recheck`."""
        with self._unit() as unit:
            return drafts.compose_draft(
                unit.session,
                unit.contact_id(contact),
                today=unit.today,
                settings=unit.settings,
                snippet_name=snippet_name,
                channel=channel,
            )

    def snippet(self, name: str) -> SnippetView:
        """The snippet named ``name`` (case-insensitive)."""
        with self._unit() as unit:
            return snippets.snippet_view(snippets.find_snippet(unit.session, name))

    def check_snippet_name_free(self, name: str) -> None:
        """Refuse a name another snippet already has (before an editor is opened)."""
        with self._unit() as unit:
            snippets.ensure_name_free(unit.session, name)

    def snippets(self) -> list[SnippetView]:
        with self._unit() as unit:
            return snippets.list_snippets(unit.session)

    def open_link(self, contact_id: int) -> str:
        """The link for the contact's preferred address (LinkedIn profile, mailto:...);
        an address that fails today's rules (stored before them) is refused, not opened."""
        detail = self.contact(contact_id, interaction_limit=0)
        ordered = sorted(detail.channels, key=lambda ch: not ch.preferred)
        if not ordered:
            raise InvalidInput(f"{detail.name} has no address to open: press e to add one")
        return openable_url(ChannelKind(ordered[0].kind), ordered[0].value)

    # ------------------------------------------------------------ writing

    def mark_done(
        self,
        contact: ContactRef,
        *,
        channel: str | None,
        kind: str,
        note: str,
        inbound: bool = False,
        on: date | None = None,
    ) -> ActionOutcome:
        """Log an interaction (``on`` an earlier day, else today); its ``logged`` says what
        was recorded and where the contact's schedule went."""
        with self._unit(write=True) as unit:
            contact_id = self._hold(unit, contact)
            outcome = actions.mark_done(
                unit.session,
                contact_id,
                today=unit.today,
                settings=unit.settings,
                channel=channel,
                kind=kind,
                note=note,
                inbound=inbound,
                on=on,
            )
            if not inbound:  # something went out to them: nobody needs to hold them now
                claims.release_claim(unit.session, contact_id, user=self.user)
            return self._told(unit, contact_id, outcome)

    def request_without_note(self, contact: ContactRef) -> ActionOutcome:
        """Connect without a note, then message on acceptance (see
        :func:`netdeck.services.drafts.request_without_note`; undo-able)."""
        with self._unit(write=True) as unit:
            return drafts.request_without_note(
                unit.session, unit.contact_id(contact), today=unit.today, settings=unit.settings
            )

    def mark_sent(
        self, contact_id: int, *, text: str, snippet_id: int | None, channel: str
    ) -> ActionOutcome:
        """Log a draft as sent, with its exact text and snippet (undo-able like mark_done)."""
        with self._unit(write=True) as unit:
            self._hold(unit, contact_id)
            outcome = drafts.mark_sent(
                unit.session,
                contact_id,
                text=text,
                snippet_id=snippet_id,
                channel=channel,
                today=unit.today,
                settings=unit.settings,
            )
            claims.release_claim(unit.session, contact_id, user=self.user)
            return self._told(unit, contact_id, outcome)

    def snooze(self, contact: ContactRef, until: date) -> ActionOutcome:
        with self._unit(write=True) as unit:
            contact_id = self._hold(unit, contact)
            outcome = actions.snooze(
                unit.session, contact_id, until=until, today=unit.today, settings=unit.settings
            )
            return self._told(unit, contact_id, outcome)

    def skip(self, contact: ContactRef) -> ActionOutcome:
        with self._unit(write=True) as unit:
            contact_id = self._hold(unit, contact)
            outcome = actions.skip(
                unit.session, contact_id, today=unit.today, settings=unit.settings
            )
            return self._told(unit, contact_id, outcome)

    @staticmethod
    def _hold(unit: _Unit, contact: ContactRef) -> int:
        """The contact's id, its row held for this write (see
        :func:`netdeck.services.claims.hold_for_writing`)."""
        contact_id = unit.contact_id(contact)
        claims.hold_for_writing(unit.session, contact_id)
        return contact_id

    def _told(self, unit: _Unit, contact_id: int, outcome: ActionOutcome) -> ActionOutcome:
        """``outcome`` with what another user did to the same person today, if anything
        (both writes stand; the later one is told)."""
        others = claims.others_did(unit.session, contact_id, user=self.user, today=unit.today)
        return outcome if others is None else replace(outcome, others_did=others)

    # ------------------------------------------------------------ claims (a shared deck)

    def claim(self, contact: ContactRef, *, take_over: bool = False) -> ClaimView:
        """Claim the contact for this run's user today ("I am writing to them"), unless
        another user did today; the result says who holds it (``mine``). ``take_over``:
        take it from them too (the user chose to write anyway). See
        :mod:`netdeck.services.claims`."""
        with self._unit(write=True) as unit:
            return claims.take_claim(
                unit.session,
                unit.contact_id(contact),
                user=self.user,
                today=unit.today,
                take_over=take_over,
            )

    def release(self, contact: ContactRef) -> bool:
        """Drop this user's claim on the contact (leaving the composer); another user's
        stays. Whether there was one."""
        with self._unit(write=True) as unit:
            return claims.release_claim(unit.session, unit.contact_id(contact), user=self.user)

    def claimed_by_other(self, contact: ContactRef) -> ClaimView | None:
        """Another user's claim on the contact today, or None (reads only: the CLI's
        ``draft`` asks before going ahead, and takes no claim)."""
        with self._unit() as unit:
            contact_id = unit.contact_id(contact)
            held = claims.claimed_by_others(
                unit.session, [contact_id], user=self.user, today=unit.today
            )
            if contact_id not in held:
                return None
            user, at = held[contact_id]
            name = contacts.get_contact(unit.session, contact_id).full_name
            return ClaimView(contact_id, name, user, at, mine=False)

    def pull(self, contact: ContactRef) -> ActionOutcome:
        """Put the contact in today's queue, past the daily size, due or not (until a
        conversation, a snooze or a skip; the pull lasts the day)."""
        with self._unit(write=True) as unit:
            return actions.pull(
                unit.session, unit.contact_id(contact), today=unit.today, settings=unit.settings
            )

    def move_to_stage(self, contact: ContactRef, stage: str) -> ActionOutcome:
        with self._unit(write=True) as unit:
            return actions.move_to_stage(
                unit.session,
                unit.contact_id(contact),
                stage,
                today=unit.today,
                settings=unit.settings,
            )

    def undo(self, token: UndoToken) -> ScheduleChange:
        with self._unit(write=True) as unit:
            return actions.undo_queue_action(
                unit.session, token, today=unit.today, settings=unit.settings
            )

    def save_contact(
        self, contact: ContactRef | None, fields: contacts.ContactFields
    ) -> ContactDetail:
        """Add a contact (``contact`` None) or change one; all-or-nothing."""
        with self._unit(write=True) as unit:
            current = unit.settings
            if contact is None:
                return contacts.add_contact(
                    unit.session, fields, today=unit.today, settings=current
                )
            row = contacts.get_contact(unit.session, unit.contact_id(contact))
            return contacts.edit_contact(
                unit.session, row, fields, today=unit.today, settings=current
            )

    def set_birthday(self, contact: ContactRef, on: str | None) -> ContactDetail:
        """Set or change a contact's birthday (``YYYY-MM-DD`` or ``MM-DD``); None clears it."""
        with self._unit(write=True) as unit:
            row = contacts.get_contact(unit.session, unit.contact_id(contact))
            if on is None:
                key_dates.clear_birthday(row, settings=unit.settings)
            else:
                key_dates.set_birthday(row, on, today=unit.today, settings=unit.settings)
            unit.session.flush()
            return self._described(unit, row)

    def add_reminder(
        self, contact: ContactRef, on: str, *, every_year: bool = False, note: str = ""
    ) -> ContactDetail:
        """Remind yourself to write to a contact on a day (once, or every year)."""
        with self._unit(write=True) as unit:
            row = contacts.get_contact(unit.session, unit.contact_id(contact))
            key_dates.add_reminder(
                row, on, yearly=every_year, note=note, today=unit.today, settings=unit.settings
            )
            unit.session.flush()
            return self._described(unit, row)

    def remove_key_date(self, contact: ContactRef, key_date_id: int) -> ContactDetail:
        """Remove one of a contact's birthdays, anniversaries or reminders by its id."""
        with self._unit(write=True) as unit:
            row = contacts.get_contact(unit.session, unit.contact_id(contact))
            key_dates.remove_key_date(row, key_date_id, settings=unit.settings)
            unit.session.flush()
            return self._described(unit, row)

    @staticmethod
    def _described(unit: _Unit, row: Contact) -> ContactDetail:
        return contacts.describe_contact(
            unit.session, row, today=unit.today, settings=unit.settings
        )

    def save_snippet(
        self, original_name: str | None, name: str, kind: str, channel: str, subject: str, body: str
    ) -> SnippetView:
        """Add a snippet (``original_name`` None) or replace one; a bad template
        (:class:`~netdeck.domain.errors.TemplateProblem`, with its line) saves nothing."""
        if original_name is None:
            return self.add_snippet(
                name=name, kind=kind, channel=channel, subject=subject, body=body
            )
        return self.edit_snippet(
            original_name, new_name=name, kind=kind, channel=channel, subject=subject, body=body
        )

    def add_snippet(
        self, *, name: str, kind: str, channel: str, body: str, subject: str = ""
    ) -> SnippetView:
        with self._unit(write=True) as unit:
            return snippets.add_snippet(
                unit.session, name=name, kind=kind, channel=channel, body=body, subject=subject
            )

    def edit_snippet(
        self,
        name: str,
        *,
        new_name: str | None = None,
        kind: str | None = None,
        channel: str | None = None,
        subject: str | None = None,
        body: str | None = None,
    ) -> SnippetView:
        """Change what is given of the snippet named ``name``; the rest stays."""
        with self._unit(write=True) as unit:
            return snippets.edit_snippet(
                unit.session,
                name,
                new_name=new_name,
                kind=kind,
                channel=channel,
                subject=subject,
                body=body,
            )

    def remove_snippet(self, name: str) -> SnippetView:
        with self._unit(write=True) as unit:
            return snippets.remove_snippet(unit.session, name)

    def import_file(
        self,
        format_name: str,
        path: Path,
        *,
        tag: str | None = None,
        dry_run: bool = False,
        progress: ProgressCallback | None = None,
    ) -> ImportSummary:
        """Import a LinkedIn export, contacts CSV or vCard file (all or nothing, a backup
        first; see :mod:`netdeck.services.importing`); ``dry_run`` writes nothing."""
        from netdeck.services.importing import import_file

        return import_file(
            self.database,
            format_name,
            path,
            today=self.today,
            tag=tag,
            dry_run=dry_run,
            progress=progress,
            user=self.user,
        )

    def mail_sync(self, *, progress: MailProgressCallback | None = None) -> MailSyncSummary:
        """Read the mailbox's new headers over IMAP and log the deck's people's mail
        (see :mod:`netdeck.services.mail_sync`)."""
        from netdeck.services.mail_sync import sync_mail

        return sync_mail(self.database, today=self.today, user=self.user, progress=progress)

    def mail_status(self) -> MailStatusView:
        """The mail account and what its syncs did (last sync, counts, last error)."""
        from netdeck.services.mail_sync import mail_status

        with self._unit() as unit:
            return mail_status(unit.session, unit.settings)

    def restore_json(self, path: Path, *, dry_run: bool = False) -> RestoreSummary:
        """Restore ``netdeck export json`` into this (empty) deck (see
        :mod:`netdeck.services.restoring`); ``dry_run`` writes nothing."""
        from netdeck.services.restoring import restore_netdeck_json

        return restore_netdeck_json(self.database, path, today=self.today, dry_run=dry_run)

    # ------------------------------------------------------------ going out

    def export_text(self, format_name: str) -> str:
        """The whole deck in ``format_name`` (see :mod:`netdeck.services.exporting`)."""
        from netdeck.services.exporting import export_text

        return export_text(self.database, format_name)

    def export_to_file(self, format_name: str, destination: Path, *, force: bool = False) -> Path:
        """The export written to ``destination`` (an existing file only with ``force``)."""
        from netdeck.services.exporting import export_to_file

        return export_to_file(self.database, format_name, destination, force=force)

    def write_calendar(
        self, destination: Path, *, days: int, force: bool = False
    ) -> CalendarSummary:
        """The people due in the next ``days`` days and their key dates, as an iCalendar
        file (see :mod:`netdeck.services.calendar_feed`)."""
        from netdeck.services.calendar_feed import write_calendar

        return write_calendar(self.database, destination, today=self.today, days=days, force=force)

    def copy_to(self, target: str, *, progress: ProgressCallback | None = None) -> CopySummary:
        """Copy this whole deck into the empty deck at ``target`` (a path or URL), all or
        nothing, verified (see :mod:`netdeck.services.copying`)."""
        from netdeck.services.copying import copy_deck

        return copy_deck(self.database, target, progress=progress)

    def backup(self, destination: Path | None, *, force: bool = False) -> Path:
        """A copy of the database file (to ``destination``, else a timestamped one)."""
        from netdeck.services.exporting import backup_database

        return backup_database(self.database, destination, force=force)

    # ------------------------------------------------------------ triage

    def triage_page(
        self, *, exclude: Collection[int] = (), limit: int = 50
    ) -> tuple[TriageSnapshot, dict[int, ContactDetail]]:
        """The next unsorted contacts in promise order, each with its card."""
        with self._unit() as unit:
            current = unit.settings
            snapshot = triage.triage_queue(
                unit.session, today=unit.today, settings=current, limit=limit, exclude=exclude
            )
            cards = {
                entry.id: contacts.describe_contact(
                    unit.session,
                    contacts.get_contact(unit.session, entry.id),
                    today=unit.today,
                    settings=current,
                    interaction_limit=6,
                )
                for entry in snapshot.entries
            }
        return snapshot, cards

    def triage_queue(self, *, limit: int = triage.TRIAGE_PAGE) -> TriageSnapshot:
        """The next ``limit`` unsorted contacts in promise order, and the counts."""
        with self._unit() as unit:
            return triage.triage_queue(
                unit.session, today=unit.today, settings=unit.settings, limit=limit
            )

    def triage_act(
        self, contact: ContactRef, action: str, cadence_days: int | None = None
    ) -> tuple[ActionOutcome, TriageCounts]:
        """``keep`` (with a cadence), ``later``, ``let_go`` or ``skip``; the new counts."""
        with self._unit(write=True) as unit:
            current = unit.settings
            outcome = triage.decide(
                unit.session,
                unit.contact_id(contact),
                action,
                cadence_days=cadence_days,
                today=unit.today,
                settings=current,
            )
            return outcome, triage.triage_counts(unit.session, current)

    def triage_undo(self, token: UndoToken) -> TriageCounts:
        with self._unit(write=True) as unit:
            actions.undo(unit.session, token)
            return triage.triage_counts(unit.session, unit.settings)

    def bulk_count(self, query: ContactQuery) -> int:
        with self._unit() as unit:
            return bulk_actions.bulk_count(unit.session, query)

    def bulk_keep(self, query: ContactQuery, cadence_days: int) -> BulkOutcome:
        with self._unit(write=True) as unit:
            return bulk_actions.bulk_keep(
                unit.session,
                query,
                cadence_days=cadence_days,
                today=unit.today,
                settings=unit.settings,
            )

    def bulk_archive(self, query: ContactQuery) -> BulkOutcome:
        with self._unit(write=True) as unit:
            return bulk_actions.bulk_archive(
                unit.session, query, today=unit.today, settings=unit.settings
            )

    def bulk_undo(self, token: BulkUndoToken) -> int:
        with self._unit(write=True) as unit:
            return bulk_actions.bulk_undo(unit.session, token)

    # ------------------------------------------------------------ duplicates

    def duplicates(self, *, limit: int | None = None) -> DuplicatesSnapshot:
        """Likely duplicate pairs, most certain first (see
        :mod:`netdeck.services.duplicates`)."""
        with self._unit() as unit:
            return duplicates.likely_duplicates(unit.session, limit=limit)

    def not_duplicates(self, first: ContactRef, second: ContactRef) -> tuple[str, str]:
        """Remember that two people are not the same (the duplicates list leaves them out)."""
        with self._unit(write=True) as unit:
            return duplicates.mark_not_duplicates(
                unit.session, unit.contact_id(first), unit.contact_id(second)
            )

    def merge(self, keep: ContactRef, other: ContactRef, *, remember: bool = False) -> MergeOutcome:
        """Merge ``other`` into ``keep`` in one transaction, after a backup of the file
        (undo with :meth:`undo_merge`; ``remember``: also keep the undo for
        :meth:`undo_last_merge`, as the CLI does)."""
        from netdeck.store.backup import backup_before_change

        with self._unit() as unit:  # a wrong name is refused before any backup
            keep_id, other_id = unit.contact_id(keep), unit.contact_id(other)
            if keep_id == other_id:
                raise InvalidInput("cannot merge a contact with itself: name two different people")
        made = backup_before_change(self.database.location, "before-merge")
        with self._unit(write=True) as unit:
            outcome = duplicates.merge_contacts(
                unit.session, keep_id, other_id, settings=unit.settings
            )
        if remember:
            duplicates.remember_merge(self.database.location, outcome.undo)
        return replace(outcome, backup=str(made) if made is not None else None)

    def undo_merge(self, token: MergeUndoToken) -> tuple[str, str]:
        """Both people of a merge back as they were (their names)."""
        with self._unit(write=True) as unit:
            names = duplicates.undo_merge(unit.session, token)
        duplicates.forget_merge_if(self.database.location, token)
        return names

    def undo_last_merge(self) -> tuple[str, str]:
        """Undo the last merge made with ``remember`` (``netdeck unmerge``)."""
        location = self.database.location
        return self.undo_merge(duplicates.remembered_merge(location))

    def set_tag_cadence(self, tag: str, cadence: str) -> tuple[TagView, int]:
        """Give a tag a cadence (``2w``; ``none`` clears it): everyone carrying it without
        a cadence of their own follows the shortest of their tags'. Returns the tag and
        how many due dates moved."""
        days = parse_optional_cadence(cadence)
        with self._unit(write=True) as unit:
            return tag_cadences.set_tag_cadence(unit.session, tag, days, settings=unit.settings)

    def change_settings(
        self, values: Mapping[str, str], cadence_by_tag: Mapping[str, str] | None = None
    ) -> Settings:
        """Validate every value first, then store them all (nothing is stored on an error);
        ``cadence_by_tag`` (tag -> ``2w``, or ``none``) change with them, in the same
        transaction, after the settings (a new default moves no due date of theirs)."""
        for key, text in values.items():
            setting_spec(key).parse(text)
        cadences = {
            tag: parse_optional_cadence(text) for tag, text in (cadence_by_tag or {}).items()
        }
        with self._unit(write=True) as unit:
            for key, text in values.items():
                settings_service.change_setting(unit.session, key, text)
            stored = settings_service.load_settings(unit.session)  # as stored now
            for tag, days in cadences.items():
                tag_cadences.set_tag_cadence(unit.session, tag, days, settings=stored)
            return stored

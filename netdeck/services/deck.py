"""One object for interactive front ends: each call is one short-lived session.

The TUI calls these methods from thread workers; every method opens its own
session (a write transaction where it changes anything), calls the services
and returns plain dataclasses, so nothing from the database crosses into the
UI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from netdeck.domain.channels import ChannelKind, openable_url
from netdeck.domain.errors import InvalidInput
from netdeck.domain.health import NetworkHealth
from netdeck.domain.settings import Settings, setting_spec
from netdeck.services import actions, contacts, drafts, queue, snippets, triage, views
from netdeck.services import settings as settings_service
from netdeck.services.actions import ActionOutcome, UndoToken
from netdeck.services.drafts import Draft
from netdeck.services.triage import (
    BulkFilter,
    BulkOutcome,
    BulkUndoToken,
    TriageCounts,
    TriageSnapshot,
)
from netdeck.services.views import (
    ContactDetail,
    QueueSnapshot,
    ScheduleChange,
    SnippetView,
)
from netdeck.store.database import Database, open_database

if TYPE_CHECKING:
    from netdeck.services.importing import ImportSummary, ProgressCallback


class Deck:
    """The open database plus today's date, with one method per thing a screen does."""

    def __init__(self, database: Database, today: Callable[[], date]) -> None:
        self.database = database
        self._today = today

    @classmethod
    def open(cls, target: str | None, today: Callable[[], date]) -> Deck:
        return cls(open_database(target), today)

    def close(self) -> None:
        self.database.close()

    @property
    def today(self) -> date:
        return self._today()

    # ------------------------------------------------------------ reading

    def queue(self) -> QueueSnapshot:
        with self.database.reading() as session:
            return queue.todays_queue(
                session, today=self.today, settings=settings_service.load_settings(session)
            )

    def health(self) -> NetworkHealth:
        """Every network health figure for today (several aggregate queries: call it from
        a worker)."""
        from netdeck.services.stats import network_health

        with self.database.reading() as session:
            return network_health(
                session, today=self.today, settings=settings_service.load_settings(session)
            )

    def contact(self, contact_id: int, *, interaction_limit: int | None = None) -> ContactDetail:
        with self.database.reading() as session:
            return contacts.describe_contact(
                session,
                contacts.get_contact(session, contact_id),
                today=self.today,
                settings=settings_service.load_settings(session),
                interaction_limit=interaction_limit,
            )

    def contacts_page(
        self,
        *,
        search: str = "",
        stage: str | None = None,
        tag: str | None = None,
        sort: str = "name",
        offset: int = 0,
        limit: int = 100,
        company: str | None = None,
        within: Sequence[int] | None = None,
    ) -> contacts.ContactPage:
        """One page of matching contacts and what is known of the total
        (see :func:`netdeck.services.contacts.contact_page`)."""
        with self.database.reading() as session:
            return contacts.contact_page(
                session,
                stage=stage,
                tag=tag,
                search=search,
                company=company,
                sort=contacts.ContactSort(sort),
                offset=offset,
                limit=limit,
                within=within,
            )

    def search_matches(
        self,
        *,
        search: str = "",
        stage: str | None = None,
        tag: str | None = None,
        sort: str = "name",
        company: str | None = None,
    ) -> list[int]:
        """A search's matches, in order, up to one more than the count limit
        (more than the limit means "more than that many")."""
        with self.database.reading() as session:
            return contacts.matching_ids(
                session,
                stage=stage,
                tag=tag,
                search=search,
                company=company,
                sort=contacts.ContactSort(sort),
                at_most=views.MATCH_COUNT_LIMIT + 1,
            )

    def tag_names(self) -> list[str]:
        with self.database.reading() as session:
            return contacts.tag_names(session)

    def settings(self) -> Settings:
        with self.database.reading() as session:
            return settings_service.load_settings(session)

    def draft(
        self, contact_id: int, snippet_name: str | None = None, channel: str | None = None
    ) -> Draft:
        """A draft for the contact (see :func:`netdeck.services.drafts.compose_draft`);
        re-check edits with :func:`netdeck.services.drafts.recheck`."""
        with self.database.reading() as session:
            return drafts.compose_draft(
                session,
                contact_id,
                today=self.today,
                settings=settings_service.load_settings(session),
                snippet_name=snippet_name,
                channel=channel,
            )

    def snippets(self) -> list[SnippetView]:
        with self.database.reading() as session:
            return snippets.list_snippets(session)

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
        self, contact_id: int, *, channel: str | None, kind: str, note: str
    ) -> ActionOutcome:
        with self.database.writing() as session:
            return actions.mark_done(
                session,
                contact_id,
                today=self.today,
                settings=settings_service.load_settings(session),
                channel=channel,
                kind=kind,
                note=note,
            )

    def mark_sent(
        self, contact_id: int, *, text: str, snippet_id: int | None, channel: str
    ) -> ActionOutcome:
        """Log a draft as sent, with its exact text and snippet (undo-able like mark_done)."""
        with self.database.writing() as session:
            return drafts.mark_sent(
                session,
                contact_id,
                text=text,
                snippet_id=snippet_id,
                channel=channel,
                today=self.today,
                settings=settings_service.load_settings(session),
            )

    def snooze(self, contact_id: int, until: date) -> ActionOutcome:
        with self.database.writing() as session:
            return actions.snooze(
                session,
                contact_id,
                until=until,
                today=self.today,
                settings=settings_service.load_settings(session),
            )

    def skip(self, contact_id: int) -> ActionOutcome:
        with self.database.writing() as session:
            return actions.skip(
                session,
                contact_id,
                today=self.today,
                settings=settings_service.load_settings(session),
            )

    def move_to_stage(self, contact_id: int, stage: str) -> ActionOutcome:
        with self.database.writing() as session:
            return actions.move_to_stage(
                session,
                contact_id,
                stage,
                today=self.today,
                settings=settings_service.load_settings(session),
            )

    def undo(self, token: UndoToken) -> ScheduleChange:
        with self.database.writing() as session:
            change = actions.undo(session, token)
            queue.record_queue_cleared(
                session, today=self.today, settings=settings_service.load_settings(session)
            )
            return change

    def save_contact(self, contact_id: int | None, fields: contacts.ContactFields) -> ContactDetail:
        """Add a contact (``contact_id`` None) or change one; all-or-nothing."""
        with self.database.writing() as session:
            current = settings_service.load_settings(session)
            if contact_id is None:
                return contacts.add_contact(session, fields, today=self.today, settings=current)
            contact = contacts.get_contact(session, contact_id)
            return contacts.edit_contact(
                session, contact, fields, today=self.today, settings=current
            )

    def save_snippet(
        self, original_name: str | None, name: str, kind: str, channel: str, subject: str, body: str
    ) -> SnippetView:
        """Add a snippet (``original_name`` None) or replace one; a bad template
        (:class:`~netdeck.domain.errors.TemplateProblem`, with its line) saves nothing."""
        with self.database.writing() as session:
            if original_name is None:
                return snippets.add_snippet(
                    session, name=name, kind=kind, channel=channel, subject=subject, body=body
                )
            return snippets.edit_snippet(
                session,
                original_name,
                new_name=name,
                kind=kind,
                channel=channel,
                subject=subject,
                body=body,
            )

    def remove_snippet(self, name: str) -> SnippetView:
        with self.database.writing() as session:
            return snippets.remove_snippet(session, name)

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
        )

    # ------------------------------------------------------------ triage

    def triage_page(
        self, *, exclude: Collection[int] = (), limit: int = 50
    ) -> tuple[TriageSnapshot, dict[int, ContactDetail]]:
        """The next unsorted contacts in promise order, each with its card."""
        with self.database.reading() as session:
            current = settings_service.load_settings(session)
            snapshot = triage.triage_queue(
                session, today=self.today, settings=current, limit=limit, exclude=exclude
            )
            cards = {
                entry.id: contacts.describe_contact(
                    session,
                    contacts.get_contact(session, entry.id),
                    today=self.today,
                    settings=current,
                    interaction_limit=6,
                )
                for entry in snapshot.entries
            }
        return snapshot, cards

    def triage_act(
        self, contact_id: int, action: str, cadence_days: int | None = None
    ) -> tuple[ActionOutcome, TriageCounts]:
        """``keep`` (with a cadence), ``later``, ``let_go`` or ``skip``; the new counts."""
        with self.database.writing() as session:
            current = settings_service.load_settings(session)
            outcome = triage.decide(
                session,
                contact_id,
                action,
                cadence_days=cadence_days or current.default_cadence,
                today=self.today,
                settings=current,
            )
            return outcome, triage.triage_counts(session, current)

    def triage_undo(self, token: UndoToken) -> TriageCounts:
        with self.database.writing() as session:
            actions.undo(session, token)
            return triage.triage_counts(session, settings_service.load_settings(session))

    def bulk_count(self, selection: BulkFilter) -> int:
        with self.database.reading() as session:
            return triage.bulk_count(session, selection)

    def bulk_keep(self, selection: BulkFilter, cadence_days: int) -> BulkOutcome:
        with self.database.writing() as session:
            return triage.bulk_keep(
                session,
                selection,
                cadence_days=cadence_days,
                today=self.today,
                settings=settings_service.load_settings(session),
            )

    def bulk_archive(self, selection: BulkFilter) -> BulkOutcome:
        with self.database.writing() as session:
            return triage.bulk_archive(
                session,
                selection,
                today=self.today,
                settings=settings_service.load_settings(session),
            )

    def bulk_undo(self, token: BulkUndoToken) -> int:
        with self.database.writing() as session:
            return triage.bulk_undo(session, token)

    def change_settings(self, values: Mapping[str, str]) -> Settings:
        """Validate every value first, then store them all (nothing is stored on an error)."""
        for key, text in values.items():
            setting_spec(key).parse(text)
        with self.database.writing() as session:
            for key, text in values.items():
                settings_service.change_setting(session, key, text)
            return settings_service.load_settings(session)

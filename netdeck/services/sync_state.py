"""The values a LinkedIn sync works with: each contact's state, and what it reports.

:mod:`netdeck.services.linkedin_sync` applies the rules; here is what they read and
change (:class:`SyncState`, read from the columns :data:`STATE_COLUMNS` or planned
for someone new) and what a sync tells the faces (:class:`SyncEvents`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import Row

from netdeck.domain.key_dates import KeyDateFacts, PendingDate, pending_date
from netdeck.domain.scheduling import ScheduleFacts, next_due_on
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.services.contacts import key_date_columns, schedule_facts
from netdeck.services.import_merge import ImportedPerson
from netdeck.store.models import Contact


@dataclass(frozen=True, slots=True)
class SyncEvents:
    """Who moved, by name (the counts are their lengths)."""

    accepted: tuple[str, ...] = ()
    #: (name, the first words of their message)
    awaiting_reply: tuple[tuple[str, str], ...] = ()
    #: (name, the new role)
    job_changes: tuple[tuple[str, str], ...] = ()
    disconnected: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        return {
            "accepted": len(self.accepted),
            "awaiting_reply": len(self.awaiting_reply),
            "job_changes": len(self.job_changes),
            "disconnected": len(self.disconnected),
        }


@dataclass(slots=True)
class SyncOutcome:
    events: SyncEvents = field(default_factory=SyncEvents)
    interactions: int = 0  # messages and connection requests added
    requests: int = 0  # connection requests added (of the interactions)
    bare_requests: int = 0  # of them, those that went out without a note
    changed_ids: set[int] = field(default_factory=set)  # contacts changed


@dataclass(slots=True)
class SyncState:
    """One contact's columns the sync reads and may change (its plan works on these,
    not on ORM objects: tens of thousands of them cost little)."""

    id: int
    name: str
    stage: Stage
    stage_since: date
    connected_on: date | None
    last_interaction_on: date | None
    snoozed_until: date | None
    awaiting_reply_on: date | None
    awaiting_reply_preview: str | None
    role_changed_on: date | None
    linkedin_connected: bool | None
    company: str
    title: str
    imported_company: str | None
    imported_title: str | None
    cadence_days: int | None
    tag_cadence_days: int | None
    #: Their key dates (most people have none): the pending one follows the stage and
    #: the last interaction the sync changes.
    key_dates: tuple[KeyDateFacts, ...] = ()
    #: Their latest connection request went out without a note.
    bare_request: bool = False

    def facts(self, settings: Settings) -> ScheduleFacts:
        return schedule_facts(self, settings)

    @property
    def pending_date(self) -> PendingDate | None:
        if not self.key_dates:
            return None
        return pending_date(
            self.key_dates, stage=self.stage, last_interaction_on=self.last_interaction_on
        )

    @property
    def key_date_on(self) -> date | None:
        pending = self.pending_date
        return None if pending is None else pending.on

    @property
    def key_date_kind(self) -> str | None:
        pending = self.pending_date
        return None if pending is None else pending.kind.value

    @property
    def key_date_note(self) -> str | None:
        pending = self.pending_date
        return None if pending is None else pending.note

    #: The keys of :meth:`row`, in its order.
    ROW_COLUMNS: ClassVar[tuple[str, ...]] = (
        "id",
        "stage",
        "stage_since",
        "connected_on",
        "last_interaction_on",
        "snoozed_until",
        "awaiting_reply_on",
        "awaiting_reply_preview",
        "role_changed_on",
        "linkedin_connected",
        "company",
        "title",
        "imported_company",
        "imported_title",
        "next_due_on",
        "key_date_on",
        "key_date_kind",
        "key_date_note",
        "bare_request",
    )

    def row(self, settings: Settings) -> dict[str, object]:
        """The bulk UPDATE values for this contact (keys: :attr:`ROW_COLUMNS`)."""
        facts = self.facts(settings)
        values = (
            self.id,
            self.stage.value,
            self.stage_since,
            self.connected_on,
            self.last_interaction_on,
            self.snoozed_until,
            self.awaiting_reply_on,
            self.awaiting_reply_preview,
            self.role_changed_on,
            self.linkedin_connected,
            self.company,
            self.title,
            self.imported_company,
            self.imported_title,
            next_due_on(facts),
            *key_date_columns(facts.key_date).values(),
            self.bare_request,
        )
        return dict(zip(self.ROW_COLUMNS, values, strict=True))


STATE_COLUMNS = (
    Contact.id,
    Contact.full_name,
    Contact.stage,
    Contact.stage_since,
    Contact.connected_on,
    Contact.last_interaction_on,
    Contact.snoozed_until,
    Contact.awaiting_reply_on,
    Contact.awaiting_reply_preview,
    Contact.role_changed_on,
    Contact.linkedin_connected,
    Contact.company,
    Contact.title,
    Contact.imported_company,
    Contact.imported_title,
    Contact.cadence_days,
    Contact.tag_cadence_days,
    Contact.bare_request,
)


def stored_state(row: Row[*tuple[Any, ...]]) -> SyncState:
    """A contact's state from a row of :data:`STATE_COLUMNS`."""
    return SyncState(
        id=row.id,
        name=row.full_name,
        stage=Stage(row.stage),
        stage_since=row.stage_since,
        connected_on=row.connected_on,
        last_interaction_on=row.last_interaction_on,
        snoozed_until=row.snoozed_until,
        awaiting_reply_on=row.awaiting_reply_on,
        awaiting_reply_preview=row.awaiting_reply_preview,
        role_changed_on=row.role_changed_on,
        linkedin_connected=row.linkedin_connected,
        company=row.company,
        title=row.title,
        imported_company=row.imported_company,
        imported_title=row.imported_title,
        cadence_days=row.cadence_days,
        tag_cadence_days=row.tag_cadence_days,
        bare_request=row.bare_request,
    )


def planned_state(contact_id: int, person: ImportedPerson, facts: ScheduleFacts) -> SyncState:
    """Someone new, as the import lands them (see :func:`~netdeck.services.import_merge.landing_facts`)."""
    return SyncState(
        id=contact_id,
        name=person.full_name,
        stage=facts.stage,
        stage_since=facts.stage_since,
        connected_on=facts.connected_on,
        last_interaction_on=facts.last_interaction_on,
        snoozed_until=None,
        awaiting_reply_on=None,
        awaiting_reply_preview=None,
        role_changed_on=None,
        linkedin_connected=None,
        company=person.company,
        title=person.title,
        imported_company=None,
        imported_title=None,
        cadence_days=None,
        tag_cadence_days=None,
    )


__all__ = [
    "STATE_COLUMNS",
    "SyncEvents",
    "SyncOutcome",
    "SyncState",
    "planned_state",
    "stored_state",
]

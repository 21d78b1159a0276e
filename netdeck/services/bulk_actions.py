"""Bulk actions: keep or archive everyone a contact-list query shows, and undo that.

:func:`bulk_keep` and :func:`bulk_archive` act on the contacts a
:class:`~netdeck.domain.contact_query.ContactQuery` matches, which must include
a tag or a company (:attr:`~netdeck.domain.contact_query.ContactQuery.has_bulk_scope`):
every matching contact that is not archived (so already-``active`` ones take
the new cadence; archived ones are left alone: bring them back one at a time
with a stage change). Keeping spreads the first due days like triage's keep
(:func:`netdeck.services.triage.kept_facts`). One transaction, one UPDATE
executed for many rows; the returned :class:`BulkUndoToken` restores every
contact with one executemany (:func:`bulk_undo`), never an ORM load per contact.

Internal to the application API: its functions take a session, and the faces
reach them only through :class:`netdeck.services.api.DeckApi`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from netdeck.domain.contact_query import ContactQuery
from netdeck.domain.errors import InvalidInput
from netdeck.domain.scheduling import (
    ScheduleFacts,
    after_stage_change,
    next_due_on,
    with_key_dates,
)
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.services.contact_list import filtered_contacts
from netdeck.services.contacts import key_date_columns, schedule_facts
from netdeck.services.key_dates import key_dates_by_contact
from netdeck.services.team import record_events, remove_events
from netdeck.services.triage import check_cadence, due_load, kept_facts
from netdeck.store.models import Contact
from netdeck.store.sql import by_code_point


@dataclass(frozen=True, slots=True)
class SavedState:
    """One contact's scheduling columns, as they were before a bulk action."""

    id: int
    stage: str
    stage_since: date
    connected_on: date | None
    last_interaction_on: date | None
    snoozed_until: date | None
    next_due_on: date | None
    cadence_days: int | None
    tag_cadence_days: int | None  # read for the rules; a bulk action never changes it
    awaiting_reply_on: date | None  # read for the rules; a bulk action never changes it
    role_changed_on: date | None
    #: The pending key date (a stage change may start or end it).
    key_date_on: date | None
    key_date_kind: str | None
    key_date_note: str | None
    bare_request: bool  # read for the rules; a bulk action never changes it


@dataclass(frozen=True, slots=True)
class BulkUndoToken:
    description: str  # e.g. "kept 37 contacts tagged mba"
    states: tuple[SavedState, ...]
    #: When the action's stage events were recorded (undo removes them).
    events_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class BulkOutcome:
    changed: int
    undo: BulkUndoToken


_STATE_COLUMNS = (
    Contact.id,
    Contact.stage,
    Contact.stage_since,
    Contact.connected_on,
    Contact.last_interaction_on,
    Contact.snoozed_until,
    Contact.next_due_on,
    Contact.cadence_days,
    Contact.tag_cadence_days,
    Contact.awaiting_reply_on,
    Contact.role_changed_on,
    Contact.key_date_on,
    Contact.key_date_kind,
    Contact.key_date_note,
    Contact.bare_request,
)
#: A row of :data:`_STATE_COLUMNS`.
_StateRow = Row[
    int,
    str,
    date,
    date | None,
    date | None,
    date | None,
    date | None,
    int | None,
    int | None,
    date | None,
    date | None,
    date | None,
    str | None,
    str | None,
    bool,
]


def bulk_count(session: Session, query: ContactQuery) -> int:
    """How many contacts a bulk action on ``query`` would change (archived ones never)."""
    if not query.has_bulk_scope:
        return 0
    statement = filtered_contacts(select(func.count(Contact.id)), query)
    return session.scalar(statement.where(Contact.stage != Stage.ARCHIVED.value)) or 0


def bulk_keep(
    session: Session, query: ContactQuery, *, cadence_days: int, today: date, settings: Settings
) -> BulkOutcome:
    """Keep every matching contact that is not archived (see the module docstring)."""
    cadence = check_cadence(cadence_days)
    rows = _bulk_rows(session, query)
    load = due_load(session, today)
    dates = key_dates_by_contact(session, [row.id for row in rows])
    values = [
        _values(
            row.id,
            with_key_dates(
                kept_facts(
                    schedule_facts(row, settings),
                    cadence,
                    today=today,
                    settings=settings,
                    load=load,
                    dates=dates.get(row.id, ()),
                ),
                dates.get(row.id, ()),
            ),
            cadence,
        )
        for row in rows
    ]
    return _apply(
        session, rows, values, f"kept {len(rows)} contacts {query.describe()}", today=today
    )


def bulk_archive(
    session: Session, query: ContactQuery, *, today: date, settings: Settings
) -> BulkOutcome:
    """Archive every matching contact that is not archived already."""
    rows = _bulk_rows(session, query)
    dates = key_dates_by_contact(session, [row.id for row in rows])
    values = [
        _values(
            row.id,
            with_key_dates(
                after_stage_change(schedule_facts(row, settings), Stage.ARCHIVED, today),
                dates.get(row.id, ()),
            ),
            row.cadence_days,
        )
        for row in rows
    ]
    return _apply(
        session, rows, values, f"archived {len(rows)} contacts {query.describe()}", today=today
    )


def bulk_undo(session: Session, token: BulkUndoToken) -> int:
    """Put every contact of a bulk action back as it was; how many were restored."""
    if token.states:
        # Every saved column, by name: one executemany puts them all back.
        session.execute(update(Contact), [asdict(state) for state in token.states])
        remove_events(session, [state.id for state in token.states], "stage", token.events_at)
    return len(token.states)


def _bulk_rows(session: Session, query: ContactQuery) -> list[SavedState]:
    if not query.has_bulk_scope:
        raise InvalidInput(
            "bulk actions need a tag or company filter: pick a tag or type a company first"
        )
    statement = filtered_contacts(select(*_STATE_COLUMNS), query).where(
        Contact.stage != Stage.ARCHIVED.value
    )
    return [
        _saved(row)
        for row in session.execute(statement.order_by(by_code_point(Contact.name_key), Contact.id))
    ]


def _saved(row: _StateRow) -> SavedState:
    return SavedState(
        id=row.id,
        stage=row.stage,
        stage_since=row.stage_since,
        connected_on=row.connected_on,
        last_interaction_on=row.last_interaction_on,
        snoozed_until=row.snoozed_until,
        next_due_on=row.next_due_on,
        cadence_days=row.cadence_days,
        tag_cadence_days=row.tag_cadence_days,
        awaiting_reply_on=row.awaiting_reply_on,
        role_changed_on=row.role_changed_on,
        key_date_on=row.key_date_on,
        key_date_kind=row.key_date_kind,
        key_date_note=row.key_date_note,
        bare_request=row.bare_request,
    )


def _values(contact_id: int, facts: ScheduleFacts, cadence_days: int | None) -> dict[str, object]:
    return {
        "id": contact_id,
        "stage": facts.stage.value,
        "stage_since": facts.stage_since,
        "connected_on": facts.connected_on,
        "last_interaction_on": facts.last_interaction_on,
        "snoozed_until": facts.snoozed_until,
        "next_due_on": next_due_on(facts),
        "cadence_days": cadence_days,
        **key_date_columns(facts.key_date),
    }


def _apply(
    session: Session,
    rows: list[SavedState],
    values: list[dict[str, object]],
    description: str,
    *,
    today: date,
) -> BulkOutcome:
    if values:
        # ORM bulk UPDATE by primary key: one statement, executed for many rows.
        session.execute(update(Contact), values)
    # Who moved them, for each whose stage changed (a keep of an active one does not).
    moved = [
        (row.id, str(value["stage"]))
        for row, value in zip(rows, values, strict=True)
        if value["stage"] != row.stage
    ]
    events_at = record_events(session, moved, "stage", today=today)
    token = BulkUndoToken(description=description, states=tuple(rows), events_at=events_at)
    return BulkOutcome(changed=len(values), undo=token)


__all__ = [
    "BulkOutcome",
    "BulkUndoToken",
    "SavedState",
    "bulk_archive",
    "bulk_count",
    "bulk_keep",
    "bulk_undo",
]

"""Queue actions by contact id, each returning what changed and how to undo it.

An internal module of the application API (:mod:`netdeck.services.api`), the one
place where an action on a contact ends the same way: today is recorded as
cleared when it emptied the queue (the streak counts those days), in the same
unit of work.

The TUI acts on the contact under the cursor and offers "undo the last action
of this run"; an :class:`UndoToken` holds the contact's scheduling state from
before the action (and the interaction it logged), and :func:`undo` puts it back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from netdeck.domain.errors import NotFound
from netdeck.domain.settings import Settings
from netdeck.services.contacts import get_contact, refresh_search_text
from netdeck.services.queue import record_queue_cleared
from netdeck.services.schedule import (
    change_stage,
    log_interaction,
    pull_into_today,
    skip_for_today,
    snooze_contact,
)
from netdeck.services.team import record_event, remove_event
from netdeck.services.views import LoggedInteraction, ScheduleChange
from netdeck.store.models import Contact, Interaction


@dataclass(frozen=True, slots=True)
class UndoToken:
    """A contact's scheduling state before an action, and what the action added."""

    contact_id: int
    name: str
    description: str  # e.g. "logged a message", "snoozed to 2026-12-01"
    stage: str
    stage_since: date
    connected_on: date | None
    last_interaction_on: date | None
    snoozed_until: date | None
    skipped_on: date | None
    next_due_on: date | None
    awaiting_reply_on: date | None = None
    awaiting_reply_preview: str | None = None
    role_changed_on: date | None = None
    interaction_id: int | None = None
    #: Set by actions that change the contact's own cadence (triage's keep): undo puts it back.
    cadence_changed: bool = False
    cadence_days: int | None = None
    #: The "next time, ask about" a sent draft asked (and cleared): undo puts it back.
    ask_about: str | None = None
    pulled_on: date | None = None
    #: The pending key date (``key_date_on``, kind, note): an interaction answers it.
    key_date_on: date | None = None
    key_date_kind: str | None = None
    key_date_note: str | None = None
    bare_request: bool = False
    #: The contact event the action recorded (a snooze, skip, pull, stage change):
    #: undo removes it (see :mod:`netdeck.services.team`).
    event_id: int | None = None


@dataclass(frozen=True, slots=True)
class ActionOutcome:
    change: ScheduleChange
    undo: UndoToken
    #: The interaction an action logged (:func:`mark_done`), else None.
    logged: LoggedInteraction | None = None
    #: What another user did to the same person today, for the one who wrote later
    #: ("Alex also messaged Dana at 10:42"; see netdeck.services.claims.others_did).
    others_did: str | None = None


def capture(contact: Contact, description: str) -> UndoToken:
    return UndoToken(
        contact_id=contact.id,
        name=contact.full_name,
        description=description,
        stage=contact.stage,
        stage_since=contact.stage_since,
        connected_on=contact.connected_on,
        last_interaction_on=contact.last_interaction_on,
        snoozed_until=contact.snoozed_until,
        skipped_on=contact.skipped_on,
        next_due_on=contact.next_due_on,
        awaiting_reply_on=contact.awaiting_reply_on,
        awaiting_reply_preview=contact.awaiting_reply_preview,
        role_changed_on=contact.role_changed_on,
        pulled_on=contact.pulled_on,
        key_date_on=contact.key_date_on,
        key_date_kind=contact.key_date_kind,
        key_date_note=contact.key_date_note,
        bare_request=contact.bare_request,
    )


def outcome_of(
    contact: Contact, token: UndoToken, logged: LoggedInteraction | None = None
) -> ActionOutcome:
    change = ScheduleChange(contact.id, contact.full_name, contact.stage, contact.next_due_on)
    return ActionOutcome(change, token, logged)


def mark_done(
    session: Session,
    contact_id: int,
    *,
    today: date,
    settings: Settings,
    channel: str | None,
    kind: str,
    note: str,
    inbound: bool = False,
    on: date | None = None,
    text_sent: str | None = None,
    snippet_id: int | None = None,
    impersonal: bool = False,
) -> ActionOutcome:
    """Log an interaction with the contact (it leaves today's queue); ``on`` an earlier
    day than today for one that happened then; ``impersonal``: a text sent as its
    snippet rendered (see :func:`netdeck.services.drafts.mark_sent`)."""
    contact = get_contact(session, contact_id)
    token = capture(contact, f"logged a {kind.replace('-', ' ')}")
    logged: LoggedInteraction = log_interaction(
        session,
        contact,
        today=today,
        settings=settings,
        channel=channel,
        kind=kind,
        inbound=inbound,
        note=note,
        on=on,
        text_sent=text_sent,
        snippet_id=snippet_id,
        impersonal=impersonal,
    )
    record_queue_cleared(session, today=today, settings=settings)
    return outcome_of(contact, replace(token, interaction_id=logged.interaction_id), logged)


def snooze(
    session: Session, contact_id: int, *, until: date, today: date, settings: Settings
) -> ActionOutcome:
    contact = get_contact(session, contact_id)
    token = capture(contact, f"snoozed until {until.isoformat()}")
    snooze_contact(contact, until=until, today=today, settings=settings)
    return _recorded(session, contact, token, "snooze", until.isoformat(), today, settings)


def skip(session: Session, contact_id: int, *, today: date, settings: Settings) -> ActionOutcome:
    contact = get_contact(session, contact_id)
    token = capture(contact, "skipped for today")
    skip_for_today(contact, today=today, settings=settings)
    return _recorded(session, contact, token, "skip", "", today, settings)


def pull(session: Session, contact_id: int, *, today: date, settings: Settings) -> ActionOutcome:
    """Pull the contact into today's queue, past the daily size (undo-able)."""
    contact = get_contact(session, contact_id)
    token = capture(contact, "pulled into today's queue")
    pull_into_today(contact, today=today)
    return _recorded(session, contact, token, "pull", "", today, settings)


def move_to_stage(
    session: Session, contact_id: int, stage: str, *, today: date, settings: Settings
) -> ActionOutcome:
    contact = get_contact(session, contact_id)
    token = capture(contact, f"moved to {stage}")
    change_stage(contact, stage, today=today, settings=settings)
    return _recorded(session, contact, token, "stage", contact.stage, today, settings)


def _recorded(
    session: Session,
    contact: Contact,
    token: UndoToken,
    kind: str,
    detail: str,
    today: date,
    settings: Settings,
) -> ActionOutcome:
    """End a queue action: the event recorded (who did it), today's cleared state kept."""
    event_id = record_event(session, contact.id, kind, detail, today=today)
    record_queue_cleared(session, today=today, settings=settings)
    return outcome_of(contact, replace(token, event_id=event_id))


def undo_queue_action(
    session: Session, token: UndoToken, *, today: date, settings: Settings
) -> ScheduleChange:
    """Undo a queue action: :func:`undo`, ending as every queue action ends (today
    recorded as cleared, or no longer, by what the undo left in the queue)."""
    change = undo(session, token)
    record_queue_cleared(session, today=today, settings=settings)
    return change


def undo(session: Session, token: UndoToken) -> ScheduleChange:
    """Put the contact back as it was before the action; remove the interaction it logged."""
    contact = session.get(Contact, token.contact_id)
    if contact is None:
        raise NotFound(f"cannot undo: {token.name} no longer exists")
    if token.interaction_id is not None:
        interaction = session.get(Interaction, token.interaction_id)
        if interaction is not None:
            session.delete(interaction)
    remove_event(session, token.event_id)
    contact.stage = token.stage
    contact.stage_since = token.stage_since
    contact.connected_on = token.connected_on
    contact.last_interaction_on = token.last_interaction_on
    contact.snoozed_until = token.snoozed_until
    contact.skipped_on = token.skipped_on
    contact.next_due_on = token.next_due_on
    contact.awaiting_reply_on = token.awaiting_reply_on
    contact.awaiting_reply_preview = token.awaiting_reply_preview
    contact.role_changed_on = token.role_changed_on
    contact.pulled_on = token.pulled_on
    contact.key_date_on = token.key_date_on
    contact.key_date_kind = token.key_date_kind
    contact.key_date_note = token.key_date_note
    contact.bare_request = token.bare_request
    if token.cadence_changed:
        contact.cadence_days = token.cadence_days
    if token.ask_about is not None:
        contact.ask_about = token.ask_about
    session.flush()
    if token.interaction_id is not None:
        refresh_search_text(session, [contact])  # its note is no longer searched
    return ScheduleChange(contact.id, contact.full_name, contact.stage, contact.next_due_on)

"""Acting on the queue: log an interaction, snooze, skip for today, pull in, change stage.

Internal to the application API: the faces reach these rules through
:class:`netdeck.services.api.DeckApi` (by way of :mod:`netdeck.services.actions`,
which adds the undo token and today's cleared mark), never directly.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from netdeck.domain.channels import (
    INTERACTION_CHANNEL_FOR,
    ChannelKind,
    InteractionChannel,
    parse_interaction_channel,
)
from netdeck.domain.errors import InvalidInput
from netdeck.domain.interactions import (
    Direction,
    InteractionKind,
    check_occurred_on,
    note_is_the_users,
    parse_interaction_kind,
)
from netdeck.domain.note_budget import went_out_bare
from netdeck.domain.replies import preview
from netdeck.domain.scheduling import (
    after_interaction,
    after_snooze,
    after_stage_change,
    is_awaiting_reply,
    is_pulled,
)
from netdeck.domain.settings import Settings
from netdeck.domain.stages import parse_stage
from netdeck.services.contacts import refresh_search_text, schedule_facts, store_facts
from netdeck.services.views import LoggedInteraction, ScheduleChange
from netdeck.store.models import Contact, Interaction


def default_channel(contact: Contact) -> InteractionChannel:
    """Where an interaction with this contact most likely happens: its preferred address."""
    for channel in contact.channels:
        if channel.preferred:
            return INTERACTION_CHANNEL_FOR[ChannelKind(channel.kind)]
    return InteractionChannel.OTHER


def log_interaction(
    session: Session,
    contact: Contact,
    *,
    today: date,
    settings: Settings,
    channel: str | None = None,
    kind: str = InteractionKind.MESSAGE.value,
    inbound: bool = False,
    note: str = "",
    on: date | None = None,
    text_sent: str | None = None,
    snippet_id: int | None = None,
    source: str = "manual",
    impersonal: bool = False,
) -> LoggedInteraction:
    """Record an interaction and move the contact's schedule on (see the domain rules).

    A LinkedIn connection request logged with neither text nor note went out bare
    (:func:`~netdeck.domain.note_budget.went_out_bare`), however it was logged: once
    they accept, they are due that day."""
    when = check_occurred_on(on or today, today)
    kind_ = parse_interaction_kind(kind)
    channel_ = parse_interaction_channel(channel) if channel else default_channel(contact)
    direction = Direction.INBOUND if inbound else Direction.OUTBOUND
    interaction = Interaction(
        contact_id=contact.id,
        occurred_on=when,
        channel=channel_.value,
        kind=kind_.value,
        direction=direction.value,
        note=note.strip(),
        text_sent=text_sent,
        snippet_id=snippet_id,
        source=source,
        impersonal=impersonal,
    )
    session.add(interaction)
    before = schedule_facts(contact, settings)
    bare = went_out_bare(kind_, direction, channel_, text=text_sent or "", note=note)
    after = after_interaction(before, kind_, direction, when, bare=bare)
    store_facts(contact, after)
    if after.awaiting_reply_on is not None and after.awaiting_reply_on != before.awaiting_reply_on:
        contact.awaiting_reply_preview = preview(note)  # their message, as logged
    if kind_ is not InteractionKind.NOTE:
        if contact.skipped_on == today:
            contact.skipped_on = None
        contact.pulled_on = None  # what the pull was for is done
    session.flush()
    if interaction.note and note_is_the_users(source):
        refresh_search_text(session, [contact])  # `list --search` finds what you wrote
    return LoggedInteraction(
        contact_id=contact.id,
        name=contact.full_name,
        interaction_id=interaction.id,
        stage=contact.stage,
        next_due_on=contact.next_due_on,
    )


def snooze_contact(
    contact: Contact, *, until: date, today: date, settings: Settings
) -> ScheduleChange:
    """Move the contact's due date to ``until`` without counting as an interaction
    (a pull into today's queue ends: not now, then)."""
    store_facts(contact, after_snooze(schedule_facts(contact, settings), until, today))
    contact.pulled_on = None
    return _change(contact)


def skip_for_today(contact: Contact, *, today: date, settings: Settings) -> ScheduleChange:
    """Hide a due (or pulled-in) contact from today's queue; it is back tomorrow, just as
    overdue (a pull ends)."""
    due = contact.next_due_on
    awaiting = is_awaiting_reply(schedule_facts(contact, settings), today)
    pulled = is_pulled(contact.pulled_on, today, contact.skipped_on)
    if not (awaiting or pulled) and (due is None or due > today):
        raise InvalidInput(f"{contact.full_name} is not due today: nothing to skip")
    contact.skipped_on = today
    contact.pulled_on = None
    return _change(contact)


def pull_into_today(contact: Contact, *, today: date) -> ScheduleChange:
    """Put the contact in today's queue, past the daily size, due or not (see
    :func:`netdeck.domain.scheduling.queue_with_pulled`); one skipped today comes back."""
    if is_pulled(contact.pulled_on, today, contact.skipped_on):
        raise InvalidInput(f"{contact.full_name} is already pulled into today's queue")
    contact.pulled_on = today
    if contact.skipped_on == today:
        contact.skipped_on = None
    return _change(contact)


def change_stage(
    contact: Contact, stage: str, *, today: date, settings: Settings
) -> ScheduleChange:
    """Move the contact to another stage; its due date follows the new stage's rule."""
    new_stage = parse_stage(stage)
    if new_stage.value == contact.stage:
        raise InvalidInput(f"{contact.full_name} is already {new_stage.value}")
    store_facts(contact, after_stage_change(schedule_facts(contact, settings), new_stage, today))
    return _change(contact)


def _change(contact: Contact) -> ScheduleChange:
    return ScheduleChange(
        contact_id=contact.id,
        name=contact.full_name,
        stage=contact.stage,
        next_due_on=contact.next_due_on,
    )

"""What a synced message does to its person, whichever sync found it.

One rule for the LinkedIn sync (:mod:`netdeck.services.linkedin_sync`) and the mail
sync (:mod:`netdeck.services.mail_sync`): given the newest message a sync adds for a
contact and what is stored from its day on,

- their last interaction moves to its day (so their next due date follows, as a
  logged message does), a change of jobs is told and a bare request is answered;
- whoever's latest message is theirs (:func:`netdeck.domain.replies.awaiting_reply`)
  awaits your reply from the day they wrote, a snooze from before lifted; anything
  of yours after it clears that.

The contacts' states are :class:`~netdeck.services.sync_state.SyncState` values,
written back by :func:`write_changed_states` (only the columns that changed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from netdeck.domain.interactions import InteractionKind
from netdeck.domain.replies import LogEntry, awaiting_reply, preview
from netdeck.domain.scheduling import is_awaiting_reply
from netdeck.domain.settings import Settings
from netdeck.services.reply_log import LOG_COLUMNS, log_entry
from netdeck.services.sync_state import SyncState
from netdeck.store.models import Contact, Interaction
from netdeck.store.sql import in_lists


def apply_newest_message(
    state: SyncState,
    newest: LogEntry,
    stored: Sequence[LogEntry],
    *,
    settings: Settings,
    today: date,
) -> tuple[str, str] | None:
    """Change ``state`` for the newest message a sync adds for them (``stored``: their
    interactions but notes from its day on). Returns (name, the first words of their
    message) when this leaves them awaiting your reply in the queue."""
    if state.last_interaction_on is None or newest.day > state.last_interaction_on:
        state.last_interaction_on = newest.day
    if state.role_changed_on is not None and newest.day >= state.role_changed_on:
        state.role_changed_on = None
    if state.bare_request and newest.day >= (state.connected_on or state.stage_since):
        state.bare_request = False  # you talked since the bare request: it is told
    theirs = awaiting_reply([*stored, newest])
    if theirs is None:
        state.awaiting_reply_on = state.awaiting_reply_preview = None
        return None
    if state.awaiting_reply_on == theirs.day:
        return None
    state.awaiting_reply_on = theirs.day
    state.awaiting_reply_preview = preview(theirs.text)
    if state.snoozed_until is not None and state.snoozed_until > theirs.day:
        state.snoozed_until = None  # they wrote: a snooze from before is over
    if is_awaiting_reply(state.facts(settings), today):
        return (state.name, state.awaiting_reply_preview)
    return None


def stored_logs(session: Session, since: Mapping[int, date]) -> dict[int, list[LogEntry]]:
    """The stored interactions but notes of these contacts from their day in ``since``
    on (older ones cannot be the latest), as the reply rule sees them."""
    logs: dict[int, list[LogEntry]] = defaultdict(list)
    for chunk in in_lists(sorted(since)):
        earliest = min(since[contact_id] for contact_id in chunk)
        rows = session.execute(
            select(Interaction.contact_id, *LOG_COLUMNS).where(
                Interaction.contact_id.in_(chunk),
                Interaction.kind != InteractionKind.NOTE.value,
                Interaction.occurred_on >= earliest,
            )
        )
        for row in rows:
            if row.occurred_on < since[row.contact_id]:
                continue
            logs[row.contact_id].append(log_entry(row))
    return logs


def write_changed_states(
    session: Session,
    rows: Sequence[dict[str, object]],
    before: Mapping[int, tuple[object, ...]],
) -> None:
    """Each changed contact's changed columns (``rows``: :meth:`SyncState.row` values,
    ``before``: as loaded): one executemany per set of columns (Core: the ORM's bulk
    UPDATE costs twice as much for the same SQL), so an index is touched only where
    one of its columns changed."""
    by_columns: dict[tuple[str, ...], list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        old = before[cast(int, row["id"])]
        columns = tuple(
            name for (name, value), was in zip(row.items(), old, strict=True) if was != value
        )
        by_columns[columns].append({"contact_id": row["id"], **{c: row[c] for c in columns}})
    table = cast(Table, Contact.__table__)
    for columns, changes in by_columns.items():
        if not columns:
            continue
        statement = (
            update(table)
            .where(table.c.id == bindparam("contact_id"))
            .values({name: bindparam(name) for name in columns})
        )
        session.execute(statement, changes)


__all__ = ["apply_newest_message", "stored_logs", "write_changed_states"]

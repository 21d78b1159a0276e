"""Stored interactions as the reply rule sees them (:mod:`netdeck.domain.replies`).

Shared by the syncs (:mod:`netdeck.services.conversation_sync`) and a merge
(:mod:`netdeck.services.duplicates`); kept apart from the syncs so a merge does not
load the importers they need (the duplicates screen is reachable from the first frame).
"""

from __future__ import annotations

from typing import Any

from netdeck.domain.interactions import Direction, InteractionKind, is_written
from netdeck.domain.replies import LogEntry
from netdeck.store.models import Interaction

#: The columns of an interaction the reply rule reads (:func:`log_entry`).
LOG_COLUMNS = (
    Interaction.id,
    Interaction.occurred_on,
    Interaction.occurred_at,
    Interaction.kind,
    Interaction.direction,
    Interaction.note,
)


def log_entry(row: Any) -> LogEntry:
    """A stored interaction (a row of :data:`LOG_COLUMNS`) as the reply rule sees it."""
    return LogEntry(
        row.occurred_on,
        row.occurred_at,
        row.id,
        row.direction == Direction.INBOUND.value,
        written=is_written(InteractionKind(row.kind)),
        text=row.note,
    )

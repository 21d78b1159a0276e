"""Queue rows into :class:`QueueEntry` values (no SQLAlchemy here).

Shared by the queue service and the TUI's start-up reader, which runs the
same compiled SQL through the standard library's ``sqlite3`` to paint the
first frame before SQLAlchemy has even been imported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from netdeck.domain.scheduling import ScheduleFacts, due_reason
from netdeck.domain.stages import Stage
from netdeck.services.views import QueueEntry

#: The contact columns a queue row holds, in order.
QUEUE_ROW_FIELDS = (
    "id",
    "full_name",
    "stage",
    "company",
    "title",
    "next_due_on",
    "stage_since",
    "cadence_days",
    "connected_on",
    "last_interaction_on",
    "snoozed_until",
)
#: Which of them are dates (the start-up reader gets them as ISO text).
QUEUE_ROW_DATES = frozenset(
    {"next_due_on", "stage_since", "connected_on", "last_interaction_on", "snoozed_until"}
)

#: A LIMIT that means "everyone" on every database (SQLite and PostgreSQL alike).
NO_LIMIT = 2**31 - 1


def queue_entry(
    row: Sequence[object],
    *,
    today: date,
    default_cadence: int,
    channels: Mapping[str, str] | None = None,
) -> QueueEntry:
    """One queue entry from a row of :data:`QUEUE_ROW_FIELDS`.

    Dates may be ``date`` objects (through SQLAlchemy) or ISO text (straight
    from ``sqlite3`` at start-up).
    """
    values = dict(zip(QUEUE_ROW_FIELDS, row, strict=True))
    for name in QUEUE_ROW_DATES:
        if isinstance(values[name], str):
            values[name] = date.fromisoformat(values[name])
    cadence = values["cadence_days"] or default_cadence
    due_on = values["next_due_on"]
    facts = ScheduleFacts(
        stage=Stage(values["stage"]),
        stage_since=values["stage_since"],
        cadence_days=cadence,
        connected_on=values["connected_on"],
        last_interaction_on=values["last_interaction_on"],
        snoozed_until=values["snoozed_until"],
    )
    return QueueEntry(
        id=values["id"],
        name=values["full_name"],
        stage=values["stage"],
        company=values["company"],
        title=values["title"],
        due_on=due_on,
        overdue_days=(today - due_on).days,
        reason=due_reason(facts, today),
        cadence_days=cadence,
        channels=dict(channels or {}),
    )

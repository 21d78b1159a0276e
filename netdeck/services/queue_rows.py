"""Queue rows into :class:`QueueEntry` values (no SQLAlchemy here).

Shared by the queue service and the TUI's start-up reader, which runs the
same compiled SQL through the standard library's ``sqlite3`` to paint the
first frame before SQLAlchemy has even been imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import NamedTuple

from netdeck.domain.scheduling import ScheduleFacts, due_reason
from netdeck.domain.stages import Stage
from netdeck.services.views import QueueEntry


class QueueRow(NamedTuple):
    """The contact columns a queue row holds, in order.

    Dates are ``date`` objects through SQLAlchemy and ISO text straight from
    ``sqlite3`` at start-up.
    """

    id: int
    full_name: str
    stage: str
    company: str
    title: str
    next_due_on: date | str  # due contacts always have one
    stage_since: date | str
    cadence_days: int | None
    connected_on: date | str | None
    last_interaction_on: date | str | None
    snoozed_until: date | str | None


#: The contact columns a queue row holds, in order.
QUEUE_ROW_FIELDS = QueueRow._fields

#: A LIMIT that means "everyone" on every database (SQLite and PostgreSQL alike).
NO_LIMIT = 2**31 - 1


def queue_entry(
    row: Iterable[object],
    *,
    today: date,
    default_cadence: int,
    channels: Mapping[str, str] | None = None,
) -> QueueEntry:
    """One queue entry from a row of the :class:`QueueRow` columns.

    Dates may be ``date`` objects (through SQLAlchemy) or ISO text (straight
    from ``sqlite3`` at start-up).
    """
    columns = QueueRow._make(row)
    cadence = columns.cadence_days or default_cadence
    due_on = _day(columns.next_due_on)
    facts = ScheduleFacts(
        stage=Stage(columns.stage),
        stage_since=_day(columns.stage_since),
        cadence_days=cadence,
        connected_on=_optional_day(columns.connected_on),
        last_interaction_on=_optional_day(columns.last_interaction_on),
        snoozed_until=_optional_day(columns.snoozed_until),
    )
    return QueueEntry(
        id=columns.id,
        name=columns.full_name,
        stage=columns.stage,
        company=columns.company,
        title=columns.title,
        due_on=due_on,
        overdue_days=(today - due_on).days,
        reason=due_reason(facts, today),
        cadence_days=cadence,
        channels=dict(channels or {}),
    )


def _day(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _optional_day(value: date | str | None) -> date | None:
    return None if value is None else _day(value)

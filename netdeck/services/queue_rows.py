"""Queue rows into :class:`QueueEntry` values (no SQLAlchemy here).

Shared by the queue service and the TUI's start-up reader, which runs the
same compiled SQL through the standard library's ``sqlite3`` to paint the
first frame before SQLAlchemy has even been imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import NamedTuple

from netdeck.domain.cadence import effective_cadence
from netdeck.domain.key_dates import KeyDateKind, PendingDate
from netdeck.domain.roles import role_text
from netdeck.domain.scheduling import (
    ScheduleFacts,
    due_on,
    due_reason,
    is_awaiting_reply,
    pulled_reason,
)
from netdeck.domain.settings import Settings
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
    next_due_on: date | str | None  # None: due only as awaiting a reply
    stage_since: date | str
    cadence_days: int | None
    tag_cadence_days: int | None  # the shortest of their tags' cadences
    connected_on: date | str | None
    last_interaction_on: date | str | None
    snoozed_until: date | str | None
    awaiting_reply_on: date | str | None
    awaiting_reply_preview: str | None
    role_changed_on: date | str | None
    key_date_on: date | str | None
    key_date_kind: str | None
    key_date_note: str | None
    bare_request: bool | int  # 0/1 straight from ``sqlite3``


#: The contact columns a queue row holds, in order.
QUEUE_ROW_FIELDS = QueueRow._fields

#: A LIMIT that means "everyone" on every database (SQLite and PostgreSQL alike).
NO_LIMIT = 2**31 - 1


def queue_entry(
    row: Iterable[object],
    *,
    today: date,
    settings: Settings,
    channels: Mapping[str, str] | None = None,
    pulled: bool = False,
) -> QueueEntry:
    """One queue entry from a row of the :class:`QueueRow` columns (``pulled``: the
    user pulled them in today, due or not).

    Dates may be ``date`` objects (through SQLAlchemy) or ISO text (straight
    from ``sqlite3`` at start-up).
    """
    columns = QueueRow._make(row)
    cadence = effective_cadence(
        columns.cadence_days, columns.tag_cadence_days, settings.default_cadence
    )
    facts = ScheduleFacts(
        stage=Stage(columns.stage),
        stage_since=_day(columns.stage_since),
        cadence_days=cadence,
        connected_on=_optional_day(columns.connected_on),
        last_interaction_on=_optional_day(columns.last_interaction_on),
        snoozed_until=_optional_day(columns.snoozed_until),
        awaiting_reply_on=_optional_day(columns.awaiting_reply_on),
        role_changed_on=_optional_day(columns.role_changed_on),
        reply_window_days=settings.reply_window,
        key_date=_pending(columns),
        bare_request=bool(columns.bare_request),
    )
    # Every queue row is due (by its stage's rule, or awaiting your reply), or pulled in
    # today: a pulled row not due yet reads as due today.
    due = min(due_on(facts, today) or today, today) if pulled else due_on(facts, today) or today
    reason = due_reason(
        facts,
        today,
        wrote=columns.awaiting_reply_preview or "",
        role=role_text(columns.title, columns.company),
    )
    return QueueEntry(
        id=columns.id,
        name=columns.full_name,
        stage=columns.stage,
        company=columns.company,
        title=columns.title,
        due_on=due,
        overdue_days=(today - due).days,
        reason=pulled_reason(facts, today, reason) if pulled else reason,
        cadence_days=cadence,
        channels=dict(channels or {}),
        awaiting_reply=is_awaiting_reply(facts, today),
        pulled=pulled,
    )


def _pending(columns: QueueRow) -> PendingDate | None:
    on = _optional_day(columns.key_date_on)
    if on is None or columns.key_date_kind is None:
        return None
    return PendingDate(
        on=on, kind=KeyDateKind(columns.key_date_kind), note=columns.key_date_note or ""
    )


def _day(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _optional_day(value: date | str | None) -> date | None:
    return None if value is None else _day(value)

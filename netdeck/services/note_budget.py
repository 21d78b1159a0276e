"""This month's LinkedIn notes, counted from the interaction log.

The rules are in :mod:`netdeck.domain.note_budget`; this module counts what they
read. Internal to the application API: its functions take a session, and the
faces reach them only through :class:`netdeck.services.api.DeckApi`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Date, String, and_, bindparam, func, literal_column, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from netdeck.domain.channels import InteractionChannel
from netdeck.domain.interactions import Direction, InteractionKind
from netdeck.domain.note_budget import (
    NoteBudget,
    NoteUse,
    held_reason,
    is_note_only,
    month_start,
    next_month_start,
    note_budget,
    notes_for_today,
)
from netdeck.domain.settings import Settings
from netdeck.store.models import Interaction


def _written_in(value: str) -> ColumnElement[str]:
    """A constant of the rule as SQL text, not a parameter: SQLite reads the partial
    index ``ix_interactions_note_sent`` only for a statement that says its condition
    with these very values. (Names of kinds and channels, never user text.)"""
    if "'" in value:
        raise ValueError(f"not a constant for SQL text: {value!r}")
    return literal_column(f"'{value}'", String)


def linkedin_request() -> ColumnElement[bool]:
    """An outbound connection request on LinkedIn (with a note or without)."""
    return and_(
        Interaction.kind == _written_in(InteractionKind.CONNECTION_REQUEST.value),
        Interaction.direction == _written_in(Direction.OUTBOUND.value),
        Interaction.channel == _written_in(InteractionChannel.LINKEDIN.value),
    )


def _said_something() -> ColumnElement[bool]:
    nothing = _written_in("")
    return (func.trim(func.coalesce(Interaction.text_sent, nothing)) != nothing) | (
        func.trim(Interaction.note) != nothing
    )


def note_sent() -> ColumnElement[bool]:
    """A request that spent a note: on LinkedIn, with a text or a note."""
    return and_(linkedin_request(), _said_something())


def bare_request_sent() -> ColumnElement[bool]:
    """A request that went out without a note (LinkedIn's bare "wants to connect")."""
    return and_(linkedin_request(), ~_said_something())


#: This month's notes: how many, how many today, the latest day before today one went
#: out. Parameters ``today`` and ``month_start`` (also run through ``sqlite3`` at
#: start-up: :mod:`netdeck.store.first_look`).
NOTE_USE_STATEMENT = select(
    func.count(Interaction.id),
    func.count(Interaction.id).filter(Interaction.occurred_on == bindparam("today", type_=Date)),
    func.max(Interaction.occurred_on).filter(
        Interaction.occurred_on < bindparam("today", type_=Date)
    ),
).where(
    note_sent(),
    Interaction.occurred_on >= bindparam("month_start", type_=Date),
    Interaction.occurred_on <= bindparam("today", type_=Date),
)


def note_use(session: Session, today: date) -> NoteUse:
    """The notes sent this calendar month (up to today), today's, and the last day
    before today one went out."""
    row: Any = session.execute(
        NOTE_USE_STATEMENT, {"today": today, "month_start": month_start(today)}
    ).one()
    return NoteUse(used=row[0] or 0, used_today=row[1] or 0, last_before_today=row[2])


def current_budget(session: Session, *, today: date, settings: Settings) -> NoteBudget:
    """This month's budget (limit from the settings; None: no limit)."""
    return note_budget(note_use(session, today), settings.linkedin_notes_limit, today)


def spent_reason(
    session: Session, stage: str, address_kinds: Sequence[str], *, today: date, settings: Settings
) -> str | None:
    """The reason a note-only prospect gives outside the queue (``show``, the contact
    screen) while the month's notes are spent, else None: the budget, and when it resets."""
    if not is_note_only(stage, address_kinds):
        return None
    budget = current_budget(session, today=today, settings=settings)
    return held_reason(budget, None) if budget.spent else None


class TodaysNotes(NamedTuple):
    """This month's budget, how many note-only prospects today's queue may still show
    (None: no pacing), and the use both come from."""

    budget: NoteBudget
    allowance: int | None
    use: NoteUse


def todays_note_allowance(session: Session, *, today: date, settings: Settings) -> TodaysNotes:
    """This month's notes as the queue paces them (:class:`TodaysNotes`)."""
    use = note_use(session, today)
    limit = settings.linkedin_notes_limit
    return TodaysNotes(note_budget(use, limit, today), notes_for_today(use, limit, today), use)


__all__ = [
    "NOTE_USE_STATEMENT",
    "bare_request_sent",
    "current_budget",
    "linkedin_request",
    "next_month_start",
    "note_sent",
    "note_use",
    "spent_reason",
    "todays_note_allowance",
]

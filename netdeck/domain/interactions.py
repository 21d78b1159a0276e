"""What counts as an interaction, and which ones keep a relationship alive."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from netdeck.domain.choices import parse_choice
from netdeck.domain.errors import InvalidInput


class InteractionKind(StrEnum):
    CONNECTION_REQUEST = "connection-request"
    MESSAGE = "message"
    REPLY = "reply"
    CALL = "call"
    MEETING = "meeting"
    NOTE = "note"


class Direction(StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


#: The source of an interaction an import made from a message (LinkedIn's
#: ``messages.csv``): its note holds their words, not something the user wrote.
IMPORT_SOURCE = "import"


def note_is_the_users(source: str) -> bool:
    """Whether the note of an interaction from ``source`` is the user's own words
    (typed when logging it, or carried over from a deck that was), not an imported
    message's text: only the user's notes are topics and are searched."""
    return source != IMPORT_SOURCE


#: Kinds that are a real conversation: they set the last interaction and the next due date.
CONVERSATION_KINDS = frozenset(
    {InteractionKind.MESSAGE, InteractionKind.REPLY, InteractionKind.CALL, InteractionKind.MEETING}
)


#: Kinds that are written: an inbound one awaits your reply.
WRITTEN_KINDS = frozenset({InteractionKind.MESSAGE, InteractionKind.REPLY})


def is_written(kind: InteractionKind) -> bool:
    """True for messages and replies (their inbound ones await your reply)."""
    return kind in WRITTEN_KINDS


def parse_interaction_kind(text: str) -> InteractionKind:
    """The interaction kind named ``text``, or an error listing the choices."""
    return parse_choice(InteractionKind, text, "interaction kind")


def is_conversation(kind: InteractionKind) -> bool:
    """True for messages, replies, calls and meetings (either direction); not for
    connection requests or private notes."""
    return kind in CONVERSATION_KINDS


def check_occurred_on(day: date, today: date) -> date:
    """``day``, the day an interaction happened: today or before, never in the future
    (``log``, and every interaction in a restored file)."""
    if day > today:
        raise InvalidInput(f"cannot log an interaction on {day.isoformat()}: it is in the future")
    return day

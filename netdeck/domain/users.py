"""Who does what in a deck: the user names of a shared (team) deck.

Every run of netdeck acts as one user: ``NETDECK_USER``, else the deck's setting
``me``, else the login name (:mod:`netdeck.whoami`, :meth:`DeckApi.user`). A name is
a short single line kept as typed ("Alex", "sam.k"): it is shown to the other users
("Alex messaged Dana 2 days ago") and compared exactly.

Choice: the setting ``me`` lives in the deck, so it suits one person on several
machines whose login names differ; in a team deck each person sets
``NETDECK_USER`` (or relies on their login name) instead.
"""

from __future__ import annotations

from netdeck.domain.errors import InvalidInput

#: The longest user name (it is shown on queue cards).
USER_NAME_LIMIT = 60


def parse_user_name(text: str) -> str:
    """A user name from what was typed: trimmed, one line, 1 to 60 characters."""
    name = text.strip()
    if not name:
        raise InvalidInput("a user name cannot be empty")
    if len(name) > USER_NAME_LIMIT:
        raise InvalidInput(f"a user name must be at most {USER_NAME_LIMIT} characters")
    if any(not ch.isprintable() for ch in name):
        raise InvalidInput(f"a user name must be one line of printable text, not {text!r}")
    return name


def resolve_user(explicit: str | None, setting: str, login: str) -> str:
    """The run's user: ``NETDECK_USER`` (``explicit``), else the setting ``me``, else the login."""
    if explicit:
        return explicit
    if setting:
        return setting
    return login


#: How far back the card looks for another user's touch ("Alex messaged Dana 2 days
#: ago"). Choice: two weeks, the shortest usual cadence, so a touch that should change
#: what you write is shown and an old one is not.
TOUCH_WINDOW_DAYS = 14

#: What a contact event's kind says another user did to the person.
_EVENT_VERBS = {
    "stage": "moved",
    "snooze": "snoozed",
    "skip": "skipped",
    "pull": "pulled",
    "owner": "handed over",
}
#: What an outbound interaction's kind says another user did.
_OUTBOUND_VERBS = {
    "connection-request": "sent a request to",
    "message": "messaged",
    "reply": "replied to",
    "call": "called",
    "meeting": "met",
    "note": "made a note on",
}


def event_verb(kind: str) -> str:
    """The verb for a contact event: ``snooze`` → ``snoozed``."""
    return _EVENT_VERBS.get(kind, kind)


def interaction_verb(kind: str, inbound: bool) -> str:
    """The verb for someone else's interaction: ``messaged``, ``called``, ``heard from``."""
    if inbound:
        return "heard from"
    return _OUTBOUND_VERBS.get(kind, "was in touch with")


def touch_sentence(by: str, verb: str, name: str, tail: str, days_ago: str) -> str:
    """ "Alex messaged Dana 2 days ago", "Sam moved Dana to active yesterday"."""
    return " ".join(part for part in (by, verb, name, tail, days_ago) if part)


def event_tail(kind: str, detail: str) -> str:
    """What follows the person's name for an event: ``to active``, ``to Sam``; else ""."""
    if kind in ("stage", "owner") and detail:
        return f"to {detail}"
    if kind == "owner":
        return "to nobody"
    return ""


def parse_owner(text: str) -> str | None:
    """An owner from what was typed: a user name, or None for "nobody" (empty text)."""
    if not text.strip():
        return None
    return parse_user_name(text)

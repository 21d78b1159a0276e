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

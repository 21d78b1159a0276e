"""The one place netdeck learns who is running it (the user of a shared deck).

Like :mod:`netdeck.clock` for today, only the faces (CLI, TUI) call
:func:`explicit_user`: ``NETDECK_USER`` when it is set. Where it is not, the deck
decides (:meth:`netdeck.services.api.DeckApi.user`): its setting ``me``, else the
login name from :func:`login_name`.
"""

from __future__ import annotations

import getpass
import os

from netdeck.domain.errors import InvalidInput
from netdeck.domain.users import parse_user_name

USER_VARIABLE = "NETDECK_USER"


def explicit_user() -> str | None:
    """The user named in ``NETDECK_USER`` (None when it is unset or blank)."""
    named = os.environ.get(USER_VARIABLE, "").strip()
    if not named:
        return None
    try:
        return parse_user_name(named)
    except InvalidInput as error:
        raise InvalidInput(f"{USER_VARIABLE}: {error}") from None


def login_name() -> str:
    """The operating system's login name ("me" when it has none, as in some containers)."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        return "me"
    try:
        return parse_user_name(name)
    except InvalidInput:
        return "me"

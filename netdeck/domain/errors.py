"""Errors a user can cause and fix.

Each carries a message that says what went wrong and what to do. The CLI
prints it on one line and exits 1; the TUI shows it as a notification.
"""

from __future__ import annotations


class NetdeckError(Exception):
    """Base for every error a user can cause; ``str(error)`` is the message."""


class InvalidInput(NetdeckError):
    """A value typed or imported by the user is not acceptable."""


class NotFound(NetdeckError):
    """A contact, snippet or setting the user named does not exist."""


class Ambiguous(NetdeckError):
    """A reference matches several things; ``candidates`` lists them."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


class Conflict(NetdeckError):
    """The change would break a uniqueness rule (e.g. a duplicate snippet name)."""


class StorageError(NetdeckError):
    """The database file cannot be used (not SQLite, too new, unreadable...)."""


class MailServerError(NetdeckError):
    """The mail server cannot be read: refused login, unreachable, TLS, a dropped
    connection (the message says what to check)."""


class TemplateProblem(InvalidInput):
    """A snippet template cannot be used: a syntax error, a forbidden construct,
    an unknown variable or a failure while rendering. ``line`` is the template
    line it was found on, when known, so an editor can jump there."""

    def __init__(self, detail: str, line: int | None = None) -> None:
        super().__init__(f"line {line}: {detail}" if line is not None else detail)
        self.detail = detail
        self.line = line

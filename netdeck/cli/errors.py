"""The CLI's own user error: a command used in a way argparse cannot see."""

from __future__ import annotations

from netdeck.domain.errors import NetdeckError


class CommandError(NetdeckError):
    """A problem with how a command was used that argparse cannot see (one line, exit 1)."""

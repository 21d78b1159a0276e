"""The ``netdeck`` subcommands, one module per area; each handler takes the parsed
arguments, makes one call to the application API (:class:`netdeck.services.api.DeckApi`:
one unit of work, frozen dataclasses back), renders what it returns and returns the
exit status.

Handlers import the services inside the function, so building the parser (and
``netdeck --help``) loads none of them. What every handler shares is here: the
API over the database named by ``--db``, today's date and the ``--limit`` check.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from netdeck.cli.errors import CommandError

if TYPE_CHECKING:
    import argparse
    from datetime import date

    from netdeck.services.api import DeckApi


@contextmanager
def api_for(args: argparse.Namespace) -> Iterator[DeckApi]:
    """The application API over this command's database (``--db``, else the default),
    and one today for the whole command, read (a bad ``NETDECK_TODAY`` refused) before
    the database is opened; the database is closed on exit."""
    from netdeck.services.api import DeckApi
    from netdeck.whoami import explicit_user

    today = todays_date()
    api = DeckApi.open(getattr(args, "db", None), lambda: today, explicit_user())
    try:
        yield api
    finally:
        api.close()


def todays_date() -> date:
    """Today, as every command sees it (``NETDECK_TODAY`` honoured)."""
    from netdeck.clock import today

    return today()


def check_limit(limit: int | None) -> None:
    """Refuse a ``--limit`` below 1 (none means no limit)."""
    if limit is not None and limit < 1:
        raise CommandError(f"--limit must be at least 1, not {limit}")

"""Opening the database for one command's work: how a face reaches the store.

The faces never import :mod:`netdeck.store`; a command opens the database named
by ``--db`` (a path or a SQLAlchemy URL, else ``$NETDECK_DB`` or the data
folder's ``netdeck.db``) here, works in its ``reading()``/``writing()`` sessions
through the services, and the database is closed when the work is done.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from netdeck.store.database import Database, open_database

__all__ = ["Database", "opened_database"]


@contextmanager
def opened_database(target: str | None) -> Iterator[Database]:
    """The database named by ``target`` (created and migrated as needed), closed on exit."""
    database = open_database(target)
    try:
        yield database
    finally:
        database.close()

"""The TUI's start-up: the database file checked, and today's queue read before SQLAlchemy.

Standard library only (no SQLAlchemy, Alembic or Jinja2, even indirectly), so
the TUI can call it before Textual has finished importing: an import-linter
contract in ``pyproject.toml`` keeps it so. :func:`start_first_look` refuses
a bad file in milliseconds (:func:`netdeck.store.preflight.check_before_start`)
and, for a SQLite file already at the head revision (or a PostgreSQL deck),
starts reading today's queue rows in a thread (:mod:`netdeck.store.first_look`),
which the queue screen composes into its very first frame (not for a shared deck,
whose queue depends on the user: see :mod:`netdeck.store.first_look`). Everything
after that first frame comes through the application API as usual.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from netdeck.store.preflight import check_before_start, postgresql_uri

if TYPE_CHECKING:
    from netdeck.services.views import QueueEntry


class PendingQueue:
    """Today's queue rows, read in a thread: from a SQLite file at the head revision
    (``path``), or from a PostgreSQL deck (``server``, a libpq URI)."""

    def __init__(self, path: Path | None, today: date, *, server: str | None = None) -> None:
        self._entries: list[QueueEntry] | None = None
        self._thread = threading.Thread(
            target=self._read, args=(path, server, today), name="netdeck-first-look", daemon=True
        )
        self._thread.start()

    def _read(self, path: Path | None, server: str | None, today: date) -> None:
        # Imported in the thread, so the imports too run while Textual imports.
        from netdeck.services.queue_rows import queue_entry
        from netdeck.store.first_look import read_first_look, read_first_look_postgresql

        try:
            if server is not None:
                look = read_first_look_postgresql(server, today=today)
            else:
                assert path is not None
                look = read_first_look(path, today=today)
            if look is None:  # a server deck behind this netdeck's schema
                return
            self._entries = [
                queue_entry(
                    row, today=today, settings=look.settings, pulled=row[0] in look.pulled_ids
                )
                for row in look.rows
            ]
        except Exception:  # the full load through the deck says what is wrong, if anything
            self._entries = None

    def ready(self) -> bool:
        """Whether the read has finished (so :meth:`entries` will not block)."""
        return not self._thread.is_alive()

    def entries(self) -> list[QueueEntry] | None:
        """The rows, waiting for the read to finish; ``None`` if it failed."""
        self._thread.join()
        return self._entries


def start_first_look(db_target: str | None, today: date) -> PendingQueue | None:
    """Refuse a bad database file (a :class:`~netdeck.domain.errors.StorageError`
    saying what to do); for a SQLite file at the head revision, start reading
    today's queue. ``None`` when the first frame must wait for the full load
    (a new or older file). A PostgreSQL deck is read through libpq alone, when psycopg
    is installed (:func:`netdeck.store.preflight.postgresql_uri`)."""
    server = postgresql_uri(db_target)
    if server is not None:
        return PendingQueue(None, today, server=server)
    ready_file = check_before_start(db_target)
    return PendingQueue(ready_file, today) if ready_file is not None else None

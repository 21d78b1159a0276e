"""Starting the TUI: check the file, start reading today's queue, then import Textual.

Standard library only until :class:`~netdeck.tui.app.NetdeckApp` is imported.
Importing Textual takes a few hundred milliseconds; today's queue rows take a
few milliseconds to read straight from SQLite (see :mod:`netdeck.store.first_look`).
So the read starts first, in a thread, and the queue screen composes its
table with the rows already in it: the very first frame shows the queue.
SQLAlchemy and the rest of the deck load in a worker once that frame is out.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netdeck.services.views import QueueEntry


class PendingQueue:
    """Today's queue rows, read in a thread from a SQLite file at the head revision."""

    def __init__(self, path: Path, today: date) -> None:
        self._entries: list[QueueEntry] | None = None
        self._thread = threading.Thread(
            target=self._read, args=(path, today), name="netdeck-first-look", daemon=True
        )
        self._thread.start()

    def _read(self, path: Path, today: date) -> None:
        from netdeck.services.queue_rows import queue_entry
        from netdeck.store.first_look import read_first_look

        try:
            look = read_first_look(path, today=today)
            self._entries = [
                queue_entry(row, today=today, default_cadence=look.settings.default_cadence)
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


def run_tui(db_target: str | None) -> int:
    """Run the app on the database named by ``db_target`` (path or URL, or the default)."""
    from netdeck import clock
    from netdeck.store.preflight import check_before_start

    # A bad NETDECK_TODAY is refused here, like any command's bad input: every
    # screen needs today, and a screen cannot be drawn without it.
    today = clock.today()
    ready_file = check_before_start(db_target)
    pending = PendingQueue(ready_file, today) if ready_file is not None else None
    from netdeck.tui.app import NetdeckApp

    result = NetdeckApp(db_target, first_look=pending).run()
    return result or 0

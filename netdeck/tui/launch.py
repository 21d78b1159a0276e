"""Starting the TUI: check the file, start reading today's queue, then import Textual.

Standard library only until :class:`~netdeck.tui.app.NetdeckApp` is imported.
Importing Textual takes a few hundred milliseconds; today's queue rows take a
few milliseconds to read straight from SQLite (see :mod:`netdeck.services.startup`).
So the read starts first, in a thread, and the queue screen composes its
table with the rows already in it: the very first frame shows the queue.
SQLAlchemy and the rest of the deck load in a worker once that frame is out.
"""

from __future__ import annotations


def run_tui(db_target: str | None) -> int:
    """Run the app on the database named by ``db_target`` (path or URL, or the default)."""
    from netdeck import clock
    from netdeck.services.startup import start_first_look

    # A bad NETDECK_TODAY is refused here, like any command's bad input: every
    # screen needs today, and a screen cannot be drawn without it.
    today = clock.today()
    pending = start_first_look(db_target, today)
    from netdeck.tui.app import NetdeckApp

    result = NetdeckApp(db_target, first_look=pending).run()
    return result or 0

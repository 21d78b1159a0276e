"""Key-to-screen latency of the queue actions and of search as you type, in the real app.

    .venv/bin/python tests/benchmarks/tui_latency.py --db DEMO.db [--rounds 15]

Drives ``NetdeckApp`` headless (Textual's pilot, 120x36) on a copy of a demo
database (``netdeck demo --no-tui --contacts N``), so the database work is
exactly what a user's key press causes. For each queue action (done, snooze,
skip) it times two things from the confirming key:

- *next row shown*: the key has been handled and the table's cursor is on the
  next person (the queue takes the row off at once and writes in a worker);
- *written and reloaded*: every worker has finished, i.e. the change is
  committed and the queue has been read back from the database.

For undo (of the done) the first is *row back*: the person is back under the
cursor (put back at once; the undo writes in a worker).

For search it opens the contacts screen with ``/`` and types queries one
character at a time, timing each keystroke until the table shows its results
(each search is typed ``rounds // 5`` times; the p95 over every keystroke, then
each keystroke's own: ``sm`` and ``zq`` are the rare ones).
Prints the median and p95 of each, with the dataset size.

``--search-only`` times search alone. ``--db`` may be a PostgreSQL URL: search
alone reads it as it is; the queue actions run on a copy made from it as a
template (``CREATE DATABASE ... TEMPLATE``), dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from textual import events
from textual.keys import _character_to_key
from textual.widgets import DataTable

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

SEARCHES = ("anna", "smith", "acme", "ross", "zq")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(name: str, values: list[float]) -> None:
    ms = [v * 1000 for v in values]
    print(
        f"  {name:<34} median {statistics.median(ms):7.1f} ms   p95 {p95(ms):7.1f} ms   (n={len(ms)})"
    )


async def workers_done(app) -> None:
    while True:
        running = [w for w in app.workers if not w.is_finished]
        if not running:
            await asyncio.sleep(0)
            if not [w for w in app.workers if not w.is_finished]:
                return
        await asyncio.sleep(0.0005)


async def run(db: str, rounds: int, *, search_only: bool = False) -> dict[str, list[float]]:
    from netdeck.tui.app import NetdeckApp
    from netdeck.tui.screens.contacts import ContactsScreen

    app = NetdeckApp(str(db))
    times: dict[str, list[float]] = {}

    def note(name: str, value: float) -> None:
        times.setdefault(name, []).append(value)

    async with app.run_test(size=(120, 36)) as pilot:
        await workers_done(app)
        await pilot.pause()

        queue_screen = app.screen

        def table() -> DataTable:
            return queue_screen.query_one("#queue", DataTable)

        def first_key() -> str | None:
            t = table()
            if not t.row_count:
                return None
            return t.coordinate_to_cell_key(t.cursor_coordinate).row_key.value

        def key(name: str) -> None:
            char = name if len(name) == 1 else None
            app.post_message(events.Key(name, char))

        async def act(name: str, opener: str | None, confirm: str) -> str | None:
            if opener:
                await pilot.press(opener)
                await workers_done(app)
                await pilot.pause()
            before = first_key()
            started = time.perf_counter()
            key(confirm)
            while first_key() == before:
                await asyncio.sleep(0.0005)
            note(f"{name}: next row shown", time.perf_counter() - started)
            await workers_done(app)
            note(f"{name}: written and reloaded", time.perf_counter() - started)
            await pilot.pause()
            return before

        for _ in range(0 if search_only else rounds):
            await act("skip (x)", None, "x")
            await act("snooze (s, 3)", "s", "3")
            done = await act("done (d, enter)", "d", "enter")
            started = time.perf_counter()
            key("u")
            while first_key() != done:
                await asyncio.sleep(0.0005)
            note("undo (u): row back", time.perf_counter() - started)
            await workers_done(app)
            note("undo (u): written and reloaded", time.perf_counter() - started)
            await pilot.pause()

        await pilot.press("slash")
        await workers_done(app)
        assert isinstance(app.screen, ContactsScreen)
        for query in SEARCHES * max(1, rounds // len(SEARCHES)):
            search = app.screen.query_one("#contacts-search")
            search.value = ""
            await workers_done(app)
            await pilot.pause()
            for typed, char in enumerate(query, start=1):
                shown = app.screen.generation
                started = time.perf_counter()
                app.post_message(events.Key(_character_to_key(char), char))
                while app.screen.generation == shown or app.screen.fetching:
                    await asyncio.sleep(0.0005)
                took = time.perf_counter() - started
                note("search: keystroke to results", took)
                note(f"  search {query[:typed]!r}", took)
                await pilot.pause()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a demo database (it is copied, not changed)")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--search-only", action="store_true", help="time search alone")
    args = parser.parse_args()
    if "://" in args.db:
        if args.search_only:
            search_server(args.db, args.rounds)
        else:
            with server_copy(args.db) as copy:  # the queue actions write
                run_server(copy, args.rounds)
        return
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "netdeck.db"
        shutil.copy(args.db, copy)
        os.environ.setdefault("NETDECK_TODAY", "2026-11-25")
        os.environ["NETDECK_DATA_DIR"] = folder
        os.environ["NETDECK_CLIPBOARD"] = "off"
        with sqlite3.connect(copy) as connection:
            (contacts,) = connection.execute("SELECT count(*) FROM contacts").fetchone()
            (interactions,) = connection.execute("SELECT count(*) FROM interactions").fetchone()
        times = asyncio.run(run(str(copy), args.rounds, search_only=args.search_only))
    print(f"TUI latency: {contacts:,} contacts, {interactions:,} interactions")
    for name, values in times.items():
        report(name, values)


@contextmanager
def server_copy(url: str) -> Iterator[str]:
    """A copy of the server database at ``url`` (``CREATE DATABASE ... TEMPLATE``: nobody
    else may be connected to it meanwhile), dropped afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    source = make_url(url)
    name = f"{source.database}_latency_{os.getpid()}"
    admin = source.set(database="postgres", drivername="postgresql")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as pg:
        pg.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source.database}"')
        try:
            yield source.set(database=name).render_as_string(hide_password=False)
        finally:
            pg.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def run_server(url: str, rounds: int) -> None:
    """Every action and search on a server deck (a copy: the actions write)."""
    os.environ.setdefault("NETDECK_TODAY", "2026-11-25")
    os.environ["NETDECK_CLIPBOARD"] = "off"
    contacts, interactions = server_counts(url)
    times = asyncio.run(run(url, rounds))
    print(
        f"TUI latency (PostgreSQL, a copy of the deck): {contacts:,} contacts, "
        f"{interactions:,} interactions"
    )
    for name, values in times.items():
        report(name, values)


def server_counts(url: str) -> tuple[int, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        contacts = connection.execute(text("SELECT count(*) FROM contacts")).scalar_one()
        interactions = connection.execute(text("SELECT count(*) FROM interactions")).scalar_one()
    engine.dispose()
    return int(contacts), int(interactions)


def search_server(url: str, rounds: int) -> None:

    os.environ.setdefault("NETDECK_TODAY", "2026-11-25")
    os.environ["NETDECK_CLIPBOARD"] = "off"
    contacts, interactions = server_counts(url)
    times = asyncio.run(run(url, rounds, search_only=True))
    print(f"TUI latency (PostgreSQL): {contacts:,} contacts, {interactions:,} interactions")
    for name, values in times.items():
        report(name, values)


if __name__ == "__main__":
    main()

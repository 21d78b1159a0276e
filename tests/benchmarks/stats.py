"""How long the network health figures take (``netdeck stats``, the ``h`` screen's worker).

    .venv/bin/python tests/benchmarks/stats.py [--sizes 10000 100000] [--runs 3]
    .venv/bin/python tests/benchmarks/stats.py --db DEMO.db [--runs 3]

Builds a demo database per size (10 interactions per contact) in a temporary
folder (or uses the demo database given, a file or a PostgreSQL URL), then times
:meth:`netdeck.services.api.DeckApi.health`, as the ``h`` screen's worker and
``netdeck stats`` call it: its parts read side by side, one session per core (up
to :data:`~netdeck.services.api.HEALTH_READERS`). ``--serial`` times them on one
session. Best and median of the runs after a first, untimed one (warm caches and
connections). Prints one line per size.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import text

from netdeck.demo.fill import fill_demo_database
from netdeck.services.api import HEALTH_READERS, DeckApi
from netdeck.services.settings import load_settings
from netdeck.services.stats import network_health
from netdeck.store.database import open_database

TODAY = date(2026, 11, 25)


def time_health(path: str, runs: int, *, serial: bool = False) -> list[float]:
    database = open_database(path)
    api = DeckApi(database, lambda: TODAY)
    times = []
    try:
        for run in range(runs + 1):
            started = time.perf_counter()
            if serial:
                with database.reading() as session:
                    network_health(session, today=TODAY, settings=load_settings(session))
            else:
                api.health()
            if run:
                times.append(time.perf_counter() - started)
        with database.reading() as session:
            counts = session.execute(
                text("SELECT (SELECT count(*) FROM contacts), (SELECT count(*) FROM interactions)")
            ).one()
    finally:
        database.close()
    readers = 1 if serial else max(1, min(HEALTH_READERS, os.cpu_count() or 1))
    print(
        f"Network health: {counts[0]:>7,} contacts, {counts[1]:>9,} interactions, "
        f"{database.engine.dialect.name}, {readers} reader{'s' if readers > 1 else ''}: "
        f"best {min(times):.2f} s, median {statistics.median(times):.2f} s"
    )
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", help="time this demo database instead of making them")
    parser.add_argument("--serial", action="store_true", help="one session, no side by side")
    args = parser.parse_args()
    if args.db:
        time_health(args.db, args.runs, serial=args.serial)
        return
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = str(Path(folder) / f"demo-{size}.db")
            fill_demo_database(
                path, contacts=size, interactions_per_contact=10, seed=7, today=TODAY
            )
            time_health(path, args.runs, serial=args.serial)


if __name__ == "__main__":
    main()

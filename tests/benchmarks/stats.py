"""How long the network health figures take (``netdeck stats``, the ``h`` screen's worker).

    .venv/bin/python tests/benchmarks/stats.py [--sizes 10000 100000] [--runs 3]
    .venv/bin/python tests/benchmarks/stats.py --db DEMO.db [--runs 3]

Builds a demo database per size (10 interactions per contact) in a temporary
folder (or uses the demo database given), then times :func:`netdeck.services.stats.network_health` (best and
median of the runs, warm cache). Prints one line per size.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import text

from netdeck.demo.fill import fill_demo_database
from netdeck.services.settings import load_settings
from netdeck.services.stats import network_health
from netdeck.store.database import open_database

TODAY = date(2026, 11, 25)


def time_health(path: str, runs: int) -> list[float]:
    database = open_database(path)
    times = []
    try:
        for _ in range(runs):
            started = time.perf_counter()
            with database.reading() as session:
                network_health(session, today=TODAY, settings=load_settings(session))
            times.append(time.perf_counter() - started)
        with database.reading() as session:
            counts = session.execute(
                text("SELECT (SELECT count(*) FROM contacts), (SELECT count(*) FROM interactions)")
            ).one()
    finally:
        database.close()
    print(
        f"Network health: {counts[0]:>7,} contacts, {counts[1]:>9,} interactions: "
        f"best {min(times):.2f} s, median {statistics.median(times):.2f} s"
    )
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", help="time this demo database instead of making them")
    args = parser.parse_args()
    if args.db:
        time_health(args.db, args.runs)
        return
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = str(Path(folder) / f"demo-{size}.db")
            fill_demo_database(
                path, contacts=size, interactions_per_contact=10, seed=7, today=TODAY
            )
            time_health(path, args.runs)


if __name__ == "__main__":
    main()

"""The whole benchmark suite, on demo databases of 1,000, 10,000 and 100,000 contacts.

    .venv/bin/python tests/benchmarks/run_all.py [--sizes 1000 10000 100000] [--quick]

Builds each dataset with the real command (``netdeck demo --no-tui --contacts N``,
10 interactions per contact; the time is the demo figure), then runs, each as
its own process so one cannot warm another:

- ``queries.py``: the queue query, the queue snapshot and search pages;
- ``stats.py``: the network health figures;
- ``duplicates.py``: finding likely duplicates (the whole list, the screen's first 500);
- ``tui_latency.py``: key to next row for done, snooze, skip and undo, and
  keystroke to results when searching (pilot, in the real app);
- ``first_paint.py``: the real command in tmux against a bare Textual app
  (10,000 and 100,000 contacts);
- ``memory.py``: peak RSS of the TUI browsing every contact (the largest size);
- ``import_linkedin.py``: importing a 10,000-row ``Connections.csv``;
- ``sync_linkedin.py``: syncing a LinkedIn export of 30,000 connections and
  200,000 messages (first sync, re-sync, a later export), each the real
  command in its own process with its peak RSS (about 2.5 minutes; its own
  size, whatever ``--sizes`` says).

With ``--postgresql URL`` the queue, search, health and first-paint benchmarks also run on
each size's demo built in that PostgreSQL database, after a ``VACUUM ANALYZE`` (the
state autovacuum keeps a deck in use in; a freshly bulk-filled table has no
statistics and no visibility map yet).

Every figure is printed with its dataset size. ``--quick`` does fewer rounds.
Needs tmux (first paint, memory). These are measurements, not tests: pytest
does not collect this folder.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def run(script: str, *args: object) -> None:
    print(flush=True)
    subprocess.run([sys.executable, str(HERE / script), *map(str, args)], check=True)


def vacuum(url: str) -> None:
    sys.path.insert(0, str(HERE.parents[1]))
    from netdeck.store.database import open_database

    database = open_database(url)
    try:
        with database.engine.connect() as connection:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.exec_driver_sql("VACUUM ANALYZE")
    finally:
        database.close()


def on_postgresql(url: str, size: int, env: dict[str, str], runs: int, pairs: int) -> None:
    """The same demo on a PostgreSQL server: the queue, health and first paint."""
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "netdeck"), "--db", url, "demo", "--no-tui", "--contacts", str(size)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    vacuum(url)
    print(
        f"\n=== PostgreSQL: {size:,} contacts (netdeck demo --no-tui: "
        f"{time.perf_counter() - started:.1f} s)",
        flush=True,
    )
    run("queries.py", "--db", url, "--runs", runs)
    run("tui_latency.py", "--db", url, "--rounds", 25, "--search-only")
    run("stats.py", "--db", url, "--runs", 3)
    if size >= 10_000:
        run("first_paint.py", "--db", url, "--pairs", pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a rough look)")
    parser.add_argument(
        "--postgresql",
        metavar="URL",
        help="also run the queue, health and first-paint benchmarks on this PostgreSQL "
        "database (an empty one, or an earlier demo: each size's demo replaces it)",
    )
    args = parser.parse_args()
    rounds = {"runs": 10 if args.quick else 30, "rounds": 5 if args.quick else 15}
    pairs = 5 if args.quick else 11
    with tempfile.TemporaryDirectory() as folder:
        env = os.environ | {"NETDECK_DATA_DIR": folder, "NETDECK_TODAY": "2026-11-25"}
        for size in args.sizes:
            db = Path(folder) / f"demo-{size}.db"
            started = time.perf_counter()
            subprocess.run(
                [
                    str(BIN / "netdeck"),
                    "--db",
                    str(db),
                    "demo",
                    "--no-tui",
                    "--contacts",
                    str(size),
                ],
                check=True,
                env=env,
                stdout=subprocess.DEVNULL,
            )
            print(
                f"\n=== {size:,} contacts, {size * 10:,} interactions "
                f"(netdeck demo --no-tui: {time.perf_counter() - started:.1f} s)",
                flush=True,
            )
            run("queries.py", "--db", db, "--runs", rounds["runs"])
            run("stats.py", "--db", db, "--runs", 3)
            run("duplicates.py", "--db", db, "--runs", 3)
            run("tui_latency.py", "--db", db, "--rounds", rounds["rounds"])
            if size >= 10_000:
                run("first_paint.py", "--db", db, "--pairs", pairs)
            if size == max(args.sizes):
                run("memory.py", "--db", db)
            if args.postgresql:
                on_postgresql(args.postgresql, size, env, rounds["runs"], pairs)
        print("\n=== import", flush=True)
        run("import_linkedin.py", "--rows", 10_000, "--runs", 3 if args.quick else 7)
        print("\n=== sync", flush=True)
        run("sync_linkedin.py", "--later", "--runs", 1 if args.quick else 3)


if __name__ == "__main__":
    main()

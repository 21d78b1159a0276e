"""First paint of the real `netdeck` command against a bare Textual app, in a real terminal.

    .venv/bin/python tests/benchmarks/first_paint.py [--contacts 10000] [--pairs 15] [--db DB]

``--db`` takes a built demo deck: a file, or a PostgreSQL URL (a deck on a server:
the start-up fast path reads SQLite files only, so there it measures the normal path).

Builds a demo database (``netdeck demo --no-tui``: N contacts, 10 interactions
each), then runs interleaved pairs in tmux at 120x36: the bare app (a Header,
a DataTable with one row, a Footer) and ``netdeck --db DEMO``, timing from
``tmux new-session`` until the first row is on screen (capture-pane polled
every 5 ms). Prints the median of each and the median of the per-pair ratios.

netdeck's modules are byte-compiled first, as an installed wheel's are: with
``PYTHONDONTWRITEBYTECODE`` set, an editable install would otherwise compile
them on every start and the figure would measure the compiler.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def time_until(command: str, marker: str, *, timeout: float = 30.0) -> float:
    session = f"fp{os.getpid()}"
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    started = time.perf_counter()
    for _ in range(5):  # the tmux server may still be exiting after the last kill
        created = subprocess.run(
            ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "36", command],
            capture_output=True,
        )
        if created.returncode == 0:
            break
        time.sleep(0.2)
        started = time.perf_counter()
    else:
        raise RuntimeError(f"tmux could not start: {created.stderr.decode()}")
    try:
        while time.perf_counter() - started < timeout:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if marker in screen:
                return time.perf_counter() - started
            time.sleep(0.005)
        raise RuntimeError(f"{marker!r} never appeared for: {command}")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def _contacts_in(db: str) -> int:
    from sqlalchemy import text

    from netdeck.store.database import open_database

    database = open_database(db)
    try:
        with database.reading() as session:
            return int(session.execute(text("SELECT count(*) FROM contacts")).scalar_one())
    finally:
        database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument("--db", help="use this demo database instead of making one")
    args = parser.parse_args()
    import netdeck

    compileall.compile_dir(Path(netdeck.__file__).parent, quiet=1)

    with tempfile.TemporaryDirectory() as folder:
        env = f"env NETDECK_DATA_DIR={folder} NETDECK_TODAY=2026-11-25"
        db = args.db or str(Path(folder) / "demo.db")
        if not args.db:
            subprocess.run(
                [
                    str(BIN / "netdeck"),
                    "demo",
                    "--no-tui",
                    "--contacts",
                    str(args.contacts),
                    "--db",
                    db,
                ],
                check=True,
                env={**os.environ, "NETDECK_DATA_DIR": folder, "NETDECK_TODAY": "2026-11-25"},
            )
        bare_cmd = f"{sys.executable} {HERE / 'bare_app.py'}"
        netdeck_cmd = f"{env} {BIN / 'netdeck'} --db {shlex.quote(db)}"
        time_until(bare_cmd, "bare-app-row")  # warm the caches once
        time_until(netdeck_cmd, "late")
        bare, netdeck, ratios = [], [], []
        for _ in range(args.pairs):
            b = time_until(bare_cmd, "bare-app-row")
            n = time_until(netdeck_cmd, "late")
            bare.append(b)
            netdeck.append(n)
            ratios.append(n / b)
        contacts = _contacts_in(db)
    print(f"First paint: {contacts:,} contacts, {args.pairs} interleaved pairs")
    print(f"bare app first row:   median {statistics.median(bare) * 1000:.0f} ms")
    print(f"netdeck first row:    median {statistics.median(netdeck) * 1000:.0f} ms")
    print(f"ratio (median of pairs): {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main()

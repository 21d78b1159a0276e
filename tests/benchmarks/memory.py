"""Peak memory (RSS) of the real ``netdeck`` TUI browsing every contact.

    .venv/bin/python tests/benchmarks/memory.py --db DEMO.db [--pages 20]

Starts ``netdeck --db DEMO`` in tmux (120x36), waits for the queue, opens the
contacts screen (``c``), scrolls down ``--pages`` screens at a time with
page-down (each 200-row page is fetched as the cursor nears the end), types a
search, and prints the process's peak resident set size (``VmHWM`` from
``/proc``) with the dataset size. Linux only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def screen(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
    ).stdout


def wait_for(session: str, text: str, timeout: float = 60) -> None:
    started = time.monotonic()
    while text not in screen(session):
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"{text!r} never appeared:\n{screen(session)}")
        time.sleep(0.05)


def status(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])  # kB
    raise KeyError(field)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a demo database (it is copied, not changed)")
    parser.add_argument("--pages", type=int, default=40, help="page-downs on the contacts screen")
    args = parser.parse_args()
    session = f"mem{os.getpid()}"
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "netdeck.db"
        shutil.copy(args.db, copy)
        with sqlite3.connect(copy) as connection:
            (contacts,) = connection.execute("SELECT count(*) FROM contacts").fetchone()
        command = (
            f"exec env NETDECK_DATA_DIR={folder} NETDECK_TODAY=2026-11-25 NETDECK_CLIPBOARD=off "
            f"{BIN / 'netdeck'} --db {copy}"
        )
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "36", command],
            check=True,
        )
        try:
            pid = int(
                subprocess.run(
                    ["tmux", "list-panes", "-t", session, "-F", "#{pane_pid}"],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.split()[0]
            )
            wait_for(session, "in today's queue")
            time.sleep(1)
            at_queue = status(pid, "VmRSS")
            subprocess.run(["tmux", "send-keys", "-t", session, "c"], check=True)
            wait_for(session, "contacts")
            time.sleep(1)
            for _ in range(args.pages):
                subprocess.run(["tmux", "send-keys", "-t", session, "PageDown"], check=True)
                time.sleep(0.15)
            time.sleep(1)
            subprocess.run(["tmux", "send-keys", "-t", session, "/"], check=True)
            time.sleep(1)  # the search box has the focus before the letters arrive
            subprocess.run(["tmux", "send-keys", "-t", session, "-l", "ann"], check=True)
            time.sleep(2)
            peak = status(pid, "VmHWM")
            now = status(pid, "VmRSS")
            shown = screen(session)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    loaded = next((line for line in shown.splitlines() if " contact" in line), "")
    print(f"Memory: {contacts:,} contacts; {args.pages} page-downs on the contacts screen")
    print(f"  RSS on the queue screen   {at_queue / 1024:6.1f} MB")
    print(f"  RSS after browsing        {now / 1024:6.1f} MB")
    print(f"  peak RSS (VmHWM)          {peak / 1024:6.1f} MB")
    print(f"  screen said: {loaded.strip()}")


if __name__ == "__main__":
    main()

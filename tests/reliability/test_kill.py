"""SIGKILL at random points: the real ``netdeck`` command dies, the data survives.

Three kinds of run are killed (the whole process group, ``SIGKILL``) after a
random delay drawn from a seeded generator, so a failing kill can be replayed:

- ``netdeck import linkedin`` of a generated 3,000-row export: afterwards the
  database is either exactly as before (same row count in every table) or
  exactly what an uninterrupted import of the same file gives, never in between;
- two shell loops of ``netdeck log`` on two contacts at once: every command that
  printed ``Logged for`` has its interaction stored, once, and nothing that was
  never started is there;
- the TUI in a pseudo-terminal while keys are sent (done, skip, snooze, undo,
  moves): the contacts and their earlier history are all still there.

After every kill ``PRAGMA integrity_check`` says ``ok`` and the database opens
again through :func:`netdeck.store.database.open_database`. The default run kills
each kind a few times (:data:`QUICK`); the ``slow`` tests, run by ``.ci/run``,
do the rest (:data:`SLOW`). Each test prints how many kills it survived.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import os
import pty
import random
import shlex
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from netdeck.services.queue import todays_queue
from netdeck.services.settings import load_settings
from netdeck.store.database import open_database
from tests.conftest import TODAY
from tests.tui.conftest import add_person

#: Kills per kind in the default run and in the ``slow`` run (README quotes the sums).
QUICK = {"import": 10, "log": 8, "tui": 4}
SLOW = {"import": 30, "log": 30, "tui": 20}
EXPORT_ROWS = 3_000
#: What the user does in the TUI: done (then log it, or cancel), skip, snooze, undo, move.
TUI_ACTIONS = (b"d\r", b"d\r", b"d\x1b", b"x", b"s\r", b"u", b"u", b"j", b"k")


# ---------------------------------------------------------------- the database, checked


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
    finally:
        connection.close()


def row_counts(path: Path) -> dict[str, int]:
    """Rows in every netdeck table: equal counts, same import state."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in tables
        }
    finally:
        connection.close()


def notes(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [note for (note,) in connection.execute("SELECT note FROM interactions")]
    finally:
        connection.close()


def assert_survived(path: Path) -> None:
    """Integrity ok, and netdeck opens the database and builds today's queue from it."""
    assert integrity(path) == "ok", f"{path}: integrity_check failed"
    database = open_database(str(path))
    try:
        with database.reading() as session:
            todays_queue(session, today=TODAY, settings=load_settings(session))
    finally:
        database.close()


def copy_database(source: Path, destination: Path) -> Path:
    """A consistent copy through SQLite's backup API (WAL content included)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(destination) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return destination


# ---------------------------------------------------------------- the processes


def netdeck_environment(data_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NETDECK_")}
    env.update(
        NETDECK_DATA_DIR=str(data_dir),
        NETDECK_TODAY=TODAY.isoformat(),
        NETDECK_CLIPBOARD="off",
        TERM="xterm-256color",
    )
    return env


def kill_group(process: subprocess.Popen[bytes] | int) -> None:
    pid = process if isinstance(process, int) else process.pid
    # A group already gone had finished: a kill "after" everything.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    if isinstance(process, int):
        os.waitpid(pid, 0)
    else:
        process.wait()


def netdeck_command(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "netdeck", "--db", str(db), *args]


# ---------------------------------------------------------------- fixtures


def write_export(path: Path, rows: int) -> Path:
    """A LinkedIn ``Connections.csv`` (current layout, with the notes preamble)."""
    generator = random.Random(8)
    with path.open("w", newline="", encoding="utf-8") as file:
        file.write('Notes:\n"When exporting your connection data, ..."\n\n')
        writer = csv.writer(file)
        writer.writerow(
            [
                "First Name",
                "Last Name",
                "URL",
                "Email Address",
                "Company",
                "Position",
                "Connected On",
            ]
        )
        for index in range(rows):
            connected = date(2016, 1, 1) + timedelta(days=generator.randrange(3_900))
            writer.writerow(
                [
                    f"Pat{index}",
                    f"Quinn{index}",
                    f"https://www.linkedin.com/in/pat-quinn-{index:05d}",
                    f"pat{index}@example.com" if index % 3 else "",
                    f"Company {index % 300}",
                    "Engineer, Platform",
                    connected.strftime("%d %b %Y"),
                ]
            )
    return path


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five people, four of them due today, each with one interaction noted "seeded"."""
    path = tmp_path_factory.mktemp("kill-base") / "netdeck.db"
    database = open_database(str(path))
    try:
        for name, last in (
            ("Ada Lovelace", date(2026, 9, 1)),
            ("Grace Hopper", date(2026, 10, 1)),
            ("Alan Turing", date(2026, 10, 15)),
            ("Edsger Dijkstra", date(2026, 10, 20)),
            ("Barbara Liskov", date(2026, 11, 18)),
        ):
            add_person(
                database,
                name,
                email=f"{name.split()[0].lower()}@example.com",
                cadence="30",
                added_on=date(2026, 1, 1),
                last_talked=last,
            )
    finally:
        database.close()
    return path


# ---------------------------------------------------------------- (a) import


def kill_imports(base_db: Path, tmp_path: Path, kills: int, seed: int) -> Counter[str]:
    export = write_export(tmp_path / "Connections.csv", EXPORT_ROWS)
    data_dir = tmp_path / "data"
    env = netdeck_environment(data_dir)
    before = row_counts(base_db)

    # The uninterrupted import of the same file: the only other state allowed.
    reference = copy_database(base_db, tmp_path / "reference" / "netdeck.db")
    started = time.monotonic()
    subprocess.run(
        netdeck_command(reference, "import", "linkedin", str(export)),
        env=env,
        check=True,
        capture_output=True,
    )
    whole_run = time.monotonic() - started
    after = row_counts(reference)
    assert after["contacts"] == before["contacts"] + EXPORT_ROWS

    generator = random.Random(seed)
    phases: Counter[str] = Counter()
    for kill in range(kills):
        db = copy_database(base_db, tmp_path / f"kill-{kill}" / "netdeck.db")
        delay = generator.uniform(0.1, whole_run * 1.1)
        process = subprocess.Popen(
            netdeck_command(db, "import", "linkedin", str(export)),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        finished = process.poll() is not None
        backed_up = any((db.parent / "backups").glob("*before-import*"))
        kill_group(process)
        counts = row_counts(db)
        assert counts in (before, after), (
            f"kill {kill} (seed {seed}, after {delay:.2f}s) left a partial import: {counts}"
        )
        assert_survived(db)
        if counts == after:
            phases["finished" if finished else "after commit"] += 1
        else:
            phases["during write" if backed_up else "before write"] += 1
    print(f"\nimport: {kills} kills survived (seed {seed}): {dict(phases)}")
    return phases


def test_import_killed_is_all_or_nothing(base_db: Path, tmp_path: Path) -> None:
    phases = kill_imports(base_db, tmp_path, QUICK["import"], seed=101)
    assert sum(phases.values()) == QUICK["import"]
    # The delays spread over the whole run: some kills landed before the commit, some after.
    assert len(phases) >= 2, phases


@pytest.mark.slow
def test_import_killed_many_times(base_db: Path, tmp_path: Path) -> None:
    phases = kill_imports(base_db, tmp_path, SLOW["import"], seed=202)
    assert {"before write", "during write"} & set(phases), phases
    assert {"after commit", "finished"} & set(phases), phases


# ---------------------------------------------------------------- (b) log loop


def log_driver(db: Path, out: Path, round_name: str, contacts: tuple[int, ...]) -> str:
    """A bash script: one loop per contact, each running ``netdeck log`` over and over and
    writing a note's name to ``reported`` only once the command printed ``Logged for``."""
    python = shlex.quote(sys.executable)
    lines = ["set -u"]
    for contact in contacts:
        lines.append(
            "( i=0; while :; do i=$((i + 1)); "
            f'note="{round_name}-{contact}-$i"; '
            f'echo "$note" >> {shlex.quote(str(out / "started"))}; '
            f"result=$({python} -m netdeck --db {shlex.quote(str(db))} log {contact} "
            f'--note "$note" 2>>{shlex.quote(str(out / "stderr"))} </dev/null); '
            f'case "$result" in "Logged for #{contact} "*) '
            f'echo "$note" >> {shlex.quote(str(out / "reported"))};; '
            f'*) echo "$note $result" >> {shlex.quote(str(out / "failed"))};; esac; '
            "done ) &"
        )
    lines.append("wait")
    return "\n".join(lines)


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def kill_log_loops(base_db: Path, tmp_path: Path, kills: int, seed: int) -> int:
    generator = random.Random(seed)
    env = netdeck_environment(tmp_path / "data")
    db = copy_database(base_db, tmp_path / "netdeck.db")
    reported_total = 0
    for kill in range(kills):
        out = tmp_path / f"round-{kill}"
        out.mkdir()
        script = log_driver(db, out, f"r{kill}", (1, 2))
        delay = generator.uniform(0.5, 4.5)
        process = subprocess.Popen(
            ["bash", "-c", script],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        kill_group(process)

        assert integrity(db) == "ok", f"kill {kill} (seed {seed}, after {delay:.2f}s)"
        stored = Counter(notes(db))
        started, reported = set(read_lines(out / "started")), read_lines(out / "reported")
        mine = {note: count for note, count in stored.items() if note.startswith(f"r{kill}-")}
        missing = [note for note in reported if note not in mine]
        assert not missing, f"kill {kill} (seed {seed}): reported but not stored: {missing}"
        assert all(count == 1 for count in mine.values()), mine
        assert set(mine) <= started, set(mine) - started
        # Two writers at once: neither was ever turned away.
        assert read_lines(out / "failed") == [], read_lines(out / "failed")
        assert read_lines(out / "stderr") == [], read_lines(out / "stderr")
        reported_total += len(reported)
    assert_survived(db)
    print(
        f"\nlog loop: {kills} kills survived (seed {seed}); "
        f"{reported_total} reported interactions all stored"
    )
    return reported_total


def test_log_loop_killed_keeps_every_reported_interaction(base_db: Path, tmp_path: Path) -> None:
    assert kill_log_loops(base_db, tmp_path, QUICK["log"], seed=303) > 0


@pytest.mark.slow
def test_log_loop_killed_many_times(base_db: Path, tmp_path: Path) -> None:
    assert kill_log_loops(base_db, tmp_path, SLOW["log"], seed=404) > 0


# ---------------------------------------------------------------- (c) TUI


def start_tui(db: Path, env: dict[str, str]) -> tuple[int, int, threading.Thread]:
    """The real ``netdeck`` TUI on a 120x36 pseudo-terminal; its output is drained."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: a session leader on the new terminal
        try:
            os.execve(sys.executable, netdeck_command(db), env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))

    def drain() -> None:
        while True:
            try:
                if not os.read(fd, 65536):
                    return
            except OSError:
                return

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    return pid, fd, reader


def kill_tuis(base_db: Path, tmp_path: Path, kills: int, seed: int) -> int:
    generator = random.Random(seed)
    env = netdeck_environment(tmp_path / "data")
    db = copy_database(base_db, tmp_path / "netdeck.db")
    seeded = sorted(note for note in notes(base_db) if note == "seeded")
    keys_sent = 0
    for kill in range(kills):
        pid, fd, reader = start_tui(db, env)
        deadline = time.monotonic() + generator.uniform(1.5, 6.0)
        while time.monotonic() < deadline:
            for key in generator.choice(TUI_ACTIONS):
                time.sleep(generator.uniform(0.05, 0.3))
                os.write(fd, bytes([key]))
                keys_sent += 1
        kill_group(pid)
        os.close(fd)
        reader.join(timeout=5)

        assert_survived(db)
        assert row_counts(db)["contacts"] == 5, kill
        # Done and undo add and take back the TUI's own interactions; history stays.
        assert sorted(note for note in notes(db) if note == "seeded") == seeded, kill
    logged = len([note for note in notes(db) if note != "seeded"])
    print(
        f"\nTUI: {kills} kills survived (seed {seed}), {keys_sent} keys sent, "
        f"{logged} interactions logged by the TUI kept"
    )
    return keys_sent


def test_tui_killed_while_keys_arrive(base_db: Path, tmp_path: Path) -> None:
    assert kill_tuis(base_db, tmp_path, QUICK["tui"], seed=505) > 0


@pytest.mark.slow
def test_tui_killed_many_times(base_db: Path, tmp_path: Path) -> None:
    assert kill_tuis(base_db, tmp_path, SLOW["tui"], seed=606) > 0

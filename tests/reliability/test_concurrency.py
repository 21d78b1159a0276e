"""Two terminals at once: writers queue instead of failing, and nothing is lost.

- two CLI processes each log 50 interactions to the same contact at once: all 100
  are stored, every command exited 0 with nothing on stderr;
- ``netdeck log`` runs while a 4,000-row ``netdeck import linkedin`` is writing:
  both succeed (the log waits for the import's transaction) and both are stored;
- a writer that waits longer than the busy timeout gets one clear ``netdeck:
  error:`` line saying the database is busy, never SQLite's "database is locked";
- the TUI open while the CLI logs and adds from another process: after ``r`` the
  queue shows what the CLI did, and the TUI's own "done" at the same moment is
  kept beside the CLI's.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

from netdeck.domain.errors import StorageError
from netdeck.store import database as database_module
from netdeck.store.database import Database, open_database
from tests.conftest import TODAY
from tests.reliability.test_kill import (
    integrity,
    netdeck_command,
    netdeck_environment,
    notes,
    write_export,
)
from tests.tui.conftest import Ui, add_person, drive, stored

LOGS_PER_WRITER = 50

#: One CLI writer: the real CLI entry point, called once per interaction (each call
#: opens the database, writes one transaction and closes it, as a ``netdeck log`` does);
#: prints every call's exit code and stderr as JSON.
WRITER = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from netdeck.cli import main
    db, contact, prefix, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    results = []
    for index in range(count):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--db", db, "log", contact, "--note", f"{prefix}-{index}"])
        results.append([code, out.getvalue(), err.getvalue()])
    print(json.dumps(results))
    """
)


@pytest.fixture
def people(database: Database) -> dict[str, int]:
    """Two people due today (Ada most overdue, first in the queue) and one due in December."""
    ids = {
        "ada": add_person(database, "Ada Lovelace", cadence="30", last_talked=date(2026, 9, 1)),
        "alan": add_person(database, "Alan Turing", cadence="30", last_talked=date(2026, 10, 15)),
        "barbara": add_person(
            database, "Barbara Liskov", cadence="30", last_talked=date(2026, 11, 18)
        ),
    }
    return ids


def test_two_cli_writers_at_once_lose_nothing(
    database: Database, db_path: Path, people: dict[str, int], tmp_path: Path
) -> None:
    env = netdeck_environment(tmp_path / "data")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path), str(people["ada"]), name, "50"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    outcomes = [writer.communicate(timeout=240) for writer in writers]
    for (stdout, stderr), writer in zip(outcomes, writers, strict=True):
        assert (writer.returncode, stderr) == (0, ""), stderr
        for code, printed, complaint in json.loads(stdout):
            assert (code, complaint) == (0, ""), complaint
            assert printed.startswith(f"Logged for #{people['ada']} Ada Lovelace"), printed
    logged = [note for note in notes(db_path) if note != "seeded"]
    assert sorted(logged) == sorted(
        f"{name}-{index}" for name in ("first", "second") for index in range(LOGS_PER_WRITER)
    )
    assert stored(database, people["ada"]).last_interaction_on == TODAY
    assert integrity(db_path) == "ok"


def test_log_waits_for_a_running_import(
    database: Database, db_path: Path, people: dict[str, int], tmp_path: Path
) -> None:
    export = write_export(tmp_path / "Connections.csv", 4_000)
    env = netdeck_environment(tmp_path / "data")
    importing = subprocess.Popen(
        netdeck_command(db_path, "import", "linkedin", str(export)),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # The backup comes just before the import's write transaction: log from then on.
    backups = db_path.parent / "backups"
    deadline = time.monotonic() + 120
    while not any(backups.glob("*before-import*")) and importing.poll() is None:
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.02)
    logs = [
        subprocess.Popen(
            netdeck_command(db_path, "log", str(people[name]), "--note", f"during import {name}"),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("ada", "alan")
    ]
    imported_out, imported_err = importing.communicate(timeout=240)
    assert (importing.returncode, imported_err) == (0, ""), imported_err
    assert "4000 added" in imported_out, imported_out
    for log in logs:
        out, err = log.communicate(timeout=120)
        assert (log.returncode, err) == (0, ""), err
        assert out.startswith("Logged for #"), out
    assert sorted(note for note in notes(db_path) if note.startswith("during")) == [
        "during import ada",
        "during import alan",
    ]
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("SELECT count(*) FROM contacts").fetchone() == (4_003,)
    finally:
        connection.close()
    assert integrity(db_path) == "ok"


def test_a_writer_kept_waiting_too_long_is_told_the_database_is_busy(
    database: Database, db_path: Path, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 300)
    before = stored(database, people["ada"])
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program's long write
    waiting = open_database(str(db_path))
    try:
        with pytest.raises(StorageError) as raised, waiting.writing() as session:
            from netdeck.services.contacts import get_contact
            from netdeck.services.schedule import log_interaction
            from netdeck.services.settings import load_settings

            log_interaction(
                session,
                get_contact(session, people["ada"]),
                today=TODAY,
                settings=load_settings(session),
                note="too late",
            )
    finally:
        waiting.close()
        holder.execute("ROLLBACK")
        holder.close()
    message = str(raised.value)
    assert "is busy" in message and "nothing was saved" in message, message
    assert "locked" not in message, message
    assert stored(database, people["ada"]) == before


def test_cli_waiting_too_long_prints_one_clear_line(
    database: Database, db_path: Path, people: dict[str, int], tmp_path: Path
) -> None:
    """The same through the real command, with the lock held past its 15 s wait would be
    slow; so the CLI runs in-process with a short timeout, as ``main`` does for a user."""
    import contextlib
    import io

    from netdeck.cli import main

    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    err = io.StringIO()
    try:
        with (
            pytest.MonkeyPatch.context() as patch,
            contextlib.redirect_stderr(err),
            contextlib.redirect_stdout(io.StringIO()),
        ):
            patch.setattr(database_module, "BUSY_TIMEOUT_MS", 300)
            code = main(["--db", str(db_path), "log", str(people["ada"]), "--note", "x"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1
    lines = err.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("netdeck: error: "), lines
    assert "busy" in lines[0] and "locked" not in lines[0], lines
    assert "x" not in notes(db_path)


def test_tui_shows_what_another_terminal_wrote_after_refresh(
    database: Database, db_path: Path, people: dict[str, int], tmp_path: Path
) -> None:
    env = netdeck_environment(tmp_path / "data")

    async def scenario(ui: Ui) -> None:
        assert ui.queue_ids()[:2] == [people["ada"], people["alan"]]
        # Another terminal logs Alan and adds someone new, due today.
        for args in (
            ("log", str(people["alan"]), "--note", "from the other terminal"),
            ("add", "Zed Newman"),
        ):
            done = subprocess.run(
                netdeck_command(db_path, *args), env=env, capture_output=True, text=True
            )
            assert (done.returncode, done.stderr) == (0, ""), done.stderr
        await ui.press("r")
        shown = ui.queue_ids()
        assert people["alan"] not in shown
        assert "Zed Newman" in ui.text()
        # And both terminals write at the same moment: the TUI's "done" on Ada while
        # the CLI logs Barbara.
        other = subprocess.Popen(
            netdeck_command(db_path, "log", str(people["barbara"]), "--note", "cli, same time"),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        await ui.press("d")
        await ui.press("enter")
        out, err = other.communicate(timeout=120)
        assert (other.returncode, err) == (0, ""), err
        assert out.startswith(f"Logged for #{people['barbara']} Barbara Liskov"), out
        await ui.press("r")
        assert people["ada"] not in ui.queue_ids()
        assert not [n for n in ui.notifications() if "busy" in n or "locked" in n]

    drive(db_path, scenario)
    assert stored(database, people["ada"]).last_interaction_on == TODAY
    assert [i.note for i in stored(database, people["alan"]).interactions] == [
        "seeded",
        "from the other terminal",
    ]
    assert [i.note for i in stored(database, people["barbara"]).interactions] == [
        "seeded",
        "cli, same time",
    ]


def test_opening_the_database_twice_in_one_process_keeps_the_other_terminals_safe(
    database: Database, db_path: Path, people: dict[str, int], tmp_path: Path
) -> None:
    """A second open of a file this process already has open (the TUI reopening, a
    test's fixture beside the app) must not drop the first one's locks: another
    netdeck closing would then checkpoint and delete the WAL under it."""
    stored(database, people["ada"])  # the first engine now holds a connection
    open_database(str(db_path)).close()
    logged = subprocess.run(
        netdeck_command(db_path, "log", str(people["alan"]), "--note", "other terminal"),
        env=netdeck_environment(tmp_path / "data"),
        capture_output=True,
        text=True,
    )
    assert (logged.returncode, logged.stderr) == (0, ""), logged.stderr
    add_person(database, "Written After", cadence="30")
    assert integrity(db_path) == "ok"
    assert {"other terminal", "seeded"} <= set(notes(db_path))
    assert stored(database, people["alan"]).interactions[-1].note == "other terminal"

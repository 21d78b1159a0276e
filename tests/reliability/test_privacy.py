"""Privacy: netdeck's files are the user's alone, nothing goes over the network,
and no message body lands anywhere but the database and the exports asked for.

tests/cli/test_storage.py checks the data dir (0700) and a new database (0600),
tests/cli/test_upgrade.py the upgrade backups, tests/cli/test_export.py the CSV
and vCard exports and ``netdeck backup``; this adds the WAL and SHM files while
the database is open, every export format and backup under a permissive umask,
and a guard that fails any network use.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from netdeck.store.database import open_database
from tests.cli.conftest import Netdeck, succeeded

SECRET = "the-secret-message-body-7f3a"

#: Run the CLI with every way of reaching the network made to fail loudly.
GUARDED_CLI = """
import socket, sys
def refuse(*args, **kwargs):
    sys.stderr.write("NETWORK USED\\n")
    raise SystemExit(99)
for name in ("connect", "connect_ex", "sendto", "sendmsg"):
    setattr(socket.socket, name, refuse)
socket.create_connection = socket.getaddrinfo = socket.gethostbyname = refuse
from netdeck.cli import main
sys.exit(main(sys.argv[1:]))
"""


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def guarded(netdeck: Netdeck, home: Path, *args: str) -> str:
    """``netdeck ARGS`` in a subprocess that may not touch the network; its stdout."""
    env = netdeck.environment(
        {"HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "XDG_STATE_HOME": str(home)}
    )
    command = [sys.executable, "-c", GUARDED_CLI]
    if netdeck.db is not None:
        command += ["--db", str(netdeck.db)]
    done = subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=home,
        timeout=120,
        check=False,
        input="",
    )
    assert "NETWORK USED" not in done.stderr, f"netdeck {' '.join(args)} used the network"
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return done.stdout


def test_wal_and_shm_files_are_private_while_the_database_is_open(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        database = open_database(str(tmp_path / "data" / "netdeck.db"))
        try:
            with database.writing() as session:
                session.execute(text("INSERT INTO settings (key, value) VALUES ('probe', 'x')"))
            with database.reading() as session:
                session.execute(text("SELECT 1"))
                path = tmp_path / "data" / "netdeck.db"
                wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
                assert wal.exists() and shm.exists()
                assert (mode(path.parent), mode(path), mode(wal), mode(shm)) == (
                    0o700,
                    0o600,
                    0o600,
                    0o600,
                )
        finally:
            database.close()
    finally:
        os.umask(old)


def test_nothing_goes_over_the_network_and_no_body_is_left_behind(tmp_path: Path) -> None:
    """A day of use, with every socket refused: demo, queue, add, log a message,
    draft, export in every format, back up, import. Afterwards the message body is
    in the database and the exports asked for, and in no other file."""
    home = tmp_path / "home"
    home.mkdir()
    data = tmp_path / "data"
    netdeck = Netdeck(data, data / "netdeck.db")
    old = os.umask(0o022)
    try:
        guarded(netdeck, home, "demo", "--no-tui", "--contacts", "20", "--seed", "3")
        guarded(netdeck, home, "queue", "--json")
        guarded(netdeck, home, "add", "Pat Private", "--email", "pat@example.com")
        guarded(netdeck, home, "log", "Pat Private", "--note", SECRET)
        guarded(netdeck, home, "draft", "Pat Private", "--json")
        exports = tmp_path / "exports"
        exports.mkdir()
        for kind in ("csv", "vcard", "json"):
            guarded(netdeck, home, "export", kind, "-o", str(exports / f"deck.{kind}"))
        backup = exports / "copy.db"
        guarded(netdeck, home, "backup", "-o", str(backup))
        guarded(netdeck, home, "backup")
        guarded(netdeck, home, "import", "csv", str(exports / "deck.csv"))
    finally:
        os.umask(old)

    written = sorted(p for p in exports.iterdir())
    assert {mode(p) for p in written} == {0o600}, [(p.name, oct(mode(p))) for p in written]
    backups = sorted((data / "backups").iterdir())
    assert backups, "import and backup each keep a copy"
    assert {mode(p) for p in backups} == {0o600}
    assert (mode(data), mode(data / "backups")) == (0o700, 0o700)
    assert mode(data / "netdeck.db") == 0o600

    # The body is where the user put it (the database, the JSON export, copies of the
    # database) and nowhere else: no log, cache or history file holds it.
    holders = {
        p.relative_to(tmp_path).as_posix()
        for p in tmp_path.rglob("*")
        if p.is_file() and SECRET.encode() in p.read_bytes()
    }
    expected = {"data/netdeck.db", "exports/deck.json", "exports/copy.db"}
    assert expected <= holders
    stray = {
        h
        for h in holders - expected
        if not (h.startswith("data/backups/") and h.endswith(".db"))
        and not h.startswith("data/netdeck.db-")
    }
    assert stray == set(), f"the message body was written to {stray}"
    assert not any(home.rglob("*")), "netdeck wrote into $HOME"


def test_the_demo_database_and_its_folder_are_private_under_a_permissive_umask(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    old = os.umask(0o000)
    try:
        succeeded(Netdeck(data, data / "demo.db").in_process("demo", "--no-tui", "--contacts", "5"))
    finally:
        os.umask(old)
    assert (mode(data), mode(data / "demo.db")) == (0o700, 0o600)

"""A database netdeck cannot write: a read-only file or folder, a full disk.

Each ends in one clear ``netdeck: error:`` line naming the file and what to
do, exit 1, and the data exactly as before (nothing half-written); in the TUI
a notification, with the typed text still in the form.

How the failure is made, so the real SQLite error reaches netdeck's code:

- read-only: ``chmod a-w`` for a normal user; as root (which ignores file
  modes) ``chattr +i`` (immutable), skipped when ``chattr`` is unavailable;
- full disk: a 1 MiB tmpfs mounted for the test and filled up (root only,
  skipped elsewhere), and everywhere SQLite's own ``PRAGMA max_page_count``
  pinned to the file's current size, which fails a growing write with the
  same ``SQLITE_FULL`` ("database or disk is full") a full disk gives.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from netdeck.store import database as database_module
from netdeck.tui.screens.contact import ContactScreen
from netdeck.tui.screens.modals import LogModal
from tests.cli.conftest import (
    Netdeck,
    assert_user_error,
    copy_database,
    database_dump,
    run_all,
    succeeded,
)
from tests.tui.conftest import add_person, drive, stored

LONG_NOTE = "a long note that needs new pages " * 3_000  # ~100 KB


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` (a file or folder) cannot be written, even by root; restored afterwards."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode & 0o777
        path.chmod(mode & ~0o222)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a file read-only")
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"chattr +i not supported here: {made.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@contextmanager
def small_filesystem(folder: Path, size: str = "1m") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on ``folder`` (root only; skipped elsewhere)."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, leave: int) -> Path:
    """Fill the filesystem holding ``folder``, then free ``leave`` bytes again."""
    filler = folder / "filler"
    chunk = b"\0" * 4096
    fd = os.open(filler, os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        with suppress(OSError):
            while os.write(fd, chunk):
                pass
    finally:
        os.close(fd)
    size = filler.stat().st_size
    with filler.open("r+b") as handle:
        handle.truncate(max(0, size - leave))
    return filler


# ---------------------------------------------------------------- read-only


@pytest.mark.parametrize(
    "args",
    [
        ("add", "Zed New"),
        ("edit", "Ann Lee", "--notes", "new notes"),
        ("log", "Ann Lee", "--note", "coffee"),
        ("settings", "default-cadence", "21"),
    ],
    ids=["add", "edit", "log", "settings"],
)
def test_a_read_only_database_file_refuses_writes_clearly(
    populated: Netdeck, args: tuple[str, ...]
) -> None:
    database = populated.db
    assert database is not None
    before = database_dump(database)
    with read_only(database):
        error = assert_user_error(populated(*args), str(database), "read-only", "nothing was saved")
        assert "writable" in error
        # Reading still works.
        assert "Ann Lee" in [row["name"] for row in populated.json("list")]
    assert database_dump(database) == before
    assert integrity(database) == "ok"


def test_a_read_only_data_folder_refuses_writes_clearly(populated: Netdeck) -> None:
    """SQLite needs the folder too (for the -wal and -shm files): say so."""
    database = populated.db
    assert database is not None
    before = database_dump(database)
    with read_only(database.parent):
        result = populated("add", "Zed New")
        assert_user_error(result, str(database), "nothing was saved", "folder")
    assert database_dump(database) == before
    assert integrity(database) == "ok"


#: What a user reads from a deck: each must work in a folder netdeck cannot write.
READS = {
    "queue": ("queue", "--json"),
    "show": ("show", "Ann Lee", "--json"),
    "list": ("list", "--json"),
    "stats": ("stats", "--json"),
    "export json": ("export", "json"),
    "export csv": ("export", "csv"),
    "export vcard": ("export", "vcard"),
}


def test_a_database_in_a_read_only_folder_can_still_be_read_and_exported(
    populated: Netdeck,
) -> None:
    """SQLite cannot create its -wal and -shm files there: netdeck reads read-only."""
    database = populated.db
    assert database is not None
    reads = [lambda args=args: populated(*args) for args in READS.values()]
    expected = [succeeded(result).stdout for result in run_all(reads)]
    before = database_dump(database)
    files = sorted(p.name for p in database.parent.iterdir())
    with read_only(database.parent):
        for name, result, before_stdout in zip(READS, run_all(reads), expected, strict=True):
            assert succeeded(result).stdout == before_stdout, name
        # Writes are refused, in one line saying why.
        assert_user_error(
            populated("log", "Ann Lee", "--note", "coffee"),
            str(database),
            "read-only",
            f"its folder {database.parent} cannot be written",
            "nothing was saved",
        )
        assert sorted(p.name for p in database.parent.iterdir()) == files
    assert database_dump(database) == before
    assert integrity(database) == "ok"


def test_a_database_in_a_read_only_folder_that_needs_upgrading_is_refused(
    populated: Netdeck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.cli.test_upgrade import use_next_revision

    database = populated.db
    assert database is not None
    before = database_dump(database)
    use_next_revision(tmp_path / "next", monkeypatch)
    with read_only(database.parent):
        assert_user_error(
            populated.in_process("list"),
            str(database),
            "needs upgrading",
            "cannot be written",
            "make its folder writable",
        )
    assert database_dump(database) == before


def test_the_tui_reads_a_database_in_a_read_only_folder_and_says_why_it_cannot_save(
    db_path: Path, database
) -> None:
    ada = add_person(database, "Ada Lovelace", email="ada@example.com")
    before = stored(database, ada)
    database.close()

    async def scenario(ui) -> None:
        assert ui.queue_ids() == [ada]
        await ui.press("d")
        assert isinstance(ui.screen, LogModal)
        await ui.press("enter")
        errors = [n.message for n in ui.notified if n.severity == "error"]
        assert errors and "read-only" in errors[-1] and str(db_path.parent) in errors[-1]
        assert ui.queue_ids() == [ada], "the queue shows the truth: nothing was saved"

    with read_only(db_path.parent):
        drive(db_path, scenario)
    from netdeck.store.database import open_database

    again = open_database(str(db_path))
    try:
        assert stored(again, ada) == before
    finally:
        again.close()


def test_no_database_can_be_created_in_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only(folder):
        result = Netdeck(tmp_path / "data", folder / "netdeck.db")("add", "Ann Lee")
        assert_user_error(result, str(folder / "netdeck.db"), "cannot create")
    assert list(folder.iterdir()) == []


# ---------------------------------------------------------------- full disk


def test_a_full_disk_refuses_the_write_and_keeps_the_data(
    tmp_path: Path, populated_template: Path
) -> None:
    """A real full filesystem: a 1 MiB tmpfs holding the database, filled up."""
    with small_filesystem(tmp_path / "small") as small:
        database = copy_database(populated_template, small / "netdeck.db")
        netdeck = Netdeck(tmp_path / "data", database)
        before = database_dump(database)
        filler = fill(small, leave=16 * 1024)

        result = netdeck("edit", "Ann Lee", "--notes", LONG_NOTE)
        # SQLite reports "database or disk is full" or, when the -shm file cannot grow,
        # "disk I/O error": either way the message names the file and a full disk.
        assert_user_error(result, str(database), "full", "nothing was saved")

        filler.unlink()
        assert database_dump(database) == before
        assert integrity(database) == "ok"
        # With room again, the same edit works.
        netdeck.ok("edit", "Ann Lee", "--notes", LONG_NOTE)
        assert netdeck.json("show", "Ann Lee")["notes"] == LONG_NOTE.strip()


@pytest.fixture
def disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every new connection may not grow its database file (SQLITE_FULL on growth)."""
    configure = database_module._configure_sqlite_connection

    def no_room(dbapi_connection, record) -> None:
        configure(dbapi_connection, record)
        # Below the current size SQLite pins it at the current size.
        dbapi_connection.execute("PRAGMA max_page_count = 1")

    monkeypatch.setattr(database_module, "_configure_sqlite_connection", no_room)


def test_a_database_that_cannot_grow_refuses_the_write_and_keeps_the_data(
    populated: Netdeck, disk_full: None
) -> None:
    database = populated.db
    assert database is not None
    before = database_dump(database)
    result = populated.in_process("edit", "Ann Lee", "--notes", LONG_NOTE)
    assert_user_error(result, str(database), "full", "nothing was saved")
    assert database_dump(database) == before
    assert integrity(database) == "ok"


def test_the_tui_keeps_the_typed_text_when_the_save_fails(
    db_path: Path, database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ada = add_person(database, "Ada Lovelace", company="Analytical Engines", cadence="30")
    before = stored(database, ada)
    database.close()

    configure = database_module._configure_sqlite_connection
    full = {"on": False}

    def maybe_full(dbapi_connection, record) -> None:
        configure(dbapi_connection, record)
        if full["on"]:
            dbapi_connection.execute("PRAGMA max_page_count = 1")

    monkeypatch.setattr(database_module, "_configure_sqlite_connection", maybe_full)

    async def scenario(ui) -> None:
        await ui.press("e")
        assert isinstance(ui.screen, ContactScreen)
        # The disk fills up while the form is open; the app's pooled connections go too.
        full["on"] = True
        ui.app.deck().database.engine.dispose()
        await ui.focus("#f-company")
        await ui.clear()
        await ui.paste("Babbage & Co")
        notes = ui.screen.query_one("#f-notes", TextArea)
        notes.focus()
        notes.load_text(LONG_NOTE)
        await ui.settle()
        await ui.press("ctrl+s")
        assert isinstance(ui.screen, ContactScreen), "a failed save must not close the form"
        assert ui.notified[-1].severity == "error"
        assert "full" in ui.notified[-1].message and str(db_path) in ui.notified[-1].message
        assert ui.screen.query_one("#f-company", Input).value == "Babbage & Co"
        assert ui.screen.query_one("#f-notes", TextArea).text == LONG_NOTE

    drive(db_path, scenario)
    monkeypatch.undo()
    from netdeck.store.database import open_database

    again = open_database(str(db_path))
    try:
        assert stored(again, ada) == before
    finally:
        again.close()
    assert integrity(db_path) == "ok"

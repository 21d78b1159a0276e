"""Database files netdeck must not damage: truncated ones, unreadable ones, and a
migration that fails halfway.

Corrupt files (text, random bytes, a damaged header), databases from a newer
netdeck and SQLite files of other apps are covered in tests/cli/test_storage.py,
the backup before an upgrade in tests/cli/test_upgrade.py. netdeck has no
settings file: settings live in the database, so a damaged database covers them.
"""

from __future__ import annotations

import hashlib
import os
import socket
from pathlib import Path
from textwrap import dedent

import pytest

from netdeck.store import revision
from tests.cli.conftest import (
    Netdeck,
    assert_user_error,
    copy_database,
    database_dump,
    query,
    run_all,
    siblings,
)
from tests.cli.test_upgrade import NEXT, use_next_revision

HEAD = revision.HEAD_REVISION


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Where a copy of a real netdeck database is cut off: inside the header, after
#: the first page (the schema intact, the tables gone), halfway, one page short.
CUTS = {"header": 50, "first page": 4096, "half": 0.5, "one page short": -4096}


@pytest.mark.parametrize("cut", CUTS.values(), ids=CUTS.keys())
@pytest.mark.parametrize("args", [("list",), ("add", "Zed New"), ()], ids=["list", "add", "tui"])
def test_a_truncated_database_is_refused_untouched(
    tmp_path: Path, populated_template: Path, cut: float, args: tuple[str, ...]
) -> None:
    whole = populated_template.read_bytes()
    size = int(len(whole) * cut) if isinstance(cut, float) else cut % len(whole)
    database = tmp_path / "netdeck.db"
    database.write_bytes(whole[:size])
    before = digest(database)

    result = Netdeck(tmp_path / "data", database)(*args)
    error = assert_user_error(result, str(database))
    assert "damaged" in error or "not a SQLite database" in error
    assert digest(database) == before
    assert siblings(database) == []
    assert not (tmp_path / "backups").exists()


def test_an_unreadable_database_is_refused_untouched(
    tmp_path: Path, populated_template: Path
) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file whatever its mode")
    database = copy_database(populated_template, tmp_path / "netdeck.db")
    before = digest(database)
    database.chmod(0o000)
    try:
        result = Netdeck(tmp_path / "data", database)("list")
        assert_user_error(result, str(database), "cannot read", "permissions")
    finally:
        database.chmod(0o600)
    assert digest(database) == before
    assert siblings(database) == []


def test_a_folder_given_as_the_database_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "netdeck.db"
    folder.mkdir()
    result = Netdeck(tmp_path / "data", folder)("list")
    assert_user_error(result, str(folder), "is a directory")
    assert list(folder.iterdir()) == []


def _fifo(folder: Path) -> Path:
    path = folder / "netdeck.db"
    os.mkfifo(path)
    return path


def _socket(folder: Path) -> Path:
    path = folder / "netdeck.db"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    listener.close()  # the socket file stays
    return path


def _device(folder: Path) -> Path:
    path = folder / "netdeck.db"
    path.symlink_to("/dev/zero")  # --db /dev/zero, by another name
    return path


#: Files that are not regular files: opening a FIFO for reading waits for a writer.
SPECIAL_FILES = {
    "fifo": (_fifo, "a named pipe (FIFO)"),
    "socket": (_socket, "a socket"),
    "device": (_device, "a character device"),
}


@pytest.mark.parametrize("make", SPECIAL_FILES.values(), ids=SPECIAL_FILES.keys())
def test_a_fifo_socket_or_device_given_as_the_database_is_refused_at_once(
    tmp_path: Path, make
) -> None:
    create, kind = make
    folder = tmp_path / "folder"
    folder.mkdir()
    database = create(folder)
    netdeck = Netdeck(tmp_path / "data", database)
    # A real process each (a hang would be caught by the run's timeout): list, a write, the TUI.
    runs = run_all([lambda args=args: netdeck(*args) for args in (("list",), ("add", "Zed"), ())])
    for result in runs:
        assert_user_error(result, str(database), kind, "not a database file")
    assert sorted(p.name for p in folder.iterdir()) == ["netdeck.db"]


# ---------------------------------------------------------------- damaged pages


def damage_page_of(database: Path, name: str) -> None:
    """Overwrite the root page of table or index ``name`` with garbage (a bad disk sector)."""
    (root,) = query(database, "SELECT rootpage FROM sqlite_master WHERE name = ?", (name,))[0]
    (page_size,) = query(database, "PRAGMA page_size")[0]
    with database.open("r+b") as handle:
        handle.seek(page_size * (root - 1))
        handle.write(b"\x0d" + b"\xff" * (page_size - 1))


@pytest.fixture
def damaged(tmp_path: Path, populated_template: Path) -> Path:
    """The populated deck with one index page of ``interactions`` destroyed: SQLite
    reads contacts from it happily, and would write new contacts into it too."""
    database = copy_database(populated_template, tmp_path / "netdeck.db")
    damage_page_of(database, "ix_interactions_snippet_id")
    return database


WRITES = {
    "add": ("add", "Zed New"),
    "edit": ("edit", "Ann Lee", "--notes", "new"),
    "log": ("log", "Ann Lee", "--note", "coffee"),
    "settings": ("settings", "default-cadence", "21"),
    "import": ("import", "csv", "CSV"),
}


@pytest.mark.parametrize("args", WRITES.values(), ids=WRITES.keys())
def test_a_database_with_damaged_pages_is_not_written_to(
    damaged: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    before = digest(damaged)
    csv = tmp_path / "people.csv"
    csv.write_text("Name,Email\nBo Bee,bo@example.com\n", encoding="utf-8")
    args = tuple(str(csv) if arg == "CSV" else arg for arg in args)
    netdeck = Netdeck(tmp_path / "data", damaged)

    result = netdeck.in_process(*args)
    assert_user_error(
        result,
        str(damaged),
        "is damaged",
        "nothing was saved",
        f"copy the newest backup from {tmp_path / 'backups'}",
        "import json",
    )
    assert digest(damaged) == before
    # No backup of a damaged file either: it would push a good one out of the rotation.
    assert not (tmp_path / "backups").exists()
    # Reading what can still be read works, to get the data out.
    assert "Ann Lee" in [row["name"] for row in netdeck.look("list")]


def test_a_damaged_database_is_not_upgraded(
    damaged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = digest(damaged)
    use_next_revision(tmp_path / "next", monkeypatch)
    result = Netdeck(tmp_path / "data", damaged).in_process("list")
    assert_user_error(result, str(damaged), "is damaged", "nothing was saved")
    assert digest(damaged) == before
    assert not (tmp_path / "backups").exists()


def test_a_read_that_meets_a_damaged_page_says_how_to_recover(
    damaged: Path, tmp_path: Path
) -> None:
    damage_page_of(damaged, "contacts")
    result = Netdeck(tmp_path / "data", damaged).in_process("list")
    assert_user_error(result, str(damaged), "is damaged", "backups", "import json")


# ---------------------------------------------------------------- a migration that fails

BROKEN_REVISION = dedent(
    f'''
    """Adds a column, copies data, then fails (a bug, a full disk...).

    Revision ID: {NEXT}
    Revises: {HEAD}
    """

    import sqlalchemy as sa
    from alembic import op

    revision = "{NEXT}"
    down_revision = "{HEAD}"
    branch_labels = None
    depends_on = None


    def upgrade() -> None:
        with op.batch_alter_table("contacts") as batch_op:
            batch_op.add_column(sa.Column("pronouns", sa.Text(), nullable=True))
        op.execute("UPDATE contacts SET pronouns = full_name, notes = 'half-migrated'")
        op.execute("DELETE FROM interactions")
        raise RuntimeError("the migration broke halfway")


    def downgrade() -> None:
        pass
    '''
)


def test_a_failed_migration_leaves_the_database_as_it_was(
    tmp_path: Path, populated_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = copy_database(populated_template, tmp_path / "netdeck.db")
    before = database_dump(database)
    use_next_revision(tmp_path / "next", monkeypatch, BROKEN_REVISION)
    netdeck = Netdeck(tmp_path / "data", database)

    result = netdeck.in_process("add", "Zed New")
    error = assert_user_error(result, str(database), HEAD, NEXT, "unchanged", "backups")
    assert "the migration broke halfway" in error

    assert database_dump(database) == before
    assert query(database, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    backups = sorted((tmp_path / "backups").iterdir())
    assert [b.name.endswith(f"-before-upgrade-from-{HEAD}.db") for b in backups] == [True]
    assert database_dump(backups[0]) == before
    assert str(backups[0].parent) in error

"""Where the database lives, how it is created, and which files netdeck refuses to touch."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest

from netdeck.store.revision import HEAD_REVISION
from tests.cli.conftest import (
    Netdeck,
    assert_user_error,
    copy_database,
    query,
    run_all,
    siblings,
)

NETDECK_TABLES = {
    "alembic_version",
    "contacts",
    "channels",
    "interactions",
    "role_changes",
    "import_marks",
    "snippets",
    "tags",
    "contact_tags",
    "settings",
    "cleared_days",
    "key_dates",
    "not_duplicates",
    "contact_events",
    "deck_users",
    "claims",
    # The search index (migration 0015): FTS5's table, its shadow tables and term list.
    "contacts_search",
    "contacts_search_data",
    "contacts_search_idx",
    "contacts_search_config",
    "contacts_search_terms",
    "mail_folders",
    "mail_status",
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_new_database_is_created_private_and_migrated_from_empty(tmp_path: Path) -> None:
    data_dir = tmp_path / "home" / "netdeck"
    netdeck = Netdeck(data_dir)
    assert netdeck.ok("queue", "--json").stdout == "[]\n"

    database = data_dir / "netdeck.db"
    assert sorted(p.name for p in data_dir.iterdir()) == ["netdeck.db"]
    assert (mode(data_dir), mode(database)) == (0o700, 0o600)
    tables = {
        row[0] for row in query(database, "SELECT name FROM sqlite_master WHERE type='table'")
    }
    assert tables == NETDECK_TABLES
    assert query(database, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]


def test_an_empty_file_is_taken_as_a_new_database(tmp_path: Path) -> None:
    database = tmp_path / "touched.db"
    database.touch()
    netdeck = Netdeck(tmp_path / "data", database)
    assert netdeck.json("add", "Ann Lee")["id"] == 1
    assert query(database, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]


def test_the_database_can_be_named_by_option_or_environment(tmp_path: Path) -> None:
    netdeck = Netdeck(tmp_path / "data")
    from_env = tmp_path / "from-env.db"
    netdeck.ok("add", "Env Person", use_db=False, env={"NETDECK_DB": str(from_env)})
    # The option may follow the command, and the path may hold URL syntax (?, #, %, spaces).
    odd = tmp_path / "odd #1?x=%20" / "my db.db"
    odd.parent.mkdir()
    netdeck.ok("add", "Odd Person", "--db", str(odd), use_db=False)

    assert query(from_env, "SELECT full_name FROM contacts") == [("Env Person",)]
    assert query(odd, "SELECT full_name FROM contacts") == [("Odd Person",)]
    assert sorted(p.name for p in odd.parent.iterdir()) == ["my db.db"]
    assert mode(odd) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["from-env.db", "odd #1?x=%20"]


# ---------------------------------------------------------------- files netdeck must not touch

NOT_SQLITE = {
    "text": b"my notes about people\nnot a database\n",
    "random bytes": random.Random(7).randbytes(8192),
    "damaged SQLite": b"SQLite format 3\x00" + random.Random(8).randbytes(4080),
}


@pytest.mark.parametrize("content", NOT_SQLITE.values(), ids=NOT_SQLITE.keys())
def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    database = tmp_path / "netdeck.db"
    database.write_bytes(content)
    database.chmod(0o644)
    before = digest(database)

    error = assert_user_error(Netdeck(tmp_path / "data", database)("add", "Ann Lee"), str(database))
    assert "not a SQLite database" in error
    assert digest(database) == before
    assert mode(database) == 0o644
    assert siblings(database) == []


@pytest.fixture
def future_database(tmp_path: Path, populated_template: Path) -> Path:
    """A netdeck database that a later version has migrated to revision 9999."""
    database = copy_database(populated_template, tmp_path / "netdeck.db")
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    assert siblings(database) == []
    return database


@pytest.mark.parametrize("args", [("list",), ("add", "Ann Lee"), ()], ids=["list", "add", "tui"])
def test_a_database_from_a_newer_netdeck_is_refused_untouched(
    future_database: Path, args: tuple[str, ...]
) -> None:
    before = digest(future_database)
    result = Netdeck(future_database.parent / "data", future_database)(*args)
    error = assert_user_error(result, str(future_database), "newer netdeck", "9999")
    assert "upgrade netdeck" in error
    assert digest(future_database) == before
    assert siblings(future_database) == []
    assert not (future_database.parent / "backups").exists()


FOREIGN_SQLITE = {
    "rollback journal": "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hi');",
    "WAL": "PRAGMA journal_mode = WAL; CREATE TABLE notes (body TEXT);",
    "empty alembic_version": "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);",
}


@pytest.mark.parametrize("schema", FOREIGN_SQLITE.values(), ids=FOREIGN_SQLITE.keys())
def test_a_sqlite_database_without_netdeck_tables_is_refused_untouched(
    tmp_path: Path, schema: str
) -> None:
    database = tmp_path / "other-app.db"
    connection = sqlite3.connect(database)
    connection.executescript(schema)
    connection.close()
    assert siblings(database) == []
    before = digest(database)

    result = Netdeck(tmp_path / "data", database)("list")
    assert_user_error(result, str(database), "not a netdeck one")
    assert digest(database) == before
    assert siblings(database) == []


# ---------------------------------------------------------------- URLs netdeck cannot open


#: A --db value → what the one error line must say (and the password it must not show).
BAD_URLS = {
    "no such dialect": (lambda: "bogus://host/db", ("cannot open bogus://host/db", "--db")),
    "not a URL": (lambda: "://nowhere", ("cannot be read", "sqlite:///")),
    "port not a number": (
        lambda: "postgresql://sam:secret@localhost:port/netdeck",
        ("cannot be read", "--db or NETDECK_DB"),
    ),
}


@pytest.mark.parametrize("case", BAD_URLS.values(), ids=BAD_URLS.keys())
def test_a_database_url_netdeck_cannot_open_is_one_line(tmp_path: Path, case) -> None:
    make_url, says = case
    url = make_url()
    netdeck = Netdeck(tmp_path / "data")
    runs = run_all(
        [
            lambda: netdeck("--db", url, "list", use_db=False),
            lambda: netdeck("--db", url, use_db=False),  # the TUI: refused before it starts
            lambda: netdeck("add", "Ann Lee", use_db=False, env={"NETDECK_DB": url}),
        ]
    )
    for result in runs:
        error = assert_user_error(result, *says)
        assert "secret" not in error
    assert not (tmp_path / "data").exists()

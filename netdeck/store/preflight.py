"""Checks on a SQLite database file before anything opens it for writing.

Standard library only, so the CLI can refuse a bad file (not a regular file,
not SQLite, too new, not netdeck's) in milliseconds, before the TUI or
SQLAlchemy start, and so the file is read-only until it is known to be safe to
touch. Also the check for damage (``PRAGMA quick_check``) run before a change
that writes, and the message that gives the recovery steps.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from netdeck.domain.errors import StorageError
from netdeck.store.locations import (
    DB_VARIABLE,
    DatabaseLocation,
    create_private_file,
    ensure_private_dir,
)
from netdeck.store.revision import HEAD_REVISION, KNOWN_REVISIONS

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True)
class SchemaState:
    """What the read-only check found: ``empty``, ``head``, ``behind`` (with the revision)."""

    status: str
    revision: str | None = None


def prepare_sqlite_file(location: DatabaseLocation) -> SchemaState:
    """Check a SQLite file read-only; create it (0600, in a 0700 dir) when missing."""
    path = location.path
    assert path is not None
    if path.exists():
        if path.is_dir():
            raise StorageError(
                f"{path} is a directory, not a database file: pass a file path with --db"
            )
        _refuse_special_file(path)
        try:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as error:
            raise StorageError(
                f"cannot read {path}: {error.strerror}; check its permissions"
            ) from None
        if header == b"":
            return SchemaState("empty")
        if header != SQLITE_HEADER:
            raise StorageError(
                f"{path} is not a SQLite database; netdeck left it untouched: "
                "move it aside or pass another --db"
            )
        return read_schema_state(path)
    ensure_private_dir(path.parent)
    try:
        create_private_file(path)
    except OSError as error:
        raise StorageError(f"cannot create {path}: {error.strerror}") from None
    return SchemaState("empty")


#: What to call a file that is neither a regular file nor a folder.
_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _refuse_special_file(path: Path) -> None:
    """Refuse anything but a regular file before opening it: opening a FIFO blocks
    until a writer comes, and a device or socket is no database."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise StorageError(f"cannot read {path}: {error.strerror}; check its permissions") from None
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _SPECIAL_FILES if test(mode)), "not a regular file")
    raise StorageError(
        f"{path} is {kind}, not a database file; netdeck left it untouched: "
        "pass the path of a database file (or of a new one) with --db"
    )


def read_only_uri(path: Path) -> str:
    """A SQLite URI that opens ``path`` read-only (``?`` and ``#`` in the path escaped)."""
    return f"{path.absolute().as_uri()}?mode=ro"


def read_schema_state(path: Path) -> SchemaState:
    # Without a -wal (or hot -journal) file nobody is writing and the file holds
    # everything committed, so read it as immutable: a plain read-only connection
    # to a WAL database would leave -wal and -shm files behind it.
    busy = any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-journal"))
    immutable = "" if busy else "&immutable=1"
    try:
        connection = sqlite3.connect(read_only_uri(path) + immutable, uri=True)
    except sqlite3.Error as error:
        raise StorageError(f"cannot open {path}: {error}") from None
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.DatabaseError as error:
        raise StorageError(
            f"{path} is damaged or not a SQLite database ({error}); netdeck left it untouched: "
            "restore a backup from its backups/ folder or pass another --db"
        ) from None
    finally:
        connection.close()
    return classify_schema(path, tables, revision)


def check_not_damaged(path: Path) -> None:
    """Refuse a change to a SQLite file whose pages are damaged (``PRAGMA quick_check``).

    Run before a change that writes (an upgrade, an import, a restore; the first
    write of every open database runs the same check on its own connection), not
    on start-up: it reads the whole file, about 0.13 s for a 30 MB deck of 10,000
    people and 100,000 interactions."""
    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        findings = [row[0] for row in connection.execute(QUICK_CHECK)]
    except sqlite3.DatabaseError as error:
        findings = [str(error)]
    finally:
        connection.close()
    refuse_if_damaged(path, findings)


#: SQLite's check of every page; it stops at the first problem (one is enough to refuse).
QUICK_CHECK = "PRAGMA quick_check(1)"


def refuse_if_damaged(path: Path, findings: list[str]) -> None:
    """Refuse the file when ``QUICK_CHECK`` found anything but ``ok``."""
    if findings != ["ok"]:
        raise damaged(path, findings[0] if findings else "")


def damaged(path: Path, finding: str) -> StorageError:
    """The error for a damaged database file, with the steps to recover."""
    # quick_check starts with a "*** in database main ***" line: the problem is below it.
    lines = [line.strip() for line in str(finding).splitlines() if line.strip()]
    problem = next((line for line in lines if not line.startswith("***")), "damaged")
    return StorageError(
        f"{path} is damaged ({problem}); nothing was saved and netdeck will not write to it: "
        f"move it aside, then copy the newest backup from {path.parent / 'backups'} in its "
        "place, or restore a JSON export into a new database "
        "(`netdeck --db new.db import json deck.json`)"
    )


def classify_schema(name: object, tables: set[str], revision: str | None) -> SchemaState:
    if not tables:
        return SchemaState("empty")
    if "alembic_version" not in tables or revision is None:
        raise StorageError(
            f"{name} is a database but not a netdeck one; "
            "netdeck left it untouched: pass another --db"
        )
    if revision == HEAD_REVISION:
        return SchemaState("head", revision)
    if revision in KNOWN_REVISIONS:
        return SchemaState("behind", revision)
    raise StorageError(
        f"{name} was written by a newer netdeck (schema revision {revision}); "
        "netdeck left it untouched: upgrade netdeck to open it"
    )


def check_before_start(target: str | None) -> Path | None:
    """Refuse a bad database file before the TUI starts (cheap: no SQLAlchemy).

    Returns the file's path when it is a SQLite database already at the head
    revision, which the TUI may read directly for its first frame.
    """
    from netdeck.store.locations import resolve_location

    location = resolve_location(target)
    if location.path is None:
        # A server database: refuse a URL netdeck has no dialect or driver for now,
        # in one line, rather than in the TUI (SQLAlchemy is needed for it anyway).
        check_can_open(location)
        return None
    state = prepare_sqlite_file(location)
    return location.path if state.status == "head" else None


#: URL schemes of a PostgreSQL deck (netdeck's driver, psycopg 3, or none named).
_POSTGRESQL_SCHEME = re.compile(r"^(postgres|postgresql)(\+psycopg)?://", re.IGNORECASE)


def postgresql_uri(target: str | None) -> str | None:
    """For a PostgreSQL deck (``target``, else ``NETDECK_DB``) with psycopg installed, its
    URL as libpq reads it; ``None`` for anything else, or a URL the standard library
    cannot read (:func:`check_before_start` then says what is wrong). No SQLAlchemy."""
    value = target if target else os.environ.get(DB_VARIABLE, "").strip()
    scheme = _POSTGRESQL_SCHEME.match(value)
    if scheme is None or importlib.util.find_spec("psycopg") is None:
        return None
    uri = "postgresql://" + value[scheme.end() :]
    try:
        urlsplit(uri).port  # noqa: B018  # raises on a port that is no number
    except ValueError:
        return None
    return uri


def check_can_open(location: DatabaseLocation) -> None:
    """Refuse a database URL whose dialect or driver netdeck cannot load (connects to
    nothing). Imports SQLAlchemy: for server URLs only, never on the SQLite fast path."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(location.url).get_dialect().import_dbapi()
    except (ImportError, ArgumentError) as error:
        raise unusable_url(location, error) from None


def unusable_url(location: DatabaseLocation, error: Exception) -> StorageError:
    """The error for a URL netdeck cannot use: no such dialect, or its driver missing."""
    if isinstance(error, ImportError):
        postgresql = location.url.startswith("postgresql")
        how = "pip install 'netdeck[postgres]'" if postgresql else "install it"
        return StorageError(
            f"cannot open {location.describe()}: its database driver "
            f"({error.name or error}) is not installed: {how}, or pass a SQLite file with --db"
        )
    return StorageError(
        f"cannot open {location.describe()}: netdeck cannot use this database URL ({error}); "
        "pass a file path, or a sqlite:/// or postgresql:// URL, with --db"
    )

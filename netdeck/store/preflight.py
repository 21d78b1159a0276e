"""Checks on a SQLite database file before anything opens it for writing.

Standard library only, so the CLI can refuse a bad file (not SQLite, too new,
not netdeck's) in milliseconds, before the TUI or SQLAlchemy start, and so
the file is read-only until it is known to be safe to touch.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from netdeck.domain.errors import StorageError
from netdeck.store.locations import DatabaseLocation, create_private_file, ensure_private_dir
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
        return None
    state = prepare_sqlite_file(location)
    return location.path if state.status == "head" else None

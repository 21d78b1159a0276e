"""Opening the database: checks, pragmas, migrations, sessions.

:func:`open_database` is the one way netdeck opens a database. Before it
writes anything it checks, read-only, that a SQLite file really is a SQLite
database written by a netdeck this version understands:

- not a SQLite file → :class:`StorageError`, the file is never touched;
- a schema revision newer than (or unknown to) this netdeck → refused, untouched;
- at the head revision → opened without importing Alembic;
- behind → backed up into ``backups/`` beside it, then upgraded (batch mode).

Every SQLite connection gets WAL, foreign keys, a busy timeout and
``synchronous=NORMAL``; write transactions start with ``BEGIN IMMEDIATE`` so
two writers queue behind the busy timeout instead of failing with
"database is locked".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from netdeck.domain.errors import StorageError
from netdeck.store.locations import (
    PRIVATE_FILE_MODE,
    DatabaseLocation,
    create_private_file,
    ensure_private_dir,
    resolve_location,
)
from netdeck.store.revision import HEAD_REVISION, KNOWN_REVISIONS

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15_000
CACHE_KIB = 32 * 1024  # page cache per connection; grows only as pages are read
_WRITE_OPTION = "netdeck_write"


@dataclass(frozen=True, slots=True)
class SchemaState:
    """What the read-only check found: ``empty``, ``head``, ``behind`` (with the revision)."""

    status: str
    revision: str | None = None


class Database:
    """An open, migrated database; hands out short-lived sessions."""

    def __init__(self, location: DatabaseLocation, engine: Engine) -> None:
        self.location = location
        self.engine = engine
        self._reader = sessionmaker(engine, expire_on_commit=False)
        self._writer = sessionmaker(
            engine.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False
        )

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries; nothing it changes is committed."""
        with self._reader() as session:
            try:
                yield session
            except DBAPIError as error:
                raise _storage_error(self.location, error) from error

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session in one write transaction: committed on success, rolled back on error."""
        with self._writer() as session:
            try:
                with session.begin():
                    yield session
            except DBAPIError as error:
                raise _storage_error(self.location, error) from error

    def close(self) -> None:
        self.engine.dispose()


def open_database(target: str | None = None, *, default_name: str = "netdeck.db") -> Database:
    """Open (creating and migrating as needed) the database named by ``target``,
    ``NETDECK_DB`` or the default location."""
    location = resolve_location(target, default_name=default_name)
    state = _prepare_sqlite_file(location) if location.path is not None else None
    engine = _create_engine(location)
    try:
        if state is None:
            state = _inspect_schema(engine, location)
        if state.status != "head":
            if state.status == "behind" and location.path is not None:
                from netdeck.store.backup import backup_into

                backup_into(
                    location.path, location.backups_dir, f"before-upgrade-from-{state.revision}"
                )
            from netdeck.store.migrate import upgrade_to_head

            upgrade_to_head(engine)
    except DBAPIError as error:
        engine.dispose()
        raise _storage_error(location, error) from error
    except BaseException:
        engine.dispose()
        raise
    if location.path is not None:
        for suffix in ("", "-wal", "-shm"):
            sibling = Path(f"{location.path}{suffix}")
            if sibling.exists():
                sibling.chmod(PRIVATE_FILE_MODE)
    return Database(location, engine)


def _create_engine(location: DatabaseLocation) -> Engine:
    engine = create_engine(location.url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite_connection)
        event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection, _record) -> None:
    # Take over transaction control from the sqlite3 module so "begin" below decides.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    cursor.close()


def _begin_sqlite_transaction(connection) -> None:
    if connection.get_execution_options().get(_WRITE_OPTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def _prepare_sqlite_file(location: DatabaseLocation) -> SchemaState:
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
        return _read_schema_state(path)
    ensure_private_dir(path.parent)
    try:
        create_private_file(path)
    except OSError as error:
        raise StorageError(f"cannot create {path}: {error.strerror}") from None
    return SchemaState("empty")


def _read_schema_state(path: Path) -> SchemaState:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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
    return _classify(path, tables, revision)


def _inspect_schema(engine: Engine, location: DatabaseLocation) -> SchemaState:
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = None
        if "alembic_version" in tables:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return _classify(location.describe(), tables, revision)


def _classify(name: object, tables: set[str], revision: str | None) -> SchemaState:
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


def _storage_error(location: DatabaseLocation, error: DBAPIError) -> StorageError:
    message = str(error.orig) if error.orig is not None else str(error)
    if isinstance(error, OperationalError) and "readonly" in message.replace(" ", "").lower():
        return StorageError(f"{location.describe()} is read-only: {message}; nothing was saved")
    return StorageError(f"database error on {location.describe()}: {message}")

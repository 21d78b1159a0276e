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
"database is locked". A writer still waiting when the timeout runs out gets a
:class:`StorageError` saying the database is busy and nothing was saved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from netdeck.domain.errors import StorageError
from netdeck.store.locations import (
    PRIVATE_FILE_MODE,
    DatabaseLocation,
    resolve_location,
)
from netdeck.store.preflight import SchemaState, classify_schema, prepare_sqlite_file

BUSY_TIMEOUT_MS = 15_000
CACHE_KIB = 32 * 1024  # page cache per connection; grows only as pages are read
_WRITE_OPTION = "netdeck_write"
#: How SQLite says another connection held the lock past the busy timeout.
_BUSY_MESSAGES = ("database is locked", "database table is locked", "database is busy")
#: Database files this process has open (resolved path -> open Database objects).
_OPEN_FILES: Counter[str] = Counter()


class Database:
    """An open, migrated database; hands out short-lived sessions."""

    def __init__(self, location: DatabaseLocation, engine: Engine) -> None:
        self.location = location
        self.engine = engine
        self._closed = False
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
        if self.location.path is not None and not self._closed:
            _OPEN_FILES[_key(self.location.path)] -= 1
            if _OPEN_FILES[_key(self.location.path)] <= 0:
                del _OPEN_FILES[_key(self.location.path)]
        self._closed = True


def open_database(target: str | None = None, *, default_name: str = "netdeck.db") -> Database:
    """Open (creating and migrating as needed) the database named by ``target``,
    ``NETDECK_DB`` or the default location."""
    location = resolve_location(target, default_name=default_name)
    # A file this process already has open was checked then; checking it again would
    # close a plain file handle on it, which drops every POSIX lock the open engine
    # holds (SQLite's "posix advisory locks canceled" corruption case): another
    # netdeck could then checkpoint and delete the WAL under it.
    checked = location.path is None or _key(location.path) in _OPEN_FILES
    state = None if checked else prepare_sqlite_file(location)
    engine = _create_engine(location)
    try:
        if state is None:
            state = _inspect_schema(engine, location)
        if state.status != "head":
            backup = None
            if state.status == "behind" and location.path is not None:
                from netdeck.store.backup import backup_into

                backup = backup_into(
                    location.path, location.backups_dir, f"before-upgrade-from-{state.revision}"
                )
            _upgrade(engine, location, state, backup)
    except DBAPIError as error:
        engine.dispose()
        raise _storage_error(location, error) from error
    except BaseException:
        engine.dispose()
        raise
    if location.path is not None:
        _make_private(location.path)
        _OPEN_FILES[_key(location.path)] += 1
    return Database(location, engine)


def _key(path: Path) -> str:
    return str(path.resolve())


def _upgrade(
    engine: Engine, location: DatabaseLocation, state: SchemaState, backup: Path | None
) -> None:
    """Migrate to the head in one transaction; a failure rolls it all back."""
    from netdeck.store.migrate import upgrade_to_head
    from netdeck.store.revision import HEAD_REVISION

    try:
        upgrade_to_head(engine)
    except Exception as error:
        if state.status != "behind":
            raise
        detail = str(error.orig) if isinstance(error, DBAPIError) else str(error)
        kept = f"; a backup is in {backup.parent}" if backup is not None else ""
        raise StorageError(
            f"upgrading {location.describe()} from schema revision {state.revision} to "
            f"{HEAD_REVISION} failed ({type(error).__name__}: {detail}); the database is "
            f"unchanged{kept}: report this to netdeck's maintainers"
        ) from error


def _make_private(path: Path) -> None:
    """Mode 0600 on the database and its WAL/SHM files, where not already so.

    A file on a read-only filesystem keeps its mode: reading it still works,
    and a write fails later with a clear :class:`StorageError`."""
    for suffix in ("", "-wal", "-shm"):
        sibling = Path(f"{path}{suffix}")
        try:
            if sibling.exists() and sibling.stat().st_mode & 0o777 != PRIVATE_FILE_MODE:
                sibling.chmod(PRIVATE_FILE_MODE)
        except OSError:
            pass


def _create_engine(location: DatabaseLocation) -> Engine:
    # A file goes in as a URL object: in a URL string a "?" in its path would start the query.
    url = (
        location.url if location.path is None else URL.create("sqlite", database=str(location.path))
    )
    engine = create_engine(url)
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


def _inspect_schema(engine: Engine, location: DatabaseLocation) -> SchemaState:
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = None
        if "alembic_version" in tables:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return classify_schema(location.describe(), tables, revision)


def _storage_error(location: DatabaseLocation, error: DBAPIError) -> StorageError:
    message = str(error.orig) if error.orig is not None else str(error)
    name = location.describe()
    if isinstance(error, OperationalError):
        squashed = message.replace(" ", "").lower()
        if "readonly" in squashed:
            return StorageError(
                f"{name} is read-only: {message}; nothing was saved: "
                "make the file and its folder writable"
            )
        if message.startswith(_BUSY_MESSAGES):
            # SQLite already waited BUSY_TIMEOUT_MS for the other writer; say so, in words.
            return StorageError(
                f"{name} is busy: another program (another netdeck, an import?) "
                f"has been writing to it for over {BUSY_TIMEOUT_MS / 1000:g} s; nothing was saved, "
                "try again when it has finished"
            )
        if "diskisfull" in squashed:
            return StorageError(
                f"the disk holding {name} is full: {message}; nothing was saved: "
                "free some space and try again"
            )
        if "unabletoopen" in squashed or "diski/oerror" in squashed:
            return StorageError(
                f"cannot write {name}: {message}; nothing was saved: netdeck needs to write "
                "the file and its folder (for the -wal and -shm files); check their "
                "permissions and that the disk is neither read-only nor full"
            )
    return StorageError(f"database error on {name}: {message}")

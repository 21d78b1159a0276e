"""Opening the database: checks, pragmas, migrations, sessions.

:func:`open_database` is the one way netdeck opens a database. Before it
writes anything it checks, read-only, that a SQLite file really is a SQLite
database written by a netdeck this version understands:

- not a SQLite file → :class:`StorageError`, the file is never touched;
- a schema revision newer than (or unknown to) this netdeck → refused, untouched;
- at the head revision → opened without importing Alembic;
- behind → checked for damage, backed up into ``backups/`` beside it, then
  upgraded (batch mode, foreign keys off, checked after; see
  :func:`netdeck.store.migrate.upgrade_to_head`).

A file in a folder netdeck cannot write is opened read-only (SQLite needs the
folder for its -wal and -shm files): every read works, a write is refused with
a :class:`StorageError` saying why. The first write transaction of an open
database checks it for damage (``PRAGMA quick_check``) and refuses to write to
a damaged one, with the steps to recover. A URL netdeck has no dialect or
driver for is a :class:`StorageError` too, never an import error.

Every SQLite connection gets WAL, foreign keys, a busy timeout and
``synchronous=NORMAL``; write transactions start with ``BEGIN IMMEDIATE`` so
two writers queue behind the busy timeout instead of failing with
"database is locked". A writer still waiting when the timeout runs out gets a
:class:`StorageError` saying the database is busy and nothing was saved.
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from netdeck.domain.errors import StorageError
from netdeck.store.locations import (
    PRIVATE_FILE_MODE,
    DatabaseLocation,
    resolve_location,
)
from netdeck.store.preflight import (
    QUICK_CHECK,
    SchemaState,
    classify_schema,
    damaged,
    prepare_sqlite_file,
    read_only_uri,
    refuse_if_damaged,
    unusable_url,
)

BUSY_TIMEOUT_MS = 15_000
CACHE_KIB = 32 * 1024  # page cache per connection; grows only as pages are read
_WRITE_OPTION = "netdeck_write"
#: How SQLite says another connection held the lock past the busy timeout.
_BUSY_MESSAGES = ("database is locked", "database table is locked", "database is busy")
#: Database files this process has open (resolved path -> open Database objects).
_OPEN_FILES: Counter[str] = Counter()


#: Where a write session keeps who writes (``Session.info``).
USER_INFO = "netdeck_user"


def _stamp_actor(session: Session, _context: object, _instances: object) -> None:
    """Record the session's user on every new row that has an ``actor`` and none yet."""
    user = session.info.get(USER_INFO)
    if user is None:
        return
    for row in session.new:
        if hasattr(row, "actor") and row.actor is None:
            row.actor = user


class Database:
    """An open, migrated database; hands out short-lived sessions."""

    def __init__(
        self, location: DatabaseLocation, engine: Engine, *, read_only: str | None = None
    ) -> None:
        self.location = location
        self.engine = engine
        #: Why the database was opened read-only (``None``: it was not).
        self.read_only = read_only
        self._closed = False
        self._checked_for_damage = location.path is None or engine.dialect.name != "sqlite"
        self._reader = sessionmaker(engine, expire_on_commit=False)
        self._writer = sessionmaker(
            engine.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False
        )
        event.listen(self._writer, "before_flush", _stamp_actor)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries; nothing it changes is committed."""
        with self._reader() as session:
            try:
                yield session
            except DBAPIError as error:
                raise _storage_error(self.location, error, self.read_only) from error

    @contextmanager
    def readers(self, count: int) -> Iterator[list[Session]]:
        """Up to ``count`` sessions reading the same data, for queries run side by side
        in threads, one session each (the health figures).

        On PostgreSQL each is a repeatable-read transaction and all share the first
        one's snapshot (``pg_export_snapshot``, ``SET TRANSACTION SNAPSHOT``): they see
        exactly the same rows, and none starts parallel workers of its own. On SQLite
        each begins its read at once, one after the
        other, before any query runs, so they see the same rows unless a write commits
        in the moment between (WAL keeps each read on the data it began with). A
        database in memory has one connection: one session.
        """
        if count < 1:
            raise ValueError(f"readers needs a count of 1 or more, not {count}")
        if self.engine.dialect.name == "sqlite" and self.location.path is None:
            count = 1
        with ExitStack() as stack:
            sessions = [stack.enter_context(self._reader()) for _ in range(count)]
            try:
                if count > 1:
                    _share_snapshot(sessions, self.engine.dialect.name)
                yield sessions
            except DBAPIError as error:
                raise _storage_error(self.location, error, self.read_only) from error

    @contextmanager
    def writing(self, user: str | None = None) -> Iterator[Session]:
        """A session in one write transaction: committed on success, rolled back on error.

        ``user`` is who writes: every interaction and contact event added in it
        records them (:func:`_stamp_actor`). The first one checks the file for
        damage and refuses to write to a damaged one."""
        with self._writer(info={USER_INFO: user}) as session:
            try:
                with session.begin():
                    if not self._checked_for_damage:
                        self._check_for_damage(session)
                    yield session
            except DBAPIError as error:
                raise _storage_error(self.location, error, self.read_only) from error

    def _check_for_damage(self, session: Session) -> None:
        # On the write's own connection, inside its transaction: what is checked is
        # what would be written to. Once per open database: it reads the whole file.
        assert self.location.path is not None
        result = session.connection().exec_driver_sql(QUICK_CHECK)
        refuse_if_damaged(self.location.path, [str(row[0]) for row in result])
        self._checked_for_damage = True

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
    read_only = _why_read_only(location)
    engine = _create_engine(location, read_only=read_only is not None)
    try:
        if state is None:
            state = _inspect_schema(engine, location)
        if state.status != "head":
            if read_only is not None:
                raise StorageError(
                    f"{location.describe()} needs upgrading to this netdeck's schema, but "
                    f"{read_only}; nothing was changed: make its folder writable and try again"
                )
            backup = None
            if state.status == "behind":
                from netdeck.store.backup import backup_before_change

                backup = backup_before_change(location, f"before-upgrade-from-{state.revision}")
            _upgrade(engine, location, state, backup)
    except DBAPIError as error:
        engine.dispose()
        raise _storage_error(location, error, read_only) from error
    except BaseException:
        engine.dispose()
        raise
    if location.path is not None:
        if read_only is None:
            _make_private(location.path)
        _OPEN_FILES[_key(location.path)] += 1
    return Database(location, engine, read_only=read_only)


def _why_read_only(location: DatabaseLocation) -> str | None:
    """Why a SQLite file must be opened read-only, or ``None`` when it need not be.

    SQLite writes its -wal and -shm files beside the database, so in a folder
    that cannot be written (its mode, an immutable folder, a read-only disk) a
    normal connection cannot even read; a read-only one can."""
    if location.path is None or os.access(location.path.parent, os.W_OK):
        return None
    return (
        f"its folder {location.path.parent} cannot be written "
        "(SQLite writes its -wal and -shm files there)"
    )


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
    except StorageError:
        raise  # a migration's own error says what to do (0015: pg_trgm)
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


def _create_engine(location: DatabaseLocation, *, read_only: bool = False) -> Engine:
    # A file goes in as a URL object: in a URL string a "?" in its path would start the query.
    url: str | URL
    if location.path is None:
        url = location.url
    elif read_only:
        url = URL.create("sqlite", database=_read_only_target(location.path), query={"uri": "true"})
    else:
        url = URL.create("sqlite", database=str(location.path))
    try:
        engine = create_engine(url, connect_args=_connect_args(url))
    except (ImportError, ArgumentError) as error:  # no such dialect, or no driver for it
        raise unusable_url(location, error) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite_connection)
        event.listen(engine, "begin", _begin_sqlite_transaction)
    else:
        _quiet_driver_log(engine.dialect.driver)
    return engine


#: What ``pg_export_snapshot`` returns (written into SQL, so checked first).
_SNAPSHOT_ID = re.compile(r"[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+")


def _share_snapshot(sessions: list[Session], dialect: str) -> None:
    """Begin every session's read transaction on the same data (see ``readers``)."""
    if dialect != "postgresql":
        for session in sessions:
            session.execute(text("SELECT count(*) FROM sqlite_master"))  # the read begins
        return
    repeatable = {"isolation_level": "REPEATABLE READ"}
    sessions[0].connection(execution_options=repeatable)
    snapshot = sessions[0].execute(text("SELECT pg_export_snapshot()")).scalar_one()
    if not _SNAPSHOT_ID.fullmatch(snapshot):
        raise StorageError(f"PostgreSQL gave an unexpected snapshot id: {snapshot!r}")
    for session in sessions[1:]:
        session.connection(execution_options=repeatable)
        session.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot}'"))
    for session in sessions:
        # The readers are the parallelism: a server's parallel workers for one of them
        # would take the cores the others run on (at 100,000 contacts the health
        # figures took 590 ms with them, 480 ms without, on two cores).
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))


def _connect_args(url: str | URL) -> dict[str, object]:
    """psycopg: no prepared statements. After five runs of a statement psycopg
    prepares it, and after five more PostgreSQL may keep one generic plan for every
    value; a search's ``LIKE`` or a date range then gets a plan made without its
    pattern or dates (the contacts list's searches at 100,000 contacts: p95 13.9 ms
    with them, 10.5 ms without). Parsing and planning each time costs a fraction of
    a millisecond."""
    driver = str(url).split(":", 1)[0]
    return {"prepare_threshold": None} if driver.endswith("+psycopg") else {}


def _quiet_driver_log(driver: str) -> None:
    """Keep a server driver's own warnings off the terminal.

    psycopg logs what it ignores while cleaning up after a failed statement (such
    as "error ignored terminating <Pipeline>: pipeline aborted" after a batch a
    constraint refused), and with no logging set up Python prints such warnings
    to stderr, beside the one line netdeck says about the error itself."""
    logger = logging.getLogger(driver)
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())


def _read_only_target(path: Path) -> str:
    """The URI that reads ``path`` read-only in a folder SQLite cannot write to.

    Without a -wal (or hot -journal) file nobody is writing (in that folder nobody
    could), so the file is read as immutable: no -shm file needed. With one, it is
    read read-only, using what the writer left there."""
    busy = any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-journal"))
    return read_only_uri(path) + ("" if busy else "&immutable=1")


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


def _storage_error(
    location: DatabaseLocation, error: DBAPIError, read_only: str | None = None
) -> StorageError:
    message = str(error.orig) if error.orig is not None else str(error)
    name = location.describe()
    squashed = message.replace(" ", "").lower()
    if location.path is not None and ("malformed" in squashed or "notadatabase" in squashed):
        return damaged(location.path, message)
    if isinstance(error, OperationalError):
        if "readonly" in squashed and read_only is not None:
            return StorageError(
                f"{name} is read-only: {read_only}; nothing was saved: make the folder writable"
            )
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

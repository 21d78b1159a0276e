"""The table-level work of copying a whole deck into another database.

What is copied is every table of the models' metadata (``Base.metadata``), parents
before children, so a table added later is copied without a change here; the
schema revision is the target's own (it is migrated by :func:`open_database`).

Rows are read from the source in one consistent snapshot (SQLite's read
transaction; ``REPEATABLE READ``, read only, on PostgreSQL) in primary-key order,
a batch at a time (a server-side cursor on PostgreSQL), and written with the
dialect's bulk insert, ids as they were. Each table gets a checksum: the SHA-256
of a canonical rendering of its rows in primary-key order (text keys in code point
order on both backends, see :class:`~netdeck.store.sql.by_code_point`; dates and
times in ISO form, booleans as ``true``/``false``, nulls as ``null``), so the
same rows give the same checksum on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Select, String, Table, create_engine, delete, func, inspect, select
from sqlalchemy.engine import URL, Connection

from netdeck.store.bulk import bulk_insert
from netdeck.store.database import Database
from netdeck.store.locations import DatabaseLocation
from netdeck.store.models import Base
from netdeck.store.preflight import read_only_uri
from netdeck.store.sql import by_code_point

#: Rows read and written at a time: a deck of 100,000 contacts is never in memory whole.
BATCH_ROWS = 5_000


def deck_tables() -> list[Table]:
    """Every table of a deck, each after the tables it refers to."""
    return list(Base.metadata.sorted_tables)


@dataclass(frozen=True, slots=True)
class TableDigest:
    """A table's row count and the SHA-256 (hex) of its canonical rows."""

    rows: int
    checksum: str


class _Digester:
    def __init__(self) -> None:
        self.rows = 0
        self._hash = hashlib.sha256()

    def add(self, rows: Sequence[Sequence[Any]]) -> None:
        for row in rows:
            self._hash.update(canonical_row(row).encode())
            self._hash.update(b"\n")
        self.rows += len(rows)

    def digest(self) -> TableDigest:
        return TableDigest(self.rows, self._hash.hexdigest())


def canonical_row(row: Sequence[Any]) -> str:
    """One row as text that does not depend on the backend it was read from."""
    return json.dumps(
        [_canonical(value) for value in row], ensure_ascii=False, separators=(",", ":")
    )


def _canonical(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (float, Decimal)):
        return repr(float(value))
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return str(value)


def in_key_order(table: Table) -> Select[Any]:
    """Every row of ``table`` in primary-key order, the same order on every backend."""
    keys = [
        by_code_point(column) if isinstance(column.type, String) else column
        for column in table.primary_key.columns
    ]
    return select(table).order_by(*keys)


def count_rows(connection: Connection, table: Table) -> int:
    return int(connection.scalar(select(func.count()).select_from(table)) or 0)


def row_batches(connection: Connection, table: Table) -> Iterator[Sequence[Sequence[Any]]]:
    """The rows of ``table`` in primary-key order, :data:`BATCH_ROWS` at a time."""
    result = connection.execution_options(yield_per=BATCH_ROWS).execute(in_key_order(table))
    for batch in result.partitions():
        yield [tuple(row) for row in batch]


def digest_table(connection: Connection, table: Table) -> TableDigest:
    """``table``'s count and checksum as ``connection`` sees it."""
    digester = _Digester()
    for batch in row_batches(connection, table):
        digester.add(batch)
    return digester.digest()


def copy_table(
    source: Connection,
    target: Connection,
    table: Table,
    copied: Callable[[int], None] | None = None,
) -> TableDigest:
    """Copy every row of ``table`` from ``source`` to ``target`` (ids kept; on
    PostgreSQL the id sequence moved past them); the digest of what was read.
    ``copied(n)`` is told after each batch how many rows are in so far."""
    digester = _Digester()
    columns = [column.name for column in table.c]
    for batch in row_batches(source, table):
        bulk_insert(target, table, columns, batch)
        digester.add(batch)
        if copied is not None:
            copied(digester.rows)
    return digester.digest()


@contextmanager
def snapshot(database: Database) -> Iterator[Connection]:
    """A connection reading ``database`` as of one moment, for as long as it is open."""
    connection = database.engine.connect()
    try:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        with connection.begin():
            yield connection
    finally:
        connection.close()


def lock_for_copy(connection: Connection) -> None:
    """On PostgreSQL, keep every other session out of the deck's tables until the copy
    commits (SQLite's write transaction already does: ``BEGIN IMMEDIATE``)."""
    if connection.dialect.name != "postgresql":
        return
    names = ", ".join(connection.dialect.identifier_preparer.quote(t.name) for t in deck_tables())
    connection.exec_driver_sql(f"LOCK TABLE {names} IN EXCLUSIVE MODE")


def clear_tables(connection: Connection) -> None:
    """Delete every row of every deck table, children first."""
    for table in reversed(deck_tables()):
        connection.execute(delete(table))


def _content_columns(table: Table) -> list[str]:
    """The columns that say what a row holds: not when it was made (timestamps) nor
    in which order (a numbered id); what a deck's rows are compared by with those a
    new deck starts with."""
    return [
        column.name
        for column in table.c
        if not isinstance(column.type, DateTime)
        and not (column.primary_key and column.autoincrement is not False and column.name == "id")
    ]


def rows_beyond(connection: Connection, seeded: Connection) -> Counter[str]:
    """How many rows of each table ``connection`` holds beyond those a new deck starts
    with (``seeded``, a deck just migrated: the default snippets and the like),
    comparing what the rows hold, not their ids or times."""
    beyond: Counter[str] = Counter()
    for table in deck_tables():
        if not count_rows(connection, table):
            continue
        columns = [table.c[name] for name in _content_columns(table)]
        fresh = Counter(tuple(row) for row in seeded.execute(select(*columns)))
        for row in connection.execute(select(*columns)):
            if fresh[tuple(row)] > 0:
                fresh[tuple(row)] -= 1
            else:
                beyond[table.name] += 1
    return beyond


@dataclass(frozen=True, slots=True)
class FirstLook:
    """What a copy's target held before netdeck opened it: ``fresh`` when it had no
    tables at all (or no file), else how many contacts and interactions it holds."""

    fresh: bool
    contacts: int = 0
    interactions: int = 0


def first_look(location: DatabaseLocation) -> FirstLook:
    """Look at a target read-only, before :func:`open_database` migrates anything.

    Anything unreadable here (no driver, no server, not a SQLite file) is left for
    :func:`open_database` to refuse, with its own message."""
    path = location.path
    if path is not None and (not path.exists() or (path.is_file() and path.stat().st_size == 0)):
        return FirstLook(fresh=True)
    url: str | URL = location.url
    if path is not None:
        url = URL.create("sqlite", database=read_only_uri(path), query={"uri": "true"})
    try:
        engine = create_engine(url)
    except Exception:
        return FirstLook(fresh=False)
    try:
        with engine.connect() as connection:
            names = set(inspect(connection).get_table_names())
            if not names:
                return FirstLook(fresh=True)
            counts = {
                table.name: count_rows(connection, table)
                for table in deck_tables()
                if table.name in ("contacts", "interactions") and table.name in names
            }
            return FirstLook(False, counts.get("contacts", 0), counts.get("interactions", 0))
    except Exception:
        return FirstLook(fresh=False)
    finally:
        engine.dispose()


def remove_sqlite_files(location: DatabaseLocation) -> None:
    """Delete a SQLite database file and its -wal, -shm and -journal files."""
    if location.path is None:
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        with suppress(FileNotFoundError):
            location.path.with_name(location.path.name + suffix).unlink()

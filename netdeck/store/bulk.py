"""Fast bulk inserts for generated and imported rows.

SQLAlchemy's ``executemany`` spends most of its time building a parameter
dict per row. For tens of thousands of rows, :func:`bulk_insert` compiles the
INSERT once for the connection's dialect, applies each column's bind
processor (so dates are stored exactly as the ORM stores them), and hands
plain tuples to the driver's ``executemany``. It stays dialect-neutral: the
SQL and the value conversions come from the dialect. The rows' shapes are
named here (one ``NamedTuple`` per table), so a row built by name is still the
plain tuple the driver takes.

:func:`indexes_set_aside` is the one dialect-specific step: on SQLite, loading
many more rows than a table holds is faster with its secondary indexes dropped
and built again afterwards (one sort per index instead of a B-tree insert per
row per index). PostgreSQL would lock the table against readers for that long,
so there it does nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import FromClause, Table, insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from netdeck.store.sql import ids_were_given


class ContactRow(NamedTuple):
    """A ``contacts`` row for :func:`bulk_insert`, its fields in column order."""

    id: int
    full_name: str
    first_name: str
    last_name: str
    name_key: str
    company: str
    title: str
    how_we_met: str
    notes: str
    ask_about: str
    stage: str
    stage_since: date | None
    cadence_days: int | None
    next_due_on: date | None
    snoozed_until: date | None
    skipped_on: date | None
    last_interaction_on: date | None
    connected_on: date | None
    source: str
    search_text: str
    created_at: datetime
    updated_at: datetime


class ChannelRow(NamedTuple):
    """A ``channels`` row (one address of a contact) for :func:`bulk_insert`."""

    id: int
    contact_id: int
    kind: str
    value: str
    lookup_key: str
    preferred: bool


class InteractionRow(NamedTuple):
    """An ``interactions`` row for :func:`bulk_insert`."""

    id: int
    contact_id: int
    occurred_on: date
    channel: str
    kind: str
    direction: str
    note: str
    text_sent: str | None
    snippet_id: int | None
    source: str
    created_at: datetime


class ContactTagRow(NamedTuple):
    contact_id: int
    tag_id: int


class TagRow(NamedTuple):
    id: int
    name: str


class SettingRow(NamedTuple):
    key: str
    value: str


class ClearedDayRow(NamedTuple):
    day: date


#: Every column of a row, in the order bulk rows of generated or imported data are
#: built (plain tuples in this order work as well as the named rows above).
CONTACT_COLUMNS = ContactRow._fields
CHANNEL_COLUMNS = ChannelRow._fields
INTERACTION_COLUMNS = InteractionRow._fields
#: The columns a LinkedIn sync fills beyond those (a sync and a restore write them).
CONTACT_SYNC_COLUMNS = (
    "awaiting_reply_on",
    "awaiting_reply_preview",
    "role_changed_on",
    "linkedin_connected",
    "imported_company",
    "imported_title",
)
INTERACTION_SYNC_COLUMNS = ("occurred_at", "external_key")

SNIPPET_COLUMNS = ("id", "name", "kind", "channel", "subject", "body", "created_at", "updated_at")
TAG_COLUMNS = TagRow._fields
CONTACT_TAG_COLUMNS = ContactTagRow._fields
SETTING_COLUMNS = SettingRow._fields
CLEARED_DAY_COLUMNS = ClearedDayRow._fields


def bulk_insert(
    connection: Connection,
    table: FromClause,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``.

    ``columns`` must name every column that has a Python-side default: the
    driver gets exactly these values, nothing is filled in.
    """
    if not isinstance(table, Table):  # a mapped class's __table__ is typed as any FROM clause
        raise TypeError(f"bulk_insert needs a table, not {table!r}")
    if not rows:
        return
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
    ]
    converters = [(i, _memoised(proc)) for i, proc in enumerate(processors) if proc is not None]
    positions: list[int] | None = None
    if compiled.positional:
        order = compiled.positiontup or []
        missing = set(order) - set(columns)
        if missing:
            raise ValueError(f"bulk_insert into {table.name}: no values for {sorted(missing)}")
        positions = [list(columns).index(name) for name in order]
        if positions == list(range(len(columns))):
            positions = None
    # A slice at a time: the converted copy of every row need not exist at once.
    for start in range(0, len(rows), _SLICE):
        chunk = rows[start : start + _SLICE]
        if converters:
            chunk = [_converted(row, converters) for row in chunk]
        if positions is not None:
            chunk = [tuple(row[i] for i in positions) for row in chunk]
        parameters: Sequence[object] = chunk
        if not compiled.positional:
            parameters = [dict(zip(columns, row, strict=True)) for row in chunk]
        connection.exec_driver_sql(str(compiled), parameters)
    if "id" in columns:
        ids_were_given(connection, table)


_SLICE = 10_000  # rows per executemany


def _converted(
    row: Sequence[object], converters: Sequence[tuple[int, Callable[[Any], Any]]]
) -> tuple[object, ...]:
    values = list(row)
    for i, convert in converters:
        if values[i] is not None:
            values[i] = convert(values[i])
    return tuple(values)


@contextmanager
def indexes_set_aside(connection: Connection, table: FromClause, *, when: bool) -> Iterator[None]:
    """Load rows into ``table`` with its secondary indexes dropped, then rebuilt.

    Only on SQLite and only ``when`` the caller is about to add many more rows
    than the table holds; inside the caller's transaction, so a failure leaves the
    indexes as they were. A unique index built again still refuses duplicates:
    the whole transaction fails rather than keeping them.
    """
    if not isinstance(table, Table):
        raise TypeError(f"indexes_set_aside needs a table, not {table!r}")
    if not when or connection.dialect.name != "sqlite":
        yield
        return
    indexes = sorted(table.indexes, key=lambda index: str(index.name))
    for index in indexes:
        index.drop(connection)
    yield
    for index in indexes:
        index.create(connection)


#: The page cache of a connection writing a whole export (KiB), down from the usual
#: (``netdeck.store.database.CACHE_KIB``).
BULK_WRITE_CACHE_KIB = 16 * 1024


@contextmanager
def lean_page_cache(connection: Connection) -> Iterator[None]:
    """Write with a smaller SQLite page cache: a first sync writes about 100 MB of
    pages once each, and holding a third of them in the cache did not make it faster
    (30,000 people and 200,000 messages: 10.0 s either way, peak memory 311 MB with
    32 MiB, 295 MB with 16 MiB). The connection's own size comes back afterwards.
    PostgreSQL keeps its pages in the server: nothing to do."""
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_WRITE_CACHE_KIB}")
    restore = f"PRAGMA cache_size = {int(before)}"
    try:
        yield
    except BaseException:
        # The write's own error is the one to report, even where the connection is
        # too broken to take the PRAGMA.
        with suppress(DBAPIError):
            connection.exec_driver_sql(restore)
        raise
    connection.exec_driver_sql(restore)


def _memoised(process: Callable[[Any], Any]) -> Callable[[object], object]:
    """``process`` with a cache: dates and timestamps repeat a lot in bulk data."""
    cache: dict[object, object] = {}

    def convert(value: object) -> object:
        try:
            return cache[value]
        except KeyError:
            cache[value] = converted = process(value)
            return converted
        except TypeError:  # unhashable
            return process(value)

    return convert

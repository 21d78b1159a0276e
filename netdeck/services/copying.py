"""Moving a deck: ``netdeck copy --to TARGET`` copies the whole deck into another
database (a SQLite file or a PostgreSQL URL; either way round, or alike).

Choices where the issue is silent:

- The target is opened (created, migrated) by :func:`open_database` like any deck,
  and must be **empty**: it holds nothing beyond what a new deck starts with (the
  default snippets migrations seed), compared by what the rows hold, not their ids
  or times. Those seeded rows give way to the source's. A deck that holds people,
  or anything else (an edited snippet, a setting), is refused in one line and left
  as it was; when it holds contacts or interactions it is refused before it is
  even migrated. A deck cannot be copied onto itself.
- All or nothing: one transaction on the target (SQLite's write lock; on
  PostgreSQL every deck table locked against other sessions until the end).
  The source is read in one consistent snapshot, a batch at a time.
- Verified **inside** that transaction: after the rows are in, every table of the
  target is read back and its row count and checksum compared with the source's
  (see :mod:`netdeck.store.deck_copy`); a difference is an error and rolls the
  copy back. On any failure a SQLite file the copy created is deleted; a
  PostgreSQL database keeps the empty netdeck tables its migration made (the
  id sequences may have moved on: they never go back).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from netdeck.domain.errors import InvalidInput, StorageError
from netdeck.services.import_merge import ImportProgress, ProgressCallback
from netdeck.store.database import Database, open_database
from netdeck.store.deck_copy import (
    FirstLook,
    TableDigest,
    clear_tables,
    copy_table,
    count_rows,
    deck_tables,
    digest_table,
    first_look,
    lock_for_copy,
    remove_sqlite_files,
    rows_beyond,
    snapshot,
)
from netdeck.store.locations import DatabaseLocation, resolve_location


@dataclass(frozen=True, slots=True)
class CopiedTable:
    """One table as copied: its rows and the SHA-256 (hex) of them, equal on both sides."""

    name: str
    rows: int
    checksum: str


@dataclass(frozen=True, slots=True)
class CopySummary:
    """Where a deck went (``target`` without any password) and what it took."""

    source: str
    target: str
    tables: tuple[CopiedTable, ...]


def copy_deck(
    source: Database, target: str, *, progress: ProgressCallback | None = None
) -> CopySummary:
    """Copy every table of ``source`` into the empty deck at ``target`` (a path or
    URL), all or nothing, verified; ``progress`` hears each table's rows go in."""
    location = resolve_location(target)
    _refuse_same(source.location, location)
    look = first_look(location)
    if look.contacts or look.interactions:
        raise _not_empty(
            location, f"{look.contacts:,} contacts, {look.interactions:,} interactions"
        )
    created = location.path is not None and not location.path.exists()
    try:
        opened = open_database(target)
        try:
            tables = _copy_into(source, opened, look, progress)
        finally:
            opened.close()
    except BaseException:
        if created:
            remove_sqlite_files(location)
        raise
    return CopySummary(source.location.describe(), location.describe(), tables)


def _copy_into(
    source: Database, target: Database, look: FirstLook, progress: ProgressCallback | None
) -> tuple[CopiedTable, ...]:
    copied: list[CopiedTable] = []
    with target.writing() as session:
        connection = session.connection()
        lock_for_copy(connection)
        if not look.fresh:
            _ensure_empty(connection, target.location)
        clear_tables(connection)  # the rows a new deck starts with give way
        with snapshot(source) as reading:
            for table in deck_tables():
                total = count_rows(reading, table)
                phase = f"copying {table.name}"

                def tell(done: int, phase: str = phase, total: int = total) -> None:
                    if progress is not None:
                        progress(ImportProgress(phase, done, total))

                tell(0)
                digest = copy_table(reading, connection, table, tell)
                copied.append(CopiedTable(table.name, digest.rows, digest.checksum))
        _verify(connection, copied, target.location, progress)
    return tuple(copied)


def _verify(
    connection: Connection,
    copied: list[CopiedTable],
    location: DatabaseLocation,
    progress: ProgressCallback | None,
) -> None:
    """Read every table back from the target (in the copy's transaction) and compare."""
    for done, (table, expected) in enumerate(zip(deck_tables(), copied, strict=True)):
        if progress is not None:
            progress(ImportProgress("verifying", done, len(copied)))
        found = digest_table(connection, table)
        if found != TableDigest(expected.rows, expected.checksum):
            raise StorageError(
                f"the copy to {location.describe()} did not verify: its table {table.name} "
                f"holds {found.rows} rows (checksum {found.checksum[:12]}) where the source "
                f"holds {expected.rows} (checksum {expected.checksum[:12]}); nothing was "
                "copied: report this to netdeck's maintainers"
            )
    if progress is not None:
        progress(ImportProgress("verifying", len(copied), len(copied)))


def _ensure_empty(connection: Connection, location: DatabaseLocation) -> None:
    """Refuse a target that holds anything a new deck does not."""
    seeded = open_database("sqlite://")  # a new deck, in memory: what migrations seed
    try:
        with seeded.reading() as session:
            beyond = rows_beyond(connection, session.connection())
    finally:
        seeded.close()
    if beyond:
        held = ", ".join(f"{count:,} {name} rows" for name, count in sorted(beyond.items()))
        raise _not_empty(location, held)


def _not_empty(location: DatabaseLocation, held: str) -> InvalidInput:
    return InvalidInput(
        f"{location.describe()} is not an empty deck (it holds {held}); nothing was "
        "changed: copy into a new database (e.g. `netdeck copy --to new.db`) or an empty one"
    )


def _refuse_same(source: DatabaseLocation, target: DatabaseLocation) -> None:
    same = (
        source.path.resolve() == target.path.resolve()
        if source.path is not None and target.path is not None
        else source.url == target.url
    )
    if same:
        raise InvalidInput(
            f"{target.describe()} is the deck being copied: give --to another database"
        )


__all__ = ["CopiedTable", "CopySummary", "copy_deck"]

"""Fast bulk inserts for generated and imported rows.

SQLAlchemy's ``executemany`` spends most of its time building a parameter
dict per row. For tens of thousands of rows, :func:`bulk_insert` compiles the
INSERT once for the connection's dialect, applies each column's bind
processor (so dates are stored exactly as the ORM stores them), and hands
plain tuples to the driver's ``executemany``. It stays dialect-neutral: the
SQL and the value conversions come from the dialect.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import FromClause, Table, insert
from sqlalchemy.engine import Connection

#: Every column of a row, in the order bulk rows of generated or imported data are built.
CONTACT_COLUMNS = (
    "id",
    "full_name",
    "first_name",
    "last_name",
    "name_key",
    "company",
    "title",
    "how_we_met",
    "notes",
    "stage",
    "stage_since",
    "cadence_days",
    "next_due_on",
    "snoozed_until",
    "skipped_on",
    "last_interaction_on",
    "connected_on",
    "source",
    "search_text",
    "created_at",
    "updated_at",
)
CHANNEL_COLUMNS = ("id", "contact_id", "kind", "value", "lookup_key", "preferred")
INTERACTION_COLUMNS = (
    "id",
    "contact_id",
    "occurred_on",
    "channel",
    "kind",
    "direction",
    "note",
    "text_sent",
    "snippet_id",
    "source",
    "created_at",
)

SNIPPET_COLUMNS = ("id", "name", "kind", "channel", "subject", "body", "created_at", "updated_at")
TAG_COLUMNS = ("id", "name")
CONTACT_TAG_COLUMNS = ("contact_id", "tag_id")
SETTING_COLUMNS = ("key", "value")


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
    if converters:
        converted = []
        for row in rows:
            values = list(row)
            for i, convert in converters:
                if values[i] is not None:
                    values[i] = convert(values[i])
            converted.append(tuple(values))
        rows = converted
    if compiled.positional:
        order = compiled.positiontup or []
        missing = set(order) - set(columns)
        if missing:
            raise ValueError(f"bulk_insert into {table.name}: no values for {sorted(missing)}")
        positions = [list(columns).index(name) for name in order]
        if positions != list(range(len(columns))):
            rows = [tuple(row[i] for i in positions) for row in rows]
        parameters: Sequence[object] = rows
    else:
        parameters = [dict(zip(columns, row, strict=True)) for row in rows]
    connection.exec_driver_sql(str(compiled), parameters)


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

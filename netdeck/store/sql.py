"""Small SQL constructs that differ between dialects, compiled per dialect.

Queries stay dialect-neutral by using these instead of writing SQLite (or
PostgreSQL) functions inline.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import Any, TypeVar, TypeVarTuple

from sqlalchemy import Integer, Row, Select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.expression import FunctionElement


class days_between(FunctionElement[int]):
    """Whole days from the second date to the first: ``days_between(later, earlier)``."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between_default(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(later, **kw)}) - "
        f"julianday({compiler.process(earlier, **kw)}) AS INTEGER)"
    )


#: The most values to put in one ``IN (...)`` list: SQLite before 3.32 allows 999
#: bound values in a statement (later versions and PostgreSQL allow far more).
IN_LIST_AT_MOST = 500
#: Above this many ids, reading every row once and keeping the wanted ones beats
#: hundreds of IN lists (a sync of a whole LinkedIn export touches most contacts).
MANY_IDS = 5_000


_Ts = TypeVarTuple("_Ts")
_Value = TypeVar("_Value", int, str)


def in_lists(values: Sequence[_Value]) -> Iterator[list[_Value]]:
    """``values`` in pieces one ``IN (...)`` list can hold (:data:`IN_LIST_AT_MOST`)."""
    for start in range(0, len(values), IN_LIST_AT_MOST):
        yield list(values[start : start + IN_LIST_AT_MOST])


def rows_for_ids(
    session: Session,
    query: Select[*_Ts],
    column: QueryableAttribute[int] | ColumnElement[int],
    ids: Collection[int],
) -> Iterator[Row[*_Ts]]:
    """The rows of ``query`` whose ``column`` (selected first) is one of ``ids``: through
    IN lists of at most :data:`IN_LIST_AT_MOST`, or for :data:`MANY_IDS` and more, one
    pass over every row, filtered here."""
    wanted = ids if isinstance(ids, (set, frozenset)) else set(ids)
    # Core execution: rows come from the cursor as they are read, none buffered.
    connection = session.connection()
    if len(wanted) >= MANY_IDS:
        for row in connection.execute(query):
            if row[0] in wanted:  # type: ignore[misc]  # the id column is selected first
                yield row
        return
    for chunk in in_lists(sorted(wanted)):
        yield from connection.execute(query.where(column.in_(chunk)))


def escape_like(term: str) -> str:
    """``term`` with LIKE wildcards escaped (use with ``escape='\\\\'``)."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

"""Small SQL constructs that differ between dialects, compiled per dialect.

Queries stay dialect-neutral by using these instead of writing SQLite (or
PostgreSQL) functions inline.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterator, Sequence
from datetime import date
from typing import Any, TypeVar, TypeVarTuple

from sqlalchemy import (
    Date,
    FromClause,
    Integer,
    Join,
    Row,
    Select,
    String,
    Table,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.engine import Connection
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


class days_before(FunctionElement[date]):
    """The day ``days`` days before ``day``, where ``days`` is a column or an expression
    of the row (a positive count): a per-row bound for an index range, such as a
    contact's conversations within its cadence before a day."""

    type = Date()
    inherit_cache = True
    name = "days_before"


@compiles(days_before)
def _days_before_default(element: days_before, compiler: SQLCompiler, **kw: Any) -> str:
    day, days = list(element.clauses)
    return f"({compiler.process(day, **kw)} - {compiler.process(days, **kw)})"


@compiles(days_before, "sqlite")
def _days_before_sqlite(element: days_before, compiler: SQLCompiler, **kw: Any) -> str:
    day, days = list(element.clauses)
    return (
        f"date({compiler.process(day, **kw)}, '-' || ({compiler.process(days, **kw)}) || ' days')"
    )


class days_after(FunctionElement[date]):
    """The day ``days`` days after ``day`` (before it when negative), as a date in
    each dialect: an index range bound where ``days_between(...) <= days`` would read
    on to the end of the index (``days_after(Interaction.occurred_on, 14)``)."""

    type = Date()
    inherit_cache = True
    name = "days_after"

    def __init__(
        self, day: ColumnElement[date | None] | QueryableAttribute[date | None], days: int
    ) -> None:
        # The count is written into the SQL (a constant of the query, never user text),
        # so it is part of the statement's cache key.
        super().__init__(day, literal_column(str(int(days))))


@compiles(days_after)
def _days_after_default(element: days_after, compiler: SQLCompiler, **kw: Any) -> str:
    day, days = list(element.clauses)
    return f"({compiler.process(day, **kw)} + {compiler.process(days, **kw)})"


@compiles(days_after, "sqlite")
def _days_after_sqlite(element: days_after, compiler: SQLCompiler, **kw: Any) -> str:
    day, days = list(element.clauses)
    return f"date({compiler.process(day, **kw)}, '{int(compiler.process(days, **kw)):+d} days')"


class in_this_order(Join):
    """An inner join SQLite runs with the left table outside (``CROSS JOIN ... ON``,
    SQLite's way to fix the order; other databases plan a plain ``JOIN`` freely).

    For a correlated look-up per row that should follow the left table's order: per
    contact, one contact's interactions after another, instead of one random
    contact after another down a date index."""

    inherit_cache = True

    def __init__(self, left: FromClause, right: FromClause, onclause: ColumnElement[bool]) -> None:
        super().__init__(left, right, onclause)


@compiles(in_this_order, "sqlite")
def _in_this_order_sqlite(element: in_this_order, compiler: SQLCompiler, **kw: Any) -> str:
    kw["asfrom"] = True
    left = element.left._compiler_dispatch(compiler, **kw)
    right = element.right._compiler_dispatch(compiler, **kw)
    kw.pop("asfrom")
    assert element.onclause is not None  # always given (the constructor requires it)
    return f"{left} CROSS JOIN {right} ON {element.onclause._compiler_dispatch(compiler, **kw)}"


class by_code_point(FunctionElement[str]):
    """Text to sort by in code point order, as Python compares strings and SQLite's
    default (BINARY) collation sorts: ``order_by(by_code_point(Contact.name_key))``.

    A PostgreSQL database sorts text by its own collation (``en_US.UTF-8`` or ICU on
    most servers: "a" before "B", accents and punctuation ignored at first), so
    without this the queue and lists would order differently on PostgreSQL than on
    SQLite and than the domain's sort keys."""

    type = String()
    inherit_cache = True
    name = "by_code_point"


@compiles(by_code_point)
def _by_code_point_default(element: by_code_point, compiler: SQLCompiler, **kw: Any) -> str:
    (text,) = list(element.clauses)
    return str(compiler.process(text, **kw))


@compiles(by_code_point, "postgresql")
def _by_code_point_postgresql(element: by_code_point, compiler: SQLCompiler, **kw: Any) -> str:
    (text,) = list(element.clauses)
    return f'{compiler.process(text, **kw)} COLLATE "C"'


class nulls_as_in_sqlite(FunctionElement[Any]):
    """An ORDER BY term that puts nulls where SQLite does: first ascending, last with
    ``descending=True``. PostgreSQL's default is the reverse (nulls sort as the
    largest value); saying NULLS FIRST/LAST there, and nothing on SQLite, keeps
    SQLite's statements (and the start-up SQL generated from them) as they were."""

    inherit_cache = True
    name = "nulls_as_in_sqlite"

    def __init__(self, term: ColumnElement[Any], *, descending: bool = False) -> None:
        super().__init__(term)
        self.descending = descending
        self.type = term.type

    @property
    def _direction(self) -> str:
        return " DESC" if self.descending else ""


@compiles(nulls_as_in_sqlite)
def _nulls_default(element: nulls_as_in_sqlite, compiler: SQLCompiler, **kw: Any) -> str:
    (term,) = list(element.clauses)
    return f"{compiler.process(term, **kw)}{element._direction}"


@compiles(nulls_as_in_sqlite, "postgresql")
def _nulls_postgresql(element: nulls_as_in_sqlite, compiler: SQLCompiler, **kw: Any) -> str:
    (term,) = list(element.clauses)
    nulls = "NULLS LAST" if element.descending else "NULLS FIRST"
    return f"{compiler.process(term, **kw)}{element._direction} {nulls}"


@compiles(String, "postgresql")
def _string_postgresql(type_: String, compiler: Any, **kw: Any) -> str:
    """A length-limited ``String`` is plain ``VARCHAR`` (no limit) on PostgreSQL.

    The lengths in the models are what netdeck means to store, not a rule SQLite
    enforces: SQLite stores a longer text as it is. On PostgreSQL a longer text
    (a 400-character job title in an import, a long name in a restored export)
    would fail the whole write, so the two backends keep the same text alike."""
    if type(type_) is String:
        return "VARCHAR"
    return str(getattr(compiler, f"visit_{type_.__visit_name__}")(type_, **kw))


def ids_were_given(connection: Connection, table: Table) -> None:
    """After rows went into ``table`` with their ids given (a bulk import, a restore,
    an undone merge, a copied deck): on PostgreSQL, move the table's id sequence past
    the largest id, so the next row the database numbers does not collide with them.
    Never back: ids another session reserved (:class:`NewIds`) and has not committed
    yet are above the largest id this one sees. SQLite numbers a new row from the
    largest id there is, so there is nothing to do."""
    if connection.dialect.name != "postgresql" or "id" not in table.c:
        return
    name = connection.dialect.identifier_preparer.quote(table.name)
    connection.execute(
        text(
            "SELECT setval(sequence, top) FROM "
            "(SELECT pg_get_serial_sequence(:table, 'id') AS sequence) AS s, "
            f"(SELECT max(id) AS top FROM {name}) AS m "
            "WHERE top > coalesce(pg_sequence_last_value(sequence::regclass), 0)"
        ),
        {"table": table.name},
    )


class NewIds:
    """Ids for new rows a bulk insert writes with their ids given (an import, a sync).

    On SQLite a write transaction holds the database's one write lock, so the next id
    is the largest there is plus one. On PostgreSQL several sessions write at once:
    two imports (or an import and someone adding a contact in the TUI) that both
    counted from the largest id would hand out the same ids, and the later insert
    would fail on the primary key (or wait for the other and then fail). There the
    ids come from the table's own sequence, as the database numbers a row itself
    (``nextval``: never the same value twice, whoever asks), a block at a time
    (growing to :data:`_LARGEST_BLOCK`, so 100,000 ids take a few round trips); an id
    reserved and not used is a gap, as after any rolled-back insert.
    ``reserve=False`` (a planning pass that writes nothing) counts on from the
    largest id and leaves the sequence alone. The ids rise, with gaps only on
    PostgreSQL.
    """

    def __init__(self, connection: Connection, table: FromClause, *, reserve: bool = True) -> None:
        if not isinstance(table, Table):  # a mapped class's __table__ is typed as any FROM clause
            raise TypeError(f"NewIds needs a table, not {table!r}")
        self._connection = connection
        self._table = table
        self._from_sequence = reserve and connection.dialect.name == "postgresql"
        self._ready: deque[int] = deque()
        self._block = _FIRST_BLOCK
        self._next = 0
        if not self._from_sequence:
            top = connection.execute(select(func.max(table.c.id))).scalar()
            self._next = (top or 0) + 1

    def __next__(self) -> int:
        if not self._from_sequence:
            self._next += 1
            return self._next - 1
        if not self._ready:
            self._ready.extend(self._reserved(self._block))
            self._block = min(self._block * 2, _LARGEST_BLOCK)
        return self._ready.popleft()

    def __iter__(self) -> NewIds:
        return self

    def take(self, count: int) -> list[int]:
        """``count`` new ids, rising."""
        if not self._from_sequence or count <= len(self._ready):
            return [next(self) for _ in range(count)]
        wanted = count - len(self._ready)
        taken = [*self._ready, *self._reserved(wanted)]
        self._ready.clear()
        return taken

    def _reserved(self, count: int) -> list[int]:
        result = self._connection.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
            ),
            {"table": self._table.name, "n": count},
        )
        return sorted(int(value) for value in result.scalars())


_FIRST_BLOCK = 100
_LARGEST_BLOCK = 10_000


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


#: What migration 0015 makes for search that the models do not hold: an FTS5 table
#: (its shadow tables and term list named from it) and its triggers on SQLite,
#: expression indexes on PostgreSQL (:mod:`netdeck.store.search_index`).
SEARCH_INDEX_PREFIXES = ("contacts_search", "ix_contacts_search_", "ix_contacts_name_code_points")


def not_in_models(name: str | None) -> bool:
    """Whether a database object of this name is the search index's own."""
    return name is not None and name.startswith(SEARCH_INDEX_PREFIXES)


def exists_on(dialect_name: str) -> Any:
    """An Alembic ``include_object`` filter: the models' objects that exist on this
    dialect (an index made ``.ddl_if(dialect="postgresql")`` is left out on SQLite,
    which Alembic's comparison does not know by itself), and none of the search
    index's own (:data:`SEARCH_INDEX_PREFIXES`)."""

    def include_object(
        item: object, _name: str | None, _type: str, reflected: bool, _compare_to: object
    ) -> bool:
        if reflected and not_in_models(_name):
            return False  # the search index's own objects (migration 0015), left out on purpose
        condition = getattr(item, "_ddl_if", None)
        if reflected or condition is None or condition.dialect is None:
            return True
        return bool(condition.dialect == dialect_name)

    return include_object

"""Shared fixtures: every test gets its own data dir, database path and a fixed today."""

from __future__ import annotations

import importlib.util
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

import pytest

TODAY = date(2026, 11, 25)
REPO_ROOT = Path(__file__).resolve().parent.parent


def _migration(name: str):  # type: ignore[no-untyped-def]  # a module loaded from a path
    path = REPO_ROOT / "migrations" / "versions" / name
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _default_snippets() -> tuple[tuple[str, str, str, str, str], ...]:
    """(name, kind, channel, subject, body) of the snippets a new database starts with,
    read from the migrations that add them (0006 adds one to any library)."""
    first = _migration("0002_default_snippets.py").DEFAULT_SNIPPETS
    return (
        *first,
        _migration("0006_sync.py").CONGRATULATIONS,
        _migration("0011_key_dates.py").BIRTHDAY,
    )


DEFAULT_SNIPPETS = _default_snippets()
DEFAULT_SNIPPET_NAMES = tuple(name for name, *_ in DEFAULT_SNIPPETS)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the real data dir and pin today's date."""
    data = tmp_path / "data"
    monkeypatch.setenv("NETDECK_DATA_DIR", str(data))
    monkeypatch.delenv("NETDECK_DB", raising=False)
    monkeypatch.setenv("NETDECK_TODAY", TODAY.isoformat())
    monkeypatch.setenv("NETDECK_CLIPBOARD", "off")
    return data


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "netdeck.db"


#: Run a test on both backends: ``@on_both_backends`` (the ``database`` fixture and
#: ``backend_target`` follow the parameter). Under :data:`ON_BOTH_BACKENDS` that is
#: already so for every test that opens a database (:func:`pytest_generate_tests`).
on_both_backends = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)

#: The folders of tests/ whose every test that opens a database runs on SQLite and on
#: PostgreSQL. Not the TUI's (a smoke set says ``@postgresql_too``), nor tests/reliability
#: (kill loops, damaged and read-only files: SQLite's files), nor tests/e2e (tmux).
ON_BOTH_BACKENDS = ("cli", "services", "unit")


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend of this test: ``sqlite`` unless parametrized."""
    return str(getattr(request, "param", "sqlite"))


def _parametrizes_backend(definition: pytest.Function) -> bool:
    return any(
        "backend" in (mark.args[0] if isinstance(mark.args[0], (list, tuple)) else
                      [name.strip() for name in mark.args[0].split(",")])
        for mark in definition.iter_markers("parametrize")
    )  # fmt: skip


def _opens_a_database(metafunc: pytest.Metafunc) -> bool:
    """Whether the test depends on ``backend``, through any fixture. pytest's own list
    misses what an overridden fixture's parent needs (``def database(database)``), so
    walk every definition of every fixture; a ``backend`` found so is added to the list."""
    if "backend" in metafunc.fixturenames:
        return True
    manager = metafunc.definition.session._fixturemanager
    seen: set[str] = set()
    waiting = list(metafunc.fixturenames)
    while waiting:
        name = waiting.pop()
        if name in seen:
            continue
        seen.add(name)
        for fixturedef in manager.getfixturedefs(name, metafunc.definition) or ():
            waiting.extend(fixturedef.argnames)
    if "backend" not in seen:
        return False
    metafunc.fixturenames.append("backend")
    metafunc._arg2fixturedefs["backend"] = manager.getfixturedefs("backend", metafunc.definition)  # type: ignore[assignment]
    return True


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that opens a database (it depends on ``backend``) on both backends,
    ids ``[sqlite]`` and ``[postgresql]``, if it lives under :data:`ON_BOTH_BACKENDS` or
    says ``@postgresql_too``; ``@sqlite_only`` keeps it on SQLite (its id unchanged, or
    ``[sqlite]`` in a module that imports ``every_backend``). A test that parametrizes
    ``backend`` itself is left alone.

    This runs before pytest turns marks into parameters, so it adds a ``parametrize``
    mark: the parametrized ``every_backend`` fixture then stands aside for it."""
    from tests.postgres import BACKENDS

    definition = metafunc.definition
    if not _opens_a_database(metafunc) or _parametrizes_backend(definition):
        return
    fixture_has_params = metafunc._arg2fixturedefs["backend"][-1].params is not None
    if definition.get_closest_marker("sqlite_only") is not None:
        if fixture_has_params:
            definition.add_marker(pytest.mark.parametrize("backend", ["sqlite"], indirect=True))
        return
    area = definition.path.relative_to(REPO_ROOT / "tests").parts[0]
    wanted = area in ON_BOTH_BACKENDS or definition.get_closest_marker("postgresql_too")
    if wanted and not fixture_has_params:
        definition.add_marker(pytest.mark.parametrize("backend", BACKENDS, indirect=True))


@pytest.fixture(scope="session")
def postgres_cluster():  # type: ignore[no-untyped-def]  # a generator fixture
    """A throwaway PostgreSQL 15 cluster for this session (see tests/postgres.py)."""
    from tests.postgres import running_cluster

    with running_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def dovecot():  # type: ignore[no-untyped-def]  # a generator fixture
    """A private Dovecot for this session (one per xdist worker; tests/imap_server.py)."""
    from tests.imap_server import dovecot_missing, start_dovecot

    missing = dovecot_missing()
    if missing:
        pytest.skip(missing)
    server = start_dovecot()
    yield server
    server.stop()


@pytest.fixture
def mailbox(dovecot):  # type: ignore[no-untyped-def]
    """An empty mailbox of its own on the test Dovecot (INBOX and Sent)."""
    return dovecot.new_mailbox()


@pytest.fixture
def backend_target(  # type: ignore[no-untyped-def]  # a generator fixture
    backend: str, db_path: Path, request: pytest.FixtureRequest
):
    """What ``--db`` names for this test's database: a file, or a new PostgreSQL database
    copied from the migrated template."""
    if backend != "postgresql":
        yield str(db_path)
        return
    cluster = request.getfixturevalue("postgres_cluster")
    url = cluster.new_database()
    yield url
    cluster.drop_database(url)


@pytest.fixture
def database(backend_target: str):
    """An open, migrated, empty database (SQLite unless ``backend`` says otherwise)."""
    from netdeck.store.database import open_database

    db = open_database(backend_target)
    yield db
    db.close()


def sqlite_dump(path: Path) -> list[str]:
    """Every row and schema statement of a SQLite file: equal dumps, equal data.

    Leaves out the search index (FTS5's tables, its view and triggers, all named
    ``contacts_search...``): derived from ``contacts.search_text`` like any index,
    its pages depend on the order rows were written, and a dump holds no index's
    pages either (tests/services/test_search_index.py holds it equal to the text)."""

    connection = sqlite3.connect(path)
    try:
        return [line for line in connection.iterdump() if "contacts_search" not in line]
    finally:
        connection.close()


def is_server(target: Path | str | None) -> bool:
    """Whether ``target`` is the URL of a server database (else a SQLite file)."""
    return isinstance(target, str) and target.startswith("postgresql")


def database_dump(target: Path | str) -> list[str]:
    """Every row and schema statement of a deck: equal dumps, equal data. For a SQLite
    file its ``iterdump``; for PostgreSQL each table's columns, then its rows in order."""
    if not is_server(target):
        return sqlite_dump(Path(target))
    tables = [
        name
        for (name,) in query(
            target, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        )
    ]
    dump: list[str] = []
    for table in tables:
        columns = query(
            target,
            "SELECT column_name, data_type, is_nullable, column_default FROM "
            "information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        )
        dump.append(f"{table} {columns!r}")
        order = ", ".join(str(place) for place in range(1, len(columns) + 1))
        dump += [
            f"{table} {row!r}" for row in query(target, f'SELECT * FROM "{table}" ORDER BY {order}')
        ]
    return dump


def query(target: Path | str, sql: str, parameters: Iterable[object] = ()) -> list[tuple]:
    """The rows of ``sql`` (``?`` placeholders) on a SQLite file or a PostgreSQL URL."""
    if is_server(target):
        import psycopg

        from tests.postgres import connection_options

        with psycopg.connect(**connection_options(str(target))) as connection:
            cursor = connection.execute(sql.replace("?", "%s"), tuple(parameters))  # type: ignore[arg-type]  # test SQL
            rows = cursor.fetchall() if cursor.description else []
        return [tuple(_as_in_sqlite(value) for value in row) for row in rows]
    connection = sqlite3.connect(target)
    try:
        return connection.execute(sql, tuple(parameters)).fetchall()
    finally:
        connection.close()


def _as_in_sqlite(value: object) -> object:
    """A day as SQLite hands it back (ISO text), so one expected row fits both."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    return value


def write(target: Path | str, sql: str, *rows: Sequence[object]) -> int:
    """Change a deck behind netdeck's back, bypassing every rule: ``sql`` (``?``
    placeholders) once for each row of parameters (once if none), committed; how many
    rows it changed."""
    if is_server(target):
        import psycopg

        from tests.postgres import connection_options

        with psycopg.connect(**connection_options(str(target))) as connection:
            cursor = connection.cursor()
            if rows:
                cursor.executemany(sql.replace("?", "%s"), rows)  # type: ignore[arg-type]  # test SQL
            else:
                cursor.execute(sql)  # type: ignore[arg-type]  # test SQL, maybe several statements
            return cursor.rowcount
    connection = sqlite3.connect(target)
    try:
        with connection:
            if not rows:
                return connection.executescript(sql).rowcount
            return connection.executemany(sql, rows).rowcount
    finally:
        connection.close()


def table_rows(database) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def]
    """Every row of every table of an open database, in id order: equal rows, equal data
    (for PostgreSQL, where :func:`sqlite_dump` cannot look)."""
    from sqlalchemy import select

    from netdeck.store.models import Base

    with database.reading() as session:
        return {
            table.name: [tuple(row) for row in session.execute(select(table).order_by(*table.c))]
            for table in Base.metadata.sorted_tables
        }

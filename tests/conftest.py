"""Shared fixtures: every test gets its own data dir, database path and a fixed today."""

from __future__ import annotations

import importlib.util
from datetime import date
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
#: ``backend_target`` follow the parameter). Which tests run on PostgreSQL is chosen
#: per module: the services whose SQL differs by dialect (see README, "PostgreSQL").
on_both_backends = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend of this test: ``sqlite`` unless parametrized."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def postgres_cluster():  # type: ignore[no-untyped-def]  # a generator fixture
    """A throwaway PostgreSQL 15 cluster for this session (see tests/postgres.py)."""
    from tests.postgres import running_cluster

    with running_cluster() as cluster:
        yield cluster


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
    """Every row and schema statement of a SQLite file: equal dumps, equal data."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
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

"""A throwaway PostgreSQL 15 cluster for the tests: one per test session (per xdist worker);
and the marks that say which backends a test runs on.

Which tests run on both backends is decided by a collection hook
(``pytest_generate_tests`` in tests/conftest.py): every test under ``tests/cli``,
``tests/services`` and ``tests/unit`` that opens a database (it depends on ``backend``,
directly or through ``backend_target``, ``database`` or the CLI's ``netdeck`` and
``populated``) runs once per backend, ``[sqlite]`` and ``[postgresql]``. Elsewhere a test
opts in with ``@postgresql_too``; anywhere, ``@sqlite_only("why")`` opts one out (or a
module, as ``pytestmark``).

``initdb`` refuses to run as root, so when the tests run as root the cluster is
made and run as the ``postgres`` user (``runuser``), in a temporary folder it
owns. It listens on a Unix socket only (no TCP port to collide on), trusts every
local connection, and is stopped and deleted when the session ends. The schema is
migrated once into a template database; every test gets its own copy
(``CREATE DATABASE ... TEMPLATE``, a file copy: milliseconds).

Missing binaries are a failure, not a skip: ``.ci/run`` installs them.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

#: The backends a test can run on (the ``backend`` fixture in tests/conftest.py).
BACKENDS = ("sqlite", "postgresql")

PG_BIN = Path(os.environ.get("NETDECK_PG_BIN", "/usr/lib/postgresql/15/bin"))
TEMPLATE = "netdeck_template"
#: A server's usual linguistic collation (ICU, English), not byte order: what netdeck
#: sorts must not depend on it (the machine image has no en_US locale, ICU has).
_LOCALE = ("--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=en-US")
#: Settings for speed: the data is thrown away, so nothing need reach the disk, and
#: little write-ahead log is kept (each test's database is a file copy of the template).
_FAST = (
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c wal_level=minimal -c max_wal_senders=0 -c max_wal_size=64MB"
)


@pytest.fixture(name="backend", params=BACKENDS)
def every_backend(request: pytest.FixtureRequest) -> str:
    """Imported into a test module, runs its every test that opens a database on each
    backend (tests that open none run once). Under tests/cli, tests/services and
    tests/unit that is already so (see the module docstring): the import is harmless."""
    return str(request.param)


#: A test (or, as ``pytestmark``, a module) of SQLite alone, saying why: its files
#: (backups beside the database, the WAL, file modes), the start-up fast path.
#: ``@sqlite_only`` or ``@sqlite_only("backups are files beside the database")``.
sqlite_only = pytest.mark.sqlite_only

#: A test outside tests/cli, tests/services and tests/unit (the TUI's smoke tests)
#: that also runs on PostgreSQL.
postgresql_too = pytest.mark.postgresql_too


class PostgresCluster:
    """A running cluster; :meth:`new_database` hands out migrated, empty databases."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.socket_dir = root / "socket"
        self._numbers = itertools.count(1)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}"

    def execute(self, *statements: str) -> None:
        """Run statements outside a transaction (``CREATE DATABASE`` must be)."""
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir), user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            for statement in statements:
                connection.execute(statement)  # type: ignore[arg-type]  # test-only SQL

    def empty_database(self) -> str:
        """A new database with nothing in it; its URL."""
        name = f"t_{os.getpid()}_{next(self._numbers)}"
        self.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def new_database(self, template: str = TEMPLATE) -> str:
        """A new database copied from ``template`` (by default the migrated, empty one);
        its URL. Nothing may be connected to the template while it is copied."""
        name = f"t_{os.getpid()}_{next(self._numbers)}"
        self.execute(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database :meth:`new_database` made (connections left open are ended)."""
        self.execute(f"DROP DATABASE IF EXISTS {database_name(url)} WITH (FORCE)")

    def make_template(self) -> None:
        from netdeck.store.database import open_database

        self.execute(f"CREATE DATABASE {TEMPLATE}")
        database = open_database(self.url(TEMPLATE))
        database.close()


def copy_server_database(url: str) -> str:
    """A copy of a test's PostgreSQL database (nothing may be connected to it), on the
    same cluster, dropped with the cluster; its URL."""
    import psycopg

    options = {**connection_options(url), "dbname": "postgres"}
    name = f"{database_name(url)}_copy_{next(_COPIES)}"
    with psycopg.connect(**options, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name} TEMPLATE {database_name(url)}")  # type: ignore[arg-type]  # test SQL
    return url.replace(f"/{database_name(url)}?", f"/{name}?")


_COPIES = itertools.count(1)


def database_name(url: str) -> str:
    """The database a URL of :meth:`PostgresCluster.url` names."""
    return url.split("?")[0].split("/")[-1]


def connection_options(url: str) -> dict[str, str]:
    """psycopg's ``connect`` keywords for a URL of :meth:`PostgresCluster.url`."""
    return {
        "host": url.split("?host=")[1],
        "user": "postgres",
        "dbname": database_name(url),
    }


def _as_postgres(*command: str | Path) -> list[str]:
    words = [str(part) for part in command]
    return ["runuser", "-u", "postgres", "--", *words] if os.geteuid() == 0 else words


def _run(*command: str | Path) -> None:
    result = subprocess.run(_as_postgres(*command), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, command))} failed ({result.returncode}): "
            f"{result.stderr.strip() or result.stdout.strip()}"
        )


@contextmanager
def running_cluster() -> Iterator[PostgresCluster]:
    """Start a cluster in a temporary folder; stop and delete it afterwards."""
    initdb = PG_BIN / "initdb"
    if not initdb.exists():
        raise RuntimeError(
            f"PostgreSQL 15 is not installed ({initdb} is missing): "
            "apt-get install postgresql-15 (.ci/run does), or set NETDECK_PG_BIN"
        )
    root = Path(tempfile.mkdtemp(prefix="netdeck-pg-"))
    root.chmod(0o755)  # the postgres user must reach its folders, and the tests the socket
    cluster = PostgresCluster(root)
    cluster.socket_dir.mkdir()
    cluster.socket_dir.chmod(0o777)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    started = False
    try:
        _run(initdb, "-D", cluster.data, "-A", "trust", "-U", "postgres", "--no-sync", *_LOCALE)
        options = f"-k {cluster.socket_dir} -c listen_addresses='' {_FAST}"
        _run(PG_BIN / "pg_ctl", "-D", cluster.data, "-o", options, "-w", "-s", "start",
             "-l", root / "server.log")  # fmt: skip
        started = True
        cluster.make_template()
        yield cluster
    finally:
        if started:
            _run(PG_BIN / "pg_ctl", "-D", cluster.data, "-m", "immediate", "-s", "stop")
        shutil.rmtree(root, ignore_errors=True)

"""The store on PostgreSQL: every migration runs up, down to nothing and up again, and
the migrated schema is the models'; the first frame read through libpq alone (psycopg
where no libpq loads)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from netdeck.demo.fill import fill_demo_database
from netdeck.services.api import DeckApi
from netdeck.services.startup import start_first_look
from netdeck.store import migrate
from netdeck.store.database import Database, open_database
from netdeck.store.models import Base
from netdeck.store.revision import HEAD_REVISION
from netdeck.store.sql import exists_on
from tests.conftest import TODAY, on_both_backends
from tests.postgres import PostgresCluster


def schema_differences(database: Database) -> list[object]:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_object": exists_on(connection.dialect.name),
            },
        )
        return list(compare_metadata(context, Base.metadata))


def test_every_migration_runs_up_down_and_up_again(postgres_cluster: PostgresCluster) -> None:
    url = postgres_cluster.empty_database()
    database = open_database(url)  # 0001 .. head, as netdeck opens a new server database
    try:
        assert schema_differences(database) == []
        config = migrate.alembic_config()
        with database.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        with database.engine.connect() as connection:
            left = set(inspect(connection).get_table_names()) - {"alembic_version"}
        assert left == set()
        migrate.upgrade_to_head(database.engine)
        with database.engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert revision.scalar() == HEAD_REVISION
        assert schema_differences(database) == []
    finally:
        database.close()
    postgres_cluster.drop_database(url)


@on_both_backends
def test_the_migrated_schema_is_the_models(database: Database) -> None:
    assert schema_differences(database) == []


@pytest.mark.parametrize("through", ["libpq", "psycopg"])
def test_start_up_reads_a_server_decks_first_frame_without_sqlalchemy(
    postgres_cluster: PostgresCluster, through: str
) -> None:
    # libpq itself spares the first frame psycopg's import; where none loads, psycopg.
    missing = "import netdeck.store.libpq as l; l._library_paths = lambda: []"
    url = postgres_cluster.empty_database()
    try:
        fill_demo_database(url, contacts=120, interactions_per_contact=2, seed=4, today=TODAY)
        deck = DeckApi.open(url, lambda: TODAY)
        try:
            expected = [(e.id, e.reason, e.due_on, e.pulled) for e in deck.queue().entries]
        finally:
            deck.close()
        script = f"""
import sys
from datetime import date
{missing if through == "psycopg" else ""}
from netdeck.services.startup import start_first_look
pending = start_first_look({url!r}, date.fromisoformat({TODAY.isoformat()!r}))
entries = pending.entries()
print(repr([(e.id, e.reason, e.due_on.isoformat() if e.due_on else None, e.pulled) for e in entries]))
print(",".join(m for m in ("sqlalchemy", "alembic", "jinja2", "psycopg") if m in sys.modules) or "none")
"""
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        shown, heavy = result.stdout.strip().splitlines()
        assert expected
        assert shown == repr(
            [
                (i, reason, due.isoformat() if due else None, pulled)
                for i, reason, due, pulled in expected
            ]
        )
        assert heavy == ("none" if through == "libpq" else "psycopg")
    finally:
        postgres_cluster.drop_database(url)


def test_a_server_deck_behind_this_netdeck_waits_for_the_full_load(
    postgres_cluster: PostgresCluster,
) -> None:
    url = postgres_cluster.new_database()
    try:
        database = open_database(url)
        with database.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        database.close()
        pending = start_first_look(url, today=TODAY)
        assert pending is not None and pending.entries() is None
    finally:
        postgres_cluster.drop_database(url)


def test_side_by_side_readers_start_no_parallel_workers_of_their_own(
    postgres_cluster: PostgresCluster,
) -> None:
    # The readers are the parallelism (the health figures); one alone may use them.
    url = postgres_cluster.new_database()
    try:
        database = open_database(url)
        show = text("SELECT current_setting('max_parallel_workers_per_gather')")
        with database.readers(2) as sessions:
            side_by_side = [session.scalar(show) for session in sessions]
        with database.readers(1) as sessions:
            alone = [session.scalar(show) for session in sessions]
        database.close()
        assert (side_by_side, alone) == (["0", "0"], ["2"])
    finally:
        postgres_cluster.drop_database(url)


def test_statements_are_planned_for_their_own_values_every_time(
    postgres_cluster: PostgresCluster,
) -> None:
    # psycopg prepares a statement run five times, and PostgreSQL may then plan it once
    # for any value: a search's LIKE planned without its pattern.
    url = postgres_cluster.new_database()
    try:
        database = open_database(url)
        with database.reading() as session:
            for word in ["ann", "acme", "ros", "sm", "zq", "smith", "a", "ro"]:
                session.execute(
                    text("SELECT count(*) FROM contacts WHERE search_text LIKE :p"),
                    {"p": f"%{word}%"},
                )
            prepared = session.scalar(text("SELECT count(*) FROM pg_prepared_statements"))
        database.close()
        assert prepared == 0
    finally:
        postgres_cluster.drop_database(url)


def test_libpq_says_why_it_cannot_connect_or_run_a_statement(
    postgres_cluster: PostgresCluster,
) -> None:
    from netdeck.store import libpq
    from netdeck.store.preflight import postgresql_uri

    with pytest.raises(libpq.LibpqError, match="No such file or directory"):
        libpq.Connection("postgresql://postgres@/none?host=/nonexistent-netdeck-socket")
    url = postgres_cluster.new_database()
    try:
        uri = postgresql_uri(url)
        assert uri is not None
        with libpq.Connection(uri) as connection:
            assert connection.execute("SELECT %(n)s::INTEGER + 1", {"n": 41}).fetchone() == (42,)
            with pytest.raises(libpq.LibpqError, match="no_such_table"):
                connection.execute("SELECT * FROM no_such_table")
            # Read-only, as the first look only reads.
            with pytest.raises(libpq.LibpqError, match="read-only"):
                connection.execute("CREATE TABLE t (x int)")
    finally:
        postgres_cluster.drop_database(url)


def test_the_drivers_own_warnings_never_reach_the_terminal(
    postgres_cluster: PostgresCluster,
) -> None:
    # psycopg logs what it ignores while cleaning up after a refused batch; without
    # logging set up, Python would print it under netdeck's one-line error.
    url = postgres_cluster.new_database()
    try:
        script = f"""
import logging
from netdeck.store.database import open_database
open_database({url!r}).close()
logging.getLogger("psycopg").warning("error ignored terminating <Pipeline>: pipeline aborted")
"""
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
    finally:
        postgres_cluster.drop_database(url)

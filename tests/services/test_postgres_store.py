"""The store on PostgreSQL: every migration runs up, down to nothing and up again, and
the migrated schema is the models'; start-up without the SQLite fast path."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

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


def test_start_up_skips_the_fast_path_for_a_server_database(
    postgres_cluster: PostgresCluster,
) -> None:
    url = postgres_cluster.new_database()
    try:
        assert start_first_look(url, today=TODAY) is None
    finally:
        postgres_cluster.drop_database(url)

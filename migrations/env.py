"""Alembic environment for netdeck.

netdeck runs migrations itself (see ``netdeck.store.migrate``), passing an
open connection in ``config.attributes["connection"]``. For development,
``python -m tools.new_migration "message"`` (from the repository root) autogenerates a new script
from the models.
SQLite gets batch mode, so ALTERs are done by copy-and-move; netdeck turns
SQLite's foreign keys off around the run and checks them after it (see
``upgrade_to_head``), so a table rebuilt by copy-and-move cascades nowhere.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from netdeck.store.models import Base
from netdeck.store.sql import exists_on

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=exists_on(connection.dialect.name),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        _run(connection)


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()

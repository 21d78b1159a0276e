"""Running Alembic migrations from inside netdeck (imported only when needed).

The migration scripts live in the repository's top-level ``migrations/``
folder, which the build maps to the ``netdeck.migrations`` package.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from sqlalchemy.engine import Connection, Engine


def migrations_path() -> Path:
    """The folder holding ``env.py`` and ``versions/``."""
    return Path(str(files("netdeck.migrations")))


def alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    return config


def script_revisions() -> tuple[str | None, list[str]]:
    """The head revision and every revision (oldest first), read from the scripts."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    revisions = [rev.revision for rev in script.walk_revisions()]
    return script.get_current_head(), list(reversed(revisions))


class ReferencesBroken(Exception):
    """The migrated schema would leave rows pointing at rows that are not there."""


def upgrade_to_head(engine: Engine) -> None:
    """Upgrade the database to the newest revision, in one transaction.

    On SQLite, foreign keys are off while the scripts run: a batch migration
    rebuilds a table by copying it and dropping the original, and with them on,
    dropping ``contacts`` would cascade and delete every interaction. The pragma
    only takes effect outside a transaction, so it is set before the transaction
    begins; ``PRAGMA foreign_key_check`` then runs inside it, and any row left
    pointing nowhere raises :class:`ReferencesBroken`, which rolls the whole
    upgrade back (the database is as it was before)."""
    from alembic import command

    config = alembic_config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _foreign_keys(connection, on=False)
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if sqlite:
                    _check_references(connection)
        finally:
            if sqlite:
                _restore_foreign_keys(connection)


def _foreign_keys(connection: Connection, *, on: bool) -> None:
    # On the driver's connection (autocommit: netdeck's engine sets isolation_level
    # None): through SQLAlchemy, the statement would first begin a transaction, and
    # inside one SQLite ignores this pragma.
    driver = connection.connection.driver_connection
    assert driver is not None  # an open connection always has one
    driver.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")


def _restore_foreign_keys(connection: Connection) -> None:
    # The connection goes back to the pool: whoever uses it next expects them on.
    try:
        _foreign_keys(connection, on=True)
    except Exception:  # never pool it with them off; the error that got here matters more
        connection.invalidate()


def _check_references(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if not broken:
        return
    tables = sorted({f"{row[0]} -> {row[2]}" for row in broken})
    raise ReferencesBroken(
        f"it would leave {len(broken)} rows pointing at rows that are not there "
        f"({', '.join(tables[:5])})"
    )

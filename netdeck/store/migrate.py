"""Running Alembic migrations from inside netdeck (imported only when needed).

The migration scripts live in the repository's top-level ``migrations/``
folder, which the build maps to the ``netdeck.migrations`` package.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from sqlalchemy.engine import Engine


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


def upgrade_to_head(engine: Engine) -> None:
    """Upgrade the database to the newest revision, in one transaction."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _new_revision(message: str) -> None:
    """Autogenerate the next migration script by diffing the models against the head."""
    import tempfile

    from alembic import command

    from netdeck.store.database import open_database

    _head, known = script_revisions()
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"{folder}/head.db")
        database.close()
        config = alembic_config()
        config.set_main_option("sqlalchemy.url", f"sqlite:///{folder}/head.db")
        command.revision(config, message=message, autogenerate=True, rev_id=f"{len(known) + 1:04d}")
    print("Now add the new revision to netdeck/store/revision.py (HEAD_REVISION, KNOWN_REVISIONS).")


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 3 or sys.argv[1] != "revision":
        raise SystemExit('usage: python -m netdeck.store.migrate revision "what changed"')
    _new_revision(sys.argv[2])

"""Authoring a new migration script: autogenerate the next revision from the models.

Run from the repository root::

    python -m tools.new_migration "what changed"

It builds a database at today's head in a temporary folder, lets Alembic diff
the models against it, and writes ``migrations/versions/NNNN_*.py``. The new
revision then has to be added to ``netdeck/store/revision.py`` by hand (a test
keeps that file equal to the scripts).
"""

from __future__ import annotations

import sys
import tempfile

from alembic import command

from netdeck.store.database import open_database
from netdeck.store.migrate import alembic_config, script_revisions


def new_revision(message: str) -> None:
    """Autogenerate the next migration script by diffing the models against the head."""
    _head, known = script_revisions()
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"{folder}/head.db")
        database.close()
        config = alembic_config()
        config.set_main_option("sqlalchemy.url", f"sqlite:///{folder}/head.db")
        command.revision(config, message=message, autogenerate=True, rev_id=f"{len(known) + 1:04d}")
    print("Now add the new revision to netdeck/store/revision.py (HEAD_REVISION, KNOWN_REVISIONS).")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit('usage: python -m tools.new_migration "what changed"')
    new_revision(sys.argv[1])

"""Upgrading an older database: a backup first, then the migration; and no Alembic at head.

The upgrade test adds a fictional revision after the real ones (``NEXT``) to a
copy of ``migrations/`` and points netdeck at it, so it upgrades a database
made by today's netdeck.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest

from netdeck.store import migrate, preflight, revision
from tests.cli.conftest import Netdeck, assert_user_error, copy_database, database_dump, query
from tests.conftest import DEFAULT_SNIPPET_NAMES

HEAD = revision.HEAD_REVISION
KNOWN = revision.KNOWN_REVISIONS
NEXT = f"{int(HEAD[:4]) + 1:04d}"  # a revision id is its number, perhaps with a name
NEXT_REVISION = dedent(
    f'''
    """Snippets get notes.

    Revision ID: {NEXT}
    Revises: {HEAD}
    """

    import sqlalchemy as sa
    from alembic import op

    revision = "{NEXT}"
    down_revision = "{HEAD}"
    branch_labels = None
    depends_on = None


    def upgrade() -> None:
        with op.batch_alter_table("snippets") as batch_op:
            batch_op.add_column(sa.Column("notes", sa.Text(), nullable=True))


    def downgrade() -> None:
        with op.batch_alter_table("snippets") as batch_op:
            batch_op.drop_column("notes")
    '''
)


def columns(database: Path, table: str) -> list[str]:
    return [row[1] for row in query(database, f"PRAGMA table_info({table})")]


def use_next_revision(
    folder: Path, monkeypatch: pytest.MonkeyPatch, script: str = NEXT_REVISION
) -> None:
    """Make netdeck what it would be with a second migration: its scripts and cached head."""
    scripts = folder / "migrations"
    shutil.copytree(
        migrate.migrations_path(), scripts, ignore=shutil.ignore_patterns("__pycache__")
    )
    (scripts / "versions" / f"{NEXT}_snippet_notes.py").write_text(script, encoding="utf-8")
    monkeypatch.setattr(migrate, "migrations_path", lambda: scripts)
    # The cached revisions, wherever they were imported (revision.py first, for later imports).
    holders = [revision] + [
        module
        for name, module in sorted(sys.modules.items())
        if name.startswith("netdeck.")
        and module is not revision
        and hasattr(module, "HEAD_REVISION")
    ]
    assert preflight in holders
    for module in holders:
        monkeypatch.setattr(module, "HEAD_REVISION", NEXT)
        monkeypatch.setattr(module, "KNOWN_REVISIONS", (*KNOWN, NEXT))
    assert migrate.script_revisions() == (NEXT, [*KNOWN, NEXT])


def test_an_older_database_is_backed_up_then_upgraded(
    tmp_path: Path, populated_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netdeck.store.database import open_database

    # A database made by today's netdeck (the head revision), with people in it.
    database = copy_database(populated_template, tmp_path / "netdeck.db")
    assert query(database, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    before = database_dump(database)
    contacts_before = query(database, "SELECT * FROM contacts ORDER BY id")
    assert len(contacts_before) == 6

    use_next_revision(tmp_path / "next", monkeypatch)
    open_database(str(database)).close()

    backups_dir = tmp_path / "backups"
    backups = list(backups_dir.iterdir())
    assert len(backups) == 1
    backup = backups[0]
    assert re.fullmatch(rf"netdeck-\d{{8}}T\d{{12}}Z-before-upgrade-from-{HEAD}\.db", backup.name)
    assert (backups_dir.stat().st_mode & 0o777, backup.stat().st_mode & 0o777) == (0o700, 0o600)
    assert database_dump(backup) == before  # exactly the data from before the upgrade

    assert query(database, "SELECT version_num FROM alembic_version") == [(NEXT,)]
    assert "notes" in columns(database, "snippets")
    assert "notes" not in columns(backup, "snippets")
    assert query(database, "SELECT * FROM contacts ORDER BY id") == contacts_before
    assert query(database, "SELECT name, notes FROM snippets ORDER BY id") == [
        *((name, None) for name in DEFAULT_SNIPPET_NAMES),
        ("hello", None),
        ("thanks", None),
    ]

    # Now at the head: opening it again backs up nothing more.
    open_database(str(database)).close()
    assert list(backups_dir.iterdir()) == [backup]


def test_a_new_database_is_not_backed_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from netdeck.store.database import open_database

    use_next_revision(tmp_path / "next", monkeypatch)
    database = tmp_path / "netdeck.db"
    open_database(str(database)).close()
    assert query(database, "SELECT version_num FROM alembic_version") == [(NEXT,)]
    assert not (tmp_path / "backups").exists()


def test_only_the_newest_ten_backups_of_a_database_are_kept(
    tmp_path: Path, populated_template: Path
) -> None:
    from netdeck.store.backup import KEEP_BACKUPS, backup_into

    backups_dir = tmp_path / "backups"
    database = copy_database(populated_template, tmp_path / "netdeck.db")
    # Another database whose name starts the same way: its backups are its own.
    other = copy_database(populated_template, tmp_path / "netdeck-old.db")
    others = [backup_into(other, backups_dir, "manual") for _ in range(2)]

    made = [backup_into(database, backups_dir, "before-upgrade-from-0001") for _ in range(13)]

    assert KEEP_BACKUPS == 10
    assert sorted(backups_dir.iterdir()) == sorted(made[-10:] + others)
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in backups_dir.iterdir())
    assert database_dump(made[-1]) == database_dump(database)


OPEN_AND_REPORT_ALEMBIC = dedent(
    """
    import sys
    from netdeck.store.database import open_database

    database = open_database(sys.argv[1])
    with database.reading() as session:
        session.connection()
    database.close()
    print("alembic" in sys.modules)
    """
)


@pytest.mark.parametrize(
    ("make_database", "imports_alembic"),
    [
        (lambda template, path: copy_database(template, path), "False"),  # at the head
        (lambda template, path: path, "True"),  # new: must be migrated
    ],
    ids=["at head", "new"],
)
def test_opening_a_database_at_head_does_not_import_alembic(
    tmp_path: Path, populated_template: Path, make_database, imports_alembic: str
) -> None:
    database = make_database(populated_template, tmp_path / "netdeck.db")
    result = subprocess.run(
        [sys.executable, "-c", OPEN_AND_REPORT_ALEMBIC, str(database)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"{imports_alembic}\n"


def test_a_populated_0002_database_gets_the_cleared_days_table(
    tmp_path: Path, populated_template: Path
) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from netdeck.store.database import open_database

    database = copy_database(populated_template, tmp_path / "netdeck.db")
    searched = query(database, "SELECT search_text FROM contacts ORDER BY id")
    engine = create_engine(f"sqlite:///{database}")
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    engine.dispose()
    assert query(database, "SELECT version_num FROM alembic_version") == [("0002",)]
    assert not query(database, "SELECT name FROM sqlite_master WHERE name = 'cleared_days'")
    # Later revisions add columns: every column there was keeps its values, but the
    # search text, which 0010 folds again as it was before the downgrade.
    kept = ", ".join(c for c in columns(database, "contacts") if c != "search_text")
    contacts_before = query(database, f"SELECT {kept} FROM contacts ORDER BY id")

    open_database(str(database)).close()

    assert query(database, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert columns(database, "cleared_days") == ["day"]
    assert query(database, f"SELECT {kept} FROM contacts ORDER BY id") == contacts_before
    assert query(database, "SELECT search_text FROM contacts ORDER BY id") == searched


def _revision_doing(body: str) -> str:
    """A fictional next revision whose ``upgrade()`` is ``body``."""
    return NEXT_REVISION.replace(
        """    with op.batch_alter_table("snippets") as batch_op:
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=True))


def downgrade""",
        f"{body}\n\n\ndef downgrade",
        1,
    )


#: Rebuilds ``contacts`` by copy-and-move, as any batch change to it would.
REBUILD_CONTACTS = _revision_doing(
    """    with op.batch_alter_table("contacts", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("pronouns", sa.Text(), nullable=True))"""
)
#: A broken migration: deletes a contact and leaves its interactions pointing nowhere.
ORPHAN_INTERACTIONS = _revision_doing(
    """    op.execute("DELETE FROM contacts WHERE full_name = 'Ann Lee'")"""
)


def test_a_migration_that_rebuilds_contacts_keeps_every_interaction(
    tmp_path: Path, populated_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With foreign keys on, dropping the old ``contacts`` would cascade to interactions."""
    assert 'recreate="always"' in REBUILD_CONTACTS
    database = copy_database(populated_template, tmp_path / "netdeck.db")
    tables = ("contacts", "channels", "interactions", "contact_tags", "tags")
    before = {table: query(database, f"SELECT * FROM {table} ORDER BY 1, 2") for table in tables}
    assert len(before["interactions"]) == 2 and len(before["channels"]) == 5

    use_next_revision(tmp_path / "next", monkeypatch, REBUILD_CONTACTS)
    netdeck = Netdeck(tmp_path / "data", database)
    shown = netdeck.look("show", "Ann Lee")

    assert query(database, "SELECT version_num FROM alembic_version") == [(NEXT,)]
    assert "pronouns" in columns(database, "contacts")
    for table in ("channels", "interactions", "contact_tags", "tags"):
        assert query(database, f"SELECT * FROM {table} ORDER BY 1, 2") == before[table], table
    assert [row[:-1] for row in query(database, "SELECT * FROM contacts ORDER BY 1")] == before[
        "contacts"
    ]
    assert query(database, "PRAGMA foreign_key_check") == []
    assert [i["occurred_on"] for i in shown["interactions"]] == ["2026-11-01"]
    # Foreign keys are back on for the rest of the run: deleting a contact still cascades.
    from netdeck.store.database import open_database

    opened = open_database(str(database))
    try:
        with opened.writing() as session:
            session.connection().exec_driver_sql("DELETE FROM contacts WHERE id = 1")
            assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        opened.close()
    assert query(database, "SELECT count(*) FROM interactions WHERE contact_id = 1") == [(0,)]


def test_a_migration_that_leaves_rows_pointing_nowhere_is_refused_and_undone(
    tmp_path: Path, populated_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = copy_database(populated_template, tmp_path / "netdeck.db")
    before = database_dump(database)

    use_next_revision(tmp_path / "next", monkeypatch, ORPHAN_INTERACTIONS)
    result = Netdeck(tmp_path / "data", database).in_process("list")

    assert_user_error(
        result,
        str(database),
        f"from schema revision {HEAD} to {NEXT} failed",
        "rows pointing at rows that are not there",
        "interactions -> contacts",
        "the database is unchanged",
        str(tmp_path / "backups"),
    )
    assert database_dump(database) == before
    assert query(database, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    (backup,) = (tmp_path / "backups").iterdir()
    assert database_dump(backup) == before

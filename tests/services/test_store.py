"""The store: migrations match the models, files are private, connections are set up."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import OperationalError

from netdeck.domain.errors import StorageError
from netdeck.domain.settings import Settings
from netdeck.services.contacts import get_contact
from netdeck.services.schedule import log_interaction
from netdeck.services.views import ContactDetail
from netdeck.store.backup import KEEP_BACKUPS, backup_into
from netdeck.store.bulk import BULK_WRITE_CACHE_KIB, indexes_set_aside, lean_page_cache
from netdeck.store.database import BUSY_TIMEOUT_MS, CACHE_KIB, Database, open_database
from netdeck.store.migrate import script_revisions
from netdeck.store.models import Base, Contact, Interaction
from netdeck.store.revision import HEAD_REVISION, KNOWN_REVISIONS
from netdeck.store.sql import exists_on
from tests.postgres import sqlite_only

REPO_ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A permissive umask, so private modes must come from netdeck, not the environment."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_cached_revisions_equal_the_migration_scripts() -> None:
    head, revisions = script_revisions()

    assert head == HEAD_REVISION
    assert list(KNOWN_REVISIONS) == revisions


def test_models_match_the_migrated_schema(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_object": exists_on(connection.dialect.name),
            },
        )
        differences = compare_metadata(context, Base.metadata)

    assert differences == []


def test_new_database_and_data_dir_are_private(
    open_umask: None, isolated_environment: Path
) -> None:
    database = open_database()  # the default location, inside NETDECK_DATA_DIR
    try:
        with database.writing() as session:
            session.execute(text("CREATE TABLE scratch (x INTEGER)"))
        path = isolated_environment / "netdeck.db"
        assert database.location.path == path
        assert mode(isolated_environment) == 0o700
        assert mode(path) == 0o600
        for sibling in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            if sibling.exists():
                assert mode(sibling) == 0o600, sibling.name
    finally:
        database.close()


@sqlite_only("backups are files beside a SQLite database")
def test_backups_are_private_and_only_the_newest_are_kept(
    open_umask: None, database: Database, db_path: Path
) -> None:
    backups = db_path.parent / "backups"
    made = [backup_into(db_path, backups, f"before-test{n:02d}") for n in range(KEEP_BACKUPS + 2)]

    kept = sorted(backups.iterdir())
    assert kept == made[-KEEP_BACKUPS:]
    assert mode(backups) == 0o700
    assert {mode(path) for path in kept} == {0o600}


@sqlite_only("SQLite's pragmas")
@pytest.mark.parametrize("session_kind", ["reading", "writing"])
def test_every_connection_gets_the_pragmas(database: Database, session_kind: str) -> None:
    with getattr(database, session_kind)() as session:
        pragmas = {
            name: session.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
        }

    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": BUSY_TIMEOUT_MS,
        "synchronous": 1,  # NORMAL
    }


def test_deleting_a_contact_deletes_its_interactions(
    add: Callable[..., ContactDetail], database: Database, today: date, settings: Settings
) -> None:
    jane = add("Jane Doe")
    raj = add("Raj Patel")
    with database.writing() as session:
        for contact_id in (jane.id, raj.id):
            log_interaction(
                session, get_contact(session, contact_id), today=today, settings=settings
            )
    with database.writing() as session:
        # Core DELETE, so only the database's foreign keys can remove the interactions.
        session.execute(delete(Contact).where(Contact.id == jane.id))

    with database.reading() as session:
        left = session.scalars(select(Interaction.contact_id)).all()
    assert left == [raj.id]


def test_readers_all_read_the_deck_as_it_was_when_they_opened(
    add: Callable[..., ContactDetail], database: Database
) -> None:
    # The health figures read side by side: a write between one reader's queries and
    # another's must not show in one figure and not in the next.
    add("Jane Doe")
    with database.readers(3) as sessions:
        assert len(sessions) == 3
        first = sessions[0].scalar(select(func.count(Contact.id)))
        add("Raj Patel")  # committed while the readers are open
        counts = [session.scalar(select(func.count(Contact.id))) for session in sessions]
    with database.reading() as session:
        now = session.scalar(select(func.count(Contact.id)))
    assert (first, counts, now) == (1, [1, 1, 1], 2)


def test_readers_need_one_at_least(database: Database) -> None:
    with pytest.raises(ValueError, match="1 or more"), database.readers(0):
        pass


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"

    result = subprocess.run(
        [str(lint_imports)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and " 0 broken" in result.stdout


def _index_sql(database: Database) -> list[str]:
    with database.reading() as session:
        return sorted(
            session.execute(
                text("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            ).scalars()
        )


@sqlite_only("SQLite's page cache")
def test_a_bulk_write_uses_a_smaller_page_cache_and_gives_it_back(database: Database) -> None:
    with database.writing() as session:
        connection = session.connection()
        cache = "PRAGMA cache_size"
        before = connection.exec_driver_sql(cache).scalar_one()
        with lean_page_cache(connection):
            during = connection.exec_driver_sql(cache).scalar_one()
        after = connection.exec_driver_sql(cache).scalar_one()
    assert (before, during, after) == (-CACHE_KIB, -BULK_WRITE_CACHE_KIB, -CACHE_KIB)
    assert BULK_WRITE_CACHE_KIB < CACHE_KIB


@sqlite_only("SQLite's page cache")
def test_a_failed_bulk_write_reports_its_own_error_even_when_the_cache_cannot_be_reset(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with database.writing() as session:
        connection = session.connection()
        real = connection.exec_driver_sql

        def broken(statement: str, *args: object) -> object:
            if statement.startswith("PRAGMA cache_size ="):
                raise OperationalError(statement, {}, Exception("disk I/O error"))
            return real(statement, *args)

        with pytest.raises(ValueError, match="the write's own error"), lean_page_cache(connection):
            # From here on the connection refuses the PRAGMA that gives the cache back.
            monkeypatch.setattr(connection, "exec_driver_sql", broken)
            raise ValueError("the write's own error")


@sqlite_only("indexes are set aside for a big load on SQLite only")
def test_indexes_set_aside_for_a_big_load_come_back_the_same(database: Database) -> None:
    before = _index_sql(database)
    with database.writing() as session:
        connection = session.connection()
        with indexes_set_aside(connection, Interaction.__table__, when=True):
            names = connection.execute(
                text("SELECT name FROM sqlite_master WHERE tbl_name = 'interactions'")
            ).scalars()
            assert [n for n in names if n.startswith(("ix_", "uq_"))] == []
    assert _index_sql(database) == before


@sqlite_only("indexes are set aside for a big load on SQLite only")
def test_a_load_that_fails_with_indexes_set_aside_leaves_them_in_place(
    database: Database,
) -> None:
    before = _index_sql(database)
    with (
        pytest.raises(RuntimeError),
        database.writing() as session,
        indexes_set_aside(session.connection(), Interaction.__table__, when=True),
    ):
        raise RuntimeError("the load failed")
    assert _index_sql(database) == before


@sqlite_only("indexes are set aside for a big load on SQLite only")
def test_a_unique_index_built_again_still_refuses_duplicates(
    add: Callable[..., ContactDetail], database: Database
) -> None:
    contact = add("Jane Doe").id
    row = (1, contact, date(2026, 11, 1), "linkedin", "message", "inbound", "", "k1")
    columns = ("id", "contact_id", "occurred_on", "channel", "kind", "direction", "note")
    columns = (*columns, "external_key")
    with pytest.raises(StorageError, match="UNIQUE"), database.writing() as session:
        connection = session.connection()
        with indexes_set_aside(connection, Interaction.__table__, when=True):
            for values in (row, (2, *row[1:])):
                connection.execute(
                    Interaction.__table__.insert().values(dict(zip(columns, values, strict=True)))
                )
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Interaction)) == 0

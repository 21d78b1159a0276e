"""A deck moves between SQLite and PostgreSQL through the JSON export, byte for byte:
exported from one, restored into the other, exported again, the two files are equal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from netdeck.demo.fill import fill_demo_database
from netdeck.domain.channels import ChannelKind
from netdeck.services.contacts import ContactFields, add_contact
from netdeck.services.exporting import export_json
from netdeck.services.restoring import restore_netdeck_json
from netdeck.services.settings import load_settings
from netdeck.store.database import Database, open_database
from tests.conftest import TODAY
from tests.postgres import PostgresCluster
from tests.services.test_restoring import _awkward_deck, _sync_facts


def exported(target: str) -> str:
    database = open_database(target)
    try:
        with database.reading() as session:
            return export_json(session)
    finally:
        database.close()


def restored(text: str, target: str, tmp_path: Path) -> str:
    """``text`` restored into the new database ``target``, exported again."""
    file = tmp_path / "deck.json"
    file.write_text(text, encoding="utf-8")
    database = open_database(target)
    try:
        restore_netdeck_json(database, file, today=TODAY)
    finally:
        database.close()
    return exported(target)


def test_a_demo_deck_filled_into_postgresql_round_trips_through_sqlite_and_back(
    postgres_cluster: PostgresCluster, tmp_path: Path, today: date
) -> None:
    source = postgres_cluster.new_database()
    fill_demo_database(source, contacts=300, interactions_per_contact=4, seed=3, today=today)
    database = open_database(source)
    try:
        _sync_facts(database)
    finally:
        database.close()
    first = exported(source)

    on_sqlite = restored(first, str(tmp_path / "restored.db"), tmp_path)
    target = postgres_cluster.new_database()
    back_on_postgresql = restored(on_sqlite, target, tmp_path)

    assert '"format": "netdeck"' in first
    assert on_sqlite == first
    assert back_on_postgresql == first
    # The restored ids were given, not numbered by the database: the next ones follow them.
    database = open_database(target)
    try:
        with database.writing() as session:
            settings = load_settings(session)
            added = add_contact(
                session,
                ContactFields(name="Newcomer Person", addresses={ChannelKind.EMAIL: ["n@x.org"]}),
                today=today,
                settings=settings,
            )
        assert added.id == 301
    finally:
        database.close()


def test_awkward_text_round_trips_on_postgresql(
    postgres_cluster: PostgresCluster, tmp_path: Path
) -> None:
    # Emoji, RTL, control characters, markup, a 10,000-character name: all kept as they are.
    source = postgres_cluster.new_database()
    database: Database = open_database(source)
    try:
        _awkward_deck(database)
    finally:
        database.close()
    first = exported(source)

    assert restored(first, postgres_cluster.new_database(), tmp_path) == first
    assert restored(first, str(tmp_path / "restored.db"), tmp_path) == first
    assert "x" * 10_000 in first

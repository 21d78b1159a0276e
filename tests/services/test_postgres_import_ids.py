"""Imports on a PostgreSQL deck shared by several writers: the ids an import gives its
new rows are reserved from the table's sequence, so two imports at once, or an import
while someone adds a contact, never hand out the same id."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from netdeck.services.api import DeckApi
from netdeck.services.contacts import ContactFields, add_contact
from netdeck.services.settings import load_settings
from netdeck.store.database import Database, open_database
from netdeck.store.models import Channel, Contact
from tests.conftest import TODAY
from tests.postgres import PostgresCluster


@pytest.fixture
def url(postgres_cluster: PostgresCluster) -> Iterator[str]:
    url = postgres_cluster.new_database()
    yield url
    postgres_cluster.drop_database(url)


def _people_csv(folder: Path, prefix: str, count: int) -> Path:
    path = folder / f"{prefix}.csv"
    lines = ["Name,Email"]
    lines += [f"{prefix} Person{n},{prefix.lower()}{n}@example.com" for n in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import(url: str, path: Path, outcome: dict[str, object]) -> None:
    api = DeckApi.open(url, lambda: TODAY, "importer")
    try:
        outcome[path.stem] = api.import_file("csv", path).added
    except Exception as error:  # reported to the test, not lost in the thread
        outcome[path.stem] = error
    finally:
        api.close()


def _counts(database: Database) -> tuple[int, int]:
    with database.reading() as session:
        contacts = session.scalar(select(func.count()).select_from(Contact))
        channels = session.scalar(select(func.count()).select_from(Channel))
    return int(contacts or 0), int(channels or 0)


def test_an_import_while_someone_adds_a_contact_uses_other_ids(url: str, tmp_path: Path) -> None:
    path = _people_csv(tmp_path, "Imported", 50)
    outcome: dict[str, object] = {}
    adder = open_database(url)
    try:
        with adder.writing("sam") as session:
            # Sam's new contact takes the next id and is not committed while the
            # import counts: counting from the largest id it can see, the import
            # would give the same id and fail on it once Sam commits.
            add_contact(
                session,
                ContactFields(name="Sam Added"),
                today=TODAY,
                settings=load_settings(session),
            )
            session.flush()
            importing = threading.Thread(target=_import, args=(url, path, outcome))
            importing.start()
            importing.join(timeout=5)  # it need not wait for Sam: its ids are its own
        importing.join(timeout=60)
        assert outcome == {"Imported": 50}
        assert _counts(adder) == (51, 50)
        with adder.writing("sam") as session:  # and the next one the database numbers
            added = add_contact(
                session,
                ContactFields(name="Later One"),
                today=TODAY,
                settings=load_settings(session),
            )
        assert added.id > 51
    finally:
        adder.close()


def test_two_imports_at_once_both_land(url: str, tmp_path: Path) -> None:
    paths = [_people_csv(tmp_path, prefix, 400) for prefix in ("Left", "Right")]
    outcome: dict[str, object] = {}
    threads = [threading.Thread(target=_import, args=(url, path, outcome)) for path in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert outcome == {"Left": 400, "Right": 400}
    database = open_database(url)
    try:
        assert _counts(database) == (800, 800)
    finally:
        database.close()

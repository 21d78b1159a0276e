"""Copying a deck (``DeckApi.copy_to``) between every pair of backends, a few rows at
a time: the target holds exactly the source's rows, and new rows get new ids."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from netdeck.services.api import DeckApi
from netdeck.services.contacts import ContactFields
from netdeck.store import deck_copy
from netdeck.store.database import Database, open_database
from tests.conftest import TODAY, table_rows
from tests.postgres import PostgresCluster

LINKEDIN = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"


def _target(kind: str, tmp_path: Path, cluster: PostgresCluster | None, name: str) -> str:
    if kind == "sqlite":
        return str(tmp_path / f"{name}.db")
    assert cluster is not None
    return cluster.empty_database()


@pytest.fixture
def cluster(request: pytest.FixtureRequest) -> Iterator[PostgresCluster | None]:
    kinds = request.node.callspec.params["route"]
    yield request.getfixturevalue("postgres_cluster") if "postgresql" in kinds else None


def _fill_the_rest(database: Database) -> None:
    """A row in every table the import and the contact above leave empty (a table
    added later and left empty here fails the test: fill it too)."""
    from datetime import datetime

    from netdeck.store import models

    when = datetime(2026, 11, 24, 9, 30, 15, 123456)
    with database.writing("alex") as session:
        session.add_all(
            [
                models.DeckUser(name="Zoë", first_seen_at=when, last_seen_at=when),
                models.Claim(contact_id=1, user="alex", claimed_on=TODAY, claimed_at=when),
                models.ContactEvent(contact_id=1, kind="stage", occurred_on=TODAY, at=when),
                models.RoleChange(
                    contact_id=2,
                    changed_on=TODAY,
                    from_company="A",
                    from_title="",
                    to_company="B",
                    to_title="CTO",
                ),
                models.KeyDate(
                    contact_id=2, kind="birthday", month=2, day=29, yearly=True, added_on=TODAY
                ),
                models.NotDuplicate(low_id=1, high_id=2, marked_at=when),
                models.ClearedDay(day=TODAY),
                models.Setting(key="me", value="alex"),
                models.MailFolder(
                    account="me@imap.example", folder="Sent", uidvalidity=4_294_967_295, last_uid=7
                ),
                models.MailStatus(
                    account="me@imap.example",
                    last_sync_at=when,
                    messages_seen=12,
                    interactions_logged=3,
                    last_error="the connection dropped",
                    last_error_at=when,
                ),
            ]
        )


def _rows(database: Database) -> dict[str, list[str]]:
    return {name: sorted(map(repr, rows)) for name, rows in table_rows(database).items()}


@pytest.mark.parametrize(
    "route",
    [
        ("sqlite", "sqlite"),
        ("sqlite", "postgresql"),
        ("postgresql", "postgresql"),
        ("postgresql", "sqlite"),
    ],
)
def test_a_deck_copies_whole_a_few_rows_at_a_time(
    route: tuple[str, str],
    tmp_path: Path,
    cluster: PostgresCluster | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(deck_copy, "BATCH_ROWS", 4)  # many batches for every table
    source_at = _target(route[0], tmp_path, cluster, "source")
    target_at = _target(route[1], tmp_path, cluster, "target")
    source = DeckApi.open(source_at, lambda: TODAY, "alex")
    try:
        source.import_file("linkedin", LINKEDIN / "Connections.csv")
        source.save_contact(None, ContactFields(name="Ünïcode Ökan", tags=["zz", "Ab", "ab"]))
        _fill_the_rest(source.database)
        before = _rows(source.database)
        assert [name for name, rows in before.items() if not rows] == []
        summary = source.copy_to(target_at)
        after = _rows(source.database)
    finally:
        source.close()

    target = DeckApi.open(target_at, lambda: TODAY, "sam")
    try:
        assert _rows(target.database) == before == after
        assert {t.name: t.rows for t in summary.tables} == {k: len(v) for k, v in before.items()}
        added = target.save_contact(None, ContactFields(name="After Copy"))
        assert added.id > max(int(row.split(",")[0].strip("(")) for row in before["contacts"])
    finally:
        target.close()


def test_the_copy_is_refused_into_a_deck_with_anything_of_its_own(tmp_path: Path) -> None:
    source = DeckApi.open(str(tmp_path / "source.db"), lambda: TODAY)
    other = open_database(str(tmp_path / "other.db"))
    try:
        with other.writing() as session:
            from netdeck.store.models import Setting

            session.add(Setting(key="me", value="Kim"))
        kept = _rows(other)
        with pytest.raises(Exception, match="1 settings rows"):
            source.copy_to(str(tmp_path / "other.db"))
        assert _rows(other) == kept
    finally:
        other.close()
        source.close()

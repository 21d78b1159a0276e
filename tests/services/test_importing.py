"""Importing a LinkedIn export: where people land, idempotence, all-or-nothing, backups."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from netdeck.domain.errors import InvalidInput
from netdeck.services.contacts import ContactFields, edit_contact, resolve_contact
from netdeck.services.importing import import_linkedin
from netdeck.store.database import Database
from netdeck.store.models import Contact, Interaction
from tests.conftest import database_dump
from tests.postgres import every_backend, sqlite_only  # noqa: F401  # the database tests run on both backends

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"
CONNECTIONS = FIXTURES / "Connections.csv"
TODAY = date(2026, 11, 25)


def by_url(database: Database) -> dict[str, Contact]:
    with database.reading() as session:
        contacts = session.scalars(select(Contact)).all()
        result = {}
        for contact in contacts:
            for channel in contact.channels:
                if channel.kind == "linkedin":
                    result[channel.value.rsplit("/", 1)[-1]] = contact
            _ = contact.tags
        return result


def test_where_people_land(database: Database) -> None:
    summary = import_linkedin(database, CONNECTIONS, today=TODAY, tag="LinkedIn")
    assert (summary.added, summary.updated, summary.unchanged) == (39, 0, 0)
    assert [(s.line, s.file) for s in summary.skipped] == [(42, "Connections.csv")]
    people = by_url(database)
    # Connected 7 days ago: due for a first message 3 days after connecting.
    recent = people["greg-alvarez-9f2"]
    assert (recent.stage, recent.connected_on, recent.next_due_on) == (
        "connected",
        date(2026, 11, 18),
        date(2026, 11, 21),
    )
    # Messaged in the last year: active, due from the last message (+30-day default).
    greg = people["greg-alvarez-3e8"]
    assert (greg.stage, greg.last_interaction_on, greg.next_due_on) == (
        "active",
        date(2026, 10, 3),
        date(2026, 11, 2),
    )
    assert greg.company == "Northwind Labs" and greg.source == "linkedin"
    assert {c.kind: c.value for c in greg.channels} == {
        "linkedin": "https://www.linkedin.com/in/greg-alvarez-3e8",
        "email": "greg.alvarez@example.com",
    }
    assert [t.name for t in greg.tags] == ["linkedin"]
    # Last message two years ago, connected long ago: unsorted, never due.
    jonas = people["jonas-nasser-432"]
    assert (jonas.stage, jonas.next_due_on, jonas.last_interaction_on) == (
        "unsorted",
        None,
        date(2024, 5, 19),
    )
    # Outgoing invitations with no matching connection: requested, due 14 days later.
    dana = people["dana-whitfield-7b"]
    assert (dana.stage, dana.stage_since, dana.next_due_on) == (
        "requested",
        date(2026, 11, 2),
        date(2026, 11, 16),
    )
    # Amara's invitation matches her connection: no second Amara.
    assert "amara-byrne-40d" in people and people["amara-byrne-40d"].stage == "unsorted"
    stages = [c.stage for c in people.values()]
    assert stages.count("requested") == 2
    with database.reading() as session:
        rows = session.execute(
            select(Interaction.contact_id, Interaction.direction, Interaction.source)
        ).all()
    # Every message with someone in the deck (the first version kept the last per person)
    # and every outgoing invitation (Amara's too: she is connected).
    assert len(rows) == 9 and {row.source for row in rows} == {"import"}
    assert (greg.id, "inbound", "import") in [tuple(row) for row in rows]


def test_same_name_and_company_with_different_urls_are_different_people(
    database: Database,
) -> None:
    import_linkedin(database, CONNECTIONS, today=TODAY)
    people = by_url(database)
    assert people["greg-alvarez-3e8"].id != people["greg-alvarez-6cc"].id
    assert people["greg-alvarez-3e8"].company == people["greg-alvarez-6cc"].company


def test_reimport_changes_nothing(database: Database, backend_target: str) -> None:
    import_linkedin(database, CONNECTIONS, today=TODAY, tag="li")
    before = database_dump(backend_target)
    summary = import_linkedin(database, CONNECTIONS, today=TODAY, tag="li")
    assert (summary.added, summary.updated, summary.unchanged) == (0, 0, 39)
    assert summary.backup is None
    assert database_dump(backend_target) == before


def test_reimport_fills_gaps_but_keeps_user_edits(database: Database, settings) -> None:
    import_linkedin(database, CONNECTIONS, today=TODAY)
    with database.writing() as session:
        greg = resolve_contact(session, "https://www.linkedin.com/in/greg-alvarez-3e8")
        edit_contact(
            session,
            greg,
            ContactFields(company="Northwind (my note)", title="", stage="dormant"),
            today=TODAY,
            settings=settings,
        )
    summary = import_linkedin(database, CONNECTIONS, today=TODAY)
    assert (summary.added, summary.updated) == (0, 1)
    greg = by_url(database)["greg-alvarez-3e8"]
    assert (greg.company, greg.title, greg.stage) == (
        "Northwind (my note)",
        "Product Manager",
        "dormant",
    )


def test_older_layout_matches_by_email_then_name_and_company(database: Database) -> None:
    import_linkedin(database, CONNECTIONS, today=TODAY)
    older = FIXTURES / "Connections-2020-format.csv"
    summary = import_linkedin(database, older, today=TODAY)
    # The sample has two Priya Okafors at Fernhill University (and six more such pairs):
    # a row without URL or email cannot tell them apart, so it is added, not guessed,
    # and listed with both as possible duplicates.
    assert (summary.added, summary.skipped) == (7, ())
    lines = [(d.file, d.line) for d in summary.possible_duplicates]
    assert lines == [
        ("Connections-2020-format.csv", line) for line in (3, 4, 5, 6, 7, 9, 12) for _ in "ab"
    ]
    assert {d.name == d.contact_name for d in summary.possible_duplicates} == {True}
    # Greg and Fatima match by email, Chen Iyer by name (newline in the company folded);
    # the three outgoing invitations beside the file match by profile URL.
    assert (summary.unchanged, summary.updated) == (6, 0)
    assert summary.matched_by == {"linkedin_url": 3, "email": 2, "name": 1}


def test_dry_run_writes_nothing(
    backend_target: str, database: Database, db_path: Path, row_counts: Callable[[], dict[str, int]]
) -> None:
    before = database_dump(backend_target)
    summary = import_linkedin(database, CONNECTIONS, today=TODAY, dry_run=True, tag="x")
    assert (summary.dry_run, summary.added, summary.backup) == (True, 39, None)
    assert database_dump(backend_target) == before
    assert row_counts()["contacts"] == 0
    assert not (db_path.parent / "backups").exists()


def test_malformed_file_writes_nothing(
    database: Database, backend_target: str, tmp_path: Path
) -> None:
    bad = tmp_path / "Connections.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    before = database_dump(backend_target)
    with pytest.raises(InvalidInput, match=r"Connections\.csv"):
        import_linkedin(database, bad, today=TODAY)
    assert database_dump(backend_target) == before


@sqlite_only  # backups are files beside a SQLite database
def test_a_backup_is_taken_before_writing(
    database: Database, add: Callable[..., object], db_path: Path
) -> None:
    add("Ann Lee")
    summary = import_linkedin(database, CONNECTIONS, today=TODAY)
    assert summary.backup is not None
    backup = Path(summary.backup)
    assert backup.parent == database.location.backups_dir
    connection = sqlite3.connect(backup)
    try:
        names = [row[0] for row in connection.execute("SELECT full_name FROM contacts")]
    finally:
        connection.close()
    assert names == ["Ann Lee"]


def test_messages_without_a_known_owner_are_left_out_and_the_summary_says_so(
    database: Database, tmp_path: Path
) -> None:
    (tmp_path / "Connections.csv").write_bytes((FIXTURES / "Connections.csv").read_bytes())
    # Two conversations with nobody in both, and no Invitations.csv: no owner.
    (tmp_path / "messages.csv").write_text(
        "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,CONTENT\n"
        "1,A,https://www.linkedin.com/in/a,B,https://www.linkedin.com/in/b,"
        "2026-11-01 10:00:00 UTC,hi\n"
        "2,C,https://www.linkedin.com/in/c,D,https://www.linkedin.com/in/d,"
        "2026-11-02 10:00:00 UTC,hello\n",
        encoding="utf-8",
    )
    summary = import_linkedin(database, tmp_path / "Connections.csv", today=TODAY)
    assert summary.interactions == 0
    assert summary.notes == (
        "messages.csv: could not tell which side is you (no outgoing invitation names you "
        "and no profile is in every conversation); messages were not imported",
    )
    with database.reading() as session:
        assert session.scalars(select(Interaction)).all() == []
    assert import_linkedin(database, CONNECTIONS, today=TODAY).notes == ()

"""Importing a generic or Google Contacts CSV: what is stored, matching, idempotence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from netdeck.domain.errors import InvalidInput
from netdeck.services.importing import import_contacts_csv
from netdeck.store.database import Database
from netdeck.store.models import Contact
from tests.conftest import database_dump
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "csv"
TODAY = date(2026, 11, 25)


def contacts(database: Database) -> dict[str, Contact]:
    with database.reading() as session:
        found = {}
        for contact in session.scalars(select(Contact)):
            _ = contact.channels, contact.tags
            found[contact.full_name] = contact
        return found


def test_generic_csv(database: Database, backend_target: str) -> None:
    summary = import_contacts_csv(database, FIXTURES / "generic.csv", today=TODAY, tag="Import")
    assert (summary.added, summary.updated, summary.unchanged) == (3, 0, 0)
    assert [(s.line, s.reason.split(" ")[0]) for s in summary.skipped] == [(3, "no")]
    # Cy's malformed LinkedIn cell is left out and reported; Cy is imported.
    assert [(o.line, o.what, o.problem) for o in summary.left_out] == [
        (5, "LinkedIn URL", "unreadable")
    ]
    assert [c.value for c in contacts(database)["Cy Bad"].channels] == ["cy@example.com"]
    ann = contacts(database)["Ann Lee"]
    assert (ann.company, ann.title, ann.notes, ann.stage, ann.next_due_on, ann.source) == (
        "Acme",
        "CTO",
        "Met at PyCon, 2025",
        "unsorted",
        None,
        "csv",
    )
    assert {c.kind: c.value for c in ann.channels} == {
        "linkedin": "https://www.linkedin.com/in/annlee",
        "email": "ann@example.com",
        "x": "@annlee",
    }
    assert sorted(t.name for t in ann.tags) == ["import", "mentor", "python"]
    before = database_dump(backend_target)
    again = import_contacts_csv(database, FIXTURES / "generic.csv", today=TODAY, tag="Import")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    assert database_dump(backend_target) == before


def test_both_google_layouts_describe_the_same_person(database: Database) -> None:
    current = import_contacts_csv(database, FIXTURES / "google-contacts.csv", today=TODAY)
    assert (current.added, current.skipped) == (2, ())
    maya = contacts(database)["Maya J Okafor"]
    assert (maya.company, maya.title, [t.name for t in maya.tags]) == (
        "Fernhill University",
        "Dean",
        ["alumni"],
    )
    # Both e-mails of the cell and the phone (E.164 when it reads as a whole number).
    assert [c.value for c in maya.channels] == [
        "maya@fernhill.example",
        "maya@home.example",
        "+1 555 0100",
    ]
    legacy = import_contacts_csv(database, FIXTURES / "google-contacts-legacy.csv", today=TODAY)
    # Maya matches by email; Ingrid is new.
    assert (legacy.added, legacy.updated, legacy.unchanged) == (1, 0, 1)
    ingrid = contacts(database)["Ingrid Sol"]
    assert (ingrid.company, ingrid.title) == ("Harbor Bikes", "Designer")


def test_a_file_without_a_name_column_writes_nothing(
    database: Database, tmp_path: Path, row_counts: Callable[[], dict[str, int]]
) -> None:
    path = tmp_path / "people.csv"
    path.write_text("email,company\nann@example.com,Acme\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"people\.csv: no header row"):
        import_contacts_csv(database, path, today=TODAY)
    assert row_counts()["contacts"] == 0

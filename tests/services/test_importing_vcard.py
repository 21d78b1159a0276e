"""Importing vCards: what is kept from a card, skipped cards, malformed files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from netdeck.domain.errors import InvalidInput
from netdeck.services.importing import import_vcard
from netdeck.store.database import Database
from netdeck.store.models import Contact
from tests.conftest import database_dump
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "vcard"
TODAY = date(2026, 11, 25)


def test_cards_become_unsorted_contacts(database: Database, backend_target: str) -> None:
    summary = import_vcard(database, FIXTURES / "contacts.vcf", today=TODAY)
    assert (summary.added, [(s.line, s.reason) for s in summary.skipped]) == (
        2,
        [(18, "no name (FN or N)")],
    )
    with database.reading() as session:
        ann = session.scalars(select(Contact).where(Contact.full_name == "Ann Lee")).one()
        channels = {c.kind: c.value for c in ann.channels}
        facts = (ann.company, ann.title, ann.notes, ann.stage, ann.source)
        dates = [(d.kind, d.year, d.month, d.day, d.yearly, d.source) for d in ann.key_dates]
    assert facts == ("Acme", "CTO", "Met at PyCon, 2025", "unsorted", "vcard")
    # BDAY is a birthday, not a line of the notes.
    assert dates == [("birthday", 1990, 4, 1, True, "vcard")]
    assert channels == {
        "linkedin": "https://www.linkedin.com/in/annlee",
        "email": "ann@example.com",
        "x": "@annlee",
    }
    before = database_dump(backend_target)
    again = import_vcard(database, FIXTURES / "contacts.vcf", today=TODAY)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert database_dump(backend_target) == before


@pytest.mark.parametrize(
    ("content", "fragment"),
    [(b"\x00\x01binary", "binary"), (b"Name,Email\nAnn,a@b.c\n", "not a vCard")],
)
def test_malformed_files_write_nothing(
    database: Database, backend_target: str, tmp_path: Path, content: bytes, fragment: str
) -> None:
    path = tmp_path / "people.vcf"
    path.write_bytes(content)
    before = database_dump(backend_target)
    with pytest.raises(InvalidInput, match=fragment):
        import_vcard(database, path, today=TODAY)
    assert database_dump(backend_target) == before


def test_a_broken_card_is_skipped_alone(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "people.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEND:VCARD\n"  # line 1
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bad Photo\nPHOTO;ENCODING=b:abc\nEND:VCARD\n"  # line 5
        "BEGIN:VCARD\nVERSION:3.0\nFN:Never Closed\n"  # line 10
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Ray\nEND:VCARD\n"  # line 13
        "BEGIN:VCARD\nFN:Cut Short\n",  # line 17
        encoding="utf-8",
    )
    summary = import_vcard(database, path, today=TODAY)
    assert summary.added == 2
    assert [(s.line, s.reason.split(" (")[0]) for s in summary.skipped] == [
        (5, "unreadable card"),
        (10, "a card without END:VCARD"),
        (17, "a card without END:VCARD"),
    ]
    with database.reading() as session:
        names = session.scalars(select(Contact.full_name).order_by(Contact.id)).all()
    assert names == ["Ann Lee", "Bob Ray"]


def test_what_a_card_says_in_apple_and_twitter_properties_is_kept(database: Database) -> None:
    """X-SOCIALPROFILE;type=twitter (and X-TWITTER, the same handle) is the X handle,
    both NOTEs are kept, X-ANNIVERSARY and the X-ABDATE labelled Anniversary are
    anniversaries; an X-ABDATE with another label is reported, not taken for one."""
    summary = import_vcard(database, FIXTURES / "unread-fields.vcf", today=TODAY)
    assert summary.added == 2
    with database.reading() as session:
        wes = session.scalars(select(Contact).where(Contact.full_name == "Wes Tyne")).one()
        ida = session.scalars(select(Contact).where(Contact.full_name == "Ida Moss")).one()
        channels = sorted((c.kind, c.value) for c in wes.channels)
        dates = sorted((d.kind, d.year, d.month, d.day) for d in wes.key_dates)
        ida_dates = list(ida.key_dates)
    assert channels == [
        ("linkedin", "https://www.linkedin.com/in/wes-one"),
        ("x", "@westyne"),
    ]
    assert wes.notes == "first note\nsecond note"
    assert dates == [("anniversary", 2010, 5, 5), ("anniversary", 2011, 6, 6)]
    assert ida_dates == []
    assert [(o.line, o.detail) for o in summary.left_out if o.what == "X-ABDATE"] == [
        (26, "Other: 2015-01-01")
    ]

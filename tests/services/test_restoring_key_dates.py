"""Key dates and tag cadences in netdeck's JSON export (version 4): written, checked,
restored with the pending key date worked out again; older files restore without them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from netdeck.domain.errors import InvalidInput
from netdeck.services.api import DeckApi
from netdeck.services.exporting import export_json
from netdeck.services.restoring import restore_netdeck_json
from netdeck.store.database import Database, open_database
from netdeck.store.models import Contact, Tag
from tests.conftest import TODAY


@pytest.fixture
def document(database: Database) -> dict[str, Any]:
    deck = DeckApi(database, lambda: TODAY)
    from netdeck.services.contacts import ContactFields

    ann = deck.save_contact(None, ContactFields(name="Ann Lee", stage="active", tags=["mba"]))
    deck.set_birthday(ann.id, "02-29")
    deck.add_reminder(ann.id, "2026-12-01", note="ask how the launch went")
    deck.add_reminder(ann.id, "03-14", every_year=True)
    with database.writing() as session:
        tag = session.scalars(select(Tag).where(Tag.name == "mba")).one()
        tag.cadence_days = 14
        session.scalars(select(Contact)).one().tag_cadence_days = 14
    with database.reading() as session:
        return json.loads(export_json(session))  # type: ignore[no-any-return]


def restore(document: dict[str, Any], tmp_path: Path) -> Database:
    file = tmp_path / "deck.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    target = open_database(str(tmp_path / "restored.db"))
    restore_netdeck_json(target, file, today=TODAY)
    return target


def test_dates_and_tag_cadences_are_in_the_file_and_restored(
    document: dict[str, Any], tmp_path: Path
) -> None:
    assert document["version"] == 4
    assert document["tag_cadences"] == {"mba": 14}
    (contact,) = document["contacts"]
    assert [
        (d["kind"], d["month"], d["day"], d["year"], d["yearly"]) for d in contact["dates"]
    ] == [
        ("birthday", 2, 29, None, True),
        ("reminder", 12, 1, 2026, False),
        ("reminder", 3, 14, 2027, True),
    ]
    # The derived pending date is not in the file: a restore works it out again.
    assert "key_date_on" not in contact and "tag_cadence_days" not in contact

    target = restore(document, tmp_path)
    try:
        with target.reading() as session:
            ann = session.scalars(select(Contact)).one()
            assert (ann.key_date_on, ann.key_date_kind, ann.key_date_note) == (
                date(2026, 12, 1),
                "reminder",
                "ask how the launch went",
            )
            assert ann.tag_cadence_days == 14
            assert session.scalars(select(Tag.cadence_days)).one() == 14
        shown = DeckApi(target, lambda: TODAY).contact(ann.id)
        assert [(d.on_text, d.next_on) for d in shown.dates] == [
            ("2026-12-01", date(2026, 12, 1)),
            ("--02-29", date(2027, 2, 28)),
            ("2027-03-14", date(2027, 3, 14)),
        ]
    finally:
        target.close()


def test_a_version_3_file_restores_with_no_dates(document: dict[str, Any], tmp_path: Path) -> None:
    del document["tag_cadences"]
    del document["not_duplicates"]  # version 4 too
    for contact in document["contacts"]:
        del contact["dates"]
    document["version"] = 3
    target = restore(document, tmp_path)
    try:
        with target.reading() as session:
            ann = session.scalars(select(Contact)).one()
            assert (ann.key_date_on, list(ann.key_dates), ann.tag_cadence_days) == (None, [], None)
    finally:
        target.close()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"month": 2, "day": 30}, "dates[0].day: no such day"),
        ({"kind": "nameday"}, "dates[0].kind"),
        ({"yearly": False}, "a birthday comes back every year"),
        ({"note": "two\nlines"}, "dates[0].note"),
        ({"added_on": "2030-01-01"}, "dates[0].added_on"),
    ],
)
def test_a_bad_key_date_is_refused_naming_its_place(
    document: dict[str, Any], tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    document["contacts"][0]["dates"][0].update(change)
    with pytest.raises(InvalidInput, match=message.replace("[", r"\[").replace("]", r"\]")):
        restore(document, tmp_path).close()


def test_a_tag_cadence_must_name_a_tag_and_be_a_cadence(
    document: dict[str, Any], tmp_path: Path
) -> None:
    document["tag_cadences"] = {"nobody": 14}
    with pytest.raises(InvalidInput, match="is not in the file's tags list"):
        restore(document, tmp_path).close()
    document["tag_cadences"] = {"mba": 0}
    with pytest.raises(
        InvalidInput, match=r"tag_cadences\.mba: must be a whole number of days from 1"
    ):
        restore(document, tmp_path).close()

"""Export, then import into an empty deck: the same people, phones, e-mails, birthdays,
anniversaries and nicknames (CSV and vCard), and nicknames through a JSON restore."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.cli.conftest import Netdeck, query

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

People = dict[str, tuple[str, list[tuple[str, str]], list[tuple[object, ...]]]]


def people(db: Path) -> People:
    """Each person's nickname, addresses and key dates, as the database holds them."""
    found: People = {}
    for contact_id, name, nickname in query(db, "SELECT id, full_name, nickname FROM contacts"):
        addresses = query(
            db, f"SELECT kind, value FROM channels WHERE contact_id = {contact_id} ORDER BY 1, 2"
        )
        dates = query(
            db,
            "SELECT kind, year, month, day, yearly FROM key_dates "
            f"WHERE contact_id = {contact_id} ORDER BY 1, 3, 4",
        )
        found[name] = (nickname, addresses, dates)
    return found


@pytest.fixture
def deck(netdeck: Netdeck) -> Netdeck:
    """Cards of every vCard version, and people with a handle, a profile and a site."""
    netdeck.ok("settings", "phone-region", "US")
    netdeck.ok("import", "vcard", str(FIXTURES / "vcard" / "varied.vcf"))
    netdeck.ok(
        *("add", "Zoë Ng", "--nickname", "Zo", "--phone", "+447700900123"),
        *("--linkedin", "https://www.linkedin.com/in/zoe-ng", "--x", "@zoeng"),
        *("--email", "zoe@example.com", "--email", "z@home.example", "--website", "zoe.example"),
    )
    return netdeck


@pytest.mark.parametrize("format_name", ["csv", "vcard"])
def test_an_export_imports_back_as_the_same_people(
    deck: Netdeck, tmp_path: Path, format_name: str
) -> None:
    exported = tmp_path / f"deck.{'vcf' if format_name == 'vcard' else 'csv'}"
    deck.ok("export", format_name, "-o", str(exported))
    empty = replace(deck, db=tmp_path / "empty.db")
    summary = empty.json("import", format_name, str(exported))
    assert (summary["added"], summary["skipped"]) == (6, [])
    # A CSV import starts everyone unsorted, with no cadence: Zoë's stage and next
    # due day are named as not imported (the JSON export is the lossless one).
    left_out = [(o["what"], o["detail"]) for o in summary["left_out"]]
    assert left_out == (
        [('"Stage" value', "active"), ('"Next Due" value', "2026-11-25")]
        if format_name == "csv"
        else []
    )
    assert people(empty.db) == people(deck.db)
    bob = people(empty.db)["Bob Ray"]
    assert bob[2] == [("anniversary", 2010, 6, 12, 1), ("birthday", None, 1, 20, 1)]


def test_a_json_restore_keeps_nicknames(deck: Netdeck, tmp_path: Path) -> None:
    exported = tmp_path / "deck.json"
    deck.ok("export", "json", "-o", str(exported))
    empty = replace(deck, db=tmp_path / "empty.db")
    empty.ok("import", "json", str(exported))
    nicknames = "SELECT full_name, nickname FROM contacts WHERE nickname != '' ORDER BY 1"
    assert (
        query(empty.db, nicknames)
        == query(deck.db, nicknames)
        == [
            ("Ann Lee", "Annie"),
            ("Zoë Ng", "Zo"),
        ]
    )

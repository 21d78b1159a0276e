"""``netdeck import csv`` after ``import linkedin``: the same people found again, what
matched by what, what was left out and the possible duplicates, as text and JSON."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Netdeck, query

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CONNECTIONS = str(FIXTURES / "linkedin" / "Connections.csv")
GOOGLE = str(FIXTURES / "csv" / "google-linkedin-people.csv")


def test_a_google_csv_of_the_linkedin_people_enriches_them(netdeck: Netdeck) -> None:
    netdeck.ok("import", "linkedin", CONNECTIONS)
    before = query(netdeck.db, "SELECT count(*) FROM contacts")[0][0]
    lines = netdeck.ok("import", "csv", GOOGLE).stdout.splitlines()
    assert lines[0].endswith("1 added, 10 updated, 0 unchanged, 0 skipped")
    assert lines[1:9] == [
        "  5 matched by e-mail, 5 by name",
        "  1 postal address not imported (line 10)",
        "  1 birthday unreadable (line 10)",
        "  1 phone number unreadable (line 12)",
        "  2 possible duplicates (added, not merged):",
        "    Amara Byrne (google-linkedin-people.csv line 13) and Amara Byrne (contact 2)",
        "    Amara Byrne (google-linkedin-people.csv line 13) and Amara Byrne (contact 22)",
        "    see `netdeck duplicates` to merge or keep them apart",
    ]
    # Only Amara's row, which could be either of two people, was added.
    assert query(netdeck.db, "SELECT count(*) FROM contacts") == [(before + 1,)]
    birthdays = query(
        netdeck.db,
        "SELECT c.full_name, k.month, k.day, k.year FROM key_dates k "
        "JOIN contacts c ON c.id = k.contact_id WHERE k.kind = 'birthday' ORDER BY c.full_name",
    )
    assert birthdays[:3] == [
        ("Amara Byrne", 5, 17, 1988),
        ("Fatima Lindqvist", 3, 14, None),
        ("Greg Alvarez", 1, 20, 1980),
    ]
    again = netdeck.json("import", "csv", GOOGLE)
    assert (again["added"], again["updated"]) == (0, 0)
    assert again["matched_by"] == {"email": 9, "phone": 1, "name": 1}
    assert again["left_out"][1] == {
        "file": "google-linkedin-people.csv",
        "line": 10,
        "what": "birthday",
        "problem": "unreadable",
        "detail": "sometime in May",
    }
    assert again["possible_duplicates"] == []


def test_phone_region_dials_numbers_written_without_a_plus(netdeck: Netdeck) -> None:
    netdeck.ok("settings", "phone-region", "gb")
    assert netdeck.json("settings")["phone-region"] == "GB"
    path = netdeck.data_dir.parent / "people.csv"
    path.write_text("Name,Mobile Phone,Home Phone\nAnn Lee,07700 900123,12\n", encoding="utf-8")
    summary = netdeck.json("import", "csv", str(path))
    assert query(netdeck.db, "SELECT kind, value FROM channels") == [("phone", "+447700900123")]
    assert [(o["what"], o["problem"]) for o in summary["left_out"]] == [
        ("phone number", "unreadable")
    ]
    failed = netdeck("settings", "phone-region", "XX")
    assert failed.returncode == 1
    assert "phone-region" in failed.stderr

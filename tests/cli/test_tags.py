"""``netdeck tag``: tags with their cadences, a tag's cadence set and cleared, and
where ``show`` says a person's cadence comes from."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Netdeck, assert_user_error, query, run_all


def test_a_tag_cadence_sets_the_cadence_of_its_people_and_show_says_so(netdeck: Netdeck) -> None:
    netdeck.in_process("add", "Dana Lee", "--tag", "investors", "--tag", "friends")
    netdeck.in_process("add", "Greg Ito", "--tag", "investors", "--cadence", "3m")
    netdeck.in_process("log", "Dana Lee", "--date", "2026-11-01")

    changed = netdeck.ok("tag", "cadence", "Investors", "2w")
    assert changed.stdout == "Tag investors: every 2 weeks; 2 people, 1 due date moved\n"
    shown, as_json, greg, listed = run_all(
        [
            lambda: netdeck("show", "Dana Lee"),
            lambda: netdeck("show", "Dana Lee", "--json"),
            lambda: netdeck("show", "Greg Ito", "--json"),
            lambda: netdeck("tag", "list", "--json"),
        ]
    )
    assert "Cadence:     every 2 weeks (from tag investors)" in shown.stdout
    assert "Due:         2026-11-15" in shown.stdout
    dana = as_json.json()
    assert (dana["cadence_source"], dana["effective_cadence_days"], dana["cadence_days"]) == (
        "tag:investors",
        14,
        None,
    )
    assert greg.json()["cadence_source"] == "own"
    assert listed.json() == [
        {"name": "friends", "cadence_days": None, "people": 1},
        {"name": "investors", "cadence_days": 14, "people": 2},
    ]
    assert netdeck.db is not None
    assert query(netdeck.db, "SELECT cadence_days FROM tags WHERE name = 'investors'") == [(14,)]

    netdeck.ok("tag", "cadence", "investors", "--clear")
    after = netdeck.look("show", "Dana Lee")
    assert (after["cadence_source"], after["next_due_on"]) == ("default", "2026-12-01")


def test_an_import_tagging_people_with_a_timed_tag_moves_their_due_dates(
    netdeck: Netdeck, tmp_path: Path
) -> None:
    netdeck.in_process("add", "Ann Lee", "--email", "ann@example.com", "--tag", "vip")
    netdeck.in_process("log", "Ann Lee", "--date", "2026-11-01")
    netdeck.in_process("tag", "cadence", "vip", "1w")
    netdeck.in_process("edit", "Ann Lee", "--tag", "other")
    assert netdeck.look("show", "Ann Lee")["next_due_on"] == "2026-12-01"
    rows = tmp_path / "people.csv"
    rows.write_text("name,email\nAnn Lee,ann@example.com\n", encoding="utf-8")

    netdeck.ok("import", "csv", str(rows), "--tag", "vip")

    ann = netdeck.look("show", "Ann Lee")
    assert (ann["cadence_source"], ann["next_due_on"]) == ("tag:vip", "2026-11-08")


def test_tag_errors_are_one_line(netdeck: Netdeck) -> None:
    netdeck.in_process("add", "Dana Lee", "--tag", "investors")
    unknown, bad, neither, both = run_all(
        [
            lambda: netdeck("tag", "cadence", "investor", "2w"),
            lambda: netdeck("tag", "cadence", "investors", "often"),
            lambda: netdeck("tag", "cadence", "investors"),
            lambda: netdeck("tag", "cadence", "investors", "2w", "--clear"),
        ]
    )
    assert_user_error(unknown, "no tag 'investor'", "investors")
    assert_user_error(bad, "bad cadence 'often'")
    assert_user_error(neither, "--clear")
    assert_user_error(both, "not both")


def test_tag_cadences_survive_an_export_and_restore(netdeck: Netdeck, tmp_path: Path) -> None:
    netdeck.in_process("add", "Dana Lee", "--tag", "investors", "--tag", "friends")
    netdeck.in_process("tag", "cadence", "investors", "2w")
    exported = tmp_path / "deck.json"
    netdeck.ok("export", "json", "-o", str(exported))
    assert json.loads(exported.read_text(encoding="utf-8"))["tag_cadences"] == {"investors": 14}

    restored = tmp_path / "restored.db"
    netdeck.ok("--db", str(restored), "import", "json", str(exported), use_db=False)
    assert netdeck("--db", str(restored), "tag", "--json", use_db=False).json() == [
        {"name": "friends", "cadence_days": None, "people": 1},
        {"name": "investors", "cadence_days": 14, "people": 1},
    ]
    assert query(restored, "SELECT tag_cadence_days FROM contacts") == [(14,)]

    document = json.loads(exported.read_text(encoding="utf-8"))
    document["tag_cadences"] = {"investors": 0}
    exported.write_text(json.dumps(document), encoding="utf-8")
    refused = netdeck(
        "--db", str(tmp_path / "other.db"), "import", "json", str(exported), use_db=False
    )
    assert_user_error(refused, "tag_cadences.investors")

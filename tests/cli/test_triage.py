"""``netdeck triage``: what is left in promise order, and keep/later/archive by reference."""

from __future__ import annotations

from tests.cli.conftest import Netdeck, assert_user_error, query, run_all


def test_triage_json_lists_unsorted_contacts_most_promising_first(netdeck: Netdeck) -> None:
    for args in (
        ("add", "Bare Person", "--stage", "unsorted"),
        ("add", "Rich Person", "--stage", "unsorted", "--company", "Acme", "--title", "CTO"),
        ("add", "Circle Person"),
    ):
        netdeck.in_process(*args)
    listing, limited, text = run_all(
        [
            lambda: netdeck("triage", "--json"),
            lambda: netdeck("triage", "--json", "--limit", "1"),
            lambda: netdeck("triage"),
        ]
    )
    data = listing.json()
    assert (data["left"], data["inner_circle"], data["inner_circle_target"]) == (2, 1, 100)
    assert [entry["name"] for entry in data["entries"]] == ["Rich Person", "Bare Person"]
    assert data["entries"][0]["reasons"] == ["2 details filled in"]
    assert data["entries"][0]["company"] == "Acme"
    assert [entry["name"] for entry in limited.json()["entries"]] == ["Rich Person"]
    assert text.stdout.startswith("2 left to triage, showing 2; inner circle 1/100\n")
    assert "Rich Person" in text.stdout


def test_triage_keep_later_archive_change_the_stage(netdeck: Netdeck) -> None:
    for name in ("Keep Me", "Later Me", "Drop Me"):
        netdeck.in_process("add", name, "--stage", "unsorted")
    kept = netdeck.json("triage", "keep", "keep me", "--cadence", "3m")
    assert kept["stage"] == "active"
    later = netdeck.json("triage", "later", "Later Me")
    assert later["stage"] == "prospect"
    dropped = netdeck.ok("triage", "archive", "3")
    assert dropped.stdout.startswith("Let go: #3 Drop Me (archived)")
    rows = query(netdeck.db, "SELECT full_name, stage, cadence_days FROM contacts ORDER BY id")  # type: ignore[arg-type]
    assert rows == [
        ("Keep Me", "active", 90),
        ("Later Me", "prospect", None),
        ("Drop Me", "archived", None),
    ]
    assert netdeck.look("triage")["left"] == 0


def test_triage_errors_are_one_line_and_change_nothing(netdeck: Netdeck) -> None:
    netdeck.in_process("add", "Active Person")
    not_unsorted, missing, bad_cadence, bad_limit = run_all(
        [
            lambda: netdeck("triage", "keep", "Active Person"),
            lambda: netdeck("triage", "archive", "42"),
            lambda: netdeck("triage", "keep", "1", "--cadence", "often"),
            lambda: netdeck("triage", "--limit", "0"),
        ]
    )
    assert_user_error(not_unsorted, "not unsorted")
    assert_user_error(missing, "no contact with id 42")
    assert_user_error(bad_cadence, "bad cadence")
    assert_user_error(bad_limit, "--limit")
    assert query(netdeck.db, "SELECT stage FROM contacts") == [("active",)]  # type: ignore[arg-type]

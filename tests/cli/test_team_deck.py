"""A deck two people share, through the real command: owners, the queue's scope and
who else touched a person lately."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Netdeck, assert_user_error

ALEX = {"NETDECK_USER": "Alex"}
SAM = {"NETDECK_USER": "Sam"}
#: A day long before the conftest's today: what is done then is due by today.
LONG_AGO = {"NETDECK_TODAY": "2026-10-01"}


def shared_deck(tmp_path: Path) -> Netdeck:
    """Ann is Alex's, Bo is Sam's, Cy is nobody's; all three due today; Sam snoozed Cy
    yesterday (until today)."""
    netdeck = Netdeck(tmp_path / "data", tmp_path / "deck.db")
    for name, owner in (("Ann Lee", "Alex"), ("Bo Chen", "Sam"), ("Cy Diaz", "")):
        netdeck.in_process("add", name, "--owner", owner, "--stage", "connected", env=ALEX)
        netdeck.in_process("stage", name, "active", env=ALEX | LONG_AGO)
    netdeck.ok(
        "snooze", "Cy Diaz", "--until", "2026-11-25", env=SAM | {"NETDECK_TODAY": "2026-11-24"}
    )
    return netdeck


def test_add_and_edit_set_show_and_clear_an_owner(tmp_path: Path) -> None:
    netdeck = Netdeck(tmp_path / "data", tmp_path / "deck.db")
    netdeck.ok("add", "Dana Ruiz", "--owner", "Alex")
    assert netdeck.look("show", "Dana Ruiz")["owner"] == "Alex"
    assert "Owner:       Alex" in netdeck.ok("show", "Dana Ruiz").stdout
    assert [row["name"] for row in netdeck.look("list", "--owner", "Alex")] == ["Dana Ruiz"]
    netdeck.ok("edit", "Dana Ruiz", "--owner", "")
    assert netdeck.look("show", "Dana Ruiz")["owner"] is None
    assert netdeck.look("list", "--owner", "Alex") == []
    result = netdeck("edit", "Dana Ruiz", "--owner", "x" * 61)
    assert_user_error(result, "at most 60 characters")


def test_a_shared_queue_shows_mine_and_nobodys_and_everyone_on_request(tmp_path: Path) -> None:
    netdeck = shared_deck(tmp_path)
    mine = netdeck.ok("queue", env=ALEX).stdout
    assert "Showing yours and nobody's (queue --everyone for all)." in mine
    assert "Ann Lee" in mine and "Cy Diaz" in mine and "Bo Chen" not in mine
    assert "Sam snoozed Cy Diaz yesterday" in mine
    everyone = netdeck.ok("queue", "--everyone", env=ALEX).stdout
    assert "Showing everyone's." in everyone
    assert "Bo Chen" in everyone and "Sam's" in everyone
    entries = netdeck.look("queue", env=ALEX)
    assert {entry["name"] for entry in entries} == {"Ann Lee", "Cy Diaz"}
    assert {entry["scope"] for entry in entries} == {"mine"}
    cy = next(entry for entry in entries if entry["name"] == "Cy Diaz")
    assert cy["touched"] == {
        "by": "Sam",
        "what": "snoozed",
        "on": "2026-11-24",
        "text": "Sam snoozed Cy Diaz yesterday",
    }
    assert {entry["scope"] for entry in netdeck.look("queue", "--everyone", env=ALEX)} == {
        "everyone"
    }


def test_show_says_who_else_touched_them_and_who_logged_what(tmp_path: Path) -> None:
    netdeck = shared_deck(tmp_path)
    netdeck.ok("log", "Ann Lee", "--note", "coffee soon", env=SAM | {"NETDECK_TODAY": "2026-11-23"})
    shown = netdeck.ok("show", "Ann Lee", env=ALEX).stdout
    assert "Lately:      Sam messaged Ann Lee 2 days ago" in shown
    assert "2026-11-23 → message (other) by Sam  coffee soon" in shown
    detail = netdeck.look("show", "Ann Lee", env=ALEX)
    assert detail["touched"]["text"] == "Sam messaged Ann Lee 2 days ago"
    assert [item["actor"] for item in detail["interactions"]] == ["Sam"]
    assert netdeck.look("show", "Ann Lee", env=SAM)["touched"] is None


def test_a_single_user_queue_is_as_before(tmp_path: Path) -> None:
    netdeck = Netdeck(tmp_path / "data", tmp_path / "deck.db")
    netdeck.in_process("add", "Ann Lee", "--owner", "Sam", "--stage", "connected", env=ALEX)
    netdeck.in_process("stage", "Ann Lee", "active", env=ALEX | LONG_AGO)
    text = netdeck.ok("queue", env=ALEX).stdout
    assert "Ann Lee" in text and "Showing" not in text
    assert [entry["scope"] for entry in netdeck.look("queue", env=ALEX)] == ["everyone"]

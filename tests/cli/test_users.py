"""The user a command acts as, through the real command."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Netdeck, assert_user_error


def test_a_bad_netdeck_user_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    netdeck = Netdeck(tmp_path / "data", tmp_path / "deck.db")
    netdeck.ok("add", "Ann Lee")
    result = netdeck("add", "Bo Chen", env={"NETDECK_USER": "x" * 61})
    assert_user_error(result, "NETDECK_USER", "at most 60 characters")
    assert [row["name"] for row in netdeck.look("list")] == ["Ann Lee"]


def test_the_setting_me_is_shown_and_stored(tmp_path: Path) -> None:
    netdeck = Netdeck(tmp_path / "data", tmp_path / "deck.db")
    netdeck.ok("settings", "me", "Alex")
    assert netdeck.look("settings")["me"] == "Alex"

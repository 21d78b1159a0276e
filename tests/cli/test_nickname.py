"""Nicknames: ``add``/``edit --nickname``, ``show`` (text and JSON), ``list --search``,
and ``{{ nickname }}`` in snippets."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Netdeck


def test_a_nickname_is_kept_shown_searched_and_cleared(netdeck: Netdeck) -> None:
    netdeck.ok("add", "Robert Ray", "--nickname", "  Bob  ", "--company", "Acme")
    assert "  Nickname:    Bob\n" in netdeck.ok("show", "Robert Ray").stdout
    assert netdeck.json("show", "Robert Ray")["nickname"] == "Bob"
    assert [c["name"] for c in netdeck.json("list", "--search", "bob")] == ["Robert Ray"]
    assert netdeck.json("edit", "Robert Ray", "--nickname", "")["nickname"] == ""
    assert "Nickname" not in netdeck.ok("show", "Robert Ray").stdout


def test_a_snippet_says_the_nickname_or_falls_back(netdeck: Netdeck, tmp_path: Path) -> None:
    netdeck.ok("add", "Robert Ray", "--nickname", "Bob")
    netdeck.ok("add", "Ann Lee")
    body = tmp_path / "hi.txt"
    body.write_text("Hi {{ nickname | default(first_name) }}!", encoding="utf-8")
    netdeck.ok(
        *("snippets", "add", "hi", "--kind", "check-in", "--channel", "email"),
        *("--body-file", str(body)),
    )
    assert netdeck.json("draft", "Robert Ray", "--snippet", "hi")["text"] == "Hi Bob!"
    assert netdeck.json("draft", "Ann Lee", "--snippet", "hi")["text"] == "Hi Ann!"

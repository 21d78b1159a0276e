"""``netdeck stats``: the documented JSON keys, and readable text at 80 columns."""

from __future__ import annotations

from tests.cli.conftest import Netdeck


def test_stats_json_has_the_documented_keys_and_an_empty_database_is_zeros(
    netdeck: Netdeck,
) -> None:
    stats = netdeck.json("stats")
    assert list(stats) == [
        "today",
        "inner_circle",
        "on_cadence",
        "on_cadence_weekly",
        "follow_through",
        "request_notes",
        "reciprocity",
        "interactions_per_week",
        "streak",
        "drifting",
        "let_go",
    ]
    assert stats["today"] == "2026-11-25"
    assert stats["inner_circle"] == {"active": 0, "target": 100}
    assert stats["on_cadence"] == {"count": 0, "of": 0, "share": None}
    assert stats["reciprocity"]["snippets"] == []
    assert stats["interactions_per_week"] == [0] * 12
    assert stats["drifting"] == {"total": 0, "contacts": []}


def test_stats_counts_a_logged_message_and_the_cleared_queue(netdeck: Netdeck) -> None:
    netdeck.ok("add", "Jane Doe")
    netdeck.ok("log", "Jane Doe")
    stats = netdeck.json("stats")
    assert stats["on_cadence"] == {"count": 1, "of": 1, "share": 1.0}
    assert stats["interactions_per_week"][-1] == 1
    assert stats["streak"] == {"days": 1, "cleared_today": True}

    text = netdeck.ok("stats").stdout
    assert "On cadence       1 of 1 (100%)" in text
    assert max(len(line) for line in text.splitlines()) <= 80

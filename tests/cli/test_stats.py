"""``netdeck stats``: the documented JSON keys, and readable text at 80 columns."""

from __future__ import annotations

from pathlib import Path

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
        "bare_requests",
        "note_budget",
    ]
    assert stats["today"] == "2026-11-25"
    assert stats["inner_circle"] == {"active": 0, "target": 100}
    assert stats["on_cadence"] == {"count": 0, "of": 0, "share": None}
    assert stats["reciprocity"]["snippets"] == []
    assert stats["interactions_per_week"] == [0] * 12
    assert stats["drifting"] == {"total": 0, "contacts": []}
    assert stats["bare_requests"] == {"count": 0, "people": []}
    assert stats["note_budget"] == {"used": 0, "limit": 5, "left": 5, "resets_on": "2026-12-01"}


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


LINKEDIN = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin" / "Connections.csv"


def test_stats_lists_requests_without_a_note_and_the_months_notes(netdeck: Netdeck) -> None:
    """The sample export: Dana's invitation (2 November) had a note, Kofi's (28 October)
    went out bare, Amara's (2025) is outside the 90 days."""
    netdeck.ok("import", "linkedin", str(LINKEDIN))
    kofi = netdeck.json("show", "Kofi Mensah")["id"]

    stats = netdeck.json("stats")
    assert stats["bare_requests"] == {
        "count": 1,
        "people": [{"id": kofi, "name": "Kofi Mensah", "on": "2026-10-28"}],
    }
    assert stats["note_budget"] == {"used": 1, "limit": 5, "left": 4, "resets_on": "2026-12-01"}
    text = netdeck.ok("stats").stdout.splitlines()
    notes = text.index("  Request notes    1 of 2 (50%) requests had a note")
    assert text[notes + 1].strip() == "LinkedIn notes this month: 1 of 5 used (resets 1 Dec)"
    bare = text.index("1 request went out without a note (last 90 days)")
    assert text[bare + 1].split() == [f"#{kofi}", "Kofi", "Mensah", "2026-10-28"]

    netdeck.ok("settings", "linkedin-plan", "premium")
    assert "LinkedIn notes this month: 1 used, no monthly limit" in netdeck.ok("stats").stdout
    assert netdeck.json("stats")["note_budget"]["limit"] is None


def test_stats_says_how_many_more_went_out_bare(netdeck: Netdeck) -> None:
    for n in range(12):
        netdeck.in_process("add", f"Person {n:02}", "--stage", "prospect")
        netdeck.in_process(
            "log",
            f"Person {n:02}",
            "--kind",
            "connection-request",
            "--channel",
            "linkedin",
            "--date",
            f"2026-11-{n + 1:02}",
        )
    text = netdeck.ok("stats").stdout.splitlines()
    start = text.index("12 requests went out without a note (last 90 days)")
    assert text[start + 1].split()[1:] == ["Person", "11", "2026-11-12"]  # the latest first
    assert text[start + 11] == "  … and 2 more"

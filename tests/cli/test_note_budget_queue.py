"""The queue at the command line under LinkedIn's note budget: ``queue`` says how many
prospects it holds, ``queue --all`` lists them last with why, marked in ``--json``.

Today is 2026-11-25 (six days left in November): the free plan's five notes a month
allow one note-only prospect today.
"""

from __future__ import annotations

from tests.cli.conftest import Netdeck, run_all

ADDED_ON = {"NETDECK_TODAY": "2026-11-10"}  # prospects are due a week after


def add_note_only_prospects(netdeck: Netdeck, *names: str) -> None:
    """Prospects with only a LinkedIn profile, added on 10 November (due since)."""
    for name in names:
        slug = name.split()[1].lower()
        netdeck.ok(
            "add",
            name,
            "--stage",
            "prospect",
            "--linkedin",
            f"linkedin.com/in/{slug}",
            env=ADDED_ON,
        )


def test_queue_holds_note_only_prospects_and_all_lists_them(netdeck: Netdeck) -> None:
    add_note_only_prospects(netdeck, "Pat One", "Pat Two", "Pat Three")
    netdeck.ok("add", "Mo Mail", "--stage", "prospect", "--email", "mo@example.com", env=ADDED_ON)

    text, everyone, listed = run_all(
        [
            lambda: netdeck.ok("queue"),
            lambda: netdeck.json("queue", "--all"),
            lambda: netdeck.ok("queue", "--all"),
        ]
    )

    lines = text.stdout.splitlines()
    assert lines[0].startswith("2026-11-25: 2 due, showing 2;")
    assert lines[1] == "2 prospects held for the note budget (queue --all lists them)"
    assert "Pat Two" not in text.stdout
    assert [(e["name"], e["held"]) for e in everyone] == [
        ("Mo Mail", None),
        ("Pat One", None),
        ("Pat Three", "note-budget"),
        ("Pat Two", "note-budget"),
    ]
    # Pat One has today's note; Pat Three comes back tomorrow, Pat Two the day after.
    assert [e["reason"] for e in everyone[2:]] == [
        "paced: 5 LinkedIn notes left this month; next on 26 Nov",
        "paced: 5 LinkedIn notes left this month; next on 27 Nov",
    ]
    assert "held for the note budget" not in listed.stdout
    assert listed.stdout.splitlines()[-1].split()[:5] == ["#2", "Pat", "Two", "prospect", "held"]


def test_the_digest_says_how_many_the_note_budget_holds(netdeck: Netdeck) -> None:
    add_note_only_prospects(netdeck, "Pat One", "Pat Two")

    first = netdeck.ok("digest").stdout.splitlines()[0]

    assert first == (
        "netdeck, Wednesday 2026-11-25: 1 person to write to today "
        "(1 held for the note budget: netdeck queue --all)"
    )

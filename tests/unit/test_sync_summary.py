"""The lines naming who a sync moved: one per kind, cut with "and N more", file text escaped."""

from __future__ import annotations

from dataclasses import dataclass

from netdeck.domain.sync_summary import moved_lines, named


@dataclass(frozen=True)
class Moved:
    accepted: tuple[str, ...] = ()
    awaiting_reply: tuple[tuple[str, str], ...] = ()
    job_changes: tuple[tuple[str, str], ...] = ()
    disconnected: tuple[str, ...] = ()


def test_nobody_moved_no_lines() -> None:
    assert moved_lines(Moved(), dry_run=False) == []
    assert moved_lines(Moved(), dry_run=True) == []


def test_one_line_per_kind_in_order_and_would_in_a_dry_run() -> None:
    moved = Moved(
        accepted=("Dana Whitfield",),
        awaiting_reply=(("Priya Okafor", "Hi Sam…"), ("Bo", "")),
        job_changes=(("Jonas Nasser", "CTO at Tessellate"),),
        disconnected=("Sofia Raman",),
    )
    assert moved_lines(moved, dry_run=False) == [
        "Accepted your invitation: Dana Whitfield",
        "Awaiting your reply: Priya Okafor ('Hi Sam…'), Bo",
        "Changed jobs: Jonas Nasser (now CTO at Tessellate)",
        "No longer connected: Sofia Raman",
    ]
    assert [line.split(":")[0] for line in moved_lines(moved, dry_run=True)] == [
        "Would be connected (accepted your invitation)",
        "Would be awaiting your reply",
        "Would record a change of jobs",
        "Would be marked no longer connected",
    ]


def test_long_lists_are_cut() -> None:
    people = tuple(f"Person {n}" for n in range(1, 9))
    assert named(list(people[:5])) == "Person 1, Person 2, Person 3, Person 4, Person 5"
    assert moved_lines(Moved(disconnected=people), dry_run=False) == [
        "No longer connected: Person 1, Person 2, Person 3, Person 4, Person 5 and 3 more"
    ]


def test_names_and_previews_from_files_are_made_safe() -> None:
    moved = Moved(
        accepted=("Eve\x1b]52;c;aGk=\x07 Mallory",),
        awaiting_reply=(("[bold]Ann[/bold]", "line one\nline two\x1b[2J"),),
        job_changes=(("Jo", "CEO\rat\u202eEvil"),),
    )
    text = "\n".join(moved_lines(moved, dry_run=False))
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text
    assert "\u202e" not in text
    assert "Eve\\x1b]52;c;aGk=\\x07 Mallory" in text
    # Literal markup: the TUI shows these lines as plain text.
    assert "[bold]Ann[/bold] ('line one line two\\x1b[2J')" in text

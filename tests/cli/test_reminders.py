"""Reminders outside the terminal: ``netdeck calendar`` and ``netdeck digest``."""

from __future__ import annotations

from pathlib import Path

from icalendar import Calendar

from tests.cli.conftest import Netdeck, assert_user_error, run_all


def test_calendar_writes_a_feed_that_parses_back_and_can_be_written_again(
    netdeck: Netdeck, tmp_path: Path
) -> None:
    netdeck.in_process("add", "Dana Lee", "--email", "dana@example.com", "--tag", "investors")
    netdeck.in_process("add", "Greg Ito")
    netdeck.in_process("log", "Greg Ito", "--date", "2026-11-20")
    netdeck.in_process("tag", "cadence", "investors", "2w")
    feed = tmp_path / "feeds" / "netdeck.ics"

    first = netdeck.json("calendar", "-o", str(feed), "--days", "30")
    assert first == {
        "path": str(feed),
        "events": 2,
        "people": 2,
        "first_day": "2026-11-25",
        "last_day": "2026-12-24",
    }
    assert oct(feed.stat().st_mode & 0o777) == "0o600"
    events = Calendar.from_ical(feed.read_bytes()).walk("VEVENT")
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART").isoformat()) for e in events] == [
        ("Dana Lee: added today, not contacted yet", "2026-11-25"),
        ("Greg Ito: check in (every 30 days)", "2026-12-20"),
    ]
    assert "email: dana@example.com" in str(events[0]["DESCRIPTION"])

    again = netdeck.ok("calendar", "-o", str(feed), "--days", "30")  # cron, the next run
    assert again.stdout == f"Wrote 2 events (2 people, 2026-11-25 to 2026-12-24) to {feed}\n"
    assert [str(e["UID"]) for e in Calendar.from_ical(feed.read_bytes()).walk("VEVENT")] == [
        str(e["UID"]) for e in events
    ]


def test_calendar_refuses_bad_days_and_a_file_that_is_no_calendar(
    netdeck: Netdeck, tmp_path: Path
) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("mine", encoding="utf-8")
    bad_days, not_ics, no_output = run_all(
        [
            lambda: netdeck("calendar", "-o", str(tmp_path / "a.ics"), "--days", "0"),
            lambda: netdeck("calendar", "-o", str(other)),
            lambda: netdeck("calendar"),
        ]
    )
    assert_user_error(bad_days, "--days must be between 1 and 3660")
    assert_user_error(not_ics, "already exists", "--force")
    assert other.read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "a.ics").exists()
    assert no_output.returncode == 2 and "-o/--output" in no_output.stderr


def test_digest_prints_todays_queue_as_plain_text(netdeck: Netdeck) -> None:
    empty = netdeck.ok("digest")
    assert empty.stdout == "Nothing due today.\n"

    netdeck.in_process(
        "add", "Dana Lee", "--email", "dana@example.com", "--company", "Acme", "--title", "CTO"
    )
    netdeck.in_process("add", "Greg \x1b[31mIto", "--linkedin", "https://linkedin.com/in/greg")
    digest = netdeck.ok("digest", env={"TERM": "xterm-256color", "FORCE_COLOR": "1"})
    assert digest.stdout == (
        "netdeck, Wednesday 2026-11-25: 2 people to write to today\n"
        "\n"
        "Dana Lee (#1), CTO at Acme\n"
        "  added today, not contacted yet\n"
        "  email: dana@example.com\n"
        "\n"
        "Greg \\x1b[31mIto (#2)\n"
        "  added today, not contacted yet\n"
        "  linkedin: https://www.linkedin.com/in/greg\n"
    )

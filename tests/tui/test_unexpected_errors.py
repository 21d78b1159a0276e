"""Errors netdeck did not expect (bugs, not bad input) never vanish in the TUI.

A worker that fails with anything but netdeck's own error type shows an error
notification saying what was not saved and where the traceback went, the
screen puts back what it showed before the write (the database holds the
truth), and the traceback is in ``netdeck.log`` in the data directory, 0600.
Far dates (today at the end of the calendar) no longer fail at all.
"""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

from netdeck.services.api import DeckApi
from netdeck.services.error_log import LOG_NAME
from netdeck.tui.app import NetdeckApp
from netdeck.tui.screens.modals import LogModal
from netdeck.tui.screens.queue import QueueScreen
from tests.tui.conftest import drive, queue_ids, stored


def test_an_unexpected_failure_of_done_is_shown_undone_on_screen_and_logged(
    db_path, database, seeded, monkeypatch, isolated_environment: Path
):
    grace = seeded["grace"]
    before = stored(database, grace)
    shown_before: list[int] = []

    def broken_mark_done(deck, *args, **kwargs):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(DeckApi, "mark_done", broken_mark_done)

    async def scenario(ui):
        shown_before.extend(ui.queue_ids())
        await ui.press("j")
        await ui.press("d")
        assert isinstance(ui.screen, LogModal)
        await ui.pilot.press("enter")
        await ui.settle()
        assert isinstance(ui.screen, QueueScreen)
        # The row that left the queue at once is back: the screen shows the truth.
        assert ui.queue_ids() == shown_before
        assert grace in ui.queue_ids()
        errors = [n for n in ui.notified if n.severity == "error"]
        assert len(errors) == 1, ui.notified
        message = errors[0].message
        assert "Not saved: logging a message with Grace Hopper failed unexpectedly" in message
        assert "(RuntimeError)" in message
        assert str(isolated_environment / LOG_NAME) in message
        assert not any("u to undo" in m for m in ui.notifications())

    drive(db_path, scenario)

    assert stored(database, grace) == before
    assert grace in queue_ids(database)
    log = isolated_environment / LOG_NAME
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text(encoding="utf-8")
    assert "logging a message with Grace Hopper" in text
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: the disk is on fire" in text
    assert "broken_mark_done" in text


def test_an_unexpected_failure_of_a_reload_is_reported_too(
    db_path, database, seeded, monkeypatch, isolated_environment: Path
):
    """A read that fails is reported the same way (nothing is left half-shown)."""

    def broken_queue(deck, **_options):
        raise ZeroDivisionError("division by zero")

    async def scenario(ui):
        monkeypatch.setattr(DeckApi, "queue", broken_queue)
        await ui.press("r")
        errors = [n for n in ui.notified if n.severity == "error"]
        assert len(errors) == 1, ui.notified
        assert "failed unexpectedly (ZeroDivisionError)" in errors[0].message

    drive(db_path, scenario)
    assert "ZeroDivisionError" in (isolated_environment / LOG_NAME).read_text(encoding="utf-8")


def test_done_on_the_last_day_of_the_calendar_is_logged_not_lost(db_path, database, seeded):
    """Today at ``date.max`` once failed silently (OverflowError in a worker): a done
    took the row off the queue, said nothing and saved nothing. Date arithmetic is
    total now: the message is logged and the next due date stops at the calendar's end."""
    grace = seeded["grace"]
    app = NetdeckApp(str(db_path), today=lambda: date.max)

    async def scenario(ui):
        assert grace in ui.queue_ids()
        await ui.pilot.press("j")
        await ui.settle()
        assert ui.selected_id() == grace
        await ui.press("d")
        await ui.pilot.press("enter")
        await ui.settle()
        # Due again at once (the due date cannot pass the calendar's end): last in line.
        assert ui.queue_ids()[-1] == grace
        assert any("Grace Hopper" in m and "u to undo" in m for m in ui.notifications())
        assert not [n for n in ui.notified if n.severity == "error"], ui.notified

    drive(db_path, scenario, app=app)

    after = stored(database, grace)
    assert after.last_interaction_on == date.max
    assert after.next_due_on == date.max

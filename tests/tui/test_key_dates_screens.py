"""Key dates on screen: the queue says why ("birthday today", "you asked to: ..."),
the card and the contact screen list the dates, ``ctrl+r`` on the contact screen adds
a reminder (a bad day is a notification and the typed text stays), and the first
frame, painted before the database opens, gives the same reasons."""

from __future__ import annotations

import asyncio
import threading

from textual.widgets import Checkbox, Input

from netdeck.services.api import DeckApi
from netdeck.services.startup import PendingQueue
from netdeck.store.database import Database
from netdeck.store.preflight import check_before_start
from netdeck.tui.app import NetdeckApp
from netdeck.tui.screens.contact import ContactScreen
from netdeck.tui.screens.reminder import ReminderModal
from tests.conftest import TODAY
from tests.tui.conftest import SIZE, drive, settle


def with_dates(database: Database, seeded: dict[str, int]) -> DeckApi:
    """Edsger (last of the due) has his birthday today; Barbara (not due until December)
    has a reminder today."""
    deck = DeckApi(database, lambda: TODAY)
    deck.set_birthday(seeded["edsger"], f"{TODAY.month:02d}-{TODAY.day:02d}")
    deck.add_reminder(seeded["barbara"], TODAY.isoformat(), note="ask how the launch went")
    return deck


def test_the_queue_and_card_show_key_dates(db_path, database, seeded):
    with_dates(database, seeded)

    async def scenario(ui):
        # The two with a key date first (with new connections), then the most overdue.
        assert ui.queue_ids()[:3] == [seeded["edsger"], seeded["barbara"], seeded["ada"]]
        table = ui.widget_text("#queue")
        assert "birthday today" in table
        assert "you asked to: ask how the launch went" in table
        assert "Birthday 25 Nov" in ui.widget_text("#card")
        await ui.press("j")
        # (The card is narrow: the note wraps.)
        assert "dates   Reminder 25 Nov: ask how the" in ui.text()

    drive(db_path, scenario)


def test_ctrl_r_on_the_contact_screen_adds_a_reminder(db_path, database, seeded):
    grace = seeded["grace"]

    async def scenario(ui):
        await ui.press("j", "e")
        assert isinstance(ui.screen, ContactScreen)
        await ui.press("ctrl+r")
        assert isinstance(ui.screen, ReminderModal)
        await ui.type("2026-11-01")
        await ui.press("tab")
        await ui.type("ask how the launch went")
        await ui.press("enter")
        # A day gone by: said, and the dialog stays with what was typed.
        assert isinstance(ui.screen, ReminderModal)
        assert ui.notified[-1].severity == "error"
        assert "that day has passed" in ui.notified[-1].message
        assert ui.screen.query_one("#reminder-note", Input).value == "ask how the launch went"
        await ui.focus("#reminder-on")
        await ui.retype("12-01")
        ui.screen.query_one("#reminder-yearly", Checkbox).value = True
        await ui.press("enter")
        assert isinstance(ui.screen, ContactScreen)
        assert "Reminder 1 Dec: ask how the launch went" in ui.widget_text("#contact-summary")

    drive(db_path, scenario)
    dates = DeckApi(database, lambda: TODAY).contact(grace).dates
    assert [(d.kind, d.on_text, d.yearly, d.note) for d in dates] == [
        ("reminder", "2026-12-01", True, "ask how the launch went")
    ]


def test_the_first_frame_gives_the_key_dates_reasons(db_path, database, seeded, monkeypatch):
    with_dates(database, seeded)
    release = threading.Event()
    original_open = DeckApi.open.__func__

    def held_open(cls, *args, **kwargs):
        assert release.wait(20), "DeckApi.open was never released"
        return original_open(cls, *args, **kwargs)

    monkeypatch.setattr(DeckApi, "open", classmethod(held_open))
    ready = check_before_start(str(db_path))
    assert ready is not None
    pending = PendingQueue(ready, TODAY)
    assert pending.entries() is not None  # read (the first frame waits for it otherwise)
    app = NetdeckApp(str(db_path), first_look=pending)

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            table = app.screen.query_one("#queue")
            first = [int(row.key.value) for row in table.ordered_rows]
            reasons = [str(table.get_row_at(n)[-2]) for n in range(2)]
            release.set()
            await settle(pilot)
            # The database's own answer, once it is open, is the same.
            assert [int(row.key.value) for row in table.ordered_rows] == first
            assert [str(table.get_row_at(n)[-2]) for n in range(2)] == reasons
            assert first[:2] == [seeded["edsger"], seeded["barbara"]]
            assert reasons == ["birthday today", "you asked to: ask how the launch went"]

    asyncio.run(main())

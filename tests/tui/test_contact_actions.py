"""Acting on anyone, from anywhere: the queue's actions on the contact screen and on the
selected row of the contacts, triage and health lists, and Log… from the palette.

Each key is checked in the database afterwards and on the screen (the notice, the row).
"""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import DataTable, Input

from netdeck.store.database import Database
from netdeck.store.models import Contact
from netdeck.tui.screens.composer import ComposerScreen
from netdeck.tui.screens.contact import ContactScreen
from netdeck.tui.screens.contacts import ContactsScreen
from netdeck.tui.screens.health import HealthScreen
from netdeck.tui.screens.log_flow import ContactPicker, WhatHappened
from netdeck.tui.screens.modals import LogModal, NoteModal, SnoozeModal
from netdeck.tui.screens.queue import QueueScreen
from netdeck.tui.screens.triage import TriageScreen
from tests.conftest import TODAY
from tests.tui.conftest import StoredInteraction, add_person, drive, queue_ids, stored


def marks(database: Database, contact_id: int) -> tuple[date | None, date | None]:
    """(awaiting_reply_on, pulled_on) as stored."""
    with database.reading() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        return contact.awaiting_reply_on, contact.pulled_on


async def open_contacts_on(ui, name: str) -> None:
    await ui.press("c")
    assert isinstance(ui.screen, ContactsScreen)
    table = ui.screen.query_one("#contacts", DataTable)
    while name not in ui.widget_text("#contacts").splitlines()[table.cursor_row + 1]:
        await ui.press("j")


def test_contacts_list_logs_a_reply_pulls_snoozes_notes_and_logs_done_on_the_selected_row(
    db_path, database, seeded
):
    barbara = seeded["barbara"]  # talked last week: not due, not in today's queue
    before = stored(database, barbara)

    async def scenario(ui):
        await open_contacts_on(ui, "Barbara Liskov")
        row = ui.screen.query_one("#contacts", DataTable).cursor_row
        await ui.press("r")
        assert "Logged: Barbara Liskov replied · u to undo" in ui.notifications()
        assert marks(database, barbara) == (TODAY, None)
        assert stored(database, barbara).interactions[-1] == StoredInteraction(
            TODAY, "email", "reply", ""
        )
        # She awaits your reply: at the top of today's queue.
        assert queue_ids(database)[0] == barbara
        assert ui.screen.query_one("#contacts", DataTable).cursor_row == row, "same row"
        # Her row's due day says so too, as the queue has it (not the cadence's day).
        cells = [str(cell) for cell in ui.screen.query_one("#contacts", DataTable).get_row_at(row)]
        assert cells[:4] == ["Barbara Liskov", "active", "today", "today"]  # next due, last talked

        await ui.press("u")
        assert stored(database, barbara) == before
        assert marks(database, barbara) == (None, None)

        await ui.press("p")
        assert "Pulled Barbara Liskov into today's queue · u to undo" in ui.notifications()
        assert marks(database, barbara) == (None, TODAY)
        assert barbara in queue_ids(database)

        await ui.press("n")
        assert isinstance(ui.screen, NoteModal)
        await ui.type("moving to Berlin")
        await ui.press("enter")
        assert stored(database, barbara).interactions[-1] == StoredInteraction(
            TODAY, "email", "note", "moving to Berlin"
        )

        await ui.press("s")
        assert isinstance(ui.screen, SnoozeModal)
        await ui.press("3")  # a week
        assert stored(database, barbara).snoozed_until == TODAY + timedelta(days=7)
        assert barbara not in queue_ids(database), "a snooze ends the pull"

        await ui.press("d")
        assert isinstance(ui.screen, LogModal)
        await ui.type("coffee chat")
        await ui.press("enter")
        assert isinstance(ui.screen, ContactsScreen)
        after = stored(database, barbara)
        assert after.interactions[-1] == StoredInteraction(TODAY, "email", "message", "coffee chat")
        assert after.next_due_on == TODAY + timedelta(days=30)
        assert "Dec 25" in ui.widget_text("#contacts")

        await ui.press("m")
        assert isinstance(ui.screen, ComposerScreen)

    drive(db_path, scenario)


def test_the_contact_screen_acts_from_its_timeline_and_keeps_what_is_typed(
    db_path, database, seeded
):
    barbara = seeded["barbara"]

    async def scenario(ui):
        await open_contacts_on(ui, "Barbara Liskov")
        await ui.press("enter")
        assert isinstance(ui.screen, ContactScreen)
        await ui.press("end")
        await ui.type("x")  # in the name field the letters are text
        await ui.press("r")
        assert ui.screen.query_one("#f-name", Input).value == "Barbara Liskovxr"
        assert marks(database, barbara) == (None, None)

        await ui.press("shift+tab")  # to the timeline
        await ui.press("r")
        assert "Logged: Barbara Liskov replied · u to undo" in ui.notifications()
        assert marks(database, barbara)[0] == TODAY
        assert "← reply" in ui.widget_text("#timeline")
        assert ui.screen.query_one("#f-name", Input).value == "Barbara Liskovxr", "kept"

        await ui.press("p")
        assert marks(database, barbara)[1] == TODAY
        await ui.press("u")
        assert marks(database, barbara)[1] is None

    drive(db_path, scenario)


def test_triage_logs_a_reply_with_r_pulls_with_capital_p_and_keeps_p_for_later(db_path, database):
    ada = add_person(database, "Ada Unsorted", stage="unsorted", email="ada@example.com")
    bob = add_person(database, "Bob Unsorted", stage="unsorted")
    cy = add_person(database, "Cy Unsorted", stage="unsorted")

    async def scenario(ui):
        await ui.press("t")
        assert isinstance(ui.screen, TriageScreen)
        assert "Ada Unsorted" in ui.widget_text("#triage-card")
        await ui.press("P")
        assert marks(database, ada) == (None, TODAY)
        assert "Ada Unsorted" in ui.widget_text("#triage-card"), "still unsorted: still here"

        await ui.press("r")
        assert "Logged: Ada Unsorted replied · u to undo" in ui.notifications()
        assert stored(database, ada).stage == "active"
        assert "Bob Unsorted" in ui.widget_text("#triage-card"), "she left the pile"
        assert ui.widget_text("#triage-topbar").strip() == "2 left · inner circle 1/100"

        await ui.press("u")
        assert stored(database, ada).stage == "unsorted"
        assert "Ada Unsorted" in ui.widget_text("#triage-card")
        assert ui.widget_text("#triage-topbar").strip() == "3 left · inner circle 0/100"

        await ui.press("x", "p")  # skip Ada; p is still "follow up later" for Bob
        assert stored(database, bob).stage in {"connected", "prospect"}
        assert "Cy Unsorted" in ui.widget_text("#triage-card")
        assert stored(database, cy).stage == "unsorted"

    drive(db_path, scenario)


def test_health_logs_a_reply_with_capital_r_and_r_still_refreshes(db_path, database):
    long_ago = TODAY - timedelta(days=400)
    dora = add_person(
        database, "Dora Drift", cadence="14", added_on=long_ago, last_talked=TODAY - timedelta(100)
    )

    async def scenario(ui):
        await ui.press("h")
        assert isinstance(ui.screen, HealthScreen)
        await ui.press("r")
        assert marks(database, dora) == (None, None)
        await ui.press("p")
        assert marks(database, dora) == (None, TODAY)
        await ui.press("R")
        assert "Logged: Dora Drift replied · u to undo" in ui.notifications()
        assert marks(database, dora) == (TODAY, None)
        assert "Dora Drift" not in ui.widget_text("#drifting"), "talked today: not drifting"

    drive(db_path, scenario)


def test_log_from_the_palette_picks_a_person_and_logs_a_meeting_in_two_keys(
    db_path, database, seeded
):
    barbara = seeded["barbara"]

    async def scenario(ui):
        commands = {c.title: c for c in ui.app.get_system_commands(ui.screen)}
        commands["Log…"].callback()
        await ui.settle()
        assert isinstance(ui.screen, ContactPicker)
        await ui.type("barb")
        assert "Barbara Liskov" in ui.widget_text("#picker-matches")
        await ui.press("enter")
        assert isinstance(ui.screen, WhatHappened)
        await ui.press("m")
        assert isinstance(ui.screen, QueueScreen)
        assert stored(database, barbara).interactions[-1] == StoredInteraction(
            TODAY, "in-person", "meeting", ""
        )
        assert "Logged: you met Barbara Liskov · u to undo" in ui.notifications()

        await ui.press("ctrl+l")  # the same from its key
        await ui.type("grace")
        await ui.press("enter", "r")
        assert marks(database, seeded["grace"])[0] == TODAY
        assert ui.queue_ids()[0] == seeded["grace"], "awaiting your reply: first"

    drive(db_path, scenario)


def test_the_queue_logs_a_reply_with_capital_r_and_a_note_with_n(db_path, database, seeded):
    ada = seeded["ada"]

    async def scenario(ui):
        await ui.press("R")
        assert marks(database, ada)[0] == TODAY
        await ui.press("n")
        await ui.type("asked about Babbage")
        await ui.press("enter")
        assert stored(database, ada).interactions[-1].note == "asked about Babbage"
        assert ui.selected_id() == ada

    drive(db_path, scenario)


def test_the_queue_shows_at_once_what_was_done_on_another_screen(db_path, database, seeded):
    """A reply logged from the contacts list puts them at the top of the queue the user
    goes back to, without a refresh key."""
    barbara = seeded["barbara"]  # not due: not in today's queue

    async def scenario(ui):
        assert barbara not in ui.queue_ids()
        await open_contacts_on(ui, "Barbara Liskov")
        await ui.press("r")
        await ui.press("escape")
        assert isinstance(ui.screen, QueueScreen)
        await ui.settle()
        assert ui.queue_ids()[0] == barbara

    drive(db_path, scenario)

"""Issue 16, item 7: honest screens. Later in triage says where it put someone; the
12-week bars are shares of 100%; the queue's count follows a settings change; the done
screen says who comes when, calls a request no message and points at the triage pile;
the stage picker opens on the current stage, the draft cursor waits at the end, and
down then enter in the search box opens the contact."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input, TextArea

from netdeck.services.api import DeckApi
from netdeck.services.contacts import get_contact
from netdeck.services.schedule import log_interaction
from netdeck.services.settings import change_setting, load_settings
from netdeck.store.models import Contact
from netdeck.tui.screens.composer import ComposerScreen
from netdeck.tui.screens.contact import ContactScreen
from netdeck.tui.screens.contacts import ContactsScreen
from netdeck.tui.screens.health import HealthScreen
from netdeck.tui.screens.queue import QueueScreen
from netdeck.tui.screens.settings import SettingsScreen
from tests.conftest import TODAY
from tests.tui.conftest import add_person, drive, stored


def topbar(ui) -> str:
    return ui.widget_text("#topbar").strip()


def set_setting(database, key: str, value: str) -> None:
    with database.writing() as session:
        change_setting(session, key, value)


# ---------------------------------------------------------------- triage and health


def test_later_in_triage_says_active_for_someone_who_replied(db_path, database):
    """Connected 3425 days ago, their reply imported: later makes them active, the notice
    says so, and nothing calls them 'connected 3425 days ago, no message yet'."""
    person = add_person(database, "Rory Replied", stage="unsorted")
    with database.writing() as session:
        contact = session.get(Contact, person)
        assert contact is not None
        contact.connected_on = TODAY - timedelta(days=3425)
        contact.last_interaction_on = TODAY - timedelta(days=200)  # their reply, imported

    async def scenario(ui):
        await ui.press("t", "p")
        assert any(
            message.startswith("Follow up later: Rory Replied (active), first due")
            for message in ui.notifications()
        ), ui.notifications()

    drive(db_path, scenario)
    assert stored(database, person).stage == "active"
    deck = DeckApi.open(str(db_path), lambda: TODAY)
    try:
        assert "no message yet" not in deck.contact(person).reason
    finally:
        deck.close()


def test_the_12_week_bars_are_shares_of_100_percent(db_path, database):
    # Ten active people, one talked to this week: on cadence 1 of 10 (10%) this week,
    # nobody before. Textual's Sparkline drew that 10% as a full block.
    for n in range(9):
        add_person(database, f"Quiet {n}", added_on=TODAY - timedelta(days=400))
    add_person(database, "Talked Tess", last_talked=TODAY - timedelta(days=2))

    async def scenario(ui):
        await ui.press("h")
        assert isinstance(ui.screen, HealthScreen)
        assert "1 of 10 (10%)" in ui.text()
        bars = ui.widget_text("#cadence-weeks")
        assert bars == "▁" * 22 + "▂▂", bars
        per_week = ui.widget_text("#interaction-weeks")
        assert per_week == "▁" * 22 + "██", per_week  # counts: the busiest week is full

    drive(db_path, scenario)


# ---------------------------------------------------------------- the queue


def test_the_queue_count_follows_a_new_daily_size(db_path, database, seeded):
    async def scenario(ui):
        assert topbar(ui).split("   ")[1] == "4 in today's queue · 0 done today"
        await ui.press("comma")
        assert isinstance(ui.screen, SettingsScreen)
        await ui.focus("#s-queue-size")
        await ui.retype("2")
        await ui.press("ctrl+s")
        assert isinstance(ui.screen, QueueScreen)
        assert "2 in today's queue · 4 due in all" in topbar(ui)
        assert len(ui.queue_ids()) == 2

    drive(db_path, scenario)


def test_done_for_today_says_how_many_a_day_holds_and_calls_a_request_no_message(
    db_path, database, seeded
):
    set_setting(database, "queue-size", "1")
    with database.writing() as session:  # a connection request logged today
        log_interaction(
            session,
            get_contact(session, seeded["barbara"]),
            today=TODAY,
            settings=load_settings(session),
            kind="connection-request",
        )

    async def scenario(ui):
        assert ui.screen.query_one("#all-done").display
        shown = " ".join(ui.widget_text("#all-done").split())
        assert "You got in touch with 1 person today." in shown
        assert "message" not in shown
        # Four are due and a day holds one: not "they come up tomorrow".
        assert "4 more are due: a day's queue holds 1, the most overdue first" in shown
        assert "tomorrow" not in shown

    drive(db_path, scenario)


def test_nothing_due_after_a_big_import_points_at_the_triage_pile(db_path, database):
    add_person(database, "Barbara Liskov", cadence="30", last_talked=TODAY - timedelta(days=7))
    for n in range(3):
        add_person(database, f"Imported {n}", stage="unsorted")

    async def scenario(ui):
        assert ui.screen.query_one("#all-done").display
        shown = " ".join(ui.widget_text("#all-done").split())
        assert "You're done for today." in shown
        assert "3 people wait in triage: press t." in shown

    drive(db_path, scenario)


# ---------------------------------------------------------------- where the cursor starts


def test_the_draft_cursor_starts_at_the_end_of_the_text(db_path, database, seeded):
    async def scenario(ui):
        await ui.press("m")
        assert isinstance(ui.screen, ComposerScreen)
        area = ui.screen.query_one("#draft-text", TextArea)
        assert area.text
        assert area.cursor_location == area.document.end

    drive(db_path, scenario)


def test_down_then_enter_in_the_search_box_opens_the_contact(db_path, database, seeded):
    async def scenario(ui):
        await ui.press("/")
        assert isinstance(ui.screen, ContactsScreen)
        await ui.type("lis")
        await ui.press("down", "enter")
        assert isinstance(ui.screen, ContactScreen)
        assert ui.screen.query_one("#f-name", Input).value == "Barbara Liskov"

    drive(db_path, scenario)

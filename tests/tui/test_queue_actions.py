"""The queue screen's actions, checked in the database afterwards.

Done logs an interaction and moves the due date; snooze moves only the date;
skip hides the contact for today; undo puts everything back; the stage key
changes the stage. Each time the row leaves the queue at once and the cursor
lands on the next person.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, timedelta

from textual.widgets import Input, OptionList, Select

from netdeck.services.api import DeckApi
from netdeck.tui.screens.modals import LogModal, SnoozeModal, StageModal
from netdeck.tui.screens.queue import QueueScreen
from tests.conftest import TODAY
from tests.postgres import postgresql_too
from tests.tui.conftest import StoredInteraction, drive, queue_ids, stored


@postgresql_too  # the smoke set on PostgreSQL
def test_queue_lists_the_due_people_in_service_order_and_moves_with_keys(
    backend_target, database, seeded
):
    expected = queue_ids(database)
    assert expected == [seeded["ada"], seeded["grace"], seeded["alan"], seeded["edsger"]]

    async def scenario(ui):
        assert ui.queue_ids() == expected
        assert ui.selected_id() == seeded["ada"]
        assert "Ada Lovelace" in ui.widget_text("#card")
        assert "Analytical Engines" in ui.widget_text("#card")

        await ui.press("j")
        assert ui.selected_id() == seeded["grace"]
        assert "Grace Hopper" in ui.widget_text("#card")
        await ui.press("down")
        assert ui.selected_id() == seeded["alan"]
        assert "Alan Turing" in ui.widget_text("#card")
        await ui.press("k")
        assert ui.selected_id() == seeded["grace"]
        await ui.press("up")
        assert ui.selected_id() == seeded["ada"]
        assert "Ada Lovelace" in ui.widget_text("#card")
        assert "Barbara Liskov" not in ui.text()

    drive(backend_target, scenario)


def test_queue_respects_the_daily_size(db_path, database, seeded):
    from netdeck.services.settings import change_setting

    with database.writing() as session:
        change_setting(session, "queue-size", "2")

    async def scenario(ui):
        assert ui.queue_ids() == [seeded["ada"], seeded["grace"]]
        assert "2 in today's queue" in ui.text()
        assert "4 due in all" in ui.text()

    drive(db_path, scenario)


@postgresql_too  # the smoke set on PostgreSQL
def test_done_logs_the_interaction_and_moves_to_the_next_person(
    backend_target, database, seeded, monkeypatch
):
    grace = seeded["grace"]
    before = stored(database, grace)
    # Hold the write back until the test has looked at the screen.
    write_may_start = threading.Event()
    mark_done = DeckApi.mark_done

    def held_mark_done(deck, *args, **kwargs):
        assert write_may_start.wait(10), "the test never let the write start"
        return mark_done(deck, *args, **kwargs)

    monkeypatch.setattr(DeckApi, "mark_done", held_mark_done)

    async def scenario(ui):
        await ui.press("j")
        await ui.press("d")
        assert isinstance(ui.screen, LogModal)
        # Grace's only address is LinkedIn, so that is where the message went.
        assert ui.screen.query_one("#log-channel", Select).value == "linkedin"
        assert ui.screen.query_one("#log-kind", Select).value == "message"
        await ui.type("sent COBOL tips")
        await ui.pilot.press("enter")
        # Off the queue at once, while the write is still waiting; the cursor on the next row.
        assert isinstance(ui.screen, QueueScreen)
        assert grace not in ui.queue_ids()
        assert ui.selected_id() == seeded["alan"]
        assert stored(database, grace) == before
        write_may_start.set()
        await ui.settle()
        assert ui.queue_ids() == [seeded["ada"], seeded["alan"], seeded["edsger"]]
        assert ui.selected_id() == seeded["alan"]
        assert "Alan Turing" in ui.widget_text("#card")
        assert any("Grace Hopper" in m and "u to undo" in m for m in ui.notifications())
        assert "1 done today" in ui.text()

    drive(backend_target, scenario)

    after = stored(database, grace)
    assert after.interactions == (
        *before.interactions,
        StoredInteraction(TODAY, "linkedin", "message", "sent COBOL tips"),
    )
    # The next check-in is one cadence (30 days) after today's message.
    assert after == replace(
        before,
        interactions=after.interactions,
        last_interaction_on=TODAY,
        next_due_on=TODAY + timedelta(days=30),
    )
    assert grace not in queue_ids(database)


def test_done_presets_the_preferred_channel_and_escape_logs_nothing(db_path, database, seeded):
    ada = seeded["ada"]
    before = stored(database, ada)

    async def scenario(ui):
        # Ada has LinkedIn and email, and prefers email.
        assert ui.selected_id() == ada
        await ui.press("d")
        assert ui.screen.query_one("#log-channel", Select).value == "email"
        await ui.type("no")
        await ui.press("escape")
        assert isinstance(ui.screen, QueueScreen)
        assert ui.queue_ids()[0] == ada
        assert stored(database, ada) == before

        await ui.press("d", "enter")
        assert ada not in ui.queue_ids()

    drive(db_path, scenario)
    assert stored(database, ada).interactions[-1] == StoredInteraction(
        TODAY, "email", "message", ""
    )


def test_snooze_one_week_moves_only_the_due_date(db_path, database, seeded):
    ada = seeded["ada"]
    before = stored(database, ada)
    week = TODAY + timedelta(days=7)

    async def scenario(ui):
        await ui.press("s")
        assert isinstance(ui.screen, SnoozeModal)
        await ui.press("3")
        assert isinstance(ui.screen, QueueScreen)
        assert ada not in ui.queue_ids()
        assert ui.selected_id() == seeded["grace"]
        assert any("Snoozed Ada Lovelace" in m and "u to undo" in m for m in ui.notifications())

    drive(db_path, scenario)
    assert stored(database, ada) == replace(before, snoozed_until=week, next_due_on=week)


def test_snooze_until_a_typed_date_refuses_bad_dates(db_path, database, seeded):
    ada = seeded["ada"]
    before = stored(database, ada)

    async def scenario(ui):
        await ui.press("s")
        await ui.press("tab")
        assert ui.app.focused is ui.screen.query_one("#snooze-date", Input)

        await ui.paste("2026-13-45")
        await ui.press("enter")
        assert isinstance(ui.screen, SnoozeModal), "a bad date must not close the dialog"
        assert "bad date" in ui.error_shown("#snooze-error"), "the dialog says what is wrong"
        assert ui.screen.query_one("#snooze-date", Input).value == "2026-13-45"

        await ui.clear()
        await ui.paste("2026-11-20")
        await ui.press("enter")
        assert isinstance(ui.screen, SnoozeModal), "a past date must not close the dialog"
        assert "after today" in ui.error_shown("#snooze-error")

        # Typed key by key: the digits go into the field, not to the 1-5 shortcuts.
        await ui.retype("2026-12-24")
        assert isinstance(ui.screen, SnoozeModal)
        await ui.press("enter")
        assert isinstance(ui.screen, QueueScreen)
        assert ada not in ui.queue_ids()

    drive(db_path, scenario)
    christmas_eve = date(2026, 12, 24)
    assert stored(database, ada) == replace(
        before, snoozed_until=christmas_eve, next_due_on=christmas_eve
    )


def test_skip_hides_the_contact_for_today_only(db_path, database, seeded):
    ada = seeded["ada"]
    before = stored(database, ada)

    async def scenario(ui):
        await ui.press("x")
        assert ada not in ui.queue_ids()
        assert ui.selected_id() == seeded["grace"]
        assert any("Skipped Ada Lovelace" in m and "u to undo" in m for m in ui.notifications())

    drive(db_path, scenario)
    assert stored(database, ada) == replace(before, skipped_on=TODAY)
    assert ada not in queue_ids(database)


def test_undo_after_done_snooze_or_skip_restores_the_previous_state(db_path, database, seeded):
    ada = seeded["ada"]
    before = stored(database, ada)

    async def scenario(ui):
        for action, keys in (
            ("done", ("d", *"hi", "enter")),
            ("snooze a month", ("s", "5")),
            ("skip", ("x",)),
        ):
            await ui.press(*keys)
            assert isinstance(ui.screen, QueueScreen)
            assert ada not in ui.queue_ids()
            assert stored(database, ada) != before, f"{action} changed nothing"

            await ui.press("u")
            assert stored(database, ada) == before, f"undo after {action} left a change"
            assert ui.queue_ids()[0] == ada, "the contact is back in the queue"
            assert ui.selected_id() == ada, "and under the cursor"
            assert ui.notifications()[-1].startswith("Undone:")
            assert "Ada Lovelace" in ui.notifications()[-1]

    drive(db_path, scenario)
    assert stored(database, ada) == before
    assert queue_ids(database)[0] == ada


def test_undo_goes_back_one_action_at_a_time(db_path, database, seeded):
    ada, grace = seeded["ada"], seeded["grace"]
    before_ada, before_grace = stored(database, ada), stored(database, grace)

    async def scenario(ui):
        await ui.press("x")  # skip Ada
        await ui.press("s", "1")  # snooze Grace
        assert ui.queue_ids() == [seeded["alan"], seeded["edsger"]]
        await ui.press("u")
        assert ui.queue_ids() == [grace, seeded["alan"], seeded["edsger"]]
        await ui.press("u")
        assert ui.queue_ids() == [ada, grace, seeded["alan"], seeded["edsger"]]
        # Nothing left to undo: the key is greyed out in the footer and does nothing.
        assert ui.screen.active_bindings["u"].enabled is False
        await ui.press("u")
        assert ui.queue_ids() == [ada, grace, seeded["alan"], seeded["edsger"]]

    drive(db_path, scenario)
    assert stored(database, ada) == before_ada
    assert stored(database, grace) == before_grace


def test_stage_key_changes_the_stored_stage(db_path, database, seeded):
    ada = seeded["ada"]

    async def scenario(ui):
        await ui.press("g")
        assert isinstance(ui.screen, StageModal)
        # The picker opens on Ada's stage (active); enter there changes nothing...
        choices = ui.screen.query_one(OptionList)
        assert choices.highlighted is not None
        assert choices.get_option_at_index(choices.highlighted).id == "active"
        await ui.press("enter")
        assert isinstance(ui.screen, QueueScreen)
        assert not any("Moved" in m for m in ui.notifications())
        # ...and the next stage down, dormant, is one key away.
        await ui.press("g", "down", "enter")
        assert isinstance(ui.screen, QueueScreen)
        # Dormant people are never due, so Ada leaves the queue.
        assert ada not in ui.queue_ids()
        assert any("Moved Ada Lovelace to dormant" in m for m in ui.notifications())

    drive(db_path, scenario)
    after = stored(database, ada)
    assert after.stage == "dormant"
    assert after.stage_since == TODAY
    assert after.next_due_on is None

"""Editing and adding contacts from the queue: checks next to each field, nothing saved
until every field is right, and the database holds exactly what was typed."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Input

from netdeck.tui.screens.contact import ContactScreen
from netdeck.tui.screens.queue import QueueScreen
from tests.conftest import TODAY
from tests.postgres import postgresql_too
from tests.tui.conftest import cadence_of, contact_id_named, contact_names, drive, stored


def error_next_to(ui, field_id: str) -> str:
    return ui.error_shown(f"#e-{field_id}")


@postgresql_too  # the smoke set on PostgreSQL
def test_edit_saves_nothing_until_every_field_is_right(backend_target, database, seeded):
    grace = seeded["grace"]
    before = stored(database, grace)

    async def scenario(ui):
        await ui.press("j", "e")
        assert isinstance(ui.screen, ContactScreen)
        assert ui.screen.query_one("#f-name", Input).value == "Grace Hopper"
        assert ui.screen.query_one("#f-company", Input).value == "Navy"

        await ui.focus("#f-company")
        await ui.clear()
        await ui.paste("USN")
        await ui.focus("#f-email")
        await ui.type("g@navy")
        assert "bad email" in error_next_to(ui, "email")
        await ui.press("ctrl+s")
        assert isinstance(ui.screen, ContactScreen), "a bad form must not close"
        assert ui.notified[-1].severity == "error"
        assert "bad email" in error_next_to(ui, "email")
        # What was typed is still there, and nothing (not even the good field) was stored.
        assert ui.screen.query_one("#f-email", Input).value == "g@navy"
        assert ui.screen.query_one("#f-company", Input).value == "USN"
        assert stored(database, grace) == before

        await ui.type(".mil")
        assert error_next_to(ui, "email") == ""
        await ui.press("ctrl+s")
        assert isinstance(ui.screen, QueueScreen)
        assert "Saved Grace Hopper" in ui.notifications()
        assert ui.selected_id() == grace, "back on the queue, on the same person"
        assert "g@navy.mil" in ui.widget_text("#card")

    drive(backend_target, scenario)
    assert stored(database, grace) == replace(
        before,
        company="USN",
        channels=(
            ("email", "g@navy.mil", False),
            ("linkedin", "https://www.linkedin.com/in/grace-hopper", True),
        ),
    )


def test_add_checks_every_field_then_creates_the_contact(db_path, database, seeded):
    async def scenario(ui):
        await ui.press("a")
        assert isinstance(ui.screen, ContactScreen)
        fields = ui.screen.query(Input)
        assert all(field.value == "" for field in fields), "a new contact starts empty"
        assert ui.app.focused is ui.screen.query_one("#f-name", Input)

        await ui.press("ctrl+s")
        assert isinstance(ui.screen, ContactScreen)
        assert "name must not be empty" in error_next_to(ui, "name")

        await ui.type("Kay Ito")
        assert error_next_to(ui, "name") == ""
        for field_id, typed, complaint in (
            ("linkedin", "x.com/kay", "bad LinkedIn URL"),
            ("website", "no such", "bad URL"),
            ("cadence", "often", "bad cadence"),
        ):
            await ui.focus(f"#f-{field_id}")
            await ui.paste(typed)
            assert complaint in error_next_to(ui, field_id)
        await ui.press("ctrl+s")
        assert isinstance(ui.screen, ContactScreen)
        assert len(contact_names(database)) == len(seeded), "nothing is saved"

        for field_id, fixed in (
            ("linkedin", "linkedin.com/in/kj"),
            ("website", ""),
            ("cadence", "2w"),
        ):
            await ui.focus(f"#f-{field_id}")
            await ui.clear()
            await ui.paste(fixed)
            assert error_next_to(ui, field_id) == ""
        await ui.press("ctrl+s")
        assert isinstance(ui.screen, QueueScreen)
        assert "Saved Kay Ito" in ui.notifications()
        # A new active contact is due today: say hello.
        assert "Kay Ito" in ui.widget_text("#queue")

    drive(db_path, scenario)
    assert len(contact_names(database)) == len(seeded) + 1
    kay_id = contact_id_named(database, "Kay Ito")
    kay = stored(database, kay_id)
    assert kay.stage == "active"
    assert kay.channels == (("linkedin", "https://www.linkedin.com/in/kj", True),)
    assert kay.interactions == ()
    assert kay.next_due_on == TODAY
    assert cadence_of(database, kay_id) == 14

"""App-wide behaviour: user text shown literally, settings, theme, opening a channel."""

from __future__ import annotations

import webbrowser
from datetime import date

from textual.widgets import Input

from netdeck.services.tag_cadences import list_tags
from netdeck.tui.screens.queue import QueueScreen
from netdeck.tui.screens.settings import SettingsScreen
from tests.tui.conftest import add_person, drive, stored, stored_settings

TRICKY_NAME = "[bold]x[/] \x1b[2J"


def test_names_and_notes_are_shown_literally(db_path, database):
    add_person(database, TRICKY_NAME, notes="[/oops] [red]not red[/red]", company="[b]Co[/b]")

    async def scenario(ui):
        row = ui.widget_text("#queue")
        card = ui.widget_text("#card")
        assert "[bold]x[/]" in row
        assert "[bold]x[/]" in card
        assert "\\x1b[2J" in card, "the escape character is shown, not obeyed"
        assert "\x1b" not in ui.text()
        assert "[/oops]" in card
        assert "[b]Co[/b]" in card
        # Acting on the contact puts the name in dialogs and notifications too.
        await ui.press("d")
        assert "[bold]x[/]" in ui.text()
        await ui.press("enter")
        assert any("[bold]x[/]" in message for message in ui.notifications())

    # A MarkupError anywhere would be raised here, when the app exits.
    drive(db_path, scenario)


def test_settings_refuse_a_bad_queue_size_and_save_a_good_one(db_path, database):
    async def scenario(ui):
        await ui.press("comma")
        assert isinstance(ui.screen, SettingsScreen)
        size = ui.screen.query_one("#s-queue-size", Input)
        assert size.value == "10"

        await ui.focus("#s-queue-size")
        await ui.retype("0")
        assert "between 1 and 500" in ui.error_shown("#e-queue-size")
        await ui.press("ctrl+s")
        assert isinstance(ui.screen, SettingsScreen), "a bad value must not close settings"
        assert size.value == "0"
        assert stored_settings(database).queue_size == 10

        await ui.retype("7")
        assert ui.error_shown("#e-queue-size") == ""
        await ui.press("ctrl+s")
        assert isinstance(ui.screen, QueueScreen)
        assert "Settings saved" in ui.notifications()

    drive(db_path, scenario)
    assert stored_settings(database).queue_size == 7


def test_the_theme_picked_is_remembered(db_path, database):
    async def pick_nord(ui):
        assert ui.app.theme == "textual-dark"
        ui.app.theme = "nord"
        await ui.settle()

    drive(db_path, pick_nord)
    assert stored_settings(database).theme == "nord"

    async def starts_in_nord(ui):
        assert ui.app.theme == "nord"

    drive(db_path, starts_in_nord)


def test_open_without_a_browser_shows_the_link_and_copies_it_only_when_asked(
    db_path, database, monkeypatch
):
    from netdeck.tui.screens.modals import LinkModal

    add_person(database, "Grace Hopper", linkedin="linkedin.com/in/grace-hopper")
    monkeypatch.setattr(webbrowser, "open", lambda url, *args, **kwargs: False)
    monkeypatch.setenv("NETDECK_CLIPBOARD", "osc52")

    async def scenario(ui):
        await ui.press("o")
        assert isinstance(ui.screen, LinkModal)
        assert "https://www.linkedin.com/in/grace-hopper" in ui.text()
        assert ui.app.clipboard == ""
        await ui.press("c")
        assert ui.app.clipboard == "https://www.linkedin.com/in/grace-hopper"

    drive(db_path, scenario)


def test_open_passes_the_profile_link_to_the_browser(db_path, database, monkeypatch):
    add_person(database, "Grace Hopper", linkedin="linkedin.com/in/Grace-Hopper")
    opened: list[str] = []

    def browser(url: str, *args, **kwargs) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", browser)

    async def scenario(ui):
        await ui.press("o")
        assert ui.notified[-1].severity == "information"

    drive(db_path, scenario)
    assert opened == ["https://www.linkedin.com/in/grace-hopper"]


def test_a_tag_cadence_set_in_settings_moves_its_peoples_due_dates(db_path, database):
    dana = add_person(
        database, "Dana Lee", tags=["investors", "[b]friends[/b]"], last_talked=date(2026, 11, 5)
    )
    assert stored(database, dana).next_due_on == date(2026, 12, 5)

    async def scenario(ui):
        await ui.press("comma")
        assert isinstance(ui.screen, SettingsScreen)
        await ui.focus("#t-1")  # investors (tags by name: "[b]friends[/b]" sorts first)
        # Focusing scrolls the long settings form to the field: read it once it stops.
        await ui.pilot.wait_for_scheduled_animations()
        await ui.pilot.pause()
        shown = ui.text()
        assert "Tag cadences" in shown
        assert "[b]friends[/b]  1 person" in shown  # a tag is data, never markup
        await ui.retype("often")
        assert "bad cadence" in ui.error_shown("#e-t-1")
        await ui.press("ctrl+s")
        assert isinstance(ui.screen, SettingsScreen), "a bad cadence must not close settings"

        await ui.retype("2w")
        assert ui.error_shown("#e-t-1") == ""
        await ui.press("ctrl+s")
        assert isinstance(ui.screen, QueueScreen)
        assert "Settings saved" in ui.notifications()

    drive(db_path, scenario)
    assert stored(database, dana).next_due_on == date(2026, 11, 19)
    with database.reading() as session:
        assert [(t.name, t.cadence_days) for t in list_tags(session)] == [
            ("[b]friends[/b]", None),
            ("investors", 14),
        ]

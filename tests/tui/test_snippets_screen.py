"""The snippet library screen: a bad template shows its problem with the line and saves
nothing; a good one is saved."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from netdeck.services.snippets import list_snippets
from netdeck.tui.screens.snippets import SnippetsScreen
from tests.tui.conftest import drive


def bodies(database) -> dict[str, str]:
    with database.reading() as session:
        return {snippet.name: snippet.body for snippet in list_snippets(session)}


def test_a_bad_template_is_shown_with_its_line_and_not_saved(db_path, database, seeded):
    before = bodies(database)

    async def scenario(ui):
        await ui.press("S")
        assert isinstance(ui.screen, SnippetsScreen)
        await ui.press("ctrl+n")
        ui.screen.query_one("#sn-name", Input).value = "Broken"
        ui.screen.query_one("#sn-body", TextArea).text = "Hi {{ first_name }},\n{{ ''.__class__ }}"
        await ui.settle()
        assert "line 2" in ui.error_shown("#e-sn-body")
        await ui.press("ctrl+s")
        assert isinstance(ui.screen, SnippetsScreen)
        assert ui.screen.query_one("#sn-name", Input).value == "Broken"
        assert any("line 2" in message for message in ui.notifications())

    drive(db_path, scenario)
    assert bodies(database) == before


def test_a_new_snippet_is_saved(db_path, database, seeded):
    async def scenario(ui):
        await ui.press("S", "ctrl+n")
        ui.screen.query_one("#sn-name", Input).value = "Coffee"
        ui.screen.query_one("#sn-body", TextArea).text = "Hi {{ first_name }}, coffee next week?"
        await ui.settle()
        assert ui.error_shown("#e-sn-body") == ""
        await ui.press("ctrl+s")

    drive(db_path, scenario)
    assert bodies(database)["Coffee"] == "Hi {{ first_name }}, coffee next week?"

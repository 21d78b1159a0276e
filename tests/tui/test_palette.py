"""The command palette: every screen offers what its keys do, and only that."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from textual.actions import parse

import netdeck.tui.screens
from netdeck.tui.app import NetdeckApp
from netdeck.tui.screens.base import DeckScreen
from tests.tui.conftest import add_person, drive


def deck_screens() -> list[type[DeckScreen]]:
    for module in pkgutil.iter_modules(netdeck.tui.screens.__path__, "netdeck.tui.screens."):
        importlib.import_module(module.name)
    return sorted(DeckScreen.__subclasses__(), key=lambda screen: screen.__name__)


@pytest.mark.parametrize("screen", [NetdeckApp, *deck_screens()], ids=lambda s: s.__name__)
def test_every_palette_entry_names_an_action_a_key_is_bound_to(screen) -> None:
    bound = {parse(binding.action)[1] for binding in screen.BINDINGS}

    assert screen.PALETTE, f"{screen.__name__} offers nothing in the palette"
    assert set(screen.PALETTE) <= bound


def test_each_screen_brings_its_own_commands_and_they_run(db_path, database) -> None:
    add_person(database, "Ann Lee", stage="unsorted")

    async def scenario(ui):
        on_queue = {command.title for command in ui.app.get_system_commands(ui.screen)}
        await ui.press("c")
        commands = {command.title: command for command in ui.app.get_system_commands(ui.screen)}
        assert {"Settings", "Snippets", "Contacts", "Triage"} <= set(commands)
        assert {"Search contacts", "Keep all shown", "Archive all shown"} <= set(commands)
        assert "Keep all shown" not in on_queue and "Draft a message" in on_queue
        assert "Draft a message" not in commands
        commands["Archive all shown"].callback()  # what the X key does, refused alike
        await ui.settle()
        assert ui.notifications()[-1].startswith("Pick a tag or type a company first")
        commands["Change the sort"].callback()
        await ui.settle()
        assert ui.app.screen.query_one("#contacts-sort").value == "next-due"

    drive(db_path, scenario)

"""Issue 16, item 3: nothing typed is lost. Leaving (or re-drafting) an edited draft or
snippet asks first, as the contact editor does; help is f1 while a text field has focus
(``?`` types itself); keys typed in a burst while a form loads land where they were aimed."""

from __future__ import annotations

import threading

from textual.widgets import DataTable, Input, Select, TextArea

from netdeck.services.api import DeckApi
from netdeck.tui.screens.composer import ComposerScreen
from netdeck.tui.screens.contact import TIMELINE_LIMIT, ContactScreen
from netdeck.tui.screens.help import HelpScreen
from netdeck.tui.screens.modals import ConfirmModal
from netdeck.tui.screens.queue import QueueScreen
from netdeck.tui.screens.settings import SettingsScreen
from netdeck.tui.screens.snippets import SnippetsScreen
from netdeck.tui.widgets.keybar import KeyBar
from tests.tui.conftest import drive, stored, stored_settings


def draft_text(ui) -> str:
    return ui.screen.query_one("#draft-text", TextArea).text


async def type_at_end(ui, text: str) -> None:
    await ui.press("ctrl+end")
    await ui.type(text)


# ---------------------------------------------------------------- leaving asks


def test_escape_on_an_edited_draft_asks_before_dropping_it(db_path, database, seeded):
    async def scenario(ui):
        await ui.press("m")
        assert isinstance(ui.screen, ComposerScreen)
        await ui.press("escape")  # nothing edited: straight back
        assert isinstance(ui.screen, QueueScreen)

        await ui.press("m")
        await type_at_end(ui, " PS: typed by hand")
        edited = draft_text(ui)
        await ui.press("escape")
        assert isinstance(ui.screen, ConfirmModal)
        await ui.press("n")
        assert isinstance(ui.screen, ComposerScreen)
        assert draft_text(ui) == edited

        snippet = ui.screen.query_one("#draft-snippet", Select).value
        await ui.press("ctrl+n")  # another snippet would replace the edits: asks too
        assert isinstance(ui.screen, ConfirmModal)
        await ui.press("n")
        assert draft_text(ui) == edited
        assert ui.screen.query_one("#draft-snippet", Select).value == snippet

        await ui.press("escape", "y")
        assert isinstance(ui.screen, QueueScreen)

    drive(db_path, scenario)


def test_escape_and_other_snippets_in_the_snippet_editor_ask_first(db_path, database, seeded):
    async def scenario(ui):
        await ui.press("S")
        assert isinstance(ui.screen, SnippetsScreen)
        editing = ui.screen.editing
        await ui.focus("#sn-body")
        await type_at_end(ui, "\nSee you soon")
        edited = ui.screen.query_one("#sn-body", TextArea).text

        for key in ("escape", "ctrl+n"):
            await ui.press(key)
            assert isinstance(ui.screen, ConfirmModal), key
            await ui.press("n")
            assert isinstance(ui.screen, SnippetsScreen)
            assert ui.screen.query_one("#sn-body", TextArea).text == edited

        # Moving to another snippet in the list asks as well; n keeps the cursor and the text.
        table = ui.screen.query_one("#snippets", DataTable)
        await ui.focus("#snippets")
        row = table.cursor_row
        await ui.press("down")
        assert isinstance(ui.screen, ConfirmModal)
        await ui.press("n")
        assert (ui.screen.editing, table.cursor_row) == (editing, row)
        assert ui.screen.query_one("#sn-body", TextArea).text == edited

        await ui.press("escape", "y")
        assert isinstance(ui.screen, QueueScreen)

    drive(db_path, scenario)


# ---------------------------------------------------------------- help is not a typed key


def test_help_is_f1_in_a_text_field_and_question_mark_is_typed(db_path, database, seeded):
    grace = seeded["grace"]

    async def scenario(ui):
        assert "?" in ui.widget_text(KeyBar.__name__)  # on the queue, ? is help
        await ui.press("j", "e")
        assert isinstance(ui.screen, ContactScreen)
        name = ui.screen.query_one("#f-name", Input)
        assert ui.app.focused is name
        bar = ui.widget_text(KeyBar.__name__)
        assert "f1 Keys" in bar and "? Keys" not in bar, bar

        await ui.press("f1")
        assert isinstance(ui.screen, HelpScreen)
        await ui.press("f1")
        assert isinstance(ui.screen, ContactScreen)
        await ui.press("question_mark")
        assert name.value == "Grace Hopper?", "? is typed where the cursor is, not over the name"
        await ui.press("backspace", "escape")
        assert isinstance(ui.screen, QueueScreen)

    drive(db_path, scenario)
    assert stored(database, grace).name == "Grace Hopper"


# ---------------------------------------------------------------- a burst of keys


def held(monkeypatch, method: str, when) -> tuple[threading.Event, threading.Event]:
    """Make ``DeckApi.<method>`` wait for ``release`` when ``when(args, kwargs)``;
    ``started`` is set once a call waits. So the test types while the form loads."""
    started, release = threading.Event(), threading.Event()
    real = getattr(DeckApi, method)

    def waiting(self, *args, **kwargs):
        if when(args, kwargs):
            started.set()
            release.wait(10)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(DeckApi, method, waiting)
    return started, release


def test_tab_tab_tab_x_while_a_contact_loads_types_x_into_the_third_field(
    db_path, database, seeded, monkeypatch
):
    grace = seeded["grace"]
    started, release = held(
        monkeypatch, "contact", lambda _a, kw: kw.get("interaction_limit") == TIMELINE_LIMIT
    )

    async def scenario(ui):
        await ui.press("j")
        await ui.pilot.press("e", "tab", "tab", "tab", "x")  # at once, as a fast typist
        assert started.is_set()
        release.set()
        await ui.settle()
        screen = ui.screen
        assert isinstance(screen, ContactScreen)
        # Full name, First name, Last name, Company: x is in Company, focus stays there.
        assert ui.app.focused is screen.query_one("#f-company", Input)
        assert screen.query_one("#f-company", Input).value == "x"
        assert screen.query_one("#f-name", Input).value == "Grace Hopper"
        assert screen.query_one("#f-linkedin", Input).value.endswith("/in/grace-hopper")
        await ui.press("escape")  # the typed x is an edit: leaving asks
        assert isinstance(ui.screen, ConfirmModal)
        await ui.press("y")

    drive(db_path, scenario)
    assert stored(database, grace).company == "Navy"


def test_a_burst_into_settings_while_they_load_keeps_each_value_in_its_field(
    db_path, database, seeded, monkeypatch
):
    armed = threading.Event()
    started, release = held(monkeypatch, "settings", lambda _a, _kw: armed.is_set())

    async def scenario(ui):
        armed.set()
        await ui.pilot.press("comma", "1", "2", "tab", "tab", "tab")
        await ui.type("Sam Rivera")
        assert started.is_set()
        armed.clear()
        release.set()
        await ui.settle()
        assert isinstance(ui.screen, SettingsScreen)
        value = {
            key: ui.screen.query_one(f"#s-{key}", Input).value for key in ("queue-size", "my-name")
        }
        assert value == {"queue-size": "12", "my-name": "Sam Rivera"}
        assert ui.screen.query_one("#s-default-cadence", Input).value == "30"  # filled in
        await ui.press("ctrl+s")
        assert isinstance(ui.screen, QueueScreen)

    drive(db_path, scenario)
    saved = stored_settings(database)
    assert (saved.queue_size, saved.my_name) == (12, "Sam Rivera")


def test_no_printable_key_is_bound_so_that_it_fires_over_a_text_field() -> None:
    """A text field takes the keys that type a character; a priority binding on one would
    fire instead and the character would be lost (help is f1 in a field for this reason)."""
    from textual.binding import Binding

    from netdeck.tui.app import NetdeckApp
    from netdeck.tui.screens import (
        composer,
        contact,
        contacts,
        health,
        help,
        importing,
        modals,
        queue,
        settings,
        snippets,
        triage,
    )
    from netdeck.tui.widgets.keybar import types_a_character

    owners = [NetdeckApp]
    for module in (composer, contact, contacts, help, importing, modals, health, queue):
        owners += [value for value in vars(module).values() if hasattr(value, "BINDINGS")]
    owners += [settings.SettingsScreen, snippets.SnippetsScreen, triage.TriageScreen]
    offending = [
        (owner.__name__, key)
        for owner in owners
        for binding in owner.BINDINGS
        if isinstance(binding, Binding) and binding.priority
        for key in binding.key.split(",")
        if types_a_character(key.strip())
    ]
    assert offending == []
    assert not types_a_character("f1") and types_a_character("question_mark")
    assert types_a_character("slash") and not types_a_character("ctrl+s")

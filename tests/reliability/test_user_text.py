"""User text is data: names, companies, notes and snippet bodies holding Rich
markup, terminal escape sequences, right-to-left text, emoji (with joiners) and
a 10,000-character note are shown literally on every screen, never obeyed, and
never push the layout about.

tests/tui/test_app_wide.py covers markup in the queue and the done dialog,
tests/tui/test_health_screen.py the health lists, tests/tui/test_import_screen.py
the import summary; this adds the other screens, the awkward scripts, the long
note and a snapshot of the queue holding them.
"""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input, TextArea

from netdeck.services.snippets import add_snippet
from netdeck.tui.app import NetdeckApp
from netdeck.tui.screens.composer import ComposerScreen
from netdeck.tui.screens.contact import ContactScreen
from netdeck.tui.screens.contacts import ContactsScreen
from netdeck.tui.screens.health import HealthScreen
from netdeck.tui.screens.queue import QueueScreen
from netdeck.tui.screens.triage import TriageScreen
from tests.conftest import TODAY
from tests.tui.conftest import SIZE, add_person, drive, settle

NAME = "[bold]Zoë[/] مرحبا 👩🏽‍💻"
COMPANY = "[red]Co[/red] שלום [link=http://e.x]y[/link]"
ESCAPE = "\x1b[2J"
NOTE = "[/] " + " ".join(["long"] * 2_000)  # 10,003 characters
SNIPPET = "[bold]Hi[/] {{ first_name }} [link=http://e.x]y[/link] 👋🏽"
UNSORTED = "[i]Un[/i]sorted ‏עברית‎ 🏳️‍🌈"


def seed(database) -> dict[str, int]:
    people = {
        "zoe": add_person(
            database,
            f"{NAME} {ESCAPE}",
            email="zoe@example.com",
            company=COMPANY,
            notes=NOTE,
            tags=["[b]tag[/b]"],
        ),
        "unsorted": add_person(database, UNSORTED, stage="unsorted", company=COMPANY),
        "drifting": add_person(
            database,
            f"{UNSORTED} drifting",
            cadence="14",
            added_on=TODAY - timedelta(days=400),
            last_talked=TODAY - timedelta(days=90),
        ),
    }
    with database.writing() as session:
        # Zoë was never talked to, so her draft starts from a first message.
        add_snippet(
            session, name="[b]odd[/b] 👋", kind="first-message", channel="any", body=SNIPPET
        )
    return people


def assert_shown_whole(ui) -> None:
    """No escape character reached the screen, and the screen is still its size
    with its footer on the last line."""
    text = ui.text()
    assert "\x1b" not in text
    lines = text.splitlines()
    assert len(lines) == SIZE[1]
    assert "palette" in lines[-1], "the footer was pushed off the screen"


def test_awkward_text_is_shown_literally_on_every_screen(db_path, database):
    people = seed(database)

    async def scenario(ui):
        assert isinstance(ui.screen, QueueScreen)
        assert ui.queue_ids() == [people["drifting"], people["zoe"]]
        rows = ui.widget_text("#queue")
        assert "[i]Un[/i]sorted" in rows and "[bold]Zoë[/]" in rows
        await ui.press("j")
        assert ui.selected_id() == people["zoe"]
        card = ui.widget_text("#card")
        assert NAME in card and "\\x1b[2J" in card
        assert "[red]Co[/red] שלום" in card
        assert "[/] long long" in card
        assert_shown_whole(ui)

        await ui.press("m")
        assert isinstance(ui.screen, ComposerScreen)
        draft = ui.screen.query_one(TextArea).text
        assert draft.startswith("[bold]Hi[/] [bold]Zoë[/] [link=http://e.x]y[/link] 👋🏽")
        assert "[b]odd[/b] 👋" in ui.text()
        assert "[bold]Hi[/] [bold]Zoë[/]" in ui.text()
        assert_shown_whole(ui)

        await ui.press("escape", "e")
        assert isinstance(ui.screen, ContactScreen)
        # The form holds exactly what is stored, except that an escape character
        # (which the Input would send to the terminal) is shown as \x1b.
        assert ui.screen.query_one("#f-name", Input).value == f"{NAME} \\x1b[2J"
        assert ui.screen.query_one("#f-company", Input).value == COMPANY
        assert ui.screen.query_one("#f-notes", TextArea).text == NOTE
        assert "[bold]Zoë[/] مرحبا" in ui.text()
        assert_shown_whole(ui)

        await ui.press("escape", "c")
        assert isinstance(ui.screen, ContactsScreen)
        text = ui.text()
        assert "[bold]Zoë[/]" in text and "[i]Un[/i]sorted" in text and "[red]Co[/red]" in text
        assert_shown_whole(ui)

        await ui.press("escape", "t")
        assert isinstance(ui.screen, TriageScreen)
        card = ui.widget_text("#triage-card")
        assert "[i]Un[/i]sorted" in card and "[red]Co[/red] שלום" in card
        assert_shown_whole(ui)

        await ui.press("escape", "h")
        assert isinstance(ui.screen, HealthScreen)
        assert "[i]Un[/i]sorted" in ui.text()
        assert_shown_whole(ui)

    # A MarkupError anywhere would be raised here, when the app exits.
    drive(db_path, scenario)


def test_the_queue_with_awkward_text_snapshot(snap_compare, db_path, database):
    seed(database)
    database.close()

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("j")  # Zoë, with the long note and the escape sequence
        await settle(pilot)

    app = NetdeckApp(str(db_path), today=lambda: TODAY)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

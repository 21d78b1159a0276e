"""The other screens reached from the queue: contacts (search), help, and the empty states."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Input

from netdeck.tui.screens.contact import ContactScreen
from netdeck.tui.screens.contacts import ContactsScreen
from netdeck.tui.screens.help import HelpScreen
from netdeck.tui.screens.queue import QueueScreen
from tests.tui.conftest import add_person, drive


def contact_rows(ui) -> list[str]:
    table = ui.screen.query_one("#contacts", DataTable)
    return [table.get_row_at(index)[0].plain for index in range(table.row_count)]


def test_slash_searches_all_contacts_as_you_type(db_path, database, seeded):
    async def scenario(ui):
        await ui.press("/")
        assert isinstance(ui.screen, ContactsScreen)
        search = ui.screen.query_one("#contacts-search", Input)
        assert ui.app.focused is search
        # Everyone, not just today's queue: Barbara is not due but is listed.
        assert contact_rows(ui) == [
            "Ada Lovelace",
            "Alan Turing",
            "Barbara Liskov",
            "Edsger Dijkstra",
            "Grace Hopper",
        ]
        assert "5 contacts" in ui.text()
        # Regression: the screen kept its own flag in ``self.loading``, which is
        # Textual's Widget.loading: every keystroke put a LoadingIndicator over
        # the screen, and that moved the focus from the search box to the table.
        ui.screen.reload()
        assert ui.screen.loading is False
        await ui.settle()

        await ui.type("lis")
        assert ui.app.focused is search, "typing stays in the search box"
        assert search.value == "lis"
        assert contact_rows(ui) == ["Barbara Liskov"]
        await ui.clear()
        await ui.type("navy")  # matches Grace's company
        assert ui.app.focused is search
        assert contact_rows(ui) == ["Grace Hopper"]
        assert "1 contact" in ui.text()

        # escape first clears the search, then goes back to the queue
        await ui.press("escape")
        assert search.value == ""
        assert len(contact_rows(ui)) == 5
        await ui.press("escape")
        assert isinstance(ui.screen, QueueScreen)

    drive(db_path, scenario)


def test_c_opens_contacts_without_search_and_enter_opens_the_contact(db_path, database, seeded):
    async def scenario(ui):
        await ui.press("c")
        assert isinstance(ui.screen, ContactsScreen)
        table = ui.screen.query_one("#contacts", DataTable)
        assert ui.app.focused is table
        assert ui.screen.query_one("#contacts-search", Input).value == ""
        # j moves here too, and the letters are keys, not search text
        await ui.press("j", "j")
        assert table.cursor_row == 2
        await ui.press("enter")
        assert isinstance(ui.screen, ContactScreen)
        assert ui.screen.query_one("#f-name", Input).value == "Barbara Liskov"
        await ui.press("escape")  # nothing changed: straight back, no question
        assert isinstance(ui.screen, ContactsScreen)
        await ui.press("escape")
        assert isinstance(ui.screen, QueueScreen)

    drive(db_path, scenario)


def test_question_mark_lists_the_queue_keys(db_path, database, seeded):
    async def scenario(ui):
        await ui.press("?")
        assert isinstance(ui.screen, HelpScreen)
        shown = ui.text()
        for description in ("Done", "Snooze", "Skip", "Undo", "Open", "Edit", "Stage", "Add"):
            assert description in shown, f"{description} is missing from the help screen"
        for key in ("d", "s", "x", "u", "/", "j", "k"):
            assert any(row_key == key for row_key, _ in ui.screen.keys), f"no {key} in help"
        await ui.press("escape")
        assert isinstance(ui.screen, QueueScreen)

    drive(db_path, scenario)


def test_an_empty_database_shows_how_to_begin(db_path, database):
    async def scenario(ui):
        welcome = ui.screen.query_one("#welcome")
        assert welcome.display
        assert not ui.queue.display
        shown = ui.text()
        assert "netdeck import linkedin" in shown
        assert "netdeck demo" in shown

    drive(db_path, scenario)


def test_nobody_due_says_done_for_today_and_when_the_next_one_is(db_path, database):
    add_person(database, "Barbara Liskov", cadence="30", last_talked=date(2026, 11, 18))

    async def scenario(ui):
        assert not ui.screen.query_one("#welcome").display
        assert ui.screen.query_one("#all-done").display
        shown = ui.widget_text("#all-done")
        assert "done for today" in shown
        assert "Dec 18" in shown  # a 30-day cadence from Nov 18

    drive(db_path, scenario)


def test_a_long_search_says_more_than_the_count_limit(db_path, database, seeded, monkeypatch):
    # With a limit of 2, a search matching four people is not counted to the end.
    monkeypatch.setattr("netdeck.services.views.MATCH_COUNT_LIMIT", 2)
    monkeypatch.setattr("netdeck.tui.screens.contacts.MATCH_COUNT_LIMIT", 2)
    monkeypatch.setattr("netdeck.tui.screens.contacts.ContactsScreen.first_page", lambda _: 1)
    monkeypatch.setattr("netdeck.tui.screens.contacts.PAGE", 1)

    async def scenario(ui):
        await ui.press("/")
        await ui.type("a")
        assert "loaded · counting…" in ui.text()  # the first page comes before the count
        await ui.pilot.pause(0.3)  # typing paused: now it is counted
        await ui.settle()
        assert "more than 2 contacts" in ui.text()
        await ui.clear()
        await ui.type("lis")
        assert contact_rows(ui) == ["Barbara Liskov"]
        assert "1 contact" in ui.text()

    drive(db_path, scenario)


def test_a_contact_added_over_the_contacts_screen_is_found_by_typing_on(db_path, database, seeded):
    # Typing on narrows the last search (among its matches only); someone added
    # from the palette on top of this screen must still be found.
    from netdeck.tui.screens.contact import ContactScreen

    async def scenario(ui):
        await ui.press("/")
        await ui.type("lis")
        assert contact_rows(ui) == ["Barbara Liskov"]
        ui.app.open_contact(None)  # what the palette's "Add contact" does
        await ui.settle()
        assert isinstance(ui.screen, ContactScreen)
        await ui.type("Lisbeth Salander")
        await ui.press("ctrl+s")
        assert not isinstance(ui.screen, ContactScreen)
        await ui.focus("#contacts-search")
        await ui.type("b")
        assert contact_rows(ui) == ["Lisbeth Salander"]

    drive(db_path, scenario)


def test_search_finds_people_as_people_type_them(db_path, database):
    """Accents, case and punctuation aside, and what you wrote about them too."""
    for name, notes in [
        ("José García-Núñez", None),
        ("Jose Ruiz", None),
        ("Björn Ek", None),
        ("Zoë Lambert", "Hiring a data engineer"),
    ]:
        add_person(database, name, notes=notes)

    async def scenario(ui):
        await ui.press("/")
        await ui.type("jose")
        assert contact_rows(ui) == ["Jose Ruiz", "José García-Núñez"]
        await ui.type(" garcia-n")  # typing on narrows among the matches
        assert contact_rows(ui) == ["José García-Núñez"]
        assert "1 contact" in ui.text()
        for typed, expected in [
            ("bjorn", ["Björn Ek"]),
            ("ZOE", ["Zoë Lambert"]),
            ("hiring", ["Zoë Lambert"]),
        ]:
            await ui.clear()
            await ui.type(typed)
            assert contact_rows(ui) == expected, typed

    drive(db_path, scenario)

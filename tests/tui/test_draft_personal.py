"""Issue 16 in the TUI: drafts that never embarrass (nothing personal asks before
copying, the channel follows the snippet, a channel with no address says so),
"next time, ask about" in the contact editor and in the next draft, and the exact
text sent on the contact's timeline.

Ada (see ``conftest.seeded``) is active, prefers email, has a LinkedIn profile and no
"how we met"; Alan has only an email address.
"""

from __future__ import annotations

from textual.widgets import Input, Select, TextArea

from netdeck.services.contacts import ContactFields, edit_contact
from netdeck.store.models import Contact
from netdeck.tui.screens.composer import AfterCopyModal, ComposerScreen
from netdeck.tui.screens.contact import ContactScreen
from netdeck.tui.screens.modals import ConfirmModal
from netdeck.tui.screens.queue import QueueScreen
from tests.conftest import TODAY
from tests.tui.conftest import drive, stored


def draft_text(ui) -> str:
    return ui.screen.query_one("#draft-text", TextArea).text


def channel(ui) -> str:
    return str(ui.screen.query_one("#draft-channel", Select).value)


async def open_composer_for(ui, contact_id: int) -> None:
    while ui.selected_id() != contact_id:
        await ui.press("j")
    await ui.press("m")
    assert isinstance(ui.screen, ComposerScreen)


def checks_shown(ui) -> str:
    """The check bar's text, on one line."""
    return " ".join(ui.screen.query_one("#draft-checks").render().plain.split())


def forget_notes(database, contact_id: int) -> None:
    """No logged note: nothing the draft could call a topic."""
    from sqlalchemy import update

    from netdeck.store.models import Interaction

    with database.writing() as session:
        session.execute(
            update(Interaction).where(Interaction.contact_id == contact_id).values(note="")
        )


def set_ask_about(database, contact_id: int, text: str) -> None:
    from netdeck.domain.settings import Settings

    with database.writing() as session:
        contact = session.get(Contact, contact_id)
        edit_contact(
            session, contact, ContactFields(ask_about=text), today=TODAY, settings=Settings()
        )


def test_copying_a_draft_with_nothing_personal_asks_first(db_path, database, seeded, monkeypatch):
    monkeypatch.setenv("NETDECK_CLIPBOARD", "osc52")
    forget_notes(database, seeded["ada"])

    async def scenario(ui):
        await ui.press("m")
        # Ada's check-in says her name and company and nothing else about her.
        assert draft_text(ui).startswith("Hi Ada,")
        assert "nothing personal" in checks_shown(ui)
        await ui.press("ctrl+y")
        assert isinstance(ui.screen, ConfirmModal)
        assert "nothing personal" in ui.text()
        await ui.press("n")
        assert isinstance(ui.screen, ComposerScreen)
        assert ui.app.clipboard == ""
        # A line of her own makes it personal: it copies without asking.
        area = ui.screen.query_one("#draft-text", TextArea)
        area.text = draft_text(ui) + " How did the engine demo go?"
        await ui.settle()
        assert "nothing personal" not in checks_shown(ui)
        await ui.press("ctrl+y")
        assert isinstance(ui.screen, AfterCopyModal)
        assert ui.app.clipboard.endswith("How did the engine demo go?")

    drive(db_path, scenario)


def test_the_channel_follows_the_snippet_until_the_user_picks_one(db_path, database, seeded):
    async def scenario(ui):
        await ui.press("m")
        assert channel(ui) == "email"  # Ada prefers email
        ui.screen.query_one("#draft-snippet", Select).value = "Connection request"
        await ui.settle()
        assert channel(ui) == "linkedin-note"
        assert "/200 characters" in checks_shown(ui)
        # Picked by the user: it stays through the next snippets.
        ui.screen.query_one("#draft-channel", Select).value = "linkedin-message"
        await ui.settle()
        await ui.press("ctrl+n")
        assert ui.screen.query_one("#draft-snippet", Select).value != "Connection request"
        assert channel(ui) == "linkedin-message"
        assert "/3000 characters" in checks_shown(ui)

    drive(db_path, scenario)


def test_a_channel_without_an_address_says_so_and_names_the_ones_they_have(
    db_path, database, seeded
):
    async def scenario(ui):
        await open_composer_for(ui, seeded["alan"])
        assert "no email address" not in checks_shown(ui)
        ui.screen.query_one("#draft-channel", Select).value = "linkedin-message"
        await ui.settle()
        assert "no LinkedIn profile for them: they have email" in checks_shown(ui)

    drive(db_path, scenario)


def test_ask_about_is_edited_in_the_contact_form_and_drafted(db_path, database, seeded):
    ada = seeded["ada"]
    forget_notes(database, ada)

    async def scenario(ui):
        await ui.press("e")
        assert isinstance(ui.screen, ContactScreen)
        await ui.focus("#f-ask_about")
        await ui.paste("  the engine   demo ")
        await ui.press("ctrl+s")
        assert isinstance(ui.screen, QueueScreen)
        assert "ask about" in ui.widget_text("#card")
        await ui.press("m")
        assert "our last chat (the engine demo)" in draft_text(ui)
        assert "nothing personal" not in checks_shown(ui)

    drive(db_path, scenario)
    assert stored(database, ada).ask_about == "the engine demo"


def test_marking_sent_clears_ask_about_and_the_timeline_shows_the_text(db_path, database, seeded):
    ada = seeded["ada"]
    set_ask_about(database, ada, "the engine demo")
    said = "[bold]Hi Ada[/bold], how was the engine demo? " + "Long words here. " * 12

    async def scenario(ui):
        await ui.press("m")
        ui.screen.query_one("#draft-text", TextArea).text = said
        await ui.settle()
        await ui.press("ctrl+t")
        assert isinstance(ui.screen, QueueScreen)
        # Done for today, Ada has left the queue: open her contact screen as the
        # contacts list does.
        ui.app.push_screen(ContactScreen(ada))
        await ui.settle()
        assert isinstance(ui.screen, ContactScreen)
        assert ui.screen.query_one("#f-ask_about", Input).value == ""
        timeline = " ".join(ui.widget_text("#timeline").split())
        # Literal (the brackets are shown, not obeyed) and whole, wrapped in the column.
        assert "sent: [bold]Hi Ada[/bold], how was the engine demo?" in timeline
        assert timeline.count("Long words here.") == 12

    drive(db_path, scenario)
    assert stored(database, ada).ask_about == ""

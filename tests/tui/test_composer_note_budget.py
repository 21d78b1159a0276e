"""The composer and LinkedIn's monthly note budget (issue 18): the check bar says how
many notes are left and counts the one just sent; with none left the draft comes
by e-mail; ``ctrl+r`` connects without a note, and undo on the queue puts it back."""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import Select

from netdeck.services.settings import change_setting
from netdeck.store.models import Contact, Interaction
from netdeck.tui.screens.composer import ComposerScreen
from netdeck.tui.screens.modals import ConfirmModal
from netdeck.tui.screens.queue import QueueScreen
from tests.tui.conftest import add_person, drive, stored


def prospect(database, name: str, *, email: bool = True) -> int:
    slug = name.lower().replace(" ", "-")
    return add_person(
        database,
        name,
        stage="prospect",
        linkedin=f"https://www.linkedin.com/in/{slug}",
        email=f"{slug}@example.com" if email else None,
        prefer="linkedin",
    )


def no_notes_left(database) -> None:
    with database.writing() as session:
        change_setting(session, "linkedin-notes-per-month", "0")


def requests_with_text(database) -> list[tuple[str, str]]:
    with database.reading() as session:
        rows = session.execute(
            select(Contact.full_name, Interaction.channel)
            .join(Contact, Contact.id == Interaction.contact_id)
            .where(Interaction.kind == "connection-request", Interaction.text_sent.is_not(None))
        ).all()
    return sorted((name, channel) for name, channel in rows)


def check_bar(ui) -> str:
    """The check bar's words on one line (it wraps where the screen ends)."""
    return " ".join(ui.widget_text("#draft-checks").split())


def test_the_check_bar_counts_notes_left_and_the_note_just_sent(db_path, database):
    prospect(database, "Greg Ito")
    prospect(database, "Hana Sato")

    async def scenario(ui):
        await ui.press("m")
        assert isinstance(ui.screen, ComposerScreen)
        assert ui.screen.query_one("#draft-channel", Select).value == "linkedin-note"
        assert "5 of 5 notes left this month" in check_bar(ui)
        first = ui.screen.draft.contact_name
        await ui.press("ctrl+t")
        assert isinstance(ui.screen, QueueScreen)

        await ui.press("m")
        assert isinstance(ui.screen, ComposerScreen)
        assert ui.screen.draft.contact_name != first
        assert "4 of 5 notes left this month" in check_bar(ui)
        return first

    names: list[str] = []

    async def recording(ui):
        names.append(await scenario(ui))

    drive(db_path, recording)
    assert requests_with_text(database) == [(names[0], "linkedin")]


def test_with_no_notes_left_the_draft_comes_by_email_and_the_note_warns(db_path, database):
    greg = prospect(database, "Greg Ito")
    no_notes_left(database)

    async def scenario(ui):
        ui.app.open_composer(greg)
        await ui.settle()
        assert ui.screen.query_one("#draft-channel", Select).value == "email"
        checks = check_bar(ui)
        assert "no LinkedIn notes left this month" in checks
        assert "drafted as an email instead of a LinkedIn note" in checks
        assert ui.screen.query_one("#draft-subject").display

        ui.screen.query_one("#draft-channel", Select).value = "linkedin-note"
        await ui.settle()
        checks = check_bar(ui)
        assert "LinkedIn will not send this note; they have email" in checks

    drive(db_path, scenario)


def test_ctrl_r_connects_without_a_note_and_undo_puts_it_back(db_path, database):
    greg = prospect(database, "Greg Ito", email=False)
    no_notes_left(database)
    before = stored(database, greg)

    async def scenario(ui):
        # Opened as the contact screen opens it: a held prospect is not on the queue.
        ui.app.open_composer(greg)
        await ui.settle()
        assert isinstance(ui.screen, ComposerScreen)
        assert ui.screen.query_one("#draft-channel", Select).value == "linkedin-note"
        assert "connect without a note" in check_bar(ui)
        await ui.press("ctrl+r")
        assert isinstance(ui.screen, ConfirmModal)
        await ui.press("n")
        assert isinstance(ui.screen, ComposerScreen)
        assert stored(database, greg) == before

        await ui.press("ctrl+r", "y")
        assert isinstance(ui.screen, QueueScreen)
        assert any("without a note" in note.message for note in ui.notified)
        after = stored(database, greg)
        assert after.stage == "requested"
        assert [(i.channel, i.kind, i.note) for i in after.interactions] == [
            ("linkedin", "connection-request", "")
        ]
        with database.reading() as session:
            assert session.get(Contact, greg).bare_request is True

        await ui.press("u")
        assert stored(database, greg) == before
        with database.reading() as session:
            assert session.get(Contact, greg).bare_request is False

    drive(db_path, scenario)


def test_help_lists_the_request_without_a_note(db_path, database):
    greg = prospect(database, "Greg Ito")

    async def scenario(ui):
        ui.app.open_composer(greg)
        await ui.settle()
        await ui.press("question_mark")
        assert "Request, no note" in ui.text()

    drive(db_path, scenario)

"""The draft composer: open from the queue, switch snippets, edit with live checks,
copy (with a fake clipboard), and mark sent, checked in the database afterwards."""

from __future__ import annotations

from textual.widgets import Select, TextArea

from netdeck.tui.screens.composer import AfterCopyModal, ComposerScreen
from netdeck.tui.screens.modals import ConfirmModal
from netdeck.tui.screens.queue import QueueScreen
from tests.conftest import TODAY
from tests.postgres import postgresql_too
from tests.tui.conftest import drive, queue_ids, stored


def draft_text(ui) -> str:
    return ui.screen.query_one("#draft-text", TextArea).text


def test_m_opens_a_draft_from_the_snippet_for_the_stage(db_path, database, seeded):
    async def scenario(ui):
        await ui.press("m")
        assert isinstance(ui.screen, ComposerScreen)
        # Ada is active: the check-in snippet, with her first name and company filled in.
        assert ui.screen.query_one("#draft-snippet", Select).value == "Check-in"
        assert draft_text(ui).startswith("Hi Ada,")
        assert "Analytical Engines" in draft_text(ui)
        assert "characters" in ui.widget_text("#draft-checks")
        await ui.press("escape")
        assert isinstance(ui.screen, QueueScreen)

    drive(db_path, scenario)


def test_enter_on_a_row_opens_the_composer_and_next_snippet_switches(db_path, database, seeded):
    async def scenario(ui):
        await ui.press("enter")
        assert isinstance(ui.screen, ComposerScreen)
        first = draft_text(ui)
        snippet = ui.screen.query_one("#draft-snippet", Select).value
        await ui.press("ctrl+n")
        assert ui.screen.query_one("#draft-snippet", Select).value != snippet
        assert draft_text(ui) != first

    drive(db_path, scenario)


def test_an_over_limit_note_warns_before_copying(db_path, database, seeded, monkeypatch):
    monkeypatch.setenv("NETDECK_CLIPBOARD", "osc52")

    async def scenario(ui):
        await ui.press("m")
        ui.screen.query_one("#draft-channel", Select).value = "linkedin-note"
        await ui.settle()
        area = ui.screen.query_one("#draft-text", TextArea)
        area.text = "Hi Ada, " + "x" * 250
        await ui.settle()
        assert "over" in ui.widget_text("#draft-checks")
        await ui.press("ctrl+y")
        assert isinstance(ui.screen, ConfirmModal)
        await ui.press("n")
        assert isinstance(ui.screen, ComposerScreen)
        assert ui.app.clipboard == ""
        await ui.press("ctrl+y", "y")
        assert ui.app.clipboard == "Hi Ada, " + "x" * 250

    drive(db_path, scenario)


@postgresql_too  # the smoke set on PostgreSQL
def test_copy_then_sent_logs_the_exact_text(backend_target, database, seeded, monkeypatch):
    monkeypatch.setenv("NETDECK_CLIPBOARD", "osc52")
    ada = seeded["ada"]
    before = stored(database, ada)

    async def scenario(ui):
        await ui.press("m")
        area = ui.screen.query_one("#draft-text", TextArea)
        area.text = draft_text(ui) + " PS: loved your notes on the engine."
        await ui.settle()
        text = draft_text(ui)
        await ui.press("ctrl+y")
        assert ui.app.clipboard == text
        assert isinstance(ui.screen, AfterCopyModal)
        await ui.press("y")
        assert isinstance(ui.screen, QueueScreen)
        assert ada not in ui.queue_ids()
        return text

    texts: list[str] = []

    async def recording(ui):
        texts.append(await scenario(ui))

    drive(backend_target, recording)
    after = stored(database, ada)
    assert len(after.interactions) == len(before.interactions) + 1
    assert after.last_interaction_on == TODAY
    assert ada not in queue_ids(database)
    with database.reading() as session:
        from sqlalchemy import select

        from netdeck.store.models import Interaction, Snippet

        row = session.execute(
            select(Interaction.text_sent, Snippet.name)
            .join(Snippet, Snippet.id == Interaction.snippet_id)
            .where(Interaction.contact_id == ada)
            .order_by(Interaction.id.desc())
        ).first()
    assert row == (texts[0], "Check-in")


def test_with_no_clipboard_the_draft_stays_on_screen_selected(
    db_path, database, seeded, monkeypatch
):
    monkeypatch.setenv("NETDECK_CLIPBOARD", "off")
    ada = seeded["ada"]
    before = stored(database, ada)

    async def scenario(ui):
        await ui.press("m")
        text = draft_text(ui)
        await ui.press("ctrl+y")
        assert isinstance(ui.screen, ComposerScreen)
        area = ui.screen.query_one("#draft-text", TextArea)
        assert area.selected_text == text
        assert any("stays on screen" in message for message in ui.notifications())

    drive(db_path, scenario)
    assert stored(database, ada) == before


def _no_browser(monkeypatch) -> list[str]:
    import webbrowser

    tried: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: tried.append(url) or False)
    return tried


def test_open_without_a_browser_keeps_the_draft_copied_and_the_sent_question(
    db_path, database, seeded, monkeypatch
):
    """Over SSH: copy, then o. The link is shown (copied only on c), the draft stays on
    the clipboard, and closing the link leaves the "was it sent?" question to answer."""
    monkeypatch.setenv("NETDECK_CLIPBOARD", "osc52")
    tried = _no_browser(monkeypatch)
    ada = seeded["ada"]
    before = stored(database, ada)

    async def scenario(ui):
        from netdeck.tui.screens.modals import LinkModal

        await ui.press("m")
        text = draft_text(ui)
        await ui.press("ctrl+y")
        await ui.press("o")
        assert tried and tried[0].startswith("mailto:ada@example.com")
        assert isinstance(ui.screen, LinkModal)
        assert "mailto:ada@example.com" in ui.text()
        assert ui.app.clipboard == text  # the draft, not the link
        await ui.press("escape")
        assert isinstance(ui.screen, ConfirmModal)
        assert "Was it sent?" in ui.text()
        assert ui.app.clipboard == text
        await ui.press("y")
        assert isinstance(ui.screen, QueueScreen)

    drive(db_path, scenario)
    assert len(stored(database, ada).interactions) == len(before.interactions) + 1


def test_the_link_is_copied_only_when_asked(db_path, database, seeded, monkeypatch):
    monkeypatch.setenv("NETDECK_CLIPBOARD", "osc52")
    _no_browser(monkeypatch)

    async def scenario(ui):
        await ui.press("m", "ctrl+y", "o", "c")
        assert ui.app.clipboard.startswith("mailto:ada@example.com")
        assert any("link" in message for message in ui.notifications())
        assert isinstance(ui.screen, ConfirmModal)  # still asked whether it was sent

    drive(db_path, scenario)


def test_open_honours_clipboard_off(db_path, database, seeded, monkeypatch):
    """NETDECK_CLIPBOARD=off: the link is shown to select, and c copies nothing."""
    _no_browser(monkeypatch)

    async def scenario(ui):
        from netdeck.tui.screens.modals import LinkModal

        await ui.press("m")
        monkeypatch.setenv("NETDECK_CLIPBOARD", "off")
        await ui.press("ctrl+o")
        assert isinstance(ui.screen, LinkModal)
        assert "NETDECK_CLIPBOARD=off" in ui.text()
        await ui.press("c")
        assert ui.app.clipboard == ""

    drive(db_path, scenario)

"""Notifications never send a control character to the terminal, and ``o`` never
opens (or copies) an address that fails today's rules (issue 13, class 1).

In tmux, pressing ``o`` on a contact whose stored profile link held
``ESC ] 0 ; ... BEL`` set the pane title, and ``ESC ] 52`` wrote the clipboard,
through the "Opened …" and "No browser could be opened" notices. The address is
written straight into the database here, as an older netdeck could have left it.
"""

from __future__ import annotations

import sqlite3
import unicodedata
import webbrowser

from netdeck.tui.screens.queue import QueueScreen
from tests.tui.conftest import add_person, drive

ESCAPES = "\x1b]0;pwned\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J\x9b2J"


def _raw_controls(text: str) -> list[str]:
    return [ch for ch in text if ch != "\n" and unicodedata.category(ch) in {"Cc", "Cf"}]


def _shown_notifications(ui) -> list[str]:
    """Title and message of every notification the app holds, as it will draw them."""
    return [f"{n.title}\n{n.message}" for n in ui.app._notifications]


def test_open_refuses_a_stored_hostile_link_and_says_so_escaped(db_path, database, monkeypatch):
    grace = add_person(database, "Grace Hopper", linkedin="linkedin.com/in/grace-hopper")
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute(
            "UPDATE channels SET value = ? WHERE contact_id = ?",
            ("https://www.linkedin.com/in/grace-hopper" + ESCAPES, grace),
        )
    connection.close()
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or False)

    async def scenario(ui):
        assert isinstance(ui.screen, QueueScreen)
        await ui.press("o")
        warning = ui.notified[-1]
        assert warning.severity == "warning"
        assert "not opened" in warning.message and "edit the contact" in warning.message
        for shown in _shown_notifications(ui):
            assert not _raw_controls(shown), ascii(shown)
        assert "\x1b" not in ui.text()
        assert ui.app.clipboard == ""

    drive(db_path, scenario)
    assert opened == []


def test_every_notification_shows_control_characters_instead_of_sending_them(db_path, database):
    # A name may hold anything (it is data, shown escaped); acting on the contact
    # puts it in a notification.
    add_person(database, "Ada " + ESCAPES, linkedin="linkedin.com/in/ada")

    async def scenario(ui):
        await ui.press("x")  # skip for today: "Skipped Ada … · u to undo"
        assert any("Skipped Ada" in message for message in ui.notifications())
        shown = _shown_notifications(ui)
        assert any("\\x1b]52;c;cHduZWQ=\\x07" in message for message in shown), shown
        for message in shown:
            assert not _raw_controls(message), ascii(message)
        ui.app.notify("x", title="Title " + ESCAPES, markup=False)
        await ui.settle()
        for message in _shown_notifications(ui):
            assert not _raw_controls(message), ascii(message)
        assert "\x1b" not in ui.text()

    drive(db_path, scenario)

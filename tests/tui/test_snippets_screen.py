"""The snippet library screen: a bad template shows its problem with the line and saves
nothing; a good one is saved; the check as you type runs off the UI thread."""

from __future__ import annotations

import threading
import time

from textual import events
from textual.widgets import Input, TextArea

from netdeck.domain import templating
from netdeck.services.snippets import list_snippets
from netdeck.tui.screens.queue import QueueScreen
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


# ---------------------------------------------------------------- checking off the UI thread


def held_checks(monkeypatch) -> tuple[threading.Event, threading.Event, list[tuple[str, bool]]]:
    """Make the template check wait for ``release``; ``started`` is set when one is waiting.

    Each check is recorded as (body, ran on the UI thread).
    """
    started, release = threading.Event(), threading.Event()
    checks: list[tuple[str, bool]] = []
    real = templating.check_template

    def held(body: str):
        checks.append((body, threading.current_thread() is threading.main_thread()))
        started.set()
        # Long enough for any test; short enough that a check on the UI thread (which
        # blocks the test as well) fails it in seconds rather than hanging.
        release.wait(5)
        return real(body)

    monkeypatch.setattr(templating, "check_template", held)
    return started, release, checks


async def until(condition, ui, *, seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await ui.pilot.pause(0.01)
    raise AssertionError("it never happened")


def test_the_check_runs_in_a_worker_and_escape_closes_the_editor_meanwhile(
    db_path, seeded, monkeypatch
):
    checks: list[tuple[str, bool]] = []

    async def scenario(ui):
        await ui.press("S")
        assert isinstance(ui.screen, SnippetsScreen)
        started, release, held = held_checks(monkeypatch)
        ui.screen.query_one("#sn-body", TextArea).text = "Hi {{ first_name }}, slow to check"
        await until(started.is_set, ui)
        await ui.pilot.press("escape", "y")  # while the check is still waiting (y: discard)
        assert isinstance(ui.screen, QueueScreen)
        release.set()
        await ui.settle()
        checks.extend(held)

    drive(db_path, scenario)
    assert checks == [("Hi {{ first_name }}, slow to check", False)]


def test_only_the_newest_text_is_checked_and_shown(db_path, seeded, monkeypatch):
    async def scenario(ui):
        await ui.press("S")
        started, release, held = held_checks(monkeypatch)
        body = ui.screen.query_one("#sn-body", TextArea)
        body.text = "Hi {{ first_name"  # a syntax error, checked first (and held)
        await until(started.is_set, ui)
        for text in ("Hi {{ frist_name }}", "Hi {{ ''.__class__ }}", "Hi {{ first_name }}!"):
            body.text = text  # typed while the first check runs
            await ui.pilot.pause()
        release.set()
        await ui.settle()
        # The first result was for old text: dropped. Of the three typed meanwhile, only
        # the newest was checked, and it is fine.
        assert [text for text, _ in held] == ["Hi {{ first_name", "Hi {{ first_name }}!"]
        assert ui.error_shown("#e-sn-body") == ""

    drive(db_path, scenario)


def test_a_runaway_template_does_not_hold_up_escape(db_path, seeded, monkeypatch):
    # Calls that branch: about 520,000 of them, stopped by the budget (within a second).
    runaway = (
        "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}"
        "Hi {{ first_name }}{{ m(18) }}"
    )
    started = threading.Event()
    finished: list[float] = []
    real = templating.check_template

    def timed(body: str):
        if body != runaway:
            return real(body)
        started.set()
        try:
            return real(body)
        finally:
            finished.append(time.monotonic())

    async def scenario(ui):
        await ui.press("S")
        monkeypatch.setattr(templating, "check_template", timed)
        ui.screen.query_one("#sn-body", TextArea).text = runaway
        await until(started.is_set, ui)
        # No waiting for the app to go idle; y discards the edited template.
        ui.app.post_message(events.Key("escape", None))
        ui.app.post_message(events.Key("y", "y"))
        await until(lambda: isinstance(ui.screen, QueueScreen), ui)
        closed = time.monotonic()
        await until(lambda: bool(finished), ui)
        assert closed < finished[0]  # Escape was handled while the check still ran

    drive(db_path, scenario)


def test_a_runaway_template_is_shown_as_refused(db_path, seeded):
    async def scenario(ui):
        await ui.press("S")
        ui.screen.query_one("#sn-body", TextArea).text = (
            "Hi {{ first_name }}\n{% for a in range(1000) %}{% for b in range(1000) %}"
            "{% for c in range(1000) %}{% endfor %}{% endfor %}{% endfor %}"
        )
        await ui.settle()
        assert ui.error_shown("#e-sn-body").startswith("line 2: the template ")

    drive(db_path, scenario)

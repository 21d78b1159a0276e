"""Snapshot tests of every screen at 120x36, and of the working screens at 80x24 and 40x12
(pytest-textual-snapshot).

Each screen is the real app on a demo database with a fixed seed and today
pinned, reached with the keys a user would press. Update the pictures after
an intended change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and look at them before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netdeck.demo.fill import fill_demo_database
from netdeck.tui.app import NetdeckApp
from tests.conftest import TODAY
from tests.tui.conftest import settle

SIZE = (120, 36)


@pytest.fixture
def demo_db(tmp_path: Path) -> str:
    path = str(tmp_path / "demo.db")
    fill_demo_database(path, contacts=60, interactions_per_contact=6, seed=11, today=TODAY)
    return path


def keys(*pressed: str):
    """A run_before that waits for the first load, presses keys, and waits again."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)
        # A blinking cursor would make the picture depend on timing: keep it steady.
        for field in pilot.app.screen.query("Input, TextArea"):
            field.cursor_blink = False
        await _still(pilot)

    return run_before


def _view(pilot) -> list[object]:
    """What can still move after the workers end: the focus and every scroll offset."""
    screen = pilot.app.screen
    offsets = [(id(w), w.scroll_offset) for w in screen.query("*") if w.is_scrollable]
    return [screen.focused, *offsets]


async def _still(pilot, rounds: int = 20) -> None:
    """Wait until the focus and scroll offsets hold still across a frame: a focus
    given after a load scrolls its widget into view after the next refresh, an
    animation the screen schedules only then (a flaky picture otherwise)."""
    pilot.app.animation_level = "none"  # a scroll jumps to its end on the next frame
    before = _view(pilot)
    for _ in range(rounds):
        await pilot.wait_for_scheduled_animations()
        await settle(pilot)
        await pilot.pause(0.05)
        now = _view(pilot)
        if now == before:
            return
        before = now
    raise AssertionError("the screen kept moving; it never held still for the picture")


def app_on(db: str) -> NetdeckApp:
    return NetdeckApp(db, today=lambda: TODAY)


def test_queue_screen(snap_compare, demo_db):
    assert snap_compare(app_on(demo_db), terminal_size=SIZE, run_before=keys("j"))


def test_contact_screen(snap_compare, demo_db):
    assert snap_compare(app_on(demo_db), terminal_size=SIZE, run_before=keys("e"))


def test_contacts_screen(snap_compare, demo_db):
    assert snap_compare(app_on(demo_db), terminal_size=SIZE, run_before=keys("c"))


def test_help_screen(snap_compare, demo_db):
    assert snap_compare(app_on(demo_db), terminal_size=SIZE, run_before=keys("question_mark"))


def test_empty_database_screen(snap_compare, tmp_path):
    assert snap_compare(app_on(str(tmp_path / "new.db")), terminal_size=SIZE, run_before=keys())


def test_log_done_dialog(snap_compare, demo_db):
    assert snap_compare(app_on(demo_db), terminal_size=SIZE, run_before=keys("d"))


def test_composer_screen(snap_compare, demo_db):
    assert snap_compare(app_on(demo_db), terminal_size=SIZE, run_before=keys("m"))


def test_snippets_screen(snap_compare, demo_db):
    assert snap_compare(app_on(demo_db), terminal_size=SIZE, run_before=keys("S"))


def test_health_screen(snap_compare, demo_db):
    assert snap_compare(app_on(demo_db), terminal_size=SIZE, run_before=keys("h"))


def test_import_screen_summary(snap_compare, tmp_path, monkeypatch):
    """A preview (a dry run: no backup path with a timestamp) of the LinkedIn sample, typed
    as ``~/Downloads/...zip`` with the home folder in the temp dir."""
    import zipfile

    monkeypatch.setenv("HOME", str(tmp_path))
    archive = tmp_path / "Downloads" / "Complete_LinkedInDataExport_11-25-2026.zip"
    archive.parent.mkdir()
    sample = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in ("Connections.csv", "Invitations.csv", "messages.csv"):
            zf.write(sample / name, name)
    db = tmp_path / "new.db"

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        pilot.app.screen.query_one("#import-path").value = "~/Downloads/" + archive.name
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        for field in pilot.app.screen.query("Input"):
            field.cursor_blink = False
        await pilot.pause()

    assert snap_compare(app_on(str(db)), terminal_size=SIZE, run_before=run_before)


def test_triage_screen(snap_compare, demo_db):
    assert snap_compare(app_on(demo_db), terminal_size=SIZE, run_before=keys("t"))


# ---------------------------------------------------------------- smaller terminals

#: The screens a day's work goes through, and the keys that reach them from the queue.
WORK_SCREENS = {
    "queue": ("j",),
    "contacts": ("c",),
    "contact": ("e",),
    "composer": ("m",),
    "health": ("h",),
    "triage": ("t",),
}


@pytest.mark.parametrize("screen", list(WORK_SCREENS))
def test_screens_at_80x24(snap_compare, demo_db, screen):
    """80x24: what matters first (the queue's Due, the composer's Mark sent and Back)."""
    assert snap_compare(
        app_on(demo_db), terminal_size=(80, 24), run_before=keys(*WORK_SCREENS[screen])
    )


@pytest.mark.parametrize("screen", list(WORK_SCREENS))
def test_screens_at_40x12(snap_compare, demo_db, screen):
    """40x12: one usable column on every screen."""
    assert snap_compare(
        app_on(demo_db), terminal_size=(40, 12), run_before=keys(*WORK_SCREENS[screen])
    )

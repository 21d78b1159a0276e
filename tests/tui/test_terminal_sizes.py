"""Every terminal size: what a user needs to work stays on screen at 80x24 and 40x12.

Pilot tests on the real app, read back as the text the terminal shows: the
queue keeps Due (Why and Stage fold into the card), the composer's key bar
keeps Mark sent and Back, the contacts search box keeps room to type, an
invalid field keeps its value and its whole hint, triage at 40 columns shows
who is being triaged. The pictures are in ``test_snapshots.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from netdeck.demo.fill import fill_demo_database
from netdeck.tui.app import NetdeckApp
from netdeck.tui.widgets.keybar import KeyBar
from tests.conftest import TODAY
from tests.tui.conftest import drive

MEDIUM = (80, 24)
NARROW = (40, 12)


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    fill_demo_database(str(path), contacts=60, interactions_per_contact=6, seed=11, today=TODAY)
    return path


def on_demo(demo_db: Path) -> NetdeckApp:
    return NetdeckApp(str(demo_db), today=lambda: TODAY)


def key_bar_line(ui) -> str:
    bar = ui.screen.query_one(KeyBar)
    return "".join(segment.text for segment in bar.render().render(ui.app.console))


def test_at_80_columns_the_queue_shows_due_and_its_whole_top_line(demo_db):
    async def scenario(ui):
        table = ui.widget_text("#queue")
        assert "Due" in table.splitlines()[0]
        assert "12d late" in table and "112d late" in table  # whole, not cut
        top = ui.widget_text("#topbar")
        # The demo's 14 due less 2 note-only prospects the note budget holds today.
        for fact in ("10 queued", "12 due", "2 held", "0 done", "circle 13/100"):
            assert fact in top, top
        card = ui.widget_text("#card")
        assert "due" in card  # the why, whole, is in the card
        line = key_bar_line(ui)
        for key in ("m Draft", "d Done", "s Snooze", "x Skip", "u Undo"):
            assert key in line, line

    drive(demo_db, scenario, app=on_demo(demo_db), size=MEDIUM)


def test_at_40_columns_the_queue_is_one_column_of_names_and_due(demo_db):
    async def scenario(ui):
        assert ui.queue.display and ui.queue.region.width == 40
        table = ui.widget_text("#queue")
        assert "Ayesha Moreau" in table and "12d late" in table
        assert "112d late" in table  # the longest due label, whole, beside its scrollbar
        await ui.press("j", "m")
        assert ui.screen.__class__.__name__ == "ComposerScreen"

    drive(demo_db, scenario, app=on_demo(demo_db), size=NARROW)


def test_at_80_columns_the_composer_key_bar_keeps_mark_sent_and_back(db_path, seeded):
    async def scenario(ui):
        await ui.press("m")
        line = key_bar_line(ui)
        for key in ("^y Copy", "^t Mark sent", "esc Back"):
            assert key in line, line

    drive(db_path, scenario, size=MEDIUM)


def test_at_80_columns_the_contacts_search_box_has_room_to_type(demo_db):
    async def scenario(ui):
        await ui.press("c")
        search = ui.screen.query_one("#contacts-search", Input)
        assert search.content_region.width >= 24, search.content_region
        assert "Search name, company" in ui.widget_text("#contacts-search")
        header = ui.widget_text("#contacts").splitlines()[0]
        assert "Next due" in header and "Last talked" in header, header

    drive(demo_db, scenario, app=on_demo(demo_db), size=MEDIUM)


@pytest.mark.parametrize("field, typed", [("email", "greg at example"), ("cadence", "often")])
def test_at_80_columns_an_invalid_field_keeps_its_value_and_its_whole_hint(demo_db, field, typed):
    async def scenario(ui):
        await ui.press("e")
        await ui.focus(f"#f-{field}")
        await ui.retype(typed)
        await ui.pilot.pause()  # the hint is scrolled into view after the refresh that shows it
        box = ui.screen.query_one(f"#f-{field}", Input)
        assert box.has_class("-invalid")
        assert ui.widget_text(f"#f-{field}").strip().startswith(typed)
        result = box.validate(typed)
        assert result is not None and not result.is_valid
        hint = " ".join(result.failure_descriptions)
        shown = " ".join(ui.widget_text(f"#e-{field}").split())
        assert shown == " ".join(hint.split()), shown

    drive(demo_db, scenario, app=on_demo(demo_db), size=MEDIUM)


def test_at_80_columns_health_figures_do_not_run_into_each_other(demo_db):
    async def scenario(ui):
        await ui.press("h")
        lines = ui.text().splitlines()
        follow = next(line for line in lines if "Follow-through" in line)
        assert "messaged within 7 days" in follow, follow
        assert "Inner circle" not in follow and "On cadence" not in follow

    drive(demo_db, scenario, app=on_demo(demo_db), size=MEDIUM)


def test_at_40_columns_triage_shows_who_and_the_keep_keys(demo_db):
    async def scenario(ui):
        await ui.press("t")
        text = ui.text()
        assert "Freya Santos" in text
        assert "Keep 1 2 weeks" in text
        assert "p Later" in key_bar_line(ui)

    drive(demo_db, scenario, app=on_demo(demo_db), size=NARROW)

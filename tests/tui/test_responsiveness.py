"""The queue answers before the database does: what the user sees while a write is still running.

Each test holds the database work back (a deck method waits on an event), looks
at the screen, then lets the work finish and checks what was stored. Without
the behaviour under test, the first look would find the old screen.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import replace

from netdeck.services.api import DeckApi
from netdeck.services.startup import PendingQueue
from netdeck.store.preflight import check_before_start
from netdeck.tui.app import NetdeckApp
from netdeck.tui.screens.queue import QueueScreen
from netdeck.tui.widgets.keybar import KeyBar
from tests.conftest import TODAY
from tests.tui.conftest import SIZE, drive, queue_ids, settle, stored


def hold(monkeypatch, name: str) -> threading.Event:
    """Make ``DeckApi.<name>`` wait until the returned event is set."""
    release = threading.Event()
    original = getattr(DeckApi, name)

    def held(*args, **kwargs):
        assert release.wait(20), f"DeckApi.{name} was never released"
        return original(*args, **kwargs)

    monkeypatch.setattr(DeckApi, name, held)
    return release


async def until(condition, pilot, *, seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the screen never showed it")


def test_the_first_frame_shows_the_queue_before_the_database_opens(db_path, seeded, monkeypatch):
    release = threading.Event()
    original_open = DeckApi.open.__func__

    def held_open(cls, *args, **kwargs):
        assert release.wait(20), "DeckApi.open was never released"
        return original_open(cls, *args, **kwargs)

    monkeypatch.setattr(DeckApi, "open", classmethod(held_open))
    ready = check_before_start(str(db_path))
    assert ready is not None
    pending = PendingQueue(ready, TODAY)
    assert pending.entries() is not None
    app = NetdeckApp(str(db_path), first_look=pending)
    rows_at_mount: list[int] = []
    mount = QueueScreen.on_mount

    def on_mount(screen) -> None:
        rows_at_mount.append(screen.table.row_count)
        mount(screen)

    monkeypatch.setattr(QueueScreen, "on_mount", on_mount)
    due = [seeded[name] for name in ("ada", "grace", "alan", "edsger")]

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            table = app.screen.query_one("#queue")
            # Composed with the rows (so on the first frame), SQLAlchemy still loading.
            assert rows_at_mount == [4]
            assert [int(row.key.value) for row in table.ordered_rows] == due
            assert "Loading today's queue" in str(app.screen.query_one("#topbar").render())
            release.set()
            await settle(pilot)
            assert "in today's queue" in str(app.screen.query_one("#topbar").render())
            assert [int(row.key.value) for row in table.ordered_rows] == due

    asyncio.run(main())


def test_skip_takes_the_row_off_before_the_write_finishes(db_path, database, seeded, monkeypatch):
    ada, grace = seeded["ada"], seeded["grace"]
    before = stored(database, ada)
    release = hold(monkeypatch, "skip")

    async def scenario(ui):
        await ui.pilot.press("x")
        assert ada not in ui.queue_ids()
        assert ui.selected_id() == grace
        assert stored(database, ada) == before, "nothing is written yet"
        release.set()
        await ui.settle()
        assert ada not in ui.queue_ids()

    drive(db_path, scenario)
    assert stored(database, ada) == replace(before, skipped_on=TODAY)


def test_undo_puts_the_row_back_before_the_undo_is_written(db_path, database, seeded, monkeypatch):
    ada = seeded["ada"]
    before = stored(database, ada)
    release = hold(monkeypatch, "undo")

    async def scenario(ui):
        await ui.press("x")
        assert ada not in ui.queue_ids()
        await ui.pilot.press("u")
        await until(lambda: ui.queue_ids()[:1] == [ada], ui.pilot)
        assert ui.selected_id() == ada, "back under the cursor"
        assert stored(database, ada) == replace(before, skipped_on=TODAY), "not written yet"
        release.set()
        await ui.settle()
        assert ui.queue_ids()[0] == ada

    drive(db_path, scenario)
    assert stored(database, ada) == before
    assert queue_ids(database)[0] == ada


def test_a_failed_undo_takes_the_row_off_again(db_path, database, seeded, monkeypatch):
    from netdeck.domain.errors import StorageError

    ada = seeded["ada"]

    async def scenario(ui):
        await ui.press("x")
        release = threading.Event()

        def broken(*_args, **_kwargs):
            assert release.wait(20)
            raise StorageError("the disk is full")

        monkeypatch.setattr(DeckApi, "undo", broken)
        await ui.pilot.press("u")
        await until(lambda: ada in ui.queue_ids(), ui.pilot)  # back at once
        release.set()
        await ui.settle()
        assert ada not in ui.queue_ids(), "the reload after the error shows the truth"
        assert any("the disk is full" in m for m in ui.notifications())
        assert ui.app.undo_stack, "and u can try again"

    drive(db_path, scenario)
    assert stored(database, ada).skipped_on == TODAY


def test_a_reload_read_before_an_undo_does_not_take_the_row_off_again(
    db_path, database, seeded, monkeypatch
):
    ada = seeded["ada"]
    gates: list[threading.Event] = []
    original = DeckApi.queue

    def read_then_wait(self, *args, **kwargs):
        snapshot = original(self, *args, **kwargs)  # read now, deliver later
        gate = threading.Event()
        gates.append(gate)
        assert gate.wait(20), "a queue reload was never released"
        return snapshot

    async def scenario(ui):
        monkeypatch.setattr(DeckApi, "queue", read_then_wait)
        await ui.pilot.press("x")
        # The skip is written, and the reload after it has read Ada as skipped.
        await until(lambda: len(gates) == 1, ui.pilot)
        undo = hold(monkeypatch, "undo")
        await ui.pilot.press("u")
        await until(lambda: ui.queue_ids()[:1] == [ada], ui.pilot)  # back at once
        gates[0].set()  # the reload from before the undo arrives while it is written
        await ui.pilot.pause(0.2)
        assert ui.queue_ids()[0] == ada, "the stale reload was dropped"
        undo.set()
        await until(lambda: len(gates) == 2, ui.pilot)  # undone, and read again
        gates[1].set()
        await ui.settle()
        assert ui.queue_ids()[0] == ada

    drive(db_path, scenario)
    assert stored(database, ada).skipped_on is None


def test_the_key_bar_shows_the_keys_and_a_click_presses_one(db_path, seeded):
    async def scenario(ui):
        bar = ui.screen.query_one(KeyBar)
        line = ui.widget_text("KeyBar")
        for label in ("m Draft", "d Done", "s Snooze", "x Skip", "u Undo", "q Quit", "^p palette"):
            assert label in line
        undo = next(key for key in bar.keys if key.key == "u")
        assert not undo.enabled, "nothing to undo yet: shown dimmed"

        x = line.index(" x Skip") + 1
        await ui.pilot.click(KeyBar, offset=(x, 0))
        await ui.settle()
        assert seeded["ada"] not in ui.queue_ids(), "clicking x Skip skipped"
        undo = next(key for key in bar.keys if key.key == "u")
        assert undo.enabled, "now there is something to undo"

        before = ui.queue_ids()
        await ui.pilot.click(KeyBar, offset=(line.index(" d Done") + 1, 0))
        await ui.settle()
        assert ui.screen.__class__.__name__ == "LogModal", "clicking d Done opened the log dialog"
        await ui.press("escape")
        assert ui.queue_ids() == before

    drive(db_path, scenario)


def test_on_a_narrow_terminal_the_key_bar_keeps_whole_keys_and_the_palette(db_path, seeded):
    app = NetdeckApp(str(db_path))

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            bar = app.screen.query_one(KeyBar)
            line = "".join(segment.text for segment in bar.render().render(app.console))
            assert line.endswith("▏^p palette "), line
            assert len(line) == 80
            shown = line.removesuffix("▏^p palette ").rstrip()
            # Whole keys only, the queue's own first, then any other that fits: none cut in half.
            assert shown == " m Draft  d Done  s Snooze  x Skip  o Open  e Edit  u Undo  q Quit"

    asyncio.run(main())

"""The TUI on a PostgreSQL deck: no SQLite fast path, the first full load paints the
queue in the services' order, and search works as on SQLite."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from netdeck.tui.app import NetdeckApp
from netdeck.tui.screens.contacts import ContactsScreen
from tests.tui.conftest import drive, queue_ids

pytestmark = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


def test_the_tui_opens_a_postgresql_deck_and_searches_it(backend_target, database, seeded):
    expected = [seeded[name] for name in ("ada", "grace", "alan", "edsger")]
    assert queue_ids(database) == expected

    async def scenario(ui):
        assert ui.queue_ids() == expected
        assert "Ada Lovelace" in ui.text()
        await ui.press("/")
        assert isinstance(ui.screen, ContactsScreen)
        await ui.type("NAVY")  # Grace's company, in the other case
        table = ui.screen.query_one("#contacts", DataTable)
        assert [table.get_row_at(i)[0].plain for i in range(table.row_count)] == ["Grace Hopper"]

    drive(backend_target, scenario, app=NetdeckApp(backend_target))

"""The health screen: loads in a worker, acts on its lists, opens a contact."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable

from netdeck.tui.screens.contact import ContactScreen
from netdeck.tui.screens.health import HealthScreen
from tests.conftest import TODAY
from tests.postgres import postgresql_too
from tests.tui.conftest import add_person, drive, stored


def row_ids(ui, selector: str) -> list[int]:
    table = ui.screen.query_one(selector, DataTable)
    return [int(row.key.value) for row in table.ordered_rows]


@postgresql_too  # the smoke set on PostgreSQL
def test_archiving_from_the_drifting_list_changes_the_database_and_the_list(
    backend_target, database
):
    long_ago = TODAY - timedelta(days=400)
    drifting = add_person(
        database,
        "Dora [b]Drift[/b]",
        cadence="14",
        added_on=long_ago,
        last_talked=TODAY - timedelta(days=100),
    )
    other = add_person(
        database,
        "Otto Overdue",
        cadence="14",
        added_on=long_ago,
        last_talked=TODAY - timedelta(days=90),
    )
    silent = add_person(
        database,
        "Sid Silent",
        stage="dormant",
        added_on=long_ago,
        last_talked=TODAY - timedelta(days=300),
    )
    add_person(database, "Fresh Friend", last_talked=TODAY - timedelta(days=2))

    async def scenario(ui):
        await ui.press("h")
        assert isinstance(ui.screen, HealthScreen)
        text = ui.text()
        assert "Dora [b]Drift[/b]" in text  # literal, never markup
        assert "1 of 4 (25%)" in text  # on cadence: only Fresh Friend
        assert row_ids(ui, "#drifting") == [drifting, other]  # 72 days late on 14 first
        assert row_ids(ui, "#let-go") == [silent]

        await ui.press("a")
        assert row_ids(ui, "#drifting") == [other]
        assert "Moved Dora [b]Drift[/b] to archived · u to undo" in ui.notifications()

        await ui.press("u")
        assert row_ids(ui, "#drifting") == [drifting, other]
        assert stored(database, drifting).stage == "active"

        await ui.press("z")
        assert row_ids(ui, "#drifting") == [other]

        await ui.press("tab", "enter")
        assert isinstance(ui.screen, ContactScreen)
        assert "Sid Silent" in ui.text()

    drive(backend_target, scenario)
    assert stored(database, drifting).stage == "dormant"
    assert stored(database, other).stage == "active"


def test_the_requests_that_went_out_without_a_note_and_the_months_notes(db_path, database):
    """The sample LinkedIn export: Kofi's invitation (28 October) went out bare, Dana's
    (2 November) had a note: one bare request listed, one note of five used."""
    from pathlib import Path

    from netdeck.services.importing import import_linkedin

    export = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin" / "Connections.csv"
    import_linkedin(database, export, today=TODAY)

    async def scenario(ui):
        await ui.press("h")
        assert isinstance(ui.screen, HealthScreen)
        bare = ui.widget_text("#bare-requests")
        assert "Bare requests   1 request went out without a note" in bare
        assert "Kofi Mensah Oct 28" in bare
        assert "Dana" not in bare
        assert ui.widget_text("#note-budget").strip() == (
            "LinkedIn notes  1 of 5 used  this month, resets Dec 1"
        )

    drive(db_path, scenario)

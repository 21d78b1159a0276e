"""The triage screen, driven by keys and checked in the database afterwards."""

from __future__ import annotations

from datetime import timedelta

from netdeck.services.settings import change_setting
from netdeck.tui.screens.triage import TriageScreen
from tests.conftest import TODAY
from tests.postgres import postgresql_too
from tests.tui.conftest import add_person, cadence_of, drive, stored


def seed_unsorted(database) -> dict[str, int]:
    """Three unsorted people and one active. Ada (three details) and Bob (a tag shared
    with the circle) tie at 15 points, so by name: Ada, Bob, then Cy (nothing)."""
    return {
        "circle": add_person(database, "Circle Friend", tags=["mba"]),
        "ada": add_person(
            database,
            "Ada Unsorted",
            stage="unsorted",
            company="Acme",
            notes="met at PyCon",
            email="ada@example.com",
        ),
        "bob": add_person(database, "Bob Unsorted", stage="unsorted", tags=["mba"]),
        "cy": add_person(database, "Cy Unsorted", stage="unsorted"),
    }


def topbar(ui) -> str:
    return ui.widget_text("#triage-topbar").strip()


def card(ui) -> str:
    return ui.widget_text("#triage-card")


@postgresql_too  # the smoke set on PostgreSQL
def test_keep_archive_skip_and_undo_change_the_database(backend_target, database):
    people = seed_unsorted(database)
    before = {name: stored(database, cid) for name, cid in people.items()}

    async def scenario(ui):
        await ui.press("t")
        assert isinstance(ui.screen, TriageScreen)
        assert topbar(ui) == "3 left · inner circle 1/100"
        assert "Ada Unsorted" in card(ui)
        assert "3 details filled in" in ui.widget_text("#triage-why")

        await ui.press("2")  # keep, every month
        ada = stored(database, people["ada"])
        assert ada.stage == "active"
        assert cadence_of(database, people["ada"]) == 30
        assert ada.next_due_on is not None
        assert TODAY < ada.next_due_on <= TODAY + timedelta(days=30)
        assert topbar(ui) == "2 left · inner circle 2/100"
        assert "Bob Unsorted" in card(ui)
        assert any("Kept Ada Unsorted" in message for message in ui.notifications())

        await ui.press("a")  # let go
        assert stored(database, people["bob"]).stage == "archived"
        assert topbar(ui) == "1 left · inner circle 2/100"
        assert "Cy Unsorted" in card(ui)

        await ui.press("x")  # skip: nothing changes, and (everyone else done) it comes back
        assert stored(database, people["cy"]) == before["cy"]
        assert "Cy Unsorted" in card(ui)

        await ui.press("u")  # undo the skip: nothing to restore in the database
        await ui.press("u")  # undo the let go
        assert stored(database, people["bob"]) == before["bob"]
        assert "Bob Unsorted" in card(ui)
        await ui.press("u")  # undo the keep
        assert stored(database, people["ada"]) == before["ada"]
        assert cadence_of(database, people["ada"]) is None
        assert "Ada Unsorted" in card(ui)
        assert topbar(ui) == "3 left · inner circle 1/100"

        await ui.press("escape")
        assert not isinstance(ui.screen, TriageScreen)

    drive(backend_target, scenario)


def test_later_and_the_done_state(db_path, database):
    person = add_person(database, "Only Unsorted", stage="unsorted")

    async def scenario(ui):
        await ui.press("t", "p")
        later = stored(database, person)
        assert later.stage == "prospect"
        assert later.next_due_on == TODAY + timedelta(days=14)
        assert "Nothing left to triage." in ui.text()
        assert topbar(ui) == "0 left · inner circle 0/100"

    drive(db_path, scenario)


def test_keeping_past_the_target_warns_but_keeps(db_path, database):
    add_person(database, "Circle Friend")
    person = add_person(database, "One More", stage="unsorted")
    with database.writing() as session:
        change_setting(session, "inner-circle-target", "1")

    async def scenario(ui):
        await ui.press("t")
        assert "at your target" in topbar(ui)
        await ui.press("1")
        assert stored(database, person).stage == "active"
        assert cadence_of(database, person) == 14
        assert "over your target" in topbar(ui)
        warnings = [n for n in ui.notified if n.severity == "warning"]
        assert warnings and "over your target of 1" in warnings[0].message

    drive(db_path, scenario)


def test_skipped_people_come_after_everyone_else(db_path, database):
    people = seed_unsorted(database)

    async def scenario(ui):
        await ui.press("t")
        assert "Ada Unsorted" in card(ui)
        await ui.press("space")
        assert "Bob Unsorted" in card(ui)
        await ui.press("a", "a")  # let Bob and Cy go
        assert "Ada Unsorted" in card(ui)
        assert stored(database, people["ada"]).stage == "unsorted"

    drive(db_path, scenario)


def test_the_command_palette_offers_triage_and_its_actions(db_path, database):
    person = add_person(database, "Palette Person", stage="unsorted")

    async def scenario(ui):
        titles = [command.title for command in ui.app.get_system_commands(ui.screen)]
        assert "Triage" in titles
        await ui.press("t")
        commands = {command.title: command for command in ui.app.get_system_commands(ui.screen)}
        assert {"Keep, every 3 months", "Follow up later", "Let go", "Skip", "Undo"} <= set(
            commands
        )
        commands["Keep, every 3 months"].callback()
        await ui.settle()
        assert stored(database, person).stage == "active"
        assert cadence_of(database, person) == 90

    drive(db_path, scenario)

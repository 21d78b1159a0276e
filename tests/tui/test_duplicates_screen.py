"""The duplicates screen: pairs side by side, merge (asked first), not the same, move, undo."""

from __future__ import annotations

from sqlalchemy import select

from netdeck.store.models import NotDuplicate
from netdeck.tui.screens.contacts import ContactsScreen
from netdeck.tui.screens.duplicates import DuplicatesScreen
from netdeck.tui.screens.modals import ConfirmModal
from tests.tui.conftest import add_person, contact_names, drive, stored

MEDIUM, NARROW = (80, 24), (40, 12)


def seed_pairs(database) -> dict[str, int]:
    """Two pairs: the same e-mail (most certain, first), then the same name."""
    return {
        "greg": add_person(
            database, "Greg Alvarez", email="greg@acme.example", tags=["mba"], company="Acme"
        ),
        "gregory": add_person(
            database,
            "Gregory [bold]Alvarez[/]",
            email="GREG@acme.example",
            linkedin="linkedin.com/in/greg",
            tags=["mentor"],
            stage="unsorted",
        ),
        "ann": add_person(database, "Ann Lee", company="Initech"),
        "ann2": add_person(database, "ann lee", company="Globex"),
    }


def test_pairs_show_side_by_side_and_m_merges_after_asking(db_path, database):
    people = seed_pairs(database)

    async def scenario(ui):
        await ui.press("c")
        assert isinstance(ui.screen, ContactsScreen)
        await ui.press("D")
        assert isinstance(ui.screen, DuplicatesScreen)
        assert ui.widget_text("#dup-topbar").strip() == "Pair 1 of 2 · same e-mail"
        keep, other = ui.widget_text("#dup-keep"), ui.widget_text("#dup-other")
        assert "KEEP" in keep and "Greg Alvarez" in keep and "Acme" in keep and "mba" in keep
        # User text is shown literally, never as markup.
        assert "Gregory [bold]Alvarez[/]" in other and "linkedin.com/in/greg" in other
        assert "unsorted" in other and "mentor" in other

        await ui.press("m")
        assert isinstance(ui.screen, ConfirmModal)
        assert "Greg Alvarez is kept" in ui.text()
        await ui.press("n")  # not now: nothing merged
        assert len(contact_names(database)) == 4

        await ui.press("m", "y")
        assert isinstance(ui.screen, DuplicatesScreen)
        assert contact_names(database) == ["Ann Lee", "Greg Alvarez", "ann lee"]
        merged = stored(database, people["greg"])
        assert sorted(kind for kind, _value, _preferred in merged.channels) == ["email", "linkedin"]
        assert "Merged Gregory [bold]Alvarez[/] into Greg Alvarez · u to undo" in ui.notifications()
        assert ui.widget_text("#dup-topbar").strip() == "Pair 1 of 1 · same name"

        await ui.press("u")
        assert "Undone: merged Gregory [bold]Alvarez[/] into Greg Alvarez" in ui.notifications()
        assert len(contact_names(database)) == 4
        assert stored(database, people["gregory"]).stage == "unsorted"
        assert ui.widget_text("#dup-topbar").strip() == "Pair 1 of 2 · same e-mail"

    drive(db_path, scenario)


def test_s_swaps_which_is_kept(db_path, database):
    people = seed_pairs(database)

    async def scenario(ui):
        await ui.press("c", "D", "s")
        assert "Gregory [bold]Alvarez[/]" in ui.widget_text("#dup-keep")
        await ui.press("m", "y")
        assert contact_names(database) == ["Ann Lee", "Gregory [bold]Alvarez[/]", "ann lee"]
        assert stored(database, people["gregory"]).name == "Gregory [bold]Alvarez[/]"

    drive(db_path, scenario)


def test_arrows_move_between_pairs_and_n_remembers_not_the_same(db_path, database):
    people = seed_pairs(database)

    async def scenario(ui):
        await ui.press("c", "D")
        await ui.press("down")
        assert ui.widget_text("#dup-topbar").strip() == "Pair 2 of 2 · same name"
        await ui.press("k")
        assert ui.widget_text("#dup-topbar").strip() == "Pair 1 of 2 · same e-mail"
        await ui.press("j", "n")
        assert "Noted: Ann Lee and ann lee are not the same person" in ui.notifications()
        assert ui.widget_text("#dup-topbar").strip() == "Pair 1 of 1 · same e-mail"
        await ui.press("escape")
        assert isinstance(ui.screen, ContactsScreen)

    drive(db_path, scenario)
    with database.reading() as session:
        pairs = session.execute(select(NotDuplicate.low_id, NotDuplicate.high_id)).all()
    assert pairs == [(people["ann"], people["ann2"])]

    async def again(ui):
        await ui.press("c", "D")
        assert ui.widget_text("#dup-topbar").strip() == "Pair 1 of 1 · same e-mail"

    drive(db_path, again)  # remembered across runs


def test_no_pairs_says_so_from_the_palette(db_path, database):
    add_person(database, "Only One")

    async def scenario(ui):
        await ui.press("ctrl+p")
        await ui.type("Duplicates")
        await ui.press("enter")
        assert isinstance(ui.screen, DuplicatesScreen)
        assert "No likely duplicates." in ui.widget_text("#dup-empty")
        await ui.press("m", "n")  # nothing to act on: no error
        assert not any(n.severity == "error" for n in ui.notified)

    drive(db_path, scenario)


def test_the_screen_works_at_80x24_and_does_not_break_at_40x12(db_path, database):
    seed_pairs(database)

    async def medium(ui):
        await ui.press("c", "D")
        text = ui.text()
        assert "Greg Alvarez" in text and "Gregory [bold]Alvarez[/]" in text
        assert "Merge" in text  # the key bar keeps it

    async def narrow(ui):
        await ui.press("c", "D", "j", "s", "k")
        assert isinstance(ui.screen, DuplicatesScreen)
        assert "Greg" in ui.text()

    drive(db_path, medium, size=MEDIUM)
    drive(db_path, narrow, size=NARROW)

"""Bulk keep and archive on the contacts screen: by tag or company, confirmed, undone at once."""

from __future__ import annotations

from datetime import timedelta

from netdeck.tui.screens.modals import CadenceModal, ConfirmModal
from tests.conftest import TODAY
from tests.tui.conftest import add_person, cadence_of, drive, stored


def test_keep_all_shown_by_tag_then_undo(db_path, database):
    mba = [add_person(database, f"Mba {n}", stage="unsorted", tags=["mba"]) for n in range(3)]
    archived = add_person(database, "Old Mba", stage="archived", tags=["mba"])
    other = add_person(database, "Not Mba", stage="unsorted")
    before = {cid: stored(database, cid) for cid in [*mba, archived, other]}

    async def scenario(ui):
        await ui.press("c")
        ui.screen.query_one("#contacts-tag").value = "mba"
        await ui.settle()
        await ui.press("K")
        assert isinstance(ui.screen, CadenceModal)
        await ui.press("3")
        assert isinstance(ui.screen, ConfirmModal)
        assert "Keep 3 contacts tagged mba" in ui.text()
        await ui.press("y")
        for cid in mba:
            kept = stored(database, cid)
            assert kept.stage == "active"
            assert cadence_of(database, cid) == 90
            assert kept.next_due_on is not None
            assert TODAY < kept.next_due_on <= TODAY + timedelta(days=90)
        assert stored(database, archived) == before[archived]
        assert stored(database, other) == before[other]
        assert any("Kept 3 contacts tagged mba" in m for m in ui.notifications())

        await ui.press("u")
        for cid, was in before.items():
            assert stored(database, cid) == was
        assert all(cadence_of(database, cid) is None for cid in mba)

    drive(db_path, scenario)


def test_archive_all_shown_by_company_and_no_for_an_answer(db_path, database):
    acme = [add_person(database, f"Acme {n}", company="Acme", stage="unsorted") for n in range(2)]
    globex = add_person(database, "Globex Person", company="Globex", stage="unsorted")

    async def scenario(ui):
        await ui.press("c")
        await ui.press("K")  # no tag or company yet: refused with a hint
        assert any("Pick a tag or type a company" in m for m in ui.notifications())
        await ui.focus("#contacts-company")
        await ui.type("acme")
        await ui.press("enter", "X")
        assert "Archive 2 contacts" in ui.text()
        assert "never be due." in ui.text(), "the whole question is on screen, wrapped"
        await ui.press("n")
        assert {stored(database, cid).stage for cid in acme} == {"unsorted"}
        await ui.press("X", "y")
        assert {stored(database, cid).stage for cid in acme} == {"archived"}
        assert stored(database, globex).stage == "unsorted"

    drive(db_path, scenario)

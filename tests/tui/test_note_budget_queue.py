"""The queue screen under LinkedIn's note budget: the note-only prospects it holds
are left out (the top bar says how many), and a prospect's card says how many notes
are left this month (nothing on Premium, where there is no monthly limit).

Today is 2026-11-25: six days left, five notes, so one note-only prospect today.
"""

from __future__ import annotations

from datetime import date

from tests.tui.conftest import add_person, drive

ADDED_ON = date(2026, 11, 10)  # a prospect is due a week after


def add_prospects(database) -> dict[str, int]:
    people = {
        name: add_person(
            database,
            name,
            linkedin=f"https://www.linkedin.com/in/{name.split()[1].lower()}",
            stage="prospect",
            added_on=ADDED_ON,
        )
        for name in ("Pat One", "Pat Two", "Pat Three")
    }
    people["Mo Mail"] = add_person(
        database, "Mo Mail", email="mo@example.com", stage="prospect", added_on=ADDED_ON
    )
    return people


def card(ui) -> str:
    """The card's words, one space apart (its lines wrap with the width)."""
    return " ".join(ui.widget_text("#card").split())


def test_the_queue_holds_note_only_prospects_and_the_card_shows_the_budget(db_path, database):
    people = add_prospects(database)

    async def scenario(ui):
        assert ui.queue_ids() == [people["Mo Mail"], people["Pat One"]]
        assert "2 held for the note budget" in ui.widget_text("#topbar")
        assert "notes 5 of 5 notes left" in card(ui)
        await ui.press("j")
        assert "Pat One" in ui.widget_text("#card")
        assert "notes 5 of 5 notes left" in card(ui)

    drive(db_path, scenario)


def test_premium_holds_nobody_and_the_card_has_no_budget_line(db_path, database):
    from netdeck.services.settings import change_setting

    people = add_prospects(database)
    with database.writing() as session:
        change_setting(session, "linkedin-plan", "premium")

    async def scenario(ui):
        assert len(ui.queue_ids()) == len(people)
        assert "held" not in ui.widget_text("#topbar")
        assert "Mo Mail" in ui.widget_text("#card")
        assert "notes left" not in ui.widget_text("#card")

    drive(db_path, scenario)

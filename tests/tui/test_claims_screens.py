"""No double outreach in the TUI (a shared deck): the composer claims the person while it
is open and releases them when it closes or sends; another user's claim is asked about
first; the queue row and card say who is writing to whom; the later of two users
acting on one person is told, as news. Checked on the screen and in the database."""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import TextArea

from netdeck.services.api import DeckApi
from netdeck.store.database import Database
from netdeck.store.models import Claim, Interaction
from netdeck.tui.app import NetdeckApp
from netdeck.tui.screens.composer import ComposerScreen
from netdeck.tui.screens.modals import ConfirmModal
from netdeck.tui.screens.queue import QueueScreen
from tests.conftest import TODAY
from tests.tui.conftest import drive


def claim_holder(database: Database, contact_id: int) -> str | None:
    with database.reading() as session:
        return session.scalar(select(Claim.user).where(Claim.contact_id == contact_id))


def as_user(db_path, user: str) -> NetdeckApp:
    return NetdeckApp(str(db_path), user=user)


def test_the_composer_claims_the_person_and_leaving_releases_them(db_path, database, seeded):
    ada = seeded["ada"]

    async def scenario(ui):
        await ui.press("m")
        assert isinstance(ui.screen, ComposerScreen)
        assert claim_holder(database, ada) == "Alex"
        await ui.press("escape")
        assert isinstance(ui.screen, QueueScreen)
        await ui.app.workers.wait_for_complete()
        assert claim_holder(database, ada) is None

    drive(db_path, scenario, app=as_user(db_path, "Alex"))


def test_sending_releases_the_claim(db_path, database, seeded):
    ada = seeded["ada"]

    async def scenario(ui):
        await ui.press("m")
        assert claim_holder(database, ada) == "Alex"
        await ui.press("ctrl+t")
        assert isinstance(ui.screen, QueueScreen)
        await ui.app.workers.wait_for_complete()
        assert claim_holder(database, ada) is None

    drive(db_path, scenario, app=as_user(db_path, "Alex"))


def test_another_users_claim_is_asked_about_and_no_goes_back(db_path, database, seeded):
    ada = seeded["ada"]
    since = DeckApi(database, lambda: TODAY, "Sam").claim(ada).since

    async def scenario(ui):
        await ui.press("m")
        assert isinstance(ui.screen, ConfirmModal)
        question = f"Sam is writing to Ada Lovelace (since {since:%H:%M}). Write anyway?"
        assert ui.screen.question == question
        assert "Sam is writing to Ada Lovelace" in ui.text()
        await ui.press("n")
        assert isinstance(ui.screen, QueueScreen)
        await ui.app.workers.wait_for_complete()
        assert claim_holder(database, ada) == "Sam"

    drive(db_path, scenario, app=as_user(db_path, "Alex"))


def test_write_anyway_takes_the_claim_over(db_path, database, seeded):
    ada = seeded["ada"]
    DeckApi(database, lambda: TODAY, "Sam").claim(ada)

    async def scenario(ui):
        await ui.press("m", "y")
        assert isinstance(ui.screen, ComposerScreen)
        assert ui.screen.query_one("#draft-text", TextArea).text.startswith("Hi Ada,")
        assert claim_holder(database, ada) == "Alex"
        await ui.press("escape")
        await ui.app.workers.wait_for_complete()
        assert claim_holder(database, ada) is None

    drive(db_path, scenario, app=as_user(db_path, "Alex"))


def test_the_queue_row_and_card_say_who_is_writing_to_them(db_path, database, seeded):
    ada = seeded["ada"]
    since = DeckApi(database, lambda: TODAY, "Sam").claim(ada).since

    async def scenario(ui):
        assert ui.selected_id() == ada
        assert "Sam is writing to Ada" in ui.widget_text("#queue")
        card = " ".join(ui.widget_text("ContactCard").replace("▏", "").split())
        assert f"Sam is writing to Ada Lovelace (since {since:%H:%M})" in card
        # Released: after a refresh the row says why she is due again.
        DeckApi(database, lambda: TODAY, "Sam").release(ada)
        await ui.press("r")
        assert "is writing to" not in ui.text()

    drive(db_path, scenario, app=as_user(db_path, "Alex"))


def test_the_later_of_two_users_is_told_and_both_writes_are_kept(db_path, database, seeded):
    ada = seeded["ada"]

    async def scenario(ui):
        await ui.press("m")
        assert isinstance(ui.screen, ComposerScreen)
        # Sam writes to her while Alex's composer is open (Sam wrote anyway).
        DeckApi(database, lambda: TODAY, "Sam").mark_done(
            ada, channel="email", kind="message", note="from Sam"
        )
        await ui.press("ctrl+t")
        assert isinstance(ui.screen, QueueScreen)
        told = [n for n in ui.notified if "Sam also messaged Ada Lovelace at" in n.message]
        assert told and told[0].severity == "information"
        assert told[0].message.endswith("(both are kept)")
        assert not [n for n in ui.notified if n.severity == "error"]

    drive(db_path, scenario, app=as_user(db_path, "Alex"))
    with database.reading() as session:
        actors = session.scalars(select(Interaction.actor).where(Interaction.contact_id == ada))
        assert {"Sam", "Alex"} <= set(actors)

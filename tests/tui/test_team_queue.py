"""A deck two people share, on screen: the queue shows yours and nobody's (w: everyone's),
the card says who else touched the person lately, and the contact form sets an owner."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from textual.widgets import Input

from netdeck.services.api import DeckApi
from netdeck.services.contacts import ContactFields
from netdeck.store.models import Contact, ContactEvent
from netdeck.tui.screens.contact import ContactScreen
from netdeck.tui.screens.queue import QueueScreen
from tests.conftest import TODAY
from tests.tui.conftest import drive


@pytest.fixture
def shared(database, seeded, monkeypatch) -> dict[str, int]:
    """Ada is Sam's, Grace is Alex's; Sam snoozed Edsger yesterday (until today); the app
    runs as Alex."""
    sam = DeckApi(database, lambda: TODAY, "Sam")
    sam.save_contact(seeded["ada"], ContactFields(owner="Sam"))
    DeckApi(database, lambda: TODAY, "Alex").save_contact(
        seeded["grace"], ContactFields(owner="Alex")
    )
    DeckApi(database, lambda: TODAY - timedelta(days=1), "Sam").snooze(seeded["edsger"], TODAY)
    monkeypatch.setenv("NETDECK_USER", "Alex")
    return seeded


def test_a_shared_queue_shows_yours_and_nobodys_and_w_shows_everyones(db_path, shared):
    ada, grace, alan, edsger = (shared[name] for name in ("ada", "grace", "alan", "edsger"))

    async def scenario(ui):
        assert set(ui.queue_ids()) == {grace, alan, edsger}
        assert "yours and nobody's" in ui.widget_text("#topbar")
        assert "Whose" in ui.widget_text("KeyBar")
        await ui.press("w")
        assert set(ui.queue_ids()) == {ada, grace, alan, edsger}
        assert "everyone's" in ui.widget_text("#topbar")
        assert "Showing everyone's people" in ui.notifications()
        await ui.press("w")
        assert set(ui.queue_ids()) == {grace, alan, edsger}

    drive(db_path, scenario)


def test_the_card_says_who_else_touched_them_lately(db_path, shared):
    edsger = shared["edsger"]

    async def scenario(ui):
        while ui.selected_id() != edsger:
            await ui.press("j")
        card = " ".join(ui.widget_text("#card").replace("▏", " ").split())  # (it wraps)
        assert "Sam snoozed Edsger Dijkstra yesterday" in card

    drive(db_path, scenario)


def test_a_single_user_deck_has_no_whose_key(db_path, database, seeded, monkeypatch):
    monkeypatch.setenv("NETDECK_USER", "Alex")
    DeckApi(database, lambda: TODAY, "Alex").save_contact(seeded["ada"], ContactFields(owner="Sam"))
    expected = [seeded[name] for name in ("ada", "grace", "alan", "edsger")]

    async def scenario(ui):
        assert ui.queue_ids() == expected
        assert "Whose" not in ui.widget_text("KeyBar")
        assert "nobody's" not in ui.widget_text("#topbar")
        await ui.press("w")
        assert ui.queue_ids() == expected

    drive(db_path, scenario)


def test_the_contact_form_shows_and_changes_the_owner(db_path, database, shared):
    grace = shared["grace"]

    async def scenario(ui):
        await ui.press("e")
        assert isinstance(ui.screen, ContactScreen)
        assert ui.screen.query_one("#f-owner", Input).value == "Alex"
        await ui.focus("#f-owner")
        await ui.clear()
        await ui.paste("Sam")
        await ui.press("ctrl+s")
        assert isinstance(ui.screen, QueueScreen)

    drive(db_path, scenario)
    with database.reading() as session:
        assert session.get(Contact, grace).owner == "Sam"
        last = session.scalars(select(ContactEvent).order_by(ContactEvent.id.desc())).first()
    assert (last.kind, last.detail, last.actor) == ("owner", "Sam", "Alex")


def test_the_timeline_says_who_logged_each_interaction(db_path, database, shared):
    grace = shared["grace"]
    DeckApi(database, lambda: TODAY, "Sam").mark_done(
        grace,
        channel="email",
        kind="message",
        note="about the talk",
        on=TODAY - timedelta(days=40),  # (she stays due)
    )

    async def scenario(ui):
        assert grace in ui.queue_ids()
        while ui.selected_id() != grace:
            await ui.press("j")
        await ui.press("e")
        assert isinstance(ui.screen, ContactScreen)
        assert "→ message · email · by Sam" in ui.widget_text("#timeline-body")

    drive(db_path, scenario)

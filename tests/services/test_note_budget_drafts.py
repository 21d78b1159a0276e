"""Drafts and LinkedIn's monthly note budget, over a real database (issue 18).

A draft that would be a LinkedIn note carries the month's budget and says what
is left; with none left it goes to the person's e-mail, then X, then their
website, from that channel's own snippet; with none of those it stays a note
and says so. "Connect without a note" logs a bare request, which spends no note
and makes the prospect due the day they accept; undo puts everything back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select

from netdeck.domain.errors import InvalidInput
from netdeck.domain.note_budget import BARE_ACCEPTED_REASON
from netdeck.services.api import DeckApi
from netdeck.services.views import ContactDetail
from netdeck.store.database import Database
from netdeck.store.models import Contact, Interaction
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

Add = Callable[..., ContactDetail]
URL = "https://www.linkedin.com/in/{}"


@pytest.fixture
def deck(database: Database, today: date) -> DeckApi:
    return DeckApi(database, lambda: today)


def prospect(add: Add, name: str, **addresses: list[str]) -> int:
    slug = name.lower().replace(" ", "-")
    return add(name, stage="prospect", linkedin=[URL.format(slug)], **addresses).id


def no_notes_left(deck: DeckApi) -> None:
    deck.change_settings({"linkedin-notes-per-month": "0"})


def budget_check(draft) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    found = [(c.severity, c.message) for c in draft.checks if c.code == "note-budget"]
    return found[0] if found else None


SPENT = "no LinkedIn notes left this month (0 of 0 used; more on 1 Dec)"


# ---------------------------------------------------------------- counting


def test_notes_count_from_logged_and_sent_requests_not_email_or_bare(
    deck: DeckApi, add: Add
) -> None:
    ids = [prospect(add, f"Person {n}") for n in range(6)]
    deck.mark_done(ids[0], channel="linkedin", kind="connection-request", note="met at the meetup")
    draft = deck.draft(ids[1])
    deck.mark_sent(ids[1], text=draft.text, snippet_id=draft.snippet.id, channel=draft.channel)  # type: ignore[union-attr]
    deck.mark_done(ids[2], channel="email", kind="connection-request", note="by email")
    deck.request_without_note(ids[3])
    deck.mark_done(ids[4], channel="linkedin", kind="connection-request", note="")

    draft = deck.draft(ids[5])
    assert draft.note_budget is not None
    assert (draft.note_budget.used, draft.note_budget.left) == (2, 3)
    assert budget_check(draft) == ("ok", "3 of 5 notes left this month")


def test_a_premium_plan_has_no_limit_and_never_falls_back(deck: DeckApi, add: Add) -> None:
    deck.change_settings({"linkedin-plan": "premium"})
    greg = prospect(add, "Greg Ito", email=["greg@example.com"])
    for n in range(6):
        deck.mark_done(
            prospect(add, f"Person {n}"), channel="linkedin", kind="connection-request", note="hi"
        )

    draft = deck.draft(greg)
    assert draft.note_budget is not None
    assert draft.note_budget.as_json() == {
        "used": 6,
        "limit": None,
        "left": None,
        "resets_on": "2026-12-01",
    }
    assert (draft.channel, draft.fallback_from, budget_check(draft)) == (
        "linkedin-note",
        None,
        None,
    )


# ---------------------------------------------------------------- falling back


def test_no_notes_left_falls_back_to_email_with_its_own_snippet(deck: DeckApi, add: Add) -> None:
    greg = prospect(add, "Greg Ito", email=["greg@example.com"], x=["@gregito"])
    assert deck.draft(greg).channel == "linkedin-note"
    no_notes_left(deck)

    draft = deck.draft(greg)
    assert (draft.channel, draft.fallback_from, draft.address) == (
        "email",
        "linkedin-note",
        "greg@example.com",
    )
    assert draft.snippet is not None and draft.snippet.name == "Intro email"
    assert draft.subject.startswith("Hello")
    assert draft.open_url is not None and draft.open_url.startswith("mailto:greg@example.com?")
    assert budget_check(draft) == (
        "warning",
        f"{SPENT}: drafted as an email instead of a LinkedIn note",
    )


def test_without_email_it_falls_back_to_an_x_dm(deck: DeckApi, add: Add) -> None:
    greg = prospect(add, "Greg Ito", x=["@gregito"], website=["https://greg.example.com"])
    no_notes_left(deck)

    draft = deck.draft(greg)
    assert (draft.channel, draft.fallback_from, draft.address, draft.open_url) == (
        "x-dm",
        "linkedin-note",
        "@gregito",
        "https://x.com/gregito",
    )
    assert budget_check(draft) == (
        "warning",
        f"{SPENT}: drafted as an X direct message instead of a LinkedIn note",
    )


def test_then_to_the_website_contact_form_logged_as_other(
    deck: DeckApi, add: Add, database: Database
) -> None:
    greg = prospect(add, "Greg Ito", website=["https://greg.example.com"])
    deck.add_snippet(
        name="Site hello",
        kind="connection-request",
        channel="website",
        body="Hello {{ first_name }}, I found your site",
    )
    no_notes_left(deck)

    draft = deck.draft(greg)
    assert (draft.channel, draft.limit, draft.address, draft.open_url) == (
        "website",
        None,
        "https://greg.example.com",
        "https://greg.example.com",
    )
    assert draft.fallback_from == "linkedin-note"
    assert budget_check(draft) == (
        "warning",
        f"{SPENT}: drafted as a message for their website's contact form instead of a LinkedIn note",
    )
    assert draft.snippet is not None and draft.snippet.name == "Site hello"
    assert draft.text == "Hello Greg, I found your site"
    assert draft.checks[0].message.endswith("(no limit for a contact form)")

    outcome = deck.mark_sent(
        greg, text=draft.text, snippet_id=draft.snippet.id, channel=draft.channel
    )
    assert outcome.change.stage == "requested"
    with database.reading() as session:
        logged = session.execute(
            select(Interaction.channel, Interaction.kind).where(Interaction.contact_id == greg)
        ).all()
    assert [tuple(row) for row in logged] == [("other", "connection-request")]
    assert deck.draft(prospect(add, "Ann Lee")).note_budget.used == 0  # type: ignore[union-attr]


def test_with_only_linkedin_the_draft_stays_a_note_and_says_the_budget_is_spent(
    deck: DeckApi, add: Add
) -> None:
    greg = prospect(add, "Greg Ito")
    no_notes_left(deck)

    draft = deck.draft(greg)
    assert (draft.channel, draft.fallback_from) == ("linkedin-note", None)
    severity, message = budget_check(draft) or ("", "")
    assert severity == "warning"
    assert message.startswith(SPENT)
    assert "connect without a note" in message and "--without-note" in message


def test_a_named_note_channel_stays_a_note_with_a_warning(deck: DeckApi, add: Add) -> None:
    greg = prospect(add, "Greg Ito", email=["greg@example.com"])
    no_notes_left(deck)

    draft = deck.draft(greg, channel="linkedin-note")
    assert (draft.channel, draft.fallback_from) == ("linkedin-note", None)
    assert budget_check(draft) == (
        "warning",
        f"{SPENT}: LinkedIn will not send this note; they have email",
    )


# ---------------------------------------------------------------- connect without a note


def test_a_request_without_a_note_spends_none_and_is_due_on_acceptance(
    deck: DeckApi, add: Add, database: Database, today: date
) -> None:
    greg = prospect(add, "Greg Ito")
    outcome = deck.request_without_note(greg)

    assert (outcome.change.stage, outcome.undo.description) == (
        "requested",
        "sent a request without a note",
    )
    with database.reading() as session:
        row = session.execute(
            select(
                Interaction.channel,
                Interaction.kind,
                Interaction.direction,
                Interaction.note,
                Interaction.text_sent,
            ).where(Interaction.contact_id == greg)
        ).one()
        assert tuple(row) == ("linkedin", "connection-request", "outbound", "", None)
        assert session.get(Contact, greg).bare_request is True  # type: ignore[union-attr]
    assert deck.draft(prospect(add, "Ann Lee")).note_budget.used == 0  # type: ignore[union-attr]

    accepted = deck.move_to_stage(greg, "connected")
    assert accepted.change.next_due_on == today
    assert deck.contact(greg).reason == BARE_ACCEPTED_REASON


def test_undo_of_a_request_without_a_note_puts_everything_back(
    deck: DeckApi, add: Add, database: Database
) -> None:
    greg = prospect(add, "Greg Ito")
    outcome = deck.request_without_note(greg)
    deck.undo(outcome.undo)

    with database.reading() as session:
        contact = session.get(Contact, greg)
        assert contact is not None
        assert (contact.stage, contact.bare_request) == ("prospect", False)
        assert (
            session.scalars(select(Interaction).where(Interaction.contact_id == greg)).all() == []
        )


def test_only_a_prospect_can_be_asked_without_a_note(deck: DeckApi, add: Add) -> None:
    ann = add("Ann Lee", stage="connected", linkedin=[URL.format("ann-lee")]).id
    with pytest.raises(InvalidInput, match="Ann Lee is connected, not a prospect"):
        deck.request_without_note(ann)

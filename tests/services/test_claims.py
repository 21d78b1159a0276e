"""Claims in a shared deck (no double outreach) and what the later of two users is told
(both backends): the composer's claim, its release, the day it lasts, the queue's
"claimed_by", and "Alex also messaged Dana at 10:42" after a write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select

from netdeck.services.api import DeckApi
from netdeck.services.views import ContactDetail
from netdeck.store.database import Database
from netdeck.store.models import Claim, ContactEvent, Interaction
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends


def deck(database: Database, user: str, today: date) -> DeckApi:
    return DeckApi(database, lambda: today, user)


def holder(database: Database, contact_id: int) -> tuple[str, date] | None:
    with database.reading() as session:
        row = session.execute(
            select(Claim.user, Claim.claimed_on).where(Claim.contact_id == contact_id)
        ).first()
    return None if row is None else (row.user, row.claimed_on)


def test_the_first_to_claim_holds_and_the_next_is_told_who_since_when(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    dana = add("Dana Ruiz").id
    alex, sam = deck(database, "Alex", today), deck(database, "Sam", today)

    mine = alex.claim(dana)
    theirs = sam.claim(dana)

    assert mine.mine and mine.user == "Alex"
    assert not theirs.mine and theirs.user == "Alex"
    assert theirs.claimed_at == mine.claimed_at
    assert theirs.sentence.startswith("Alex is writing to Dana Ruiz (since ")
    assert holder(database, dana) == ("Alex", today)
    # Claiming again what is yours keeps it, and its time.
    assert alex.claim(dana).claimed_at == mine.claimed_at


def test_release_drops_only_my_claim(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    dana = add("Dana Ruiz").id
    alex, sam = deck(database, "Alex", today), deck(database, "Sam", today)
    alex.claim(dana)

    assert sam.release(dana) is False
    assert holder(database, dana) == ("Alex", today)
    assert alex.release(dana) is True
    assert holder(database, dana) is None
    assert sam.claim(dana).mine


def test_a_claim_from_yesterday_counts_for_nothing_and_is_taken_over(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    dana = add("Dana Ruiz").id
    deck(database, "Alex", today - timedelta(days=1)).claim(dana)
    sam = deck(database, "Sam", today)

    assert sam.claimed_by_other(dana) is None
    assert sam.queue(show_all=True).entries == () or all(
        entry.claimed_by is None for entry in sam.queue(show_all=True).entries
    )
    assert sam.claim(dana).mine
    assert holder(database, dana) == ("Sam", today)


def test_write_anyway_takes_the_claim_over(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    dana = add("Dana Ruiz").id
    deck(database, "Alex", today).claim(dana)

    taken = deck(database, "Sam", today).claim(dana, take_over=True)

    assert taken.mine and holder(database, dana) == ("Sam", today)


def test_sending_or_logging_an_outbound_releases_the_senders_claim(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    dana, lee = add("Dana Ruiz").id, add("Lee Park").id
    alex = deck(database, "Alex", today)
    alex.claim(dana)
    alex.claim(lee)

    alex.mark_sent(dana, text="Hi Dana, how did the launch go?", snippet_id=None, channel="email")
    alex.mark_done(lee, channel="email", kind="message", note="")

    assert holder(database, dana) is None and holder(database, lee) is None


def test_a_reply_logged_keeps_the_claim(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    dana = add("Dana Ruiz").id
    alex = deck(database, "Alex", today)
    alex.claim(dana)

    alex.mark_done(dana, channel="email", kind="reply", note="she wrote", inbound=True)

    assert holder(database, dana) == ("Alex", today)


def test_another_users_queue_shows_whom_someone_is_writing_to(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    dana = add("Dana Ruiz", stage="connected", connected_on="2026-11-01").id
    lee = add("Lee Park", stage="connected", connected_on="2026-11-02").id
    deck(database, "Alex", today).claim(dana)

    sams = {entry.id: entry for entry in deck(database, "Sam", today).queue().entries}
    alexs = {entry.id: entry for entry in deck(database, "Alex", today).queue().entries}

    assert sams[dana].claimed_by == "Alex" and sams[dana].claimed_at is not None
    assert sams[lee].claimed_by is None
    assert alexs[dana].claimed_by is None  # my own claim is no news to me
    claim = deck(database, "Sam", today).claimed_by_other(dana)
    assert claim is not None and claim.user == "Alex"


def test_both_sends_are_kept_and_the_later_sender_is_told(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    dana = add("Dana Ruiz").id
    alex, sam = deck(database, "Alex", today), deck(database, "Sam", today)

    first = alex.mark_sent(dana, text="Hi Dana!", snippet_id=None, channel="email")
    second = sam.mark_done(dana, channel="email", kind="message", note="also wrote")

    assert first.others_did is None
    assert second.others_did is not None
    assert second.others_did.startswith("Alex also messaged Dana Ruiz at ")
    with database.reading() as session:
        actors = session.scalars(
            select(Interaction.actor).where(Interaction.contact_id == dana)
        ).all()
    assert sorted(actors) == ["Alex", "Sam"]


def test_a_snooze_after_a_send_is_kept_and_told(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    dana = add("Dana Ruiz").id
    deck(database, "Alex", today).mark_done(dana, channel="linkedin", kind="call", note="")

    snoozed = deck(database, "Sam", today).snooze(dana, today + timedelta(days=7))

    assert snoozed.others_did is not None
    assert snoozed.others_did.startswith("Alex also called Dana Ruiz at ")
    assert snoozed.change.next_due_on is not None


def test_a_send_after_another_users_snooze_is_told(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    dana = add("Dana Ruiz").id
    with database.writing("Sam") as session:  # a snooze as the who-did-what record keeps it
        session.add(ContactEvent(contact_id=dana, kind="snooze", detail="", occurred_on=today))

    sent = deck(database, "Alex", today).mark_done(dana, channel="email", kind="message", note="")

    assert sent.others_did is not None
    assert sent.others_did.startswith("Sam also snoozed Dana Ruiz at ")


def test_my_own_earlier_writes_are_no_news(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    dana = add("Dana Ruiz").id
    alex = deck(database, "Alex", today)
    alex.mark_done(dana, channel="email", kind="message", note="")

    assert alex.snooze(dana, today + timedelta(days=3)).others_did is None

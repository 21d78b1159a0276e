"""Key dates through the application API: a birthday or reminder makes someone due on
its day, with its reason, counted in the daily size, until you next talk; every event
(logging, undo, stage changes, bulk actions, a LinkedIn sync) keeps it in step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from netdeck.domain.contact_query import ContactQuery
from netdeck.domain.errors import InvalidInput, NotFound
from netdeck.services.api import DeckApi
from netdeck.services.importing import import_linkedin
from netdeck.services.views import ContactDetail
from netdeck.store.database import Database
from netdeck.store.models import Channel, Contact
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

Add = Callable[..., ContactDetail]
FEB_28 = date(2027, 2, 28)  # a year without 29 February
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def deck_on(database: Database, day: date) -> DeckApi:
    return DeckApi(database, lambda: day)


def reasons(deck: DeckApi) -> dict[str, str]:
    return {entry.name: entry.reason for entry in deck.queue().entries}


def stored(database: Database, contact_id: int) -> Contact:
    with database.reading() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        session.expunge(contact)
        return contact


def test_a_29_february_birthday_is_due_on_28_february_and_stays_until_you_talk(
    add: Add, database: Database, today: date
) -> None:
    greg = add("Greg Alvarez", stage="active", cadence="1y")
    deck = deck_on(database, today)
    deck.mark_done(greg.id, channel=None, kind="message", note="caught up")  # due in a year
    deck.set_birthday(greg.id, "02-29")

    assert reasons(deck_on(database, FEB_28 - timedelta(days=1))) == {}
    assert reasons(deck_on(database, FEB_28)) == {"Greg Alvarez": "birthday today"}
    later = deck_on(database, FEB_28 + timedelta(days=3))
    assert reasons(later) == {"Greg Alvarez": "birthday 3 days ago"}

    # Talking answers it; undoing the talk brings it back.
    outcome = later.mark_done(greg.id, channel=None, kind="message", note="happy birthday")
    assert reasons(later) == {}
    assert stored(database, greg.id).key_date_on == date(2028, 2, 29)
    later.undo(outcome.undo)
    assert reasons(later) == {"Greg Alvarez": "birthday 3 days ago"}
    assert stored(database, greg.id).key_date_on == FEB_28


def test_a_reminder_says_what_you_asked_and_counts_in_the_daily_size(
    add: Add, database: Database, today: date
) -> None:
    deck = deck_on(database, today)
    deck.change_settings({"queue-size": "2"})
    overdue = [add(f"Overdue {n}", stage="active").id for n in range(3)]  # due today
    quiet = add("Quiet Person", stage="dormant")  # never due by the stage's rule
    detail = deck.add_reminder(quiet.id, today.isoformat(), note="ask how the\nlaunch went")

    assert [(d.kind, d.on_text, d.note) for d in detail.dates] == [
        ("reminder", today.isoformat(), "ask how the launch went")
    ]
    snapshot = deck.queue()
    # One of the day's two, ranked with new connections, before the overdue people.
    assert [e.name for e in snapshot.entries] == ["Quiet Person", "Overdue 0"]
    assert snapshot.entries[0].reason == "you asked to: ask how the launch went"
    assert snapshot.due_total == 4
    assert overdue


def test_stage_changes_start_and_end_what_counts(add: Add, database: Database, today: date) -> None:
    ann = add("Ann Lee", stage="unsorted")
    deck = deck_on(database, today)
    deck.set_birthday(ann.id, f"{today.month:02d}-{today.day:02d}")
    assert reasons(deck) == {}  # a birthday counts for active and connected people only
    deck.move_to_stage(ann.id, "active")
    assert reasons(deck) == {"Ann Lee": "birthday today"}
    deck.add_reminder(ann.id, today.isoformat(), note="send the deck")
    assert reasons(deck) == {"Ann Lee": "you asked to: send the deck"}  # a reminder first
    deck.move_to_stage(ann.id, "archived")
    assert reasons(deck) == {}
    assert stored(database, ann.id).key_date_on is None


def test_bulk_actions_keep_it_in_step_and_undo_puts_it_back(
    add: Add, database: Database, today: date
) -> None:
    ann = add("Ann Lee", stage="unsorted", tags=["mba"])
    deck = deck_on(database, today)
    deck.set_birthday(ann.id, f"{today.month:02d}-{today.day:02d}")
    assert stored(database, ann.id).key_date_on is None

    kept = deck.bulk_keep(ContactQuery(tag="mba"), 30)
    assert stored(database, ann.id).key_date_on == today
    deck.bulk_undo(kept.undo)
    assert stored(database, ann.id).key_date_on is None
    deck.move_to_stage(ann.id, "active")
    archived = deck.bulk_archive(ContactQuery(tag="mba"))
    assert (stored(database, ann.id).key_date_on, reasons(deck)) == (None, {})
    deck.bulk_undo(archived.undo)
    assert reasons(deck) == {"Ann Lee": "birthday today"}


def test_dates_are_listed_changed_and_removed(add: Add, database: Database, today: date) -> None:
    ann = add("Ann Lee")
    deck = deck_on(database, today)
    deck.set_birthday(ann.id, "1990-03-14")
    detail = deck.set_birthday(ann.id, "--03-15")  # a second birthday replaces the first
    assert [(d.kind, d.on_text, d.next_on) for d in detail.dates] == [
        ("birthday", "--03-15", date(2027, 3, 15))
    ]
    detail = deck.add_reminder(ann.id, "12-01", every_year=True, note="card")
    assert [d.kind for d in detail.dates] == ["reminder", "birthday"]  # the next first
    assert deck.contact(ann.id).dates == detail.dates
    detail = deck.remove_key_date(ann.id, detail.dates[0].id)
    assert [d.kind for d in detail.dates] == ["birthday"]
    with pytest.raises(NotFound, match="no date 99"):
        deck.remove_key_date(ann.id, 99)
    with pytest.raises(InvalidInput, match="has passed"):
        deck.add_reminder(ann.id, "2020-01-01")
    deck.set_birthday(ann.id, None)
    assert deck.contact(ann.id).dates == ()
    with pytest.raises(NotFound, match="no birthday"):
        deck.set_birthday(ann.id, None)


def test_a_linkedin_sync_keeps_the_pending_date_in_step(database: Database) -> None:
    first_day, later_day = date(2026, 11, 25), date(2026, 12, 16)
    import_linkedin(database, FIXTURES / "linkedin" / "Connections.csv", today=first_day)

    def contact_id(slug: str) -> int:
        with database.reading() as session:
            return session.scalars(
                select(Channel.contact_id).where(Channel.value.endswith(f"/in/{slug}"))
            ).one()

    dana, yuki = contact_id("dana-whitfield-7b"), contact_id("yuki-klein-4a1")
    deck = deck_on(database, first_day)
    deck.set_birthday(dana, "12-10")  # she is only invited: a birthday does not count yet
    deck.add_reminder(yuki, "11-28", note="ask about the meetup")
    assert stored(database, dana).key_date_on is None
    assert stored(database, yuki).key_date_on == date(2026, 11, 28)

    import_linkedin(database, FIXTURES / "linkedin-later" / "Connections.csv", today=later_day)

    # Dana accepted and you talked (last on 8 December): her birthday now counts.
    after = stored(database, dana)
    assert (after.stage, after.key_date_on, after.key_date_kind) == (
        "active",
        date(2026, 12, 10),
        "birthday",
    )
    assert after.next_due_on == date(2026, 12, 10)
    # Sam wrote to Yuki on 1 December: the reminder is answered.
    assert (stored(database, yuki).key_date_on, stored(database, yuki).key_date_kind) == (
        None,
        None,
    )

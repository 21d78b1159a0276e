"""A deck several people share: who did what, the deck's users, owners, the queue's
scope and who else touched a person lately (both backends)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from netdeck.domain.contact_query import ContactQuery
from netdeck.domain.errors import InvalidInput
from netdeck.services.api import DeckApi
from netdeck.services.contacts import ContactFields
from netdeck.services.views import ContactDetail
from netdeck.store.database import Database
from netdeck.store.models import ContactEvent, Interaction
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends


def api(database: Database, today: date, user: str) -> DeckApi:
    return DeckApi(database, lambda: today, user)


def events(database: Database) -> list[tuple[str, str, str | None]]:
    with database.reading() as session:
        rows = session.execute(
            select(ContactEvent.kind, ContactEvent.detail, ContactEvent.actor).order_by(
                ContactEvent.id
            )
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_snooze_skip_pull_and_stage_changes_record_who_did_them(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    dana = add("Dana Ruiz", stage="connected").id
    alex = api(database, today, "Alex")
    alex.pull(dana)
    alex.skip(dana)
    api(database, today, "Sam").snooze(dana, today + timedelta(days=5))
    alex.move_to_stage(dana, "active")
    assert events(database) == [
        ("pull", "", "Alex"),
        ("skip", "", "Alex"),
        ("snooze", (today + timedelta(days=5)).isoformat(), "Sam"),
        ("stage", "active", "Alex"),
    ]


def test_undo_removes_the_event_its_action_added(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    dana = add("Dana Ruiz", stage="connected").id
    alex = api(database, today, "Alex")
    alex.pull(dana)
    outcome = alex.snooze(dana, today + timedelta(days=3))
    alex.undo(outcome.undo)
    assert events(database) == [("pull", "", "Alex")]


def test_triage_and_bulk_stage_changes_record_events_and_undo_removes_them(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    first = add("Ann Unsorted", stage="unsorted", tags=["mba"]).id
    add("Bo Unsorted", stage="unsorted", tags=["mba"])
    sam = api(database, today, "Sam")
    outcome, _ = sam.triage_act(first, "let_go")
    assert events(database) == [("stage", "archived", "Sam")]
    sam.triage_undo(outcome.undo)
    assert events(database) == []
    bulk = sam.bulk_keep(ContactQuery(tag="mba"), 30)
    assert events(database) == [("stage", "active", "Sam"), ("stage", "active", "Sam")]
    sam.bulk_undo(bulk.undo)
    assert events(database) == []


def test_a_runs_first_write_registers_its_user_and_two_make_a_shared_deck(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    dana = add("Dana Ruiz").id
    alex = api(database, today, "Alex")
    assert alex.deck_users() == []
    alex.pull(dana)
    alex.skip(dana)
    assert [user.name for user in alex.deck_users()] == ["Alex"]
    assert alex.queue().shared is False
    api(database, today, "Sam").mark_done(dana, channel="email", kind="message", note="hi")
    assert [user.name for user in alex.deck_users()] == ["Alex", "Sam"]
    assert alex.queue().shared is True


def test_an_owner_is_set_shown_cleared_and_recorded(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    dana = add("Dana Ruiz", owner="Alex")
    assert dana.owner == "Alex"
    sam = api(database, today, "Sam")
    assert sam.save_contact(dana.id, ContactFields(owner="Sam")).owner == "Sam"
    assert sam.save_contact(dana.id, ContactFields(owner="")).owner is None
    assert sam.contact(dana.id).owner is None
    assert events(database) == [("owner", "Sam", "Sam"), ("owner", "", "Sam")]
    with pytest.raises(InvalidInput):
        sam.save_contact(dana.id, ContactFields(owner="x" * 61))


def shared_deck(database: Database, today: date, add: Callable[..., ContactDetail]) -> list[int]:
    """Alex owns Ann, Sam owns Bo, nobody owns Cy; all three due; both users known."""
    ids = [
        add("Ann Alexs", owner="Alex").id,
        add("Bo Sams", owner="Sam").id,
        add("Cy Nobodys").id,
    ]
    # Moved to active 40 days ago (past the window): all three are due today.
    long_ago = api(database, today - timedelta(days=40), "Alex")
    for contact in ids:
        long_ago.move_to_stage(contact, "connected")
        long_ago.move_to_stage(contact, "active")
    api(database, today - timedelta(days=40), "Sam").pull(ids[1])  # Sam writes too
    return ids


def test_a_shared_decks_queue_shows_mine_and_nobodys_unless_everyone(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    ann, bo, cy = shared_deck(database, today, add)
    alex = api(database, today, "Alex")
    mine = alex.queue()
    assert (mine.scope, mine.shared) == ("mine", True)
    assert {entry.id for entry in mine.entries} == {ann, cy}
    assert mine.due_total == 2
    everyone = alex.queue(everyone=True)
    assert everyone.scope == "everyone"
    assert {entry.id for entry in everyone.entries} == {ann, bo, cy}
    assert {entry.id: entry.owner for entry in everyone.entries} == {
        ann: "Alex",
        bo: "Sam",
        cy: None,
    }
    assert {entry.id for entry in api(database, today, "Sam").queue().entries} == {bo, cy}


def test_a_single_user_deck_shows_everyone_whatever_the_owner(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    ann = add("Ann Alexs", owner="Sam").id
    alex = api(database, today - timedelta(days=40), "Alex")
    alex.move_to_stage(ann, "connected")
    alex.move_to_stage(ann, "active")
    snapshot = api(database, today, "Alex").queue()
    assert (snapshot.scope, snapshot.shared) == ("everyone", False)
    assert [entry.id for entry in snapshot.entries] == [ann]
    assert snapshot.entries[0].touched is None


def test_the_card_and_queue_say_who_else_touched_them_within_two_weeks(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    ann, bo, cy = shared_deck(database, today, add)
    api(database, today, "Sam").mark_done(
        ann, channel="email", kind="message", note="hi", on=today - timedelta(days=2)
    )
    api(database, today - timedelta(days=1), "Sam").snooze(cy, today)
    api(database, today, "Alex").mark_done(
        bo, channel="email", kind="call", note="mine", on=today - timedelta(days=3)
    )
    alex = api(database, today, "Alex")
    detail = alex.contact(ann)
    assert detail.touched is not None
    assert detail.touched.sentence(detail.name, today) == "Sam messaged Ann Alexs 2 days ago"
    assert detail.shared is True
    assert [item.actor for item in detail.interactions] == ["Sam"]
    queued = {entry.id: entry.touched for entry in alex.queue(everyone=True).entries}
    cy_touch = queued[cy]
    assert cy_touch is not None and (cy_touch.by, cy_touch.what) == ("Sam", "snoozed")
    assert cy_touch.sentence("Cy", today) == "Sam snoozed Cy yesterday"
    # Alex's own touches are not news to Alex; Sam hears of them. Alex's stage changes
    # of 40 days ago are past the window.
    assert alex.contact(bo).touched is None
    sam = api(database, today, "Sam")
    bo_for_sam = sam.contact(bo).touched
    assert (
        bo_for_sam is not None and bo_for_sam.sentence("Bo", today) == "Alex called Bo 3 days ago"
    )
    assert sam.contact(cy).touched is None


def test_an_import_records_the_importing_user(database: Database, today: date) -> None:
    sample = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"
    api(database, today, "Alex").import_file("linkedin", sample)
    with database.reading() as session:
        actors = set(session.scalars(select(Interaction.actor)))
    assert actors == {"Alex"}
    assert [user.name for user in api(database, today, "Sam").deck_users()] == ["Alex"]


def test_export_and_restore_keep_owners_and_actors(
    database: Database, today: date, add: Callable[..., ContactDetail], tmp_path_factory
) -> None:
    from netdeck.store.database import open_database

    dana = add("Dana Ruiz", owner="Alex").id
    api(database, today, "Sam").mark_done(dana, channel="email", kind="message", note="hi")
    exported = tmp_path_factory.mktemp("export") / "deck.json"
    api(database, today, "Sam").export_to_file("json", exported)
    restored = open_database(str(tmp_path_factory.mktemp("restore") / "restored.db"))
    try:
        api(restored, today, "Alex").restore_json(exported)
        detail = api(restored, today, "Alex").contact("Dana Ruiz")
    finally:
        restored.close()
    assert detail.owner == "Alex"
    assert [item.actor for item in detail.interactions] == ["Sam"]


def test_a_user_who_has_not_written_yet_already_sees_a_shared_deck(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    dana = add("Dana Ruiz", stage="connected").id
    connected = (today - timedelta(days=5)).isoformat()
    eve = add("Eve Ng", stage="connected", connected_on=connected).id  # due
    api(database, today, "Alex").mark_done(dana, channel="email", kind="message", note="hi")
    api(database, today, "Alex").claim(eve)
    sam = api(database, today, "Sam")  # never wrote to this deck
    detail = sam.contact(dana)
    assert detail.shared is True
    assert detail.touched is not None and detail.touched.by == "Alex"
    [entry] = [e for e in sam.queue(everyone=True).entries if e.id == eve]
    assert entry.claimed_by == "Alex"
    assert [u.name for u in sam.deck_users()] == ["Alex"]


def test_in_a_shared_deck_the_daily_size_counts_my_own_conversations(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    connected = (today - timedelta(days=5)).isoformat()
    people = [add(f"Person {n}", stage="connected", connected_on=connected).id for n in range(5)]
    alex = api(database, today, "Alex")
    alex.change_settings({"queue-size": "3"})
    for person in people[:2]:
        alex.mark_done(person, channel="email", kind="message", note="hi")
    sam = api(database, today, "Sam")
    assert (sam.queue().done_today, len(sam.queue().entries)) == (0, 3)
    assert (alex.queue().done_today, len(alex.queue().entries)) == (2, 1)

"""Triage over a real database: the order, each action afterwards, spreading, undo, bulk."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from netdeck.domain.contact_query import ContactQuery
from netdeck.domain.errors import InvalidInput
from netdeck.domain.scheduling import due_reason
from netdeck.domain.settings import Settings
from netdeck.domain.triage import PromiseFacts, promise_score
from netdeck.services import bulk_actions, triage
from netdeck.services.actions import undo
from netdeck.services.contact_list import count_contacts, list_contacts
from netdeck.services.contacts import schedule_facts
from netdeck.store.models import Contact
from tests.conftest import TODAY
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends


def unsorted(add, name: str, **given):
    return add(name, stage="unsorted", **given)


def snapshot(database, settings, **options):
    with database.reading() as session:
        return triage.triage_queue(session, today=TODAY, settings=settings, **options)


def state(database, contact_id: int) -> tuple:
    with database.reading() as session:
        c = session.get(Contact, contact_id)
        assert c is not None
        return (
            c.stage,
            c.stage_since,
            c.cadence_days,
            c.next_due_on,
            c.snoozed_until,
            c.connected_on,
            c.last_interaction_on,
            c.skipped_on,
        )


def test_the_queue_is_unsorted_contacts_most_promising_first(add, database, settings):
    add("Circle Friend", tags=["mba"])  # active: not in triage, gives the "mba" tag weight
    bare = unsorted(add, "Zed Bare").id
    detailed = unsorted(add, "Yan Detailed", company="Acme", title="CTO", email=["y@x.com"]).id
    recent = unsorted(add, "Xi Recent", connected_on=(TODAY - timedelta(days=10)).isoformat()).id
    tagged = unsorted(add, "Wu Tagged", tags=["mba"]).id
    tie_a = unsorted(add, "Abe Tie").id

    snap = snapshot(database, settings)
    ids = [entry.id for entry in snap.entries]
    # Tagged and detailed tie at 15 points: by name, Wu before Yan.
    assert ids == [recent, tagged, detailed, tie_a, bare]
    assert snap.counts.left == 5
    assert snap.counts.inner_circle == 1
    assert snap.counts.inner_circle_target == 100
    by_id = {entry.id: entry for entry in snap.entries}
    assert by_id[detailed].reasons == ("3 details filled in",)
    assert by_id[tagged].reasons == ("shares a tag with your circle",)
    assert by_id[recent].reasons == ("connected 10 days ago",)


def test_the_sql_score_equals_the_domain_rule(add, database, settings):
    for days in (None, 0, 30, 31, 90, 91, 365, 366, 1095, 1096, 4000):
        unsorted(
            add,
            f"Person {days}",
            connected_on=None if days is None else (TODAY - timedelta(days=days)).isoformat(),
            notes="x" if days and days % 2 else None,
        )
    for entry in snapshot(database, settings).entries:
        with database.reading() as session:
            contact = session.get(Contact, entry.id)
            assert contact is not None
            expected = promise_score(
                PromiseFacts(
                    connected_on=contact.connected_on,
                    last_interaction_on=contact.last_interaction_on,
                    shares_circle_tag=False,
                    details=1 if contact.notes else 0,
                ),
                TODAY,
            )
        assert entry.score == expected, entry.name


def test_paging_and_exclude(add, database, settings):
    ids = [unsorted(add, f"Person {n:02}").id for n in range(7)]
    first = snapshot(database, settings, limit=3)
    assert [e.id for e in first.entries] == ids[:3]
    second = snapshot(database, settings, limit=3, exclude=ids[:3])
    assert [e.id for e in second.entries] == ids[3:6]
    assert [e.id for e in snapshot(database, settings, limit=3, offset=6).entries] == ids[6:]


def test_keep_makes_the_contact_active_with_its_cadence_due_within_the_cycle(
    add, database, settings
):
    contact = unsorted(add, "Kept Person").id
    before = state(database, contact)
    with database.writing() as session:
        outcome = triage.keep(session, contact, cadence_days=30, today=TODAY, settings=settings)
    stage, since, cadence, due, *_ = state(database, contact)
    assert (stage, since, cadence) == ("active", TODAY, 30)
    assert due == TODAY + timedelta(days=1)
    assert outcome.change.stage == "active"
    assert snapshot(database, settings).counts.left == 0

    with database.writing() as session:
        undo(session, outcome.undo)
    assert state(database, contact) == before


def test_keeping_many_spreads_them_over_the_days(add, database):
    settings = Settings(queue_size=3)
    ids = [unsorted(add, f"Person {n:02}").id for n in range(10)]
    with database.writing() as session:
        for contact_id in ids:
            triage.keep(session, contact_id, cadence_days=14, today=TODAY, settings=settings)
    with database.reading() as session:
        dues = Counter(session.scalars(select(Contact.next_due_on).where(Contact.id.in_(ids))))
    assert dues == {
        TODAY + timedelta(days=1): 3,
        TODAY + timedelta(days=2): 3,
        TODAY + timedelta(days=3): 3,
        TODAY + timedelta(days=4): 1,
    }


def test_later_schedules_a_first_message_or_a_request_weeks_away(add, database, settings):
    connected = unsorted(add, "Linked Person", connected_on="2024-01-05").id
    stranger = unsorted(add, "Card Person").id
    with database.writing() as session:
        triage.later(session, connected, today=TODAY, settings=settings)
        triage.later(session, stranger, today=TODAY, settings=settings)
    stage, _, _, due, *_ = state(database, connected)
    assert stage == "connected"
    assert due == TODAY + timedelta(days=14)
    stage, _, _, due, *_ = state(database, stranger)
    assert stage == "prospect"
    assert due == TODAY + timedelta(days=14)


def test_later_makes_someone_you_have_talked_with_active_not_awaiting_a_first_message(
    add, database, settings
):
    # An import knows their messages (a reply of theirs, years after connecting).
    replied = unsorted(add, "Replied Person", connected_on="2017-03-01").id
    with database.writing() as session:
        contact = session.get(Contact, replied)
        assert contact is not None
        contact.last_interaction_on = TODAY - timedelta(days=400)
    with database.writing() as session:
        triage.later(session, replied, today=TODAY, settings=settings)
    stage, _, _, due, *_ = state(database, replied)
    assert stage == "active"
    assert due == TODAY + timedelta(days=14)
    with database.reading() as session:
        contact = session.get(Contact, replied)
        assert contact is not None
        reason = due_reason(schedule_facts(contact, settings), TODAY)
    assert "no message yet" not in reason
    assert reason == "last talked 400 days ago, every 30 days"


def test_let_go_archives_and_undo_restores(add, database, settings):
    contact = unsorted(add, "Gone Person").id
    before = state(database, contact)
    with database.writing() as session:
        outcome = triage.let_go(session, contact, today=TODAY, settings=settings)
    assert state(database, contact)[0] == "archived"
    with database.writing() as session:
        undo(session, outcome.undo)
    assert state(database, contact) == before


def test_skip_changes_nothing(add, database, settings):
    contact = unsorted(add, "Skipped Person").id
    before = state(database, contact)
    with database.writing() as session:
        triage.skip(session, contact)
    assert state(database, contact) == before


def test_actions_refuse_contacts_that_are_not_unsorted(add, database, settings):
    active = add("Already Active").id
    with database.writing() as session, pytest.raises(InvalidInput, match="not unsorted"):
        triage.keep(session, active, cadence_days=30, today=TODAY, settings=settings)


def test_bulk_keep_and_undo(add, database, settings):
    mba = [unsorted(add, f"Mba {n}", tags=["mba"]).id for n in range(5)]
    active_mba = add("Active Mba", tags=["mba"], cadence="90").id
    archived = add("Archived Mba", tags=["mba"], stage="archived").id
    other = unsorted(add, "Other Person").id
    before = {cid: state(database, cid) for cid in [*mba, active_mba, archived, other]}

    with database.reading() as session:
        assert bulk_actions.bulk_count(session, ContactQuery(tag="mba")) == 6
    with database.writing() as session:
        outcome = bulk_actions.bulk_keep(
            session, ContactQuery(tag="mba"), cadence_days=30, today=TODAY, settings=settings
        )
    assert outcome.changed == 6
    for cid in mba:
        stage, _, cadence, due, *_ = state(database, cid)
        assert (stage, cadence) == ("active", 30)
        assert TODAY < due <= TODAY + timedelta(days=30)
    assert state(database, active_mba)[:3] == ("active", TODAY, 30)
    assert state(database, archived) == before[archived]
    assert state(database, other) == before[other]

    with database.writing() as session:
        assert bulk_actions.bulk_undo(session, outcome.undo) == 6
    for cid, was in before.items():
        assert state(database, cid) == was


def test_bulk_keep_leaves_connected_people_awaiting_a_first_message_connected(
    add, database, settings
):
    waiting = add("Waiting Person", tags=["mba"], stage="connected", connected_on="2026-01-02").id
    fresh = unsorted(add, "Unsorted Person", tags=["mba"]).id
    before = state(database, waiting)

    with database.writing() as session:
        outcome = bulk_actions.bulk_keep(
            session, ContactQuery(tag="mba"), cadence_days=90, today=TODAY, settings=settings
        )

    assert outcome.changed == 2
    stage, since, cadence, due, *_ = state(database, waiting)
    # Still prompted for the first message, by the connected rule; the cadence is for later.
    assert (stage, since, cadence, due) == ("connected", before[1], 90, before[3])
    stage, _, cadence, due, *_ = state(database, fresh)
    assert (stage, cadence) == ("active", 90)
    assert TODAY < due <= TODAY + timedelta(days=90)
    with database.writing() as session:
        bulk_actions.bulk_undo(session, outcome.undo)
    assert state(database, waiting) == before


def test_bulk_archive_by_company(add, database, settings):
    acme = [unsorted(add, f"Acme {n}", company="Acme Rockets").id for n in range(3)]
    acme.append(add("Acme Active", company="ACME rockets").id)
    other = unsorted(add, "Other Person", company="Globex").id
    with database.reading() as session:
        shown = list_contacts(session, ContactQuery(company=" ACME "))
        assert {c.id for c in shown} == set(acme)
        assert (
            count_contacts(session, ContactQuery.from_text(company="acme", stage="unsorted")) == 3
        )
    with database.writing() as session:
        outcome = bulk_actions.bulk_archive(
            session, ContactQuery(company="acme"), today=TODAY, settings=settings
        )
    assert outcome.changed == 4
    assert {state(database, cid)[0] for cid in acme} == {"archived"}
    assert state(database, other)[0] == "unsorted"
    assert state(database, acme[-1])[3] is None  # archived: never due


def test_bulk_needs_a_tag_or_company(database, settings):
    with database.writing() as session, pytest.raises(InvalidInput, match="tag or company"):
        bulk_actions.bulk_archive(session, ContactQuery(search="x"), today=TODAY, settings=settings)


def test_bulk_keep_at_scale_spreads_and_undoes_in_one_go(database, settings):
    from netdeck.services.contacts import ContactFields, add_contact

    with database.writing() as session:
        for n in range(400):
            add_contact(
                session,
                ContactFields(name=f"Bulk {n:03}", stage="unsorted", tags=["import"]),
                today=TODAY,
                settings=settings,
            )
    with database.writing() as session:
        outcome = bulk_actions.bulk_keep(
            session, ContactQuery(tag="import"), cadence_days=90, today=TODAY, settings=settings
        )
    with database.reading() as session:
        dues = Counter(session.scalars(select(Contact.next_due_on)))
    assert max(dues.values()) == settings.queue_size
    assert min(dues) == TODAY + timedelta(days=1)
    with database.writing() as session:
        bulk_actions.bulk_undo(session, outcome.undo)
    with database.reading() as session:
        assert set(session.scalars(select(Contact.stage))) == {"unsorted"}
        assert set(session.scalars(select(Contact.next_due_on))) == {None}

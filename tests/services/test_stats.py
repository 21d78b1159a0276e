"""The health SQL equals the hand-worked figures; queue actions record cleared days."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from netdeck.domain.health import Ratio, SnippetReplies
from netdeck.domain.names import name_key
from netdeck.domain.settings import Settings
from netdeck.services import actions, stats
from netdeck.services.stats import network_health
from netdeck.store.database import Database
from netdeck.store.models import ClearedDay, Contact, Interaction, Snippet
from tests.health_dataset import CLEARED_DAYS, CONTACTS, EXPECTED, INTERACTIONS, SNIPPET_NAMES
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

TODAY = EXPECTED.today


def seed(database: Database) -> dict[int, int]:
    """The hand-worked network in the database; returns dataset snippet id -> real id."""
    with database.writing() as session:
        snippet_ids = {}
        for key, name in SNIPPET_NAMES.items():
            snippet = Snippet(name=name, kind="check-in", channel="any", body="Hi")
            session.add(snippet)
            session.flush()
            snippet_ids[key] = snippet.id
        for c in CONTACTS:
            session.add(
                Contact(
                    id=c.id,
                    full_name=c.name,
                    name_key=name_key(c.name),
                    stage=c.stage.value,
                    stage_since=c.stage_since,
                    cadence_days=None if c.cadence_days == 30 else c.cadence_days,
                    next_due_on=c.next_due_on,
                    last_interaction_on=c.last_interaction_on,
                    connected_on=c.connected_on,
                )
            )
        session.flush()
        for i in INTERACTIONS:
            session.add(
                Interaction(
                    contact_id=i.contact_id,
                    occurred_on=i.occurred_on,
                    channel="linkedin",
                    kind=i.kind.value,
                    direction=i.direction.value,
                    text_sent=i.text or None,
                    snippet_id=snippet_ids.get(i.snippet_id) if i.snippet_id else None,
                )
            )
        session.add_all(ClearedDay(day=day) for day in CLEARED_DAYS)
    return snippet_ids


def test_the_sql_figures_equal_the_hand_worked_ones(database: Database) -> None:
    ids = seed(database)
    with database.reading() as session:
        health = network_health(session, today=TODAY, settings=Settings(default_cadence=30))

    expected = replace(
        EXPECTED,
        snippet_replies=tuple(
            replace(row, snippet_id=ids[row.snippet_id]) for row in EXPECTED.snippet_replies
        ),
    )
    assert health == expected


def test_a_cadence_from_a_tag_counts_as_the_persons_own(database: Database) -> None:
    ids = seed(database)
    with database.writing() as session:  # Ann's 14 days come from a tag now
        session.execute(
            update(Contact).where(Contact.id == 1).values(cadence_days=None, tag_cadence_days=14)
        )
    with database.reading() as session:
        health = network_health(session, today=TODAY, settings=Settings(default_cadence=30))

    assert health.on_cadence_weekly == EXPECTED.on_cadence_weekly
    assert health.snippet_replies == tuple(
        replace(row, snippet_id=ids[row.snippet_id]) for row in EXPECTED.snippet_replies
    )


def test_the_figures_follow_the_injected_day(database: Database) -> None:
    seed(database)
    later = TODAY + timedelta(days=1)
    with database.reading() as session:
        health = network_health(session, today=later, settings=Settings(default_cadence=30))

    # Tomorrow: 11-25 was never cleared, so the streak of 11-22..24 is broken.
    assert (health.streak_days, health.cleared_today) == (0, False)
    # Ann's 11-10 message stays in its week: it is now 16 days ago, still week 9.
    assert health.interactions_per_week[9] == 2
    assert health.drifting.contacts[0].days == 87


def test_an_empty_database_is_all_zeros(database: Database, today: date) -> None:
    with database.reading() as session:
        health = network_health(session, today=today, settings=Settings())

    assert (health.on_cadence, health.reciprocity, health.follow_through) == (Ratio(0, 0),) * 3
    assert health.interactions_per_week == (0,) * 12
    assert (health.drifting.total, health.let_go.total, health.streak_days) == (0, 0, 0)
    assert health.snippet_replies == ()  # the default snippets were never sent


def cleared(database: Database) -> list[date]:
    with database.reading() as session:
        return list(session.scalars(select(ClearedDay.day)))


def test_the_last_queue_action_of_the_day_records_it_and_undo_forgets_it(
    database: Database, add, today: date
) -> None:
    settings = Settings()
    first = add("Jane Doe")  # active, never talked: due today
    second = add("John Roe")
    with database.writing() as session:
        actions.mark_done(
            session, first.id, today=today, settings=settings, channel=None, kind="message", note=""
        )
    assert cleared(database) == []  # John is still due

    with database.writing() as session:
        outcome = actions.snooze(
            session, second.id, until=today + timedelta(days=3), today=today, settings=settings
        )
    assert cleared(database) == [today]

    from netdeck.services.api import DeckApi

    deck = DeckApi(database, lambda: today)
    deck.undo(outcome.undo)
    assert cleared(database) == []


def test_reaching_the_daily_queue_size_clears_the_queue(
    database: Database, add, today: date
) -> None:
    people = [add(f"Person {n}") for n in range(3)]
    with database.writing() as session:
        actions.skip(session, people[0].id, today=today, settings=Settings(queue_size=1))
    assert cleared(database) == []
    with database.writing() as session:
        actions.mark_done(
            session,
            people[1].id,
            today=today,
            settings=Settings(queue_size=1),
            channel=None,
            kind="call",
            note="",
        )
    assert cleared(database) == [today]


def test_a_removed_snippet_drops_out_of_the_per_snippet_table(database: Database) -> None:
    ids = seed(database)
    with database.writing() as session:
        session.delete(session.get(Snippet, ids[101]))
    with database.reading() as session:
        health = network_health(session, today=TODAY, settings=Settings(default_cadence=30))
    assert health.snippet_replies == (SnippetReplies(ids[102], "Invite note", Ratio(0, 2)),)
    assert health.reciprocity == Ratio(2, 6)  # the sends still count overall


def test_people_just_kept_put_off_or_added_as_active_are_in_neither_list(
    database: Database, add, today: date
) -> None:
    """Issue 16: 27 of 30 fresh active imports were offered for letting go at once. Old
    connections (years ago, some with messages years ago) kept or put off in triage, or
    added as active today, get a fresh start on the drifting and let-go lists."""
    settings = Settings()
    years_ago = (today - timedelta(days=3425)).isoformat()
    kept, put_off, added = [], [], []
    for n in range(3):
        kept.append(add(f"Kept {n}", stage="unsorted", connected_on=years_ago).id)
        put_off.append(add(f"Later {n}", stage="unsorted", connected_on=years_ago).id)
        added.append(add(f"Added {n}", stage="active", connected_on=years_ago).id)
    with database.writing() as session:  # messages years ago, as an import records them
        for contact_id in (kept[0], put_off[0], added[0]):
            contact = session.get(Contact, contact_id)
            assert contact is not None
            contact.last_interaction_on = today - timedelta(days=3000)
    from netdeck.services import triage

    with database.writing() as session:
        for contact_id in kept:
            triage.keep(session, contact_id, cadence_days=30, today=today, settings=settings)
        for contact_id in put_off:
            triage.later(session, contact_id, today=today, settings=settings)

    with database.reading() as session:
        health = network_health(session, today=today, settings=settings)
    assert (health.let_go.total, health.drifting.total) == (0, 0)

    # Half a year and a day of silence after that fresh start, they are offered.
    later = today + timedelta(days=183)
    with database.reading() as session:
        health = network_health(session, today=later, settings=settings)
    assert health.let_go.total == 9


def test_a_request_sent_as_the_snippet_rendered_counts_as_without_a_note(
    database: Database,
) -> None:
    """Issue 16: "Hi Greg, I came across your profile (...)" is a mail merge; the
    request whose user added a line of their own, or said how they met, has a note.
    An email request is judged with the signature its draft was given."""
    from netdeck.domain.channels import ChannelKind
    from netdeck.services.contacts import ContactFields, add_contact
    from netdeck.services.drafts import compose_draft, mark_sent

    settings = Settings(my_name="Sam", signature="Sam Rivera\nsam.example")
    people = (
        # name, how you met, snippet, a line the user adds
        ("Greg Ito", "", "Connection request", ""),
        ("Dee Park", "", "Connection request", " Loved your talk."),
        ("Ann Lee", "the MBA program", "Connection request", ""),
        ("Bo Chan", "", "Intro email", ""),
    )
    texts = {}
    with database.writing() as session:
        for name, met, snippet, typed in people:
            fields = ContactFields(
                name=name,
                stage="prospect",
                how_we_met=met,
                addresses={ChannelKind.EMAIL: ["bo@example.com"]} if name == "Bo Chan" else {},
            )
            contact = add_contact(session, fields, today=TODAY, settings=settings)
            draft = compose_draft(
                session, contact.id, today=TODAY, settings=settings, snippet_name=snippet
            )
            texts[name] = draft.text + typed
            assert draft.snippet is not None
            mark_sent(
                session,
                contact.id,
                text=texts[name],
                snippet_id=draft.snippet.id,
                channel=draft.channel,
                today=TODAY,
                settings=settings,
            )
    assert "similar things" in texts["Greg Ito"]
    assert texts["Bo Chan"].endswith("Sam Rivera\nsam.example")
    with database.reading() as session:
        health = network_health(session, today=TODAY, settings=settings)
    # Greg's and Bo's notes said nothing but a name; Dee's has her line, Ann's how you met.
    assert health.request_notes == Ratio(2, 4)

    # Judged when sent: editing the snippet since changes nothing.
    with database.writing() as session:
        session.execute(update(Snippet).values(body="Hello {{ first_name }}, something new."))
    with database.reading() as session:
        assert network_health(session, today=TODAY, settings=settings).request_notes == Ratio(2, 4)


def test_requests_without_a_note_in_sql_equal_the_definition(database: Database) -> None:
    """The bare requests and this month's notes, counted in SQL, are what the
    definitions give for the same interactions."""
    from netdeck.domain.health import health_from_records
    from tests.health_dataset import bare_request_scenario

    people, interactions = bare_request_scenario()
    with database.writing() as session:
        session.add_all(
            Contact(
                id=c.id,
                full_name=c.name,
                name_key=name_key(c.name),
                stage=c.stage.value,
                stage_since=c.stage_since,
            )
            for c in people
        )
        session.flush()
        session.add_all(
            Interaction(
                contact_id=i.contact_id,
                occurred_on=i.occurred_on,
                channel=i.channel,
                kind=i.kind.value,
                direction=i.direction.value,
                note=i.text if i.contact_id == 14 else "",  # a note counts like a text
                text_sent=None if i.contact_id == 14 else i.text or None,
            )
            for i in interactions
        )
    with database.reading() as session:
        health = network_health(session, today=TODAY, settings=Settings())
    expected = health_from_records(
        people,
        interactions,
        cleared_days=[],
        snippet_names={},
        today=TODAY,
        inner_circle_target=100,
    )
    assert health.bare_requests == expected.bare_requests
    assert health.bare_requests.total == 12 and len(health.bare_requests.requests) == 10
    assert health.note_budget == expected.note_budget
    assert health.note_budget.used == 2


def test_a_part_that_fails_on_another_session_stops_the_rest() -> None:
    """The figures' parts run side by side; when one fails in a worker thread, the
    session still working takes no further part, and the error is the caller's."""
    started, failed = threading.Event(), threading.Event()
    ran: list[str] = []

    def first(_session: object) -> dict[str, object]:
        # Each session takes one of these: the calling thread's waits, the other fails.
        if threading.current_thread() is threading.main_thread():
            started.set()
            failed.wait(5)
            time.sleep(0.2)  # the failing thread clears what was left
            ran.append("main's first")
            return {}
        started.wait(5)
        failed.set()
        raise RuntimeError("a part failed")

    def later(name: str) -> Callable[[object], dict[str, object]]:
        return lambda _session: ran.append(name) or {}

    parts = [first, first, later("third"), later("fourth"), later("fifth")]
    with pytest.raises(RuntimeError, match="a part failed"):
        stats._side_by_side(parts, [object(), object()])  # type: ignore[list-item]
    assert ran == ["main's first"]

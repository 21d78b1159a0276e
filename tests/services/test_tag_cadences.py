"""Cadence by tag: a person without their own cadence takes the shortest of their tags',
else the default; due dates follow when a tag's cadence or a person's tags change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from netdeck.domain.errors import NotFound
from netdeck.domain.settings import Settings
from netdeck.services.contacts import ContactFields, describe_contact, edit_contact, get_contact
from netdeck.services.queue import todays_queue
from netdeck.services.schedule import log_interaction
from netdeck.services.tag_cadences import list_tags, set_tag_cadence
from netdeck.services.views import ContactDetail, TagView
from netdeck.store.database import Database
from netdeck.store.models import Contact
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

Add = Callable[..., ContactDetail]


def talked(database: Database, contact_id: int, on: date, today: date) -> None:
    with database.writing() as session:
        log_interaction(
            session, get_contact(session, contact_id), today=today, settings=Settings(), on=on
        )


def set_cadence(database: Database, tag: str, days: int | None) -> int:
    with database.writing() as session:
        _tag, moved = set_tag_cadence(session, tag, days, settings=Settings())
        return moved


def detail(database: Database, contact_id: int, today: date) -> ContactDetail:
    with database.reading() as session:
        return describe_contact(
            session, get_contact(session, contact_id), today=today, settings=Settings()
        )


def list_tags_now(database: Database) -> list[TagView]:
    with database.reading() as session:
        return list_tags(session)


def test_own_cadence_beats_tags_the_shortest_tag_wins_and_the_default_comes_last(
    add: Add, database: Database, today: date
) -> None:
    own = add("Own Cadence", tags=["investors", "friends"], cadence="3m")
    tagged = add("Two Tags", tags=["investors", "friends"])
    untimed = add("Untimed Tag", tags=["book club"])
    bare = add("No Tags")
    set_cadence(database, "investors", 14)
    set_cadence(database, "friends", 7)

    seen = {c.name: detail(database, c.id, today) for c in (own, tagged, untimed, bare)}
    assert {name: (d.effective_cadence_days, d.cadence_source) for name, d in seen.items()} == {
        "Own Cadence": (90, "own"),
        "Two Tags": (7, "tag:friends"),
        "Untimed Tag": (30, "default"),
        "No Tags": (30, "default"),
    }
    assert [(t.name, t.cadence_days, t.people) for t in list_tags_now(database)] == [
        ("book club", None, 1),
        ("friends", 7, 2),
        ("investors", 14, 2),
    ]


def test_due_dates_move_when_a_tag_cadence_is_set_changed_and_cleared(
    add: Add, database: Database, today: date
) -> None:
    last = today - timedelta(days=20)
    tagged = add("Tagged Person", tags=["investors"])
    own = add("Own Person", tags=["investors"], cadence="2m")
    for person in (tagged, own):
        talked(database, person.id, last, today)
    assert detail(database, tagged.id, today).next_due_on == last + timedelta(days=30)

    assert set_cadence(database, "investors", 14) == 1  # only the one without their own
    assert detail(database, tagged.id, today).next_due_on == last + timedelta(days=14)
    assert detail(database, own.id, today).next_due_on == last + timedelta(days=60)
    with database.reading() as session:
        snapshot = todays_queue(session, today=today, settings=Settings())
    assert [(e.name, e.cadence_days) for e in snapshot.entries] == [("Tagged Person", 14)]
    assert "every 2 weeks" in snapshot.entries[0].reason

    set_cadence(database, "investors", 7 * 8)
    assert detail(database, tagged.id, today).next_due_on == last + timedelta(days=56)
    set_cadence(database, "investors", None)
    assert detail(database, tagged.id, today).next_due_on == last + timedelta(days=30)
    with database.reading() as session:
        stored = session.scalar(select(Contact.tag_cadence_days).where(Contact.id == tagged.id))
    assert stored is None


def test_tagging_and_untagging_a_person_moves_their_due_date(
    add: Add, database: Database, today: date
) -> None:
    add("Someone Else", tags=["investors"])
    set_cadence(database, "investors", 14)
    person = add("Later Tagged")
    last = today - timedelta(days=20)
    talked(database, person.id, last, today)

    def edit_tags(tags: list[str]) -> ContactDetail:
        with database.writing() as session:
            return edit_contact(
                session,
                get_contact(session, person.id),
                ContactFields(tags=tags),
                today=today,
                settings=Settings(),
            )

    assert edit_tags(["investors"]).next_due_on == last + timedelta(days=14)
    assert edit_tags([]).next_due_on == last + timedelta(days=30)


def test_a_new_person_with_a_timed_tag_takes_its_cadence(
    add: Add, database: Database, today: date
) -> None:
    add("First", tags=["investors"])
    set_cadence(database, "investors", 14)
    added = add("Second", tags=["investors"])
    assert (added.effective_cadence_days, added.cadence_source) == (14, "tag:investors")


def test_an_unknown_tag_is_refused_with_the_known_ones(add: Add, database: Database) -> None:
    add("Someone", tags=["investors"])
    with pytest.raises(NotFound, match=r"no tag 'investor'.*investors"):
        set_cadence(database, "Investor", 14)

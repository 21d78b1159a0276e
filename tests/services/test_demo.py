"""The demo generator: exact counts, every stage, schedules from the same rules."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from netdeck.demo.fill import DemoSummary, fill_demo_database
from netdeck.domain.errors import InvalidInput
from netdeck.domain.interactions import CONVERSATION_KINDS
from netdeck.domain.scheduling import next_due_on
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.services.contacts import refresh_search_text, schedule_facts
from netdeck.services.views import ContactDetail
from netdeck.store.database import Database, open_database
from netdeck.store.models import Channel, Contact, Interaction

CONTACTS = 300
PER_CONTACT = 4


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoSummary, Path]:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    summary = fill_demo_database(
        str(path),
        contacts=CONTACTS,
        interactions_per_contact=PER_CONTACT,
        seed=7,
        today=date(2026, 11, 25),
    )
    return summary, path


@pytest.fixture
def demo_database(demo: tuple[DemoSummary, Path]) -> Iterator[Database]:
    database = open_database(str(demo[1]))
    yield database
    database.close()


def test_demo_makes_exactly_the_requested_rows(
    demo: tuple[DemoSummary, Path], demo_database: Database
) -> None:
    summary, _ = demo
    with demo_database.reading() as session:
        contacts = session.scalar(select(func.count(Contact.id)))
        interactions = session.scalar(select(func.count(Interaction.id)))

    assert (contacts, interactions) == (CONTACTS, CONTACTS * PER_CONTACT)
    assert (summary.contacts, summary.interactions) == (CONTACTS, CONTACTS * PER_CONTACT)


def test_demo_has_every_stage(demo_database: Database) -> None:
    with demo_database.reading() as session:
        stages = set(session.scalars(select(Contact.stage).distinct()))

    assert stages == {stage.value for stage in Stage}


def test_demo_schedules_follow_the_domain_rules(demo_database: Database, today: date) -> None:
    with demo_database.reading() as session:
        contacts = list(session.scalars(select(Contact)))
        rows = session.execute(
            select(Interaction.contact_id, Interaction.occurred_on, Interaction.kind)
        ).all()

    last_conversation: dict[int, date] = {}
    latest = max(row.occurred_on for row in rows)
    for row in rows:
        if row.kind in CONVERSATION_KINDS:
            seen = last_conversation.get(row.contact_id)
            last_conversation[row.contact_id] = max(seen or row.occurred_on, row.occurred_on)

    wrong_due = [
        c.id for c in contacts if c.next_due_on != next_due_on(schedule_facts(c, Settings()))
    ]
    wrong_last = [c.id for c in contacts if c.last_interaction_on != last_conversation.get(c.id)]
    assert wrong_due == []
    assert wrong_last == []
    assert latest <= today, "the demo logged an interaction in the future"


def test_demo_search_texts_are_what_the_services_write(demo_database: Database) -> None:
    with demo_database.reading() as session:
        contacts = list(session.scalars(select(Contact)))
        stored = {c.id: c.search_text for c in contacts}
        refresh_search_text(session, contacts)
        wrong = [c.id for c in contacts if c.search_text != stored[c.id]]
        session.rollback()  # a reading session: nothing to keep

    assert wrong == []
    assert any("talked about" in text for text in stored.values())  # logged notes


def test_demo_contacts_have_at_most_one_preferred_address(demo_database: Database) -> None:
    with demo_database.reading() as session:
        rows = session.execute(select(Channel.contact_id, Channel.preferred)).all()

    preferred: dict[int, int] = defaultdict(int)
    for row in rows:
        preferred[row.contact_id] += row.preferred
    assert set(preferred.values()) == {1}


def test_demo_refuses_a_real_database(
    add: Callable[..., ContactDetail],
    database: Database,
    backend_target: str,
    row_counts: Callable[[], dict[str, int]],
    today: date,
) -> None:
    add("Jane Doe", email=["jane@example.com"])
    before = row_counts()

    with pytest.raises(InvalidInput, match="holds real contacts"):
        fill_demo_database(
            backend_target, contacts=10, interactions_per_contact=2, seed=1, today=today
        )

    assert row_counts() == before

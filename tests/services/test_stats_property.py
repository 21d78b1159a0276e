"""The health SQL equals the definitions on random decks.

:func:`netdeck.domain.health.health_from_records` computes every figure from all the
contacts and interactions in Python, straight from the definitions; the SQL of
:mod:`netdeck.services.stats` (each week end's verdict from the conversations within
the cadence before it, answers looked up contact by contact, totals counted beside
the lists), run on one session or shared between two side by side, must give the
same :class:`~netdeck.domain.health.NetworkHealth` for any deck: conversations on the week
ends and on either side of them, answers on the 14th and 15th day, cadences shorter
and longer than a week, future-dated interactions, ties in the lists.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import delete

from netdeck.domain.health import ContactRecord, InteractionRecord, health_from_records
from netdeck.domain.interactions import Direction, InteractionKind
from netdeck.domain.names import name_key
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.services.stats import network_health, network_health_from
from netdeck.store.database import Database
from netdeck.store.models import ClearedDay, Contact, Interaction, Snippet
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

# Same-key names (ties broken by id) and names apart.
NAMES = ["Ann Lee", "ann lee", "Bob Stone", "cy young", "Dee Park"]
STAGES = [Stage.ACTIVE, Stage.ACTIVE, Stage.ACTIVE, Stage.DORMANT, Stage.CONNECTED, Stage.ARCHIVED]
KINDS = [
    InteractionKind.MESSAGE,
    InteractionKind.MESSAGE,
    InteractionKind.REPLY,
    InteractionKind.CALL,
    InteractionKind.MEETING,
    InteractionKind.NOTE,
    InteractionKind.CONNECTION_REQUEST,
]
SNIPPET_NAMES = ("Warm check-in", "Invite note")


#: Days ago that fall on week ends (multiples of 7), beside them, and 14 and 15
#: days apart (an answer on the last day of its window and the first day after).
NEAR_EDGES = [0, 1, 6, 7, 8, 13, 14, 15, 20, 21, 22, 28, 29, 35, 42, 49, 56, 63, 70, 76, 77, 78]


def _day(rng: random.Random, today: date) -> date:
    """Mostly on and around the week ends, some anywhere in two years, a few after today."""
    roll = rng.random()
    if roll < 0.6:
        return today - timedelta(days=rng.choice(NEAR_EDGES))
    if roll < 0.93:
        return today - timedelta(days=rng.randint(0, 730))
    return today + timedelta(days=rng.randint(1, 20))


def _random_deck(
    rng: random.Random, today: date, default_cadence: int, count: int
) -> tuple[list[ContactRecord], list[InteractionRecord], dict[int, list[str | None]]]:
    """Contacts with their effective cadence, interactions, and per contact the own
    and tag cadences the database is given (``None``: unset)."""
    contacts, interactions, cadences = [], [], {}
    for contact_id in range(1, count + 1):
        own = rng.choice([None, None, 1, 5, 7, 14, 30, 90])
        tag = rng.choice([None, None, 3, 10, 60])
        contacts.append(
            ContactRecord(
                id=contact_id,
                name=rng.choice(NAMES),
                stage=rng.choice(STAGES),
                stage_since=_day(rng, today),
                cadence_days=own or tag or default_cadence,
                next_due_on=rng.choice([None, _day(rng, today)]),
                # Never after today, as every writer keeps it (the figures compare it
                # with today without a lower bound).
                last_interaction_on=rng.choice([None, min(_day(rng, today), today)]),
                connected_on=rng.choice([None, _day(rng, today), today - timedelta(days=10)]),
            )
        )
        cadences[contact_id] = [own, tag]
        for _ in range(rng.randint(0, 12)):
            kind = rng.choice(KINDS)
            inbound = kind is not InteractionKind.NOTE and rng.random() < 0.4
            interactions.append(
                InteractionRecord(
                    contact_id=contact_id,
                    occurred_on=_day(rng, today),
                    kind=kind,
                    direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
                    text=rng.choice(["", "", "Hi there"]),
                    snippet_id=rng.choice([None, 0, 1]),
                    impersonal=rng.random() < 0.2,
                    channel=rng.choice(["linkedin", "linkedin", "email"]),
                )
            )
    return contacts, interactions, cadences


@hypothesis_settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.integers(0, 2**32 - 1),
    count=st.integers(0, 25),
    default_cadence=st.sampled_from([7, 30, 45]),
    today=st.sampled_from([date(2026, 11, 25), date(2027, 3, 1), date(2028, 2, 29)]),
)
def test_sql_health_equals_the_definitions(
    database: Database, seed: int, count: int, default_cadence: int, today: date
) -> None:
    # One database for every example: each starts by deleting the last one's deck.
    rng = random.Random(seed)
    contacts, interactions, cadences = _random_deck(rng, today, default_cadence, count)
    cleared = sorted({today - timedelta(days=rng.randint(0, 5)) for _ in range(rng.randint(0, 4))})
    with database.writing() as session:
        for table in (Interaction, ClearedDay, Contact, Snippet):
            session.execute(delete(table))
        snippets = [
            Snippet(name=name, kind="check-in", channel="any", body="Hi") for name in SNIPPET_NAMES
        ]
        session.add_all(snippets)
        session.flush()
        for c in contacts:
            session.add(
                Contact(
                    id=c.id,
                    full_name=c.name,
                    name_key=name_key(c.name),
                    stage=c.stage.value,
                    stage_since=c.stage_since,
                    cadence_days=cadences[c.id][0],
                    tag_cadence_days=cadences[c.id][1],
                    next_due_on=c.next_due_on,
                    last_interaction_on=c.last_interaction_on,
                    connected_on=c.connected_on,
                )
            )
        session.flush()
        session.add_all(
            Interaction(
                contact_id=i.contact_id,
                occurred_on=i.occurred_on,
                channel=i.channel,
                kind=i.kind.value,
                direction=i.direction.value,
                text_sent=i.text or None,
                impersonal=i.impersonal,
                snippet_id=None if i.snippet_id is None else snippets[i.snippet_id].id,
            )
            for i in interactions
        )
        session.add_all(ClearedDay(day=day) for day in cleared)
        snippet_names = {snippet.id: snippet.name for snippet in snippets}
    records = [
        InteractionRecord(
            i.contact_id,
            i.occurred_on,
            i.kind,
            i.direction,
            i.text,
            None if i.snippet_id is None else list(snippet_names)[i.snippet_id],
            i.impersonal,
            i.channel,
        )
        for i in interactions
    ]

    settings = Settings(default_cadence=default_cadence)
    with database.reading() as session:
        health = network_health(session, today=today, settings=settings)
    with database.readers(2) as sessions:
        side_by_side = network_health_from(sessions, today=today, settings=settings)

    expected = health_from_records(
        contacts,
        records,
        cleared_days=cleared,
        snippet_names=snippet_names,
        today=today,
        inner_circle_target=Settings().inner_circle_target,
    )
    assert health == expected
    assert side_by_side == expected

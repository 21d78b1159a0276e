"""The queue over arbitrary interaction histories, through the real services:
whatever was logged, snoozed, skipped or restaged, and on whichever days, the
queue lists only people who are due, never an unsorted, dormant or archived
one, in one total order that does not depend on the order things were added.

tests/unit/test_queue_order_properties.py checks the same rules on the domain
facts alone; tests/services/test_queue.py that the SQL order equals the domain sort.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from netdeck.domain.errors import InvalidInput
from netdeck.domain.scheduling import is_awaiting_reply
from netdeck.domain.settings import Settings
from netdeck.domain.stages import NEVER_DUE, Stage
from netdeck.services.contacts import ContactFields, add_contact, get_contact, schedule_facts
from netdeck.services.queue import todays_queue
from netdeck.services.schedule import change_stage, log_interaction, skip_for_today, snooze_contact
from netdeck.services.settings import load_settings
from netdeck.store.database import Database, open_database
from netdeck.store.models import Contact
from tests.conftest import TODAY

START = TODAY - timedelta(days=200)

#: One thing done to one person on one day (days count from START).
action = st.tuples(
    st.integers(0, 5),  # who
    st.integers(0, 200),  # which day
    st.sampled_from(["message", "call", "note", "inbound", "snooze", "skip", "stage"]),
    st.integers(1, 60),  # snooze length
    st.sampled_from(list(Stage)),
)
history = st.lists(action, max_size=40)


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_database(str(tmp_path_factory.mktemp("histories") / "netdeck.db"))
    yield database
    database.close()


def replay(database: Database, names: list[str], events: list, cadences: list) -> dict[str, int]:
    """Start over with ``names`` (added in that order) and apply ``events`` day by day."""
    with database.writing() as session:
        session.execute(delete(Contact))
        config = load_settings(session)
        ids = {
            name: add_contact(
                session, ContactFields(name=name, cadence=cadence), today=START, settings=config
            ).id
            for name, cadence in zip(names, cadences, strict=True)
        }
        people = sorted(ids)
        for who, day, what, length, stage in sorted(events, key=lambda e: e[1]):
            on = START + timedelta(days=day)
            contact = get_contact(session, ids[people[who % len(people)]])
            try:
                if what in ("message", "call", "note", "inbound"):
                    log_interaction(
                        session,
                        contact,
                        today=on,
                        settings=config,
                        kind="message" if what == "inbound" else what,
                        inbound=what == "inbound",
                    )
                elif what == "snooze":
                    snooze_contact(
                        contact, until=on + timedelta(days=length), today=on, settings=config
                    )
                elif what == "skip":
                    skip_for_today(contact, today=on, settings=config)
                else:
                    change_stage(contact, stage.value, today=on, settings=config)
            except InvalidInput:
                pass  # refused as the CLI would refuse it: nothing changed
            session.flush()
    return ids


NAMES = ["Ann Lee", "ann lee", "Bob Stone", "Zoë Ørsted", "Åsa Berg", "Cy Twin"]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    events=history,
    order=st.permutations(range(len(NAMES))),
    cadences=st.lists(st.sampled_from([None, "1", "1w", "2w", "1m", "3m"]), min_size=6, max_size=6),
)
def test_the_queue_after_any_history(
    deck: Database, events: list, order: list[int], cadences: list
) -> None:
    queues = []
    for names in (NAMES, [NAMES[i] for i in order]):
        by_name = replay(deck, names, events, [cadences[NAMES.index(n)] for n in names])
        with deck.reading() as session:
            config = load_settings(session)
            snapshot = todays_queue(session, today=TODAY, settings=config, show_all=True)
            again = todays_queue(session, today=TODAY, settings=config, show_all=True)
            contacts = {c.id: c for c in session.scalars(select(Contact))}
        assert [e.id for e in snapshot.entries] == [e.id for e in again.entries]
        listed = [contacts[e.id] for e in snapshot.entries]
        assert len({c.id for c in listed}) == len(listed)

        # Due by the stage's rule, or (any stage but archived) awaiting your reply.
        def awaiting(c: Contact, config: Settings = config) -> bool:
            return is_awaiting_reply(schedule_facts(c, config), TODAY)

        assert not [c.full_name for c in listed if Stage(c.stage) is Stage.ARCHIVED]
        assert not [c.full_name for c in listed if Stage(c.stage) in NEVER_DUE and not awaiting(c)]
        assert all(
            (c.next_due_on is not None and c.next_due_on <= TODAY) or awaiting(c) for c in listed
        )
        assert not [c.full_name for c in listed if c.skipped_on == TODAY]
        due = {
            c.id
            for c in contacts.values()
            if (
                (
                    Stage(c.stage) not in NEVER_DUE
                    and c.next_due_on is not None
                    and c.next_due_on <= TODAY
                )
                or awaiting(c)
            )
            and c.skipped_on != TODAY
        }
        assert {c.id for c in listed} == due
        names_by_id = {v: k for k, v in by_name.items()}
        # Ids differ between the two replays; names (with their case) do not.
        queues.append([names_by_id[c.id] for c in listed])

    # "Ann Lee" and "ann lee" tie on everything but the id, which follows the
    # order they were added in: compare the order of everyone else.
    def without_twins(queue: list[str]) -> list[str]:
        return [n for n in queue if n.casefold() != "ann lee"]

    assert without_twins(queues[0]) == without_twins(queues[1])

"""Properties of the queue order over arbitrary contacts: total, deterministic,
and never showing someone who is not due (key dates included)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from netdeck.domain.key_dates import KeyDateKind, PendingDate
from netdeck.domain.scheduling import (
    ScheduleFacts,
    is_due,
    next_due_on,
    period_days,
    queue_sort_key,
    relative_overdueness,
)
from netdeck.domain.stages import NEVER_DUE, Stage

TODAY = date(2026, 11, 25)


@dataclass(frozen=True)
class Person:
    contact_id: int
    name_key: str
    facts: ScheduleFacts
    skipped_on: date | None


def days(low: int, high: int) -> st.SearchStrategy[date]:
    return st.integers(low, high).map(lambda n: TODAY + timedelta(days=n))


any_facts = st.builds(
    ScheduleFacts,
    stage=st.sampled_from(list(Stage)),
    stage_since=days(-400, 0),
    cadence_days=st.sampled_from([1, 5, 7, 10, 14, 30, 90, 365]),
    connected_on=st.none() | days(-30, 0),
    last_interaction_on=st.none() | days(-400, 0),
    snoozed_until=st.none() | days(-5, 10),
    # A pending birthday, anniversary or reminder: past, today or to come.
    key_date=st.none()
    | st.builds(
        PendingDate,
        on=days(-10, 10),
        kind=st.sampled_from(list(KeyDateKind)),
        note=st.sampled_from(["", "ask how the launch went"]),
    ),
)
any_person = st.builds(
    Person,
    contact_id=st.integers(1, 10_000),
    # Few distinct names, so ties on every earlier part of the key happen.
    name_key=st.sampled_from(["ann", "bob", "bob", "zoë"]),
    facts=any_facts,
    skipped_on=st.sampled_from([None, None, TODAY, TODAY - timedelta(days=1)]),
)
any_people = st.lists(any_person, max_size=25, unique_by=lambda p: p.contact_id)


def sort_key(person: Person) -> tuple[int, float, date, str, int]:
    due = next_due_on(person.facts)
    assert due is not None
    return queue_sort_key(
        stage=person.facts.stage,
        due_on=due,
        today=TODAY,
        cadence_days=person.facts.cadence_days,
        name_key=person.name_key,
        contact_id=person.contact_id,
        key_date_on=person.facts.key_date_on,
    )


def queue(everyone: list[Person]) -> list[Person]:
    due = [p for p in everyone if is_due(p.facts, TODAY, p.skipped_on)]
    return sorted(due, key=sort_key)


@settings(max_examples=100, deadline=None)
@given(everyone=any_people, seed=st.integers(0, 2**32 - 1))
def test_queue_order_is_total_and_deterministic(everyone: list[Person], seed: int) -> None:
    shuffled = list(everyone)
    random.Random(seed).shuffle(shuffled)

    ordered = queue(everyone)

    assert queue(shuffled) == ordered
    keys = [sort_key(p) for p in ordered]
    assert len(set(keys)) == len(keys), "two contacts compare equal: the order is not total"


@settings(max_examples=100, deadline=None)
@given(everyone=any_people)
def test_queue_holds_exactly_the_due_contacts(everyone: list[Person]) -> None:
    ordered = queue(everyone)

    # A stage that is never due is in the queue only for a key date that has come.
    assert not [p for p in ordered if p.facts.stage in NEVER_DUE and p.facts.key_date is None]
    assert all(next_due_on(p.facts) <= TODAY for p in ordered)  # type: ignore[operator]
    assert not [p for p in ordered if p.skipped_on == TODAY]
    expected = {
        p.contact_id
        for p in everyone
        if (p.facts.stage not in NEVER_DUE or p.facts.key_date is not None)
        and next_due_on(p.facts) <= TODAY  # type: ignore[operator]
        and p.skipped_on != TODAY
    }
    assert {p.contact_id for p in ordered} == expected


@settings(max_examples=100, deadline=None)
@given(everyone=any_people)
def test_connections_and_key_dates_first_then_most_overdue_relative_to_the_period(
    everyone: list[Person],
) -> None:
    ordered = queue(everyone)

    def first_tier(p: Person) -> bool:
        key_date = p.facts.key_date_on
        return p.facts.stage is Stage.CONNECTED or (key_date is not None and key_date <= TODAY)

    tiers = [first_tier(p) for p in ordered]
    assert tiers == sorted(tiers, reverse=True), "a new connection or a birthday comes late"

    def overdueness(p: Person) -> float:
        due = next_due_on(p.facts)
        assert due is not None
        return relative_overdueness(due, TODAY, period_days(p.facts.stage, p.facts.cadence_days))

    for group in (
        [p for p in ordered if first_tier(p)],
        [p for p in ordered if not first_tier(p)],
    ):
        values = [overdueness(p) for p in group]
        assert values == sorted(values, reverse=True)


@settings(max_examples=100, deadline=None)
@given(everyone=any_people)
def test_a_key_date_makes_them_due_by_its_day_unless_snoozed(everyone: list[Person]) -> None:
    for p in everyone:
        due = next_due_on(p.facts)
        key_date = p.facts.key_date_on
        if key_date is None:
            continue
        assert due is not None
        if p.facts.snoozed_until is None:
            assert due <= key_date
        else:
            assert due == p.facts.snoozed_until  # a snooze still wins

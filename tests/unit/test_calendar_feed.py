"""The calendar feed's rules: one event per person per day, stable UIDs, the reasons."""

from __future__ import annotations

from datetime import date

import pytest

from netdeck.domain.calendar_feed import (
    FeedPerson,
    event_uid,
    feed_events,
    upcoming_reason,
)
from netdeck.domain.errors import InvalidInput
from netdeck.domain.key_dates import KeyDateFacts, KeyDateKind
from netdeck.domain.scheduling import ScheduleFacts
from netdeck.domain.stages import Stage

TODAY = date(2027, 2, 20)


def facts(stage: Stage = Stage.ACTIVE, snoozed_until: date | None = None) -> ScheduleFacts:
    return ScheduleFacts(
        stage=stage, stage_since=date(2026, 1, 1), cadence_days=14, snoozed_until=snoozed_until
    )


def test_uids_depend_on_the_person_and_the_day_only() -> None:
    assert event_uid(7, TODAY) == event_uid(7, TODAY)
    assert event_uid(7, TODAY).endswith("@netdeck")
    assert (
        len({event_uid(p, date(2027, 1, d)) for p in range(1, 30) for d in range(1, 29)}) == 29 * 28
    )


def test_a_birthday_on_the_due_day_makes_one_event_with_both_reasons() -> None:
    birthday = KeyDateFacts(KeyDateKind.BIRTHDAY, 2, 29, None, True, date(2020, 1, 1))
    person = FeedPerson(
        1, "Dana Lee", facts(), next_due_on=date(2027, 2, 28), key_dates=(birthday,)
    )
    [event] = feed_events([person], today=TODAY, days=30)
    # 29 February falls on 28 February in 2027.
    assert (event.day, event.summary) == (
        date(2027, 2, 28),
        "Dana Lee: birthday; check in (every 2 weeks)",
    )


def test_key_dates_count_by_stage_and_today_is_the_queues() -> None:
    birthday = KeyDateFacts(KeyDateKind.BIRTHDAY, 2, 20, None, True, date(2020, 1, 1))
    reminder = KeyDateFacts(KeyDateKind.REMINDER, 3, 1, 2027, False, date(2027, 1, 1), "  ask\nit ")
    dormant = FeedPerson(1, "Dormant", facts(Stage.DORMANT), None, (birthday, reminder))
    due = FeedPerson(2, "Due", facts(), TODAY, (birthday,), due_today_reason="birthday today")
    events = feed_events([dormant, due], today=TODAY, days=30)
    assert [(e.day, e.summary) for e in events] == [
        (TODAY, "Due: birthday today"),
        (date(2027, 3, 1), "Dormant: ask it"),
    ]


def test_what_a_coming_due_date_is_for() -> None:
    assert upcoming_reason(facts(Stage.PROSPECT)) == "send a connection request"
    assert upcoming_reason(facts(Stage.REQUESTED)) == "follow up on your request"
    assert upcoming_reason(facts(Stage.CONNECTED)) == "first message since connecting"
    assert upcoming_reason(facts(snoozed_until=TODAY)) == "back from a snooze"
    assert upcoming_reason(facts()) == "check in (every 2 weeks)"


def test_the_window_is_refused_outside_its_bounds() -> None:
    with pytest.raises(InvalidInput, match="between 1 and 3660"):
        feed_events([], today=TODAY, days=0)


def test_a_snooze_hides_key_dates_before_its_day_as_in_the_queue() -> None:
    reminder = KeyDateFacts(KeyDateKind.REMINDER, 3, 1, 2027, False, date(2027, 1, 1), "call")
    birthday = KeyDateFacts(KeyDateKind.BIRTHDAY, 3, 20, None, True, date(2020, 1, 1))
    snoozed = facts(snoozed_until=date(2027, 3, 10))
    person = FeedPerson(1, "Lucas Rossi", snoozed, date(2027, 3, 10), (reminder, birthday))
    events = feed_events([person], today=TODAY, days=30)
    assert [(e.day, e.summary) for e in events] == [
        (date(2027, 3, 10), "Lucas Rossi: back from a snooze"),
        (date(2027, 3, 20), "Lucas Rossi: birthday"),
    ]

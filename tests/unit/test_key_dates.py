"""The key-date rules: when a birthday, anniversary or reminder makes someone due."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netdeck.domain.key_dates import (
    KeyDateFacts,
    KeyDateKind,
    PendingDate,
    date_reason,
    falls_on,
    occurrences_between,
    pending_date,
    pending_occurrence,
)
from netdeck.domain.stages import Stage

ADDED = date(2026, 1, 10)


def birthday(month: int, day: int, *, year: int | None = None, added: date = ADDED) -> KeyDateFacts:
    return KeyDateFacts(KeyDateKind.BIRTHDAY, month, day, year, yearly=True, added_on=added)


def reminder(on: date, note: str = "", *, yearly: bool = False) -> KeyDateFacts:
    return KeyDateFacts(
        KeyDateKind.REMINDER, on.month, on.day, on.year, yearly=yearly, added_on=ADDED, note=note
    )


def test_a_29_february_birthday_falls_on_28_february_in_other_years() -> None:
    assert falls_on(2027, 2, 29) == date(2027, 2, 28)
    assert falls_on(2028, 2, 29) == date(2028, 2, 29)
    leap = birthday(2, 29, year=1996)
    days = list(occurrences_between(leap, date(2026, 1, 1), date(2029, 12, 31)))
    assert days == [date(2026, 2, 28), date(2027, 2, 28), date(2028, 2, 29), date(2029, 2, 28)]


def test_a_date_added_today_is_not_due_for_this_years_past_day() -> None:
    assert pending_occurrence(birthday(1, 5), last_interaction_on=None) == date(2027, 1, 5)
    assert pending_occurrence(birthday(1, 10), last_interaction_on=None) == ADDED


def test_a_birthday_stays_pending_until_you_talk_on_or_after_it() -> None:
    march = birthday(3, 1)
    assert pending_occurrence(march, last_interaction_on=date(2026, 2, 27)) == date(2026, 3, 1)
    assert pending_occurrence(march, last_interaction_on=date(2026, 3, 1)) == date(2027, 3, 1)
    assert pending_occurrence(march, last_interaction_on=date(2026, 5, 1)) == date(2027, 3, 1)


def test_a_one_off_reminder_is_done_once_you_talk_on_or_after_its_day() -> None:
    once = reminder(date(2026, 6, 1), "ask how the launch went")
    assert pending_occurrence(once, last_interaction_on=date(2026, 5, 31)) == date(2026, 6, 1)
    assert pending_occurrence(once, last_interaction_on=date(2026, 6, 1)) is None
    yearly = reminder(date(2026, 6, 1), yearly=True)
    assert pending_occurrence(yearly, last_interaction_on=date(2026, 6, 1)) == date(2027, 6, 1)


@pytest.mark.parametrize(
    ("stage", "counted"),
    [
        (Stage.ACTIVE, {"birthday", "reminder"}),
        (Stage.CONNECTED, {"birthday", "reminder"}),
        (Stage.PROSPECT, {"reminder"}),
        (Stage.DORMANT, {"reminder"}),
        (Stage.ARCHIVED, set()),
    ],
)
def test_birthdays_count_for_active_and_connected_reminders_for_all_but_archived(
    stage: Stage, counted: set[str]
) -> None:
    for facts in (birthday(3, 1), reminder(date(2026, 3, 1), "call")):
        found = pending_date([facts], stage=stage, last_interaction_on=None)
        assert (found is not None) == (facts.kind.value in counted)


def test_the_earliest_pending_date_wins_and_a_reminder_wins_the_same_day() -> None:
    dates = [birthday(3, 1), reminder(date(2026, 3, 1), "ask about Lisbon"), birthday(2, 1)]
    assert pending_date(dates, stage=Stage.ACTIVE, last_interaction_on=None) == PendingDate(
        date(2026, 2, 1), KeyDateKind.BIRTHDAY, ""
    )
    found = pending_date(dates[:2], stage=Stage.ACTIVE, last_interaction_on=None)
    assert found == PendingDate(date(2026, 3, 1), KeyDateKind.REMINDER, "ask about Lisbon")


def test_reasons_say_the_kind_and_the_users_words() -> None:
    today = date(2026, 3, 3)
    assert date_reason(KeyDateKind.BIRTHDAY, "", today, today) == "birthday today"
    assert date_reason(KeyDateKind.ANNIVERSARY, "", date(2026, 3, 1), today) == (
        "anniversary 2 days ago"
    )
    assert date_reason(KeyDateKind.REMINDER, "ask how\nthe launch went", today, today) == (
        "you asked to: ask how the launch went"
    )


@given(
    month=st.integers(1, 12),
    day=st.integers(1, 31),
    last=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2090, 12, 31))),
)
def test_the_pending_occurrence_is_a_day_the_date_falls_on_after_the_last_talk(
    month: int, day: int, last: date | None
) -> None:
    if day > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
        return
    facts = birthday(month, day)
    on = pending_occurrence(facts, last_interaction_on=last)
    assert on is not None
    assert on == falls_on(on.year, month, day)
    assert on >= ADDED and (last is None or on > last)
    assert (on - max(ADDED, last or ADDED)).days <= 366

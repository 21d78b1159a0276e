"""Key dates in the schedule: a pending date makes someone due on its day, with its
reason, ranked with new connections; typed dates and notes are checked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from netdeck.domain.errors import InvalidInput
from netdeck.domain.key_dates import (
    KeyDateFacts,
    KeyDateKind,
    PendingDate,
    clean_note,
    parse_day_of_year,
    reminder_day,
)
from netdeck.domain.scheduling import (
    ScheduleFacts,
    after_snooze,
    due_reason,
    is_due,
    next_due_on,
    queue_sort_key,
    with_key_dates,
)
from netdeck.domain.stages import Stage

TODAY = date(2027, 2, 28)  # not a leap year: a 29 February birthday is today
LEAP_BIRTHDAY = KeyDateFacts(KeyDateKind.BIRTHDAY, 2, 29, 1996, True, date(2026, 6, 1))


def facts(stage: Stage = Stage.ACTIVE, **given: object) -> ScheduleFacts:
    values: dict[str, object] = {
        "stage": stage,
        "stage_since": date(2026, 1, 1),
        "cadence_days": 90,
        "last_interaction_on": date(2027, 1, 15),
    }
    values.update(given)
    return ScheduleFacts(**values)  # type: ignore[arg-type]


def test_a_29_february_birthday_makes_them_due_on_28_february_in_other_years() -> None:
    active = with_key_dates(facts(), [LEAP_BIRTHDAY])

    assert next_due_on(active) == TODAY  # the cadence alone says 2027-04-15
    assert is_due(active, TODAY)
    assert not is_due(active, TODAY - timedelta(days=1))
    assert due_reason(active, TODAY) == "birthday today"
    assert due_reason(active, TODAY + timedelta(days=3)) == "birthday 3 days ago"


def test_in_a_leap_year_it_is_29_february() -> None:
    active = with_key_dates(facts(last_interaction_on=date(2028, 1, 15)), [LEAP_BIRTHDAY])

    assert next_due_on(active) == date(2028, 2, 29)


def test_birthdays_count_for_active_and_connected_people_reminders_for_all_but_archived() -> None:
    remind = KeyDateFacts(
        KeyDateKind.REMINDER, 2, 28, 2027, False, date(2027, 1, 1), "ask how the launch went"
    )
    for stage in Stage:
        with_birthday = with_key_dates(facts(stage), [LEAP_BIRTHDAY])
        with_reminder = with_key_dates(facts(stage), [remind])
        assert (with_birthday.key_date is not None) == (stage in (Stage.ACTIVE, Stage.CONNECTED))
        assert (with_reminder.key_date is not None) == (stage is not Stage.ARCHIVED)
    dormant = with_key_dates(facts(Stage.DORMANT), [remind])
    assert next_due_on(dormant) == TODAY  # a stage never due, brought forward by the reminder
    assert due_reason(dormant, TODAY) == "you asked to: ask how the launch went"
    assert next_due_on(with_key_dates(facts(Stage.DORMANT), [LEAP_BIRTHDAY])) is None


def test_talking_on_or_after_the_day_answers_it() -> None:
    talked = with_key_dates(facts(last_interaction_on=TODAY), [LEAP_BIRTHDAY])

    assert talked.key_date_on == date(2028, 2, 29)  # next year's
    assert next_due_on(talked) == TODAY + timedelta(days=90)


def test_a_snooze_still_wins_and_can_put_off_a_reminder_in_any_stage() -> None:
    reminder = PendingDate(TODAY, KeyDateKind.REMINDER, "call")
    unsorted = facts(Stage.UNSORTED, key_date=reminder)
    later = after_snooze(unsorted, TODAY + timedelta(days=2), TODAY)

    assert next_due_on(later) == TODAY + timedelta(days=2)
    with pytest.raises(InvalidInput, match="never due"):
        after_snooze(facts(Stage.UNSORTED), TODAY + timedelta(days=2), TODAY)


def test_a_key_date_that_has_come_ranks_with_new_connections() -> None:
    def key(stage: Stage, key_date_on: date | None, contact_id: int) -> tuple:
        return queue_sort_key(
            stage=stage,
            due_on=TODAY - timedelta(days=1),
            today=TODAY,
            cadence_days=30,
            name_key="x",
            contact_id=contact_id,
            key_date_on=key_date_on,
        )

    birthday = key(Stage.ACTIVE, TODAY, 3)
    tomorrow = key(Stage.ACTIVE, TODAY + timedelta(days=1), 2)
    connection = key(Stage.CONNECTED, None, 1)
    assert birthday[:2] == connection[:2] == (1, 0)
    assert tomorrow[:2] == (1, 1)
    replied = queue_sort_key(
        stage=Stage.ACTIVE,
        due_on=TODAY,
        today=TODAY,
        cadence_days=30,
        name_key="x",
        contact_id=4,
        awaiting_reply=True,
        key_date_on=TODAY,
    )
    assert replied < birthday  # awaiting your reply still comes first


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03-14", (None, 3, 14)),
        ("--02-29", (None, 2, 29)),
        ("1990-03-14", (1990, 3, 14)),
        (" 3-4 ", (None, 3, 4)),
    ],
)
def test_parse_day_of_year(text: str, expected: tuple) -> None:
    assert parse_day_of_year(text) == expected


@pytest.mark.parametrize("text", ["02-30", "13-01", "1990-02-29", "March 3", "", "2026-1-1x"])
def test_parse_day_of_year_refuses(text: str) -> None:
    with pytest.raises(InvalidInput, match="bad date"):
        parse_day_of_year(text)


def test_reminder_day() -> None:
    assert reminder_day("03-01", TODAY, yearly=False) == (2027, 3, 1)
    assert reminder_day("02-27", TODAY, yearly=False) == (2028, 2, 27)  # the next one
    assert reminder_day("2027-02-28", TODAY, yearly=False) == (2027, 2, 28)  # today is fine
    assert reminder_day("2020-05-01", TODAY, yearly=True) == (2020, 5, 1)
    with pytest.raises(InvalidInput, match="has passed"):
        reminder_day("2027-02-27", TODAY, yearly=False)


def test_clean_note() -> None:
    assert clean_note("  ask how\n the   launch went ") == "ask how the launch went"
    with pytest.raises(InvalidInput, match="keep it to"):
        clean_note("x" * 501)


def test_a_reason_says_the_key_date_they_will_be_due_for() -> None:
    """An unsorted person is never due but for a reminder: ``show`` says what for."""
    coming = PendingDate(date(2027, 3, 5), KeyDateKind.REMINDER, "ask about the robot")
    unsorted = facts(Stage.UNSORTED, key_date=coming)
    assert next_due_on(unsorted) == date(2027, 3, 5)
    assert due_reason(unsorted, TODAY) == "you asked to: ask about the robot"
    birthday = facts(key_date=PendingDate(date(2027, 3, 2), KeyDateKind.BIRTHDAY, ""))
    assert due_reason(birthday, TODAY) == "birthday in 2 days"
    later = facts(key_date=PendingDate(date(2027, 9, 1), KeyDateKind.BIRTHDAY, ""))
    assert due_reason(later, TODAY) == "last talked 44 days ago, every 90 days"

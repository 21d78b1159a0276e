"""LinkedIn's note budget: the month, the pacing rule, who is note-only, and the words.
Expected days are worked out by hand from a calendar."""

from __future__ import annotations

from datetime import date

import pytest

from netdeck.domain.note_budget import (
    HELD_NOTE_BUDGET,
    NoteBudget,
    NoteUse,
    budget_text,
    days_left_in_month,
    held_reason,
    is_note_only,
    month_start,
    next_month_start,
    next_note_day,
    note_budget,
    notes_for_today,
    paced,
)
from netdeck.domain.stages import Stage

NOV_11 = date(2026, 11, 11)  # 20 days left in November, today included
NONE_YET = NoteUse()


# ---------------------------------------------------------------- the month


@pytest.mark.parametrize(
    ("today", "start", "resets", "days_left"),
    [
        (date(2026, 12, 31), date(2026, 12, 1), date(2027, 1, 1), 1),
        (date(2027, 1, 1), date(2027, 1, 1), date(2027, 2, 1), 31),
        (date(2026, 11, 30), date(2026, 11, 1), date(2026, 12, 1), 1),
        (date(2028, 2, 29), date(2028, 2, 1), date(2028, 3, 1), 1),
        (date(2027, 2, 28), date(2027, 2, 1), date(2027, 3, 1), 1),
        (date(2026, 11, 25), date(2026, 11, 1), date(2026, 12, 1), 6),
    ],
)
def test_the_month_starts_ends_and_resets_on_the_first(
    today: date, start: date, resets: date, days_left: int
) -> None:
    assert month_start(today) == start
    assert next_month_start(today) == resets
    assert days_left_in_month(today) == days_left
    assert note_budget(NONE_YET, 5, today).resets_on == resets


def test_the_last_day_of_the_calendar_has_no_next_month_to_overflow_into() -> None:
    assert days_left_in_month(date.max) == 1
    assert next_month_start(date.max) == date.max
    assert notes_for_today(NONE_YET, 5, date.max) == 5
    assert next_note_day(NoteUse(used=5, used_today=5), 5, date.max) == date.max
    assert days_left_in_month(date(9999, 12, 1)) == 31


def test_the_budget_left_spent_and_json() -> None:
    two_used = NoteBudget(used=3, limit=5, resets_on=date(2026, 12, 1))
    over = NoteBudget(used=7, limit=5, resets_on=date(2026, 12, 1))
    unlimited = NoteBudget(used=40, limit=None, resets_on=date(2026, 12, 1))

    assert (two_used.left, two_used.spent) == (2, False)
    assert (over.left, over.spent) == (0, True)  # an import may count more than the limit
    assert (unlimited.left, unlimited.spent) == (None, False)
    assert two_used.as_json() == {"used": 3, "limit": 5, "left": 2, "resets_on": "2026-12-01"}
    assert unlimited.as_json()["left"] is None


def test_on_new_years_day_last_years_notes_hold_nobody() -> None:
    # 31 December: the five are spent, nothing more this year.
    spent = NoteUse(used=5, used_today=0, last_before_today=date(2026, 12, 20))
    assert notes_for_today(spent, 5, date(2026, 12, 31)) == 0
    assert next_note_day(spent, 5, date(2026, 12, 31)) == date(2027, 1, 1)
    # 1 January: a new month's use (counted from 1 January) starts at nothing.
    assert notes_for_today(NONE_YET, 5, date(2027, 1, 1)) == 1
    # A stale "last note" from last month holds nothing either.
    stale = NoteUse(used=0, used_today=0, last_before_today=date(2026, 12, 31))
    assert notes_for_today(stale, 5, date(2027, 1, 1)) == 1


def test_on_the_last_day_of_the_month_every_note_left_may_go() -> None:
    use = NoteUse(used=2, used_today=0, last_before_today=date(2026, 11, 29))
    assert notes_for_today(use, 5, date(2026, 11, 30)) == 3
    sent_one_today = NoteUse(used=3, used_today=1, last_before_today=date(2026, 11, 29))
    assert notes_for_today(sent_one_today, 5, date(2026, 11, 30)) == 2


# ---------------------------------------------------------------- pacing


def test_premium_paces_nothing() -> None:
    busy = NoteUse(used=300, used_today=40, last_before_today=date(2026, 11, 24))
    assert notes_for_today(busy, None, NOV_11) is None
    assert next_note_day(busy, None, NOV_11) is None
    shown, held = paced([1, 2, 3], None, lambda _: True)
    assert (shown, held) == ([1, 2, 3], [])


def test_five_notes_and_twenty_days_left_go_one_every_four_days() -> None:
    assert days_left_in_month(NOV_11) == 20
    assert notes_for_today(NONE_YET, 5, NOV_11) == 1
    # One sent on the 11th: the next on the 15th (20 // 5 = 4 days), not before.
    sent = NoteUse(used=1, used_today=0, last_before_today=NOV_11)
    days = {day: notes_for_today(sent, 5, date(2026, 11, day)) for day in range(12, 16)}
    assert days == {12: 0, 13: 0, 14: 0, 15: 1}
    assert next_note_day(NoteUse(used=1, used_today=1), 5, NOV_11) == date(2026, 11, 15)


def test_more_notes_than_days_left_is_the_ceiling_a_day() -> None:
    nov_28 = date(2026, 11, 28)  # 3 days left
    assert notes_for_today(NoteUse(used=0), 5, nov_28) == 2  # ceil(5 / 3)
    assert notes_for_today(NoteUse(used=2), 5, nov_28) == 1  # 3 left, 3 days
    assert notes_for_today(NoteUse(used=0), 30, nov_28) == 10


def test_notes_sent_today_count_against_todays_share() -> None:
    nov_28 = date(2026, 11, 28)
    assert notes_for_today(NoteUse(used=1, used_today=1), 5, nov_28) == 1  # 2 today, 1 sent
    assert notes_for_today(NoteUse(used=2, used_today=2), 5, nov_28) == 0
    assert notes_for_today(NoteUse(used=1, used_today=1), 5, NOV_11) == 0  # its one is sent


def test_a_note_last_month_does_not_hold_today() -> None:
    # The service counts this month only; a day from last month must not pace either.
    use = NoteUse(used=0, used_today=0, last_before_today=date(2026, 10, 31))
    assert notes_for_today(use, 5, date(2026, 11, 1)) == 1


def test_a_spent_budget_allows_nothing_until_it_resets() -> None:
    spent = NoteUse(used=5, used_today=1, last_before_today=date(2026, 11, 3))
    assert notes_for_today(spent, 5, NOV_11) == 0
    assert next_note_day(spent, 5, NOV_11) == date(2026, 12, 1)
    assert notes_for_today(NONE_YET, 0, NOV_11) == 0  # a limit of none a month


def test_the_next_note_day_is_tomorrow_when_notes_outnumber_days() -> None:
    use = NoteUse(used=0)
    assert next_note_day(use, 5, date(2026, 11, 28)) == date(2026, 11, 29)


# ---------------------------------------------------------------- who is held


@pytest.mark.parametrize(
    ("stage", "kinds", "note_only"),
    [
        (Stage.PROSPECT, [], True),
        (Stage.PROSPECT, ["linkedin"], True),
        (Stage.PROSPECT, ["linkedin", "phone"], True),
        (Stage.PROSPECT, ["email"], False),
        (Stage.PROSPECT, {"x"}, False),
        ("prospect", ["website", "linkedin"], False),
        (Stage.REQUESTED, [], False),
        (Stage.CONNECTED, ["linkedin"], False),
        ("active", [], False),
    ],
)
def test_note_only_is_a_prospect_with_no_other_way(
    stage: Stage | str, kinds: list[str], note_only: bool
) -> None:
    assert is_note_only(stage, kinds) is note_only


def test_paced_shows_the_first_note_only_prospects_in_queue_order() -> None:
    due = ["reply", "note 1", "email prospect", "note 2", "active", "note 3"]
    shown, held = paced(due, 1, lambda entry: entry.startswith("note"))
    assert shown == ["reply", "note 1", "email prospect", "active"]
    assert held == ["note 2", "note 3"]
    assert paced(due, 0, lambda entry: entry.startswith("note"))[1] == [
        "note 1",
        "note 2",
        "note 3",
    ]


# ---------------------------------------------------------------- words


def test_budget_text() -> None:
    resets = date(2026, 12, 1)
    assert budget_text(NoteBudget(3, 5, resets)) == "2 of 5 notes left this month"
    assert budget_text(NoteBudget(5, 5, resets)) == (
        "no LinkedIn notes left this month (5 of 5 used; more on 1 Dec)"
    )
    assert budget_text(NoteBudget(9, None, resets)) == "LinkedIn notes: no monthly limit"


def test_held_reason_says_why_and_when() -> None:
    resets = date(2027, 1, 1)
    spent = NoteBudget(5, 5, resets)
    assert held_reason(spent, resets) == "LinkedIn note budget spent (5 of 5): resets on 1 Jan"
    paced_budget = NoteBudget(2, 5, resets)
    assert held_reason(paced_budget, date(2026, 12, 3)) == (
        "paced: 3 LinkedIn notes left this month; next on 3 Dec"
    )
    one_left = NoteBudget(4, 5, resets)
    assert held_reason(one_left, None) == "paced: 1 LinkedIn note left this month"
    assert HELD_NOTE_BUDGET == "note-budget"


def test_held_prospects_come_back_in_turn_after_todays_share() -> None:
    """With 5 notes and 20 days left, today's one note goes to the prospect shown today;
    the first held one comes back on the 15th, the second on the 19th (3 notes left on
    the 19th, 12 days: one every four days)."""
    assert notes_for_today(NONE_YET, 5, NOV_11) == 1
    assert next_note_day(NONE_YET, 5, NOV_11, ahead=0) == date(2026, 11, 15)
    assert next_note_day(NONE_YET, 5, NOV_11, ahead=1) == date(2026, 11, 19)
    assert next_note_day(NONE_YET, 5, NOV_11, ahead=3) == date(2026, 11, 27)
    # Past the month's notes, a held one waits for the next month's.
    assert next_note_day(NONE_YET, 5, NOV_11, ahead=4) == date(2026, 12, 1)
    assert next_note_day(NONE_YET, 5, NOV_11, ahead=5) == date(2026, 12, 7)

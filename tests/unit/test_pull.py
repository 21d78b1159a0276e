"""Pulling someone into today's queue: pulled people first, past the daily size, once."""

from __future__ import annotations

from datetime import date

from netdeck.domain.scheduling import ScheduleFacts, is_pulled, pulled_reason, queue_with_pulled
from netdeck.domain.stages import Stage

TODAY = date(2026, 11, 25)


def test_pulled_people_come_first_and_do_not_count_against_the_daily_size() -> None:
    due = [1, 2, 3, 4]

    assert queue_with_pulled([9], due, 2, int) == [9, 1, 2]
    assert queue_with_pulled([9, 8], due, 0, int) == [9, 8]
    assert queue_with_pulled([], due, None, int) == [1, 2, 3, 4]


def test_someone_pulled_and_due_is_listed_once_and_the_share_stays_full() -> None:
    assert queue_with_pulled([2], [1, 2, 3, 4], 2, int) == [2, 1, 3]


def test_a_pull_lasts_the_day_it_was_made_unless_skipped() -> None:
    assert is_pulled(TODAY, TODAY)
    assert not is_pulled(date(2026, 11, 24), TODAY)
    assert not is_pulled(None, TODAY)
    assert not is_pulled(TODAY, TODAY, skipped_on=TODAY)


def test_a_pulled_persons_reason_says_so_unless_they_are_due_anyway() -> None:
    talked = ScheduleFacts(
        Stage.ACTIVE, date(2026, 1, 1), 30, last_interaction_on=date(2026, 11, 20)
    )
    late = ScheduleFacts(Stage.ACTIVE, date(2026, 1, 1), 30, last_interaction_on=date(2026, 9, 1))
    unsorted = ScheduleFacts(Stage.UNSORTED, date(2026, 1, 1), 30)

    assert pulled_reason(talked, TODAY, "last talked 5 days ago") == (
        "pulled in today; last talked 5 days ago"
    )
    assert pulled_reason(late, TODAY, "last talked 85 days ago") == "last talked 85 days ago"
    assert pulled_reason(unsorted, TODAY, "unsorted: not scheduled") == "pulled in today (unsorted)"

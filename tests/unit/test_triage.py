"""The triage rules: promise score and order, and spreading first due days."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netdeck.domain.scheduling import ScheduleFacts
from netdeck.domain.stages import Stage
from netdeck.domain.triage import (
    PromiseFacts,
    connection_points,
    promise_reasons,
    promise_score,
    promise_sort_key,
    roughly_ago,
    spread_due_on,
    stage_when_kept,
    stage_when_put_off,
)

TODAY = date(2026, 11, 25)


def facts(connected_days_ago=None, talked=False, shares=False, details=0) -> PromiseFacts:
    return PromiseFacts(
        connected_on=None
        if connected_days_ago is None
        else TODAY - timedelta(days=connected_days_ago),
        last_interaction_on=TODAY - timedelta(days=200) if talked else None,
        shares_circle_tag=shares,
        details=details,
    )


def test_recent_connections_score_higher_and_decay_with_age():
    scores = [promise_score(facts(days), TODAY) for days in (5, 60, 200, 700, 3000)]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1] > promise_score(facts(None), TODAY) == 0


def test_each_signal_adds_to_the_score():
    base = promise_score(facts(400), TODAY)
    assert promise_score(facts(400, talked=True), TODAY) > base
    assert promise_score(facts(400, shares=True), TODAY) > base
    assert promise_score(facts(400, details=2), TODAY) > promise_score(facts(400, details=1), TODAY)


def test_messages_exchanged_outweigh_a_slightly_more_recent_connection():
    old_friend = facts(800, talked=True)
    stranger = facts(100)
    assert promise_score(old_friend, TODAY) > promise_score(stranger, TODAY)


def test_reasons_say_why():
    reasons = promise_reasons(facts(3, talked=True, shares=True, details=2), TODAY)
    assert reasons == (
        "connected 3 days ago",
        "last message 6 months ago",
        "shares a tag with your circle",
        "2 details filled in",
    )
    assert promise_reasons(facts(None), TODAY) == ()


def test_ages_are_rounded_when_long_ago():
    assert roughly_ago(59) == "59 days ago"
    assert roughly_ago(90) == "3 months ago"
    assert roughly_ago(1100) == "3 years ago"


def test_connection_points_boundaries():
    assert connection_points(30) == 40
    assert connection_points(31) == 32
    assert connection_points(1095) == 12
    assert connection_points(1096) == 4
    assert connection_points(-2) == 40  # a date in the future counts as recent


@given(st.lists(st.tuples(st.integers(0, 200), st.text(max_size=3), st.integers(1, 10**6))))
def test_the_order_is_total_and_deterministic(rows):
    keys = [promise_sort_key(score, name, cid) for score, name, cid in rows]
    once = sorted(keys)
    assert sorted(reversed(keys)) == once
    # Higher scores first.
    assert [-key[0] for key in once] == sorted((score for score, _, _ in rows), reverse=True)


# ---------------------------------------------------------------- spreading


def test_a_single_keep_goes_to_tomorrow_when_there_is_room():
    day = spread_due_on(natural_due=TODAY, today=TODAY, window_days=30, load={}, capacity=10)
    assert day == TODAY + timedelta(days=1)


def test_a_full_day_is_passed_over():
    tomorrow = TODAY + timedelta(days=1)
    day = spread_due_on(
        natural_due=None, today=TODAY, window_days=30, load={tomorrow: 10}, capacity=10
    )
    assert day == tomorrow + timedelta(days=1)


def test_a_natural_due_day_in_the_future_is_the_earliest_day():
    natural = TODAY + timedelta(days=20)
    day = spread_due_on(natural_due=natural, today=TODAY, window_days=14, load={}, capacity=10)
    assert day == natural


def test_keeping_three_hundred_puts_at_most_the_queue_size_on_any_day():
    load: Counter[date] = Counter()
    for _ in range(300):
        day = spread_due_on(natural_due=TODAY, today=TODAY, window_days=90, load=load, capacity=10)
        load[day] += 1
    assert max(load.values()) == 10
    assert min(load) == TODAY + timedelta(days=1)
    assert max(load) == TODAY + timedelta(days=30)


def test_when_every_day_is_full_the_least_loaded_takes_it():
    days = [TODAY + timedelta(days=n) for n in (1, 2, 3)]
    load = {days[0]: 12, days[1]: 11, days[2]: 12}
    assert (
        spread_due_on(natural_due=None, today=TODAY, window_days=3, load=load, capacity=10)
        == days[1]
    )


@given(
    existing=st.dictionaries(st.integers(1, 40), st.integers(0, 15), max_size=40),
    kept=st.integers(1, 200),
    capacity=st.integers(1, 12),
    window=st.integers(1, 40),
)
def test_spreading_never_exceeds_capacity_while_capacity_remains(existing, kept, capacity, window):
    load: Counter[date] = Counter(
        {TODAY + timedelta(days=offset): count for offset, count in existing.items()}
    )
    window_days = [TODAY + timedelta(days=n) for n in range(1, window + 1)]
    for _ in range(kept):
        room = any(load[day] < capacity for day in window_days)
        before = dict(load)
        day = spread_due_on(
            natural_due=None, today=TODAY, window_days=window, load=load, capacity=capacity
        )
        assert day in window_days
        # Deterministic: the same inputs give the same day.
        assert (
            spread_due_on(
                natural_due=None, today=TODAY, window_days=window, load=before, capacity=capacity
            )
            == day
        )
        if room:
            assert load[day] < capacity
        else:
            assert load[day] == min(load[d] for d in window_days)
        load[day] += 1


# ---------------------------------------------------------------- where keep and later put people

CONNECTED_ON = TODAY - timedelta(days=100)


def schedule(stage: Stage, *, connected: bool = True, talked_days_ago: int | None = None):
    return ScheduleFacts(
        stage=stage,
        stage_since=TODAY - timedelta(days=100),
        cadence_days=30,
        connected_on=CONNECTED_ON if connected else None,
        last_interaction_on=None
        if talked_days_ago is None
        else TODAY - timedelta(days=talked_days_ago),
    )


@pytest.mark.parametrize(
    ("given_facts", "kept_as"),
    [
        pytest.param(schedule(Stage.CONNECTED), Stage.CONNECTED, id="connected-awaiting"),
        pytest.param(
            schedule(Stage.CONNECTED, talked_days_ago=200),
            Stage.CONNECTED,
            id="connected-talked-only-before-connecting",
        ),
        pytest.param(
            schedule(Stage.CONNECTED, talked_days_ago=10), Stage.ACTIVE, id="connected-talked"
        ),
        pytest.param(
            schedule(Stage.CONNECTED, connected=False), Stage.CONNECTED, id="connected-no-date"
        ),
        pytest.param(schedule(Stage.UNSORTED), Stage.ACTIVE, id="unsorted"),
        pytest.param(schedule(Stage.UNSORTED, talked_days_ago=10), Stage.ACTIVE, id="unsorted-2"),
        pytest.param(schedule(Stage.PROSPECT, connected=False), Stage.ACTIVE, id="prospect"),
        pytest.param(schedule(Stage.DORMANT, talked_days_ago=10), Stage.ACTIVE, id="dormant"),
        pytest.param(schedule(Stage.ACTIVE), Stage.ACTIVE, id="active"),
    ],
)
def test_keeping_leaves_connected_people_awaiting_a_first_message_connected(
    given_facts: ScheduleFacts, kept_as: Stage
) -> None:
    assert stage_when_kept(given_facts) is kept_as


@pytest.mark.parametrize(
    ("given_facts", "put_off_as"),
    [
        pytest.param(schedule(Stage.UNSORTED), Stage.CONNECTED, id="connected-never-talked"),
        pytest.param(
            schedule(Stage.UNSORTED, talked_days_ago=200),
            Stage.CONNECTED,
            id="talked-only-before-connecting",
        ),
        pytest.param(schedule(Stage.UNSORTED, talked_days_ago=10), Stage.ACTIVE, id="talked-since"),
        pytest.param(
            schedule(Stage.UNSORTED, connected=False, talked_days_ago=10),
            Stage.ACTIVE,
            id="talked-no-connection-date",
        ),
        pytest.param(schedule(Stage.UNSORTED, connected=False), Stage.PROSPECT, id="stranger"),
    ],
)
def test_later_puts_people_you_talked_with_in_the_circle(
    given_facts: ScheduleFacts, put_off_as: Stage
) -> None:
    assert stage_when_put_off(given_facts) is put_off_as

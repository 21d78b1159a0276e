"""Date arithmetic is total: any day of the calendar, as today or as a fact, gives a
value or an :class:`InvalidInput`, never an ``OverflowError`` (issue 13, class 6).

Shifting a day stops at ``date.min``/``date.max`` (:func:`add_days`); days typed
or imported keep to 1900-01-01..2100-12-31 (:func:`parse_date`).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from netdeck.domain.cadence import MAX_CADENCE_DAYS
from netdeck.domain.dates import (
    EARLIEST_DAY,
    LATEST_DAY,
    add_days,
    is_accepted_day,
    parse_date,
)
from netdeck.domain.errors import InvalidInput
from netdeck.domain.health import (
    ContactRecord,
    InteractionRecord,
    health_from_records,
    queue_streak,
    week_ends,
)
from netdeck.domain.interactions import Direction, InteractionKind
from netdeck.domain.scheduling import (
    ScheduleFacts,
    after_interaction,
    after_snooze,
    after_stage_change,
    due_reason,
    is_due,
    next_due_on,
    period_days,
    queue_sort_key,
)
from netdeck.domain.stages import NEVER_DUE, Stage
from netdeck.domain.triage import PromiseFacts, promise_reasons, promise_score, spread_due_on

any_day = st.dates(min_value=date.min, max_value=date.max)
maybe_day = st.none() | any_day
#: The calendar's ends and the accepted range's, where overflow and off-by-one live.
EDGES = (date.min, date(1, 1, 2), EARLIEST_DAY, LATEST_DAY, date(9999, 12, 30), date.max)

facts_strategy = st.builds(
    ScheduleFacts,
    stage=st.sampled_from(Stage),
    stage_since=any_day,
    cadence_days=st.integers(min_value=1, max_value=MAX_CADENCE_DAYS),
    connected_on=maybe_day,
    last_interaction_on=maybe_day,
    snoozed_until=maybe_day,
)


@given(day=any_day, days=st.integers(min_value=-(10**10), max_value=10**10))
@example(day=date.max, days=1)
@example(day=date.min, days=-1)
def test_add_days_is_the_calendar_shift_held_at_its_ends(day: date, days: int) -> None:
    shifted = add_days(day, days)
    try:
        exact = day + timedelta(days=days)
    except OverflowError:
        exact = date.max if days > 0 else date.min
    assert shifted == exact


@given(day=any_day)
def test_typed_days_outside_the_accepted_range_are_refused_with_the_range(day: date) -> None:
    text = day.isoformat()
    if is_accepted_day(day):
        assert parse_date(text) == day
    else:
        with pytest.raises(InvalidInput, match="from 1900-01-01 to 2100-12-31"):
            parse_date(text)


@pytest.mark.parametrize("text", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_far_typed_days_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match=f"bad date '{text}'"):
        parse_date(text)


@given(facts=facts_strategy, today=any_day, other=any_day, stage=st.sampled_from(Stage))
@example(
    facts=ScheduleFacts(
        stage=Stage.ACTIVE,
        stage_since=date.max,
        cadence_days=MAX_CADENCE_DAYS,
        last_interaction_on=date.max,
    ),
    today=date.max,
    other=date.max,
    stage=Stage.CONNECTED,
)
@example(
    facts=ScheduleFacts(stage=Stage.REQUESTED, stage_since=date.max, cadence_days=1),
    today=date.min,
    other=date.min,
    stage=Stage.REQUESTED,
)
@example(
    facts=ScheduleFacts(
        stage=Stage.CONNECTED, stage_since=date.min, cadence_days=1, connected_on=date.max
    ),
    today=date.max,
    other=date.max,
    stage=Stage.ACTIVE,
)
def test_the_scheduling_rules_never_overflow(
    facts: ScheduleFacts, today: date, other: date, stage: Stage
) -> None:
    """Every rule, on any facts and any today: a value, or InvalidInput (a refused snooze)."""
    due = next_due_on(facts)
    assert due is None or date.min <= due <= date.max
    is_due(facts, today, skipped_on=other)
    due_reason(facts, today)
    if due is not None:
        queue_sort_key(
            stage=facts.stage,
            due_on=due,
            today=today,
            cadence_days=facts.cadence_days,
            name_key="x",
            contact_id=1,
        )
    for kind in InteractionKind:
        for direction in Direction:
            next_due_on(after_interaction(facts, kind, direction, other))
    next_due_on(after_stage_change(facts, stage, today))
    if facts.stage not in NEVER_DUE and today < other and is_accepted_day(other):
        assert next_due_on(after_snooze(facts, other, today)) == other
    else:
        with pytest.raises(InvalidInput):
            after_snooze(facts, other, today)
    assert period_days(facts.stage, facts.cadence_days) >= 1


@given(today=any_day, cleared=st.lists(any_day, max_size=5), near=st.integers(0, 3))
@example(today=date.min, cleared=[date.min], near=0)
@example(today=date.max, cleared=[date.max], near=0)
def test_the_health_and_triage_rules_never_overflow(
    today: date, cleared: list[date], near: int
) -> None:
    # Streaks run back to the calendar's first day without passing it.
    days = [*cleared, *(add_days(today, -k) for k in range(near))]
    assert queue_streak(days, today) <= len(set(days))
    assert len(week_ends(today)) == 12
    spread_due_on(natural_due=today, today=today, window_days=30, load={}, capacity=1)
    facts = PromiseFacts(
        connected_on=today, last_interaction_on=today, shares_circle_tag=False, details=0
    )
    promise_score(facts, today)
    promise_reasons(facts, today)


@pytest.mark.parametrize("today", EDGES, ids=str)
@pytest.mark.parametrize("fact", EDGES, ids=str)
def test_every_health_figure_is_worked_out_at_the_calendar_ends(today: date, fact: date) -> None:
    contacts = [
        ContactRecord(
            id=stage_number,
            name=stage.value,
            stage=stage,
            stage_since=fact,
            cadence_days=MAX_CADENCE_DAYS,
            next_due_on=next_due_on(ScheduleFacts(stage, fact, MAX_CADENCE_DAYS, fact, fact, None)),
            last_interaction_on=fact,
            connected_on=fact,
        )
        for stage_number, stage in enumerate(Stage, start=1)
    ]
    interactions = [
        InteractionRecord(1, fact, InteractionKind.MESSAGE, Direction.OUTBOUND, "hi", 1),
        InteractionRecord(1, fact, InteractionKind.REPLY, Direction.INBOUND),
        InteractionRecord(2, fact, InteractionKind.CONNECTION_REQUEST, Direction.OUTBOUND),
    ]
    health_from_records(
        contacts,
        interactions,
        cleared_days=[fact, today],
        snippet_names={1: "hello"},
        today=today,
        inner_circle_target=10,
    )

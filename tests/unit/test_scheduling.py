"""The scheduling rules: when each stage is due, how events move the facts, why
someone is due, and the queue order. Expected dates are worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from netdeck.domain.errors import InvalidInput
from netdeck.domain.interactions import Direction, InteractionKind
from netdeck.domain.scheduling import (
    ScheduleFacts,
    after_interaction,
    after_snooze,
    after_stage_change,
    due_reason,
    is_due,
    next_due_on,
    queue_sort_key,
    relative_overdueness,
)
from netdeck.domain.stages import Stage

TODAY = date(2026, 11, 25)
SINCE = date(2026, 11, 1)


def facts(stage: Stage, **changes: object) -> ScheduleFacts:
    base = ScheduleFacts(stage=stage, stage_since=SINCE, cadence_days=30)
    return replace(base, **changes)


# ---------------------------------------------------------------- next_due_on


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param(facts(Stage.PROSPECT), date(2026, 11, 1), id="prospect-due-the-day-it-began"),
        pytest.param(facts(Stage.REQUESTED), date(2026, 11, 15), id="requested-due-14-days-later"),
        pytest.param(
            facts(Stage.CONNECTED, connected_on=date(2026, 11, 10)),
            date(2026, 11, 13),
            id="connected-due-3-days-after-connecting",
        ),
        pytest.param(
            facts(Stage.CONNECTED),
            date(2026, 11, 4),
            id="connected-without-date-counts-from-stage-start",
        ),
        pytest.param(
            facts(Stage.ACTIVE), date(2026, 11, 1), id="active-never-contacted-due-at-once"
        ),
        pytest.param(
            facts(Stage.ACTIVE, last_interaction_on=date(2026, 10, 20)),
            date(2026, 11, 19),
            id="active-last-interaction-plus-30",
        ),
        pytest.param(
            facts(Stage.ACTIVE, cadence_days=14, last_interaction_on=date(2026, 11, 20)),
            date(2026, 12, 4),
            id="active-own-cadence-14",
        ),
        pytest.param(
            facts(Stage.ACTIVE, cadence_days=365, last_interaction_on=date(2025, 12, 31)),
            date(2026, 12, 31),
            id="active-yearly",
        ),
        pytest.param(
            facts(Stage.PROSPECT, snoozed_until=date(2026, 12, 1)),
            date(2026, 12, 1),
            id="snooze-overrides-prospect",
        ),
        pytest.param(
            facts(
                Stage.CONNECTED, connected_on=date(2026, 11, 10), snoozed_until=date(2026, 11, 30)
            ),
            date(2026, 11, 30),
            id="snooze-overrides-connected",
        ),
        pytest.param(
            facts(
                Stage.ACTIVE,
                last_interaction_on=date(2026, 11, 20),
                snoozed_until=date(2026, 12, 1),
            ),
            date(2026, 12, 1),
            id="snooze-replaces-even-an-later-cadence-date",
        ),
        pytest.param(facts(Stage.UNSORTED), None, id="unsorted-never-due"),
        pytest.param(
            facts(Stage.DORMANT, last_interaction_on=date(2026, 1, 1)), None, id="dormant-never-due"
        ),
        pytest.param(
            facts(Stage.ARCHIVED, snoozed_until=date(2026, 12, 1)),
            None,
            id="archived-never-due-even-snoozed",
        ),
    ],
)
def test_next_due_on(given: ScheduleFacts, expected: date | None) -> None:
    assert next_due_on(given) == expected


# ---------------------------------------------------------------- after_interaction

OUT, IN = Direction.OUTBOUND, Direction.INBOUND
K = InteractionKind


@pytest.mark.parametrize(
    ("before", "kind", "direction", "on", "after"),
    [
        pytest.param(
            facts(Stage.ACTIVE, last_interaction_on=date(2026, 10, 15)),
            K.MESSAGE,
            OUT,
            TODAY,
            facts(Stage.ACTIVE, last_interaction_on=TODAY),
            id="outbound-message-sets-last-interaction",
        ),
        pytest.param(
            facts(Stage.ACTIVE),
            K.REPLY,
            IN,
            TODAY,
            facts(Stage.ACTIVE, last_interaction_on=TODAY, awaiting_reply_on=TODAY),
            id="inbound-reply-sets-last-interaction-and-awaits-your-reply",
        ),
        pytest.param(
            facts(Stage.ACTIVE),
            K.CALL,
            OUT,
            date(2026, 11, 20),
            facts(Stage.ACTIVE, last_interaction_on=date(2026, 11, 20)),
            id="call",
        ),
        pytest.param(
            facts(Stage.ACTIVE),
            K.MEETING,
            IN,
            date(2026, 11, 21),
            facts(Stage.ACTIVE, last_interaction_on=date(2026, 11, 21)),
            id="meeting",
        ),
        pytest.param(
            facts(Stage.ACTIVE, last_interaction_on=date(2026, 11, 20)),
            K.MESSAGE,
            OUT,
            date(2026, 11, 10),
            facts(Stage.ACTIVE, last_interaction_on=date(2026, 11, 20)),
            id="past-dated-message-does-not-move-last-interaction-back",
        ),
        pytest.param(
            facts(Stage.ACTIVE, last_interaction_on=date(2026, 11, 1)),
            K.MESSAGE,
            OUT,
            date(2026, 11, 10),
            facts(Stage.ACTIVE, last_interaction_on=date(2026, 11, 10)),
            id="past-dated-message-after-the-last-moves-it-forward",
        ),
        pytest.param(
            facts(Stage.CONNECTED, connected_on=date(2026, 11, 20)),
            K.MESSAGE,
            OUT,
            TODAY,
            facts(
                Stage.ACTIVE,
                stage_since=TODAY,
                connected_on=date(2026, 11, 20),
                last_interaction_on=TODAY,
            ),
            id="connected-becomes-active",
        ),
        pytest.param(
            facts(Stage.PROSPECT),
            K.MESSAGE,
            OUT,
            TODAY,
            facts(Stage.ACTIVE, stage_since=TODAY, last_interaction_on=TODAY),
            id="prospect-becomes-active",
        ),
        pytest.param(
            facts(Stage.REQUESTED),
            K.REPLY,
            IN,
            TODAY,
            facts(
                Stage.ACTIVE, stage_since=TODAY, last_interaction_on=TODAY, awaiting_reply_on=TODAY
            ),
            id="requested-becomes-active",
        ),
        pytest.param(
            facts(Stage.UNSORTED),
            K.CALL,
            OUT,
            TODAY,
            facts(Stage.ACTIVE, stage_since=TODAY, last_interaction_on=TODAY),
            id="unsorted-becomes-active",
        ),
        pytest.param(
            facts(Stage.DORMANT, last_interaction_on=date(2025, 6, 1)),
            K.MEETING,
            OUT,
            date(2026, 11, 24),
            facts(
                Stage.ACTIVE, stage_since=date(2026, 11, 24), last_interaction_on=date(2026, 11, 24)
            ),
            id="dormant-becomes-active",
        ),
        pytest.param(
            facts(Stage.ARCHIVED, last_interaction_on=date(2025, 6, 1)),
            K.REPLY,
            IN,
            TODAY,
            facts(Stage.ARCHIVED, last_interaction_on=TODAY, awaiting_reply_on=TODAY),
            id="archived-stays-archived",
        ),
        pytest.param(
            facts(Stage.PROSPECT),
            K.CONNECTION_REQUEST,
            OUT,
            date(2026, 11, 24),
            facts(Stage.REQUESTED, stage_since=date(2026, 11, 24)),
            id="outbound-request-makes-prospect-requested",
        ),
        pytest.param(
            facts(Stage.PROSPECT, snoozed_until=date(2026, 12, 5)),
            K.CONNECTION_REQUEST,
            OUT,
            TODAY,
            facts(Stage.REQUESTED, stage_since=TODAY),
            id="request-clears-snooze",
        ),
        pytest.param(
            facts(Stage.PROSPECT),
            K.CONNECTION_REQUEST,
            IN,
            TODAY,
            facts(Stage.PROSPECT),
            id="inbound-request-changes-nothing",
        ),
        pytest.param(
            facts(Stage.ACTIVE, last_interaction_on=date(2026, 11, 1)),
            K.CONNECTION_REQUEST,
            OUT,
            TODAY,
            facts(Stage.ACTIVE, last_interaction_on=date(2026, 11, 1)),
            id="request-to-non-prospect-changes-nothing",
        ),
        pytest.param(
            facts(
                Stage.CONNECTED,
                connected_on=date(2026, 11, 20),
                snoozed_until=date(2026, 12, 1),
            ),
            K.NOTE,
            OUT,
            TODAY,
            facts(
                Stage.CONNECTED,
                connected_on=date(2026, 11, 20),
                snoozed_until=date(2026, 12, 1),
            ),
            id="note-changes-nothing",
        ),
        pytest.param(
            facts(
                Stage.ACTIVE, last_interaction_on=date(2026, 11, 1), snoozed_until=date(2026, 12, 9)
            ),
            K.MESSAGE,
            OUT,
            TODAY,
            facts(Stage.ACTIVE, last_interaction_on=TODAY),
            id="conversation-clears-snooze",
        ),
        pytest.param(
            facts(
                Stage.ACTIVE,
                last_interaction_on=date(2026, 11, 20),
                snoozed_until=date(2026, 12, 9),
            ),
            K.MESSAGE,
            OUT,
            date(2026, 11, 2),
            facts(Stage.ACTIVE, last_interaction_on=date(2026, 11, 20)),
            id="past-dated-conversation-still-clears-snooze",
        ),
    ],
)
def test_after_interaction(
    before: ScheduleFacts,
    kind: InteractionKind,
    direction: Direction,
    on: date,
    after: ScheduleFacts,
) -> None:
    assert after_interaction(before, kind, direction, on) == after


@pytest.mark.parametrize(
    ("before", "expected_due"),
    [
        pytest.param(
            facts(Stage.CONNECTED, connected_on=date(2026, 11, 20)),
            date(2026, 12, 25),
            id="connected",
        ),
        pytest.param(
            facts(Stage.ACTIVE, cadence_days=14), date(2026, 12, 9), id="active-every-2-weeks"
        ),
        pytest.param(facts(Stage.ARCHIVED), None, id="archived"),
    ],
)
def test_a_message_today_makes_the_contact_due_one_cadence_later(
    before: ScheduleFacts, expected_due: date | None
) -> None:
    assert next_due_on(after_interaction(before, K.MESSAGE, OUT, TODAY)) == expected_due


# ---------------------------------------------------------------- after_stage_change


@pytest.mark.parametrize(
    ("before", "stage", "after", "due"),
    [
        pytest.param(
            facts(Stage.PROSPECT),
            Stage.CONNECTED,
            facts(Stage.CONNECTED, stage_since=TODAY, connected_on=TODAY),
            date(2026, 11, 28),
            id="connected-without-date-means-today",
        ),
        pytest.param(
            facts(Stage.REQUESTED, connected_on=date(2026, 11, 20)),
            Stage.CONNECTED,
            facts(Stage.CONNECTED, stage_since=TODAY, connected_on=date(2026, 11, 20)),
            date(2026, 11, 23),
            id="connected-keeps-a-known-date",
        ),
        pytest.param(
            facts(
                Stage.ACTIVE,
                last_interaction_on=date(2026, 11, 20),
                snoozed_until=date(2026, 12, 30),
            ),
            Stage.DORMANT,
            facts(Stage.DORMANT, stage_since=TODAY, last_interaction_on=date(2026, 11, 20)),
            None,
            id="dormant-clears-snooze-and-is-never-due",
        ),
        pytest.param(
            facts(
                Stage.CONNECTED, connected_on=date(2026, 11, 20), snoozed_until=date(2026, 12, 1)
            ),
            Stage.ACTIVE,
            facts(Stage.ACTIVE, stage_since=TODAY, connected_on=date(2026, 11, 20)),
            TODAY,
            id="active-without-interaction-due-today",
        ),
        pytest.param(
            facts(Stage.DORMANT, last_interaction_on=date(2026, 9, 1)),
            Stage.ACTIVE,
            facts(Stage.ACTIVE, stage_since=TODAY, last_interaction_on=date(2026, 9, 1)),
            date(2026, 10, 1),
            id="reactivated-due-from-last-interaction",
        ),
        pytest.param(
            facts(Stage.UNSORTED),
            Stage.PROSPECT,
            facts(Stage.PROSPECT, stage_since=TODAY),
            TODAY,
            id="prospect-due-today",
        ),
        pytest.param(
            facts(Stage.PROSPECT),
            Stage.REQUESTED,
            facts(Stage.REQUESTED, stage_since=TODAY),
            date(2026, 12, 9),
            id="requested-due-in-14-days",
        ),
    ],
)
def test_after_stage_change(
    before: ScheduleFacts, stage: Stage, after: ScheduleFacts, due: date | None
) -> None:
    changed = after_stage_change(before, stage, TODAY)
    assert changed == after
    assert next_due_on(changed) == due


# ---------------------------------------------------------------- after_snooze


@pytest.mark.parametrize("stage", [Stage.UNSORTED, Stage.DORMANT, Stage.ARCHIVED], ids=str)
def test_snooze_refuses_stages_that_are_never_due(stage: Stage) -> None:
    with pytest.raises(InvalidInput, match=f"stage {stage.value} is never due"):
        after_snooze(facts(stage), date(2026, 12, 1), TODAY)


@pytest.mark.parametrize(
    "until",
    [pytest.param(TODAY, id="today"), pytest.param(date(2026, 11, 24), id="yesterday")],
)
def test_snooze_refuses_days_not_after_today(until: date) -> None:
    with pytest.raises(InvalidInput, match="pick a day after today"):
        after_snooze(facts(Stage.ACTIVE), until, TODAY)


@pytest.mark.parametrize(
    "stage", [Stage.PROSPECT, Stage.REQUESTED, Stage.CONNECTED, Stage.ACTIVE], ids=str
)
def test_snooze_moves_the_due_date_without_an_interaction(stage: Stage) -> None:
    before = facts(stage, last_interaction_on=date(2026, 10, 1))
    snoozed = after_snooze(before, date(2026, 11, 26), TODAY)
    assert snoozed == replace(before, snoozed_until=date(2026, 11, 26))
    assert next_due_on(snoozed) == date(2026, 11, 26)


# ---------------------------------------------------------------- is_due


@pytest.mark.parametrize(
    ("given", "skipped_on", "expected"),
    [
        pytest.param(facts(Stage.PROSPECT, stage_since=TODAY), None, True, id="due-today"),
        pytest.param(facts(Stage.ACTIVE), None, True, id="overdue"),
        pytest.param(
            facts(Stage.PROSPECT, stage_since=date(2026, 11, 26)), None, False, id="due-tomorrow"
        ),
        pytest.param(facts(Stage.ACTIVE), TODAY, False, id="skipped-today"),
        pytest.param(facts(Stage.ACTIVE), date(2026, 11, 24), True, id="skipped-yesterday-is-back"),
        pytest.param(facts(Stage.DORMANT), None, False, id="never-due"),
        pytest.param(
            facts(Stage.ACTIVE, snoozed_until=date(2026, 11, 30)), None, False, id="snoozed"
        ),
    ],
)
def test_is_due(given: ScheduleFacts, skipped_on: date | None, expected: bool) -> None:
    assert is_due(given, TODAY, skipped_on) is expected


# ---------------------------------------------------------------- due_reason


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        pytest.param(
            facts(Stage.PROSPECT, stage_since=TODAY),
            "new prospect: send a request with a personal note",
            id="new-prospect",
        ),
        pytest.param(
            facts(Stage.PROSPECT, stage_since=date(2026, 11, 20)),
            "prospect for 5 days, no request sent yet",
            id="waiting-prospect",
        ),
        pytest.param(
            facts(Stage.PROSPECT, stage_since=date(2026, 11, 24)),
            "prospect for 1 day, no request sent yet",
            id="prospect-since-yesterday-singular",
        ),
        pytest.param(
            facts(Stage.REQUESTED, stage_since=date(2026, 11, 11)),
            "request sent 14 days ago, no answer yet",
            id="requested",
        ),
        pytest.param(
            facts(Stage.REQUESTED, stage_since=date(2026, 11, 24)),
            "request sent yesterday, no answer yet",
            id="requested-yesterday",
        ),
        pytest.param(
            facts(Stage.CONNECTED, connected_on=date(2026, 11, 20)),
            "connected 5 days ago, no message yet",
            id="connected-5-days",
        ),
        pytest.param(
            facts(Stage.CONNECTED, stage_since=TODAY),
            "connected today, no message yet",
            id="connected-today-from-stage-start",
        ),
        pytest.param(
            facts(
                Stage.CONNECTED,
                connected_on=date(2017, 3, 1),
                last_interaction_on=date(2026, 11, 15),
            ),
            "connected 3556 days ago, last talked 10 days ago",
            id="connected-and-talked-since-is-not-no-message-yet",
        ),
        pytest.param(
            facts(
                Stage.CONNECTED,
                connected_on=date(2026, 11, 20),
                last_interaction_on=date(2026, 1, 15),
            ),
            "connected 5 days ago, no message yet",
            id="connected-talked-only-before-connecting",
        ),
        pytest.param(
            facts(Stage.ACTIVE, stage_since=date(2026, 11, 22)),
            "added 3 days ago, not contacted yet",
            id="active-never-contacted",
        ),
        pytest.param(
            facts(Stage.ACTIVE, last_interaction_on=date(2026, 10, 9)),
            "last talked 47 days ago, every 30 days",
            id="active-47-days",
        ),
        pytest.param(
            facts(Stage.ACTIVE, cadence_days=14, last_interaction_on=TODAY),
            "last talked today, every 2 weeks",
            id="talked-today",
        ),
        pytest.param(
            facts(Stage.ACTIVE, cadence_days=365, last_interaction_on=date(2026, 11, 24)),
            "last talked yesterday, every year",
            id="talked-yesterday-yearly",
        ),
        pytest.param(
            facts(Stage.ACTIVE, cadence_days=7, last_interaction_on=date(2026, 11, 15)),
            "last talked 10 days ago, every week",
            id="weekly",
        ),
        pytest.param(
            facts(Stage.ACTIVE, cadence_days=90, last_interaction_on=date(2026, 11, 15)),
            "last talked 10 days ago, every 90 days",
            id="quarterly-in-days",
        ),
        pytest.param(facts(Stage.DORMANT), "dormant: not scheduled", id="dormant"),
        pytest.param(facts(Stage.UNSORTED), "unsorted: not scheduled", id="unsorted"),
        pytest.param(facts(Stage.ARCHIVED), "archived: not scheduled", id="archived"),
    ],
)
def test_due_reason(given: ScheduleFacts, reason: str) -> None:
    assert due_reason(given, TODAY) == reason


# ---------------------------------------------------------------- order


@pytest.mark.parametrize(
    ("due_on", "period", "expected"),
    [
        pytest.param(date(2026, 11, 23), 5, 0.4, id="2-late-on-5"),
        pytest.param(date(2026, 11, 22), 10, 0.3, id="3-late-on-10"),
        pytest.param(TODAY, 30, 0.0, id="due-today"),
        pytest.param(date(2026, 10, 26), 30, 1.0, id="one-period-late"),
        pytest.param(date(2026, 11, 27), 4, -0.5, id="not-yet-due"),
    ],
)
def test_relative_overdueness(due_on: date, period: int, expected: float) -> None:
    assert relative_overdueness(due_on, TODAY, period) == pytest.approx(expected)


def key(
    stage: Stage, due_on: date, cadence: int = 30, name: str = "x", contact_id: int = 1
) -> tuple[int, float, date, str, int]:
    return queue_sort_key(
        stage=stage,
        due_on=due_on,
        today=TODAY,
        cadence_days=cadence,
        name_key=name,
        contact_id=contact_id,
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(
            key(Stage.CONNECTED, TODAY),
            key(Stage.ACTIVE, date(2026, 8, 17), cadence=5),
            id="connected-before-a-badly-overdue-active",
        ),
        pytest.param(
            key(Stage.ACTIVE, date(2026, 11, 23), cadence=5),
            key(Stage.ACTIVE, date(2026, 11, 22), cadence=10),
            id="2-late-on-5-before-3-late-on-10",
        ),
        pytest.param(
            key(Stage.PROSPECT, date(2026, 11, 18)),
            key(Stage.ACTIVE, date(2026, 11, 5), cadence=30),
            id="prospect-week-late-before-active-20-late-on-30",
        ),
        pytest.param(
            key(Stage.ACTIVE, date(2026, 11, 22), cadence=5),
            key(Stage.REQUESTED, date(2026, 11, 18)),
            id="requested-measured-on-14-days",
        ),
        pytest.param(
            key(Stage.CONNECTED, date(2026, 11, 20)),
            key(Stage.CONNECTED, date(2026, 11, 24)),
            id="longer-waiting-connection-first",
        ),
        pytest.param(
            key(Stage.ACTIVE, date(2026, 11, 13), cadence=30, name="zed"),
            key(Stage.ACTIVE, date(2026, 11, 23), cadence=5, name="amy"),
            id="equal-overdueness-earlier-due-date-first",
        ),
        pytest.param(
            key(Stage.ACTIVE, date(2026, 11, 20), name="amy", contact_id=9),
            key(Stage.ACTIVE, date(2026, 11, 20), name="bob", contact_id=1),
            id="then-by-name",
        ),
        pytest.param(
            key(Stage.ACTIVE, date(2026, 11, 20), name="amy", contact_id=3),
            key(Stage.ACTIVE, date(2026, 11, 20), name="amy", contact_id=4),
            id="then-by-id",
        ),
    ],
)
def test_queue_sort_key_puts_first_before_second(first: tuple, second: tuple) -> None:
    assert first < second


def test_queue_order_of_a_mixed_day() -> None:
    people = {
        "new connection": key(Stage.CONNECTED, date(2026, 11, 25), name="nia", contact_id=7),
        "waiting connection": key(Stage.CONNECTED, date(2026, 11, 23), name="zoe", contact_id=8),
        "prospect (1.0)": key(Stage.PROSPECT, date(2026, 11, 18), name="pat", contact_id=2),
        "5-day (0.4), due 23rd": key(Stage.ACTIVE, date(2026, 11, 23), 5, "ann", 1),
        "30-day (0.4), due 13th": key(Stage.ACTIVE, date(2026, 11, 13), 30, "bea", 3),
        "10-day (0.3)": key(Stage.ACTIVE, date(2026, 11, 22), 10, "cal", 4),
        "due today, dan #6": key(Stage.ACTIVE, TODAY, 30, "dan", 6),
        "due today, dan #5": key(Stage.ACTIVE, TODAY, 30, "dan", 5),
        "due today, abe": key(Stage.ACTIVE, TODAY, 30, "abe", 9),
    }
    order = sorted(people, key=people.__getitem__)
    assert order == [
        "waiting connection",
        "new connection",
        "prospect (1.0)",
        "30-day (0.4), due 13th",
        "5-day (0.4), due 23rd",
        "10-day (0.3)",
        "due today, abe",
        "due today, dan #5",
        "due today, dan #6",
    ]

"""Health figures by their definitions: a hand-worked network, an empty one, edge days."""

from __future__ import annotations

from datetime import date

from netdeck.domain.health import (
    BARE_LIST_LIMIT,
    WEEKS,
    ContactList,
    ContactRecord,
    Ratio,
    health_from_records,
    is_on_cadence,
    queue_streak,
    week_ends,
    week_of,
)
from netdeck.domain.stages import Stage
from tests.health_dataset import (
    CLEARED_DAYS,
    CONTACTS,
    EXPECTED,
    INTERACTIONS,
    SNIPPET_NAMES,
    TODAY,
)


def test_every_figure_of_the_hand_worked_network() -> None:
    health = health_from_records(
        CONTACTS,
        INTERACTIONS,
        cleared_days=CLEARED_DAYS,
        snippet_names=SNIPPET_NAMES,
        today=TODAY,
        inner_circle_target=100,
    )
    assert health == EXPECTED


def test_an_empty_network_is_all_zeros_and_no_shares() -> None:
    health = health_from_records(
        [], [], cleared_days=[], snippet_names={}, today=TODAY, inner_circle_target=100
    )
    assert health.inner_circle == Ratio(0, 100)
    assert health.on_cadence == Ratio(0, 0)
    assert health.on_cadence_weekly == (Ratio(0, 0),) * WEEKS
    assert (health.follow_through, health.request_notes, health.reciprocity) == (Ratio(0, 0),) * 3
    assert (health.replies_received, health.messages_sent, health.snippet_replies) == (0, 0, ())
    assert health.interactions_per_week == (0,) * WEEKS
    assert (health.streak_days, health.cleared_today) == (0, False)
    assert health.drifting == health.let_go == ContactList((), 0)


def test_contacts_without_interactions_count_as_active_but_not_on_cadence() -> None:
    new = ContactRecord(1, "New Person", Stage.ACTIVE, TODAY, 30, TODAY)
    health = health_from_records(
        [new], [], cleared_days=[], snippet_names={}, today=TODAY, inner_circle_target=1
    )
    assert (health.inner_circle, health.on_cadence) == (Ratio(1, 1), Ratio(0, 1))
    assert health.drifting.total == health.let_go.total == 0


def test_zero_of_zero_shows_a_dash_not_zero_percent() -> None:
    assert Ratio(0, 0).describe() == "0 of 0 (—)"
    assert Ratio(0, 3).describe() == "0 of 3 (0%)"
    assert Ratio(2, 3).percent_text() == "67%"


def test_streak_counts_back_from_today_or_yesterday() -> None:
    today = date(2026, 11, 25)
    days = [date(2026, 11, d) for d in (21, 23, 24, 25)]
    assert queue_streak(days, today) == 3  # 25, 24, 23
    assert queue_streak(days[:-1], today) == 2  # today not yet: 24, 23
    assert queue_streak(days[:-2], today) == 0  # yesterday not cleared either


def test_due_today_is_still_on_cadence_and_the_weeks_end_today() -> None:
    assert is_on_cadence(date(2026, 11, 11), 14, TODAY)
    assert not is_on_cadence(date(2026, 11, 10), 14, TODAY)
    assert week_ends(TODAY)[-1] == TODAY and week_ends(TODAY)[0] == date(2026, 9, 9)
    assert (week_of(TODAY, TODAY), week_of(date(2026, 9, 3), TODAY)) == (11, 0)
    assert week_of(date(2026, 9, 2), TODAY) is None


def test_request_notes_count_only_personal_ones() -> None:
    """Issue 16: a request judged impersonal when it was marked sent (its snippet as
    rendered, nothing but a name) is no note; a blank one neither."""
    from netdeck.domain.health import InteractionRecord
    from netdeck.domain.interactions import Direction, InteractionKind

    day = date(2026, 11, 20)

    def request(text: str, *, impersonal: bool = False) -> InteractionRecord:
        return InteractionRecord(
            1,
            day,
            InteractionKind.CONNECTION_REQUEST,
            Direction.OUTBOUND,
            text,
            impersonal=impersonal,
        )

    health = health_from_records(
        [],
        [
            request("Hi Greg, I came across your profile.", impersonal=True),  # a mail merge
            request("Hi Ann, I came across your profile (the MBA program)."),
            request("Hello from a typed note"),
            request("Loved your talk"),
            request("  "),  # blank
        ],
        cleared_days=[],
        snippet_names={},
        today=TODAY,
        inner_circle_target=100,
    )
    assert health.request_notes == Ratio(3, 5)


def test_requests_without_a_note_are_counted_and_the_latest_listed() -> None:
    from tests.health_dataset import bare_request_scenario

    people, interactions = bare_request_scenario()
    health = health_from_records(
        people,
        interactions,
        cleared_days=[],
        snippet_names={},
        today=TODAY,
        inner_circle_target=100,
    )
    bare = health.bare_requests
    assert bare.total == 12 and bare.more == 2
    assert [(r.name, r.on) for r in bare.requests[:2]] == [
        ("Person 01", date(2026, 11, 14)),
        ("Person 02", date(2026, 11, 13)),
    ]
    assert len(bare.requests) == BARE_LIST_LIMIT == 10
    assert bare.text() == "12 requests went out without a note"
    # November's notes: Person 13's and Person 14's (today); October's does not count.
    assert (health.note_budget.used, health.note_budget.left) == (2, 3)


def test_no_limit_on_premium_and_no_bare_request() -> None:
    health = health_from_records(
        [],
        [],
        cleared_days=[],
        snippet_names={},
        today=TODAY,
        inner_circle_target=100,
        notes_per_month=None,
    )
    assert health.bare_requests.text() == "no request went out without a note"
    assert (health.note_budget.limit, health.note_budget.left) == (None, None)

"""The pure rules behind a sync: who awaits your reply, changes of jobs, and where
both put a contact in the queue."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netdeck.domain.interactions import Direction, InteractionKind
from netdeck.domain.replies import LogEntry, awaiting_reply, preview
from netdeck.domain.roles import role_text, role_update
from netdeck.domain.scheduling import (
    ScheduleFacts,
    after_interaction,
    after_snooze,
    due_on,
    due_reason,
    is_awaiting_reply,
    is_due,
    next_due_on,
    queue_sort_key,
)
from netdeck.domain.stages import Stage

TODAY = date(2026, 12, 16)


def facts(stage: Stage = Stage.UNSORTED, **changes: object) -> ScheduleFacts:
    return ScheduleFacts(stage=stage, stage_since=date(2026, 1, 1), cadence_days=30, **changes)  # type: ignore[arg-type]  # the optional fields


def entry(day: int, *, inbound: bool, written: bool = True, hour: int | None = 12) -> LogEntry:
    on = date(2026, 12, day)
    at = None if hour is None else datetime(2026, 12, day, hour)
    return LogEntry(on, at, day, inbound, written, text=f"on {day}")


# ---------------------------------------------------------------- the log


@pytest.mark.parametrize(
    ("log", "awaiting"),
    [
        pytest.param([], None, id="nothing"),
        pytest.param([entry(8, inbound=True)], 8, id="they-wrote"),
        pytest.param([entry(8, inbound=True), entry(9, inbound=False)], None, id="you-answered"),
        pytest.param([entry(8, inbound=False), entry(9, inbound=True)], 9, id="they-answered"),
        pytest.param(
            [entry(8, inbound=True, hour=18), entry(8, inbound=False, hour=9)],
            8,
            id="same-day-their-message-was-later",
        ),
        pytest.param(
            [entry(8, inbound=True, hour=18), entry(8, inbound=False, hour=None)],
            None,
            id="same-day-your-reply-logged-by-hand-answers",
        ),
        pytest.param(
            [entry(8, inbound=True), entry(9, inbound=True, written=False)],
            None,
            id="they-called-after",
        ),
    ],
)
def test_who_awaits_a_reply(log: list[LogEntry], awaiting: int | None) -> None:
    found = awaiting_reply(log)
    assert (found.day.day if found else None) == awaiting


def test_a_preview_is_one_line_cut_at_a_word_and_shows_controls() -> None:
    assert preview("Happy to!\nThe pilot went live last week.") == (
        "Happy to! The pilot went live last week."
    )
    assert preview("Happy to! The pilot went live last week. Coffee?") == (
        "Happy to! The pilot went live last…"
    )
    assert preview("\x1b[2Jhi") == "\\x1b[2Jhi"


# ---------------------------------------------------------------- the queue


def test_awaiting_a_reply_inside_the_window_is_due_the_day_they_wrote() -> None:
    wrote = facts(awaiting_reply_on=TODAY - timedelta(days=3))
    assert next_due_on(wrote) is None  # unsorted: the stage's rule says never
    assert is_due(wrote, TODAY) and due_on(wrote, TODAY) == TODAY - timedelta(days=3)
    assert due_reason(wrote, TODAY, wrote="coffee next week?") == (
        "wrote 3 days ago: 'coffee next week?'"
    )
    assert not is_due(facts(awaiting_reply_on=TODAY - timedelta(days=15)), TODAY)
    assert is_due(facts(awaiting_reply_on=TODAY - timedelta(days=14)), TODAY)
    assert not is_due(facts(Stage.ARCHIVED, awaiting_reply_on=TODAY), TODAY)
    assert not is_due(
        facts(awaiting_reply_on=TODAY, snoozed_until=TODAY + timedelta(days=1)), TODAY
    )


def test_snoozing_someone_who_wrote_works_in_any_stage() -> None:
    snoozed = after_snooze(facts(awaiting_reply_on=TODAY), TODAY + timedelta(days=2), TODAY)
    assert not is_due(snoozed, TODAY)
    assert is_due(snoozed, TODAY + timedelta(days=2))


@pytest.mark.parametrize(
    ("kind", "direction", "still_awaiting"),
    [
        (InteractionKind.MESSAGE, Direction.OUTBOUND, False),
        (InteractionKind.CONNECTION_REQUEST, Direction.OUTBOUND, False),
        (InteractionKind.CALL, Direction.INBOUND, False),
        (InteractionKind.MEETING, Direction.OUTBOUND, False),
        (InteractionKind.NOTE, Direction.OUTBOUND, True),
        (InteractionKind.REPLY, Direction.INBOUND, True),
    ],
)
def test_what_answers_them(
    kind: InteractionKind, direction: Direction, still_awaiting: bool
) -> None:
    before = facts(Stage.ACTIVE, awaiting_reply_on=TODAY, last_interaction_on=TODAY)
    after = after_interaction(before, kind, direction, TODAY)
    assert is_awaiting_reply(after, TODAY) is still_awaiting


def test_a_change_of_jobs_brings_active_and_connected_forward_until_you_talk() -> None:
    active = facts(
        Stage.ACTIVE, last_interaction_on=TODAY - timedelta(days=5), role_changed_on=TODAY
    )
    assert next_due_on(active) == TODAY
    assert due_reason(active, TODAY, role="CTO at Tessellate") == "now CTO at Tessellate"
    talked = after_interaction(active, InteractionKind.MESSAGE, Direction.OUTBOUND, TODAY)
    assert talked.role_changed_on is None and next_due_on(talked) == TODAY + timedelta(days=30)
    assert next_due_on(facts(Stage.UNSORTED, role_changed_on=TODAY)) is None


any_day = st.integers(-40, 5).map(lambda n: TODAY + timedelta(days=n))
any_facts = st.builds(
    ScheduleFacts,
    stage=st.sampled_from(list(Stage)),
    stage_since=st.integers(-400, 0).map(lambda n: TODAY + timedelta(days=n)),
    cadence_days=st.sampled_from([5, 14, 30]),
    last_interaction_on=st.none() | any_day,
    snoozed_until=st.none() | any_day,
    awaiting_reply_on=st.none() | any_day,
    role_changed_on=st.none() | any_day,
)


@settings(max_examples=200, deadline=None)
@given(people=st.lists(any_facts, max_size=20))
def test_everyone_awaiting_a_reply_comes_before_everyone_else(
    people: list[ScheduleFacts],
) -> None:
    due = [(i, f) for i, f in enumerate(people) if is_due(f, TODAY)]

    def key(item: tuple[int, ScheduleFacts]) -> tuple[int, int, float, date, str, int]:
        i, f = item
        day = due_on(f, TODAY)
        assert day is not None and day <= TODAY
        return queue_sort_key(
            stage=f.stage,
            due_on=day,
            today=TODAY,
            cadence_days=f.cadence_days,
            name_key="",
            contact_id=i,
            awaiting_reply=is_awaiting_reply(f, TODAY),
        )

    flags = [is_awaiting_reply(f, TODAY) for _, f in sorted(due, key=key)]
    assert flags == sorted(flags, reverse=True)
    assert all(f.stage is not Stage.ARCHIVED for f in people if is_awaiting_reply(f, TODAY))


# ---------------------------------------------------------------- jobs


def test_role_text() -> None:
    assert role_text("VP Product", "Contoso") == "VP Product at Contoso"
    assert role_text("", "Contoso") == "Contoso"


@pytest.mark.parametrize(
    ("deck", "imported", "new", "expected"),
    [
        pytest.param(
            ("", ""), (None, None), ("Contoso", "VP"), ("Contoso", "VP", False), id="fill"
        ),
        pytest.param(
            ("Acme", "PM"), (None, None), ("Contoso", "VP"), ("Acme", "PM", False), id="no-baseline"
        ),
        pytest.param(
            ("Acme", "PM"), ("Acme", "PM"), ("Contoso", "VP"), ("Contoso", "VP", True), id="changed"
        ),
        pytest.param(
            ("Acme Inc", "PM"),
            ("Acme", "PM"),
            ("Contoso", "VP"),
            ("Acme Inc", "PM", True),
            id="typed-by-hand",
        ),
        pytest.param(
            ("Acme", "PM"), ("Acme", "PM"), ("Acme", "PM"), ("Acme", "PM", False), id="same"
        ),
        pytest.param(
            ("Acme", "PM"), ("Acme", "PM"), ("", ""), ("Acme", "PM", False), id="not-given"
        ),
    ],
)
def test_role_update(
    deck: tuple[str, str],
    imported: tuple[str | None, str | None],
    new: tuple[str, str],
    expected: tuple[str, str, bool],
) -> None:
    update = role_update(
        company=deck[0],
        title=deck[1],
        imported_company=imported[0],
        imported_title=imported[1],
        new_company=new[0],
        new_title=new[1],
    )
    assert (update.company, update.title, update.changed_jobs) == expected

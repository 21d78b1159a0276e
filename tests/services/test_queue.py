"""Today's queue as the services build it from the database."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import delete, event, select, update

from netdeck.domain.cadence import effective_cadence
from netdeck.domain.key_dates import KeyDateKind, PendingDate
from netdeck.domain.note_budget import NoteUse, is_note_only, notes_for_today, paced
from netdeck.domain.roles import role_text
from netdeck.domain.scheduling import (
    ScheduleFacts,
    due_reason,
    is_awaiting_reply,
    queue_sort_key,
    queue_with_pulled,
)
from netdeck.domain.settings import Settings
from netdeck.domain.stages import NEVER_DUE, Stage
from netdeck.services.api import DeckApi
from netdeck.services.contacts import ContactFields, add_contact, get_contact
from netdeck.services.key_dates import refresh_key_date
from netdeck.services.queue import due_contacts, queue_cleared, todays_queue
from netdeck.services.schedule import log_interaction, skip_for_today, snooze_contact
from netdeck.services.settings import change_setting, load_settings
from netdeck.services.views import ContactDetail, QueueSnapshot
from netdeck.store.database import Database
from netdeck.store.models import Channel, Contact, Interaction, KeyDate
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

Add = Callable[..., ContactDetail]


def queue(database: Database, today: date, **given: object) -> QueueSnapshot:
    with database.reading() as session:
        return todays_queue(
            session,
            today=today,
            settings=load_settings(session),
            **given,  # type: ignore[arg-type]
        )


def set_due(database: Database, contact_id: int, due: date, **columns: object) -> None:
    """Move a contact's stored due date directly (as if it were added long ago)."""
    with database.writing() as session:
        session.execute(
            update(Contact).where(Contact.id == contact_id).values(next_due_on=due, **columns)
        )


def names(snapshot: QueueSnapshot) -> list[str]:
    return [entry.name for entry in snapshot.entries]


def test_empty_database_has_an_empty_queue(database: Database, today: date) -> None:
    snapshot = queue(database, today)

    assert snapshot.entries == ()
    assert (snapshot.due_total, snapshot.done_today, snapshot.contact_count) == (0, 0, 0)
    assert snapshot.next_due_on is None
    assert (snapshot.inner_circle, snapshot.inner_circle_target) == (0, 100)


def test_queue_order_reasons_and_channels(add: Add, database: Database, today: date) -> None:
    connected = add(
        "Nia New", stage="connected", connected_on="2026-11-20", linkedin=["linkedin.com/in/nia"]
    )
    five = add("Ann Five", cadence="5", email=["ann@example.com"])
    ten = add("Cal Ten", cadence="10")
    prospect = add("Pat Prospect", stage="prospect")
    add("Dora Dormant", stage="dormant")
    add("Una Unsorted", stage="unsorted")
    add("Archie Archived", stage="archived")
    add("Rex Requested", stage="requested")  # due in 14 days
    set_due(database, five.id, date(2026, 11, 23), last_interaction_on=date(2026, 11, 18))
    set_due(database, ten.id, date(2026, 11, 22), last_interaction_on=date(2026, 11, 12))
    set_due(database, prospect.id, date(2026, 11, 24), stage_since=date(2026, 11, 24))

    snapshot = queue(database, today)

    assert [(e.name, e.overdue_days, e.reason) for e in snapshot.entries] == [
        ("Nia New", 2, "connected 5 days ago, no message yet"),
        ("Ann Five", 2, "last talked 7 days ago, every 5 days"),
        ("Cal Ten", 3, "last talked 13 days ago, every 10 days"),
        ("Pat Prospect", 1, "prospect for 1 day, no request sent yet"),
    ]
    assert snapshot.entries[0].channels == {"linkedin": "https://www.linkedin.com/in/nia"}
    assert snapshot.entries[0].due_on == date(2026, 11, 23)
    assert snapshot.entries[1].channels == {"email": "ann@example.com"}
    assert snapshot.entries[1].cadence_days == 5
    assert snapshot.due_total == 4
    assert snapshot.contact_count == 8
    assert snapshot.inner_circle == 2
    assert snapshot.next_due_on == date(2026, 12, 9)
    assert connected.id == snapshot.entries[0].id


def test_queue_is_capped_at_the_queue_size_setting(
    add: Add, database: Database, today: date
) -> None:
    for index in range(7):
        added = add(f"Person {index}")
        set_due(database, added.id, today - timedelta(days=index))
    with database.writing() as session:
        change_setting(session, "queue-size", "3")

    capped = queue(database, today)
    limited = queue(database, today, limit=5)
    everyone = queue(database, today, show_all=True)

    assert names(capped) == ["Person 6", "Person 5", "Person 4"]
    assert capped.due_total == 7
    assert len(limited.entries) == 5
    assert names(everyone) == [f"Person {i}" for i in range(6, -1, -1)]


def test_those_awaiting_your_reply_fill_the_queue_without_the_rest_being_ordered(
    add: Add, database: Database, today: date
) -> None:
    # Thousands may be due in a big deck; when enough people await your reply, the
    # queue is theirs and the others' order is never worked out (the queue query's
    # cost at 100,000 contacts).
    for index in range(4):
        added = add(f"Overdue {index}")
        set_due(database, added.id, today - timedelta(days=90 + index))
    for index, days in enumerate([3, 1, 2]):
        added = add(f"Wrote {index}")
        set_due(
            database,
            added.id,
            today + timedelta(days=20),
            awaiting_reply_on=today - timedelta(days=days),
        )
    statements: list[str] = []
    listen = lambda *a: statements.append(a[2])  # noqa: E731  (conn, cursor, statement, ...)
    event.listen(database.engine, "before_cursor_execute", listen)
    try:
        two = queue(database, today, limit=2)
        statements_for_two = list(statements)
        five = queue(database, today, limit=5)
    finally:
        event.remove(database.engine, "before_cursor_execute", listen)

    assert names(two) == ["Wrote 0", "Wrote 2"]
    assert not any("due_ids" in statement for statement in statements_for_two)
    # Fewer await than the queue holds: the most overdue of the rest follow them.
    assert names(five) == ["Wrote 0", "Wrote 2", "Wrote 1", "Overdue 3", "Overdue 2"]


def test_done_today_counts_contacts_talked_to_today(
    add: Add, database: Database, today: date, settings: Settings
) -> None:
    jane, raj, zoe, ola = (add(n) for n in ("Jane Doe", "Raj Patel", "Zoë Ng", "Ola Berg"))
    with database.writing() as session:
        for contact_id, kind, on in [
            (jane.id, "message", today),
            (jane.id, "reply", today),  # same person twice counts once
            (raj.id, "note", today),  # a note is not talking to someone
            (zoe.id, "call", today - timedelta(days=1)),  # yesterday
            (ola.id, "message", today),
        ]:
            log_interaction(
                session,
                get_contact(session, contact_id),
                today=today,
                settings=settings,
                kind=kind,
                on=on,
            )

    snapshot = queue(database, today)

    assert snapshot.done_today == 2
    assert names(snapshot) == ["Raj Patel"]  # the others are now due next month
    assert snapshot.next_due_on == date(2026, 12, 24)


def test_skipped_contacts_are_hidden_today_and_back_tomorrow(
    add: Add, database: Database, today: date, settings: Settings
) -> None:
    jane = add("Jane Doe")
    add("Raj Patel", stage="requested")
    with database.writing() as session:
        skip_for_today(get_contact(session, jane.id), today=today, settings=settings)

    snapshot = queue(database, today)
    tomorrow = queue(database, today + timedelta(days=1))

    assert (names(snapshot), snapshot.due_total) == ([], 0)
    assert snapshot.next_due_on == today + timedelta(days=1)
    assert names(tomorrow) == ["Jane Doe"]


def test_snoozed_contacts_leave_the_queue_until_the_day(
    add: Add, database: Database, today: date, settings: Settings
) -> None:
    jane = add("Jane Doe")
    with database.writing() as session:
        snooze_contact(
            get_contact(session, jane.id), until=date(2026, 11, 30), today=today, settings=settings
        )

    assert names(queue(database, today)) == []
    assert queue(database, today).next_due_on == date(2026, 11, 30)
    assert names(queue(database, date(2026, 11, 30))) == ["Jane Doe"]


# ---------------------------------------------------------------- SQL order == domain order

STAGES = [Stage.CONNECTED, Stage.ACTIVE, Stage.ACTIVE, Stage.PROSPECT, Stage.REQUESTED, *NEVER_DUE]
# Days overdue that divide evenly by many periods, so equal overdueness with
# different due dates (and so every tie-break) comes up often; negative: not due yet.
OVERDUE = [-3, -1, 0, 0, 1, 2, 3, 5, 6, 7, 10, 14, 15, 20, 21, 28, 30, 60, 90, 400]
NAMES = ["Ann Lee", "ann lee", "Bob Stone", "Zoë Ørsted", "Åsa Berg", "Bob Stone"]


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.integers(0, 2**32 - 1),
    count=st.integers(0, 30),
    default_cadence=st.sampled_from([7, 30, 45]),
    limit=st.none() | st.integers(1, 12),
    reply_window=st.sampled_from([1, 14, 30]),
    # 28 February in a year without a 29th (the 29 February birthdays fall on it).
    today=st.sampled_from(
        [date(2026, 11, 25), date(2027, 2, 28), date(2028, 2, 29), date(2026, 11, 1)]
    ),
    # LinkedIn's monthly notes (None: the free plan's five) and how many went out.
    notes_per_month=st.sampled_from([None, None, 0, 1, 3, 30]),
    premium=st.booleans(),
    notes=st.lists(st.integers(-40, 0), max_size=6),
)
def test_sql_queue_order_equals_the_domain_sort(
    database: Database,
    today: date,
    seed: int,
    count: int,
    default_cadence: int,
    limit: int | None,
    reply_window: int,
    notes_per_month: int | None,
    premium: bool,
    notes: list[int],
) -> None:
    # One database for every example: each starts by deleting the last one's contacts.
    rng = random.Random(seed)
    settings = Settings(
        default_cadence=default_cadence,
        reply_window=reply_window,
        linkedin_plan="premium" if premium else "free",
        linkedin_notes_per_month=notes_per_month,
    )
    with database.writing() as session:
        session.execute(delete(Interaction))
        session.execute(delete(Contact))
        for _ in range(count):
            detail = add_contact(
                session, ContactFields(name=rng.choice(NAMES)), today=today, settings=settings
            )
            contact = session.get(Contact, detail.id)
            assert contact is not None
            contact.stage = rng.choice(STAGES).value
            contact.cadence_days = rng.choice([None, 1, 3, 5, 7, 10, 14, 30, 90, 365])
            # The shortest cadence of their tags: theirs when they have none of their own.
            contact.tag_cadence_days = rng.choice([None, None, 2, 7, 14, 60])
            contact.next_due_on = (
                None if contact.stage in NEVER_DUE else today - timedelta(days=rng.choice(OVERDUE))
            )
            contact.skipped_on = rng.choice([None, None, today, today - timedelta(days=1)])
            # Awaiting your reply: inside, at the edge of and outside the window, snoozed
            # or not (the rule reads the snooze too).
            contact.awaiting_reply_on = rng.choice(
                [None, None, None, *(today - timedelta(days=d) for d in (0, 1, 5, 13, 14, 15, 40))]
            )
            contact.snoozed_until = rng.choice(
                [None, None, None, today, today + timedelta(days=2), today - timedelta(days=1)]
            )
            # Note-only prospects (no e-mail, X or website) are paced; pulled ones never.
            for kind in rng.choice([[], ["linkedin"], ["email"], ["x", "linkedin"], ["website"]]):
                contact.channels.append(
                    Channel(kind=kind, value=f"{kind}-{detail.id}", lookup_key=f"{detail.id}")
                )
            # (Someone with a due date: the domain's sort key needs one.)
            if contact.next_due_on is not None:
                contact.pulled_on = rng.choice([None, None, None, today, today - timedelta(days=1)])
            add_key_dates(contact, rng, today)
            # The pending date (and the due date with it) as the rules leave them.
            refresh_key_date(contact, settings)
        sent = [today + timedelta(days=days) for days in notes]
        for on in sent if count else []:
            session.add(
                Interaction(
                    contact_id=detail.id,
                    occurred_on=on,
                    channel="linkedin",
                    kind="connection-request",
                    direction="outbound",
                    text_sent="Hi, I liked your talk",
                )
            )

    with database.reading() as session:
        got = due_contacts(session, today=today, settings=settings, limit=limit)
        contacts = list(session.scalars(select(Contact)))
        kinds = {c.id: {channel.kind for channel in c.channels} for c in contacts}
    in_month = [on for on in sent if count and on >= today.replace(day=1)]
    use = NoteUse(
        used=len(in_month),
        used_today=in_month.count(today),
        last_before_today=max((on for on in in_month if on < today), default=None),
    )
    allowance = notes_for_today(use, settings.linkedin_notes_limit, today)

    def facts(c: Contact) -> ScheduleFacts:
        return ScheduleFacts(
            stage=Stage(c.stage),
            stage_since=c.stage_since,
            cadence_days=effective_cadence(c.cadence_days, c.tag_cadence_days, default_cadence),
            snoozed_until=c.snoozed_until,
            awaiting_reply_on=c.awaiting_reply_on,
            reply_window_days=reply_window,
            key_date=None
            if c.key_date_on is None
            else PendingDate(c.key_date_on, KeyDateKind(c.key_date_kind), c.key_date_note or ""),
        )

    # The stored due date stands for the stage's rule; awaiting a reply is the domain's.
    due = [
        c
        for c in contacts
        if (
            (c.next_due_on is not None and c.next_due_on <= today)
            or is_awaiting_reply(facts(c), today)
        )
        and c.skipped_on != today
    ]

    def key(c: Contact) -> tuple[int, int, float, date, str, int]:
        awaiting = is_awaiting_reply(facts(c), today)
        return queue_sort_key(
            stage=Stage(c.stage),
            due_on=c.awaiting_reply_on if awaiting else c.next_due_on,
            today=today,
            cadence_days=effective_cadence(c.cadence_days, c.tag_cadence_days, default_cadence),
            name_key=c.name_key,
            contact_id=c.id,
            awaiting_reply=awaiting,
            key_date_on=c.key_date_on,
        )

    due.sort(key=key)
    pulled = [c for c in contacts if c.pulled_on == today and c.skipped_on != today]
    pulled.sort(key=key)

    def note_only(c: Contact) -> bool:
        return (
            is_note_only(c.stage, kinds[c.id])
            and not is_awaiting_reply(facts(c), today)
            and c.pulled_on != today
        )

    shown, _held = paced(due, allowance, note_only)
    expected = queue_with_pulled(pulled, shown, limit, lambda c: c.id)
    assert [entry.id for entry in got] == [c.id for c in expected]
    # The key date's reason, from the queue's rows, as the rules say it.
    by_id = {c.id: c for c in contacts}
    for entry in got:
        c = by_id[entry.id]
        if (
            not entry.awaiting_reply
            and not entry.pulled
            and c.key_date_on is not None
            and c.key_date_on <= today
        ):
            assert entry.reason == due_reason(facts(c), today, role=role_text(c.title, c.company))
            assert entry.reason.startswith(("birthday", "anniversary", "you asked to", "your "))


def add_key_dates(contact: Contact, rng: random.Random, today: date) -> None:
    """None, or a few birthdays, anniversaries and reminders, added long ago, lately
    or today, 29 February among them."""
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        kind = rng.choice(list(KeyDateKind))
        on = today + timedelta(days=rng.choice([-400, -3, -1, 0, 0, 1, 5]))
        month, day = rng.choice([(on.month, on.day), (2, 29)])
        contact.key_dates.append(
            KeyDate(
                kind=kind.value,
                month=month,
                day=day,
                year=None if kind is KeyDateKind.BIRTHDAY else on.year,
                yearly=kind is not KeyDateKind.REMINDER or rng.random() < 0.5,
                note=rng.choice(["", "ask how the launch went"]),
                added_on=today - timedelta(days=rng.choice([0, 2, 30, 800])),
                source="manual",
            )
        )


def test_a_pull_puts_anyone_in_todays_queue_past_the_daily_size_until_it_is_done(
    add: Add, database: Database, today: date
) -> None:
    from netdeck.services.api import DeckApi

    due = [add(f"Due {n}", stage="active").id for n in range(3)]
    later = add("Talked Lately", stage="active", cadence="30")
    unsorted = add("Not Sorted", stage="unsorted")
    with database.writing() as session:
        change_setting(session, "queue-size", "2")
        log_interaction(
            session,
            get_contact(session, later.id),
            today=today,
            settings=load_settings(session),
            on=today - timedelta(days=1),
        )
    deck = DeckApi(database, lambda: today)
    assert [e.id for e in deck.queue().entries] == due[:2]

    deck.pull(later.id)
    outcome = deck.pull(unsorted.id)
    deck.pull(due[2])

    snapshot = deck.queue()
    # Pulled first (in queue order among themselves), then the daily size's share.
    assert [e.id for e in snapshot.entries] == [due[2], later.id, unsorted.id, *due[:2]]
    assert [e.pulled for e in snapshot.entries] == [True, True, True, False, False]
    assert snapshot.entries[1].reason.startswith("pulled in today; last talked yesterday")
    with database.reading() as session:
        assert get_contact(session, unsorted.id).pulled_on == today  # a restart still shows it
        assert not queue_cleared(session, today=today, settings=load_settings(session))

    deck.undo(outcome.undo)
    assert unsorted.id not in [e.id for e in deck.queue().entries]
    deck.mark_done(later.id, channel=None, kind="message", note="")
    deck.skip(due[2])
    # Logged and skipped: the pull is over; the day after, no pull is left either.
    assert [e.id for e in deck.queue().entries] == due[:1]
    tomorrow = DeckApi(database, lambda: today + timedelta(days=1))
    assert not any(e.pulled for e in tomorrow.queue(show_all=True).entries)


# ---------------------------------------------------------------- the note budget


def send_notes(database: Database, contact_id: int, days: list[date]) -> None:
    """Connection requests with a note, as ``log`` or an import would leave them."""
    with database.writing() as session:
        for on in days:
            session.add(
                Interaction(
                    contact_id=contact_id,
                    occurred_on=on,
                    channel="linkedin",
                    kind="connection-request",
                    direction="outbound",
                    note="Hi, I liked your talk",
                )
            )


def test_note_only_prospects_are_paced_and_held_past_the_daily_size(
    add: Add, database: Database, today: date
) -> None:
    prospects = [
        add(f"Pat {n}", stage="prospect", linkedin=[f"linkedin.com/in/pat{n}"]) for n in range(3)
    ]
    mailed = add("Mo Mail", stage="prospect", email=["mo@example.com"])
    active = add("Ann Active")
    for n, contact in enumerate([*prospects, mailed]):
        set_due(database, contact.id, today - timedelta(days=10 - n))
    set_due(database, active.id, today)
    with database.writing() as session:
        change_setting(session, "queue-size", "3")

    # 25 November, 5 notes left and 6 days: one note-only prospect today.
    snapshot = queue(database, today)
    assert names(snapshot) == ["Pat 0", "Mo Mail", "Ann Active"]
    assert (snapshot.due_total, snapshot.held) == (3, 2)
    assert snapshot.note_budget is not None
    assert snapshot.note_budget.as_json() == {
        "used": 0,
        "limit": 5,
        "left": 5,
        "resets_on": "2026-12-01",
    }
    everyone = queue(database, today, show_all=True)
    assert [(e.name, e.held) for e in everyone.entries] == [
        ("Pat 0", None),
        ("Mo Mail", None),
        ("Ann Active", None),
        ("Pat 1", "note-budget"),
        ("Pat 2", "note-budget"),
    ]
    # Pat 0 has today's note; Pat 1 comes back tomorrow, Pat 2 the day after.
    assert [e.reason for e in everyone.entries[3:]] == [
        "paced: 5 LinkedIn notes left this month; next on 26 Nov",
        "paced: 5 LinkedIn notes left this month; next on 27 Nov",
    ]

    # The month's five spent: every note-only prospect is held until 1 December.
    send_notes(database, active.id, [today - timedelta(days=d) for d in (0, 2, 4, 6, 8)])
    spent = queue(database, today, show_all=True)
    assert [e.name for e in spent.entries if e.held is None] == ["Mo Mail", "Ann Active"]
    assert spent.held == 3
    assert spent.entries[-1].reason == "LinkedIn note budget spent (5 of 5): resets on 1 Dec"
    # The contact says so too (show, the contact screen); the one with e-mail does not.
    api = DeckApi(database, lambda: today)
    assert api.contact(prospects[0].id).reason == spent.entries[-1].reason
    assert "note budget" not in api.contact(mailed.id).reason
    assert queue(database, date(2026, 12, 1)).held == 2  # a new month: one shown again

    with database.writing() as session:
        change_setting(session, "linkedin-plan", "premium")
    premium = queue(database, today)
    assert (premium.held, premium.due_total) == (0, 5)
    assert names(premium) == ["Pat 0", "Pat 1"]  # today's request counts as one done


def test_a_queue_of_held_prospects_only_is_cleared_and_a_pull_still_shows_one(
    add: Add, database: Database, today: date
) -> None:
    from netdeck.services.api import DeckApi

    pat, quinn = (add(name, stage="prospect") for name in ("Pat Prospect", "Quinn Prospect"))
    for contact in (pat, quinn):
        set_due(database, contact.id, today - timedelta(days=3))
    send_notes(database, pat.id, [today])  # today's one note is sent

    deck = DeckApi(database, lambda: today)
    assert (names(deck.queue()), deck.queue().held) == ([], 2)
    with database.reading() as session:
        assert queue_cleared(session, today=today, settings=load_settings(session))

    deck.pull(quinn.id)
    assert [(e.name, e.pulled) for e in deck.queue().entries] == [("Quinn Prospect", True)]
    assert deck.queue().held == 1

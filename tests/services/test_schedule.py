"""Acting on a contact: logging, snoozing, skipping and changing stage, as stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from netdeck.domain.errors import InvalidInput
from netdeck.domain.settings import Settings
from netdeck.services.contacts import get_contact
from netdeck.services.schedule import change_stage, log_interaction, skip_for_today, snooze_contact
from netdeck.services.views import ContactDetail
from netdeck.store.database import Database
from netdeck.store.models import Contact, Interaction
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

Add = Callable[..., ContactDetail]
Stored = Callable[[int], Contact]


def log(
    database: Database, contact_id: int, today: date, settings: Settings, **given: object
) -> None:
    with database.writing() as session:
        log_interaction(
            session,
            get_contact(session, contact_id),
            today=today,
            settings=settings,
            **given,  # type: ignore[arg-type]
        )


def interactions(database: Database, contact_id: int) -> list[tuple]:
    with database.reading() as session:
        rows = session.scalars(
            select(Interaction).where(Interaction.contact_id == contact_id).order_by(Interaction.id)
        )
        return [
            (row.occurred_on, row.channel, row.kind, row.direction, row.note, row.source)
            for row in rows
        ]


def schedule(contact: Contact) -> tuple:
    return (
        contact.stage,
        contact.last_interaction_on,
        contact.next_due_on,
        contact.snoozed_until,
    )


# ---------------------------------------------------------------- log_interaction


def test_default_log_is_an_outbound_message_today_on_the_preferred_channel(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add(
        "Jane Doe", email=["jane@example.com"], linkedin=["linkedin.com/in/jane"], prefer="email"
    )

    log(database, added.id, today, settings, note="  asked about the move  ")

    assert interactions(database, added.id) == [
        (today, "email", "message", "outbound", "asked about the move", "manual")
    ]
    assert schedule(stored(added.id)) == ("active", today, date(2026, 12, 25), None)


def test_without_addresses_the_channel_is_other(
    add: Add, database: Database, today: date, settings: Settings
) -> None:
    added = add("Jane Doe")

    log(database, added.id, today, settings, kind="call", inbound=True)

    assert interactions(database, added.id) == [(today, "other", "call", "inbound", "", "manual")]


@pytest.mark.parametrize(
    ("stage", "given", "expected"),
    [
        pytest.param(
            "connected",
            {},
            ("active", date(2026, 11, 25), date(2026, 12, 25), None),
            id="message-to-new-connection-makes-it-active",
        ),
        pytest.param(
            "active",
            {"kind": "reply", "inbound": True, "on": date(2026, 11, 20)},
            ("active", date(2026, 11, 20), date(2026, 12, 20), None),
            id="past-dated-inbound-reply",
        ),
        pytest.param(
            "prospect",
            {"kind": "connection-request", "channel": "linkedin"},
            ("requested", None, date(2026, 12, 9), None),
            id="request-makes-prospect-requested",
        ),
        pytest.param(
            "connected",
            {"kind": "note", "note": "likes climbing"},
            ("connected", None, date(2026, 11, 28), None),
            id="note-changes-nothing",
        ),
        pytest.param(
            "archived",
            {"kind": "meeting", "channel": "in-person"},
            ("archived", date(2026, 11, 25), None, None),
            id="archived-stays-archived",
        ),
        pytest.param(
            "dormant",
            {"kind": "call", "channel": "phone"},
            ("active", date(2026, 11, 25), date(2026, 12, 25), None),
            id="call-wakes-dormant",
        ),
    ],
)
def test_log_moves_the_schedule(
    add: Add,
    stored: Stored,
    database: Database,
    today: date,
    settings: Settings,
    stage: str,
    given: dict[str, object],
    expected: tuple,
) -> None:
    added = add("Jane Doe", stage=stage)

    log(database, added.id, today, settings, **given)

    assert schedule(stored(added.id)) == expected
    assert len(interactions(database, added.id)) == 1


def test_past_dated_log_does_not_move_the_last_interaction_back(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add("Jane Doe", cadence="2w")
    log(database, added.id, today, settings, on=date(2026, 11, 20))

    log(database, added.id, today, settings, on=date(2026, 11, 2))

    assert schedule(stored(added.id)) == ("active", date(2026, 11, 20), date(2026, 12, 4), None)
    assert [row[0] for row in interactions(database, added.id)] == [
        date(2026, 11, 20),
        date(2026, 11, 2),
    ]


def test_log_clears_a_snooze(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add("Jane Doe")
    with database.writing() as session:
        snooze_contact(
            get_contact(session, added.id), until=date(2027, 1, 5), today=today, settings=settings
        )

    log(database, added.id, today, settings)

    assert schedule(stored(added.id)) == ("active", today, date(2026, 12, 25), None)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        pytest.param({"on": date(2026, 11, 26)}, "in the future", id="future-date"),
        pytest.param({"kind": "email"}, "unknown interaction kind", id="bad-kind"),
        pytest.param({"channel": "fax"}, "unknown channel", id="bad-channel"),
    ],
)
def test_bad_log_is_refused_and_changes_nothing(
    add: Add,
    stored: Stored,
    database: Database,
    today: date,
    settings: Settings,
    row_counts: Callable[[], dict[str, int]],
    given: dict[str, object],
    message: str,
) -> None:
    added = add("Jane Doe", stage="connected")
    before = row_counts()

    with pytest.raises(InvalidInput, match=message):
        log(database, added.id, today, settings, **given)

    assert row_counts() == before
    assert schedule(stored(added.id)) == ("connected", None, date(2026, 11, 28), None)


# ---------------------------------------------------------------- snooze


def test_snooze_moves_the_due_date_without_an_interaction(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add("Jane Doe", stage="connected")

    with database.writing() as session:
        change = snooze_contact(
            get_contact(session, added.id), until=date(2026, 12, 2), today=today, settings=settings
        )

    assert change.next_due_on == date(2026, 12, 2)
    assert schedule(stored(added.id)) == ("connected", None, date(2026, 12, 2), date(2026, 12, 2))
    assert interactions(database, added.id) == []


@pytest.mark.parametrize(
    ("stage", "until", "message"),
    [
        pytest.param("active", date(2026, 11, 25), "pick a day after today", id="today"),
        pytest.param("active", date(2026, 11, 1), "pick a day after today", id="past"),
        pytest.param("dormant", date(2026, 12, 1), "never due", id="dormant"),
        pytest.param("archived", date(2026, 12, 1), "never due", id="archived"),
    ],
)
def test_bad_snooze_changes_nothing(
    add: Add,
    stored: Stored,
    database: Database,
    today: date,
    settings: Settings,
    stage: str,
    until: date,
    message: str,
) -> None:
    added = add("Jane Doe", stage=stage)
    before = schedule(stored(added.id))

    with pytest.raises(InvalidInput, match=message), database.writing() as session:
        snooze_contact(get_contact(session, added.id), until=until, today=today, settings=settings)

    assert schedule(stored(added.id)) == before


# ---------------------------------------------------------------- skip


def test_skip_hides_for_today_and_logging_brings_back_the_schedule(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add("Jane Doe")

    with database.writing() as session:
        change = skip_for_today(get_contact(session, added.id), today=today, settings=settings)

    contact = stored(added.id)
    assert (contact.skipped_on, contact.next_due_on, change.next_due_on) == (today, today, today)

    log(database, added.id, today, settings)
    assert stored(added.id).skipped_on is None


def test_a_note_keeps_the_skip(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add("Jane Doe")
    with database.writing() as session:
        skip_for_today(get_contact(session, added.id), today=today, settings=settings)

    log(database, added.id, today, settings, kind="note")

    assert stored(added.id).skipped_on == today


@pytest.mark.parametrize(
    "stage", [pytest.param("requested", id="due-later"), pytest.param("dormant", id="never-due")]
)
def test_skip_refuses_a_contact_not_due_today(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings, stage: str
) -> None:
    added = add("Jane Doe", stage=stage)

    with pytest.raises(InvalidInput, match="Jane Doe is not due today"), database.writing() as s:
        skip_for_today(get_contact(s, added.id), today=today, settings=settings)

    assert stored(added.id).skipped_on is None


# ---------------------------------------------------------------- change_stage


@pytest.mark.parametrize(
    ("start", "stage", "expected"),
    [
        pytest.param(
            "prospect",
            "connected",
            ("connected", date(2026, 11, 25), date(2026, 11, 28)),
            id="connected-today",
        ),
        pytest.param("active", "Dormant", ("dormant", None, None), id="dormant-case-insensitive"),
        pytest.param("unsorted", "prospect", ("prospect", None, date(2026, 11, 25)), id="prospect"),
        pytest.param(
            "prospect", "requested", ("requested", None, date(2026, 12, 9)), id="requested"
        ),
        pytest.param("dormant", "active", ("active", None, date(2026, 11, 25)), id="active"),
    ],
)
def test_change_stage(
    add: Add,
    stored: Stored,
    database: Database,
    today: date,
    settings: Settings,
    start: str,
    stage: str,
    expected: tuple,
) -> None:
    added = add("Jane Doe", stage=start)

    with database.writing() as session:
        change = change_stage(get_contact(session, added.id), stage, today=today, settings=settings)

    contact = stored(added.id)
    assert (contact.stage, contact.connected_on, contact.next_due_on) == expected
    assert (change.stage, change.next_due_on) == (expected[0], expected[2])
    assert contact.stage_since == today


def test_change_stage_clears_a_snooze(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add("Jane Doe", stage="requested")
    with database.writing() as session:
        contact = get_contact(session, added.id)
        snooze_contact(contact, until=date(2027, 2, 1), today=today, settings=settings)
        change_stage(contact, "connected", today=today + timedelta(days=1), settings=settings)

    assert schedule(stored(added.id)) == ("connected", None, date(2026, 11, 29), None)


@pytest.mark.parametrize(
    ("stage", "message"),
    [
        pytest.param("active", "Jane Doe is already active", id="same-stage"),
        pytest.param("friend", "unknown stage 'friend'", id="unknown-stage"),
    ],
)
def test_bad_stage_change_changes_nothing(
    add: Add,
    stored: Stored,
    database: Database,
    today: date,
    settings: Settings,
    stage: str,
    message: str,
) -> None:
    added = add("Jane Doe")

    with pytest.raises(InvalidInput, match=message), database.writing() as session:
        change_stage(get_contact(session, added.id), stage, today=today, settings=settings)

    assert schedule(stored(added.id)) == ("active", None, today, None)

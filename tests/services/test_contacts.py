"""Adding and editing contacts: what ends up in the database, and what bad input leaves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from netdeck.domain.channels import ChannelKind
from netdeck.domain.errors import InvalidInput
from netdeck.domain.settings import Settings
from netdeck.services.contacts import ContactFields, add_contact, edit_contact, get_contact
from netdeck.services.schedule import log_interaction, snooze_contact
from netdeck.services.views import ContactDetail
from netdeck.store.database import Database
from netdeck.store.models import Contact
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

Add = Callable[..., ContactDetail]
Stored = Callable[[int], Contact]


def channels_of(contact: Contact) -> list[tuple[str, str, bool]]:
    return [(ch.kind, ch.value, ch.preferred) for ch in contact.channels]


def edit(
    database: Database, contact_id: int, today: date, settings: Settings, **given: object
) -> ContactDetail:
    addresses = given.pop("addresses", {})
    with database.writing() as session:
        return edit_contact(
            session,
            get_contact(session, contact_id),
            ContactFields(addresses=addresses, **given),  # type: ignore[arg-type]
            today=today,
            settings=settings,
        )


# ---------------------------------------------------------------- adding


def test_add_derives_names_and_makes_an_active_contact_due_today(
    add: Add, stored: Stored, today: date
) -> None:
    added = add("  Greg   Alvarez Diaz ", company=" Acme ", title="CTO", how_we_met="PyCon")

    contact = stored(added.id)
    assert (contact.full_name, contact.first_name, contact.last_name) == (
        "Greg Alvarez Diaz",
        "Greg",
        "Alvarez Diaz",
    )
    assert (contact.company, contact.title, contact.how_we_met) == ("Acme", "CTO", "PyCon")
    assert contact.stage == "active"
    assert contact.stage_since == today
    assert contact.next_due_on == today
    assert contact.cadence_days is None
    assert contact.source == "manual"
    assert added.effective_cadence_days == 30
    assert added.reason == "added today, not contacted yet"


@pytest.mark.parametrize(
    ("stage", "connected_on", "stored_stage", "stored_connected_on", "due_in_days"),
    [
        pytest.param("connected", None, "connected", date(2026, 11, 25), 3, id="connected-today"),
        pytest.param(
            "connected", "2026-11-20", "connected", date(2026, 11, 20), -2, id="connected-earlier"
        ),
        pytest.param("prospect", None, "prospect", None, 0, id="prospect-due-now"),
        pytest.param("requested", None, "requested", None, 14, id="requested-in-two-weeks"),
        pytest.param(" Active ", None, "active", None, 0, id="stage-name-is-forgiving"),
        pytest.param("unsorted", None, "unsorted", None, None, id="unsorted-never-due"),
        pytest.param("dormant", None, "dormant", None, None, id="dormant-never-due"),
        pytest.param("archived", None, "archived", None, None, id="archived-never-due"),
    ],
)
def test_add_with_a_stage(
    add: Add,
    stored: Stored,
    today: date,
    stage: str,
    connected_on: str | None,
    stored_stage: str,
    stored_connected_on: date | None,
    due_in_days: int | None,
) -> None:
    added = add("Jane Doe", stage=stage, connected_on=connected_on)

    contact = stored(added.id)
    assert contact.stage == stored_stage
    assert contact.connected_on == stored_connected_on
    expected_due = None if due_in_days is None else today + timedelta(days=due_in_days)
    assert contact.next_due_on == expected_due


def test_add_stores_normalised_addresses_and_prefers_linkedin(add: Add, stored: Stored) -> None:
    added = add(
        "Jane Doe",
        email=["Jane@Example.COM", "jane@work.example"],
        x=["https://x.com/jane_doe"],
        linkedin=["http://uk.linkedin.com/in/Jane-Doe/", "linkedin.com/in/jane-doe?trk=x"],
        phone=["+1 555  123 4567"],
    )

    assert sorted(channels_of(stored(added.id))) == [
        ("email", "Jane@example.com", False),
        ("email", "jane@work.example", False),
        ("linkedin", "https://www.linkedin.com/in/jane-doe", True),
        ("phone", "+1 555 123 4567", False),
        ("x", "@jane_doe", False),
    ]


def test_add_marks_the_chosen_channel_preferred(add: Add, stored: Stored) -> None:
    added = add(
        "Jane Doe",
        email=["jane@example.com"],
        linkedin=["linkedin.com/in/jane"],
        prefer="Email",
    )

    preferred = [value for _, value, chosen in channels_of(stored(added.id)) if chosen]
    assert preferred == ["jane@example.com"]


def test_add_reuses_tags_and_cleans_them(
    add: Add, stored: Stored, row_counts: Callable[[], dict[str, int]]
) -> None:
    first = add("Jane Doe", tags=["Python", "  python ", "Mentor"])
    second = add("Raj Patel", tags=["PYTHON", "Hiring  Manager"])

    assert [tag.name for tag in stored(first.id).tags] == ["mentor", "python"]
    assert [tag.name for tag in stored(second.id).tags] == ["hiring manager", "python"]
    assert row_counts()["tags"] == 3
    assert row_counts()["contact_tags"] == 4


@pytest.mark.parametrize(
    ("cadence", "days"),
    [
        pytest.param("2w", 14, id="two-weeks"),
        pytest.param("3m", 90, id="three-months"),
        pytest.param("default", None, id="default-word"),
        pytest.param("", None, id="empty-means-default"),
    ],
)
def test_add_with_a_cadence(add: Add, stored: Stored, cadence: str, days: int | None) -> None:
    added = add("Jane Doe", cadence=cadence)

    assert stored(added.id).cadence_days == days
    assert added.effective_cadence_days == (days or 30)


BAD_FIELDS = [
    pytest.param({"name": "   "}, "name must not be empty", id="empty-name"),
    pytest.param({"cadence": "often"}, "bad cadence", id="bad-cadence"),
    pytest.param({"cadence": "11y"}, "between 1 day and 10 years", id="cadence-too-long"),
    pytest.param({"stage": "friend"}, "unknown stage", id="bad-stage"),
    pytest.param({"connected_on": "yesterday"}, "bad date", id="bad-connected-on"),
    pytest.param(
        {"addresses": {ChannelKind.EMAIL: ["ok@example.com", "nope"]}}, "bad email", id="bad-email"
    ),
    pytest.param(
        {"addresses": {ChannelKind.LINKEDIN: ["https://example.com/in/x"]}},
        "bad LinkedIn URL",
        id="bad-linkedin",
    ),
    pytest.param({"addresses": {ChannelKind.X: ["a b"]}}, "bad X handle", id="bad-x-handle"),
    pytest.param({"prefer": "phone"}, "has no phone address", id="prefer-missing-kind"),
    pytest.param({"prefer": "fax"}, "unknown channel kind", id="prefer-unknown-kind"),
    pytest.param({"tags": ["fine", "  "]}, "tag must not be empty", id="empty-tag"),
    pytest.param({"tags": ["x" * 61]}, "too long", id="tag-too-long"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_FIELDS)
def test_bad_input_on_add_changes_nothing(
    add: Add,
    database: Database,
    today: date,
    settings: Settings,
    row_counts: Callable[[], dict[str, int]],
    bad: dict[str, object],
    message: str,
) -> None:
    add("Existing Person", email=["existing@example.com"], tags=["existing"])
    before = row_counts()
    fields = {"name": "New Person", "tags": ["brand-new"], **bad}

    with pytest.raises(InvalidInput, match=message), database.writing() as session:
        add_contact(session, ContactFields(**fields), today=today, settings=settings)  # type: ignore[arg-type]

    assert row_counts() == before


def test_add_without_a_name_is_refused(
    database: Database, today: date, settings: Settings, row_counts: Callable[[], dict[str, int]]
) -> None:
    with pytest.raises(InvalidInput, match="name must not be empty"), database.writing() as s:
        add_contact(s, ContactFields(), today=today, settings=settings)
    assert row_counts()["contacts"] == 0


# ---------------------------------------------------------------- editing


def test_renaming_derives_first_and_last_name(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add("Jane Doe")

    edit(database, added.id, today, settings, name="Janet  Smith Jones")

    contact = stored(added.id)
    assert (contact.full_name, contact.first_name, contact.last_name) == (
        "Janet Smith Jones",
        "Janet",
        "Smith Jones",
    )
    assert contact.name_key == "janet smith jones"


def test_renaming_keeps_an_explicit_first_name_and_derives_the_last(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add("Jane Doe")

    edit(database, added.id, today, settings, name="Janet Smith", first_name="JJ")

    contact = stored(added.id)
    assert (contact.full_name, contact.first_name, contact.last_name) == (
        "Janet Smith",
        "JJ",
        "Smith",
    )


def test_emptying_first_and_last_name_derives_them_again(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add("Jane Doe")
    edit(database, added.id, today, settings, first_name="JJ", last_name="D.")
    assert (stored(added.id).first_name, stored(added.id).last_name) == ("JJ", "D.")

    edit(database, added.id, today, settings, first_name=" ", last_name="")

    assert (stored(added.id).first_name, stored(added.id).last_name) == ("Jane", "Doe")


def test_edit_replaces_addresses_of_the_given_kind_only(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add(
        "Jane Doe",
        email=["old@example.com", "other@example.com"],
        linkedin=["linkedin.com/in/jane"],
        prefer="email",
    )

    edit(
        database,
        added.id,
        today,
        settings,
        addresses={ChannelKind.EMAIL: ["new@example.com"], ChannelKind.X: ["@jane"]},
    )

    # The preferred email went away, so the preference falls back to LinkedIn.
    assert sorted(channels_of(stored(added.id))) == [
        ("email", "new@example.com", False),
        ("linkedin", "https://www.linkedin.com/in/jane", True),
        ("x", "@jane", False),
    ]


def test_edit_keeps_the_preference_of_an_address_it_keeps(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add(
        "Jane Doe", email=["jane@example.com"], linkedin=["linkedin.com/in/jane"], prefer="email"
    )

    edit(
        database,
        added.id,
        today,
        settings,
        addresses={ChannelKind.EMAIL: ["jane@example.com", "second@example.com"]},
    )

    preferred = [value for _, value, chosen in channels_of(stored(added.id)) if chosen]
    assert preferred == ["jane@example.com"]


def test_edit_with_an_empty_list_removes_that_kind(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add("Jane Doe", email=["jane@example.com"], phone=["+1 555 123 4567"])

    edit(database, added.id, today, settings, addresses={ChannelKind.EMAIL: []})

    assert channels_of(stored(added.id)) == [("phone", "+1 555 123 4567", True)]


def test_edit_changes_the_preferred_channel(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add("Jane Doe", email=["jane@example.com"], x=["@jane"])

    edit(database, added.id, today, settings, prefer="x")

    preferred = [value for _, value, chosen in channels_of(stored(added.id)) if chosen]
    assert preferred == ["@jane"]


def test_edit_replaces_tags(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add("Jane Doe", tags=["python", "mentor"])

    edit(database, added.id, today, settings, tags=["Friend"])
    assert [tag.name for tag in stored(added.id).tags] == ["friend"]

    edit(database, added.id, today, settings, tags=[])
    assert stored(added.id).tags == []


def test_edit_cadence_moves_the_due_date(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add("Jane Doe")
    with database.writing() as session:
        log_interaction(
            session,
            get_contact(session, added.id),
            today=today,
            settings=settings,
            on=date(2026, 11, 1),
        )
    assert stored(added.id).next_due_on == date(2026, 12, 1)

    edit(database, added.id, today, settings, cadence="1w")
    assert (stored(added.id).cadence_days, stored(added.id).next_due_on) == (7, date(2026, 11, 8))

    edit(database, added.id, today, settings, cadence="default")
    assert (stored(added.id).cadence_days, stored(added.id).next_due_on) == (
        None,
        date(2026, 12, 1),
    )


def test_edit_stage_to_connected_means_connected_today_and_clears_snooze(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add("Jane Doe", stage="requested")
    with database.writing() as session:
        snooze_contact(
            get_contact(session, added.id),
            until=date(2026, 12, 20),
            today=today,
            settings=settings,
        )

    detail = edit(database, added.id, today, settings, stage="connected")

    contact = stored(added.id)
    assert contact.stage == "connected"
    assert contact.connected_on == today
    assert contact.snoozed_until is None
    assert contact.next_due_on == date(2026, 11, 28)
    assert detail.reason == "connected today, no message yet"


def test_edit_connected_on_moves_the_due_date(
    add: Add, stored: Stored, database: Database, today: date, settings: Settings
) -> None:
    added = add("Jane Doe", stage="connected")

    edit(database, added.id, today, settings, connected_on="2026-11-21")

    assert stored(added.id).next_due_on == date(2026, 11, 24)


def test_edit_to_the_same_stage_keeps_the_schedule(
    add: Add, stored: Stored, database: Database, settings: Settings
) -> None:
    added = add("Jane Doe", stage="prospect")

    edit(database, added.id, date(2026, 11, 30), settings, stage="prospect")

    contact = stored(added.id)
    assert (contact.stage_since, contact.next_due_on) == (date(2026, 11, 25), date(2026, 11, 25))


@pytest.mark.parametrize(("bad", "message"), BAD_FIELDS)
def test_bad_input_on_edit_changes_nothing(
    add: Add,
    stored: Stored,
    database: Database,
    today: date,
    settings: Settings,
    row_counts: Callable[[], dict[str, int]],
    bad: dict[str, object],
    message: str,
) -> None:
    added = add("Jane Doe", email=["jane@example.com"], tags=["python"], cadence="2w")
    before_counts = row_counts()
    before = stored(added.id)
    fields = {"company": "New Co", "tags": ["brand-new"], "stage": "dormant", **bad}

    with pytest.raises(InvalidInput, match=message):
        edit(database, added.id, today, settings, **fields)

    after = stored(added.id)
    assert row_counts() == before_counts
    assert (after.full_name, after.company, after.stage, after.cadence_days) == (
        before.full_name,
        before.company,
        before.stage,
        before.cadence_days,
    )
    assert channels_of(after) == channels_of(before)
    assert [tag.name for tag in after.tags] == ["python"]

"""Finding likely duplicates, remembering pairs that are not the same, and merging
two people into one (with an undo that gives both back exactly)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from netdeck.domain.errors import Conflict, InvalidInput, NotFound
from netdeck.services.api import DeckApi
from netdeck.services.views import ContactDetail
from netdeck.store.database import Database
from netdeck.store.models import (
    Contact,
    Interaction,
    KeyDate,
    NotDuplicate,
    RoleChange,
    Tag,
)
from tests.conftest import TODAY, sqlite_dump, table_rows
from tests.postgres import every_backend, sqlite_only  # noqa: F401  # the database tests run on both backends

Add = Callable[..., ContactDetail]


@pytest.fixture
def api(database: Database) -> DeckApi:
    return DeckApi(database, lambda: TODAY)


def _pairs(api: DeckApi) -> list[tuple[set[str], str, tuple[str, ...]]]:
    return [({p.first.name, p.second.name}, p.certainty, p.why) for p in api.duplicates().pairs]


def test_pairs_are_found_by_address_name_and_similar_name_most_certain_first(
    add: Add, api: DeckApi
) -> None:
    add("Greg Alvarez", email=["greg@acme.example"], company="Acme")
    add("Gregory A.", email=["GREG@acme.example"], company="Other")
    add("Zoë O'Brien", company="Initech")
    add("zoe obrien", company="Globex")
    add("Jon Smith", company="Acme Corp")
    add("John Smith", company="ACME corp.")
    add("J. Smithers", company="Acme Corp")
    add("Jane Smith", company="Hooli")  # similar name, another company: not a pair
    assert _pairs(api) == [
        ({"Greg Alvarez", "Gregory A."}, "same address", ("same e-mail",)),
        ({"Zoë O'Brien", "zoe obrien"}, "same name", ("same name",)),
        ({"Jon Smith", "John Smith"}, "similar name", ("similar name at the same company",)),
    ]


def test_a_first_initial_and_the_same_last_name_at_one_company_is_a_pair(
    add: Add, api: DeckApi
) -> None:
    add("J. Smith", company="Acme")
    add("John Smith", company="Acme")
    add("K. Smith", company="Acme")
    assert _pairs(api) == [
        ({"J. Smith", "John Smith"}, "similar name", ("similar name at the same company",))
    ]


def test_a_pair_marked_not_the_same_is_left_out_and_stays_out(add: Add, api: DeckApi) -> None:
    a = add("Ann Lee", company="Acme")
    b = add("Ann Lee", company="Globex")
    assert len(api.duplicates().pairs) == 1
    assert api.not_duplicates(b.id, a.id) == ("Ann Lee", "Ann Lee")
    api.not_duplicates(a.id, b.id)  # twice is fine
    assert api.duplicates().pairs == ()
    with pytest.raises(InvalidInput):
        api.not_duplicates(a.id, a.id)


def test_the_more_advanced_stage_is_shown_first_as_the_one_to_keep(add: Add, api: DeckApi) -> None:
    add("Ann Lee", stage="unsorted")
    add("Ann Lee", stage="active")
    (pair,) = api.duplicates().pairs
    assert (pair.first.stage, pair.second.stage) == ("active", "unsorted")


def _fill_other(database: Database, other_id: int, keep_id: int, third_id: int) -> None:
    """OTHER's interactions (one the same imported message KEEP has), a key date, a
    change of jobs and a "not the same" pair with someone else."""
    with database.writing() as session:
        for contact_id, key, note in (
            (keep_id, "conv-1/2026-10-01T10:00", "hello"),
            (other_id, "conv-1/2026-10-01T10:00", "hello"),
            (other_id, None, "met at the conference"),
        ):
            session.add(
                Interaction(
                    contact_id=contact_id,
                    occurred_on=date(2026, 10, 1),
                    channel="linkedin",
                    kind="message",
                    direction="inbound" if key else "outbound",
                    note=note,
                    source="import" if key else "manual",
                    external_key=key,
                )
            )
        session.add(
            Interaction(
                contact_id=other_id,
                occurred_on=date(2026, 11, 20),
                channel="email",
                kind="reply",
                direction="inbound",
                note="coffee next week?",
                source="manual",
            )
        )
        session.add(
            KeyDate(
                contact_id=other_id,
                kind="birthday",
                month=12,
                day=1,
                year=None,
                yearly=True,
                added_on=date(2026, 11, 1),
            )
        )
        session.add(
            RoleChange(
                contact_id=other_id,
                changed_on=date(2026, 9, 1),
                from_company="Old",
                from_title="",
                to_company="Acme",
                to_title="CTO",
            )
        )
        session.add(NotDuplicate(low_id=min(other_id, third_id), high_id=max(other_id, third_id)))
        other = session.get(Contact, other_id)
        assert other is not None
        other.last_interaction_on = date(2026, 11, 20)


def test_merge_keeps_every_address_tag_date_interaction_and_change_of_jobs(
    add: Add, api: DeckApi, database: Database, backend: str
) -> None:
    keep = add(
        "Greg Alvarez",
        email=["greg@acme.example"],
        tags=["mba"],
        notes="likes chess",
        stage="connected",
        connected_on="2026-06-01",
    )
    other = add(
        "Gregory Alvarez",
        email=["Greg@Acme.example"],
        linkedin=["linkedin.com/in/greg"],
        tags=["mba", "mentor"],
        notes="two kids",
        company="Acme",
        how_we_met="MBA cohort",
        cadence="2w",
        stage="active",
        connected_on="2025-01-15",
    )
    third = add("Someone Else")
    _fill_other(database, other.id, keep.id, third.id)

    outcome = api.merge(str(keep.id), "Gregory Alvarez")

    assert (outcome.kept_id, outcome.other_id) == (keep.id, other.id)
    assert (outcome.addresses, outcome.tags, outcome.interactions) == (1, 1, 2)
    assert (outcome.key_dates, outcome.role_changes, outcome.dropped) == (1, 1, 2)
    if backend == "sqlite":
        assert outcome.backup is not None and Path(outcome.backup).is_file()
    else:  # no file to copy: a server database is backed up by its server
        assert outcome.backup is None
    detail = api.contact(keep.id)
    assert detail.name == "Greg Alvarez"
    assert sorted((c.kind, c.value) for c in detail.channels) == [
        ("email", "greg@acme.example"),
        ("linkedin", "https://www.linkedin.com/in/greg"),
    ]
    assert [c.kind for c in detail.channels if c.preferred] == ["email"]
    assert detail.tags == ("mba", "mentor")
    assert (detail.company, detail.how_we_met) == ("Acme", "MBA cohort")
    assert detail.notes == "likes chess\n\ntwo kids"
    assert detail.stage == "active"  # the more advanced
    assert detail.cadence_days == 14  # the only explicit one
    with database.reading() as session:
        merged = session.get(Contact, keep.id)
        assert merged is not None
        assert merged.connected_on == date(2025, 1, 15)
        assert merged.last_interaction_on == date(2026, 11, 20)
        assert merged.awaiting_reply_on == date(2026, 11, 20)  # their reply, now KEEP's
        assert merged.awaiting_reply_preview == "coffee next week?"
        # Last talk + 2 weeks is 4 December, but OTHER's birthday, now KEEP's, comes first.
        assert (merged.key_date_on, merged.key_date_kind) == (date(2026, 12, 1), "birthday")
        assert merged.next_due_on == date(2026, 12, 1)
        assert "chess" in merged.search_text and "mentor" in merged.search_text
        assert "conference" in merged.search_text  # OTHER's logged note is searched
        assert session.get(Contact, other.id) is None
        notes = session.scalars(
            select(Interaction.note).where(Interaction.contact_id == keep.id)
        ).all()
        assert sorted(notes) == ["coffee next week?", "hello", "met at the conference"]
        assert session.scalars(select(KeyDate.contact_id)).all() == [keep.id]
        assert session.scalars(select(RoleChange.contact_id)).all() == [keep.id]
        assert session.execute(select(NotDuplicate.low_id, NotDuplicate.high_id)).all() == [
            (min(keep.id, third.id), max(keep.id, third.id))
        ]
        assert session.scalars(select(Tag.name).order_by(Tag.name)).all() == ["mba", "mentor"]


def test_merge_then_undo_gives_back_both_people_exactly(
    add: Add, api: DeckApi, database: Database, db_path: Path, backend: str
) -> None:
    def dump() -> object:
        return sqlite_dump(db_path) if backend == "sqlite" else table_rows(database)

    keep = add("Greg Alvarez", email=["greg@acme.example"], tags=["mba"], stage="connected")
    other = add(
        "Gregory Alvarez",
        email=["greg@acme.example"],
        x=["@greg"],
        tags=["mentor"],
        notes="two kids",
        cadence="2w",
    )
    third = add("Someone Else")
    _fill_other(database, other.id, keep.id, third.id)
    api.change_settings({})  # the run's first write registers its user (not undone)
    before = dump()

    outcome = api.merge(keep.id, other.id)
    assert dump() != before
    assert api.undo_merge(outcome.undo) == ("Greg Alvarez", "Gregory Alvarez")

    assert dump() == before
    assert len(api.duplicates().pairs) == 1  # the pair is back


def test_merging_someone_with_themselves_or_nobody_is_refused(add: Add, api: DeckApi) -> None:
    a = add("Ann Lee")
    with pytest.raises(InvalidInput, match="itself"):
        api.merge(a.id, "ann lee")
    with pytest.raises(Exception, match="no contact"):
        api.merge(a.id, 999)
    assert api.contact(a.id).name == "Ann Lee"


def test_a_created_at_is_kept_as_the_earlier(add: Add, api: DeckApi, database: Database) -> None:
    a, b = add("Ann Lee"), add("Ann Lee")
    with database.writing() as session:
        row = session.get(Contact, b.id)
        assert row is not None
        row.created_at = datetime(2020, 1, 1)
    api.merge(a.id, b.id)
    with database.reading() as session:
        kept = session.get(Contact, a.id)
        assert kept is not None and kept.created_at == datetime(2020, 1, 1)


def test_a_merged_tag_with_a_cadence_moves_the_kept_ones_due_date(
    add: Add, api: DeckApi, database: Database
) -> None:
    """KEEP has no cadence of its own: OTHER's tag with a shorter cadence now sets it."""
    keep = add("Ann Lee", stage="active", tags=["friends"])
    other = add("Ann Lee", tags=["investors"])
    api.set_tag_cadence("investors", "1w")
    api.contact(keep.id)
    with database.writing() as session:
        row = session.get(Contact, keep.id)
        assert row is not None
        row.last_interaction_on = date(2026, 11, 1)
        row.next_due_on = date(2026, 12, 1)  # the 30-day default from the last talk

    api.merge(keep.id, other.id)

    with database.reading() as session:
        kept = session.get(Contact, keep.id)
        assert kept is not None
        assert kept.tag_cadence_days == 7
        assert kept.next_due_on == date(2026, 11, 8)
    assert api.contact(keep.id).cadence_source == "tag:investors"


@sqlite_only  # PostgreSQL never numbers a new row with a freed id
def test_an_undo_is_refused_once_the_merged_away_id_belongs_to_someone_new(
    add: Add, api: DeckApi
) -> None:
    """SQLite reuses the highest freed id: undoing would delete the newcomer."""
    keep = add("Ann Lee", email=["ann@acme.example"])
    other = add("Ann Lee")
    outcome = api.merge(keep.id, other.id)
    newcomer = add("Brand New Person", email=["new@example.com"])
    assert newcomer.id == other.id  # the freed id, given again

    with pytest.raises(Conflict, match=f"#{other.id} now belongs to someone added since"):
        api.undo_merge(outcome.undo)
    assert api.contact(newcomer.id).name == "Brand New Person"


def test_a_merge_keeps_one_birthday_the_kept_ones(add: Add, api: DeckApi) -> None:
    keep, other = add("Ann Lee"), add("Ann Lee")
    api.set_birthday(keep.id, "03-14")
    api.set_birthday(other.id, "05-05")
    api.add_reminder(other.id, on="2026-12-24", note="send the card")

    api.merge(keep.id, other.id)

    dates = api.contact(keep.id).dates
    assert sorted((d.kind, d.month, d.day) for d in dates) == [
        ("birthday", 3, 14),
        ("reminder", 12, 24),
    ]


def test_a_merge_undone_on_screen_is_not_undone_again_by_unmerge(add: Add, api: DeckApi) -> None:
    """The duplicates screen remembers its merges too, and its own undo forgets them:
    `netdeck unmerge` then has nothing left to undo (not an older merge)."""
    first, second = add("Ann Lee"), add("Ann Lee")
    older = api.merge(first.id, second.id, remember=True)
    api.undo_merge(older.undo)

    with pytest.raises(NotFound, match="no merge to undo"):
        api.undo_last_merge()


def test_a_merge_keeps_that_the_accepted_request_went_out_bare(add: Add, api: DeckApi) -> None:
    """The other one accepted a request without a note: the merged person is connected
    through it, so they are due today and the reason says why."""
    keep = add("Dup Person", stage="prospect", linkedin=["linkedin.com/in/dup-one"])
    other = add("Dup Person", stage="prospect", linkedin=["linkedin.com/in/dup-two"])
    api.request_without_note(other.id)
    api.move_to_stage(other.id, "connected")

    api.merge(keep.id, other.id)

    merged = api.contact(keep.id)
    assert (merged.stage, merged.next_due_on) == ("connected", TODAY)
    assert merged.reason == "accepted a request that had no note: say why you connected"

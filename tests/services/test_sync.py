"""Sync, not import: the same LinkedIn account exported on 25 November and again on
16 December (tests/fixtures/linkedin and linkedin-later; their README.md files say
what changed), and variations of the later one built here."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from netdeck.services.importing import ImportSummary, import_linkedin
from netdeck.services.queue import todays_queue
from netdeck.services.settings import change_setting, load_settings
from netdeck.store.database import Database
from netdeck.store.models import Channel, Contact, Interaction, RoleChange
from tests.conftest import database_dump
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FIRST = FIXTURES / "linkedin"
LATER = FIXTURES / "linkedin-later"
FIRST_DAY = date(2026, 11, 25)
LATER_DAY = date(2026, 12, 16)


def sync(database: Database, folder: Path, today: date, **options: object) -> ImportSummary:
    return import_linkedin(database, folder / "Connections.csv", today=today, **options)  # type: ignore[arg-type]  # the keywords import_linkedin takes


def person(database: Database, slug: str) -> Contact:
    with database.reading() as session:
        contact = session.scalars(
            select(Contact)
            .join(Channel, Channel.contact_id == Contact.id)
            .where(Channel.kind == "linkedin", Channel.value.endswith(f"/in/{slug}"))
        ).one()
        session.expunge(contact)
        return contact


def change(database: Database, slug: str, **columns: object) -> Contact:
    """Set columns of the person at ``/in/<slug>`` directly (as an edit by hand would)."""
    found = person(database, slug)
    with database.writing() as session:
        contact = session.get(Contact, found.id)
        assert contact is not None
        for name, value in columns.items():
            setattr(contact, name, value)
    return found


def messages(database: Database, slug: str) -> list[tuple[str, str, str]]:
    """(day, direction, text) of the person's interactions, in order."""
    contact = person(database, slug)
    with database.reading() as session:
        rows = session.execute(
            select(
                Interaction.occurred_on,
                Interaction.direction,
                Interaction.note,
                Interaction.text_sent,
            )
            .where(Interaction.contact_id == contact.id)
            .order_by(Interaction.occurred_on, Interaction.id)
        )
        return [(d.isoformat(), direction, note or sent or "") for d, direction, note, sent in rows]


def later_variant(tmp_path: Path, *, drop_connection: str = "", add_message: str = "") -> Path:
    """A copy of the later export, one connection row left out and/or one message row added."""
    folder = tmp_path / "variant"
    shutil.copytree(LATER, folder)
    if drop_connection:
        path = folder / "Connections.csv"
        lines = path.read_text(encoding="utf-8").split("\n")
        path.write_text("\n".join(x for x in lines if drop_connection not in x), encoding="utf-8")
    if add_message:
        path = folder / "messages.csv"
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + add_message + "\n")
    return folder


@pytest.fixture
def synced(database: Database) -> tuple[ImportSummary, ImportSummary]:
    first = sync(database, FIRST, FIRST_DAY)
    later = sync(database, LATER, LATER_DAY)
    return first, later


def test_a_first_import_keeps_every_message_each_way(database: Database) -> None:
    summary = sync(database, FIRST, FIRST_DAY)

    # Five messages, one of them to two people, and three outgoing invitations.
    assert (summary.interactions, summary.requests, summary.bare_requests) == (9, 3, 1)
    assert messages(database, "greg-alvarez-3e8") == [
        (
            "2026-10-02",
            "outbound",
            "Great catching up, Greg - let's trade notes after the program.",
        ),
        ("2026-10-03", "inbound", "Absolutely, talk soon!"),
    ]
    assert messages(database, "fatima-lindqvist-4c6") == messages(database, "liam-marquez-4eb")
    # Yuki wrote on 10 November and got no answer: awaiting a reply, but 15 days ago is
    # outside the 14-day window, so the queue does not put her first.
    yuki = person(database, "yuki-klein-4a1")
    assert yuki.awaiting_reply_on == date(2026, 11, 10)
    assert yuki.awaiting_reply_preview == "Hi Sam, are you going to the December…"
    assert summary.events is not None and summary.events.counts()["awaiting_reply"] == 0


def test_the_later_export_moves_people_along(
    database: Database, synced: tuple[ImportSummary, ImportSummary]
) -> None:
    _, later = synced
    assert later.events is not None
    assert later.events.counts() == {
        "accepted": 2,
        "awaiting_reply": 2,
        "job_changes": 1,
        "disconnected": 1,
    }
    assert set(later.events.accepted) == {"Dana Whitfield", "Kofi Mensah"}
    assert later.interactions == 4  # Dana both ways, Sam to Yuki, Priya; not the draft

    # Accepted: Kofi connected (bare invitation, no message since): due for a first message.
    kofi = person(database, "kofi-mensah")
    assert (kofi.stage, kofi.connected_on is not None) == ("connected", True)
    # Dana accepted, Sam wrote after she connected: active, not "no message yet"; she
    # answered last, so she awaits Sam's reply.
    dana = person(database, "dana-whitfield-7b")
    assert dana.stage == "active"
    assert dana.awaiting_reply_on == date(2026, 12, 8)
    assert messages(database, "dana-whitfield-7b")[-1] == (
        "2026-12-08",
        "inbound",
        "Happy to! The pilot went live last week.\nCoffee after the holidays?",
    )
    # Yuki wrote, then Sam answered: nobody awaits anything.
    assert person(database, "yuki-klein-4a1").awaiting_reply_on is None
    # Priya wrote two days ago: awaiting, whatever her stage.
    priya = person(database, "priya-okafor-457")
    assert (priya.stage, priya.awaiting_reply_on) == ("unsorted", date(2026, 12, 14))
    # Jonas changed jobs: the deck takes the new ones and records the change.
    jonas = person(database, "jonas-nasser-432")
    assert (jonas.company, jonas.title) == ("Tessellate", "CTO")
    with database.reading() as session:
        changes = session.execute(
            select(
                RoleChange.changed_on,
                RoleChange.from_company,
                RoleChange.from_title,
                RoleChange.to_company,
                RoleChange.to_title,
            ).where(RoleChange.contact_id == jonas.id)
        ).all()
    assert [tuple(c) for c in changes] == [
        (LATER_DAY, "Blue Harbor Capital", "VP, Engineering", "Tessellate", "CTO")
    ]
    # Sofia is gone from Connections.csv: no longer connected, still in the deck.
    assert person(database, "sofia-raman-535").linkedin_connected is False
    assert person(database, "greg-alvarez-3e8").linkedin_connected is True


def test_the_queue_puts_who_wrote_first(
    database: Database, synced: tuple[ImportSummary, ImportSummary]
) -> None:
    with database.reading() as session:
        snapshot = todays_queue(session, today=LATER_DAY, settings=load_settings(session))
    top = [(e.name, e.awaiting_reply, e.reason) for e in snapshot.entries[:3]]
    assert top == [
        ("Dana Whitfield", True, "wrote 8 days ago: 'Happy to! The pilot went live last…'"),
        ("Priya Okafor", True, "wrote 2 days ago: 'Hi Sam, are you still looking for a…'"),
        ("Greg Alvarez", False, "connected 28 days ago, no message yet"),
    ]
    assert not [e for e in snapshot.entries[2:] if e.awaiting_reply]


def test_a_third_import_of_either_export_changes_nothing(
    database: Database, backend_target: str, synced: tuple[ImportSummary, ImportSummary]
) -> None:
    before = database_dump(backend_target)
    for folder in (LATER, FIRST, LATER):
        again = sync(database, folder, LATER_DAY)
        assert (again.added, again.updated, again.interactions) == (0, 0, 0)
        assert again.events is not None and set(again.events.counts().values()) == {0}
        assert database_dump(backend_target) == before


def test_an_older_export_after_a_newer_one_takes_nothing_back(database: Database) -> None:
    sync(database, LATER, LATER_DAY)
    jonas = person(database, "jonas-nasser-432")

    older = sync(database, FIRST, LATER_DAY)

    assert older.events is not None and older.events.counts()["job_changes"] == 0
    again = person(database, "jonas-nasser-432")
    assert (again.company, again.title) == (jonas.company, jonas.title)
    # Dana and Kofi are not in the older Connections.csv: not "gone" for that.
    assert person(database, "dana-whitfield-7b").linkedin_connected is True


def test_a_dry_run_says_the_same_and_writes_nothing(
    database: Database, backend_target: str
) -> None:
    sync(database, FIRST, FIRST_DAY)
    before = database_dump(backend_target)

    dry = sync(database, LATER, LATER_DAY, dry_run=True)

    assert database_dump(backend_target) == before
    real = sync(database, LATER, LATER_DAY)
    assert dry.events == real.events
    assert (dry.updated, dry.interactions) == (real.updated, real.interactions)


def test_a_withdrawn_invitation_is_not_an_acceptance(database: Database, tmp_path: Path) -> None:
    sync(database, FIRST, FIRST_DAY)
    # Kofi's invitation is gone from Invitations.csv and he is not in Connections.csv.
    withdrawn = later_variant(tmp_path, drop_connection="kofi-mensah")

    summary = sync(database, withdrawn, LATER_DAY)

    assert summary.events is not None and summary.events.accepted == ("Dana Whitfield",)
    assert person(database, "kofi-mensah").stage == "requested"


def test_a_message_older_than_the_last_import_is_added_without_fanfare(
    database: Database, tmp_path: Path
) -> None:
    sync(database, FIRST, FIRST_DAY)
    late_arrival = (
        "2-zzz,,Liam Marquez,https://www.linkedin.com/in/liam-marquez-4eb,Sam Rivera,"
        "https://www.linkedin.com/in/sam-rivera-01,2026-11-20 09:00:00 UTC,,"
        '"Thanks for the welcome, Sam!",INBOX,,No,No'
    )

    summary = sync(database, later_variant(tmp_path, add_message=late_arrival), LATER_DAY)

    assert ("2026-11-20", "inbound", "Thanks for the welcome, Sam!") in messages(
        database, "liam-marquez-4eb"
    )
    liam = person(database, "liam-marquez-4eb")
    assert liam.last_interaction_on == date(2026, 11, 20)
    # He wrote 26 days ago, outside the reply window: not an event, not at the top.
    assert liam.awaiting_reply_on == date(2026, 11, 20)
    assert summary.events is not None
    assert "Liam Marquez" not in [name for name, _ in summary.events.awaiting_reply]


def test_without_keeping_message_text_only_the_fact_is_kept(database: Database) -> None:
    with database.writing() as session:
        change_setting(session, "keep-message-text", "off")

    sync(database, FIRST, FIRST_DAY)

    assert messages(database, "greg-alvarez-3e8") == [
        ("2026-10-02", "outbound", ""),
        ("2026-10-03", "inbound", ""),
    ]
    assert person(database, "yuki-klein-4a1").awaiting_reply_preview == ""


def test_a_job_typed_by_hand_stays_and_the_change_is_still_recorded(
    database: Database,
) -> None:
    sync(database, FIRST, FIRST_DAY)
    change(database, "jonas-nasser-432", company="Blue Harbor (advisor)")

    summary = sync(database, LATER, LATER_DAY)

    assert summary.events is not None
    assert summary.events.job_changes == (("Jonas Nasser", "CTO at Tessellate"),)
    assert person(database, "jonas-nasser-432").company == "Blue Harbor (advisor)"


def test_an_active_contact_who_changed_jobs_is_due_on_the_import_day(
    database: Database,
) -> None:
    sync(database, FIRST, FIRST_DAY)
    jonas = change(
        database,
        "jonas-nasser-432",
        stage="active",
        stage_since=date(2026, 12, 1),
        last_interaction_on=date(2026, 12, 1),  # talked: due again in 30 days
        next_due_on=date(2026, 12, 31),
    )

    sync(database, LATER, LATER_DAY)

    with database.reading() as session:
        snapshot = todays_queue(session, today=LATER_DAY, settings=load_settings(session))
    entry = next(e for e in snapshot.entries if e.id == jonas.id)
    assert (entry.due_on, entry.reason) == (LATER_DAY, "now CTO at Tessellate")
    assert person(database, "jonas-nasser-432").role_changed_on == LATER_DAY


def test_a_sync_reading_every_row_at_once_does_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync that touches many contacts reads them in one pass instead of IN lists
    (``MANY_IDS``): both ways give the same deck."""
    from netdeck.store import sql
    from netdeck.store.database import open_database

    def synced_deck(name: str) -> list[str]:
        path = tmp_path / f"{name}.db"
        deck = open_database(str(path))
        try:
            sync(deck, FIRST, FIRST_DAY)
            sync(deck, LATER, LATER_DAY)
        finally:
            deck.close()
        return [line for line in database_dump(path) if "cleared_days" not in line]

    in_lists = synced_deck("in-lists")
    monkeypatch.setattr(sql, "MANY_IDS", 1)
    one_pass = synced_deck("one-pass")

    def without_times(lines: list[str]) -> list[str]:
        # created_at/updated_at differ between two runs; everything else must not.
        import re

        return [re.sub(r"'\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d+'", "T", x) for x in lines]

    assert without_times(one_pass) == without_times(in_lists)


def test_search_finds_what_a_sync_wrote_and_not_their_messages(database: Database) -> None:
    """After both exports (new people, changes of jobs), every search text is what the
    services would write, and no imported message's words are in any of them."""
    from netdeck.services.contacts import refresh_search_text

    sync(database, FIRST, FIRST_DAY)
    sync(database, LATER, LATER_DAY)

    with database.reading() as session:
        contacts = list(session.scalars(select(Contact)))
        stored = {c.id: c.search_text for c in contacts}
        replies = [note for note in session.scalars(select(Interaction.note)) if note]
        refresh_search_text(session, contacts)
        assert {c.id: c.search_text for c in contacts} == stored
        session.rollback()
    assert replies, "the exports hold replies"
    words = {word for reply in replies for word in reply.casefold().split() if len(word) > 12}
    assert not [w for w in words if any(w in text for text in stored.values())]

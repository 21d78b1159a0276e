"""``export_json`` and ``restore_netdeck_json``: a deck exported, restored into a new
database and exported again gives the same bytes and the same rows."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from netdeck.demo.fill import fill_demo_database
from netdeck.domain.channels import ChannelKind, address_key
from netdeck.domain.errors import InvalidInput
from netdeck.domain.names import name_key
from netdeck.domain.text import visible
from netdeck.importers.netdeck_json_format import (
    KEY_DATES_SINCE,
    NOT_DUPLICATES_SINCE,
    SYNC_SINCE,
    VERSION,
)
from netdeck.services.contacts import refresh_search_text
from netdeck.services.exporting import export_json
from netdeck.services.key_dates import refresh_key_date
from netdeck.services.restoring import restore_netdeck_json
from netdeck.services.settings import load_settings
from netdeck.store.database import Database, open_database
from netdeck.store.models import (
    Base,
    Channel,
    ClearedDay,
    Contact,
    ContactEvent,
    DeckUser,
    ImportMark,
    Interaction,
    KeyDate,
    NotDuplicate,
    RoleChange,
    Setting,
    Snippet,
    Tag,
)
from netdeck.store.sql import not_in_models
from tests.conftest import TODAY, sqlite_dump

#: Text that has broken exports before: markup, formulas, emoji, RTL, control characters.
AWKWARD = (
    "[bold red]not markup[/] [link=https://x]x[/link]",
    '=HYPERLINK("http://evil","click") +1 -2 @SUM(A1)',
    "emoji 👋🏽 👨‍👩‍👧 flags 🇫🇷 and CJK 漢字",
    "עברית مرحبا \u202eRTL override\u202c",
    "line one\nline two\r\nline three\rfour",
    "tab\there \x01\x07\x1b[31mred\x1b[0m \x7f \u200b zero width",
    "\"quotes\" 'single' \\backslash\\ {{ not a template }} {% nor this %}",
    "x" * 10_000,
    "",
)


def _table(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _round_trip(source: Database, tmp_path: Path) -> tuple[str, str, Path]:
    """Export ``source``, restore it into a new database, export that: both texts and
    the new database's path."""
    with source.reading() as session:
        first = export_json(session)
    file = tmp_path / "deck.json"
    file.write_text(first, encoding="utf-8")
    target_path = tmp_path / "restored.db"
    target = open_database(str(target_path))
    try:
        summary = restore_netdeck_json(target, file, today=TODAY)
        assert summary.backup is not None and Path(summary.backup).is_file()
        with target.reading() as session:
            second = export_json(session)
    finally:
        target.close()
    return first, second, target_path


def test_demo_deck_round_trips_byte_for_byte(tmp_path: Path, today: date) -> None:
    demo_path = tmp_path / "demo.db"
    fill_demo_database(
        str(demo_path), contacts=300, interactions_per_contact=4, seed=3, today=today
    )
    demo = open_database(str(demo_path))
    try:
        _sync_facts(demo)
        first, second, restored = _round_trip(demo, tmp_path)
    finally:
        demo.close()
    assert first == second
    assert first.endswith("}\n") and '"format": "netdeck"' in first
    # The derived columns are recomputed exactly as netdeck computes them.
    for sql in (
        "SELECT * FROM contacts ORDER BY id",
        "SELECT contact_id, kind, value, lookup_key, preferred FROM channels ORDER BY id",
        "SELECT c.contact_id, t.name FROM contact_tags c JOIN tags t ON t.id = c.tag_id "
        "ORDER BY 1, 2",
        "SELECT contact_id, occurred_on, channel, kind, direction, note, text_sent, source, "
        "created_at, occurred_at, external_key FROM interactions "
        "ORDER BY contact_id, occurred_on, id",
        "SELECT contact_id, changed_on, from_company, from_title, to_company, to_title "
        "FROM role_changes ORDER BY contact_id, id",
        "SELECT * FROM import_marks ORDER BY source",
        "SELECT name, kind, channel, subject, body FROM snippets ORDER BY name",
        "SELECT * FROM settings ORDER BY key",
    ):
        assert _table(restored, sql) == _table(demo_path, sql), sql
    assert len(_table(restored, "SELECT id FROM contacts")) == 300


#: Tables a restore deliberately does not take from the file, and why.
NOT_RESTORED = {
    "alembic_version": "the schema revision: the new database's own migrations write it",
    "claims": "who is writing to whom today: a claim lasts the day, a restore starts none",
    "mail_folders": "how far mail sync read each folder: a sync after a restore reads the "
    "look-back again and logs nothing twice (the interactions keep their keys)",
    "mail_status": "what the mail syncs of this deck did: the restored deck has synced none",
}
#: Surrogate ids a JSON export does not keep (a restore numbers these rows in file
#: order): their rows are compared through their content, and every foreign key
#: pointing at them through the content of the row it points at.
RENUMBERED = {
    "channels": "id",
    "interactions": "id",
    "role_changes": "id",
    "snippets": "id",
    "tags": "id",
    "key_dates": "id",
    "contact_events": "id",
}


def _every_row(database: Database) -> dict[str, list[tuple]]:
    """Every table of the models, each row as comparable values, sorted.

    Generic on purpose: a table or column added to the models and left out of
    the export shows up here as rows (or values) missing after a restore."""
    content: dict[str, dict[object, tuple]] = {}
    rows: dict[str, list[tuple]] = {}
    with database.reading() as session:
        for table in Base.metadata.sorted_tables:  # referred tables come first
            renumbered = RENUMBERED.get(table.name)
            (key,) = table.primary_key.columns if len(table.primary_key.columns) == 1 else (None,)
            canonical = []
            for row in session.execute(select(table)).mappings():
                values = []
                for column in table.columns:
                    if column.name == renumbered:
                        continue
                    value = row[column.name]
                    for foreign in column.foreign_keys:
                        target = foreign.column.table.name
                        if target in RENUMBERED and value is not None:
                            value = content[target][value]
                    values.append((column.name, value))
                canonical.append(tuple(values))
                if key is not None:
                    content.setdefault(table.name, {})[row[key.name]] = tuple(values)
            rows[table.name] = sorted(canonical, key=repr)
    return rows


def _table_names(path: Path) -> set[str]:
    """The deck's tables but the search index's (FTS5's, migration 0015): derived from
    ``contacts.search_text``, which is compared, and written by triggers as it is."""
    tables = _table(path, "SELECT name FROM sqlite_master WHERE type='table'")
    return {name for (name,) in tables if not not_in_models(name)}


@pytest.mark.parametrize("deck", ["demo", "awkward"])
def test_a_restore_gives_back_every_row_of_every_table(
    deck: str, tmp_path: Path, today: date
) -> None:
    source_path = tmp_path / "source.db"
    if deck == "demo":
        fill_demo_database(
            str(source_path), contacts=60, interactions_per_contact=5, seed=5, today=today
        )
    source = open_database(str(source_path))
    try:
        if deck == "awkward":
            _awkward_deck(source)
        else:
            _sync_facts(source)
        before = _every_row(source)
        _first, _second, restored_path = _round_trip(source, tmp_path)
    finally:
        source.close()
    # Every table the database has is either compared or excluded with its reason.
    assert _table_names(source_path) == set(Base.metadata.tables) | set(NOT_RESTORED)
    empty = [name for name, rows in before.items() if not rows and name not in NOT_RESTORED]
    assert not empty, f"the deck under test must fill every table: {empty} are empty"
    restored = open_database(str(restored_path))
    try:
        after = _every_row(restored)
    finally:
        restored.close()
    for name in before:
        assert after[name] == before[name], f"{name} differs after a restore"
    assert _table(restored_path, "SELECT version_num FROM alembic_version") == _table(
        source_path, "SELECT version_num FROM alembic_version"
    )


def test_a_version_1_export_without_streak_history_still_restores(
    export_file: Path, tmp_path: Path
) -> None:
    """Files written before ``cleared_days`` existed restore as a deck with no streak."""
    document = _older(json.loads(export_file.read_text(encoding="utf-8")))
    del document["cleared_days"]
    document["version"] = 1
    old = tmp_path / "old.json"
    old.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    target_path = tmp_path / "from-old" / "netdeck.db"
    target = open_database(str(target_path))
    try:
        summary = restore_netdeck_json(target, old, today=TODAY)
    finally:
        target.close()
    assert (summary.contacts, summary.cleared_days) == (9, 0)
    assert _table(target_path, "SELECT count(*) FROM cleared_days") == [(0,)]
    assert len(_table(target_path, "SELECT id FROM contacts")) == 9


#: What a sync keeps, by record: the fields version 3 added.
CONTACT_SYNC_FIELDS = (
    "awaiting_reply_on",
    "awaiting_reply_preview",
    "role_changed_on",
    "linkedin_connected",
    "imported_company",
    "imported_title",
    "role_changes",
)
INTERACTION_SYNC_FIELDS = ("occurred_at", "external_key")


def _version_3(document: dict) -> dict:
    """A version 4 export written as version 3 would have written it (no pairs marked
    not the same, no key dates, no tag cadences)."""
    assert document["version"] == VERSION == KEY_DATES_SINCE == NOT_DUPLICATES_SINCE == 4
    del document["not_duplicates"]
    del document["tag_cadences"]
    for contact in document["contacts"]:
        del contact["dates"]
    document["version"] = 3
    return document


def _older(document: dict) -> dict:
    """A version 4 export written as version 2 would have written it."""
    document = _version_3(document)
    assert document["version"] == SYNC_SINCE == 3
    del document["import_marks"]
    for contact in document["contacts"]:
        for key in CONTACT_SYNC_FIELDS:
            del contact[key]
        for interaction in contact["interactions"]:
            for key in INTERACTION_SYNC_FIELDS:
                del interaction[key]
    document["version"] = 2
    return document


def _sync_facts(database: Database) -> None:
    """What a LinkedIn sync leaves in a deck (every new column and table filled), written
    directly: awaiting replies, changes of jobs, who is still connected, message keys."""
    with database.writing() as session:
        session.add_all(
            [
                ImportMark(source="linkedin", latest_as_of=date(2026, 11, 20)),
                ImportMark(source="linkedin 👋 [b]x[/b]", latest_as_of=date(1900, 1, 1)),
            ]
        )
        contacts = session.scalars(select(Contact).order_by(Contact.id)).all()
        # Pairs the user said are not the same person (every third pair of neighbours).
        session.add_all(
            NotDuplicate(
                low_id=a.id, high_id=b.id, marked_at=datetime(2026, 11, 2, 8, n % 60, 0, 654321)
            )
            for n, (a, b) in enumerate(pairwise(contacts))
            if n % 3 == 0
        )
        for n, contact in enumerate(contacts):
            text = AWKWARD[n % len(AWKWARD)]
            if n % 3 == 0:
                contact.awaiting_reply_on = date(2026, 11, 19 + n % 7)
                contact.awaiting_reply_preview = visible(" ".join(text.split()))[:200] or None
            if n % 4 == 1:
                contact.role_changed_on = date(2026, 11, 24)
                session.add_all(
                    [
                        RoleChange(
                            contact_id=contact.id,
                            changed_on=date(2026, 10, 1),
                            from_company="Northwind Labs",
                            from_title="Product Manager",
                            to_company=text[:300],
                            to_title="",
                        ),
                        RoleChange(
                            contact_id=contact.id,
                            changed_on=date(2026, 11, 24),
                            from_company=text[:300],
                            from_title="",
                            to_company="Contoso",
                            to_title="VP Product",
                        ),
                    ]
                )
            contact.linkedin_connected = (None, True, False)[n % 3]
            contact.bare_request = n % 5 == 2  # their request went out without a note
            if n % 2:
                contact.imported_company = text[:300]
                contact.imported_title = ""
            for m, interaction in enumerate(
                sorted(contact.interactions, key=lambda i: (i.occurred_on, i.id))
            ):
                if m % 2 == 0:
                    interaction.occurred_at = datetime(2026, 11, 1, 9, 30, m, 123456 * (n % 2))
                    interaction.external_key = f"conv-{n} {m} {text[:300]}"
                interaction.impersonal = m % 3 == 1  # judged when marked sent
    _key_dates_and_tag_cadences(database)
    _team_facts(database)


def _team_facts(database: Database) -> None:
    """What a deck several people share holds: its users, owners, who logged each
    interaction and who did what to whom (awkward text in the details)."""
    with database.writing() as session:
        session.add_all(
            [
                DeckUser(
                    name="Alex 👋 [b]x[/b]",
                    first_seen_at=datetime(2026, 1, 2, 3, 4, 5, 678901),
                    last_seen_at=datetime(2026, 11, 24, 9, 0, 0, 1),
                ),
                DeckUser(
                    name="sam",
                    first_seen_at=datetime(2026, 2, 1),
                    last_seen_at=datetime(2026, 2, 1),
                ),
            ]
        )
        contacts = session.scalars(select(Contact).order_by(Contact.id)).all()
        for n, contact in enumerate(contacts):
            contact.owner = (None, "Alex 👋 [b]x[/b]", "sam")[n % 3]
            for m, interaction in enumerate(sorted(contact.interactions, key=lambda i: i.id)):
                interaction.actor = (None, "sam", "Alex 👋 [b]x[/b]")[(n + m) % 3]
            session.add_all(
                ContactEvent(
                    contact_id=contact.id,
                    kind=kind,
                    detail=AWKWARD[(n + k) % len(AWKWARD)][:200] if kind == "stage" else "",
                    occurred_on=date(2026, 11, 1 + k),
                    at=datetime(2026, 11, 1 + k, 12, 0, 0, 123456 * k),
                    actor=(None, "sam")[k % 2],
                )
                for k, kind in enumerate(("stage", "skip", "owner")[: n % 4])
            )


def _key_dates_and_tag_cadences(database: Database) -> None:
    """Birthdays (29 February, no year), anniversaries and reminders with awkward notes,
    and tags with cadences of their own, the derived columns as the services leave them."""
    with database.writing() as session:
        tags = session.scalars(select(Tag).order_by(Tag.id)).all()
        for n, tag in enumerate(tags):
            tag.cadence_days = (None, 14, 1, 3650)[n % 4]
        settings = load_settings(session)
        contacts = session.scalars(select(Contact).order_by(Contact.id)).all()
        for n, contact in enumerate(contacts):
            note = " ".join(AWKWARD[n % len(AWKWARD)].split())[:500]
            if n % 2 == 0:
                contact.key_dates.append(
                    KeyDate(
                        kind="birthday",
                        month=2,
                        day=29,
                        year=None if n % 4 else 1996,
                        yearly=True,
                        note="",
                        added_on=date(2025, 3, 1),
                        source="manual",
                    )
                )
            if n % 3 == 0:
                contact.key_dates.append(
                    KeyDate(
                        kind="reminder",
                        month=12,
                        day=1 + n % 28,
                        year=2026,
                        yearly=n % 2 == 1,
                        note=note,
                        added_on=TODAY,
                        source="manual",
                    )
                )
                contact.key_dates.append(
                    KeyDate(
                        kind="anniversary",
                        month=6,
                        day=15,
                        year=None,
                        yearly=True,
                        note="",
                        added_on=date(2024, 1, 1),
                        source=note[:40],
                    )
                )
            refresh_key_date(contact, settings)
            cadences = [tag.cadence_days for tag in contact.tags if tag.cadence_days]
            contact.tag_cadence_days = min(cadences) if cadences else None


def _awkward_deck(database: Database) -> None:
    stamp = datetime(2026, 1, 2, 3, 4, 5, 678901)
    with database.writing() as session:
        session.query(Snippet).delete()
        snippet = Snippet(
            name="Odd [b]one[/b] 👋",
            kind="check-in",
            channel="any",
            subject="=1+1 {{ first_name }}",
            body="Hi {{ first_name }} [red]\n\n" + AWKWARD[3],
            created_at=stamp,
            updated_at=stamp,
        )
        session.add(snippet)
        session.add(Tag(name="unused tag", cadence_days=14))
        session.add(Setting(key="signature", value=AWKWARD[4]))
        session.add(Setting(key="my-name", value=""))
        session.add_all([ClearedDay(day=date(2025, 12, 30)), ClearedDay(day=date(2025, 12, 31))])
        session.flush()
        for n, text in enumerate(AWKWARD):
            addresses = (f"p{n}@example.com", f"https://x.example/{n}")
            # The derived columns as netdeck computes them, as a restore recomputes them.
            contact = Contact(
                full_name=text or "(empty)",
                first_name=text,
                last_name=AWKWARD[-n - 1],
                name_key=name_key(text or "(empty)"),
                search_text="",  # as the services write it, below
                company=text,
                title=text[:300],
                how_we_met=text,
                notes=text,
                stage=("active", "prospect", "dormant")[n % 3],
                stage_since=date(2026, 1, 1 + n),
                cadence_days=(None, 1, 3650)[n % 3],
                tag_cadence_days=(None, 7)[n % 2],  # their tag's, below
                next_due_on=date(2026, 2, 1) if n % 2 else None,
                snoozed_until=date(2026, 12, 1) if n == 1 else None,
                skipped_on=date(2026, 11, 25) if n == 2 else None,
                last_interaction_on=date(2025, 12, 31),
                connected_on=date(2020, 2, 29),
                source=text[:40],
                created_at=stamp,
                updated_at=stamp,
            )
            contact.channels = [
                Channel(
                    kind="email",
                    value=addresses[0],
                    lookup_key=address_key(ChannelKind.EMAIL, addresses[0]),
                    preferred=False,
                ),
                Channel(
                    kind="website",
                    value=addresses[1],
                    lookup_key=address_key(ChannelKind.WEBSITE, addresses[1]),
                    preferred=True,
                ),
            ]
            contact.tags = [Tag(name=f"tag {n} é", cadence_days=(None, 7)[n % 2])]
            session.add(contact)
            session.flush()
            session.add_all(
                [
                    Interaction(
                        contact_id=contact.id,
                        occurred_on=date(2025, 12, 31),
                        channel="in-person",
                        kind="meeting",
                        direction="inbound",
                        note=text,
                        text_sent=None,
                        snippet_id=None,
                        source=text[:40],
                        created_at=stamp,
                    ),
                    Interaction(
                        contact_id=contact.id,
                        occurred_on=date(2025, 12, 31),
                        channel="email",
                        kind="message",
                        direction="outbound",
                        note="",
                        text_sent=text,
                        snippet_id=snippet.id,
                        source="manual",
                        created_at=stamp,
                    ),
                ]
            )
            session.flush()
            refresh_search_text(session, [contact])
    _sync_facts(database)


def test_awkward_text_round_trips_byte_for_byte(database: Database, tmp_path: Path) -> None:
    _awkward_deck(database)
    first, second, restored = _round_trip(database, tmp_path)
    assert first == second
    assert "👋🏽" in first and "\\u001b[31m" in first  # UTF-8 as is, control characters escaped
    assert _table(restored, "SELECT notes FROM contacts ORDER BY id") == [
        (text,) for text in AWKWARD
    ]
    assert _table(restored, "SELECT name FROM tags WHERE name = 'unused tag'") == [("unused tag",)]
    sent = _table(
        restored,
        "SELECT i.text_sent, s.name FROM interactions i JOIN snippets s ON s.id = i.snippet_id "
        "ORDER BY i.id",
    )
    assert sent == [(text, "Odd [b]one[/b] 👋") for text in AWKWARD]


def _dump(path: Path) -> list[str]:
    return sqlite_dump(path)


@pytest.fixture
def export_file(database: Database, tmp_path: Path) -> Path:
    _awkward_deck(database)
    with database.reading() as session:
        text = export_json(session)
    file = tmp_path / "deck.json"
    file.write_text(text, encoding="utf-8")
    return file


def test_restore_refuses_a_deck_with_contacts_and_changes_nothing(
    database: Database, db_path: Path, export_file: Path
) -> None:
    before = _dump(db_path)
    with pytest.raises(InvalidInput, match=r"already holds 9 contacts.*--db new\.db"):
        restore_netdeck_json(database, export_file, today=TODAY)
    assert _dump(db_path) == before
    assert not (db_path.parent / "backups").exists()


def test_dry_run_counts_and_writes_nothing(export_file: Path, tmp_path: Path) -> None:
    target_path = tmp_path / "new" / "netdeck.db"
    target = open_database(str(target_path))
    try:
        before = _dump(target_path)
        summary = restore_netdeck_json(target, export_file, today=TODAY, dry_run=True)
    finally:
        target.close()
    assert (summary.contacts, summary.channels, summary.interactions) == (9, 18, 18)
    assert (summary.tags, summary.snippets, summary.settings, summary.cleared_days) == (
        10,
        1,
        2,
        2,
    )
    assert summary.dry_run and summary.backup is None
    assert _dump(target_path) == before
    assert not (target_path.parent / "backups").exists()


def test_pairs_not_the_same_are_in_the_file_by_contact_id_and_restored(
    export_file: Path, tmp_path: Path
) -> None:
    """Version 4: the pairs the user said are not the same person, by the file's ids."""
    document = json.loads(export_file.read_text(encoding="utf-8"))
    assert document["version"] == VERSION == NOT_DUPLICATES_SINCE == 4
    ids = [contact["id"] for contact in document["contacts"]]
    assert document["not_duplicates"][0] == {
        "low_id": ids[0],
        "high_id": ids[1],
        "marked_at": "2026-11-02T08:00:00.654321",
    }
    target_path = tmp_path / "restored" / "netdeck.db"
    target = open_database(str(target_path))
    try:
        summary = restore_netdeck_json(target, export_file, today=TODAY)
    finally:
        target.close()
    assert summary.not_duplicates == len(document["not_duplicates"]) == 3
    assert _table(target_path, "SELECT low_id, high_id FROM not_duplicates ORDER BY 1") == [
        (p["low_id"], p["high_id"]) for p in document["not_duplicates"]
    ]


@pytest.mark.parametrize(
    ("pair", "problem"),
    [
        ({"low_id": 2, "high_id": 1}, "not_duplicates[0].high_id: must be greater than low_id"),
        ({"low_id": 1, "high_id": 999}, "not_duplicates[0].high_id: no contact with id 999"),
    ],
)
def test_a_pair_not_the_same_must_name_two_of_the_files_contacts(
    export_file: Path, tmp_path: Path, pair: dict[str, int], problem: str
) -> None:
    document = json.loads(export_file.read_text(encoding="utf-8"))
    document["not_duplicates"] = [{**pair, "marked_at": "2026-11-02T08:00:00"}]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    target = open_database(str(tmp_path / "restored" / "netdeck.db"))
    try:
        with pytest.raises(InvalidInput, match=re.escape(problem)):
            restore_netdeck_json(target, bad, today=TODAY)
    finally:
        target.close()


def test_what_a_sync_keeps_is_in_the_file_and_restored(export_file: Path, tmp_path: Path) -> None:
    """Version 3: every sync column and both sync tables, as the file shows them."""
    document = json.loads(export_file.read_text(encoding="utf-8"))
    assert document["version"] >= SYNC_SINCE
    assert document["import_marks"] == [
        {"source": "linkedin", "latest_as_of": "2026-11-20"},
        {"source": "linkedin 👋 [b]x[/b]", "latest_as_of": "1900-01-01"},
    ]
    first, second = document["contacts"][0], document["contacts"][1]
    assert (first["awaiting_reply_on"], first["awaiting_reply_preview"]) == (
        "2026-11-19",
        visible(" ".join(AWKWARD[0].split())),
    )
    assert (first["linkedin_connected"], second["linkedin_connected"]) == (None, True)
    assert (second["imported_company"], second["imported_title"]) == (AWKWARD[1], "")
    assert second["role_changed_on"] == "2026-11-24"
    assert second["role_changes"][1] == {
        "changed_on": "2026-11-24",
        "from_company": AWKWARD[1],
        "from_title": "",
        "to_company": "Contoso",
        "to_title": "VP Product",
    }
    logged = second["interactions"]
    assert (logged[0]["occurred_at"], logged[0]["external_key"]) == (
        "2026-11-01T09:30:00.123456",
        f"conv-1 0 {AWKWARD[1]}",
    )
    assert (logged[1]["occurred_at"], logged[1]["external_key"]) == (None, None)

    target_path = tmp_path / "restored" / "netdeck.db"
    target = open_database(str(target_path))
    try:
        summary = restore_netdeck_json(target, export_file, today=TODAY)
    finally:
        target.close()
    assert (summary.role_changes, summary.import_marks) == (4, 2)
    assert _table(
        target_path,
        "SELECT awaiting_reply_on, role_changed_on, linkedin_connected, imported_company "
        "FROM contacts WHERE id = 2",
    ) == [(None, "2026-11-24", 1, AWKWARD[1])]
    assert _table(
        target_path,
        "SELECT to_company, to_title FROM role_changes WHERE contact_id = 2 ORDER BY id",
    ) == [(AWKWARD[1], ""), ("Contoso", "VP Product")]
    assert _table(
        target_path,
        "SELECT occurred_at, external_key FROM interactions "
        "WHERE contact_id = 2 AND external_key IS NOT NULL",
    ) == [("2026-11-01 09:30:00.123456", f"conv-1 0 {AWKWARD[1]}")]


def test_a_version_2_export_restores_with_nothing_synced(export_file: Path, tmp_path: Path) -> None:
    """Files written before a sync kept anything restore with those columns and tables empty."""
    document = _older(json.loads(export_file.read_text(encoding="utf-8")))
    old = tmp_path / "v2.json"
    old.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    target_path = tmp_path / "from-v2" / "netdeck.db"
    target = open_database(str(target_path))
    try:
        summary = restore_netdeck_json(target, old, today=TODAY)
        with target.reading() as session:
            again = json.loads(export_json(session))
    finally:
        target.close()
    assert (summary.contacts, summary.interactions, summary.cleared_days) == (9, 18, 2)
    assert (summary.role_changes, summary.import_marks) == (0, 0)
    assert _table(
        target_path,
        "SELECT count(*) FROM contacts WHERE awaiting_reply_on IS NOT NULL "
        "OR awaiting_reply_preview IS NOT NULL OR role_changed_on IS NOT NULL "
        "OR linkedin_connected IS NOT NULL OR imported_company IS NOT NULL "
        "OR imported_title IS NOT NULL",
    ) == [(0,)]
    assert _table(
        target_path,
        "SELECT count(*) FROM interactions WHERE occurred_at IS NOT NULL "
        "OR external_key IS NOT NULL",
    ) == [(0,)]
    assert _table(target_path, "SELECT count(*) FROM role_changes") == [(0,)]
    assert _table(target_path, "SELECT count(*) FROM import_marks") == [(0,)]
    # Everything else is the file's: exported again as version 2 would have written it.
    assert _older(again) == document


def _change(*steps: object, value: object) -> Callable[[dict[str, Any]], object]:
    def apply(document: dict[str, Any]) -> None:
        target: Any = document
        for step in steps[:-1]:
            target = target[step]
        target[steps[-1]] = value

    return apply


def _same_message_twice(document: dict) -> None:
    logged = document["contacts"][4]["interactions"]
    logged[1]["external_key"] = logged[0]["external_key"]


#: A change to a valid version 3 export -> the error it must give.
BAD_SYNC_VALUES: dict[str, tuple[Callable[[dict[str, Any]], object], str]] = {
    "awaiting reply on a bad day": (
        _change("contacts", 0, "awaiting_reply_on", value="2026-02-30"),
        r"contacts\[0\]\.awaiting_reply_on: bad date '2026-02-30'",
    ),
    "awaiting reply in the future": (
        _change("contacts", 0, "awaiting_reply_on", value="2026-11-26"),
        r"contacts\[0\]\.awaiting_reply_on: 2026-11-26 is in the future \(today is 2026-11-25\)",
    ),
    "preview with an escape sequence": (
        _change("contacts", 0, "awaiting_reply_preview", value="hi \x1b[2J"),
        r"contacts\[0\]\.awaiting_reply_preview: must be one line with no control character",
    ),
    "preview too long": (
        _change("contacts", 0, "awaiting_reply_preview", value="x" * 201),
        r"contacts\[0\]\.awaiting_reply_preview: must be at most 200 characters, not 201",
    ),
    "role changed before the calendar": (
        _change("contacts", 1, "role_changed_on", value="1899-12-31"),
        r"contacts\[1\]\.role_changed_on: bad date '1899-12-31'",
    ),
    "connected as a number": (
        _change("contacts", 2, "linkedin_connected", value=1),
        r"contacts\[2\]\.linkedin_connected: must be true or false",
    ),
    "imported company too long": (
        _change("contacts", 1, "imported_company", value="x" * 301),
        r"contacts\[1\]\.imported_company: must be at most 300 characters",
    ),
    "imported title a list": (
        _change("contacts", 1, "imported_title", value=["CTO"]),
        r"contacts\[1\]\.imported_title: must be text",
    ),
    "role change in the future": (
        _change("contacts", 1, "role_changes", 0, "changed_on", value="2027-01-01"),
        r"contacts\[1\]\.role_changes\[0\]\.changed_on: 2027-01-01 is in the future",
    ),
    "role change with an unknown field": (
        _change("contacts", 1, "role_changes", 1, "contact_id", value=99),
        r"contacts\[1\]\.role_changes\[1\]\.contact_id: unknown field",
    ),
    "role change title too long": (
        _change("contacts", 1, "role_changes", 1, "to_title", value="x" * 301),
        r"contacts\[1\]\.role_changes\[1\]\.to_title: must be at most 300 characters",
    ),
    "role changes missing": (
        lambda document: document["contacts"][3].pop("role_changes"),
        r"contacts\[3\]\.role_changes: missing",
    ),
    "message time with a time zone": (
        _change("contacts", 0, "interactions", 0, "occurred_at", value="2026-11-01T09:30:00+01:00"),
        r"contacts\[0\]\.interactions\[0\]\.occurred_at: bad timestamp",
    ),
    "message time out of range": (
        _change("contacts", 0, "interactions", 0, "occurred_at", value="0001-01-01T00:00:00"),
        r"contacts\[0\]\.interactions\[0\]\.occurred_at: bad timestamp '0001-01-01T00:00:00'",
    ),
    "message key empty": (
        _change("contacts", 0, "interactions", 0, "external_key", value=""),
        r"contacts\[0\]\.interactions\[0\]\.external_key: must not be empty",
    ),
    "message key too long": (
        _change("contacts", 0, "interactions", 0, "external_key", value="k" * 401),
        r"contacts\[0\]\.interactions\[0\]\.external_key: must be at most 400 characters",
    ),
    "the same message twice": (
        _same_message_twice,
        r"contacts\[4\]\.interactions\[1\]\.external_key: the imported message 'conv-4 0 .*' "
        r"appears twice in this contact \(also interactions\[0\]\)",
    ),
    "import mark on a bad day": (
        _change("import_marks", 0, "latest_as_of", value="yesterday"),
        r"import_marks\[0\]\.latest_as_of: bad date 'yesterday'",
    ),
    "import mark source too long": (
        _change("import_marks", 0, "source", value="s" * 41),
        r"import_marks\[0\]\.source: must be at most 40 characters",
    ),
    "import mark twice": (
        _change("import_marks", 1, "source", value="linkedin"),
        r"import_marks\[1\]: source 'linkedin' appears twice",
    ),
    "import marks missing": (
        lambda document: document.pop("import_marks"),
        r"import_marks: missing",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_SYNC_VALUES))
def test_bad_sync_values_are_refused_naming_the_record(
    case: str, export_file: Path, tmp_path: Path
) -> None:
    change, message = BAD_SYNC_VALUES[case]
    document = json.loads(export_file.read_text(encoding="utf-8"))
    change(document)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    target_path = tmp_path / "new" / "netdeck.db"
    target = open_database(str(target_path))
    try:
        before = _dump(target_path)
        with pytest.raises(InvalidInput, match=rf"^bad\.json: {message}"):
            restore_netdeck_json(target, bad, today=TODAY)
    finally:
        target.close()
    assert _dump(target_path) == before
    assert not (target_path.parent / "backups").exists()


def test_ask_about_is_exported_and_restored_and_older_files_restore_without_it(
    database: Database, tmp_path: Path
) -> None:
    """Issue 16: "next time, ask about" is in the backup; a backup made before it existed
    (no ``ask_about`` field) restores with none."""
    _awkward_deck(database)
    with database.writing() as session:
        first = session.scalars(select(Contact).order_by(Contact.id)).first()
        assert first is not None
        first.ask_about = "her move to Berlin 👋 [b]x[/b]"
        first_id = first.id
    with database.reading() as session:
        document = json.loads(export_json(session))
    by_id = {contact["id"]: contact for contact in document["contacts"]}
    assert by_id[first_id]["ask_about"] == "her move to Berlin 👋 [b]x[/b]"
    by_id[first_id + 1]["ask_about"] = "  two\n lines  "  # a hand-edited file: one line, trimmed
    older = json.loads(json.dumps(document))
    for contact in older["contacts"]:
        del contact["ask_about"]
    for name, doc in (("now", document), ("older", older)):
        file = tmp_path / f"{name}.json"
        file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        target_path = tmp_path / name / "netdeck.db"
        target = open_database(str(target_path))
        try:
            restore_netdeck_json(target, file, today=TODAY)
        finally:
            target.close()
        asked = dict(
            _table(target_path, "SELECT id, ask_about FROM contacts WHERE ask_about != ''")
        )
        if name == "now":
            assert asked == {first_id: "her move to Berlin 👋 [b]x[/b]", first_id + 1: "two lines"}
        else:
            assert asked == {}

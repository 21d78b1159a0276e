"""Migration 0010: existing contacts' search text folded and covering what the user wrote.

A database left by 0009 (the schema 0010 keeps; only ``search_text`` changes) is
opened by today's netdeck: afterwards search finds Zoë by ``zoe`` and a contact by
an interaction's note, exactly as if the services had written every row.
"""

from __future__ import annotations

import sys
import unicodedata
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session

from netdeck.domain.contact_query import ContactQuery
from netdeck.domain.search import fold
from netdeck.services.contact_list import list_contacts
from netdeck.services.contacts import get_contact, refresh_search_text
from netdeck.store import migrate
from netdeck.store.database import open_database
from netdeck.store.models import Base, Channel, Contact, Interaction, Tag
from tests.conftest import _migration

MIGRATION = _migration("0010_search_folds.py")


def migrate_to(path: Path, revision: str, *, down: bool = False) -> None:
    from alembic import command

    engine = create_engine(f"sqlite:///{path}")
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)
    engine.dispose()


def contact(name: str, *, search_text: str, **fields: object) -> Contact:
    return Contact(
        full_name=name,
        first_name=name.split()[0],
        last_name=" ".join(name.split()[1:]),
        name_key=name.casefold(),
        company=fields.pop("company", ""),
        title="",
        how_we_met=fields.pop("how_we_met", ""),
        notes=fields.pop("notes", ""),
        ask_about=fields.pop("ask_about", ""),
        stage="active",
        stage_since=date(2026, 1, 1),
        source="manual",
        search_text=search_text,
        **fields,
    )


def interaction(day: int, note: str, source: str = "manual") -> Interaction:
    return Interaction(
        occurred_on=date(2026, 3, day),
        channel="linkedin",
        kind="reply" if source == "import" else "meeting",
        direction="inbound" if source == "import" else "outbound",
        note=note,
        source=source,
        created_at=datetime(2026, 3, day),
    )


def old_deck(path: Path) -> None:
    """A deck as 0009's netdeck left it: search text casefolded, notes not in it."""
    migrate_to(path, "0009")
    engine = create_engine(f"sqlite:///{path}")
    later = _columns_added_later(engine)
    with Session(engine) as session, session.begin():
        session.add_all(
            [
                contact(
                    "Zoë Ørsted",
                    company="Helio",
                    how_we_met="PyCon Lisboa",
                    search_text="zoë ørsted | helio | zoe@helio.example | climate",
                    channels=[
                        Channel(
                            kind="email",
                            value="zoe@helio.example",
                            lookup_key="zoe@helio.example",
                            preferred=True,
                        )
                    ],
                    tags=[Tag(name="climate")],
                    interactions=[
                        interaction(1, "She is hiring a data engineer"),
                        interaction(2, "Thanks! Talk soon, Zoë", source="import"),
                    ],
                ),
                contact(
                    "José García-Núñez",
                    notes="Plays the oud",
                    ask_about="his new job",
                    search_text="josé garcía-núñez",
                ),
                contact("Ann Lee", search_text="ann lee"),
            ]
        )
    _drop(engine, later)
    engine.dispose()


def _columns_added_later(engine: Engine) -> list[tuple[str, str]]:
    """Add the columns later revisions bring to 0009's tables, so today's models can
    write rows into 0009's schema (they are dropped again by :func:`_drop`)."""
    added = []
    with engine.begin() as connection:
        tables = {row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master")}
        for table in Base.metadata.sorted_tables:
            if table.name not in tables:
                continue
            info = connection.exec_driver_sql(f"PRAGMA table_info({table.name})")
            present = {row[1] for row in info}
            for column in table.columns:
                if column.name not in present:
                    kind = column.type.compile(engine.dialect)
                    connection.exec_driver_sql(
                        f"ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}"
                    )
                    added.append((table.name, column.name))
    return added


def _drop(engine: Engine, added: list[tuple[str, str]]) -> None:
    with engine.begin() as connection:
        for table, column in added:
            connection.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")


def found(path: Path, search: str) -> list[str]:
    database = open_database(str(path))
    try:
        with database.reading() as session:
            return [c.name for c in list_contacts(session, ContactQuery(search=search))]
    finally:
        database.close()


def test_upgrading_folds_every_search_text_and_adds_what_the_user_wrote(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old_deck(path)

    open_database(str(path)).close()  # opening an older deck upgrades it

    assert found(path, "zoe") == ["Zoë Ørsted"]
    assert found(path, "garcia nunez") == ["José García-Núñez"]
    assert found(path, "hiring") == ["Zoë Ørsted"]  # an interaction's note
    assert found(path, "lisboa") == ["Zoë Ørsted"]  # how you met
    assert found(path, "oud") == ["José García-Núñez"]  # notes
    assert found(path, "new job") == ["José García-Núñez"]  # next time, ask about
    assert found(path, "talk soon") == []  # an imported message's text is not searched


def test_the_migration_writes_what_the_services_write(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old_deck(path)
    database = open_database(str(path))
    try:
        with database.writing() as session:
            rows = session.execute(select(Contact.id, Contact.search_text))
            migrated = {contact_id: text for contact_id, text in rows}
            contacts = [get_contact(session, contact_id) for contact_id in migrated]
            refresh_search_text(session, contacts)
            assert {c.id: c.search_text for c in contacts} == migrated
    finally:
        database.close()


def test_downgrading_puts_back_the_old_rule(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old_deck(path)
    open_database(str(path)).close()

    migrate_to(path, "0009", down=True)

    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        texts = sorted(connection.execute(select(Contact.search_text)).scalars())
    engine.dispose()
    assert texts == [
        "ann lee",
        "josé garcía-núñez",
        "zoë ørsted | helio | zoe@helio.example | climate",
    ]


def test_the_migration_folds_every_character_as_the_domain_does_today() -> None:
    """0010 writes the rule out; today it is the same rule, character by character."""
    assigned = (chr(code) for code in range(sys.maxunicode + 1))
    every = [ch for ch in assigned if unicodedata.category(ch) not in {"Cn", "Co", "Cs"}]
    assert [ch for ch in every if MIGRATION.fold(f"A{ch}b c") != fold(f"A{ch}b c")] == []

"""Migration 0012: the old ``linkedin-note-limit`` setting becomes ``linkedin-plan``.

A deck left by 0011's netdeck, opened by today's: a 300-character note limit
meant Premium, so the plan is Premium (notes of 300 characters, no monthly
limit); 200 meant the free plan. Going back down puts the old setting back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from netdeck.services.settings import load_settings
from netdeck.store.database import open_database
from tests.services.test_search_migration import migrate_to


def old_deck(path: Path, settings: dict[str, str]) -> None:
    migrate_to(path, "0011")
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        for key, value in settings.items():
            connection.execute(
                text("INSERT INTO settings (key, value) VALUES (:key, :value)"),
                {"key": key, "value": value},
            )
    engine.dispose()


def stored(path: Path) -> dict[str, str]:
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        rows = dict(connection.execute(text("SELECT key, value FROM settings")).all())
    engine.dispose()
    return {key: value for key, value in rows.items() if key.startswith("linkedin")}


@pytest.mark.parametrize(
    ("old", "plan", "note_length", "notes_a_month"),
    [
        pytest.param("300", "premium", 300, None, id="premium"),
        pytest.param("200", "free", 200, 5, id="free"),
    ],
)
def test_the_old_note_limit_becomes_the_plan(
    tmp_path: Path, old: str, plan: str, note_length: int, notes_a_month: int | None
) -> None:
    path = tmp_path / "old.db"
    old_deck(path, {"linkedin-note-limit": old, "queue-size": "7"})

    database = open_database(str(path))  # opening an older deck upgrades it
    with database.reading() as session:
        settings = load_settings(session)
    database.close()

    assert stored(path) == {"linkedin-plan": plan}
    assert (settings.linkedin_plan, settings.queue_size) == (plan, 7)
    assert settings.linkedin_note_limit == note_length
    assert settings.linkedin_notes_limit == notes_a_month


def test_a_deck_that_never_set_it_stays_on_the_free_plan(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old_deck(path, {})
    open_database(str(path)).close()
    assert stored(path) == {}


def test_downgrading_puts_back_the_old_setting(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old_deck(path, {"linkedin-note-limit": "300"})
    open_database(str(path)).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO settings (key, value) VALUES ('linkedin-notes-per-month', '3')")
        )
    engine.dispose()

    migrate_to(path, "0011", down=True)

    assert stored(path) == {"linkedin-note-limit": "300"}
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        columns = [row[1] for row in connection.execute(text("PRAGMA table_info(contacts)"))]
    engine.dispose()
    assert "bare_request" not in columns


def test_sqlite_counts_the_months_notes_from_their_partial_index(tmp_path: Path) -> None:
    """Migration 0017: the note budget's statement (every queue, the first frame's
    start-up read) says the index's condition in so many words, so SQLite reads this
    month's notes from it instead of the month's every interaction."""
    from netdeck.services.note_budget import NOTE_USE_STATEMENT
    from netdeck.store.first_look import SQLITE

    database = open_database(str(tmp_path / "netdeck.db"))
    started_up, constants = SQLITE("NOTE_USE")
    dates = {"today": "2026-11-25", "month_start": "2026-11-01"}
    with database.engine.connect() as connection:
        compiled = NOTE_USE_STATEMENT.compile(connection)
        values = compiled.construct_params(dates)
        positional = tuple(values[name] for name in compiled.positiontup or ())
        plans = [
            " ".join(
                row[3]
                for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", parameters)
            )
            for sql, parameters in (
                (str(compiled), positional),
                (started_up, {**constants, **dates}),
            )
        ]
    database.close()
    assert all("USING INDEX ix_interactions_note_sent" in plan for plan in plans), plans

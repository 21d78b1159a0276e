"""How PostgreSQL plans the queue's statements: the shapes that keep today's queue
under 30 ms at 100,000 contacts (tests/benchmarks/queries.py) hold.

Small tables get whatever plan is cheapest, so each check turns off the plans
that would hide the one it is about, and asserts what the planner may use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import event
from sqlalchemy.engine import Connection

from netdeck.domain.settings import Settings
from netdeck.services.queue import due_contacts
from netdeck.store.database import Database, open_database
from tests.conftest import TODAY
from tests.postgres import PostgresCluster


@contextmanager
def postgres_deck(cluster: PostgresCluster) -> Iterator[Database]:
    url = cluster.new_database()
    database = open_database(url)
    try:
        yield database
    finally:
        database.close()
        cluster.drop_database(url)


def queue_statements(database: Database, today: date) -> list[tuple[str, object]]:
    """Every statement today's queue runs, with its parameters."""
    seen: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        seen.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", capture)
    try:
        with database.reading() as session:
            settings = Settings(linkedin_notes_per_month=5)
            due_contacts(session, today=today, settings=settings, limit=10)
    finally:
        event.remove(database.engine, "before_cursor_execute", capture)
    return seen


def plan(connection: Connection, statement: str, parameters: object, *settings: str) -> str:
    for setting in settings:
        connection.exec_driver_sql(f"SET LOCAL {setting}")
    rows = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()  # type: ignore[arg-type]
    return "\n".join(row[0] for row in rows)


def test_the_note_budget_is_counted_from_its_partial_index(
    postgres_cluster: PostgresCluster,
) -> None:
    with postgres_deck(postgres_cluster) as database:
        statements = queue_statements(database, TODAY)
        [(note_use, parameters)] = [s for s in statements if "count(interactions.id)" in s[0]]
        with database.engine.begin() as connection:
            shown = plan(connection, note_use, parameters, "enable_seqscan = off")
    assert "ix_interactions_note_sent" in shown, shown


def test_whether_a_prospect_has_another_way_is_looked_up_per_row_never_hashed(
    postgres_cluster: PostgresCluster,
) -> None:
    with postgres_deck(postgres_cluster) as database:
        statements = queue_statements(database, TODAY)
        due = [s for s in statements if "FROM channels" in s[0] and "due_ids" in s[0]]
        assert due, [s for s, _ in statements]
        with database.engine.begin() as connection:
            # Per-row lookups made dear: the planner hashes the channels when it can.
            shown = plan(connection, *due[0], "enable_indexscan = off")
    assert "Seq Scan on channels" not in shown, shown
    assert "Index Scan on ix_channels_contact_id" in shown, shown


def test_those_awaiting_your_reply_are_read_in_order_from_the_day_they_wrote(
    postgres_cluster: PostgresCluster,
) -> None:
    # The head of the queue comes from the index on the day they wrote, so a screenful
    # of them costs a few rows, not the thousands due.
    with postgres_deck(postgres_cluster) as database:
        statements = queue_statements(database, TODAY)
        [awaiting] = [s for s in statements if "ORDER BY contacts.awaiting_reply_on" in s[0]]
        with database.engine.begin() as connection:
            shown = plan(connection, *awaiting, "enable_seqscan = off")
    assert "ix_contacts_awaiting_reply_on" in shown, shown

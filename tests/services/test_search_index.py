"""The search index (migration 0015_search_index) narrows what a search reads, never
what it finds: the same contacts, in the same order, as the plain scan, however the
deck was written (added, edited, deleted, restored), and where the index is missing
(a SQLite without FTS5) search scans as before.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, event, select, text

from netdeck.domain.contact_query import ContactQuery
from netdeck.domain.errors import StorageError
from netdeck.domain.search import finds, search_terms
from netdeck.domain.settings import Settings
from netdeck.services import contact_list
from netdeck.services.contacts import ContactFields, add_contact, edit_contact, get_contact
from netdeck.services.importing import import_contacts_csv
from netdeck.services.views import MATCH_COUNT_LIMIT, ContactDetail
from netdeck.store import search_index
from netdeck.store.database import Database, open_database
from netdeck.store.models import Contact
from tests.postgres import (  # noqa: F401  # every_backend: on both backends
    PostgresCluster,
    database_name,
    every_backend,
    sqlite_only,
)

REPO = Path(__file__).resolve().parents[2]

#: Few letters, so words share trigrams and 2-letter parts often; accents, ß, ø and
#: punctuation go through the fold; a quote and a space test the index's quoting.
LETTERS = "abcsmzqé ßø'-\""
names = st.text(alphabet=LETTERS, min_size=1, max_size=14).filter(lambda n: n.strip(" '-\""))
searches = st.text(alphabet=LETTERS, min_size=1, max_size=5)


def found(database: Database, search: str, at_most: int = MATCH_COUNT_LIMIT + 1) -> list[int]:
    """The first ``at_most`` matches (by default as many as a count reads; fewer, as
    a page of the list reads)."""
    with database.reading() as session:
        return contact_list.matching_ids(session, ContactQuery(search=search), at_most=at_most)


@contextmanager
def scanning(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Search as it was before the index: every text read, in name order."""
    with monkeypatch.context() as patched:
        patched.setattr(contact_list, "rare_search_candidates", lambda *_a, **_k: None)
        patched.setattr(contact_list, "first_matches_by_name", lambda *_a, **_k: None)
        yield


def expected(database: Database, search: str) -> list[int]:
    """The matches by the domain's rule, in the list's order (name, then id)."""
    with database.reading() as session:
        rows = session.execute(select(Contact.id, Contact.name_key, Contact.search_text)).all()
    return [
        row.id
        for row in sorted(rows, key=lambda r: (r.name_key, r.id))
        if finds(search, row.search_text)
    ]


@given(
    deck=st.lists(st.tuples(names, names), min_size=1, max_size=12),
    edited=st.lists(st.integers(min_value=0, max_value=11), max_size=4),
    dropped=st.lists(st.integers(min_value=0, max_value=11), max_size=3),
    typed=st.lists(searches, min_size=1, max_size=6),
)
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_index_finds_what_the_scan_finds(
    database: Database,
    today: date,
    monkeypatch: pytest.MonkeyPatch,
    deck: list[tuple[str, str]],
    edited: list[int],
    dropped: list[int],
    typed: list[str],
) -> None:
    written = Settings()
    with database.writing() as session:
        session.execute(delete(Contact))  # the last example's people leave the index too
        ids = [
            add_contact(
                session, ContactFields(name=name, company=company), today=today, settings=written
            ).id
            for name, company in deck
        ]
    with database.writing() as session:
        for place in edited:  # a changed text leaves its old trigrams behind
            if place < len(ids):
                contact = get_contact(session, ids[place])
                edit_contact(
                    session,
                    contact,
                    ContactFields(company=contact.full_name + " smzq"),
                    today=today,
                    settings=written,
                )
        for place in set(dropped):
            if place < len(ids) and len(ids) > 1:
                session.execute(delete(Contact).where(Contact.id == ids[place]))

    for search in [*typed, "sm", "zq", "ss", "é"]:
        for at_most in (MATCH_COUNT_LIMIT + 1, 2):  # a count, a page
            indexed = found(database, search, at_most)
            with scanning(monkeypatch):
                scanned = found(database, search, at_most)
            assert indexed == scanned == expected(database, search)[:at_most], search


@pytest.fixture
def people(add: Callable[..., ContactDetail]) -> dict[str, int]:
    return {
        name: add(name, company=company).id
        for name, company in [
            ("Dana Smith", "Acme"),
            ("Ana Osm", ""),  # "sm" at the very end of the text
            ("Zoë Zq", "Globex"),
            ("Al", ""),  # a text shorter than a trigram
            ("Bo Chen", "Kosmos Ltd"),
        ]
    }


def test_a_rare_search_is_read_from_the_index(database: Database, people: dict[str, int]) -> None:
    """``sm`` and ``zq`` come from the index's candidates, not from reading every text."""
    with database.reading() as session:
        for search in ("sm", "zq", "al", "kosmos", "smith acme"):
            assert (
                search_index.rare_search_candidates(
                    session, search_terms(search), rare_below=MATCH_COUNT_LIMIT + 1
                )
                is not None
            ), search
    assert found(database, "sm") == [people["Ana Osm"], people["Bo Chen"], people["Dana Smith"]]
    assert found(database, "zq") == [people["Zoë Zq"]]
    assert found(database, "al") == [people["Al"]]
    assert found(database, "xy") == []


def test_a_common_search_reads_names_in_order(
    database: Database, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With more candidates than the threshold the index says nothing (SQLite; on
    PostgreSQL the planner weighs it), and the matches are the same."""
    monkeypatch.setattr(contact_list, "RARE_PAGE_BELOW", 2)
    monkeypatch.setattr(contact_list, "RARE_COUNT_BELOW", 2)
    assert found(database, "sm") == [people["Ana Osm"], people["Bo Chen"], people["Dana Smith"]]


def test_a_common_searchs_first_page_is_read_from_the_first_names(
    database: Database, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL a page the first names hold comes from them (the planner cannot
    tell a common word from a rare one); past them, from the index. SQLite's index
    tells it how rare a search is, so it never reads them first."""
    postgresql = database.engine.dialect.name == "postgresql"
    with database.reading() as session:
        first_two = search_index.first_matches_by_name(session, ["sm"], 2)
        monkeypatch.setattr(search_index, "FIRST_NAMES", 2)  # Al, Ana Osm
        past_them = search_index.first_matches_by_name(session, ["sm"], 2)
    assert first_two == ([people["Ana Osm"], people["Bo Chen"]] if postgresql else None)
    assert past_them is None
    assert found(database, "sm", 2) == [people["Ana Osm"], people["Bo Chen"]]


def drop_the_index(database: Database) -> None:
    """The deck as migration 0015 leaves it where SQLite has no FTS5: no index at all."""
    with database.writing() as session:
        for trigger in (
            "contacts_search_insert",
            "contacts_search_update",
            "contacts_search_delete",
        ):
            session.execute(text(f"DROP TRIGGER {trigger}"))
        session.execute(text("DROP TABLE contacts_search_terms"))
        session.execute(text("DROP TABLE contacts_search"))


@sqlite_only("FTS5 is SQLite's; PostgreSQL's pg_trgm is required by the migration")
def test_without_fts5_search_scans_as_before(
    database: Database, people: dict[str, int], add: Callable[..., ContactDetail]
) -> None:
    drop_the_index(database)
    with database.reading() as session:
        assert search_index.rare_search_candidates(session, ["sm"], rare_below=1001) is None
    added = add("Sam Smithers", company="Smzq").id  # writes need no index either
    assert found(database, "sm") == [
        people["Ana Osm"],
        people["Bo Chen"],
        people["Dana Smith"],
        added,
    ]
    assert found(database, "zq") == [added, people["Zoë Zq"]]


@sqlite_only("the triggers are SQLite's")
def test_an_index_whose_triggers_are_gone_is_not_read(
    database: Database, people: dict[str, int], add: Callable[..., ContactDetail]
) -> None:
    """A later migration that rebuilds ``contacts`` takes its triggers: the index then
    falls behind, so search scans rather than miss the people added since."""
    with database.writing() as session:
        session.execute(text("DROP TRIGGER contacts_search_insert"))
    added = add("Sam Smithers").id
    assert found(database, "smithers") == [added]


@sqlite_only("FTS5 is SQLite's")
def test_a_deck_indexed_by_fts5_read_without_it_scans(
    database: Database, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SQLite without the module cannot read the index: search falls back to the scan."""

    def no_module(*_args: object) -> list[str]:
        from sqlalchemy.exc import OperationalError

        raise OperationalError(
            "SELECT term FROM contacts_search_terms", {}, Exception("no such module: fts5")
        )

    monkeypatch.setattr(search_index, "_trigrams_beginning", no_module)
    assert found(database, "sm") == [people["Ana Osm"], people["Bo Chen"], people["Dana Smith"]]


def test_the_index_follows_every_write(
    database: Database, people: dict[str, int], today: date
) -> None:
    """Edits, renames and deletes: a rare search finds the text as it is now."""
    with database.writing() as session:
        for person, fields in (
            ("Bo Chen", ContactFields(company="Initech")),
            ("Al", ContactFields(name="Alzq Quinn")),
        ):
            contact = get_contact(session, people[person])
            edit_contact(session, contact, fields, today=today, settings=Settings())
        session.execute(delete(Contact).where(Contact.id == people["Ana Osm"]))
    assert found(database, "sm") == [people["Dana Smith"]]
    assert found(database, "zq") == [people["Al"], people["Zoë Zq"]]
    assert found(database, "kosmos") == []
    assert found(database, "initech") == [people["Bo Chen"]]


@sqlite_only("the SQLite index's trigger is set aside for a big import")
def test_a_big_import_is_indexed_at_once_and_the_trigger_comes_back(
    database: Database, backend_target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_index, "BULK_INDEX_FROM", 2)  # the two people below
    csv = tmp_path / "people.csv"
    csv.write_text("Name,Company\nDana Smith,Acme\nZoë Zq,Kosmos\n", encoding="utf-8")
    schema = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    with database.reading() as session:
        triggers = session.execute(text(schema)).all()

    statements: list[str] = []
    listen = partial(event.listen, database.engine, "before_cursor_execute")
    listen(lambda *args: statements.append(args[2]))
    import_contacts_csv(database, csv, today=date(2026, 11, 25))

    assert "DROP TRIGGER contacts_search_insert" in statements  # set aside, then back:
    with database.reading() as session:
        assert session.execute(text(schema)).all() == triggers
        # The index holds them: a rare search reads its candidates from it.
        assert search_index.rare_search_candidates(session, ["zq"], rare_below=10) is not None
    assert [len(found(database, word)) for word in ("smith", "zq", "kosmos", "acme")] == [
        1,
        1,
        1,
        1,
    ]
    assert found(database, "zq") == found(database, "kosmos")


def test_indexing_at_once_is_refused_outside_a_transaction(database: Database) -> None:
    """Only a rollback puts the dropped trigger back after a failure: outside a
    transaction nothing is dropped, and the call is refused."""
    with database.engine.connect() as connection:
        with (
            pytest.raises(RuntimeError, match="inside a transaction"),
            search_index.indexed_at_once(connection, list(range(5_000))),
        ):
            pass
        assert not connection.in_transaction()


def test_new_contacts_are_indexed_as_the_trigger_indexes_them() -> None:
    """:func:`~netdeck.store.search_index.indexed_at_once` writes what migration 0015's
    trigger writes for a contact."""
    migration = (REPO / "migrations" / "versions" / "0015_search_index.py").read_text()
    indexed = search_index._INDEXED_TEXT.replace("search_text", "{row}.search_text")
    assert f'_INDEXED = "{indexed}"' in migration


def test_a_role_that_cannot_create_pg_trgm_is_told_what_to_do(
    postgres_cluster: PostgresCluster,
) -> None:
    """The migration needs ``pg_trgm``; a role that may make tables but not the
    extension gets one line saying what to run, and the database stays empty."""
    import psycopg

    url = postgres_cluster.empty_database()
    role = f"tenant_{os.getpid()}"
    postgres_cluster.execute(f"DROP ROLE IF EXISTS {role}", f"CREATE ROLE {role} LOGIN")
    with psycopg.connect(
        host=str(postgres_cluster.socket_dir),
        user="postgres",
        dbname=database_name(url),
        autocommit=True,
    ) as connection:
        connection.execute(f"GRANT CREATE ON SCHEMA public TO {role}")  # type: ignore[arg-type]  # test-only SQL
    as_tenant = url.replace("postgres@", f"{role}@", 1)
    with pytest.raises(StorageError, match="CREATE EXTENSION pg_trgm") as refused:
        open_database(as_tenant)
    assert "\n" not in str(refused.value)
    with psycopg.connect(
        host=str(postgres_cluster.socket_dir), user="postgres", dbname=database_name(url)
    ) as connection:
        tables = connection.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone() == (0,)

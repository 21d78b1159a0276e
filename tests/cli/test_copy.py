"""``netdeck copy --to TARGET``: a whole deck into another database, SQLite to
PostgreSQL and back, all or nothing, every table verified; the source untouched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Netdeck, Run, assert_user_error, database_dump, succeeded
from tests.cli.test_postgres import WITHOUT_PSYCOPG
from tests.conftest import DEFAULT_SNIPPET_NAMES
from tests.postgres import PostgresCluster, sqlite_only

LINKEDIN = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"


@pytest.fixture
def deck(populated: Netdeck) -> Netdeck:
    """The populated deck with a LinkedIn import on top: messages, requests, a sync's marks."""
    succeeded(populated.in_process("import", "linkedin", str(LINKEDIN / "Connections.csv")))
    return populated


def _psql(cluster: PostgresCluster, url: str, *statements: str) -> list[tuple[object, ...]]:
    import psycopg
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    with psycopg.connect(host=str(cluster.socket_dir), user="postgres", dbname=name) as connection:
        rows: list[tuple[object, ...]] = []
        for statement in statements:
            cursor = connection.execute(statement)  # type: ignore[arg-type]  # test-only SQL
            if cursor.description is not None:
                rows = list(cursor.fetchall())
        return rows


def _checksums(copied: dict[str, object]) -> dict[str, tuple[int, str]]:
    return {t["name"]: (t["rows"], t["checksum"]) for t in copied["tables"]}  # type: ignore[attr-defined, index]


def test_a_deck_goes_to_postgresql_and_back_unchanged(
    deck: Netdeck, tmp_path: Path, postgres_cluster: PostgresCluster
) -> None:
    url = postgres_cluster.empty_database()  # no tables yet: the copy migrates it
    before = database_dump(deck.db)  # type: ignore[arg-type]
    exported = deck.ok("export", "json").stdout

    there = deck.json("copy", "--to", url)
    back_path = tmp_path / "back" / "netdeck.db"
    on_server = Netdeck(deck.data_dir, None)
    back = on_server.json("--db", url, "copy", "--to", str(back_path), use_db=False)

    assert _checksums(there) == _checksums(back)
    assert _checksums(there)["contacts"][0] == 45  # the fixture's people and ours
    assert _checksums(there)["interactions"][0] > 2
    assert {t["name"] for t in there["tables"]} >= {"contacts", "claims", "deck_users"}
    assert there["target"].startswith("postgresql+psycopg://postgres@/t_")
    assert on_server.ok("--db", url, "export", "json", use_db=False).stdout == exported
    assert Netdeck(deck.data_dir, back_path).ok("export", "json").stdout == exported
    assert database_dump(deck.db) == before  # type: ignore[arg-type]
    # The server numbers new rows past the copied ones.
    on_server.ok("--db", url, "add", "Zed New", use_db=False)
    postgres_cluster.drop_database(url)


def test_the_text_says_where_it_went_without_the_password_and_seeded_rows_give_way(
    deck: Netdeck, postgres_cluster: PostgresCluster
) -> None:
    url = postgres_cluster.new_database()  # migrated: holds the default snippets
    _psql(postgres_cluster, url, "ALTER ROLE postgres PASSWORD 'hush'")
    with_password = url.replace("postgres@", "postgres:hush@")

    shown = deck.ok("copy", "--to", with_password).stdout

    assert "hush" not in shown
    assert "postgres:***@" in shown
    assert "Verified" in shown
    lines = {line.split()[0]: line.split() for line in shown.splitlines()[1:-1]}
    assert lines["contacts"][1:3] == ["45", "rows"]
    names = [row[0] for row in _psql(postgres_cluster, url, "SELECT name FROM snippets")]
    assert sorted(names) == sorted([*DEFAULT_SNIPPET_NAMES, "hello", "thanks"])
    postgres_cluster.drop_database(url)


def test_a_deck_that_is_not_empty_is_refused_and_left_as_it_was(
    deck: Netdeck, populated: Netdeck, tmp_path: Path, postgres_cluster: PostgresCluster
) -> None:
    other = Netdeck(tmp_path / "data", tmp_path / "other.db")
    other.ok("add", "Kim Only")
    kept = database_dump(other.db)  # type: ignore[arg-type]
    url = postgres_cluster.new_database()
    _psql(postgres_cluster, url, "UPDATE snippets SET body = 'mine' WHERE id = 1")

    refused = deck("copy", "--to", str(other.db))
    edited = deck("copy", "--to", url)
    itself = deck("copy", "--to", str(deck.db))

    assert_user_error(refused, "other.db is not an empty deck", "1 contacts", "nothing was changed")
    assert database_dump(other.db) == kept  # type: ignore[arg-type]
    assert_user_error(edited, "is not an empty deck", "1 snippets rows")
    assert _psql(postgres_cluster, url, "SELECT body FROM snippets WHERE id = 1") == [("mine",)]
    assert _psql(postgres_cluster, url, "SELECT count(*) FROM contacts") == [(0,)]
    assert_user_error(itself, "is the deck being copied")
    postgres_cluster.drop_database(url)


def test_a_row_the_target_rejects_mid_copy_leaves_it_empty(
    deck: Netdeck, postgres_cluster: PostgresCluster
) -> None:
    url = postgres_cluster.new_database()
    _psql(
        postgres_cluster,
        url,
        "ALTER TABLE interactions ADD CONSTRAINT no_calls CHECK (kind <> 'call')",
    )
    before = database_dump(deck.db)  # type: ignore[arg-type]

    failed = deck("copy", "--to", url)

    assert_user_error(failed, "no_calls")
    counts = _psql(
        postgres_cluster,
        url,
        "SELECT (SELECT count(*) FROM contacts), (SELECT count(*) FROM interactions), "
        "(SELECT count(*) FROM snippets)",
    )
    assert counts == [(0, 0, len(DEFAULT_SNIPPET_NAMES))]
    assert database_dump(deck.db) == before  # type: ignore[arg-type]
    postgres_cluster.drop_database(url)


def test_a_copy_that_does_not_verify_is_rolled_back(
    deck: Netdeck, postgres_cluster: PostgresCluster
) -> None:
    url = postgres_cluster.new_database()
    _psql(
        postgres_cluster,
        url,
        "CREATE FUNCTION shout() RETURNS trigger AS $$ BEGIN "
        "NEW.full_name := upper(NEW.full_name); RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER shout BEFORE INSERT ON contacts FOR EACH ROW EXECUTE FUNCTION shout()",
    )

    failed = deck("copy", "--to", url)

    assert_user_error(
        failed, "did not verify", "table contacts holds 45 rows", "nothing was copied"
    )
    assert _psql(postgres_cluster, url, "SELECT count(*) FROM contacts") == [(0,)]
    postgres_cluster.drop_database(url)


def test_a_failure_into_a_new_file_leaves_no_file(
    deck: Netdeck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netdeck.store import deck_copy

    real = deck_copy.bulk_insert

    def failing(connection, table, columns, rows):  # type: ignore[no-untyped-def]
        if table.name == "interactions":
            raise OSError(28, "No space left on device")
        real(connection, table, columns, rows)

    monkeypatch.setattr(deck_copy, "bulk_insert", failing)
    target = tmp_path / "new" / "copy.db"
    existing = Netdeck(tmp_path / "data", tmp_path / "existing.db")
    existing.ok("settings")  # an empty deck, already there
    kept = database_dump(existing.db)  # type: ignore[arg-type]

    into_new = deck.in_process("copy", "--to", str(target))
    into_existing = deck.in_process("copy", "--to", str(existing.db))

    assert_user_error(into_new, "No space left on device")
    assert_user_error(into_existing, "No space left on device")

    assert sorted(p.name for p in target.parent.iterdir()) == []
    assert database_dump(existing.db) == kept  # type: ignore[arg-type]


@sqlite_only("the source deck must open without psycopg to reach the target's driver")
def test_a_bad_url_or_a_missing_driver_is_one_line(deck: Netdeck) -> None:
    bad = deck("copy", "--to", "postgresql://sam:secret@localhost:port/netdeck")
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            WITHOUT_PSYCOPG,
            "--db",
            str(deck.db),
            "copy",
            "--to",
            "postgresql://sam:secret@localhost/netdeck",
        ],
        input="",
        capture_output=True,
        text=True,
        env=deck.environment(),
        timeout=120,
        check=False,
    )
    no_driver = Run(("copy",), completed.returncode, completed.stdout, completed.stderr)

    assert "secret" not in assert_user_error(bad, "cannot be read")
    error = assert_user_error(
        no_driver, "sam:***@localhost/netdeck", "pip install 'netdeck[postgres]'"
    )
    assert "secret" not in error

"""PostgreSQL through the real command: a ``postgresql://`` URL works (psycopg 3), and
without the driver the error is one line naming the extra to install."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Netdeck, assert_user_error, query, run_all
from tests.postgres import PostgresCluster

#: Runs the CLI as ``python -m netdeck`` would, with psycopg made impossible to import.
WITHOUT_PSYCOPG = (
    "import sys; sys.modules['psycopg'] = None; "
    "from netdeck.cli import main; sys.exit(main(sys.argv[1:]))"
)


def test_without_the_driver_a_postgresql_url_is_one_line_naming_the_extra(
    tmp_path: Path,
) -> None:
    netdeck = Netdeck(tmp_path / "data")
    url = "postgresql://sam:secret@localhost/netdeck"

    def run(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        completed = subprocess.run(
            [sys.executable, "-c", WITHOUT_PSYCOPG, *args],
            input="",
            capture_output=True,
            text=True,
            env=netdeck.environment(env),
            timeout=120,
            check=False,
        )
        from tests.cli.conftest import Run

        return Run(tuple(args), completed.returncode, completed.stdout, completed.stderr)

    runs = run_all(
        [
            lambda: run("--db", url, "list"),
            lambda: run("--db", url),  # the TUI: refused before it starts
            lambda: run("add", "Ann Lee", env={"NETDECK_DB": url}),
        ]
    )
    for result in runs:
        error = assert_user_error(
            result, "sam:***@localhost/netdeck", "(psycopg) is not installed",
            "pip install 'netdeck[postgres]'",
        )  # fmt: skip
        assert "secret" not in error


def test_a_plain_postgresql_url_opens_a_deck_through_psycopg(
    tmp_path: Path, postgres_cluster: PostgresCluster
) -> None:
    url = postgres_cluster.empty_database().replace("postgresql+psycopg://", "postgresql://")
    netdeck = Netdeck(tmp_path / "data")

    netdeck.ok("--db", url, "add", "Ann Lee", "--email", "ann@example.com", use_db=False)
    listed = netdeck.json("list", use_db=False, env={"NETDECK_DB": url})

    assert [person["name"] for person in listed] == ["Ann Lee"]
    assert not (tmp_path / "data").exists()  # nothing written beside a server database
    postgres_cluster.drop_database(url)


def test_backup_of_a_server_deck_points_to_copy(
    tmp_path: Path, postgres_cluster: PostgresCluster
) -> None:
    url = postgres_cluster.new_database()
    netdeck = Netdeck(tmp_path / "data")
    assert_user_error(
        netdeck("--db", url, "backup"), "is not a SQLite file", "netdeck copy --to FILE.db"
    )


def test_every_deck_test_here_runs_on_both_backends(
    netdeck: Netdeck, backend: str, request: pytest.FixtureRequest
) -> None:
    """The collection hook (tests/conftest.py) gives a test that opens a deck both
    variants, and the ``netdeck`` fixture follows: a file, or a PostgreSQL URL."""
    assert request.node.name.endswith(f"[{backend}]")
    assert netdeck.on_file == (backend == "sqlite")
    assert query(netdeck.db, "SELECT count(*) FROM contacts") == [(0,)]

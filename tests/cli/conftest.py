"""Running the real ``netdeck`` command in a subprocess, on databases in a temp dir.

Every run gets an explicit environment (data dir, ``NETDECK_TODAY``, no
``NETDECK_DB``, no ``$EDITOR``), never the developer's own. Starting a
process costs about a second (mostly importing SQLAlchemy), so the command
under test runs in a subprocess while set-up and after-the-fact checks run
the same CLI in-process (:meth:`Netdeck.look`), and independent commands run
side by side (:func:`run_all`).

The ``netdeck`` and ``populated`` fixtures follow the ``backend`` parameter: on
PostgreSQL ``--db`` is the URL of a database of the test's own, copied from a template
made once per session, and :func:`query` and :func:`database_dump` read it back the same
way (tests/conftest.py runs every test here on both backends). A test about the SQLite
file itself (its side files, modes, backups beside it) says ``@sqlite_only("why")``.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TODAY, database_dump, is_server, query, write  # noqa: F401  # re-exported to the CLI tests
from tests.postgres import TEMPLATE, PostgresCluster, database_name

PRIVATE_FILE_MODE = 0o600
#: Processes run side by side by :func:`run_all`: the suite's time goes on starting Python.
WORKERS = (os.cpu_count() or 2) + 1


@dataclass(frozen=True, slots=True)
class Run:
    """What one ``netdeck`` process did."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    def __str__(self) -> str:
        return (
            f"netdeck {' '.join(self.args)} -> exit {self.returncode}\n"
            f"--- stdout\n{self.stdout}--- stderr\n{self.stderr}"
        )


@dataclass(slots=True)
class Netdeck:
    """The ``netdeck`` command, pointed at one data dir and (usually) one ``--db``."""

    data_dir: Path
    #: A SQLite file, or the URL of a PostgreSQL database.
    db: Path | str | None = None

    @property
    def on_file(self) -> bool:
        """Whether the deck is a SQLite file (else a PostgreSQL database)."""
        return not is_server(self.db)

    @property
    def backups(self) -> Path:
        """Where automatic backups go: ``backups/`` beside a SQLite file; a server
        database has none, so the data dir's, which must stay absent."""
        if self.on_file and self.db is not None:
            return Path(self.db).parent / "backups"
        return self.data_dir / "backups"

    def environment(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("NETDECK_") and key not in ("EDITOR", "VISUAL")
        }
        env.update(
            NETDECK_DATA_DIR=str(self.data_dir),
            NETDECK_TODAY=TODAY.isoformat(),
            NETDECK_CLIPBOARD="off",
        )
        env.update(extra or {})
        return env

    def __call__(
        self,
        *args: str,
        stdin: str | None = None,
        env: dict[str, str] | None = None,
        use_db: bool = True,
    ) -> Run:
        """Run ``netdeck [--db DB] ARGS...``; ``stdin`` is fed in (else it is empty)."""
        command = [sys.executable, "-m", "netdeck"]
        if use_db and self.db is not None:
            command += ["--db", str(self.db)]
        completed = subprocess.run(
            [*command, *args],
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            env=self.environment(env),
            cwd=next(folder for folder in self.data_dir.parents if folder.is_dir()),
            timeout=120,
            check=False,
        )
        return Run(tuple(args), completed.returncode, completed.stdout, completed.stderr)

    def in_process(self, *args: str, env: dict[str, str] | None = None) -> Run:
        """Run the same CLI code in this process: for set-up and checks, not under test."""
        from netdeck.cli import main

        command = ["--db", str(self.db), *args] if self.db is not None else list(args)
        stdout, stderr = io.StringIO(), io.StringIO()
        with pytest.MonkeyPatch.context() as patch:
            for key in [key for key in os.environ if key.startswith("NETDECK_")]:
                patch.delenv(key)
            for key, value in self.environment(env).items():
                if key.startswith("NETDECK_"):
                    patch.setenv(key, value)
            with redirect_stdout(stdout), redirect_stderr(stderr):
                try:
                    returncode = main(command)
                except SystemExit as exit_:
                    returncode = int(exit_.code or 0)
        return Run(tuple(args), returncode, stdout.getvalue(), stderr.getvalue())

    def look(self, *args: str, env: dict[str, str] | None = None) -> Any:
        """What ``netdeck ARGS --json`` shows now, read in-process."""
        return succeeded(self.in_process(*args, "--json", env=env)).json()

    def ok(self, *args: str, **options: Any) -> Run:
        """Run and insist it succeeded quietly (exit 0, nothing on stderr)."""
        return succeeded(self(*args, **options))

    def json(self, *args: str, **options: Any) -> Any:
        """Run with ``--json`` and return the parsed output."""
        return self.ok(*args, "--json", **options).json()


def succeeded(result: Run) -> Run:
    """``result``, once it is known to have exited 0 with nothing on stderr."""
    assert (result.returncode, result.stderr) == (0, ""), str(result)
    return result


def run_all(calls: Sequence[Callable[[], Run]]) -> list[Run]:
    """Run independent ``netdeck`` processes side by side; results in the order given."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(lambda call: call(), calls))


def assert_user_error(result: Run, *fragments: str) -> str:
    """Exit 1 and exactly one line on stderr, ``netdeck: error: ...``, naming ``fragments``."""
    assert result.returncode == 1, str(result)
    assert "Traceback" not in result.stderr, str(result)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, str(result)
    assert lines[0].startswith("netdeck: error: "), str(result)
    assert result.stdout == "", str(result)
    for fragment in fragments:
        assert fragment in lines[0], f"{fragment!r} not in {lines[0]!r}"
    return lines[0]


def siblings(path: Path) -> list[str]:
    """SQLite's side files next to ``path`` (journal, WAL, shared memory)."""
    return sorted(
        p.name
        for p in path.parent.iterdir()
        if p.name != path.name and p.name.startswith(path.name)
    )


def copy_database(source: Path, destination: Path) -> Path:
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, destination)
    destination.chmod(PRIVATE_FILE_MODE)
    return destination


# ---------------------------------------------------------------- the people in "populated"

#: The contacts of the populated database, by id, as the fixture adds them.
ANN_LEE = 1  # active, 2-week cadence, last talked 2026-11-01: due 11-15, 10 days overdue
ANN_SMITH = 2  # connected 2026-11-20: due 11-23, a new connection waiting for a message
BOB_RAY = 3  # active, added today: due today
CY_TWIN = 4  # dormant: never due
DEE_PARK = 5  # prospect: due today
EVE_ADAMS = 6  # active, default 30-day cadence, last talked 2026-10-01: 25 days overdue

POPULATE = (
    (
        "add",
        "Ann Lee",
        "--email",
        "ann@example.com",
        "--linkedin",
        "https://www.linkedin.com/in/annlee",
        "--prefer",
        "email",
        "--company",
        "Acme",
        "--title",
        "CTO",
        "--cadence",
        "2w",
        "--tag",
        "python",
        "--tag",
        "mentor",
    ),
    (
        "add",
        "Ann Smith",
        "--company",
        "Globex",
        "--stage",
        "connected",
        "--connected-on",
        "2026-11-20",
    ),
    ("add", "Bob Ray", "--tag", "python", "--twitter", "@bobray"),
    ("add", "Cy Twin", "--stage", "dormant"),
    ("add", "Dee Park", "--stage", "prospect", "--linkedin", "linkedin.com/in/deepark"),
    ("add", "Eve Adams", "--company", "Initech", "--email", "eve@initech.example"),
    ("log", str(ANN_LEE), "--date", "2026-11-01"),
    ("log", str(EVE_ADAMS), "--date", "2026-10-01", "--kind", "call", "--note", "roadmap"),
    ("snippets", "add", "hello", "--kind", "check-in", "--channel", "email", "--body-file", "-"),
    ("snippets", "add", "thanks", "--kind", "thank-you", "--channel", "any", "--body-file", "-"),
)
HELLO_BODY = "Hi {{ first_name }},\nhow are things?"
SNIPPET_BODIES = {"hello": HELLO_BODY, "thanks": "Thank you, {{ first_name }}!"}


def _populate(netdeck: Netdeck, folder: Path) -> None:
    for args in POPULATE:
        if args[0] == "snippets":
            body = folder / f"{args[2]}.txt"
            body.write_text(SNIPPET_BODIES[args[2]], encoding="utf-8")
            args = (*args[:-1], str(body))
        succeeded(netdeck.in_process(*args))


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database the CLI created and migrated, with nothing in it."""
    folder = tmp_path_factory.mktemp("empty-template")
    netdeck = Netdeck(folder / "data", folder / "netdeck.db")
    succeeded(netdeck.in_process("settings"))
    return netdeck.db  # type: ignore[return-value]  # a file here


@pytest.fixture(scope="session")
def populated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The contacts above, added and logged through the CLI (in-process: it is set-up)."""
    folder = tmp_path_factory.mktemp("populated-template")
    netdeck = Netdeck(folder / "data", folder / "netdeck.db")
    _populate(netdeck, folder)
    return netdeck.db  # type: ignore[return-value]  # a file here


@pytest.fixture(scope="session")
def populated_server_template(
    tmp_path_factory: pytest.TempPathFactory, postgres_cluster: PostgresCluster
) -> str:
    """The populated deck on PostgreSQL: the name of a database to copy."""
    folder = tmp_path_factory.mktemp("populated-server-template")
    url = postgres_cluster.new_database()
    _populate(Netdeck(folder / "data", url), folder)
    return database_name(url)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def _own_copy(
    request: pytest.FixtureRequest, backend: str, file: str, server_template: str | None
) -> Path | str:
    """This test's own copy of a template deck: a file, or a PostgreSQL database
    dropped when the test ends."""
    if backend != "postgresql":
        template = request.getfixturevalue(file)
        return copy_database(template, request.getfixturevalue("tmp_path") / "netdeck.db")
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    url = cluster.new_database(
        request.getfixturevalue(server_template) if server_template else TEMPLATE
    )
    request.addfinalizer(lambda: cluster.drop_database(url))
    return url


@pytest.fixture
def netdeck(request: pytest.FixtureRequest, data_dir: Path, backend: str) -> Netdeck:
    """The command on a fresh, empty database of this test's own."""
    return Netdeck(data_dir, _own_copy(request, backend, "empty_template", None))


@pytest.fixture
def populated(request: pytest.FixtureRequest, data_dir: Path, backend: str) -> Netdeck:
    """The command on this test's own copy of the populated database."""
    return Netdeck(
        data_dir, _own_copy(request, backend, "populated_template", "populated_server_template")
    )

"""Bad input anywhere: one line on stderr, exit 1 (2 for usage), and nothing changed.

Each case runs on its own copy of the populated database (see ``conftest.py``);
the copy must dump exactly like the original afterwards, with no file added
beside it (no data dir, no ``-wal``/``-shm``, no backups).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.cli.conftest import (
    Netdeck,
    Run,
    assert_user_error,
    copy_database,
    database_dump,
    run_all,
)
from tests.postgres import PostgresCluster


@dataclass(frozen=True, slots=True)
class BadInput:
    """One refused command: its arguments (``{db}`` is the database path) and what the
    error line must say."""

    args: tuple[str, ...]
    says: tuple[str, ...]
    stdin: str | None = None
    env: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return " ".join(self.args)


def bad(*args: str, says: str | tuple[str, ...], **options) -> BadInput:
    return BadInput(args, (says,) if isinstance(says, str) else says, **options)


def add_snippet(name: str, *options: str) -> tuple[str, ...]:
    """``snippets add NAME --kind check-in --channel email OPTIONS...``"""
    return ("snippets", "add", name, "--kind", "check-in", "--channel", "email", *options)


BAD_INPUT = [
    # unknown contact
    bad("show", "nobody", says="no contact matches 'nobody'"),
    bad("log", "99", says="no contact with id 99"),
    bad("log", "someone@example.com", says="no contact matches 'someone@example.com'"),
    bad("stage", "Zed", "active", says="no contact matches 'Zed'"),
    # ambiguous name: the candidates are listed
    bad("show", "ann", says=("'ann' matches 2 contacts", "#1 Ann Lee (Acme)", "#2 Ann Smith")),
    bad("log", "Ann", "--note", "hi", says=("matches 2 contacts", "use the id")),
    # bad dates, and a date in the future
    bad("log", "1", "--date", "2026-13-01", says="bad date '2026-13-01'"),
    bad("snooze", "1", "--until", "12/01/2026", says="bad date '12/01/2026': expected YYYY-MM-DD"),
    bad("add", "New Person", "--connected-on", "2026-02-30", says="no such day"),
    bad("log", "1", "--date", "2026-11-26", says="2026-11-26: it is in the future"),
    bad("queue", says="NETDECK_TODAY: bad date", env={"NETDECK_TODAY": "someday"}),
    # bad cadence
    bad("add", "New Person", "--cadence", "2x", says="bad cadence '2x'"),
    bad("add", "New Person", "--cadence", "0", says="bad cadence '0'"),
    bad("settings", "default-cadence", "fortnight", says="bad cadence 'fortnight'"),
    # bad addresses
    bad("add", "New Person", "--email", "not-an-email", says="bad email 'not-an-email'"),
    bad("edit", "1", "--email", "ok@example.com", "--email", "ann@", says="bad email 'ann@'"),
    bad("add", "New Person", "--linkedin", "https://example.com/in/x", says="bad LinkedIn URL"),
    bad("add", "New Person", "--website", "http://", says="bad URL 'http://'"),
    bad("add", "New Person", "--phone", "call me", says="bad phone number"),
    bad("add", "New Person", "--prefer", "email", says="cannot prefer email"),
    # duplicate snippet names (case-insensitive)
    bad(*add_snippet("HELLO", "--body-file", "-"), stdin="Hi", says="a snippet named 'HELLO'"),
    bad("snippets", "edit", "thanks", "--name", "Hello", says="a snippet named 'Hello' already"),
    # empty names
    bad("add", "", says="name must not be empty"),
    bad("edit", "1", "--name", " ", says="name must not be empty"),
    bad("log", " ", says="contact reference must not be empty"),
    bad(*add_snippet(" ", "--body-file", "-"), stdin="Hi", says="snippet name must not be empty"),
    # unknown stage
    bad("stage", "1", "friend", says="unknown stage 'friend'"),
    bad("add", "New Person", "--stage", "lead", says="unknown stage 'lead'"),
    bad("list", "--stage", "friend", says="unknown stage 'friend'"),
    # settings: unknown names and values out of range
    bad("settings", "colour", says="unknown setting 'colour'"),
    bad("settings", "colour", "blue", says="unknown setting 'colour'"),
    bad("settings", "queue-size", "0", says="queue-size must be between 1 and 500"),
    bad("settings", "linkedin-plan", "250", says="linkedin-plan must be free"),
    bad("settings", "linkedin-note-limit", "300", says="linkedin-note-limit is now linkedin-plan"),
    # actions that make no sense for this contact
    bad("snooze", "1", "--days", "soon", says="--days must be a whole number"),
    bad("snooze", "1", "--until", "2026-11-25", says="pick a day after today"),
    bad("snooze", "Cy Twin", "--days", "3", says="stage dormant is never due"),
    bad("skip", "Cy Twin", says="Cy Twin is not due today"),
    bad("stage", "1", "active", says="Ann Lee is already active"),
    bad("log", "1", "--kind", "wave", says="unknown interaction kind 'wave'"),
    bad("log", "1", "--channel", "pigeon", says="unknown channel 'pigeon'"),
    bad("queue", "--limit", "0", says="--limit must be at least 1"),
    # snippets
    bad("snippets", "show", "missing", says="no snippet named 'missing'"),
    bad(*add_snippet("new", "--body-file", "/nonexistent/body.txt"), says="cannot read /nonexist"),
    bad(*add_snippet("new", "--body-file", "-"), stdin=" \n\n", says="snippet body must not be"),
    # (checked before the editor opens: a typo must not cost the text written there)
    bad(
        *("snippets", "add", "new", "--kind", "wave", "--channel", "any"),
        env={"EDITOR": "false"},
        says="unknown snippet kind 'wave'",
    ),
    bad(*add_snippet("new"), says="no $EDITOR set"),
    bad("snippets", "edit", "hello", env={"EDITOR": "false"}, says="exited with status 1; nothing"),
    # (a taken name or a bad subject is found before the editor opens, too)
    bad(*add_snippet("HELLO"), env={"EDITOR": "false"}, says="a snippet named 'HELLO' already"),
    bad(
        *add_snippet("new", "--subject", "Hi {{ x }"),
        env={"EDITOR": "false"},
        says=("line 1: unexpected '}'", "(in the subject)"),
    ),
    # templates: refused with the line, never saved
    bad(
        *add_snippet("syntax", "--body-file", "-"), stdin="Hi {{ first_name }", says="line 1: unexp"
    ),
    bad(
        *add_snippet("sandbox", "--body-file", "-"),
        stdin="Hi,\n{{ ''.__class__.__mro__ }}",
        says="line 2: '__class__' is off limits in snippets",
    ),
    bad(
        *add_snippet("typo", "--subject", "{{ frist_name }}", "--body-file", "-"),
        stdin="Hi",
        says=("line 1: unknown variable {{ frist_name }}", "(in the subject)"),
    ),
    bad("snippets", "edit", "hello", "--body-file", "-", stdin="\n{% if %}", says="line 2: "),
    # drafts
    bad("draft", "nobody", says="no contact matches 'nobody'"),
    bad("draft", "5", "--snippet", "nope", says="no snippet named 'nope'"),
    bad("draft", "5", "--channel", "fax", says="unknown channel 'fax': use one of linkedin-note"),
    bad(
        "draft",
        "5",
        "--copy",
        env={"NETDECK_CLIPBOARD": "xclip"},
        says="NETDECK_CLIPBOARD must be one of auto, osc52, system, off, not 'xclip'",
    ),
    # the demo never writes over real contacts
    bad("demo", "--no-tui", "--db", "{db}", says="holds real contacts, not a demo"),
]


def _refuse_all(cases: list[tuple[BadInput, Netdeck]]) -> dict[str, tuple[Run, Path | str]]:
    """Run every case's command side by side; by case id, what it did and its deck."""

    def call(case: BadInput, netdeck: Netdeck):
        args = [arg.replace("{db}", str(netdeck.db)) for arg in case.args]
        return lambda: netdeck(
            *args, stdin=case.stdin, env=case.env, use_db="{db}" not in case.args
        )

    results = run_all([call(case, netdeck) for case, netdeck in cases])
    return {
        case.id: (result, netdeck.db)
        for (case, netdeck), result in zip(cases, results, strict=True)
        if netdeck.db is not None
    }


@pytest.fixture(scope="module")
def refused(
    tmp_path_factory: pytest.TempPathFactory, populated_template: Path
) -> dict[str, tuple[Run, Path | str]]:
    """Every bad-input command, run on its own copy of the populated database."""
    cases: list[tuple[BadInput, Netdeck]] = []
    for case in BAD_INPUT:
        folder = tmp_path_factory.mktemp("refused")
        db = copy_database(populated_template, folder / "netdeck.db")
        cases.append((case, Netdeck(folder / "data", db)))
    return _refuse_all(cases)


@pytest.fixture(scope="module")
def refused_on_server(  # type: ignore[no-untyped-def]  # a generator fixture
    tmp_path_factory: pytest.TempPathFactory,
    postgres_cluster: PostgresCluster,
    populated_server_template: str,
):
    """The same, each on its own PostgreSQL copy of the populated deck."""
    cases = [
        (
            case,
            Netdeck(
                tmp_path_factory.mktemp("refused") / "data",
                postgres_cluster.new_database(populated_server_template),
            ),
        )
        for case in BAD_INPUT
    ]
    yield _refuse_all(cases)
    for _, netdeck in cases:
        postgres_cluster.drop_database(str(netdeck.db))


def test_every_case_is_distinct() -> None:
    assert len({case.id for case in BAD_INPUT}) == len(BAD_INPUT)


@pytest.mark.parametrize("case", BAD_INPUT, ids=lambda case: case.id)
def test_bad_input_is_refused_and_changes_nothing(
    case: BadInput, backend: str, request: pytest.FixtureRequest, populated_template: Path
) -> None:
    if backend == "postgresql":
        result, db = request.getfixturevalue("refused_on_server")[case.id]
        assert_user_error(result, *case.says)
        cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
        template = cluster.url(request.getfixturevalue("populated_server_template"))
        assert database_dump(db) == database_dump(template)
        return
    result, db = request.getfixturevalue("refused")[case.id]
    assert_user_error(result, *case.says)
    # Look for stray files first: dumping opens the database, which tidies -wal/-shm away.
    assert sorted(p.name for p in Path(db).parent.iterdir()) == ["netdeck.db"]
    assert database_dump(db) == database_dump(populated_template)


USAGE_ERRORS = [
    ("frobnicate",),  # unknown command
    ("list", "--colour", "red"),  # unknown option
    ("show",),  # missing argument
    ("add", "--email", "a@example.com"),  # missing NAME
    ("snooze", "1"),  # needs --days or --until
    ("snooze", "1", "--days", "3", "--until", "2026-12-01"),  # not both
    ("list", "--sort", "random"),  # not a choice
    ("queue", "--limit", "many"),  # not a number
    ("snippets",),  # missing action
]


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=" ".join)
def test_usage_errors_exit_2_and_change_nothing(populated: Netdeck, args: tuple[str, ...]) -> None:
    assert populated.db is not None
    before = database_dump(populated.db)
    result = populated(*args)
    assert result.returncode == 2, str(result)
    assert result.stderr.startswith("usage: netdeck"), str(result)
    assert re.match(r"netdeck( [a-z]+)*: error: ", result.stderr.splitlines()[-1]), str(result)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert database_dump(populated.db) == before


@pytest.mark.parametrize("today", ["nonsense", "2026-02-30", "2101-01-01"])
def test_a_bad_today_is_refused_before_the_tui_starts(tmp_path: Path, today: str) -> None:
    """Issue 16, item 9: the bare ``netdeck`` (the daily command, no ``--db``) refuses a bad
    ``NETDECK_TODAY`` with the CLI's one line, before any screen or database."""
    data_dir = tmp_path / "data"
    result = Netdeck(data_dir)(env={"NETDECK_TODAY": today}, use_db=False)
    assert_user_error(result, f"NETDECK_TODAY: bad date '{today}'")
    assert not data_dir.exists()

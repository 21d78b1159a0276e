"""Far dates, odd arguments and netdeck's own bugs: one line and exit 1, never a traceback.

- Issue 13, class 6: today at the calendar's ends, far typed or imported days,
  and far days already in a database, through every command that works with
  dates. Days typed or imported keep to 1900-01-01..2100-12-31 (so does
  ``NETDECK_TODAY``); days already stored are worked with, never overflowed.
- Class 5: an error netdeck did not expect prints one line naming the log,
  the traceback goes to ``netdeck.log`` in the data dir (0600), exit 1.
- Class 11: arguments that are not UTF-8, and numbers past 64 bits.
"""

from __future__ import annotations

import json
import stat
from functools import partial
from pathlib import Path

import pytest

from netdeck.services.error_log import LOG_NAME
from tests.cli.conftest import (
    ANN_LEE,
    ANN_SMITH,
    BOB_RAY,
    DEE_PARK,
    EVE_ADAMS,
    Netdeck,
    Run,
    assert_user_error,
    database_dump,
    query,
    run_all,
    write,
)
from tests.postgres import copy_server_database

#: Every command that works out dates from today.
DATED_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("queue",),
    ("queue", "--all", "--json"),
    ("show", str(ANN_LEE)),
    ("stats",),
    ("stats", "--json"),
    ("triage",),
    ("log", str(ANN_LEE)),
    ("log", str(DEE_PARK), "--kind", "connection-request"),
    ("snooze", str(EVE_ADAMS), "--days", "3650"),
    ("snooze", str(EVE_ADAMS), "--days", "1"),
    ("skip", str(BOB_RAY)),
    ("stage", str(ANN_SMITH), "requested"),
    ("stage", str(EVE_ADAMS), "connected"),
    ("draft", str(ANN_LEE), "--sent"),
    ("add", "Zoe Far", "--stage", "connected"),
    ("edit", str(ANN_LEE), "--cadence", "10y"),
)


def assert_no_traceback(result: Run) -> None:
    """Exit 0, or exit 1 with exactly one ``netdeck: error:`` line about the input
    (not the line for an unexpected error: the cause is fixed, not caught)."""
    assert "Traceback" not in result.stderr, str(result)
    assert "unexpected" not in result.stderr, str(result)
    if result.returncode == 0:
        return
    assert result.returncode == 1, str(result)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("netdeck: error: "), str(result)


def fresh_copy(populated: Netdeck, tmp_path: Path, name: str) -> Netdeck:
    assert populated.db is not None
    if not populated.on_file:
        return Netdeck(populated.data_dir, copy_server_database(str(populated.db)))
    copy = tmp_path / f"{name}.db"
    copy.write_bytes(Path(populated.db).read_bytes())
    copy.chmod(0o600)
    return Netdeck(populated.data_dir, copy)


@pytest.mark.parametrize("today", ["9999-12-31", "0001-01-01", "2101-01-01", "1899-12-31"])
def test_today_outside_the_accepted_range_is_refused_by_every_command(
    populated: Netdeck, tmp_path: Path, today: str
) -> None:
    assert populated.db is not None
    before = database_dump(populated.db)
    for args in DATED_COMMANDS:
        result = populated.in_process(*args, env={"NETDECK_TODAY": today})
        assert_user_error(result, f"NETDECK_TODAY: bad date '{today}'", "1900-01-01 to 2100-12-31")
    assert database_dump(populated.db) == before
    # The real command too, and the TUI: refused before a screen is drawn.
    for result in run_all(
        [
            partial(populated, "queue", env={"NETDECK_TODAY": today}),
            partial(populated, env={"NETDECK_TODAY": today}),
        ]
    ):
        assert_user_error(result, f"NETDECK_TODAY: bad date '{today}'")


@pytest.mark.parametrize("today", ["1900-01-01", "2100-12-31"])
def test_every_command_works_on_the_first_and_last_accepted_day(
    populated: Netdeck, tmp_path: Path, today: str
) -> None:
    results = [
        fresh_copy(populated, tmp_path, f"deck{n}").in_process(*args, env={"NETDECK_TODAY": today})
        for n, args in enumerate(DATED_COMMANDS)
    ]
    for result in results:
        assert_no_traceback(result)
    by_args = dict(zip(DATED_COMMANDS, results, strict=True))
    # What the rules allow does happen at the edges; a snooze past the last day is refused.
    for args in (
        ("queue",),
        ("stats",),
        ("triage",),
        ("log", str(ANN_LEE)),
        ("add", "Zoe Far", "--stage", "connected"),
    ):
        assert by_args[args].returncode == 0, str(by_args[args])
    if today == "2100-12-31":
        assert_user_error(by_args[("snooze", str(EVE_ADAMS), "--days", "1")], "up to 2100-12-31")


#: Far days a database may already hold (an older netdeck took them, or another tool wrote them).
FAR_DAYS_SQL = """
UPDATE contacts SET connected_on = '9999-12-31', stage = 'connected' WHERE id = {ann_smith};
UPDATE contacts SET last_interaction_on = '9999-12-25', cadence_days = 3650 WHERE id = {ann_lee};
UPDATE contacts SET stage_since = '0001-01-01' WHERE id = {dee_park};
UPDATE contacts SET next_due_on = '9999-12-31', snoozed_until = '9999-12-31' WHERE id = {eve};
UPDATE interactions SET occurred_on = '0001-01-01' WHERE id % 2 = 0;
UPDATE interactions SET occurred_on = '9999-12-31' WHERE id % 2 = 1;
INSERT INTO cleared_days (day) VALUES ('0001-01-01'), ('9999-12-31');
"""


@pytest.mark.parametrize("today", ["1900-01-01", "2026-11-25", "2100-12-31"])
def test_far_days_already_in_the_database_never_overflow(
    populated: Netdeck, tmp_path: Path, today: str
) -> None:
    assert populated.db is not None
    write(
        populated.db,
        FAR_DAYS_SQL.format(ann_smith=ANN_SMITH, ann_lee=ANN_LEE, dee_park=DEE_PARK, eve=EVE_ADAMS),
    )
    commands = (
        *DATED_COMMANDS,
        ("log", str(ANN_SMITH)),
        ("stage", str(DEE_PARK), "requested"),
        ("draft", str(ANN_SMITH), "--sent"),
        ("list", "--sort", "next-due"),
        ("export", "json"),
    )
    results = [
        fresh_copy(populated, tmp_path, f"far{n}").in_process(*args, env={"NETDECK_TODAY": today})
        for n, args in enumerate(commands)
    ]
    for result in results:
        assert_no_traceback(result)
    for args, result in zip(commands, results, strict=True):
        if args[0] in {"queue", "show", "stats", "triage", "list", "export"}:
            assert result.returncode == 0, str(result)


@pytest.mark.parametrize(
    "args",
    [
        ("add", "Zed", "--connected-on", "9999-12-31"),
        ("add", "Zed", "--stage", "connected", "--connected-on", "0001-01-01"),
        ("edit", str(ANN_SMITH), "--connected-on", "9999-12-31"),
        ("edit", str(ANN_SMITH), "--connected-on", "1899-12-31"),
        ("log", str(ANN_LEE), "--date", "0001-01-01"),
        ("snooze", str(ANN_LEE), "--until", "9999-12-31"),
        ("snooze", str(ANN_LEE), "--until", "2101-01-01"),
    ],
    ids=" ".join,
)
def test_far_typed_days_are_refused_and_nothing_changes(
    populated: Netdeck, args: tuple[str, ...]
) -> None:
    assert populated.db is not None
    before = database_dump(populated.db)
    assert_user_error(populated.in_process(*args), "1900-01-01 to 2100-12-31")
    assert database_dump(populated.db) == before


def test_a_linkedin_connection_from_year_9999_is_kept_undated_with_its_line(
    netdeck: Netdeck, tmp_path: Path
) -> None:
    export = tmp_path / "Connections.csv"
    export.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Far,Future,https://www.linkedin.com/in/far-future,,Acme,CTO,12 Mar 9999\n"
        "Near,Past,https://www.linkedin.com/in/near-past,,Acme,CTO,12 Mar 2019\n",
        encoding="utf-8",
    )
    result = netdeck("import", "linkedin", str(export), "--json")
    assert result.returncode == 0, str(result)
    summary = result.json()
    assert (summary["added"], summary["skipped"]) == (2, [])
    (note,) = summary["notes"]
    assert note.startswith("Connections.csv line 2 ") and "2100-12-31" in note
    assert query(netdeck.db, "SELECT full_name, connected_on FROM contacts ORDER BY full_name") == [
        ("Far Future", None),
        ("Near Past", "2019-03-12"),
    ]


def test_a_restore_with_far_days_is_refused_before_anything_is_written(
    populated: Netdeck, tmp_path: Path
) -> None:
    exported = populated.ok("export", "json").stdout
    deck = json.loads(exported)
    deck["contacts"][0]["connected_on"] = "9999-12-31"
    path = tmp_path / "far.json"
    path.write_text(json.dumps(deck), encoding="utf-8")
    restored = Netdeck(populated.data_dir, tmp_path / "restored.db")
    assert_user_error(
        restored("import", "json", str(path)), "connected_on", "1900-01-01 to 2100-12-31"
    )
    assert restored.look("list") == []


def test_a_restore_keeps_a_due_date_past_the_last_accepted_day(
    populated: Netdeck, tmp_path: Path
) -> None:
    """A due date is worked out, not typed: a 10-year cadence from late 2100 runs past 2100."""
    populated.ok("edit", str(ANN_LEE), "--cadence", "10y", env={"NETDECK_TODAY": "2100-12-31"})
    populated.ok("log", str(ANN_LEE), env={"NETDECK_TODAY": "2100-12-31"})
    path = tmp_path / "deck.json"
    path.write_text(populated.ok("export", "json").stdout, encoding="utf-8")
    restored = Netdeck(populated.data_dir, tmp_path / "restored.db")
    restored.ok("import", "json", str(path), env={"NETDECK_TODAY": "2100-12-31"})
    shown = restored.look("show", str(ANN_LEE), env={"NETDECK_TODAY": "2100-12-31"})
    assert shown["next_due_on"] == "2110-12-29"


# ---------------------------------------------------------------- netdeck's own bugs


def test_an_unexpected_error_prints_one_line_logs_the_traceback_and_changes_nothing(
    populated: Netdeck, monkeypatch: pytest.MonkeyPatch
) -> None:
    import netdeck.services.actions

    def broken(*args, **kwargs):
        raise RuntimeError("a bug \x1b[2J with an escape")

    monkeypatch.setattr(netdeck.services.actions, "log_interaction", broken)
    assert populated.db is not None
    before = database_dump(populated.db)
    result = populated.in_process("log", str(ANN_LEE))
    log = populated.data_dir / LOG_NAME
    assert result.returncode == 1, str(result)
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"netdeck: error: unexpected RuntimeError: a bug \\x1b[2J with an escape (details in {log})"
    ]
    assert database_dump(populated.db) == before
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text(encoding="utf-8")
    assert "netdeck log failed: RuntimeError" in text
    assert "Traceback (most recent call last)" in text
    assert "\x1b" not in text


def test_the_log_is_capped_and_rotated(populated: Netdeck, monkeypatch) -> None:
    from netdeck.services import error_log

    monkeypatch.setattr(error_log, "LOG_MAX_BYTES", 2_000)
    monkeypatch.setenv("NETDECK_DATA_DIR", str(populated.data_dir))
    for n in range(40):
        assert error_log.record_unexpected(ValueError(f"failure {n}" * 20), "test") is not None
    logs = sorted(p.name for p in populated.data_dir.iterdir())
    assert logs == [LOG_NAME, f"{LOG_NAME}.1"]
    for name in logs:
        path = populated.data_dir / name
        assert path.stat().st_size <= 4_000
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "failure 39" in (populated.data_dir / LOG_NAME).read_text(encoding="utf-8")


def test_reporting_never_fails_when_no_log_can_be_written(tmp_path: Path, monkeypatch) -> None:
    from netdeck.services.error_log import record_unexpected

    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("NETDECK_DATA_DIR", str(blocker / "data"))
    assert record_unexpected(RuntimeError("x"), "test") is None


# ---------------------------------------------------------------- odd arguments

NOT_UTF8 = "\udcff"  # how Python hands over a byte 0xff that is not UTF-8


@pytest.mark.parametrize(
    "args",
    [
        ("add", NOT_UTF8),
        ("add", "Bob", "--company", f"Acme{NOT_UTF8}"),
        ("list", "--search", NOT_UTF8),
        ("log", str(ANN_LEE), "--note", f"caf{NOT_UTF8}"),
        ("snippets", "add", NOT_UTF8, "--kind", "check-in", "--channel", "email"),
    ],
    ids=["name", "company", "search", "note", "snippet-name"],
)
def test_arguments_that_are_not_utf8_are_refused(populated: Netdeck, args) -> None:
    assert populated.db is not None
    before = database_dump(populated.db)
    assert_user_error(populated(*args), "is not UTF-8 text", "\\xff")
    assert database_dump(populated.db) == before


def test_a_database_path_that_is_not_utf8_is_refused(tmp_path: Path, data_dir: Path) -> None:
    deck = Netdeck(data_dir, None)
    assert_user_error(deck("--db", str(tmp_path / f"x{NOT_UTF8}.db"), "list"), "not UTF-8")
    assert_user_error(deck("list", env={"NETDECK_DB": f"x{NOT_UTF8}.db"}), "NETDECK_DB")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ("queue", "--limit", "99999999999999999999999"),
        ("list", "--limit", "99999999999999999999999"),
        ("triage", "--limit", "-99999999999999999999999"),
        ("demo", "--no-tui", "--seed", "1" * 5000),
    ],
    ids=["queue", "list", "triage", "seed-too-long-to-read"],
)
def test_numbers_past_64_bits_are_usage_errors(populated: Netdeck, args) -> None:
    assert populated.db is not None
    before = database_dump(populated.db)
    result = populated(*args)
    assert result.returncode == 2, str(result)
    assert "Traceback" not in result.stderr
    last = result.stderr.splitlines()[-1]
    assert last.startswith(f"netdeck {args[0]}: error: argument --"), last
    assert database_dump(populated.db) == before


def test_standard_input_that_is_not_utf8_is_refused(populated: Netdeck) -> None:
    import subprocess
    import sys

    assert populated.db is not None
    before = database_dump(populated.db)
    completed = subprocess.run(
        [
            *(sys.executable, "-m", "netdeck", "--db", str(populated.db)),
            *("snippets", "add", "latin", "--kind", "check-in", "--channel", "email"),
            *("--body-file", "-"),
        ],
        input=b"Hi {{ first_name }}, \xe7a va?",
        capture_output=True,
        env=populated.environment(),
        timeout=120,
        check=False,
    )
    result = Run(("snippets", "add"), completed.returncode, "", completed.stderr.decode())
    assert_user_error(result, "standard input is not UTF-8 text")
    assert database_dump(populated.db) == before

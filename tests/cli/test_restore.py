"""``netdeck export json`` and ``netdeck import json``: the file written, a restore into
a new database, and every malformed file refused with one line and nothing changed."""

from __future__ import annotations

import copy
import json
import stat
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import (
    ANN_LEE,
    Netdeck,
    assert_user_error,
    copy_database,
    database_dump,
    query,
    run_all,
    succeeded,
    write,
)
from tests.conftest import TODAY


@pytest.fixture
def exported(populated: Netdeck) -> dict[str, Any]:
    """The populated deck's JSON export, parsed."""
    return json.loads(succeeded(populated.in_process("export", "json")).stdout)


def test_export_json_then_restore_into_a_new_database(
    populated: Netdeck, empty_template: Path, tmp_path: Path
) -> None:
    netdeck = Netdeck(populated.data_dir, copy_database(empty_template, tmp_path / "new" / "n.db"))
    out = tmp_path / "deck.json"
    populated.ok("export", "json", "-o", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = out.read_text(encoding="utf-8")
    assert populated.ok("export", "json").stdout == text
    document = json.loads(text)
    assert (document["format"], document["version"]) == ("netdeck", 4)
    assert [c["full_name"] for c in document["contacts"]][:2] == ["Ann Lee", "Ann Smith"]

    dry = netdeck.json("import", "json", str(out), "--dry-run")
    assert (dry["dry_run"], dry["contacts"], dry["interactions"], dry["backup"]) == (
        True,
        6,
        2,
        None,
    )
    assert query(netdeck.db, "SELECT count(*) FROM contacts") == [(0,)]
    printed = netdeck.ok("import", "json", str(out)).stdout
    assert printed.startswith(f"{out}: 6 contacts, 5 addresses, 2 interactions, 2 tags, ")
    assert "restored" in printed and "Backup of the database before the restore" in printed
    assert netdeck.ok("export", "json").stdout == text
    # Ids are kept, so the same id finds the same person; search works on recomputed text.
    assert netdeck.look("show", str(ANN_LEE))["name"] == "Ann Lee"
    assert [c["name"] for c in netdeck.look("list", "--search", "acme")] == ["Ann Lee"]

    again = netdeck("import", "json", str(out))
    assert_user_error(again, "already holds 6 contacts", "--db new.db")


def test_the_streak_survives_an_export_and_a_restore(
    populated: Netdeck, empty_template: Path, tmp_path: Path
) -> None:
    """The days the queue was cleared are part of the deck: a restore keeps the streak."""
    assert populated.db is not None
    days = [(TODAY - timedelta(days=n)).isoformat() for n in range(4)]
    write(populated.db, "INSERT INTO cleared_days (day) VALUES (?)", *[(d,) for d in days])
    streak = populated.look("stats")["streak"]
    assert streak == {"days": 4, "cleared_today": True}
    out = tmp_path / "deck.json"
    populated.ok("export", "json", "-o", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["cleared_days"] == sorted(days)

    restored = Netdeck(populated.data_dir, copy_database(empty_template, tmp_path / "new" / "n.db"))
    printed = restored.ok("import", "json", str(out)).stdout
    assert "4 days of streak history restored" in printed
    assert restored.look("stats")["streak"] == streak
    assert query(restored.db, "SELECT day FROM cleared_days ORDER BY day") == [
        (d,) for d in sorted(days)
    ]


def test_an_older_exports_note_limit_is_restored_as_the_plan(
    exported: dict[str, Any], populated: Netdeck, empty_template: Path, tmp_path: Path
) -> None:
    """An export made before the note budget says ``linkedin-note-limit``: 300 meant
    Premium, so the restored deck is on the Premium plan."""
    exported["settings"]["linkedin-note-limit"] = "300"
    out = tmp_path / "old.json"
    out.write_text(json.dumps(exported), encoding="utf-8")
    restored = Netdeck(populated.data_dir, copy_database(empty_template, tmp_path / "new" / "n.db"))

    restored.ok("import", "json", str(out))

    settings = restored.look("settings")
    assert (settings["linkedin-plan"], settings["linkedin-notes-per-month"]) == ("premium", None)
    assert query(restored.db, "SELECT key FROM settings WHERE key LIKE 'linkedin%'") == [
        ("linkedin-plan",)
    ]


def _set(path: tuple[str | int, ...], value: object) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        target: Any = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def _drop(path: tuple[str | int, ...]) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        target: Any = document
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return change


def _duplicate_first_contact(document: dict[str, Any]) -> None:
    document["contacts"].append(copy.deepcopy(document["contacts"][0]))


#: A change to a valid export → what the one error line must say.
DOCUMENT_CASES: dict[str, tuple[Callable[[dict[str, Any]], None], tuple[str, ...]]] = {
    "no format": (_drop(("format",)), ('no "format": "netdeck"',)),
    "newer version": (_set(("version",), 5), ("made by a newer netdeck", "upgrade")),
    "version as text": (_set(("version",), "1"), ("version: missing or not a whole number",)),
    "missing stage": (_drop(("contacts", 3, "stage")), ("contacts[3].stage: missing",)),
    "stage a number": (_set(("contacts", 3, "stage"), 3), ("contacts[3].stage: must be text",)),
    "unknown stage": (
        _set(("contacts", 0, "stage"), "friend"),
        ("contacts[0].stage: unknown stage 'friend'", "prospect"),
    ),
    "unknown channel kind": (
        _set(("contacts", 0, "channels", 1, "kind"), "fax"),
        ("contacts[0].channels[1].kind: unknown kind 'fax'",),
    ),
    "unknown interaction channel": (
        _set(("contacts", 0, "interactions", 0, "channel"), "pigeon"),
        ("contacts[0].interactions[0].channel: unknown channel 'pigeon'",),
    ),
    "bad date": (
        _set(("contacts", 1, "connected_on"), "2026-02-30"),
        ("contacts[1].connected_on: bad date '2026-02-30'", "no such day"),
    ),
    "bad timestamp": (
        _set(("contacts", 1, "created_at"), "yesterday"),
        ("contacts[1].created_at: bad timestamp 'yesterday'",),
    ),
    "bool for a number": (
        _set(("contacts", 0, "cadence_days"), True),
        ("contacts[0].cadence_days: must be a whole number",),
    ),
    "huge cadence": (
        _set(("contacts", 0, "cadence_days"), 10**30),
        ("contacts[0].cadence_days: must be between 1 and 3650",),
    ),
    "huge id": (_set(("contacts", 0, "id"), 2**64), ("contacts[0].id: must be between 1",)),
    "duplicate id": (_duplicate_first_contact, ("contacts[6]: contact id 1 appears twice",)),
    "unknown field": (_set(("contacts", 2, "pronouns"), "x"), ("contacts[2].pronouns: unknown",)),
    "tag not listed": (
        _set(("tags",), ["python"]),
        ("contacts[0].tags[0]: tag 'mentor' is not in the file's tags list",),
    ),
    "snippet not in file": (
        _set(("contacts", 0, "interactions", 0, "snippet"), "nope"),
        ("contacts[0].interactions[0].snippet: no snippet named 'nope' in the file",),
    ),
    "snippet not a template": (
        _set(("snippets", 0, "body"), "Hi {{ frist_name }}"),
        ("snippets[0].body: not a usable template", "frist_name"),
    ),
    "duplicate snippet name": (
        _set(("snippets", 0, "name"), "Check-in"),
        ("snippet name 'check-in' appears twice",),
    ),
    "bad setting": (
        _set(("settings", "queue-size"), "many"),
        ("settings.queue-size: queue-size must be a whole number",),
    ),
    "contacts not a list": (_set(("contacts",), {}), ("contacts: must be a list",)),
    "no cleared days": (_drop(("cleared_days",)), ("cleared_days: missing",)),
    "bad cleared day": (
        _set(("cleared_days",), ["2026-11-01", "2026-02-30"]),
        ("cleared_days[1]: bad date '2026-02-30'",),
    ),
    "cleared day twice": (
        _set(("cleared_days",), ["2026-11-01", "2026-11-01"]),
        ("cleared_days[1]: day '2026-11-01' appears twice",),
    ),
    "cleared days in a version 1 file": (
        _set(("version",), 1),
        ("cleared_days: unknown field",),
    ),
    "sync fields in a version 2 file": (
        _set(("version",), 2),
        ("import_marks: unknown field",),
    ),
    "connected as text": (
        _set(("contacts", 0, "linkedin_connected"), "yes"),
        ("contacts[0].linkedin_connected: must be true or false",),
    ),
    "awaiting reply tomorrow": (
        _set(("contacts", 1, "awaiting_reply_on"), "2026-11-26"),
        ("contacts[1].awaiting_reply_on: 2026-11-26 is in the future",),
    ),
    "role change of an unknown shape": (
        _set(("contacts", 2, "role_changes"), [{"changed_on": "2026-11-01"}]),
        ("contacts[2].role_changes[0].from_company: missing",),
    ),
    "import mark twice": (
        _set(
            ("import_marks",),
            [{"source": "linkedin", "latest_as_of": "2026-11-01"}] * 2,
        ),
        ("import_marks[1]: source 'linkedin' appears twice",),
    ),
}

#: Raw bytes → what the one error line must say.
BYTES_CASES: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "not json": (b"Name,Email\nAnn,ann@example.com\n", ("not valid JSON", "line 1 column 1")),
    "not utf-8": (b'{"format": "netdeck\xff\xfe"}', ("not UTF-8 text",)),
    "empty": (b"", ("not valid JSON",)),
    "a list": (b"[1, 2]", ("not a netdeck JSON export",)),
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000, ("nested too deeply",)),
    "huge number": (b'{"version": 1' + b"0" * 5000 + b"}", ("not valid JSON",)),
    "NaN": (b'{"format": "netdeck", "version": NaN}', ("NaN is not a JSON number",)),
    "duplicate key": (
        b'{"format": "netdeck", "format": "netdeck"}',
        ("the key 'format' appears twice",),
    ),
    "lone surrogate": (
        b'{"format": "netdeck", "version": 1, "settings": {"my-name": "\\ud800"}, "tags": [],'
        b' "snippets": [], "contacts": []}',
        ("settings.my-name: must be text",),
    ),
}


def test_malformed_files_are_refused_and_change_nothing(
    empty_template: Path, exported: dict[str, Any], tmp_path: Path
) -> None:
    netdeck = Netdeck(tmp_path / "data", copy_database(empty_template, tmp_path / "new.db"))
    files: dict[str, tuple[Path, tuple[str, ...]]] = {}
    for name, (change, says) in DOCUMENT_CASES.items():
        document = copy.deepcopy(exported)
        change(document)
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        files[name] = (path, says)
    for name, (data, says) in BYTES_CASES.items():
        path = tmp_path / f"{name}.json"
        path.write_bytes(data)
        files[name] = (path, says)
    files["missing file"] = (tmp_path / "nowhere.json", ("nowhere.json: no such file",))
    decks = {name: tmp_path / "decks" / f"{name}.db" for name in files}
    for deck in decks.values():
        copy_database(netdeck.db, deck)
    before = database_dump(netdeck.db)
    # Two in real processes (what a user runs), the rest in-process: the same CLI code,
    # without a second of start-up each.
    in_processes = ("unknown stage", "deep nesting")
    runs = dict(
        zip(
            in_processes,
            run_all(
                [
                    lambda name=name: Netdeck(netdeck.data_dir, decks[name])(
                        "import", "json", str(files[name][0])
                    )
                    for name in in_processes
                ]
            ),
            strict=True,
        )
    )
    for name, (path, _) in files.items():
        if name not in runs:
            runs[name] = Netdeck(netdeck.data_dir, decks[name]).in_process(
                "import", "json", str(path)
            )
    for name, (_, says) in files.items():
        assert_user_error(runs[name], *says)
        assert database_dump(decks[name]) == before, name
    assert not (tmp_path / "decks" / "backups").exists()

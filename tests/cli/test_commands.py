"""Every ``netdeck`` command end to end: a real process on a temp database.

The populated database (see ``conftest.py``) holds six people; today is
2026-11-25 (``NETDECK_TODAY``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from netdeck import __version__
from tests.cli.conftest import (
    ANN_LEE,
    ANN_SMITH,
    BOB_RAY,
    CY_TWIN,
    DEE_PARK,
    EVE_ADAMS,
    HELLO_BODY,
    Netdeck,
    Run,
    assert_user_error,
    copy_database,
    database_dump,
    query,
    run_all,
    succeeded,
)
from tests.conftest import DEFAULT_SNIPPET_NAMES

CONTACT_KEYS = {
    "owner",
    "touched",
    "shared",
    "ask_about",
    "nickname",
    "id",
    "name",
    "first_name",
    "last_name",
    "company",
    "title",
    "how_we_met",
    "notes",
    "stage",
    "stage_since",
    "cadence_days",
    "effective_cadence_days",
    "cadence_source",
    "next_due_on",
    "snoozed_until",
    "last_interaction_on",
    "connected_on",
    "source",
    "created_at",
    "updated_at",
    "reason",
    "channels",
    "tags",
    "interactions",
    # What a LinkedIn sync tells (issue 15).
    "role_changes",
    "linkedin_connected",
    "awaiting_reply_on",
    # Birthdays, anniversaries and reminders (issue 17).
    "dates",
}


def test_version(netdeck: Netdeck) -> None:
    assert netdeck.ok("--version", use_db=False).stdout == f"netdeck {__version__}\n"


# ---------------------------------------------------------------- add and edit


def test_add_with_every_option(netdeck: Netdeck) -> None:
    added = netdeck.ok(
        "add",
        "  Ann   Lee ",
        "--email",
        "Ann@Example.COM",
        "--linkedin",
        "linkedin.com/in/AnnLee/",
        "--twitter",
        "@ann_lee",
        "--website",
        "ann.dev",
        "--phone",
        "+1 555 0100",
        "--prefer",
        "linkedin",
        "--company",
        "Acme",
        "--title",
        "CTO",
        "--met",
        "PyCon 2024",
        "--notes",
        "likes tea",
        "--cadence",
        "2w",
        "--tag",
        "Python",
        "--tag",
        "mentor",
        "--stage",
        "connected",
        "--connected-on",
        "2026-11-20",
    )
    assert added.stdout == "Added #1 Ann Lee (connected), due 2026-11-23\n"

    expected = {
        "name": "Ann Lee",
        "first_name": "Ann",
        "last_name": "Lee",
        "company": "Acme",
        "title": "CTO",
        "how_we_met": "PyCon 2024",
        "notes": "likes tea",
        "stage": "connected",
        "cadence_days": 14,
        "connected_on": "2026-11-20",
        "next_due_on": "2026-11-23",
        "tags": ["mentor", "python"],
    }
    shown = netdeck.look("show", "1")
    assert {key: shown[key] for key in expected} == expected
    assert sorted(shown["channels"], key=lambda c: c["kind"]) == [
        {"kind": "email", "value": "Ann@example.com", "preferred": False},
        {"kind": "linkedin", "value": "https://www.linkedin.com/in/annlee", "preferred": True},
        {"kind": "phone", "value": "+1 555 0100", "preferred": False},
        {"kind": "website", "value": "https://ann.dev", "preferred": False},
        {"kind": "x", "value": "@ann_lee", "preferred": False},
    ]


ADD_STAGES = {
    # label: (options, stage, due, connected on)
    "default": ((), "active", "2026-11-25", None),  # you add someone to reach out: due today
    "prospect": (("--stage", "prospect"), "prospect", "2026-11-25", None),
    "requested": (("--stage", "requested"), "requested", "2026-12-09", None),
    "connected today": (("--stage", "connected"), "connected", "2026-11-28", "2026-11-25"),
    "connected before": (
        ("--stage", "Connected", "--connected-on", "2026-11-01"),
        "connected",
        "2026-11-04",
        "2026-11-01",
    ),
    "unsorted": (("--stage", "unsorted"), "unsorted", None, None),
}


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory, empty_template: Path) -> dict[str, Run]:
    """``add "Bob Ray" OPTIONS --json`` for each row of :data:`ADD_STAGES`, on new databases."""
    calls = []
    for options, *_ in ADD_STAGES.values():
        folder = tmp_path_factory.mktemp("add")
        netdeck = Netdeck(folder / "data", copy_database(empty_template, folder / "netdeck.db"))
        calls.append(partial(netdeck, "add", "Bob Ray", *options, "--json"))
    return dict(zip(ADD_STAGES, run_all(calls), strict=True))


@pytest.mark.parametrize("label", ADD_STAGES)
def test_add_json_prints_the_contact_with_its_due_date(added: dict[str, Run], label: str) -> None:
    _options, stage, due, connected_on = ADD_STAGES[label]
    contact = succeeded(added[label]).json()
    assert set(contact) == CONTACT_KEYS
    assert contact["id"] == 1
    assert (contact["name"], contact["stage"]) == ("Bob Ray", stage)
    assert (contact["next_due_on"], contact["connected_on"]) == (due, connected_on)
    assert (contact["cadence_days"], contact["effective_cadence_days"]) == (None, 30)
    assert (contact["channels"], contact["tags"], contact["interactions"]) == ([], [], [])


def test_edit_changes_only_the_given_fields(populated: Netdeck) -> None:
    edited = populated.json(
        "edit",
        "Ann Lee",
        "--name",
        "Ann Lee-Park",
        "--company",
        "Umbrella",
        "--cadence",
        "1m",
        "--email",
        "ann@umbrella.example",
        "--tag",
        "Friend",
        "--met",
        "at a meetup",
    )
    assert edited["id"] == ANN_LEE
    assert (edited["name"], edited["first_name"], edited["last_name"]) == (
        "Ann Lee-Park",
        "Ann",
        "Lee-Park",
    )
    assert (edited["company"], edited["title"], edited["how_we_met"]) == (
        "Umbrella",
        "CTO",
        "at a meetup",
    )
    # The new cadence moves the due date: last talked 2026-11-01 + 30 days.
    assert (edited["cadence_days"], edited["next_due_on"]) == (30, "2026-12-01")
    # An address option replaces the addresses of its kind and keeps the others.
    assert sorted((c["kind"], c["value"]) for c in edited["channels"]) == [
        ("email", "ann@umbrella.example"),
        ("linkedin", "https://www.linkedin.com/in/annlee"),
    ]
    assert edited["tags"] == ["friend"]

    text = populated.ok("edit", "ann lee-park", "--stage", "dormant", "--cadence", "default")
    assert text.stdout == f"Updated #{ANN_LEE} Ann Lee-Park (dormant), due -\n"
    shown = populated.look("show", str(ANN_LEE))
    assert (shown["stage"], shown["next_due_on"], shown["cadence_days"]) == ("dormant", None, None)
    assert (shown["company"], shown["tags"]) == ("Umbrella", ["friend"])


# ---------------------------------------------------------------- acting on the queue


def test_log_defaults_to_an_outbound_message_on_the_preferred_channel_today(
    populated: Netdeck,
) -> None:
    logged = populated.ok("log", "Eve Adams")
    assert logged.stdout == f"Logged for #{EVE_ADAMS} Eve Adams (active); next due 2026-12-25\n"

    shown = populated.look("show", "eve@initech.example")
    newest = shown["interactions"][0]
    assert {
        key: newest[key] for key in ("occurred_on", "channel", "kind", "direction", "note")
    } == {
        "occurred_on": "2026-11-25",
        "channel": "email",
        "kind": "message",
        "direction": "outbound",
        "note": "",
    }
    assert len(shown["interactions"]) == 2
    assert shown["last_interaction_on"] == "2026-11-25"


def test_log_with_every_option(populated: Netdeck) -> None:
    logged = populated.json(
        "log",
        "Ann Smith",
        "--inbound",
        "--kind",
        "reply",
        "--channel",
        "linkedin",
        "--note",
        "  said hi back  ",
        "--date",
        "2026-11-24",
        env={"NETDECK_USER": "Alex"},
    )
    assert set(logged) == {"contact_id", "name", "interaction_id", "stage", "next_due_on"}
    # A reply from a new connection makes them active, due a cadence after it.
    assert (logged["contact_id"], logged["stage"], logged["next_due_on"]) == (
        ANN_SMITH,
        "active",
        "2026-12-24",
    )

    shown = populated.look("show", str(ANN_SMITH))
    assert shown["interactions"] == [
        {
            "id": logged["interaction_id"],
            "occurred_on": "2026-11-24",
            "channel": "linkedin",
            "kind": "reply",
            "direction": "inbound",
            "note": "said hi back",
            "text_sent": None,
            "snippet": None,
            "actor": "Alex",
        }
    ]
    assert shown["last_interaction_on"] == "2026-11-24"


def test_logging_a_connection_request_makes_a_prospect_requested(populated: Netdeck) -> None:
    logged = populated.json("log", "Dee Park", "--kind", "connection-request")
    assert (logged["stage"], logged["next_due_on"]) == ("requested", "2026-12-09")


def test_snooze_by_days_and_until_a_day(populated: Netdeck) -> None:
    by_days = populated.ok("snooze", "Bob Ray", "--days", "3")
    assert by_days.stdout == f"Snoozed: #{BOB_RAY} Bob Ray (active), due 2026-11-28\n"

    until = populated.json("snooze", str(BOB_RAY), "--until", "2026-12-01")
    assert until == {
        "contact_id": BOB_RAY,
        "name": "Bob Ray",
        "stage": "active",
        "next_due_on": "2026-12-01",
    }
    assert BOB_RAY not in [entry["id"] for entry in populated.look("queue", "--all")]


def test_skip_hides_a_due_contact_for_today_only(populated: Netdeck) -> None:
    skipped = populated.ok("skip", "bob")
    assert skipped.stdout == f"Skipped for today: #{BOB_RAY} Bob Ray (active), due 2026-11-25\n"
    assert BOB_RAY not in [entry["id"] for entry in populated.look("queue", "--all")]

    tomorrow = populated.look("queue", "--all", env={"NETDECK_TODAY": "2026-11-26"})
    assert BOB_RAY in [entry["id"] for entry in tomorrow]


def test_stage_moves_a_contact_and_its_due_date(populated: Netdeck) -> None:
    revived = populated.json("stage", "Cy Twin", "ACTIVE")
    assert revived == {
        "contact_id": CY_TWIN,
        "name": "Cy Twin",
        "stage": "active",
        "next_due_on": "2026-11-25",
    }
    archived = populated.ok("stage", str(ANN_LEE), "archived")
    assert archived.stdout == f"Moved to archived: #{ANN_LEE} Ann Lee (archived), due -\n"


# ---------------------------------------------------------------- reading: queue, list, show

QUEUE_ORDER = [ANN_SMITH, EVE_ADAMS, ANN_LEE, BOB_RAY, DEE_PARK]

LIST_CASES = [
    ((), ["Ann Lee", "Ann Smith", "Bob Ray", "Cy Twin", "Dee Park", "Eve Adams"]),
    (("--stage", "active"), ["Ann Lee", "Bob Ray", "Eve Adams"]),
    (("--tag", "PYTHON"), ["Ann Lee", "Bob Ray"]),
    (("--search", "acme"), ["Ann Lee"]),  # company
    (("--search", "initech.example"), ["Eve Adams"]),  # an address
    (
        ("--sort", "next-due"),
        ["Eve Adams", "Ann Lee", "Ann Smith", "Bob Ray", "Dee Park", "Cy Twin"],
    ),
    (
        ("--sort", "last-interaction"),
        ["Ann Lee", "Eve Adams", "Ann Smith", "Bob Ray", "Cy Twin", "Dee Park"],
    ),
    (("--stage", "active", "--search", "a", "--limit", "2"), ["Ann Lee", "Bob Ray"]),
]
ANN_LEE_REFERENCES = [
    "1",
    "#1",
    "ANN@example.com",
    "http://uk.linkedin.com/in/AnnLee/?trk=x",
    "ann LEE",
]

#: Read-only commands, run side by side on one shared copy of the populated database.
READS = [
    ("queue", "--json"),
    ("queue",),
    *[("list", *options, "--json") for options, _ in LIST_CASES],
    ("list", "--tag", "python"),
    ("list", "--search", "nobody-at-all"),
    *[("show", reference, "--json") for reference in ANN_LEE_REFERENCES],
    ("show", "eve", "--json"),
    ("show", "Ann Lee"),
]


@pytest.fixture(scope="module")
def read(tmp_path_factory: pytest.TempPathFactory, populated_template: Path) -> Callable[..., Run]:
    """``read(*args)``: what ``netdeck ARGS`` printed, for every ``ARGS`` in :data:`READS`."""
    folder = tmp_path_factory.mktemp("reads")
    netdeck = Netdeck(folder / "data", copy_database(populated_template, folder / "netdeck.db"))
    results = dict(zip(READS, run_all([partial(netdeck, *args) for args in READS]), strict=True))
    return lambda *args: succeeded(results[args])


def test_queue_json(read: Callable[..., Run]) -> None:
    entries = read("queue", "--json").json()
    assert [entry["id"] for entry in entries] == QUEUE_ORDER
    for entry in entries:
        assert {"id", "name", "stage", "due_on", "overdue_days", "reason", "channels"} <= set(entry)
        overdue = (date(2026, 11, 25) - date.fromisoformat(entry["due_on"])).days
        assert entry["overdue_days"] == overdue
        assert isinstance(entry["channels"], dict)
    by_id = {entry["id"]: entry for entry in entries}
    assert {key: by_id[ANN_SMITH][key] for key in ("name", "stage", "due_on", "reason")} == {
        "name": "Ann Smith",
        "stage": "connected",
        "due_on": "2026-11-23",
        "reason": "connected 5 days ago, no message yet",
    }
    assert by_id[EVE_ADAMS]["reason"] == "last talked 55 days ago, every 30 days"
    assert by_id[EVE_ADAMS]["overdue_days"] == 25
    assert by_id[ANN_LEE]["channels"] == {
        "email": "ann@example.com",
        "linkedin": "https://www.linkedin.com/in/annlee",
    }
    assert by_id[BOB_RAY]["channels"] == {"x": "@bobray"}
    assert by_id[ANN_SMITH]["channels"] == {}


def test_queue_text(read: Callable[..., Run]) -> None:
    lines = read("queue").stdout.splitlines()
    assert lines[0] == "2026-11-25: 5 due, showing 5; done today 0; inner circle 3/100"
    assert [line.split()[0] for line in lines[1:]] == [f"#{cid}" for cid in QUEUE_ORDER]
    assert "Ann Smith" in lines[1] and "2d overdue" in lines[1]
    assert "connected 5 days ago, no message yet" in lines[1]
    assert "due today" in lines[4]


def test_queue_is_capped_by_the_daily_size_unless_all_or_limit(populated: Netdeck) -> None:
    populated.in_process("settings", "queue-size", "2")
    capped, everyone, limited = run_all(
        [
            partial(populated, "queue", "--json"),
            partial(populated, "queue", "--all", "--json"),
            partial(populated, "queue", "--limit", "3", "--json"),
        ]
    )
    assert [entry["id"] for entry in succeeded(capped).json()] == QUEUE_ORDER[:2]
    assert [entry["id"] for entry in succeeded(everyone).json()] == QUEUE_ORDER
    assert [entry["id"] for entry in succeeded(limited).json()] == QUEUE_ORDER[:3]


def test_queue_on_an_empty_database(netdeck: Netdeck) -> None:
    as_json, as_text = run_all([partial(netdeck, "queue", "--json"), partial(netdeck, "queue")])
    assert succeeded(as_json).stdout == "[]\n"
    lines = succeeded(as_text).stdout.splitlines()
    assert lines[0].startswith("2026-11-25: 0 due")
    assert lines[1].startswith("No contacts yet")


@pytest.mark.parametrize(("options", "expected"), LIST_CASES)
def test_list_json(read: Callable[..., Run], options: tuple[str, ...], expected: list[str]) -> None:
    contacts = read("list", *options, "--json").json()
    assert [contact["name"] for contact in contacts] == expected
    assert all(
        set(contact)
        == {"id", "name", "stage", "company", "title", "next_due_on", "last_interaction_on", "tags"}
        for contact in contacts
    )


def test_list_text(read: Callable[..., Run]) -> None:
    lines = read("list", "--tag", "python").stdout.splitlines()
    assert [line.split() for line in lines] == [
        ["#1", "Ann", "Lee", "active", "Acme", "2026-11-15", "mentor,", "python"],
        ["#3", "Bob", "Ray", "active", "2026-11-25", "python"],
    ]
    assert read("list", "--search", "nobody-at-all").stdout == "No contacts match.\n"


@pytest.mark.parametrize("reference", ANN_LEE_REFERENCES)
def test_show_finds_a_contact_by_id_address_or_name(
    read: Callable[..., Run], reference: str
) -> None:
    assert read("show", reference, "--json").json()["id"] == ANN_LEE


def test_show_json(read: Callable[..., Run]) -> None:
    shown = read("show", "1", "--json").json()
    assert set(shown) == CONTACT_KEYS
    assert (shown["name"], shown["company"], shown["cadence_days"]) == ("Ann Lee", "Acme", 14)
    assert shown["channels"] == [
        {"kind": "email", "value": "ann@example.com", "preferred": True},
        {"kind": "linkedin", "value": "https://www.linkedin.com/in/annlee", "preferred": False},
    ]
    assert shown["tags"] == ["mentor", "python"]
    assert [
        (i["occurred_on"], i["kind"], i["channel"], i["direction"], i["note"])
        for i in shown["interactions"]
    ] == [("2026-11-01", "message", "email", "outbound", "")]
    assert shown["reason"] == "last talked 24 days ago, every 2 weeks"
    # A unique part of a name is enough.
    assert read("show", "eve", "--json").json()["id"] == EVE_ADAMS


def test_show_text(read: Callable[..., Run]) -> None:
    assert read("show", "Ann Lee").stdout.splitlines() == [
        "#1 Ann Lee (active since 2026-11-25)",
        "  Role:        CTO at Acme",
        "  Due:         2026-11-15: last talked 24 days ago, every 2 weeks",
        "  Cadence:     every 2 weeks",
        "  Last talked: 2026-11-01",
        "  Connected:   -",
        "  Tags:        mentor, python",
        "  email:       ann@example.com (preferred)",
        "  linkedin:    https://www.linkedin.com/in/annlee",
        "  Interactions:",
        "    2026-11-01 → message (email)",
    ]


# ---------------------------------------------------------------- settings

DEFAULT_SETTINGS = {
    "queue-size": 10,
    "default-cadence": 30,
    "inner-circle-target": 100,
    "my-name": "",
    "signature": "",
    "linkedin-plan": "free",
    "linkedin-notes-per-month": None,
    "theme": "textual-dark",
    "reply-window": 14,
    "keep-message-text": True,
    "phone-region": "",
    "me": "",
    "imap-host": "",
    "imap-port": 0,
    "imap-user": "",
    "imap-security": "tls",
    "mail-lookback-days": 365,
}


def test_settings_show_all(netdeck: Netdeck) -> None:
    as_json, as_text = run_all(
        [partial(netdeck, "settings", "--json"), partial(netdeck, "settings")]
    )
    assert succeeded(as_json).json() == DEFAULT_SETTINGS
    lines = succeeded(as_text).stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(DEFAULT_SETTINGS)
    assert lines[0].split()[:2] == ["queue-size", "10"]


def test_settings_get_and_set_one(netdeck: Netdeck) -> None:
    assert netdeck.ok("settings", "queue_size").stdout == "10\n"
    assert netdeck.ok("settings", "default-cadence", "2w").stdout == "14\n"
    assert netdeck.json("settings", "my-name", "  Sam Rivera ") == {"my-name": "Sam Rivera"}
    assert netdeck.look("settings", "default-cadence") == {"default-cadence": 14}
    assert netdeck.look("settings") == DEFAULT_SETTINGS | {
        "default-cadence": 14,
        "my-name": "Sam Rivera",
    }


# ---------------------------------------------------------------- snippets


def test_snippets_add_from_a_file_and_stdin_then_list_and_show(
    netdeck: Netdeck, tmp_path: Path
) -> None:
    body = tmp_path / "body.txt"
    body.write_text("Hi {{ first_name }},\nhow are you?\n", encoding="utf-8")
    added = netdeck.ok(
        "snippets",
        "add",
        "hello",
        "--kind",
        "check-in",
        "--channel",
        "email",
        "--subject",
        "Hello",
        "--body-file",
        str(body),
    )
    assert added.stdout == "Saved snippet hello\n"
    from_stdin = netdeck.json(
        "snippets",
        "add",
        "Thanks",
        "--kind",
        "thank-you",
        "--channel",
        "any",
        "--body-file",
        "-",
        stdin="Thank you!\n",
    )
    assert from_stdin == {
        "id": len(DEFAULT_SNIPPET_NAMES) + 2,  # after the defaults a new database holds
        "name": "Thanks",
        "kind": "thank-you",
        "channel": "any",
        "subject": "",
        "body": "Thank you!",
    }

    as_json, as_text, shown = map(
        succeeded,
        run_all(
            [
                partial(netdeck, "snippets", "list", "--json"),
                partial(netdeck, "snippets", "list"),
                partial(netdeck, "snippets", "show", "HELLO"),
            ]
        ),
    )
    listed = as_json.json()
    assert sorted(s["name"] for s in listed) == sorted([*DEFAULT_SNIPPET_NAMES, "hello", "Thanks"])
    assert [s["kind"] for s in listed] == sorted(s["kind"] for s in listed)  # by kind, then name
    assert [
        (s["name"], s["kind"], s["channel"], s["body"])
        for s in listed
        if s["id"] > len(DEFAULT_SNIPPET_NAMES)
    ] == [
        ("hello", "check-in", "email", "Hi {{ first_name }},\nhow are you?"),
        ("Thanks", "thank-you", "any", "Thank you!"),
    ]
    lines = as_text.stdout.splitlines()
    assert len(lines) == len(listed)
    assert [line.split()[:3] for line in lines if line.split()[0] in ("hello", "Thanks")] == [
        ["hello", "check-in", "email"],
        ["Thanks", "thank-you", "any"],
    ]
    assert shown.stdout == (
        "hello (check-in, email)\nSubject: Hello\nHi {{ first_name }},\nhow are you?\n"
    )


def test_snippets_edit_and_remove(populated: Netdeck) -> None:
    edited = populated.json(
        "snippets",
        "edit",
        "hello",
        "--name",
        "Long time",
        "--kind",
        "reconnect",
        "--channel",
        "x-dm",
        "--subject",
        "Long time",
        "--body-file",
        "-",
        stdin="It has been a while!\n",
    )
    assert {key: edited[key] for key in ("name", "kind", "channel", "subject", "body")} == {
        "name": "Long time",
        "kind": "reconnect",
        "channel": "x-dm",
        "subject": "Long time",
        "body": "It has been a while!",
    }
    assert populated.look("snippets", "show", "long TIME") == edited
    assert populated.ok("snippets", "remove", "Long time").stdout == "Removed snippet Long time\n"
    assert sorted(snippet["name"] for snippet in populated.look("snippets", "list")) == sorted(
        [*DEFAULT_SNIPPET_NAMES, "thanks"]
    )


def test_snippets_edit_without_options_opens_the_editor(populated: Netdeck) -> None:
    populated.ok("snippets", "edit", "hello", env={"EDITOR": "sed -i s/things/life/"})
    assert populated.look("snippets", "show", "hello")["body"] == HELLO_BODY.replace(
        "things", "life"
    )


# ---------------------------------------------------------------- demo


def test_demo_fills_the_given_database(netdeck: Netdeck, tmp_path: Path) -> None:
    target = tmp_path / "my demo.db"
    result = netdeck.ok("demo", "--no-tui", "--contacts", "200", "--db", str(target), use_db=False)
    assert result.stdout.startswith(f"Demo database {target}: 200 contacts, 2000 interactions (")
    assert query(target, "SELECT count(*) FROM contacts") == [(200,)]
    assert query(target, "SELECT count(*) FROM interactions") == [(2000,)]
    stages = {row[0] for row in query(target, "SELECT DISTINCT stage FROM contacts")}
    assert stages == {
        "prospect",
        "requested",
        "connected",
        "active",
        "unsorted",
        "dormant",
        "archived",
    }
    assert query(target, "SELECT count(*) > 100 FROM channels") == [(1,)]
    assert query(target, "SELECT count(DISTINCT contact_id) > 50 FROM contact_tags") == [(1,)]
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert not netdeck.data_dir.exists()  # the data dir was never needed

    again = netdeck.json("demo", "--no-tui", "--contacts", "20", "--db", str(target), use_db=False)
    assert (again["contacts"], again["interactions"]) == (20, 200)
    assert query(target, "SELECT count(*) FROM contacts") == [(20,)]


def test_demo_without_db_writes_demo_db_in_the_data_dir(populated: Netdeck) -> None:
    assert populated.db is not None
    before = database_dump(populated.db)
    # Even with NETDECK_DB naming the real database, the demo keeps away from it.
    summary = populated.json(
        "demo",
        "--no-tui",
        "--contacts",
        "30",
        use_db=False,
        env={"NETDECK_DB": str(populated.db)},
    )
    assert summary["path"] == str(populated.data_dir / "demo.db")
    assert (summary["contacts"], summary["interactions"]) == (30, 300)
    assert sorted(p.name for p in populated.data_dir.iterdir()) == ["demo.db"]
    assert database_dump(populated.db) == before


def test_pull_puts_someone_not_due_in_todays_queue_past_the_daily_size(
    populated: Netdeck,
) -> None:
    succeeded(populated.in_process("settings", "queue-size", "1"))
    assert [entry["id"] for entry in populated.look("queue")] == [ANN_SMITH]

    pulled = populated.ok("pull", "Cy Twin")
    assert pulled.stdout == f"Pulled into today's queue: #{CY_TWIN} Cy Twin (dormant), due -\n"
    queue = populated.look("queue")
    assert [entry["id"] for entry in queue] == [CY_TWIN, ANN_SMITH]
    assert queue[0]["pulled"] is True and queue[0]["reason"] == "pulled in today (dormant)"

    again = populated("pull", str(CY_TWIN))
    assert_user_error(again, "already pulled into today's queue")
    as_json = populated.json("pull", "bob")
    assert as_json == {
        "contact_id": BOB_RAY,
        "name": "Bob Ray",
        "stage": "active",
        "next_due_on": "2026-11-25",
    }
    # The pull lasts the day it was made.
    tomorrow = populated.look("queue", "--all", env={"NETDECK_TODAY": "2026-11-26"})
    assert CY_TWIN not in [entry["id"] for entry in tomorrow]

"""Key dates at the command line: ``remind``, ``birthday`` and ``dates``; ``show``
prints them and ``show --json`` lists them; the queue says why someone is due.

The populated database (see ``conftest.py``): Ann Lee active and overdue, Cy Twin
dormant (never due by his stage), today 2026-11-25.
"""

from __future__ import annotations

from tests.cli.conftest import ANN_LEE, CY_TWIN, Netdeck, assert_user_error, run_all


def test_remind_makes_someone_due_with_your_words(populated: Netdeck) -> None:
    added = populated.ok(
        "remind", "Cy Twin", "--on", "2026-11-25", "--note", "ask how the launch went"
    ).stdout
    assert added.splitlines() == [
        "#4 Cy Twin: 1 date",
        "  #1 reminder 2026-11-25 (next 2026-11-25): ask how the launch went",
    ]
    queue = populated.json("queue", "--json")
    reasons = {entry["name"]: entry["reason"] for entry in queue}
    assert reasons["Cy Twin"] == "you asked to: ask how the launch went"


def test_birthday_show_and_show_json(populated: Netdeck) -> None:
    populated.ok("birthday", str(ANN_LEE), "11-25")
    populated.ok("remind", str(ANN_LEE), "--on", "12-01", "--every", "year", "--note", "card")
    shown, as_json, queue = run_all(
        [
            lambda: populated.ok("show", str(ANN_LEE)),
            lambda: populated.ok("show", str(ANN_LEE), "--json"),
            lambda: populated.ok("queue", "--json"),
        ]
    )
    lines = shown.stdout.splitlines()
    assert "  Due:         2026-11-15: birthday today" in lines
    assert lines[lines.index("  Dates:") + 1 :][:2] == [
        "    #1 birthday --11-25 (next 2026-11-25)",
        "    #2 reminder 2026-12-01, every year (next 2026-12-01): card",
    ]
    assert as_json.json()["dates"] == [
        {
            "id": 1,
            "kind": "birthday",
            "on": "--11-25",
            "every": "year",
            "note": "",
            "next": "2026-11-25",
        },
        {
            "id": 2,
            "kind": "reminder",
            "on": "2026-12-01",
            "every": "year",
            "note": "card",
            "next": "2026-12-01",
        },
    ]
    first = queue.json()[0]
    assert (first["name"], first["reason"]) == ("Ann Lee", "birthday today")


def test_dates_lists_and_removes_and_birthday_clears(populated: Netdeck) -> None:
    populated.in_process("birthday", "Ann Lee", "1990-03-14")
    populated.in_process("remind", "Ann Lee", "--on", "2027-01-05")
    listed = populated.json("dates", "Ann Lee", "--json")
    assert [(d["id"], d["kind"], d["on"]) for d in listed["dates"]] == [
        (2, "reminder", "2027-01-05"),
        (1, "birthday", "1990-03-14"),
    ]
    removed = populated.ok("dates", "Ann Lee", "--remove", "2").stdout
    assert removed.splitlines() == [
        "#1 Ann Lee: 1 date",
        "  #1 birthday 1990-03-14 (next 2027-03-14)",
    ]
    cleared = populated.ok("birthday", "Ann Lee", "--clear").stdout
    assert cleared.splitlines() == ["#1 Ann Lee: no dates"]
    assert populated.look("show", "Ann Lee")["dates"] == []


def test_mistakes_are_one_line_errors(populated: Netdeck) -> None:
    results = run_all(
        [
            lambda: populated("remind", "Ann Lee", "--on", "2026-02-30"),
            lambda: populated("remind", "Ann Lee", "--on", "2026-11-24"),
            lambda: populated("birthday", "Ann Lee", "13-01"),
            lambda: populated("birthday", "Ann Lee"),
            lambda: populated("birthday", "Cy Twin", "--clear"),
            lambda: populated("dates", "Ann Lee", "--remove", "7"),
            lambda: populated("remind", "Ann Lee", "--on", "12-01", "--note", "x" * 501),
        ]
    )
    expected = [
        ("bad date '2026-02-30'", "no such day"),
        ("2026-11-24: that day has passed", "--every year"),
        ("bad date '13-01'",),
        ("give the birthday",),
        ("Cy Twin has no birthday",),
        ("Ann Lee has no date 7",),
        ("keep it to 500",),
    ]
    for result, fragments in zip(results, expected, strict=True):
        assert_user_error(result, *fragments)
    assert populated.look("show", "Ann Lee")["dates"] == []
    assert CY_TWIN


def test_keeping_someone_on_their_birthday_leaves_them_in_todays_queue(netdeck: Netdeck) -> None:
    """Triage spreads first due days with a snooze; a key date before the spread day
    wins (it would be hidden until after the birthday otherwise)."""
    for n in range(12):  # fill today's and the next days' share, so keeping spreads
        netdeck.ok("add", f"Busy {n}", "--stage", "active")
    netdeck.ok("add", "Ulla Berg", "--stage", "unsorted")
    netdeck.ok("birthday", "Ulla Berg", "11-25")

    netdeck.ok("triage", "keep", "Ulla Berg", "--cadence", "3m")

    shown = netdeck.look("show", "Ulla Berg")
    assert shown["next_due_on"] == "2026-11-25"
    reasons = {e["name"]: e["reason"] for e in netdeck.json("queue", "--all", "--json")}
    assert reasons["Ulla Berg"] == "birthday today"


def test_keeping_without_a_cadence_leaves_the_tags_cadence_theirs(netdeck: Netdeck) -> None:
    netdeck.ok("add", "Vik Rao", "--stage", "unsorted", "--tag", "vip")
    netdeck.ok("tag", "cadence", "vip", "1w")

    netdeck.ok("triage", "keep", "Vik Rao")

    shown = netdeck.look("show", "Vik Rao")
    assert (shown["cadence_source"], shown["stage"]) == ("tag:vip", "active")


def test_dates_that_bring_no_one_into_the_queue_say_so(netdeck: Netdeck) -> None:
    netdeck.ok("add", "Una Sorted", "--stage", "unsorted")
    shown = netdeck.ok("birthday", "Una Sorted", "05-05").stdout
    assert shown.splitlines()[-1] == (
        "note: birthdays and anniversaries bring only active and connected people into the "
        "queue (they are unsorted); reminders count in every stage but archived"
    )
    netdeck.ok("add", "Archie Ved", "--stage", "archived")
    shown = netdeck.ok("remind", "Archie Ved", "--on", "12-24", "--note", "card").stdout
    assert shown.splitlines()[-1] == "note: they are archived: no date brings them into the queue"
    shown = netdeck.ok("remind", "Una Sorted", "--on", "12-24").stdout
    assert "note:" in shown  # the birthday still does not count; the reminder does

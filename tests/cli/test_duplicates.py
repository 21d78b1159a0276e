"""``netdeck duplicates``, ``merge`` and ``not-duplicates`` through the real command."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Netdeck, assert_user_error, database_dump, query, run_all


def _populate(netdeck: Netdeck) -> None:
    for args in (
        ("add", "Greg Alvarez", "--email", "greg@acme.example", "--tag", "mba"),
        (
            "add",
            "Gregory Alvarez",
            "--email",
            "Greg@Acme.example",
            "--company",
            "Acme",
            "--linkedin",
            "linkedin.com/in/greg",
            "--tag",
            "mentor",
            "--notes",
            "two kids",
        ),
        ("add", "Zoë Park", "--company", "Initech"),
        ("add", "zoe park", "--company", "Globex"),
        ("add", "Jon Smith", "--company", "Hooli"),
        ("add", "John Smith", "--company", "hooli"),
    ):
        netdeck.in_process(*args)


def test_duplicates_lists_pairs_with_why_most_certain_first(netdeck: Netdeck) -> None:
    _populate(netdeck)
    listing, limited, text = run_all(
        [
            lambda: netdeck("duplicates", "--json"),
            lambda: netdeck("duplicates", "--json", "--limit", "1"),
            lambda: netdeck("duplicates"),
        ]
    )
    data = listing.json()
    assert data["total"] == 3
    assert [(p["first"]["name"], p["second"]["name"], p["why"]) for p in data["pairs"]] == [
        ("Greg Alvarez", "Gregory Alvarez", ["same e-mail"]),
        ("Zoë Park", "zoe park", ["same name"]),
        ("Jon Smith", "John Smith", ["similar name at the same company"]),
    ]
    assert data["pairs"][0]["second"]["company"] == "Acme"
    assert data["pairs"][0]["first"]["id"] == 1
    assert [p["why"] for p in limited.json()["pairs"]] == [["same e-mail"]]
    assert limited.json()["total"] == 3
    lines = text.stdout.splitlines()
    assert lines[0] == "#1 Greg Alvarez  ~  #2 Gregory Alvarez (Acme): same e-mail"
    assert "#3 Zoë Park (Initech)  ~  #4 zoe park (Globex): same name" in lines


def test_merge_keeps_everything_and_says_so_in_json(netdeck: Netdeck) -> None:
    _populate(netdeck)
    merged = netdeck.json("merge", "greg alvarez", "#2")
    assert merged["kept"] == {"id": 1, "name": "Greg Alvarez"}
    assert merged["merged"] == {"id": 2, "name": "Gregory Alvarez"}
    assert merged["moved"]["addresses"] == 1 and merged["moved"]["tags"] == 1
    assert merged["already_there"] == 1  # the same e-mail
    if netdeck.on_file:  # a server database is backed up by its server
        assert Path(merged["backup"]).parent == netdeck.backups
        assert Path(merged["backup"]).name.endswith("-before-merge.db")
    shown = netdeck.look("show", "1")
    assert shown["company"] == "Acme" and shown["notes"] == "two kids"
    assert shown["tags"] == ["mba", "mentor"]
    assert sorted(c["kind"] for c in shown["channels"]) == ["email", "linkedin"]
    assert query(netdeck.db, "SELECT count(*) FROM contacts WHERE id = 2") == [(0,)]
    assert [p["why"] for p in netdeck.look("duplicates")["pairs"]] == [
        ["same name"],
        ["similar name at the same company"],
    ]


def test_not_duplicates_is_remembered(netdeck: Netdeck) -> None:
    _populate(netdeck)
    noted = netdeck.ok("not-duplicates", "3", "4")
    assert noted.stdout == "Noted: Zoë Park and zoe park are not the same person\n"
    assert query(netdeck.db, "SELECT low_id, high_id FROM not_duplicates") == [(3, 4)]
    assert netdeck.look("duplicates")["total"] == 2


def test_merge_errors_are_one_line_and_change_nothing(netdeck: Netdeck) -> None:
    _populate(netdeck)
    before = database_dump(netdeck.db)
    ambiguous, missing, itself, same = run_all(
        [
            lambda: netdeck("merge", "alvarez", "3"),
            lambda: netdeck("merge", "1", "99"),
            lambda: netdeck("merge", "1", "greg alvarez"),
            lambda: netdeck("not-duplicates", "3", "#3"),
        ]
    )
    assert_user_error(ambiguous, "matches 2 contacts")
    assert_user_error(missing, "no contact with id 99")
    assert_user_error(itself, "itself")
    assert_user_error(same, "same contact twice")
    assert database_dump(netdeck.db) == before
    assert not netdeck.backups.exists()  # refused before any backup


def _without_last_seen(dump: list[str]) -> list[str]:
    """A dump but for the deck's users: each run notes when its user was last seen."""
    rows = ('INSERT INTO "deck_users"', "deck_users (")  # SQLite's dump; PostgreSQL's
    return [line for line in dump if not line.startswith(rows)]


def test_unmerge_gives_back_both_people_exactly_once(netdeck: Netdeck) -> None:
    _populate(netdeck)
    netdeck.in_process("log", "2", "--note", "coffee")
    assert netdeck.db is not None
    before = _without_last_seen(database_dump(netdeck.db))
    merged = netdeck.ok("merge", "1", "2")
    assert merged.stdout.splitlines()[-1] == "Undo with `netdeck unmerge`."
    undone = netdeck.json("unmerge")
    assert undone == {"kept": "Greg Alvarez", "merged": "Gregory Alvarez"}
    assert _without_last_seen(database_dump(netdeck.db)) == before
    assert_user_error(netdeck("unmerge"), "no merge to undo")


def test_unmerge_is_refused_once_the_kept_person_changed(netdeck: Netdeck) -> None:
    _populate(netdeck)
    netdeck.ok("merge", "1", "2")
    netdeck.in_process("log", "1", "--note", "after the merge")
    assert netdeck.db is not None
    after = database_dump(netdeck.db)
    assert_user_error(netdeck("unmerge"), "has changed since", "backup")
    assert database_dump(netdeck.db) == after  # the logged message is not lost

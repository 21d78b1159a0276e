"""Finding people as people type them on the command line: ``list --search`` and every
name argument fold accents, case and punctuation, and search covers what you wrote."""

from __future__ import annotations

from functools import partial

from tests.cli.conftest import Netdeck, run_all

PEOPLE = (
    ("Zoë Lambert", "--met", "PyCon Lisboa"),
    ("José Ruiz", "--notes", "Plays the oud"),
    ("Björn Ek",),
    ("Ana García-Núñez",),
)


def test_search_and_names_fold_accents_case_and_punctuation(netdeck: Netdeck) -> None:
    for name, *options in PEOPLE:
        netdeck.in_process("add", name, *options)

    searches = ["zoe", "jose", "bjorn", "garcia", "nunez", "garcia-nunez", "lisboa", "oud"]
    shows = ["zoe", "JOSE", "bjorn", "garcia nunez"]
    runs = run_all(
        [partial(netdeck.json, "list", "--search", typed) for typed in searches]
        + [partial(netdeck.json, "show", name) for name in shows]
    )

    found = [[contact["name"] for contact in contacts] for contacts in runs[: len(searches)]]
    assert found == [
        ["Zoë Lambert"],
        ["José Ruiz"],
        ["Björn Ek"],
        ["Ana García-Núñez"],
        ["Ana García-Núñez"],
        ["Ana García-Núñez"],
        ["Zoë Lambert"],  # how you met
        ["José Ruiz"],  # notes
    ]
    shown = [contact["name"] for contact in runs[len(searches) :]]
    assert shown == ["Zoë Lambert", "José Ruiz", "Björn Ek", "Ana García-Núñez"]


def test_a_logged_note_is_found_by_list_search(netdeck: Netdeck) -> None:
    for name, *options in PEOPLE:
        netdeck.in_process("add", name, *options)

    logged = netdeck.ok("log", "jose", "--kind", "meeting", "--note", "Hiring a data engineer")

    assert logged.stdout.startswith("Logged for #2 José Ruiz")
    assert [c["name"] for c in netdeck.look("list", "--search", "hiring")] == ["José Ruiz"]

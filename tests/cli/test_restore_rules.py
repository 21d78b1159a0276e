"""``netdeck import json`` holds a file to the rules ``add``, ``edit`` and ``log`` apply
(issue 13, class 9): an address each kind's rule refuses, an empty name, an
interaction in the future, two preferred addresses or a tag netdeck would spell
otherwise refuses the whole file, with one line naming the record and field, and
the database is left as it was.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import (
    Netdeck,
    assert_user_error,
    copy_database,
    database_dump,
    query,
    succeeded,
)

Change = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def exported(populated_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The populated deck's JSON export, parsed (contacts[0] is Ann Lee: an email address
    (preferred), a LinkedIn profile, tags mentor and python, one interaction)."""
    folder = tmp_path_factory.mktemp("restore-rules")
    netdeck = Netdeck(folder / "data", copy_database(populated_template, folder / "n.db"))
    return json.loads(succeeded(netdeck.in_process("export", "json")).stdout)


def _address(kind: str, value: str) -> Change:
    def change(document: dict[str, Any]) -> None:
        document["contacts"][0]["channels"][1] = {"kind": kind, "value": value, "preferred": False}

    return change


def _set(path: tuple[str | int, ...], value: object) -> Change:
    def change(document: dict[str, Any]) -> None:
        target: Any = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def _both_preferred(document: dict[str, Any]) -> None:
    for channel in document["contacts"][0]["channels"]:
        channel["preferred"] = True


def _upper_case_tag(document: dict[str, Any]) -> None:
    document["tags"] = ["Mentor", "python"]
    document["contacts"][0]["tags"] = ["Mentor", "python"]


VALUE = "contacts[0].channels[1].value: "

#: A change to a valid export → what the one error line must say.
CASES: dict[str, tuple[Change, tuple[str, ...]]] = {
    "javascript: website": (
        _address("website", "javascript:alert(1)"),
        (VALUE + "bad URL 'javascript:alert(1)'",),
    ),
    "file: website": (
        _address("website", "file:///etc/passwd"),
        (VALUE + "bad URL", "only http:// and https://"),
    ),
    "escape in a profile link": (
        _address("linkedin", "https://www.linkedin.com/in/ann\x1b]0;pwned\x07"),
        (VALUE + "bad LinkedIn URL", "control character (\\x1b)"),
    ),
    "escape in a website": (
        _address("website", "https://example.com/\x1b[2J"),
        (VALUE + "bad URL", "control character"),
    ),
    "not a profile": (
        _address("linkedin", "https://www.linkedin.com/pub/ann/1/2/3"),
        (VALUE + "bad LinkedIn URL", "/in/your-name"),
    ),
    "bcc in an email": (
        _address("email", "ann@example.com?bcc=boss@example.com"),
        (VALUE + "bad email", "without ?, # or %"),
    ),
    "escape in an email": (
        _address("email", "ann@example.com\x1b[2J"),
        (VALUE + "bad email", "control character"),
    ),
    "escape in a phone number": (
        _address("phone", "+44 20 7946 0958\x07"),
        (VALUE + "bad phone number", "control character"),
    ),
    "empty name": (
        _set(("contacts", 1, "full_name"), " \n "),
        ("contacts[1].full_name: name must not be empty",),
    ),
    "future interaction": (
        _set(("contacts", 0, "interactions", 0, "occurred_on"), "2026-11-26"),
        (
            "contacts[0].interactions[0].occurred_on: cannot log an interaction on 2026-11-26: "
            "it is in the future",
        ),
    ),
    "future last interaction": (
        _set(("contacts", 0, "last_interaction_on"), "2027-01-01"),
        ("contacts[0].last_interaction_on: cannot log an interaction on 2027-01-01",),
    ),
    "two preferred addresses": (
        _both_preferred,
        ("contacts[0].channels[1].preferred: a second preferred address",),
    ),
    "tag not as netdeck spells it": (
        _upper_case_tag,
        ("tags[0]: tag 'Mentor' is spelled 'mentor' in netdeck",),
    ),
}


def test_a_file_against_the_rules_is_refused_whole_and_changes_nothing(
    exported: dict[str, Any], empty_template: Path, tmp_path: Path
) -> None:
    netdeck = Netdeck(tmp_path / "data", copy_database(empty_template, tmp_path / "new.db"))
    before = database_dump(netdeck.db)
    for name, (change, says) in CASES.items():
        document = copy.deepcopy(exported)
        change(document)
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        line = assert_user_error(netdeck.in_process("import", "json", str(path)), *says)
        assert line.isprintable(), ascii(line)  # the hostile value is quoted escaped
        assert database_dump(netdeck.db) == before, name
    assert not (tmp_path / "data" / "backups").exists()
    assert not (tmp_path / "backups").exists()


def test_the_refusal_is_the_same_in_a_real_process(
    exported: dict[str, Any], empty_template: Path, tmp_path: Path
) -> None:
    netdeck = Netdeck(tmp_path / "data", copy_database(empty_template, tmp_path / "new.db"))
    before = database_dump(netdeck.db)
    document = copy.deepcopy(exported)
    _address("linkedin", "https://www.linkedin.com/in/ann\x1b]52;c;cHduZWQ=\x07")(document)
    path = tmp_path / "deck.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert_user_error(netdeck("import", "json", str(path)), VALUE + "bad LinkedIn URL")
    assert database_dump(netdeck.db) == before


def test_addresses_are_stored_as_add_stores_them(
    exported: dict[str, Any], empty_template: Path, tmp_path: Path
) -> None:
    """A hand-edited but lawful spelling goes in normalised, so later imports match it."""
    netdeck = Netdeck(tmp_path / "data", copy_database(empty_template, tmp_path / "new.db"))
    document = copy.deepcopy(exported)
    _address("linkedin", "  HTTP://uk.linkedin.com/in/Ann-Lee/details/  ")(document)
    path = tmp_path / "deck.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    succeeded(netdeck.in_process("import", "json", str(path)))
    assert netdeck.db is not None
    assert query(
        netdeck.db, "SELECT value FROM channels WHERE kind = 'linkedin' AND contact_id = 1"
    ) == [("https://www.linkedin.com/in/ann-lee",)]

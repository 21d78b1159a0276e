"""Hostile addresses through every entry point: ``add``, ``edit``, ``import csv``,
``import vcard``, ``import linkedin`` and ``import json`` (issue 13, class 1).

Each entry point gets every payload of the kinds it reads; afterwards the command
said so (an error for add, edit and a restore; a skipped row or a dropped address
for the importers), stderr holds no raw control character, and every address in
the database passes today's rule, stored in its normal form. The payloads are the
ones tests/unit/test_address_rules.py holds the rule itself to.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import sqlite3
import unicodedata
from pathlib import Path

from netdeck.domain.channels import ChannelKind, normalise_address
from tests.cli.conftest import Netdeck, assert_user_error, copy_database, database_dump, succeeded
from tests.unit.test_address_rules import HOSTILE

OPTION = {
    ChannelKind.LINKEDIN: "--linkedin",
    ChannelKind.EMAIL: "--email",
    ChannelKind.X: "--twitter",
    ChannelKind.WEBSITE: "--website",
    ChannelKind.PHONE: "--phone",
}


def _of(*kinds: ChannelKind) -> list[tuple[ChannelKind, str]]:
    return [(kind, text) for kind, text in HOSTILE if kind in kinds]


def _raw_controls(text: str) -> list[str]:
    """The control and format characters in ``text`` besides line ends."""
    return [ch for ch in text if ch not in "\n" and unicodedata.category(ch) in {"Cc", "Cf", "Cs"}]


def assert_only_lawful_addresses(db: Path) -> int:
    """Every stored address passes today's rule as it is stored; how many there are."""
    connection = sqlite3.connect(db)
    try:
        rows = connection.execute("SELECT kind, value FROM channels").fetchall()
    finally:
        connection.close()
    for kind, value in rows:
        assert normalise_address(ChannelKind(kind), value) == value, ascii(value)
        assert not _raw_controls(value), ascii(value)
    return len(rows)


def test_add_and_edit_refuse_every_hostile_address(populated: Netdeck) -> None:
    before = database_dump(populated.db)
    for n, (kind, text) in enumerate(HOSTILE):
        for command in (("add", f"Person {n}"), ("edit", "1")):
            run = populated.in_process(*command, OPTION[kind], text)
            line = assert_user_error(run, "bad ")
            assert not _raw_controls(line), ascii(line)
    assert database_dump(populated.db) == before
    assert assert_only_lawful_addresses(populated.db) == 5


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def test_a_contacts_csv_keeps_no_hostile_address(netdeck: Netdeck, tmp_path: Path) -> None:
    rows = [["Name", "Email", "LinkedIn", "Twitter"]]
    for n, (kind, text) in enumerate(_of(ChannelKind.EMAIL, ChannelKind.LINKEDIN, ChannelKind.X)):
        cells = ["", "", ""]
        cells[(ChannelKind.EMAIL, ChannelKind.LINKEDIN, ChannelKind.X).index(kind)] = text
        rows.append([f"Person {n}", *cells])
    rows.append(["Fine Person", "fine@example.com", "linkedin.com/in/fine", "@fine"])
    path = tmp_path / "contacts.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    summary = succeeded(netdeck.in_process("import", "csv", str(path), "--json")).json()
    # Every hostile address is left out and reported with its line; the person is kept.
    assert (summary["added"], summary["skipped"]) == (len(rows) - 1, [])
    assert len({field["line"] for field in summary["left_out"]}) == len(rows) - 2
    assert all("bad " in field["detail"] for field in summary["left_out"])
    assert assert_only_lawful_addresses(netdeck.db) == 3


def test_a_vcard_file_keeps_no_hostile_address(netdeck: Netdeck, tmp_path: Path) -> None:
    cards = []
    payloads = _of(ChannelKind.EMAIL, ChannelKind.LINKEDIN)
    for n, (kind, text) in enumerate(payloads):
        if "\n" in text:
            continue  # a line break ends a vCard line: it cannot be in a value
        field = "EMAIL;TYPE=INTERNET" if kind is ChannelKind.EMAIL else "URL"
        cards.append(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {n}\r\n{field}:{text}\r\nEND:VCARD\r\n"
        )
    path = tmp_path / "contacts.vcf"
    path.write_text("".join(cards), encoding="utf-8")
    summary = succeeded(netdeck.in_process("import", "vcard", str(path), "--json")).json()
    # A card with a bad address is still a person: the address is dropped, not kept.
    assert summary["added"] == len(cards)
    assert assert_only_lawful_addresses(netdeck.db) == 0


def test_a_linkedin_export_keeps_no_hostile_address(netdeck: Netdeck, tmp_path: Path) -> None:
    rows = [
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    ]
    for n, (kind, text) in enumerate(_of(ChannelKind.LINKEDIN, ChannelKind.EMAIL)):
        url = text if kind is ChannelKind.LINKEDIN else f"https://www.linkedin.com/in/person-{n}"
        email = text if kind is ChannelKind.EMAIL else ""
        rows.append(["Person", str(n), url, email, "Acme", "CTO", "12 Mar 2019"])
    path = tmp_path / "Connections.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    summary = succeeded(netdeck.in_process("import", "linkedin", str(path), "--json")).json()
    linkedin_payloads = len(_of(ChannelKind.LINKEDIN))
    assert len(summary["skipped"]) == linkedin_payloads  # a bad profile URL skips the row
    # A bad email is dropped, the person (and the profile) kept.
    assert summary["added"] == len(_of(ChannelKind.EMAIL))
    assert assert_only_lawful_addresses(netdeck.db) == len(_of(ChannelKind.EMAIL))


def test_a_json_export_with_a_hostile_address_is_refused_whole(
    populated: Netdeck, empty_template: Path, tmp_path: Path
) -> None:
    document = json.loads(succeeded(populated.in_process("export", "json")).stdout)
    target = Netdeck(populated.data_dir, copy_database(empty_template, tmp_path / "new.db"))
    before = database_dump(target.db)
    for n, (kind, text) in enumerate(HOSTILE):
        changed = copy.deepcopy(document)
        changed["contacts"][0]["channels"][0] = {
            "kind": kind.value,
            "value": text,
            "preferred": False,
        }
        path = tmp_path / f"deck-{n}.json"
        path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
        run = target.in_process("import", "json", str(path))
        line = assert_user_error(run, "contacts[0].channels[0].value: bad ")
        assert not _raw_controls(line), ascii(line)
    assert database_dump(target.db) == before

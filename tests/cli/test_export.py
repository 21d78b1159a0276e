"""``netdeck export csv`` and ``netdeck backup``: the files written and what they hold."""

from __future__ import annotations

import csv
import io
import sqlite3
import stat
from pathlib import Path

from tests.cli.conftest import Netdeck, assert_user_error, database_dump
from tests.postgres import sqlite_only


def test_csv_export_neutralises_formulas(netdeck: Netdeck, tmp_path: Path) -> None:
    netdeck.ok("add", '=HYPERLINK("x")', "--company", "+Acme, Inc", "--notes=-1\nline two")
    netdeck.ok("add", "Ann Lee", "--email", "ann@example.com", "--title", "@cto", "--tag", "py")
    out = tmp_path / "contacts.csv"
    netdeck.ok("export", "csv", "-o", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    raw = out.read_bytes()
    assert raw.startswith(b"Name,First Name,Last Name,Nickname,Company,Title,Email,")
    assert b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    by_name = {row["Name"].lstrip("'"): row for row in rows}
    odd = by_name['=HYPERLINK("x")']
    assert odd["Name"] == '\'=HYPERLINK("x")'
    assert (odd["Company"], odd["Notes"]) == ("'+Acme, Inc", "'-1\nline two")
    ann = by_name["Ann Lee"]
    assert (ann["Email"], ann["Title"], ann["Tags"], ann["Stage"]) == (
        "ann@example.com",
        "'@cto",
        "py",
        "active",
    )
    assert netdeck.ok("export", "csv").stdout.replace("\r\n", "\n") == raw.decode().replace(
        "\r\n", "\n"
    )


@sqlite_only("`backup` copies a SQLite file; a server database is backed up by its own tools")
def test_backup_is_a_copy_of_the_database(populated: Netdeck, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    result = populated.json("backup", "-o", str(target))
    assert result == {"backup": str(target)}
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert database_dump(target) == database_dump(populated.db)
    connection = sqlite3.connect(target)
    try:
        assert connection.execute("SELECT count(*) FROM contacts").fetchone() == (6,)
    finally:
        connection.close()
    assert_user_error(populated("backup", "-o", str(target)), "already exists")
    default = populated.ok("backup").stdout
    assert default.startswith("Backed up to ") and "backups" in default


def test_vcard_export_reads_back(populated: Netdeck, tmp_path: Path) -> None:
    import vobject

    out = tmp_path / "contacts.vcf"
    populated.ok("export", "vcard", "-o", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCARD\r\nVERSION:3.0\r\n")
    cards = {card.fn.value: card for card in vobject.readComponents(raw.decode("utf-8"))}
    assert len(cards) == 6
    ann = cards["Ann Lee"]
    assert (ann.org.value, ann.title.value, ann.email.value) == (["Acme"], "CTO", "ann@example.com")
    assert ann.url.value == "https://www.linkedin.com/in/annlee"
    assert cards["Bob Ray"].url.value == "https://x.com/bobray"

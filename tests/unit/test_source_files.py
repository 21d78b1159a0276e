"""Reading other tools' files: unreadable files, undecodable text, files over the
limits and CSV quotes never closed are clear errors; vobject's complaints are
skipped rows."""

from __future__ import annotations

import os
import struct
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from netdeck.domain.errors import InvalidInput
from netdeck.importers.contacts_csv import read_contacts_csv
from netdeck.importers.linkedin import read_linkedin_export
from netdeck.importers.netdeck_json import MAX_JSON_BYTES, read_netdeck_json_file
from netdeck.importers.source_files import (
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MB,
    SkippedRow,
    csv_records,
    decode_text,
    read_at_most,
)
from netdeck.importers.vcard import MAX_CARD_LINES, read_vcards
from tests.hostile_files import write_zip_bomb


@pytest.mark.parametrize(
    ("reader", "name"),
    [
        (read_linkedin_export, "Connections.csv"),
        (read_contacts_csv, "people.csv"),
        (read_vcards, "people.vcf"),
    ],
)
def test_a_file_that_cannot_be_read_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader, name: str
) -> None:
    path = tmp_path / name
    path.write_text("First Name,Last Name,Connected On\n", encoding="utf-8")

    real_open = os.open

    # Tests run as root, whom file modes do not stop: the refusal is simulated.
    def refuse(file: str | os.PathLike[str], flags: int, *args: int, **kwargs: object) -> int:
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(InvalidInput, match=rf"{name}: cannot read it \(Permission denied\)"):
        reader(path)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"Name\n\x00\x01", "people.csv is not a vCard file (it holds binary data)"),
        ("Name\nZoë\n".encode("latin-1"), "people.csv is not UTF-8 text (byte 8)"),
    ],
)
def test_text_that_is_not_utf8_is_refused_with_where(data: bytes, fragment: str) -> None:
    with pytest.raises(InvalidInput) as error:
        decode_text(data, "people.csv", "vCard")
    assert str(error.value).startswith(fragment)


def test_a_bom_is_dropped() -> None:
    assert decode_text(b"\xef\xbb\xbfName\r\nAnn\r\n", "people.csv") == "Name\r\nAnn\r\n"


# ---------------------------------------------------------------- limits

READERS = {
    "linkedin": (read_linkedin_export, "Connections.csv"),
    "csv": (read_contacts_csv, "people.csv"),
    "vcard": (read_vcards, "people.vcf"),
    "json": (partial(read_netdeck_json_file, today=date(2026, 11, 30)), "deck.json"),
}


@pytest.mark.parametrize("kind", READERS)
def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path, kind: str) -> None:
    reader, name = READERS[kind]
    path = tmp_path / name
    limit = MAX_JSON_BYTES if kind == "json" else MAX_FILE_BYTES
    with path.open("wb") as file:  # sparse: nothing written, nothing to read
        file.truncate(limit + 50 * MB)
    with pytest.raises(InvalidInput) as error:
        reader(path)
    assert str(error.value) == (
        f"{path} is too large to import ({(limit + 50 * MB) / MB:,.1f} MB; netdeck reads at "
        f"most {limit // MB} MB from one file, far more than a real export holds)"
    )


@pytest.mark.parametrize("kind", ["csv", "vcard", "json"])
def test_a_folder_is_refused_as_a_folder(tmp_path: Path, kind: str) -> None:
    reader, name = READERS[kind]
    (tmp_path / name).mkdir()
    with pytest.raises(InvalidInput, match="is a folder, not a file netdeck can import"):
        reader(tmp_path / name)


class Endless:
    """A stream that never ends, whatever size it declared."""

    def read(self, size: int = -1, /) -> bytes:
        return b"\0" * (size if size > 0 else 1 << 20)


def test_what_is_read_is_counted_whatever_the_declared_size() -> None:
    with pytest.raises(InvalidInput, match=r"^x is too large to import \(more than 200 MB;"):
        read_at_most(Endless(), "x", MAX_FILE_BYTES, declared=10)


def test_a_zip_declaring_a_huge_member_is_refused_before_inflating(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    write_zip_bomb(archive, mebibytes=1, declared=MAX_FILE_BYTES + 1)
    with pytest.raises(InvalidInput, match=r"Connections\.csv in the zip is too large to import"):
        read_linkedin_export(archive)


def test_a_zip_whose_table_of_contents_is_huge_is_refused(tmp_path: Path) -> None:
    """100,000 empty files, listed in a 5 MB central directory."""
    entry = struct.Struct("<4s6H3L5H2L")
    names = [f"f{number:09d}".encode() for number in range(100_000)]
    directory = b"".join(
        entry.pack(b"PK\x01\x02", 20, 20, 0, 0, 0, 33, 0, 0, 0, len(n), 0, 0, 0, 0, 0, 0) + n
        for n in names
    )
    archive = tmp_path / "export.zip"
    archive.write_bytes(
        directory
        + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, len(directory), 0, 0)
    )
    with pytest.raises(InvalidInput, match=r"the zip's table of contents takes 5\.\d MB"):
        read_linkedin_export(archive)


CONNECTIONS_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ROW = "Ann,Lee,https://www.linkedin.com/in/ann-lee,,Acme,CEO,12 Mar 2019\n"


def test_more_rows_than_the_limit_are_refused(tmp_path: Path) -> None:
    """Rows of the file, the header included."""
    text = CONNECTIONS_HEADER + ROW * (MAX_ROWS - 1)
    assert sum(1 for _ in csv_records(text, "Connections.csv")) == MAX_ROWS
    path = tmp_path / "Connections.csv"
    path.write_text(text + ROW, encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"Connections\.csv has more than 200,000 rows"):
        read_linkedin_export(path)


def test_a_row_of_too_many_cells_is_refused_with_its_line() -> None:
    text = "Name,Email\nAnn,a@example.com\n" + "x," * MAX_COLUMNS + "\n"
    with pytest.raises(InvalidInput, match="the row on line 3 has 1,001 cells"):
        list(csv_records(text, "people.csv"))


def test_more_cards_than_the_limit_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "people.vcf"
    path.write_text("BEGIN:VCARD\nFN:Ann\nEND:VCARD\n" * (MAX_ROWS + 1), encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"people\.vcf holds more than 200,000 cards"):
        read_vcards(path)


def test_a_card_of_too_many_lines_is_skipped_alone(tmp_path: Path) -> None:
    path = tmp_path / "people.vcf"
    huge = "BEGIN:VCARD\nFN:Huge\n" + "NOTE:x\n" * MAX_CARD_LINES + "END:VCARD\n"
    path.write_text(huge + "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEND:VCARD\n", encoding="utf-8")
    contacts, skipped = read_vcards(path)
    assert [c.full_name for c in contacts] == ["Ann Lee"]
    assert skipped == [
        SkippedRow("people.vcf", 1, "a card of more than 1,000 lines (not one person's card)")
    ]


# ---------------------------------------------------------------- unclosed quotes

#: (text, the line the unclosed quote opens on): whatever comes after it.
UNCLOSED_QUOTES = {
    "a data row": ('Name,Email\nAnn,a@x.org\n"Bob,b@x.org\nCy,c@x.org\nDee,d@x.org\n', 3),
    "the first data row": ('Name,Email\n"Ann,a@x.org\nBob,b@x.org\n', 2),
    "the last line, no newline": ('Name,Email\nAnn,a@x.org\nBob,"b@x.org', 3),
    "inside a cell": ('Name,Notes\nAnn,"met at PyCon\nBob,hi\n', 2),
    "after a multi-line cell": ('Name,Notes\nAnn,"two\nlines"\nBob,"open\nCy,x\n', 4),
    "CRLF": ('Name,Email\r\nAnn,a@x.org\r\n"Bob,b@x.org\r\nCy,c@x.org\r\n', 3),
    "the header": ('"Name,Email\nAnn,a@x.org\n', 1),
}


@pytest.mark.parametrize(("text", "line"), UNCLOSED_QUOTES.values(), ids=UNCLOSED_QUOTES.keys())
def test_a_quote_never_closed_is_refused_naming_its_line(
    tmp_path: Path, text: str, line: int
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8", newline="")
    with pytest.raises(InvalidInput) as error:
        read_contacts_csv(path)
    assert str(error.value).startswith(
        f"people.csv: the quote opened in the row on line {line} is never closed"
    )


def test_a_quote_never_closed_in_a_long_file_is_refused_naming_its_line(tmp_path: Path) -> None:
    """The cell grows past the csv module's limit before the end of the file."""
    path = tmp_path / "Connections.csv"
    path.write_text(CONNECTIONS_HEADER + ROW + 'Bob,"Ray' + "\n" + ROW * 5_000, encoding="utf-8")
    with pytest.raises(InvalidInput) as error:
        read_linkedin_export(path)
    assert str(error.value).startswith(
        "Connections.csv: the row on line 3 has a cell over 131,072 characters, most likely "
        "a quote opened there and never closed"
    )


def test_closed_quotes_across_lines_are_still_read() -> None:
    text = 'Name,Notes\nAnn,"two\nlines"\nBob,"say ""hi"""\nCy,"last\nline"'
    assert list(csv_records(text, "people.csv")) == [
        (1, ["Name", "Notes"]),
        (2, ["Ann", "two\nlines"]),
        (4, ["Bob", 'say "hi"']),
        (5, ["Cy", "last\nline"]),
    ]


# ---------------------------------------------------------------- vobject's complaints


def test_a_line_vobject_cannot_read_is_a_skipped_row_not_a_log_line(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "people.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zed\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\ngarbage \x1b]0;pwned\x07\r\nEND:VCARD\r\n"
    )
    contacts, skipped = read_vcards(path)
    assert [c.full_name for c in contacts] == ["Zed", "Ann Lee"]
    assert skipped == [
        SkippedRow(
            "people.vcf",
            5,
            "a line of this card was left out (Failed to parse line: garbage \x1b]0;pwned\x07)",
        )
    ]
    assert capfd.readouterr().err == ""
    assert not [record for record in caplog.records if record.name.startswith("vobject")]

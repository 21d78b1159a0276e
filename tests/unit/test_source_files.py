"""Reading other tools' files: unreadable files and undecodable text are clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netdeck.domain.errors import InvalidInput
from netdeck.importers.contacts_csv import read_contacts_csv
from netdeck.importers.linkedin import read_linkedin_export
from netdeck.importers.source_files import decode_text
from netdeck.importers.vcard import read_vcards


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

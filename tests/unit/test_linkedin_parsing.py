"""Reading LinkedIn exports: the shared samples and every quirk real exports have."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from netdeck.domain.errors import InvalidInput
from netdeck.importers.linkedin import MAX_DATE_NOTES, message_key, read_linkedin_export
from netdeck.importers.source_files import parse_day

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"
OWNER = "https://www.linkedin.com/in/sam-rivera-01"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def loose(tmp_path: Path, connections: str | bytes, **others: str) -> Path:
    path = tmp_path / "Connections.csv"
    path.write_bytes(connections if isinstance(connections, bytes) else connections.encode())
    for name, text in others.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return path


def test_the_current_layout_sample() -> None:
    export = read_linkedin_export(FIXTURES / "Connections.csv")
    by_url = {c.profile_url: c for c in export.connections}
    assert len(export.connections) == 37
    jonas = by_url["https://www.linkedin.com/in/jonas-nasser-432"]
    assert (jonas.full_name, jonas.company, jonas.title, jonas.connected_on) == (
        "Jonas Nasser",
        "Blue Harbor Capital",
        "VP, Engineering",
        date(2026, 9, 4),
    )
    priya = by_url["https://www.linkedin.com/in/priya-okafor-457"]
    assert priya.title == 'Engineer, Platform "Core" team'
    chen = by_url["https://www.linkedin.com/in/chen-iyer-510"]
    assert chen.company == "Fernhill University School of Business"
    assert by_url["https://www.linkedin.com/in/greg-alvarez-3e8"].email == (
        "greg.alvarez@example.com"
    )
    gregs = [c for c in export.connections if c.full_name == "Greg Alvarez"]
    assert len({c.profile_url for c in gregs}) == 3
    assert [(s.line, s.file) for s in export.skipped] == [(42, "Connections.csv")]
    assert "hidden" in export.skipped[0].reason
    assert export.owner_url == OWNER


def test_invitations_keep_only_outgoing_ones_to_people_not_connected() -> None:
    export = read_linkedin_export(FIXTURES / "Connections.csv")
    assert [(i.name, i.profile_url, i.sent_on) for i in export.invitations] == [
        ("Dana Whitfield", "https://www.linkedin.com/in/dana-whitfield-7b", date(2026, 11, 2)),
        ("Kofi Mensah", "https://www.linkedin.com/in/kofi-mensah", date(2026, 10, 28)),
    ]
    assert export.invitations[0].message.startswith("Hi Dana")


def test_last_message_with_each_person_matched_by_normalised_url() -> None:
    export = read_linkedin_export(FIXTURES / "Connections.csv")
    last = export.last_messages
    greg = last["https://www.linkedin.com/in/greg-alvarez-3e8"]  # reply came from http://...
    assert (greg.occurred_on, greg.text, greg.inbound) == (
        date(2026, 10, 3),
        "Absolutely, talk soon!",
        True,
    )
    assert last["https://www.linkedin.com/in/yuki-klein-4a1"].text.endswith("see you.")
    # A group message counts for each recipient; the owner never appears as a person.
    assert last["https://www.linkedin.com/in/liam-marquez-4eb"].occurred_on == date(2026, 9, 1)
    assert last["https://www.linkedin.com/in/fatima-lindqvist-4c6"].inbound is False
    assert OWNER not in last


def test_the_2020_layout_has_no_preamble_and_no_url(tmp_path: Path) -> None:
    path = loose(tmp_path, (FIXTURES / "Connections-2020-format.csv").read_bytes())
    export = read_linkedin_export(path)
    assert export.connections
    assert all(c.profile_url is None for c in export.connections)
    assert export.connections[0].full_name == "Greg Alvarez"
    assert export.connections[0].email == "greg.alvarez@example.com"
    assert export.connections[0].connected_on == date(2020, 3, 13)


@pytest.mark.parametrize("preamble", ["", "Notes:\n", 'Notes:\n"one\ntwo"\n\n\n', "x\ny\nz\n\n"])
def test_the_header_is_found_after_any_preamble(tmp_path: Path, preamble: str) -> None:
    text = preamble + HEADER + "\nAnn,Lee,https://linkedin.com/in/ann/,,Acme,CTO,01 Feb 2021\n"
    export = read_linkedin_export(loose(tmp_path, text))
    assert [(c.full_name, c.profile_url, c.line) for c in export.connections] == [
        ("Ann Lee", "https://www.linkedin.com/in/ann", preamble.count("\n") + 2)
    ]


def test_bom_crlf_and_columns_in_another_order(tmp_path: Path) -> None:
    text = (
        "Notes:\r\n\r\nConnected On,Company,Last Name,First Name,Position,URL\r\n"
        '07 Jun 2026,"A, B\r\nand C",Lee,Ann,CTO,https://www.linkedin.com/in/ann\r\n'
        ",,,,,\r\n"
        "07 Jun 2026,,,,,\r\n"
    )
    export = read_linkedin_export(loose(tmp_path, b"\xef\xbb\xbf" + text.encode()))
    (ann,) = export.connections
    assert (ann.full_name, ann.company, ann.connected_on) == (
        "Ann Lee",
        "A, B and C",
        date(2026, 6, 7),
    )
    assert [s.line for s in export.skipped] == [7]


def test_a_bad_url_skips_the_row_and_a_bad_date_keeps_the_person(tmp_path: Path) -> None:
    text = (
        HEADER
        + "\nAnn,Lee,https://example.com/ann,,,,01 Feb 2021\nBo,Ray,,,,,31 Feb 2021\nCy,Li,,,,,\n"
    )
    export = read_linkedin_export(loose(tmp_path, text))
    assert [(c.full_name, c.connected_on) for c in export.connections] == [
        ("Bo Ray", None),
        ("Cy Li", None),
    ]
    assert [(s.line, "LinkedIn" in s.reason) for s in export.skipped] == [(2, True)]
    assert export.notes == [
        "Connections.csv line 3 (Connected On): unreadable date '31 Feb 2021': expected a "
        "day like 12 Mar 2019; the person is imported without a connection date"
    ]


def test_a_file_of_unreadable_dates_is_noted_in_a_few_lines(tmp_path: Path) -> None:
    rows = "".join(f"\nP{n},Q,,,,,someday" for n in range(MAX_DATE_NOTES + 5))
    export = read_linkedin_export(loose(tmp_path, HEADER + rows))
    assert len(export.connections) == MAX_DATE_NOTES + 5
    assert len(export.notes) == MAX_DATE_NOTES + 1
    assert export.notes[0].startswith("Connections.csv line 2 (Connected On): unreadable date")
    last = MAX_DATE_NOTES + 6
    assert export.notes[-1] == (
        f"Connections.csv: 5 more rows (lines {last - 4} to {last}) with an unreadable "
        "Connected On, imported without a connection date"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Mar 2019", date(2019, 3, 12)),
        ("01 May 2024", date(2024, 5, 1)),
        ("5 September 2023", date(2023, 9, 5)),
        ("2023-09-05", date(2023, 9, 5)),
    ],
)
def test_connected_on_uses_english_months(text: str, expected: date) -> None:
    assert parse_day(text) == expected


@pytest.mark.parametrize("text", ["12 Mär 2019", "31 Feb 2021", "March 2019", ""])
def test_unreadable_connected_on_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="unreadable date"):
        parse_day(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7-Feb-22", date(2022, 2, 7)),
        ("07-Feb-22", date(2022, 2, 7)),
        ("7 Feb 22", date(2022, 2, 7)),
        ("2/7/2022", date(2022, 2, 7)),  # month first, as a US-locale spreadsheet saves it
        ("02/07/2022", date(2022, 2, 7)),
        (" 2/7/22 ", date(2022, 2, 7)),
        ("12/31/2021", date(2021, 12, 31)),
        ("2/7/2022 0:00", date(2022, 2, 7)),  # a time after it is ignored
        ("2/7/22 9:15:00 AM", date(2022, 2, 7)),
        ("13/2/2022", date(2022, 2, 13)),  # a first number over 12 is the day
        ("31/12/21", date(2021, 12, 31)),
        ("29/2/2024", date(2024, 2, 29)),
        ("1-Jan-00", date(2000, 1, 1)),
        ("31-Dec-69", date(2069, 12, 31)),  # 00-69: the 2000s
        ("1-Jan-70", date(1970, 1, 1)),  # 70-99: the 1900s
        ("7-Feb-99", date(1999, 2, 7)),
    ],
)
def test_the_forms_a_spreadsheet_saves_are_read(text: str, expected: date) -> None:
    assert parse_day(text) == expected


@pytest.mark.parametrize(
    ("refused", "read"),
    [
        ("13/13/2022", "12/13/2022"),  # neither number can be the month
        ("2/30/2022", "2/28/2022"),
        ("29/2/2023", "29/2/2024"),
        ("0/7/2022", "1/7/2022"),
        ("2/7/202", "2/7/2022"),  # three digits are no year
        ("2/7/20222", "2/7/2022"),
        ("7-Feb-202", "7-Feb-22"),
        ("7-Fbr-22", "7-Feb-22"),
        ("2-7-2022", "2/7/2022"),
        ("2/7/2022 soon", "2/7/2022 0:00"),
        ("2/7/2022 9:15 XM", "2/7/2022 9:15 PM"),
    ],
)
def test_a_form_that_names_no_day_is_refused_beside_one_that_does(refused: str, read: str) -> None:
    assert isinstance(parse_day(read), date)
    with pytest.raises(InvalidInput, match="unreadable date"):
        parse_day(refused)


@pytest.mark.parametrize("text", ["12/31/1899", "1/1/2101", "31/12/1899"])
def test_a_spreadsheet_day_outside_the_accepted_range_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="1900-01-01 to 2100-12-31"):
        parse_day(text)


def test_a_zip_export_with_folders(tmp_path: Path) -> None:
    archive = tmp_path / "Basic_LinkedInDataExport_11-25-2026.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in ("Connections.csv", "Invitations.csv", "messages.csv"):
            zf.write(FIXTURES / name, f"export/{name}")
        zf.writestr("export/Profile.csv", "First Name\nSam\n")
    export = read_linkedin_export(archive)
    assert len(export.connections) == 37
    assert len(export.invitations) == 2
    assert export.last_messages


def test_owner_from_messages_alone(tmp_path: Path) -> None:
    path = loose(
        tmp_path,
        HEADER + "\nAnn,Lee,https://www.linkedin.com/in/ann,,,,01 Feb 2021\n",
        messages=(
            "FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,CONTENT,CONVERSATION ID\n"
            "Me,https://www.linkedin.com/in/me,Ann,https://www.linkedin.com/in/ann,"
            "2026-11-01 10:00:00 UTC,hello,1\n"
        ),
    )
    export = read_linkedin_export(path)
    assert export.owner_url == "https://www.linkedin.com/in/me"
    message = export.last_messages["https://www.linkedin.com/in/ann"]
    assert (message.text, message.inbound) == ("hello", False)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"\x00\x01\x02PNG binary", "binary"),
        (b"\xff\xfe\xfa not utf8", "UTF-8"),
        (b"Name,Email\nAnn,a@b.com\n", "no header row"),
        (b"", "no header row"),
    ],
)
def test_malformed_connections_name_the_file(tmp_path: Path, content: bytes, fragment: str) -> None:
    with pytest.raises(InvalidInput, match=fragment) as error:
        read_linkedin_export(loose(tmp_path, content))
    assert "Connections.csv" in str(error.value)


def test_truncated_zip_and_zip_without_connections(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(FIXTURES / "Connections.csv", "Connections.csv")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(archive.read_bytes()[:50])
    with pytest.raises(InvalidInput, match=r"truncated\.zip"):
        read_linkedin_export(truncated)
    empty = tmp_path / "other.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("Profile.csv", "x")
    with pytest.raises(InvalidInput, match=r"no Connections\.csv"):
        read_linkedin_export(empty)
    with pytest.raises(InvalidInput, match="no such file"):
        read_linkedin_export(tmp_path / "missing.zip")


def test_damaged_or_encrypted_members_of_a_zip_are_named(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(FIXTURES / "Connections.csv", "Connections.csv")
    whole = archive.read_bytes()
    damaged = bytearray(whole)
    damaged[400] ^= 0xFF  # inside the compressed data
    (tmp_path / "damaged.zip").write_bytes(bytes(damaged))
    encrypted = bytearray(whole)
    encrypted[6] |= 1  # the "encrypted" flag, local header and central directory
    encrypted[whole.find(b"PK\x01\x02") + 8] |= 1
    (tmp_path / "encrypted.zip").write_bytes(bytes(encrypted))
    with pytest.raises(InvalidInput, match=r"damaged\.zip: cannot read Connections\.csv"):
        read_linkedin_export(tmp_path / "damaged.zip")
    with pytest.raises(InvalidInput, match=r"encrypted\.zip: cannot read Connections\.csv .*encry"):
        read_linkedin_export(tmp_path / "encrypted.zip")


def test_a_messages_key_never_changes_between_versions() -> None:
    # Stored keys are how a re-sync knows a message: a new formula would add every
    # message of every deck a second time.
    at = datetime(2025, 11, 17, 22, 5, 6)
    key = message_key("2-abc==", at, "https://www.linkedin.com/in/dana-lee")
    assert key == "li:6ccb6269cc09eb46fc50c665"

"""Every importer, fed arbitrary input: a clean import or a clear error, never a
traceback or a partial write.

Each example imports into a fresh copy of an empty, migrated database through
the real service (``netdeck.services.importing``), then checks what a user
would: an error is a :class:`NetdeckError` naming the file and the database is
byte-for-byte what it was; a clean import added exactly ``summary.added``
contacts, each kept row's name is found by search, and importing the same file
again adds nobody. Example counts are explicit (``max_examples``) so the
README can quote them; the file runs in well under a minute.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from netdeck.domain.contact_query import ContactQuery
from netdeck.domain.errors import NetdeckError
from netdeck.services.contact_list import count_contacts, list_contacts
from netdeck.services.importing import (
    ImportSummary,
    import_contacts_csv,
    import_linkedin,
    import_vcard,
)
from netdeck.store.database import Database, open_database

TODAY = date(2026, 11, 25)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
Importer = Callable[..., ImportSummary]

#: The autouse environment fixture (data dir, NETDECK_TODAY) is the same for every
#: example; each example makes its own database in its own temp folder.
FUZZ = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database, migrated once; every example imports into a copy of it."""
    path = tmp_path_factory.mktemp("fuzz-template") / "netdeck.db"
    open_database(str(path)).close()
    return path


def dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@contextmanager
def fresh_database(template: Path) -> Iterator[tuple[Database, Path]]:
    with tempfile.TemporaryDirectory(prefix="netdeck-fuzz-") as folder:
        path = Path(folder) / "db" / "netdeck.db"
        path.parent.mkdir()
        shutil.copyfile(template, path)  # the template is closed: a plain copy is whole
        database = open_database(str(path))
        try:
            yield database, Path(folder)
        finally:
            database.close()


def contacts_in(database: Database) -> int:
    with database.reading() as session:
        return count_contacts(session)


def run_import(
    template: Path,
    importer: Importer,
    files: dict[str, bytes],
    target: str,
    *,
    names: dict[int, str] | None = None,
    twice: bool = True,
) -> ImportSummary | NetdeckError:
    """Write ``files`` into a fresh folder, import ``target`` from it into a fresh
    database and check what every outcome must keep.

    An error must be a :class:`NetdeckError` naming the file, with the database
    untouched. A clean import adds exactly ``summary.added`` contacts, writes only
    after a backup, and a second run adds nobody. With ``names`` (first line of a
    row → the name it holds) the import must be clean and every row not reported
    as skipped must be found by a search for its name. ``twice=False`` leaves out
    the second run (for inputs that are mostly refused, to spend the time on more
    examples).
    """
    with fresh_database(template) as (database, folder):
        for name, data in files.items():
            (folder / "input" / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / "input" / name).write_bytes(data)
        path = folder / "input" / target
        db_path = database.location.path
        assert db_path is not None
        before = dump(db_path)
        try:
            summary = importer(database, path, today=TODAY)
        except NetdeckError as error:
            assert names is None, f"a well-formed file was refused: {error}"
            assert dump(db_path) == before, f"a failed import changed the database: {error}"
            assert target.rsplit("/", 1)[-1] in str(error), f"the error names no file: {error}"
            event(f"error: {str(error).split(':')[-1][:40]}")
            return error
        assert contacts_in(database) == summary.added, summary
        for row in summary.skipped:
            assert row.line >= 1 and row.reason.strip(), f"a skipped row without a place: {row}"
        event(f"imported: {'none' if not summary.added else 'some'} added")
        if summary.backup is None:
            assert dump(db_path) == before, f"changed the database without a backup: {summary}"
        skipped = {row.line for row in summary.skipped if row.file == target}
        with database.reading() as session:
            stored = {contact.name for contact in list_contacts(session)}
            for line, name in (names or {}).items():
                if line not in skipped:
                    assert name in stored, f"line {line}: {name!r} not imported: {summary}"
                    assert count_contacts(session, ContactQuery(search=name)), (
                        f"search finds no {name!r}"
                    )
        if not twice:
            return summary
        again = importer(database, path, today=TODAY)
        assert again.added == 0, f"the second import added people again: {again}"
        assert contacts_in(database) == summary.added
        return summary


# ---------------------------------------------------------------- strategies

LINKEDIN_FILES = {
    name: (FIXTURES / "linkedin" / name).read_bytes()
    for name in (
        "Connections.csv",
        "Connections-2020-format.csv",
        "Invitations.csv",
        "messages.csv",
    )
}
CSV_FILES = [path.read_bytes() for path in sorted((FIXTURES / "csv").glob("*.csv"))]
VCARD_FILE = (FIXTURES / "vcard" / "contacts.vcf").read_bytes()
AWKWARD_BYTES = [b'"', b",", b"\n", b"\r\n", b"\r", b"\xef\xbb\xbf", b"\xff", b"\x00", b";", b":"]


@st.composite
def mutated(draw: st.DrawFn, sources: list[bytes]) -> bytes:
    """A real file with a few bytes replaced, inserted or cut, maybe truncated."""
    data = bytearray(draw(st.sampled_from(sources)))
    for _ in range(draw(st.integers(0, 4))):
        position = draw(st.integers(0, len(data)))
        removed = draw(st.integers(0, 16))
        data[position : position + removed] = draw(
            st.sampled_from(AWKWARD_BYTES) | st.binary(max_size=8)
        )
    if draw(st.booleans()):
        del data[draw(st.integers(0, len(data))) :]
    return bytes(data)


def arbitrary_bytes(sources: list[bytes]) -> st.SearchStrategy[bytes]:
    return st.binary(max_size=512) | mutated(sources)


#: Cell text as people and spreadsheets write it: quotes, commas, newlines,
#: formula prefixes, unicode, blanks. No NUL: a file holding one is binary.
AWKWARD_TEXT = [
    "",
    " ",
    '"',
    'Ann "The Hammer" Lee',
    "Lee, Ann",
    "line one\nline two",
    "line one\r\nline two",
    '=HYPERLINK("http://x")',
    "+1 555 0100",
    "-2",
    "@ann",
    "\tindented",
    "Zoë Ångström",
    "李小龙",
    "🙂",
    "Ann  Lee",
    "x" * 300,
]
cell_text = st.sampled_from(AWKWARD_TEXT) | st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40
)
dates = st.sampled_from(
    ["12 Mar 2019", "01 May 2024", "5 September 2023", "2023-09-05", "31 Feb 2021", "12 Mär 2019"]
) | st.text(max_size=12).filter(lambda text: "\x00" not in text)


def as_csv(
    rows: list[list[str]], *, crlf: bool, bom: bool, preamble: str = ""
) -> tuple[bytes, list[int]]:
    """CSV bytes for ``rows`` (the first is the header), and the line each row starts on."""
    text, starts = preamble, []
    for row in rows:
        starts.append(1 + line_breaks(text))
        # Written with CRLF, which quotes any cell holding a CR or LF (with "\n" as the
        # line end, Python 3.11's writer leaves a lone CR unquoted), then re-ended.
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\r\n").writerow(row)
        text += buffer.getvalue()[:-2] + ("\r\n" if crlf else "\n")
    return ("\ufeff" if bom else "").encode() + text.encode(), starts


def line_breaks(text: str) -> int:
    """Line ends as Python's csv reader counts them (universal newlines only)."""
    return len(re.findall(r"\r\n|\r|\n", text))


def unique_address(kind: str, index: int) -> st.SearchStrategy[str]:
    """Empty, garbage, or an address no other row has (so matching is by name alone)."""
    valid = (
        f"https://www.linkedin.com/in/person-{index}"
        if kind == "linkedin"
        else f"person{index}@example.com"
    )
    return st.sampled_from(["", valid, valid.upper(), "not an address", "@@"])


def tidy(name: str) -> str:
    return " ".join(name.split())


# ---------------------------------------------------------------- arbitrary bytes


@settings(max_examples=100, **FUZZ)
@given(data=arbitrary_bytes(list(LINKEDIN_FILES.values())))
def test_linkedin_connections_of_arbitrary_bytes(template: Path, data: bytes) -> None:
    run_import(template, import_linkedin, {"Connections.csv": data}, "Connections.csv", twice=False)


@settings(max_examples=80, **FUZZ)
@given(
    members=st.dictionaries(
        st.sampled_from(
            ["Connections.csv", "export/Connections.csv", "Invitations.csv", "messages.csv"]
        )
        | st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=12),
        st.sampled_from(list(LINKEDIN_FILES.values()))
        | arbitrary_bytes(list(LINKEDIN_FILES.values())),
        max_size=4,
    )
)
def test_linkedin_zip_of_arbitrary_members(template: Path, members: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    run_import(
        template, import_linkedin, {"export.zip": buffer.getvalue()}, "export.zip", twice=False
    )


@settings(max_examples=100, **FUZZ)
@given(data=arbitrary_bytes(CSV_FILES))
def test_contacts_csv_of_arbitrary_bytes(template: Path, data: bytes) -> None:
    run_import(template, import_contacts_csv, {"people.csv": data}, "people.csv", twice=False)


@settings(max_examples=100, **FUZZ)
@given(data=arbitrary_bytes([VCARD_FILE]))
def test_vcard_of_arbitrary_bytes(template: Path, data: bytes) -> None:
    run_import(template, import_vcard, {"people.vcf": data}, "people.vcf", twice=False)


@settings(max_examples=25, **FUZZ)
@given(cut=st.floats(0, 1, exclude_max=True))
def test_a_truncated_export_zip_is_refused(template: Path, cut: float) -> None:
    whole = export_zip()
    outcome = run_import(
        template, import_linkedin, {"export.zip": whole[: int(len(whole) * cut)]}, "export.zip"
    )
    assert isinstance(outcome, NetdeckError)


def export_zip(compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The sample export as LinkedIn ships it: the three files in a zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name in ("Connections.csv", "Invitations.csv", "messages.csv"):
            archive.writestr(f"export/{name}", LINKEDIN_FILES[name])
    return buffer.getvalue()


@settings(max_examples=100, **FUZZ)
@given(
    changes=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=3)
)
def test_an_export_zip_with_bytes_changed(template: Path, changes: list[tuple[float, int]]) -> None:
    """Damage inside the zip (compressed data, headers, flags) is a clear error too."""
    data = bytearray(export_zip())
    for where, value in changes:
        data[int(len(data) * where)] = value
    run_import(template, import_linkedin, {"export.zip": bytes(data)}, "export.zip", twice=False)


# ---------------------------------------------------------------- well-formed rows

LINKEDIN_HEADERS = {
    True: [
        "First Name",
        "Last Name",
        "URL",
        "Email Address",
        "Company",
        "Position",
        "Connected On",
    ],
    False: ["First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"],
}
PREAMBLES = [
    "",
    "Notes:\n",
    'Notes:\n"When exporting, some emails are missing."\n\n',
    "a\nb\nc\n\n",
]


@st.composite
def linkedin_connections(draw: st.DrawFn) -> tuple[bytes, dict[int, str]]:
    with_url = draw(st.booleans())
    rows = []
    for index in range(draw(st.integers(0, 8))):
        row = [draw(cell_text), draw(cell_text)]
        if with_url:
            row.append(draw(unique_address("linkedin", index)))
        row += [draw(unique_address("email", index)), draw(cell_text), draw(cell_text), draw(dates)]
        if draw(st.integers(0, 5)) == 0:  # a ragged row: cells missing or extra
            row = row[: draw(st.integers(0, len(row)))] + draw(st.lists(cell_text, max_size=2))
        rows.append(row)
    data, starts = as_csv(
        [LINKEDIN_HEADERS[with_url], *rows],
        crlf=draw(st.booleans()),
        bom=draw(st.booleans()),
        preamble=draw(st.sampled_from(PREAMBLES)),
    )
    names = {
        line: tidy(f"{row[0].strip() if row else ''} {row[1].strip() if len(row) > 1 else ''}")
        for line, row in zip(starts[1:], rows, strict=True)
    }
    return data, {line: name for line, name in names.items() if name}


@settings(max_examples=50, **FUZZ)
@given(connections=linkedin_connections())
def test_linkedin_rows_of_arbitrary_text(
    template: Path, connections: tuple[bytes, dict[int, str]]
) -> None:
    data, names = connections
    run_import(template, import_linkedin, {"Connections.csv": data}, "Connections.csv", names=names)


PROFILES = [f"https://www.linkedin.com/in/{slug}" for slug in ("me", "ann", "bo", "cy")]
OWNER = PROFILES[0]
INVITATIONS_HEADER = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl"
MESSAGES_HEADER = (
    "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,CONTENT,"
    "IS MESSAGE DRAFT"
)
profile_url = st.sampled_from(["", "not a url", *PROFILES, "http://linkedin.com/in/ann/"])


@st.composite
def linkedin_export(draw: st.DrawFn) -> bytes:
    """A zip of well-formed Connections, Invitations and messages files whose cells
    are awkward text, dates valid or not, and profile URLs drawn from a few people
    (so invitations meet connections and conversations share people)."""
    connections = [LINKEDIN_HEADERS[True]] + [
        [draw(cell_text), draw(st.sampled_from(["Lee", "Ray"]) | cell_text), url, "", "", "", ""]
        for url in draw(st.lists(profile_url, max_size=4))
    ]
    invitation = st.tuples(
        cell_text,
        cell_text,
        st.sampled_from(["1/29/26, 2:37 PM", "13/45/26", "12 Mar 2019"]) | dates,
        cell_text,
        st.sampled_from(["OUTGOING", "INCOMING", "outgoing", ""]),
        st.just(OWNER) | profile_url,
        profile_url,
    )
    message = st.tuples(
        st.sampled_from(["1", "2", ""]),
        cell_text,
        st.just(OWNER) | profile_url,
        cell_text,
        st.lists(profile_url, min_size=1, max_size=3).map(", ".join),
        st.sampled_from(["2026-11-01 10:00:00 UTC", "2026-06-30", "2027-01-01", "2025-02-30"])
        | dates,
        cell_text,
        st.sampled_from(["No", "Yes", ""]),
    )
    invitations = [
        INVITATIONS_HEADER.split(","),
        *map(list, draw(st.lists(invitation, max_size=4))),
    ]
    messages = [MESSAGES_HEADER.split(","), *map(list, draw(st.lists(message, max_size=6)))]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, rows in (
            ("Connections.csv", connections),
            ("Invitations.csv", invitations),
            ("messages.csv", messages),
        ):
            archive.writestr(name, as_csv(rows, crlf=draw(st.booleans()), bom=False)[0])
    return buffer.getvalue()


@settings(max_examples=50, **FUZZ)
@given(data=linkedin_export())
def test_linkedin_invitations_and_messages_of_arbitrary_text(template: Path, data: bytes) -> None:
    outcome = run_import(template, import_linkedin, {"export.zip": data}, "export.zip", names={})
    assert isinstance(outcome, ImportSummary)
    event(f"messages logged: {'some' if outcome.interactions else 'none'}")


CSV_HEADER = ["Name", "Email", "Company", "Title", "LinkedIn", "Twitter", "Notes", "Tags"]


@st.composite
def contacts_csv(draw: st.DrawFn) -> tuple[bytes, dict[int, str]]:
    rows = []
    for index in range(draw(st.integers(0, 8))):
        row = [
            draw(cell_text),
            draw(unique_address("email", index)),
            draw(cell_text),
            draw(cell_text),
            draw(unique_address("linkedin", index)),
            draw(cell_text),
            draw(cell_text),
            draw(cell_text),
        ]
        if draw(st.integers(0, 5)) == 0:
            row = row[: draw(st.integers(0, len(row)))] + draw(st.lists(cell_text, max_size=2))
        rows.append(row)
    data, starts = as_csv([CSV_HEADER, *rows], crlf=draw(st.booleans()), bom=draw(st.booleans()))
    names = {line: tidy(row[0]) for line, row in zip(starts[1:], rows, strict=True) if row}
    return data, {line: name for line, name in names.items() if name}


@settings(max_examples=50, **FUZZ)
@given(people=contacts_csv())
def test_csv_rows_of_arbitrary_text(template: Path, people: tuple[bytes, dict[int, str]]) -> None:
    data, names = people
    run_import(template, import_contacts_csv, {"people.csv": data}, "people.csv", names=names)


# ---------------------------------------------------------------- vCard-ish text

PROPERTIES = [
    "FN",
    "N",
    "EMAIL",
    "ORG",
    "TITLE",
    "URL",
    "NOTE",
    "BDAY",
    "TEL",
    "ADR",
    "PHOTO",
    "X-SOCIALPROFILE",
    "VERSION",
    "item1.EMAIL",
    "UID",
    "REV",
]
PARAMETERS = [
    "",
    ";TYPE=work",
    ";TYPE=INTERNET,pref",
    ";ENCODING=b",
    ";ENCODING=QUOTED-PRINTABLE",
    ";CHARSET=UTF-8",
    ";VALUE=uri",
    ';X-ABLabel="a;b"',
    ";",
]


@st.composite
def vcards(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        lines += ["BEGIN:VCARD", f"VERSION:{draw(st.sampled_from(['3.0', '4.0', '2.1']))}"]
        if draw(st.integers(0, 3)):  # most cards have a name, so most get past it
            lines.append(f"FN:{draw(st.sampled_from(['Ann Lee', 'Zoë Ångström', '李小龙']))}")
        for _ in range(draw(st.integers(0, 6))):
            value = draw(
                cell_text
                | st.sampled_from(
                    [
                        "Lee;Ann;;;",
                        "Acme;R&D",
                        "https://www.linkedin.com/in/annlee/",
                        "https://x.com/annlee",
                        "ann@example.com",
                        "1990-04-01",
                        "--0401",
                        "a\\,b\\nc",
                    ]
                )
            )
            lines.append(
                f"{draw(st.sampled_from(PROPERTIES))}{draw(st.sampled_from(PARAMETERS))}:{value}"
            )
        if draw(st.integers(0, 9)):  # now and then a card is left open
            lines.append("END:VCARD")
    ending = draw(st.sampled_from(["\r\n", "\n"]))
    return ending.join(lines).encode()


@settings(max_examples=100, **FUZZ)
@given(data=vcards())
def test_vcards_of_arbitrary_properties(template: Path, data: bytes) -> None:
    run_import(template, import_vcard, {"people.vcf": data}, "people.vcf")

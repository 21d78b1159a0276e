"""Reading a LinkedIn data export ("Get a copy of your data").

:func:`read_linkedin_export` accepts the export ``.zip`` or a loose
``Connections.csv`` (with ``Invitations.csv`` and ``messages.csv`` read from the
same folder when present) and returns plain values; nothing here touches a
database.

Quirks handled (see the shared FACTS.md): a preamble of any length before the
header (the header row is found, not skipped to), files with and without the
``URL`` column, columns in any order (mapped by name), UTF-8 with or without a
BOM, LF or CRLF, quoted commas and newlines, hidden members' rows holding only
a date (skipped, with their line number), and ``Connected On`` dates like
``12 Mar 2019`` read with an English month table, whatever the locale, as
well as the forms a spreadsheet re-saves them in (``7-Feb-22``, ``2/7/2022``,
``2022-02-07``). A row whose date is unreadable keeps the person, without
a connection date, and :attr:`LinkedInExport.notes` names its line.

Messages: every message between the owner and one other person becomes an
:class:`ExportMessage` (a group message, one per other person), keyed by
conversation, time and sender so a re-import finds it. Drafts (``IS MESSAGE
DRAFT``/``IS CONVERSATION DRAFT``) and the spam, sponsored and drafts folders are
left out; the look-alike files beside ``messages.csv`` (``guide_messages.csv``,
``coach_messages.csv``...) are never read: only the exact name is.

Invitations: every OUTGOING row of ``Invitations.csv`` is a connection request
you sent (:attr:`LinkedInExport.requests`, its ``Message`` your note, empty when
it went out bare), keyed by invitee and day so a re-import finds it; those to
people who are not among the connections are people to import too
(:attr:`LinkedInExport.invitations`). A row without an invitee's name (a hidden
member) is left out, as a hidden connection is.

Who owns the export (needed to tell sent from received messages): the
inviter of the outgoing invitations when ``Invitations.csv`` names one;
otherwise the profile URL that takes part in every conversation of
``messages.csv``; when several do (e.g. a single conversation), the one of
them that is none of the connections. Without an owner, messages are ignored
and :attr:`LinkedInExport.notes` says so.

Sizes: the limits of :mod:`netdeck.importers.source_files` hold for every
file, loose or in the zip, where a member is refused on the size the zip
declares and again on the bytes it inflates to; the zip's table of contents
(read whole by :mod:`zipfile`) may take at most :data:`MAX_ZIP_DIRECTORY_BYTES`.

(Over 500 lines: one reader for one export, its three files and the zip that
holds them; the general limits and CSV reading are already in
:mod:`netdeck.importers.source_files`.)
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from netdeck.domain.channels import normalise_email, normalise_linkedin_url
from netdeck.domain.dates import EARLIEST_DAY, LATEST_DAY
from netdeck.domain.errors import InvalidInput
from netdeck.importers.source_files import (
    MAX_FILE_BYTES,
    MAX_MESSAGE_ROWS,
    MB,
    SkippedRow,
    csv_records,
    decode_text,
    iso_day,
    month_first_day,
    open_file,
    parse_day,
    read_at_most,
    read_file,
    table_rows,
    text_stream,
)

CONNECTIONS = "connections.csv"
INVITATIONS = "invitations.csv"
MESSAGES = "messages.csv"

_CONNECTION_HEADER = {"first name", "last name", "connected on"}
_INVITATION_HEADER = {"from", "to", "direction"}
_MESSAGE_HEADER = {"from", "to", "date", "content"}
#: A real export's table of contents lists about a hundred files in a few kilobytes;
#: 4 MB is room for some 50,000 (and the memory :mod:`zipfile` needs for them).
MAX_ZIP_DIRECTORY_BYTES = 4 * MB


@dataclass(frozen=True, slots=True)
class Connection:
    line: int
    first_name: str
    last_name: str
    profile_url: str | None  # normalised
    email: str | None  # normalised
    company: str
    title: str
    connected_on: date | None

    @property
    def full_name(self) -> str:
        return " ".join(f"{self.first_name} {self.last_name}".split())


@dataclass(frozen=True, slots=True)
class Invitation:
    """An outgoing invitation (a connection request you sent)."""

    line: int
    name: str
    profile_url: str | None
    sent_on: date | None
    message: str  # your note; empty when the request went out bare

    @property
    def key(self) -> str:
        """The same request's key in every export: whom it went to and the day it was
        sent (LinkedIn allows one pending invitation per person, and after a withdrawal
        no other for weeks). Unique per contact, like a message's key."""
        who = self.profile_url or self.name.casefold()
        day = self.sent_on.isoformat() if self.sent_on is not None else ""
        return (
            "li-invitation:" + hashlib.blake2b(f"{who}|{day}".encode(), digest_size=12).hexdigest()
        )


@dataclass(frozen=True, slots=True)
class LastMessage:
    """The latest message exchanged with one person (either direction)."""

    profile_url: str
    occurred_on: date
    text: str
    inbound: bool


@dataclass(frozen=True, slots=True)
class ExportMessage:
    """One message between the export's owner and one other person."""

    person_url: str  # the other person's profile (normalised)
    at: datetime  # when it was sent (naive UTC)
    inbound: bool  # they wrote to you
    text: str
    #: Conversation, time and sender: the same message in any export has the same key.
    key: str
    day: date  # the day of ``at`` (read often: kept, not worked out each time)


@dataclass(slots=True)
class LinkedInExport:
    connections: list[Connection] = field(default_factory=list)
    #: Outgoing invitations to people not connected (they become ``requested`` people).
    invitations: list[Invitation] = field(default_factory=list)
    #: Every outgoing invitation, to people connected or not: each is a connection
    #: request logged on its contact.
    requests: list[Invitation] = field(default_factory=list)
    last_messages: dict[str, LastMessage] = field(default_factory=dict)
    #: Every message with one person, oldest first.
    messages: list[ExportMessage] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    owner_url: str | None = None
    #: The latest day the export speaks of (a connection, invitation or message): how
    #: recent it is, so an older export re-imported later cannot undo a newer one.
    as_of: date | None = None
    connections_file: str = "Connections.csv"  # the names to show in skipped rows
    invitations_file: str = "Invitations.csv"
    notes: list[str] = field(default_factory=list)  # what the user should know, one line each


# ---------------------------------------------------------------- values


def _url(text: str) -> str | None:
    try:
        return normalise_linkedin_url(text) if text.strip() else None
    except InvalidInput:
        return None


# ---------------------------------------------------------------- the three files


#: Rows with an unreadable ``Connected On`` named one note each, before one note counts
#: the rest (a whole file of them must not bury the summary).
MAX_DATE_NOTES = 10


def parse_connections(
    text: str, name: str = "Connections.csv"
) -> tuple[list[Connection], list[SkippedRow], list[str]]:
    """The connections, the rows skipped (no name, a URL that is no LinkedIn profile) and
    notes for the user: a row whose ``Connected On`` cannot be read (see
    :func:`~netdeck.importers.source_files.parse_day` for the forms read) keeps the
    person, with no connection date, and a note names its line."""
    connections: list[Connection] = []
    skipped: list[SkippedRow] = []
    undated: list[tuple[int, str]] = []
    for line, row in table_rows(text, name, _CONNECTION_HEADER):
        first, last = row.get("first name", ""), row.get("last name", "")
        if not (first or last):
            skipped.append(SkippedRow(name, line, "no name (a hidden or closed LinkedIn account)"))
            continue
        raw_url = row.get("url", "")
        url = _url(raw_url)
        if raw_url and url is None:
            skipped.append(SkippedRow(name, line, f"not a LinkedIn profile URL: {raw_url!r}"))
            continue
        connected_on = None
        if row.get("connected on"):
            try:
                connected_on = parse_day(row["connected on"])
            except InvalidInput as error:
                undated.append((line, str(error)))  # one bad field does not drop the person
        email = None
        if row.get("email address"):
            try:
                email = normalise_email(row["email address"])
            except InvalidInput:
                email = None  # a malformed address is dropped, the person is still imported
        connections.append(
            Connection(
                line=line,
                first_name=" ".join(first.split()),
                last_name=" ".join(last.split()),
                profile_url=url,
                email=email,
                company=" ".join(row.get("company", "").split()),
                title=" ".join(row.get("position", "").split()),
                connected_on=connected_on,
            )
        )
    return connections, skipped, _undated_notes(name, undated)


def _undated_notes(name: str, undated: list[tuple[int, str]]) -> list[str]:
    """One note per row imported without its unreadable ``Connected On``, the first
    :data:`MAX_DATE_NOTES` of them, then one counting the rest."""
    notes = [
        f"{name} line {line} (Connected On): {reason}; the person is imported without "
        "a connection date"
        for line, reason in undated[:MAX_DATE_NOTES]
    ]
    rest = undated[MAX_DATE_NOTES:]
    if rest:
        notes.append(
            f"{name}: {len(rest):,} more rows (lines {rest[0][0]} to {rest[-1][0]}) with an "
            "unreadable Connected On, imported without a connection date"
        )
    return notes


def parse_invitations(
    text: str, name: str = "Invitations.csv"
) -> tuple[list[Invitation], str | None]:
    """Outgoing invitations (all of them) and the inviter's URL (the owner), if given."""
    invitations: list[Invitation] = []
    owner: str | None = None
    for line, row in table_rows(text, name, _INVITATION_HEADER):
        if row.get("direction", "").upper() != "OUTGOING":
            continue
        owner = owner or _url(row.get("inviterprofileurl", ""))
        person = " ".join(row.get("to", "").split())
        if not person:
            continue
        invitations.append(
            Invitation(
                line=line,
                name=person,
                profile_url=_url(row.get("inviteeprofileurl", "")),
                sent_on=month_first_day(row.get("sent at", "")),
                message=row.get("message", ""),
            )
        )
    return invitations, owner


@dataclass(frozen=True, slots=True)
class _Message:
    conversation: str
    sender: str | None
    recipients: tuple[str, ...]
    at: datetime
    text: str

    @property
    def occurred_on(self) -> date:
        return self.at.date()


_TIMESTAMP = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?", re.ASCII
)
#: Folders whose messages are not conversations of yours.
_LEFT_OUT_FOLDERS = ("spam", "sponsored", "draft")
_YES = {"yes", "true"}
_NOT_SEEN = object()
_MESSAGE_COLUMNS = (
    "conversation id",
    "sender profile url",
    "recipient profile urls",
    "date",
    "content",
    "folder",
    "is message draft",
    "is conversation draft",
)


def message_time(text: str) -> datetime | None:
    """``2025-11-17 22:05:06 UTC`` as a naive UTC time (a bare day is its midnight);
    ``None`` when unreadable or outside the days netdeck accepts."""
    if len(text) >= 19 and text[4] == "-" and text[10] == " ":  # the usual shape, fast
        try:
            at = datetime.fromisoformat(text[:19])
        except ValueError:
            pass
        else:
            return at if EARLIEST_DAY.year <= at.year <= LATEST_DAY.year else None
    match = _TIMESTAMP.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
    try:
        at = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return at if iso_day(at.date().isoformat()) is not None else None


def parse_messages(text: str | io.TextIOBase, name: str = "messages.csv") -> list[_Message]:
    """The messages of ``messages.csv`` that were sent, outside the spam, sponsored and
    drafts folders, oldest first. Cells are read by column name (9 to 13 columns
    occur); the profile URLs are normalised once each (a busy export repeats them)."""
    messages: list[_Message] = []
    url_of: dict[str, str | None] = {}
    recipients_of: dict[str, tuple[str, ...]] = {}

    def url(raw: str) -> str | None:
        found = url_of.get(raw, _NOT_SEEN)
        if found is _NOT_SEEN:
            found = url_of[raw] = _url(raw)
        return found  # type: ignore[return-value]  # a str or None once seen

    def recipients(raw: str) -> tuple[str, ...]:
        found = recipients_of.get(raw)
        if found is None:
            parts = (url(part) for part in re.split(r"[,\s]+", raw))
            found = recipients_of[raw] = tuple(u for u in parts if u is not None)
        return found

    conversations: dict[str, str] = {}
    left_out: dict[str, bool] = {}  # by FOLDER cell: an export has a handful of folders
    records = csv_records(text, name, MAX_MESSAGE_ROWS)
    for _line, row in records:
        cells = [cell.strip().lower() for cell in row]
        if set(cells) >= _MESSAGE_HEADER:
            break
    else:
        columns = ", ".join(sorted(_MESSAGE_HEADER))
        raise InvalidInput(f"{name}: no header row with the columns {columns} was found")
    # A column the file lacks reads the empty cell added after the last one.
    pad = len(cells)
    at_ = [cells.index(key) if key in cells else pad for key in _MESSAGE_COLUMNS]
    conversation, sender, recipient, day, content, folder, draft, conversation_draft = at_
    for _line, row in records:
        row.extend([""] * (pad + 1 - len(row)))
        if row[draft].strip().lower() in _YES or row[conversation_draft].strip().lower() in _YES:
            continue
        place = row[folder]
        skip = left_out.get(place)
        if skip is None:
            skip = left_out[place] = any(word in place.lower() for word in _LEFT_OUT_FOLDERS)
        if skip:
            continue
        sent = message_time(row[day].strip())
        if sent is None:
            continue
        messages.append(
            _Message(
                # One string per conversation, not per message (a big export has many).
                conversation=conversations.setdefault(row[conversation], row[conversation].strip()),
                sender=url(row[sender].strip()),
                recipients=recipients(row[recipient].strip()),
                at=sent,
                text=row[content].strip(),
            )
        )
    messages.sort(key=lambda m: m.at)
    return messages


def find_owner(messages: list[_Message], connection_urls: set[str]) -> str | None:
    """The export's owner from messages alone (see the module docstring for the rule)."""
    conversations: dict[str, set[str]] = {}
    for message in messages:
        people = conversations.setdefault(message.conversation, set())
        if message.sender:
            people.add(message.sender)
        people.update(message.recipients)
    if not conversations:
        return None
    everywhere = set.intersection(*conversations.values())
    if len(everywhere) > 1:
        everywhere = {url for url in everywhere if url not in connection_urls}
    return next(iter(everywhere)) if len(everywhere) == 1 else None


def owner_messages(messages: list[_Message], owner: str) -> list[ExportMessage]:
    """Every message between ``owner`` and one other person, in the order given."""
    found: list[ExportMessage] = []
    for message in messages:
        if message.sender == owner:
            others = message.recipients
            if owner in others:
                others = tuple(u for u in others if u != owner)
            inbound = False
        elif owner in message.recipients and message.sender:
            others, inbound = (message.sender,), True
        else:
            continue
        key = message_key(message.conversation, message.at, message.sender or "")
        day = message.at.date()
        for person in others if len(others) == 1 else dict.fromkeys(others):
            found.append(ExportMessage(person, message.at, inbound, message.text, key, day))
    return found


def message_key(conversation: str, at: datetime, sender: str) -> str:
    """The same message's key in every export: its conversation, time and sender, hashed
    to 24 characters (the unique index over every message stays small)."""
    raw = f"{conversation}|{at}|{sender}".encode()  # str(at) is at.isoformat(sep=" ")
    return "li:" + hashlib.blake2b(raw, digest_size=12).hexdigest()


def last_messages(messages: list[ExportMessage]) -> dict[str, LastMessage]:
    """For each person, the latest message (``messages`` oldest first)."""
    latest = {m.person_url: m for m in messages}
    return {url: LastMessage(url, m.day, m.text, m.inbound) for url, m in latest.items()}


# ---------------------------------------------------------------- the export


def read_linkedin_export(path: Path) -> LinkedInExport:
    """Everything netdeck imports from an export zip or a loose ``Connections.csv``."""
    files = _export_files(path)
    if CONNECTIONS not in files:
        raise InvalidInput(f"{path}: no Connections.csv in the export")
    export = LinkedInExport()
    name, data = files[CONNECTIONS]
    export.connections, export.skipped, export.notes = parse_connections(
        decode_text(data, name), name
    )
    export.connections_file = name
    connected_urls = {c.profile_url for c in export.connections if c.profile_url}
    connected_names = {c.full_name.casefold() for c in export.connections}
    owner = None
    if INVITATIONS in files:
        name, data = files[INVITATIONS]
        invitations, owner = parse_invitations(decode_text(data, name), name)
        export.invitations_file = name
        export.requests = invitations
        export.invitations = [
            invitation
            for invitation in invitations
            if not (
                invitation.profile_url in connected_urls
                if invitation.profile_url
                else invitation.name.casefold() in connected_names
            )
        ]
    if MESSAGES in files:
        name, data = files.pop(MESSAGES)
        # The largest file by far: read as a stream, so its text is never held whole.
        messages = parse_messages(text_stream(data, name), name)
        del data
        owner = owner or find_owner(messages, connected_urls)
        if owner is not None:
            export.messages = owner_messages(messages, owner)
            del messages  # the parsed rows and the owner's messages need not be held together
            export.last_messages = last_messages(export.messages)
        elif messages:
            export.notes.append(
                f"{name}: could not tell which side is you (no outgoing invitation names you "
                "and no profile is in every conversation); messages were not imported"
            )
    export.owner_url = owner
    export.as_of = _latest_day(export)
    return export


def _latest_day(export: LinkedInExport) -> date | None:
    days = [c.connected_on for c in export.connections if c.connected_on is not None]
    days += [i.sent_on for i in export.requests if i.sent_on is not None]
    if export.messages:
        days.append(export.messages[-1].day)
    return max(days, default=None)


def _export_files(path: Path) -> dict[str, tuple[str, bytes]]:
    """lower-case file name → (name to show, bytes) for the three files we read."""
    wanted = {CONNECTIONS, INVITATIONS, MESSAGES}
    if path.is_dir():
        return _loose_files(path, wanted)
    with open_file(path) as file:
        is_zip = file.read(4) == b"PK\x03\x04" or path.suffix.lower() == ".zip"
        file.seek(0)
        if is_zip:
            return _zip_files(path, file, wanted)
        data = read_at_most(
            file, str(path), MAX_FILE_BYTES, declared=os.fstat(file.fileno()).st_size
        )
    found = _loose_files(path.parent, wanted - {CONNECTIONS})
    found[CONNECTIONS] = (path.name, data)
    return found


def _zip_files(path: Path, file: BinaryIO, wanted: set[str]) -> dict[str, tuple[str, bytes]]:
    directory = _declared_directory_size(file)
    if directory > MAX_ZIP_DIRECTORY_BYTES:
        raise InvalidInput(
            f"{path}: the zip's table of contents takes {directory / MB:,.1f} MB; netdeck reads "
            f"at most {MAX_ZIP_DIRECTORY_BYTES // MB} MB of it (a LinkedIn export lists about "
            "a hundred files): not a LinkedIn export"
        )
    try:
        archive = zipfile.ZipFile(file)
    # NotImplementedError: a central directory asking for a newer zip version.
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
        raise InvalidInput(f"{path}: not a readable zip file ({error})") from None
    with archive:
        found: dict[str, tuple[str, bytes]] = {}
        for info in archive.infolist():
            base = info.filename.rsplit("/", 1)[-1].lower()
            if base in wanted and base not in found:
                found[base] = (f"{path.name}:{info.filename}", _zip_member(path, archive, info))
        return found


_END_OF_DIRECTORY = struct.Struct("<4s4H2LH")
_ZIP64_END_LOCATOR_SIZE = 20
_ZIP64_END_SIZE = 56


def _declared_directory_size(file: BinaryIO) -> int:
    """The size of the central directory the zip's end record declares, found as
    :mod:`zipfile` finds it (0 when there is none: zipfile then refuses the file)."""
    file.seek(0, 2)
    size = file.tell()
    start = max(size - _END_OF_DIRECTORY.size - 0xFFFF, 0)  # the comment is at most 64 KB
    file.seek(start)
    tail = file.read()
    file.seek(0)
    at = len(tail) - _END_OF_DIRECTORY.size
    if at < 0 or tail[at : at + 4] != b"PK\x05\x06":
        at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _END_OF_DIRECTORY.size:
        return 0
    declared: int = _END_OF_DIRECTORY.unpack_from(tail, at)[5]
    # A zip64 end record, right before its locator, declares the size instead.
    locator = at - _ZIP64_END_LOCATOR_SIZE
    if locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
        record = tail[max(locator - _ZIP64_END_SIZE, 0) : locator]
        if len(record) == _ZIP64_END_SIZE and record[:4] == b"PK\x06\x06":
            declared = struct.unpack_from("<Q", record, 40)[0]
    return declared


def _zip_member(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The bytes of one file in the export zip; a damaged, encrypted, unusually
    compressed or too large member is an :class:`InvalidInput` naming it."""
    if info.flag_bits & 0x1:
        reason = "it is encrypted"
    else:
        try:
            with archive.open(info) as member:
                return read_at_most(
                    member,
                    f"{path}: {info.filename} in the zip",
                    MAX_FILE_BYTES,
                    declared=info.file_size,
                )
        # zipfile lets zlib's, bz2's and lzma's own errors through for damaged data,
        # and NotImplementedError for compression methods it lacks.
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
            reason = " ".join(str(error).split()) or type(error).__name__
        except zlib.error as error:
            reason = f"damaged compressed data: {error}"
    raise InvalidInput(
        f"{path}: cannot read {info.filename} from the zip ({reason}): download the export again"
    )


def _loose_files(folder: Path, wanted: set[str]) -> dict[str, tuple[str, bytes]]:
    found = {}
    for entry in sorted(folder.iterdir()):
        base = entry.name.lower()
        # Not only regular files: one of these names on a FIFO or a device is refused
        # by read_file, with what it is, rather than passed over in silence.
        if base in wanted and base not in found:
            found[base] = (entry.name, read_file(entry))
    return found

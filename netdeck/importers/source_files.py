"""Reading the files other tools export, whatever the format: what every reader shares.

Owns: reading a file (an unreadable one is a clear error); the limits on
what netdeck reads (below); turning its bytes into text (UTF-8 with or
without a BOM; binary data and other encodings refused with the file's name);
splitting CSV text into records with the line each starts on; finding a
header row after a preamble of any length; the dates exports write
(``12 Mar 2019``, ISO days, month-first ``1/29/26``) and the forms a
spreadsheet re-saves them in (``7-Feb-22``, ``2/7/2022``), read with an
English month table whatever the locale; and :class:`SkippedRow`, how a reader
reports a row it did not take.

Limits: whatever a file claims, netdeck reads at most :data:`MAX_FILE_BYTES`
of it (a zip's member counted as it inflates, refused on its declared size
before that), at most :data:`MAX_ROWS` rows or cards of people
(:data:`MAX_MESSAGE_ROWS` for LinkedIn's ``messages.csv``) and
:data:`MAX_COLUMNS` cells a row. Each is far above a real export (LinkedIn
caps a network at 30,000 connections) and keeps a hostile file (a zip bomb,
``/dev/zero``) from filling the memory: it is refused with the limit and the
size found. Only regular files are read: a folder, a device or a FIFO is
refused before it is opened for reading, so nothing waits on it.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO, Protocol

from netdeck.domain.dates import accepted_day, is_accepted_day
from netdeck.domain.errors import InvalidInput

MB = 1_000_000
#: The most netdeck reads from one file, a member of a LinkedIn export zip included:
#: a real export's largest file (``messages.csv``) is a few megabytes.
MAX_FILE_BYTES = 200 * MB
#: Rows of people in one CSV (contacts, ``Connections.csv``, ``Invitations.csv``)
#: and cards in one vCard file; LinkedIn caps a network at 30,000 connections.
MAX_ROWS = 200_000
#: Rows of a LinkedIn ``messages.csv``: one a message, years of them.
MAX_MESSAGE_ROWS = 2_000_000
#: Cells in one CSV row (a Google Contacts export has about 90 columns).
MAX_COLUMNS = 1_000
_CHUNK = 1 << 20  # read a megabyte at a time, to stop as soon as a limit is passed

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{2}|\d{4})$", re.ASCII)
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_SLASHED_DAY = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AaPp][Mm])?)?$",
    re.ASCII,
)
_MONTH_FIRST_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row that was not imported, and why (``line`` is where the row starts)."""

    file: str
    line: int
    reason: str


# ---------------------------------------------------------------- text


def read_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a file the user named, at most ``limit`` of them; a file that cannot
    be read, is no regular file or is larger is an :class:`InvalidInput`."""
    with open_file(path) as file:
        return read_at_most(file, str(path), limit, declared=os.fstat(file.fileno()).st_size)


def open_file(path: Path) -> BinaryIO:
    """``path`` opened for reading, once it is known to be a regular file (a folder,
    a device such as ``/dev/zero`` or a FIFO is refused, without waiting on it)."""
    try:
        _refuse_unless_regular(path, path.stat().st_mode)
        # O_NONBLOCK: were the file swapped for a FIFO since the check, opening it must
        # not wait for a writer (the check after opening refuses it); regular files
        # read as usual.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        descriptor = os.open(path, flags)
        file = os.fdopen(descriptor, "rb")
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except OSError as error:
        raise InvalidInput(f"{path}: cannot read it ({error.strerror or error})") from None
    try:
        _refuse_unless_regular(path, os.fstat(file.fileno()).st_mode)
    except BaseException:
        file.close()
        raise
    return file


def _refuse_unless_regular(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        what = "a folder"
    elif stat.S_ISFIFO(mode):
        what = "a named pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device"
    else:
        what = "a socket or another special file"
    raise InvalidInput(
        f"{path} is {what}, not a file netdeck can import: give the path of the exported file"
    )


class Readable(Protocol):
    """What :func:`read_at_most` reads from: a file, or a member of a zip."""

    def read(self, size: int = -1, /) -> bytes: ...


def read_at_most(stream: Readable, name: str, limit: int, *, declared: int | None = None) -> bytes:
    """All of ``stream`` if it holds at most ``limit`` bytes, else an :class:`InvalidInput`
    naming ``name``. ``declared`` (a file's or a zip member's stated size) is checked
    first, and the bytes actually read too: a zip can lie about its sizes."""
    if declared is not None and declared > limit:
        raise too_large(name, declared, limit)
    first = b""
    if declared is not None:
        # The size is known: one read, one copy of the bytes in memory (a large export's
        # messages.csv need not be held twice). Fewer bytes than asked: that was all.
        first = stream.read(declared + 1)
        if len(first) <= declared:
            return first
    data = bytearray(first)  # more than declared (a zip that lies), or no size known
    while chunk := stream.read(_CHUNK):
        data += chunk
        if len(data) > limit:
            raise too_large(name, None, limit)
    if len(data) > limit:
        raise too_large(name, None, limit)
    return bytes(data)


def too_large(name: str, size: int | None, limit: int) -> InvalidInput:
    """The error for a file over ``limit`` bytes (``size`` None: known only to be over)."""
    found = f"{size / MB:,.1f} MB" if size is not None else f"more than {limit // MB:,} MB"
    return InvalidInput(
        f"{name} is too large to import ({found}; netdeck reads at most {limit // MB:,} MB "
        "from one file, far more than a real export holds)"
    )


def decode_text(data: bytes, name: str, kind: str = "CSV") -> str:
    """The text of a ``kind`` file (UTF-8, BOM or not); binary data is refused."""
    if b"\x00" in data:
        raise InvalidInput(f"{name} is not a {kind} file (it holds binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"{name} is not UTF-8 text (byte {error.start + 1}): "
            f"save it as UTF-8 {kind} and import it again"
        ) from None


def text_stream(data: bytes, name: str, kind: str = "CSV") -> io.TextIOWrapper:
    """The text of a ``kind`` file (UTF-8, BOM or not) to read line by line, refused as
    :func:`decode_text` refuses it, without the whole text in memory at once (checked a
    megabyte at a time, then decoded again as it is read: a large file's text is held
    once, as bytes)."""
    if b"\x00" in data:
        raise InvalidInput(f"{name} is not a {kind} file (it holds binary data)")
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for start in range(0, len(data), _CHUNK):
        try:
            decoder.decode(view[start : start + _CHUNK], final=start + _CHUNK >= len(data))
        except UnicodeDecodeError as error:
            raise InvalidInput(
                f"{name} is not UTF-8 text (byte {start + error.start + 1}): "
                f"save it as UTF-8 {kind} and import it again"
            ) from None
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")


class _Lines:
    """The lines of a text for :func:`csv.reader`, knowing when the text ran out."""

    def __init__(self, text: str | io.TextIOBase) -> None:
        self.lines = io.StringIO(text, newline="") if isinstance(text, str) else text
        self.ended = False

    def __iter__(self) -> Iterator[str]:
        # The file's own iterator hands out the lines (a readline call per line from
        # Python costs a third of reading a big messages.csv).
        yield from self.lines
        self.ended = True


def csv_records(
    text: str | io.TextIOBase, name: str, max_rows: int = MAX_ROWS
) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, cells) for every record of a CSV text.

    A quote never closed would make the rest of the file one cell, silently: it is
    refused naming the line it opens on, as are more than ``max_rows`` records and
    rows of more than :data:`MAX_COLUMNS` cells."""
    lines = _Lines(text)
    reader = csv.reader(lines)
    start = 1
    try:
        for number, row in enumerate(reader, start=1):
            # A record is complete at its line end; one handed out after the text ran
            # out was still inside a quote at the end of the file.
            if lines.ended:
                raise InvalidInput(_unclosed_quote(name, start))
            if number > max_rows:
                raise InvalidInput(
                    f"{name} has more than {max_rows:,} rows: netdeck imports at most "
                    f"{max_rows:,} from one file, far more than a real export holds"
                )
            if len(row) > MAX_COLUMNS:
                raise InvalidInput(
                    f"{name}: the row on line {start} has {len(row):,} cells; netdeck reads "
                    f"at most {MAX_COLUMNS:,} a row"
                )
            yield start, row
            start = reader.line_num + 1
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            # Usually the same unclosed quote, in a file too long to reach its end.
            raise InvalidInput(
                f"{name}: the row on line {start} has a cell over "
                f"{csv.field_size_limit():,} characters, most likely a quote opened there "
                "and never closed: close it (or remove it) and import again"
            ) from None
        raise InvalidInput(f"{name}: unreadable CSV near line {reader.line_num}: {error}") from None


def _unclosed_quote(name: str, line: int) -> str:
    return (
        f"{name}: the quote opened in the row on line {line} is never closed, so every "
        "line after it would be one cell: close it (or remove it) and import again"
    )


def table_rows(
    text: str, name: str, wanted: set[str], max_rows: int = MAX_ROWS
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows after the first row holding every ``wanted`` column, keyed by lower-case name;
    blank rows are left out."""
    header: list[str] | None = None
    for line, row in csv_records(text, name, max_rows):
        if header is None:
            cells = [cell.strip().lower() for cell in row]
            if wanted <= set(cells):
                header = cells
            continue
        if not any(cell.strip() for cell in row):
            continue
        yield line, {key: (row[i].strip() if i < len(row) else "") for i, key in enumerate(header)}
    if header is None:
        columns = ", ".join(sorted(wanted))
        raise InvalidInput(f"{name}: no header row with the columns {columns} was found")


# ---------------------------------------------------------------- dates


def parse_day(text: str) -> date:
    """The day a date cell of an export names, in the forms LinkedIn writes and those a
    spreadsheet writes when the export is opened and saved again:

    - ``12 Mar 2019``, ``5 September 2023``, ``7-Feb-22``, ``07-Feb-2022`` (day, English
      month name whatever the locale, year);
    - ``2019-03-12`` (ISO; a time after it is ignored);
    - ``2/7/2022`` or ``2/7/22`` (a time after it, ``0:00``, is ignored): month first, as
      a US-locale spreadsheet re-saves LinkedIn's ``07 Feb 2022`` (so this is 7 February);
      when the first number is over 12 it can only be the day (``13/2/2022`` is
      13 February). Both over 12 is refused.

    A two-digit year is 2000-2069 for ``00``-``69`` and 1970-1999 for ``70``-``99``
    (the POSIX ``strptime`` pivot; Excel's own, 29/30, differs only for ``30``-``69``:
    1930-1969 there, 2030-2069 here, neither a year LinkedIn has written). A day outside the range netdeck
    accepts (:func:`~netdeck.domain.dates.accepted_day`) is refused."""
    value = text.strip()
    day: date | None = None
    match = _DAY_MONTH_YEAR.match(value)
    if match:
        month = MONTHS.get(match.group(2).lower())
        if month is not None:
            day = _calendar_day(_full_year(match.group(3)), month, int(match.group(1)))
    elif match := _SLASHED_DAY.match(value):
        first, second = int(match.group(1)), int(match.group(2))
        month, day_of_month = (second, first) if first > 12 else (first, second)
        day = _calendar_day(_full_year(match.group(3)), month, day_of_month)
    else:
        day = _iso_calendar_day(value)
    if day is None:
        raise InvalidInput(f"unreadable date {text!r}: expected a day like 12 Mar 2019")
    return accepted_day(day)


def _full_year(digits: str) -> int:
    """The year of a two- or four-digit year (see :func:`parse_day` for the two-digit rule)."""
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if year < 70 else 1900
    return year


def iso_day(text: str) -> date | None:
    """The day ``text`` starts with as ``YYYY-MM-DD`` (``2025-11-17 22:05:06 UTC``), if any
    (and within the range netdeck accepts)."""
    day = _iso_calendar_day(text)
    return day if day is not None and is_accepted_day(day) else None


def _iso_calendar_day(text: str) -> date | None:
    match = _ISO_DAY.match(text.strip())
    if not match:
        return None
    return _calendar_day(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def _calendar_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def month_first_day(text: str) -> date | None:
    """``1/29/26, 2:37 PM`` (month first, a two- or four-digit year read as
    :func:`parse_day` reads it), else any day :func:`parse_day` reads; None when it
    is neither."""
    value = text.strip()
    match = _MONTH_FIRST_DAY.match(value)
    if match:
        year = _full_year(match.group(3))
        day = _calendar_day(year, int(match.group(1)), int(match.group(2)))
        return day if day is not None and is_accepted_day(day) else None
    try:
        return parse_day(value)
    except InvalidInput:
        return None

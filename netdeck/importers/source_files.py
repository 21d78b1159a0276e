"""Reading the files other tools export, whatever the format: what every reader shares.

Owns: reading a file (an unreadable one is a clear error); turning its bytes
into text (UTF-8 with or without a BOM; binary data and other encodings
refused with the file's name); splitting CSV text into records with the line
each starts on; finding a header row after a preamble of any length; the
dates exports write (``12 Mar 2019``, ISO days, month-first ``1/29/26``) read
with an English month table whatever the locale; and :class:`SkippedRow`,
how a reader reports a row it did not take.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from netdeck.domain.dates import accepted_day, is_accepted_day
from netdeck.domain.errors import InvalidInput

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
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH_FIRST_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row that was not imported, and why (``line`` is where the row starts)."""

    file: str
    line: int
    reason: str


# ---------------------------------------------------------------- text


def read_file(path: Path) -> bytes:
    """The bytes of a file the user named; one that cannot be read is an InvalidInput."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except OSError as error:
        raise InvalidInput(f"{path}: cannot read it ({error.strerror or error})") from None


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


def csv_records(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, cells) for every record of a CSV text."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as error:
        raise InvalidInput(f"{name}: unreadable CSV near line {reader.line_num}: {error}") from None


def table_rows(text: str, name: str, wanted: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows after the first row holding every ``wanted`` column, keyed by lower-case name;
    blank rows are left out."""
    header: list[str] | None = None
    for line, row in csv_records(text, name):
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
    """``date(2019, 3, 12)`` from ``12 Mar 2019`` (English month names, any locale)
    or from an ISO day ``2019-03-12`` (a time after it is ignored); a day outside
    the range netdeck accepts (:func:`~netdeck.domain.dates.accepted_day`) is refused."""
    value = text.strip()
    day: date | None = None
    match = _DAY_MONTH_YEAR.match(value)
    if match:
        month = MONTHS.get(match.group(2).lower())
        if month is not None:
            day = _calendar_day(int(match.group(3)), month, int(match.group(1)))
    if day is None:
        day = _iso_calendar_day(value)
    if day is None:
        raise InvalidInput(f"unreadable date {text!r}: expected a day like 12 Mar 2019")
    return accepted_day(day)


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
    """``1/29/26, 2:37 PM`` (month first, two- or four-digit year), else any day
    :func:`parse_day` reads; None when it is neither."""
    value = text.strip()
    match = _MONTH_FIRST_DAY.match(value)
    if match:
        year = int(match.group(3))
        year = year + 2000 if year < 100 else year
        day = _calendar_day(year, int(match.group(1)), int(match.group(2)))
        return day if day is not None and is_accepted_day(day) else None
    try:
        return parse_day(value)
    except InvalidInput:
        return None

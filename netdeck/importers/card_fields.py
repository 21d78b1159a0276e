"""The fields a contacts CSV and a vCard share: what one person's row or card holds
(:class:`CsvContact`), and how dates and phone numbers are read from either.

Dates (``BDAY``, ``ANNIVERSARY``, a CSV's ``Birthday``) come in the forms vCard
2.1 to 4.0 and Google write: ``19800120``, ``1980-01-20`` (a time after it is
ignored), ``--0120`` and ``--01-20`` (no year), and any day
:func:`~netdeck.importers.source_files.parse_day` reads (``20 Jan 1980``,
``1/20/1980``). 29 February without a year is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from netdeck.domain.channels import normalise_imported_phone
from netdeck.domain.errors import InvalidInput
from netdeck.domain.import_report import UNREADABLE, LeftOut
from netdeck.importers.source_files import parse_day

#: ``1980-01-20``, ``19800120``, ``--01-20``, ``--0120`` (a time or zone after it ignored).
_CARD_DATE = re.compile(r"^(\d{4}|--)-?(\d{2})-?(\d{2})(?:[T ].*)?$")
#: A leap year, to check a day given without its year (29 February is one).
_ANY_LEAP_YEAR = 2000


@dataclass(frozen=True, slots=True)
class CardDate:
    """A birthday or anniversary as a file gives it (the year may be unknown)."""

    kind: str  # "birthday" or "anniversary" (netdeck.domain.key_dates.KeyDateKind)
    month: int
    day: int
    year: int | None


@dataclass(frozen=True, slots=True)
class CsvContact:
    """One person of a contacts CSV or a vCard, and what of their row was left out."""

    line: int
    full_name: str
    first_name: str
    last_name: str
    emails: tuple[str, ...]
    company: str
    title: str
    linkedin: str | None
    x: str | None
    notes: str
    tags: tuple[str, ...]
    phones: tuple[str, ...] = ()
    websites: tuple[str, ...] = ()
    nickname: str = ""
    dates: tuple[CardDate, ...] = ()
    left_out: tuple[LeftOut, ...] = field(default=())

    @property
    def email(self) -> str | None:
        """The first e-mail address (the one a match by address tries first)."""
        return self.emails[0] if self.emails else None


def read_card_date(kind: str, text: str) -> CardDate | None:
    """The date ``text`` names (see the module docstring), or None when unreadable."""
    value = text.strip()
    match = _CARD_DATE.match(value)
    if match:
        year = None if match.group(1) == "--" else int(match.group(1))
        month, day = int(match.group(2)), int(match.group(3))
        try:
            date(year or _ANY_LEAP_YEAR, month, day)
        except ValueError:
            return None
        return CardDate(kind, month, day, year)
    try:
        found = parse_day(value)
    except InvalidInput:
        return None
    return CardDate(kind, found.month, found.day, found.year)


class FieldReport:
    """Collects what one row or card leaves out, with the file and line it is on."""

    def __init__(self, file: str, line: int) -> None:
        self.file, self.line = file, line
        self.left_out: list[LeftOut] = []

    def add(self, what: str, problem: str, detail: str = "", *, line: int | None = None) -> None:
        """Report a field left out, on ``line`` (a card's own property line) or the row's."""
        self.left_out.append(LeftOut(self.file, line or self.line, what, problem, detail))

    def date(self, kind: str, text: str) -> CardDate | None:
        """A birthday or anniversary, or None (reported) when it cannot be read."""
        if not text.strip():
            return None
        found = read_card_date(kind, text)
        if found is None:
            self.add(kind, UNREADABLE, text.strip())
        return found

    def phone(self, text: str, region: str) -> str | None:
        """A phone number (E.164 when it reads as one), or None (reported)."""
        value = text.strip()
        if value.lower().startswith("tel:"):  # vCard 4.0's TEL;VALUE=uri:tel:+1-555-...
            value = value[4:].split(";")[0]
        if not value:
            return None
        try:
            return normalise_imported_phone(value, region)
        except InvalidInput as error:
            self.add("phone number", UNREADABLE, str(error))
            return None

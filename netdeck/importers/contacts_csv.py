"""Reading a generic contacts CSV, Google Contacts exports included (both header styles).

Columns are matched by name, case-insensitively, with the common spellings:
``Name`` or ``First Name`` + ``Last Name`` (Google's legacy ``Given Name`` /
``Family Name`` too), ``Nickname``, ``Company`` / ``Organization Name`` /
``Organization 1 - Name``, ``Title`` / ``Position`` / ``Organization Title`` /
``Organization 1 - Title``, ``LinkedIn`` / ``URL``, ``Twitter`` / ``X``,
``Website`` / ``Website 1 - Value``, ``Notes``, ``Tags`` / ``Labels`` /
``Group Membership``, ``Birthday``, ``Anniversary`` (and Google's ``Event N``
labelled Anniversary). Every e-mail column is read (``Email``, ``E-mail N - Value``,
Outlook's ``E-mail 2 Address``...) and every phone column (``Phone``,
``Phone N - Value``, ``Mobile Phone``, ``Business Phone``, ``Home Phone``...);
Google joins several values of one cell with `` ::: ``. Phones are stored in
E.164 when they read as whole numbers (the ``phone-region`` setting dials those
written without ``+``). Tags drop Google's system groups (``* myContacts``,
``* starred``); ``* Friends`` is the tag ``friends``.

The header is the first row naming a name column. Rows without a name are
skipped with their line number. A field that cannot be read (a malformed
e-mail or birthday) or that netdeck has no place for (a postal address) is left
out and reported with its line; the person is imported. So is a cell in any
column the importer does not read (Google's ``Name Suffix``, ``Organization
Department``, ``Relation 1 - Value``, ``IM 1 - Value``...), by its column's
name, with its label (``Spouse: Cat Bo``) as the detail; a label column itself
(``Relation 1 - Label``, ``E-mail 1 - Type``, ``IM 1 - Service``) and an
address's parts (``Address 1 - City``, reported as the postal address) are not
reported on their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from netdeck.domain.channels import (
    normalise_email,
    normalise_linkedin_url,
    normalise_website,
    normalise_x_handle,
)
from netdeck.domain.errors import InvalidInput
from netdeck.domain.import_report import NOT_IMPORTED, UNREADABLE
from netdeck.domain.names import first_and_last
from netdeck.importers.card_fields import CardDate, CsvContact, FieldReport
from netdeck.importers.source_files import SkippedRow, csv_records, decode_text, read_file
from netdeck.importers.spreadsheet import FORMULA_STARTS

__all__ = ["COLUMNS", "CsvContact", "read_contacts_csv"]

#: Fields read from one column (the first spelling found).
COLUMNS = {
    "name": ("name", "full name", "display name", "contact name"),
    "first": ("first name", "given name", "firstname"),
    "middle": ("middle name", "additional name"),
    "last": ("last name", "family name", "surname", "lastname"),
    "nickname": ("nickname", "nick name"),
    "company": ("company", "organization", "organization name", "organization 1 - name", "org"),
    "title": (
        "title",
        "position",
        "job title",
        "organization title",
        "organization 1 - title",
    ),
    "linkedin": ("linkedin", "linkedin url", "linkedin profile", "url", "profile url"),
    "x": ("twitter", "x", "x handle", "twitter handle"),
    "notes": ("notes", "note"),
    "tags": ("tags", "labels", "group membership", "groups", "categories"),
    "birthday": ("birthday", "birth date", "date of birth", "bday"),
    "anniversary": ("anniversary",),
}
#: Fields read from every column whose name matches (Google numbers them).
_MANY_COLUMNS = {
    "email": re.compile(
        r"^(?:e-?mail(?: address)?|e-?mail \d+(?: - value| address)?|e-?mail \d+|"
        r"(?:home|work|other|personal|business) e-?mail)$"
    ),
    "phone": re.compile(
        r"^(?:phone|telephone|mobile|cell|phone number|phone \d+ - value|"
        r"(?:mobile|business|home|work|other|primary|company main|car|assistant'?s?)"
        r"(?: phone| phone \d+)?)$"
    ),
    "website": re.compile(r"^(?:website|web page|web site|homepage|website \d+ - value)$"),
    "postal": re.compile(
        r"^(?:(?:home |business |work |other |postal |mailing )?address|"
        r"address \d+ - (?:formatted|street)|(?:home|business|other) street)$"
    ),
}
_EVENT = re.compile(r"^event (\d+) - (label|type|value)$")
#: Google's label of a value column (``Relation 1 - Label`` names ``Relation 1 - Value``).
_LABEL = re.compile(r"^(.+) - (?:label|type|service)$")
#: A cell that says what the import gives anyway loses nothing: netdeck's own export's
#: ``Stage`` of someone unsorted (every imported person starts unsorted).
_AS_IMPORTED = {"stage": "unsorted"}
#: The parts of a Google address, reported as one with its ``Formatted`` column.
_ADDRESS_PART = re.compile(r"^address \d+ - ")
_NAME_COLUMNS = {*COLUMNS["name"], *COLUMNS["first"]}
_TAG_SEPARATOR = re.compile(r"\s*(?::::|;|,)\s*")
_VALUE_SEPARATOR = re.compile(r":::|;")
#: Google's system groups, not the user's labels.
_SYSTEM_GROUPS = {"mycontacts", "my contacts", "starred"}


class _Header:
    """Where each field is in the header row."""

    def __init__(self, names: list[str]) -> None:
        cells = [name.lower() for name in names]
        self.one: dict[str, int] = {}
        for field_, spellings in COLUMNS.items():
            for spelling in spellings:
                if spelling in cells:
                    self.one[field_] = cells.index(spelling)
                    break
        self.many: dict[str, list[int]] = {
            field_: [i for i, cell in enumerate(cells) if pattern.match(cell)]
            for field_, pattern in _MANY_COLUMNS.items()
        }
        events: dict[str, dict[str, int]] = {}
        for i, cell in enumerate(cells):
            if match := _EVENT.match(cell):
                events.setdefault(match.group(1), {})[match.group(2)] = i
        self.events = [
            (event.get("label", event.get("type", -1)), event["value"])
            for event in events.values()
            if "value" in event
        ]
        # A plain "URL" column may hold any web address: only LinkedIn ones are kept.
        self.strict_linkedin = any(c.startswith("linkedin") for c in cells)
        self.unread = self._unread(names, cells)

    def _unread(self, names: list[str], cells: list[str]) -> list[tuple[int, str, int]]:
        """(index, name, index of its label or -1) of each column not read: a cell in
        one is reported. A label column (``Relation 1 - Label``) is not reported on
        its own: it goes with its value; an address's parts go with the address."""
        read = {*self.one.values(), *(i for found in self.many.values() for i in found)}
        read |= {i for i, cell in enumerate(cells) if _EVENT.match(cell)}
        if self.many["postal"]:
            read |= {i for i, cell in enumerate(cells) if _ADDRESS_PART.match(cell)}
        labels = {
            value: i
            for i, c in enumerate(cells)
            if (m := _LABEL.match(c)) and (value := f"{m.group(1)} - value") in cells
        }
        read |= set(labels.values())
        return [
            (i, _column_name(names[i], i), labels.get(cell, -1))
            for i, cell in enumerate(cells)
            if i not in read
        ]


def _column_name(name: str, index: int) -> str:
    """How the summary names a column: ``Relation 1`` for ``Relation 1 - Value``."""
    name = name.strip()
    if name.lower().endswith(" - value"):
        name = name[: -len(" - value")]
    return name or f"column {index + 1}"


def read_contacts_csv(
    path: Path, *, phone_region: str = ""
) -> tuple[list[CsvContact], list[SkippedRow]]:
    """The contacts of a CSV file with a header row, and the rows skipped."""
    name = path.name
    text = decode_text(read_file(path), name)
    header: _Header | None = None
    contacts: list[CsvContact] = []
    skipped: list[SkippedRow] = []
    for line, row in csv_records(text, name):
        if header is None:
            cells = [cell.strip().lower() for cell in row]
            if _NAME_COLUMNS & set(cells):
                header = _Header([cell.strip().lstrip("\ufeff") for cell in row])
            continue
        if not any(cell.strip() for cell in row):
            continue
        read = _contact(FieldReport(name, line), row, header, phone_region)
        if isinstance(read, str):
            skipped.append(SkippedRow(name, line, read))
        else:
            contacts.append(read)
    if header is None:
        raise InvalidInput(f"{name}: no header row naming a Name or First Name column was found")
    return contacts, skipped


def _values(text: str) -> list[str]:
    """The values of one cell of addresses or dates: Google joins several with
    `` ::: ``, netdeck's own export with ``; ``."""
    return [part.strip() for part in _VALUE_SEPARATOR.split(text) if part.strip()]


def _unneutralised(cell: str) -> str:
    """A cell as it was before a CSV export guarded it against formulas
    (``'+1 555...`` was ``+1 555...``: see :mod:`netdeck.importers.spreadsheet`)."""
    return cell[1:] if cell.startswith("'") and cell[1:2] in FORMULA_STARTS else cell


def _contact(
    report: FieldReport, row: list[str], header: _Header, phone_region: str
) -> CsvContact | str:
    """The contact on one row, or why the row is skipped (it has no name)."""

    def at(index: int) -> str:
        return _unneutralised(row[index].strip()) if 0 <= index < len(row) else ""

    def cell(field_: str) -> str:
        return at(header.one.get(field_, -1))

    def every(field_: str) -> list[str]:
        return [value for index in header.many[field_] for value in _values(at(index))]

    first, middle, last = cell("first"), cell("middle"), cell("last")
    full = " ".join((cell("name") or f"{first} {middle} {last}").split())
    if not full:
        return "no name"
    first, last = first_and_last(full, first, last)
    emails = _read_all(report, "e-mail address", every("email"), normalise_email)
    websites = _read_all(report, "website", every("website"), normalise_website)
    phones = (report.phone(value, phone_region) for value in every("phone"))
    linkedin = _linkedin(report, cell("linkedin"), strict=header.strict_linkedin)
    x = _read_all(report, "X handle", _values(cell("x"))[:1], normalise_x_handle)
    for index in header.many["postal"]:
        if at(index):
            report.add("postal address", NOT_IMPORTED, at(index))
    for index, column, label in header.unread:
        value = at(index)
        if value and _AS_IMPORTED.get(column.lower()) != value.lower():
            report.add(
                f'"{column}" value', NOT_IMPORTED, f"{at(label)}: {value}" if at(label) else value
            )
    return CsvContact(
        line=report.line,
        full_name=full,
        first_name=first,
        last_name=last,
        emails=tuple(dict.fromkeys(emails)),
        company=" ".join(cell("company").split()),
        title=" ".join(cell("title").split()),
        linkedin=linkedin,
        x=x[0] if x else None,
        notes=cell("notes"),
        tags=_tags(cell("tags")),
        phones=tuple(dict.fromkeys(p for p in phones if p)),
        websites=tuple(dict.fromkeys(websites)),
        nickname=" ".join(cell("nickname").split()),
        dates=_dates(report, row, header, at),
        left_out=tuple(report.left_out),
    )


def _dates(
    report: FieldReport, row: list[str], header: _Header, at: Callable[[int], str]
) -> tuple[CardDate, ...]:
    """The birthday and anniversaries (a Google event labelled Anniversary too)."""
    given = [
        (kind, value)
        for kind in ("birthday", "anniversary")
        for value in _values(at(header.one.get(kind, -1)))
    ]
    for label, value in header.events:
        kind = at(label).lstrip("* ").strip().lower()
        if kind in {"anniversary", "birthday"}:
            given.append((kind, at(value)))
        elif at(value):
            report.add("dated event", NOT_IMPORTED, f"{at(label) or 'no label'}: {at(value)}")
    found = (report.date(kind, text) for kind, text in given)
    return tuple(dict.fromkeys(d for d in found if d is not None))


def _read_all(
    report: FieldReport, what: str, values: list[str], normalise: Callable[[str], str]
) -> list[str]:
    """Each value normalised; the unreadable ones reported."""
    kept = []
    for value in values:
        try:
            kept.append(normalise(value))
        except InvalidInput as error:
            report.add(what, UNREADABLE, str(error))
    return kept


def _tags(text: str) -> tuple[str, ...]:
    """The labels of a cell, without Google's system groups (``* myContacts``)."""
    tags = []
    for tag in _TAG_SEPARATOR.split(text):
        name = tag.lstrip("*").strip().lower()
        if name and name not in _SYSTEM_GROUPS:
            tags.append(name)
    return tuple(dict.fromkeys(tags))


def _linkedin(report: FieldReport, text: str, *, strict: bool) -> str | None:
    if not text:
        return None
    try:
        return normalise_linkedin_url(text)
    except InvalidInput as error:
        if strict:
            report.add("LinkedIn URL", UNREADABLE, str(error))
        return None

"""Reading a generic contacts CSV, Google Contacts exports included (both header styles).

Columns are matched by name, case-insensitively, with the common spellings:
``Name`` or ``First Name`` + ``Last Name`` (Google's legacy ``Given Name`` /
``Family Name`` too), ``Email`` / ``E-mail 1 - Value``, ``Company`` /
``Organization Name`` / ``Organization 1 - Name``, ``Title`` / ``Position`` /
``Organization Title`` / ``Organization 1 - Title``, ``LinkedIn`` / ``URL``,
``Twitter`` / ``X``, ``Notes``, ``Tags`` / ``Labels`` / ``Group Membership``
(Google separates several with `` ::: ``; its ``* myContacts`` is dropped).
The header is the first row naming a name column. Rows without a name are
skipped with their line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from netdeck.domain.channels import normalise_email, normalise_linkedin_url, normalise_x_handle
from netdeck.domain.errors import InvalidInput
from netdeck.domain.names import first_and_last
from netdeck.importers.source_files import SkippedRow, csv_records, decode_text, read_file

COLUMNS = {
    "name": ("name", "full name", "display name", "contact name"),
    "first": ("first name", "given name", "firstname"),
    "middle": ("middle name", "additional name"),
    "last": ("last name", "family name", "surname", "lastname"),
    "email": ("email", "e-mail", "email address", "e-mail address", "e-mail 1 - value", "email 1"),
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
    "tags": ("tags", "labels", "group membership", "groups"),
}
_NAME_COLUMNS = {*COLUMNS["name"], *COLUMNS["first"]}
_TAG_SEPARATOR = re.compile(r"\s*(?::::|;|,)\s*")


@dataclass(frozen=True, slots=True)
class CsvContact:
    line: int
    full_name: str
    first_name: str
    last_name: str
    email: str | None
    company: str
    title: str
    linkedin: str | None
    x: str | None
    notes: str
    tags: tuple[str, ...]


def read_contacts_csv(path: Path) -> tuple[list[CsvContact], list[SkippedRow]]:
    """The contacts of a CSV file with a header row, and the rows skipped."""
    name = path.name
    text = decode_text(read_file(path), name)
    header: dict[str, int] | None = None
    cells_named_linkedin = False
    contacts: list[CsvContact] = []
    skipped: list[SkippedRow] = []
    for line, row in csv_records(text, name):
        if header is None:
            cells = [cell.strip().lower() for cell in row]
            if _NAME_COLUMNS & set(cells):
                header = _header_columns(cells)
                # A plain "URL" column may hold any web address: only LinkedIn ones are kept.
                cells_named_linkedin = any(c.startswith("linkedin") for c in cells)
            continue
        if not any(cell.strip() for cell in row):
            continue
        read = _contact(line, row, header, strict_linkedin=cells_named_linkedin)
        if isinstance(read, str):
            skipped.append(SkippedRow(name, line, read))
        else:
            contacts.append(read)
    if header is None:
        raise InvalidInput(f"{name}: no header row naming a Name or First Name column was found")
    return contacts, skipped


def _header_columns(cells: list[str]) -> dict[str, int]:
    """Each field's column in the header row (the first spelling found)."""
    header: dict[str, int] = {}
    for field_, spellings in COLUMNS.items():
        for spelling in spellings:
            if spelling in cells:
                header[field_] = cells.index(spelling)
                break
    return header


def _contact(
    line: int, row: list[str], columns: dict[str, int], *, strict_linkedin: bool
) -> CsvContact | str:
    """The contact on one row, or why the row is skipped."""

    def cell(field_: str) -> str:
        index = columns.get(field_)
        return row[index].strip() if index is not None and index < len(row) else ""

    first, middle, last = cell("first"), cell("middle"), cell("last")
    full = " ".join((cell("name") or f"{first} {middle} {last}").split())
    if not full:
        return "no name"
    first, last = first_and_last(full, first, last)
    try:
        email = normalise_email(cell("email").split(":::")[0]) if cell("email") else None
        linkedin = _linkedin(cell("linkedin"), strict=strict_linkedin)
        x = normalise_x_handle(cell("x")) if cell("x") else None
    except InvalidInput as error:
        return str(error)
    tags = tuple(
        tag.lower() for tag in _TAG_SEPARATOR.split(cell("tags")) if tag and not tag.startswith("*")
    )
    return CsvContact(
        line=line,
        full_name=full,
        first_name=first,
        last_name=last,
        email=email,
        company=" ".join(cell("company").split()),
        title=" ".join(cell("title").split()),
        linkedin=linkedin,
        x=x,
        notes=cell("notes"),
        tags=tags,
    )


def _linkedin(text: str, *, strict: bool) -> str | None:
    if not text:
        return None
    try:
        return normalise_linkedin_url(text)
    except InvalidInput:
        if strict:
            raise
        return None

"""Reading vCard files (3.0, and 4.0 as far as vobject reads it), one or many cards.

Kept from each card: FN (else N), the first EMAIL, ORG, TITLE, URLs (a
LinkedIn profile becomes the LinkedIn address, an x.com / twitter.com one the
X handle), NOTE, and BDAY as a line in the notes. Cards are read one by one:
a card without a name, one vobject cannot read (a bad base64 PHOTO, say) and
one never closed by ``END:VCARD`` are skipped with the line they start on,
and the other cards are imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any  # vobject's components are untyped

from netdeck.domain.channels import normalise_email, normalise_linkedin_url, normalise_x_handle
from netdeck.domain.errors import InvalidInput
from netdeck.domain.names import split_name
from netdeck.importers.contacts_csv import CsvContact
from netdeck.importers.source_files import SkippedRow, decode_text, read_file

_LINE_END = re.compile(r"\r\n|\r|\n")  # as vobject splits lines


def read_vcards(path: Path) -> tuple[list[CsvContact], list[SkippedRow]]:
    """The contacts of a ``.vcf`` file, and the cards skipped."""
    import vobject  # a one-off command's import: kept off the start-up path

    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    name = path.name
    text = decode_text(read_file(path), name, "vCard")
    cards = list(_card_texts(text))
    if not cards:
        raise InvalidInput(f"{name} is not a vCard file: no BEGIN:VCARD found")
    contacts: list[CsvContact] = []
    skipped: list[SkippedRow] = []
    for line, card_text in cards:
        if card_text is None:
            skipped.append(SkippedRow(name, line, "a card without END:VCARD (cut short?)"))
            continue
        try:
            card = vobject.readOne(card_text, ignoreUnreadable=True)
            contact = _contact(card, line)
        except Exception as error:  # vobject raises ParseError and assorted ValueErrors
            reason = " ".join(str(error).split()) or type(error).__name__
            skipped.append(SkippedRow(name, line, f"unreadable card ({reason})"))
            continue
        if contact is None:
            skipped.append(SkippedRow(name, line, "no name (FN or N)"))
        else:
            contacts.append(contact)
    return contacts, skipped


def _card_texts(text: str) -> Iterator[tuple[int, str | None]]:
    """(line it starts on, text) for each ``BEGIN:VCARD`` … ``END:VCARD`` block, so one
    broken card is skipped alone; the text is None for a card never closed."""
    start, lines = 0, []
    for number, line in enumerate(_LINE_END.split(text), start=1):
        word = line.strip().upper()
        if not lines:
            if word == "BEGIN:VCARD":
                start, lines = number, [line]
            continue
        if word == "BEGIN:VCARD":  # the previous card was never closed
            yield start, None
            start, lines = number, [line]
            continue
        lines.append(line)
        if word == "END:VCARD":
            yield start, "\r\n".join(lines) + "\r\n"
            lines = []
    if lines:
        yield start, None


def _contact(card: Any, line: int) -> CsvContact | None:
    """What netdeck keeps of one parsed card; None when it has no name."""
    full = " ".join(_value(card, "fn").split())
    given = family = ""
    if hasattr(card, "n"):
        n = card.n.value
        given, family = str(getattr(n, "given", "") or ""), str(getattr(n, "family", "") or "")
        full = full or " ".join(f"{given} {family}".split())
    if not full:
        return None
    if not (given or family):
        given, family = split_name(full)
    email = None
    for entry in getattr(card, "email_list", []):
        try:
            email = normalise_email(str(entry.value))
            break
        except InvalidInput:
            continue
    linkedin = x = None
    for entry in getattr(card, "url_list", []):
        url = str(entry.value)
        if "linkedin.com/" in url.lower() and linkedin is None:
            linkedin = _or_none(normalise_linkedin_url, url)
        elif ("x.com/" in url.lower() or "twitter.com/" in url.lower()) and x is None:
            x = _or_none(normalise_x_handle, url)
    org = card.org.value if hasattr(card, "org") else []
    company = " ".join((org[0] if isinstance(org, list) and org else str(org or "")).split())
    notes = _value(card, "note").strip()
    birthday = _value(card, "bday").strip()
    if birthday:
        notes = "\n".join(part for part in (notes, f"Birthday: {birthday}") if part)
    return CsvContact(
        line=line,
        full_name=full,
        first_name=" ".join(given.split()),
        last_name=" ".join(family.split()),
        email=email,
        company=company,
        title=" ".join(_value(card, "title").split()),
        linkedin=linkedin,
        x=x,
        notes=notes,
        tags=(),
    )


def _value(card: Any, attribute: str) -> str:
    entry = getattr(card, attribute, None)
    return str(entry.value) if entry is not None and entry.value is not None else ""


def _or_none(normalise: Callable[[str], str], text: str) -> str | None:
    try:
        return normalise(text)
    except InvalidInput:
        return None

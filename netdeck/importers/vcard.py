"""Reading vCard files (3.0, and 4.0 as far as vobject reads it), one or many cards.

Kept from each card: FN (else N), the first EMAIL, ORG, TITLE, URLs (a
LinkedIn profile becomes the LinkedIn address, an x.com / twitter.com one the
X handle), NOTE, and BDAY as a line in the notes. A card without a name is
skipped with the line it starts on.
"""

from __future__ import annotations

from pathlib import Path

from netdeck.domain.channels import normalise_email, normalise_linkedin_url, normalise_x_handle
from netdeck.domain.errors import InvalidInput
from netdeck.domain.names import split_name
from netdeck.importers.contacts_csv import CsvContact
from netdeck.importers.source_files import SkippedRow, decode_text


def read_vcards(path: Path) -> tuple[list[CsvContact], list[SkippedRow]]:
    """The contacts of a ``.vcf`` file, and the cards skipped."""
    import vobject  # a one-off command's import: kept off the start-up path

    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    name = path.name
    text = decode_text(path.read_bytes(), name, "vCard")
    if "BEGIN:VCARD" not in text.upper():
        raise InvalidInput(f"{name} is not a vCard file: no BEGIN:VCARD found")
    starts = [i + 1 for i, line in enumerate(text.splitlines()) if line.upper() == "BEGIN:VCARD"]
    contacts: list[CsvContact] = []
    skipped: list[SkippedRow] = []
    try:
        cards = list(vobject.readComponents(text, ignoreUnreadable=True))
    except Exception as error:  # vobject raises ParseError and assorted ValueErrors
        raise InvalidInput(f"{name}: unreadable vCard data ({error})") from None
    for number, card in enumerate(cards):
        line = starts[number] if number < len(starts) else 0
        if getattr(card, "name", "").upper() != "VCARD":
            continue
        full = " ".join(_value(card, "fn").split())
        given = family = ""
        if hasattr(card, "n"):
            n = card.n.value
            given, family = str(getattr(n, "given", "") or ""), str(getattr(n, "family", "") or "")
            full = full or " ".join(f"{given} {family}".split())
        if not full:
            skipped.append(SkippedRow(name, line, "no name (FN or N)"))
            continue
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
        contacts.append(
            CsvContact(
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
        )
    return contacts, skipped


def _value(card, attribute: str) -> str:
    entry = getattr(card, attribute, None)
    return str(entry.value) if entry is not None and entry.value is not None else ""


def _or_none(normalise, text: str) -> str | None:
    try:
        return normalise(text)
    except InvalidInput:
        return None

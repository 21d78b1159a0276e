"""Reading vCard files (3.0, and 4.0 as far as vobject reads it), one or many cards.

Kept from each card: FN (else N), the first EMAIL, ORG, TITLE, URLs (a
LinkedIn profile becomes the LinkedIn address, an x.com / twitter.com one the
X handle), NOTE, and BDAY as a line in the notes. Cards are read one by one:
a card without a name, one vobject cannot read (a bad base64 PHOTO, say) and
one never closed by ``END:VCARD`` are skipped with the line they start on,
and the other cards are imported. A line vobject cannot read is left out of
its card and reported as a skipped row on the card's line (vobject would log
it raw to stderr). A file is read within the limits of
:mod:`netdeck.importers.source_files` (``MAX_ROWS`` cards), and a card of
more than :data:`MAX_CARD_LINES` lines is skipped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any  # vobject's components are untyped

from netdeck.domain.channels import normalise_email, normalise_linkedin_url, normalise_x_handle
from netdeck.domain.errors import InvalidInput
from netdeck.domain.names import first_and_last
from netdeck.importers.contacts_csv import CsvContact
from netdeck.importers.source_files import MAX_ROWS, SkippedRow, decode_text, read_file

_LINE_END = re.compile(r"\r\n|\r|\n")  # as vobject splits lines
#: Properties of one card (a real one has a few dozen; a photo's folded lines count once).
MAX_CARD_LINES = 1_000
#: How vobject reports a line it skipped: the number it gives counts from the card.
_VOBJECT_SKIPPED = re.compile(r"^Skipped (?:line \d+|a line), message: (?:At line \d+: )?")


def read_vcards(path: Path) -> tuple[list[CsvContact], list[SkippedRow]]:
    """The contacts of a ``.vcf`` file, and the cards skipped."""
    import vobject  # a one-off command's import: kept off the start-up path

    name = path.name
    text = decode_text(read_file(path), name, "vCard")
    cards = list(_card_texts(text, name))
    if not cards:
        raise InvalidInput(f"{name} is not a vCard file: no BEGIN:VCARD found")
    contacts: list[CsvContact] = []
    skipped: list[SkippedRow] = []
    for line, card_text, problem in cards:
        if card_text is None:
            skipped.append(SkippedRow(name, line, problem))
            continue
        with _vobject_problems() as problems:
            try:
                card = vobject.readOne(card_text, ignoreUnreadable=True)
                contact = _contact(card, line)
            except Exception as error:  # vobject raises ParseError and assorted ValueErrors
                reason = " ".join(str(error).split()) or type(error).__name__
                skipped.append(SkippedRow(name, line, f"unreadable card ({reason})"))
                continue
        for message in problems:
            reason = " ".join(_VOBJECT_SKIPPED.sub("", message).split())
            skipped.append(SkippedRow(name, line, f"a line of this card was left out ({reason})"))
        if contact is None:
            skipped.append(SkippedRow(name, line, "no name (FN or N)"))
        else:
            contacts.append(contact)
    return contacts, skipped


@contextmanager
def _vobject_problems() -> Iterator[list[str]]:
    """What vobject logs while reading (the lines it skips), collected instead of
    printed: its own handler writes them raw to stderr, escapes and all."""
    logger = logging.getLogger("vobject.base")  # where vobject logs, and its handler
    handlers, propagate = logger.handlers[:], logger.propagate
    problems: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            problems.append(record.getMessage())

    logger.handlers, logger.propagate = [Collect()], False
    try:
        yield problems
    finally:
        logger.handlers, logger.propagate = handlers, propagate


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line, one at a time (a split would hold every line of a
    large file at once)."""
    start = 0
    for match in _LINE_END.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _card_texts(text: str, name: str) -> Iterator[tuple[int, str | None, str]]:
    """(line it starts on, text, problem) for each ``BEGIN:VCARD`` … ``END:VCARD`` block,
    so one broken card is skipped alone; the text is None, and the problem says why,
    for a card never closed or too long."""
    start_line, start_at, properties = 0, -1, 0
    cards = 0
    for number, (start, end) in enumerate(_lines(text), start=1):
        # Only a short line can be BEGIN or END (a photo's line can be megabytes).
        word = text[start:end].strip().upper() if end - start < 64 else ""
        if word == "BEGIN:VCARD":
            if start_at >= 0:  # the previous card was never closed
                yield start_line, None, "a card without END:VCARD (cut short?)"
            cards += 1
            if cards > MAX_ROWS:
                raise InvalidInput(
                    f"{name} holds more than {MAX_ROWS:,} cards: netdeck imports at most "
                    f"{MAX_ROWS:,} from one file, far more than a real export holds"
                )
            start_line, start_at, properties = number, start, 1
            continue
        if start_at < 0:
            continue
        if text[start : start + 1] not in (" ", "\t"):  # a folded line continues a property
            properties += 1
        if word == "END:VCARD":
            if properties > MAX_CARD_LINES:
                problem = f"a card of more than {MAX_CARD_LINES:,} lines (not one person's card)"
                yield start_line, None, problem
            else:
                yield start_line, _LINE_END.sub("\r\n", text[start_at:end]) + "\r\n", ""
            start_at = -1
    if start_at >= 0:
        yield start_line, None, "a card without END:VCARD (cut short?)"


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
    given, family = first_and_last(full, given, family)
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
        first_name=given,
        last_name=family,
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

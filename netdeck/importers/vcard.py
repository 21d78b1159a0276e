"""Reading vCard files (2.1 with quoted-printable, 3.0, and 4.0 as far as vobject
reads it), one or many cards.

Kept from each card: FN (else N), NICKNAME (the first), every EMAIL and TEL
(``TEL;VALUE=uri:tel:+1-555-...`` too; in E.164 when the number reads as one,
the ``phone-region`` setting dialling those without ``+``), ORG, TITLE, URLs
(a LinkedIn profile becomes the LinkedIn address, an x.com / twitter.com one
the X handle, any other a website), NOTE, CATEGORIES as tags, BDAY and
ANNIVERSARY as key dates (``19800120``, ``1980-01-20``, ``--0120``,
``--01-20``). What has no place in netdeck (ADR, a postal address) or cannot be
read (``BDAY;VALUE=text:circa 1980``) is reported with the card's line, and the
card is imported. Cards are read one by one:
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
from netdeck.importers.source_files import MAX_ROWS, SkippedRow, decode_text, read_file

_LINE_END = re.compile(r"\r\n|\r|\n")  # as vobject splits lines
#: Properties of one card (a real one has a few dozen; a photo's folded lines count once).
MAX_CARD_LINES = 1_000
#: How vobject reports a line it skipped: the number it gives counts from the card.
_VOBJECT_SKIPPED = re.compile(r"^Skipped (?:line \d+|a line), message: (?:At line \d+: )?")


def read_vcards(path: Path, *, phone_region: str = "") -> tuple[list[CsvContact], list[SkippedRow]]:
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
                contact = _contact(card, FieldReport(name, line), phone_region)
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


def _contact(card: Any, report: FieldReport, phone_region: str) -> CsvContact | None:
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
    emails = [
        found
        for entry in getattr(card, "email_list", [])
        if (found := _or_none(normalise_email, str(entry.value)))
    ]
    phones = [report.phone(str(entry.value), phone_region) for entry in _entries(card, "tel")]
    linkedin, x, websites = _urls(card)
    org = card.org.value if hasattr(card, "org") else []
    company = " ".join((org[0] if isinstance(org, list) and org else str(org or "")).split())
    for entry in _entries(card, "adr"):
        report.add("postal address", NOT_IMPORTED, " ".join(str(entry.value).split()))
    return CsvContact(
        line=report.line,
        full_name=full,
        first_name=given,
        last_name=family,
        emails=tuple(dict.fromkeys(emails)),
        company=company,
        title=" ".join(_value(card, "title").split()),
        linkedin=linkedin,
        x=x,
        notes=_value(card, "note").strip(),
        tags=_categories(card),
        phones=tuple(dict.fromkeys(p for p in phones if p)),
        websites=tuple(dict.fromkeys(websites)),
        nickname=" ".join(_value(card, "nickname").split()),
        dates=_dates(card, report),
        left_out=tuple(report.left_out),
    )


def _entries(card: Any, name: str) -> list[Any]:
    return list(getattr(card, f"{name}_list", []))


def _urls(card: Any) -> tuple[str | None, str | None, list[str]]:
    """The LinkedIn profile, the X handle and the other web addresses of a card."""
    linkedin = x = None
    websites = []
    for entry in _entries(card, "url"):
        url = str(entry.value)
        if "linkedin.com/" in url.lower():
            linkedin = linkedin or _or_none(normalise_linkedin_url, url)
        elif "x.com/" in url.lower() or "twitter.com/" in url.lower():
            x = x or _or_none(normalise_x_handle, url)
        elif website := _or_none(normalise_website, url):
            websites.append(website)
    return linkedin, x, websites


def _categories(card: Any) -> tuple[str, ...]:
    names: list[str] = []
    for entry in _entries(card, "categories"):
        value = entry.value
        names.extend(value if isinstance(value, list) else str(value).split(","))
    return tuple(dict.fromkeys(n.strip().lower() for n in names if n.strip()))


def _dates(card: Any, report: FieldReport) -> tuple[CardDate, ...]:
    """BDAY and ANNIVERSARY; a date given as text (``VALUE=text``) is unreadable."""
    found: list[CardDate] = []
    for kind, name in (("birthday", "bday"), ("anniversary", "anniversary")):
        for entry in _entries(card, name):
            text = str(entry.value or "").strip()
            if not text:
                continue
            if "text" in [v.lower() for v in entry.params.get("VALUE", [])]:
                report.add(kind, UNREADABLE, text)
            elif (day := report.date(kind, text)) is not None:
                found.append(day)
    return tuple(dict.fromkeys(found))


def _value(card: Any, attribute: str) -> str:
    entry = getattr(card, attribute, None)
    return str(entry.value) if entry is not None and entry.value is not None else ""


def _or_none(normalise: Callable[[str], str], text: str) -> str | None:
    try:
        return normalise(text)
    except InvalidInput:
        return None

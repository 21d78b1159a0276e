"""Reading vCard files (2.1 with quoted-printable, 3.0, and 4.0 as far as vobject
reads it), one or many cards.

Kept from each card: FN (else N), NICKNAME (the first), every EMAIL and TEL
(``TEL;VALUE=uri:tel:+1-555-...`` too; in E.164 when the number reads as one,
the ``phone-region`` setting dialling those without ``+``), ORG (the first
one's organisation), TITLE (the first), URLs (a LinkedIn profile becomes the
LinkedIn address, an x.com / twitter.com one the X handle, any other a
website), ``X-SOCIALPROFILE;type=twitter`` and ``X-TWITTER`` as the X handle,
every NOTE (joined, one a line), CATEGORIES as tags, BDAY and ANNIVERSARY
(``X-ANNIVERSARY``, and Apple's ``X-ABDATE`` grouped with the label
``_$!<Anniversary>!$_``) as key dates (``19800120``, ``1980-01-20``,
``--0120``, ``--01-20``). Nothing else is lost without a word: what has no
place in netdeck (ADR, a postal address; IMPP; an ORG's department; a second
ORG, TITLE or LinkedIn profile; any property not read, by its name) or cannot
be read (an EMAIL that is no address, ``BDAY;VALUE=text:circa 1980``) is
reported with its line (the card's for ADR and dates), and the card is
imported. Bookkeeping (VERSION, PRODID, REV, UID, X-ABUID, X-ABShowAs, the
X-ABLabel of a property read) is not reported. Cards are read one by one:
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
                lines = _PropertyLines(card_text, line)
                contact = _contact(card, FieldReport(name, line), phone_region, lines)
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


def _contact(
    card: Any, report: FieldReport, phone_region: str, lines: _PropertyLines
) -> CsvContact | None:
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
    emails = _emails(card, report, lines)
    phones = [report.phone(str(entry.value), phone_region) for entry in _entries(card, "tel")]
    linkedin, x, websites = _urls(card, report, lines)
    for entry in _entries(card, "adr"):
        report.add("postal address", NOT_IMPORTED, " ".join(str(entry.value).split()))
    _report_unread(card, report, lines)
    return CsvContact(
        line=report.line,
        full_name=full,
        first_name=given,
        last_name=family,
        emails=tuple(dict.fromkeys(emails)),
        company=_company(card, report, lines),
        title=_first(card, "title", report, lines),
        linkedin=linkedin,
        x=x,
        notes="\n".join(n for e in _entries(card, "note") if (n := str(e.value or "").strip())),
        tags=_categories(card),
        phones=tuple(dict.fromkeys(p for p in phones if p)),
        websites=tuple(dict.fromkeys(websites)),
        nickname=_first(card, "nickname", report, lines),
        dates=_dates(card, report, lines),
        left_out=tuple(report.left_out),
    )


class _PropertyLines:
    """The line each property of a card is on, to report it there: the n-th
    ``IMPP`` vobject gives is the n-th ``IMPP`` line of the card."""

    def __init__(self, card_text: str, first_line: int) -> None:
        self.first_line = first_line
        self.found: dict[str, list[int]] = {}
        for number, text in enumerate(card_text.split("\r\n"), start=first_line):
            if text[:1] in (" ", "\t", ""):  # a folded line continues a property
                continue
            name = re.split(r"[;:]", text, maxsplit=1)[0].rsplit(".", 1)[-1].upper()
            self.found.setdefault(name, []).append(number)

    def of(self, card: Any, entry: Any) -> int:
        """The line of ``entry`` (the card's first line when it cannot be told)."""
        same = _entries(card, entry.name.lower())
        at = next((i for i, other in enumerate(same) if other is entry), -1)
        numbers = self.found.get(entry.name.upper(), [])
        return numbers[at] if 0 <= at < len(numbers) else self.first_line


def _entries(card: Any, name: str) -> list[Any]:
    return list(getattr(card, f"{name}_list", []))


def _emails(card: Any, report: FieldReport, lines: _PropertyLines) -> list[str]:
    """Every e-mail address of a card; an unreadable one is reported on its line."""
    emails = []
    for entry in _entries(card, "email"):
        try:
            emails.append(normalise_email(str(entry.value)))
        except InvalidInput as error:
            report.add("e-mail address", UNREADABLE, str(error), line=lines.of(card, entry))
    return emails


def _first(card: Any, name: str, report: FieldReport, lines: _PropertyLines) -> str:
    """The first value of a property netdeck keeps one of (TITLE, NICKNAME); a
    different later one is reported."""
    values = [" ".join(str(e.value or "").split()) for e in _entries(card, name)]
    for entry, value in zip(_entries(card, name)[1:], values[1:], strict=True):
        if value and value != values[0]:
            report.add(name.upper(), NOT_IMPORTED, value, line=lines.of(card, entry))
    return values[0] if values else ""


def _company(card: Any, report: FieldReport, lines: _PropertyLines) -> str:
    """The first ORG's organisation; its departments and any later ORG are reported."""
    company = ""
    for entry in _entries(card, "org"):
        value = entry.value if isinstance(entry.value, list) else [str(entry.value or "")]
        parts = [" ".join(str(part).split()) for part in value]
        if not company and parts and parts[0]:
            company, parts = parts[0], parts[1:]
        if unread := "; ".join(part for part in parts if part):
            report.add("ORG", NOT_IMPORTED, unread, line=lines.of(card, entry))
    return company


#: Properties with nothing for a person's record (bookkeeping), or read elsewhere.
_NOT_REPORTED = frozenset(
    {"version", "prodid", "rev", "uid", "n", "fn", "x-abuid", "x-abshowas", "x-ablabel", "label"}
    | {"categories", "email", "tel", "url", "org", "title", "nickname", "note", "adr"}
    | {"bday", "anniversary", "x-anniversary", "x-abdate", "x-socialprofile", "x-twitter"}
)


def _report_unread(card: Any, report: FieldReport, lines: _PropertyLines) -> None:
    """Every property the importer does not read, by its name, on its line."""
    for name, entries in card.contents.items():
        if name.lower() in _NOT_REPORTED:
            continue
        for entry in entries:
            detail = entry.value if isinstance(entry.value, str) else ""
            report.add(
                entry.name.upper(),
                NOT_IMPORTED,
                " ".join(detail.split()),
                line=lines.of(card, entry),
            )


def _urls(
    card: Any, report: FieldReport, lines: _PropertyLines
) -> tuple[str | None, str | None, list[str]]:
    """The LinkedIn profile, the X handle (from a URL, ``X-SOCIALPROFILE;type=twitter``
    or ``X-TWITTER``) and the other web addresses of a card. An unreadable one, and a
    second LinkedIn profile or X handle, are reported on their line."""
    linkedin = x = None
    websites = []

    def keep(
        kept: str | None, what: str, normalise: Callable[[str], str], entry: Any
    ) -> str | None:
        line = lines.of(card, entry)
        try:
            found = normalise(str(entry.value))
        except InvalidInput as error:
            report.add(what, UNREADABLE, str(error), line=line)
            return kept
        if kept is not None and found != kept:
            report.add(what, NOT_IMPORTED, found, line=line)
        return kept or found

    for entry in _entries(card, "url"):
        url = str(entry.value)
        if "linkedin.com/" in url.lower():
            linkedin = keep(linkedin, "LinkedIn URL", normalise_linkedin_url, entry)
        elif "x.com/" in url.lower() or "twitter.com/" in url.lower():
            x = keep(x, "X handle", normalise_x_handle, entry)
        elif website := keep(None, "website", normalise_website, entry):
            websites.append(website)
    for entry in _entries(card, "x-socialprofile"):
        kinds = {kind.lower() for kind in entry.params.get("TYPE", [])}
        if kinds & {"twitter", "x"}:
            x = keep(x, "X handle", normalise_x_handle, entry)
        elif "linkedin" in kinds:
            linkedin = keep(linkedin, "LinkedIn URL", normalise_linkedin_url, entry)
        else:
            report.add(
                "X-SOCIALPROFILE", NOT_IMPORTED, str(entry.value), line=lines.of(card, entry)
            )
    for entry in _entries(card, "x-twitter"):
        x = keep(x, "X handle", normalise_x_handle, entry)
    return linkedin, x, websites


def _categories(card: Any) -> tuple[str, ...]:
    names: list[str] = []
    for entry in _entries(card, "categories"):
        value = entry.value
        names.extend(value if isinstance(value, list) else str(value).split(","))
    return tuple(dict.fromkeys(n.strip().lower() for n in names if n.strip()))


def _dates(card: Any, report: FieldReport, lines: _PropertyLines) -> tuple[CardDate, ...]:
    """BDAY and ANNIVERSARY (``X-ANNIVERSARY`` and Apple's ``X-ABDATE`` labelled
    Anniversary too); a date given as text (``VALUE=text``) is unreadable, an
    ``X-ABDATE`` with another label is reported."""
    given = [
        (kind, entry)
        for kind, name in (("birthday", "bday"), ("anniversary", "anniversary"))
        for entry in _entries(card, name)
    ]
    given += [("anniversary", entry) for entry in _entries(card, "x-anniversary")]
    for entry in _entries(card, "x-abdate"):
        label = _apple_label(card, entry.group)
        if label.lower() == "anniversary":
            given.append(("anniversary", entry))
        else:
            detail = f"{label or 'no label'}: {entry.value}"
            report.add("X-ABDATE", NOT_IMPORTED, detail, line=lines.of(card, entry))
    found: list[CardDate] = []
    for kind, entry in given:
        text = str(entry.value or "").strip()
        if not text:
            continue
        if "text" in [v.lower() for v in entry.params.get("VALUE", [])]:
            report.add(kind, UNREADABLE, text)
        elif (day := report.date(kind, text)) is not None:
            found.append(day)
    return tuple(dict.fromkeys(found))


def _apple_label(card: Any, group: str | None) -> str:
    """The ``itemN.X-ABLabel`` of a group: ``_$!<Anniversary>!$_`` is "Anniversary"."""
    for entry in _entries(card, "x-ablabel"):
        if group and entry.group and entry.group.lower() == group.lower():
            return str(entry.value or "").strip().removeprefix("_$!<").removesuffix(">!$_")
    return ""


def _value(card: Any, attribute: str) -> str:
    entry = getattr(card, attribute, None)
    return str(entry.value) if entry is not None and entry.value is not None else ""


def _or_none(normalise: Callable[[str], str], text: str) -> str | None:
    try:
        return normalise(text)
    except InvalidInput:
        return None

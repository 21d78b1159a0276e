"""Ways to reach a person, and how each kind of address is checked and normalised.

A contact's channels are the addresses (LinkedIn profile, email, X handle,
website, phone); an interaction's channel is where it happened (which adds
``in-person`` and ``other``).

The normalisers here are the one rule for addresses: ``add``, ``edit``, the
contact form, every importer (LinkedIn, CSV, vCard) and ``import json`` all
store only what they accept. An address is data that ends up in a terminal
and in a browser, so none holds a control or format character (Unicode Cc,
Cf, or a lone surrogate); a URL or email address holds no whitespace either;
links are ``http``/``https`` only; a LinkedIn profile is ``/in/<slug>``; an
email address holds nothing that would add fields to a ``mailto:`` link.
Addresses stored before these rules are checked again before they are
opened (:func:`openable_url`).
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from urllib.parse import SplitResult, unquote, urlsplit

from netdeck.domain.choices import parse_choice
from netdeck.domain.errors import InvalidInput


class ChannelKind(StrEnum):
    """A kind of address a contact can have; several per kind, one preferred."""

    LINKEDIN = "linkedin"
    EMAIL = "email"
    X = "x"
    WEBSITE = "website"
    PHONE = "phone"


class InteractionChannel(StrEnum):
    """Where an interaction happened."""

    LINKEDIN = "linkedin"
    EMAIL = "email"
    X = "x"
    PHONE = "phone"
    IN_PERSON = "in-person"
    OTHER = "other"


#: When a contact's preferred address is of this kind, interactions default to this channel.
INTERACTION_CHANNEL_FOR = {
    ChannelKind.LINKEDIN: InteractionChannel.LINKEDIN,
    ChannelKind.EMAIL: InteractionChannel.EMAIL,
    ChannelKind.X: InteractionChannel.X,
    ChannelKind.PHONE: InteractionChannel.PHONE,
    ChannelKind.WEBSITE: InteractionChannel.OTHER,
}

#: Preference when a contact has addresses but none is marked preferred.
CHANNEL_PRIORITY = (
    ChannelKind.LINKEDIN,
    ChannelKind.EMAIL,
    ChannelKind.X,
    ChannelKind.PHONE,
    ChannelKind.WEBSITE,
)

_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\].]{2,}$")
_X_HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")
#: A profile path: ``/in/<slug>``, optionally followed by a sub-page (``/details/...``),
#: which is dropped.
_LINKEDIN_PATH = re.compile(r"^/in/([^/]+)(?:/.*)?$", re.DOTALL)
#: LinkedIn's custom profile URLs are 3-100 letters or digits; generated ones add
#: hyphens (and older ones underscores or dots). Shorter ones are allowed here.
MAX_LINKEDIN_SLUG = 100
#: A profile URL already in the canonical form (ASCII slug), as exports mostly hold
#: them: normalised without taking it apart (a test holds it equal to the full path).
_CANONICAL_LINKEDIN = re.compile(
    rf"https://www\.linkedin\.com/in/([a-z0-9_.\-]{{0,{MAX_LINKEDIN_SLUG}}})/?", re.ASCII
)
#: In an email address these would end the address inside a ``mailto:`` link
#: (``?bcc=...`` adds a recipient, ``#`` starts a fragment, ``%`` an escape).
_EMAIL_LINK_CHARACTERS = "?#%"
_PHONE = re.compile(r"^\+?[0-9 ().\-/]{5,30}$")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")
_PORT_THEN_PATH = re.compile(r"\d*(?:[/?#]|$)")
_HOST = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9\-]{1,63})+$")


def parse_interaction_channel(text: str) -> InteractionChannel:
    """The interaction channel named ``text``, or an error listing the choices."""
    return parse_choice(InteractionChannel, text, "channel")


def _split_url(value: str, problem: str) -> SplitResult:
    """``urlsplit``, with its ``ValueError`` (e.g. an unclosed ``[``) as :class:`InvalidInput`."""
    try:
        return urlsplit(value)
    except ValueError as error:
        raise InvalidInput(f"{problem}: {error}; expected a web address") from None


def _unprintable(ch: str) -> bool:
    """A control or format character (an escape, a bidi override...) or a lone surrogate."""
    return unicodedata.category(ch) in {"Cc", "Cf", "Cs"}


def _trimmed(text: str, problem: str, *, spaces_allowed: bool = False) -> str:
    """``text`` without the whitespace around it, refused (with ``problem`` starting
    the message) when it holds a control character, or whitespace inside a URL or
    email address. Where spaces are allowed (a phone number), any whitespace is, as
    the caller collapses it to single spaces."""
    value = text.strip()
    for ch in value:
        if ch.isspace():
            if not spaces_allowed:
                raise InvalidInput(f"{problem}: it holds a space or line break")
        elif _unprintable(ch):
            raise InvalidInput(f"{problem}: it holds a control character ({ascii(ch)[1:-1]})")
    return value


def _web_url(text: str, problem: str) -> tuple[str, SplitResult]:
    """``text`` as an ``http(s)`` URL (``https://`` added to a bare host) and its parts,
    or refused.

    A user name or password before the host is refused: ``https://example.com\\@evil``
    is one host to a browser and another to Python, and no profile or home page has one.
    """
    value = _trimmed(text, problem)
    if "\\" in value:
        raise InvalidInput(f"{problem}: a web address holds no backslash")
    if "://" not in value:
        scheme, colon, rest = value.partition(":")
        # ``javascript:...``, ``data:...``: a scheme, not a host with a port after it.
        if colon and _SCHEME.fullmatch(scheme) and not _PORT_THEN_PATH.match(rest):
            raise InvalidInput(f"{problem}: only http:// and https:// links are kept")
        value = "https://" + value
    parts = _split_url(value, problem)
    if parts.scheme.lower() not in {"http", "https"}:
        raise InvalidInput(f"{problem}: only http:// and https:// links are kept")
    try:
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        raise InvalidInput(f"{problem}: the port is not a number") from None
    if parts.username is not None or parts.password is not None:
        raise InvalidInput(f"{problem}: a web address holds no user name or password")
    return value, parts


def normalise_email(text: str) -> str:
    """The address trimmed, with its domain lower-cased; refused when malformed, or
    when it would add fields (``?bcc=``, ``?subject=``) to a ``mailto:`` link."""
    value = _trimmed(text, f"bad email {text!r}")
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:") :]
    if any(ch in _EMAIL_LINK_CHARACTERS for ch in value):
        raise InvalidInput(
            f"bad email {text!r}: give the address alone, without ?, # or % (like name@example.com)"
        )
    if not _EMAIL.match(value):
        raise InvalidInput(f"bad email {text!r}: expected an address like name@example.com")
    local, _, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


def _linkedin_slug(slug: str) -> bool:
    """A profile slug: letters (any script, with their marks), digits, ``-``, ``_`` and
    ``.``, possibly percent-encoded as UTF-8, at most :data:`MAX_LINKEDIN_SLUG` of them."""
    try:
        decoded = unquote(slug, errors="strict")
    except UnicodeDecodeError:
        return False
    return (
        len(decoded) <= MAX_LINKEDIN_SLUG
        and decoded.strip("-_.") != ""
        and all(ch in "-_." or unicodedata.category(ch)[0] in "LMN" for ch in decoded)
    )


def normalise_linkedin_url(text: str) -> str:
    """``https://www.linkedin.com/in/slug`` from any common spelling of a profile URL.

    Accepts ``http:``, no scheme, no ``www.``, country subdomains, a trailing
    slash, a sub-page, query strings and upper-case hosts; the slug is
    lower-cased, as LinkedIn treats it case-insensitively. Only ``/in/<slug>``
    is a profile: old ``/pub/`` links are refused (netdeck used to keep only
    their first part, which opens nothing).
    """
    canonical = _CANONICAL_LINKEDIN.fullmatch(text)
    if canonical and canonical.group(1).strip("-_."):
        return f"https://www.linkedin.com/in/{canonical.group(1)}"
    problem = f"bad LinkedIn URL {text!r}"
    _, parts = _web_url(text, problem)
    host = (parts.hostname or "").lower()
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")) or not _HOST.match(host):
        raise InvalidInput(f"{problem}: expected https://www.linkedin.com/in/your-name")
    match = _LINKEDIN_PATH.match(parts.path)
    if not match or not _linkedin_slug(match.group(1)):
        raise InvalidInput(
            f"{problem}: expected a profile link like https://www.linkedin.com/in/your-name "
            "(open the profile and copy its address)"
        )
    return f"https://www.linkedin.com/in/{match.group(1).lower()}"


def normalise_x_handle(text: str) -> str:
    """``@handle`` from ``handle``, ``@handle`` or an x.com / twitter.com profile URL."""
    value = _trimmed(text, f"bad X handle {text!r}")
    lowered = value.lower()
    if "://" in lowered or lowered.startswith(("x.com/", "twitter.com/", "www.")):
        parts = _split_url(
            value if "://" in value else "https://" + value, f"bad X handle {text!r}"
        )
        host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("mobile.")
        if host not in {"x.com", "twitter.com"}:
            raise InvalidInput(f"bad X handle {text!r}: expected @name or https://x.com/name")
        value = parts.path.strip("/").split("/")[0]
    value = value.removeprefix("@")
    if not _X_HANDLE.match(value):
        raise InvalidInput(
            f"bad X handle {text!r}: 1-15 letters, digits or underscores, like @jane_doe"
        )
    return "@" + value


def normalise_website(text: str) -> str:
    """An ``http(s)://`` URL with a real host name; a bare host gets ``https://``."""
    value, parts = _web_url(text, f"bad URL {text!r}")
    if not _HOST.match(parts.hostname or ""):
        raise InvalidInput(f"bad URL {text!r}: expected a web address like https://example.com")
    return value


def normalise_phone(text: str) -> str:
    """The number as typed (trimmed), when it looks like a phone number."""
    value = " ".join(_trimmed(text, f"bad phone number {text!r}", spaces_allowed=True).split())
    if not _PHONE.match(value) or sum(ch.isdigit() for ch in value) < 5:
        raise InvalidInput(f"bad phone number {text!r}: use digits, spaces and an optional +")
    return value


def phone_in_e164(text: str, region: str = "") -> str | None:
    """The number in E.164 form (``+14155550132``) when the ``phonenumbers`` library
    reads it as a whole number: written with ``+``, or dialled within ``region`` (a
    two-letter country code; empty: only ``+`` numbers). None otherwise."""
    import phonenumbers  # about 30 ms and its metadata: only the imports that read phones

    try:
        number = phonenumbers.parse(text, region.upper() or None)
    except phonenumbers.NumberParseException:
        return None
    if (
        phonenumbers.is_possible_number_with_reason(number)
        is not phonenumbers.ValidationResult.IS_POSSIBLE
    ):
        return None  # too short or too long, or only dialable locally (no area code)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_imported_phone(text: str, region: str = "") -> str:
    """An imported phone number: in E.164 when it reads as one (:func:`phone_in_e164`),
    else as typed when it looks like a phone number (:func:`normalise_phone`), else
    :class:`InvalidInput`."""
    typed = normalise_phone(text)
    return phone_in_e164(typed, region) or typed


_NORMALISERS = {
    ChannelKind.LINKEDIN: normalise_linkedin_url,
    ChannelKind.EMAIL: normalise_email,
    ChannelKind.X: normalise_x_handle,
    ChannelKind.WEBSITE: normalise_website,
    ChannelKind.PHONE: normalise_phone,
}


def normalise_address(kind: ChannelKind, text: str) -> str:
    """The stored form of an address of this kind, or :class:`InvalidInput`."""
    return _NORMALISERS[kind](text)


def address_key(kind: ChannelKind, value: str) -> str:
    """Key that matches two spellings of the same address (case-insensitive)."""
    if kind is ChannelKind.PHONE:
        return "".join(ch for ch in value if ch.isdigit() or ch == "+")
    return value.casefold()


def guess_address_kind(text: str) -> ChannelKind | None:
    """Which kind of address a contact reference looks like, if any."""
    lowered = text.strip().lower()
    if "linkedin.com/" in lowered:
        return ChannelKind.LINKEDIN
    if "@" in lowered and " " not in lowered and not lowered.startswith("@"):
        return ChannelKind.EMAIL
    return None


def openable_url(kind: ChannelKind, value: str) -> str:
    """The link that opens a stored address (see :func:`channel_url`), once the
    address passes today's rules: one stored by an older netdeck (or written into
    the database by hand) that does not is refused, so it never reaches a browser,
    the clipboard or the terminal."""
    try:
        normalise_address(kind, value)
    except InvalidInput as error:
        raise InvalidInput(
            f"not opened: the {kind.value} address is not a valid one ({error}); "
            "edit the contact to fix it"
        ) from None
    return channel_url(kind, value)


def channel_url(kind: ChannelKind, value: str) -> str:
    """The link that opens an address: the profile, a ``mailto:``, ``tel:`` or the site."""
    match kind:
        case ChannelKind.EMAIL:
            return f"mailto:{value}"
        case ChannelKind.X:
            return f"https://x.com/{value.removeprefix('@')}"
        case ChannelKind.PHONE:
            return "tel:" + "".join(ch for ch in value if ch.isdigit() or ch == "+")
        case _:
            return value

"""Ways to reach a person, and how each kind of address is checked and normalised.

A contact's channels are the addresses (LinkedIn profile, email, X handle,
website, phone); an interaction's channel is where it happened (which adds
``in-person`` and ``other``).
"""

from __future__ import annotations

import re
from enum import StrEnum
from urllib.parse import SplitResult, urlsplit

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
_LINKEDIN_PATH = re.compile(r"^/(in|pub)/([^/?#\s]+)/?")
_PHONE = re.compile(r"^\+?[0-9 ().\-/]{5,30}$")
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


def normalise_email(text: str) -> str:
    """The address trimmed, with its domain lower-cased; refused when malformed."""
    value = text.strip()
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:") :]
    if not _EMAIL.match(value):
        raise InvalidInput(f"bad email {text!r}: expected an address like name@example.com")
    local, _, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


def normalise_linkedin_url(text: str) -> str:
    """``https://www.linkedin.com/in/slug`` from any common spelling of a profile URL.

    Accepts ``http:``, no scheme, no ``www.``, country subdomains, a trailing
    slash, query strings and upper-case hosts. The slug keeps its case except
    that LinkedIn treats it case-insensitively, so it is lower-cased too.
    """
    value = text.strip()
    if "://" not in value:
        value = "https://" + value
    parts = _split_url(value, f"bad LinkedIn URL {text!r}")
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in {"http", "https"} or not (
        host == "linkedin.com" or host.endswith(".linkedin.com")
    ):
        raise InvalidInput(
            f"bad LinkedIn URL {text!r}: expected https://www.linkedin.com/in/your-name"
        )
    match = _LINKEDIN_PATH.match(parts.path)
    if not match:
        raise InvalidInput(
            f"bad LinkedIn URL {text!r}: expected a profile link like "
            "https://www.linkedin.com/in/your-name"
        )
    return f"https://www.linkedin.com/{match.group(1)}/{match.group(2).lower()}"


def normalise_x_handle(text: str) -> str:
    """``@handle`` from ``handle``, ``@handle`` or an x.com / twitter.com profile URL."""
    value = text.strip()
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
    value = text.strip()
    if "://" not in value:
        value = "https://" + value
    parts = _split_url(value, f"bad URL {text!r}")
    if parts.scheme.lower() not in {"http", "https"} or not _HOST.match(parts.hostname or ""):
        raise InvalidInput(f"bad URL {text!r}: expected a web address like https://example.com")
    return value


def normalise_phone(text: str) -> str:
    """The number as typed (trimmed), when it looks like a phone number."""
    value = " ".join(text.split())
    if not _PHONE.match(value) or sum(ch.isdigit() for ch in value) < 5:
        raise InvalidInput(f"bad phone number {text!r}: use digits, spaces and an optional +")
    return value


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

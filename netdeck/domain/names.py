"""People's names: splitting a full name and the key used to sort and match it."""

from __future__ import annotations

from netdeck.domain.errors import InvalidInput


def clean_name(full_name: str) -> str:
    """The name with runs of whitespace collapsed; empty names are refused."""
    name = " ".join(full_name.split())
    if not name:
        raise InvalidInput("name must not be empty")
    return name


def split_name(full_name: str) -> tuple[str, str]:
    """``("Greg", "Alvarez Diaz")`` from ``"Greg Alvarez Diaz"``.

    The first word is the first name, the rest the last name: right for most
    names, and the first name stays editable for the rest.
    """
    name = clean_name(full_name)
    first, _, last = name.partition(" ")
    return first, last


def name_key(full_name: str) -> str:
    """Case-insensitive key for sorting and matching names (Unicode casefold)."""
    return " ".join(full_name.split()).casefold()

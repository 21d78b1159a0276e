"""People's names: splitting a full name (or taking the parts a file gives) and the key
used to sort and match it."""

from __future__ import annotations

from netdeck.domain.errors import InvalidInput


def clean_name(full_name: str) -> str:
    """The name with runs of whitespace collapsed; empty names are refused."""
    name = " ".join(full_name.split())
    if not name:
        raise InvalidInput("name must not be empty")
    return name


#: The most characters of a nickname (the column's size).
MAX_NICKNAME = 200


def clean_nickname(text: str) -> str:
    """What someone goes by, on one line (whitespace collapsed); empty for none."""
    nickname = " ".join(text.split())
    if len(nickname) > MAX_NICKNAME:
        raise InvalidInput(f"a nickname is at most {MAX_NICKNAME} characters")
    return nickname


def split_name(full_name: str) -> tuple[str, str]:
    """``("Greg", "Alvarez Diaz")`` from ``"Greg Alvarez Diaz"``.

    The first word is the first name, the rest the last name: right for most
    names, and the first name stays editable for the rest.
    """
    name = clean_name(full_name)
    first, _, last = name.partition(" ")
    return first, last


def first_and_last(full_name: str, first: str, last: str) -> tuple[str, str]:
    """The first and last names an imported person keeps: the ones the file gives,
    whitespace folded, or when it gives neither, both split from ``full_name``."""
    if not (first or last):
        first, last = split_name(full_name)
    return " ".join(first.split()), " ".join(last.split())


def name_key(full_name: str) -> str:
    """Case-insensitive key for sorting and matching names (Unicode casefold)."""
    return " ".join(full_name.split()).casefold()

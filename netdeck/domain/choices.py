"""Reading one of a fixed set of names (a stage, a channel, a kind) typed by a user."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

from netdeck.domain.errors import InvalidInput

Choice = TypeVar("Choice", bound=StrEnum)


def parse_choice(
    choices: type[Choice], text: str, what: str, *, listed: Iterable[Choice] | None = None
) -> Choice:
    """The member of ``choices`` named ``text`` (case-insensitive), or an error that
    lists the names (in ``listed`` order when given)."""
    try:
        return choices(text.strip().lower())
    except ValueError:
        names = ", ".join(choice.value for choice in (listed or choices))
        raise InvalidInput(f"unknown {what} {text!r}: use one of {names}") from None

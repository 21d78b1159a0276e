"""Parsing and describing calendar dates, independent of the locale."""

from __future__ import annotations

import re
from datetime import date

from netdeck.domain.errors import InvalidInput

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str) -> date:
    """Parse ``YYYY-MM-DD``; anything else is an :class:`InvalidInput`."""
    value = text.strip()
    if not _ISO_DATE.match(value):
        raise InvalidInput(f"bad date {text!r}: expected YYYY-MM-DD, e.g. 2026-03-14")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"bad date {text!r}: no such day in the calendar") from None


def days_ago_phrase(days: int) -> str:
    """``0`` → ``today``, ``1`` → ``yesterday``, ``5`` → ``5 days ago``."""
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    if days < 0:
        return f"in {-days} days"
    return f"{days} days ago"

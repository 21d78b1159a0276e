"""How often you mean to talk to someone, as a number of days.

Written on the command line as a number of days (``14``) or with a unit:
``d`` days, ``w`` weeks (7), ``m`` months (30), ``y`` years (365), e.g. ``2w``,
``1m``, ``3m``, ``1y``.

A person's cadence is their own, else the shortest cadence among their tags
(``netdeck tag cadence investors 2w``), else the default setting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from netdeck.domain.errors import InvalidInput

MIN_CADENCE_DAYS = 1
MAX_CADENCE_DAYS = 3650
DEFAULT_CADENCE_DAYS = 30

_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
_CADENCE = re.compile(r"^(\d{1,5})\s*([dwmy]?)$")


def parse_cadence(text: str) -> int:
    """Days in a cadence like ``14``, ``2w``, ``1m``, ``3m`` or ``1y``."""
    match = _CADENCE.match(text.strip().lower())
    if not match:
        raise InvalidInput(
            f"bad cadence {text!r}: use days (14) or a number with d, w, m or y (2w, 1m, 3m, 1y)"
        )
    days = int(match.group(1)) * _UNIT_DAYS[match.group(2) or "d"]
    if not MIN_CADENCE_DAYS <= days <= MAX_CADENCE_DAYS:
        raise InvalidInput(
            f"bad cadence {text!r}: must be between {MIN_CADENCE_DAYS} day and 10 years"
        )
    return days


#: What clears a cadence (a person's own, or a tag's): back to the next rule down.
CLEARING_WORDS = ("", "none", "default")


def parse_optional_cadence(text: str) -> int | None:
    """:func:`parse_cadence`, or ``None`` for a clearing word (``none``, ``default``,
    nothing at all)."""
    if text.strip().lower() in CLEARING_WORDS:
        return None
    return parse_cadence(text)


def describe_cadence(days: int) -> str:
    """A human phrase: ``every 30 days``, ``every 2 weeks``, ``every year``."""
    if days % 365 == 0:
        years = days // 365
        return "every year" if years == 1 else f"every {years} years"
    if days % 7 == 0 and days < 60:
        weeks = days // 7
        return "every week" if weeks == 1 else f"every {weeks} weeks"
    return "every day" if days == 1 else f"every {days} days"


def shortest_cadence(cadences: Iterable[int | None]) -> int | None:
    """The cadence a person takes from their tags: the shortest one set, else ``None``
    (a tag without a cadence says nothing about how often)."""
    return min((days for days in cadences if days is not None), default=None)


def effective_cadence(own: int | None, from_tags: int | None, default: int) -> int:
    """A person's cadence: their own, else the shortest of their tags', else the default
    setting (the queue's SQL period is ``coalesce(own, tags, default)``, the same rule)."""
    return own or from_tags or default


def cadence_source(own: int | None, tag_cadences: Mapping[str, int | None]) -> str:
    """Where a person's cadence comes from: ``own``, ``tag:NAME`` (the tag with the
    shortest cadence; the first by name on a tie) or ``default``."""
    if own:
        return "own"
    shortest = shortest_cadence(tag_cadences.values())
    if shortest is None:
        return "default"
    return "tag:" + min(name for name, days in tag_cadences.items() if days == shortest)


def describe_effective_cadence(days: int, source: str) -> str:
    """The cadence and where it comes from (:func:`cadence_source`): ``every 2 weeks
    (from tag investors)``, ``every 30 days (default)``, ``every week``."""
    phrase = describe_cadence(days)
    if source.startswith("tag:"):
        return f"{phrase} (from tag {source.removeprefix('tag:')})"
    return f"{phrase} (default)" if source == "default" else phrase

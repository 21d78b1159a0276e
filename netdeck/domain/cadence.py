"""How often you mean to talk to someone, as a number of days.

Written on the command line as a number of days (``14``) or with a unit:
``d`` days, ``w`` weeks (7), ``m`` months (30), ``y`` years (365), e.g. ``2w``,
``1m``, ``3m``, ``1y``.
"""

from __future__ import annotations

import re

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


def describe_cadence(days: int) -> str:
    """A human phrase: ``every 30 days``, ``every 2 weeks``, ``every year``."""
    if days % 365 == 0:
        years = days // 365
        return "every year" if years == 1 else f"every {years} years"
    if days % 7 == 0 and days < 60:
        weeks = days // 7
        return "every week" if weeks == 1 else f"every {weeks} weeks"
    return "every day" if days == 1 else f"every {days} days"

"""Parsing, describing and moving calendar dates, independent of the locale.

Two rules live here so every entry point shares them:

- the days netdeck takes from a user or a file (typed dates, imports,
  restores, ``NETDECK_TODAY``) lie between :data:`EARLIEST_DAY` and
  :data:`LATEST_DAY`; anything else is an :class:`InvalidInput` saying so;
- moving a day by a number of days (:func:`add_days`) never overflows: it
  stops at the ends of Python's calendar (``date.min``, ``date.max``), so a
  due date far in the future is ``9999-12-31`` rather than a crash.
"""

from __future__ import annotations

import re
from datetime import date

from netdeck.domain.errors import InvalidInput

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)

#: The first and last days netdeck accepts as input: far wider than any real
#: contact history or plan, and far from the calendar's ends, where adding a
#: cadence or a follow-up period would run out of calendar.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)

_FIRST_ORDINAL = date.min.toordinal()
_LAST_ORDINAL = date.max.toordinal()


def parse_date(text: str) -> date:
    """Parse ``YYYY-MM-DD`` within the accepted range; anything else is an
    :class:`InvalidInput`."""
    return accepted_day(parse_calendar_date(text))


def parse_calendar_date(text: str) -> date:
    """Parse ``YYYY-MM-DD``, any day of the calendar: for dates netdeck worked out
    itself (a due date may lie past :data:`LATEST_DAY`), read back from its own files."""
    value = text.strip()
    if not _ISO_DATE.match(value):
        raise InvalidInput(f"bad date {text!r}: expected YYYY-MM-DD, e.g. 2026-03-14")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"bad date {text!r}: no such day in the calendar") from None


def is_accepted_day(day: date) -> bool:
    """Whether ``day`` is within the range netdeck accepts as input."""
    return EARLIEST_DAY <= day <= LATEST_DAY


def accepted_day(day: date) -> date:
    """``day``, if netdeck accepts it as input; else an :class:`InvalidInput` saying the range."""
    if not is_accepted_day(day):
        raise InvalidInput(
            f"bad date {day.isoformat()!r}: netdeck takes days from "
            f"{EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}"
        )
    return day


#: English month abbreviations, whatever the locale (``%b`` follows it).
MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def day_month(day: date) -> str:
    """``1 Dec``: the day and the English month abbreviation."""
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]}"


def add_days(day: date, days: int) -> date:
    """The day ``days`` after ``day`` (before it, when negative), held at the ends of
    the calendar instead of overflowing. Every date shift in netdeck goes through here."""
    ordinal = min(max(day.toordinal() + days, _FIRST_ORDINAL), _LAST_ORDINAL)
    return date.fromordinal(ordinal)


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

"""Checked reading of a parsed JSON document's fields, for netdeck's JSON export reader.

Each check takes an object's fields and a key and returns the value in the type
asked for, or raises a :class:`FieldProblem` naming the field; the reader catches
it once and reports ``path: message`` (``contacts[3].stage: unknown stage 'friend'``),
the path growing as the problem passes up through the records (:func:`each_item`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any, TypeVar

from netdeck.domain.dates import (
    EARLIEST_DAY,
    LATEST_DAY,
    is_accepted_day,
    parse_calendar_date,
    parse_date,
)
from netdeck.domain.errors import InvalidInput

_T = TypeVar("_T")
_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "an object",
}
UNSTORABLE = "holds a lone surrogate (\\ud800-\\udfff), which is not text"


class FieldProblem(Exception):
    """What is wrong and where, the path growing as it passes up through the records."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message

    def under(self, prefix: str) -> FieldProblem:
        separator = "" if not self.path or self.path.startswith("[") else "."
        return FieldProblem(f"{prefix}{separator}{self.path}", self.message)


def each_item(items: list[Any], name: str, parse: Callable[[Any], _T]) -> tuple[_T, ...]:
    """Every item parsed; a problem in one is placed under ``name[n]``."""
    parsed: list[_T] = []
    try:
        for item in items:
            parsed.append(parse(item))
    except FieldProblem as problem:
        raise problem.under(f"{name}[{len(parsed)}]") from None
    return tuple(parsed)


def as_object(value: object) -> dict[str, Any]:
    if type(value) is not dict:
        raise FieldProblem("", "must be an object")
    return value


def only_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    if not allowed.issuperset(fields):
        first = sorted(set(fields) - allowed)[0]
        raise FieldProblem(first[:40], "unknown field")


def get_field(fields: dict[str, Any], key: str, kind: type) -> Any:
    try:
        value = fields[key]
    except KeyError:
        raise FieldProblem(key, "missing") from None
    # type() rather than isinstance(): JSON's true is not a whole number here.
    if type(value) is not kind:
        raise FieldProblem(key, f"must be {_TYPE_NAMES[kind]}")
    return value


def optional_field(fields: dict[str, Any], key: str, kind: type) -> Any:
    if fields.get(key, _MISSING) is None:
        return None
    return get_field(fields, key, kind)


_MISSING = object()


def shown_number(number: int) -> str:
    """A number for a one-line message (JSON allows thousands of digits)."""
    return str(number) if abs(number) < 10**15 else "a number that large"


def storable(text: str) -> bool:
    """False for text SQLite cannot take: a lone surrogate from a ``\\ud800`` escape."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def text_field(fields: dict[str, Any], key: str) -> str:
    value: str = get_field(fields, key, str)
    if not storable(value):
        raise FieldProblem(key, UNSTORABLE)
    return value


def bounded_text_field(fields: dict[str, Any], key: str, limit: int) -> str:
    """Text of at most ``limit`` characters (the column's size)."""
    value = text_field(fields, key)
    if len(value) > limit:
        raise FieldProblem(key, f"must be at most {limit} characters, not {len(value)}")
    return value


def optional_text_field(fields: dict[str, Any], key: str, limit: int) -> str | None:
    """Text of at most ``limit`` characters, or null."""
    if fields.get(key, _MISSING) is None:
        return None
    return bounded_text_field(fields, key, limit)


def no_repeats(values: Sequence[object], where: str, what: str) -> None:
    if len(set(values)) == len(values):
        return
    seen: set[object] = set()
    for n, value in enumerate(values):
        if value in seen:
            shown = value[:40] if isinstance(value, str) else value
            raise FieldProblem(f"{where}[{n}]", f"{what} {shown!r} appears twice")
        seen.add(value)


@cache
def _values(choices: type[StrEnum]) -> frozenset[str]:
    return frozenset(choice.value for choice in choices)


def choice_field(fields: dict[str, Any], key: str, choices: type[StrEnum]) -> str:
    value: str = get_field(fields, key, str)
    if value not in _values(choices):
        names = ", ".join(choice.value for choice in choices)
        raise FieldProblem(
            key, f"unknown {key.replace('_', ' ')} {value[:40]!r}: use one of {names}"
        )
    return value


def day_field(fields: dict[str, Any], key: str, *, derived: bool = False) -> date:
    value: str = get_field(fields, key, str)
    # A due date is worked out, not typed: it may lie past the range typed days keep to.
    day = _parsed_calendar_day(value) if derived else _parsed_day(value)
    if isinstance(day, str):
        raise FieldProblem(key, day)
    return day


@lru_cache(maxsize=4096)  # days repeat a lot in a deck
def _parsed_day(value: str) -> date | str:
    """The day, or the reason it is not one."""
    try:
        return parse_date(value)
    except InvalidInput as error:
        return str(error)


def listed_day(value: object) -> date:
    """One day of a list of days (``cleared_days``)."""
    if type(value) is not str:
        raise FieldProblem("", "must be a date (YYYY-MM-DD)")
    day = _parsed_day(value)
    if isinstance(day, str):
        raise FieldProblem("", day)
    return day


@lru_cache(maxsize=256)
def _parsed_calendar_day(value: str) -> date | str:
    try:
        return parse_calendar_date(value)
    except InvalidInput as error:
        return str(error)


def optional_day_field(fields: dict[str, Any], key: str, *, derived: bool = False) -> date | None:
    if fields.get(key, _MISSING) is None:
        return None
    return day_field(fields, key, derived=derived)


def optional_timestamp_field(fields: dict[str, Any], key: str) -> datetime | None:
    """A timestamp on a day netdeck accepts, or null."""
    if fields.get(key, _MISSING) is None:
        return None
    moment = timestamp_field(fields, key)
    if not is_accepted_day(moment.date()):
        raise FieldProblem(
            key,
            f"bad timestamp {moment.isoformat()!r}: netdeck takes days from "
            f"{EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}",
        )
    return moment


def timestamp_field(fields: dict[str, Any], key: str) -> datetime:
    value: str = get_field(fields, key, str)
    moment = _parsed_timestamp(value)
    if moment is None:
        raise FieldProblem(
            key,
            f"bad timestamp {value[:40]!r}: expected UTC like 2026-03-14T09:30:00 (no time zone)",
        )
    return moment


@lru_cache(maxsize=4096)  # rows made together share a timestamp
def _parsed_timestamp(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is None else None

"""netdeck's own JSON export: the document format, its writer and its checked reader.

A document holds everything a deck knows, as a restore needs it::

    {
      "format": "netdeck",
      "version": 2,
      "settings": {"my-name": "Sam", ...},
      "tags": ["mentor", "python"],
      "snippets": [{"name", "kind", "channel", "subject", "body", "created_at", "updated_at"}],
      "cleared_days": ["2026-03-13", "2026-03-14"],
      "contacts": [{"id", "full_name", ..., "channels": [...], "tags": [...],
                    "interactions": [{..., "snippet": "hello" or null}]}]
    }

Channels, tags and interactions live inside their contact, so nothing can point
at a contact that is not in the file; an interaction names its snippet, which
must be one of the file's snippets. Contacts keep their database ids, so
``netdeck show 42`` means the same person after a restore. Derived columns
(``name_key``, ``search_text``, ``lookup_key``) are left out: a restore
recomputes them. Dates are ``YYYY-MM-DD``, timestamps naive UTC ISO 8601.
``cleared_days`` are the days today's queue was cleared (the streak's history).

Version 2 added ``cleared_days``; a version 1 file (which has none) is still
read, as a deck with no streak history.

The writer is deterministic (fixed key order, contacts by id, snippets by
name, tags and settings sorted, indent 2, UTF-8 not escaped, a final newline),
so exporting a restored deck gives the same bytes. The reader refuses
anything malformed with one :class:`InvalidInput` naming the place, e.g.
``contacts[3].stage: unknown stage 'friend'``; a newer format version is
refused as made by a newer netdeck. Restoring is into an empty database only
(see :mod:`netdeck.services.restoring`).

A file is held to the rules ``add``, ``edit`` and ``log`` apply, through the
same domain functions: every address is normalised by its kind's rule
(so no ``javascript:`` link, control character or ``?bcc=`` gets in, and it is
stored as ``add`` would store it), a name is not empty, a tag is spelled as
netdeck stores tags, no interaction is after ``today``, and a contact has at
most one preferred address. Other text (notes, sent messages) is kept as it is:
it is shown escaped wherever it is printed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from netdeck.domain.cadence import MAX_CADENCE_DAYS, MIN_CADENCE_DAYS
from netdeck.domain.channels import ChannelKind, InteractionChannel, normalise_address
from netdeck.domain.dates import parse_calendar_date, parse_date
from netdeck.domain.errors import InvalidInput, TemplateProblem
from netdeck.domain.interactions import Direction, InteractionKind, check_occurred_on
from netdeck.domain.names import clean_name
from netdeck.domain.settings import SPECS_BY_KEY
from netdeck.domain.snippets import SnippetChannel, SnippetKind, clean_snippet_name
from netdeck.domain.stages import Stage
from netdeck.domain.tags import clean_tag
from netdeck.domain.template_budget import MAX_FILE_CHECK_SECONDS, time_limit
from netdeck.domain.templating import check_template
from netdeck.importers.source_files import MB, read_file

#: JSON string encoding as ``json.dumps(..., ensure_ascii=False)`` does it (the C version).
_string = json.encoder.encode_basestring

FORMAT = "netdeck"
VERSION = 2
#: The first version holding ``cleared_days``.
CLEARED_DAYS_SINCE = 2
#: SQLite's largest integer: a bigger id could not be stored.
MAX_ID = 2**63 - 1
MAX_SETTING_KEY = 60
#: The largest export read: over twice the 45 MB export of a deck of 10,000 people
#: with ten logged messages each (about 4.5 KB a person), and lower than other files'
#: limit because parsed JSON takes several times its size in memory.
MAX_JSON_BYTES = 100 * MB


@dataclass(frozen=True, slots=True)
class ExportedChannel:
    kind: str
    value: str
    preferred: bool


@dataclass(frozen=True, slots=True)
class ExportedInteraction:
    occurred_on: date
    channel: str
    kind: str
    direction: str
    note: str
    text_sent: str | None
    snippet: str | None  # the snippet's name
    source: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ExportedContact:
    id: int
    full_name: str
    first_name: str
    last_name: str
    company: str
    title: str
    how_we_met: str
    notes: str
    stage: str
    stage_since: date
    cadence_days: int | None
    next_due_on: date | None
    snoozed_until: date | None
    skipped_on: date | None
    last_interaction_on: date | None
    connected_on: date | None
    source: str
    created_at: datetime
    updated_at: datetime
    channels: tuple[ExportedChannel, ...]
    tags: tuple[str, ...]
    interactions: tuple[ExportedInteraction, ...]


@dataclass(frozen=True, slots=True)
class ExportedSnippet:
    name: str
    kind: str
    channel: str
    subject: str
    body: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class NetdeckExport:
    """A whole deck, as written to and read from a netdeck JSON export."""

    settings: Mapping[str, str]
    tags: tuple[str, ...]
    snippets: tuple[ExportedSnippet, ...]
    contacts: tuple[ExportedContact, ...]
    #: The days today's queue was cleared, oldest first (the streak's history).
    cleared_days: tuple[date, ...] = ()


# ---------------------------------------------------------------- writing


def write_netdeck_json(export: NetdeckExport) -> str:
    """The document for ``export``: the same deck always gives the same text."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "settings": {key: export.settings[key] for key in sorted(export.settings)},
        "tags": sorted(export.tags),
        "snippets": [_snippet_json(s) for s in sorted(export.snippets, key=lambda s: s.name)],
        "cleared_days": [day.isoformat() for day in sorted(export.cleared_days)],
        "contacts": [_contact_json(c) for c in sorted(export.contacts, key=lambda c: c.id)],
    }
    chunks: list[str] = []
    _encode(document, "\n", chunks)
    chunks.append("\n")
    return "".join(chunks)


def _encode(value: object, newline: str, chunks: list[str]) -> None:
    """Append exactly what ``json.dumps(value, ensure_ascii=False, indent=2)`` gives,
    ``newline`` being the line break and indent before ``value``'s own lines.

    Hand-rolled because ``json.dumps`` with an indent runs its pure-Python encoder,
    several times slower on a deck of a million interactions."""
    inner = newline + "  "
    if type(value) is dict:
        if not value:
            chunks.append("{}")
            return
        separator = "{" + inner
        for key, item in value.items():
            chunks.append(separator)
            chunks.append(_string(key))
            chunks.append(": ")
            if type(item) is dict or type(item) is list:
                _encode(item, inner, chunks)
            else:
                chunks.append(_scalar(item))
            separator = "," + inner
        chunks.append(newline + "}")
    elif type(value) is list:
        if not value:
            chunks.append("[]")
            return
        separator = "[" + inner
        for item in value:
            chunks.append(separator)
            if type(item) is dict or type(item) is list:
                _encode(item, inner, chunks)
            else:
                chunks.append(_scalar(item))
            separator = "," + inner
        chunks.append(newline + "]")
    else:
        chunks.append(_scalar(value))


def _scalar(value: object) -> str:
    if type(value) is str:
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    raise TypeError(f"a netdeck export holds no {type(value).__name__}")


def _iso_day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _snippet_json(s: ExportedSnippet) -> dict[str, object]:
    return {
        "name": s.name,
        "kind": s.kind,
        "channel": s.channel,
        "subject": s.subject,
        "body": s.body,
        "created_at": s.created_at.isoformat(),
        "updated_at": s.updated_at.isoformat(),
    }


def _contact_json(c: ExportedContact) -> dict[str, object]:
    return {
        "id": c.id,
        "full_name": c.full_name,
        "first_name": c.first_name,
        "last_name": c.last_name,
        "company": c.company,
        "title": c.title,
        "how_we_met": c.how_we_met,
        "notes": c.notes,
        "stage": c.stage,
        "stage_since": c.stage_since.isoformat(),
        "cadence_days": c.cadence_days,
        "next_due_on": _iso_day(c.next_due_on),
        "snoozed_until": _iso_day(c.snoozed_until),
        "skipped_on": _iso_day(c.skipped_on),
        "last_interaction_on": _iso_day(c.last_interaction_on),
        "connected_on": _iso_day(c.connected_on),
        "source": c.source,
        "created_at": c.created_at.isoformat(),
        "updated_at": c.updated_at.isoformat(),
        "channels": [
            {"kind": ch.kind, "value": ch.value, "preferred": ch.preferred} for ch in c.channels
        ],
        "tags": sorted(c.tags),
        "interactions": [
            {
                "occurred_on": i.occurred_on.isoformat(),
                "channel": i.channel,
                "kind": i.kind,
                "direction": i.direction,
                "note": i.note,
                "text_sent": i.text_sent,
                "snippet": i.snippet,
                "source": i.source,
                "created_at": i.created_at.isoformat(),
            }
            for i in c.interactions
        ],
    }


# ---------------------------------------------------------------- reading


def read_netdeck_json_file(path: Path, *, today: date) -> NetdeckExport:
    """The deck in the export at ``path``, or an :class:`InvalidInput` saying what is wrong
    (``today`` is the last day an interaction can be on)."""
    return read_netdeck_json(read_file(path, MAX_JSON_BYTES), path.name, today=today)


def read_netdeck_json(data: bytes, name: str = "the file", *, today: date) -> NetdeckExport:
    """The deck in an export's bytes; anything malformed is an :class:`InvalidInput`
    (``name`` starts its message), never another exception."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"{name}: not a netdeck JSON export (not UTF-8 text at byte {error.start})"
        ) from None
    try:
        document = json.loads(
            text, object_pairs_hook=_object_without_repeats, parse_constant=_no_constant
        )
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"{name}: not valid JSON (line {error.lineno} column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise InvalidInput(f"{name}: not a netdeck JSON export (nested too deeply)") from None
    except _Refused as error:
        raise InvalidInput(f"{name}: not valid JSON ({error})") from None
    except ValueError as error:  # e.g. an integer over Python's digit limit
        raise InvalidInput(f"{name}: not valid JSON ({error})") from None
    try:
        return _document(document, today)
    except InvalidInput as error:
        raise InvalidInput(f"{name}: {error}") from None


class _Refused(ValueError):
    """JSON that parses but a netdeck export never contains."""


def _object_without_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Refused(f"the key {key[:40]!r} appears twice in one object")
            seen.add(key)
    return result


def _no_constant(constant: str) -> Any:
    raise _Refused(f"{constant} is not a JSON number")


def _document(document: object, today: date) -> NetdeckExport:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(
            'not a netdeck JSON export (no "format": "netdeck"): make one with '
            "`netdeck export json`"
        )
    version = document.get("version")
    if type(version) is not int:
        raise InvalidInput("version: missing or not a whole number")
    if version > VERSION:
        raise InvalidInput(
            f"made by a newer netdeck (format version {_shown(version)}; this one reads version "
            f"{VERSION}): upgrade netdeck to restore it"
        )
    if version < 1:
        raise InvalidInput(f"version: unsupported format version {_shown(version)}")
    try:
        _only(document, _DOCUMENT_FIELDS[version >= CLEARED_DAYS_SINCE])
        settings = _settings(_get(document, "settings", dict))
        tags = _each(_get(document, "tags", list), "tags", _tag)
        _no_repeats(tags, "tags", "tag")
        # Each template is checked within its own budget, and all of them within the file's.
        with time_limit(MAX_FILE_CHECK_SECONDS):
            snippets = _each(_get(document, "snippets", list), "snippets", _snippet)
        _no_repeats([s.name.lower() for s in snippets], "snippets", "snippet name")
        known_tags = frozenset(tags)
        snippet_names = frozenset(s.name for s in snippets)
        contacts = _each(
            _get(document, "contacts", list),
            "contacts",
            lambda item: _contact(item, known_tags, snippet_names, today),
        )
        _no_repeats([c.id for c in contacts], "contacts", "contact id")
        cleared_days: tuple[date, ...] = ()
        if version >= CLEARED_DAYS_SINCE:
            cleared_days = _each(_get(document, "cleared_days", list), "cleared_days", _listed_day)
            _no_repeats([d.isoformat() for d in cleared_days], "cleared_days", "day")
    except _Problem as problem:
        raise InvalidInput(f"{problem.path}: {problem.message}") from None
    return NetdeckExport(
        settings=settings,
        tags=tags,
        snippets=snippets,
        contacts=contacts,
        cleared_days=tuple(sorted(cleared_days)),
    )


class _Problem(Exception):
    """What is wrong and where, the path growing as it passes up through the records."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message

    def under(self, prefix: str) -> _Problem:
        separator = "" if not self.path or self.path.startswith("[") else "."
        return _Problem(f"{prefix}{separator}{self.path}", self.message)


def _each(items: list[Any], name: str, parse: Callable[[Any], _T]) -> tuple[_T, ...]:
    parsed: list[_T] = []
    try:
        for item in items:
            parsed.append(parse(item))
    except _Problem as problem:
        raise problem.under(f"{name}[{len(parsed)}]") from None
    return tuple(parsed)


def _settings(stored: dict[str, Any]) -> dict[str, str]:
    for key, value in stored.items():
        if not key or len(key) > MAX_SETTING_KEY or not _storable(key):
            raise _Problem("settings", f"{key[:20]!r} is not a setting name")
        if type(value) is not str or not _storable(value):
            raise _Problem(f"settings.{key}", "must be text")
        spec = SPECS_BY_KEY.get(key)
        if spec is not None:  # other keys are netdeck's own marks (e.g. demo-database)
            try:
                spec.parse(value)
            except InvalidInput as error:
                raise _Problem(f"settings.{key}", str(error)) from None
    return dict(stored)


def _tag(value: object) -> str:
    if type(value) is not str or not value.strip() or not _storable(value):
        raise _Problem("", "must be a tag name (non-empty text)")
    try:
        cleaned = clean_tag(value)
    except InvalidInput as error:
        raise _Problem("", str(error)) from None
    if cleaned != value:
        raise _Problem("", f"tag {value[:40]!r} is spelled {cleaned[:40]!r} in netdeck")
    return value


def _snippet(item: object) -> ExportedSnippet:
    fields = _object(item)
    _only(fields, _FIELDS[ExportedSnippet])
    name = _text(fields, "name")
    try:
        valid_name = clean_snippet_name(name) == name
    except InvalidInput:
        valid_name = False
    if not valid_name:
        raise _Problem("name", f"{name[:40]!r} is not a snippet name")
    body = _text(fields, "body")
    if not body.strip():
        raise _Problem("body", "must not be empty")
    subject = _text(fields, "subject")
    for key, template in (("subject", subject), ("body", body)):
        try:
            check_template(template)
        except TemplateProblem as problem:
            raise _Problem(key, f"not a usable template: {problem}") from None
    return ExportedSnippet(
        name=name,
        kind=_choice(fields, "kind", SnippetKind),
        channel=_choice(fields, "channel", SnippetChannel),
        subject=subject,
        body=body,
        created_at=_timestamp(fields, "created_at"),
        updated_at=_timestamp(fields, "updated_at"),
    )


def _contact(
    item: object, known_tags: frozenset[str], snippets: frozenset[str], today: date
) -> ExportedContact:
    fields = _object(item)
    _only(fields, _FIELDS[ExportedContact])
    contact_id = _get(fields, "id", int)
    if not 1 <= contact_id <= MAX_ID:
        raise _Problem("id", f"must be between 1 and {MAX_ID}, not {_shown(contact_id)}")
    cadence = _optional(fields, "cadence_days", int)
    if cadence is not None and not MIN_CADENCE_DAYS <= cadence <= MAX_CADENCE_DAYS:
        raise _Problem(
            "cadence_days",
            f"must be between {MIN_CADENCE_DAYS} and {MAX_CADENCE_DAYS} days, not {_shown(cadence)}",
        )
    tags = _each(_get(fields, "tags", list), "tags", _tag)
    _no_repeats(tags, "tags", "tag")
    for n, tag in enumerate(tags):
        if tag not in known_tags:
            raise _Problem(f"tags[{n}]", f"tag {tag[:40]!r} is not in the file's tags list")
    full_name = _text(fields, "full_name")
    try:
        clean_name(full_name)  # kept as written; refused when empty, as `add` refuses it
    except InvalidInput as error:
        raise _Problem("full_name", str(error)) from None
    channels = _each(_get(fields, "channels", list), "channels", _channel)
    preferred = [n for n, channel in enumerate(channels) if channel.preferred]
    if len(preferred) > 1:
        raise _Problem(
            f"channels[{preferred[1]}].preferred",
            "a second preferred address: a contact has one preferred address",
        )
    last_interaction_on = _optional_day(fields, "last_interaction_on")
    if last_interaction_on is not None:
        _on_or_before(last_interaction_on, today, "last_interaction_on")
    return ExportedContact(
        id=contact_id,
        full_name=full_name,
        first_name=_text(fields, "first_name"),
        last_name=_text(fields, "last_name"),
        company=_text(fields, "company"),
        title=_text(fields, "title"),
        how_we_met=_text(fields, "how_we_met"),
        notes=_text(fields, "notes"),
        stage=_choice(fields, "stage", Stage),
        stage_since=_day(fields, "stage_since"),
        cadence_days=cadence,
        next_due_on=_optional_day(fields, "next_due_on", derived=True),
        snoozed_until=_optional_day(fields, "snoozed_until"),
        skipped_on=_optional_day(fields, "skipped_on"),
        last_interaction_on=last_interaction_on,
        connected_on=_optional_day(fields, "connected_on"),
        source=_text(fields, "source"),
        created_at=_timestamp(fields, "created_at"),
        updated_at=_timestamp(fields, "updated_at"),
        channels=channels,
        tags=tags,
        interactions=_each(
            _get(fields, "interactions", list),
            "interactions",
            lambda entry: _interaction(entry, snippets, today),
        ),
    )


def _channel(item: object) -> ExportedChannel:
    fields = _object(item)
    _only(fields, _FIELDS[ExportedChannel])
    kind = _choice(fields, "kind", ChannelKind)
    value = _text(fields, "value")
    if not value.strip():
        raise _Problem("value", "must not be empty")
    try:
        # Stored as `add` stores it; an export made by netdeck is already in this form.
        value = normalise_address(ChannelKind(kind), value)
    except InvalidInput as error:
        raise _Problem("value", str(error)) from None
    return ExportedChannel(kind=kind, value=value, preferred=_get(fields, "preferred", bool))


def _on_or_before(day: date, today: date, key: str) -> None:
    try:
        check_occurred_on(day, today)
    except InvalidInput as error:
        raise _Problem(key, str(error)) from None


def _interaction(item: object, snippets: frozenset[str], today: date) -> ExportedInteraction:
    fields = _object(item)
    _only(fields, _FIELDS[ExportedInteraction])
    snippet = _optional(fields, "snippet", str)
    if snippet is not None and snippet not in snippets:
        raise _Problem("snippet", f"no snippet named {snippet[:40]!r} in the file")
    text_sent = _optional(fields, "text_sent", str)
    if text_sent is not None and not _storable(text_sent):
        raise _Problem("text_sent", _UNSTORABLE)
    occurred_on = _day(fields, "occurred_on")
    _on_or_before(occurred_on, today, "occurred_on")
    return ExportedInteraction(
        occurred_on=occurred_on,
        channel=_choice(fields, "channel", InteractionChannel),
        kind=_choice(fields, "kind", InteractionKind),
        direction=_choice(fields, "direction", Direction),
        note=_text(fields, "note"),
        text_sent=text_sent,
        snippet=snippet,
        source=_text(fields, "source"),
        created_at=_timestamp(fields, "created_at"),
    )


# ---------------------------------------------------------------- field checks

_T = TypeVar("_T")
_V1_FIELDS = frozenset({"format", "version", "settings", "tags", "snippets", "contacts"})
#: The document's fields, by whether the version has ``cleared_days``.
_DOCUMENT_FIELDS = {False: _V1_FIELDS, True: _V1_FIELDS | {"cleared_days"}}
_FIELDS: dict[type, frozenset[str]] = {
    kind: frozenset(kind.__slots__)
    for kind in (ExportedSnippet, ExportedContact, ExportedChannel, ExportedInteraction)
}
_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "an object",
}
_UNSTORABLE = "holds a lone surrogate (\\ud800-\\udfff), which is not text"


def _object(value: object) -> dict[str, Any]:
    if type(value) is not dict:
        raise _Problem("", "must be an object")
    return value


def _only(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    if not allowed.issuperset(fields):
        first = sorted(set(fields) - allowed)[0]
        raise _Problem(first[:40], "unknown field")


def _get(fields: dict[str, Any], key: str, kind: type) -> Any:
    try:
        value = fields[key]
    except KeyError:
        raise _Problem(key, "missing") from None
    # type() rather than isinstance(): JSON's true is not a whole number here.
    if type(value) is not kind:
        raise _Problem(key, f"must be {_TYPE_NAMES[kind]}")
    return value


def _optional(fields: dict[str, Any], key: str, kind: type) -> Any:
    if fields.get(key, _MISSING) is None:
        return None
    return _get(fields, key, kind)


_MISSING = object()


def _shown(number: int) -> str:
    """A number for a one-line message (JSON allows thousands of digits)."""
    return str(number) if abs(number) < 10**15 else "a number that large"


def _storable(text: str) -> bool:
    """False for text SQLite cannot take: a lone surrogate from a ``\\ud800`` escape."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text(fields: dict[str, Any], key: str) -> str:
    value: str = _get(fields, key, str)
    if not _storable(value):
        raise _Problem(key, _UNSTORABLE)
    return value


def _no_repeats(values: Sequence[object], where: str, what: str) -> None:
    if len(set(values)) == len(values):
        return
    seen: set[object] = set()
    for n, value in enumerate(values):
        if value in seen:
            shown = value[:40] if isinstance(value, str) else value
            raise _Problem(f"{where}[{n}]", f"{what} {shown!r} appears twice")
        seen.add(value)


@cache
def _values(choices: type[StrEnum]) -> frozenset[str]:
    return frozenset(choice.value for choice in choices)


def _choice(fields: dict[str, Any], key: str, choices: type[StrEnum]) -> str:
    value: str = _get(fields, key, str)
    if value not in _values(choices):
        names = ", ".join(choice.value for choice in choices)
        raise _Problem(key, f"unknown {key.replace('_', ' ')} {value[:40]!r}: use one of {names}")
    return value


def _day(fields: dict[str, Any], key: str, *, derived: bool = False) -> date:
    value: str = _get(fields, key, str)
    # A due date is worked out, not typed: it may lie past the range typed days keep to.
    day = _parsed_calendar_day(value) if derived else _parsed_day(value)
    if isinstance(day, str):
        raise _Problem(key, day)
    return day


@lru_cache(maxsize=4096)  # days repeat a lot in a deck
def _parsed_day(value: str) -> date | str:
    """The day, or the reason it is not one."""
    try:
        return parse_date(value)
    except InvalidInput as error:
        return str(error)


def _listed_day(value: object) -> date:
    """One day of a list of days (``cleared_days``)."""
    if type(value) is not str:
        raise _Problem("", "must be a date (YYYY-MM-DD)")
    day = _parsed_day(value)
    if isinstance(day, str):
        raise _Problem("", day)
    return day


@lru_cache(maxsize=256)
def _parsed_calendar_day(value: str) -> date | str:
    try:
        return parse_calendar_date(value)
    except InvalidInput as error:
        return str(error)


def _optional_day(fields: dict[str, Any], key: str, *, derived: bool = False) -> date | None:
    if fields.get(key, _MISSING) is None:
        return None
    return _day(fields, key, derived=derived)


def _timestamp(fields: dict[str, Any], key: str) -> datetime:
    value: str = _get(fields, key, str)
    moment = _parsed_timestamp(value)
    if moment is None:
        raise _Problem(
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

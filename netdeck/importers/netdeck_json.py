"""netdeck's own JSON export: the document format, its writer and its checked reader.

A document holds everything a deck knows, as a restore needs it::

    {
      "format": "netdeck",
      "version": 1,
      "settings": {"my-name": "Sam", ...},
      "tags": ["mentor", "python"],
      "snippets": [{"name", "kind", "channel", "subject", "body", "created_at", "updated_at"}],
      "contacts": [{"id", "full_name", ..., "channels": [...], "tags": [...],
                    "interactions": [{..., "snippet": "hello" or null}]}]
    }

Channels, tags and interactions live inside their contact, so nothing can point
at a contact that is not in the file; an interaction names its snippet, which
must be one of the file's snippets. Contacts keep their database ids, so
``netdeck show 42`` means the same person after a restore. Derived columns
(``name_key``, ``search_text``, ``lookup_key``) are left out: a restore
recomputes them. Dates are ``YYYY-MM-DD``, timestamps naive UTC ISO 8601.

The writer is deterministic (fixed key order, contacts by id, snippets by
name, tags and settings sorted, indent 2, UTF-8 not escaped, a final newline),
so exporting a restored deck gives the same bytes. The reader refuses
anything malformed with one :class:`InvalidInput` naming the place, e.g.
``contacts[3].stage: unknown stage 'friend'``; a newer format version is
refused as made by a newer netdeck. Restoring is into an empty database only
(see :mod:`netdeck.services.restoring`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from netdeck.domain.cadence import MAX_CADENCE_DAYS, MIN_CADENCE_DAYS
from netdeck.domain.channels import ChannelKind, InteractionChannel
from netdeck.domain.dates import parse_date
from netdeck.domain.drafting import check_template
from netdeck.domain.errors import InvalidInput, TemplateProblem
from netdeck.domain.interactions import Direction, InteractionKind
from netdeck.domain.settings import SPECS_BY_KEY
from netdeck.domain.snippets import SnippetChannel, SnippetKind, clean_snippet_name
from netdeck.domain.stages import Stage

FORMAT = "netdeck"
VERSION = 1
#: SQLite's largest integer: a bigger id could not be stored.
MAX_ID = 2**63 - 1
MAX_SETTING_KEY = 60


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


# ---------------------------------------------------------------- writing


def write_netdeck_json(export: NetdeckExport) -> str:
    """The document for ``export``: the same deck always gives the same text."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "settings": {key: export.settings[key] for key in sorted(export.settings)},
        "tags": sorted(export.tags),
        "snippets": [_snippet_json(s) for s in sorted(export.snippets, key=lambda s: s.name)],
        "contacts": [_contact_json(c) for c in sorted(export.contacts, key=lambda c: c.id)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _day(value: date | None) -> str | None:
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
        "next_due_on": _day(c.next_due_on),
        "snoozed_until": _day(c.snoozed_until),
        "skipped_on": _day(c.skipped_on),
        "last_interaction_on": _day(c.last_interaction_on),
        "connected_on": _day(c.connected_on),
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


def read_netdeck_json_file(path: Path) -> NetdeckExport:
    """The deck in the export at ``path``, or an :class:`InvalidInput` saying what is wrong."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InvalidInput(f"{path}: cannot read it ({error.strerror or error})") from None
    return read_netdeck_json(data, path.name)


def read_netdeck_json(data: bytes, name: str = "the file") -> NetdeckExport:
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
        return _document(document)
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


def _document(document: object) -> NetdeckExport:
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
            f"made by a newer netdeck (format version {version}; this one reads version "
            f"{VERSION}): upgrade netdeck to restore it"
        )
    if version < 1:
        raise InvalidInput(f"version: unsupported format version {version}")
    _only(document, ("format", "version", "settings", "tags", "snippets", "contacts"), "")
    settings = _settings(_get(document, "settings", dict, ""))
    tags = _strings(_get(document, "tags", list, ""), "tags")
    snippets = tuple(
        _snippet(item, f"snippets[{n}]")
        for n, item in enumerate(_get(document, "snippets", list, ""))
    )
    _no_repeats((s.name.lower() for s in snippets), "snippets", "snippet name")
    known_tags = frozenset(tags)
    snippet_names = frozenset(s.name for s in snippets)
    contacts = tuple(
        _contact(item, f"contacts[{n}]", known_tags, snippet_names)
        for n, item in enumerate(_get(document, "contacts", list, ""))
    )
    _no_repeats((c.id for c in contacts), "contacts", "contact id")
    return NetdeckExport(settings=settings, tags=tags, snippets=snippets, contacts=contacts)


def _settings(stored: dict[str, Any]) -> dict[str, str]:
    settings: dict[str, str] = {}
    for key, value in stored.items():
        where = f"settings.{key}"
        if not key or len(key) > MAX_SETTING_KEY or not _storable(key):
            raise InvalidInput(f"settings: {key[:20]!r} is not a setting name")
        if not isinstance(value, str) or not _storable(value):
            raise InvalidInput(f"{where}: must be text")
        spec = SPECS_BY_KEY.get(key)
        if spec is not None:  # other keys are netdeck's own marks (e.g. demo-database)
            try:
                spec.parse(value)
            except InvalidInput as error:
                raise InvalidInput(f"{where}: {error}") from None
        settings[key] = value
    return settings


def _snippet(item: object, where: str) -> ExportedSnippet:
    fields = _object(item, where)
    _only(fields, ExportedSnippet.__slots__, where)
    name = _text(fields, "name", where)
    try:
        valid_name = clean_snippet_name(name) == name
    except InvalidInput:
        valid_name = False
    if not valid_name:
        raise InvalidInput(f"{where}.name: {name[:40]!r} is not a snippet name")
    body = _text(fields, "body", where)
    if not body.strip():
        raise InvalidInput(f"{where}.body: must not be empty")
    subject = _text(fields, "subject", where)
    for key, template in (("subject", subject), ("body", body)):
        try:
            check_template(template)
        except TemplateProblem as problem:
            raise InvalidInput(f"{where}.{key}: not a usable template: {problem}") from None
    return ExportedSnippet(
        name=name,
        kind=_choice(fields, "kind", where, SnippetKind),
        channel=_choice(fields, "channel", where, SnippetChannel),
        subject=subject,
        body=body,
        created_at=_timestamp(fields, "created_at", where),
        updated_at=_timestamp(fields, "updated_at", where),
    )


def _contact(
    item: object, where: str, known_tags: frozenset[str], snippets: frozenset[str]
) -> ExportedContact:
    fields = _object(item, where)
    _only(fields, ExportedContact.__slots__, where)
    contact_id = _get(fields, "id", int, where)
    if not 1 <= contact_id <= MAX_ID:
        raise InvalidInput(f"{where}.id: must be between 1 and {MAX_ID}, not {contact_id}")
    cadence = _optional(fields, "cadence_days", int, where)
    if cadence is not None and not MIN_CADENCE_DAYS <= cadence <= MAX_CADENCE_DAYS:
        raise InvalidInput(
            f"{where}.cadence_days: must be between {MIN_CADENCE_DAYS} and "
            f"{MAX_CADENCE_DAYS} days, not {cadence}"
        )
    tags = _strings(_get(fields, "tags", list, where), f"{where}.tags")
    for n, tag in enumerate(tags):
        if tag not in known_tags:
            raise InvalidInput(f"{where}.tags[{n}]: tag {tag!r} is not in the file's tags list")
    channels = tuple(
        _channel(entry, f"{where}.channels[{n}]")
        for n, entry in enumerate(_get(fields, "channels", list, where))
    )
    interactions = tuple(
        _interaction(entry, f"{where}.interactions[{n}]", snippets)
        for n, entry in enumerate(_get(fields, "interactions", list, where))
    )
    return ExportedContact(
        id=contact_id,
        full_name=_text(fields, "full_name", where),
        first_name=_text(fields, "first_name", where),
        last_name=_text(fields, "last_name", where),
        company=_text(fields, "company", where),
        title=_text(fields, "title", where),
        how_we_met=_text(fields, "how_we_met", where),
        notes=_text(fields, "notes", where),
        stage=_choice(fields, "stage", where, Stage),
        stage_since=_day_field(fields, "stage_since", where),
        cadence_days=cadence,
        next_due_on=_optional_day(fields, "next_due_on", where),
        snoozed_until=_optional_day(fields, "snoozed_until", where),
        skipped_on=_optional_day(fields, "skipped_on", where),
        last_interaction_on=_optional_day(fields, "last_interaction_on", where),
        connected_on=_optional_day(fields, "connected_on", where),
        source=_text(fields, "source", where),
        created_at=_timestamp(fields, "created_at", where),
        updated_at=_timestamp(fields, "updated_at", where),
        channels=channels,
        tags=tags,
        interactions=interactions,
    )


def _channel(item: object, where: str) -> ExportedChannel:
    fields = _object(item, where)
    _only(fields, ExportedChannel.__slots__, where)
    value = _text(fields, "value", where)
    if not value.strip():
        raise InvalidInput(f"{where}.value: must not be empty")
    return ExportedChannel(
        kind=_choice(fields, "kind", where, ChannelKind),
        value=value,
        preferred=_get(fields, "preferred", bool, where),
    )


def _interaction(item: object, where: str, snippets: frozenset[str]) -> ExportedInteraction:
    fields = _object(item, where)
    _only(fields, ExportedInteraction.__slots__, where)
    snippet = _optional(fields, "snippet", str, where)
    if snippet is not None and snippet not in snippets:
        raise InvalidInput(f"{where}.snippet: no snippet named {snippet[:40]!r} in the file")
    text_sent = _optional(fields, "text_sent", str, where)
    if text_sent is not None and not _storable(text_sent):
        raise InvalidInput(f"{where}.text_sent: {_UNSTORABLE}")
    return ExportedInteraction(
        occurred_on=_day_field(fields, "occurred_on", where),
        channel=_choice(fields, "channel", where, InteractionChannel),
        kind=_choice(fields, "kind", where, InteractionKind),
        direction=_choice(fields, "direction", where, Direction),
        note=_text(fields, "note", where),
        text_sent=text_sent,
        snippet=snippet,
        source=_text(fields, "source", where),
        created_at=_timestamp(fields, "created_at", where),
    )


# ---------------------------------------------------------------- field checks

_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "an object",
}
_UNSTORABLE = "holds a lone surrogate (\\ud800-\\udfff), which is not text"


def _object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput(f"{where}: must be an object")
    return value


def _only(fields: dict[str, Any], allowed: Sequence[str], where: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        first = sorted(unknown)[0]
        raise InvalidInput(f"{where + '.' if where else ''}{first}: unknown field")


def _get(fields: dict[str, Any], key: str, kind: type, where: str) -> Any:
    path = f"{where}.{key}" if where else key
    if key not in fields:
        raise InvalidInput(f"{path}: missing")
    value = fields[key]
    # type() rather than isinstance(): JSON's true is not a whole number here.
    if type(value) is not kind:
        raise InvalidInput(f"{path}: must be {_TYPE_NAMES[kind]}")
    return value


def _optional(fields: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key in fields and fields[key] is None:
        return None
    return _get(fields, key, kind, where)


def _storable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text(fields: dict[str, Any], key: str, where: str) -> str:
    value: str = _get(fields, key, str, where)
    if not _storable(value):
        raise InvalidInput(f"{where}.{key}: {_UNSTORABLE}")
    return value


def _strings(values: list[Any], where: str) -> tuple[str, ...]:
    for n, value in enumerate(values):
        if type(value) is not str or not value.strip() or not _storable(value):
            raise InvalidInput(f"{where}[{n}]: must be a tag name (non-empty text)")
    _no_repeats(values, where, "tag")
    return tuple(values)


def _no_repeats(values: Iterable[object], where: str, what: str) -> None:
    seen: set[object] = set()
    for n, value in enumerate(values):
        if value in seen:
            raise InvalidInput(f"{where}[{n}]: {what} {value!r} appears twice")
        seen.add(value)


def _choice(fields: dict[str, Any], key: str, where: str, choices: type[StrEnum]) -> str:
    value: str = _get(fields, key, str, where)
    try:
        return choices(value).value
    except ValueError:
        names = ", ".join(choice.value for choice in choices)
        raise InvalidInput(
            f"{where}.{key}: unknown {key.replace('_', ' ')} {value[:40]!r}: use one of {names}"
        ) from None


def _day_field(fields: dict[str, Any], key: str, where: str) -> date:
    value: str = _get(fields, key, str, where)
    try:
        return parse_date(value)
    except InvalidInput as error:
        raise InvalidInput(f"{where}.{key}: {error}") from None


def _optional_day(fields: dict[str, Any], key: str, where: str) -> date | None:
    if key in fields and fields[key] is None:
        return None
    return _day_field(fields, key, where)


def _timestamp(fields: dict[str, Any], key: str, where: str) -> datetime:
    value: str = _get(fields, key, str, where)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is not None:
        raise InvalidInput(
            f"{where}.{key}: bad timestamp {value[:40]!r}: expected UTC like "
            "2026-03-14T09:30:00 (no time zone)"
        )
    return moment

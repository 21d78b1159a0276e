"""netdeck's own JSON export: the document format, its records and its writer
(the checked reader is :mod:`netdeck.importers.netdeck_json`).

A document holds everything a deck knows, as a restore needs it::

    {
      "format": "netdeck",
      "version": 4,
      "settings": {"my-name": "Sam", ...},
      "tags": ["mentor", "python"],
      "tag_cadences": {"mentor": 14},
      "snippets": [{"name", "kind", "channel", "subject", "body", "created_at", "updated_at"}],
      "cleared_days": ["2026-03-13", "2026-03-14"],
      "import_marks": [{"source": "linkedin", "latest_as_of": "2026-11-20"}],
      "not_duplicates": [{"low_id": 3, "high_id": 8, "marked_at": "2026-11-20T10:00:00"}],
      "contacts": [{"id", "full_name", ..., "channels": [...], "tags": [...],
                    "interactions": [{..., "snippet": "hello" or null}],
                    "role_changes": [{"changed_on", "from_company", ...}],
                    "dates": [{"kind", "month", "day", "year", "yearly", "note",
                               "added_on", "source"}]}]
    }

Channels, tags and interactions live inside their contact, so nothing can point
at a contact that is not in the file; an interaction names its snippet, which
must be one of the file's snippets. Contacts keep their database ids, so
``netdeck show 42`` means the same person after a restore. Derived columns
(``name_key``, ``search_text``, ``lookup_key``) are left out: a restore
recomputes them. Dates are ``YYYY-MM-DD``, timestamps naive UTC ISO 8601.
``cleared_days`` are the days today's queue was cleared (the streak's history).
``tag_cadences`` are the tags' cadences in days (only tags that have one; optional
in every version: a file without it restores tags without cadences).

Version 2 added ``cleared_days``; a version 1 file (which has none) is still
read, as a deck with no streak history. Version 3 added what a LinkedIn sync
keeps: on a contact ``awaiting_reply_on`` and ``awaiting_reply_preview``,
``role_changed_on``, ``linkedin_connected`` (true, false or null),
``imported_company`` and ``imported_title``, and its ``role_changes``; on an
interaction ``occurred_at`` (a timestamp or null) and ``external_key`` (the
imported message it is, unique per contact); and the document's
``import_marks`` (the newest export synced per source). A version 1 or 2 file
has none of them: its contacts and interactions restore with them empty.
Version 4 added ``not_duplicates``: the pairs of contacts (by their ids in the
file, lower first) the user said are not the same person; each contact's key
``dates`` (birthdays, anniversaries and reminders: ``year`` null when unknown) and
the document's ``tag_cadences`` (each tag with a cadence of its own, in days). An
older file restores with none of them. A contact's ``bare_request`` (true when
their latest connection request went out without a note) is optional in every
version: absent, it is false. So are a contact's ``owner`` and an interaction's
``actor`` (the user who keeps up with them, who logged it): absent, null; a
contact's ``events`` (who did what: ``{kind, detail, occurred_on, at, actor}``,
oldest first) and the document's ``users`` (``{name, first_seen_at, last_seen_at}``):
absent, none.

The writer is deterministic (fixed key order, contacts by id, snippets by
name, tags and settings sorted, indent 2, UTF-8 not escaped, a final newline),
so exporting a restored deck gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

#: JSON string encoding as ``json.dumps(..., ensure_ascii=False)`` does it (the C version).
_string = json.encoder.encode_basestring

FORMAT = "netdeck"
VERSION = 4
#: The first version holding ``cleared_days``.
CLEARED_DAYS_SINCE = 2
#: The first version holding what a sync keeps (see the module's docstring).
SYNC_SINCE = 3
#: The first version holding ``not_duplicates``.
NOT_DUPLICATES_SINCE = 4
#: The first version holding key dates and tag cadences.
KEY_DATES_SINCE = 4


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
    #: When it happened, to the second, where the source said (imported messages).
    occurred_at: datetime | None = None
    #: The imported message it is (unique among the contact's interactions).
    external_key: str | None = None
    #: Sent as its snippet rendered, nothing personal (optional: older files lack it).
    impersonal: bool = False
    #: The user who logged it (optional: null or absent, logged before decks had users).
    actor: str | None = None


@dataclass(frozen=True, slots=True)
class ExportedEvent:
    """Something a user did to a contact (see :class:`netdeck.store.models.ContactEvent`)."""

    kind: str
    detail: str
    occurred_on: date
    at: datetime
    actor: str | None


@dataclass(frozen=True, slots=True)
class ExportedUser:
    """A user of the deck (see :class:`netdeck.store.models.DeckUser`)."""

    name: str
    first_seen_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True, slots=True)
class ExportedRoleChange:
    """A change of jobs an import noticed (see :class:`netdeck.store.models.RoleChange`)."""

    changed_on: date
    from_company: str
    from_title: str
    to_company: str
    to_title: str


@dataclass(frozen=True, slots=True)
class ExportedKeyDate:
    """A birthday, anniversary or reminder (see :class:`netdeck.store.models.KeyDate`)."""

    kind: str
    month: int
    day: int
    year: int | None
    yearly: bool
    note: str
    added_on: date
    source: str


@dataclass(frozen=True, slots=True)
class ExportedImportMark:
    """The newest export of ``source`` synced so far."""

    source: str
    latest_as_of: date


@dataclass(frozen=True, slots=True)
class ExportedNotDuplicate:
    """Two contacts (by id, lower first) the user said are not the same person."""

    low_id: int
    high_id: int
    marked_at: datetime


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
    # What a sync keeps (version 3); empty in older files.
    awaiting_reply_on: date | None = None
    awaiting_reply_preview: str | None = None
    role_changed_on: date | None = None
    #: "Next time, ask about" (one line); absent from files written before it existed.
    ask_about: str = ""
    #: What they go by; absent from files written before it existed.
    nickname: str = ""
    linkedin_connected: bool | None = None
    imported_company: str | None = None
    imported_title: str | None = None
    role_changes: tuple[ExportedRoleChange, ...] = ()
    #: Birthdays, anniversaries and reminders (version 4).
    dates: tuple[ExportedKeyDate, ...] = ()
    #: Their latest connection request went out without a note; optional in every
    #: version (false when absent: files written before it existed).
    bare_request: bool = False
    #: The user who keeps up with them (optional: null or absent, nobody in particular).
    owner: str | None = None
    #: Who did what to them, oldest first (optional in every version: absent, none).
    events: tuple[ExportedEvent, ...] = ()


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
    #: The newest export synced, per source.
    import_marks: tuple[ExportedImportMark, ...] = ()
    #: Pairs of the file's contacts that are not the same person.
    not_duplicates: tuple[ExportedNotDuplicate, ...] = ()
    #: Tag name -> cadence in days, for the tags that have one.
    tag_cadences: Mapping[str, int] = field(default_factory=dict)
    #: The deck's users (optional in every version: absent, none).
    users: tuple[ExportedUser, ...] = ()


def write_netdeck_json(export: NetdeckExport) -> str:
    """The document for ``export``: the same deck always gives the same text."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "settings": {key: export.settings[key] for key in sorted(export.settings)},
        "tags": sorted(export.tags),
        "tag_cadences": {name: export.tag_cadences[name] for name in sorted(export.tag_cadences)},
        "snippets": [_snippet_json(s) for s in sorted(export.snippets, key=lambda s: s.name)],
        "cleared_days": [day.isoformat() for day in sorted(export.cleared_days)],
        "import_marks": [
            {"source": m.source, "latest_as_of": m.latest_as_of.isoformat()}
            for m in sorted(export.import_marks, key=lambda m: m.source)
        ],
        "not_duplicates": [
            {"low_id": p.low_id, "high_id": p.high_id, "marked_at": p.marked_at.isoformat()}
            for p in sorted(export.not_duplicates, key=lambda p: (p.low_id, p.high_id))
        ],
        "users": [
            {
                "name": u.name,
                "first_seen_at": u.first_seen_at.isoformat(),
                "last_seen_at": u.last_seen_at.isoformat(),
            }
            for u in sorted(export.users, key=lambda u: u.name)
        ],
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
        "nickname": c.nickname,
        "company": c.company,
        "title": c.title,
        "how_we_met": c.how_we_met,
        "notes": c.notes,
        "ask_about": c.ask_about,
        "stage": c.stage,
        "stage_since": c.stage_since.isoformat(),
        "cadence_days": c.cadence_days,
        "next_due_on": _iso_day(c.next_due_on),
        "snoozed_until": _iso_day(c.snoozed_until),
        "skipped_on": _iso_day(c.skipped_on),
        "last_interaction_on": _iso_day(c.last_interaction_on),
        "connected_on": _iso_day(c.connected_on),
        "awaiting_reply_on": _iso_day(c.awaiting_reply_on),
        "awaiting_reply_preview": c.awaiting_reply_preview,
        "role_changed_on": _iso_day(c.role_changed_on),
        "linkedin_connected": c.linkedin_connected,
        "imported_company": c.imported_company,
        "imported_title": c.imported_title,
        "bare_request": c.bare_request,
        "owner": c.owner,
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
                "occurred_at": i.occurred_at.isoformat() if i.occurred_at is not None else None,
                "channel": i.channel,
                "kind": i.kind,
                "direction": i.direction,
                "note": i.note,
                "text_sent": i.text_sent,
                "snippet": i.snippet,
                "source": i.source,
                "external_key": i.external_key,
                "impersonal": i.impersonal,
                "actor": i.actor,
                "created_at": i.created_at.isoformat(),
            }
            for i in c.interactions
        ],
        "role_changes": [
            {
                "changed_on": r.changed_on.isoformat(),
                "from_company": r.from_company,
                "from_title": r.from_title,
                "to_company": r.to_company,
                "to_title": r.to_title,
            }
            for r in c.role_changes
        ],
        "dates": [
            {
                "kind": d.kind,
                "month": d.month,
                "day": d.day,
                "year": d.year,
                "yearly": d.yearly,
                "note": d.note,
                "added_on": d.added_on.isoformat(),
                "source": d.source,
            }
            for d in c.dates
        ],
        "events": [
            {
                "kind": e.kind,
                "detail": e.detail,
                "occurred_on": e.occurred_on.isoformat(),
                "at": e.at.isoformat(),
                "actor": e.actor,
            }
            for e in c.events
        ],
    }

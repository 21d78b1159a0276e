"""Reading netdeck's own JSON export back, checked (the format, its records and
its writer are :mod:`netdeck.importers.netdeck_json_format`, named here too).

The reader refuses anything malformed with one :class:`InvalidInput` naming the
place, e.g. ``contacts[3].stage: unknown stage 'friend'``; a newer format version
is refused as made by a newer netdeck. Restoring is into an empty database only
(see :mod:`netdeck.services.restoring`).

A file is held to the rules ``add``, ``edit`` and ``log`` apply, through the
same domain functions: every address is normalised by its kind's rule
(so no ``javascript:`` link, control character or ``?bcc=`` gets in, and it is
stored as ``add`` would store it), a name is not empty, a tag is spelled as
netdeck stores tags, no interaction is after ``today``, and a contact has at
most one preferred address. Other text (notes, sent messages) is kept as it is:
it is shown escaped wherever it is printed. What a sync keeps (version 3) is held
to the columns it fills: text no longer than the column, days netdeck accepts
(the day someone wrote and a change of jobs not after ``today``), real booleans,
a preview of their message on one line with no control character (the queue
prints it as it is), and at most one interaction per imported message
(``external_key``) in a contact.

(Over 500 lines: one checking reader per record of the format, each held to the
rules of the command that makes such records; the field readers are
:mod:`netdeck.importers.json_fields`.)
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from netdeck.domain.cadence import MAX_CADENCE_DAYS, MIN_CADENCE_DAYS
from netdeck.domain.channels import ChannelKind, InteractionChannel, normalise_address
from netdeck.domain.errors import InvalidInput, TemplateProblem
from netdeck.domain.interactions import Direction, InteractionKind, check_occurred_on
from netdeck.domain.key_dates import NOTE_AT_MOST, KeyDateKind, clean_note, parse_day_of_year
from netdeck.domain.names import clean_name, clean_nickname
from netdeck.domain.settings import REPLACED_SETTINGS, SPECS_BY_KEY, upgrade_stored_settings
from netdeck.domain.snippets import SnippetChannel, SnippetKind, clean_snippet_name
from netdeck.domain.stages import Stage
from netdeck.domain.tags import clean_tag
from netdeck.domain.template_budget import MAX_FILE_CHECK_SECONDS, time_limit
from netdeck.domain.templating import check_template, clean_ask_about
from netdeck.domain.text import visible
from netdeck.domain.users import USER_NAME_LIMIT, parse_user_name
from netdeck.importers.json_fields import (
    UNSTORABLE,
    FieldProblem,
    as_object,
    bounded_text_field,
    choice_field,
    day_field,
    each_item,
    get_field,
    listed_day,
    no_repeats,
    only_fields,
    optional_day_field,
    optional_field,
    optional_text_field,
    optional_timestamp_field,
    shown_number,
    storable,
    text_field,
    timestamp_field,
)
from netdeck.importers.netdeck_json_format import (
    CLEARED_DAYS_SINCE,
    FORMAT,
    KEY_DATES_SINCE,
    NOT_DUPLICATES_SINCE,
    SYNC_SINCE,
    VERSION,
    ExportedChannel,
    ExportedContact,
    ExportedEvent,
    ExportedImportMark,
    ExportedInteraction,
    ExportedKeyDate,
    ExportedNotDuplicate,
    ExportedRoleChange,
    ExportedSnippet,
    ExportedUser,
    NetdeckExport,
    write_netdeck_json,
)
from netdeck.importers.source_files import MB, read_file

# The records and the writer are named here too, beside the reader (restores and tests
# import them from here).
__all__ = [
    "MAX_JSON_BYTES",
    "ExportedChannel",
    "ExportedContact",
    "ExportedEvent",
    "ExportedImportMark",
    "ExportedInteraction",
    "ExportedKeyDate",
    "ExportedNotDuplicate",
    "ExportedRoleChange",
    "ExportedSnippet",
    "ExportedUser",
    "NetdeckExport",
    "read_netdeck_json",
    "read_netdeck_json_file",
    "write_netdeck_json",
]


#: SQLite's largest integer: a bigger id could not be stored.
MAX_ID = 2**63 - 1
MAX_SETTING_KEY = 60
#: The largest export read: over twice the 45 MB export of a deck of 10,000 people
#: with ten logged messages each (about 4.5 KB a person), and lower than other files'
#: limit because parsed JSON takes several times its size in memory.
MAX_JSON_BYTES = 100 * MB

#: ``tag_cadences`` is optional in every version (see the format's docstring).
_V1_FIELDS = frozenset(
    {"format", "version", "settings", "tags", "tag_cadences", "snippets", "contacts", "users"}
)
_FIELDS: dict[type, frozenset[str]] = {
    kind: frozenset(kind.__slots__)
    for kind in (
        ExportedSnippet,
        ExportedContact,
        ExportedChannel,
        ExportedInteraction,
        ExportedRoleChange,
        ExportedImportMark,
        ExportedKeyDate,
        ExportedNotDuplicate,
        ExportedEvent,
        ExportedUser,
    )
}
#: What a sync keeps (version 3 on), by record: older files have none of it.
_SYNC_FIELDS: dict[type, frozenset[str]] = {
    ExportedContact: frozenset(
        {
            "awaiting_reply_on",
            "awaiting_reply_preview",
            "role_changed_on",
            "linkedin_connected",
            "imported_company",
            "imported_title",
            "role_changes",
        }
    ),
    ExportedInteraction: frozenset({"occurred_at", "external_key"}),
}
#: A record's fields in a file of a version before :data:`SYNC_SINCE`.
_PRE_SYNC_FIELDS = {kind: _FIELDS[kind] - fields for kind, fields in _SYNC_FIELDS.items()}
#: A contact's fields added in version 4 (:data:`KEY_DATES_SINCE`).
_KEY_DATE_FIELDS = frozenset({"dates"})
#: The columns' sizes (see :mod:`netdeck.store.models`).
MAX_COMPANY = MAX_TITLE = 300
MAX_PREVIEW = 200
MAX_EXTERNAL_KEY = 400
MAX_SOURCE = 40
MAX_EVENT_KIND = 20
MAX_EVENT_DETAIL = 200


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
            f"made by a newer netdeck (format version {shown_number(version)}; this one reads version "
            f"{VERSION}): upgrade netdeck to restore it"
        )
    if version < 1:
        raise InvalidInput(f"version: unsupported format version {shown_number(version)}")
    synced = version >= SYNC_SINCE
    dated = version >= KEY_DATES_SINCE
    try:
        only_fields(document, _document_fields(version))
        settings = _settings(get_field(document, "settings", dict))
        tags = each_item(get_field(document, "tags", list), "tags", _tag)
        no_repeats(tags, "tags", "tag")
        # Each template is checked within its own budget, and all of them within the file's.
        with time_limit(MAX_FILE_CHECK_SECONDS):
            snippets = each_item(get_field(document, "snippets", list), "snippets", _snippet)
        no_repeats([s.name.lower() for s in snippets], "snippets", "snippet name")
        known_tags = frozenset(tags)
        tag_cadences = _tag_cadences(document.get("tag_cadences", {}), known_tags)
        snippet_names = frozenset(s.name for s in snippets)
        contacts = each_item(
            get_field(document, "contacts", list),
            "contacts",
            lambda item: _contact(
                item, known_tags, snippet_names, today, synced=synced, dated=dated
            ),
        )
        no_repeats([c.id for c in contacts], "contacts", "contact id")
        cleared_days: tuple[date, ...] = ()
        if version >= CLEARED_DAYS_SINCE:
            cleared_days = each_item(
                get_field(document, "cleared_days", list), "cleared_days", listed_day
            )
            no_repeats([d.isoformat() for d in cleared_days], "cleared_days", "day")
        import_marks: tuple[ExportedImportMark, ...] = ()
        if synced:
            import_marks = each_item(
                get_field(document, "import_marks", list), "import_marks", _import_mark
            )
            no_repeats([m.source for m in import_marks], "import_marks", "source")
        not_duplicates: tuple[ExportedNotDuplicate, ...] = ()
        if version >= NOT_DUPLICATES_SINCE:
            ids = frozenset(c.id for c in contacts)
            not_duplicates = each_item(
                get_field(document, "not_duplicates", list),
                "not_duplicates",
                lambda item: _not_duplicate(item, ids),
            )
            no_repeats([(p.low_id, p.high_id) for p in not_duplicates], "not_duplicates", "pair")
        users = (
            each_item(get_field(document, "users", list), "users", _user)
            if "users" in document
            else ()
        )
        no_repeats([u.name for u in users], "users", "user name")
    except FieldProblem as problem:
        raise InvalidInput(f"{problem.path}: {problem.message}") from None
    return NetdeckExport(
        settings=settings,
        tags=tags,
        snippets=snippets,
        contacts=contacts,
        cleared_days=tuple(sorted(cleared_days)),
        import_marks=tuple(sorted(import_marks, key=lambda m: m.source)),
        not_duplicates=tuple(sorted(not_duplicates, key=lambda p: (p.low_id, p.high_id))),
        tag_cadences=tag_cadences,
        users=tuple(sorted(users, key=lambda u: u.name)),
    )


def _user(item: object) -> ExportedUser:
    fields = as_object(item)
    only_fields(fields, _FIELDS[ExportedUser])
    name = _user_name(fields, "name")
    if name is None:
        raise FieldProblem("name", "a user has a name")
    return ExportedUser(
        name,
        timestamp_field(fields, "first_seen_at"),
        timestamp_field(fields, "last_seen_at"),
    )


def _event(item: object, today: date) -> ExportedEvent:
    fields = as_object(item)
    only_fields(fields, _FIELDS[ExportedEvent])
    occurred_on = day_field(fields, "occurred_on")
    _not_after_today(occurred_on, today, "occurred_on")
    kind = bounded_text_field(fields, "kind", MAX_EVENT_KIND)
    if not kind.strip():
        raise FieldProblem("kind", "must not be empty")
    return ExportedEvent(
        kind=kind,
        detail=bounded_text_field(fields, "detail", MAX_EVENT_DETAIL),
        occurred_on=occurred_on,
        at=timestamp_field(fields, "at"),
        actor=_user_name(fields, "actor"),
    )


def _tag_cadences(value: object, known_tags: frozenset[str]) -> dict[str, int]:
    """The tags' cadences: each one of the file's tags, each a cadence netdeck accepts."""
    if not isinstance(value, dict):
        raise FieldProblem("tag_cadences", "must be an object of tag names and days")
    for name, days in value.items():
        if name not in known_tags:
            raise FieldProblem("tag_cadences", f"tag {name[:40]!r} is not in the file's tags list")
        if type(days) is not int or not MIN_CADENCE_DAYS <= days <= MAX_CADENCE_DAYS:
            raise FieldProblem(
                f"tag_cadences.{name[:40]}",
                f"must be a whole number of days from {MIN_CADENCE_DAYS} to {MAX_CADENCE_DAYS}",
            )
    return dict(value)


def _document_fields(version: int) -> frozenset[str]:
    fields = _V1_FIELDS
    if version >= CLEARED_DAYS_SINCE:
        fields |= {"cleared_days"}
    if version >= SYNC_SINCE:
        fields |= {"import_marks"}
    if version >= NOT_DUPLICATES_SINCE:
        fields |= {"not_duplicates"}
    return fields


def _key_date(item: object, today: date) -> ExportedKeyDate:
    """A birthday, anniversary or reminder, held to what ``birthday`` and ``remind`` make."""
    fields = as_object(item)
    only_fields(fields, _FIELDS[ExportedKeyDate])
    kind = choice_field(fields, "kind", KeyDateKind)
    month, day = get_field(fields, "month", int), get_field(fields, "day", int)
    year: int | None = optional_field(fields, "year", int)
    yearly = get_field(fields, "yearly", bool)
    typed = f"--{month:02d}-{day:02d}" if year is None else f"{year:04d}-{month:02d}-{day:02d}"
    try:
        parsed = parse_day_of_year(typed) if 0 <= month <= 99 and 0 <= day <= 99 else None
    except InvalidInput:
        parsed = None
    if parsed is None:
        raise FieldProblem(
            "day", f"no such day: month {shown_number(month)}, day {shown_number(day)}"
        )
    if kind == KeyDateKind.REMINDER.value and year is None:
        raise FieldProblem("year", "a reminder has a year")
    if kind != KeyDateKind.REMINDER.value and not yearly:
        raise FieldProblem("yearly", f"a {kind} comes back every year")
    note = bounded_text_field(fields, "note", NOTE_AT_MOST)
    if clean_note(note) != note:
        raise FieldProblem("note", "must be one line with single spaces, trimmed")
    added_on = day_field(fields, "added_on")
    _not_after_today(added_on, today, "added_on")
    source = bounded_text_field(fields, "source", MAX_SOURCE)
    return ExportedKeyDate(kind, month, day, year, yearly, note, added_on, source)


def _not_duplicate(item: object, contact_ids: frozenset[int]) -> ExportedNotDuplicate:
    """A pair of two of the file's contacts, lower id first."""
    fields = as_object(item)
    only_fields(fields, _FIELDS[ExportedNotDuplicate])
    low, high = get_field(fields, "low_id", int), get_field(fields, "high_id", int)
    if not low < high:
        raise FieldProblem("high_id", "must be greater than low_id (a pair, lower id first)")
    for key, contact_id in (("low_id", low), ("high_id", high)):
        if contact_id not in contact_ids:
            raise FieldProblem(key, f"no contact with id {shown_number(contact_id)} in the file")
    return ExportedNotDuplicate(low, high, timestamp_field(fields, "marked_at"))


def _import_mark(item: object) -> ExportedImportMark:
    fields = as_object(item)
    only_fields(fields, _FIELDS[ExportedImportMark])
    source = bounded_text_field(fields, "source", MAX_SOURCE)
    if not source.strip():
        raise FieldProblem("source", "must not be empty")
    return ExportedImportMark(source=source, latest_as_of=day_field(fields, "latest_as_of"))


def _settings(stored: dict[str, Any]) -> dict[str, str]:
    for key, value in stored.items():
        if key in REPLACED_SETTINGS:
            continue  # an earlier version's, turned into today's below
        if not key or len(key) > MAX_SETTING_KEY or not storable(key):
            raise FieldProblem("settings", f"{key[:20]!r} is not a setting name")
        if type(value) is not str or not storable(value):
            raise FieldProblem(f"settings.{key}", "must be text")
        spec = SPECS_BY_KEY.get(key)
        if spec is not None:  # other keys are netdeck's own marks (e.g. demo-database)
            try:
                spec.parse(value)
            except InvalidInput as error:
                raise FieldProblem(f"settings.{key}", str(error)) from None
    return upgrade_stored_settings(stored)


def _tag(value: object) -> str:
    if type(value) is not str or not value.strip() or not storable(value):
        raise FieldProblem("", "must be a tag name (non-empty text)")
    try:
        cleaned = clean_tag(value)
    except InvalidInput as error:
        raise FieldProblem("", str(error)) from None
    if cleaned != value:
        raise FieldProblem("", f"tag {value[:40]!r} is spelled {cleaned[:40]!r} in netdeck")
    return value


def _snippet(item: object) -> ExportedSnippet:
    fields = as_object(item)
    only_fields(fields, _FIELDS[ExportedSnippet])
    name = text_field(fields, "name")
    try:
        valid_name = clean_snippet_name(name) == name
    except InvalidInput:
        valid_name = False
    if not valid_name:
        raise FieldProblem("name", f"{name[:40]!r} is not a snippet name")
    body = text_field(fields, "body")
    if not body.strip():
        raise FieldProblem("body", "must not be empty")
    subject = text_field(fields, "subject")
    for key, template in (("subject", subject), ("body", body)):
        try:
            check_template(template)
        except TemplateProblem as problem:
            raise FieldProblem(key, f"not a usable template: {problem}") from None
    return ExportedSnippet(
        name=name,
        kind=choice_field(fields, "kind", SnippetKind),
        channel=choice_field(fields, "channel", SnippetChannel),
        subject=subject,
        body=body,
        created_at=timestamp_field(fields, "created_at"),
        updated_at=timestamp_field(fields, "updated_at"),
    )


def _nickname(fields: dict[str, object]) -> str:
    if "nickname" not in fields:
        return ""
    try:
        return clean_nickname(text_field(fields, "nickname"))
    except InvalidInput as error:
        raise FieldProblem("nickname", str(error)) from None


def _contact(
    item: object,
    known_tags: frozenset[str],
    snippets: frozenset[str],
    today: date,
    *,
    synced: bool,
    dated: bool,
) -> ExportedContact:
    fields = as_object(item)
    allowed = _FIELDS[ExportedContact] if synced else _PRE_SYNC_FIELDS[ExportedContact]
    only_fields(fields, allowed if dated else allowed - _KEY_DATE_FIELDS)
    contact_id = get_field(fields, "id", int)
    if not 1 <= contact_id <= MAX_ID:
        raise FieldProblem("id", f"must be between 1 and {MAX_ID}, not {shown_number(contact_id)}")
    cadence = _cadence_days(fields)
    tags = _contact_tags(fields, known_tags)
    full_name = text_field(fields, "full_name")
    try:
        clean_name(full_name)  # kept as written; refused when empty, as `add` refuses it
    except InvalidInput as error:
        raise FieldProblem("full_name", str(error)) from None
    channels = _contact_channels(fields)
    last_interaction_on = optional_day_field(fields, "last_interaction_on")
    if last_interaction_on is not None:
        _on_or_before(last_interaction_on, today, "last_interaction_on")
    contact = ExportedContact(
        id=contact_id,
        full_name=full_name,
        first_name=text_field(fields, "first_name"),
        last_name=text_field(fields, "last_name"),
        company=text_field(fields, "company"),
        title=text_field(fields, "title"),
        how_we_met=text_field(fields, "how_we_met"),
        notes=text_field(fields, "notes"),
        # Optional: backups made before "next time, ask about" existed have none.
        ask_about=clean_ask_about(text_field(fields, "ask_about")) if "ask_about" in fields else "",
        # Optional likewise: backups made before nicknames existed have none.
        nickname=_nickname(fields),
        # Optional likewise (false): backups made before the note budget have none.
        bare_request=get_field(fields, "bare_request", bool) if "bare_request" in fields else False,
        # Optional likewise (null): backups made before team decks have none.
        owner=_user_name(fields, "owner"),
        stage=choice_field(fields, "stage", Stage),
        stage_since=day_field(fields, "stage_since"),
        cadence_days=cadence,
        next_due_on=optional_day_field(fields, "next_due_on", derived=True),
        snoozed_until=optional_day_field(fields, "snoozed_until"),
        skipped_on=optional_day_field(fields, "skipped_on"),
        last_interaction_on=last_interaction_on,
        connected_on=optional_day_field(fields, "connected_on"),
        source=text_field(fields, "source"),
        created_at=timestamp_field(fields, "created_at"),
        updated_at=timestamp_field(fields, "updated_at"),
        channels=channels,
        tags=tags,
        interactions=each_item(
            get_field(fields, "interactions", list),
            "interactions",
            lambda entry: _interaction(entry, snippets, today, synced=synced),
        ),
    )
    _one_interaction_per_message(contact.interactions)
    if dated:
        contact = replace(
            contact,
            dates=each_item(
                get_field(fields, "dates", list), "dates", lambda entry: _key_date(entry, today)
            ),
        )
    if "events" in fields:  # optional in every version (files before team decks have none)
        contact = replace(
            contact,
            events=each_item(
                get_field(fields, "events", list), "events", lambda entry: _event(entry, today)
            ),
        )
    return _with_sync_facts(contact, fields, today) if synced else contact


def _with_sync_facts(
    contact: ExportedContact, fields: dict[str, Any], today: date
) -> ExportedContact:
    """``contact`` with what a sync keeps, read from a version 3 record."""
    awaiting_reply_on = optional_day_field(fields, "awaiting_reply_on")
    if awaiting_reply_on is not None:
        _not_after_today(awaiting_reply_on, today, "awaiting_reply_on")
    preview = optional_text_field(fields, "awaiting_reply_preview", MAX_PREVIEW)
    if preview is not None and visible(preview) != preview:
        raise FieldProblem(
            "awaiting_reply_preview",
            "must be one line with no control character (shown as \\x1b instead)",
        )
    role_changed_on = optional_day_field(fields, "role_changed_on")
    if role_changed_on is not None:
        _not_after_today(role_changed_on, today, "role_changed_on")
    return replace(
        contact,
        awaiting_reply_on=awaiting_reply_on,
        awaiting_reply_preview=preview,
        role_changed_on=role_changed_on,
        linkedin_connected=optional_field(fields, "linkedin_connected", bool),
        imported_company=optional_text_field(fields, "imported_company", MAX_COMPANY),
        imported_title=optional_text_field(fields, "imported_title", MAX_TITLE),
        role_changes=each_item(
            get_field(fields, "role_changes", list),
            "role_changes",
            lambda entry: _role_change(entry, today),
        ),
    )


def _role_change(item: object, today: date) -> ExportedRoleChange:
    fields = as_object(item)
    only_fields(fields, _FIELDS[ExportedRoleChange])
    changed_on = day_field(fields, "changed_on")
    _not_after_today(changed_on, today, "changed_on")
    return ExportedRoleChange(
        changed_on=changed_on,
        from_company=bounded_text_field(fields, "from_company", MAX_COMPANY),
        from_title=bounded_text_field(fields, "from_title", MAX_TITLE),
        to_company=bounded_text_field(fields, "to_company", MAX_COMPANY),
        to_title=bounded_text_field(fields, "to_title", MAX_TITLE),
    )


def _one_interaction_per_message(interactions: tuple[ExportedInteraction, ...]) -> None:
    """No two of a contact's interactions are the same imported message."""
    first: dict[str, int] = {}
    for n, interaction in enumerate(interactions):
        key = interaction.external_key
        if key is None:
            continue
        if key in first:
            raise FieldProblem(
                f"interactions[{n}].external_key",
                f"the imported message {key[:60]!r} appears twice in this contact "
                f"(also interactions[{first[key]}])",
            )
        first[key] = n


def _cadence_days(fields: dict[str, Any]) -> int | None:
    cadence: int | None = optional_field(fields, "cadence_days", int)
    if cadence is not None and not MIN_CADENCE_DAYS <= cadence <= MAX_CADENCE_DAYS:
        raise FieldProblem(
            "cadence_days",
            f"must be between {MIN_CADENCE_DAYS} and {MAX_CADENCE_DAYS} days, not {shown_number(cadence)}",
        )
    return cadence


def _contact_tags(fields: dict[str, Any], known_tags: frozenset[str]) -> tuple[str, ...]:
    """A contact's tags: each once, and each one of the file's tags."""
    tags = each_item(get_field(fields, "tags", list), "tags", _tag)
    no_repeats(tags, "tags", "tag")
    for n, tag in enumerate(tags):
        if tag not in known_tags:
            raise FieldProblem(f"tags[{n}]", f"tag {tag[:40]!r} is not in the file's tags list")
    return tags


def _contact_channels(fields: dict[str, Any]) -> tuple[ExportedChannel, ...]:
    """A contact's addresses, at most one of them preferred."""
    channels = each_item(get_field(fields, "channels", list), "channels", _channel)
    preferred = [n for n, channel in enumerate(channels) if channel.preferred]
    if len(preferred) > 1:
        raise FieldProblem(
            f"channels[{preferred[1]}].preferred",
            "a second preferred address: a contact has one preferred address",
        )
    return channels


def _channel(item: object) -> ExportedChannel:
    fields = as_object(item)
    only_fields(fields, _FIELDS[ExportedChannel])
    kind = choice_field(fields, "kind", ChannelKind)
    value = text_field(fields, "value")
    if not value.strip():
        raise FieldProblem("value", "must not be empty")
    try:
        # Stored as `add` stores it; an export made by netdeck is already in this form.
        value = normalise_address(ChannelKind(kind), value)
    except InvalidInput as error:
        raise FieldProblem("value", str(error)) from None
    return ExportedChannel(kind=kind, value=value, preferred=get_field(fields, "preferred", bool))


def _on_or_before(day: date, today: date, key: str) -> None:
    try:
        check_occurred_on(day, today)
    except InvalidInput as error:
        raise FieldProblem(key, str(error)) from None


def _not_after_today(day: date, today: date, key: str) -> None:
    """A day something was seen (a message, a change of jobs): today or before."""
    if day > today:
        raise FieldProblem(
            key, f"{day.isoformat()} is in the future (today is {today.isoformat()})"
        )


def _interaction(
    item: object, snippets: frozenset[str], today: date, *, synced: bool
) -> ExportedInteraction:
    fields = as_object(item)
    only_fields(
        fields, _FIELDS[ExportedInteraction] if synced else _PRE_SYNC_FIELDS[ExportedInteraction]
    )
    snippet = optional_field(fields, "snippet", str)
    if snippet is not None and snippet not in snippets:
        raise FieldProblem("snippet", f"no snippet named {snippet[:40]!r} in the file")
    text_sent = optional_field(fields, "text_sent", str)
    if text_sent is not None and not storable(text_sent):
        raise FieldProblem("text_sent", UNSTORABLE)
    occurred_on = day_field(fields, "occurred_on")
    _on_or_before(occurred_on, today, "occurred_on")
    occurred_at = external_key = None
    if synced:
        occurred_at = optional_timestamp_field(fields, "occurred_at")
        external_key = optional_text_field(fields, "external_key", MAX_EXTERNAL_KEY)
        if external_key is not None and not external_key:
            raise FieldProblem("external_key", "must not be empty (null when there is none)")
    return ExportedInteraction(
        occurred_on=occurred_on,
        channel=choice_field(fields, "channel", InteractionChannel),
        kind=choice_field(fields, "kind", InteractionKind),
        direction=choice_field(fields, "direction", Direction),
        note=text_field(fields, "note"),
        text_sent=text_sent,
        snippet=snippet,
        source=text_field(fields, "source"),
        created_at=timestamp_field(fields, "created_at"),
        occurred_at=occurred_at,
        external_key=external_key,
        impersonal=get_field(fields, "impersonal", bool) if "impersonal" in fields else False,
        actor=_user_name(fields, "actor"),
    )


def _user_name(fields: dict[str, Any], key: str) -> str | None:
    """An optional user name (an owner, an actor): null or absent is None."""
    text = optional_text_field(fields, key, USER_NAME_LIMIT) if key in fields else None
    if text is None:
        return None
    try:
        return parse_user_name(text)
    except InvalidInput as error:
        raise FieldProblem(key, str(error)) from None

"""Whatever file is handed to ``netdeck import json``, the reader ends in a parsed
deck or an :class:`InvalidInput` with a one-line message: never another exception.

Three kinds of input: arbitrary bytes, arbitrary JSON values, and a valid export
with one field replaced by an arbitrary value (the likeliest hand-edit mistakes).
A document that is accepted must also be writable again.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netdeck.domain.errors import InvalidInput
from netdeck.importers.netdeck_json import NetdeckExport, read_netdeck_json, write_netdeck_json
from tests.conftest import TODAY

VALID: dict[str, Any] = {
    "format": "netdeck",
    "version": 4,
    "settings": {"demo-database": "1", "queue-size": "12"},
    "tags": ["mentor", "python"],
    "tag_cadences": {"mentor": 14},
    "snippets": [
        {
            "name": "hello",
            "kind": "check-in",
            "channel": "email",
            "subject": "Hi",
            "body": "Hi {{ first_name }}",
            "created_at": "2026-01-02T03:04:05.678901",
            "updated_at": "2026-01-02T03:04:05",
        }
    ],
    "cleared_days": ["2025-12-31", "2026-01-01"],
    "import_marks": [{"source": "linkedin", "latest_as_of": "2026-01-01"}],
    "not_duplicates": [],
    "contacts": [
        {
            "id": 7,
            "full_name": "Ann Lee",
            "first_name": "Ann",
            "last_name": "Lee",
            "nickname": "Annie",
            "company": "Acme",
            "title": "CTO",
            "how_we_met": "",
            "notes": "[b]x[/b]",
            "ask_about": "her move to Berlin",
            "stage": "active",
            "stage_since": "2026-01-01",
            "cadence_days": 14,
            "next_due_on": "2026-01-15",
            "snoozed_until": None,
            "skipped_on": None,
            "last_interaction_on": "2026-01-01",
            "connected_on": None,
            "awaiting_reply_on": "2025-12-30",
            "awaiting_reply_preview": "coffee next week?",
            "role_changed_on": "2026-01-01",
            "linkedin_connected": False,
            "imported_company": "Northwind",
            "imported_title": "PM",
            "bare_request": True,
            "source": "manual",
            "created_at": "2026-01-01T00:00:00",
            "updated_at": "2026-01-01T00:00:00",
            "channels": [{"kind": "email", "value": "ann@example.com", "preferred": True}],
            "tags": ["mentor"],
            "interactions": [
                {
                    "occurred_on": "2026-01-01",
                    "occurred_at": "2026-01-01T09:30:00",
                    "channel": "email",
                    "kind": "message",
                    "direction": "outbound",
                    "note": "",
                    "text_sent": "Hi Ann",
                    "snippet": "hello",
                    "source": "manual",
                    "external_key": "conv-1|2026-01-01T09:30:00|me",
                    "impersonal": False,
                    "created_at": "2026-01-01T00:00:00",
                    "actor": "Alex",
                }
            ],
            "role_changes": [
                {
                    "changed_on": "2026-01-01",
                    "from_company": "Northwind",
                    "from_title": "PM",
                    "to_company": "Acme",
                    "to_title": "CTO",
                }
            ],
            "dates": [
                {
                    "kind": "birthday",
                    "month": 2,
                    "day": 29,
                    "year": None,
                    "yearly": True,
                    "note": "",
                    "added_on": "2026-01-01",
                    "source": "manual",
                },
                {
                    "kind": "reminder",
                    "month": 12,
                    "day": 1,
                    "year": 2026,
                    "yearly": False,
                    "note": "ask how the launch went",
                    "added_on": "2026-01-01",
                    "source": "manual",
                },
            ],
            "owner": "Alex",
            "events": [],
        }
    ],
    "users": [],
}


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in ``value`` a mutation can hit (object keys and list items)."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


PATHS = _paths(VALID)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text()
    | st.sampled_from(["", "2026-02-30", "2026-01-01", "active", "email", "hello", "mentor"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def _outcome(data: bytes) -> None:
    try:
        parsed = read_netdeck_json(data, "deck.json", today=TODAY)
    except InvalidInput as error:
        message = str(error)
        assert message.startswith("deck.json: ") and message.strip(), message
        return
    assert isinstance(parsed, NetdeckExport)
    # What is accepted can be written again (in json.dumps's own layout), and the
    # written file reads back to the same deck, written the same way.
    written = write_netdeck_json(parsed)
    assert written == json.dumps(json.loads(written), ensure_ascii=False, indent=2) + "\n"
    assert write_netdeck_json(read_netdeck_json(written.encode("utf-8"), today=TODAY)) == written


def test_the_valid_document_reads() -> None:
    parsed = read_netdeck_json(json.dumps(VALID).encode(), today=TODAY)
    assert parsed.contacts[0].interactions[0].snippet == "hello"
    assert json.loads(write_netdeck_json(parsed)) == VALID


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_arbitrary_bytes(data: bytes) -> None:
    _outcome(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_arbitrary_json_values(value: Any) -> None:
    _outcome(json.dumps(value).encode("utf-8"))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), json_values, st.booleans())
def test_a_valid_document_with_one_field_changed(
    path: tuple[Any, ...], value: Any, remove: bool
) -> None:
    document = copy.deepcopy(VALID)
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    if remove:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    _outcome(json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(PATHS), st.text())
def test_any_text_in_any_field(path: tuple[Any, ...], text: str) -> None:
    """Text in every field, lone surrogates (``"\\ud800"``) and control characters included."""
    document = copy.deepcopy(VALID)
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = text
    _outcome(json.dumps(document).encode("ascii"))


def test_nesting_and_numbers_past_the_limits() -> None:
    for data in (
        b"[" * 200_000,
        b"[" * 200_000 + b"]" * 200_000,
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        b"1" * 10_000,
        b'{"format": "netdeck", "version": 1e999}',
        b'{"format": "netdeck", "version": 99999999999999999999999999}',
        b"\xef\xbb\xbf" + json.dumps(VALID).encode(),  # a BOM is fine
        json.dumps(VALID).encode("utf-16"),
    ):
        _outcome(data)


def test_bare_request_is_optional_and_must_be_true_or_false() -> None:
    """A file written before the note budget has no ``bare_request``: false."""
    parsed = read_netdeck_json(json.dumps(VALID).encode(), today=TODAY)
    assert parsed.contacts[0].bare_request is True
    older = json.loads(json.dumps(VALID))
    del older["contacts"][0]["bare_request"]
    assert (
        read_netdeck_json(json.dumps(older).encode(), today=TODAY).contacts[0].bare_request is False
    )
    older["contacts"][0]["bare_request"] = 1
    with pytest.raises(InvalidInput, match="bare_request"):
        read_netdeck_json(json.dumps(older).encode(), today=TODAY)

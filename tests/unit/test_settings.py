"""Settings typed by the user are validated; stored ones that went bad fall back."""

from __future__ import annotations

import pytest

from netdeck.domain.errors import InvalidInput, NotFound
from netdeck.domain.settings import Settings, parse_setting, settings_from_stored


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [
        pytest.param("queue-size", "25", 25, id="queue-size"),
        pytest.param("queue_size", " 1 ", 1, id="underscore-spelling-and-lower-bound"),
        pytest.param("Queue-Size", "500", 500, id="upper-bound"),
        pytest.param("default-cadence", "2w", 14, id="cadence-with-unit"),
        pytest.param("default-cadence", "45", 45, id="cadence-in-days"),
        pytest.param("inner-circle-target", "150", 150, id="inner-circle"),
        pytest.param("linkedin-note-limit", "300", 300, id="premium-note-limit"),
        pytest.param("linkedin-note-limit", "200", 200, id="free-note-limit"),
        pytest.param("my-name", "  Sam Rivera ", "Sam Rivera", id="name-trimmed"),
        pytest.param("my-name", "", "", id="name-cleared"),
        pytest.param("signature", "Cheers,\nSam", "Cheers,\nSam", id="multi-line-signature"),
        pytest.param("theme", "nord", "nord", id="theme"),
    ],
)
def test_parse_setting(key: str, text: str, value: object) -> None:
    assert parse_setting(key, text) == value


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        pytest.param("queue-size", "0", "between 1 and 500", id="queue-size-zero"),
        pytest.param("queue-size", "501", "between 1 and 500", id="queue-size-too-big"),
        pytest.param("queue-size", "ten", "whole number", id="queue-size-word"),
        pytest.param("queue-size", "2.5", "whole number", id="queue-size-fraction"),
        pytest.param("default-cadence", "often", "bad cadence", id="cadence-word"),
        pytest.param("default-cadence", "0", "bad cadence", id="cadence-zero"),
        pytest.param("inner-circle-target", "10001", "between 1 and 10000", id="target-too-big"),
        pytest.param("linkedin-note-limit", "250", "200 .* or 300", id="note-limit-other"),
        pytest.param("my-name", "x" * 201, "at most 200", id="name-too-long"),
        pytest.param("signature", "x" * 1001, "at most 1000", id="signature-too-long"),
        pytest.param("theme", "my theme", "theme name", id="theme-with-space"),
        pytest.param("theme", "", "theme name", id="theme-empty"),
    ],
)
def test_bad_setting_values_are_refused(key: str, text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_setting(key, text)


def test_unknown_setting_lists_the_known_ones() -> None:
    with pytest.raises(NotFound, match="unknown setting 'colour': use one of queue-size, "):
        parse_setting("colour", "red")


def test_settings_from_stored_ignores_bad_and_unknown_values() -> None:
    stored = {
        "queue-size": "25",
        "default-cadence": "banana",
        "inner-circle-target": "-4",
        "linkedin-note-limit": "300",
        "my-name": "Sam",
        "favourite-colour": "teal",
    }
    assert settings_from_stored(stored) == Settings(
        queue_size=25, linkedin_note_limit=300, my_name="Sam"
    )


def test_defaults() -> None:
    assert settings_from_stored({}) == Settings(
        queue_size=10,
        default_cadence=30,
        inner_circle_target=100,
        my_name="",
        signature="",
        linkedin_note_limit=200,
        theme="textual-dark",
    )

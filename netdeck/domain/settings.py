"""The user's settings: names, defaults and validation.

Settings are stored as text keyed by their CLI name; :func:`parse_setting`
turns what the user typed into the typed value or a clear error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from netdeck.domain.cadence import DEFAULT_CADENCE_DAYS, parse_cadence
from netdeck.domain.errors import InvalidInput, NotFound


@dataclass(frozen=True, slots=True)
class Settings:
    """Typed settings with their defaults."""

    queue_size: int = 10
    default_cadence: int = DEFAULT_CADENCE_DAYS
    inner_circle_target: int = 100
    my_name: str = ""
    signature: str = ""
    linkedin_note_limit: int = 200
    theme: str = "textual-dark"
    reply_window: int = 14
    keep_message_text: bool = True
    #: Where numbers written without ``+`` are dialled (``US``, ``GB``...): imports
    #: store them in E.164. Empty: only ``+`` numbers are normalised.
    phone_region: str = ""


def _bounded_int(label: str, low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise InvalidInput(f"{label} must be a whole number, not {text!r}") from None
        if not low <= value <= high:
            raise InvalidInput(f"{label} must be between {low} and {high}, not {value}")
        return value

    return parse


def _note_limit(text: str) -> int:
    value = text.strip()
    if value not in {"200", "300"}:
        raise InvalidInput(
            f"linkedin-note-limit must be 200 (free account) or 300 (Premium), not {text!r}"
        )
    return int(value)


def _short_text(label: str, limit: int) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip()
        if len(value) > limit:
            raise InvalidInput(f"{label} must be at most {limit} characters")
        return value

    return parse


def _on_off(label: str) -> Callable[[str], bool]:
    def parse(text: str) -> bool:
        value = text.strip().lower()
        if value in {"on", "yes", "true", "1"}:
            return True
        if value in {"off", "no", "false", "0"}:
            return False
        raise InvalidInput(f"{label} must be on or off, not {text!r}")

    return parse


def _theme(text: str) -> str:
    value = text.strip()
    if not value or len(value) > 60 or any(ch.isspace() for ch in value):
        raise InvalidInput(f"theme must be a Textual theme name like textual-dark, not {text!r}")
    return value


def _phone_region(text: str) -> str:
    """Two letters, or empty (the shape only: reading settings stays free of the
    ``phonenumbers`` import, which :func:`_known_region` pays when the user sets it)."""
    value = text.strip().upper()
    if value and not (len(value) == 2 and value.isascii() and value.isalpha()):
        raise InvalidInput(
            f"phone-region must be a two-letter country code like US, GB or DE (or empty), "
            f"not {text!r}"
        )
    return value


def _known_region(value: object) -> None:
    import phonenumbers

    if value and value not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidInput(f"phone-region {value!r} is not a country phonenumbers knows")


@dataclass(frozen=True, slots=True)
class SettingSpec:
    """One setting: its CLI name, the :class:`Settings` field, a description and its parser."""

    key: str
    field: str
    description: str
    parse: Callable[[str], object]
    #: A further check when the user sets it (one too slow for every start-up).
    confirm: Callable[[object], None] | None = None


SETTING_SPECS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "queue-size", "queue_size", "people in the daily queue", _bounded_int("queue-size", 1, 500)
    ),
    SettingSpec(
        "default-cadence",
        "default_cadence",
        "days between check-ins when a contact has no cadence of its own (14, 2w, 1m...)",
        parse_cadence,
    ),
    SettingSpec(
        "inner-circle-target",
        "inner_circle_target",
        "how many active contacts you aim to keep up with",
        _bounded_int("inner-circle-target", 1, 10000),
    ),
    SettingSpec(
        "my-name",
        "my_name",
        "your name, for {{ my_name }} in snippets",
        _short_text("my-name", 200),
    ),
    SettingSpec(
        "signature",
        "signature",
        "your sign-off, at the end of email drafts ({{ signature }} in snippets)",
        _short_text("signature", 1000),
    ),
    SettingSpec(
        "linkedin-note-limit",
        "linkedin_note_limit",
        "characters allowed in a LinkedIn invitation note: 200, or 300 with Premium",
        _note_limit,
    ),
    SettingSpec("theme", "theme", "the TUI's colour theme", _theme),
    SettingSpec(
        "reply-window",
        "reply_window",
        "days someone who wrote to you stays at the top of the queue, awaiting your reply",
        _bounded_int("reply-window", 1, 365),
    ),
    SettingSpec(
        "keep-message-text",
        "keep_message_text",
        "keep the text of imported LinkedIn messages (on) or only that they happened (off)",
        _on_off("keep-message-text"),
    ),
    SettingSpec(
        "phone-region",
        "phone_region",
        "two-letter country where numbers without + are dialled (US, GB...): imports "
        "store phones in E.164 (empty: only + numbers)",
        _phone_region,
        _known_region,
    ),
)

SPECS_BY_KEY: Mapping[str, SettingSpec] = {spec.key: spec for spec in SETTING_SPECS}


def setting_spec(key: str) -> SettingSpec:
    """The spec for a CLI setting name (``queue-size``; ``queue_size`` works too)."""
    spec = SPECS_BY_KEY.get(key.strip().lower().replace("_", "-"))
    if spec is None:
        names = ", ".join(SPECS_BY_KEY)
        raise NotFound(f"unknown setting {key!r}: use one of {names}")
    return spec


def parse_setting(key: str, text: str) -> object:
    """The typed value of setting ``key`` from the text the user gave."""
    return setting_spec(key).parse(text)


def settings_from_stored(stored: Mapping[str, str]) -> Settings:
    """Typed settings from stored text; unknown keys are ignored, bad values fall back
    to the default (they can only come from outside netdeck)."""
    # Any: each spec's parser returns its own field's type, which a dict cannot say.
    values: dict[str, Any] = {}
    for spec in SETTING_SPECS:
        if spec.key in stored:
            try:
                values[spec.field] = spec.parse(stored[spec.key])
            except InvalidInput:
                continue
    return Settings(**values)


def setting_value(settings: Settings, key: str) -> object:
    return getattr(settings, setting_spec(key).field)


def setting_text(value: object) -> str:
    """A typed setting as the user types it (``on``/``off`` for switches)."""
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def settings_as_dict(settings: Settings) -> dict[str, object]:
    """Settings keyed by CLI name, in display order."""
    by_field = {f.name: getattr(settings, f.name) for f in fields(settings)}
    return {spec.key: by_field[spec.field] for spec in SETTING_SPECS}

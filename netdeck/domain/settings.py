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
from netdeck.domain.users import parse_user_name

FREE = "free"
PREMIUM = "premium"
#: LinkedIn Help (answer a550555, "Invitation limit reached"): free members may add
#: a personal note to five connection requests a month; Premium members, to all.
FREE_NOTES_PER_MONTH = 5
#: The most notes a month the setting takes (a sanity bound, not LinkedIn's).
MOST_NOTES_PER_MONTH = 1000


@dataclass(frozen=True, slots=True)
class Settings:
    """Typed settings with their defaults."""

    queue_size: int = 10
    default_cadence: int = DEFAULT_CADENCE_DAYS
    inner_circle_target: int = 100
    my_name: str = ""
    signature: str = ""
    #: ``free`` or ``premium``: sets the invitation note's length (200/300) and the
    #: monthly note budget's default (:mod:`netdeck.domain.note_budget`).
    linkedin_plan: str = "free"
    #: Connection requests with a note per calendar month; None: the plan's (5 on
    #: free, no limit on Premium).
    linkedin_notes_per_month: int | None = None
    theme: str = "textual-dark"
    reply_window: int = 14
    keep_message_text: bool = True
    #: Where numbers written without ``+`` are dialled (``US``, ``GB``...): imports
    #: store them in E.164. Empty: only ``+`` numbers are normalised.
    phone_region: str = ""
    #: Who this deck's runs act as when ``NETDECK_USER`` is unset (empty: the login
    #: name); see :mod:`netdeck.domain.users`.
    me: str = ""
    #: The mail account ``netdeck mail sync`` reads (:mod:`netdeck.domain.mail`);
    #: the password is never a setting (``NETDECK_IMAP_PASSWORD`` or the keyring).
    imap_host: str = ""
    #: 0: the usual port of ``imap_security`` (993 for tls, 143 otherwise).
    imap_port: int = 0
    imap_user: str = ""
    imap_security: str = "tls"
    #: How far back the first sync of a folder reads.
    mail_lookback_days: int = 365

    @property
    def linkedin_note_limit(self) -> int:
        """Characters allowed in a LinkedIn invitation note: 200, or 300 on Premium."""
        return 300 if self.linkedin_plan == PREMIUM else 200

    @property
    def linkedin_notes_limit(self) -> int | None:
        """Notes a month LinkedIn allows: the setting, else the plan's (None: no limit)."""
        if self.linkedin_notes_per_month is not None:
            return self.linkedin_notes_per_month
        return None if self.linkedin_plan == PREMIUM else FREE_NOTES_PER_MONTH


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


def _plan(text: str) -> str:
    value = text.strip().lower()
    if value not in {FREE, PREMIUM}:
        raise InvalidInput(
            f"linkedin-plan must be free (200-character notes, 5 a month) or premium "
            f"(300 characters, no monthly limit), not {text!r}"
        )
    return value


#: What ``linkedin-notes-per-month`` takes to mean "the plan's number".
PLAN_DEFAULT_WORDS = frozenset({"", "plan", "default"})


def _notes_per_month(text: str) -> int | None:
    value = text.strip().lower()
    if value in PLAN_DEFAULT_WORDS:
        return None
    try:
        number = int(value)
    except ValueError:
        raise InvalidInput(
            f"linkedin-notes-per-month must be a whole number, or plan for the plan's "
            f"(5 on free, no limit on premium), not {text!r}"
        ) from None
    if not 0 <= number <= MOST_NOTES_PER_MONTH:
        raise InvalidInput(
            f"linkedin-notes-per-month must be between 0 and {MOST_NOTES_PER_MONTH}, not {number}"
        )
    return number


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


def _host(text: str) -> str:
    value = text.strip()
    if len(value) > 253 or any(ch.isspace() or ch in "/@" for ch in value):
        raise InvalidInput(f"imap-host must be a server name like imap.gmail.com, not {text!r}")
    return value


def _imap_security(text: str) -> str:
    from netdeck.domain.mail import parse_security

    return parse_security(text)


def _user_name(text: str) -> str:
    """A user name, or empty (the login name)."""
    return parse_user_name(text) if text.strip() else ""


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
        "linkedin-plan",
        "linkedin_plan",
        "free (200-character invitation notes, 5 a month) or premium (300, no monthly limit)",
        _plan,
    ),
    SettingSpec(
        "linkedin-notes-per-month",
        "linkedin_notes_per_month",
        "connection requests with a note LinkedIn allows a month (plan: 5 on free, "
        "no limit on premium)",
        _notes_per_month,
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
    SettingSpec(
        "me",
        "me",
        "who you are in a shared deck when NETDECK_USER is unset (empty: your login name)",
        _user_name,
    ),
    SettingSpec("imap-host", "imap_host", "your mail server for netdeck mail sync", _host),
    SettingSpec(
        "imap-port",
        "imap_port",
        "its IMAP port (0: 993 with tls, 143 with starttls or plain)",
        _bounded_int("imap-port", 0, 65535),
    ),
    SettingSpec(
        "imap-user",
        "imap_user",
        "your mail login (the password: NETDECK_IMAP_PASSWORD or the system keyring)",
        _short_text("imap-user", 300),
    ),
    SettingSpec(
        "imap-security",
        "imap_security",
        "tls, starttls or plain (plain only to localhost)",
        _imap_security,
    ),
    SettingSpec(
        "mail-lookback-days",
        "mail_lookback_days",
        "how many days back the first mail sync reads",
        _bounded_int("mail-lookback-days", 1, 3650),
    ),
)

SPECS_BY_KEY: Mapping[str, SettingSpec] = {spec.key: spec for spec in SETTING_SPECS}


#: Settings an earlier version had, and what replaced them.
REPLACED_SETTINGS = {
    "linkedin-note-limit": "linkedin-note-limit is now linkedin-plan: free (200-character "
    "notes) or premium (300)",
}


def setting_spec(key: str) -> SettingSpec:
    """The spec for a CLI setting name (``queue-size``; ``queue_size`` works too)."""
    name = key.strip().lower().replace("_", "-")
    spec = SPECS_BY_KEY.get(name)
    if spec is None and name in REPLACED_SETTINGS:
        raise NotFound(f"unknown setting {key!r}: {REPLACED_SETTINGS[name]}")
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


def upgrade_stored_settings(stored: Mapping[str, str]) -> dict[str, str]:
    """Stored settings with those an earlier version had turned into today's: a
    ``linkedin-note-limit`` of 300 means Premium (migration 0012 does the same in
    the database; this reads an older JSON export)."""
    upgraded = dict(stored)
    note_limit = upgraded.pop("linkedin-note-limit", None)
    if note_limit is not None and "linkedin-plan" not in upgraded:
        upgraded["linkedin-plan"] = PREMIUM if note_limit.strip() == "300" else FREE
    return upgraded


def setting_value(settings: Settings, key: str) -> object:
    return getattr(settings, setting_spec(key).field)


def setting_text(value: object) -> str:
    """A typed setting as the user types it (``on``/``off`` for switches)."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if value is None:
        return "plan"  # linkedin-notes-per-month: the plan's number
    return str(value)


def settings_as_dict(settings: Settings) -> dict[str, object]:
    """Settings keyed by CLI name, in display order."""
    by_field = {f.name: getattr(settings, f.name) for f in fields(settings)}
    return {spec.key: by_field[spec.field] for spec in SETTING_SPECS}

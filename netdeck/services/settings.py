"""Reading and changing the user's settings.

Internal to the application API: its functions take a session and ORM rows, and
the faces reach them only through :class:`netdeck.services.api.DeckApi`.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from netdeck.domain.settings import Settings, setting_spec, setting_text, settings_from_stored
from netdeck.store.models import Setting


def load_settings(session: Session) -> Settings:
    """The current settings (defaults for anything never set)."""
    stored = dict(session.execute(select(Setting.key, Setting.value)).all())
    return settings_from_stored(stored)


def change_setting(session: Session, key: str, text: str) -> object:
    """Validate and store one setting; returns the typed value."""
    spec = setting_spec(key)
    value = spec.parse(text)
    if spec.confirm is not None:
        spec.confirm(value)
    row = session.get(Setting, spec.key)
    if row is None:
        session.add(Setting(key=spec.key, value=setting_text(value)))
    else:
        row.value = setting_text(value)
    return value

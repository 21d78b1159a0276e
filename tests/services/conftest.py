"""Service-test helpers: add contacts through the real service, read the database back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import func, select

from netdeck.domain.channels import ChannelKind
from netdeck.domain.settings import Settings
from netdeck.services.contacts import ContactFields, add_contact
from netdeck.services.views import ContactDetail
from netdeck.store.database import Database
from netdeck.store.models import Channel, Contact, ContactTag, Interaction, Setting, Snippet, Tag

ALL_TABLES = (Contact, Channel, Interaction, Snippet, Tag, ContactTag, Setting)


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def add(database: Database, today: date, settings: Settings) -> Callable[..., ContactDetail]:
    """``add("Jane Doe", email=["j@x.com"], stage="connected", ...)`` in its own transaction."""

    def add_one(name: str, **given: object) -> ContactDetail:
        addresses = {
            kind: list(given.pop(kind.value))  # type: ignore[call-overload]
            for kind in ChannelKind
            if kind.value in given
        }
        with database.writing() as session:
            return add_contact(
                session,
                ContactFields(name=name, addresses=addresses, **given),  # type: ignore[arg-type]
                today=today,
                settings=settings,
            )

    return add_one


@pytest.fixture
def row_counts(database: Database) -> Callable[[], dict[str, int]]:
    """How many rows each table holds, read in a fresh session."""

    def count() -> dict[str, int]:
        with database.reading() as session:
            return {
                model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
                for model in ALL_TABLES
            }

    return count


@pytest.fixture
def stored(database: Database) -> Callable[[int], Contact]:
    """The contact as stored, read in a fresh session (channels and tags loaded)."""

    def load(contact_id: int) -> Contact:
        with database.reading() as session:
            contact = session.get(Contact, contact_id)
            assert contact is not None, f"contact {contact_id} is not in the database"
            _ = contact.channels, contact.tags
            return contact

    return load

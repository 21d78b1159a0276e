"""The ORM models (SQLAlchemy 2.x typed declarative mapping).

Denormalised columns keep the hot paths to one indexed query:
``next_due_on`` (derived by :func:`netdeck.domain.scheduling.next_due_on`),
``last_interaction_on``, ``name_key`` (sorting, case-insensitive matching) and
``search_text`` (search as you type over name, company, title, addresses and
tags). The services keep them in step with the facts they derive from.

Dates are calendar dates; timestamps are naive UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utc_now() -> datetime:
    """Now, as naive UTC (what every timestamp column stores)."""
    return datetime.now(UTC).replace(tzinfo=None)


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Contact(Base):
    __tablename__ = "contacts"
    __table_args__ = (
        Index("ix_contacts_last_interaction_on", "last_interaction_on"),
        # Covers every column today's queue filters and sorts on (see
        # netdeck.services.queue), so ordering the due contacts reads no table rows.
        Index(
            "ix_contacts_queue", "next_due_on", "skipped_on", "stage", "cadence_days", "name_key"
        ),
        # The contacts list in name order with search-as-you-type: a search reads
        # this narrow index instead of whole contact rows.
        Index("ix_contacts_name_search", "name_key", "id", "search_text"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    full_name: Mapped[str] = mapped_column(String(300))
    first_name: Mapped[str] = mapped_column(String(200), default="")
    last_name: Mapped[str] = mapped_column(String(200), default="")
    name_key: Mapped[str] = mapped_column(String(300))
    company: Mapped[str] = mapped_column(String(300), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    how_we_met: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(20), index=True)
    stage_since: Mapped[date] = mapped_column(Date)
    cadence_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    next_due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    snoozed_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    skipped_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    last_interaction_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    connected_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    source: Mapped[str] = mapped_column(String(40), default="manual")
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, onupdate=utc_now)

    channels: Mapped[list[Channel]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="Channel.id"
    )
    interactions: Mapped[list[Interaction]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", passive_deletes=True
    )
    tags: Mapped[list[Tag]] = relationship(secondary="contact_tags", order_by="Tag.name")


class Channel(Base):
    """An address for a contact: several per kind allowed, one preferred per contact."""

    __tablename__ = "channels"
    __table_args__ = (Index("ix_channels_kind_lookup_key", "kind", "lookup_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(500))
    lookup_key: Mapped[str] = mapped_column(String(500))
    preferred: Mapped[bool] = mapped_column(Boolean, default=False)

    contact: Mapped[Contact] = relationship(back_populates="channels")


class Interaction(Base):
    __tablename__ = "interactions"
    __table_args__ = (
        # Both carry kind and direction (and the day index contact and snippet), so
        # the health figures count and look up interactions from the indexes alone.
        Index(
            "ix_interactions_contact_id_occurred_on",
            "contact_id",
            "occurred_on",
            "kind",
            "direction",
        ),
        Index(
            "ix_interactions_occurred_on",
            "occurred_on",
            "kind",
            "direction",
            "contact_id",
            "snippet_id",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    occurred_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(30))
    direction: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    text_sent: Mapped[str | None] = mapped_column(Text, nullable=True)
    snippet_id: Mapped[int | None] = mapped_column(
        ForeignKey("snippets.id", ondelete="SET NULL"), nullable=True, index=True
    )
    source: Mapped[str] = mapped_column(String(40), default="manual")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    contact: Mapped[Contact] = relationship(back_populates="interactions")


class Snippet(Base):
    __tablename__ = "snippets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str] = mapped_column(String(30))
    subject: Mapped[str] = mapped_column(String(998), default="")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, onupdate=utc_now)


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class ContactTag(Base):
    __tablename__ = "contact_tags"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ClearedDay(Base):
    """A day on which today's queue was left empty by a queue action (for the streak)."""

    __tablename__ = "cleared_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


__all__ = [
    "Base",
    "Channel",
    "ClearedDay",
    "Contact",
    "ContactTag",
    "Interaction",
    "Setting",
    "Snippet",
    "Tag",
    "utc_now",
]

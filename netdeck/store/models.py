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
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Registers how text columns are created on PostgreSQL (netdeck.store.sql) before
# any table is: the migrations import these models.
from netdeck.store import sql as _dialect_sql  # noqa: F401

#: An outbound LinkedIn connection request that carried a text or a note (the index
#: ``ix_interactions_note_sent``; the same rule as ``note_budget.note_sent``).
NOTE_SENT_CONDITION = (
    "kind = 'connection-request' AND direction = 'outbound' AND channel = 'linkedin' "
    "AND (trim(coalesce(text_sent, '')) <> '' OR trim(note) <> '')"
)


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
        # (awaiting_reply_on and snoozed_until: the "awaiting your reply" rule.)
        Index(
            "ix_contacts_queue",
            "next_due_on",
            "skipped_on",
            "stage",
            "cadence_days",
            "name_key",
            "awaiting_reply_on",
            "snoozed_until",
            "tag_cadence_days",
            "key_date_on",
        ),
        Index("ix_contacts_awaiting_reply_on", "awaiting_reply_on"),
        # The contacts list in name order with search-as-you-type: a search reads
        # this narrow index instead of whole contact rows.
        Index("ix_contacts_name_search", "name_key", "id", "search_text"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    full_name: Mapped[str] = mapped_column(String(300))
    first_name: Mapped[str] = mapped_column(String(200), default="")
    last_name: Mapped[str] = mapped_column(String(200), default="")
    #: What they go by ("Bob" for Robert), from a card's NICKNAME or typed in.
    nickname: Mapped[str] = mapped_column(String(200), server_default="")
    name_key: Mapped[str] = mapped_column(String(300))
    company: Mapped[str] = mapped_column(String(300), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    how_we_met: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    #: "Next time, ask about": the topic the user wrote down for the next message
    #: (one line); drafts' ``last_topic`` prefers it to a logged interaction's note.
    ask_about: Mapped[str] = mapped_column(Text, default="", server_default="")
    stage: Mapped[str] = mapped_column(String(20), index=True)
    stage_since: Mapped[date] = mapped_column(Date)
    cadence_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: The shortest cadence among their tags (kept in step with tags and tag cadences):
    #: their cadence when they have none of their own.
    tag_cadence_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    next_due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    snoozed_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    skipped_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: The day the user pulled them into the queue: in that day's queue past the daily size.
    pulled_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    last_interaction_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    connected_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: The day of their message when it is newer than your latest outbound interaction.
    awaiting_reply_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: The first words of that message (one line), for the queue's reason.
    awaiting_reply_preview: Mapped[str | None] = mapped_column(String(200), nullable=True)
    #: The day an import saw their company or title change, until you next talk.
    role_changed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: The pending occurrence of a key date (birthday, anniversary, reminder) that makes
    #: them due, with its kind and note for the queue's reason (kept in step with
    #: their key dates, stage and interactions).
    key_date_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    key_date_kind: Mapped[str | None] = mapped_column(String(20), nullable=True)
    key_date_note: Mapped[str | None] = mapped_column(String(200), nullable=True)
    #: Their latest connection request went out without a note (LinkedIn sent a bare
    #: "wants to connect"): once they accept, the first message must say why.
    bare_request: Mapped[bool] = mapped_column(Boolean, server_default=false())
    #: What the latest LinkedIn export said: in Connections.csv (True), gone from it
    #: (False), or never seen in one (None).
    linkedin_connected: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    #: The company and title the latest import gave (to tell a change of jobs from an
    #: edit by hand); None: no import has given them.
    imported_company: Mapped[str | None] = mapped_column(String(300), nullable=True)
    imported_title: Mapped[str | None] = mapped_column(String(300), nullable=True)
    source: Mapped[str] = mapped_column(String(40), default="manual")
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: The user who keeps up with them in a shared deck (None: nobody in particular).
    owner: Mapped[str | None] = mapped_column(String(60), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, onupdate=utc_now)

    channels: Mapped[list[Channel]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="Channel.id"
    )
    interactions: Mapped[list[Interaction]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", passive_deletes=True
    )
    tags: Mapped[list[Tag]] = relationship(secondary="contact_tags", order_by="Tag.name")
    role_changes: Mapped[list[RoleChange]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="RoleChange.id"
    )
    key_dates: Mapped[list[KeyDate]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="KeyDate.id"
    )


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
        # One interaction per message of an imported conversation (re-imports find it).
        Index("uq_interactions_contact_id_external_key", "contact_id", "external_key", unique=True),
        # This month's LinkedIn notes (the note budget, read by every queue) from the
        # index alone. Its condition is the SQL of
        # netdeck.services.note_budget.note_sent, whose values are written into the
        # statement (SQLite uses a partial index only for a query whose WHERE says
        # its condition in so many words); a test on each backend checks the budget's
        # statement still uses it (migrations 0014 and 0017).
        Index(
            "ix_interactions_note_sent",
            "occurred_on",
            postgresql_include=["id"],
            postgresql_where=text(NOTE_SENT_CONDITION),
            sqlite_where=text(NOTE_SENT_CONDITION),
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
    #: When it happened, to the second, where the source says (imported messages).
    occurred_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    #: The imported message this is (conversation, time and sender), for re-imports.
    external_key: Mapped[str | None] = mapped_column(String(400), nullable=True)
    #: A message sent as its snippet rendered, saying nothing about the person beyond
    #: name and company (judged when it was marked sent): a request "without a note".
    #: No Python-side default, so bulk inserts need not name it.
    impersonal: Mapped[bool] = mapped_column(Boolean, server_default=false())
    #: The user who logged it (None: logged before decks had users). Filled in from
    #: the session's user on flush (:mod:`netdeck.store.database`) unless given.
    actor: Mapped[str | None] = mapped_column(String(60), nullable=True)

    contact: Mapped[Contact] = relationship(back_populates="interactions")


class ContactEvent(Base):
    """Something a user did to a contact that is not an interaction: a stage change,
    a snooze, a skip, a pull, a new owner. Who did it and when, for a shared deck."""

    __tablename__ = "contact_events"
    __table_args__ = (Index("ix_contact_events_contact_id_at", "contact_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    #: "stage", "snooze", "skip", "pull", "owner"...
    kind: Mapped[str] = mapped_column(String(20))
    #: What it changed to, as shown ("active", "2026-12-05", "Alex").
    detail: Mapped[str] = mapped_column(String(200), server_default="")
    occurred_on: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    #: The user who did it; filled in like :attr:`Interaction.actor`.
    actor: Mapped[str | None] = mapped_column(String(60), nullable=True)


class DeckUser(Base):
    """A user who has changed something in this deck. More than one makes it a
    shared deck: the queue then shows each user theirs and nobody's."""

    __tablename__ = "deck_users"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class Claim(Base):
    """A user writing to a contact: taken when their composer opens, released on
    send or on leaving it; a claim from an earlier day counts for nothing."""

    __tablename__ = "claims"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    user: Mapped[str] = mapped_column(String(60))
    claimed_on: Mapped[date] = mapped_column(Date)
    claimed_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class RoleChange(Base):
    """A change of company or title an import noticed, on the day of that import."""

    __tablename__ = "role_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    changed_on: Mapped[date] = mapped_column(Date)
    from_company: Mapped[str] = mapped_column(String(300))
    from_title: Mapped[str] = mapped_column(String(300))
    to_company: Mapped[str] = mapped_column(String(300))
    to_title: Mapped[str] = mapped_column(String(300))


class KeyDate(Base):
    """A date that gives a reason to write: a birthday or anniversary (every year,
    the year optional) or a reminder the user set (once, or every year).

    ``added_on`` anchors the first occurrence that counts: a date added today does
    not make the person due for last year's birthday."""

    __tablename__ = "key_dates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    #: "birthday", "anniversary" or "reminder".
    kind: Mapped[str] = mapped_column(String(20))
    month: Mapped[int] = mapped_column(Integer)
    day: Mapped[int] = mapped_column(Integer)
    #: None: the year is not known (a birthday without one); a reminder always has one.
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: Comes back every year (birthdays and anniversaries always; reminders on request).
    yearly: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, server_default="")
    added_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(40), server_default="manual")


class NotDuplicate(Base):
    """Two people the user said are not the same (the duplicates list leaves them out).
    The pair is stored lower id first."""

    __tablename__ = "not_duplicates"

    low_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    high_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    marked_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class ImportMark(Base):
    """The newest export of a source synced so far: an older one re-imported later
    cannot undo what a newer one said (jobs, who is still connected)."""

    __tablename__ = "import_marks"

    source: Mapped[str] = mapped_column(String(40), primary_key=True)
    latest_as_of: Mapped[date] = mapped_column(Date)


class MailFolder(Base):
    """How far ``netdeck mail sync`` has read a folder of an account: UIDs mean the
    same while UIDVALIDITY holds; a new UIDVALIDITY rereads the folder."""

    __tablename__ = "mail_folders"

    account: Mapped[str] = mapped_column(String(400), primary_key=True)
    folder: Mapped[str] = mapped_column(String(400), primary_key=True)
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger)


class MailStatus(Base):
    """What the latest mail syncs of an account did (``netdeck mail status``)."""

    __tablename__ = "mail_status"

    account: Mapped[str] = mapped_column(String(400), primary_key=True)
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    messages_seen: Mapped[int] = mapped_column(Integer, server_default="0")
    interactions_logged: Mapped[int] = mapped_column(Integer, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_error_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


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
    #: The cadence of everyone tagged so who has none of their own (the shortest wins).
    cadence_days: Mapped[int | None] = mapped_column(Integer, nullable=True)


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
    "Claim",
    "ClearedDay",
    "Contact",
    "ContactEvent",
    "ContactTag",
    "DeckUser",
    "ImportMark",
    "Interaction",
    "KeyDate",
    "MailFolder",
    "MailStatus",
    "NotDuplicate",
    "RoleChange",
    "Setting",
    "Snippet",
    "Tag",
    "utc_now",
]

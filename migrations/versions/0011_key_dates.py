"""Key dates, tag cadences, nicknames and pairs that are not the same person.

- ``key_dates``: birthdays and anniversaries (every year, the year optional) and
  reminders the user sets (once or every year), each anchored at the day it was
  added; ``contacts`` gain the pending occurrence that makes them due
  (``key_date_on``) with its kind and note, for the queue's reason.
- ``tags`` gain a cadence; ``contacts`` the shortest cadence of their tags
  (``tag_cadence_days``), their cadence when they have none of their own. The
  queue index covers both new columns.
- ``contacts`` gain ``nickname``; ``not_duplicates`` remembers pairs the user said
  are different people.
- A "Birthday" snippet is added unless one has that name (the text is written out
  here, so this migration does the same thing whatever later versions say).

Nothing needs a backfill: no contact has a key date or a tag cadence yet.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 11:33:25.931655
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "key_dates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("yearly", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("added_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=40), server_default="manual", nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_key_dates_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_dates")),
    )
    with op.batch_alter_table("key_dates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_key_dates_contact_id"), ["contact_id"], unique=False)

    op.create_table(
        "not_duplicates",
        sa.Column("low_id", sa.Integer(), nullable=False),
        sa.Column("high_id", sa.Integer(), nullable=False),
        sa.Column("marked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["high_id"],
            ["contacts.id"],
            name=op.f("fk_not_duplicates_high_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["low_id"],
            ["contacts.id"],
            name=op.f("fk_not_duplicates_low_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("low_id", "high_id", name=op.f("pk_not_duplicates")),
    )
    with op.batch_alter_table("not_duplicates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_not_duplicates_high_id"), ["high_id"], unique=False)

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("nickname", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("tag_cadence_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("key_date_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("key_date_kind", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("key_date_note", sa.String(length=200), nullable=True))
        batch_op.drop_index(batch_op.f("ix_contacts_queue"))
        batch_op.create_index(
            "ix_contacts_queue",
            [
                "next_due_on",
                "skipped_on",
                "stage",
                "cadence_days",
                "name_key",
                "awaiting_reply_on",
                "snoozed_until",
                "tag_cadence_days",
                "key_date_on",
            ],
            unique=False,
        )

    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cadence_days", sa.Integer(), nullable=True))

    _add_birthday_snippet(op.get_bind())


BIRTHDAY = (
    "Birthday",
    "birthday",
    "any",
    "Happy birthday!",
    "Happy birthday, {{ first_name }}! I hope it's a good one"
    "{{ ', and that things at ' ~ company ~ ' are treating you well' if company }}. "
    "{% if last_topic %}How did {{ last_topic }} turn out?{% endif %}",
)

snippets = sa.table(
    "snippets",
    sa.column("name", sa.String),
    sa.column("kind", sa.String),
    sa.column("channel", sa.String),
    sa.column("subject", sa.String),
    sa.column("body", sa.Text),
    sa.column("created_at", sa.DateTime),
    sa.column("updated_at", sa.DateTime),
)


def _add_birthday_snippet(connection: sa.Connection) -> None:
    name, kind, channel, subject, body = BIRTHDAY
    taken = connection.execute(
        sa.select(sa.func.count()).select_from(snippets).where(snippets.c.name == name)
    ).scalar()
    if taken:
        return
    now = datetime.now(UTC).replace(tzinfo=None)
    connection.execute(
        snippets.insert().values(
            name=name,
            kind=kind,
            channel=channel,
            subject=subject,
            body=body,
            created_at=now,
            updated_at=now,
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.drop_column("cadence_days")

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_queue")
        batch_op.create_index(
            batch_op.f("ix_contacts_queue"),
            [
                "next_due_on",
                "skipped_on",
                "stage",
                "cadence_days",
                "name_key",
                "awaiting_reply_on",
                "snoozed_until",
            ],
            unique=False,
        )
        batch_op.drop_column("key_date_note")
        batch_op.drop_column("key_date_kind")
        batch_op.drop_column("key_date_on")
        batch_op.drop_column("tag_cadence_days")
        batch_op.drop_column("nickname")

    with op.batch_alter_table("not_duplicates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_not_duplicates_high_id"))

    op.drop_table("not_duplicates")
    with op.batch_alter_table("key_dates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_key_dates_contact_id"))

    op.drop_table("key_dates")

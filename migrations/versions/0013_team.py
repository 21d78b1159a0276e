"""A team deck: who did what, owners, claims.

- ``contacts.owner``: the user who keeps up with them (None: nobody in particular).
- ``interactions.actor``: the user who logged it (None before this version).
- ``contact_events``: stage changes, snoozes, skips, pulls and new owners, with who.
- ``deck_users``: every user who has changed something (more than one: shared).
- ``claims``: who is writing to whom today (one claim per contact).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMNs (no batch): nullable columns are added in place on SQLite.
    op.add_column("contacts", sa.Column("owner", sa.String(length=60), nullable=True))
    op.add_column("interactions", sa.Column("actor", sa.String(length=60), nullable=True))
    op.create_table(
        "contact_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.String(length=200), server_default="", nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=60), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_events_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_events")),
    )
    op.create_index(
        "ix_contact_events_contact_id_at", "contact_events", ["contact_id", "at"], unique=False
    )
    op.create_table(
        "deck_users",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_deck_users")),
    )
    op.create_table(
        "claims",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("user", sa.String(length=60), nullable=False),
        sa.Column("claimed_on", sa.Date(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_claims_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contact_id", name=op.f("pk_claims")),
    )


def downgrade() -> None:
    op.drop_table("claims")
    op.drop_table("deck_users")
    op.drop_index("ix_contact_events_contact_id_at", table_name="contact_events")
    op.drop_table("contact_events")
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_column("actor")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("owner")

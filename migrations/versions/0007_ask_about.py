"""Contacts gain "next time, ask about" (``ask_about``): the topic the user wrote down.

A draft's ``last_topic`` is something the user wrote as a topic, never an imported
message body: this field, else the note of an interaction the user logged.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ask_about", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("ask_about")

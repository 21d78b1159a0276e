"""Contacts gain ``pulled_on``: the day the user pulled them into today's queue.

A pull puts someone in that day's queue past the daily queue size (``p`` in the
TUI, ``netdeck pull``); it lasts the day and ends with a conversation, a snooze or
a skip. Indexed: the queue reads the few people pulled today on every load.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pulled_on", sa.Date(), nullable=True))
        batch_op.create_index("ix_contacts_pulled_on", ["pulled_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_pulled_on")
        batch_op.drop_column("pulled_on")

"""Mail sync's bookkeeping (``netdeck mail sync``).

- ``mail_folders``: how far each folder of an account has been read (UIDVALIDITY
  and the highest UID read), saved in the transaction that logs what was read.
- ``mail_status``: the latest syncs of an account (when, how many messages seen and
  interactions logged, the last error) for ``netdeck mail status``.

The interactions a sync logs are ordinary ones (channel ``email``, an
``external_key`` of ``mail:`` and the Message-ID), so nothing else changes.

Revision ID: 0016
Revises: 0015_search_index
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015_search_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mail_folders",
        sa.Column("account", sa.String(length=400), nullable=False),
        sa.Column("folder", sa.String(length=400), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("last_uid", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("account", "folder", name=op.f("pk_mail_folders")),
    )
    op.create_table(
        "mail_status",
        sa.Column("account", sa.String(length=400), nullable=False),
        sa.Column("last_sync_at", sa.DateTime(), nullable=True),
        sa.Column("messages_seen", sa.Integer(), server_default="0", nullable=False),
        sa.Column("interactions_logged", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("account", name=op.f("pk_mail_status")),
    )


def downgrade() -> None:
    op.drop_table("mail_status")
    op.drop_table("mail_folders")

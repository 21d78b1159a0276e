"""Interactions gain ``impersonal``: a message sent as its snippet rendered.

Judged when a draft is marked sent (the composer's rule: nothing about the person
beyond name and company), so ``stats`` counts such a connection request as one
without a note by one aggregate query, and a later edit of the snippet or the
contact does not change the past. Existing rows are not judged (false): the
snippet they came from may have changed since.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch): SQLite adds a column with a constant default in
    # place, where batch mode would copy the whole interaction log into a new table.
    op.add_column(
        "interactions",
        sa.Column("impersonal", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_column("impersonal")

"""Covering indexes for today's queue and for searching the contacts list.

The queue orders every due contact by how overdue it is relative to its
period; with ``next_due_on``, ``skipped_on``, ``stage``, ``cadence_days`` and
``name_key`` in one index, SQLite does that from the index alone and reads
table rows only for the few contacts shown. The index on ``next_due_on`` alone
is a prefix of the new one, so it goes. Likewise ``name_key, id, search_text``
lets search-as-you-type scan a narrow index in name order instead of whole
contact rows, and replaces the index on ``name_key`` alone.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch_op:
        batch_op.create_index(
            "ix_contacts_queue",
            ["next_due_on", "skipped_on", "stage", "cadence_days", "name_key"],
            unique=False,
        )
        batch_op.drop_index("ix_contacts_next_due_on")
        batch_op.create_index(
            "ix_contacts_name_search", ["name_key", "id", "search_text"], unique=False
        )
        batch_op.drop_index("ix_contacts_name_key")


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch_op:
        batch_op.create_index("ix_contacts_next_due_on", ["next_due_on"], unique=False)
        batch_op.drop_index("ix_contacts_queue")
        batch_op.create_index("ix_contacts_name_key", ["name_key"], unique=False)
        batch_op.drop_index("ix_contacts_name_search")

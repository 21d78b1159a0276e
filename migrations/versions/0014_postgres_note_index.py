"""PostgreSQL only: an index for the note budget's count of this month's LinkedIn notes.

Every queue reads how many notes went out this month; on PostgreSQL that read
visited every connection request of the month in the table (about 20 ms at
100,000 contacts). A partial index holding only the requests that carried a note,
with their ids, answers it from the index alone. SQLite is left as it is.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Written out (not imported from the models, which move on): the condition as of 0014.
_NOTE_SENT = (
    "kind = 'connection-request' AND direction = 'outbound' AND channel = 'linkedin' "
    "AND (trim(coalesce(text_sent, '')) <> '' OR trim(note) <> '')"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_index(
        "ix_interactions_note_sent",
        "interactions",
        ["occurred_on"],
        postgresql_include=["id"],
        postgresql_where=sa.text(_NOTE_SENT),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_interactions_note_sent", table_name="interactions")

"""LinkedIn's note budget: the plan setting, and requests that went out without a note.

- The setting ``linkedin-note-limit`` (200 or 300 characters) becomes
  ``linkedin-plan``: 300 meant Premium, anything else free. The plan sets the
  note's length and the monthly note budget (setting ``linkedin-notes-per-month``,
  the plan's number when unset).
- ``contacts`` gain ``bare_request``: their latest connection request went out
  without a note, so once they accept they are due that day and the reason says
  why. No backfill: a request logged before this version did not say whether it
  carried a note (an import of ``Invitations.csv`` fills it in).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.String))


def upgrade() -> None:
    # A plain ADD COLUMN (no batch): SQLite adds a column with a constant default in place.
    op.add_column(
        "contacts",
        sa.Column("bare_request", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    connection = op.get_bind()
    old = connection.execute(
        sa.select(_settings.c.value).where(_settings.c.key == "linkedin-note-limit")
    ).scalar()
    has_plan = connection.execute(
        sa.select(_settings.c.key).where(_settings.c.key == "linkedin-plan")
    ).scalar()
    if old is not None and has_plan is None:
        plan = "premium" if old.strip() == "300" else "free"
        connection.execute(sa.insert(_settings).values(key="linkedin-plan", value=plan))
    connection.execute(sa.delete(_settings).where(_settings.c.key == "linkedin-note-limit"))


def downgrade() -> None:
    connection = op.get_bind()
    plan = connection.execute(
        sa.select(_settings.c.value).where(_settings.c.key == "linkedin-plan")
    ).scalar()
    if plan is not None:
        limit = "300" if plan == "premium" else "200"
        connection.execute(sa.insert(_settings).values(key="linkedin-note-limit", value=limit))
    connection.execute(
        sa.delete(_settings).where(
            _settings.c.key.in_(["linkedin-plan", "linkedin-notes-per-month"])
        )
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("bare_request")

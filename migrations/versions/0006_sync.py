"""Sync: every message, who awaits your reply, changes of jobs, who is still connected.

- ``interactions`` gain the time a message was sent (``occurred_at``) and the
  message it is (``external_key``: conversation, time and sender), unique per
  contact, so re-importing any export adds nothing twice.
- ``contacts`` gain ``awaiting_reply_on`` and its preview (their message newer than
  your latest outbound interaction), ``role_changed_on`` and the company and title
  the latest import gave (``imported_company``/``imported_title``), and
  ``linkedin_connected``; the queue index covers the new rule.
- ``role_changes`` records each change of jobs an import noticed; ``import_marks``
  the newest export synced per source.
- Backfill: contacts from a LinkedIn import take their company and title as what
  the import gave, and those with a connection date count as connected on
  LinkedIn; whoever's latest interaction is an inbound message or reply awaits
  your reply. A "Congratulations" snippet is added unless one has that name.

The rules are written out here, not imported, so this migration does the same
thing whatever later versions of netdeck say.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_marks",
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("latest_as_of", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("source", name=op.f("pk_import_marks")),
    )
    op.create_table(
        "role_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("from_company", sa.String(length=300), nullable=False),
        sa.Column("from_title", sa.String(length=300), nullable=False),
        sa.Column("to_company", sa.String(length=300), nullable=False),
        sa.Column("to_title", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_role_changes_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_changes")),
    )
    with op.batch_alter_table("role_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_role_changes_contact_id"), ["contact_id"], unique=False
        )

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("awaiting_reply_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("awaiting_reply_preview", sa.String(length=200), nullable=True)
        )
        batch_op.add_column(sa.Column("role_changed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("linkedin_connected", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("imported_company", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("imported_title", sa.String(length=300), nullable=True))
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
            ],
            unique=False,
        )
        batch_op.create_index("ix_contacts_awaiting_reply_on", ["awaiting_reply_on"], unique=False)

    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("occurred_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("external_key", sa.String(length=400), nullable=True))
        batch_op.create_index(
            "uq_interactions_contact_id_external_key", ["contact_id", "external_key"], unique=True
        )

    _backfill(op.get_bind())


WRITTEN = ("message", "reply")
PREVIEW = 40
CONGRATULATIONS = (
    "Congratulations",
    "congratulations",
    "any",
    "Congratulations!",
    "Hi {{ first_name }}, I just saw the news{{ ': ' ~ role_change if role_change }}. "
    "Congratulations! I'd love to hear how the first weeks are going"
    "{{ ' at ' ~ company if company }}.",
)

contacts = sa.table(
    "contacts",
    sa.column("id", sa.Integer),
    sa.column("source", sa.String),
    sa.column("company", sa.String),
    sa.column("title", sa.String),
    sa.column("connected_on", sa.Date),
    sa.column("imported_company", sa.String),
    sa.column("imported_title", sa.String),
    sa.column("linkedin_connected", sa.Boolean),
    sa.column("awaiting_reply_on", sa.Date),
    sa.column("awaiting_reply_preview", sa.String),
)
interactions = sa.table(
    "interactions",
    sa.column("id", sa.Integer),
    sa.column("contact_id", sa.Integer),
    sa.column("occurred_on", sa.Date),
    sa.column("kind", sa.String),
    sa.column("direction", sa.String),
    sa.column("note", sa.Text),
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


def _backfill(connection: sa.Connection) -> None:
    connection.execute(
        contacts.update()
        .where(contacts.c.source == "linkedin")
        .values(imported_company=contacts.c.company, imported_title=contacts.c.title)
    )
    connection.execute(
        contacts.update()
        .where(contacts.c.source == "linkedin", contacts.c.connected_on.is_not(None))
        .values(linkedin_connected=True)
    )
    latest: dict[int, tuple[object, ...]] = {}
    rows = connection.execute(
        sa.select(
            interactions.c.contact_id,
            interactions.c.occurred_on,
            interactions.c.id,
            interactions.c.kind,
            interactions.c.direction,
            interactions.c.note,
        )
        .where(interactions.c.kind != "note")
        .order_by(interactions.c.contact_id, interactions.c.occurred_on, interactions.c.id)
    )
    for row in rows:
        latest[row.contact_id] = tuple(row)
    awaiting = [
        {
            "b_id": contact_id,
            "b_on": day,
            "b_preview": _preview(str(note or "")),
        }
        for contact_id, (_, day, _, kind, direction, note) in latest.items()
        if direction == "inbound" and kind in WRITTEN
    ]
    if awaiting:
        connection.execute(
            contacts.update()
            .where(contacts.c.id == sa.bindparam("b_id"))
            .values(
                awaiting_reply_on=sa.bindparam("b_on"),
                awaiting_reply_preview=sa.bindparam("b_preview"),
            ),
            awaiting,
        )
    name = CONGRATULATIONS[0]
    taken = connection.execute(
        sa.select(sa.func.count()).select_from(snippets).where(snippets.c.name == name)
    ).scalar()
    if not taken:
        now = datetime.now(UTC).replace(tzinfo=None)
        _, kind, channel, subject, body = CONGRATULATIONS
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


def _preview(text: str) -> str:
    """The first words on one line, anything a terminal would obey shown as an escape."""
    flat = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in " ".join(text.split()))
    return flat if len(flat) <= PREVIEW else flat[: PREVIEW - 1] + "…"


def downgrade() -> None:
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_index("uq_interactions_contact_id_external_key")
        batch_op.drop_column("external_key")
        batch_op.drop_column("occurred_at")

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_awaiting_reply_on")
        batch_op.drop_index("ix_contacts_queue")
        batch_op.create_index(
            batch_op.f("ix_contacts_queue"),
            ["next_due_on", "skipped_on", "stage", "cadence_days", "name_key"],
            unique=False,
        )
        batch_op.drop_column("imported_title")
        batch_op.drop_column("imported_company")
        batch_op.drop_column("linkedin_connected")
        batch_op.drop_column("role_changed_on")
        batch_op.drop_column("awaiting_reply_preview")
        batch_op.drop_column("awaiting_reply_on")

    with op.batch_alter_table("role_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_changes_contact_id"))

    op.drop_table("role_changes")
    op.drop_table("import_marks")
    _, _, _, subject, body = CONGRATULATIONS
    op.execute(
        snippets.delete().where(
            snippets.c.name == CONGRATULATIONS[0],
            snippets.c.subject == subject,
            snippets.c.body == body,
        )
    )

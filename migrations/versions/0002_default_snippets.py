"""Default snippets: one or two good ones for each kind, in an empty library only.

The texts are written out here, not imported, so this migration does the same
thing whatever later versions of netdeck say. A library that already holds
snippets is left alone: those are the user's own.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (name, kind, channel, subject, body)
DEFAULT_SNIPPETS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "Connection request",
        "connection-request",
        "linkedin-note",
        "",
        "Hi {{ first_name }}, I came across your profile "
        '({{ how_we_met | default("we seem to work on similar things") }}) '
        "and would love to connect and chat a little more.",
    ),
    (
        "Intro email",
        "connection-request",
        "email",
        "Hello{{ ' from ' ~ my_name if my_name }}",
        "Hi {{ first_name }},\n\n"
        "I came across your profile "
        '({{ how_we_met | default("we seem to work on similar things") }}) '
        "and would love to connect. If you're up for it, I'd enjoy a short chat "
        'about what you\'re working on{{ " at " ~ company if company }}.\n\n'
        "Best,\n"
        "{{ my_name }}",
    ),
    (
        "First message",
        "first-message",
        "linkedin-message",
        "",
        "Hi {{ first_name }}, thanks for connecting! "
        "{% if how_we_met %}Good to be in touch ({{ how_we_met }}). {% endif %}"
        'What are you focused on{{ " at " ~ company if company }} these days? '
        "I'd love to chat a little more.",
    ),
    (
        "Check-in",
        "check-in",
        "any",
        "Catching up",
        "Hi {{ first_name }}, it's been a while! "
        'I was thinking of our last chat{{ " (" ~ last_topic ~ ")" if last_topic }} '
        'and wondered how things are going{{ " at " ~ company if company }}. '
        "Up for a quick catch-up soon?",
    ),
    (
        "Follow-up",
        "follow-up",
        "any",
        "Following up",
        "Hi {{ first_name }}, I sent you an invitation on LinkedIn a couple of weeks ago "
        'and wanted to say hello here too{{ " (" ~ how_we_met ~ ")" if how_we_met }}. '
        "No pressure at all, but I'd love to chat a little more"
        '{{ " about your work at " ~ company if company }}.',
    ),
    (
        "Thank you",
        "thank-you",
        "any",
        "Thank you",
        "Thank you so much, {{ first_name }}! I really appreciated your time"
        '{{ " and our chat about " ~ last_topic if last_topic }}. '
        "Let me know if I can ever return the favour.",
    ),
    (
        "Reconnect",
        "reconnect",
        "any",
        "It has been too long",
        "Hi {{ first_name }}, it's been far too long since we last talked! "
        "I'd love to hear what you're up to{{ \" at \" ~ company if company }} these days. "
        "Fancy catching up soon?",
    ),
)

snippets = sa.table(
    "snippets",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("kind", sa.String),
    sa.column("channel", sa.String),
    sa.column("subject", sa.String),
    sa.column("body", sa.Text),
    sa.column("created_at", sa.DateTime),
    sa.column("updated_at", sa.DateTime),
)


def upgrade() -> None:
    connection = op.get_bind()
    if connection.execute(sa.select(sa.func.count()).select_from(snippets)).scalar():
        return
    now = datetime.now(UTC).replace(tzinfo=None)
    op.bulk_insert(
        snippets,
        [
            {
                "name": name,
                "kind": kind,
                "channel": channel,
                "subject": subject,
                "body": body,
                "created_at": now,
                "updated_at": now,
            }
            for name, kind, channel, subject, body in DEFAULT_SNIPPETS
        ],
    )


def downgrade() -> None:
    # Only the defaults as shipped: a default the user has edited is theirs now.
    for name, _kind, _channel, subject, body in DEFAULT_SNIPPETS:
        op.execute(
            snippets.delete().where(
                snippets.c.name == name, snippets.c.subject == subject, snippets.c.body == body
            )
        )

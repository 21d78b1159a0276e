"""The snippet library: saved message templates."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from netdeck.domain.errors import Conflict, NotFound
from netdeck.domain.snippets import (
    clean_snippet_body,
    clean_snippet_name,
    parse_snippet_channel,
    parse_snippet_kind,
)
from netdeck.services.views import SnippetView
from netdeck.store.models import Snippet


def snippet_view(snippet: Snippet) -> SnippetView:
    return SnippetView(
        id=snippet.id,
        name=snippet.name,
        kind=snippet.kind,
        channel=snippet.channel,
        subject=snippet.subject,
        body=snippet.body,
    )


def list_snippets(session: Session) -> list[SnippetView]:
    return [
        snippet_view(s)
        for s in session.scalars(select(Snippet).order_by(Snippet.kind, Snippet.name))
    ]


def find_snippet(session: Session, name: str) -> Snippet:
    snippet = session.scalar(
        select(Snippet).where(func.lower(Snippet.name) == name.strip().lower())
    )
    if snippet is None:
        raise NotFound(f"no snippet named {name!r}: see `netdeck snippets list`")
    return snippet


def add_snippet(
    session: Session, *, name: str, kind: str, channel: str, body: str, subject: str = ""
) -> SnippetView:
    """Save a new snippet; names are unique (case-insensitive)."""
    clean_name = clean_snippet_name(name)
    snippet = Snippet(
        name=clean_name,
        kind=parse_snippet_kind(kind).value,
        channel=parse_snippet_channel(channel).value,
        subject=subject.strip(),
        body=clean_snippet_body(body),
    )
    _ensure_unique(session, clean_name)
    session.add(snippet)
    session.flush()
    return snippet_view(snippet)


def edit_snippet(
    session: Session,
    name: str,
    *,
    new_name: str | None = None,
    kind: str | None = None,
    channel: str | None = None,
    subject: str | None = None,
    body: str | None = None,
) -> SnippetView:
    snippet = find_snippet(session, name)
    if new_name is not None:
        clean_name = clean_snippet_name(new_name)
        if clean_name.lower() != snippet.name.lower():
            _ensure_unique(session, clean_name)
        snippet.name = clean_name
    if kind is not None:
        snippet.kind = parse_snippet_kind(kind).value
    if channel is not None:
        snippet.channel = parse_snippet_channel(channel).value
    if subject is not None:
        snippet.subject = subject.strip()
    if body is not None:
        snippet.body = clean_snippet_body(body)
    session.flush()
    return snippet_view(snippet)


def remove_snippet(session: Session, name: str) -> SnippetView:
    snippet = find_snippet(session, name)
    view = snippet_view(snippet)
    session.delete(snippet)
    return view


def _ensure_unique(session: Session, name: str) -> None:
    taken = session.scalar(select(Snippet.id).where(func.lower(Snippet.name) == name.lower()))
    if taken is not None:
        raise Conflict(f"a snippet named {name!r} already exists: pick another name or edit it")

"""The snippet library: saved message templates.

Bodies and subjects are templates (see :mod:`netdeck.domain.templating`); one
that does not compile, uses an unknown variable or fails a trial render is
refused with the line, and nothing is saved.

Internal to the application API: its functions take a session and ORM rows, and
the faces reach them only through :class:`netdeck.services.api.DeckApi`.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from netdeck.domain.errors import Conflict, NotFound, TemplateProblem
from netdeck.domain.snippets import (
    clean_snippet_body,
    clean_snippet_name,
    parse_snippet_channel,
    parse_snippet_kind,
)
from netdeck.domain.templating import check_template
from netdeck.services.views import SnippetView
from netdeck.store.models import Snippet
from netdeck.store.sql import by_code_point


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
        for s in session.scalars(
            select(Snippet).order_by(Snippet.kind, by_code_point(Snippet.name))
        )
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
        subject=checked_subject(subject),
        body=checked_body(body),
    )
    ensure_name_free(session, clean_name)
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
            ensure_name_free(session, clean_name)
        snippet.name = clean_name
    if kind is not None:
        snippet.kind = parse_snippet_kind(kind).value
    if channel is not None:
        snippet.channel = parse_snippet_channel(channel).value
    if subject is not None:
        snippet.subject = checked_subject(subject)
    if body is not None:
        snippet.body = checked_body(body)
    session.flush()
    return snippet_view(snippet)


def remove_snippet(session: Session, name: str) -> SnippetView:
    snippet = find_snippet(session, name)
    view = snippet_view(snippet)
    session.delete(snippet)
    return view


def checked_body(text: str) -> str:
    """The body as it will be stored, once it is known to be a usable template."""
    body = clean_snippet_body(text)
    check_template(text)  # as given, so line numbers match the user's file
    return body


def checked_subject(text: str) -> str:
    """The subject as it will be stored (it is a template too)."""
    subject = text.strip()
    try:
        check_template(subject)
    except TemplateProblem as problem:
        raise TemplateProblem(f"{problem.detail} (in the subject)", problem.line) from None
    return subject


def ensure_name_free(session: Session, name: str) -> None:
    """Refuse a name another snippet already has (case-insensitive)."""
    taken = session.scalar(select(Snippet.id).where(func.lower(Snippet.name) == name.lower()))
    if taken is not None:
        raise Conflict(f"a snippet named {name!r} already exists: pick another name or edit it")

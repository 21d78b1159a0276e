"""``snippets list|show|add|edit|remove``: the snippet library.

A body comes from ``--body-file`` (``-`` is standard input) or, without one,
from ``$EDITOR``; everything else about the snippet is checked before the
editor opens, so a typo in an option never costs the text written there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from netdeck.cli.commands import api_for
from netdeck.cli.errors import CommandError
from netdeck.cli.render import render, table
from netdeck.cli.terminal import edit_in_editor, read_stdin_text
from netdeck.domain.text import one_line, visible

if TYPE_CHECKING:
    import argparse

    from netdeck.services.views import SnippetView


def cmd_snippets_list(args: argparse.Namespace) -> int:
    with api_for(args) as api:
        items = api.snippets()
    render(args, items, _list_text)
    return 0


def _list_text(items: list[SnippetView]) -> Iterator[str]:
    return table([(s.name, s.kind, s.channel, s.body) for s in items], (24, 18, 16, None))


def cmd_snippets_show(args: argparse.Namespace) -> int:
    with api_for(args) as api:
        item = api.snippet(args.name)
    render(args, item, _show_text)
    return 0


def _show_text(item: SnippetView) -> Iterator[str]:
    yield f"{visible(item.name)} ({item.kind}, {item.channel})"
    if item.subject:
        yield f"Subject: {one_line(item.subject)}"
    yield visible(item.body, keep_newlines=True)


def _saved_text(item: SnippetView) -> Iterator[str]:
    yield f"Saved snippet {visible(item.name)}"


def cmd_snippets_add(args: argparse.Namespace) -> int:
    from netdeck.services import snippets

    body = _body_from_file(args)
    if body is None:
        _check_new_snippet(args)
        body = edit_in_editor("", check=snippets.checked_body)
    with api_for(args) as api:
        item = api.add_snippet(
            name=args.name,
            kind=args.kind,
            channel=args.channel,
            body=body,
            subject=args.subject or "",
        )
    render(args, item, _saved_text)
    return 0


def _check_new_snippet(args: argparse.Namespace) -> None:
    """Refuse now what ``add`` would refuse after the editor: a bad name, kind,
    channel or subject, or a name already taken."""
    from netdeck.domain.snippets import (
        clean_snippet_name,
        parse_snippet_channel,
        parse_snippet_kind,
    )
    from netdeck.services import snippets

    name = clean_snippet_name(args.name)
    parse_snippet_kind(args.kind)
    parse_snippet_channel(args.channel)
    snippets.checked_subject(args.subject or "")
    with api_for(args) as api:
        api.check_snippet_name_free(name)


def cmd_snippets_edit(args: argparse.Namespace) -> int:
    from netdeck.services import snippets

    body = _body_from_file(args)
    only_the_body = not any((args.new_name, args.kind, args.channel, args.subject is not None))
    with api_for(args) as api:
        if body is None and only_the_body:
            current = api.snippet(args.name).body
            body = edit_in_editor(current, check=snippets.checked_body)
        item = api.edit_snippet(
            args.name,
            new_name=args.new_name,
            kind=args.kind,
            channel=args.channel,
            subject=args.subject,
            body=body,
        )
    render(args, item, _saved_text)
    return 0


def cmd_snippets_remove(args: argparse.Namespace) -> int:
    with api_for(args) as api:
        item = api.remove_snippet(args.name)
    render(args, item, lambda removed: [f"Removed snippet {visible(removed.name)}"])
    return 0


def _body_from_file(args: argparse.Namespace) -> str | None:
    """The snippet body from ``--body-file`` (``-`` is stdin); None without one."""
    if args.body_file is None:
        return None
    if args.body_file == "-":
        return read_stdin_text()
    try:
        with open(args.body_file, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        raise CommandError(f"cannot read {args.body_file}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{args.body_file} is not UTF-8 text") from None

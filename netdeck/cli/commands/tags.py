"""``tag``: the tags with their cadences (``tag list``), and a tag's cadence
(``tag cadence TAG 2w``, cleared with ``none`` or ``--clear``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from netdeck.cli.commands import api_for
from netdeck.cli.errors import CommandError
from netdeck.cli.render import render, table

if TYPE_CHECKING:
    import argparse

    from netdeck.services.views import TagView


def cmd_tag_list(args: argparse.Namespace) -> int:
    with api_for(args) as api:
        tags = api.tags()
    render(args, tags, _tags_text)
    return 0


def cmd_tag_cadence(args: argparse.Namespace) -> int:
    if args.clear and args.cadence is not None:
        raise CommandError("give a cadence or --clear, not both")
    if not args.clear and args.cadence is None:
        raise CommandError(f"give {args.tag}'s cadence (14, 2w, 1m, 3m, 1y) or --clear")
    with api_for(args) as api:
        tag, moved = api.set_tag_cadence(args.tag, "none" if args.clear else args.cadence)
    render(
        args,
        {"tag": tag, "due_dates_moved": moved},
        lambda _value: [_changed_text(tag, moved)],
    )
    return 0


def _cadence_text(days: int | None) -> str:
    from netdeck.domain.cadence import describe_cadence

    return describe_cadence(days) if days is not None else "none (the people's own or default)"


def _changed_text(tag: TagView, moved: int) -> str:
    people = "1 person" if tag.people == 1 else f"{tag.people} people"
    dates = "1 due date" if moved == 1 else f"{moved} due dates"
    return f"Tag {tag.name}: {_cadence_text(tag.cadence_days)}; {people}, {dates} moved"


def _tags_text(tags: list[TagView]) -> Iterator[str]:
    if not tags:
        yield "No tags yet: tag someone with `netdeck edit WHO --tag NAME`."
        return
    yield from table(
        [
            (tag.name, str(tag.people), _cadence_text(tag.cadence_days) if tag.cadence_days else "")
            for tag in tags
        ],
        [max(len(tag.name) for tag in tags), 6, None],
    )

"""``remind``, ``birthday`` and ``dates``: a person's key dates at the command line.

``remind WHO --on DATE [--every year] [--note TEXT]`` adds a reminder;
``birthday WHO DATE`` sets or changes the birthday (``--clear`` removes it);
``dates WHO`` lists every date with its id, and ``dates WHO --remove ID`` removes one.
Each prints the person's dates afterwards (``--json``: the ``dates`` list ``show
--json`` has).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from netdeck.cli.commands import api_for
from netdeck.cli.errors import CommandError
from netdeck.cli.render import render
from netdeck.domain.key_dates import KeyDateKind, counts_for
from netdeck.domain.stages import Stage
from netdeck.domain.text import one_line, visible

if TYPE_CHECKING:
    import argparse

    from netdeck.services.views import ContactDetail, KeyDateView


def cmd_remind(args: argparse.Namespace) -> int:
    with api_for(args) as api:
        detail = api.add_reminder(
            args.contact, args.on, every_year=args.every == "year", note=args.note or ""
        )
    render(args, detail, _dates_text, as_json=_dates_json)
    return 0


def cmd_birthday(args: argparse.Namespace) -> int:
    if (args.on is None) == (not args.clear):
        raise CommandError("give the birthday (MM-DD or YYYY-MM-DD) or --clear, not both")
    with api_for(args) as api:
        detail = api.set_birthday(args.contact, None if args.clear else args.on)
    render(args, detail, _dates_text, as_json=_dates_json)
    return 0


def cmd_dates(args: argparse.Namespace) -> int:
    with api_for(args) as api:
        if args.remove is not None:
            detail = api.remove_key_date(args.contact, args.remove)
        else:
            detail = api.contact(args.contact, interaction_limit=0)
    render(args, detail, _dates_text, as_json=_dates_json)
    return 0


def _dates_json(detail: ContactDetail) -> dict[str, Any]:
    return {"id": detail.id, "name": detail.name, "dates": dates_json(detail.dates)}


def dates_json(dates: tuple[KeyDateView, ...]) -> list[dict[str, Any]]:
    """The ``dates`` of ``show --json``: ``{"id", "kind", "on" (YYYY-MM-DD or --MM-DD),
    "every" ("year" or null), "note", "next"}``."""
    return [
        {
            "id": view.id,
            "kind": view.kind,
            "on": view.on_text,
            "every": "year" if view.yearly else None,
            "note": view.note,
            "next": view.next_on.isoformat() if view.next_on else None,
        }
        for view in dates
    ]


def date_line(view: KeyDateView) -> str:
    """``#3 reminder 2026-12-01 (next 2026-12-01): ask how the launch went``."""
    every = ", every year" if view.yearly and view.kind == "reminder" else ""
    upcoming = view.next_on.isoformat() if view.next_on else "gone by"
    note = f": {one_line(view.note, 80)}" if view.note else ""
    return f"#{view.id} {view.kind} {view.on_text}{every} (next {upcoming}){note}"


def _dates_text(detail: ContactDetail) -> Iterator[str]:
    yield f"#{detail.id} {visible(detail.name)}: {_count(len(detail.dates))}"
    for view in detail.dates:
        yield f"  {date_line(view)}"
    stage = Stage(detail.stage)
    idle = [view for view in detail.dates if not counts_for(KeyDateKind(view.kind), stage)]
    if idle and stage is Stage.ARCHIVED:
        yield "note: they are archived: no date brings them into the queue"
    elif idle:
        yield (
            "note: birthdays and anniversaries bring only active and connected people "
            f"into the queue (they are {stage.value}); reminders count in every stage "
            "but archived"
        )


def _count(n: int) -> str:
    return "no dates" if n == 0 else "1 date" if n == 1 else f"{n} dates"

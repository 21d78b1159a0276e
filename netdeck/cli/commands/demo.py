"""``demo``: fill a separate demo database with synthetic people, then open it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from netdeck.cli.commands import todays_date
from netdeck.cli.errors import CommandError
from netdeck.cli.render import render
from netdeck.cli.terminal import end_status_line, someone_watching, status_line

if TYPE_CHECKING:
    import argparse

    from netdeck.demo.fill import DemoSummary


def cmd_demo(args: argparse.Namespace) -> int:
    from netdeck.demo.fill import fill_demo_database

    if args.contacts < 0 or args.contacts > 1_000_000:
        raise CommandError(f"--contacts must be between 0 and 1000000, not {args.contacts}")
    today = todays_date()
    show_progress = someone_watching(args)
    summary = fill_demo_database(
        getattr(args, "db", None),
        contacts=args.contacts,
        interactions_per_contact=args.interactions,
        seed=args.seed,
        today=today,
        progress=status_line if show_progress else None,
    )
    if show_progress:
        end_status_line()
    if args.json or args.no_tui:
        render(args, summary, _summary_text)
    if args.no_tui:
        return 0
    from netdeck.tui.launch import run_tui

    return run_tui(summary.path)


def _summary_text(summary: DemoSummary) -> Iterator[str]:
    yield (
        f"Demo database {summary.path}: {summary.contacts} contacts, "
        f"{summary.interactions} interactions ({summary.seconds:.1f} s)"
    )

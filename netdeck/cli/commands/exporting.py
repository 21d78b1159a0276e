"""netdeck's own data going out and coming back: ``export``, ``backup`` and
``import json`` (a restore of ``export json``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from netdeck.cli.commands import database_for, todays_date
from netdeck.cli.render import render
from netdeck.cli.terminal import write_document

if TYPE_CHECKING:
    import argparse

    from netdeck.services.restoring import RestoreSummary


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from netdeck.services.exporting import export_text, export_to_file

    with database_for(args) as database:
        if args.output is not None:
            export_to_file(database, args.format, Path(args.output), force=args.force)
            return 0
        text = export_text(database, args.format)
    write_document(text)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from netdeck.services.exporting import backup_database

    with database_for(args) as database:
        path = backup_database(
            database, Path(args.output) if args.output else None, force=args.force
        )
    render(args, {"backup": str(path)}, lambda _shown: [f"Backed up to {path}"])
    return 0


def cmd_import_json(args: argparse.Namespace) -> int:
    from pathlib import Path

    from netdeck.services.restoring import restore_netdeck_json

    with database_for(args) as database:
        summary = restore_netdeck_json(
            database, Path(args.path), today=todays_date(), dry_run=args.dry_run
        )
    render(args, summary, _restored_text)
    return 0


def _restored_text(summary: RestoreSummary) -> Iterator[str]:
    yield (
        f"{summary.path}: {summary.contacts} contacts, {summary.channels} addresses, "
        f"{summary.interactions} interactions, {summary.tags} tags, {summary.snippets} snippets, "
        f"{summary.settings} settings, {summary.cleared_days} days of streak history "
        + ("would be restored (dry run: nothing written)" if summary.dry_run else "restored")
    )
    if summary.backup:
        yield f"Backup of the database before the restore: {summary.backup}"

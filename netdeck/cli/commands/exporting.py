"""netdeck's own data going out and coming back: ``export``, ``backup``, ``copy``
(the whole deck into another database) and ``import json`` (a restore of ``export json``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from netdeck.cli.commands import api_for
from netdeck.cli.render import render
from netdeck.cli.terminal import ProgressLine, someone_watching, write_document

if TYPE_CHECKING:
    import argparse

    from netdeck.services.copying import CopySummary
    from netdeck.services.restoring import RestoreSummary


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    with api_for(args) as api:
        if args.output is not None:
            api.export_to_file(args.format, Path(args.output), force=args.force)
            return 0
        text = api.export_text(args.format)
    write_document(text)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    with api_for(args) as api:
        path = api.backup(Path(args.output) if args.output else None, force=args.force)
    render(args, {"backup": str(path)}, lambda _shown: [f"Backed up to {path}"])
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    bar = ProgressLine(sys.stderr) if someone_watching(args) else None
    try:
        with api_for(args) as api:
            summary = api.copy_to(args.to, progress=bar)
    finally:
        if bar is not None:
            bar.clear()
    render(args, summary, _copied_text)
    return 0


def _copied_text(summary: CopySummary) -> Iterator[str]:
    width = max(len(table.name) for table in summary.tables)
    yield f"Copied {summary.source} to {summary.target}:"
    for table in summary.tables:
        yield f"  {table.name:<{width}}  {table.rows:>9,} rows  sha256 {table.checksum[:12]}"
    yield "Verified: every table's row count and checksum are the same in the copy."


def cmd_import_json(args: argparse.Namespace) -> int:
    from pathlib import Path

    with api_for(args) as api:
        summary = api.restore_json(Path(args.path), dry_run=args.dry_run)
    render(args, summary, _restored_text)
    return 0


def _restored_text(summary: RestoreSummary) -> Iterator[str]:
    yield (
        f"{summary.path}: {summary.contacts} contacts, {summary.channels} addresses, "
        f"{summary.interactions} interactions, {summary.tags} tags, {summary.snippets} snippets, "
        f"{summary.settings} settings, {summary.role_changes} changes of jobs, "
        f"{summary.key_dates} key dates, {summary.cleared_days} days of streak history "
        + ("would be restored (dry run: nothing written)" if summary.dry_run else "restored")
    )
    if summary.backup:
        yield f"Backup of the database before the restore: {summary.backup}"

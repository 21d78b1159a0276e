"""``import linkedin|csv|vcard PATH``: people from another tool's export."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from netdeck.cli.commands import api_for
from netdeck.cli.render import render
from netdeck.cli.terminal import ProgressLine, someone_watching
from netdeck.domain.text import one_line

if TYPE_CHECKING:
    import argparse

    from netdeck.services.importing import ImportSummary


def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    bar = ProgressLine(sys.stderr) if someone_watching(args) else None
    try:
        with api_for(args) as api:
            summary = api.import_file(
                args.format,
                Path(args.path),
                tag=args.tag,
                dry_run=args.dry_run,
                progress=bar,
            )
    finally:
        if bar is not None:
            bar.clear()
    render(args, summary, _summary_text)
    return 0


def _summary_text(summary: ImportSummary) -> Iterator[str]:
    would = "would be " if summary.dry_run else ""
    yield (
        f"{summary.path}: {summary.added} {would}added, {summary.updated} {would}updated, "
        f"{summary.unchanged} unchanged, {len(summary.skipped)} skipped"
        + (" (dry run: nothing written)" if summary.dry_run else "")
    )
    for row in summary.skipped:
        yield f"  skipped {row.file} line {row.line}: {one_line(row.reason)}"
    for note in summary.notes:
        yield f"  note: {one_line(note)}"
    if summary.backup:
        yield f"Backup of the database before the import: {summary.backup}"

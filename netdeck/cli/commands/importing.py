"""``import linkedin|csv|vcard PATH``: people from another tool's export."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from netdeck.cli.commands import api_for
from netdeck.cli.render import render
from netdeck.cli.terminal import ProgressLine, someone_watching
from netdeck.domain.import_report import report_lines
from netdeck.domain.sync_summary import moved_lines, requests_line
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
    render(args, summary, _summary_text, as_json=summary_json)
    return 0


def summary_json(summary: ImportSummary) -> dict[str, Any]:
    """The summary as ``--json`` shows it: ``events`` the counts of who moved,
    ``moved`` their names (both ``null`` for formats that do not sync: CSV, vCard);
    ``matched_by`` how many rows matched someone by what, ``left_out`` each field not
    imported, ``possible_duplicates`` the rows added though someone may be them;
    ``requests`` the connection requests logged from ``Invitations.csv`` (counted in
    ``interactions``), ``bare_requests`` those of them that went out without a note."""
    events = summary.events
    value: dict[str, Any] = {
        "path": summary.path,
        "dry_run": summary.dry_run,
        "added": summary.added,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "skipped": summary.skipped,
        "interactions": summary.interactions,
        "requests": summary.requests,
        "bare_requests": summary.bare_requests,
        "backup": summary.backup,
        "notes": summary.notes,
        "matched_by": summary.matched_by,
        "left_out": summary.left_out,
        "possible_duplicates": summary.possible_duplicates,
        "events": None if events is None else events.counts(),
        "moved": None,
    }
    if events is not None:
        value["moved"] = {
            "accepted": list(events.accepted),
            "awaiting_reply": [
                {"name": name, "wrote": wrote} for name, wrote in events.awaiting_reply
            ],
            "job_changes": [{"name": name, "now": role} for name, role in events.job_changes],
            "disconnected": list(events.disconnected),
        }
    return value


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
    if summary.requests:
        yield f"  {requests_line(summary.requests, summary.bare_requests, dry_run=summary.dry_run)}"
    if summary.events is not None:
        yield from moved_lines(summary.events, dry_run=summary.dry_run)
    for line in report_lines(summary.matched_by, summary.left_out, summary.possible_duplicates):
        yield f"  {line}"
    if summary.backup:
        yield f"Backup of the database before the import: {summary.backup}"

"""``mail sync`` (read who wrote and whom you wrote to from your mailbox, headers
only) and ``mail status`` (what the syncs did)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from netdeck.cli.commands import api_for
from netdeck.cli.render import render
from netdeck.cli.terminal import ProgressLine, someone_watching
from netdeck.domain.text import one_line

if TYPE_CHECKING:
    import argparse

    from netdeck.services.mail_sync import MailProgress, MailStatusView, MailSyncSummary


def cmd_mail_sync(args: argparse.Namespace) -> int:
    bar = ProgressLine(sys.stderr) if someone_watching(args) else None

    def show(step: MailProgress) -> None:
        from netdeck.services.importing import ImportProgress

        if bar is not None:
            bar(ImportProgress(f"reading {one_line(step.folder)}", step.done, step.total))

    try:
        with api_for(args) as api:
            summary = api.mail_sync(progress=show)
    finally:
        if bar is not None:
            bar.clear()
    render(args, summary, _summary_text, as_json=_summary_json)
    return 0


def cmd_mail_status(args: argparse.Namespace) -> int:
    with api_for(args) as api:
        status = api.mail_status()
    render(args, status, _status_text, as_json=_status_json)
    return 0


def _summary_text(summary: MailSyncSummary) -> Iterator[str]:
    yield summary.line()
    for name, subject in summary.awaiting_reply:
        yield f"  {one_line(name)} awaits your reply: {one_line(subject)}"


def _summary_json(summary: MailSyncSummary) -> dict[str, Any]:
    return {
        "account": summary.account,
        "folders": list(summary.folders),
        "messages": summary.messages,
        "replies": summary.replies,
        "sent": summary.sent,
        "people": summary.people,
        "unknown_senders": summary.unknown_senders,
        "awaiting_reply": [{"name": n, "subject": s} for n, s in summary.awaiting_reply],
    }


def _status_text(status: MailStatusView) -> Iterator[str]:
    if status.account is None:
        yield "Mail is not set up: netdeck settings imap-host HOST, then imap-user YOU"
        return
    yield f"Account:             {one_line(status.account)}"
    last = status.last_sync_at.strftime("%Y-%m-%d %H:%M UTC") if status.last_sync_at else "never"
    yield f"Last sync:           {last}"
    yield f"Messages seen:       {status.messages_seen:,}"
    yield f"Interactions logged: {status.interactions_logged:,}"
    if status.last_error:
        when = status.last_error_at.strftime("%Y-%m-%d %H:%M UTC") if status.last_error_at else ""
        yield f"Last error:          {when} {one_line(status.last_error)}".rstrip()


def _status_json(status: MailStatusView) -> dict[str, Any]:
    def stamp(value: Any) -> str | None:
        return value.isoformat(timespec="seconds") if value is not None else None

    return {
        "account": status.account,
        "last_sync_at": stamp(status.last_sync_at),
        "messages_seen": status.messages_seen,
        "interactions_logged": status.interactions_logged,
        "last_error": status.last_error,
        "last_error_at": stamp(status.last_error_at),
    }

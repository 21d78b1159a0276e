"""Reminders outside the terminal: ``calendar`` (an iCalendar feed of who is due and
their key dates) and ``digest`` (today's queue as plain text, for a cron mail)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from netdeck.cli.commands import api_for
from netdeck.cli.render import render
from netdeck.domain.text import one_line

if TYPE_CHECKING:
    import argparse

    from netdeck.services.calendar_feed import CalendarSummary
    from netdeck.services.views import QueueEntry, QueueSnapshot

NOTHING_DUE = "Nothing due today."


def cmd_calendar(args: argparse.Namespace) -> int:
    from pathlib import Path

    with api_for(args) as api:
        summary = api.write_calendar(Path(args.output), days=args.days, force=args.force)
    render(args, summary, _calendar_text)
    return 0


def _calendar_text(summary: CalendarSummary) -> Iterator[str]:
    events = "1 event" if summary.events == 1 else f"{summary.events} events"
    people = "1 person" if summary.people == 1 else f"{summary.people} people"
    yield (
        f"Wrote {events} ({people}, {summary.first_day.isoformat()} to "
        f"{summary.last_day.isoformat()}) to {one_line(summary.path)}"
    )


def cmd_digest(args: argparse.Namespace) -> int:
    with api_for(args) as api:
        snapshot = api.queue()
    for line in digest_lines(snapshot):  # text only: `queue --json` is the JSON of it
        print(line)
    return 0


def digest_lines(snapshot: QueueSnapshot) -> Iterator[str]:
    """Today's queue as plain text: a header with the day and the count, then one
    block per person (name, reason, preferred address); no colours, no escapes, no
    terminal width, whatever stdout is."""
    if not snapshot.entries:
        yield NOTHING_DUE
        return
    count = len(snapshot.entries)
    people = "1 person" if count == 1 else f"{count} people"
    more = snapshot.due_total - count
    later = [f"{more} more due"] if more > 0 else []
    if snapshot.held:
        later.append(f"{snapshot.held} held for the note budget")
    yield (
        f"netdeck, {snapshot.today.strftime('%A')} {snapshot.today.isoformat()}: "
        f"{people} to write to today"
        + (f" ({', '.join(later)}: netdeck queue --all)" if later else "")
    )
    for entry in snapshot.entries:
        yield ""
        yield from _person_block(entry)


def _person_block(entry: QueueEntry) -> Iterator[str]:
    role = " at ".join(part for part in (entry.title, entry.company) if part)
    yield f"{one_line(entry.name)} (#{entry.id})" + (f", {one_line(role)}" if role else "")
    yield f"  {one_line(entry.reason)}"
    # The preferred address comes first (see netdeck.services.contacts.preferred_addresses).
    for kind, address in list(entry.channels.items())[:1]:
        yield f"  {kind}: {one_line(address)}"

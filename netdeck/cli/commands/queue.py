"""``queue`` and what is done from it: ``log``, ``snooze``, ``skip``, ``pull`` and ``stage``.

Each is one call to the application API, which also brings today's cleared mark
up to date (the streak counts the days the queue was emptied). ``queue`` says how
many prospects the LinkedIn note budget holds; ``queue --all`` lists them last,
their JSON entries carrying ``"held": "note-budget"`` (``null`` on every other).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from netdeck.cli.commands import api_for, check_limit
from netdeck.cli.errors import CommandError
from netdeck.cli.render import change_text, date_text, render, table, tell_others_did
from netdeck.domain.text import visible

if TYPE_CHECKING:
    import argparse
    from datetime import date

    from netdeck.services.views import LoggedInteraction, QueueEntry, QueueSnapshot


def cmd_log(args: argparse.Namespace) -> int:
    from netdeck.domain.dates import parse_date

    on = parse_date(args.date) if args.date else None
    with api_for(args) as api:
        outcome = api.mark_done(
            args.contact,
            channel=args.channel,
            kind=args.kind,
            note=args.note or "",
            inbound=args.inbound,
            on=on,
        )
    tell_others_did(outcome)
    assert outcome.logged is not None  # mark_done always logs one
    render(args, outcome.logged, _logged_text)
    return 0


def _logged_text(logged: LoggedInteraction) -> Iterator[str]:
    yield (
        f"Logged for #{logged.contact_id} {visible(logged.name)} ({logged.stage}); "
        f"next due {date_text(logged.next_due_on)}"
    )


def cmd_snooze(args: argparse.Namespace) -> int:
    from netdeck.domain.dates import add_days, parse_date

    days = None if args.until is not None else _snooze_days(args.days)
    with api_for(args) as api:
        until = parse_date(args.until) if days is None else add_days(api.today, days)
        outcome = api.snooze(args.contact, until)
    tell_others_did(outcome)
    render(args, outcome.change, change_text("Snoozed"))
    return 0


def _snooze_days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise CommandError(f"--days must be a whole number of days, not {text!r}") from None
    if not 1 <= days <= 3650:
        raise CommandError(f"--days must be between 1 and 3650, not {days}")
    return days


def cmd_skip(args: argparse.Namespace) -> int:
    with api_for(args) as api:
        outcome = api.skip(args.contact)
    tell_others_did(outcome)
    render(args, outcome.change, change_text("Skipped for today"))
    return 0


def cmd_pull(args: argparse.Namespace) -> int:
    with api_for(args) as api:
        outcome = api.pull(args.contact)
    render(args, outcome.change, change_text("Pulled into today's queue"))
    return 0


def cmd_stage(args: argparse.Namespace) -> int:
    with api_for(args) as api:
        outcome = api.move_to_stage(args.contact, args.stage)
    render(args, outcome.change, change_text(f"Moved to {args.stage.lower()}"))
    return 0


def cmd_queue(args: argparse.Namespace) -> int:
    check_limit(args.limit)
    with api_for(args) as api:
        snapshot = api.queue(show_all=args.all, limit=args.limit, everyone=args.everyone)
    render(args, snapshot, _queue_text, as_json=_queue_json)
    return 0


def _queue_json(snapshot: QueueSnapshot) -> list[dict[str, object]]:
    """The entries (``queue --json`` stays a list), each with the queue's ``scope``
    ("mine": theirs and nobody's in a shared deck; "everyone") and who else touched
    them lately (:func:`~netdeck.cli.render.touched_json`)."""
    from dataclasses import asdict

    from netdeck.cli.render import touched_json

    return [
        asdict(entry)
        | {
            "touched": touched_json(entry.touched, entry.name, snapshot.today),
            "scope": snapshot.scope,
        }
        for entry in snapshot.entries
    ]


def _queue_text(snapshot: QueueSnapshot) -> Iterator[str]:
    shown = sum(1 for e in snapshot.entries if e.held is None)
    yield (
        f"{snapshot.today.isoformat()}: {snapshot.due_total} due, showing {shown}; "
        f"done today {snapshot.done_today}; inner circle {snapshot.inner_circle}/{snapshot.inner_circle_target}"
    )
    if snapshot.shared:
        yield (
            "Showing yours and nobody's (queue --everyone for all)."
            if snapshot.scope == "mine"
            else "Showing everyone's."
        )
    listed = len(snapshot.entries) - shown
    if snapshot.held and not listed:
        yield held_line(snapshot.held)
    if not snapshot.entries:
        if snapshot.contact_count == 0:
            yield "No contacts yet: `netdeck add NAME`, `netdeck import linkedin PATH` or `netdeck demo`."
        else:
            after = f"; next due {snapshot.next_due_on.isoformat()}" if snapshot.next_due_on else ""
            yield f"Nobody is due: you are done for today{after}."
        return
    rows = [
        (
            f"#{e.id}",
            e.name,
            e.stage,
            "held"
            if e.held
            else "due today"
            if e.overdue_days == 0
            else f"{e.overdue_days}d overdue",
            _reason(e, snapshot.today, whose=snapshot.scope == "everyone"),
        )
        for e in snapshot.entries
    ]
    yield from table(rows, (7, 24, 9, 12, None))


def _reason(entry: QueueEntry, today: date, *, whose: bool) -> str:
    """The reason (or, when another user is writing to them today, that), then
    (``whose``: a shared deck's ``--everyone``) whose they are, and who else touched
    them lately."""
    parts = [_why(entry)]
    if whose and entry.owner:
        parts.append(f"{entry.owner}'s")
    if entry.touched:
        parts.append(entry.touched.sentence(entry.name, today))
    return " · ".join(parts)


def _why(entry: QueueEntry) -> str:
    """Why they are due, or, when another user is writing to them today, that."""
    if entry.claimed_by is None or entry.claimed_at is None:
        return entry.reason
    from netdeck.domain.claims import writing_to

    return writing_to(entry.claimed_by, entry.name, entry.claimed_at.astimezone().time())


def held_line(held: int) -> str:
    """How many note-only prospects the note budget holds today (one line)."""
    from netdeck.domain.note_budget import held_text

    return f"{held_text(held)} (queue --all lists them)"

"""``queue`` and what is done from it: ``log``, ``snooze``, ``skip`` and ``stage``.

Every action on a contact ends the same way: today is recorded as cleared when
it emptied the queue (the streak counts those days), in the same unit of work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from netdeck.cli.commands import check_limit, database_for, todays_date
from netdeck.cli.errors import CommandError
from netdeck.cli.render import change_text, date_text, render, table
from netdeck.domain.text import visible

if TYPE_CHECKING:
    import argparse
    from datetime import date

    from netdeck.domain.settings import Settings
    from netdeck.services.views import LoggedInteraction, QueueSnapshot

Result = TypeVar("Result")

#: ``(session, contact, settings)``: the session and the contact's row are the
#: services' own, handed from one service call to the next.
ContactAction = Callable[[Any, Any, "Settings"], Result]


def _act_on_contact(args: argparse.Namespace, today: date, act: ContactAction[Result]) -> Result:
    """``act`` on ``args.contact`` in one write, then today's cleared mark brought up to date."""
    from netdeck.services.contacts import resolve_contact
    from netdeck.services.queue import record_queue_cleared
    from netdeck.services.settings import load_settings

    with database_for(args) as db, db.writing() as session:
        contact = resolve_contact(session, args.contact)
        settings = load_settings(session)
        result = act(session, contact, settings)
        record_queue_cleared(session, today=today, settings=settings)
    return result


def cmd_log(args: argparse.Namespace) -> int:
    from netdeck.domain.dates import parse_date
    from netdeck.services.schedule import log_interaction

    today = todays_date()
    on = parse_date(args.date) if args.date else None
    logged = _act_on_contact(
        args,
        today,
        lambda session, contact, settings: log_interaction(
            session,
            contact,
            today=today,
            settings=settings,
            channel=args.channel,
            kind=args.kind,
            inbound=args.inbound,
            note=args.note or "",
            on=on,
        ),
    )
    render(args, logged, _logged_text)
    return 0


def _logged_text(logged: LoggedInteraction) -> Iterator[str]:
    yield (
        f"Logged for #{logged.contact_id} {visible(logged.name)} ({logged.stage}); "
        f"next due {date_text(logged.next_due_on)}"
    )


def cmd_snooze(args: argparse.Namespace) -> int:
    from netdeck.domain.dates import add_days, parse_date
    from netdeck.services.schedule import snooze_contact

    today = todays_date()
    if args.until is not None:
        until = parse_date(args.until)
    else:
        until = add_days(today, _snooze_days(args.days))
    change = _act_on_contact(
        args,
        today,
        lambda _session, contact, settings: snooze_contact(
            contact, until=until, today=today, settings=settings
        ),
    )
    render(args, change, change_text("Snoozed"))
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
    from netdeck.services.schedule import skip_for_today

    today = todays_date()
    change = _act_on_contact(
        args, today, lambda _session, contact, _settings: skip_for_today(contact, today=today)
    )
    render(args, change, change_text("Skipped for today"))
    return 0


def cmd_stage(args: argparse.Namespace) -> int:
    from netdeck.services.schedule import change_stage

    today = todays_date()
    change = _act_on_contact(
        args,
        today,
        lambda _session, contact, settings: change_stage(
            contact, args.stage, today=today, settings=settings
        ),
    )
    render(args, change, change_text(f"Moved to {args.stage.lower()}"))
    return 0


def cmd_queue(args: argparse.Namespace) -> int:
    from netdeck.services.queue import todays_queue
    from netdeck.services.settings import load_settings

    check_limit(args.limit)
    today = todays_date()
    with database_for(args) as db, db.reading() as session:
        snapshot = todays_queue(
            session,
            today=today,
            settings=load_settings(session),
            show_all=args.all,
            limit=args.limit,
        )
    render(args, snapshot, _queue_text, as_json=lambda s: list(s.entries))
    return 0


def _queue_text(snapshot: QueueSnapshot) -> Iterator[str]:
    yield (
        f"{snapshot.today.isoformat()}: {snapshot.due_total} due, showing {len(snapshot.entries)}; "
        f"done today {snapshot.done_today}; inner circle {snapshot.inner_circle}/{snapshot.inner_circle_target}"
    )
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
            "due today" if e.overdue_days == 0 else f"{e.overdue_days}d overdue",
            e.reason,
        )
        for e in snapshot.entries
    ]
    yield from table(rows, (7, 24, 9, 12, None))

"""The ``netdeck`` command: argparse in, one service call, text or ``--json`` out.

Errors a user can cause print one line, ``netdeck: error: ...``, on stderr and
exit 1; usage errors exit 2 (argparse). Nothing here holds rules or SQL.
Heavy modules (SQLAlchemy, the services, Textual) are imported inside the
handlers, so ``netdeck --help`` and the TUI's start-up stay fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from netdeck import __version__
from netdeck.domain.errors import NetdeckError
from netdeck.domain.text import json_without_controls, one_line, terminal_document, visible

if TYPE_CHECKING:
    import argparse

    from netdeck.clipboard import CopyResult
    from netdeck.services.actions import ActionOutcome
    from netdeck.services.drafts import Draft
    from netdeck.services.importing import ImportProgress

STAGES = ("prospect", "requested", "connected", "active", "unsorted", "dormant", "archived")
LOG_CHANNELS = ("linkedin", "email", "x", "phone", "in-person", "other")
LOG_KINDS = ("connection-request", "message", "reply", "call", "meeting", "note")
FORCE_HELP = (
    "replace PATH if it is an existing regular file (never a symbolic link, "
    "a folder or the open database)"
)


class CommandError(NetdeckError):
    """A problem with how a command was used that argparse cannot see."""


# ---------------------------------------------------------------- output


def _jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {key: _jsonable(item) for key, item in asdict(value).items()}
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def print_json(value: Any) -> None:
    import json

    # The escapes keep the same JSON value; raw, a C1 control or bidi override in a
    # name would reach the terminal.
    sys.stdout.write(
        json_without_controls(json.dumps(_jsonable(value), indent=2, ensure_ascii=False))
    )
    sys.stdout.write("\n")


def _table(rows: Sequence[Sequence[str]], widths: Sequence[int | None]) -> Iterator[str]:
    """Rows as aligned columns; ``None`` width means "the rest of the line"."""
    for row in rows:
        cells = []
        for cell, width in zip(row, widths, strict=True):
            text = one_line(cell)
            if width is None:
                cells.append(text)
            else:
                cells.append(one_line(cell, width).ljust(width))
        yield "  ".join(cells).rstrip()


def _date(value: date | None) -> str:
    return value.isoformat() if value else "-"


# ---------------------------------------------------------------- context


@contextmanager
def _database(args: argparse.Namespace, *, default_name: str = "netdeck.db"):
    from netdeck.store.database import open_database

    database = open_database(getattr(args, "db", None), default_name=default_name)
    try:
        yield database
    finally:
        database.close()


def _today():
    from netdeck.clock import today

    return today()


def _contact_fields(args: argparse.Namespace):
    from netdeck.domain.channels import ChannelKind
    from netdeck.services.contacts import ContactFields

    addresses: dict[ChannelKind, list[str]] = {}
    for option, kind in (
        ("email", ChannelKind.EMAIL),
        ("linkedin", ChannelKind.LINKEDIN),
        ("twitter", ChannelKind.X),
        ("website", ChannelKind.WEBSITE),
        ("phone", ChannelKind.PHONE),
    ):
        values = getattr(args, option, None)
        if values is not None:
            addresses[kind] = values
    return ContactFields(
        name=getattr(args, "name", None) if args.command == "add" else args.new_name,
        first_name=getattr(args, "first_name", None),
        last_name=getattr(args, "last_name", None),
        company=args.company,
        title=args.title,
        how_we_met=args.met,
        notes=args.notes,
        cadence=args.cadence,
        stage=args.stage,
        connected_on=args.connected_on,
        addresses=addresses,
        prefer=args.prefer,
        tags=args.tag,
    )


# ---------------------------------------------------------------- handlers


def cmd_tui(args: argparse.Namespace) -> int:
    from netdeck.tui.launch import run_tui

    return run_tui(getattr(args, "db", None))


def cmd_add(args: argparse.Namespace) -> int:
    from netdeck.services.contacts import add_contact
    from netdeck.services.settings import load_settings

    today = _today()
    with _database(args) as db, db.writing() as session:
        contact = add_contact(
            session, _contact_fields(args), today=today, settings=load_settings(session)
        )
    if args.json:
        print_json(contact)
    else:
        print(
            f"Added #{contact.id} {visible(contact.name)} ({contact.stage}), due {_date(contact.next_due_on)}"
        )
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from netdeck.services.contacts import edit_contact, resolve_contact
    from netdeck.services.settings import load_settings

    today = _today()
    with _database(args) as db, db.writing() as session:
        contact = resolve_contact(session, args.contact)
        detail = edit_contact(
            session, contact, _contact_fields(args), today=today, settings=load_settings(session)
        )
    if args.json:
        print_json(detail)
    else:
        print(
            f"Updated #{detail.id} {visible(detail.name)} ({detail.stage}), due {_date(detail.next_due_on)}"
        )
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    from netdeck.domain.dates import parse_date
    from netdeck.services.contacts import resolve_contact
    from netdeck.services.queue import record_queue_cleared
    from netdeck.services.schedule import log_interaction
    from netdeck.services.settings import load_settings

    today = _today()
    on = parse_date(args.date) if args.date else None
    with _database(args) as db, db.writing() as session:
        contact = resolve_contact(session, args.contact)
        logged = log_interaction(
            session,
            contact,
            today=today,
            settings=load_settings(session),
            channel=args.channel,
            kind=args.kind,
            inbound=args.inbound,
            note=args.note or "",
            on=on,
        )
        record_queue_cleared(session, today=today, settings=load_settings(session))
    if args.json:
        print_json(logged)
    else:
        print(
            f"Logged for #{logged.contact_id} {visible(logged.name)} ({logged.stage}); "
            f"next due {_date(logged.next_due_on)}"
        )
    return 0


def cmd_snooze(args: argparse.Namespace) -> int:
    from netdeck.domain.dates import add_days, parse_date
    from netdeck.services.contacts import resolve_contact
    from netdeck.services.queue import record_queue_cleared
    from netdeck.services.schedule import snooze_contact
    from netdeck.services.settings import load_settings

    today = _today()
    if args.until is not None:
        until = parse_date(args.until)
    else:
        try:
            days = int(args.days)
        except ValueError:
            raise CommandError(
                f"--days must be a whole number of days, not {args.days!r}"
            ) from None
        if not 1 <= days <= 3650:
            raise CommandError(f"--days must be between 1 and 3650, not {days}")
        until = add_days(today, days)
    with _database(args) as db, db.writing() as session:
        contact = resolve_contact(session, args.contact)
        settings = load_settings(session)
        change = snooze_contact(contact, until=until, today=today, settings=settings)
        record_queue_cleared(session, today=today, settings=settings)
    return _print_change(args, change, "Snoozed")


def cmd_skip(args: argparse.Namespace) -> int:
    from netdeck.services.contacts import resolve_contact
    from netdeck.services.queue import record_queue_cleared
    from netdeck.services.schedule import skip_for_today
    from netdeck.services.settings import load_settings

    today = _today()
    with _database(args) as db, db.writing() as session:
        change = skip_for_today(resolve_contact(session, args.contact), today=today)
        record_queue_cleared(session, today=today, settings=load_settings(session))
    return _print_change(args, change, "Skipped for today")


def cmd_stage(args: argparse.Namespace) -> int:
    from netdeck.services.contacts import resolve_contact
    from netdeck.services.queue import record_queue_cleared
    from netdeck.services.schedule import change_stage
    from netdeck.services.settings import load_settings

    today = _today()
    with _database(args) as db, db.writing() as session:
        contact = resolve_contact(session, args.contact)
        settings = load_settings(session)
        change = change_stage(contact, args.stage, today=today, settings=settings)
        record_queue_cleared(session, today=today, settings=settings)
    return _print_change(args, change, f"Moved to {args.stage.lower()}")


def _print_change(args: argparse.Namespace, change, verb: str) -> int:
    if args.json:
        print_json(change)
    else:
        print(
            f"{verb}: #{change.contact_id} {visible(change.name)} ({change.stage}), due {_date(change.next_due_on)}"
        )
    return 0


def cmd_queue(args: argparse.Namespace) -> int:
    from netdeck.services.queue import todays_queue
    from netdeck.services.settings import load_settings

    if args.limit is not None and args.limit < 1:
        raise CommandError(f"--limit must be at least 1, not {args.limit}")
    today = _today()
    with _database(args) as db, db.reading() as session:
        snapshot = todays_queue(
            session,
            today=today,
            settings=load_settings(session),
            show_all=args.all,
            limit=args.limit,
        )
    if args.json:
        print_json(list(snapshot.entries))
        return 0
    print(
        f"{today.isoformat()}: {snapshot.due_total} due, showing {len(snapshot.entries)}; "
        f"done today {snapshot.done_today}; inner circle {snapshot.inner_circle}/{snapshot.inner_circle_target}"
    )
    if not snapshot.entries:
        if snapshot.contact_count == 0:
            print(
                "No contacts yet: `netdeck add NAME`, `netdeck import linkedin PATH` or `netdeck demo`."
            )
        else:
            after = f"; next due {snapshot.next_due_on.isoformat()}" if snapshot.next_due_on else ""
            print(f"Nobody is due: you are done for today{after}.")
        return 0
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
    for line in _table(rows, (7, 24, 9, 12, None)):
        print(line)
    return 0


def _bar(values: Sequence[int], width: int = 12) -> str:
    """A one-line bar chart of ``values`` (one block per value, highest is full)."""
    blocks = " ▁▂▃▄▅▆▇█"
    top = max(values, default=0)
    if top == 0:
        return "▁" * len(values)
    return "".join(blocks[max(1, round(value / top * 8))] if value else " " for value in values)


def cmd_stats(args: argparse.Namespace) -> int:
    from netdeck.services.settings import load_settings
    from netdeck.services.stats import network_health

    today = _today()
    with _database(args) as db, db.reading() as session:
        health = network_health(session, today=today, settings=load_settings(session))
    if args.json:
        print_json(_health_json(health))
        return 0
    weekly = [ratio.numerator for ratio in health.on_cadence_weekly]
    print(f"Network health on {today.isoformat()}")
    print(
        f"  Inner circle     {health.inner_circle.numerator} active of a target of "
        f"{health.inner_circle.denominator}"
    )
    print(f"  On cadence       {health.on_cadence.describe()}")
    print(
        f"    last 12 weeks  {_bar(weekly)}  {' '.join(r.percent_text() for r in health.on_cadence_weekly[-4:])} (last 4)"
    )
    print(
        f"  Follow-through   {health.follow_through.describe()} new connections messaged within 7 days"
    )
    print(f"  Request notes    {health.request_notes.describe()} requests had a note")
    print(f"  Reciprocity      {health.reciprocity.describe()} sends answered within 14 days")
    print(
        f"                   {health.replies_received} replies received, {health.messages_sent} messages sent (12 months)"
    )
    print(
        f"  Per week         {_bar(health.interactions_per_week)}  "
        f"{health.interactions_per_week[-1]} this week, {sum(health.interactions_per_week)} in 12 weeks"
    )
    days = "day" if health.streak_days == 1 else "days"
    print(
        f"  Streak           {health.streak_days} {days} of a cleared queue"
        f"{'' if health.cleared_today else ' (today not cleared yet)'}"
    )
    if health.snippet_replies:
        print("Answers per snippet")
        rows = [(s.name, s.answered.describe()) for s in health.snippet_replies]
        for line in _table(rows, (30, None)):
            print(f"  {line}")
    for title, listed, unit in (
        ("Drifting (overdue by more than twice their cadence)", health.drifting, "overdue"),
        ("Candidates to let go (silent for 6 months)", health.let_go, "silent"),
    ):
        print(f"{title}: {listed.total}")
        rows = [(f"#{c.id}", c.name, c.stage, f"{c.days}d {unit}") for c in listed.contacts[:10]]
        for line in _table(rows, (7, 30, 9, None)):
            print(f"  {line}")
        if listed.total > len(rows):
            print(f"  … and {listed.total - len(rows)} more (press h in the TUI)")
    return 0


def _health_json(health) -> dict[str, Any]:
    """The documented ``stats --json`` shape (README, "Network health")."""

    def ratio(value) -> dict[str, Any]:
        return {
            "count": value.numerator,
            "of": value.denominator,
            "share": None if value.fraction is None else round(value.fraction, 4),
        }

    def people(listed) -> dict[str, Any]:
        return {
            "total": listed.total,
            "contacts": [
                {
                    "id": c.id,
                    "name": c.name,
                    "stage": c.stage,
                    "last_interaction_on": c.last_interaction_on,
                    "days": c.days,
                }
                for c in listed.contacts
            ],
        }

    return {
        "today": health.today,
        "inner_circle": {
            "active": health.inner_circle.numerator,
            "target": health.inner_circle.denominator,
        },
        "on_cadence": ratio(health.on_cadence),
        "on_cadence_weekly": [ratio(r) for r in health.on_cadence_weekly],
        "follow_through": ratio(health.follow_through),
        "request_notes": ratio(health.request_notes),
        "reciprocity": {
            **ratio(health.reciprocity),
            "replies_received": health.replies_received,
            "messages_sent": health.messages_sent,
            "snippets": [
                {"id": s.snippet_id, "name": s.name, **ratio(s.answered)}
                for s in health.snippet_replies
            ],
        },
        "interactions_per_week": list(health.interactions_per_week),
        "streak": {"days": health.streak_days, "cleared_today": health.cleared_today},
        "drifting": people(health.drifting),
        "let_go": people(health.let_go),
    }


def cmd_triage(args: argparse.Namespace) -> int:
    """``netdeck triage``: what is left to triage; ``triage keep|later|archive CONTACT``."""
    from netdeck.services import triage
    from netdeck.services.contacts import resolve_contact
    from netdeck.services.settings import load_settings

    today = _today()
    action = getattr(args, "triage_command", None)
    if action is not None:
        from netdeck.domain.cadence import parse_cadence

        cadence = parse_cadence(args.cadence) if action == "keep" else 0
        with _database(args) as db, db.writing() as session:
            settings = load_settings(session)
            contact_id = resolve_contact(session, args.contact).id
            outcome = triage.decide(
                session,
                contact_id,
                "let_go" if action == "archive" else action,
                cadence_days=cadence,
                today=today,
                settings=settings,
            )
        verb = {"keep": "Kept", "later": "Follow up later", "archive": "Let go"}[action]
        return _print_change(args, outcome.change, verb)

    if args.limit is not None and args.limit < 1:
        raise CommandError(f"--limit must be at least 1, not {args.limit}")
    with _database(args) as db, db.reading() as session:
        snapshot = triage.triage_queue(
            session,
            today=today,
            settings=load_settings(session),
            limit=args.limit if args.limit is not None else triage.TRIAGE_PAGE,
        )
    counts = snapshot.counts
    if args.json:
        print_json(
            {
                "left": counts.left,
                "inner_circle": counts.inner_circle,
                "inner_circle_target": counts.inner_circle_target,
                "entries": list(snapshot.entries),
            }
        )
        return 0
    print(
        f"{counts.left} left to triage, showing {len(snapshot.entries)}; "
        f"inner circle {counts.inner_circle}/{counts.inner_circle_target}"
    )
    if not snapshot.entries:
        print("Nothing to triage: every contact has a stage.")
        return 0
    rows = [
        (f"#{e.id}", e.name, e.company, _date(e.connected_on), "; ".join(e.reasons) or "-")
        for e in snapshot.entries
    ]
    for line in _table(rows, (7, 24, 20, 10, None)):
        print(line)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from netdeck.services.contacts import ContactSort, list_contacts

    if args.limit is not None and args.limit < 1:
        raise CommandError(f"--limit must be at least 1, not {args.limit}")
    with _database(args) as db, db.reading() as session:
        contacts = list_contacts(
            session,
            stage=args.stage,
            tag=args.tag,
            search=args.search,
            sort=ContactSort(args.sort),
            limit=args.limit,
            company=args.company,
        )
    if args.json:
        print_json(contacts)
        return 0
    if not contacts:
        print("No contacts match.")
        return 0
    rows = [
        (f"#{c.id}", c.name, c.stage, c.company, _date(c.next_due_on), ", ".join(c.tags))
        for c in contacts
    ]
    for line in _table(rows, (7, 26, 9, 24, 10, None)):
        print(line)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from netdeck.domain.cadence import describe_cadence
    from netdeck.services.contacts import describe_contact, resolve_contact
    from netdeck.services.settings import load_settings

    today = _today()
    with _database(args) as db, db.reading() as session:
        detail = describe_contact(
            session,
            resolve_contact(session, args.contact),
            today=today,
            settings=load_settings(session),
        )
    if args.json:
        print_json(detail)
        return 0
    print(
        f"#{detail.id} {visible(detail.name)} ({detail.stage} since {detail.stage_since.isoformat()})"
    )
    role = " at ".join(part for part in (detail.title, detail.company) if part)
    lines = [
        ("Role", role),
        (
            "Due",
            f"{_date(detail.next_due_on)}: {detail.reason}"
            if detail.next_due_on
            else "not scheduled",
        ),
        (
            "Cadence",
            describe_cadence(detail.effective_cadence_days)
            + ("" if detail.cadence_days else " (default)"),
        ),
        ("Last talked", _date(detail.last_interaction_on)),
        ("Connected", _date(detail.connected_on)),
        ("Met", detail.how_we_met),
        ("Tags", ", ".join(detail.tags)),
    ]
    for label, value in lines:
        if value:
            print(f"  {label + ':':<13}{one_line(value)}")
    for channel in detail.channels:
        mark = " (preferred)" if channel.preferred else ""
        print(f"  {channel.kind + ':':<13}{one_line(channel.value)}{mark}")
    if detail.notes:
        print("  Notes:")
        for line in visible(detail.notes, keep_newlines=True).splitlines():
            print(f"    {line}")
    if detail.interactions:
        print("  Interactions:")
        for item in detail.interactions:
            arrow = "←" if item.direction == "inbound" else "→"
            note = f"  {one_line(item.note, 60)}" if item.note else ""
            print(f"    {item.occurred_on.isoformat()} {arrow} {item.kind} ({item.channel}){note}")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from netdeck.domain.settings import SETTING_SPECS, setting_spec, setting_value, settings_as_dict
    from netdeck.services.settings import change_setting, load_settings

    if args.value is not None:
        with _database(args) as db, db.writing() as session:
            change_setting(session, args.key, args.value)
            settings = load_settings(session)
    else:
        if args.key is not None:
            setting_spec(args.key)  # unknown keys fail before the database is opened
        with _database(args) as db, db.reading() as session:
            settings = load_settings(session)
    if args.key is not None:
        spec = setting_spec(args.key)
        value = setting_value(settings, spec.key)
        if args.json:
            print_json({spec.key: value})
        else:
            print(visible(str(value)))
        return 0
    values = settings_as_dict(settings)
    if args.json:
        print_json(values)
        return 0
    for spec in SETTING_SPECS:
        print(f"{spec.key:<21}{one_line(str(values[spec.key])):<16}  {spec.description}")
    return 0


def _read_body(args: argparse.Namespace, initial: str = "") -> str | None:
    """The snippet body from ``--body-file`` (``-`` is stdin) or ``$EDITOR``."""
    if args.body_file is not None:
        if args.body_file == "-":
            return _read_stdin_text()
        try:
            with open(args.body_file, encoding="utf-8") as handle:
                return handle.read()
        except OSError as error:
            raise CommandError(f"cannot read {args.body_file}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{args.body_file} is not UTF-8 text") from None
    return None


def _read_stdin_text() -> str:
    """Standard input as UTF-8 text (Python would hand other bytes over as lone
    surrogates, which nothing later can store or print)."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # already text (a test's StringIO)
        return sys.stdin.read()
    import io

    text = io.TextIOWrapper(stream, encoding="utf-8")  # strict, newlines as sys.stdin reads them
    try:
        return text.read()
    except UnicodeDecodeError:
        raise CommandError("standard input is not UTF-8 text") from None
    finally:
        text.detach()  # leave sys.stdin open


def _edit_in_editor(initial: str) -> str:
    """The text the user writes in ``$EDITOR``, once it is a usable template.

    A template that would be refused keeps its file, named in the error, so
    nothing typed is lost.
    """
    import shlex
    import subprocess
    import tempfile

    from netdeck.domain.errors import TemplateProblem
    from netdeck.services.snippets import checked_body

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise CommandError("no $EDITOR set: pass --body-file FILE (or - for stdin)")
    with tempfile.NamedTemporaryFile("w+", suffix=".txt", encoding="utf-8", delete=False) as handle:
        handle.write(initial)
        path = handle.name
    keep = False
    try:
        result = subprocess.run([*shlex.split(editor), path], check=False)
        if result.returncode != 0:
            raise CommandError(f"{editor} exited with status {result.returncode}; nothing saved")
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        try:
            checked_body(text)
        except TemplateProblem as problem:
            keep = True
            raise CommandError(
                f"{problem}; nothing saved, your text is in {path}: "
                f"fix it there and pass --body-file {path}"
            ) from None
        return text
    finally:
        if not keep:
            os.unlink(path)


def cmd_snippets(args: argparse.Namespace) -> int:
    from netdeck.services import snippets

    action = args.snippets_command
    if action == "list":
        with _database(args) as db, db.reading() as session:
            items = snippets.list_snippets(session)
        if args.json:
            print_json(items)
        else:
            for line in _table(
                [(s.name, s.kind, s.channel, s.body) for s in items], (24, 18, 16, None)
            ):
                print(line)
        return 0
    if action == "show":
        with _database(args) as db, db.reading() as session:
            item = snippets.snippet_view(snippets.find_snippet(session, args.name))
        if args.json:
            print_json(item)
        else:
            print(f"{visible(item.name)} ({item.kind}, {item.channel})")
            if item.subject:
                print(f"Subject: {one_line(item.subject)}")
            print(visible(item.body, keep_newlines=True))
        return 0
    if action == "add":
        body = _read_body(args)
        if body is None:
            from netdeck.domain.snippets import (
                clean_snippet_name,
                parse_snippet_channel,
                parse_snippet_kind,
            )

            # A typo in an option (or a taken name) must not cost the text written
            # in the editor.
            name = clean_snippet_name(args.name)
            parse_snippet_kind(args.kind)
            parse_snippet_channel(args.channel)
            snippets.checked_subject(args.subject or "")
            with _database(args) as db, db.reading() as session:
                snippets.ensure_name_free(session, name)
            body = _edit_in_editor("")
        with _database(args) as db, db.writing() as session:
            item = snippets.add_snippet(
                session,
                name=args.name,
                kind=args.kind,
                channel=args.channel,
                body=body,
                subject=args.subject or "",
            )
        if args.json:
            print_json(item)
        else:
            print(f"Saved snippet {visible(item.name)}")
        return 0
    if action == "edit":
        body = _read_body(args)
        with _database(args) as db:
            if body is None and not any(
                (args.new_name, args.kind, args.channel, args.subject is not None)
            ):
                with db.reading() as session:
                    current = snippets.find_snippet(session, args.name).body
                body = _edit_in_editor(current)
            with db.writing() as session:
                item = snippets.edit_snippet(
                    session,
                    args.name,
                    new_name=args.new_name,
                    kind=args.kind,
                    channel=args.channel,
                    subject=args.subject,
                    body=body,
                )
        if args.json:
            print_json(item)
        else:
            print(f"Saved snippet {visible(item.name)}")
        return 0
    with _database(args) as db, db.writing() as session:
        item = snippets.remove_snippet(session, args.name)
    if args.json:
        print_json(item)
    else:
        print(f"Removed snippet {visible(item.name)}")
    return 0


@contextmanager
def _terminal_for_osc52():
    """Where the CLI sends OSC 52: stdout when it is a terminal, else the
    controlling terminal (``netdeck draft X --copy --json | jq``); None without one."""
    from netdeck.clipboard import osc52_sequence

    if sys.stdout.isatty():

        def to_stdout(text: str) -> None:
            sys.stdout.write(osc52_sequence(text))
            sys.stdout.flush()

        yield to_stdout
        return
    try:
        terminal = open("/dev/tty", "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    except OSError:
        yield None
        return
    try:

        def to_terminal(text: str) -> None:
            terminal.write(osc52_sequence(text))
            terminal.flush()

        yield to_terminal
    finally:
        terminal.close()


def _print_draft(draft: Draft, copied: CopyResult | None, sent: ActionOutcome | None) -> None:
    snippet = f"snippet {visible(draft.snippet.name)}" if draft.snippet else "no snippet"
    where = f" to {one_line(draft.address)}" if draft.address else ""
    print(
        f"Draft for #{draft.contact_id} {visible(draft.contact_name)}: {snippet}, {draft.channel}{where}"
    )
    if draft.channel == "email":
        print(f"Subject: {one_line(draft.subject)}")
    print()
    print(visible(draft.text, keep_newlines=True))
    print()
    for check in draft.checks:
        print(f"  {check.severity:<8} {check.code}: {one_line(check.message)}")
    if draft.open_url:
        print(f"Open: {one_line(draft.open_url)}")
    if copied is not None and copied.copied:
        print(copied.message)
    if sent is not None:
        change = sent.change
        print(
            f"Logged as sent: #{change.contact_id} {visible(change.name)} ({change.stage}), "
            f"due {_date(change.next_due_on)}"
        )


def cmd_draft(args: argparse.Namespace) -> int:
    from netdeck.clipboard import clipboard_mode, copy_text
    from netdeck.domain.draft_checks import blocking
    from netdeck.services.contacts import resolve_contact
    from netdeck.services.drafts import compose_draft, mark_sent
    from netdeck.services.settings import load_settings

    if args.copy:
        clipboard_mode()  # a bad NETDECK_CLIPBOARD fails before anything happens
    today = _today()
    with _database(args) as db:
        with db.reading() as session:
            settings = load_settings(session)
            draft = compose_draft(
                session,
                resolve_contact(session, args.contact).id,
                today=today,
                settings=settings,
                snippet_name=args.snippet,
                channel=args.channel,
            )
        empty = blocking(draft.checks)
        if empty and (args.copy or args.sent):
            raise CommandError(f"{empty[0].message}: pick a snippet with --snippet")
        copied = None
        if args.copy:
            with _terminal_for_osc52() as writer:
                copied = copy_text(draft.text, osc52_writer=writer)
        sent = None
        if args.sent and (copied is None or copied.copied):
            with db.writing() as session:
                sent = mark_sent(
                    session,
                    draft.contact_id,
                    text=draft.text,
                    snippet_id=draft.snippet.id if draft.snippet else None,
                    channel=draft.channel,
                    today=today,
                    settings=settings,
                )
    if args.json:
        print_json(
            {
                "contact": {"id": draft.contact_id, "name": draft.contact_name},
                "snippet": draft.snippet.name if draft.snippet else None,
                "channel": draft.channel,
                "subject": draft.subject,
                "text": draft.text,
                "limit": draft.limit,
                "address": draft.address,
                "url": draft.open_url,
                "checks": list(draft.checks),
                **({"copy": copied} if copied is not None else {}),
                **({"sent": sent.change} if sent is not None else {}),
            }
        )
    else:
        _print_draft(draft, copied, sent)
    if copied is not None and not copied.copied:
        not_sent = " and not logged as sent" if args.sent else ""
        raise CommandError(f"not copied{not_sent}: {copied.message}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from netdeck.services.importing import import_file

    today = _today()
    # A progress line only for a person watching: never in a pipe, a file or --json.
    bar = ProgressLine(sys.stderr) if sys.stderr.isatty() and not args.json else None
    try:
        with _database(args) as database:
            summary = import_file(
                database,
                args.format,
                Path(args.path),
                today=today,
                tag=args.tag,
                dry_run=args.dry_run,
                progress=bar,
            )
    finally:
        if bar is not None:
            bar.clear()
    if args.json:
        print_json(summary)
        return 0
    would = "would be " if summary.dry_run else ""
    print(
        f"{summary.path}: {summary.added} {would}added, {summary.updated} {would}updated, "
        f"{summary.unchanged} unchanged, {len(summary.skipped)} skipped"
        + (" (dry run: nothing written)" if summary.dry_run else "")
    )
    for row in summary.skipped:
        print(f"  skipped {row.file} line {row.line}: {one_line(row.reason)}")
    for note in summary.notes:
        print(f"  note: {one_line(note)}")
    if summary.backup:
        print(f"Backup of the database before the import: {summary.backup}")
    return 0


def progress_line(phase: str, done: int, total: int, width: int) -> str:
    """An import's progress as one line of at most ``width`` characters:
    ``matching [#######.............]  3,000/10,000  30%``; no bar while the total is
    unknown (``total`` 0 and nothing done: ``reading...``). ASCII only, for any terminal."""
    if total <= 0 and done <= 0:
        return f"{phase}..."[:width]
    total = max(total, 1)
    fraction = min(max(done / total, 0.0), 1.0)
    counts = f"  {done:,}/{total:,}  {int(fraction * 100):3d}%"
    room = width - len(phase) - len(counts) - 3  # a space and the brackets
    if room < 10:
        return f"{phase}{counts}"[:width]
    filled = int(room * fraction)
    return f"{phase} [{'#' * filled}{'.' * (room - filled)}]{counts}"


class ProgressLine:
    """Redraws :func:`progress_line` in place on a terminal (``\\r``), and wipes it."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.shown = ""
        try:
            columns = os.get_terminal_size(stream.fileno()).columns or 80
        except (OSError, ValueError):
            columns = 80
        self.width = max(min(columns - 1, 79), 1)  # the last column would wrap on some terminals

    def __call__(self, progress: ImportProgress) -> None:
        line = progress_line(progress.phase, progress.done, progress.total, self.width)
        if line != self.shown:
            padding = " " * max(len(self.shown) - len(line), 0)
            self.stream.write(f"\r{line}{padding}")
            self.stream.flush()
            self.shown = line

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * len(self.shown) + "\r")
            self.stream.flush()
            self.shown = ""


def cmd_import_json(args: argparse.Namespace) -> int:
    from pathlib import Path

    from netdeck.services.restoring import restore_netdeck_json

    with _database(args) as database:
        summary = restore_netdeck_json(
            database, Path(args.path), today=_today(), dry_run=args.dry_run
        )
    if args.json:
        print_json(summary)
        return 0
    print(
        f"{summary.path}: {summary.contacts} contacts, {summary.channels} addresses, "
        f"{summary.interactions} interactions, {summary.tags} tags, {summary.snippets} snippets, "
        f"{summary.settings} settings, {summary.cleared_days} days of streak history "
        + ("would be restored (dry run: nothing written)" if summary.dry_run else "restored")
    )
    if summary.backup:
        print(f"Backup of the database before the restore: {summary.backup}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from netdeck.services.exporting import export_text, export_to_file

    with _database(args) as database:
        if args.output is None:
            text = export_text(database, args.format)
        else:
            export_to_file(database, args.format, Path(args.output), force=args.force)
            return 0
    # To a terminal an export is for reading (see terminal_document); piped, it is the data.
    sys.stdout.write(terminal_document(text) if sys.stdout.isatty() else text)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from netdeck.services.exporting import backup_database

    with _database(args) as database:
        path = backup_database(
            database, Path(args.output) if args.output else None, force=args.force
        )
    if args.json:
        print_json({"backup": str(path)})
    else:
        print(f"Backed up to {path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from netdeck.demo.fill import fill_demo_database

    if args.contacts < 0 or args.contacts > 1_000_000:
        raise CommandError(f"--contacts must be between 0 and 1000000, not {args.contacts}")
    today = _today()
    show_progress = sys.stderr.isatty() and not args.json
    summary = fill_demo_database(
        getattr(args, "db", None),
        contacts=args.contacts,
        interactions_per_contact=args.interactions,
        seed=args.seed,
        today=today,
        progress=(lambda text: print(f"\r{text}", end="", file=sys.stderr, flush=True))
        if show_progress
        else None,
    )
    if show_progress:
        print(file=sys.stderr)
    if args.json:
        print_json(summary)
    elif args.no_tui:
        print(
            f"Demo database {summary.path}: {summary.contacts} contacts, "
            f"{summary.interactions} interactions ({summary.seconds:.1f} s)"
        )
    if args.no_tui:
        return 0
    from netdeck.tui.launch import run_tui

    return run_tui(summary.path)


# ---------------------------------------------------------------- parser


def _add_contact_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--email", action="append", metavar="E", help="email address (repeatable)")
    parser.add_argument("--linkedin", action="append", metavar="URL", help="LinkedIn profile URL")
    parser.add_argument(
        "--twitter", "--x", action="append", metavar="HANDLE", help="X/Twitter handle"
    )
    parser.add_argument("--website", action="append", metavar="URL", help="website or blog")
    parser.add_argument("--phone", action="append", metavar="P", help="phone number")
    parser.add_argument(
        "--prefer", metavar="KIND", help="preferred channel: linkedin, email, x, website or phone"
    )
    parser.add_argument("--company", metavar="C")
    parser.add_argument("--title", metavar="T")
    parser.add_argument("--met", metavar="TEXT", help="how you met")
    parser.add_argument("--notes", metavar="TEXT")
    parser.add_argument(
        "--cadence", metavar="N", help="days between check-ins: 14, 2w, 1m, 3m, 1y (or 'default')"
    )
    parser.add_argument("--tag", action="append", metavar="T", help="tag (repeatable)")
    parser.add_argument("--stage", metavar="S", help="one of: " + ", ".join(STAGES))
    parser.add_argument("--connected-on", metavar="YYYY-MM-DD", help="when you connected")
    parser.add_argument("--json", action="store_true", help="print the contact as JSON")


#: The largest whole number an option takes: what a database integer holds (64 bits, signed).
LARGEST_WHOLE_NUMBER = 2**63 - 1


def _whole_number(text: str) -> int:
    """An option's whole number, no larger than a database integer holds (argparse shows
    the ``ArgumentTypeError`` as a usage error naming the option)."""
    import argparse

    try:
        value = int(text)
    except ValueError:  # also a number too long to convert at all
        raise argparse.ArgumentTypeError(
            f"expected a whole number, not {one_line(text, 40)!r}"
        ) from None
    if abs(value) > LARGEST_WHOLE_NUMBER:
        raise argparse.ArgumentTypeError(
            f"{one_line(text, 40)} is too large: at most {LARGEST_WHOLE_NUMBER}"
        )
    return value


def build_parser() -> argparse.ArgumentParser:
    import argparse  # here, not at the top: a bare ``netdeck`` never builds the parser

    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=argparse.SUPPRESS,
        help="database file or SQLAlchemy URL (default: $NETDECK_DB or the data dir's netdeck.db)",
    )
    parser = argparse.ArgumentParser(
        prog="netdeck",
        description="Keep up with the people who matter: today's queue, personal messages, a small real network.",
        parents=[db_option],
    )
    parser.add_argument("--version", action="version", version=f"netdeck {__version__}")
    parser.set_defaults(handler=cmd_tui, command=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help_: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_, parents=[db_option])
        p.set_defaults(handler=handler)
        return p

    p = command("add", cmd_add, "add a contact (active unless --stage is given)")
    p.add_argument("name", metavar="NAME")
    _add_contact_options(p)

    p = command("edit", cmd_edit, "change a contact's details (address options replace that kind)")
    p.add_argument("contact", metavar="CONTACT", help="id, email, LinkedIn URL or name")
    p.add_argument("--name", dest="new_name", metavar="NAME", help="new full name")
    p.add_argument("--first-name", metavar="NAME", help="first name used in messages")
    p.add_argument("--last-name", metavar="NAME")
    _add_contact_options(p)

    p = command("log", cmd_log, "log an interaction (default: an outbound message today)")
    p.add_argument("contact", metavar="CONTACT")
    p.add_argument(
        "--channel",
        metavar="C",
        help="one of: " + ", ".join(LOG_CHANNELS) + " (default: preferred)",
    )
    p.add_argument("--kind", default="message", metavar="K", help="one of: " + ", ".join(LOG_KINDS))
    p.add_argument("--inbound", action="store_true", help="they reached out to you")
    p.add_argument("--note", metavar="TEXT", help="what you talked about")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="when (default: today)")
    p.add_argument("--json", action="store_true")

    p = command("snooze", cmd_snooze, "move a contact's due date without logging anything")
    p.add_argument("contact", metavar="CONTACT")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--days", metavar="N", help="snooze for N days")
    group.add_argument("--until", metavar="YYYY-MM-DD", help="snooze until this day")
    p.add_argument("--json", action="store_true")

    p = command("skip", cmd_skip, "hide a due contact from today's queue (back tomorrow)")
    p.add_argument("contact", metavar="CONTACT")
    p.add_argument("--json", action="store_true")

    p = command("stage", cmd_stage, "move a contact to another stage")
    p.add_argument("contact", metavar="CONTACT")
    p.add_argument("stage", metavar="STAGE", help="one of: " + ", ".join(STAGES))
    p.add_argument("--json", action="store_true")

    p = command("queue", cmd_queue, "today's queue, in order")
    p.add_argument("--all", action="store_true", help="everyone due, not only today's share")
    p.add_argument("--limit", type=_whole_number, metavar="N", help="show at most N")
    p.add_argument("--json", action="store_true")

    p = command("stats", cmd_stats, "network health: inner circle, cadence, replies, streak")
    p.add_argument("--json", action="store_true")
    p = command(
        "triage", cmd_triage, "unsorted contacts, most promising first; keep, later or archive"
    )
    p.add_argument("--limit", type=_whole_number, metavar="N", help="show at most N (default 50)")
    p.add_argument("--json", action="store_true")
    triage_sub = p.add_subparsers(dest="triage_command", metavar="ACTION")
    for action, help_ in (
        ("keep", "keep an unsorted contact: active with a cadence, first due day spread"),
        ("later", "follow up later: connected (or prospect), due in 2 to 6 weeks"),
        ("archive", "let an unsorted contact go (archived)"),
    ):
        s = triage_sub.add_parser(action, help=help_, description=help_, parents=[db_option])
        s.add_argument("contact", metavar="CONTACT", help="id, email, LinkedIn URL or name")
        if action == "keep":
            s.add_argument(
                "--cadence", default="1m", metavar="C", help="14, 2w, 1m, 3m, 6m... (default 1m)"
            )
        s.add_argument("--json", action="store_true")

    p = command("list", cmd_list, "list contacts")
    p.add_argument("--stage", metavar="S")
    p.add_argument("--tag", metavar="T")
    p.add_argument(
        "--search", metavar="TEXT", help="match name, company, title, addresses and tags"
    )
    p.add_argument("--company", metavar="TEXT", help="company name contains TEXT (any case)")
    p.add_argument("--sort", choices=("name", "next-due", "last-interaction"), default="name")
    p.add_argument("--limit", type=_whole_number, metavar="N")
    p.add_argument("--json", action="store_true")

    p = command("show", cmd_show, "everything about one contact")
    p.add_argument("contact", metavar="CONTACT")
    p.add_argument("--json", action="store_true")

    p = command("settings", cmd_settings, "show or change settings")
    p.add_argument("key", nargs="?", metavar="KEY")
    p.add_argument("value", nargs="?", metavar="VALUE")
    p.add_argument("--json", action="store_true")

    p = command("snippets", cmd_snippets, "the snippet library")
    snippets_sub = p.add_subparsers(dest="snippets_command", metavar="ACTION", required=True)
    s = snippets_sub.add_parser("list", help="list snippets", parents=[db_option])
    s.add_argument("--json", action="store_true")
    s = snippets_sub.add_parser("show", help="show one snippet", parents=[db_option])
    s.add_argument("name", metavar="NAME")
    s.add_argument("--json", action="store_true")
    for action in ("add", "edit"):
        s = snippets_sub.add_parser(
            action,
            help=f"{action} a snippet (body from --body-file or $EDITOR)",
            parents=[db_option],
        )
        s.add_argument("name", metavar="NAME")
        required = action == "add"
        s.add_argument(
            "--kind",
            required=required,
            metavar="K",
            help="connection-request, first-message, check-in, follow-up, thank-you, reconnect",
        )
        s.add_argument(
            "--channel",
            required=required,
            metavar="C",
            help="linkedin-note, linkedin-message, email, x-dm, x-post, any",
        )
        s.add_argument("--subject", metavar="S", help="email subject")
        s.add_argument("--body-file", metavar="FILE", help="read the body from FILE (- for stdin)")
        if action == "edit":
            s.add_argument("--name", dest="new_name", metavar="NEW", help="rename the snippet")
        s.add_argument("--json", action="store_true")
    s = snippets_sub.add_parser("remove", help="delete a snippet", parents=[db_option])
    s.add_argument("name", metavar="NAME")
    s.add_argument("--json", action="store_true")

    p = command(
        "draft",
        cmd_draft,
        "a message for one contact from a snippet, checked for its channel",
    )
    p.add_argument("contact", metavar="CONTACT", help="id, email, LinkedIn URL or name")
    p.add_argument(
        "--snippet", metavar="NAME", help="the snippet to use (default: the best for the stage)"
    )
    p.add_argument(
        "--channel",
        metavar="C",
        help="linkedin-note, linkedin-message, email, x-dm or x-post (default: the snippet's)",
    )
    p.add_argument(
        "--copy",
        action="store_true",
        help="copy the text: system clipboard and OSC 52 (NETDECK_CLIPBOARD=auto|osc52|system|off)",
    )
    p.add_argument("--sent", action="store_true", help="log it as sent (with the text and snippet)")
    p.add_argument("--json", action="store_true")

    p = command("import", cmd_import, "import people from another tool's export")
    import_sub = p.add_subparsers(dest="format", metavar="FORMAT", required=True)
    for name, help_, path_help in (
        (
            "linkedin",
            "a LinkedIn data export: the .zip, or Connections.csv (with Invitations.csv and "
            "messages.csv beside it)",
            "the export .zip or Connections.csv",
        ),
        (
            "csv",
            "a CSV with a header row (columns matched by name; Google Contacts exports work); "
            "new people land in unsorted",
            "the CSV file",
        ),
        (
            "vcard",
            "a vCard file (3.0 or 4.0, one or many cards); new people land in unsorted",
            "the .vcf file",
        ),
    ):
        s = import_sub.add_parser(name, help=help_, description=help_, parents=[db_option])
        s.set_defaults(handler=cmd_import)
        s.add_argument("path", metavar="PATH", help=path_help)
        s.add_argument(
            "--dry-run", action="store_true", help="show what would change, write nothing"
        )
        s.add_argument("--tag", metavar="T", help="tag every imported person")
        s.add_argument("--json", action="store_true", help="print the summary as JSON")
    help_ = (
        "netdeck's own JSON export (`netdeck export json`), restored into an empty database "
        "(use --db new.db)"
    )
    s = import_sub.add_parser("json", help=help_, description=help_, parents=[db_option])
    s.set_defaults(handler=cmd_import_json)
    s.add_argument("path", metavar="PATH", help="the .json file")
    s.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    s.add_argument("--json", action="store_true", help="print the summary as JSON")

    p = command("export", cmd_export, "write your contacts out (stdout unless -o)")
    p.add_argument(
        "format",
        choices=["csv", "vcard", "json"],
        help="csv: one row per contact, spreadsheet-safe; vcard: vCard 3.0, one card each; "
        "json: everything, for `netdeck import json`",
    )
    p.add_argument(
        "-o", "--output", metavar="PATH", help="a new file to write (created with mode 0600)"
    )
    p.add_argument("--force", action="store_true", help=FORCE_HELP)

    p = command("backup", cmd_backup, "a consistent copy of the database, safe while netdeck runs")
    p.add_argument("-o", "--output", metavar="PATH", help="a new file to write (default: backups/)")
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.add_argument("--json", action="store_true")

    p = command("demo", cmd_demo, "fill a separate demo database with synthetic people and open it")
    p.add_argument(
        "--contacts",
        type=_whole_number,
        default=150,
        metavar="N",
        help="how many people (default 150)",
    )
    p.add_argument(
        "--interactions",
        type=_whole_number,
        default=10,
        metavar="N",
        help="interactions per person on average (default 10)",
    )
    p.add_argument(
        "--seed", type=_whole_number, default=7, metavar="S", help="random seed (default 7)"
    )
    p.add_argument("--no-tui", action="store_true", help="only fill the database")
    p.add_argument(
        "--json",
        action="store_true",
        help="print a summary as JSON (implies nothing about --no-tui)",
    )
    return parser


def _bare_tui_args(argv: Sequence[str]) -> SimpleNamespace | None:
    """``netdeck`` or ``netdeck --db X`` (the daily command): the arguments argparse would
    give, without importing argparse or building every subcommand."""
    if not argv:
        return SimpleNamespace(handler=cmd_tui, command=None)
    if len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"):
        return SimpleNamespace(handler=cmd_tui, command=None, db=argv[1])
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > len("--db="):
        return SimpleNamespace(handler=cmd_tui, command=None, db=argv[0].removeprefix("--db="))
    return None


#: Environment variables whose values netdeck uses as paths or text.
TEXT_VARIABLES = ("NETDECK_DB", "NETDECK_DATA_DIR", "NETDECK_TODAY")


def _refuse_undecodable(argv: Sequence[str]) -> None:
    """Refuse arguments (and netdeck's environment variables) that are not UTF-8.

    Python hands bytes that are not UTF-8 over as lone surrogates, which no
    database, file name or terminal write would take later on: say so now."""
    named = [(f"argument {n}", value) for n, value in enumerate(argv, start=1)]
    named += [(name, os.environ.get(name, "")) for name in TEXT_VARIABLES]
    for name, value in named:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            raise CommandError(
                f"{name} ('{one_line(shown, 60)}') is not UTF-8 text: "
                "netdeck takes names, text and paths in UTF-8 (check the terminal's "
                "encoding, or rename the file)"
            ) from None


def _report_unexpected(error: Exception, args: argparse.Namespace | SimpleNamespace) -> None:
    """One line for a bug (an error netdeck did not expect), the traceback to the log."""
    from netdeck.services.error_log import record_unexpected

    command = getattr(args, "command", None) or "(the TUI)"
    log = record_unexpected(error, f"netdeck {command}")
    detail = one_line(str(error), 200)
    where = f"details in {log}" if log is not None else "no log could be written"
    print(
        f"netdeck: error: unexpected {type(error).__name__}"
        f"{': ' + detail if detail else ''} ({where})",
        file=sys.stderr,
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        _refuse_undecodable(argv)
    except NetdeckError as error:
        print(f"netdeck: error: {one_line(str(error))}", file=sys.stderr)
        return 1
    args = _bare_tui_args(argv) or build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except NetdeckError as error:
        print(f"netdeck: error: {one_line(str(error))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("netdeck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `netdeck list | head`); not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        # A bug, not bad input: the database rolled back with the failed unit of work.
        _report_unexpected(error, args)
        return 1

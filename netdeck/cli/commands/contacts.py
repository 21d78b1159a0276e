"""``add``, ``edit``, ``list`` and ``show``: the people in the deck."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from netdeck.cli.commands import api_for, check_limit
from netdeck.cli.render import date_text, render, table
from netdeck.domain.contact_query import ContactQuery
from netdeck.domain.text import one_line, visible

if TYPE_CHECKING:
    import argparse
    from datetime import date

    from netdeck.services.contacts import ContactFields
    from netdeck.services.views import ContactDetail, ContactSummary


def cmd_add(args: argparse.Namespace) -> int:
    fields = _contact_fields(args)
    with api_for(args) as api:
        contact = api.save_contact(None, fields)
    render(args, contact, _changed_text("Added"), as_json=detail_json)
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    fields = _contact_fields(args)
    with api_for(args) as api:
        detail = api.save_contact(args.contact, fields)
    render(args, detail, _changed_text("Updated"), as_json=detail_json)
    return 0


def _changed_text(verb: str) -> Callable[[ContactDetail], Iterator[str]]:
    def lines(detail: ContactDetail) -> Iterator[str]:
        yield (
            f"{verb} #{detail.id} {visible(detail.name)} ({detail.stage}), "
            f"due {date_text(detail.next_due_on)}"
        )

    return lines


def _contact_fields(args: argparse.Namespace) -> ContactFields:
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
        ask_about=args.ask_about,
        nickname=args.nickname,
        cadence=args.cadence,
        stage=args.stage,
        connected_on=args.connected_on,
        addresses=addresses,
        prefer=args.prefer,
        tags=args.tag,
        owner=args.owner,
    )


def cmd_list(args: argparse.Namespace) -> int:
    check_limit(args.limit)
    query = ContactQuery.from_text(
        search=args.search,
        stage=args.stage,
        tag=args.tag,
        company=args.company,
        sort=args.sort,
        owner=args.owner,
    )
    with api_for(args) as api:
        contacts = api.list_contacts(query, limit=args.limit)
    render(args, contacts, _list_text)
    return 0


def _list_text(contacts: list[ContactSummary]) -> Iterator[str]:
    if not contacts:
        yield "No contacts match."
        return
    rows = [
        (f"#{c.id}", c.name, c.stage, c.company, date_text(c.next_due_on), ", ".join(c.tags))
        for c in contacts
    ]
    yield from table(rows, (7, 26, 9, 24, 10, None))


def cmd_show(args: argparse.Namespace) -> int:
    with api_for(args) as api:
        detail = api.contact(args.contact)
        today = api.today
    render(args, detail, lambda d: _show_text(d, today), as_json=lambda d: detail_json(d, today))
    return 0


def detail_json(detail: ContactDetail, today: date | None = None) -> dict[str, Any]:
    """A contact as ``--json`` shows it: its fields, each change of jobs as
    ``{"on", "from", "to"}``, its key dates as :func:`~netdeck.cli.commands.dates.dates_json`,
    who else touched them lately as :func:`~netdeck.cli.render.touched_json` (with ``today``)."""
    from dataclasses import asdict

    from netdeck.cli.commands.dates import dates_json
    from netdeck.cli.render import touched_json

    value = asdict(detail)
    if today is not None:
        value["touched"] = touched_json(detail.touched, detail.name, today)
    value["role_changes"] = [
        {"on": change.on, "from": change.before, "to": change.after}
        for change in detail.role_changes
    ]
    value["dates"] = dates_json(detail.dates)
    return value


def _show_text(detail: ContactDetail, today: date) -> Iterator[str]:
    from netdeck.domain.cadence import describe_effective_cadence

    yield (
        f"#{detail.id} {visible(detail.name)} ({detail.stage} since {detail.stage_since.isoformat()})"
    )
    role = " at ".join(part for part in (detail.title, detail.company) if part)
    due = (
        f"{date_text(detail.next_due_on)}: {detail.reason}"
        if detail.next_due_on
        else "not scheduled"
    )
    cadence = describe_effective_cadence(detail.effective_cadence_days, detail.cadence_source)
    lines = [
        ("Nickname", detail.nickname),
        ("Role", role),
        ("Due", due),
        ("Cadence", cadence),
        ("Last talked", date_text(detail.last_interaction_on)),
        ("Connected", date_text(detail.connected_on)),
        ("LinkedIn", "no longer a connection" if detail.linkedin_connected is False else ""),
        ("Met", detail.how_we_met),
        ("Ask about", detail.ask_about),
        ("Tags", ", ".join(detail.tags)),
        ("Owner", detail.owner or ""),
        ("Lately", detail.touched.sentence(detail.name, today) if detail.touched else ""),
    ]
    for label, value in lines:
        if value:
            yield f"  {label + ':':<13}{one_line(value)}"
    for change in detail.role_changes:
        yield (
            f"  Changed jobs {change.on.isoformat()}: "
            f"{one_line(change.before) or '?'} → {one_line(change.after) or '?'}"
        )
    for channel in detail.channels:
        mark = " (preferred)" if channel.preferred else ""
        yield f"  {channel.kind + ':':<13}{one_line(channel.value)}{mark}"
    if detail.dates:
        from netdeck.cli.commands.dates import date_line

        yield "  Dates:"
        for view in detail.dates:
            yield f"    {date_line(view)}"
    if detail.notes:
        yield "  Notes:"
        for line in visible(detail.notes, keep_newlines=True).splitlines():
            yield f"    {line}"
    if detail.interactions:
        yield "  Interactions:"
        for item in detail.interactions:
            arrow = "←" if item.direction == "inbound" else "→"
            note = f"  {one_line(item.note, 60)}" if item.note else ""
            # In a shared deck, who logged it (nobody named: before decks had users).
            by = f" by {one_line(item.actor)}" if detail.shared and item.actor else ""
            yield (
                f"    {item.occurred_on.isoformat()} {arrow} {item.kind} ({item.channel}){by}{note}"
            )
            if item.text_sent and item.text_sent.strip():
                yield from sent_text_lines(item.text_sent)


#: Where a sent text's lines wrap: an 80-column terminal, and any pipe, reads it whole.
SENT_TEXT_WIDTH = 80
SENT_TEXT_INDENT = "      │ "


def sent_text_lines(text: str) -> Iterator[str]:
    """The exact text sent, under its interaction: each line of it behind a bar,
    long lines wrapped at word boundaries, blank lines kept, control characters
    shown (:func:`visible`), so it reads as the message and never as output."""
    import textwrap

    width = SENT_TEXT_WIDTH - len(SENT_TEXT_INDENT)
    for line in visible(text.strip("\n"), keep_newlines=True).splitlines():
        for part in textwrap.wrap(line, width, break_on_hyphens=False) or [""]:
            yield (SENT_TEXT_INDENT + part).rstrip()

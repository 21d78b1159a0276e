"""The contact card beside the queue: who they are, how to reach them, what you last said."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from netdeck.domain.cadence import describe_effective_cadence
from netdeck.domain.dates import MONTH_ABBREVIATIONS, day_month
from netdeck.domain.text import one_line
from netdeck.services.views import ContactDetail, KeyDateView
from netdeck.tui.text import literal, short_date, stage_badge

if TYPE_CHECKING:
    from textual.app import ComposeResult

RECENT_INTERACTIONS = 6


def display_address(kind: str, value: str) -> str:
    """An address as short as it can be and still say which one: ``in/greg-alvarez``."""
    if kind in ("linkedin", "website"):
        value = value.removeprefix("https://").removeprefix("http://").removeprefix("www.")
    if kind == "linkedin":
        value = value.removeprefix("linkedin.com/")
    return value


def role_change_lines(detail: ContactDetail) -> list[Text]:
    """ "Changed jobs 2026-12-16: VP, Engineering at Blue Harbor Capital → CTO at
    Tessellate", one per change, newest first (the roles literal)."""
    return [
        Text.assemble(
            f"Changed jobs {change.on.isoformat()}: ",
            literal(change.before or "?"),
            " → ",
            literal(change.after or "?"),
        )
        for change in reversed(detail.role_changes)
    ]


def key_date_line(view: KeyDateView) -> Text:
    """ "Birthday 12 Mar", "Reminder 1 Dec: ask how the launch went" (the next day it
    falls on; a one-off reminder gone by shows its own day). The note is literal."""
    day = view.next_on
    when = (
        day_month(day)
        if day is not None
        else f"{view.day} {MONTH_ABBREVIATIONS[view.month - 1]} {view.year or ''}".rstrip()
    )
    line = Text(f"{view.kind.capitalize()} {when}")
    if view.note:
        line.append(": ")
        line.append_text(literal(one_line(view.note, 200)))
    return line


def card_renderable(
    detail: ContactDetail, today: date, note_budget: str = "", taken: str = ""
) -> Group:
    """Everything on the card as one Rich renderable (user text always literal);
    ``note_budget``: the month's LinkedIn notes line for a prospect ("" for none);
    ``taken``: "Alex is writing to Dana (since 10:42)" in a shared deck ("" for nobody)."""
    head = Text.assemble(literal(detail.name, "bold"), "  ", stage_badge(detail.stage))
    role = " at ".join(part for part in (detail.title, detail.company) if part)
    parts: list = [head]
    if role:
        parts.append(literal(role, "italic"))
    if taken:
        parts.append(literal(taken, "bold yellow", multiline=True))
    if detail.touched is not None:
        # Someone else in a shared deck got there first lately: read it before writing.
        parts.append(literal(detail.touched.sentence(detail.name, today), "bold", multiline=True))
    parts.append(Text(""))

    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(overflow="fold")
    for channel in detail.channels:
        mark = "★ " if channel.preferred else "  "
        facts.add_row(mark + channel.kind, literal(display_address(channel.kind, channel.value)))
    if not detail.channels:
        facts.add_row("  reach", Text("no address yet: press e to add one", style="dim"))
    due = (
        f"{short_date(detail.next_due_on, today)} · {detail.reason}"
        if detail.next_due_on
        else "not scheduled"
    )
    cadence = describe_effective_cadence(detail.effective_cadence_days, detail.cadence_source)
    facts.add_row("due", Text(due))
    if note_budget:
        facts.add_row("notes", Text(note_budget))
    facts.add_row("cadence", Text(cadence))
    if detail.how_we_met:
        facts.add_row("met", literal(detail.how_we_met, multiline=True))
    if detail.ask_about:
        facts.add_row("ask about", literal(detail.ask_about))
    if detail.tags:
        facts.add_row("tags", literal(", ".join(detail.tags)))
    if detail.owner:
        facts.add_row("owner", literal(detail.owner))
    for n, view in enumerate(detail.dates):
        facts.add_row("dates" if n == 0 else "", key_date_line(view))
    if detail.connected_on:
        facts.add_row("connected", Text(detail.connected_on.isoformat()))
    if detail.linkedin_connected is False:
        facts.add_row("linkedin", Text("No longer a LinkedIn connection", style="italic"))
    for line in role_change_lines(detail):
        facts.add_row("new job", line)
    parts.append(facts)
    if detail.notes:
        parts += [Text(""), Text("Notes", style="bold"), literal(detail.notes, multiline=True)]

    parts += [Text(""), Text("Recent", style="bold")]
    if detail.interactions:
        # Two columns, the kind and the note in one that wraps at words: a third column
        # for the note was squeezed to a few letters beside "connection-request".
        timeline = Table.grid(padding=(0, 1))
        timeline.add_column(no_wrap=True, style="dim")
        timeline.add_column(overflow="fold")
        for item in detail.interactions[:RECENT_INTERACTIONS]:
            arrow = "←" if item.direction == "inbound" else "→"
            line = Text.assemble(
                (f"{arrow} {item.kind}", "bold" if item.kind != "note" else ""),
                f"  {one_line(item.note, 200)}" if item.note else (f"  {item.channel}", "dim"),
            )
            if detail.shared and item.actor:  # who logged it, in a deck several people share
                line.append("  by ", style="dim")
                line.append_text(literal(item.actor, "dim"))
            timeline.add_row(Text(short_date(item.occurred_on, today)), line)
        parts.append(timeline)
    else:
        parts.append(Text("nothing logged yet", style="dim"))
    return Group(*parts)


class ContactCard(VerticalScroll):
    """Shows one :class:`ContactDetail`, or a hint when nothing is selected."""

    DEFAULT_CSS = """
    ContactCard { padding: 0 1; }
    ContactCard > #card-body { width: 1fr; height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Text("Select someone to see their card.", style="dim"), id="card-body")

    def show(
        self, detail: ContactDetail | None, today: date, note_budget: str = "", taken: str = ""
    ) -> None:
        body = self.query_one("#card-body", Static)
        if detail is None:
            body.update(Text("Select someone to see their card.", style="dim"))
        else:
            body.update(card_renderable(detail, today, note_budget, taken))
        self.scroll_home(animate=False)

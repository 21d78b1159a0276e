"""Log… from anywhere: pick a person (type to search), say what happened, logged.

``ctrl+l`` or "Log…" in the command palette opens :class:`ContactPicker` (the
contacts search, as you type; on the contact screen the person shown is
listed first), then :class:`WhatHappened` asks, one key each: ``d`` done (the
log dialog, as ``d`` on the queue), ``r`` they replied or got in touch, ``m`` you
met (in person), ``n`` a note. The screen underneath logs it
(:class:`~netdeck.tui.screens.contact_actions.ContactActions`), so it refreshes
what it shows and ``u`` undoes it there.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from netdeck.domain.contact_query import ContactQuery
from netdeck.services.views import ContactSummary
from netdeck.tui.screens.base import run_deck
from netdeck.tui.text import literal

#: How many matches the picker lists.
PICKER_ROWS = 8

#: What happened: (key, choice, label).
HAPPENINGS = (
    ("d", "done", "done: you wrote, called or met (the log dialog)"),
    ("r", "replied", "they replied or got in touch (awaiting your reply)"),
    ("m", "met", "you met (in person)"),
    ("n", "note", "a note"),
)


class ContactPicker(ModalScreen[tuple[int, str] | None]):
    """Type to search; enter (or a click) picks the highlighted person."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "to_list", "Down", show=False),
    ]

    def __init__(self, first: tuple[int, str] | None = None) -> None:
        super().__init__()
        self.first = first
        self.names: dict[int, str] = dict([first]) if first else {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Log…: who?", classes="dialog-title")
            yield Input(placeholder="Type a name, company, email…", id="picker-search")
            yield OptionList(id="picker-matches")
            yield Static(
                Text("enter picks · ↓ the list · esc cancels", style="dim"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.query_one("#picker-search", Input).focus()
        if self.first is not None:
            self.show([])

    @on(Input.Changed, "#picker-search")
    def search(self, event: Input.Changed) -> None:
        query = ContactQuery.from_text(search=event.value)
        run_deck(
            self,
            lambda deck: deck.list_contacts(query, limit=PICKER_ROWS),
            self.show,
            group="picker",
            exclusive=True,
        )

    def show(self, matches: list[ContactSummary]) -> None:
        options = self.query_one("#picker-matches", OptionList)
        options.clear_options()
        listed = [(c.id, c.name, c.company) for c in matches]
        typed = self.query_one("#picker-search", Input).value
        if self.first is not None and not typed:
            listed = [(*self.first, ""), *(m for m in listed if m[0] != self.first[0])]
        for contact_id, name, company in listed:
            self.names[contact_id] = name
            label = literal(name)
            if company:
                label.append(" · ", style="dim")
                label.append_text(literal(company, "dim"))
            options.add_option(Option(label, id=str(contact_id)))
        if options.option_count:
            options.highlighted = 0

    def action_to_list(self) -> None:
        self.query_one("#picker-matches", OptionList).focus()

    @on(Input.Submitted, "#picker-search")
    def pick_highlighted(self) -> None:
        options = self.query_one("#picker-matches", OptionList)
        if options.highlighted is not None:
            self.pick(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#picker-matches")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.pick(event.option.id)

    def pick(self, option_id: str | None) -> None:
        if option_id is not None:
            contact_id = int(option_id)
            self.dismiss((contact_id, self.names.get(contact_id, "")))

    def action_cancel(self) -> None:
        self.dismiss(None)


class WhatHappened(ModalScreen[str | None]):
    """One key: done, they replied, you met, or a note."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        *(Binding(key, f"choose('{choice}')", choice, show=False) for key, choice, _ in HAPPENINGS),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.contact_name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                Text.assemble("What happened with ", literal(self.contact_name, "bold"), "?"),
                classes="dialog-title",
            )
            yield OptionList(
                *(Option(f"{key}  {label}", id=choice) for key, choice, label in HAPPENINGS),
                id="happened-choices",
            )
            yield Static(
                Text("a key or enter picks · esc cancels", style="dim"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#happened-choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(event.option.id or "done")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    def action_cancel(self) -> None:
        self.dismiss(None)

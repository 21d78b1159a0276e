"""Adding a reminder from the contact screen (``ctrl+r``): a day, once or every year,
and what to write about (the queue's reason: "you asked to: ...").

The dialog saves through the application API in a thread worker and closes only
once the reminder is stored: a day that has passed or cannot be read is a
notification, and what was typed stays.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from netdeck.services.views import ContactDetail
from netdeck.tui.screens.base import run_deck
from netdeck.tui.text import literal


class ReminderModal(ModalScreen[ContactDetail | None]):
    """Remind yourself to write to someone on a day; dismisses with their detail once saved."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, contact_id: int, name: str) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.contact_name = name

    def compose(self) -> ComposeResult:
        from rich.text import Text

        with Vertical(classes="dialog"):
            yield Label(
                Text.assemble("Remind me to write to ", literal(self.contact_name, "bold")),
                classes="dialog-title",
            )
            yield Label("On (YYYY-MM-DD, or MM-DD for the next one)")
            yield Input(placeholder="e.g. 12-01", id="reminder-on", select_on_focus=False)
            yield Label("To (the queue says: you asked to ...)")
            yield Input(
                placeholder="e.g. ask how the launch went",
                id="reminder-note",
                select_on_focus=False,
            )
            yield Checkbox("Every year", id="reminder-yearly")
            yield Static(
                Text("enter saves · tab moves · esc cancels", style="dim"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.query_one("#reminder-on", Input).focus()

    @on(Input.Submitted)
    def save(self) -> None:
        on_day = self.query_one("#reminder-on", Input).value.strip()
        if not on_day:
            self.notify("Type the day first: YYYY-MM-DD or MM-DD.", severity="error", markup=False)
            self.query_one("#reminder-on", Input).focus()
            return
        note = self.query_one("#reminder-note", Input).value
        yearly = self.query_one("#reminder-yearly", Checkbox).value
        contact_id = self.contact_id
        run_deck(
            self,
            lambda deck: deck.add_reminder(contact_id, on_day, every_year=yearly, note=note),
            self.saved,
            what="adding the reminder",
        )

    def saved(self, detail: ContactDetail) -> None:
        self.notify(f"Reminder added for {detail.name}", markup=False)
        self.dismiss(detail)

    def action_cancel(self) -> None:
        self.dismiss(None)

"""Small dialogs for queue actions: log it done, a note, snooze, change stage, pick a cadence,
confirm, and the link to open by hand where no browser can."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from netdeck.domain.channels import InteractionChannel
from netdeck.domain.dates import add_days, parse_date
from netdeck.domain.errors import InvalidInput
from netdeck.domain.interactions import InteractionKind
from netdeck.domain.stages import STAGE_ORDER
from netdeck.domain.triage import KEEP_CADENCES
from netdeck.tui.forms import show_field_error
from netdeck.tui.text import literal, stage_badge


@dataclass(frozen=True, slots=True)
class LogRequest:
    channel: str
    kind: str
    note: str


class LogModal(ModalScreen[LogRequest | None]):
    """Log the selected contact as done: channel (preset to the preferred one), kind, note."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, name: str, channel: str) -> None:
        super().__init__()
        self.contact_name = name
        self.preset_channel = channel

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                Text.assemble("Log it done: ", literal(self.contact_name, "bold")),
                classes="dialog-title",
            )
            yield Label("Channel")
            yield Select(
                [(channel.value, channel.value) for channel in InteractionChannel],
                value=self.preset_channel,
                allow_blank=False,
                id="log-channel",
            )
            yield Label("Kind")
            yield Select(
                [(kind.value, kind.value) for kind in InteractionKind],
                value=InteractionKind.MESSAGE.value,
                allow_blank=False,
                id="log-kind",
            )
            yield Label("Note (what you talked about)")
            yield Input(placeholder="e.g. asked about the new job", id="log-note")
            yield Static(Text("enter saves · esc cancels", style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#log-note", Input).focus()

    @on(Input.Submitted, "#log-note")
    def save(self) -> None:
        self.dismiss(
            LogRequest(
                channel=str(self.query_one("#log-channel", Select).value),
                kind=str(self.query_one("#log-kind", Select).value),
                note=self.query_one("#log-note", Input).value,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteModal(ModalScreen[str | None]):
    """A private note for someone's timeline: one line, enter saves."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.contact_name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                Text.assemble("Note on ", literal(self.contact_name, "bold")),
                classes="dialog-title",
            )
            yield Input(placeholder="e.g. moving to Berlin in March", id="note-text")
            yield Static(Text("enter saves · esc cancels", style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#note-text", Input).focus()

    @on(Input.Submitted, "#note-text")
    def save(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


SNOOZE_CHOICES = (
    ("1", "1 day", 1),
    ("2", "3 days", 3),
    ("3", "1 week", 7),
    ("4", "2 weeks", 14),
    ("5", "1 month", 30),
)


class SnoozeModal(ModalScreen[date | None]):
    """Snooze for 1 day, 3 days, 1 week, 2 weeks, 1 month, or until a date."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        *(Binding(key, f"pick({days})", label, show=False) for key, label, days in SNOOZE_CHOICES),
    ]

    def __init__(self, name: str, today: date) -> None:
        super().__init__()
        self.contact_name = name
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                Text.assemble("Snooze ", literal(self.contact_name, "bold")), classes="dialog-title"
            )
            options = [
                Option(
                    f"{key}  {label:<9} until {add_days(self.today, days):%a %b %d}",
                    id=str(days),
                )
                for key, label, days in SNOOZE_CHOICES
            ]
            yield OptionList(*options, id="snooze-choices")
            yield Label("…or until a date (YYYY-MM-DD)")
            yield Input(placeholder="2026-12-24", id="snooze-date")
            yield Label("", id="snooze-error", classes="field-error")
            yield Static(
                Text("1-5 or enter picks · esc cancels", style="dim"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#snooze-choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(int(event.option.id or 1))

    def action_pick(self, days: int) -> None:
        self.dismiss(add_days(self.today, days))

    @on(Input.Submitted, "#snooze-date")
    def until_date(self, event: Input.Submitted) -> None:
        error = self.query_one("#snooze-error", Label)
        try:
            until = parse_date(event.value)
        except InvalidInput as problem:
            show_field_error(error, str(problem))
            return
        if until <= self.today:
            show_field_error(error, "pick a day after today")
            return
        self.dismiss(until)

    def action_cancel(self) -> None:
        self.dismiss(None)


class StageModal(ModalScreen[str | None]):
    """Move the contact to another stage; the list opens on the current one (picking it
    changes nothing), so the stages next to it are one key away."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, name: str, current: str) -> None:
        super().__init__()
        self.contact_name = name
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                Text.assemble("Change stage of ", literal(self.contact_name, "bold")),
                classes="dialog-title",
            )
            yield OptionList(
                *(
                    Option(
                        Text.assemble(
                            stage_badge(stage.value),
                            "  (now)" if stage.value == self.current else "",
                        ),
                        id=stage.value,
                    )
                    for stage in STAGE_ORDER
                ),
                id="stage-choices",
            )
            yield Static(Text("enter picks · esc cancels", style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        stages = [stage.value for stage in STAGE_ORDER]
        if self.current in stages:
            choices.highlighted = stages.index(self.current)
        choices.focus()

    @on(OptionList.OptionSelected, "#stage-choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(None if event.option.id == self.current else event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CadenceModal(ModalScreen[int | None]):
    """Pick how often to keep up: 2 weeks, 1 month, 3 months or 6 months (keys 1-4)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        *(Binding(key, f"pick({days})", label, show=False) for key, label, days in KEEP_CADENCES),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text, multiline=True), classes="dialog-title")
            yield OptionList(
                *(
                    Option(f"{key}  every {label}", id=str(days))
                    for key, label, days in KEEP_CADENCES
                ),
                id="cadence-choices",
            )
            yield Static(
                Text("1-4 or enter picks · esc cancels", style="dim"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#cadence-choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(int(event.option.id or 30))

    def action_pick(self, days: int) -> None:
        self.dismiss(days)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmModal(ModalScreen[bool]):
    """A yes/no question."""

    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.question, multiline=True), classes="dialog-title")
            yield Static(Text("y yes · n no", style="dim"), classes="dialog-hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class LinkModal(ModalScreen[bool]):
    """No browser could open a link: show it to click or select, and copy it only when asked.

    Copying the link would replace the draft the user just copied (over SSH the
    usual case), so it is an explicit ``c``, offered only when the clipboard is on.
    Dismisses with True when the user asked for the link to be copied.
    """

    BINDINGS = [
        Binding("c", "copy", "Copy link"),
        Binding("escape,enter", "close", "Close"),
    ]

    def __init__(self, url: str, shown: str, *, can_copy: bool) -> None:
        super().__init__()
        self.url = url
        self.shown = shown
        self.can_copy = can_copy

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="link-dialog"):
            yield Label(
                "No browser could be opened here. Open it yourself:", classes="dialog-title"
            )
            # A terminal with OSC 8 links makes it clickable; any other shows it to select.
            yield Static(Text(self.shown, style=Style(link=self.url)), id="link-url")
            hints = (
                "c    copy the link (it replaces what is on the clipboard)"
                if self.can_copy
                else "The clipboard is off (NETDECK_CLIPBOARD=off): select the link to copy it."
            )
            yield Static(Text(f"{hints}\nesc  close"), classes="dialog-hint")

    def action_copy(self) -> None:
        if self.can_copy:
            self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)

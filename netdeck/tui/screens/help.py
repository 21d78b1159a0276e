"""Every key on the current screen, grouped: what `?` shows."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class HelpScreen(ModalScreen[None]):
    """Lists (key, what it does) pairs collected from the screen below."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, screen_title: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.screen_title = screen_title
        self.keys = keys

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True, justify="right")
        table.add_column()
        for key, description in self.keys:
            table.add_row(Text(key), Text(description))
        with Vertical(classes="dialog help-dialog"):
            yield Label(Text(f"Keys: {self.screen_title}"), classes="dialog-title")
            with VerticalScroll():
                yield Static(table)
            yield Static(
                Text("esc or ? closes · ctrl+p opens the command palette", style="dim"),
                classes="dialog-hint",
            )

    def action_close(self) -> None:
        self.dismiss(None)


def describe_keys(screen) -> list[tuple[str, str]]:
    """The active bindings of ``screen`` (its own, its focused widget's and the app's)."""
    seen: set[str] = set()
    rows: list[tuple[str, str]] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.system or not binding.description or not active.enabled:
            continue
        label = binding.key_display or screen.app.get_key_display(binding)
        entry = f"{label}\0{binding.description}"
        if entry in seen:
            continue
        seen.add(entry)
        rows.append((label, binding.description))
    return rows

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

    BINDINGS = [Binding("escape,question_mark,q,f1", "close", "Close")]

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
                Text("esc, ? or f1 closes · ctrl+p opens the command palette", style="dim"),
                classes="dialog-hint",
            )

    def action_close(self) -> None:
        self.dismiss(None)


def describe_keys(screen) -> list[tuple[str, str]]:
    """Every active key on ``screen``: its own actions first, then the app's, then moving around.

    Disabled actions (nothing selected) are listed too, since ``?`` shows every binding.
    """
    own_actions = {binding.action for binding in _declared(type(screen))}
    app_actions = {binding.action for binding in _declared(type(screen.app))}
    groups: tuple[list, list, list] = ([], [], [])
    seen: set[tuple[str, str]] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.system or not binding.description:
            continue
        label = binding.key_display or screen.app.get_key_display(binding)
        entry = (label, binding.description)
        if entry in seen:
            continue
        seen.add(entry)
        if active.node is screen and binding.action in own_actions:
            groups[0].append(entry)
        elif active.node is screen.app and binding.action in app_actions:
            groups[1].append(entry)
        else:
            groups[2].append(entry)
    return groups[0] + groups[1] + groups[2]


def _declared(cls) -> list[Binding]:
    """The bindings a class declares itself (not the ones Textual gives every screen)."""
    declared = []
    for item in cls.__dict__.get("BINDINGS", []):
        if isinstance(item, Binding):
            declared.append(item)
        else:
            declared.append(Binding(*item))
    return declared

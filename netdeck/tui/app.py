"""The netdeck Textual app (placeholder until the queue screen lands)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class NetdeckApp(App):
    TITLE = "netdeck"

    def __init__(self, db_target: str | None = None) -> None:
        super().__init__()
        self.db_target = db_target

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Today's queue is coming soon. Try `netdeck queue`.")
        yield Footer()


def run_tui(db_target: str | None) -> int:
    NetdeckApp(db_target).run()
    return 0

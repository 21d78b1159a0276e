"""The floor netdeck's first paint is measured against: a bare Textual app with one DataTable row."""

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


class BareApp(App):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name", "Why")
        table.add_row("Ada Lovelace", "bare-app-row")


if __name__ == "__main__":
    BareApp().run()

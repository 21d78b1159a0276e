"""The snippet library: every saved template, and an editor that checks it as you type.

The check renders the template twice (:func:`~netdeck.domain.templating.check_template`),
which a hostile or runaway template makes last up to the rendering budget's
second: it runs in a thread worker, one at a time and always on the newest
text, so typing and Escape never wait for it, and a result for text that has
changed since is dropped.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Input, Label, Select, Static, TextArea

from netdeck.domain.snippets import SnippetChannel, SnippetKind
from netdeck.domain.templating import TEMPLATE_VARIABLES
from netdeck.services.views import SnippetView
from netdeck.tui.forms import show_field_error
from netdeck.tui.palette import Command
from netdeck.tui.screens.base import DeckScreen
from netdeck.tui.screens.modals import ConfirmModal
from netdeck.tui.text import editable, literal
from netdeck.tui.widgets.keybar import KeyBar

#: Every template variable, in the order they are documented.
VARIABLES_HELP = (
    " ".join(f"{{{{ {name} }}}}" for name in TEMPLATE_VARIABLES)
    + ' · fallbacks: {{ how_we_met | default("...") }}'
)


class SnippetsScreen(DeckScreen):
    CSS_PATH = "snippets.tcss"  # loaded when the screen first opens, not at start-up
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+n", "new", "New", priority=True),
        Binding("ctrl+d", "delete", "Delete", priority=True),
        Binding("escape", "back", "Back"),
    ]
    PALETTE = {
        "save": Command("Save the snippet being edited", "Save snippet"),
        "new": Command("Start a new snippet", "New snippet"),
        "delete": Command("Delete the snippet being edited, after asking", "Delete snippet"),
    }

    def __init__(self) -> None:
        super().__init__()
        self.snippets: dict[str, SnippetView] = {}
        self.editing: str | None = None  # the name of the snippet in the editor (None: new)
        self.checking = False  # a template check is running in a worker
        self.body_to_check: str | None = None  # the text to check when it is done
        #: The editor's fields as last filled (see form_values): anything else is an edit.
        self.shown: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="snippets-body"):
            table: DataTable[Text] = DataTable(id="snippets", cursor_type="row")
            table.add_column("Name", key="name", width=24)
            table.add_column("Kind", key="kind", width=18)
            table.add_column("Channel", key="channel", width=16)
            yield table
            with Vertical(id="snippet-editor"):
                with Horizontal(classes="field-row"):
                    yield Label("Name", classes="field-label")
                    yield Input(id="sn-name", compact=True)
                yield Label("", id="e-sn-name", classes="field-error")
                with Horizontal(classes="field-row"):
                    yield Label("Kind", classes="field-label")
                    yield Select(
                        [(k.value, k.value) for k in SnippetKind],
                        allow_blank=False,
                        id="sn-kind",
                        compact=True,
                    )
                with Horizontal(classes="field-row"):
                    yield Label("Channel", classes="field-label")
                    yield Select(
                        [(c.value, c.value) for c in SnippetChannel],
                        allow_blank=False,
                        id="sn-channel",
                        compact=True,
                    )
                with Horizontal(classes="field-row"):
                    yield Label("Subject", classes="field-label")
                    yield Input(id="sn-subject", compact=True, placeholder="for email")
                yield TextArea(id="sn-body", soft_wrap=True)
                yield Label("", id="e-sn-body", classes="field-error")
                yield Static(Text(VARIABLES_HELP, style="dim"), id="sn-help")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Snippets"
        self.shown = self.form_values()
        self.reload()

    def reload(self, select: str | None = None) -> None:
        self.run_deck(
            lambda deck: deck.snippets(),
            lambda items: self.show(items, select),
            group="snippets",
            exclusive=True,
        )

    def show(self, items: list[SnippetView], select: str | None) -> None:
        self.snippets = {item.name: item for item in items}
        table = self.query_one("#snippets", DataTable)
        table.clear()
        for item in items:
            table.add_row(
                literal(item.name, limit=24), Text(item.kind), Text(item.channel), key=item.name
            )
        if select and select in table.rows:
            table.move_cursor(row=table.get_row_index(select))
        table.focus()
        if items:
            self.edit(items[table.cursor_row if table.cursor_row < len(items) else 0].name)
        else:
            self.start_new()

    @on(DataTable.RowHighlighted, "#snippets")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        name = event.row_key.value
        if name not in self.snippets or name == self.editing:
            return
        self.unless_edits_lost(
            self.has_edits(),
            lambda: self.edit(name),
            question=f"Discard your changes to {self.editing or 'the new snippet'}?",
            otherwise=self.back_to_editing,
        )

    def back_to_editing(self) -> None:
        """The cursor back on the snippet in the editor (a new one has no row)."""
        table = self.query_one("#snippets", DataTable)
        if self.editing is not None and self.editing in table.rows:
            table.move_cursor(row=table.get_row_index(self.editing))

    def edit(self, name: str) -> None:
        item = self.snippets[name]
        self.editing = name
        self.query_one("#sn-name", Input).value = item.name
        self.query_one("#sn-kind", Select).value = item.kind
        self.query_one("#sn-channel", Select).value = item.channel
        self.query_one("#sn-subject", Input).value = item.subject
        self.query_one("#sn-body", TextArea).text = editable(item.body)
        self.shown = self.form_values()
        self.check_body()

    def form_values(self) -> tuple[str, ...]:
        return (
            self.query_one("#sn-name", Input).value,
            str(self.query_one("#sn-kind", Select).value),
            str(self.query_one("#sn-channel", Select).value),
            self.query_one("#sn-subject", Input).value,
            self.query_one("#sn-body", TextArea).text,
        )

    def has_edits(self) -> bool:
        return self.form_values() != self.shown

    @on(TextArea.Changed, "#sn-body")
    def check_body(self) -> None:
        self.body_to_check = self.query_one("#sn-body", TextArea).text
        if not self.checking:
            self.start_check()

    def start_check(self) -> None:
        body, self.body_to_check = self.body_to_check, None
        if body is None:
            return
        self.checking = True
        self.run_worker(
            partial(self.check_in_thread, body),
            thread=True,
            group="snippet-check",
            exclusive=True,
            exit_on_error=False,
        )

    def check_in_thread(self, body: str) -> None:
        from textual.worker import get_current_worker

        from netdeck.domain.errors import InvalidInput
        from netdeck.domain.templating import check_template

        message = ""
        try:
            check_template(body)
        except InvalidInput as problem:
            message = str(problem)
        except Exception as error:  # a bug of ours: say so rather than show the template as fine
            from netdeck.services.error_log import record_unexpected

            log = record_unexpected(error, "TUI: checking a snippet template")
            where = f" (details in {log})" if log else ""
            message = f"the template could not be checked: {error}{where}"
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.checked, body, message)

    def checked(self, body: str, message: str) -> None:
        self.checking = False
        if not self.is_attached:  # the screen was closed while the check ran
            return
        if body == self.query_one("#sn-body", TextArea).text:
            show_field_error(self.query_one("#e-sn-body", Label), message)
        self.start_check()  # the text changed while this one ran: check the newest

    def action_new(self) -> None:
        self.unless_edits_lost(self.has_edits(), self.start_new)

    def start_new(self) -> None:
        self.editing = None
        self.query_one("#sn-name", Input).value = ""
        self.query_one("#sn-subject", Input).value = ""
        self.query_one("#sn-body", TextArea).text = "Hi {{ first_name }},\n\n"
        self.shown = self.form_values()
        self.query_one("#sn-name", Input).focus()

    def action_save(self) -> None:
        original = self.editing
        values = {
            "name": self.query_one("#sn-name", Input).value,
            "kind": str(self.query_one("#sn-kind", Select).value),
            "channel": str(self.query_one("#sn-channel", Select).value),
            "subject": self.query_one("#sn-subject", Input).value,
            "body": self.query_one("#sn-body", TextArea).text,
        }

        def saved(item: SnippetView) -> None:
            self.notify(f"Saved snippet {item.name}", markup=False)
            self.reload(select=item.name)

        self.run_deck(lambda deck: deck.save_snippet(original, **values), saved)

    def action_delete(self) -> None:
        name = self.editing
        if name is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_deck(lambda deck: deck.remove_snippet(name), lambda _: self.reload())

        self.app.push_screen(ConfirmModal(f"Delete the snippet {name}?"), answered)

    def action_back(self) -> None:
        self.unless_edits_lost(self.has_edits(), lambda: self.dismiss(None))

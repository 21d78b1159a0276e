"""The import screen: a LinkedIn export, a contacts CSV or a vCard file into the deck.

The user types a path (``~`` expanded, completed from the files on disk with
→), the format follows the file name unless changed, an optional tag; then
previews (a dry run: nothing written) or imports. The work runs in a thread
worker through :meth:`netdeck.services.api.DeckApi.import_file`, whose progress
arrives as :class:`ImportScreen.Progressed` messages for the bar; the summary
names who moved (accepted, awaiting your reply, changed jobs, gone) and lists
every skipped row with its file, line and reason. The screen dismisses
with the summary of an import that wrote, so the queue below can reload.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import (
    Button,
    DataTable,
    Header,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
)

from netdeck.domain.import_report import report_lines
from netdeck.domain.sync_summary import moved_lines, requests_line
from netdeck.tui.palette import Command
from netdeck.tui.screens.base import DeckScreen
from netdeck.tui.text import literal
from netdeck.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from netdeck.services.importing import ImportProgress, ImportSummary

FORMATS = (
    ("LinkedIn export (.zip, Connections.csv or its folder)", "linkedin"),
    ("CSV with a header row (Google Contacts works)", "csv"),
    ("vCard (.vcf)", "vcard"),
)
FORMAT_NAMES = {"linkedin": "a LinkedIn export", "csv": "a contacts CSV", "vcard": "a vCard file"}
PHASES = {"reading": "Reading the file", "matching": "Matching people", "writing": "Writing"}


def home_relative(path: str) -> str:
    """``path`` with the home folder written ``~`` (shorter, and how the user types it)."""
    home = os.path.expanduser("~")
    if home not in ("", "/", "~") and (path == home or path.startswith(home + os.sep)):
        return "~" + path[len(home) :]
    return path


class PathSuggester(Suggester):
    """Completes the last part of a path from the folder it names (``~`` expanded)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        folder_text, slash, stem = value.rpartition("/")
        if not value or value == "~":
            return None
        folder = Path((folder_text or "/") if slash else ".").expanduser()
        try:
            with os.scandir(folder) as entries:
                names = sorted(
                    (entry.name, entry.is_dir())
                    for entry in entries
                    if entry.name.startswith(stem)
                    and (stem.startswith(".") or entry.name[0] != ".")
                )
        except OSError:
            return None
        for name, is_dir in names:
            if name != stem or is_dir:
                return value + name[len(stem) :] + ("/" if is_dir else "")
        return None


class ImportScreen(DeckScreen):
    """Preview, then import, with a progress bar and the summary."""

    CSS_PATH = "importing.tcss"  # loaded when the screen first opens, not at start-up

    BINDINGS = [
        Binding("ctrl+r", "preview", "Preview (dry run)", priority=True),
        Binding("ctrl+s", "run_import", "Import", priority=True),
        Binding("escape", "back", "Back"),
    ]
    PALETTE = {
        "preview": Command("Read the file and show what would change; nothing is written"),
        "run_import": Command("Import the file into the deck", "Import the file"),
    }

    class Progressed(Message):
        """How far the running import has got (posted from its worker thread)."""

        def __init__(self, progress: ImportProgress) -> None:
            super().__init__()
            self.progress = progress

    def __init__(self) -> None:
        super().__init__()
        self.imported: ImportSummary | None = None  # the last import that wrote
        self.running = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="import-form"):
            with Horizontal(classes="field-row"):
                yield Label("File", classes="field-label")
                yield Input(
                    id="import-path",
                    placeholder="~/Downloads/Complete_LinkedInDataExport_11-25-2026.zip",
                    suggester=PathSuggester(),
                    compact=True,
                )
            with Horizontal(classes="field-row"):
                yield Label("Format", classes="field-label")
                yield Select(
                    [(label, value) for label, value in FORMATS],
                    allow_blank=False,
                    value="linkedin",
                    id="import-format",
                    compact=True,
                )
            yield Static("", id="import-detected", markup=False)
            with Horizontal(classes="field-row"):
                yield Label("Tag", classes="field-label")
                yield Input(
                    id="import-tag",
                    placeholder="optional: a tag for everyone imported",
                    compact=True,
                )
            with Horizontal(id="import-buttons"):
                yield Button("Preview (dry run)  ctrl+r", id="import-preview")
                yield Button("Import  ctrl+s", id="import-run", variant="primary")
            with Horizontal(id="import-progress-row"):
                yield Label("", id="import-phase")
                yield ProgressBar(total=None, id="import-progress", show_eta=False)
            yield Static("", id="import-summary")
            yield DataTable(id="import-skipped", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Import"
        table = self.query_one("#import-skipped", DataTable)
        table.add_column("File", key="file", width=28)
        table.add_column("Line", key="line", width=6)
        table.add_column("Why it was skipped", key="reason")
        table.display = False
        self.query_one("#import-progress-row").display = False
        self.show_detected()
        self.query_one("#import-path", Input).focus()

    # ------------------------------------------------------------ the form

    def path(self) -> Path:
        return Path(self.query_one("#import-path", Input).value.strip()).expanduser()

    def format_name(self) -> str:
        return str(self.query_one("#import-format", Select).value)

    @on(Input.Changed, "#import-path")
    def path_changed(self) -> None:
        """The format follows the file name as it is typed (the user can still change it)."""
        from netdeck.services.importing import guess_import_format

        guessed = guess_import_format(self.path())
        if guessed is not None:
            self.query_one("#import-format", Select).value = guessed
        self.show_detected()

    @on(Select.Changed, "#import-format")
    def format_changed(self) -> None:
        self.show_detected()

    def show_detected(self) -> None:
        from netdeck.services.importing import guess_import_format

        label = self.query_one("#import-detected", Static)
        text = self.query_one("#import-path", Input).value.strip()
        guessed = guess_import_format(self.path()) if text else None
        if not text:
            label.update(
                "Type the path of the file to import; → completes it from the files on disk."
            )
        elif guessed is not None and guessed == self.format_name():
            label.update(f"Format detected from the file name: {FORMAT_NAMES[guessed]}.")
        elif guessed is not None:
            label.update(
                f"The file name suggests {FORMAT_NAMES[guessed]}; importing as "
                f"{FORMAT_NAMES[self.format_name()]}, as chosen."
            )
        else:
            label.update(
                f"Importing as {FORMAT_NAMES[self.format_name()]} (the file name does not say)."
            )

    @on(Input.Submitted, "#import-path")
    @on(Input.Submitted, "#import-tag")
    def submitted(self) -> None:
        self.action_preview()

    @on(Button.Pressed, "#import-preview")
    def preview_pressed(self) -> None:
        self.action_preview()

    @on(Button.Pressed, "#import-run")
    def import_pressed(self) -> None:
        self.action_run_import()

    # ------------------------------------------------------------ running

    def action_preview(self) -> None:
        self.start(dry_run=True)

    def action_run_import(self) -> None:
        self.start(dry_run=False)

    def start(self, *, dry_run: bool) -> None:
        if self.running:
            return
        if not self.query_one("#import-path", Input).value.strip():
            self.notify(
                "Type the path of the file to import first.", severity="warning", markup=False
            )
            self.query_one("#import-path", Input).focus()
            return
        path, format_name = self.path(), self.format_name()
        typed = self.query_one("#import-path", Input).value.strip()
        tag = self.query_one("#import-tag", Input).value.strip() or None
        self.running = True
        self.set_buttons(enabled=False)
        self.query_one("#import-progress-row").display = True
        self.query_one("#import-phase", Label).update("Starting")
        self.query_one("#import-progress", ProgressBar).update(total=None, progress=0)
        self.query_one("#import-summary", Static).update("")
        self.query_one("#import-skipped", DataTable).display = False

        def report(progress: ImportProgress) -> None:
            self.post_message(self.Progressed(progress))  # thread-safe, does not wait

        self.run_deck(
            lambda deck: deck.import_file(
                format_name, path, tag=tag, dry_run=dry_run, progress=report
            ),
            lambda summary: self.show_summary(summary, typed),
            group="import",
            exclusive=True,
            on_error=lambda _error: self.stopped(),
        )

    def stopped(self) -> None:
        """After an error (already notified): the form as the user left it, no bar."""
        self.running = False
        self.set_buttons(enabled=True)
        self.query_one("#import-progress-row").display = False

    def set_buttons(self, *, enabled: bool) -> None:
        for button in self.query(Button):
            button.disabled = not enabled

    def on_import_screen_progressed(self, message: Progressed) -> None:
        progress = message.progress
        self.query_one("#import-phase", Label).update(PHASES.get(progress.phase, progress.phase))
        bar = self.query_one("#import-progress", ProgressBar)
        if progress.total <= 0 and progress.done <= 0:
            bar.update(total=None, progress=0)  # size not known yet: an indeterminate bar
        else:
            bar.update(total=progress.total, progress=progress.done)

    def show_summary(self, summary: ImportSummary, typed: str) -> None:
        """The counts, the backup and the skipped rows (``typed``: the path as typed)."""
        self.running = False
        self.set_buttons(enabled=True)
        if not summary.dry_run:
            self.imported = summary
        would = "would be " if summary.dry_run else ""
        lines: list[str | tuple[str, str]] = [
            (
                f"Preview (dry run, nothing written): {typed}\n"
                if summary.dry_run
                else f"Imported {typed}\n"
            ),
            (f"{summary.added:,}", "bold"),
            f" {would}added · ",
            (f"{summary.updated:,}", "bold"),
            f" {would}updated · ",
            (f"{summary.unchanged:,}", "bold"),
            " unchanged · ",
            (f"{len(summary.skipped):,}", "bold"),
            " skipped",
        ]
        messages = summary.interactions - summary.requests
        if messages:
            lines.append(f" · {messages:,} messages {would}logged")
        if summary.requests:
            lines.append(
                "\n"
                + requests_line(summary.requests, summary.bare_requests, dry_run=summary.dry_run)
            )
        if summary.events is not None:  # who moved: plain strings, never read as markup
            lines += [f"\n{line}" for line in moved_lines(summary.events, dry_run=summary.dry_run)]
        if summary.backup:
            lines.append(
                f"\nBackup of the database before the import: {home_relative(summary.backup)}"
            )
        elif not summary.dry_run and not (summary.added or summary.updated):
            lines.append("\nNothing new: the database is unchanged.")
        for note in summary.notes:  # e.g. messages that could not be attributed
            lines.append(f"\nNote: {note}")
        lines += [
            f"\n{line}"
            for line in report_lines(
                summary.matched_by, summary.left_out, summary.possible_duplicates
            )
        ]
        if summary.dry_run and (summary.added or summary.updated):
            lines.append("\nctrl+s imports it.")
        elif summary.added:
            lines.append(
                "\nOlder connections wait in unsorted: press t on the queue to triage them."
            )
        self.query_one("#import-summary", Static).update(Text.assemble(*lines))
        table = self.query_one("#import-skipped", DataTable)
        table.clear()
        for number, row in enumerate(summary.skipped):
            table.add_row(
                # "export.zip:Connections.csv": the zip is named above, the file inside counts.
                literal(row.file.rpartition(":")[2], limit=28),
                Text(str(row.line)),
                literal(row.reason),
                key=str(number),
            )
        table.display = bool(summary.skipped)
        if not summary.dry_run:
            self.notify(
                f"Imported: {summary.added:,} added, {summary.updated:,} updated · esc back to the queue",
                markup=False,
            )

    def action_back(self) -> None:
        if self.running:  # the import cannot be stopped halfway: it is all or nothing
            self.notify("The import is still running; it takes a moment.", markup=False)
            return
        self.dismiss(self.imported)

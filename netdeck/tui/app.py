"""The netdeck Textual app: screens, the deck it reads through, and app-wide actions.

Start-up is kept light: this module imports Textual and the queue screen only;
the database (SQLAlchemy, migrations) is opened by the first worker that asks
for it, in a thread, while the first frame paints.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from netdeck import clock
from netdeck.domain.errors import NetdeckError
from netdeck.domain.text import one_line, visible
from netdeck.tui.palette import Command, OffersCommands, commands_from_bindings
from netdeck.tui.screens.base import guarded
from netdeck.tui.screens.queue import QueueScreen

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from netdeck.services.actions import UndoToken
    from netdeck.services.api import DeckApi
    from netdeck.services.startup import PendingQueue


class NetdeckApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "netdeck"
    #: Every screen gets one of these classes by the terminal's width; the .tcss files
    #: fold side panels and columns for -medium (80 columns) and go to one column for -narrow.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-medium"), (100, "-wide")]
    BINDINGS = [
        # ? types itself into a text field: f1 opens the keys from anywhere, and the
        # key bar shows it while a field has focus.
        Binding("question_mark", "help", "Keys", key_display="?"),
        Binding("f1", "help", "Keys"),
        Binding("comma", "settings", "Settings", show=False),
        Binding("S", "snippets", "Snippets", show=False),
        # Not a letter: it works from inside a text field too (no field binds ctrl+l).
        Binding("ctrl+l", "log", "Log…", show=False),
    ]
    #: The app's key bindings in the command palette (see netdeck.tui.palette).
    PALETTE = {
        "settings": Command("Queue size, cadence, your name, theme…"),
        "snippets": Command("The templates drafts start from: edit, add, delete"),
        "log": Command("Someone wrote, you met, or a note: pick them, say what happened"),
    }

    def __init__(
        self,
        db_target: str | None = None,
        *,
        today: Callable[[], date] = clock.today,
        first_look: PendingQueue | None = None,
        user: str | None = None,
    ) -> None:
        super().__init__()
        self.db_target = db_target
        #: Who this run acts as; None: ``NETDECK_USER``, else the deck decides (DeckApi.user).
        self.user = user
        #: Today's queue rows read straight from SQLite (see netdeck.services.startup):
        #: the queue screen paints them in its first frame while the database opens.
        self.first_look = first_look
        self.today = today
        self.undo_stack: list[UndoToken] = []
        self._deck: DeckApi | None = None
        self._deck_error: NetdeckError | None = None
        self._deck_lock = threading.Lock()
        self._theme_loaded = False
        self._memory_settled = False

    # ------------------------------------------------------------ the database

    def deck(self) -> DeckApi:
        """The open deck; the first caller (always a worker thread) opens the database."""
        with self._deck_lock:
            if self._deck is None:
                if self._deck_error is not None:
                    raise self._deck_error
                from netdeck.services.api import DeckApi
                from netdeck.whoami import explicit_user

                try:
                    self._deck = DeckApi.open(
                        self.db_target, self.today, self.user or explicit_user()
                    )
                except NetdeckError as error:
                    self._deck_error = error
                    raise
                settings = self._deck.settings()
                self.call_from_thread(self._apply_theme, settings.theme)
            return self._deck

    def settle_memory(self) -> None:
        """Once the first full load is on screen, exempt what is alive from garbage collection.

        Textual, SQLAlchemy and the open deck are a few hundred thousand objects
        that live as long as the app; Python's full collections walked them all,
        pausing the app for 90-160 ms a few times a minute of use (measured in
        ``tests/benchmarks/tui_latency.py`` with ``gc.callbacks``), which showed
        up as the slowest key presses. ``gc.freeze()`` moves them to a permanent
        generation; what is created later is collected as before.
        """
        if not self._memory_settled:
            self._memory_settled = True
            gc.freeze()

    def _apply_theme(self, theme: str) -> None:
        if theme in self.available_themes:
            self.theme = theme
        self._theme_loaded = True

    def watch_theme(self, theme: str) -> None:
        if not self._theme_loaded:
            return

        def save() -> None:
            try:
                self.deck().change_settings({"theme": theme})
            except NetdeckError as error:
                self.call_from_thread(self.notify, str(error), severity="error", markup=False)

        self.run_worker(
            guarded(self, save, "saving the theme"),
            thread=True,
            group="theme",
            exclusive=True,
            exit_on_error=False,
        )

    # ------------------------------------------------------------ screens

    def on_mount(self) -> None:
        self.push_screen(QueueScreen())

    def open_contact(
        self, contact_id: int | None, *, on_close: Callable[[Any], None] | None = None
    ) -> None:
        from netdeck.tui.screens.contact import ContactScreen

        self.push_screen(ContactScreen(contact_id), on_close)

    def open_composer(
        self, contact_id: int, *, on_close: Callable[[Any], None] | None = None
    ) -> None:
        from netdeck.tui.screens.composer import ComposerScreen

        self.push_screen(ComposerScreen(contact_id), on_close)

    def open_contacts(self, *, search: bool) -> None:
        from netdeck.tui.screens.contacts import ContactsScreen

        self.push_screen(ContactsScreen(search=search))

    def open_health(self) -> None:
        from netdeck.tui.screens.health import HealthScreen

        self.push_screen(HealthScreen())

    def open_triage(self, *, on_close: Callable[[Any], None] | None = None) -> None:
        from netdeck.tui.screens.triage import TriageScreen

        self.push_screen(TriageScreen(), on_close)

    def open_duplicates(self, *, on_close: Callable[[Any], None] | None = None) -> None:
        from netdeck.tui.screens.duplicates import DuplicatesScreen

        self.push_screen(DuplicatesScreen(), on_close)

    def action_settings(self) -> None:
        from netdeck.tui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(), self.settings_closed)

    def settings_closed(self, saved: object) -> None:
        """Saved settings (the daily size, the default cadence, the reply window) change
        who is due: the queue, wherever it is in the stack, shows it on return."""
        if saved is None:
            return
        for screen in self.screen_stack:
            if isinstance(screen, QueueScreen):
                screen.action_reload()

    def action_snippets(self) -> None:
        from netdeck.tui.screens.snippets import SnippetsScreen

        self.push_screen(SnippetsScreen())

    def action_log(self) -> None:
        """Log…: pick a person, say what happened; the screen below logs it (see
        :mod:`netdeck.tui.screens.log_flow`)."""
        from netdeck.tui.screens.contact_actions import ContactActions
        from netdeck.tui.screens.log_flow import ContactPicker, WhatHappened

        actor = self.screen
        if not isinstance(actor, ContactActions):
            self.notify(
                "Log… works from the queue, contacts, a contact, triage and health.",
                markup=False,
            )
            return

        def picked(person: tuple[int, str] | None) -> None:
            if person is None:
                return
            contact_id, name = person
            self.push_screen(
                WhatHappened(name),
                lambda happened: (
                    actor.log_happened(contact_id, name, happened) if happened else None
                ),
            )

        self.push_screen(ContactPicker(actor.log_target()), picked)

    def action_help(self) -> None:
        from netdeck.tui.screens.help import HelpScreen, describe_keys

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        title = self.screen.sub_title or type(self.screen).__name__.removesuffix("Screen")
        self.push_screen(HelpScreen(title or "queue", describe_keys(self.screen)))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, from any screen or worker: control characters in it (a
        name, an address, an error quoting either) are shown as escapes, never sent to
        the terminal, which would obey them (Textual drops only a few, not ``ESC``)."""
        super().notify(
            visible(message, keep_newlines=True),
            title=one_line(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def open_contact_link(self, contact_id: int) -> None:
        """Open the contact's preferred address (profile, ``mailto:``...) in the browser."""

        def job() -> None:
            try:
                url = self.deck().open_link(contact_id)
            except NetdeckError as error:
                self.call_from_thread(self.notify, str(error), severity="warning", markup=False)
                return
            self._open_in_browser(url)

        self.run_worker(
            guarded(self, job, "opening the link"),
            thread=True,
            group="open-link",
            exit_on_error=False,
        )

    def open_url_or_copy(self, url: str) -> None:
        """Open ``url`` in the browser; where none can, show it (copied only when asked)."""
        self.run_worker(
            guarded(self, lambda: self._open_in_browser(url), "opening the link"),
            thread=True,
            group="open-link",
            exit_on_error=False,
        )

    def _open_in_browser(self, url: str) -> None:
        # In a thread: a text-mode browser (lynx, w3m) would otherwise block the app.
        import webbrowser

        try:
            opened = webbrowser.open(url)
        except Exception:  # any browser failure is reported the same way
            opened = False
        if opened:
            self.call_from_thread(self.notify, f"Opened {one_line(url)}", markup=False)
        else:
            self.call_from_thread(self._no_browser, url)

    def _no_browser(self, url: str) -> None:
        """Show the link to open by hand; copy it only when asked (the draft may be on the clipboard)."""
        from netdeck.clipboard import ClipboardMode, clipboard_mode
        from netdeck.tui.screens.modals import LinkModal

        try:
            can_copy = clipboard_mode() is not ClipboardMode.OFF
        except NetdeckError:  # a bad NETDECK_CLIPBOARD: copying was refused already
            can_copy = False

        def chosen(copy: bool | None) -> None:
            if copy:
                self.run_worker(
                    guarded(self, lambda: self._copy_link(url), "copying the link"),
                    thread=True,
                    group="copy",
                    exit_on_error=False,
                )

        self.push_screen(LinkModal(url, one_line(url), can_copy=can_copy), chosen)

    def _copy_link(self, url: str) -> None:
        from netdeck.clipboard import copy_text

        def to_terminal(payload: str) -> None:
            self.call_from_thread(self.copy_to_clipboard, payload)

        try:
            result = copy_text(url, osc52_writer=to_terminal)
        except NetdeckError as error:
            self.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        message = f"The link: {result.message}" if result.copied else result.message
        self.call_from_thread(self.notify, message.replace("the draft", "the link"), markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands, the app's (from any screen), then the screen's own."""
        yield from super().get_system_commands(screen)
        yield from commands_from_bindings(self, self.BINDINGS, self.PALETTE)
        yield SystemCommand(
            "Contacts", "Browse and search everyone", lambda: self.open_contacts(search=False)
        )
        yield SystemCommand(
            "Network health",
            "Inner circle, cadence, replies, streak; drifting and let-go lists",
            self.open_health,
        )
        yield SystemCommand(
            "Add contact", "Someone you mean to keep up with", lambda: self.open_contact(None)
        )
        yield SystemCommand(
            "Triage",
            "Go through unsorted contacts: keep, later, let go",
            lambda: self.open_triage(
                on_close=lambda _: (
                    screen.action_reload() if isinstance(screen, QueueScreen) else None
                )
            ),
        )
        yield SystemCommand(
            "Duplicates",
            "People who may be in the deck twice: merge them, or say they are not the same",
            lambda: self.open_duplicates(
                on_close=lambda _: (
                    screen.action_reload() if isinstance(screen, QueueScreen) else None
                )
            ),
        )
        if isinstance(screen, OffersCommands):
            yield from screen.palette_commands()

    def on_unmount(self) -> None:
        if self._deck is not None:
            self._deck.close()

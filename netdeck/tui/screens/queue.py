"""The home screen: today's queue on the left, the selected contact's card on the right."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Header, Static

from netdeck.domain.channels import INTERACTION_CHANNEL_FOR, ChannelKind
from netdeck.domain.claims import writing_now, writing_to
from netdeck.domain.note_budget import budget_text, held_text
from netdeck.services.views import ContactDetail, QueueEntry, QueueSnapshot
from netdeck.tui.palette import Command
from netdeck.tui.screens.base import DeckScreen, guarded
from netdeck.tui.screens.contact_actions import (
    CONTACT_ACTION_PALETTE,
    ContactActions,
    both_kept,
)
from netdeck.tui.text import literal, overdue_label, short_date, stage_badge
from netdeck.tui.widgets.card import ContactCard
from netdeck.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from netdeck.services.actions import ActionOutcome, UndoToken
    from netdeck.services.api import DeckApi
    from netdeck.services.mail_sync import MailProgress, MailSyncSummary

WELCOME = """Welcome to netdeck.

A hundred people you actually talk to are worth more than five hundred names.
netdeck puts the few who are due today in this queue, with the reason why.

To begin:

  • Bring in your LinkedIn connections (LinkedIn → Settings → Data privacy →
    Get a copy of your data), then press  i  and give the .zip (a contacts
    CSV or a vCard file works too), or run:
        netdeck import linkedin ~/Downloads/Basic_LinkedInDataExport.zip

  • Add someone you mean to keep up with: press  a

  • Just looking around? Quit with  q  and run:  netdeck demo
"""


class Column(NamedTuple):
    key: str
    label: str
    width: int


NAME_WIDTH, STAGE_WIDTH, WHY_WIDTH, DUE_WIDTH = 17, 9, 38, 9  # Due: "112d late"


def queue_columns(room: int) -> tuple[Column, ...]:
    """The table's columns for ``room`` cells, the ones that matter first.

    Name and Due always; Why gets what is left (it is whole in the card); Stage
    (in the card too) only when Why has its full width; Why only when it has
    room for a few words, else Name gets the space. Each column also takes two
    cells of padding.
    """
    name, due = Column("name", "Name", NAME_WIDTH), Column("due", "Due", DUE_WIDTH)
    left = room - (NAME_WIDTH + DUE_WIDTH + 3 * 2)
    if left >= WHY_WIDTH + STAGE_WIDTH + 2 - 4:  # 120 columns: a few cells short, as ever
        why = Column("why", "Why", WHY_WIDTH)
        return (name, Column("stage", "Stage", STAGE_WIDTH), why, due)
    if left >= 10:
        return (name, Column("why", "Why", min(left, WHY_WIDTH)), due)
    return (Column("name", "Name", max(NAME_WIDTH, room - DUE_WIDTH - 4)), due)


def row_cells(entry: QueueEntry, columns: tuple[Column, ...] | None = None) -> list[Text]:
    """The table's cells for one queue entry (user text literal), for ``columns``."""
    cells: list[Text] = []
    for column in columns or queue_columns(10_000):
        if column.key == "name":
            cells.append(literal(entry.name, limit=column.width))
        elif column.key == "stage":
            cells.append(stage_badge(entry.stage))
        elif column.key == "why" and entry.claimed_by:
            # Another user is writing to them: that, not why they are due, is the news.
            taken = writing_now(entry.claimed_by, entry.name)
            cells.append(literal(taken, "bold yellow", limit=column.width))
        elif column.key == "why":
            cells.append(literal(entry.reason, limit=column.width))
        else:
            cells.append(overdue_label(entry.overdue_days))
    return cells


def _people(count: int) -> str:
    return f"{count:,} {'person' if count == 1 else 'people'}"


def done_for_today(snap: QueueSnapshot) -> Text:
    """What the empty queue says: what was done, who is still due and when they come
    (a day holds the daily size, no more), and the triage pile, if there is one."""
    lines: list[str | tuple[str, str]] = [("You're done for today.", "bold"), "\n\n"]
    if snap.done_today:
        # Messages, requests, calls, meetings: not all of them are "a message".
        lines.append(f"You got in touch with {_people(snap.done_today)} today.\n")
    waiting = snap.due_total
    if waiting > snap.queue_size:
        lines.append(
            f"{waiting:,} more are due: a day's queue holds {snap.queue_size}, the most "
            "overdue first (raise the daily size in settings: press ,).\n"
        )
    elif waiting:
        verb = "is" if waiting == 1 else "are"
        lines.append(
            f"{waiting:,} more {verb} due: tomorrow's queue holds them "
            f"(today's {snap.queue_size} are done).\n"
        )
    if snap.held:
        lines.append(f"{held_text(snap.held)} (netdeck queue --all lists them).\n")
    if snap.next_due_on:
        lines.append(
            f"Next up: {short_date(snap.next_due_on, snap.today)} ({snap.next_due_on:%a %d %b}).\n"
        )
    if snap.unsorted:
        verb = "waits" if snap.unsorted == 1 else "wait"
        lines += ["\n", (f"{_people(snap.unsorted)} {verb} in triage: press t.", "bold"), "\n"]
    lines.append("\nPress a to add someone, c to browse everyone, q to quit.")
    return Text.assemble(*lines)


class QueueScreen(ContactActions, DeckScreen):
    """Work through today's queue from the keyboard."""

    KEYBAR_FIRST = ("draft", "done", "snooze", "skip", "undo", "open_channel", "edit")
    BINDINGS = [
        Binding("m", "draft", "Draft"),
        Binding("d", "done", "Done"),
        Binding("s", "snooze", "Snooze"),
        Binding("x", "skip", "Skip"),
        # r is refresh here: "they replied" takes the capital (r on the other screens).
        Binding("R", "log_reply", "Replied", show=False),
        Binding("n", "log_note", "Note", show=False),
        Binding("o", "open_channel", "Open"),
        Binding("e", "edit", "Edit"),
        # g and a are in the help screen and the palette: the footer keeps room for t and h.
        Binding("g", "stage", "Stage", show=False),
        Binding("a", "add", "Add", show=False),
        Binding("u", "undo", "Undo"),
        Binding("c", "contacts", "Contacts"),
        Binding("t", "triage", "Triage"),
        Binding("h", "health", "Health"),
        Binding("i", "import_contacts", "Import", show=False),
        Binding("M", "mail_sync", "Sync mail", show=False),
        Binding("slash", "search", "Search", key_display="/", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("r", "reload", "Refresh", show=False),
        # Only in a shared deck (check_action hides it otherwise): whose people it shows.
        Binding("w", "toggle_everyone", "Whose"),
        Binding("q", "app.quit", "Quit"),
    ]
    # Add, contacts, triage and health are the app's commands, offered on every screen.
    PALETTE = {
        "draft": Command(
            "A personal message from a snippet, checked and copied", "Draft a message"
        ),
        "done": Command("Log an interaction with the selected person", "Log it done"),
        "snooze": Command("Move the selected person's due date"),
        "skip": Command("Hide the selected person until tomorrow", "Skip for today"),
        "open_channel": Command("Open their profile or email in the browser", "Open channel"),
        "edit": Command("Change the selected person's details", "Edit contact"),
        "stage": Command("Prospect, requested, connected, active, dormant…", "Change stage"),
        "undo": Command("Undo the last action of this run"),
        "import_contacts": Command("A LinkedIn export, a CSV or a vCard file", "Import contacts"),
        "reload": Command("Reload today's queue"),
        "mail_sync": Command(
            "Read who wrote to you and whom you wrote to from your mailbox (headers only)",
            "Sync mail",
        ),
        "toggle_everyone": Command(
            "A shared deck: everyone's people, or only yours and nobody's", "Whose queue"
        ),
        "log_reply": CONTACT_ACTION_PALETTE["log_reply"],
        "log_note": CONTACT_ACTION_PALETTE["log_note"],
    }

    def __init__(self) -> None:
        super().__init__()
        self.snapshot: QueueSnapshot | None = None
        self.left_for_screen = False  # covered by a whole screen, not a dialog
        self.entries: dict[int, QueueEntry] = {}
        self.card_detail: ContactDetail | None = None
        #: What the card shows: the detail and the claim line (either changing repaints it).
        self.card_shown: tuple[ContactDetail, str] | None = None
        self.binding_state: tuple[bool, bool] | None = None  # see sync_bindings
        self.start_entries: list[QueueEntry] | None = None
        #: People this screen took off the queue, newest last: the action's undo token,
        #: their row index and entry, so undoing that action puts them back at once.
        self.left: list[tuple[object, int, QueueEntry]] = []
        #: The table's columns for its width (see :func:`queue_columns`), set again on resize.
        self.columns = queue_columns(10_000)
        #: A shared deck's queue shows everyone's people (w), not only yours and nobody's.
        self.everyone = False

    def compose(self) -> ComposeResult:
        pending = self.host.first_look
        #: The rows read at start-up, when the read has finished: they go in the first frame.
        self.start_entries = pending.entries() if pending and pending.ready() else None
        yield Header()
        yield Static("Loading today's queue…", id="topbar")
        with Horizontal(id="queue-body"):
            with Vertical(id="queue-pane"):
                table: DataTable[Text] = DataTable(
                    id="queue", cursor_type="row", zebra_stripes=False
                )
                for column in self.columns:
                    table.add_column(column.label, key=column.key, width=column.width)
                if self.start_entries:
                    self.entries = {entry.id: entry for entry in self.start_entries}
                    for entry in self.start_entries:
                        table.add_row(*row_cells(entry, self.columns), key=str(entry.id))
                yield table
                yield Static(WELCOME, id="welcome", markup=False)
                yield Static("", id="all-done")
            yield ContactCard(id="card")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#welcome").display = False
        self.query_one("#all-done").display = False
        pending = self.host.first_look
        if pending is None:
            self.action_reload()
        elif self.start_entries is not None:
            self.sync_bindings()
            # Open the database (importing SQLAlchemy) once these rows are painted.
            self.call_after_refresh(self.action_reload)
        else:  # still reading (a slow disk) or it failed: wait in a thread, not here
            self.run_worker(
                guarded(
                    self.app,
                    lambda: self.app.call_from_thread(self.show_first_look, pending.entries()),
                    "loading today's queue",
                ),
                thread=True,
                group="queue",
                exit_on_error=False,
            )

    def on_screen_suspend(self) -> None:
        # Posted once the covering screen is on the stack. A dialog over the queue
        # (log, snooze) hands its result back here, and a reload on its closing would
        # read the queue before that write: only a whole screen calls for one.
        self.left_for_screen = not isinstance(self.app.screen, ModalScreen)

    def on_screen_resume(self) -> None:
        # Back from another screen: what was done there (a reply logged from the
        # contacts list, a pull from health) shows at once, the cursor on the same person.
        if self.snapshot is not None and self.left_for_screen:
            self.left_for_screen = False
            self.action_reload()

    def show_first_look(self, entries: list[QueueEntry] | None) -> None:
        """Paint the rows read at start-up, then load everything else through the deck."""
        if entries and self.snapshot is None:
            self.fill_table(entries)
        # Open the database (importing SQLAlchemy) once these rows are painted.
        self.call_after_refresh(self.action_reload)

    # ------------------------------------------------------------ loading

    @property
    def table(self) -> DataTable:
        return self.query_one("#queue", DataTable)

    def selected_id(self) -> int | None:
        table = self.table
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return int(row_key.value) if row_key.value is not None else None

    def action_reload(self, keep: int | None = None) -> None:
        everyone = self.everyone
        self.run_deck(
            lambda deck: deck.queue(everyone=everyone),
            lambda snap: self.show_queue(snap, keep),
            group="queue",
            exclusive=True,
        )

    def action_mail_sync(self) -> None:
        """``netdeck mail sync`` in a worker: progress in the top bar, the summary as a
        notice, then the queue again (whoever wrote is on top)."""
        app = self.app

        def sync(deck: DeckApi) -> MailSyncSummary:
            return deck.mail_sync(
                progress=lambda step: app.call_from_thread(self.show_mail_progress, step)
            )

        self.query_one("#topbar", Static).update(Text("Connecting to your mail server…"))
        self.run_deck(
            sync,
            self.mail_synced,
            group="mail",
            exclusive=True,
            on_error=lambda _error: self.update_topbar(),
            what="the mail sync",
        )

    def show_mail_progress(self, step: MailProgress) -> None:
        self.query_one("#topbar", Static).update(
            Text(f"Reading {step.folder}: {step.done:,} of {step.total:,} new messages…")
        )

    def mail_synced(self, summary: MailSyncSummary) -> None:
        self.notify(summary.line(), title="Mail sync", markup=False)
        self.update_topbar()
        self.action_reload()

    def show_queue(self, snapshot: QueueSnapshot, keep: int | None = None) -> None:
        if self.snapshot is None:
            self.app.call_after_refresh(self.host.settle_memory)
        if self.snapshot is None or self.snapshot.shared != snapshot.shared:
            self.call_after_refresh(self.refresh_bindings)  # w: only in a shared deck
        self.snapshot = snapshot
        self.fill_table(snapshot.entries, keep)
        self.update_topbar()
        self.update_empty_state()
        self.load_card()

    def fill_table(self, entries: Iterable[QueueEntry], keep: int | None = None) -> None:
        """Show ``entries`` in the table, keeping the cursor on the same person if possible."""
        self.entries = {entry.id: entry for entry in entries}
        table = self.table
        current = keep if keep is not None else self.selected_id()
        rows = [(str(entry.id), row_cells(entry, self.columns)) for entry in entries]
        shown = [(row.key.value, table.get_row(row.key)) for row in table.ordered_rows]
        drawn = tuple((str(column.key.value), column.width) for column in table.ordered_columns)
        if drawn != tuple((column.key, column.width) for column in self.columns):
            # The terminal was resized: other columns fit.
            table.clear(columns=True)
            for column in self.columns:
                table.add_column(column.label, key=column.key, width=column.width)
            shown = []
        if rows != shown:  # a reload after done/skip usually changes nothing shown
            table.clear()
            for key, cells in rows:
                table.add_row(*cells, key=key)
        if current is not None and str(current) in table.rows:
            table.move_cursor(row=table.get_row_index(str(current)))
        self.sync_bindings()

    def on_resize(self) -> None:
        # After the layout, when the table has its new width.
        self.call_after_refresh(self.fit_columns)

    def fit_columns(self) -> None:
        if not self.is_attached:
            return
        table = self.table
        # Room for the scrollbar too: a longer queue must not push Due off the edge.
        scrollbar = table.styles.scrollbar_size_vertical
        columns = queue_columns((table.size.width or self.size.width) - scrollbar)
        if columns != self.columns:
            self.columns = columns
            self.fill_table(list(self.entries.values()))
        self.update_topbar()

    def update_topbar(self) -> None:
        snap = self.snapshot
        if snap is None:
            return
        left = len(self.entries)
        # A shared deck says whose people it shows (w switches).
        whose = ""
        if snap.shared:
            whose = "   everyone's" if snap.scope == "everyone" else "   yours and nobody's"
        full = Text.assemble(
            (f"{snap.today:%A %d %B %Y}", "bold"),
            whose,
            f"   {left} in today's queue",
            f" · {snap.due_total} due in all" if snap.due_total != left else "",
            f" · {snap.held} held for the note budget" if snap.held else "",
            f" · {snap.done_today} done today",
            "   inner circle ",
            (f"{snap.inner_circle}/{snap.inner_circle_target}", "bold"),
        )
        # The same facts, shorter, where the full line would be cut (80 and 40 columns).
        short = Text.assemble(
            (f"{snap.today:%a %d %b}", "bold"),
            whose.replace("   ", "  ").replace(" and nobody's", ""),
            f"  {left} queued",
            f" · {snap.due_total} due" if snap.due_total != left else "",
            f" · {snap.held} held" if snap.held else "",
            f" · {snap.done_today} done",
            "  circle ",
            (f"{snap.inner_circle}/{snap.inner_circle_target}", "bold"),
        )
        shortest = Text.assemble(
            (f"{snap.today:%d %b}", "bold"),
            f" · {left} queued",
            f" · {snap.due_total} due" if snap.due_total != left else "",
            f" · {snap.done_today} done",
        )
        topbar = self.query_one("#topbar", Static)
        room = topbar.content_region.width or self.size.width - 2
        line = next((text for text in (full, short) if text.cell_len <= room), shortest)
        topbar.update(line, layout=False)  # always one line

    def update_empty_state(self) -> None:
        snap = self.snapshot
        empty_db = snap is not None and snap.contact_count == 0
        done = snap is not None and not empty_db and not self.entries
        self.table.display = not (empty_db or done)
        self.query_one("#card").set_class(empty_db or done, "-nothing-to-show")
        self.query_one("#welcome").display = empty_db
        panel = self.query_one("#all-done", Static)
        panel.display = done
        if done and snap is not None:
            panel.update(done_for_today(snap))
        if not self.entries:
            self.card_detail = None
            self.card_shown = None

    @on(DataTable.RowHighlighted, "#queue")
    def highlighted(self) -> None:
        if self.snapshot is not None:  # the start-up rows get their card with the full load
            self.load_card()

    def load_card(self) -> None:
        contact_id = self.selected_id()
        card = self.query_one(ContactCard)
        if contact_id is None:
            self.card_detail = None
            self.card_shown = None
            card.show(None, date.today())
            return

        def shown(detail: ContactDetail) -> None:
            taken = self.claim_line(detail.id)
            if detail.id == self.selected_id() and (detail, taken) != self.card_shown:
                self.card_detail = detail
                self.card_shown = (detail, taken)
                today = self.snapshot.today if self.snapshot else date.today()
                card.show(detail, today, self.note_budget_line(detail), taken)

        self.run_deck(
            lambda deck: deck.contact(contact_id, interaction_limit=8),
            shown,
            group="card",
            exclusive=True,
        )

    def claim_line(self, contact_id: int) -> str:
        """ "Alex is writing to Dana (since 10:42)" when another user claimed them today."""
        entry = self.entries.get(contact_id)
        if entry is None or entry.claimed_by is None or entry.claimed_at is None:
            return ""
        return writing_to(entry.claimed_by, entry.name, entry.claimed_at.astimezone().time())

    def note_budget_line(self, detail: ContactDetail) -> str:
        """The month's LinkedIn notes for a prospect's card ("2 of 5 notes left this
        month"); nothing for anyone else, nor without a monthly limit (Premium's
        default): a line that never changes would only take room."""
        budget = self.snapshot.note_budget if self.snapshot else None
        if detail.stage != "prospect" or budget is None or budget.limit is None:
            return ""
        return budget_text(budget)

    # ------------------------------------------------------------ moving

    def action_toggle_everyone(self) -> None:
        """A shared deck: everyone's people, or back to yours and nobody's."""
        self.everyone = not self.everyone
        self.notify(
            "Showing everyone's people" if self.everyone else "Showing yours and nobody's",
            markup=False,
        )
        self.action_reload()

    def action_cursor_down(self) -> None:
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()

    def sync_bindings(self) -> None:
        """Refresh the key bar when what it enables changed (someone selected, something
        to undo); that works out every binding's state again, so not on every reload."""
        state = (bool(self.entries), bool(self.host.undo_stack))
        if state != self.binding_state:
            self.binding_state = state
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"draft", "done", "snooze", "skip", "open_channel", "edit", "stage"} | {
            "log_reply",
            "log_note",
        }:
            return True if self.entries else None
        if action == "undo":
            return True if self.host.undo_stack else None
        if action == "toggle_everyone":
            return self.snapshot is not None and self.snapshot.shared
        return True

    # ------------------------------------------------------------ acting

    def acted_on(self) -> tuple[int, str] | None:
        entry = self._selected_entry()
        return (entry.id, entry.name) if entry is not None else None

    def contact_changed(self, contact_id: int) -> None:
        self.sync_bindings()
        self.action_reload(keep=contact_id)

    def _selected_entry(self) -> QueueEntry | None:
        contact_id = self.selected_id()
        return self.entries.get(contact_id) if contact_id is not None else None

    def action_done(self) -> None:
        from netdeck.tui.screens.modals import LogModal, LogRequest

        entry = self._selected_entry()
        if entry is None:
            return
        preferred = next(iter(entry.channels), None)
        channel = INTERACTION_CHANNEL_FOR[ChannelKind(preferred)].value if preferred else "other"
        if self.card_detail and self.card_detail.id == entry.id:
            for address in self.card_detail.channels:
                if address.preferred:
                    channel = INTERACTION_CHANNEL_FOR[ChannelKind(address.kind)].value

        def logged(request: LogRequest | None) -> None:
            if request is None:
                return
            kind = request.kind.replace("-", " ")
            self.leave_queue(
                entry,
                lambda deck: deck.mark_done(
                    entry.id, channel=request.channel, kind=request.kind, note=request.note
                ),
                f"Logged a {kind} with {entry.name}",
                what=f"logging a {kind} with {entry.name}",
            )

        self.app.push_screen(LogModal(entry.name, channel), logged)

    def action_draft(self) -> None:
        entry = self._selected_entry()
        if entry is None:
            return

        def closed(outcome: object) -> None:
            if outcome is not None:  # it was sent and logged: it leaves the queue
                self.sync_bindings()
                self.action_reload()

        self.host.open_composer(entry.id, on_close=closed)

    @on(DataTable.RowSelected, "#queue")
    def row_selected(self) -> None:
        self.action_draft()

    def action_snooze(self) -> None:
        from netdeck.tui.screens.modals import SnoozeModal

        entry = self._selected_entry()
        if entry is None or self.snapshot is None:
            return

        def chosen(until: date | None) -> None:
            if until is not None:
                self.leave_queue(
                    entry,
                    lambda deck: deck.snooze(entry.id, until),
                    f"Snoozed {entry.name} until {until:%a %d %b}",
                    what=f"snoozing {entry.name}",
                )

        self.app.push_screen(SnoozeModal(entry.name, self.snapshot.today), chosen)

    def action_skip(self) -> None:
        entry = self._selected_entry()
        if entry is not None:
            self.leave_queue(
                entry,
                lambda deck: deck.skip(entry.id),
                f"Skipped {entry.name} for today",
                what=f"skipping {entry.name}",
            )

    def action_stage(self) -> None:
        from netdeck.tui.screens.modals import StageModal

        entry = self._selected_entry()
        if entry is None:
            return

        def chosen(stage: str | None) -> None:
            if stage is None:
                return
            self.run_deck(
                lambda deck: deck.move_to_stage(entry.id, stage),
                lambda outcome: self.acted(outcome, f"Moved {entry.name} to {stage}"),
                on_error=lambda _: self.action_reload(),
                what=f"moving {entry.name} to {stage}",
            )

        self.app.push_screen(StageModal(entry.name, entry.stage), chosen)

    def leave_queue(
        self,
        entry: QueueEntry,
        call: Callable[[DeckApi], ActionOutcome],
        message: str,
        *,
        what: str,
    ) -> None:
        """Take the entry off the queue at once, then write; on any error, bring it back
        (the reload shows what the database holds). ``what`` names the write in a notice."""
        # A reload already on its way read the queue before this change: drop it.
        self.workers.cancel_group(self, "queue")
        table = self.table
        index = table.get_row_index(str(entry.id))
        table.remove_row(str(entry.id))
        self.entries.pop(entry.id, None)
        if table.row_count:
            table.move_cursor(row=min(index, table.row_count - 1))
        self.sync_bindings()
        self.update_topbar()

        def write() -> None:
            self.load_card()
            self.run_deck(
                call,
                lambda outcome: self.acted(outcome, message, left=(index, entry)),
                on_error=lambda _: self.action_reload(),
                what=what,
            )

        # The writing thread competes with the repaint for the GIL: paint first.
        self.call_after_refresh(write)

    def acted(
        self, outcome: ActionOutcome, message: str, *, left: tuple[int, QueueEntry] | None = None
    ) -> None:
        self.host.undo_stack.append(outcome.undo)
        if left is not None:
            self.left = [*self.left[-19:], (outcome.undo, *left)]
        self.notify(f"{message} · u to undo", markup=False)
        if outcome.others_did:  # another user acted on them today: news, not an error
            self.notify(both_kept(outcome.others_did), markup=False, timeout=10)
        self.sync_bindings()
        self.action_reload()

    def action_undo(self) -> None:
        def undone(token: UndoToken) -> None:
            self.sync_bindings()
            self.action_reload(keep=token.contact_id)

        self.undo_last_action(
            undone, at_once=self.bring_back, on_error=lambda _: self.action_reload()
        )

    def bring_back(self, token: UndoToken) -> None:
        """Put a person this screen took off the queue back at once (the reload then
        puts everyone in order); the undo itself writes in a worker."""
        gone = next((item for item in self.left if item[0] is token), None)
        if gone is None:
            return  # not an action that took someone off this queue
        self.left.remove(gone)
        _token, index, entry = gone
        if entry.id in self.entries:
            return
        self.workers.cancel_group(self, "queue")  # an older reload would take them off again
        entries = list(self.entries.values())
        entries.insert(min(index, len(entries)), entry)
        self.fill_table(entries, keep=entry.id)
        self.update_topbar()
        self.update_empty_state()
        self.call_after_refresh(self.load_card)

    def action_open_channel(self) -> None:
        entry = self._selected_entry()
        if entry is not None:
            self.host.open_contact_link(entry.id)

    def action_edit(self) -> None:
        entry = self._selected_entry()
        if entry is not None:
            self.host.open_contact(entry.id, on_close=lambda _: self.action_reload(keep=entry.id))

    def action_add(self) -> None:
        self.host.open_contact(None, on_close=lambda _: self.action_reload())

    def action_contacts(self) -> None:
        self.host.open_contacts(search=False)

    def action_health(self) -> None:
        self.host.open_health()

    def action_triage(self) -> None:
        self.host.open_triage(on_close=lambda _: self.action_reload())

    def action_search(self) -> None:
        self.host.open_contacts(search=True)

    def action_import_contacts(self) -> None:
        from netdeck.tui.screens.importing import ImportScreen

        # Imported people may be due (new connections): reload whatever happened.
        self.app.push_screen(ImportScreen(), lambda _summary: self.action_reload())

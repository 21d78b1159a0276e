"""Triage: unsorted contacts one at a time, most promising first, one key each.

``t`` on the queue opens it. The screen holds a buffer of the next contacts
(with their cards) fetched a page at a time in promise order; a key acts on the
first one, which leaves the buffer at once so the next card shows without
waiting, while the write runs in a worker. When the buffer runs low the next
page is fetched, leaving out what the screen holds, what it has acted on and
what was skipped in this session; skipped contacts come back once everything
else is done. ``u`` undoes the last triage action of this visit (the queue's
own undo list is not touched). The header shows how many are left and the
inner circle against its target, and keeping someone past the target warns
without blocking.

The person on the card also takes the queue's actions
(:mod:`netdeck.tui.screens.contact_actions`): ``m`` draft, ``d`` done, ``r`` they
replied, ``s`` snooze, ``n`` note, and ``P`` pulls them into today's queue (``p``
stays "follow up later"). One that makes them leave the unsorted pile (a logged
conversation makes them active) shows the next card; ``u`` undoes it like a
triage decision.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Header, Static

from netdeck.domain.triage import KEEP_CADENCES
from netdeck.services.actions import ActionOutcome, UndoToken
from netdeck.services.triage import TriageCounts, TriageEntry, TriageSnapshot
from netdeck.services.views import ContactDetail
from netdeck.tui.palette import Command
from netdeck.tui.screens.base import DeckScreen
from netdeck.tui.screens.contact_actions import (
    CONTACT_ACTION_PALETTE,
    ContactActions,
    contact_action_bindings,
)
from netdeck.tui.text import literal
from netdeck.tui.widgets.card import ContactCard
from netdeck.tui.widgets.keybar import KeyBar

PAGE = 50
#: Fetch the next page when fewer than this many are waiting.
LOW_WATER = 15

VERBS = {"keep": "Kept", "later": "Follow up later:", "let_go": "Let go", "skip": "Skipped"}


class TriageScreen(ContactActions, DeckScreen):
    """Go through unsorted contacts: keep (with a cadence), later, let go, skip, undo."""

    KEYBAR_FIRST = ("later", "let_go", "skip", "back", "undo")
    CSS_PATH = "triage.tcss"  # loaded when the screen first opens, not at start-up

    BINDINGS = [
        *(
            # Listed beside the card (and by ?), not in the footer: five would not fit.
            Binding(key, f"keep({days})", f"Keep, every {label}", show=False)
            for key, label, days in KEEP_CADENCES
        ),
        Binding("p", "later", "Later"),
        Binding("a", "let_go", "Let go"),
        Binding("x,space", "skip", "Skip", key_display="x"),
        Binding("u", "undo", "Undo"),
        Binding("escape", "back", "Back"),
        # p is "later" here: pulling into today's queue takes the capital.
        *contact_action_bindings(pull="P"),
    ]
    PALETTE = {
        "keep": Command("Active, with this cadence; first due day spread"),
        "later": Command(
            "Due in 2-6 weeks: connected (no message yet), active (you have talked) or prospect",
            "Follow up later",
        ),
        "let_go": Command("Archive this contact"),
        "skip": Command("Come back to this one at the end"),
        "undo": Command("Undo the last triage action"),
        **CONTACT_ACTION_PALETTE,
    }

    def __init__(self) -> None:
        super().__init__()
        self.buffer: list[TriageEntry] = []
        self.cards: dict[int, ContactDetail] = {}
        self.skipped: list[int] = []
        self.handled: set[int] = set()
        self.history: list[tuple[str, UndoToken, TriageEntry]] = []
        self.counts: TriageCounts | None = None
        self.fetching = False
        self.exhausted = False
        self.loaded_once = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading what is left to triage…", id="triage-topbar")
        with Horizontal(id="triage-body"):
            yield ContactCard(id="triage-card")
            yield Static("", id="triage-why")
        yield Static("", id="triage-done")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Triage"
        self.query_one("#triage-done").display = False
        self.fetch()

    # ------------------------------------------------------------ loading

    def fetch(self) -> None:
        if self.fetching:
            return
        self.fetching = True
        exclude = [e.id for e in self.buffer] + self.skipped + sorted(self.handled)
        self.run_deck(
            lambda deck: deck.triage_page(exclude=exclude, limit=PAGE),
            self.fetched,
            group="triage-page",
            on_error=lambda _: setattr(self, "fetching", False),
        )

    def fetched(self, page: tuple[TriageSnapshot, dict[int, ContactDetail]]) -> None:
        snapshot, cards = page
        self.fetching = False
        self.loaded_once = True
        self.cards.update(cards)
        held = {e.id for e in self.buffer} | self.handled | set(self.skipped)
        was_empty = not self.buffer
        self.buffer.extend(e for e in snapshot.entries if e.id not in held)
        self.exhausted = len(snapshot.entries) < PAGE
        self.counts = snapshot.counts
        self.update_topbar()
        if was_empty:
            self.show_current()

    def top_up(self) -> None:
        if len(self.buffer) < LOW_WATER and not self.exhausted:
            self.fetch()

    # ------------------------------------------------------------ showing

    @property
    def current(self) -> TriageEntry | None:
        return self.buffer[0] if self.buffer else None

    def show_current(self) -> None:
        entry = self.current
        done = self.query_one("#triage-done", Static)
        body = self.query_one("#triage-body")
        if entry is None:
            if self.fetching or not self.loaded_once:
                return
            if self.skipped:
                count = len(self.skipped)
                self.skipped.clear()
                self.exhausted = False
                self.notify(f"That was everyone else; now the {count} you skipped.", markup=False)
                self.fetch()
                return
            body.display = False
            done.display = True
            done.update(self.done_text())
            self.refresh_bindings()
            return
        body.display = True
        done.display = False
        card = self.query_one(ContactCard)
        detail = self.cards.get(entry.id)
        if detail is not None:
            card.show(detail, self.host.today())
        self.query_one("#triage-why", Static).update(self.why_text(entry))
        self.refresh_bindings()

    def on_resize(self) -> None:
        # The width class changes with the terminal: the choices may move to the top.
        if self.current is not None and self.cards:
            self.call_after_refresh(self.show_current)

    def why_text(self, entry: TriageEntry) -> Group:
        parts: list = [Text("Why now", style="bold")]
        if entry.reasons:
            parts += [literal(f"• {reason}") for reason in entry.reasons]
        else:
            parts.append(Text("nothing stands out: no date, no messages, few details", "dim"))
        if self.has_class("-narrow"):
            # One column, under the card: the keep keys first, in one line, then why
            # (p, a, x and u are on the key bar).
            keep = Text("Keep ", style="bold")
            for key, label, _days in KEEP_CADENCES:
                keep.append_text(Text.assemble((key, "bold"), f" {label}  "))
            return Group(keep, *parts)
        parts += [Text(""), Text("Keep in your circle", style="bold")]
        keys = Table.grid(padding=(0, 1))
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column()
        for key, label, _days in KEEP_CADENCES:
            keys.add_row(key, f"every {label}")
        parts.append(keys)
        parts += [Text(""), Text("Or", style="bold")]
        more = Table.grid(padding=(0, 1))
        more.add_column(style="bold", no_wrap=True)
        more.add_column()
        more.add_row("p", "follow up later (in 2-6 weeks)")
        more.add_row("a", "let go (archive)")
        more.add_row("x", "skip for now")
        more.add_row("u", "undo")
        parts.append(more)
        parts += [Text(""), Text("Act now", style="bold")]
        now = Table.grid(padding=(0, 1))
        now.add_column(style="bold", no_wrap=True)
        now.add_column()
        for key, label in (
            ("m", "draft a message"),
            ("d", "log it done"),
            ("r", "they replied"),
            ("s", "snooze"),
            ("n", "add a note"),
            ("P", "pull into today's queue"),
        ):
            now.add_row(key, label)
        parts.append(now)
        return Group(*parts)

    def done_text(self) -> Text:
        counts = self.counts
        lines: list = [("Nothing left to triage.", "bold"), "\n\n"]
        if self.history:
            kept = sum(1 for action, *_ in self.history if action == "keep")
            let_go = sum(1 for action, *_ in self.history if action == "let_go")
            lines.append(f"This time: {kept} kept, {let_go} let go.\n")
        if counts is not None:
            lines.append(
                f"Your inner circle: {counts.inner_circle} of {counts.inner_circle_target}.\n"
            )
        lines.append("\nPress escape to go back to today's queue.")
        return Text.assemble(*lines)

    def update_topbar(self) -> None:
        counts = self.counts
        if counts is None:
            return
        circle_style = "bold"
        note = ""
        if counts.inner_circle > counts.inner_circle_target:
            circle_style, note = "bold red", " · over your target"
        elif counts.inner_circle == counts.inner_circle_target:
            circle_style, note = "bold yellow", " · at your target: keeping more goes over"
        self.query_one("#triage-topbar", Static).update(
            Text.assemble(
                (f"{counts.left:,} left", "bold"),
                " · inner circle ",
                (f"{counts.inner_circle}/{counts.inner_circle_target}", circle_style),
                (note, circle_style.removeprefix("bold ")),
            )
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"keep", "later", "let_go", "skip", *CONTACT_ACTION_PALETTE}:
            return True if self.buffer else None
        if action == "undo":
            return True if self.history else None
        return True

    # ------------------------------------------------------------ acting

    def act(self, action: str, cadence_days: int | None = None) -> None:
        entry = self.current
        if entry is None:
            return
        self.buffer.pop(0)
        if action == "skip":
            self.skipped.append(entry.id)
        else:
            self.handled.add(entry.id)
            self.counts = self.expected_counts(action)
            self.update_topbar()
        self.show_current()
        self.top_up()

        def done(result: tuple[ActionOutcome, TriageCounts]) -> None:
            outcome, counts = result
            self.history.append((action, outcome.undo, entry))
            self.counts = counts
            self.update_topbar()
            self.refresh_bindings()
            due = outcome.change.next_due_on
            when = f", first due {due:%a %d %b}" if due and action != "skip" else ""
            # Later lands on the stage your history calls for: say which.
            stage = f" ({outcome.change.stage})" if action == "later" else ""
            self.notify(f"{VERBS[action]} {entry.name}{stage}{when} · u to undo", markup=False)
            if action == "keep" and counts.inner_circle > counts.inner_circle_target:
                self.notify(
                    f"Your inner circle is now {counts.inner_circle}, over your target of "
                    f"{counts.inner_circle_target}. Kept anyway; a smaller circle is easier "
                    "to keep up with.",
                    title="Over target",
                    severity="warning",
                    markup=False,
                )

        def failed(_error: Exception) -> None:
            self.handled.discard(entry.id)
            if entry.id in self.skipped:
                self.skipped.remove(entry.id)
            self.buffer.insert(0, entry)
            self.show_current()

        self.run_deck(
            lambda deck: deck.triage_act(entry.id, action, cadence_days),
            done,
            group="triage-act",
            on_error=failed,
        )

    def expected_counts(self, action: str) -> TriageCounts | None:
        """The header's figures once ``action`` is written (shown before it is)."""
        counts = self.counts
        if counts is None:
            return None
        return TriageCounts(
            left=max(counts.left - 1, 0),
            inner_circle=counts.inner_circle + (1 if action == "keep" else 0),
            inner_circle_target=counts.inner_circle_target,
        )

    def action_keep(self, days: int) -> None:
        self.act("keep", days)

    def action_later(self) -> None:
        self.act("later")

    def action_let_go(self) -> None:
        self.act("let_go")

    def action_skip(self) -> None:
        self.act("skip")

    def action_undo(self) -> None:
        if not self.history:
            self.notify("Nothing to undo in this triage.", markup=False)
            return
        action, token, entry = self.history.pop()

        def undone(counts: TriageCounts) -> None:
            self.handled.discard(entry.id)
            if entry.id in self.skipped:
                self.skipped.remove(entry.id)
            self.buffer = [e for e in self.buffer if e.id != entry.id]
            self.buffer.insert(0, entry)
            self.counts = counts
            self.update_topbar()
            self.show_current()
            self.notify(f"Undone: {token.description} {entry.name}", markup=False)

        self.run_deck(
            lambda deck: deck.triage_undo(token),
            undone,
            group="triage-act",
            on_error=lambda _: self.history.append((action, token, entry)),
        )

    def action_back(self) -> None:
        self.dismiss(None)

    # ------------------------------------------------------------ the queue's actions

    def acted_on(self) -> tuple[int, str] | None:
        entry = self.current
        return (entry.id, entry.name) if entry is not None else None

    def remember_undo(self, token: UndoToken, contact_id: int) -> None:
        entry = next((e for e in self.buffer if e.id == contact_id), None)
        if entry is not None:
            self.history.append(("act", token, entry))
            self.refresh_bindings()

    def contact_changed(self, contact_id: int) -> None:
        """Show the card again; once they are no longer unsorted, the next card."""

        def shown(detail: ContactDetail) -> None:
            self.cards[contact_id] = detail
            if detail.stage != "unsorted" and contact_id not in self.handled:
                self.buffer = [e for e in self.buffer if e.id != contact_id]
                self.handled.add(contact_id)
                if self.counts is not None:
                    self.counts = TriageCounts(
                        left=max(self.counts.left - 1, 0),
                        inner_circle=self.counts.inner_circle + (detail.stage == "active"),
                        inner_circle_target=self.counts.inner_circle_target,
                    )
                    self.update_topbar()
                self.top_up()
            self.show_current()

        self.run_deck(lambda deck: deck.contact(contact_id, interaction_limit=6), shown)

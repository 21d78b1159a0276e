"""Duplicates: likely pairs side by side, merged or marked "not the same" in one key.

Opened from the command palette ("Duplicates") and with ``D`` on the contacts
list. Each pair shows both people (name, company, title, stage, last talked,
addresses, tags) and why they look like one person; the one on the left is kept
by a merge (the more advanced stage, else the older record), ``s`` swaps which.
``m`` asks first, naming who is kept, then merges (a backup of the file first);
``u`` undoes the merges of this visit, newest first; ``n`` remembers that the
two are different people. ``j``/``k`` and the arrows move between pairs. The
list is loaded again after each change (a merge can end other pairs).
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Header, Static

from netdeck.services.duplicates import (
    DuplicateSide,
    DuplicatesSnapshot,
    DuplicateView,
    MergeOutcome,
    MergeUndoToken,
)
from netdeck.tui.palette import Command
from netdeck.tui.screens.base import DeckScreen
from netdeck.tui.text import literal, stage_badge
from netdeck.tui.widgets.keybar import KeyBar

#: The most pairs one visit loads (the total is still shown): merging goes pair by pair.
PAIRS_SHOWN = 500


class DuplicatesScreen(DeckScreen):
    """Likely duplicates, one pair at a time: merge, not the same, swap, move, undo."""

    KEYBAR_FIRST = ("merge", "not_same", "swap", "back", "undo")
    CSS_PATH = "duplicates.tcss"

    BINDINGS = [
        Binding("m", "merge", "Merge"),
        Binding("n", "not_same", "Not the same"),
        Binding("s", "swap", "Swap kept"),
        Binding("u", "undo", "Undo merge"),
        Binding("j,down", "next", "Next pair", key_display="j/↓"),
        Binding("k,up", "previous", "Previous pair", key_display="k/↑"),
        Binding("escape", "back", "Back"),
    ]
    PALETTE = {
        "merge": Command("Merge the right one into the left one (asks first)", "Merge this pair"),
        "not_same": Command("Remember they are different people", "Not the same person"),
        "swap": Command("Keep the other one of this pair", "Swap which is kept"),
        "undo": Command("Give back both people of the last merge", "Undo the last merge"),
    }

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[DuplicateView] = []
        self.total = 0
        self.index = 0
        self.swapped: set[tuple[int, int]] = set()
        self.merges: list[MergeUndoToken] = []
        self.loaded = False
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Looking for likely duplicates…", id="dup-topbar")
        with Horizontal(id="dup-body"):
            yield Static("", id="dup-keep", classes="dup-side")
            yield Static("", id="dup-other", classes="dup-side")
        yield Static("", id="dup-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Duplicates"
        self.query_one("#dup-empty").display = False
        self.load()

    # ------------------------------------------------------------ loading and showing

    def load(self) -> None:
        self.run_deck(
            lambda deck: deck.duplicates(limit=PAIRS_SHOWN),
            self.loaded_pairs,
            group="duplicates",
            exclusive=True,
            what="finding duplicates",
        )

    def loaded_pairs(self, snapshot: DuplicatesSnapshot) -> None:
        self.pairs = list(snapshot.pairs)
        self.total = snapshot.total
        self.loaded = True
        self.index = min(self.index, max(len(self.pairs) - 1, 0))
        self.show_current()

    @property
    def current(self) -> tuple[DuplicateSide, DuplicateSide, DuplicateView] | None:
        """The pair under the cursor as (kept, merged into it, the pair)."""
        if not self.pairs:
            return None
        pair = self.pairs[self.index]
        if (pair.first.id, pair.second.id) in self.swapped:
            return pair.second, pair.first, pair
        return pair.first, pair.second, pair

    def show_current(self) -> None:
        current = self.current
        body, empty = self.query_one("#dup-body"), self.query_one("#dup-empty", Static)
        topbar = self.query_one("#dup-topbar", Static)
        if current is None:
            body.display = False
            empty.display = self.loaded
            topbar.update("No likely duplicates" if self.loaded else "")
            empty.update(
                Text.assemble(
                    ("No likely duplicates.", "bold"),
                    "\n\nPeople sharing an address or a name, or with similar names at one "
                    "company, show up here.\nPress escape to go back.",
                )
            )
            self.refresh_bindings()
            return
        keep, other, pair = current
        body.display, empty.display = True, False
        shown = f"{len(self.pairs)}" + (
            f" of {self.total:,}" if self.total > len(self.pairs) else ""
        )
        topbar.update(
            Text.assemble(
                (f"Pair {self.index + 1} of {shown}", "bold"),
                " · ",
                literal(", ".join(pair.why)),
            )
        )
        self.query_one("#dup-keep", Static).update(self.side_text(keep, kept=True))
        self.query_one("#dup-other", Static).update(self.side_text(other, kept=False))
        self.refresh_bindings()

    def side_text(self, side: DuplicateSide, *, kept: bool) -> Group:
        heading = (
            Text("KEEP", style="bold green") if kept else Text("merge into the other", style="dim")
        )
        facts = Table.grid(padding=(0, 1))
        facts.add_column(style="dim", no_wrap=True)
        facts.add_column()
        facts.add_row("Company", literal(side.company or "-"))
        facts.add_row("Title", literal(side.title or "-"))
        facts.add_row("Stage", stage_badge(side.stage))
        talked = side.last_interaction_on.isoformat() if side.last_interaction_on else "never"
        facts.add_row("Last talked", Text(talked))
        for n, (kind, value) in enumerate(side.addresses):
            facts.add_row(
                kind if n == 0 or kind != side.addresses[n - 1][0] else "", literal(value)
            )
        facts.add_row("Tags", literal(", ".join(side.tags) or "-"))
        facts.add_row("Id", Text(f"#{side.id}"))
        return Group(heading, literal(side.name, "bold"), facts)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"merge", "not_same", "swap"}:
            return True if self.pairs and not self.busy else None
        if action in {"next", "previous"}:
            return True if len(self.pairs) > 1 else None
        if action == "undo":
            return True if self.merges and not self.busy else None
        return True

    # ------------------------------------------------------------ acting

    def action_next(self) -> None:
        if self.pairs:
            self.index = min(self.index + 1, len(self.pairs) - 1)
            self.show_current()

    def action_previous(self) -> None:
        if self.pairs:
            self.index = max(self.index - 1, 0)
            self.show_current()

    def action_swap(self) -> None:
        current = self.current
        if current is None:
            return
        pair = current[2]
        self.swapped ^= {(pair.first.id, pair.second.id)}
        self.show_current()

    def action_merge(self) -> None:
        current = self.current
        if current is None or self.busy:
            return
        keep, other, _pair = current
        from netdeck.tui.screens.modals import ConfirmModal

        question = (
            f"Merge {other.name} (#{other.id}) into {keep.name} (#{keep.id})?\n"
            f"{keep.name} is kept: {other.name}'s addresses, tags, dates and "
            "interactions move over. A backup is made first; u undoes it."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.merge(keep.id, other.id)

        self.app.push_screen(ConfirmModal(question), answered)

    def merge(self, keep_id: int, other_id: int) -> None:
        self.busy = True

        def merged(outcome: MergeOutcome) -> None:
            self.busy = False
            self.merges.append(outcome.undo)
            self.notify(
                f"Merged {outcome.other_name} into {outcome.kept_name} · u to undo",
                markup=False,
            )
            self.load()

        self.run_deck(
            lambda deck: deck.merge(keep_id, other_id, remember=True),
            merged,
            group="duplicates-write",
            on_error=lambda _: self.stop_busy(),
            what="the merge",
        )

    def stop_busy(self) -> None:
        self.busy = False
        self.refresh_bindings()

    def action_not_same(self) -> None:
        current = self.current
        if current is None or self.busy:
            return
        keep, other, pair = current
        # Off the list at once; the write follows.
        self.pairs.remove(pair)
        self.total -= 1
        self.index = min(self.index, max(len(self.pairs) - 1, 0))
        self.show_current()

        def noted(names: tuple[str, str]) -> None:
            self.notify(f"Noted: {names[0]} and {names[1]} are not the same person", markup=False)

        self.run_deck(
            lambda deck: deck.not_duplicates(keep.id, other.id),
            noted,
            group="duplicates-write",
            on_error=lambda _: self.load(),
            what="marking them not the same",
        )

    def action_undo(self) -> None:
        if not self.merges or self.busy:
            self.notify("No merge to undo in this visit.", markup=False)
            return
        token = self.merges.pop()
        self.busy = True

        def undone(_names: tuple[str, str]) -> None:
            self.busy = False
            self.notify(f"Undone: {token.description}", markup=False)
            self.load()

        def failed(_error: Exception) -> None:
            self.merges.append(token)
            self.stop_busy()

        self.run_deck(
            lambda deck: deck.undo_merge(token),
            undone,
            group="duplicates-write",
            on_error=failed,
            what="the undo",
        )

    def action_back(self) -> None:
        self.dismiss(None)

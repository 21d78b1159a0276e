"""The network health screen (``h`` from the queue): depth, not size.

The figures (see :mod:`netdeck.domain.health`) are computed in a thread
worker while a loading indicator shows; the drifting and let-go lists act on
the selected person (open, the queue's actions from
:mod:`netdeck.tui.screens.contact_actions`, move to dormant, archive, undo), then
the figures are computed again. ``r`` stays "refresh" here: "they replied" is ``R``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    DataTable,
    Header,
    Label,
    LoadingIndicator,
    ProgressBar,
    Static,
)

from netdeck.domain.health import BareRequests, ContactList, NetworkHealth, Ratio, week_bars
from netdeck.domain.note_budget import NoteBudget
from netdeck.tui.palette import Command
from netdeck.tui.screens.base import DeckScreen
from netdeck.tui.screens.contact_actions import (
    CONTACT_ACTION_PALETTE,
    ContactActions,
    contact_action_bindings,
)
from netdeck.tui.text import literal, short_date, stage_badge
from netdeck.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from collections.abc import Callable

    from netdeck.services.actions import ActionOutcome
    from netdeck.services.api import DeckApi

LIST_IDS = ("drifting", "let-go")


def _figure(label: str, value: str, detail: str = "") -> Text:
    return Text.assemble((f"{label:<16}", "bold"), value, (f"  {detail}" if detail else "", "dim"))


def _ratio(ratio: Ratio) -> str:
    return f"{ratio.numerator} of {ratio.denominator} ({ratio.percent_text()})"


def _note_budget(budget: NoteBudget, today: date) -> Text:
    """``LinkedIn notes  1 of 5 used  this month, resets Dec 1`` (``stats`` says it in
    one sentence: :func:`~netdeck.domain.note_budget.budget_use_text`)."""
    if budget.limit is None:
        return _figure("LinkedIn notes", f"{budget.used} used", "this month, no monthly limit")
    resets = short_date(budget.resets_on, today)
    return _figure(
        "LinkedIn notes", f"{budget.used} of {budget.limit} used", f"this month, resets {resets}"
    )


#: The requests without a note named on the screen (``netdeck stats`` lists more).
BARE_SHOWN = 5


def _bare_requests(bare: BareRequests, today: date) -> Text:
    """``Bare requests  2 requests went out without a note`` (in the request notes' 90
    days: the width has no room to say so), then who and when, the latest first:
    ``Kofi Mensah Oct 28 · Dana Whitfield Oct 20 · and 3 more``."""
    line = _figure("Bare requests", bare.text())
    shown = bare.requests[:BARE_SHOWN]
    people: list[Text] = [
        Text.assemble(literal(r.name, limit=24), (f" {short_date(r.on, today)}", "dim"))
        for r in shown
    ]
    more = bare.total - len(shown)
    if more:
        people.append(Text(f"and {more} more", style="dim"))
    if people:
        line.append("\n" + " " * 16)
        line.append_text(Text(" · ", style="dim").join(people))
    return line


class HealthScreen(ContactActions, DeckScreen):
    """Inner circle, cadence, follow-through, reciprocity, streak, and two lists to act on."""

    SUB_TITLE = "network health"
    KEYBAR_FIRST = ("open", "draft_contact", "log_done", "log_reply", "app.pop_screen")
    BINDINGS = [
        Binding("enter", "open", "Open"),
        *contact_action_bindings(reply="R"),
        Binding("z", "dormant", "Dormant"),
        Binding("a,delete", "archive", "Archive", key_display="a"),
        Binding("u", "undo", "Undo"),
        Binding("r", "reload", "Refresh"),
        Binding("escape,q", "app.pop_screen", "Back"),
    ]
    PALETTE = {
        "open": Command("The selected person's details and timeline", "Open contact"),
        "dormant": Command("Move the selected person to dormant", "Move to dormant"),
        "archive": Command("Archive the selected person"),
        "undo": Command("Undo the last action of this run"),
        "reload": Command("Compute the figures again"),
        **CONTACT_ACTION_PALETTE,
    }

    DEFAULT_CSS = """
    HealthScreen #health-loading { height: 3; }
    HealthScreen #health-body { height: 1fr; }
    HealthScreen #figures { height: auto; padding: 0 1; }
    HealthScreen .figures-column { width: 1fr; height: auto; }
    HealthScreen .week-bars { height: 1; margin: 0 0 1 16; width: 24; color: $primary; }
    HealthScreen ProgressBar { margin-left: 16; }
    HealthScreen #snippets { height: auto; max-height: 9; width: 1fr; }
    HealthScreen #lists { height: 1fr; min-height: 8; }
    HealthScreen .list-column { width: 1fr; }
    HealthScreen .list-column DataTable { height: 1fr; }
    HealthScreen .list-title { padding: 0 1; text-style: bold; }
    /* under 100 columns the two figure columns collide: one column, scrolled (tab
       moves to the lists, which scrolls them into view) */
    HealthScreen.-medium #figures, HealthScreen.-narrow #figures { layout: vertical; }
    HealthScreen.-narrow Sparkline, HealthScreen.-narrow ProgressBar { margin-left: 0; }
    HealthScreen.-medium #lists, HealthScreen.-narrow #lists { layout: vertical; height: auto; }
    HealthScreen.-medium .list-column, HealthScreen.-narrow .list-column { height: 10; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.health: NetworkHealth | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield LoadingIndicator(id="health-loading")
        with VerticalScroll(id="health-body", can_focus=False):
            with Horizontal(id="figures"):
                with Vertical(classes="figures-column"):
                    yield Static(id="inner-circle")
                    yield ProgressBar(id="inner-bar", show_eta=False, show_percentage=True)
                    yield Static(id="on-cadence")
                    yield Static(id="cadence-weeks", classes="week-bars")
                    yield Static(id="per-week")
                    yield Static(id="interaction-weeks", classes="week-bars")
                with Vertical(classes="figures-column"):
                    yield Static(id="follow-through")
                    yield Static(id="request-notes")
                    yield Static(id="note-budget")
                    yield Static(id="bare-requests")
                    yield Static(id="reciprocity")
                    yield Static(id="streak")
                    yield DataTable(id="snippets", cursor_type="none", zebra_stripes=True)
            with Horizontal(id="lists"):
                for list_id, title in zip(
                    LIST_IDS, ("Drifting", "Candidates to let go"), strict=True
                ):
                    with Vertical(classes="list-column"):
                        yield Label(title, id=f"{list_id}-title", classes="list-title")
                        yield DataTable(id=list_id, cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#health-body").display = False
        snippets = self.query_one("#snippets", DataTable)
        snippets.can_focus = False  # figures only: tab moves between the two lists
        snippets.add_columns("Snippet", "Answered")
        for list_id in LIST_IDS:
            table = self.query_one(f"#{list_id}", DataTable)
            table.add_column("Name", key="name", width=24)
            table.add_column("Stage", key="stage")
            table.add_column("Last talked", key="last")
            table.add_column("Late" if list_id == "drifting" else "Silent", key="days")
        self.action_reload()

    # ------------------------------------------------------------ loading

    def action_reload(self) -> None:
        self.run_deck(lambda deck: deck.health(), self.show, group="health", exclusive=True)

    def show(self, health: NetworkHealth) -> None:
        self.health = health
        self.query_one("#health-loading").display = False
        self.query_one("#health-body").display = True
        inner = health.inner_circle
        self.query_one("#inner-circle", Static).update(
            _figure("Inner circle", f"{inner.numerator} active", f"target {inner.denominator}")
        )
        self.query_one("#inner-bar", ProgressBar).update(
            total=max(inner.denominator, 1), progress=min(inner.numerator, inner.denominator)
        )
        weekly = health.on_cadence_weekly
        self.query_one("#on-cadence", Static).update(
            _figure("On cadence", _ratio(health.on_cadence), "12 weeks:")
        )
        self.query_one("#cadence-weeks", Static).update(
            Text(week_bars([r.fraction for r in weekly], 1.0, cells=2))
        )
        per_week = health.interactions_per_week
        self.query_one("#per-week", Static).update(
            _figure(
                "Per week",
                f"{per_week[-1]} this week",
                f"{sum(per_week)} in 12 weeks:",
            )
        )
        self.query_one("#interaction-weeks", Static).update(
            Text(week_bars(per_week, max(per_week, default=0), cells=2))
        )
        self.query_one("#follow-through", Static).update(
            _figure("Follow-through", _ratio(health.follow_through), "messaged within 7 days")
        )
        self.query_one("#request-notes", Static).update(
            _figure("Request notes", _ratio(health.request_notes), "requests with a note")
        )
        self.query_one("#note-budget", Static).update(
            _note_budget(health.note_budget, health.today)
        )
        self.query_one("#bare-requests", Static).update(
            _bare_requests(health.bare_requests, health.today)
        )
        self.query_one("#reciprocity", Static).update(
            _figure(
                "Reciprocity",
                _ratio(health.reciprocity),
                f"answered · {health.replies_received} in, {health.messages_sent} out",
            )
        )
        days = "day" if health.streak_days == 1 else "days"
        self.query_one("#streak", Static).update(
            _figure(
                "Streak",
                f"{health.streak_days} {days}",
                "queue cleared today" if health.cleared_today else "clear today's queue to extend",
            )
        )
        snippets = self.query_one("#snippets", DataTable)
        snippets.clear()
        for row in health.snippet_replies:
            snippets.add_row(literal(row.name, limit=28), _ratio(row.answered))
        self._fill("drifting", health.drifting, "Drifting")
        self._fill("let-go", health.let_go, "Candidates to let go")
        if self.focused is None or self.focused.id not in LIST_IDS:
            # The figures come first: the list takes the keys without being scrolled to
            # (on a narrow terminal tab scrolls to it). Scrolling here would also race
            # the layout of the body just shown.
            self.query_one("#drifting", DataTable).focus(scroll_visible=False)

    def _fill(self, list_id: str, listed: ContactList, title: str) -> None:
        table = self.query_one(f"#{list_id}", DataTable)
        row = table.cursor_row
        table.clear()
        today = self.health.today if self.health else date.today()
        for contact in listed.contacts:
            table.add_row(
                literal(contact.name, limit=24),
                stage_badge(contact.stage),
                short_date(contact.last_interaction_on, today),
                f"{contact.days}d",
                key=str(contact.id),
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        shown = (
            f"{len(listed.contacts)} of {listed.total}"
            if listed.total > len(listed.contacts)
            else str(listed.total)
        )
        self.query_one(f"#{list_id}-title", Label).update(
            Text.assemble((title, "bold"), (f" ({shown})", "dim"))
        )

    # ------------------------------------------------------------ acting

    def _selected(self) -> tuple[int, str] | None:
        """The id and name of the person under the cursor of the focused list."""
        table = self.focused if isinstance(self.focused, DataTable) else None
        if table is None or table.id not in LIST_IDS or not table.row_count or self.health is None:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is None:
            return None
        contact_id = int(key)
        listed = self.health.drifting if table.id == "drifting" else self.health.let_go
        name = next((c.name for c in listed.contacts if c.id == contact_id), "")
        return contact_id, name

    @on(DataTable.RowSelected)
    def row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id in LIST_IDS:
            event.stop()
            self.action_open()

    def action_open(self) -> None:
        selected = self._selected()
        if selected is not None:
            self.host.open_contact(selected[0], on_close=lambda _: self.action_reload())

    def acted_on(self) -> tuple[int, str] | None:
        return self._selected()

    def contact_changed(self, contact_id: int) -> None:
        self.action_reload()

    def action_dormant(self) -> None:
        self._move("dormant")

    def action_archive(self) -> None:
        self._move("archived")

    def _move(self, stage: str) -> None:
        selected = self._selected()
        if selected is not None:
            contact_id, name = selected
            self._act(
                lambda deck: deck.move_to_stage(contact_id, stage), f"Moved {name} to {stage}"
            )

    def _act(self, call: Callable[[DeckApi], ActionOutcome], message: str) -> None:
        def done(outcome: ActionOutcome) -> None:
            self.host.undo_stack.append(outcome.undo)
            self.notify(f"{message} · u to undo", markup=False)
            self.action_reload()

        self.run_deck(call, done)

    def action_undo(self) -> None:
        self.undo_last_action(lambda _token: self.action_reload())

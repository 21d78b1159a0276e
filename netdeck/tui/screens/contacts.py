"""Everyone: search as you type, filter by stage, tag and company, sort; paged, so
100,000 is fine.

Rows are fetched a page at a time: a screenful and some (at least
:data:`FIRST_PAGE` rows) for a new search or filter, so a keystroke shows its
results at once, then
:data:`PAGE` rows whenever moving near the end of what is loaded. The table never holds more than the
pages the user has scrolled through.

A search shows its first page before it is counted: the count (up to
:data:`MATCH_COUNT_LIMIT`, then "more than") follows from a second worker once
typing pauses, since counting a search that matches few people reads every name. Once a
search's every match is known, typing on (``sm`` → ``smi``) searches among
those matches only. Any reload after a change (an edit, a bulk action), and coming
back to this screen from another, forgets them, so the next search looks at
everyone; a change made by another program while typing shows from the next
search that does not narrow the last one.

Bulk: with a tag or company filter set, ``K`` keeps every contact shown (a
cadence picker, then a confirmation saying how many) and ``X`` archives them;
archived contacts among those shown are left alone. ``u`` undoes the last bulk
action of this visit, every contact at once.

The selected row takes the queue's actions (:mod:`netdeck.tui.screens.contact_actions`):
``m`` draft, ``d`` done, ``r`` they replied, ``s`` snooze, ``n`` note, ``p`` pull into
today's queue; the row then shows its new due date. ``u`` undoes the newest of
this visit's actions, bulk or single.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input, Select, Static

from netdeck.domain.contact_query import ContactQuery, ContactSort
from netdeck.domain.search import narrows
from netdeck.domain.stages import STAGE_ORDER
from netdeck.services.views import MATCH_COUNT_LIMIT
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

    from netdeck.services.actions import UndoToken
    from netdeck.services.api import DeckApi
    from netdeck.services.bulk_actions import BulkOutcome, BulkUndoToken
    from netdeck.services.contact_list import ContactPage

FIRST_PAGE = 30  # rows, at least; more on a tall terminal (see first_page)
PAGE = 200
COUNT_AFTER_SECONDS = 0.2  # a pause in typing, before counting a search (see count_matches)
SORTS = (
    (ContactSort.NAME, "Name"),
    (ContactSort.NEXT_DUE, "Next due"),
    (ContactSort.LAST_INTERACTION, "Last talked"),
)


class ContactsScreen(ContactActions, DeckScreen):
    KEYBAR_FIRST = ("focus_search", "draft_contact", "log_done", "log_reply", "back", "add")
    CSS_PATH = "contacts.tcss"  # loaded when the screen first opens, not at start-up
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("ctrl+o", "cycle_sort", "Sort"),
        Binding("a", "add", "Add"),
        *contact_action_bindings(),
        Binding("K", "keep_all", "Keep all shown"),
        Binding("X", "archive_all", "Archive all shown"),
        Binding("u", "undo_bulk", "Undo"),
        Binding("D", "duplicates", "Duplicates", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        # From the search box (the table takes its own down): down, then enter opens.
        Binding("down", "to_results", "To the results", show=False),
    ]
    # "Add contact" is the app's command, offered on every screen.
    PALETTE = {
        "focus_search": Command("Names, companies, titles, addresses, tags", "Search contacts"),
        "cycle_sort": Command("Name, next due, last talked", "Change the sort"),
        "keep_all": Command("Everyone shown becomes active, with one cadence"),
        "archive_all": Command("Everyone shown is archived: never due"),
        "duplicates": Command("People who may be in the deck twice: merge or keep apart"),
        "undo_bulk": Command("Undo the last keep-all, archive-all or action here", "Undo"),
        **CONTACT_ACTION_PALETTE,
    }

    def __init__(self, *, search: bool = False) -> None:
        super().__init__()
        self.start_in_search = search
        self.loaded = 0
        self.total: int | None = 0  # None: a search's count is on its way (count_matches)
        #: The last search whose every match is known, and those matches.
        self.narrow: tuple[ContactQuery, list[int]] | None = None
        self.exhausted = False
        self.shown_query: ContactQuery | None = None  # the query of the rows on screen
        self.fetching = False  # a page is on its way (not Widget.loading: that covers the screen)
        self.generation = 0
        #: This visit's undoable actions, newest last: bulk ones, and single ones (whose
        #: tokens are on the app's undo stack too, for the queue's u).
        self.bulk_undo: list[BulkUndoToken | UndoToken] = []
        self.names: dict[int, str] = {}  # the loaded rows' full names, for notices
        self.keep_row: int | None = None  # the row to put the cursor back on after a reload

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="contacts-filters"):
            yield Input(
                placeholder="Search name, company, title, email, tag…", id="contacts-search"
            )
            yield Select(
                [(s.value, s.value) for s in STAGE_ORDER], prompt="any stage", id="contacts-stage"
            )
            yield Select([], prompt="any tag", id="contacts-tag")
            yield Input(placeholder="company", id="contacts-company")
            yield Select(
                [(label, key) for key, label in SORTS],
                value=ContactSort.NAME,
                allow_blank=False,
                id="contacts-sort",
            )
        yield Static("", id="contacts-count")
        table: DataTable[Text] = DataTable(id="contacts", cursor_type="row")
        table.add_column("Name", key="name", width=22)
        table.add_column("Stage", key="stage", width=9)
        # When they are due and when you last talked first: at 80 columns they are what shows.
        table.add_column("Next due", key="due", width=11)
        table.add_column("Last talked", key="last", width=11)
        table.add_column("Company", key="company", width=20)
        table.add_column("Title", key="title", width=18)
        # A fixed width: an auto-width column is measured after its rows are drawn, and
        # DataTable can keep drawing the stale 4-wide "Tags" column after a quick refill.
        table.add_column("Tags", key="tags", width=26)
        yield table
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Contacts"
        if self.start_in_search:
            self.query_one("#contacts-search", Input).focus()
        else:
            self.query_one("#contacts", DataTable).focus()
        self.run_deck(lambda deck: deck.tag_names(), self.show_tags, group="tags")
        self.reload()

    def show_tags(self, tags: list[str]) -> None:
        self.query_one("#contacts-tag", Select).set_options([(literal(tag), tag) for tag in tags])

    # ------------------------------------------------------------ querying

    def contact_query(self) -> ContactQuery:
        """The query the filter widgets say."""
        stage = self.query_one("#contacts-stage", Select)
        tag = self.query_one("#contacts-tag", Select)
        return ContactQuery.from_text(
            search=self.query_one("#contacts-search", Input).value,
            stage=None if stage.is_blank() else str(stage.value),
            tag=None if tag.is_blank() else str(tag.value),
            company=self.query_one("#contacts-company", Input).value,
            sort=str(self.query_one("#contacts-sort", Select).value),
        )

    def reload(self, *, force: bool = True) -> None:
        """Fetch the first page for the current filters (unless they did not change)."""
        query = self.contact_query()
        if not force and query == self.shown_query:
            return  # e.g. a Select announcing its initial value
        if force:
            self.narrow = None  # the contacts may have changed: search them all again
        self.shown_query = query
        self.generation += 1
        generation = self.generation
        self.loaded = 0
        self.exhausted = False
        self.fetching = True
        within = self.narrowing_ids(query)
        limit = self.first_page()
        self.run_deck(
            lambda deck: deck.contacts_page(query, offset=0, limit=limit, within=within),
            lambda page: self.show_page(page, generation, replace=True, limit=limit),
            group="contacts",
            exclusive=True,
            on_error=self.fetch_failed,
        )

    def first_page(self) -> int:
        """A screenful of rows and some: fewer rows to fetch and draw per keystroke."""
        return max(FIRST_PAGE, self.app.size.height + 10)  # the table is not laid out at first

    def remember_matches(self, query: ContactQuery, ids: list[int]) -> None:
        """Keep a search's every match, for a narrower search to look among."""
        self.narrow = (query, ids)

    def on_screen_resume(self) -> None:
        # Back from a screen opened on top (a contact added from the palette, an
        # import): the last search's matches may be out of date.
        self.narrow = None

    def narrowing_ids(self, query: ContactQuery) -> list[int] | None:
        """Every match of the last fully counted search, when the new search narrows it
        (typing on): the new one then looks among those only."""
        if self.narrow is None or not query.search:
            return None
        earlier, ids = self.narrow
        same_filters = replace(earlier, search=query.search) == query
        return ids if same_filters and narrows(earlier.search, query.search) else None

    def fetch_failed(self, _error: Exception) -> None:
        self.fetching = False

    def load_more(self) -> None:
        if self.fetching or self.exhausted:
            return
        self.fetching = True
        generation = self.generation
        query = self.contact_query()
        offset = self.loaded
        self.run_deck(
            lambda deck: deck.contacts_page(query, offset=offset, limit=PAGE),
            lambda page: self.show_page(page, generation, replace=False, limit=PAGE),
            group="contacts-more",
            on_error=self.fetch_failed,
        )

    def show_page(
        self,
        page: ContactPage,
        generation: int,
        *,
        replace: bool,
        limit: int,
    ) -> None:
        if generation != self.generation:
            return  # an older search finished after a newer one started
        rows, total, every_id = page
        table = self.query_one("#contacts", DataTable)
        today = self.host.today()
        if replace:
            table.clear()
            self.total = total
            if every_id is not None and self.shown_query is not None:
                self.remember_matches(self.shown_query, every_id)
        for contact in rows:
            self.names[contact.id] = contact.name
            table.add_row(
                literal(contact.name, limit=22),
                stage_badge(contact.stage),
                Text(short_date(contact.next_due_on, today)),
                Text(short_date(contact.last_interaction_on, today)),
                literal(contact.company, limit=20),
                literal(contact.title, limit=18),
                literal(", ".join(contact.tags)),
                key=str(contact.id),
            )
        self.loaded += len(rows)
        if replace and self.keep_row is not None and str(self.keep_row) in table.rows:
            table.move_cursor(row=table.get_row_index(str(self.keep_row)))
        self.keep_row = None
        self.exhausted = len(rows) < limit
        self.fetching = False
        if replace and total is None:
            # Once typing pauses: a count may read every name, and a count started on
            # every keystroke would compete with the next keystroke's page.
            self.set_timer(COUNT_AFTER_SECONDS, lambda: self.count_matches(generation))
        self.show_count()

    def count_matches(self, generation: int) -> None:
        """Count a search whose first page came without its count (see contact_page)."""
        if generation != self.generation:
            return  # typed on: the newer search counts itself
        query = self.shown_query
        assert query is not None

        def counted(ids: list[int]) -> None:
            if generation != self.generation:
                return
            self.total = len(ids)
            if len(ids) <= MATCH_COUNT_LIMIT:
                self.remember_matches(query, ids)
            self.show_count()

        self.run_deck(
            lambda deck: deck.search_matches(query), counted, group="count", exclusive=True
        )

    def show_count(self) -> None:
        if self.total is None and self.exhausted:
            self.total = self.loaded  # scrolled to the end before the count came
        if self.total is None:
            shown = f"{self.loaded:,} loaded · counting…"
        else:
            if self.total > MATCH_COUNT_LIMIT and self.exhausted:
                self.total = self.loaded  # scrolled to the end of a long search: now it is known
            if self.total > MATCH_COUNT_LIMIT:
                shown = f"more than {MATCH_COUNT_LIMIT:,} contacts"
            else:
                shown = f"{self.total:,} contact{'s' if self.total != 1 else ''}"
            if self.loaded < self.total:
                shown += f" · {self.loaded:,} loaded, more as you scroll"
        self.query_one("#contacts-count", Static).update(Text(shown, style="dim"))

    @on(Input.Changed, "#contacts-search")
    @on(Input.Changed, "#contacts-company")
    @on(Select.Changed)
    def filters_changed(self) -> None:
        self.reload(force=False)

    @on(Input.Submitted, "#contacts-search")
    @on(Input.Submitted, "#contacts-company")
    def search_submitted(self) -> None:
        self.query_one("#contacts", DataTable).focus()

    @on(DataTable.RowHighlighted, "#contacts")
    def near_end(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.loaded - 20:
            self.load_more()

    @on(DataTable.RowSelected, "#contacts")
    def open_contact(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.host.open_contact(int(event.row_key.value), on_close=lambda _: self.reload())

    # ------------------------------------------------------------ keys

    def action_back(self) -> None:
        for field in self.query(Input):
            if field.has_focus and field.value:
                field.value = ""
                return
        self.dismiss(None)

    def action_to_results(self) -> None:
        self.query_one("#contacts", DataTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#contacts-search", Input).focus()

    def action_cycle_sort(self) -> None:
        select = self.query_one("#contacts-sort", Select)
        keys = [key for key, _ in SORTS]
        select.value = keys[(keys.index(ContactSort(str(select.value))) + 1) % len(keys)]

    def action_add(self) -> None:
        self.host.open_contact(None, on_close=lambda _: self.reload())

    def action_duplicates(self) -> None:
        self.host.open_duplicates(on_close=lambda _: self.reload())

    def action_cursor_down(self) -> None:
        self.query_one("#contacts", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#contacts", DataTable).action_cursor_up()

    # ------------------------------------------------------------ bulk

    def bulk_query(self) -> ContactQuery | None:
        """The query on screen, if a bulk action may act on it (else say why not)."""
        query = self.contact_query()
        if not query.has_bulk_scope:
            self.notify(
                "Pick a tag or type a company first: bulk actions act on everyone shown.",
                severity="warning",
                markup=False,
            )
            return None
        return query

    def action_keep_all(self) -> None:
        from netdeck.tui.screens.modals import CadenceModal

        selection = self.bulk_query()
        if selection is None:
            return

        def counted(count: int) -> None:
            if count == 0:
                self.notify("Nobody shown to keep (archived contacts are left alone).")
                return

            def cadence_chosen(days: int | None) -> None:
                if days is None:
                    return
                self.confirm_bulk(
                    f"Keep {count} contacts {selection.describe()} in your circle, "
                    f"first due spread over the next {days} days? Archived ones are left alone.",
                    lambda deck: deck.bulk_keep(selection, days),
                )

            self.app.push_screen(
                CadenceModal(f"Keep {count} contacts {selection.describe()}: how often?"),
                cadence_chosen,
            )

        self.run_deck(lambda deck: deck.bulk_count(selection), counted, group="bulk")

    def action_archive_all(self) -> None:
        selection = self.bulk_query()
        if selection is None:
            return

        def counted(count: int) -> None:
            if count == 0:
                self.notify("Nobody shown to archive: they are archived already.")
                return
            self.confirm_bulk(
                f"Archive {count} contacts {selection.describe()}? They will never be due.",
                lambda deck: deck.bulk_archive(selection),
            )

        self.run_deck(lambda deck: deck.bulk_count(selection), counted, group="bulk")

    def confirm_bulk(self, question: str, call: Callable[[DeckApi], BulkOutcome]) -> None:
        from netdeck.tui.screens.modals import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_deck(call, self.bulk_done, group="bulk")

        self.app.push_screen(ConfirmModal(question), answered)

    def bulk_done(self, outcome: BulkOutcome) -> None:
        self.bulk_undo.append(outcome.undo)
        self.notify(
            f"{outcome.undo.description[:1].upper()}{outcome.undo.description[1:]} · u to undo",
            markup=False,
        )
        self.refresh_bindings()
        self.reload()

    # ------------------------------------------------------------ one person

    def acted_on(self) -> tuple[int, str] | None:
        table = self.query_one("#contacts", DataTable)
        if not table.row_count:  # (in the search box the letters are text, not keys)
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        if row_key.value is None:
            return None
        contact_id = int(row_key.value)
        return contact_id, self.names.get(contact_id, "")

    def remember_undo(self, token: UndoToken, contact_id: int) -> None:
        super().remember_undo(token, contact_id)
        self.bulk_undo.append(token)
        self.refresh_bindings()

    def contact_changed(self, contact_id: int) -> None:
        self.keep_row = contact_id
        self.reload()

    def action_undo_bulk(self) -> None:
        if not self.bulk_undo:
            self.notify("Nothing to undo here.", markup=False)
            return
        latest = self.bulk_undo.pop()
        if hasattr(latest, "contact_id"):  # one person's action (an UndoToken), not bulk
            self.undo_one(cast("UndoToken", latest))
            return
        token = latest

        def undone(count: int) -> None:
            self.notify(f"Undone: {token.description} ({count} restored)", markup=False)
            self.refresh_bindings()
            self.reload()

        self.run_deck(
            lambda deck: deck.bulk_undo(token),
            undone,
            group="bulk",
            on_error=lambda _: self.bulk_undo.append(token),
        )

    def undo_one(self, token: UndoToken) -> None:
        stack = self.host.undo_stack
        if token in stack:
            stack.remove(token)

        def undone(_change: object) -> None:
            self.notify(f"Undone: {token.description} for {token.name}", markup=False)
            self.refresh_bindings()
            self.keep_row = token.contact_id
            self.reload()

        def failed(_error: Exception) -> None:
            self.bulk_undo.append(token)
            stack.append(token)

        self.run_deck(lambda deck: deck.undo(token), undone, on_error=failed, what="the undo")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo_bulk":
            return True if self.bulk_undo else None
        return True

"""The draft composer: a personal message for the selected person, checked, then copied.

Opened from the queue with ``m`` (or Enter). The best snippet for the
contact's stage and preferred channel is rendered into an editable text area;
the check bar below re-checks the text on every edit (length against the
channel's limit, unknown or empty variables, nothing personal, no address on
this channel, the same snippet as last time). The channel follows the snippet
(the connection request is an invitation note) until the user picks one; then
it stays. ``ctrl+y`` copies (through the terminal with OSC 52 and the system
clipboard both); a draft that fails a check, or says nothing personal, can
still be copied, after a clear warning. After copying, netdeck offers to open the channel and
asks whether it was sent: yes logs it with the exact text.

LinkedIn's monthly note budget shows on the check bar of a note ("2 of 5 notes
left this month"); with none left, a prospect's draft comes on their e-mail, X or
website instead (the check bar says so), and ``ctrl+r`` logs "connect without a
note, then message on acceptance" (after a confirmation: no text goes out). The
budget is read with each draft, so the next one counts the note just sent.

In a shared deck the composer claims the person while it is open (no double
outreach, :mod:`netdeck.services.claims`): the claim is taken in a worker as the
screen opens (the draft paints without waiting for it) and released when the
composer closes, however it closes (sending releases it too). When another user
is writing to them today, the composer asks first ("Alex is writing to Dana
(since 10:42). Write anyway?"): ``n`` goes back to the queue; ``y`` goes ahead
and takes the claim over, so the others' queues name whoever is writing now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Header, Input, Label, Select, Static, TextArea

from netdeck.domain.text import one_line
from netdeck.tui.palette import Command
from netdeck.tui.screens.base import DeckScreen, guarded
from netdeck.tui.screens.contact_actions import both_kept
from netdeck.tui.screens.modals import ConfirmModal
from netdeck.tui.text import editable, literal
from netdeck.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from collections.abc import Callable

    from netdeck.clipboard import CopyResult
    from netdeck.domain.draft_checks import DraftCheck
    from netdeck.services.actions import ActionOutcome
    from netdeck.services.claims import ClaimView
    from netdeck.services.drafts import Draft
    from netdeck.services.views import SnippetView

SEVERITY_STYLE = {"ok": "green", "warning": "yellow", "error": "bold red"}
SEVERITY_MARK = {"ok": "✓", "warning": "!", "error": "✗"}
DRAFT_CHANNELS = ("linkedin-note", "linkedin-message", "email", "x-dm", "x-post", "website")
#: How the after-copy dialog names where the draft goes ("open ... to paste it").
CHANNEL_LABELS = {"email": "your email", "x-dm": "X", "x-post": "X", "website": "their website"}


def check_bar(checks: tuple[DraftCheck, ...]) -> Text:
    """The checks on one or more lines: ✓ ok, ! warning, ✗ error."""
    parts: list[Text | str] = []
    for check in checks:
        if parts:
            parts.append("   ")
        style = SEVERITY_STYLE.get(check.severity, "")
        parts.append(Text(f"{SEVERITY_MARK.get(check.severity, '·')} ", style=style))
        parts.append(Text(check.message, style="" if check.severity == "ok" else style))
    return Text.assemble(*parts)


class AfterCopyModal(ModalScreen[str | None]):
    """Copied: open the channel, mark it sent, or go back to editing."""

    BINDINGS = [
        Binding("o", "choose('open')", "Open channel"),
        Binding("y", "choose('sent')", "Yes, sent"),
        Binding("escape,n", "choose(None)", "Not yet"),
    ]

    def __init__(self, copied: str, channel_label: str, can_open: bool) -> None:
        super().__init__()
        self.copied = copied
        self.channel_label = channel_label
        self.can_open = can_open

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.copied), classes="dialog-title")
            lines = []
            if self.can_open:
                lines.append(f"o  open {self.channel_label} to paste it")
            lines += [
                "y  it was sent: log it with this exact text",
                "n  not yet: back to the draft",
            ]
            yield Static(Text("\n".join(lines)))

    def action_choose(self, choice: str | None) -> None:
        if choice == "open" and not self.can_open:
            return
        self.dismiss(choice)


class ComposerScreen(DeckScreen):
    """Draft, check, copy and log a message to one contact."""

    KEYBAR_FIRST = ("copy", "mark_sent", "back", "next_snippet", "open_channel")
    CSS_PATH = "composer.tcss"  # loaded when the screen first opens, not at start-up

    BINDINGS = [
        Binding("ctrl+y", "copy", "Copy", priority=True),
        Binding("ctrl+n", "next_snippet", "Next snippet", priority=True),
        Binding("ctrl+b", "previous_snippet", "Previous", priority=True),
        Binding("ctrl+o", "open_channel", "Open channel", priority=True),
        Binding("ctrl+t", "mark_sent", "Mark sent", priority=True),
        Binding("ctrl+r", "request_without_note", "Request, no note", priority=True),
        Binding("escape", "back", "Back"),
    ]
    PALETTE = {
        "copy": Command("To the terminal's and the system's clipboard", "Copy the draft"),
        "next_snippet": Command("Draft again from the next snippet"),
        "previous_snippet": Command("Draft again from the previous snippet", "Previous snippet"),
        "open_channel": Command("Their profile, or an email holding the draft"),
        "mark_sent": Command("Log the draft as sent, with its exact text"),
        "request_without_note": Command(
            "Connect without a note, then message on acceptance", "Request without a note"
        ),
    }

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.draft: Draft | None = None
        self.snippet_names: list[str] = []
        self.note_limit = 200  # LinkedIn's invitation-note limit, from the settings
        self.filling = False
        #: The text and subject as drafted, to tell whether the user has edited them.
        self.drafted: tuple[str, str] = ("", "")
        #: The user chose the channel: switching snippets keeps it (else each snippet's own).
        self.channel_chosen = False
        #: This composer holds the claim on the person (released when it closes).
        self.holds_claim = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="composer"):
            with Horizontal(id="composer-pickers"):
                yield Label("Snippet", classes="picker-label")
                yield Select([], prompt="no snippet", id="draft-snippet", compact=True)
                yield Label("Channel", classes="picker-label")
                yield Select(
                    [(channel, channel) for channel in DRAFT_CHANNELS],
                    allow_blank=False,
                    value="linkedin-message",
                    id="draft-channel",
                    compact=True,
                )
            with Horizontal(id="draft-subject-row"):
                yield Label("Subject", classes="picker-label")
                yield Input(id="draft-subject", compact=True, placeholder="email subject")
            yield Static("", id="draft-to")
            yield TextArea(id="draft-text", soft_wrap=True)
            yield Static("", id="draft-checks")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Draft"
        self.query_one("#draft-subject-row").display = False
        self.run_deck(lambda deck: deck.snippets(), self.show_snippets, group="snippets")
        self.run_deck(
            lambda deck: deck.settings().linkedin_note_limit, self.set_note_limit, group="settings"
        )
        self.load_draft()
        contact_id = self.contact_id
        self.run_deck(lambda deck: deck.claim(contact_id), self.claim_answered, group="claim")

    def set_note_limit(self, limit: int) -> None:
        self.note_limit = limit

    # ------------------------------------------------------------ the claim

    def claim_answered(self, claim: ClaimView) -> None:
        """Ours: write on. Another user's: ask before going ahead (``n`` goes back)."""
        if claim.mine:
            self.holds_claim = True
            return
        contact_id = self.contact_id

        def answered(anyway: bool | None) -> None:
            if not anyway:
                self.dismiss(None)
                return
            self.run_deck(
                lambda deck: deck.claim(contact_id, take_over=True),
                self.claim_answered,
                group="claim",
            )

        self.app.push_screen(ConfirmModal(f"{claim.sentence}. Write anyway?"), answered)

    def on_unmount(self) -> None:
        if not self.holds_claim:
            return
        self.holds_claim = False
        # The app's worker, not this screen's: the screen is going away.
        app, contact_id = self.app, self.contact_id
        deck = self.host.deck
        self.app.run_worker(
            guarded(app, lambda: deck().release(contact_id), "releasing the claim"),
            thread=True,
            group="claim",
            exit_on_error=False,
        )

    # ------------------------------------------------------------ loading

    def show_snippets(self, snippets: list[SnippetView]) -> None:
        self.snippet_names = [snippet.name for snippet in snippets]
        select = self.query_one("#draft-snippet", Select)
        self.filling = True
        select.set_options(
            [(literal(f"{s.name}  ({s.kind}, {s.channel})"), s.name) for s in snippets]
        )
        if self.draft is not None and self.draft.snippet is not None:
            select.value = self.draft.snippet.name
        self.filling = False

    def load_draft(self, snippet: str | None = None, channel: str | None = None) -> None:
        """Draft again (another snippet or channel): edits are replaced only when the
        user agrees; otherwise the pickers go back to the draft on screen."""
        contact_id = self.contact_id
        self.unless_edits_lost(
            self.has_edits(),
            lambda: self.run_deck(
                lambda deck: deck.draft(contact_id, snippet_name=snippet, channel=channel),
                self.show_draft,
                group="draft",
                exclusive=True,
            ),
            question="Replace your edits with a new draft?",
            otherwise=self.show_pickers,
        )

    def has_edits(self) -> bool:
        """Whether the text or the subject differs from what was drafted."""
        return self.draft is not None and (self.current_text(), self.current_subject()) != (
            self.drafted
        )

    def show_pickers(self) -> None:
        """The snippet and channel pickers as the draft on screen has them."""
        draft = self.draft
        if draft is None:
            return
        self.filling = True
        if draft.snippet is not None and draft.snippet.name in self.snippet_names:
            self.query_one("#draft-snippet", Select).value = draft.snippet.name
        if draft.channel in DRAFT_CHANNELS:
            self.query_one("#draft-channel", Select).value = draft.channel
        self.filling = False

    def show_draft(self, draft: Draft) -> None:
        self.draft = draft
        self.sub_title = f"Draft for {one_line(draft.contact_name, 60)}"
        self.filling = True
        if draft.snippet is not None and draft.snippet.name in self.snippet_names:
            self.query_one("#draft-snippet", Select).value = draft.snippet.name
        if draft.channel in DRAFT_CHANNELS:
            self.query_one("#draft-channel", Select).value = draft.channel
        self.query_one("#draft-subject-row").display = draft.channel == "email"
        self.query_one("#draft-subject", Input).value = draft.subject
        text_area = self.query_one("#draft-text", TextArea)
        text_area.text = editable(draft.text)
        text_area.move_cursor(text_area.document.end)  # to write on, not over the greeting
        self.drafted = (text_area.text, self.current_subject())
        self.filling = False
        to = f"to {draft.contact_name}" + (f"  ·  {draft.address}" if draft.address else "")
        self.query_one("#draft-to", Static).update(literal(to, "dim"))
        self.show_checks(draft.checks)
        text_area.focus()

    def show_checks(self, checks: tuple[DraftCheck, ...]) -> None:
        self.query_one("#draft-checks", Static).update(check_bar(checks))

    # ------------------------------------------------------------ editing

    @on(TextArea.Changed, "#draft-text")
    @on(Input.Changed, "#draft-subject")
    def edited(self) -> None:
        if self.filling or self.draft is None:
            return
        from netdeck.services.drafts import recheck

        self.draft = recheck(
            self.draft, self.current_text(), self.current_subject(), note_limit=self.note_limit
        )
        self.show_checks(self.draft.checks)

    def current_text(self) -> str:
        return self.query_one("#draft-text", TextArea).text

    def current_subject(self) -> str:
        return self.query_one("#draft-subject", Input).value

    def chosen_channel(self) -> str | None:
        """The channel the user picked, or None: the snippet's own."""
        return str(self.query_one("#draft-channel", Select).value) if self.channel_chosen else None

    @on(Select.Changed, "#draft-snippet")
    def snippet_picked(self, event: Select.Changed) -> None:
        if self.filling or event.select.is_blank():
            return
        if self.draft is not None and self.draft.snippet and event.value == self.draft.snippet.name:
            return  # the draft just shown, not a pick
        self.load_draft(snippet=str(event.value), channel=self.chosen_channel())

    @on(Select.Changed, "#draft-channel")
    def channel_picked(self, event: Select.Changed) -> None:
        # show_draft sets the draft's own channel: that echo is no choice of the user's.
        if self.filling or self.draft is None or event.value == self.draft.channel:
            return
        self.channel_chosen = True
        snippet = self.draft.snippet.name if self.draft.snippet else None
        self.load_draft(snippet=snippet, channel=str(event.value))

    def step_snippet(self, step: int) -> None:
        if not self.snippet_names:
            return
        current = self.draft.snippet.name if self.draft and self.draft.snippet else None
        index = self.snippet_names.index(current) if current in self.snippet_names else -step
        self.load_draft(
            snippet=self.snippet_names[(index + step) % len(self.snippet_names)],
            channel=self.chosen_channel(),
        )

    def action_next_snippet(self) -> None:
        self.step_snippet(1)

    def action_previous_snippet(self) -> None:
        self.step_snippet(-1)

    # ------------------------------------------------------------ copying and sending

    def action_copy(self) -> None:
        draft = self.draft
        if draft is None:
            return
        from netdeck.domain.draft_checks import needs_confirmation

        problems = needs_confirmation(draft.checks)
        if not self.current_text().strip():
            self.notify("The draft is empty: nothing to copy.", severity="error", markup=False)
            return
        if problems:
            question = "Copy anyway? " + "; ".join(check.message for check in problems)

            def answered(yes: bool | None) -> None:
                if yes:
                    self.copy_now()

            self.app.push_screen(ConfirmModal(question), answered)
            return
        self.copy_now()

    def copy_now(self) -> None:
        from netdeck.clipboard import copy_text

        text = self.current_text()
        app = self.app

        def to_terminal(payload: str) -> None:
            app.call_from_thread(app.copy_to_clipboard, payload)

        def copy() -> CopyResult:
            return copy_text(text, osc52_writer=to_terminal)

        self.run_worker(
            guarded(self.app, lambda: self._copy_in_thread(copy), "copying the draft"),
            thread=True,
            group="copy",
            exit_on_error=False,
        )

    def _copy_in_thread(self, copy: Callable[[], CopyResult]) -> None:
        from netdeck.domain.errors import NetdeckError

        try:
            result = copy()
        except NetdeckError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.app.call_from_thread(self.copied, result)

    def copied(self, result: CopyResult) -> None:
        text_area = self.query_one("#draft-text", TextArea)
        if not (result.system or result.osc52):
            # Nothing took: keep the draft on screen, selected, so it can be copied by hand.
            text_area.focus()
            text_area.select_all()
            self.notify(
                result.message, title="Not copied", severity="error", markup=False, timeout=12
            )
            return
        self.notify(result.message, markup=False)
        draft = self.draft
        label = CHANNEL_LABELS.get(draft.channel if draft else "", "LinkedIn")

        def chosen(choice: str | None) -> None:
            if choice == "open":
                self.action_open_channel()
                self.ask_sent()
            elif choice == "sent":
                self.action_mark_sent()

        can_open = bool(draft and draft.open_url)
        self.app.push_screen(AfterCopyModal(result.message, label, can_open), chosen)

    def ask_sent(self) -> None:
        def answered(sent: bool | None) -> None:
            if sent:
                self.action_mark_sent()

        self.app.push_screen(ConfirmModal("Was it sent? y logs it with this exact text"), answered)

    def action_open_channel(self) -> None:
        draft = self.draft
        if draft is None or not draft.open_url:
            self.notify(
                "No address to open for this channel: press e on the queue to add one.",
                markup=False,
            )
            return
        # recheck() keeps open_url current: a mailto: link carries the edited subject and body.
        self.host.open_url_or_copy(draft.open_url)

    def action_mark_sent(self) -> None:
        draft = self.draft
        if draft is None:
            return
        text = self.current_text()
        snippet_id = draft.snippet.id if draft.snippet else None
        contact_id, channel = draft.contact_id, draft.channel

        def logged(outcome: ActionOutcome) -> None:
            self.host.undo_stack.append(outcome.undo)
            self.notify(
                f"Logged as sent to {draft.contact_name} · u to undo on the queue", markup=False
            )
            if outcome.others_did:  # another user acted on them today: news, not an error
                self.notify(both_kept(outcome.others_did), markup=False, timeout=10)
            self.dismiss(outcome)

        self.run_deck(
            lambda deck: deck.mark_sent(
                contact_id, text=text, snippet_id=snippet_id, channel=channel
            ),
            logged,
        )

    def action_request_without_note(self) -> None:
        """Connect without a note, then message on acceptance: log a LinkedIn request
        with no text (after asking: the draft is not sent); undo on the queue."""
        draft = self.draft
        if draft is None:
            return
        contact_id, name = draft.contact_id, draft.contact_name

        def logged(outcome: ActionOutcome) -> None:
            self.host.undo_stack.append(outcome.undo)
            self.notify(
                f"Logged a request without a note to {name}: write when they accept "
                "· u to undo on the queue",
                markup=False,
            )
            self.dismiss(outcome)

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_deck(lambda deck: deck.request_without_note(contact_id), logged)

        question = (
            f"Log a LinkedIn request to {one_line(name, 60)} without a note? "
            "No text goes out; they are due the day they accept."
        )
        self.app.push_screen(ConfirmModal(question), answered)

    def action_back(self) -> None:
        self.unless_edits_lost(self.has_edits(), lambda: self.dismiss(None))

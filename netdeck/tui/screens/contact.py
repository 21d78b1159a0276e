"""One contact: every field editable with checks next to each field, and the full timeline.

Field checks use the same domain functions the services use, so what the form
accepts the database accepts. Saving runs in a worker; on an error the form
stays as typed and a notification says what went wrong.

An existing contact also takes the queue's actions
(:mod:`netdeck.tui.screens.contact_actions`: ``m`` ``d`` ``r`` ``s`` ``n`` ``p``, and
``u`` to undo) while the focus is out of the form's fields, on the timeline
(``shift+tab`` from the name field, or a click): in a field those letters are
text. From inside a field, ``ctrl+l`` (Log…) asks what happened with this
person. The timeline and the summary show an action's result at once; what is
typed in the form stays.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.validation import ValidationResult
from textual.widgets import Header, Input, Label, Select, Static, TextArea

from netdeck.domain.cadence import parse_optional_cadence
from netdeck.domain.channels import ChannelKind, normalise_address
from netdeck.domain.dates import parse_date
from netdeck.domain.names import clean_name
from netdeck.domain.stages import STAGE_ORDER
from netdeck.domain.text import one_line
from netdeck.domain.users import parse_owner
from netdeck.services.contacts import ContactFields
from netdeck.services.views import ContactDetail
from netdeck.tui.forms import DomainCheck, failure_message, show_field_error
from netdeck.tui.palette import Command
from netdeck.tui.screens.base import DeckScreen
from netdeck.tui.screens.contact_actions import (
    CONTACT_ACTION_PALETTE,
    ContactActions,
    contact_action_bindings,
)
from netdeck.tui.text import editable, literal
from netdeck.tui.widgets.card import key_date_line, role_change_lines
from netdeck.tui.widgets.keybar import KeyBar

TIMELINE_LIMIT = 500


def _each_address(kind: ChannelKind) -> Callable[[str], None]:
    def check(text: str) -> None:
        for part in _split_list(text):
            normalise_address(kind, part)

    return check


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


#: (field id, label, placeholder, check or None)
TEXT_FIELDS: tuple[tuple[str, str, str, Callable[[str], object] | None], ...] = (
    ("name", "Full name", "Greg Alvarez", clean_name),
    ("first_name", "First name", "Greg (used in messages)", None),
    ("last_name", "Last name", "Alvarez", None),
    ("company", "Company", "Acme Robotics", None),
    ("title", "Title", "Staff Engineer", None),
    ("how_we_met", "How we met", "same MBA cohort", None),
    ("ask_about", "Ask next time", "her move to Berlin (the next draft's topic)", None),
    (
        "linkedin",
        "LinkedIn profile",
        "https://www.linkedin.com/in/greg-alvarez",
        _each_address(ChannelKind.LINKEDIN),
    ),
    (
        "email",
        "Email (comma-separated for several)",
        "greg@example.com",
        _each_address(ChannelKind.EMAIL),
    ),
    ("x", "X / Twitter", "@greg", _each_address(ChannelKind.X)),
    ("website", "Website", "https://greg.example", _each_address(ChannelKind.WEBSITE)),
    ("phone", "Phone", "+1 555 0100", _each_address(ChannelKind.PHONE)),
    (
        "cadence",
        "Cadence",
        "14, 2w, 1m, 3m (empty: their tags', else the default)",
        parse_optional_cadence,
    ),
    ("connected_on", "Connected on", "YYYY-MM-DD", parse_date),
    ("tags", "Tags", "mentor, python", None),
    ("owner", "Owner", "who keeps up with them in a shared deck (empty: nobody)", parse_owner),
)
ADDRESS_FIELDS = {
    "linkedin": ChannelKind.LINKEDIN,
    "email": ChannelKind.EMAIL,
    "x": ChannelKind.X,
    "website": ChannelKind.WEBSITE,
    "phone": ChannelKind.PHONE,
}


def timeline_renderable(detail: ContactDetail) -> Table | Text:
    if not detail.interactions:
        return Text("Nothing logged yet.", style="dim")
    # Two columns: what happened (kind · channel) with the note and the text sent under
    # it, wrapping at words; beside a kind and a channel column, a note had only a few letters' width.
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, style="dim")
    table.add_column(overflow="fold")
    for item in detail.interactions[:TIMELINE_LIMIT]:
        arrow = "←" if item.direction == "inbound" else "→"
        line = Text.assemble(f"{arrow} {item.kind}", (f" · {item.channel}", "dim"))
        if detail.shared and item.actor:  # who logged it, in a deck several people share
            line.append(" · by ", style="dim")
            line.append_text(literal(item.actor, "dim"))
        if item.note:
            line.append("\n")
            line.append(literal(item.note, multiline=True))
        if item.text_sent and item.text_sent.strip():
            # What was said, word for word (ctrl+t, draft --sent): literal, and wrapped
            # by the column like the note.
            line.append("\nsent: ", style="dim")
            line.append(literal(item.text_sent.strip("\n"), "italic", multiline=True))
        table.add_row(item.occurred_on.isoformat(), line)
    return table


class ContactScreen(ContactActions, DeckScreen):
    """Edit a contact (or add one when ``contact_id`` is None); dismisses with the saved detail."""

    CSS_PATH = "contact.tcss"  # loaded when the screen first opens, not at start-up

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "close", "Back"),
        Binding("ctrl+r", "add_reminder", "Remind…", priority=True, show=False),
        *contact_action_bindings(),
        Binding("u", "undo", "Undo", show=False),
    ]
    PALETTE = {
        "save": Command("Save the contact's details", "Save contact"),
        "add_reminder": Command("Remind me to write to them on a day", "Add a reminder"),
        **CONTACT_ACTION_PALETTE,
    }

    def __init__(self, contact_id: int | None) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.loaded: dict[str, str] = {}
        self.shown_name = ""  # the stored name, for the actions' notices

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="contact-body"):
            with VerticalScroll(id="contact-form"):
                # One grid (label | field, and each field's error under both) rather than
                # a container per row: the form opens in half the time.
                with Grid(id="contact-grid"):
                    for field_id, label, placeholder, check in TEXT_FIELDS:
                        validators = (
                            [DomainCheck(check, optional=field_id != "name")] if check else None
                        )
                        yield Label(label, classes="field-label")
                        yield Input(
                            placeholder=placeholder,
                            id=f"f-{field_id}",
                            validators=validators,
                            compact=True,
                            # Focus (tab, or back from a dialog) must not select the value:
                            # the next key would replace it (a "?" replaced a name).
                            select_on_focus=False,
                        )
                        yield Label("", id=f"e-{field_id}", classes="field-error")
                        if field_id == "phone":
                            yield Label("Preferred", classes="field-label")
                            yield Select(
                                [(kind.value, kind.value) for kind in ChannelKind],
                                prompt="first available",
                                id="f-prefer",
                                compact=True,
                            )
                            yield Label("", id="e-prefer", classes="field-error")
                    yield Label("Stage", classes="field-label")
                    yield Select(
                        [(stage.value, stage.value) for stage in STAGE_ORDER],
                        value="active",
                        allow_blank=False,
                        id="f-stage",
                        compact=True,
                    )
                yield Label("Notes", classes="field-label notes-label")
                yield TextArea(id="f-notes")
            with Vertical(id="contact-side"):
                yield Static("", id="contact-summary")
                yield Label("Timeline", classes="section-title")
                with VerticalScroll(id="timeline"):
                    yield Static(
                        Text("New contact: nothing logged yet.", style="dim"), id="timeline-body"
                    )
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "netdeck"
        self.sub_title = "New contact" if self.contact_id is None else "Contact"
        contact_id = self.contact_id
        # Focus now, not once the contact has loaded: keys typed meanwhile (tab tab x)
        # must land where they were aimed, and fill() moves no focus.
        self.query_one("#f-name", Input).focus()
        self.loaded = self.form_values()
        if contact_id is not None:
            self.run_deck(
                lambda deck: deck.contact(contact_id, interaction_limit=TIMELINE_LIMIT),
                self.fill,
            )

    def fill(self, detail: ContactDetail) -> None:
        by_kind: dict[str, list[str]] = {}
        preferred = None
        for channel in detail.channels:
            by_kind.setdefault(channel.kind, []).append(channel.value)
            if channel.preferred:
                preferred = channel.kind
        values = {
            "name": detail.name,
            "first_name": detail.first_name,
            "last_name": detail.last_name,
            "company": detail.company,
            "title": detail.title,
            "how_we_met": detail.how_we_met,
            "ask_about": detail.ask_about,
            "cadence": str(detail.cadence_days) if detail.cadence_days else "",
            "connected_on": detail.connected_on.isoformat() if detail.connected_on else "",
            "tags": ", ".join(detail.tags),
            "owner": detail.owner or "",
        }
        for field_id, kind in ADDRESS_FIELDS.items():
            values[field_id] = ", ".join(by_kind.get(kind.value, []))
        values["notes"] = detail.notes
        # Whatever was typed while the contact loaded stays; the other fields fill in.
        typed = {field_id for field_id, value in self.form_values().items() if value}
        for field_id, value in values.items():
            if field_id not in typed and field_id != "notes":
                self.query_one(f"#f-{field_id}", Input).value = editable(value)
        if preferred:
            self.query_one("#f-prefer", Select).value = preferred
        self.query_one("#f-stage", Select).value = detail.stage
        if "notes" not in typed:
            self.query_one("#f-notes", TextArea).text = editable(detail.notes)
        self.show_detail(detail)
        # What is stored, so that leaving with the typed text asks first.
        self.loaded = self.form_values() | {
            field_id: editable(values[field_id]) for field_id in typed if field_id in values
        }

    def show_detail(self, detail: ContactDetail) -> None:
        self.shown_name = detail.name
        self.sub_title = one_line(detail.name, 60)
        summary = Text.assemble(
            literal(detail.name, "bold"),
            (f"   #{detail.id}\n", "dim"),
            f"{detail.stage} since {detail.stage_since.isoformat()}\n",
            f"due {detail.next_due_on.isoformat()}: {detail.reason}"
            if detail.next_due_on
            else "not scheduled",
        )
        if detail.owner:
            summary.append("\nowner ")
            summary.append_text(literal(detail.owner))
        if detail.touched is not None:
            summary.append("\n")
            summary.append_text(
                literal(detail.touched.sentence(detail.name, self.host.today()), multiline=True)
            )
        if detail.linkedin_connected is False:
            summary.append("\nNo longer a LinkedIn connection", style="italic")
        for line in role_change_lines(detail):
            summary.append("\n")
            summary.append_text(line)
        for view in detail.dates:
            summary.append("\n")
            summary.append_text(key_date_line(view))
        self.query_one("#contact-summary", Static).update(summary)
        self.query_one("#timeline-body", Static).update(timeline_renderable(detail))

    # ------------------------------------------------------------ the queue's actions

    def acted_on(self) -> tuple[int, str] | None:
        if self.contact_id is None or not self.shown_name:
            return None
        return self.contact_id, self.shown_name

    def log_target(self) -> tuple[int, str] | None:
        return self.acted_on()

    def contact_changed(self, contact_id: int) -> None:
        """The summary and timeline again; the form keeps what is typed in it."""
        self.run_deck(
            lambda deck: deck.contact(contact_id, interaction_limit=TIMELINE_LIMIT),
            self.show_detail,
        )

    def action_add_reminder(self) -> None:
        from netdeck.tui.screens.reminder import ReminderModal

        person = self.acted_on()
        if person is None:
            return

        def added(detail: ContactDetail | None) -> None:
            if detail is not None:
                self.show_detail(detail)

        self.app.push_screen(ReminderModal(*person), added)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add_reminder":
            return None if self.contact_id is None else True
        if action in CONTACT_ACTION_PALETTE or action == "undo":
            if self.contact_id is None:
                return None
            # In a field the letters are text: shown dimmed, acting on the timeline.
            return not isinstance(self.focused, Input | TextArea | Select)
        return True

    def action_undo(self) -> None:
        self.undo_last_action(lambda token: self.contact_changed(token.contact_id))

    # ------------------------------------------------------------ checking

    @on(Input.Changed)
    def checked(self, event: Input.Changed) -> None:
        if event.input.id and event.input.id.startswith("f-"):
            self.show_check(event.input.id[2:], event.validation_result)

    def show_check(self, field_id: str, result: ValidationResult | None) -> None:
        self.show_error(field_id, failure_message(result))

    def show_error(self, field_id: str, message: str) -> None:
        label = self.query_one(f"#e-{field_id}", Label)
        show_field_error(label, message)
        if message:  # the hint under the field the user is typing in, in view (80x24)
            self.call_after_refresh(label.scroll_visible, animate=False)

    def form_values(self) -> dict[str, str]:
        values = {
            field_id: self.query_one(f"#f-{field_id}", Input).value for field_id, *_ in TEXT_FIELDS
        }
        prefer = self.query_one("#f-prefer", Select)
        values["prefer"] = "" if prefer.is_blank() else str(prefer.value)
        values["stage"] = str(self.query_one("#f-stage", Select).value)
        values["notes"] = self.query_one("#f-notes", TextArea).text
        return values

    def all_valid(self) -> bool:
        ok = True
        for field_id, *_ in TEXT_FIELDS:
            field = self.query_one(f"#f-{field_id}", Input)
            result = field.validate(field.value)
            self.show_check(field_id, result)
            if result is not None and not result.is_valid:
                ok = False
        if not self.query_one("#f-name", Input).value.strip():
            self.show_error("name", "name must not be empty")
            ok = False
        return ok

    def fields(self) -> ContactFields:
        v = self.form_values()
        addresses = {kind: _split_list(v[field_id]) for field_id, kind in ADDRESS_FIELDS.items()}
        return ContactFields(
            name=v["name"],
            first_name=v["first_name"],
            last_name=v["last_name"],
            company=v["company"],
            title=v["title"],
            how_we_met=v["how_we_met"],
            ask_about=v["ask_about"],
            notes=v["notes"],
            cadence=v["cadence"],
            stage=v["stage"],
            connected_on=v["connected_on"],
            addresses=addresses,
            prefer=v["prefer"] or None,
            tags=_split_list(v["tags"]),
            owner=v["owner"],
        )

    # ------------------------------------------------------------ saving

    def action_save(self) -> None:
        if not self.all_valid():
            self.notify(
                "Fix the fields marked in red, then save again.", severity="error", markup=False
            )
            return
        fields = self.fields()
        if fields.prefer and not fields.addresses.get(ChannelKind(fields.prefer)):
            self.show_error("prefer", f"no {fields.prefer} address to prefer")
            self.notify(
                "Fix the fields marked in red, then save again.", severity="error", markup=False
            )
            return
        self.show_error("prefer", "")
        contact_id = self.contact_id

        def saved(detail: ContactDetail) -> None:
            self.notify(f"Saved {detail.name}", markup=False)
            self.dismiss(detail)

        self.run_deck(lambda deck: deck.save_contact(contact_id, fields), saved)

    def action_close(self) -> None:
        self.unless_edits_lost(self.form_values() != self.loaded, lambda: self.dismiss(None))

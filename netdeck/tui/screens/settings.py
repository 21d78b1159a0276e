"""Settings, checked as you type, saved together (all or nothing).

Below them, one field per tag: the tag's cadence (``2w``; empty for none). Someone
without a cadence of their own takes the shortest of their tags'; the tag cadences
are saved with the settings, in the same transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Input, Label, Select

from netdeck.domain.cadence import parse_optional_cadence
from netdeck.domain.settings import SETTING_SPECS, Settings, setting_text, settings_as_dict
from netdeck.tui.forms import DomainCheck, show_field_error
from netdeck.tui.palette import Command
from netdeck.tui.screens.base import DeckScreen
from netdeck.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from netdeck.services.views import TagView


class SettingsScreen(DeckScreen):
    CSS_PATH = "settings.tcss"  # loaded when the screen first opens, not at start-up
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "back", "Back"),
    ]
    PALETTE = {"save": Command("Every setting together, or none", "Save settings")}

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="settings-form"):
            for spec in SETTING_SPECS:
                yield Label(
                    Text.assemble((spec.key, "bold"), "  ", (spec.description, "dim")),
                    classes="field-label",
                )
                if spec.key == "theme":
                    themes = sorted(self.app.available_themes)
                    yield Select(
                        [(name, name) for name in themes],
                        allow_blank=False,
                        value=self.app.theme,
                        id="s-theme",
                    )
                else:
                    yield Input(
                        id=f"s-{spec.key}",
                        validators=[DomainCheck(spec.parse, optional=False)],
                        select_on_focus=False,  # a key typed on arrival adds, never replaces
                    )
                yield Label("", id=f"e-{spec.key}", classes="field-error")
            yield Vertical(id="tag-cadences")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Settings"
        # Focus now, not once the settings have loaded: keys typed meanwhile ("12", tab,
        # "Sam Rivera") must land where they were aimed, and fill() moves no focus.
        self.query_one(Input).focus()
        #: The tags shown, by field (``t-0``, ``t-1``...: a tag name is no widget id).
        self.tags: list[TagView] = []
        self.run_deck(lambda deck: deck.settings(), self.fill)
        self.run_deck(lambda deck: deck.tags(), self.fill_tags)

    def fill_tags(self, tags: list[TagView]) -> None:
        """A field per tag, holding its cadence (none shown when there are no tags)."""
        if not tags:
            return
        self.tags = tags
        widgets: list[Label | Input] = [
            Label(
                Text.assemble(
                    ("Tag cadences", "bold"),
                    "  ",
                    (
                        "who has no cadence of their own takes the shortest of their tags' "
                        "(14, 2w, 1m; empty: none)",
                        "dim",
                    ),
                ),
                classes="field-label section-label",
            )
        ]
        for n, tag in enumerate(tags):
            people = "1 person" if tag.people == 1 else f"{tag.people} people"
            widgets += [
                Label(
                    Text.assemble((tag.name, "bold"), "  ", (people, "dim")),
                    classes="field-label",
                ),
                Input(
                    str(tag.cadence_days) if tag.cadence_days else "",
                    id=f"t-{n}",
                    placeholder="none",
                    validators=[DomainCheck(parse_optional_cadence)],
                    select_on_focus=False,
                ),
                Label("", id=f"e-t-{n}", classes="field-error"),
            ]
        self.query_one("#tag-cadences", Vertical).mount_all(widgets)

    def fill(self, settings: Settings) -> None:
        """The stored settings, in every field but those typed into while they loaded."""
        for key, value in settings_as_dict(settings).items():
            field = None if key == "theme" else self.query_one(f"#s-{key}", Input)
            if field is not None and not field.value:
                field.value = setting_text(value)

    @on(Input.Changed)
    def checked(self, event: Input.Changed) -> None:
        if event.input.id and event.input.id.startswith(("s-", "t-")):
            key = event.input.id.removeprefix("s-")
            result = event.validation_result
            message = (
                "" if result is None or result.is_valid else "; ".join(result.failure_descriptions)
            )
            show_field_error(self.query_one(f"#e-{key}", Label), message)

    @on(Select.Changed, "#s-theme")
    def theme_picked(self, event: Select.Changed) -> None:
        if not self.query_one("#s-theme", Select).is_blank():
            self.app.theme = str(event.value)

    def action_save(self) -> None:
        values: dict[str, str] = {}
        problems = 0
        for spec in SETTING_SPECS:
            if spec.key == "theme":
                values["theme"] = str(self.query_one("#s-theme", Select).value)
                continue
            field = self.query_one(f"#s-{spec.key}", Input)
            result = field.validate(field.value)
            if result is not None and not result.is_valid:
                problems += 1
                show_field_error(
                    self.query_one(f"#e-{spec.key}", Label),
                    "; ".join(result.failure_descriptions),
                )
            values[spec.key] = field.value
        cadences: dict[str, str] = {}
        for n, tag in enumerate(self.tags):
            field = self.query_one(f"#t-{n}", Input)
            result = field.validate(field.value)
            if result is not None and not result.is_valid:
                problems += 1
                show_field_error(
                    self.query_one(f"#e-t-{n}", Label), "; ".join(result.failure_descriptions)
                )
            elif parse_optional_cadence(field.value) != tag.cadence_days:
                cadences[tag.name] = field.value or "none"
        if problems:
            self.notify(
                "Fix the settings marked in red, then save again.", severity="error", markup=False
            )
            return

        def saved(settings: Settings) -> None:
            self.notify("Settings saved", markup=False)
            self.dismiss(settings)  # screens showing what settings shape refresh (app.py)

        self.run_deck(lambda deck: deck.change_settings(values, cadences), saved)

    def action_back(self) -> None:
        self.dismiss(None)

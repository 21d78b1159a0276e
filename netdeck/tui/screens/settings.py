"""Settings, checked as you type, saved together (all or nothing)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Input, Label, Select

from netdeck.domain.settings import SETTING_SPECS, Settings, setting_text, settings_as_dict
from netdeck.tui.forms import DomainCheck, show_field_error
from netdeck.tui.palette import Command
from netdeck.tui.screens.base import DeckScreen
from netdeck.tui.widgets.keybar import KeyBar


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
                        id=f"s-{spec.key}", validators=[DomainCheck(spec.parse, optional=False)]
                    )
                yield Label("", id=f"e-{spec.key}", classes="field-error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Settings"
        self.run_deck(lambda deck: deck.settings(), self.fill)

    def fill(self, settings: Settings) -> None:
        for key, value in settings_as_dict(settings).items():
            if key != "theme":
                self.query_one(f"#s-{key}", Input).value = setting_text(value)
        self.query_one(Input).focus()

    @on(Input.Changed)
    def checked(self, event: Input.Changed) -> None:
        if event.input.id and event.input.id.startswith("s-"):
            key = event.input.id[2:]
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
        if problems:
            self.notify(
                "Fix the settings marked in red, then save again.", severity="error", markup=False
            )
            return

        def saved(_settings: Settings) -> None:
            self.notify("Settings saved", markup=False)
            self.dismiss(None)

        self.run_deck(lambda deck: deck.change_settings(values), saved)

    def action_back(self) -> None:
        self.dismiss(None)

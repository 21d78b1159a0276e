"""Form helpers shared by the contact and settings screens."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.validation import ValidationResult, Validator
from textual.widgets import Label

from netdeck.domain.errors import InvalidInput


class DomainCheck(Validator):
    """Runs a domain parser; its error message is shown next to the field."""

    def __init__(self, check: Callable[[str], object], *, optional: bool = True) -> None:
        super().__init__()
        self.check = check
        self.optional = optional

    def validate(self, value: str) -> ValidationResult:
        if self.optional and not value.strip():
            return self.success()
        try:
            self.check(value)
        except InvalidInput as error:
            return self.failure(str(error))
        return self.success()


def failure_message(result: ValidationResult | None) -> str:
    return "" if result is None or result.is_valid else "; ".join(result.failure_descriptions)


def show_field_error(label: Label, message: str) -> None:
    """Show ``message`` under a field (the label is hidden while there is none)."""
    label.update(Text(message))
    label.set_class(bool(message), "-shown")

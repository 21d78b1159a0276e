"""Turning user data into literal, styled text for widgets.

Everything a user typed goes through :func:`literal` (or is placed inside a
``rich.text.Text``), never through markup parsing: a contact named
``[bold]x[/]`` shows exactly that, and control characters are made visible.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from netdeck.domain.text import one_line, visible

STAGE_STYLES = {
    "prospect": "bold magenta",
    "requested": "bold blue",
    "connected": "bold yellow",
    "active": "bold green",
    "unsorted": "dim",
    "dormant": "dim",
    "archived": "dim strike",
}


def literal(
    text: str, style: str = "", *, limit: int | None = None, multiline: bool = False
) -> Text:
    """User text as a ``Text`` that is never parsed as markup."""
    value = visible(text, keep_newlines=True) if multiline else one_line(text, limit)
    return Text(value, style=style, no_wrap=not multiline, overflow="ellipsis")


def editable(text: str) -> str:
    """User text for an ``Input`` or ``TextArea``: as stored, unless it holds control
    characters (an escape sequence...), which those widgets would send to the
    terminal raw; then they are shown as ``\\xNN`` escapes (line breaks and tabs kept),
    which is what saving the field stores."""
    if not any((ord(ch) < 0x20 and ch not in "\n\r\t") or 0x7F <= ord(ch) < 0xA0 for ch in text):
        return text
    return "\t".join(visible(part, keep_newlines=True) for part in text.split("\t"))


def stage_badge(stage: str) -> Text:
    return Text(stage, style=STAGE_STYLES.get(stage, ""))


def overdue_label(days: int) -> Text:
    if days <= 0:
        return Text("today", style="bold")
    style = "bold red" if days >= 14 else "yellow"
    return Text(f"{days}d late", style=style)


def short_date(value: date | None, today: date) -> str:
    """``today``, ``tomorrow``, ``Dec 4`` or ``Dec 4 2027`` (a date in another year)."""
    if value is None:
        return "-"
    if value == today:
        return "today"
    if (value - today).days == 1:
        return "tomorrow"
    if (today - value).days == 1:
        return "yesterday"
    label = f"{value:%b} {value.day}"
    return label if value.year == today.year else f"{label} {value.year}"

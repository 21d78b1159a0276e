"""The key bar at the foot of every screen: the keys the screen offers, as one widget.

It looks and works like Textual's :class:`~textual.widgets.Footer` (key and
label, disabled keys dimmed, pressing the mouse on a key presses the key, the
command palette's key on the right), but it is one widget that draws one line
of text. On a terminal too narrow for every key it shows the keys that fit
whole, chosen by what matters (the palette key always; then the screen's
``KEYBAR_FIRST`` actions in that order; then Back, the escape key; then the
rest in binding order), still drawn in binding order (``?`` lists them all),
instead of scrolling or dropping the keys that happen to come last. While a
text field has focus it leaves out keys that type a character (the field takes
them), so help reads ``f1`` there, not ``?``. Textual's
footer mounts a widget per key and mounts them all again on every bindings
update (focus moving, a modal closing, ``refresh_bindings``). With the
queue's dozen keys that was about 80 ms of the first frame and tens of
milliseconds after every done or snooze (measured with
``tests/benchmarks/first_paint.py`` and ``tui_latency.py``). Here an update
only repaints the line, and only when the keys shown changed.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.keys import key_to_character
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

#: Key names whose character ``key_to_character`` does not know.
_NAMED_CHARACTERS = {"slash": "/"}


def types_a_character(key: str) -> bool:
    """Whether pressing ``key`` types a character (``a``, ``?``, ``/``, space): a
    focused text field takes such a key, so no binding on it fires there."""
    character = key_to_character(key) or _NAMED_CHARACTERS.get(key)
    return character is not None and character.isprintable()


def takes_typing(widget: Widget | None) -> bool:
    """Whether ``widget`` is a text field (an Input, or a TextArea one can edit).

    A TextArea is known by its editable document rather than by class: importing
    TextArea here would put it on the first frame's path.
    """
    if isinstance(widget, Input):
        return True
    return hasattr(widget, "document") and getattr(widget, "read_only", True) is False


class ShownKey(NamedTuple):
    key: str  # what pressing it sends (``Binding.key``)
    action: str
    display: str
    description: str
    enabled: bool


class KeyBar(Widget, can_focus=False):
    """The screen's shown bindings, one per action, in binding order."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--hover"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--hover {
            background: $block-hover-background;
        }
    }
    """

    hovered: reactive[str | None] = reactive(None)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.keys: tuple[ShownKey, ...] = ()
        self.palette_key: ShownKey | None = None
        self._spans: list[tuple[int, int, ShownKey]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        if screen is not self.screen:
            return
        keys, palette = self._shown(screen)
        if (keys, palette) != (self.keys, self.palette_key):
            self.keys, self.palette_key = keys, palette
            self.refresh()

    def _shown(self, screen: Screen) -> tuple[tuple[ShownKey, ...], ShownKey | None]:
        app = self.app
        active = screen.active_bindings
        keys: list[ShownKey] = []
        actions: set[str] = set()
        typing = takes_typing(screen.focused)
        for _node, binding, enabled, _tooltip in active.values():
            if typing and types_a_character(binding.key):
                continue  # the text field takes the key: offer the action's other key, if any
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                keys.append(
                    ShownKey(
                        binding.key,
                        binding.action,
                        app.get_key_display(binding),
                        binding.description,
                        enabled,
                    )
                )
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = ShownKey(
                binding.key,
                binding.action,
                app.get_key_display(binding),
                binding.description,
                enabled,
            )
        return tuple(keys), palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        label_style = self.get_component_rich_style("key-bar--description", partial=True)
        hover_style = self.get_component_rich_style("key-bar--hover", partial=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []

        def add(shown: ShownKey) -> None:
            start = line.cell_len
            line.append(f" {shown.display} ", key_style)
            line.append(f"{shown.description} ", label_style)
            if not shown.enabled:
                line.stylize("dim", start)
            if shown.key == self.hovered:
                line.stylize(hover_style, start)
            self._spans.append((start, line.cell_len, shown))

        palette = self.palette_key
        palette_width = len(f"▏{palette.display} {palette.description} ") if palette else 0
        room = self.size.width - palette_width
        for shown in self._fitting(room):
            add(shown)
        if palette is not None:  # always on the right, after a thin rule, as Textual does
            line.append(" " * max(0, room - line.cell_len))
            line.append("▏", label_style)
            start = line.cell_len
            line.append(palette.display, key_style)
            line.append(f" {palette.description} ", label_style)
            if palette.key == self.hovered:
                line.stylize(hover_style, start)
            self._spans.append((start, line.cell_len, palette))
        return line

    def _fitting(self, room: int) -> list[ShownKey]:
        """The keys that fit whole in ``room`` cells, the ones that matter first, in bar order."""

        def width(shown: ShownKey) -> int:
            return len(f" {shown.display} {shown.description} ")

        if sum(width(shown) for shown in self.keys) <= room:
            return list(self.keys)
        first: tuple[str, ...] = getattr(self.screen, "KEYBAR_FIRST", ())

        def rank(shown: ShownKey) -> int:
            if shown.action in first:
                return first.index(shown.action)
            return len(first) if shown.key.split(",")[0] == "escape" else len(first) + 1

        kept: set[ShownKey] = set()
        used = 0
        for shown in sorted(self.keys, key=rank):  # sorted() is stable: binding order within a rank
            if used + width(shown) <= room:
                kept.add(shown)
                used += width(shown)
        return [shown for shown in self.keys if shown in kept]

    def _key_at(self, x: int) -> ShownKey | None:
        return next((shown for start, end, shown in self._spans if start <= x < end), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:  # on press, as Textual's footer
        shown = self._key_at(event.x)
        if shown is None:
            return
        if shown.enabled:
            self.app.simulate_key(shown.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        shown = self._key_at(event.x)
        self.hovered = shown.key if shown else None

    def on_leave(self, _event: events.Leave) -> None:
        self.hovered = None

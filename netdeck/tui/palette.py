"""The command palette: each screen offers its own key bindings as commands.

A screen (or the app) says how its bound actions read in the palette, by
action name, in ``PALETTE``; :func:`commands_from_bindings` turns its
``BINDINGS`` into commands in their order, each calling the bound action with
the binding's arguments (``keep(90)``), so the palette offers what the keys
do and nothing else. An action without a ``PALETTE`` entry (moving the cursor,
going back) is a key only. :meth:`netdeck.tui.app.NetdeckApp.get_system_commands`
gathers Textual's commands, the app's own and those of the screen the palette
was opened on (anything that :class:`OffersCommands`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol, runtime_checkable

from textual.actions import parse
from textual.app import SystemCommand
from textual.binding import Binding, BindingType


@dataclass(frozen=True, slots=True)
class Command:
    """How a bound action reads in the palette."""

    help: str  # the line under the title
    title: str = ""  # searched by the palette; the binding's description when empty


@runtime_checkable
class OffersCommands(Protocol):
    """A screen with commands of its own for the palette."""

    def palette_commands(self) -> Iterable[SystemCommand]: ...


def commands_from_bindings(
    target: object, bindings: Iterable[BindingType], texts: Mapping[str, Command]
) -> Iterator[SystemCommand]:
    """A command for each binding of ``target`` whose action has an entry in ``texts``.

    A binding for several keys (``x,space``) is one command; each binding of a
    parameterised action (``keep(14)``, ``keep(30)``...) is its own, titled by
    its description unless ``texts`` gives a title.
    """
    offered: set[str] = set()
    for item in bindings:
        binding = item if isinstance(item, Binding) else Binding(*item)
        namespace, name, arguments = parse(binding.action)
        text = texts.get(name)
        if text is None or namespace or binding.action in offered:
            continue
        offered.add(binding.action)
        action: Callable[..., Any] = getattr(target, f"action_{name}")
        callback = partial(action, *arguments) if arguments else action
        yield SystemCommand(text.title or binding.description, text.help, callback)

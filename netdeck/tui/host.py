"""What a screen may ask of the app it runs in: the :class:`ScreenHost` protocol.

Screens reach the deck, today's date, the undo stack and the other screens
through the app, but they must not import :mod:`netdeck.tui.app` (it imports
the queue screen: a circle). They depend on this protocol instead, which
:class:`~netdeck.tui.app.NetdeckApp` satisfies; :func:`host_of` is the one
place the app is seen as one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from netdeck.services.actions import UndoToken
    from netdeck.services.api import DeckApi
    from netdeck.services.startup import PendingQueue


class ScreenHost(Protocol):
    """The app as the screens see it."""

    undo_stack: list[UndoToken]

    @property
    def first_look(self) -> PendingQueue | None: ...

    def today(self) -> date: ...

    def deck(self) -> DeckApi: ...

    def settle_memory(self) -> None: ...

    def open_contact(
        self, contact_id: int | None, *, on_close: Callable[[Any], None] | None = None
    ) -> None: ...

    def open_composer(
        self, contact_id: int, *, on_close: Callable[[Any], None] | None = None
    ) -> None: ...

    def open_contacts(self, *, search: bool) -> None: ...

    def open_health(self) -> None: ...

    def open_triage(self, *, on_close: Callable[[Any], None] | None = None) -> None: ...

    def open_duplicates(self, *, on_close: Callable[[Any], None] | None = None) -> None: ...

    def open_contact_link(self, contact_id: int) -> None: ...

    def open_url_or_copy(self, url: str) -> None: ...


def host_of(node: DOMNode) -> ScreenHost:
    """The app ``node`` runs in, typed as what screens may ask of it.

    Textual types ``node.app`` as a plain ``App``; netdeck only ever runs its
    screens in :class:`~netdeck.tui.app.NetdeckApp`, which satisfies the protocol.
    """
    return cast("ScreenHost", node.app)

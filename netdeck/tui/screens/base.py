"""The one way screens talk to the database: a thread worker per call.

:meth:`DeckScreen.run_deck` runs ``call(deck)`` in a thread worker (one
short-lived session inside the deck method), then hands the plain result to
``on_done`` on the UI thread. Errors a user can cause become a notification;
the screen, and anything typed on it, stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.screen import ModalScreen, Screen
from textual.worker import Worker, get_current_worker

from netdeck.domain.errors import NetdeckError

if TYPE_CHECKING:
    from netdeck.services.deck import Deck

T = TypeVar("T")


def run_deck(
    node: Screen | ModalScreen,
    call: Callable[[Deck], T],
    on_done: Callable[[T], Any] | None = None,
    *,
    group: str = "deck",
    exclusive: bool = False,
    on_error: Callable[[NetdeckError], Any] | None = None,
) -> Worker[T | None]:
    app = node.app

    def job() -> T | None:
        worker = get_current_worker()
        try:
            result = call(app.deck())  # type: ignore[attr-defined]
        except NetdeckError as error:
            if not worker.is_cancelled:
                app.call_from_thread(_report, node, error, on_error)
            return None
        if on_done is not None and not worker.is_cancelled:
            app.call_from_thread(on_done, result)
        return result

    return node.run_worker(job, thread=True, group=group, exclusive=exclusive, exit_on_error=False)


def _report(node, error: NetdeckError, on_error) -> None:
    node.app.notify(str(error), title="Not done", severity="error", markup=False, timeout=8)
    if on_error is not None:
        on_error(error)


class DeckScreen(Screen):
    """A screen whose data comes from the deck through :func:`run_deck`."""

    def run_deck(self, call, on_done=None, **options) -> Worker:
        return run_deck(self, call, on_done, **options)

    def undo_last_action(
        self,
        after: Callable[[Any], None],
        *,
        at_once: Callable[[Any], None] | None = None,
        on_error: Callable[[NetdeckError], None] | None = None,
    ) -> None:
        """Undo the newest action of this run (the app's undo stack), then ``after(token)``.

        Shared by every screen that acts on contacts with ``u`` to undo.
        ``at_once(token)`` runs before the write (to show the result at once);
        on an error the token goes back on the stack, so ``u`` can try again,
        and ``on_error`` runs.
        """
        stack = self.app.undo_stack  # type: ignore[attr-defined]
        if not stack:
            self.notify("Nothing to undo in this run.", markup=False)
            return
        token = stack.pop()
        if at_once is not None:
            at_once(token)

        def failed(error: NetdeckError) -> None:
            stack.append(token)
            if on_error is not None:
                on_error(error)

        def undone(_change) -> None:
            self.notify(f"Undone: {token.description} for {token.name}", markup=False)
            after(token)

        # After the repaint: the writing thread would compete with it for the GIL.
        self.call_after_refresh(
            lambda: self.run_deck(lambda deck: deck.undo(token), undone, on_error=failed)
        )

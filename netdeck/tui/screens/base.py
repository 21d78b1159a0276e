"""The one way screens talk to the database: a thread worker per call.

:meth:`DeckScreen.run_deck` runs ``call(deck)`` in a thread worker (one
short-lived session inside the deck method), then hands the plain result to
``on_done`` on the UI thread. Errors a user can cause become a notification;
the screen, and anything typed on it, stays as it was.

Any other error is a bug, and it must not vanish with its worker (Textual
drops the errors of workers run with ``exit_on_error=False``): it becomes an
error notification saying what was not saved and where the traceback went
(:func:`report_unexpected`, the data directory's ``netdeck.log``), and
``on_error`` runs just the same, so a screen that showed a change before
writing it puts back the truth. :func:`guarded` gives the other thread
workers (opening links, copying, saving the theme) the same report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import App, SystemCommand
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, get_current_worker

from netdeck.domain.errors import NetdeckError
from netdeck.tui.host import ScreenHost, host_of
from netdeck.tui.palette import Command, commands_from_bindings

if TYPE_CHECKING:
    from netdeck.services.api import DeckApi

T = TypeVar("T")


#: What an unexpected failure's notice says was not saved when the caller does not say.
SOME_ACTION = "the last action"


def run_deck(
    node: Screen | ModalScreen,
    call: Callable[[DeckApi], T],
    on_done: Callable[[T], Any] | None = None,
    *,
    group: str = "deck",
    exclusive: bool = False,
    on_error: Callable[[Exception], Any] | None = None,
    what: str = SOME_ACTION,
) -> Worker[T | None]:
    """Run ``call(deck)`` in a thread worker; ``what`` names it in an unexpected
    failure's notice (``Not saved: {what} failed unexpectedly``)."""
    app = node.app

    def job() -> T | None:
        worker = get_current_worker()
        try:
            result = call(host_of(node).deck())
        except NetdeckError as error:
            if not worker.is_cancelled:
                app.call_from_thread(_report, node, error, on_error)
            return None
        except Exception as error:
            report_unexpected(app, error, what)
            if on_error is not None and not worker.is_cancelled:
                _call_quietly(app, on_error, error)
            return None
        if on_done is not None and not worker.is_cancelled:
            # The unit of work has committed: a failure from here on is no "not saved"
            # (and no on_error, which would undo what the screen did for a write that stands).
            try:
                app.call_from_thread(on_done, result)
            except Exception as error:
                report_unexpected(app, error, what, saved=True)
        return result

    return node.run_worker(job, thread=True, group=group, exclusive=exclusive, exit_on_error=False)


def _report(
    node: Screen | ModalScreen,
    error: NetdeckError,
    on_error: Callable[[Exception], Any] | None,
) -> None:
    node.app.notify(str(error), title="Not done", severity="error", markup=False, timeout=8)
    if on_error is not None:
        on_error(error)


def report_unexpected(app: App, error: Exception, what: str, *, saved: bool = False) -> None:
    """From a worker thread: log ``error``'s traceback and tell the user what was not saved.

    A deck call is one unit of work, rolled back when it fails, so "not saved"
    is the truth; ``saved`` says the write stood and only showing its result failed.
    The notice stays up until dismissed, as the user must see it.
    """
    from netdeck.services.error_log import record_unexpected

    log = record_unexpected(error, f"TUI: {what}")
    where = f"Details in {log}" if log is not None else "No log could be written"
    outcome = "Saved, but showing it" if saved else f"Not saved: {what}"
    message = f"{outcome} failed unexpectedly ({type(error).__name__}). {where}."
    _call_quietly(
        app,
        app.notify,
        message,
        title="Unexpected error",
        severity="error",
        markup=False,
        timeout=30,
    )


def _call_quietly(app: App, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    try:
        app.call_from_thread(callback, *args, **kwargs)
    except Exception as error:  # the app has closed, or the callback failed: keep the trace
        from netdeck.services.error_log import record_unexpected

        record_unexpected(error, "TUI: reporting an error")


def guarded(app: App, job: Callable[[], Any], what: str) -> Callable[[], None]:
    """``job`` for a thread worker, with errors reported instead of dropped:
    a user's error as a notification, anything else by :func:`report_unexpected`."""

    def run() -> None:
        try:
            job()
        except NetdeckError as error:
            _call_quietly(app, app.notify, str(error), severity="error", markup=False)
        except Exception as error:
            report_unexpected(app, error, what)

    return run


class DeckScreen(Screen):
    """A screen whose data comes from the deck through :func:`run_deck`."""

    #: How this screen's bound actions read in the command palette, by action name.
    PALETTE: ClassVar[Mapping[str, Command]] = {}
    #: The actions the key bar keeps, in this order, when it cannot show every key.
    KEYBAR_FIRST: ClassVar[tuple[str, ...]] = ()

    def palette_commands(self) -> Iterator[SystemCommand]:
        """This screen's own commands for the palette, from its key bindings."""
        return commands_from_bindings(self, type(self).BINDINGS, self.PALETTE)

    @property
    def host(self) -> ScreenHost:
        """The app, as what a screen may ask of it."""
        return host_of(self)

    def run_deck(
        self,
        call: Callable[[DeckApi], T],
        on_done: Callable[[T], Any] | None = None,
        **options: Any,
    ) -> Worker[T | None]:
        return run_deck(self, call, on_done, **options)

    def unless_edits_lost(
        self,
        edited: bool,
        then: Callable[[], Any],
        *,
        question: str = "Discard your changes?",
        otherwise: Callable[[], Any] | None = None,
    ) -> None:
        """Run ``then`` at once when nothing typed would be lost, else only after the
        user agrees to discard it (``y``); ``otherwise`` runs on ``n``.

        The one way a screen leaves (or replaces) text the user typed and did not
        save: the contact editor, the snippet editor and the composer all ask the same.
        """
        if not edited:
            then()
            return
        from netdeck.tui.screens.modals import ConfirmModal

        def answered(discard: bool | None) -> None:
            if discard:
                then()
            elif otherwise is not None:
                otherwise()

        self.app.push_screen(ConfirmModal(question), answered)

    def undo_last_action(
        self,
        after: Callable[[Any], None],
        *,
        at_once: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """Undo the newest action of this run (the app's undo stack), then ``after(token)``.

        Shared by every screen that acts on contacts with ``u`` to undo.
        ``at_once(token)`` runs before the write (to show the result at once);
        on an error the token goes back on the stack, so ``u`` can try again,
        and ``on_error`` runs.
        """
        stack = self.host.undo_stack
        if not stack:
            self.notify("Nothing to undo in this run.", markup=False)
            return
        token = stack.pop()
        if at_once is not None:
            at_once(token)

        def failed(error: Exception) -> None:
            stack.append(token)
            if on_error is not None:
                on_error(error)

        def undone(_change: object) -> None:
            self.notify(f"Undone: {token.description} for {token.name}", markup=False)
            after(token)

        # After the repaint: the writing thread would compete with it for the GIL.
        self.call_after_refresh(
            lambda: self.run_deck(
                lambda deck: deck.undo(token), undone, on_error=failed, what="the undo"
            )
        )

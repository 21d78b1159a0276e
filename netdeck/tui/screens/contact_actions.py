"""Acting on one person from any screen: draft, log done, they replied, snooze, note, pull.

The queue has always acted on its selected row; :class:`ContactActions` gives the
same actions to every screen that shows people (the contact screen, and the
selected row of the contacts, triage and health lists), so the log keeps up
with real life and not only with the scheduler. A screen mixes it in, binds
the keys it can spare (:func:`contact_action_bindings`: where a letter already
means something else there, the screen keeps it and the action takes the capital
letter) and says who is selected (:meth:`ContactActions.acted_on`).

Each action goes through the application API in a thread worker, says what it
did (``Logged: Dana Lee replied · u to undo``), puts its undo token where the
screen's ``u`` finds it (:meth:`ContactActions.remember_undo`: the app's undo
stack unless the screen keeps its own), and lets the screen refresh the row
(:meth:`ContactActions.contact_changed`). "They replied" logs an inbound reply on
the preferred channel through the same rule as any logged interaction, so they
then await your reply (and are at the top of the queue), as after a sync.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from netdeck.domain.interactions import InteractionKind
from netdeck.tui.palette import Command

if TYPE_CHECKING:
    from netdeck.services.actions import ActionOutcome, UndoToken
    from netdeck.services.api import DeckApi
    from netdeck.tui.host import ScreenHost

#: The actions and how they read in the command palette.
CONTACT_ACTION_PALETTE = {
    "draft_contact": Command("A personal message from a snippet, checked and copied", "Draft"),
    "log_done": Command("Log a message, call or meeting with them", "Log it done"),
    "log_reply": Command("They wrote to you: logged, and they await your reply", "They replied"),
    "snooze_contact": Command("Move their due date", "Snooze"),
    "log_note": Command("A private note on their timeline (not a conversation)", "Add a note"),
    "pull_contact": Command("In today's queue now, past the daily size", "Pull into today"),
}


def both_kept(others_did: str) -> str:
    """What the later of two users acting on one person hears: "Alex also messaged Dana
    at 10:42 (both are kept)"."""
    return f"{others_did} (both are kept)"


def contact_action_bindings(*, reply: str = "r", pull: str = "p") -> list[Binding]:
    """The keys for the actions (``reply`` and ``pull`` where a screen uses r or p)."""
    return [
        Binding("m", "draft_contact", "Draft"),
        Binding("d", "log_done", "Done"),
        Binding(reply, "log_reply", "Replied"),
        Binding("s", "snooze_contact", "Snooze"),
        Binding("n", "log_note", "Note", show=False),
        Binding(pull, "pull_contact", "Pull in", show=False),
    ]


class ContactActions:
    """The actions on one person, for a :class:`~netdeck.tui.screens.base.DeckScreen`."""

    # What the mixin uses of the screen it is mixed into (DeckScreen provides them).
    host: ScreenHost
    app: Any
    run_deck: Callable[..., Any]
    notify: Callable[..., None]

    def acted_on(self) -> tuple[int, str] | None:
        """The id and name of the person the keys act on (None: nobody selected)."""
        raise NotImplementedError

    def contact_changed(self, contact_id: int) -> None:
        """Show what an action changed (reload the row or the card)."""

    def remember_undo(self, token: UndoToken, contact_id: int) -> None:
        """Where ``u`` will find the action's undo token: the app's undo stack."""
        self.host.undo_stack.append(token)

    # ------------------------------------------------------------ the actions

    def action_draft_contact(self) -> None:
        person = self.acted_on()
        if person is not None:
            contact_id = person[0]
            self.host.open_composer(contact_id, on_close=lambda _: self.contact_changed(contact_id))

    def log_target(self) -> tuple[int, str] | None:
        """The person Log… lists first (the contact screen's own); None: nobody."""
        return None

    def log_happened(self, contact_id: int, name: str, happened: str) -> None:
        """Log what :class:`~netdeck.tui.screens.log_flow.WhatHappened` was told."""
        match happened:
            case "replied":
                self.log_reply(contact_id, name)
            case "met":
                self.log_meeting(contact_id, name)
            case "note":
                self.ask_note(contact_id, name)
            case _:
                self.log_done(contact_id, name)

    def action_log_done(self) -> None:
        person = self.acted_on()
        if person is not None:
            self.log_done(*person)

    def log_done(self, contact_id: int, name: str) -> None:
        from netdeck.tui.screens.modals import LogModal, LogRequest

        def preset(channel: str) -> None:
            def logged(request: LogRequest | None) -> None:
                if request is not None:
                    kind = request.kind.replace("-", " ")
                    self.run_contact_action(
                        contact_id,
                        lambda deck: deck.mark_done(
                            contact_id,
                            channel=request.channel,
                            kind=request.kind,
                            note=request.note,
                        ),
                        f"Logged a {kind} with {name}",
                    )

            self.app.push_screen(LogModal(name, channel), logged)

        self.run_deck(lambda deck: deck.contact(contact_id, interaction_limit=0), _preset(preset))

    def action_log_reply(self) -> None:
        person = self.acted_on()
        if person is not None:
            self.log_reply(*person)

    def log_reply(self, contact_id: int, name: str) -> None:
        self.run_contact_action(
            contact_id,
            lambda deck: deck.mark_done(
                contact_id, channel=None, kind=InteractionKind.REPLY.value, note="", inbound=True
            ),
            f"Logged: {name} replied",
        )

    def log_meeting(self, contact_id: int, name: str) -> None:
        self.run_contact_action(
            contact_id,
            lambda deck: deck.mark_done(
                contact_id, channel="in-person", kind=InteractionKind.MEETING.value, note=""
            ),
            f"Logged: you met {name}",
        )

    def action_snooze_contact(self) -> None:
        from netdeck.tui.screens.modals import SnoozeModal

        person = self.acted_on()
        if person is None:
            return
        contact_id, name = person

        def chosen(until: date | None) -> None:
            if until is not None:
                self.run_contact_action(
                    contact_id,
                    lambda deck: deck.snooze(contact_id, until),
                    f"Snoozed {name} until {until:%a %d %b}",
                )

        self.app.push_screen(SnoozeModal(name, self.host.today()), chosen)

    def action_log_note(self) -> None:
        person = self.acted_on()
        if person is not None:
            self.ask_note(*person)

    def ask_note(self, contact_id: int, name: str) -> None:
        from netdeck.tui.screens.modals import NoteModal

        def written(note: str | None) -> None:
            if note:
                self.run_contact_action(
                    contact_id,
                    lambda deck: deck.mark_done(
                        contact_id, channel=None, kind=InteractionKind.NOTE.value, note=note
                    ),
                    f"Noted on {name}'s timeline",
                )

        self.app.push_screen(NoteModal(name), written)

    def action_pull_contact(self) -> None:
        person = self.acted_on()
        if person is not None:
            contact_id, name = person
            self.run_contact_action(
                contact_id, lambda deck: deck.pull(contact_id), f"Pulled {name} into today's queue"
            )

    def run_contact_action(
        self, contact_id: int, call: Callable[[DeckApi], ActionOutcome], message: str
    ) -> None:
        """Write in a worker; then say so (with the undo key) and refresh the row."""

        def done(outcome: ActionOutcome) -> None:
            self.remember_undo(outcome.undo, contact_id)
            self.notify(f"{message} · u to undo", markup=False)
            if outcome.others_did:  # another user acted on them today: news, not an error
                self.notify(both_kept(outcome.others_did), markup=False, timeout=10)
            self.contact_changed(contact_id)

        self.run_deck(call, done, what=message[:1].lower() + message[1:])


def _preset(then: Callable[[str], None]) -> Callable[[Any], None]:
    """From a contact's detail, the interaction channel its preferred address means."""
    from netdeck.domain.channels import INTERACTION_CHANNEL_FOR, ChannelKind

    def chosen(detail: Any) -> None:
        channel = "other"
        for address in sorted(detail.channels, key=lambda a: not a.preferred):
            channel = INTERACTION_CHANNEL_FOR[ChannelKind(address.kind)].value
            break
        then(channel)

    return chosen

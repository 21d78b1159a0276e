"""Helpers for the pilot tests: seed people through the services, drive the app, read it back.

Seeding goes through :mod:`netdeck.services` (never raw SQL), so the stored due
dates are what the rules say. :func:`drive` runs one scenario against
``NetdeckApp`` at 120x36; :class:`Ui` wraps the pilot so every key press is
followed by :func:`settle` (all database workers finished, their callbacks run).
Assertions about the database read it back with :func:`stored`, in a new session.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.worker import WorkerCancelled

from netdeck.domain.channels import ChannelKind
from netdeck.services.contacts import ContactFields, add_contact, get_contact
from netdeck.services.queue import todays_queue
from netdeck.services.schedule import log_interaction
from netdeck.services.settings import load_settings
from netdeck.store.database import Database
from netdeck.store.models import Contact, Interaction
from netdeck.tui.app import NetdeckApp
from tests.conftest import TODAY

SIZE = (120, 36)


# ---------------------------------------------------------------- seeding


def add_person(
    database: Database,
    name: str,
    *,
    linkedin: str | None = None,
    email: str | None = None,
    prefer: str | None = None,
    stage: str | None = None,
    cadence: str | None = None,
    company: str | None = None,
    notes: str | None = None,
    tags: list[str] | None = None,
    added_on: date = TODAY,
    last_talked: date | None = None,
) -> int:
    """Add a contact the way the CLI would; ``last_talked`` logs a message on that day."""
    addresses: dict[ChannelKind, list[str]] = {}
    if linkedin:
        addresses[ChannelKind.LINKEDIN] = [linkedin]
    if email:
        addresses[ChannelKind.EMAIL] = [email]
    with database.writing() as session:
        settings = load_settings(session)
        detail = add_contact(
            session,
            ContactFields(
                name=name,
                stage=stage,
                cadence=cadence,
                company=company,
                notes=notes,
                tags=tags,
                addresses=addresses,
                prefer=prefer,
            ),
            today=added_on,
            settings=settings,
        )
        if last_talked is not None:
            log_interaction(
                session,
                get_contact(session, detail.id),
                today=TODAY,
                settings=settings,
                on=last_talked,
                note="seeded",
            )
        return detail.id


def queue_ids(database: Database) -> list[int]:
    """Today's queue according to the service the TUI must agree with."""
    with database.reading() as session:
        snapshot = todays_queue(session, today=TODAY, settings=load_settings(session))
    return [entry.id for entry in snapshot.entries]


# ---------------------------------------------------------------- reading back


@dataclass(frozen=True)
class StoredInteraction:
    occurred_on: date
    channel: str
    kind: str
    note: str


@dataclass(frozen=True)
class StoredContact:
    """What the database holds for one contact, compared whole to catch stray changes."""

    name: str
    stage: str
    stage_since: date
    next_due_on: date | None
    snoozed_until: date | None
    skipped_on: date | None
    last_interaction_on: date | None
    connected_on: date | None
    company: str
    notes: str
    ask_about: str
    channels: tuple[tuple[str, str, bool], ...]
    interactions: tuple[StoredInteraction, ...]


def stored(database: Database, contact_id: int) -> StoredContact:
    """Read one contact in a new session (so we see what was committed)."""
    with database.reading() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None, f"contact {contact_id} is not in the database"
        interactions = session.scalars(
            select(Interaction).where(Interaction.contact_id == contact_id).order_by(Interaction.id)
        )
        return StoredContact(
            name=contact.full_name,
            stage=contact.stage,
            stage_since=contact.stage_since,
            next_due_on=contact.next_due_on,
            snoozed_until=contact.snoozed_until,
            skipped_on=contact.skipped_on,
            last_interaction_on=contact.last_interaction_on,
            connected_on=contact.connected_on,
            company=contact.company,
            notes=contact.notes,
            ask_about=contact.ask_about,
            channels=tuple(sorted((ch.kind, ch.value, ch.preferred) for ch in contact.channels)),
            interactions=tuple(
                StoredInteraction(i.occurred_on, i.channel, i.kind, i.note) for i in interactions
            ),
        )


def contact_names(database: Database) -> list[str]:
    with database.reading() as session:
        return sorted(session.scalars(select(Contact.full_name)))


def contact_id_named(database: Database, name: str) -> int:
    with database.reading() as session:
        return session.scalars(select(Contact.id).where(Contact.full_name == name)).one()


def cadence_of(database: Database, contact_id: int) -> int | None:
    """The contact's own cadence in days (None: the default setting)."""
    with database.reading() as session:
        return session.get(Contact, contact_id).cadence_days  # type: ignore[union-attr]


def stored_settings(database: Database):
    with database.reading() as session:
        return load_settings(session)


# ---------------------------------------------------------------- driving the app


async def settle(pilot: Pilot, *, idle: bool = False, rounds: int = 100) -> None:
    """Wait until no worker is running and the message queue is drained.

    ``pilot.pause()`` does not wait for thread workers, and a worker's callback
    may start the next one (an action reloads the queue, which loads the card),
    so loop until a pause leaves nothing running. A superseded exclusive worker
    ends cancelled, which is fine; a failed one raises ``WorkerFailed`` (a bug).
    ``idle=True`` says the caller has just waited for the app to go idle (as
    ``pilot.press`` does), so with no worker running there is nothing to wait for.
    """
    app = pilot.app
    for _ in range(rounds):
        running = [worker for worker in app.workers if not worker.is_finished]
        if idle and not running:
            return
        for worker in running:
            with suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()
        if not running and not any(not worker.is_finished for worker in app.workers):
            return
    raise AssertionError("the app kept starting workers; it never settled")


@dataclass(frozen=True)
class Notified:
    message: str
    title: str
    severity: str


class Ui:
    """The running app, with key presses that wait for the database work they start.

    Every notification is recorded in :attr:`notified` (the app's own list drops
    them after their timeout, which a slow machine could reach mid-test).
    """

    pilot: Pilot

    def __init__(self, app: NetdeckApp) -> None:
        self.app = app
        self.notified: list[Notified] = []
        show = app.notify

        def notify(message: str, **options) -> None:
            self.notified.append(
                Notified(
                    message,
                    options.get("title", ""),
                    options.get("severity", "information"),
                )
            )
            show(message, **options)

        app.notify = notify  # type: ignore[method-assign]

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await settle(self.pilot, idle=True)

    async def type(self, text: str) -> None:
        """Type ``text`` into whatever has focus, one key event per character.

        The keys are queued at once, as a fast typist's keys arrive, instead of
        ``pilot.press`` waiting for the app to go idle after each one (about
        0.1 s a key on the contact form); each still goes through the app's
        key handling (bindings, the focused Input), in order.
        """
        for char in text:
            self.app.post_message(events.Key(_character_to_key(char), char))
        await self.settle()

    async def settle(self) -> None:
        await settle(self.pilot)

    async def focus(self, selector: str) -> None:
        """Put the cursor in a field (what tab or a click would do)."""
        self.app.screen.query_one(selector).focus()
        await self.settle()

    async def paste(self, text: str) -> None:
        """Paste ``text`` into whatever has focus, as a terminal delivers a paste.

        One event instead of a key per character: a key costs ~0.1 s on the
        contact form, so long values are pasted where typing is not the point.
        """
        self.app.post_message(events.Paste(text))
        await self.settle()

    async def clear(self) -> None:
        """Empty the focused Input the way a user would (end, then ctrl+u)."""
        await self.press("end", "ctrl+u")

    async def retype(self, text: str) -> None:
        """Replace whatever the focused Input holds with ``text``, typed key by key."""
        await self.clear()
        await self.type(text)

    @property
    def screen(self):
        return self.app.screen

    @property
    def queue(self) -> DataTable:
        return self.app.screen.query_one("#queue", DataTable)

    def queue_ids(self) -> list[int]:
        table = self.queue
        return [int(row.key.value) for row in table.ordered_rows]  # type: ignore[arg-type]

    def selected_id(self) -> int | None:
        return self.app.screen.selected_id()  # type: ignore[attr-defined]

    def notifications(self) -> list[str]:
        return [notification.message for notification in self.notified]

    def text(self) -> str:
        """The screen as the user sees it, one line per row (styles dropped)."""
        strips = self.app.screen._compositor.render_strips()
        return "\n".join(strip.text for strip in strips)

    def error_shown(self, selector: str) -> str:
        """The message an error label under a field shows ("" when hidden or empty)."""
        label = self.app.screen.query_one(selector)
        return str(label.render()).strip() if label.display else ""

    def widget_text(self, selector: str) -> str:
        """The lines one widget shows right now."""
        widget = self.app.screen.query_one(selector)
        region = widget.region
        lines = self.text().splitlines()[region.y : region.bottom]
        return "\n".join(line[region.x : region.right] for line in lines)


Scenario = Callable[[Ui], Awaitable[None]]


def drive(
    db_path: Path | str,
    scenario: Scenario,
    *,
    app: NetdeckApp | None = None,
    size: tuple[int, int] = SIZE,
) -> NetdeckApp:
    """Run ``scenario`` against the app on ``db_path`` (a file, or the ``backend_target``
    of a test that also runs on PostgreSQL) in a ``size`` terminal (pytest-asyncio is
    not installed)."""
    app = app or NetdeckApp(str(db_path))

    async def main() -> None:
        ui = Ui(app)  # before start-up, to record its notifications too
        async with app.run_test(size=size) as pilot:
            ui.pilot = pilot
            await ui.settle()
            await scenario(ui)

    asyncio.run(main())
    return app


@pytest.fixture
def seeded(database: Database) -> dict[str, int]:
    """Four people due today, most overdue first, and one who is not due until December."""
    people = {
        # 55 days late on a 30-day cadence: the most overdue, first in the queue.
        "ada": add_person(
            database,
            "Ada Lovelace",
            linkedin="https://www.linkedin.com/in/ada-lovelace",
            email="ada@example.com",
            prefer="email",
            company="Analytical Engines",
            cadence="30",
            last_talked=date(2026, 9, 1),
        ),
        "grace": add_person(
            database,
            "Grace Hopper",
            linkedin="linkedin.com/in/grace-hopper",
            company="Navy",
            cadence="30",
            last_talked=date(2026, 10, 1),
        ),
        "alan": add_person(
            database,
            "Alan Turing",
            email="alan@example.com",
            cadence="30",
            last_talked=date(2026, 10, 15),
        ),
        "edsger": add_person(
            database,
            "Edsger Dijkstra",
            linkedin="https://www.linkedin.com/in/ewd",
            cadence="30",
            last_talked=date(2026, 10, 20),
        ),
        # Talked last week: due in December, not today.
        "barbara": add_person(
            database,
            "Barbara Liskov",
            email="barbara@example.com",
            cadence="30",
            last_talked=date(2026, 11, 18),
        ),
    }
    return people

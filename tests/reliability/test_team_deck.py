"""A team on one PostgreSQL deck at once: four writers (threads, each its own open deck,
engine and user) log interactions, snooze, add and edit people in a loop while two TUI
users (two NetdeckApp instances driven by Pilot in one event loop) open the composer,
send and snooze, for a minute (``-m slow``; a few seconds in the default run).

Afterwards every write each of them made is in the database (nothing lost), no TUI
showed an error notification, and nothing raised. The writers and the TUI users act
on the same people, so claims are taken over, composers are asked "Write anyway?",
and the later of two writes is told what the other did: all of it news, never an
error.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlalchemy import select

from netdeck.domain.errors import NetdeckError
from netdeck.services.api import DeckApi
from netdeck.services.contacts import ContactFields
from netdeck.store.models import Contact, Interaction
from netdeck.tui.app import NetdeckApp
from netdeck.tui.screens.composer import ComposerScreen
from netdeck.tui.screens.modals import ConfirmModal, SnoozeModal
from netdeck.tui.screens.queue import QueueScreen
from tests.conftest import TODAY
from tests.tui.conftest import SIZE, Ui, settle

WRITERS = 4
SHARED_PEOPLE = 80


@dataclass
class WriterLog:
    """What one writer wrote (to look for afterwards) and anything that went wrong."""

    user: str
    own_id: int
    notes: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    last_edit: str | None = None
    last_snooze: object = None
    errors: list[BaseException] = field(default_factory=list)


def seed(target: str) -> tuple[list[int], list[int]]:
    """The people everybody acts on (all due today) and one of each writer's own."""
    deck = DeckApi.open(target, lambda: TODAY, "setup")
    try:
        deck.change_settings({"queue-size": "500"})
        shared = [
            deck.save_contact(
                None,
                ContactFields(
                    name=f"Shared {n:03d}",
                    stage="connected",
                    connected_on="2026-11-01",
                    addresses={},
                ),
            ).id
            for n in range(SHARED_PEOPLE)
        ]
        own = [
            deck.save_contact(None, ContactFields(name=f"Own {n}", cadence="30")).id
            for n in range(WRITERS)
        ]
    finally:
        deck.close()
    return shared, own


def write_in_a_loop(target: str, log: WriterLog, shared: list[int], until: float) -> None:
    """Log, snooze, add and edit until ``until``, recording every write."""
    deck = DeckApi.open(target, lambda: TODAY, log.user)
    try:
        step = 0
        while time.monotonic() < until:
            person = shared[(step * 7 + int(log.user[-1]) * 13) % len(shared)]
            note = f"{log.user}-{step}"
            deck.mark_done(person, channel="email", kind="message", note=note)
            log.notes.append(note)
            day = TODAY + timedelta(days=step % 20 + 1)
            deck.snooze(log.own_id, day)
            log.last_snooze = day
            if step % 3 == 0:
                name = f"{log.user} added {step}"
                deck.save_contact(None, ContactFields(name=name))
                log.added.append(name)
            edit = f"{log.user} edit {step}"
            deck.save_contact(log.own_id, ContactFields(notes=edit))
            log.last_edit = edit
            step += 1
    except BaseException as error:  # every failure is the test's to report
        log.errors.append(error)
    finally:
        deck.close()


async def use_the_tui(ui: Ui, until: float, sent: list[str]) -> None:
    """Open the composer on the first person, write anyway if asked, send; every other
    round snooze the next person instead; until ``until``."""
    round_ = 0
    while time.monotonic() < until:
        round_ += 1
        if not isinstance(ui.screen, QueueScreen) or not ui.queue_ids():
            await ui.press("r")
            await asyncio.sleep(0.05)
            continue
        if round_ % 2:
            await ui.press("m")
            if isinstance(ui.screen, ConfirmModal):  # another user is writing to them
                await ui.press("y")
            if isinstance(ui.screen, ComposerScreen) and ui.screen.draft is not None:
                name = ui.screen.draft.contact_name
                await ui.press("ctrl+t")
                if isinstance(ui.screen, QueueScreen):
                    sent.append(name)
            while not isinstance(ui.screen, QueueScreen):
                await ui.press("escape")
        else:
            await ui.press("s")
            if isinstance(ui.screen, SnoozeModal):
                await ui.press("1")
        await settle(ui.pilot)


async def two_tui_users(target: str, until: float) -> dict[str, tuple[Ui, list[str]]]:
    apps = {user: NetdeckApp(target, user=user) for user in ("Tui1", "Tui2")}
    uis = {user: Ui(app) for user, app in apps.items()}
    sent: dict[str, list[str]] = {user: [] for user in apps}
    async with apps["Tui1"].run_test(size=SIZE) as one, apps["Tui2"].run_test(size=SIZE) as two:
        uis["Tui1"].pilot, uis["Tui2"].pilot = one, two
        await settle(one)
        await settle(two)
        runs: list[Awaitable[None]] = [use_the_tui(uis[user], until, sent[user]) for user in apps]
        await asyncio.gather(*runs)
    return {user: (uis[user], sent[user]) for user in apps}


def run_the_team(target: str, seconds: float) -> None:
    shared, own = seed(target)
    logs = [WriterLog(f"Writer{n}", own[n]) for n in range(WRITERS)]
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=write_in_a_loop, args=(target, log, shared, until)) for log in logs
    ]
    for thread in threads:
        thread.start()
    try:
        tui = asyncio.run(two_tui_users(target, until))
    finally:
        for thread in threads:
            thread.join(timeout=seconds + 60)
    for log in logs:
        assert log.errors == [], (log.user, log.errors)
        assert log.notes, f"{log.user} wrote nothing"
    for user, (ui, sent) in tui.items():
        errors = [n for n in ui.notified if n.severity == "error"]
        assert errors == [], (user, errors)
        assert sent, f"{user} sent nothing"
    check_nothing_lost(target, logs, {user: sent for user, (_, sent) in tui.items()})


def check_nothing_lost(target: str, logs: list[WriterLog], sent: dict[str, list[str]]) -> None:
    deck = DeckApi.open(target, lambda: TODAY, "check")
    try:
        with deck.database.reading() as session:
            stored = session.execute(
                select(Interaction.actor, Interaction.note, Contact.full_name).join(
                    Contact, Contact.id == Interaction.contact_id
                )
            ).all()
            names = set(session.scalars(select(Contact.full_name)))
            own = {row.id: row for row in session.scalars(select(Contact))}
    finally:
        deck.close()
    notes = {(row.actor, row.note) for row in stored}
    for log in logs:
        assert {(log.user, note) for note in log.notes} <= notes, log.user
        assert set(log.added) <= names, log.user
        assert own[log.own_id].notes == log.last_edit
        assert own[log.own_id].snoozed_until == log.last_snooze
    for user, names_sent in sent.items():
        to = sorted(row.full_name for row in stored if row.actor == user)
        assert sorted(names_sent) == to, user


def a_team_on_one_deck(backend_target: str, seconds: float) -> None:
    try:
        run_the_team(backend_target, seconds)
    except NetdeckError as error:  # a user's error is a failure here, said plainly
        pytest.fail(f"a write was refused: {error}")


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_four_writers_and_two_tui_users_for_a_few_seconds(backend_target: str) -> None:
    a_team_on_one_deck(backend_target, 6)


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_four_writers_and_two_tui_users_for_a_minute(backend_target: str) -> None:
    a_team_on_one_deck(backend_target, 60)

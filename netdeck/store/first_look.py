"""Today's queue read with the standard library alone, for the TUI's first frame.

Importing SQLAlchemy costs about as much as importing Textual, so the TUI's
start-up (:mod:`netdeck.services.startup`) first runs the queue's own SQL (compiled into
:mod:`netdeck.store.queue_sql_generated` by ``tools/generate_startup_sql.py``)
through ``sqlite3``, read-only, in a thread while Textual imports, and the queue
screen is composed with those rows; the full snapshot (counts, card, everything
after) then comes through the services as usual. Used only for a SQLite file
already at the head schema revision; on any problem the caller simply waits for
the full load.

A shared deck (more than one user in ``deck_users``) is left to the full load: its
queue depends on who is running it (theirs and nobody's) and says who else touched
each person, which this reader does not know; :class:`SharedDeck` says so and the
first frame waits for the services (choice: one queue rule, in one place, rather
than a second copy of it here).

The note budget paces it here too: this month's notes are counted with the
generated note-use SQL and :func:`netdeck.domain.note_budget.notes_for_today`
gives the allowance the due SQL binds, so the first frame holds the same
prospects as the full load.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from netdeck.domain.note_budget import NoteUse, month_start, notes_for_today
from netdeck.domain.scheduling import daily_cap, queue_with_pulled, reply_window_start
from netdeck.domain.settings import Settings, settings_from_stored
from netdeck.store import queue_sql_generated
from netdeck.store.preflight import read_only_uri


class SharedDeck(Exception):
    """The deck has several users: its queue comes from the full load only."""


@dataclass(frozen=True, slots=True)
class FirstLook:
    settings: Settings
    done_today: int
    rows: list[
        tuple
    ]  # queue rows (netdeck.services.queue_rows.QUEUE_ROW_FIELDS), dates as ISO text
    pulled_ids: frozenset[int] = frozenset()  # the rows pulled into today's queue


def read_first_look(path: Path, *, today: date) -> FirstLook:
    """The settings, how many were done today, and today's queue rows."""
    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        (users,) = connection.execute(
            queue_sql_generated.DECK_USERS_SQL, queue_sql_generated.DECK_USERS_CONSTANTS
        ).fetchone()
        if users > 1:
            raise SharedDeck(path)
        stored = connection.execute(
            queue_sql_generated.SETTINGS_SQL, queue_sql_generated.SETTINGS_CONSTANTS
        )
        settings = settings_from_stored(dict(stored.fetchall()))
        day = {"today": today.isoformat()}
        (done,) = connection.execute(
            queue_sql_generated.DONE_TODAY_SQL, queue_sql_generated.DONE_TODAY_CONSTANTS | day
        ).fetchone()
        cap = daily_cap(settings.queue_size, done)
        allowance = notes_for_today(
            _note_use(connection, today), settings.linkedin_notes_limit, today
        )
        parameters = day | {
            "default_cadence": settings.default_cadence,
            "reply_since": reply_window_start(today, settings.reply_window).isoformat(),
            "note_allowance": queue_sql_generated.NO_LIMIT if allowance is None else allowance,
        }
        pulled = connection.execute(
            queue_sql_generated.PULLED_SQL, queue_sql_generated.PULLED_CONSTANTS | parameters
        ).fetchall()
        due = []
        if cap:
            due = connection.execute(
                queue_sql_generated.DUE_SQL,
                queue_sql_generated.DUE_CONSTANTS | parameters | {"queue_limit": cap + len(pulled)},
            ).fetchall()
        rows = queue_with_pulled(pulled, due, cap, lambda row: int(row[0]))
        return FirstLook(settings, done, rows, frozenset(row[0] for row in pulled))
    finally:
        connection.close()


def _note_use(connection: sqlite3.Connection, today: date) -> NoteUse:
    """This month's LinkedIn notes (:func:`netdeck.services.note_budget.note_use`)."""
    used, used_today, last = connection.execute(
        queue_sql_generated.NOTE_USE_SQL,
        queue_sql_generated.NOTE_USE_CONSTANTS
        | {"today": today.isoformat(), "month_start": month_start(today).isoformat()},
    ).fetchone()
    return NoteUse(
        used=used or 0,
        used_today=used_today or 0,
        last_before_today=date.fromisoformat(last) if last else None,
    )

"""Today's queue read with the standard library alone, for the TUI's first frame.

Importing SQLAlchemy costs about as much as importing Textual, so the TUI's
start-up (:mod:`netdeck.services.startup`) first runs the queue's own SQL (compiled into
:mod:`netdeck.store.queue_sql_generated` by ``tools/generate_startup_sql.py``)
through ``sqlite3``, read-only, in a thread while Textual imports, and the queue
screen is composed with those rows; the full snapshot (counts, card, everything
after) then comes through the services as usual. Used only for a SQLite file
already at the head schema revision, or a PostgreSQL deck at it (the same
statements compiled for PostgreSQL, run through libpq without SQLAlchemy or psycopg:
:mod:`netdeck.store.libpq`); on
any problem the caller simply waits for the full load.

A shared deck (someone other than the run's user in ``deck_users``) reads the
user's people and nobody's, with the user's own conversations counted toward the
daily size, as the services do; who else touched or claimed each person comes
with the full load.

The note budget paces it here too: this month's notes are counted with the
generated note-use SQL and :func:`netdeck.domain.note_budget.notes_for_today`
gives the allowance the due SQL binds, so the first frame holds the same
prospects as the full load.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from netdeck.domain.note_budget import NoteUse, month_start, notes_for_today
from netdeck.domain.scheduling import daily_cap, queue_with_pulled, reply_window_start
from netdeck.domain.settings import Settings, settings_from_stored
from netdeck.store import queue_sql_generated, revision
from netdeck.store.preflight import read_only_uri


@dataclass(frozen=True, slots=True)
class FirstLook:
    settings: Settings
    done_today: int
    rows: list[
        tuple
    ]  # queue rows (netdeck.services.queue_rows.QUEUE_ROW_FIELDS), dates as ISO text
    pulled_ids: frozenset[int] = frozenset()  # the rows pulled into today's queue


class _Statements:
    """One dialect's text of the queue's queries (:mod:`netdeck.store.queue_sql_generated`)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self, name: str) -> tuple[str, dict[str, object]]:
        """The statement ``name`` (``DUE``, ``PULLED``...) and its constant parameters."""
        sql = getattr(queue_sql_generated, f"{self.prefix}{name}_SQL")
        return sql, dict(getattr(queue_sql_generated, f"{self.prefix}{name}_CONSTANTS"))


SQLITE = _Statements("")
POSTGRESQL = _Statements("PG_")


def read_first_look(path: Path, *, today: date) -> FirstLook:
    """The settings, how many were done today, and today's queue rows, from a SQLite file."""
    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        return _read(connection, SQLITE, today)
    finally:
        connection.close()


def read_first_look_postgresql(uri: str, *, today: date) -> FirstLook | None:
    """The same from a PostgreSQL deck (``uri`` in libpq's form), through libpq itself
    (:mod:`netdeck.store.libpq`; psycopg where no libpq can be loaded); ``None`` when
    the deck is not at this netdeck's schema revision (the full load migrates it, or
    says why it cannot)."""
    from netdeck.store import libpq

    try:
        connection: Any = libpq.Connection(uri, connect_timeout=5)
    except libpq.LibpqMissing:
        import psycopg

        connection = psycopg.connect(uri, connect_timeout=5, autocommit=True)
        connection.read_only = True
    with connection:
        found = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        if [row[0] for row in found] != [revision.HEAD_REVISION]:
            return None
        return _read(connection, POSTGRESQL, today)


def _read(connection: Any, statements: _Statements, today: date) -> FirstLook:
    def run(name: str, parameters: Mapping[str, object] | None = None) -> Any:
        sql, constants = statements(name)
        return connection.execute(sql, {**constants, **(parameters or {})})

    settings = settings_from_stored(dict(run("SETTINGS").fetchall()))
    me = _me(settings)
    (others,) = run("OTHER_USERS", {"me": me}).fetchone()
    # A shared deck: the user's people and nobody's, and their own conversations today.
    mine = "MY_" if others else ""
    day = {"today": today.isoformat(), "me": me}
    (done,) = run(f"{mine}DONE_TODAY", day).fetchone()
    cap = daily_cap(settings.queue_size, done)
    allowance = notes_for_today(_note_use(run, today), settings.linkedin_notes_limit, today)
    parameters = day | {
        "default_cadence": settings.default_cadence,
        "reply_since": reply_window_start(today, settings.reply_window).isoformat(),
        "note_allowance": queue_sql_generated.NO_LIMIT if allowance is None else allowance,
    }
    pulled = [_as_text(row) for row in run(f"{mine}PULLED", parameters).fetchall()]
    due: list[tuple[Any, ...]] = []
    wanted = cap + len(pulled)
    # Those awaiting your reply head the queue; the rest only when they do not fill it
    # (netdeck.services.queue._queue_entries).
    for part in ("AWAITING", "DUE"):
        if cap and len(due) < wanted:
            found = run(f"{mine}{part}", parameters | {"queue_limit": wanted - len(due)})
            due += [_as_text(row) for row in found.fetchall()]
    rows = queue_with_pulled(pulled, due, cap, lambda row: int(row[0]))
    return FirstLook(settings, done, rows, frozenset(row[0] for row in pulled))


def _me(settings: Settings) -> str:
    """The run's user, as :attr:`netdeck.services.api.DeckApi.user` resolves it."""
    from netdeck.domain.users import resolve_user
    from netdeck.whoami import explicit_user, login_name

    return resolve_user(explicit_user(), settings.me, login_name())


def _as_text(row: Sequence[Any]) -> tuple[Any, ...]:
    """A row with its dates as ISO text, as SQLite gives them (PostgreSQL gives dates)."""
    return tuple(value.isoformat() if isinstance(value, date) else value for value in row)


def _note_use(run: Callable[..., Any], today: date) -> NoteUse:
    """This month's LinkedIn notes (:func:`netdeck.services.note_budget.note_use`)."""
    used, used_today, last = run(
        "NOTE_USE", {"today": today.isoformat(), "month_start": month_start(today).isoformat()}
    ).fetchone()
    if isinstance(last, str):
        last = date.fromisoformat(last)
    return NoteUse(used=used or 0, used_today=used_today or 0, last_before_today=last or None)

"""The TUI's start-up path: the queue's first rows without SQLAlchemy, and equal to the service's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from netdeck.demo.fill import fill_demo_database
from netdeck.services.contacts import get_contact
from netdeck.services.queue import todays_queue
from netdeck.services.queue_rows import queue_entry
from netdeck.services.schedule import log_interaction, pull_into_today
from netdeck.services.settings import change_setting, load_settings
from netdeck.store.database import open_database
from netdeck.store.first_look import read_first_look
from netdeck.store.models import Contact
from tests.conftest import TODAY
from tools import generate_startup_sql


def test_the_written_startup_sql_matches_the_queue_statements():
    written = generate_startup_sql.TARGET.read_text(encoding="utf-8")
    assert written == generate_startup_sql.render(), f"run: {generate_startup_sql.COMMAND}"


def test_first_look_shows_the_same_rows_as_the_queue_service(tmp_path: Path):
    path = tmp_path / "demo.db"
    fill_demo_database(str(path), contacts=400, interactions_per_contact=3, seed=3, today=TODAY)
    database = open_database(str(path))
    try:
        with database.writing() as session:
            change_setting(session, "queue-size", "12")
            change_setting(session, "default-cadence", "21")
            settings = load_settings(session)
            first_due = todays_queue(session, today=TODAY, settings=settings).entries[0]
            log_interaction(
                session, get_contact(session, first_due.id), today=TODAY, settings=settings
            )
            # Someone pulled in who is never due: first, past the daily size, in both.
            never_due = session.scalars(
                select(Contact.id).where(Contact.next_due_on.is_(None)).limit(1)
            ).one()
            pull_into_today(get_contact(session, never_due), today=TODAY)
        with database.reading() as session:
            snapshot = todays_queue(session, today=TODAY, settings=load_settings(session))
    finally:
        database.close()

    look = read_first_look(path, today=TODAY)
    entries = [
        queue_entry(row, today=TODAY, settings=look.settings, pulled=row[0] in look.pulled_ids)
        for row in look.rows
    ]

    assert look.settings.queue_size == 12
    assert look.done_today == 1 == snapshot.done_today
    assert len(entries) == 12
    assert (entries[0].id, entries[0].pulled) == (never_due, True)
    assert [
        (e.id, e.reason, e.due_on, e.overdue_days, e.cadence_days, e.pulled) for e in entries
    ] == [
        (e.id, e.reason, e.due_on, e.overdue_days, e.cadence_days, e.pulled)
        for e in snapshot.entries
    ]


def test_the_first_frame_needs_no_sqlalchemy_alembic_or_jinja(tmp_path: Path):
    path = tmp_path / "demo.db"
    fill_demo_database(str(path), contacts=50, interactions_per_contact=2, seed=1, today=TODAY)
    script = f"""
import sys
from datetime import date
from pathlib import Path
import netdeck.cli, netdeck.tui.app
from netdeck.store.preflight import check_before_start
from netdeck.domain.settings import Settings
from netdeck.store.first_look import read_first_look
from netdeck.services.queue_rows import queue_entry
ready = check_before_start({str(path)!r})
look = read_first_look(ready, today=date(2026, 11, 25))
entries = [queue_entry(r, today=date(2026, 11, 25), settings=Settings(default_cadence=30)) for r in look.rows]
assert entries
heavy = [m for m in ("sqlalchemy", "alembic", "jinja2", "vobject") if m in sys.modules]
print(",".join(heavy) or "none")
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "none"


def test_the_real_command_opens_the_queue_without_alembic_jinja_vobject_or_importers(
    tmp_path: Path,
):
    """``netdeck`` through the CLI's own TUI path, headless, until the queue is fully loaded."""
    path = tmp_path / "demo.db"
    fill_demo_database(str(path), contacts=50, interactions_per_contact=2, seed=1, today=TODAY)
    script = f"""
import sys
from textual.app import App

original_run = App.run

async def until_loaded(pilot):
    app = pilot.app
    for _ in range(600):
        await pilot.pause(0.05)
        table = app.screen.query("#queue")
        busy = [w for w in app.workers if not w.is_finished]
        if table and table.first().row_count and app.screen.snapshot is not None and not busy:
            break
    else:
        raise SystemExit("the queue never loaded")
    heavy = sorted(
        name for name in sys.modules
        if name.split(".")[0] in {{"alembic", "jinja2", "vobject"}}
        or name.startswith("netdeck.importers")
    )
    print("rows", app.screen.query_one("#queue").row_count)
    print("heavy", ",".join(heavy) or "none")
    app.exit()

App.run = lambda self, **kw: original_run(self, headless=True, size=(120, 36), auto_pilot=until_loaded)
from netdeck.cli import main
sys.exit(main(["--db", {str(path)!r}]))
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=os.environ | {"NETDECK_TODAY": TODAY.isoformat(), "NETDECK_DATA_DIR": str(tmp_path)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert any(line.startswith("rows ") and line != "rows 0" for line in lines), result.stdout
    assert "heavy none" in lines, result.stdout


def test_first_look_gives_key_dates_the_same_place_and_reason_as_the_queue_service(
    tmp_path: Path,
):
    from datetime import timedelta

    from netdeck.services.api import DeckApi
    from netdeck.services.contacts import ContactFields

    path = tmp_path / "demo.db"
    fill_demo_database(str(path), contacts=200, interactions_per_contact=3, seed=4, today=TODAY)
    database = open_database(str(path))
    try:
        deck = DeckApi(database, lambda: TODAY)
        deck.change_settings({"queue-size": "30"})
        for name, stage in (("Bea Birthday", "active"), ("Rem Dormant", "dormant")):
            deck.save_contact(None, ContactFields(name=name, stage=stage))
        deck.mark_done("Bea Birthday", channel=None, kind="call", note="", on=TODAY - timedelta(5))
        deck.set_birthday("Bea Birthday", "02-29")  # moved to today below
        deck.add_reminder("Rem Dormant", TODAY.isoformat(), note="ask how the launch went")
        with database.writing() as session:
            bea = session.scalars(select(Contact).where(Contact.full_name == "Bea Birthday")).one()
            bea.key_dates[0].month, bea.key_dates[0].day = TODAY.month, TODAY.day
            from netdeck.services.key_dates import refresh_key_date

            refresh_key_date(bea, load_settings(session))
        snapshot = deck.queue()
    finally:
        database.close()

    look = read_first_look(path, today=TODAY)
    entries = [
        queue_entry(row, today=TODAY, settings=look.settings, pulled=row[0] in look.pulled_ids)
        for row in look.rows
    ]
    reasons = {e.name: e.reason for e in entries}
    assert reasons["Bea Birthday"] == "birthday today"
    assert reasons["Rem Dormant"] == "you asked to: ask how the launch went"
    assert [(e.id, e.reason, e.due_on, e.overdue_days, e.pulled) for e in entries] == [
        (e.id, e.reason, e.due_on, e.overdue_days, e.pulled) for e in snapshot.entries
    ]


def test_first_look_paces_note_only_prospects_as_the_queue_service(tmp_path: Path):
    """A deck with more note-only prospects due than today's notes allow: the first frame
    holds the same ones as the full load (free plan, one note sent earlier this month,
    a second today)."""
    from datetime import timedelta

    from sqlalchemy import update

    from netdeck.services.api import DeckApi
    from netdeck.services.contacts import ContactFields
    from netdeck.store.models import Interaction

    path = tmp_path / "demo.db"
    fill_demo_database(str(path), contacts=200, interactions_per_contact=3, seed=5, today=TODAY)
    database = open_database(str(path))
    try:
        deck = DeckApi(database, lambda: TODAY)
        deck.change_settings({"queue-size": "40", "linkedin-notes-per-month": "30"})
        for n in range(6):
            deck.save_contact(None, ContactFields(name=f"Pia Prospect {n}", stage="prospect"))
        with database.writing() as session:
            session.execute(
                update(Contact)
                .where(Contact.full_name.like("Pia Prospect%"))
                .values(next_due_on=TODAY - timedelta(days=20))
            )
            someone = session.scalars(select(Contact.id).limit(1)).one()
            for on in (TODAY - timedelta(days=9), TODAY):
                session.add(
                    Interaction(
                        contact_id=someone,
                        occurred_on=on,
                        channel="linkedin",
                        kind="connection-request",
                        direction="outbound",
                        text_sent="Hello",
                    )
                )
        snapshot = deck.queue()
    finally:
        database.close()

    look = read_first_look(path, today=TODAY)
    entries = [
        queue_entry(row, today=TODAY, settings=look.settings, pulled=row[0] in look.pulled_ids)
        for row in look.rows
    ]
    # 29 notes left at the start of the day, 6 days: 5 today, one of them sent.
    assert snapshot.held > 0
    shown = [e.name for e in snapshot.entries if e.name.startswith("Pia Prospect")]
    assert len(shown) < 6
    assert [(e.id, e.reason, e.due_on, e.pulled) for e in entries] == [
        (e.id, e.reason, e.due_on, e.pulled) for e in snapshot.entries
    ]


def test_first_look_of_a_shared_deck_is_the_users_queue(tmp_path: Path, monkeypatch):
    """A deck someone else has written to (even before the user's own first write) gives
    the user's people and nobody's, and counts only the user's conversations today."""
    from netdeck.services.api import DeckApi
    from netdeck.services.contacts import ContactFields

    path = tmp_path / "demo.db"
    fill_demo_database(str(path), contacts=60, interactions_per_contact=1, seed=2, today=TODAY)
    database = open_database(str(path))
    try:
        alex = DeckApi(database, lambda: TODAY, "Alex")
        due = [entry.id for entry in alex.queue().entries]
        for contact_id in due[:3]:  # Alex's people: not in Sam's queue
            alex.save_contact(contact_id, ContactFields(owner="Alex"))
        alex.mark_done(due[3], channel="email", kind="message", note="hi")
        sam = DeckApi(database, lambda: TODAY, "Sam")
        expected = sam.queue()
    finally:
        database.close()
    monkeypatch.setenv("NETDECK_USER", "Sam")
    look = read_first_look(path, today=TODAY)
    assert look.done_today == expected.done_today == 0
    assert [row[0] for row in look.rows] == [entry.id for entry in expected.entries]
    assert not set(due[:3]) & {row[0] for row in look.rows}
    assert expected.entries

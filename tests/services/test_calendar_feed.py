"""The calendar feed: who is due in the next N days and their key dates, written as an
iCalendar file that parses back, with UIDs that stay the same from run to run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from netdeck.domain.errors import InvalidInput
from netdeck.domain.settings import Settings
from netdeck.services.calendar_feed import write_calendar
from netdeck.services.contacts import get_contact
from netdeck.services.schedule import log_interaction
from netdeck.services.views import ContactDetail
from netdeck.store.database import Database
from netdeck.store.models import KeyDate
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

Add = Callable[..., ContactDetail]


def talked(database: Database, contact_id: int, on: date, today: date) -> None:
    with database.writing() as session:
        log_interaction(
            session, get_contact(session, contact_id), today=today, settings=Settings(), on=on
        )


def key_date(database: Database, contact_id: int, kind: str, month: int, day: int, **more) -> None:
    with database.writing() as session:
        session.add(
            KeyDate(
                contact_id=contact_id,
                kind=kind,
                month=month,
                day=day,
                year=more.pop("year", None),
                yearly=more.pop("yearly", True),
                note=more.pop("note", ""),
                added_on=more.pop("added_on", date(2020, 1, 1)),
            )
        )


def events_in(path: Path) -> list[dict[str, object]]:
    """The file parsed back with icalendar: each event's fields that matter."""
    calendar = Calendar.from_ical(path.read_bytes())
    return [
        {
            "uid": str(event["UID"]),
            "day": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]),
        }
        for event in calendar.walk("VEVENT")
    ]


@pytest.fixture
def deck(add: Add, database: Database, today: date) -> dict[str, int]:
    """Dana: due today and a birthday on 12-03; Greg: due on 12-05; Ivy: archived with
    a birthday (in no event); Pat: a prospect with a reminder on 12-10 (reminders count
    in any stage but archived) and due today too."""
    dana = add("Dana Lee", email=["dana@example.com"], tags=["investors"]).id
    greg = add("Greg Ito", linkedin=["https://www.linkedin.com/in/gregito"]).id
    ivy = add("Ivy Ives", stage="archived").id
    pat = add("Pat Prospect", stage="prospect").id
    talked(database, dana, today - timedelta(days=40), today)
    talked(database, greg, date(2026, 11, 5), today)
    key_date(database, dana, "birthday", 12, 3)
    key_date(database, ivy, "birthday", 12, 4)
    key_date(
        database, pat, "reminder", 12, 10, year=2026, yearly=False, note="ask about the launch"
    )
    return {"dana": dana, "greg": greg, "ivy": ivy, "pat": pat}


def test_the_feed_holds_todays_queue_next_due_dates_and_key_dates(
    database: Database, today: date, tmp_path: Path, deck: dict[str, int]
) -> None:
    path = tmp_path / "netdeck.ics"
    summary = write_calendar(database, path, today=today, days=90)

    events = events_in(path)
    assert [(e["day"], e["summary"]) for e in events] == [
        (today, "Dana Lee: last talked 40 days ago, every 30 days"),
        (today, "Pat Prospect: new prospect: send a request with a personal note"),
        (date(2026, 12, 3), "Dana Lee: birthday"),
        (date(2026, 12, 5), "Greg Ito: check in (every 30 days)"),
        (date(2026, 12, 10), "Pat Prospect: ask about the launch"),
    ]
    assert all(e["end"] == e["day"] + timedelta(days=1) for e in events)  # all-day
    assert "email: dana@example.com" in str(events[0]["description"])
    assert "linkedin: https://www.linkedin.com/in/gregito" in str(events[3]["description"])
    assert (summary.events, summary.people) == (5, 3)
    assert summary.last_day == today + timedelta(days=89)

    short = write_calendar(database, tmp_path / "short.ics", today=today, days=9)
    assert [e["day"] for e in events_in(tmp_path / "short.ics")] == [
        today,
        today,
        date(2026, 12, 3),
    ]
    assert short.events == 3


def test_re_running_replaces_the_feed_with_the_same_uids_and_no_duplicates(
    database: Database, today: date, tmp_path: Path, deck: dict[str, int]
) -> None:
    path = tmp_path / "netdeck.ics"
    write_calendar(database, path, today=today, days=90)
    first = events_in(path)
    # A day later, after talking to Dana: the feed is written over the old one (it is an
    # iCalendar file, so no --force), and the events that stay keep their UIDs.
    talked(database, deck["dana"], today, today)
    write_calendar(database, path, today=today, days=90, force=False)
    second = events_in(path)

    subscribed: dict[str, dict[str, object]] = {}  # a calendar keeps one event per UID
    for run in (first, second):
        uids = [e["uid"] for e in run]
        assert len(uids) == len(set(uids)), "one event per person per day"
        subscribed.update((e["uid"], e) for e in run)
    assert len(subscribed) == len({e["uid"] for e in first} | {e["uid"] for e in second})
    kept = {e["uid"] for e in first} & {e["uid"] for e in second}
    assert {str(subscribed[uid]["summary"]) for uid in kept} == {
        "Dana Lee: birthday",
        "Greg Ito: check in (every 30 days)",
        "Pat Prospect: new prospect: send a request with a personal note",
        "Pat Prospect: ask about the launch",
    }
    # Dana's event today is gone (talked to), and no other event of hers was added today.
    assert [e["summary"] for e in second if e["day"] == today] == [
        "Pat Prospect: new prospect: send a request with a personal note"
    ]


def test_the_same_deck_on_the_same_day_gives_the_same_bytes(
    database: Database, today: date, tmp_path: Path, deck: dict[str, int]
) -> None:
    write_calendar(database, tmp_path / "a.ics", today=today, days=90)
    write_calendar(database, tmp_path / "b.ics", today=today, days=90)
    assert (tmp_path / "a.ics").read_bytes() == (tmp_path / "b.ics").read_bytes()


def test_another_existing_file_is_only_replaced_with_force(
    database: Database, today: date, tmp_path: Path, deck: dict[str, int]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    with pytest.raises(InvalidInput, match="already exists"):
        write_calendar(database, notes, today=today, days=90)
    assert notes.read_text(encoding="utf-8") == "my notes"
    write_calendar(database, notes, today=today, days=90, force=True)
    assert notes.read_bytes().startswith(b"BEGIN:VCALENDAR")

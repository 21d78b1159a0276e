"""Every outgoing invitation of ``Invitations.csv`` is a connection request on its
contact (connected or not), logged once whatever is imported again; the notes count
in the month's budget; a request that went out bare makes its acceptance due that
day, with the reason saying why (tests/fixtures/linkedin, then linkedin-later: Kofi
Mensah's invitation went out bare, and he accepted on 1 December)."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select

from netdeck.domain.note_budget import BARE_ACCEPTED_REASON
from netdeck.services.note_budget import current_budget
from netdeck.services.queue import todays_queue
from netdeck.services.schedule import log_interaction
from netdeck.services.settings import load_settings
from netdeck.services.views import ContactDetail
from netdeck.store.database import Database
from netdeck.store.models import Contact, Interaction
from tests.conftest import database_dump
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends
from tests.services.test_sync import FIRST, FIRST_DAY, LATER, LATER_DAY, person, sync

DANA_NOTE = (
    "Hi Dana, we met at the Civic Data meetup last week - would love to keep talking "
    "about open budgets."
)
DANA_URL = "https://www.linkedin.com/in/dana-whitfield-7b"
KOFI_URL = "https://www.linkedin.com/in/kofi-mensah"


def requests(database: Database) -> list[tuple[str, str, str | None, str, str, str, bool]]:
    """(name, day, text sent, channel, direction, source, keyed) of every connection
    request, by name then day."""
    with database.reading() as session:
        rows = session.execute(
            select(
                Contact.full_name,
                Interaction.occurred_on,
                Interaction.text_sent,
                Interaction.channel,
                Interaction.direction,
                Interaction.source,
                Interaction.external_key,
            )
            .join(Contact, Contact.id == Interaction.contact_id)
            .where(Interaction.kind == "connection-request")
            .order_by(Contact.full_name, Interaction.occurred_on)
        ).all()
    return [(n, d.isoformat(), t, c, di, s, k is not None) for n, d, t, c, di, s, k in rows]


FIRST_REQUESTS = [
    # Amara is connected: her invitation is logged on her all the same.
    ("Amara Byrne", "2025-03-15", "Hi Amara, loved your talk on freight routing.", "linkedin"),
    ("Dana Whitfield", "2026-11-02", DANA_NOTE, "linkedin"),
    ("Kofi Mensah", "2026-10-28", None, "linkedin"),  # went out bare
]


def test_every_outgoing_invitation_is_a_connection_request(database: Database) -> None:
    summary = sync(database, FIRST, FIRST_DAY)

    assert (summary.requests, summary.bare_requests) == (3, 1)
    found = requests(database)
    assert [row[:4] for row in found] == FIRST_REQUESTS  # not Lena's: she invited Sam
    assert {row[4:] for row in found} == {("outbound", "import", True)}
    kofi, dana = person(database, "kofi-mensah"), person(database, "dana-whitfield-7b")
    assert (kofi.stage, kofi.bare_request) == ("requested", True)
    assert (dana.stage, dana.bare_request) == ("requested", False)
    assert person(database, "amara-byrne-40d").bare_request is False


def test_no_request_is_logged_twice(database: Database, backend_target: str) -> None:
    sync(database, FIRST, FIRST_DAY)
    before = database_dump(backend_target)
    again = sync(database, FIRST, FIRST_DAY)
    assert (again.interactions, again.requests, again.updated) == (0, 0, 0)
    assert database_dump(backend_target) == before

    later = sync(database, LATER, LATER_DAY)  # Amara's invitation is in it again

    assert later.requests == 0
    assert [row[:4] for row in requests(database)] == FIRST_REQUESTS


def test_an_export_without_profile_urls_then_one_with_them_logs_each_request_once(
    database: Database, tmp_path: Path
) -> None:
    """An older Invitations.csv has no URL columns (the invitee is known by name); the
    next export has them: the same invitations are not logged again under the URL."""
    older = tmp_path / "older"
    shutil.copytree(FIRST, older)
    invitations = older / "Invitations.csv"
    rows = list(csv.reader(io.StringIO(invitations.read_text(encoding="utf-8"))))
    out = io.StringIO()
    # Amara's invitation named her by another surname: by name alone it is not hers.
    kept = [row[:5] for row in rows if "Amara" not in row[1]]
    csv.writer(out, lineterminator="\n").writerows(kept)
    invitations.write_text(out.getvalue(), encoding="utf-8")
    sync(database, older, FIRST_DAY)
    assert [row[:4] for row in requests(database)] == FIRST_REQUESTS[1:]

    again = sync(database, FIRST, FIRST_DAY)

    assert again.requests == 1  # Amara's, found by her profile URL
    assert [row[:4] for row in requests(database)] == FIRST_REQUESTS
    with database.reading() as session:
        assert current_budget(session, today=FIRST_DAY, settings=load_settings(session)).used == 1


def test_a_dry_run_counts_the_requests_and_writes_nothing(
    database: Database, backend_target: str
) -> None:
    before = database_dump(backend_target)
    dry = sync(database, FIRST, FIRST_DAY, dry_run=True)
    assert (dry.interactions, dry.requests, dry.bare_requests) == (9, 3, 1)
    assert database_dump(backend_target) == before


def test_an_imported_note_this_month_counts_in_the_budget(database: Database) -> None:
    sync(database, FIRST, FIRST_DAY)
    with database.reading() as session:
        settings = load_settings(session)
        november = current_budget(session, today=FIRST_DAY, settings=settings)
        december = current_budget(session, today=date(2026, 12, 1), settings=settings)
    # Dana's note (2 November) counts; Kofi's bare request and Amara's 2025 note do not.
    assert (november.used, november.left) == (1, 4)
    assert (december.used, december.left) == (0, 5)  # a new month, a new budget


def test_a_bare_request_accepted_is_due_that_day_and_says_why(database: Database) -> None:
    sync(database, FIRST, FIRST_DAY)
    later = sync(database, LATER, LATER_DAY)

    assert later.events is not None and "Kofi Mensah" in later.events.accepted
    kofi = person(database, "kofi-mensah")
    # Accepted on 1 December: due that day, not three days on.
    assert (kofi.stage, kofi.connected_on, kofi.next_due_on) == (
        "connected",
        date(2026, 12, 1),
        date(2026, 12, 1),
    )
    with database.reading() as session:
        snapshot = todays_queue(
            session, today=LATER_DAY, settings=load_settings(session), show_all=True
        )
    reasons = {entry.name: entry.reason for entry in snapshot.entries}
    assert reasons["Kofi Mensah"] == BARE_ACCEPTED_REASON
    # Dana's request had a note (and she has been written to since): no such reason.
    assert reasons.get("Dana Whitfield") != BARE_ACCEPTED_REASON


def test_accepted_within_one_export(database: Database, tmp_path: Path) -> None:
    """An export that still lists the accepted invitation: the connection and its bare
    request arrive together, and the new connection is due the day they connected."""
    folder = tmp_path / "export"
    shutil.copytree(FIRST, folder)
    connections = folder / "Connections.csv"
    connections.write_text(
        connections.read_text(encoding="utf-8")
        + "\nKofi,Mensah,https://www.linkedin.com/in/kofi-mensah,,Harbor Bikes,Lead,20 Nov 2026",
        encoding="utf-8",
    )

    sync(database, folder, FIRST_DAY)

    kofi = person(database, "kofi-mensah")
    assert (kofi.stage, kofi.bare_request, kofi.next_due_on) == (
        "connected",
        True,
        date(2026, 11, 20),
    )
    assert [row[:3] for row in requests(database) if row[0] == "Kofi Mensah"] == [
        ("Kofi Mensah", "2026-10-28", None)
    ]


def test_a_request_logged_in_netdeck_is_not_logged_again(
    database: Database, add: Callable[..., ContactDetail]
) -> None:
    """Sam added Dana as a prospect and logged the request with its note the day after
    the export's Sent At (another time zone): the import recognises it, logs no second
    one, and the budget counts one note."""
    dana = add("Dana Whitfield", stage="prospect", linkedin=[DANA_URL])
    with database.writing() as session:
        contact = session.get(Contact, dana.id)
        assert contact is not None
        log_interaction(
            session,
            contact,
            today=FIRST_DAY,
            settings=load_settings(session),
            channel="linkedin",
            kind="connection-request",
            text_sent="Hi Dana, from the meetup",
            on=date(2026, 11, 3),
        )

    summary = sync(database, FIRST, FIRST_DAY)

    assert summary.requests == 2  # Kofi's and Amara's
    assert [row for row in requests(database) if row[0] == "Dana Whitfield"] == [
        (
            "Dana Whitfield",
            "2026-11-03",
            "Hi Dana, from the meetup",
            "linkedin",
            "outbound",
            "manual",
            True,
        )
    ]
    with database.reading() as session:
        settings = load_settings(session)
        assert current_budget(session, today=FIRST_DAY, settings=settings).used == 1
    assert sync(database, FIRST, FIRST_DAY).requests == 0


def test_a_prospect_whose_request_went_out_bare_is_requested(
    database: Database, add: Callable[..., ContactDetail]
) -> None:
    kofi = add("Kofi Mensah", stage="prospect", linkedin=[KOFI_URL])

    sync(database, FIRST, FIRST_DAY)

    found = person(database, "kofi-mensah")
    assert found.id == kofi.id
    assert (found.stage, found.stage_since, found.bare_request) == (
        "requested",
        date(2026, 10, 28),
        True,
    )


def test_the_note_is_kept_without_keeping_message_text(database: Database) -> None:
    """``keep-message-text off`` is about conversations: an invitation's note is your
    own words, and the budget counts it."""
    from netdeck.services.settings import change_setting

    with database.writing() as session:
        change_setting(session, "keep-message-text", "off")

    sync(database, FIRST, FIRST_DAY)

    assert [row[:3] for row in requests(database) if row[0] == "Dana Whitfield"] == [
        ("Dana Whitfield", "2026-11-02", DANA_NOTE)
    ]
    with database.reading() as session:
        assert current_budget(session, today=FIRST_DAY, settings=load_settings(session)).used == 1


def test_writing_after_the_acceptance_tells_what_the_request_did_not(
    database: Database, tmp_path: Path
) -> None:
    """Kofi accepted on 1 December and Sam wrote to him on the 2nd (in the later export):
    the first message is written, so no bare request is owed any more."""
    from tests.services.test_sync import later_variant

    sync(database, FIRST, FIRST_DAY)
    written = (
        "9-kofi,,Sam Rivera,https://www.linkedin.com/in/sam-rivera-01,Kofi Mensah,"
        f"{KOFI_URL},2026-12-02 09:00:00 UTC,,Thanks for connecting!,INBOX,,No,No"
    )
    sync(database, later_variant(tmp_path, add_message=written), LATER_DAY)

    kofi = person(database, "kofi-mensah")
    assert (kofi.stage, kofi.stage_since, kofi.bare_request) == ("active", date(2026, 12, 2), False)


def test_an_invitation_to_a_connection_moves_nobody_back_to_requested(
    database: Database, tmp_path: Path, add: Callable[..., ContactDetail]
) -> None:
    """Kofi was a prospect in the deck; the export lists him as a connection and keeps
    the bare invitation: he is not moved to requested (the import leaves a connection's
    stage alone), but the request is logged and remembered as bare."""
    kofi = add("Kofi Mensah", stage="prospect", linkedin=[KOFI_URL])
    folder = tmp_path / "export"
    shutil.copytree(FIRST, folder)
    connections = folder / "Connections.csv"
    connections.write_text(
        connections.read_text(encoding="utf-8") + f"\nKofi,Mensah,{KOFI_URL},,Harbor Bikes,Lead,"
        "20 Nov 2026",
        encoding="utf-8",
    )

    sync(database, folder, FIRST_DAY)

    found = person(database, "kofi-mensah")
    assert found.id == kofi.id
    assert (found.stage, found.bare_request) == ("prospect", True)
    assert [row[:3] for row in requests(database) if row[0] == "Kofi Mensah"] == [
        ("Kofi Mensah", "2026-10-28", None)
    ]

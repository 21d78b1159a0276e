"""What the contact detail (``show``, the card, the contact screen) says after a sync:
the changes of jobs, whether they are still a LinkedIn connection, and the day they
wrote when they await your reply (the due date the queue shows)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from netdeck.services.contacts import describe_contact, get_contact
from netdeck.services.importing import import_linkedin
from netdeck.services.settings import load_settings
from netdeck.services.views import ContactDetail, RoleChangeView
from netdeck.store.database import Database
from netdeck.store.models import Channel
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LATER_DAY = date(2026, 12, 16)


def detail(database: Database, slug: str, today: date = LATER_DAY) -> ContactDetail:
    with database.reading() as session:
        contact_id = session.scalars(
            select(Channel.contact_id).where(
                Channel.kind == "linkedin", Channel.value.endswith(f"/in/{slug}")
            )
        ).one()
        return describe_contact(
            session,
            get_contact(session, contact_id),
            today=today,
            settings=load_settings(session),
        )


def synced_twice(database: Database) -> None:
    import_linkedin(database, FIXTURES / "linkedin" / "Connections.csv", today=date(2026, 11, 25))
    import_linkedin(database, FIXTURES / "linkedin-later" / "Connections.csv", today=LATER_DAY)


def test_before_any_sync_nothing_is_known(database: Database) -> None:
    import_linkedin(database, FIXTURES / "linkedin" / "Connections.csv", today=date(2026, 11, 25))
    jonas = detail(database, "jonas-nasser-432", today=date(2026, 11, 25))
    assert (jonas.role_changes, jonas.linkedin_connected, jonas.awaiting_reply_on) == (
        (),
        True,
        None,
    )


def test_a_change_of_jobs_a_lost_connection_and_a_message_awaiting_your_reply(
    database: Database,
) -> None:
    synced_twice(database)
    jonas = detail(database, "jonas-nasser-432")
    assert jonas.role_changes == (
        RoleChangeView(
            on=LATER_DAY, before="VP, Engineering at Blue Harbor Capital", after="CTO at Tessellate"
        ),
    )
    assert (jonas.company, jonas.title, jonas.linkedin_connected) == ("Tessellate", "CTO", True)
    assert detail(database, "sofia-raman-535").linkedin_connected is False
    assert detail(database, "sofia-raman-819").linkedin_connected is True
    priya = detail(database, "priya-okafor-457")
    # Unsorted (never due by its stage), yet due the day she wrote, as on the queue.
    assert (priya.stage, priya.awaiting_reply_on, priya.next_due_on) == (
        "unsorted",
        date(2026, 12, 14),
        date(2026, 12, 14),
    )
    assert priya.reason == "wrote 2 days ago: 'Hi Sam, are you still looking for a…'"


def test_a_draft_to_someone_who_changed_jobs_congratulates_them(database: Database) -> None:
    from netdeck.services.drafts import compose_draft

    synced_twice(database)
    jonas = detail(database, "jonas-nasser-432")
    sofia = detail(database, "sofia-raman-819")
    with database.reading() as session:
        settings = load_settings(session)
        news = compose_draft(session, jonas.id, today=LATER_DAY, settings=settings)
        no_news = compose_draft(session, sofia.id, today=LATER_DAY, settings=settings)
    assert news.snippet is not None and news.snippet.kind == "congratulations"
    assert news.context.role_change == "CTO at Tessellate"
    # Unsorted and never talked to: a first message, not "since we last talked".
    assert no_news.snippet is not None and no_news.snippet.kind == "first-message"

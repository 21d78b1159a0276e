"""After a sync, on screen: the contact screen tells of a change of jobs and of a
connection gone, and the card beside the queue says who wrote, every word literal."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import select

from netdeck.services.importing import import_linkedin
from netdeck.services.views import ContactDetail, RoleChangeView
from netdeck.store.database import Database
from netdeck.store.models import Channel
from netdeck.tui.screens.contact import ContactScreen
from netdeck.tui.widgets.card import card_renderable
from tests.tui.conftest import Ui, drive

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def with_profile(database: Database, slug: str) -> int:
    with database.reading() as session:
        return session.scalars(
            select(Channel.contact_id).where(Channel.value.endswith(f"/in/{slug}"))
        ).one()


def test_the_contact_screen_and_the_card_after_a_later_export(
    db_path: Path, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_linkedin(database, FIXTURES / "linkedin" / "Connections.csv", today=date(2026, 11, 25))
    import_linkedin(
        database, FIXTURES / "linkedin-later" / "Connections.csv", today=date(2026, 12, 16)
    )
    jonas = with_profile(database, "jonas-nasser-432")
    sofia = with_profile(database, "sofia-raman-535")
    monkeypatch.setenv("NETDECK_TODAY", "2026-12-16")
    seen: dict[str, str] = {}

    async def scenario(ui: Ui) -> None:
        seen["card"] = ui.widget_text("ContactCard")  # Dana: first on the queue
        for name, contact_id in (("jonas", jonas), ("sofia", sofia)):
            ui.app.push_screen(ContactScreen(contact_id))
            await ui.settle()
            seen[name] = " ".join(ui.widget_text("#contact-summary").split())
            await ui.press("escape")

    drive(db_path, scenario)
    assert "Dana Whitfield" in seen["card"] and "wrote 8 days ago" in seen["card"]
    assert (
        "Changed jobs 2026-12-16: VP, Engineering at Blue Harbor Capital → CTO at Tessellate"
        in seen["jonas"]
    )
    assert "No longer a LinkedIn connection" not in seen["jonas"]
    assert "No longer a LinkedIn connection" in seen["sofia"]


def plain(detail: ContactDetail) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(card_renderable(detail, date(2026, 12, 16)))
    return console.export_text()


def test_the_card_shows_roles_and_the_lost_connection_literally() -> None:
    moment = datetime(2026, 12, 16, 9, 0)
    detail = ContactDetail(
        id=1,
        name="Jo",
        first_name="Jo",
        last_name="",
        company="[b]Evil[/b] Corp",
        title="CEO",
        how_we_met="",
        notes="",
        stage="active",
        stage_since=date(2026, 1, 1),
        cadence_days=None,
        effective_cadence_days=30,
        next_due_on=date(2026, 12, 16),
        snoozed_until=None,
        last_interaction_on=None,
        connected_on=None,
        source="linkedin",
        created_at=moment,
        updated_at=moment,
        reason="now CEO at [b]Evil[/b] Corp",
        role_changes=(
            RoleChangeView(
                on=date(2026, 12, 16), before="VP at Acme", after="CEO at [b]Evil[/b]\x1b[2J"
            ),
        ),
        linkedin_connected=False,
    )
    text = plain(detail)
    assert "Changed jobs 2026-12-16: VP at Acme → CEO at [b]Evil[/b]\\x1b[2J" in text
    assert "No longer a LinkedIn connection" in text
    assert "\x1b" not in text

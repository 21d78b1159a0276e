"""Who logged an interaction: the run's user is recorded on every one (both backends)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select

from netdeck.services.api import DeckApi
from netdeck.services.views import ContactDetail
from netdeck.store.database import Database
from netdeck.store.models import Interaction
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends


def test_an_interaction_records_the_user_who_logged_it(
    database: Database, today: date, add: Callable[..., ContactDetail]
) -> None:
    dana = add("Dana Ruiz").id
    DeckApi(database, lambda: today, "Alex").mark_done(
        dana, channel="email", kind="message", note="hello"
    )
    DeckApi(database, lambda: today, "Sam").mark_done(
        dana, channel="email", kind="message", note="again"
    )
    with database.reading() as session:
        actors = session.scalars(select(Interaction.actor).order_by(Interaction.id)).all()
    assert actors == ["Alex", "Sam"]

"""``netdeck demo``: a separate database full of realistic synthetic people.

The demo never touches the user's real database: it writes to ``demo.db`` in
the data dir (or ``--db``), and refuses a file that holds anything but an
earlier demo. Rows are generated with a seeded random generator
(:mod:`netdeck.demo.generate`) and written with bulk Core inserts, so 100,000
contacts with 1,000,000 interactions take seconds, and every contact's
schedule comes from the same domain rules as real ones.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import cast

from sqlalchemy import Table, bindparam, delete, func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from netdeck.demo.generate import DemoSnippets, PersonGenerator
from netdeck.demo.names import MY_NAME
from netdeck.demo.shape import EARLIER_CLEARED_SHARE, REPLY_RATES, STREAK_DAYS
from netdeck.domain.dates import add_days
from netdeck.domain.errors import InvalidInput
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.store.bulk import (
    ChannelRow,
    ClearedDayRow,
    ContactRow,
    ContactTagRow,
    InteractionRow,
    SettingRow,
    TagRow,
    bulk_insert,
)
from netdeck.store.database import Database, open_database
from netdeck.store.locations import data_dir
from netdeck.store.models import (
    Channel,
    ClearedDay,
    Contact,
    ContactTag,
    Interaction,
    Setting,
    Snippet,
    Tag,
    utc_now,
)

DEMO_DB_NAME = "demo.db"
#: The setting that marks a database as the demo's own (so it may be refilled).
DEMO_MARKER = "demo-database"
#: Contacts generated between two bulk writes.
BATCH = 20_000


@dataclass(frozen=True, slots=True)
class DemoSummary:
    path: str
    contacts: int
    interactions: int
    seconds: float


def fill_demo_database(
    target: str | None,
    *,
    contacts: int,
    interactions_per_contact: int,
    seed: int,
    today: date,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Create (or recreate) a demo database and fill it; returns what was made."""
    if interactions_per_contact < 0 or interactions_per_contact > 100:
        raise InvalidInput("--interactions must be between 0 and 100 per contact")
    started = time.perf_counter()
    database = _fresh_demo_database(target)
    try:
        total = _fill(database, contacts, interactions_per_contact, seed, today, progress)
    finally:
        database.close()
    path = database.location.describe()
    return DemoSummary(path, contacts, total, time.perf_counter() - started)


def _fresh_demo_database(target: str | None) -> Database:
    database = open_database(target or str(data_dir() / DEMO_DB_NAME))
    with database.reading() as session:
        is_demo = session.get(Setting, DEMO_MARKER) is not None
        has_contacts = session.scalar(select(func.count(Contact.id))) or 0
    if has_contacts and not is_demo:
        database.close()
        raise InvalidInput(
            f"{database.location.describe()} holds real contacts, not a demo: "
            "pass a new file with --db (the demo never writes over your data)"
        )
    if has_contacts or is_demo:
        with database.writing() as session:
            for model in (Interaction, ContactTag, Channel, Contact, Tag, Setting, ClearedDay):
                session.execute(delete(model))
    return database


def _fill(
    database: Database,
    count: int,
    per_contact: int,
    seed: int,
    today: date,
    progress: Callable[[str], None] | None,
) -> int:
    made = 0
    remaining = count * per_contact
    with database.writing() as session:
        generator = PersonGenerator(seed, today, Settings(), _snippets_sent(session), now=utc_now())
        rng = generator.rng
        connection = session.connection()
        _write_marks(connection, generator.tag_ids)
        stages = list(Stage)
        for contact_id in range(1, count + 1):
            # The first few cover every stage, so even a tiny demo shows them all.
            stage = (
                stages[contact_id - 1]
                if contact_id <= len(stages)
                else generator.stage_pool[int(rng.random() * len(generator.stage_pool))]
            )
            left = count - contact_id + 1
            if left == 1:
                n = remaining  # the total comes out exact
            elif stage is Stage.PROSPECT:
                n = 0
            else:
                n = min(remaining, round((0.4 + 1.2 * rng.random()) * remaining / left))
            remaining -= n
            generator.person(contact_id, stage, n)
            if contact_id % BATCH == 0 or contact_id == count:
                made += _write_people(connection, generator)
                if progress:
                    progress(f"demo: {contact_id:,}/{count:,} contacts, {made:,} interactions")
        bulk_insert(
            connection, ClearedDay.__table__, ClearedDayRow._fields, _cleared_days(rng, today)
        )
    return made


def _snippets_sent(session: Session) -> DemoSnippets:
    """The snippets the demo sends with: those the database holds (the defaults,
    unless edited in an earlier demo); one that was removed is simply not used."""
    return {
        name: (snippet_id, body)
        for snippet_id, name, body in session.execute(
            select(Snippet.id, Snippet.name, Snippet.body).where(
                Snippet.name.in_(sorted(REPLY_RATES))
            )
        )
    }


def _write_marks(connection: Connection, tag_ids: dict[str, int]) -> None:
    """The demo marker, the demo's own name, and the tags."""
    settings = [SettingRow(DEMO_MARKER, "1"), SettingRow("my-name", MY_NAME)]
    bulk_insert(connection, Setting.__table__, SettingRow._fields, settings)
    tags = [TagRow(tag_id, name) for name, tag_id in tag_ids.items()]
    bulk_insert(connection, Tag.__table__, TagRow._fields, tags)


def _write_people(connection: Connection, generator: PersonGenerator) -> int:
    """Write the rows made since the last write; how many interactions they hold."""
    contacts, channels, contact_tags, interactions = generator.take()
    bulk_insert(connection, Contact.__table__, ContactRow._fields, contacts)
    bulk_insert(connection, Channel.__table__, ChannelRow._fields, channels)
    bulk_insert(connection, ContactTag.__table__, ContactTagRow._fields, contact_tags)
    bulk_insert(connection, Interaction.__table__, InteractionRow._fields, interactions)
    awaiting = generator.take_awaiting()
    if awaiting:
        table = cast(Table, Contact.__table__)
        connection.execute(
            update(table)
            .where(table.c.id == bindparam("contact_id"))
            .values(awaiting_reply_on=bindparam("day"), awaiting_reply_preview=bindparam("wrote")),
            [{"contact_id": i, "day": day, "wrote": wrote} for i, day, wrote in awaiting],
        )
    return len(interactions)


def _cleared_days(rng: random.Random, today: date) -> list[ClearedDayRow]:
    """Days the queue was cleared: a current streak ending yesterday (today's queue
    is still full), and some earlier days with gaps between them."""
    days = [add_days(today, -ago) for ago in range(1, STREAK_DAYS + 1)]
    days += [
        add_days(today, -ago)
        for ago in range(STREAK_DAYS + 2, 120)
        if rng.random() < EARLIER_CLEARED_SHARE
    ]
    return [ClearedDayRow(day) for day in days]

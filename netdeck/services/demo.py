"""``netdeck demo``: a separate database full of realistic synthetic people.

The demo never touches the user's real database: it writes to ``demo.db`` in
the data dir (or ``--db``), and refuses a file that holds anything but an
earlier demo. Rows are generated with a seeded random generator and written
with bulk Core inserts, so 100,000 contacts with 1,000,000 interactions take
seconds, and every contact's schedule comes from the same domain rules as
real ones.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, select

from netdeck.domain.channels import INTERACTION_CHANNEL_FOR, ChannelKind, address_key
from netdeck.domain.errors import InvalidInput
from netdeck.domain.interactions import CONVERSATION_KINDS, InteractionKind
from netdeck.domain.names import name_key
from netdeck.domain.scheduling import ScheduleFacts, next_due_on
from netdeck.domain.search import search_text_for
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.store.bulk import CHANNEL_COLUMNS, CONTACT_COLUMNS, INTERACTION_COLUMNS, bulk_insert
from netdeck.store.database import Database, open_database
from netdeck.store.locations import data_dir
from netdeck.store.models import Channel, Contact, ContactTag, Interaction, Setting, Tag, utc_now

DEMO_DB_NAME = "demo.db"
DEMO_MARKER = "demo-database"
BATCH = 20_000

FIRST_NAMES = [
    "Greg",
    "Aisha",
    "Mateo",
    "Priya",
    "Jonas",
    "Mei",
    "Olu",
    "Sofia",
    "Liam",
    "Yuki",
    "Noor",
    "Diego",
    "Hannah",
    "Kofi",
    "Elena",
    "Ravi",
    "Chloe",
    "Tomasz",
    "Amara",
    "Lucas",
    "Ingrid",
    "Hiro",
    "Fatima",
    "Owen",
    "Zara",
    "Pablo",
    "Leila",
    "Marcus",
    "Anya",
    "Tariq",
    "Nadia",
    "Felix",
    "Imani",
    "Sven",
    "Rosa",
    "Kenji",
    "Ayesha",
    "Bruno",
    "Clara",
    "Dmitri",
    "Esi",
    "Farah",
    "Gabriel",
    "Helga",
    "Ines",
    "Jamal",
    "Kira",
    "Lars",
    "Maya",
    "Nikolai",
    "Ola",
    "Pedro",
    "Quinn",
    "Rania",
    "Stefan",
    "Talia",
    "Umar",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Aaron",
    "Bea",
    "Cyrus",
    "Dana",
    "Emeka",
    "Freya",
    "Goran",
    "Hana",
    "Ivo",
    "Jade",
    "Karim",
    "Lena",
    "Milo",
    "Nina",
    "Oscar",
    "Paula",
    "Rafael",
    "Sana",
    "Theo",
    "Uma",
    "Viktor",
    "Willa",
    "Xavier",
    "Yara",
    "Zain",
    "Adele",
    "Bilal",
    "Carmen",
    "Dev",
    "Elif",
    "Finn",
    "Gloria",
    "Hugo",
    "Isla",
    "Joao",
    "Keiko",
    "Luca",
]
LAST_NAMES = [
    "Alvarez",
    "Okafor",
    "Nakamura",
    "Schmidt",
    "Patel",
    "Rossi",
    "Dubois",
    "Kowalski",
    "Haddad",
    "Lindqvist",
    "Mensah",
    "Garcia",
    "Chen",
    "Novak",
    "Silva",
    "Oyelaran",
    "Murphy",
    "Ivanova",
    "Tanaka",
    "Fischer",
    "Moreau",
    "Costa",
    "Eriksen",
    "Abadi",
    "Sato",
    "Walsh",
    "Kim",
    "Nguyen",
    "Becker",
    "Romero",
    "Jansen",
    "Kaur",
    "Ortiz",
    "Petrov",
    "Adeyemi",
    "Larsen",
    "Yilmaz",
    "Santos",
    "Hoffmann",
    "Baptiste",
    "Wright",
    "Kovacs",
    "Mwangi",
    "Fernandes",
    "Bauer",
    "Rahman",
    "Castillo",
    "Dimitrov",
    "Osei",
    "Nilsson",
    "Park",
    "Weber",
    "Suzuki",
    "Brennan",
    "Amini",
    "Laurent",
    "Horvat",
    "Achebe",
    "Ferreira",
    "Vogel",
    "Reyes",
    "Lund",
    "Takahashi",
    "Quinn",
    "Farouk",
    "Marsh",
]
COMPANIES = (
    "Acme Robotics",
    "Northwind Labs",
    "Helio Energy",
    "Bluefin Analytics",
    "Kite & Key",
    "Lumen Health",
    "Tessellate",
    "Orbital Freight",
    "Quarry Capital",
    "Fernwood School",
    "Parcel.io",
    "Cobalt Bank",
    "Redwood Studio",
    "Saltmarsh Media",
    "Polaris Biotech",
    "Oakline Legal",
    "Brightside Nonprofit",
    "Vector Security",
    "Mosaic Games",
    "Harbor City Council",
    "Pinecone Data",
    "Ferro Manufacturing",
    "Summit Ventures",
    "Atlas Logistics",
    "Willow Design",
    "Signal Hill",
    "Greenleaf Foods",
    "",
)
TITLES = (
    "Software Engineer",
    "Staff Engineer",
    "Product Manager",
    "Head of Design",
    "Founder",
    "CTO",
    "Data Scientist",
    "Recruiter",
    "Engineering Manager",
    "Marketing Lead",
    "Investor",
    "Researcher",
    "Teacher",
    "Account Executive",
    "Designer",
    "Consultant",
    "VP Engineering",
    "Student",
    "",
)
MET = (
    "same MBA cohort",
    "met at PyCon {year}",
    "worked together at {company}",
    "intro from a friend",
    "spoke after my talk at a meetup",
    "neighbours for years",
    "hackathon teammate in {year}",
    "mentor from my first job",
    "sat next to each other at a conference dinner",
    "alumni network",
    "replied to my blog post",
    "",
    "",
)
TOPICS = (
    "their move to Berlin",
    "hiring for the platform team",
    "the new book on systems thinking",
    "a podcast recommendation",
    "their startup's seed round",
    "kids starting school",
    "a marathon",
    "switching to product management",
    "the conference talk",
    "remote work tooling",
    "a job lead",
    "coffee next time I'm in town",
    "their open-source project",
    "feedback on my draft",
    "",
)
TAGS = (
    "mentor",
    "investor",
    "hiring",
    "python",
    "design",
    "alumni",
    "climate",
    "friend",
    "founder",
    "speaker",
    "recruiter",
    "family",
    "writing",
    "data",
)
STAGE_WEIGHTS = (
    (Stage.ACTIVE, 34),
    (Stage.UNSORTED, 22),
    (Stage.DORMANT, 14),
    (Stage.ARCHIVED, 12),
    (Stage.CONNECTED, 6),
    (Stage.PROSPECT, 6),
    (Stage.REQUESTED, 6),
)
CADENCES = (14, 30, 30, 30, 60, 90, 90, 180, None, None)


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
            for model in (Interaction, ContactTag, Channel, Contact, Tag, Setting):
                session.execute(delete(model))
    return database


KINDS = (
    InteractionKind.MESSAGE,
    InteractionKind.REPLY,
    InteractionKind.CALL,
    InteractionKind.MEETING,
    InteractionKind.NOTE,
)
KIND_WEIGHTS = (58, 24, 7, 5, 6)


class _Generator:
    """Makes one synthetic person at a time, as rows ready for :func:`bulk_insert`."""

    def __init__(self, seed: int, today: date, settings: Settings) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.settings = settings
        self.now = utc_now()
        self.tag_ids = {name: index + 1 for index, name in enumerate(TAGS)}
        self.contacts: list[tuple] = []
        self.channels: list[tuple] = []
        self.contact_tags: list[tuple] = []
        self.interactions: list[tuple] = []
        self.next_channel_id = 1
        self.next_interaction_id = 1
        self.stage_pool = [stage for stage, weight in STAGE_WEIGHTS for _ in range(weight)]
        self.kind_pool = [
            kind for kind, weight in zip(KINDS, KIND_WEIGHTS, strict=True) for _ in range(weight)
        ]

    def flush(self, connection) -> int:
        bulk_insert(connection, Contact.__table__, CONTACT_COLUMNS, self.contacts)
        bulk_insert(connection, Channel.__table__, CHANNEL_COLUMNS, self.channels)
        bulk_insert(connection, ContactTag.__table__, ("contact_id", "tag_id"), self.contact_tags)
        bulk_insert(connection, Interaction.__table__, INTERACTION_COLUMNS, self.interactions)
        made = len(self.interactions)
        self.contacts, self.channels, self.contact_tags, self.interactions = [], [], [], []
        return made

    def person(self, contact_id: int, stage: Stage, n: int) -> None:
        rng, today = self.rng, self.today
        pick = rng.random
        first = FIRST_NAMES[int(pick() * len(FIRST_NAMES))]
        last = LAST_NAMES[int(pick() * len(LAST_NAMES))]
        full = f"{first} {last}"
        company = COMPANIES[int(pick() * len(COMPANIES))]
        title = TITLES[int(pick() * len(TITLES))]
        met = MET[int(pick() * len(MET))]
        if "{" in met:
            met = met.format(
                year=today.year - 1 - int(pick() * 9), company=company or "Acme Robotics"
            )
        cadence = CADENCES[int(pick() * len(CADENCES))]
        effective = cadence or self.settings.default_cadence

        slug = f"{first}-{last}-{contact_id}".lower()
        addresses: list[tuple[ChannelKind, str]] = []
        if stage is Stage.PROSPECT or pick() < 0.9:
            addresses.append((ChannelKind.LINKEDIN, f"https://www.linkedin.com/in/{slug}"))
        if pick() < 0.4:
            domain = (company.split() or ["mail"])[0].lower().strip("&.") + ".example"
            addresses.append(
                (ChannelKind.EMAIL, f"{first.lower()}.{last.lower()}{contact_id}@{domain}")
            )
        if pick() < 0.15:
            addresses.append(
                (ChannelKind.X, f"@{first.lower()}{last.lower()[:6]}{contact_id % 1000}")
            )
        if pick() < 0.08:
            addresses.append(
                (ChannelKind.PHONE, f"+1 555 {100 + contact_id % 900} {1000 + contact_id % 9000}")
            )
        if pick() < 0.05:
            addresses.append((ChannelKind.WEBSITE, f"https://{slug}.example.com"))
        preferred = int(pick() * len(addresses)) if addresses and pick() < 0.2 else 0
        for index, (kind, value) in enumerate(addresses):
            self.channels.append(
                (
                    self.next_channel_id,
                    contact_id,
                    kind.value,
                    value,
                    address_key(kind, value),
                    index == preferred,
                )
            )
            self.next_channel_id += 1
        channel = INTERACTION_CHANNEL_FOR[addresses[preferred][0]].value if addresses else "other"
        tags = sorted(rng.sample(TAGS, k=(0, 0, 1, 1, 2, 3)[int(pick() * 6)]))
        for tag in tags:
            self.contact_tags.append((contact_id, self.tag_ids[tag]))

        # When the relationship started, and the last time you talked, by stage.
        connected_on = today - timedelta(days=40 + int(pick() * 8 * 365))
        if stage is Stage.CONNECTED:
            connected_on = today - timedelta(days=int(pick() * 10))
        back = {
            Stage.ACTIVE: (0, int(effective * 1.6)),
            Stage.DORMANT: (200, 900),
            Stage.ARCHIVED: (300, 2000),
            Stage.UNSORTED: (365, 2500),
            Stage.REQUESTED: (0, 30),
            Stage.PROSPECT: (0, 12),
        }.get(stage)
        last_day = (
            connected_on
            if back is None
            else today - timedelta(days=back[0] + int(pick() * (back[1] - back[0] + 1)))
        )
        if last_day < connected_on:
            connected_on = last_day - timedelta(days=int(pick() * 400))
        span = (last_day - connected_on).days + 1
        offsets = sorted(int(pick() * span) for _ in range(n))
        last_conversation: date | None = None
        notes_only = stage in (Stage.CONNECTED, Stage.REQUESTED)
        for position, offset in enumerate(offsets):
            is_last = position == n - 1
            day = last_day if is_last and not notes_only else connected_on + timedelta(days=offset)
            if notes_only:
                kind = InteractionKind.NOTE
            else:
                kind = self.kind_pool[int(pick() * len(self.kind_pool))]
                if is_last and kind is InteractionKind.NOTE:
                    kind = InteractionKind.MESSAGE  # the last day is the last time you talked
            inbound = kind is InteractionKind.REPLY or (
                kind is InteractionKind.MESSAGE and pick() < 0.25
            )
            topic = TOPICS[int(pick() * len(TOPICS))]
            note = f"talked about {topic}" if topic and kind is not InteractionKind.NOTE else topic
            if kind in CONVERSATION_KINDS:
                last_conversation = day
            self.interactions.append(
                (
                    self.next_interaction_id,
                    contact_id,
                    day,
                    "in-person" if kind is InteractionKind.MEETING else channel,
                    kind.value,
                    "inbound" if inbound else "outbound",
                    note,
                    None,
                    None,
                    "demo",
                    self.now,
                )
            )
            self.next_interaction_id += 1
        stage_since = {
            Stage.CONNECTED: connected_on,
            Stage.REQUESTED: last_day,
            Stage.PROSPECT: last_day,
        }.get(stage, last_conversation or connected_on)
        facts = ScheduleFacts(
            stage=stage,
            stage_since=stage_since,
            cadence_days=effective,
            connected_on=None if stage in (Stage.PROSPECT, Stage.REQUESTED) else connected_on,
            last_interaction_on=last_conversation,
        )
        notes = (
            "" if pick() < 0.7 else f"Interested in {TOPICS[int(pick() * len(TOPICS))] or 'tea'}."
        )
        self.contacts.append(
            (
                contact_id,
                full,
                first,
                last,
                name_key(full),
                company,
                title,
                met,
                notes,
                stage.value,
                stage_since,
                cadence,
                next_due_on(facts),
                None,
                None,
                last_conversation,
                facts.connected_on,
                "demo",
                search_text_for(full, company, title, [value for _, value in addresses], tags),
                self.now,
                self.now,
            )
        )


def _fill(
    database: Database,
    count: int,
    per_contact: int,
    seed: int,
    today: date,
    progress: Callable[[str], None] | None,
) -> int:
    generator = _Generator(seed, today, Settings())
    rng = generator.rng
    made = 0
    remaining = count * per_contact
    with database.writing() as session:
        connection = session.connection()
        bulk_insert(
            connection,
            Setting.__table__,
            ("key", "value"),
            [(DEMO_MARKER, "1"), ("my-name", "Sam Rivera")],
        )
        bulk_insert(
            connection,
            Tag.__table__,
            ("id", "name"),
            [(i, n) for n, i in generator.tag_ids.items()],
        )
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
                made += generator.flush(connection)
                if progress:
                    progress(f"demo: {contact_id:,}/{count:,} contacts, {made:,} interactions")
    return made

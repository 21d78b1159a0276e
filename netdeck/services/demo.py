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
from datetime import date

from sqlalchemy import delete, func, select

from netdeck.domain.channels import INTERACTION_CHANNEL_FOR, ChannelKind, address_key
from netdeck.domain.dates import add_days
from netdeck.domain.drafting import TemplateContext, render_template
from netdeck.domain.errors import InvalidInput
from netdeck.domain.health import ANSWER_WITHIN_DAYS, FOLLOW_THROUGH_WINDOW_DAYS, LET_GO_AFTER_DAYS
from netdeck.domain.interactions import CONVERSATION_KINDS, InteractionKind
from netdeck.domain.names import name_key
from netdeck.domain.scheduling import ScheduleFacts, next_due_on
from netdeck.domain.search import search_text_for
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.store.bulk import CHANNEL_COLUMNS, CONTACT_COLUMNS, INTERACTION_COLUMNS, bulk_insert
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
# A tended network: few people wait in a stage that is due at once (prospect,
# requested, connected), so about one contact in ten is due on a given day.
STAGE_WEIGHTS = (
    (Stage.ACTIVE, 32),
    (Stage.UNSORTED, 26),
    (Stage.DORMANT, 16),
    (Stage.ARCHIVED, 14),
    (Stage.CONNECTED, 3),
    (Stage.PROSPECT, 2),
    (Stage.REQUESTED, 4),
)
CADENCES = (14, 30, 30, 30, 60, 90, 90, 180, None, None)
#: How far back (in days, from the cadence) an active contact last talked, by how
#: well you keep up with them; the shares are drawn in :meth:`_Generator.active_profile`.
ACTIVE_BACK: dict[str, Callable[[int], tuple[int, int]]] = {
    "tended": lambda cadence: (0, cadence - 1),  # not due yet
    "overdue": lambda cadence: (cadence, int(cadence * 1.6)),  # due, a little late
    "drifting": lambda cadence: (3 * cadence + 1, LET_GO_AFTER_DAYS - 1),
    "silent": lambda cadence: (LET_GO_AFTER_DAYS + 1, 400),  # a let-go candidate
}
ACTIVE_PROFILES = (("drifting", 0.03), ("silent", 0.015), ("overdue", 0.11))
#: Active contacts who connected in the last 90 days, and of them those messaged
#: within a week; then connection requests that carried a note.
RECENT_CONNECTION_SHARE = 0.12
FOLLOWED_THROUGH_SHARE = 0.6
REQUEST_NOTE_SHARE = 0.7
#: Outbound messages logged from a snippet: only in the last 18 months (since
#: netdeck came along), and not every one of them.
SNIPPET_ERA_DAYS = 540
SNIPPET_SHARE = 0.45
FOLLOW_UP_SNIPPETS = ("Check-in",) * 6 + ("Thank you",) * 2 + ("Reconnect",) * 2
#: How often a send from each default snippet is answered within 14 days.
REPLY_RATES = {
    "Connection request": 0.3,
    "First message": 0.62,
    "Check-in": 0.41,
    "Thank you": 0.55,
    "Reconnect": 0.24,
}
#: Days ending yesterday that cleared the queue (the current streak), and the
#: share of earlier days in the last four months that did.
STREAK_DAYS = 4
EARLIER_CLEARED_SHARE = 0.3
MY_NAME = "Sam Rivera"


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

    def __init__(
        self,
        seed: int,
        today: date,
        settings: Settings,
        snippets: dict[str, tuple[int, str]] | None = None,
    ) -> None:
        self.rng = random.Random(seed)
        self.snippets = snippets or {}  # name -> (id, body) of the snippets the demo sends
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

    def active_profile(self) -> str:
        """How well you keep up with an active contact (a key of :data:`ACTIVE_BACK`)."""
        draw = self.rng.random()
        for profile, share in ACTIVE_PROFILES:
            if draw < share:
                return profile
            draw -= share
        return "tended"

    def snippet_sends(self, events: list[list]) -> None:
        """Mark some outbound messages as sent from a snippet, and have each answered
        (or not) within 14 days at that snippet's rate. ``events`` are in day order;
        the first message after a recent connection (already marked) stays outbound."""
        pick = self.rng.random
        era = add_days(self.today, -SNIPPET_ERA_DAYS)
        for index, event in enumerate(events):
            day, kind, inbound = event[0], event[1], event[2]
            if event[3] is None and kind is InteractionKind.MESSAGE and not inbound and day >= era:
                if pick() < SNIPPET_SHARE:
                    event[3] = FOLLOW_UP_SNIPPETS[int(pick() * len(FOLLOW_UP_SNIPPETS))]
                if event[3] not in self.snippets:
                    event[3] = None
            if event[3] is None:
                continue
            answer_by = add_days(day, ANSWER_WITHIN_DAYS)
            later = events[index + 1 :]
            if pick() < REPLY_RATES.get(event[3], 0.3):
                following = later[0] if later else None
                if (
                    following is not None
                    and following[1]
                    not in (InteractionKind.NOTE, InteractionKind.CONNECTION_REQUEST)
                    and following[3] != "First message"
                    and (following is not events[-1] or following[0] <= answer_by)
                ):
                    following[0] = min(following[0], add_days(day, 1 + int(pick() * 6)))
                    following[1], following[2], following[3] = InteractionKind.REPLY, True, None
            else:
                for following in later:
                    if following[0] > answer_by:
                        break
                    if following[2] and following[1] in CONVERSATION_KINDS:
                        following[2] = False  # you wrote again; they did not answer
                        if following[1] is InteractionKind.REPLY:
                            following[1] = InteractionKind.MESSAGE

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
        profile = self.active_profile() if stage is Stage.ACTIVE else ""
        if profile == "drifting" and effective > 30:
            cadence = effective = 14 if pick() < 0.5 else 30  # drifts, yet talked this year
        connected_on = add_days(today, -(120 + int(pick() * 8 * 365)))
        if stage is Stage.CONNECTED:
            connected_on = add_days(today, -int(pick() * 21))
        back = (
            ACTIVE_BACK[profile](effective)
            if profile
            else {
                Stage.DORMANT: (200, 900),
                Stage.ARCHIVED: (300, 2000),
                Stage.UNSORTED: (365, 2500),
                Stage.REQUESTED: (0, 30),
                Stage.PROSPECT: (0, 12),
            }.get(stage)
        )
        last_day = (
            connected_on
            if back is None
            else add_days(today, -(back[0] + int(pick() * (back[1] - back[0] + 1))))
        )
        first_day: date | None = None  # the first message after a recent connection
        request_on: date | None = None
        if profile in ("tended", "overdue") and pick() < RECENT_CONNECTION_SHARE:
            age = 8 + int(pick() * (FOLLOW_THROUGH_WINDOW_DAYS - 7))
            connected_on = add_days(today, -age)
            within = pick() < FOLLOWED_THROUGH_SHARE
            first_day = add_days(
                connected_on,
                int(pick() * 8) if within else 8 + int(pick() * min(23, age - 7)),
            )
            # Talked since the first message: not crowded onto that one day.
            last_day = max(
                last_day, add_days(first_day, int(pick() * ((today - first_day).days + 1)))
            )
            if pick() < 0.7:
                request_on = add_days(connected_on, -(1 + int(pick() * 10)))
        elif stage is Stage.CONNECTED and pick() < 0.6:
            request_on = add_days(connected_on, -(1 + int(pick() * 10)))
        elif stage is Stage.REQUESTED:
            request_on = last_day
        if last_day < connected_on:
            connected_on = add_days(last_day, -int(pick() * 400))

        notes_only = stage in (Stage.CONNECTED, Stage.REQUESTED)
        events: list[list] = []  # [day, kind, inbound, snippet name, topic]
        slots = n
        if request_on is not None and slots:
            with_note = pick() < REQUEST_NOTE_SHARE and "Connection request" in self.snippets
            events.append(
                [
                    request_on,
                    InteractionKind.CONNECTION_REQUEST,
                    False,
                    "Connection request" if with_note else None,
                    "",
                ]
            )
            slots -= 1
        span_start = first_day or connected_on
        span = (last_day - span_start).days + 1
        if stage is Stage.ACTIVE:
            # Kept up with: talks come about once a cadence, back from the last one
            # (what no longer fits since the start falls anywhere in between).
            offsets, ago = [], span - 1
            for _ in range(slots):
                offsets.append(ago if ago >= 0 else int(pick() * span))
                ago -= int(effective * (0.5 + 0.7 * pick()))
            offsets.sort()
        else:
            offsets = sorted(int(pick() * span) for _ in range(slots))
        for position, offset in enumerate(offsets):
            if notes_only:
                day, kind = add_days(span_start, offset), InteractionKind.NOTE
            elif position == 0 and first_day is not None:
                day, kind = first_day, InteractionKind.MESSAGE
            else:
                is_last = position == slots - 1
                day = last_day if is_last else add_days(span_start, offset)
                kind = self.kind_pool[int(pick() * len(self.kind_pool))]
                if is_last and kind is InteractionKind.NOTE:
                    kind = InteractionKind.MESSAGE  # the last day is the last time you talked
            inbound = kind is InteractionKind.REPLY or (
                kind is InteractionKind.MESSAGE and first_day != day and pick() < 0.25
            )
            snippet = "First message" if day == first_day and position == 0 else None
            events.append([day, kind, inbound, snippet, TOPICS[int(pick() * len(TOPICS))]])
        events.sort(key=lambda event: event[0])
        self.snippet_sends(events)

        last_conversation: date | None = None
        last_topic = ""
        for day, kind, inbound, snippet, topic in events:
            text_sent = snippet_id = None
            note = f"talked about {topic}" if topic and kind is not InteractionKind.NOTE else topic
            if snippet is not None:
                snippet_id, body = self.snippets[snippet]
                context = TemplateContext(
                    first_name=first,
                    last_name=last,
                    full_name=full,
                    company=company,
                    title=title,
                    how_we_met=met,
                    last_topic=last_topic,
                    my_name=MY_NAME,
                )
                text_sent, note = render_template(body, context).text, ""
            elif kind is InteractionKind.CONNECTION_REQUEST:
                note = ""  # a request sent without a note
            if note:
                last_topic = topic
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
                    text_sent,
                    snippet_id,
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
    made = 0
    remaining = count * per_contact
    with database.writing() as session:
        # The demo sends with the snippets the database holds (the defaults, unless
        # edited in an earlier demo); one that was removed is simply not used.
        snippets = {
            name: (snippet_id, body)
            for snippet_id, name, body in session.execute(
                select(Snippet.id, Snippet.name, Snippet.body).where(
                    Snippet.name.in_(sorted(REPLY_RATES))
                )
            )
        }
        generator = _Generator(seed, today, Settings(), snippets)
        rng = generator.rng
        connection = session.connection()
        bulk_insert(
            connection,
            Setting.__table__,
            ("key", "value"),
            [(DEMO_MARKER, "1"), ("my-name", MY_NAME)],
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
        bulk_insert(connection, ClearedDay.__table__, ("day",), _cleared_days(rng, today))
    return made


def _cleared_days(rng: random.Random, today: date) -> list[tuple[date]]:
    """Days the queue was cleared: a current streak ending yesterday (today's queue
    is still full), and some earlier days with gaps between them."""
    days = [add_days(today, -ago) for ago in range(1, STREAK_DAYS + 1)]
    days += [
        add_days(today, -ago)
        for ago in range(STREAK_DAYS + 2, 120)
        if rng.random() < EARLIER_CLEARED_SHARE
    ]
    return [(day,) for day in days]

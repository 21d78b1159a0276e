"""How long a sync (``netdeck import linkedin``) of a whole LinkedIn export takes, and its peak memory.

    .venv/bin/python tests/benchmarks/sync_linkedin.py [--connections 30000] [--messages 200000]
        [--runs 3] [--later] [--profile] [--keep DIR] [--postgresql URL]

Writes a realistic export folder (seeded, so the same on every run) as of
2026-11-25, owned by "Sam Rivera" (``https://www.linkedin.com/in/sam-rivera-01``):

- ``Connections.csv``: the current layout (``Notes:`` preamble, ``URL``
  column, no final newline) with ``--connections`` rows: quoted commas and
  quotes in Company and Position, about 10% with an email address, about 1%
  hidden members with only a date, connected over the last ten years;
- ``Invitations.csv``: outgoing invitations from the owner (so the owner is
  known), most still pending, some to people already connected, about half with
  a note, and a few incoming ones;
- ``messages.csv``: the 13-column layout with ``--messages`` rows. About half
  the connections have a one-to-one conversation with the owner; messages per
  person follow a heavy-tailed (Pareto) law, so about half of them have one to
  three messages and a few have a thousand or more. Messages come in bursts, both directions,
  dated over the last five years up to 2026-11-25 (never before the person
  connected). About 2% are group messages with two connections, about 1% come
  from strangers (recruiters, some with a subject), some sender URLs are
  written non-canonically (``http:``, no ``www.``, a trailing slash), some
  CONTENT spans lines or holds quoted commas; FOLDER is mostly ``INBOX``, a
  few ``ARCHIVE``, ``SPAM`` or empty, and a few rows are drafts.

With ``--later``, a second export of the same account three weeks later
(2026-12-16): about 60% of the pending invitations accepted (now in
``Connections.csv``, gone from ``Invitations.csv``), a few new connections and
invitations, about 2% of connections with a new company or title, about 0.5%
no longer connected, and three weeks of new messages (about 1% of
``--messages``, some to the people who just accepted); the file still holds
every earlier message, as a real export does.

Each figure is the real command, ``netdeck import linkedin FOLDER/Connections.csv
--db DB --json`` (backup included) with ``NETDECK_TODAY`` set, run in a fresh
process whose wall time, CPU time and peak RSS (``ru_maxrss`` from ``wait4``,
so per run) are measured; Python's start-up is inside the figure, as a user
sees it:

1. first sync into a fresh database (a copy of an empty database migrated
   beforehand by ``netdeck stats``, so the migration is not timed);
2. re-sync of the same export into the synced database (a fresh copy each run);
3. with ``--later``: sync of the later export into the synced database.

Prints the median of ``--runs`` for each, the command's own counts, and the
contacts and interactions in the database afterwards (a sanity check).
``--profile`` also runs the first sync once under cProfile and prints the
netdeck functions with the most cumulative time. ``--keep DIR`` writes the
exports and databases to DIR (kept) instead of a temporary folder.
``--postgresql URL`` syncs into server decks instead: each run into a new
database on that server made from the one before (``CREATE DATABASE ...
TEMPLATE``), all dropped at the end (the role needs ``CREATEDB``).

At 30,000 connections and 200,000 messages the export is about 64 MB and a
whole run with ``--later`` (3 runs each) took about 2.5 minutes before issue 15's
rewrite (``--profile`` adds about a minute). run_all.py runs it at that size,
with ``--later``, always (issue 15's targets are at that size: each sync under
10 s, peak RSS under 300 MB); with ``--quick``, one run each. Not collected by
pytest: a benchmark, not a timed test.
"""

from __future__ import annotations

import argparse
import base64
import csv
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from import_linkedin import COMPANIES, FIRST, HEADER, LAST, MONTHS, PREAMBLE, TITLES

BIN = Path(sys.executable).parent
TODAY = date(2026, 11, 25)
LATER = TODAY + timedelta(days=21)
OWNER_NAME = "Sam Rivera"
OWNER_URL = "https://www.linkedin.com/in/sam-rivera-01"
MESSAGE_HEADER = [
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
    "ATTACHMENTS",
    "IS MESSAGE DRAFT",
    "IS CONVERSATION DRAFT",
]
INVITATION_HEADER = [
    "From",
    "To",
    "Sent At",
    "Message",
    "Direction",
    "inviterProfileUrl",
    "inviteeProfileUrl",
]
LINES = [
    "Great catching up today!",
    "Thanks for the intro, really appreciated.",
    "Are you going to the meetup next week?",
    "Congrats on the new role!",
    "Happy to help, send me the deck when you can.",
    "Sorry for the slow reply, it has been a busy month.",
    "Would love to grab a coffee, free Thursday?",
    "Sure, let's do it.",
    "Sounds good to me.",
    "I saw your post about the pilot, how did it go?",
    "We're hiring for a staff role, know anyone?",
    "Thanks!",
    "Of course, any time.",
    "Let me check with the team and get back to you.",
    "Here's the link I mentioned: https://example.com/notes",
    'They called it "the Core platform", which made me smile.',
    "Hi, hope you're well, quick question about budgets, timelines, and hiring.",
    "Absolutely, talk soon!",
]
JOBS = [
    ("Contoso", "VP Product"),
    ("Tessellate", "CTO"),
    ("Globex, Inc.", "Director, Data"),
    ("Initech", "Engineering Manager"),
    ("Hooli", "Staff Engineer"),
]
FOLDERS = ["INBOX"] * 96 + ["ARCHIVE"] * 2 + ["SPAM", ""]


@dataclass(frozen=True, slots=True)
class Person:
    first: str
    last: str
    url: str  # "" for a hidden member
    email: str
    company: str
    title: str
    connected: date

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


# ---------------------------------------------------------------- the export


def day_text(day: date) -> str:
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"


def sent_at(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return (
        f"{moment.month}/{moment.day}/{moment.year % 100}, "
        f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"
    )


def new_person(rng: random.Random, index: int, connected: date) -> Person:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    # Non-ASCII letters are percent-encoded in real profile URLs (zo%C3%AB-brandt).
    slug = quote(f"{first}-{last}-{index:x}".lower().replace("'", ""))
    return Person(
        first=first,
        last=last,
        url=f"https://www.linkedin.com/in/{slug}",
        email=f"{first}.{last}{index}@example.com".lower() if rng.random() < 0.1 else "",
        company=rng.choice(COMPANIES),
        title=rng.choice(TITLES),
        connected=connected,
    )


def make_people(rng: random.Random, count: int) -> list[Person]:
    people = []
    for index in range(count):
        connected = TODAY - timedelta(days=rng.randrange(0, 3650))
        if rng.random() < 0.01:
            people.append(Person("", "", "", "", "", "", connected))
        else:
            people.append(new_person(rng, index, connected))
    return people


def write_connections(path: Path, people: list[Person]) -> None:
    # Newest first, as LinkedIn writes it.
    ordered = sorted(people, key=lambda person: person.connected, reverse=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(PREAMBLE)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for p in ordered:
            if not p.url:
                writer.writerow(["", "", "", "", "", "", day_text(p.connected)])
            else:
                writer.writerow(
                    [p.first, p.last, p.url, p.email, p.company, p.title, day_text(p.connected)]
                )
    with path.open("rb+") as handle:  # LinkedIn's file has no final newline
        handle.seek(-1, os.SEEK_END)
        handle.truncate()


@dataclass(frozen=True, slots=True)
class Invite:
    person: Person
    moment: datetime
    note: str
    outgoing: bool


def write_invitations(path: Path, invites: list[Invite]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(INVITATION_HEADER)
        for i in sorted(invites, key=lambda invite: invite.moment, reverse=True):
            if i.outgoing:
                row = [OWNER_NAME, i.person.name, sent_at(i.moment), i.note, "OUTGOING"]
                writer.writerow([*row, OWNER_URL, i.person.url])
            else:
                row = [i.person.name, OWNER_NAME, sent_at(i.moment), i.note, "INCOMING"]
                writer.writerow([*row, i.person.url, OWNER_URL])


def moment_between(rng: random.Random, first: date, last: date) -> datetime:
    start = datetime(first.year, first.month, first.day, tzinfo=UTC).timestamp()
    end = datetime(last.year, last.month, last.day, 23, 59, 59, tzinfo=UTC).timestamp()
    return datetime.fromtimestamp(rng.uniform(start, end), UTC).replace(microsecond=0)


def content(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.1:  # several paragraphs, the longest messages
        parts = [
            " ".join(rng.choices(LINES, k=rng.randint(2, 6))) for _ in range(rng.randint(2, 4))
        ]
        return "\n\n".join(parts)
    if roll < 0.2:
        return "\n".join(rng.choices(LINES, k=2))
    return " ".join(rng.choices(LINES, k=rng.randint(1, 3)))


def odd_url(rng: random.Random, url: str) -> str:
    """The same profile as a later message may spell it (see FACTS.md)."""
    if rng.random() >= 0.02:
        return url
    return rng.choice([url + "/", url.replace("https://www.", "http://")])


def conversation_id(rng: random.Random) -> str:
    return "2-" + base64.b64encode(rng.randbytes(24)).decode()


@dataclass(slots=True)
class Conversation:
    id: str
    members: list[Person]  # besides the owner
    rows: list[list[str]]


def message_row(
    rng: random.Random,
    conversation: Conversation,
    sender: Person | None,  # None: the owner
    moment: datetime,
    *,
    subject: str = "",
) -> list[str]:
    if sender is None:
        sender_name, sender_url = OWNER_NAME, OWNER_URL
        recipients = conversation.members
    else:
        sender_name, sender_url = sender.name, odd_url(rng, sender.url)
        others = [p for p in conversation.members if p is not sender]
        recipients = [Person("Sam", "Rivera", OWNER_URL, "", "", "", TODAY), *others]
    draft = "Yes" if rng.random() < 0.001 else "No"
    return [
        conversation.id,
        "",
        sender_name,
        sender_url,
        ", ".join(p.name for p in recipients),
        ",".join(p.url for p in recipients),
        moment.strftime("%Y-%m-%d %H:%M:%S UTC"),
        subject,
        content(rng),
        rng.choice(FOLDERS),
        "https://www.linkedin.com/dms/attachment" if rng.random() < 0.01 else "",
        draft,
        draft,
    ]


def add_messages(
    rng: random.Random,
    conversation: Conversation,
    count: int,
    first: date,
    last: date,
) -> None:
    """``count`` messages between ``first`` and ``last``, in bursts of a few days, both ways."""
    if first > last:
        first = last
    bursts = [moment_between(rng, first, last) for _ in range(1 + count // 6)]
    end = datetime(last.year, last.month, last.day, 23, 59, 59, tzinfo=UTC)
    moments = []
    for _ in range(count):
        start = rng.choice(bursts)
        room = min(3 * 86400, (end - start).total_seconds())
        moments.append(start + timedelta(seconds=int(rng.uniform(0, room))))
    moments.sort()
    outbound = rng.random() < 0.6
    for moment in moments:
        sender = None if outbound else rng.choice(conversation.members)
        conversation.rows.append(message_row(rng, conversation, sender, moment))
        if rng.random() < 0.65:
            outbound = not outbound


def message_counts(rng: random.Random, people: int, total: int) -> list[int]:
    """``total`` messages over ``people`` people, at least one each, heavy-tailed."""
    people = max(1, min(people, total))
    weights = [min(rng.paretovariate(0.7), 3000.0) for _ in range(people)]
    counts = [1] * people
    for index in rng.choices(range(people), weights=weights, k=total - people):
        counts[index] += 1
    return counts


@dataclass(slots=True)
class Export:
    people: list[Person]  # connections
    invites: list[Invite]
    conversations: dict[str, Conversation]  # by the member's URL (one-to-one) or id (groups)


def make_export(rng: random.Random, connections: int, messages: int) -> Export:
    people = make_people(rng, connections)
    known = [p for p in people if p.url]
    invites = []
    pending = max(1, connections // 100)
    for index in range(pending):  # to people not (yet) connected
        person = new_person(rng, connections + index, TODAY)
        moment = moment_between(rng, TODAY - timedelta(days=120), TODAY)
        note = content(rng)[:200] if rng.random() < 0.5 else ""
        invites.append(Invite(person, moment, note, outgoing=True))
    for person in rng.sample(known, min(len(known), pending // 2)):  # accepted long ago
        invites.append(
            Invite(person, moment_between(rng, person.connected, person.connected), "", True)
        )
    for index in range(max(1, pending // 10)):
        person = new_person(rng, connections + pending + index, TODAY)
        invites.append(
            Invite(person, moment_between(rng, TODAY - timedelta(days=30), TODAY), "", False)
        )

    earliest = TODAY - timedelta(days=5 * 365)
    groups = messages // 200  # about 2% of messages, four each
    strangers = messages // 100
    single = messages - 4 * groups - strangers
    chatty = rng.sample(known, min(len(known), max(1, len(known) // 2)))
    conversations: dict[str, Conversation] = {}
    for person, count in zip(chatty, message_counts(rng, len(chatty), single), strict=False):
        conversation = Conversation(conversation_id(rng), [person], [])
        add_messages(rng, conversation, count, max(person.connected, earliest), TODAY)
        conversations[person.url] = conversation
    for _ in range(groups):
        members = rng.sample(chatty, 2)
        conversation = Conversation(conversation_id(rng), members, [])
        first = max(earliest, *(p.connected for p in members))
        add_messages(rng, conversation, 4, first, TODAY)
        conversations[conversation.id] = conversation
    for index in range(strangers):
        person = new_person(rng, 10 * connections + index, TODAY)
        conversation = Conversation(conversation_id(rng), [person], [])
        moment = moment_between(rng, earliest, TODAY)
        subject = "Opportunity at Hooli" if rng.random() < 0.5 else ""
        conversation.rows.append(message_row(rng, conversation, person, moment, subject=subject))
        conversations[conversation.id] = conversation
    return Export(people, invites, conversations)


def make_later(rng: random.Random, export: Export, messages: int) -> Export:
    """The same account three weeks later (see the module docstring)."""
    people = list(export.people)
    gone = set(rng.sample(range(len(people)), len(people) // 200))
    people = [p for index, p in enumerate(people) if index not in gone]
    for index in rng.sample(range(len(people)), len(people) // 50):
        if people[index].url:
            company, title = rng.choice(JOBS)
            people[index] = replace(people[index], company=company, title=title)
    connected = {p.url for p in export.people}
    pending = [i for i in export.invites if i.outgoing and i.person.url not in connected]
    accepted = rng.sample(pending, len(pending) * 3 // 5)
    joined = []
    for invite in accepted:
        day = invite.moment.date() + timedelta(days=rng.randint(1, 21))
        joined.append(
            replace(invite.person, connected=min(max(day, TODAY + timedelta(days=1)), LATER))
        )
    newcomers = [
        new_person(rng, 20 * len(people) + index, LATER - timedelta(days=rng.randrange(21)))
        for index in range(max(1, len(people) // 1000))
    ]
    people = joined + newcomers + people
    taken = {invite.person.url for invite in accepted}
    invites = [i for i in export.invites if i.person.url not in taken]
    for index in range(max(1, len(pending) // 5)):
        person = new_person(rng, 30 * len(people) + index, LATER)
        moment = moment_between(rng, TODAY + timedelta(days=1), LATER)
        invites.append(Invite(person, moment, "", outgoing=True))

    conversations = {
        key: Conversation(c.id, c.members, list(c.rows)) for key, c in export.conversations.items()
    }
    talkers = [p for p in people if p.url]
    start = TODAY + timedelta(days=1)
    for person in joined[: len(joined) // 2]:  # wrote after accepting
        conversation = Conversation(conversation_id(rng), [person], [])
        add_messages(rng, conversation, rng.randint(1, 3), max(start, person.connected), LATER)
        conversations[person.url] = conversation
    for person, count in zip(
        rng.sample(talkers, min(len(talkers), max(1, messages // 300))),
        message_counts(rng, max(1, messages // 300), max(1, messages // 100)),
        strict=False,
    ):
        conversation = conversations.get(person.url) or Conversation(
            conversation_id(rng), [person], []
        )
        add_messages(rng, conversation, count, start, LATER)
        conversations[person.url] = conversation
    return Export(people, invites, conversations)


def write_messages(path: Path, export: Export, rng: random.Random) -> int:
    keys = list(export.conversations)
    rng.shuffle(keys)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(MESSAGE_HEADER)
        for key in keys:
            # Within a conversation, newest first.
            for row in sorted(export.conversations[key].rows, key=lambda r: r[6], reverse=True):
                writer.writerow(row)
                rows += 1
    return rows


def write_export(folder: Path, export: Export, seed: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    write_connections(folder / "Connections.csv", export.people)
    write_invitations(folder / "Invitations.csv", export.invites)
    return write_messages(folder / "messages.csv", export, random.Random(seed))


# ---------------------------------------------------------------- measuring


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    cpu: float
    peak_mb: float
    summary: dict[str, object]


def netdeck(args: list[str], today: date, data_dir: Path, output: Path) -> Run:
    """Run the real command in a fresh process; its own wall, CPU and peak RSS."""
    env = os.environ | {"NETDECK_DATA_DIR": str(data_dir), "NETDECK_TODAY": today.isoformat()}
    with output.open("w") as out:
        started = time.perf_counter()
        child = subprocess.Popen([str(BIN / "netdeck"), *args], stdout=out, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    text = output.read_text()
    if child.returncode != 0:
        raise SystemExit(f"netdeck {' '.join(args)} failed ({child.returncode}):\n{text}")
    summary = json.loads(text) if text.lstrip().startswith("{") else {}
    # ru_maxrss is in kilobytes on Linux.
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, summary)


def counts(db: Path | str) -> tuple[int, int]:
    if isinstance(db, str):  # a server deck
        from sqlalchemy import text

        from netdeck.store.database import open_database

        database = open_database(db)
        try:
            with database.reading() as session:
                found = session.execute(
                    text(
                        "SELECT (SELECT count(*) FROM contacts), "
                        "(SELECT count(*) FROM interactions)"
                    )
                ).one()
        finally:
            database.close()
        return int(found[0]), int(found[1])
    with sqlite3.connect(db) as connection:
        (contacts,) = connection.execute("SELECT count(*) FROM contacts").fetchone()
        (interactions,) = connection.execute("SELECT count(*) FROM interactions").fetchone()
    return contacts, interactions


class Server:
    """New databases on a PostgreSQL server (``--postgresql URL``, any database there
    for the connection), each a copy of another (``CREATE DATABASE ... TEMPLATE``),
    dropped at the end."""

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self.url = make_url(url)
        self.made: list[str] = []

    def _admin(self):  # type: ignore[no-untyped-def]
        import psycopg

        admin = self.url.set(database="postgres", drivername="postgresql")
        return psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True)

    def new(self, name: str, template: str | None = None) -> str:
        name = f"netdeck_sync_{os.getpid()}_{name}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with self._admin() as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}"')
            pg.execute(f'CREATE DATABASE "{name}"{copy}')
        self.made.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def name_of(self, url: str) -> str:
        from sqlalchemy.engine import make_url

        return str(make_url(url).database)

    def drop_all(self) -> None:
        with self._admin() as pg:
            for name in reversed(self.made):
                pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure(
    label: str,
    export: Path,
    start_db: Path | str,
    today: date,
    runs: int,
    work: Path,
    server: Server | None = None,
) -> Path | str:
    """``runs`` syncs of ``export``, each into a fresh copy of ``start_db`` (a file, or
    with ``server`` a server database); prints the figures and returns the database of
    the last run."""
    results = []
    for run in range(runs):
        step = label.split(" (")[0].replace(" ", "-")
        folder = work / f"{step}-{run}"
        folder.mkdir()
        db: Path | str
        if server is not None:
            db = server.new(f"{step.replace('-', '_')}_{run}", server.name_of(str(start_db)))
        else:
            db = folder / "netdeck.db"
            shutil.copy(start_db, db)
        args = ["import", "linkedin", str(export / "Connections.csv"), "--db", str(db), "--json"]
        results.append(netdeck(args, today, folder, folder / "out.json"))
    seconds = [r.seconds for r in results]
    summary = results[-1].summary
    contacts, interactions = counts(db)
    skipped = summary.get("skipped", [])
    print(
        f"{label:<22} median {statistics.median(seconds):6.2f} s over {runs} "
        f"(min {min(seconds):.2f}, max {max(seconds):.2f}; CPU median "
        f"{statistics.median(r.cpu for r in results):.2f} s)  "
        f"peak RSS {max(r.peak_mb for r in results):6.1f} MB",
        flush=True,
    )
    print(
        f"{'':<22} added {summary.get('added')}  updated {summary.get('updated')}  "
        f"unchanged {summary.get('unchanged')}  interactions {summary.get('interactions')}  "
        f"skipped {len(skipped) if isinstance(skipped, list) else skipped}  "
        f"events {summary.get('events', '-')}  -> db: {contacts:,} contacts, "
        f"{interactions:,} interactions",
        flush=True,
    )
    return db


def profile(export: Path, empty_db: Path, work: Path, top: int = 15) -> None:
    import pstats

    folder = work / "profile"
    folder.mkdir()
    db, stats_file = folder / "netdeck.db", folder / "sync.prof"
    shutil.copy(empty_db, db)
    env = os.environ | {"NETDECK_DATA_DIR": str(folder), "NETDECK_TODAY": TODAY.isoformat()}
    command = [sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "netdeck"]
    args = ["import", "linkedin", str(export / "Connections.csv"), "--db", str(db), "--json"]
    subprocess.run([*command, *args], check=True, env=env, stdout=subprocess.DEVNULL)
    stats = pstats.Stats(str(stats_file))
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = [
        (cumulative, own, calls, f"{Path(file).name}:{line} {name}", file)
        for (file, line, name), (_, calls, own, cumulative, _) in stats.stats.items()  # type: ignore[attr-defined]
    ]
    print(f"\ncProfile of the first sync: {total:.2f} s in all; top netdeck/ entries by cumulative")
    print(f"  {'cumulative':>10} {'own':>7} {'calls':>9}  function")
    shown = 0
    for cumulative, own, calls, where, file in sorted(rows, reverse=True):
        if f"{os.sep}netdeck{os.sep}" not in file:
            continue
        print(f"  {cumulative:9.2f}s {own:6.2f}s {calls:9,}  {where}")
        shown += 1
        if shown == top:
            break
    print("  (everything else, by own time)")
    for cumulative, own, calls, where, file in sorted(rows, key=lambda r: r[1], reverse=True)[:8]:
        print(f"  {cumulative:9.2f}s {own:6.2f}s {calls:9,}  {where}  [{Path(file).parent.name}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--later", action="store_true", help="also sync a later export")
    parser.add_argument("--profile", action="store_true", help="profile one first sync")
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it")
    parser.add_argument(
        "--postgresql",
        metavar="URL",
        help="sync into new databases on this PostgreSQL server (dropped afterwards)",
    )
    args = parser.parse_args()
    server = Server(args.postgresql) if args.postgresql else None

    with tempfile.TemporaryDirectory() as temporary:
        work = args.keep or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        rng = random.Random(args.seed)
        export = make_export(rng, args.connections, args.messages)
        first_folder = work / "export"
        rows = write_export(first_folder, export, args.seed)
        later_folder = work / "export-later"
        if args.later:
            later = make_later(rng, export, args.messages)
            later_rows = write_export(later_folder, later, args.seed + 1)
        size = sum(f.stat().st_size for f in first_folder.iterdir()) / 1e6
        print(
            f"Export as of {TODAY}: {len(export.people):,} connections, "
            f"{len(export.invites):,} invitations, {rows:,} messages in "
            f"{len(export.conversations):,} conversations ({size:.1f} MB; written in "
            f"{time.perf_counter() - started:.1f} s)",
            flush=True,
        )
        if args.later:
            print(
                f"Later export as of {LATER}: {len(later.people):,} connections, "
                f"{len(later.invites):,} invitations, {later_rows:,} messages",
                flush=True,
            )

        empty: Path | str = work / "empty" / "netdeck.db"
        (work / "empty").mkdir()
        try:
            if server is not None:
                empty = server.new("empty")
                print(f"Syncing into new databases on {server.url.render_as_string()}")
            netdeck(["--db", str(empty), "stats"], TODAY, work / "empty", work / "empty" / "out")

            synced = measure("first sync", first_folder, empty, TODAY, args.runs, work, server)
            measure("re-sync (same export)", first_folder, synced, TODAY, args.runs, work, server)
            if args.later:
                measure(
                    "sync of later export", later_folder, synced, LATER, args.runs, work, server
                )
        finally:
            if server is not None:
                server.drop_all()
        if args.profile and server is None:
            profile(first_folder, Path(empty), work)


if __name__ == "__main__":
    main()

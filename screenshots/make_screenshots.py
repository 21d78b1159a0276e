"""Make the SVG screenshots in this folder from the real app.

Run from the repository root:  .venv/bin/python screenshots/make_screenshots.py [NAME...]
(names such as ``import`` make only those pictures).

Each picture is the real NetdeckApp on a demo database (fixed seed, today
pinned to 2026-11-25), driven with Textual's pilot at 120x36.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 25)
SIZE = (120, 36)
#: The pictures asked for on the command line (none: every one).
WANTED = set(sys.argv[1:])


async def settle(app, pilot) -> None:
    """Wait until no worker is running and the screen is idle."""
    for _ in range(100):
        busy = [w for w in app.workers if not w.is_finished]
        if not busy:
            break
        await asyncio.sleep(0.02)
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def shoot(
    db: str, name: str, steps: Callable[[object, object], Awaitable[None]] | None = None
) -> None:
    from netdeck.tui.app import NetdeckApp

    if WANTED and name not in WANTED:
        return
    os.environ["NETDECK_USER"] = "Alex" if name == "team-deck" else "You"
    app = NetdeckApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        if steps is not None:
            await steps(app, pilot)
            await settle(app, pilot)
        svg = app.export_screenshot(title=f"netdeck: {name}")
        (HERE / f"{name}.svg").write_text(svg, encoding="utf-8")
        print(f"screenshots/{name}.svg")


async def press(pilot, app, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(app, pilot)


async def main() -> None:
    from netdeck.demo.fill import fill_demo_database

    with tempfile.TemporaryDirectory() as folder:
        os.environ["NETDECK_DATA_DIR"] = folder
        os.environ["NETDECK_TODAY"] = TODAY.isoformat()
        demo = str(Path(folder) / "demo.db")
        fill_demo_database(demo, contacts=150, interactions_per_contact=10, seed=7, today=TODAY)
        empty = str(Path(folder) / "empty.db")

        await shoot(demo, "queue", lambda app, pilot: press(pilot, app, "j", "j"))
        await shoot(demo, "log-done", lambda app, pilot: press(pilot, app, "j", "d"))
        await shoot(demo, "snooze", lambda app, pilot: press(pilot, app, "s"))
        await shoot(demo, "contact", lambda app, pilot: press(pilot, app, "e"))
        await shoot(demo, "contacts", lambda app, pilot: press(pilot, app, "c"))

        async def search(app, pilot) -> None:
            await press(pilot, app, "slash", *"python")

        await shoot(demo, "search", search)
        await shoot(demo, "composer", lambda app, pilot: press(pilot, app, "m"))
        await shoot(demo, "snippets", lambda app, pilot: press(pilot, app, "S"))
        await shoot(demo, "help", lambda app, pilot: press(pilot, app, "question_mark"))
        await shoot(demo, "settings", lambda app, pilot: press(pilot, app, "comma"))
        await shoot(demo, "health", lambda app, pilot: press(pilot, app, "h"))
        await shoot(demo, "triage", lambda app, pilot: press(pilot, app, "t"))
        await shoot(
            with_duplicates(Path(folder), demo),
            "duplicates",
            lambda app, pilot: press(pilot, app, "c", "D"),
        )
        await shoot(
            with_held_prospect_pulled(Path(folder), demo),
            "note-budget",
            lambda app, pilot: press(pilot, app, "m"),
        )
        await shoot(with_a_colleague(Path(folder), demo), "team-deck", as_alex)
        await shoot(empty, "welcome")
        await shoot(empty, "import", import_sample(Path(folder)))


def with_a_colleague(folder: Path, demo: str) -> str:
    """The demo shared with Sam: Sam is writing to the first person of the queue and
    made a note on the second one yesterday; the app runs as Alex."""
    import shutil
    from datetime import timedelta

    from netdeck.services.api import DeckApi

    shared = str(folder / "team.db")
    shutil.copyfile(demo, shared)
    sam = DeckApi.open(shared, lambda: TODAY, "Sam")
    try:
        first, second = (entry.id for entry in sam.queue().entries[:2])
        sam.claim(first)
        DeckApi(sam.database, lambda: TODAY - timedelta(days=1), "Sam").mark_done(
            second, channel=None, kind="note", note="asked about the Berlin office"
        )
    finally:
        sam.close()
    return shared


async def as_alex(app, pilot) -> None:
    """Alex's queue (NETDECK_USER set around it), on the person Sam made a note on."""
    await press(pilot, app, "j")


def with_held_prospect_pulled(folder: Path, demo: str) -> str:
    """A copy of the demo deck with the first prospect the note budget holds pulled into
    today's queue (so it is the first row): its draft shows the month's notes."""
    import shutil

    from netdeck.services.api import DeckApi

    copy = str(folder / "note-budget.db")
    shutil.copyfile(demo, copy)
    api = DeckApi.open(copy, lambda: TODAY)
    try:
        held = [entry for entry in api.queue(show_all=True).entries if entry.held]
        api.pull(held[0].id)
    finally:
        api.close()
    return copy


def with_duplicates(folder: Path, demo: str) -> str:
    """A copy of the demo deck where two of its people are in twice (as a LinkedIn import
    and a contacts file of the same people would leave them): one with the same e-mail
    address under a fuller name, one as "J. Smith" at the same company."""
    import shutil

    from netdeck.domain.channels import ChannelKind
    from netdeck.services.api import DeckApi
    from netdeck.services.contacts import ContactFields

    copy = str(folder / "duplicates.db")
    shutil.copyfile(demo, copy)
    api = DeckApi.open(copy, lambda: TODAY)
    try:
        people = [c for c in api.list_contacts() if c.company][:2]
        first = api.contact(people[0].id)
        email = [ch.value for ch in first.channels if ch.kind == "email"] or ["them@example.com"]
        api.save_contact(first.id, ContactFields(addresses={ChannelKind.EMAIL: email}))
        given, _, family = first.name.partition(" ")
        api.save_contact(
            None,
            ContactFields(
                name=f"{given} Q. {family}",
                company=first.company,
                stage="unsorted",
                addresses={ChannelKind.EMAIL: [email[0].upper()]},
                tags=["imported"],
            ),
        )
        second = api.contact(people[1].id)
        given, _, family = second.name.partition(" ")
        api.save_contact(
            None,
            ContactFields(name=f"{given[0]}. {family}", company=second.company, stage="unsorted"),
        )
    finally:
        api.close()
    return copy


def import_sample(home: Path) -> Callable[[object, object], Awaitable[None]]:
    """Steps importing the LinkedIn sample (tests/fixtures/linkedin) as ``~/Downloads/...zip``,
    with ``home`` as the home folder (so the backup path reads ``~/...`` too)."""
    import zipfile

    os.environ["HOME"] = str(home)
    archive = home / "Downloads" / "Complete_LinkedInDataExport_11-25-2026.zip"
    archive.parent.mkdir(exist_ok=True)
    sample = HERE.parent / "tests" / "fixtures" / "linkedin"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in ("Connections.csv", "Invitations.csv", "messages.csv"):
            zf.write(sample / name, name)

    async def steps(app, pilot) -> None:
        await press(pilot, app, "i")
        app.screen.query_one("#import-path").value = f"~/Downloads/{archive.name}"
        await press(pilot, app, "ctrl+s")
        for field in app.screen.query("Input"):
            field.cursor_blink = False

    return steps


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    asyncio.run(main())

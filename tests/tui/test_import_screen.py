"""The import screen: from the queue (or the welcome text) to the database and back."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from textual.widgets import Button, Input, ProgressBar, Select

from netdeck.store.database import Database
from netdeck.store.models import Channel, Contact
from netdeck.tui.screens.help import describe_keys
from netdeck.tui.screens.importing import ImportScreen
from tests.cli.conftest import database_dump
from tests.hostile_files import write_zip_bomb
from tests.postgres import postgresql_too
from tests.tui.conftest import Ui, add_person, contact_id_named, drive, stored

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def linkedin_zip(folder: Path) -> Path:
    archive = folder / "Complete_LinkedInDataExport_11-25-2026.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in ("Connections.csv", "Invitations.csv", "messages.csv"):
            zf.write(FIXTURES / "linkedin" / name, name)
    return archive


def contact_count(database: Database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count(Contact.id))) or 0


async def open_import(ui: Ui, path: str) -> None:
    await ui.press("i")
    assert isinstance(ui.screen, ImportScreen)
    await ui.paste(path)


@postgresql_too  # the smoke set on PostgreSQL
def test_importing_a_linkedin_zip_from_the_welcome_screen(
    backend_target: str, database: Database, tmp_path: Path
) -> None:
    archive = linkedin_zip(tmp_path)
    seen: dict[str, object] = {}

    async def scenario(ui: Ui) -> None:
        assert "press  i  and give the .zip" in ui.text()  # the empty deck says how
        await open_import(ui, str(archive))
        assert ui.screen.query_one("#import-format", Select).value == "linkedin"
        assert "Format detected from the file name: a LinkedIn export." in ui.text()
        await ui.press("ctrl+s")
        seen["screen"] = ui.text()
        seen["skipped"] = ui.widget_text("#import-skipped")
        seen["bar"] = ui.screen.query_one("#import-progress", ProgressBar).percentage
        await ui.press("escape")
        seen["queue"] = [ui.queue.get_row(key)[0].plain for key in ui.queue.rows]

    drive(backend_target, scenario)
    assert "39 added · 0 updated · 0 unchanged · 1 skipped" in seen["screen"]  # type: ignore[operator]
    assert "6 messages logged" in seen["screen"]  # type: ignore[operator]
    assert "3 connection requests logged (1 without a note)" in seen["screen"]  # type: ignore[operator]
    if backend_target.endswith(".db"):  # a server database is backed up by its server
        assert "Backup of the database before the import:" in seen["screen"]  # type: ignore[operator]
    assert "Connections.csv" in seen["skipped"] and "42" in seen["skipped"]  # type: ignore[operator]
    assert "no name (a hidden or closed LinkedIn account)" in seen["skipped"]  # type: ignore[operator]
    assert seen["bar"] == 1.0
    assert contact_count(database) == 39
    with database.reading() as session:
        greg = session.scalars(
            select(Contact)
            .join(Channel)
            .where(Channel.value == "https://www.linkedin.com/in/greg-alvarez-9f2")
        ).one()
        # Connected a week ago: a new connection, due for a first message...
        assert (greg.full_name, greg.stage, greg.next_due_on) == (
            "Greg Alvarez",
            "connected",
            date(2026, 11, 21),
        )
        names = [
            contact.full_name
            for contact in session.scalars(select(Contact).where(Contact.stage == "connected"))
        ]
    # ...so back on the queue, which reloaded, every new connection is there.
    assert names and set(names) <= set(seen["queue"])  # type: ignore[arg-type]


def test_a_malformed_file_is_refused_and_the_path_stays(
    db_path: Path, database: Database, tmp_path: Path
) -> None:
    bad = tmp_path / "Connections.csv"
    bad.write_text("Name,Email\nAnn,ann@example.com\n", encoding="utf-8")
    add_person(database, "Ada Lovelace", email="ada@example.com")
    before = database_dump(db_path)
    seen: dict[str, object] = {}

    async def scenario(ui: Ui) -> None:
        await open_import(ui, str(bad))
        await ui.press("ctrl+s")
        seen["path"] = ui.screen.query_one("#import-path", Input).value
        seen["screen"] = ui.screen
        seen["bar shown"] = ui.screen.query_one("#import-progress-row").display
        seen["notified"] = ui.notified[-1]

    drive(db_path, scenario)
    assert seen["path"] == str(bad)
    assert isinstance(seen["screen"], ImportScreen)
    assert seen["bar shown"] is False
    notified = seen["notified"]
    assert notified.severity == "error"  # type: ignore[attr-defined]
    assert "Connections.csv: no header row with the columns" in notified.message  # type: ignore[attr-defined]
    assert database_dump(db_path) == before


@pytest.mark.parametrize("hostile", ["zip bomb", "/dev/zero"])
def test_a_file_too_large_or_endless_is_refused_on_screen(
    db_path: Path, database: Database, tmp_path: Path, hostile: str
) -> None:
    """It used to leave the screen on "Reading the file" for good (a MemoryError in the
    worker, reported nowhere)."""
    if hostile == "zip bomb":
        path = tmp_path / "Complete_LinkedInDataExport_11-25-2026.zip"
        write_zip_bomb(path)  # 1 GiB of Connections.csv in under 4 MB
        says = "Connections.csv in the zip is too large to import (1,073.7 MB"
    else:
        path, says = Path(hostile), "/dev/zero is a device, not a file netdeck can import"
    add_person(database, "Ada Lovelace", email="ada@example.com")
    before = database_dump(db_path)
    seen: dict[str, object] = {}

    async def scenario(ui: Ui) -> None:
        await open_import(ui, str(path))
        ui.screen.query_one("#import-format", Select).value = "linkedin"
        await ui.press("ctrl+s")
        seen["path"] = ui.screen.query_one("#import-path", Input).value
        seen["bar shown"] = ui.screen.query_one("#import-progress-row").display
        seen["buttons"] = [button.disabled for button in ui.screen.query(Button)]
        seen["notified"] = ui.notified[-1]

    drive(db_path, scenario)
    assert seen["path"] == str(path)
    assert seen["bar shown"] is False  # "Reading the file" is gone with its bar
    assert seen["buttons"] == [False, False]
    notified = seen["notified"]
    assert notified.severity == "error"  # type: ignore[attr-defined]
    assert says in notified.message  # type: ignore[attr-defined]
    assert database_dump(db_path) == before


def test_a_preview_writes_nothing_and_says_what_would_happen(
    db_path: Path, database: Database, tmp_path: Path
) -> None:
    archive = linkedin_zip(tmp_path)
    before = database_dump(db_path)
    seen: dict[str, object] = {}

    async def scenario(ui: Ui) -> None:
        await open_import(ui, str(archive))
        await ui.press("ctrl+r")
        seen["screen"] = ui.text()
        seen["bar"] = ui.screen.query_one("#import-progress", ProgressBar).percentage

    drive(db_path, scenario)
    assert "Preview (dry run, nothing written)" in seen["screen"]  # type: ignore[operator]
    assert "39 would be added" in seen["screen"]  # type: ignore[operator]
    assert "3 connection requests would be logged (1 without a note)" in seen["screen"]  # type: ignore[operator]
    assert seen["bar"] == 1.0
    assert database_dump(db_path) == before
    assert not (db_path.parent / "backups").exists()


def test_skipped_names_are_shown_literally_and_the_format_follows_the_name(
    db_path: Path, database: Database, tmp_path: Path
) -> None:
    for _ in range(2):
        add_person(database, "[b]Ann[/b] Lee", company="Acme")
    people = tmp_path / "people.csv"
    people.write_text(
        "Name,Company,Email\n[b]Ann[/b] Lee,Acme,ann@acme.example\nBo Chen,Initech,\n",
        encoding="utf-8",
    )
    seen: dict[str, object] = {}

    async def scenario(ui: Ui) -> None:
        await open_import(ui, str(people))
        seen["format"] = ui.screen.query_one("#import-format", Select).value
        await ui.press("ctrl+s")
        seen["summary"] = ui.widget_text("#import-summary")

    drive(db_path, scenario)
    assert seen["format"] == "csv"
    # Two people in the deck have the name: the row is added, not guessed, and both pairs
    # are listed, the name shown as written (never read as markup).
    summary = str(seen["summary"])
    assert "2 possible duplicates (added, not merged):" in summary
    assert "[b]Ann[/b] Lee (people.csv line 2) and [b]Ann[/b] Lee (contact 1)" in summary
    assert contact_count(database) == 4
    assert stored(database, contact_id_named(database, "Bo Chen")).stage == "unsorted"


def test_the_import_key_is_in_the_help_and_the_palette(db_path: Path) -> None:
    seen: dict[str, object] = {}

    async def scenario(ui: Ui) -> None:
        seen["keys"] = describe_keys(ui.screen)
        seen["commands"] = [command.title for command in ui.app.get_system_commands(ui.screen)]

    drive(db_path, scenario)
    assert ("i", "Import") in seen["keys"]  # type: ignore[operator]
    assert "Import contacts" in seen["commands"]  # type: ignore[operator]


def test_a_later_export_names_who_moved_and_the_queue_shows_who_wrote_first(
    db_path: Path, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sync seen from the TUI: the summary names who accepted, who wrote and who
    changed jobs; back on the queue, who wrote is first, their words shown literally."""
    from netdeck.services.importing import import_linkedin

    import_linkedin(database, FIXTURES / "linkedin" / "Connections.csv", today=date(2026, 11, 25))
    later = tmp_path / "later"
    later.mkdir()
    for source in (FIXTURES / "linkedin-later").iterdir():
        text = source.read_text(encoding="utf-8")
        if source.name == "messages.csv":  # words a terminal or Rich markup would obey
            text = text.replace("Hi Sam, are you", "\x1b[2J[b]Hi[/b] Sam, are you")
        (later / source.name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("NETDECK_TODAY", "2026-12-16")
    seen: dict[str, str] = {}

    async def scenario(ui: Ui) -> None:
        await open_import(ui, str(later / "Connections.csv"))
        await ui.press("ctrl+s")
        seen["summary"] = ui.widget_text("#import-summary")
        await ui.press("escape")
        seen["queue"] = "\n".join(
            " | ".join(cell.plain for cell in ui.queue.get_row(key)) for key in ui.queue.rows
        )

    drive(db_path, scenario)
    summary = " ".join(seen["summary"].split())
    assert "Accepted your invitation: Dana Whitfield, Kofi Mensah" in summary
    assert "Awaiting your reply: Dana Whitfield ('Happy to! The pilot went live last…')" in summary
    assert "Priya Okafor ('\\x1b[2J[b]Hi[/b] Sam, are you still…')" in summary
    assert "Changed jobs: Jonas Nasser (now CTO at Tessellate)" in summary
    assert "No longer connected: Sofia Raman" in summary
    # Awaiting your reply first, the longest waiting first.
    first, second = seen["queue"].splitlines()[:2]
    assert first.startswith("Dana Whitfield | active | wrote 8 days ago: 'Happy to!")
    assert second.startswith("Priya Okafor | unsorted | wrote 2 days ago: '\\x1b[2J[b]Hi")
    assert "\x1b" not in seen["queue"]

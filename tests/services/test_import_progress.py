"""What an import reports while it runs, choosing the format from a file name, and
:func:`import_file`'s refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from netdeck.domain.errors import InvalidInput
from netdeck.services.importing import (
    ImportProgress,
    guess_import_format,
    import_file,
    import_linkedin,
)
from netdeck.store.database import Database
from tests.benchmarks.import_linkedin import write_connections
from tests.conftest import TODAY
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def phases(events: list[ImportProgress]) -> list[str]:
    return list(dict.fromkeys(event.phase for event in events))


def test_progress_goes_through_each_phase_to_its_end(database: Database) -> None:
    events: list[ImportProgress] = []
    summary = import_linkedin(
        database, FIXTURES / "linkedin" / "Connections.csv", today=TODAY, progress=events.append
    )
    assert summary.added == 39
    assert phases(events) == ["reading", "matching", "writing"]
    assert events[0] == ImportProgress("reading", 0, 0)
    matching = [e for e in events if e.phase == "matching"]
    assert matching[-1] == ImportProgress("matching", 39, 39)
    assert events[-1] == ImportProgress("writing", 39, 39)
    for phase in ("matching", "writing"):
        done = [e.done for e in events if e.phase == phase]
        assert done == sorted(done)


def test_a_dry_run_or_a_reimport_reports_no_writing(database: Database) -> None:
    path = FIXTURES / "linkedin" / "Connections.csv"
    dry: list[ImportProgress] = []
    import_linkedin(database, path, today=TODAY, dry_run=True, progress=dry.append)
    assert phases(dry) == ["reading", "matching"]
    assert dry[-1] == ImportProgress("matching", 39, 39)
    import_linkedin(database, path, today=TODAY)
    again: list[ImportProgress] = []
    summary = import_linkedin(database, path, today=TODAY, progress=again.append)
    assert (summary.unchanged, summary.backup) == (39, None)
    assert phases(again) == ["reading", "matching"]


def test_progress_is_reported_about_every_percent_not_every_row(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "Connections.csv"
    write_connections(path, 5_000)
    dry: list[ImportProgress] = []
    planned = import_linkedin(database, path, today=TODAY, dry_run=True, progress=dry.append)
    events: list[ImportProgress] = []
    summary = import_linkedin(database, path, today=TODAY, progress=events.append)
    for phase, reported, total in (
        ("matching", dry, planned.added),
        ("writing", events, summary.added),
    ):
        calls = [e for e in reported if e.phase == phase]
        assert 100 <= len(calls) <= 103, phase
        assert calls[-1].done == calls[-1].total == total == summary.added


def test_an_import_that_adds_someone_stops_matching_at_the_first(
    database: Database, tmp_path: Path
) -> None:
    # Before writing, an import only asks whether it changes anything (no backup
    # otherwise): the first new person answers that, and matching ends there.
    path = tmp_path / "Connections.csv"
    write_connections(path, 5_000)
    events: list[ImportProgress] = []
    import_linkedin(database, path, today=TODAY, progress=events.append)
    matching = [e for e in events if e.phase == "matching"]
    assert len(matching) == 2  # its start and its end, nothing between
    assert matching[0].done == 0 and matching[-1].done == matching[-1].total > 4_900


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Complete_LinkedInDataExport_11-25-2026.zip", "linkedin"),
        ("Basic_LinkedInDataExport.ZIP", "linkedin"),
        ("Connections.csv", "linkedin"),
        ("connections (1).csv", "linkedin"),
        ("google-contacts.csv", "csv"),
        ("people.vcf", "vcard"),
        ("people.VCARD", "vcard"),
        ("notes.txt", None),
        ("no-extension", None),
    ],
)
def test_the_format_a_file_name_suggests(name: str, expected: str | None) -> None:
    assert guess_import_format(Path(name)) == expected


def test_a_folder_is_a_linkedin_export(tmp_path: Path) -> None:
    assert guess_import_format(tmp_path) == "linkedin"


def test_import_file_refuses_an_unknown_format_and_a_folder_as_a_csv(
    database: Database, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput, match="unknown import format 'xls'"):
        import_file(database, "xls", tmp_path / "a.xls", today=TODAY)
    with pytest.raises(InvalidInput, match="is a folder, not a file netdeck can import"):
        import_file(database, "csv", tmp_path, today=TODAY)

"""Bringing people in from other tools: ``netdeck import linkedin``.

An import is one write transaction (all or nothing), preceded by a backup of
the database file whenever it would change anything; ``dry_run`` reads and
reports but writes nothing. Importing the same export twice changes nothing.

Matching an imported person to a contact already in the deck is
:mod:`netdeck.domain.identity`'s rule, for every format: the LinkedIn profile
URL, any e-mail, any phone (normalised), the X handle, then the folded name
when exactly one person has it and nothing contradicts. A row that may be
someone already there but is not certain (two people with the name, a
different company) is added, and the pair listed in the summary as a possible
duplicate. Two rows of one file with different names are two people even when
they share an e-mail or a phone (an office's number); the same row twice is one.
The summary counts who matched by what.

A matched contact only gains what it lacks (company, title, connection date,
nickname, notes, addresses, key dates, tags, the ``--tag``); nothing the user
typed is overwritten and its stage is left alone.

Where new people land (``today`` injected):

- connected in the last 30 days → ``connected`` (due for a first message);
- otherwise, messaged in the last year (``messages.csv``) → ``active``, due
  from that last message plus the cadence;
- every other connection → ``unsorted`` (never due), for triage;
- outgoing invitations to people not connected → ``requested``.

Every outgoing invitation, to someone connected or not, is also logged as a
connection request on its contact (:mod:`netdeck.services.sync_requests`).

A LinkedIn export is a sync as much as an import: every message, who accepted,
who awaits your reply, who changed jobs and who is gone are
:mod:`netdeck.services.linkedin_sync`'s rules, run after the people are matched,
and the summary's :class:`~netdeck.services.linkedin_sync.SyncEvents` names who
moved.

``progress``, when given, hears how far an import has got (see
:class:`ImportProgress`): about a hundred calls per phase, whatever the size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from netdeck.domain.errors import InvalidInput
from netdeck.domain.import_report import UNREADABLE, LeftOut, PossibleDuplicate, matched_counts
from netdeck.domain.tags import clean_tag
from netdeck.importers.contacts_csv import CsvContact, read_contacts_csv
from netdeck.importers.linkedin import LinkedInExport, read_linkedin_export
from netdeck.importers.source_files import SkippedRow
from netdeck.services.import_merge import (
    ImportedPerson,
    ImportProgress,
    MergeOutcome,
    ProgressCallback,
    merge_people,
    progress_ticker,
)
from netdeck.services.linkedin_sync import SyncEvents, SyncOutcome, sync_linkedin
from netdeck.services.settings import load_settings
from netdeck.services.tag_cadences import refresh_for_tags
from netdeck.services.team import register_user
from netdeck.store.database import Database

# The matching and writing live in import_merge; its progress types are named here
# too, where the faces and the application API import them from.
__all__ = [
    "CSV_SOURCE",
    "IMPORTERS",
    "VCARD_SOURCE",
    "ImportProgress",
    "ImportSummary",
    "ProgressCallback",
    "SyncEvents",
    "guess_import_format",
    "import_contacts_csv",
    "import_file",
    "import_linkedin",
    "import_vcard",
]

CSV_SOURCE = "csv"
VCARD_SOURCE = "vcard"


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did (or, with ``dry_run``, would do)."""

    path: str
    dry_run: bool
    added: int
    updated: int
    unchanged: int
    skipped: tuple[SkippedRow, ...]
    interactions: int
    backup: str | None
    notes: tuple[str, ...] = ()  # what the reader could not do, e.g. tell who owns an export
    #: Who moved (LinkedIn exports only; None for other formats).
    events: SyncEvents | None = None
    #: How many rows matched someone in the deck, by what (``linkedin_url``, ``email``,
    #: ``phone``, ``x_handle``, ``name``; only those that matched someone).
    matched_by: dict[str, int] = field(default_factory=dict)
    #: Fields of imported rows left out: unreadable, or with no place in netdeck.
    left_out: tuple[LeftOut, ...] = ()
    #: Rows added as new people although someone in the deck may be them.
    possible_duplicates: tuple[PossibleDuplicate, ...] = ()
    #: Connection requests logged from ``Invitations.csv`` (of ``interactions``), and
    #: how many of them went out without a note.
    requests: int = 0
    bare_requests: int = 0


def _reading(progress: ProgressCallback | None) -> None:
    if progress is not None:
        progress(ImportProgress("reading", 0, 0))


def import_linkedin(
    database: Database,
    path: Path,
    *,
    today: date,
    tag: str | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    user: str | None = None,
) -> ImportSummary:
    """Import a LinkedIn export (zip or loose ``Connections.csv``) into the database."""
    _reading(progress)
    export = read_linkedin_export(path)  # malformed input fails here, before any write
    tags = (clean_tag(tag),) if tag else ()
    people = [replace(person, tags=tags) for person in _people(export)]
    summary = _import(
        database,
        path,
        people,
        export.skipped,
        today=today,
        dry_run=dry_run,
        progress=progress,
        export=export,
        user=user,
    )
    return replace(summary, notes=tuple(export.notes))


def import_contacts_csv(
    database: Database,
    path: Path,
    *,
    today: date,
    tag: str | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    user: str | None = None,
) -> ImportSummary:
    """Import a generic or Google Contacts CSV; new people land in ``unsorted``."""
    _reading(progress)
    rows, skipped = read_contacts_csv(path, phone_region=_phone_region(database))
    return _import_rows(
        database, path, rows, skipped, CSV_SOURCE, today, tag, dry_run, progress, user
    )


def import_vcard(
    database: Database,
    path: Path,
    *,
    today: date,
    tag: str | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    user: str | None = None,
) -> ImportSummary:
    """Import a vCard file (one or many cards); new people land in ``unsorted``."""
    from netdeck.importers.vcard import read_vcards

    _reading(progress)
    rows, skipped = read_vcards(path, phone_region=_phone_region(database))
    return _import_rows(
        database, path, rows, skipped, VCARD_SOURCE, today, tag, dry_run, progress, user
    )


def _phone_region(database: Database) -> str:
    """Where numbers written without ``+`` are dialled (the ``phone-region`` setting)."""
    with database.reading() as session:
        return load_settings(session).phone_region


#: The import for each ``netdeck import FORMAT``.
IMPORTERS: dict[str, Callable[..., ImportSummary]] = {
    "linkedin": import_linkedin,
    "csv": import_contacts_csv,
    "vcard": import_vcard,
}


def import_file(
    database: Database,
    format_name: str,
    path: Path,
    *,
    today: date,
    tag: str | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    user: str | None = None,
) -> ImportSummary:
    """Import ``path`` as ``format_name`` (a key of :data:`IMPORTERS`); a file that
    cannot be read (permissions, a folder in its place) is an :class:`InvalidInput`.
    ``user`` is who imports: the interactions it adds record them."""
    if format_name not in IMPORTERS:
        known = ", ".join(IMPORTERS)
        raise InvalidInput(f"unknown import format {format_name!r}: use one of {known}")
    try:
        return IMPORTERS[format_name](
            database,
            path,
            today=today,
            tag=tag or None,
            dry_run=dry_run,
            progress=progress,
            user=user,
        )
    except OSError as error:  # raised while reading, before any write
        raise InvalidInput(f"cannot import {path}: {error.strerror or error}") from None


def guess_import_format(path: Path) -> str | None:
    """The format a file's name suggests: a ``.zip``, a folder or a ``Connections*.csv``
    is a LinkedIn export, ``.vcf``/``.vcard`` a vCard, any other ``.csv`` a contacts CSV."""
    suffix = path.suffix.lower()
    if suffix == ".zip" or (not suffix and path.is_dir()):
        return "linkedin"
    if suffix in {".vcf", ".vcard"}:
        return "vcard"
    if suffix == ".csv":
        return "linkedin" if path.name.lower().startswith("connections") else "csv"
    return None


def _import_rows(
    database: Database,
    path: Path,
    rows: list[CsvContact],
    skipped: list[SkippedRow],
    source: str,
    today: date,
    tag: str | None,
    dry_run: bool,
    progress: ProgressCallback | None = None,
    user: str | None = None,
) -> ImportSummary:
    extra = (clean_tag(tag),) if tag else ()
    people = []
    left_out: list[LeftOut] = []
    for row in rows:
        left_out.extend(row.left_out)
        tags = []
        for name in row.tags:
            try:
                tags.append(clean_tag(name))
            except InvalidInput as error:
                left_out.append(LeftOut(path.name, row.line, "tag", UNREADABLE, str(error)))
        people.append(
            ImportedPerson(
                file=path.name,
                line=row.line,
                full_name=row.full_name,
                first_name=row.first_name,
                last_name=row.last_name,
                url=row.linkedin,
                emails=row.emails,
                company=row.company,
                title=row.title,
                x=row.x,
                notes=row.notes,
                tags=tuple(dict.fromkeys((*tags, *extra))),
                source=source,
                phones=row.phones,
                websites=row.websites,
                nickname=row.nickname,
                dates=row.dates,
            )
        )
    summary = _import(
        database,
        path,
        people,
        skipped,
        today=today,
        dry_run=dry_run,
        progress=progress,
        user=user,
    )
    return replace(summary, left_out=tuple(left_out))


def _import(
    database: Database,
    path: Path,
    people: list[ImportedPerson],
    skipped: list[SkippedRow],
    *,
    today: date,
    dry_run: bool,
    progress: ProgressCallback | None = None,
    export: LinkedInExport | None = None,
    user: str | None = None,
) -> ImportSummary:
    """A planning pass (what a dry run reports; else only whether anything changes,
    so an import that changes nothing makes no backup), then the backup and the
    writing pass."""
    with database.reading() as session:
        merged, synced = _merge(
            session, people, skipped, today, export, write=False, dry_run=dry_run, progress=progress
        )
    changes = merged.added or merged.updated or (synced is not None and synced.changed_ids)
    if dry_run or not changes:
        return _summary(path, merged, synced, dry_run=dry_run, backup=None)
    progress_ticker(progress, "writing", merged.written)(0)  # the backup comes first
    from netdeck.store.backup import backup_before_change

    made = backup_before_change(database.location, "before-import")
    backup = str(made) if made is not None else None
    with database.writing(user) as session:
        if user is not None:  # the importing user is one of the deck's users
            register_user(session, user)
        outcome = _merge(session, people, skipped, today, export, write=True, progress=progress)
        # A tag with a cadence, given to people here, sets theirs (when they have none).
        tags = {tag for person in people for tag in person.tags}
        refresh_for_tags(session, tags, settings=load_settings(session))
    return _summary(path, *outcome, dry_run=False, backup=backup)


def _merge(
    session: Session,
    people: list[ImportedPerson],
    skipped: list[SkippedRow],
    today: date,
    export: LinkedInExport | None,
    *,
    write: bool,
    progress: ProgressCallback | None,
    dry_run: bool = False,
) -> tuple[MergeOutcome, SyncOutcome | None]:
    """The people merged, then (a LinkedIn export) synced, in one unit of work.

    A plan that is not a dry run only has to tell whether anything changes: where new
    people land is then not worked out, and when the people alone change the deck
    (a backup is due anyway) the sync is not planned either."""
    merged = merge_people(
        session,
        people,
        list(skipped),
        today,
        write=write,
        progress=progress,
        plan_new=write or dry_run,
        defer_new=export is not None,  # the sync writes them, as it leaves them
    )
    planning_changes = not write and not dry_run
    if export is None or (planning_changes and (merged.added or merged.updated)):
        return merged, None
    settings = load_settings(session)
    synced = sync_linkedin(
        session, export, people, merged, today=today, settings=settings, write=write
    )
    return merged, synced


def _people(export: LinkedInExport) -> Iterable[ImportedPerson]:
    for c in export.connections:
        yield ImportedPerson(
            file=export.connections_file,
            line=c.line,
            full_name=c.full_name,
            first_name=c.first_name,
            last_name=c.last_name,
            url=c.profile_url,
            emails=(c.email,) if c.email else (),
            company=c.company,
            title=c.title,
            connected_on=c.connected_on,
            message=export.last_messages.get(c.profile_url) if c.profile_url else None,
        )
    for i in export.invitations:
        first, _, last = i.name.partition(" ")
        yield ImportedPerson(
            file=export.invitations_file,
            line=i.line,
            full_name=i.name,
            first_name=first,
            last_name=last,
            url=i.profile_url,
            emails=(),
            invitation=True,
            invited_on=i.sent_on,
        )


def _summary(
    path: Path,
    outcome: MergeOutcome,
    synced: SyncOutcome | None,
    *,
    dry_run: bool,
    backup: str | None,
) -> ImportSummary:
    updated, unchanged = outcome.updated, outcome.unchanged
    if synced is not None:
        # Matched contacts the sync changed (and the merge did not) count as updated.
        also = synced.changed_ids - outcome.changed_ids - set(outcome.new)
        updated, unchanged = updated + len(also), max(unchanged - len(also), 0)
    return ImportSummary(
        path=str(path),
        dry_run=dry_run,
        added=outcome.added,
        updated=updated,
        unchanged=unchanged,
        skipped=tuple(sorted(outcome.skipped, key=lambda s: (s.file, s.line))),
        interactions=outcome.interactions + (synced.interactions if synced else 0),
        backup=backup,
        events=synced.events if synced is not None else None,
        matched_by=matched_counts(outcome.matched_by),
        possible_duplicates=tuple(outcome.possible_duplicates),
        requests=synced.requests if synced else 0,
        bare_requests=synced.bare_requests if synced else 0,
    )

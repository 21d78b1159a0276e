"""Consistent copies of a SQLite database, safe while other processes use it, and
the rotation of the automatic ones.

Automatic backups (taken before an import, a restore or an upgrade) are named
``<name>-<UTC time>-before-<what>.db`` in ``backups/`` beside the database; only
those are rotated (the newest :data:`KEEP_BACKUPS` kept). A manual backup
(``netdeck backup``, named ``...-manual.db``, or any file the user put there)
is never deleted.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from netdeck.domain.errors import StorageError
from netdeck.store.locations import DatabaseLocation, ensure_private_dir
from netdeck.store.output_files import write_file
from netdeck.store.preflight import check_not_damaged, read_only_uri

KEEP_BACKUPS = 10
#: How an automatic backup's reason starts; rotation deletes only these.
AUTOMATIC_REASON = "before-"
MANUAL_REASON = "manual"


def copy_database(
    source: Path, destination: Path, *, force: bool = False, database: Path | None = None
) -> Path:
    """Copy ``source`` to ``destination`` with the SQLite backup API (mode 0600), by
    the rules of :mod:`netdeck.store.output_files` (``database``: the file never to
    write over; ``source`` itself always counts)."""

    def fill(temporary: Path) -> None:
        try:
            src = sqlite3.connect(read_only_uri(source), uri=True)
            try:
                dst = sqlite3.connect(temporary)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
            finally:
                src.close()
        except sqlite3.Error as error:
            raise StorageError(
                f"cannot copy {source} to {destination} ({error}); nothing was written: "
                "check that the disk is not full"
            ) from None

    return write_file(destination, fill, database=database or source, force=force)


def backup_into(source: Path, backups_dir: Path, reason: str) -> Path:
    """Copy ``source`` into ``backups_dir`` as ``<name>-<UTC time>-<reason>.db``.

    ``reason`` is :data:`MANUAL_REASON` or starts with :data:`AUTOMATIC_REASON`;
    after an automatic backup only the newest :data:`KEEP_BACKUPS` automatic
    backups of that database are kept."""
    ensure_private_dir(backups_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    destination = backups_dir / f"{source.stem}-{stamp}-{reason}.db"
    copy_database(source, destination)
    if reason.startswith(AUTOMATIC_REASON):
        _rotate(source, backups_dir)
    return destination


def _rotate(source: Path, backups_dir: Path) -> None:
    # Match the stamp exactly: "netdeck-*" alone would also count netdeck-old.db's backups;
    # and the reason: a manual backup is the user's to delete.
    automatic = re.compile(
        rf"{re.escape(source.stem)}-\d{{8}}T\d{{12}}Z-{re.escape(AUTOMATIC_REASON)}.*\.db"
    )
    backups = sorted(p for p in backups_dir.iterdir() if automatic.fullmatch(p.name))
    for old in backups[:-KEEP_BACKUPS]:
        try:
            old.unlink(missing_ok=True)
        except OSError:
            continue  # one backup too many is no harm; the new one was made


def backup_before_change(location: DatabaseLocation, reason: str) -> Path | None:
    """A backup of a SQLite file into its ``backups/`` before a change that writes
    (``reason`` ends the file name); ``None`` for a database that is not a file."""
    if location.path is None or location.backups_dir is None:
        return None
    # The change would be refused anyway; a backup of a damaged file would also push
    # a good one out of the rotation.
    check_not_damaged(location.path)
    return backup_into(location.path, location.backups_dir, reason)

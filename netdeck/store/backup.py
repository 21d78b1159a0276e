"""Consistent copies of a SQLite database, safe while other processes use it."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from netdeck.store.locations import (
    PRIVATE_FILE_MODE,
    DatabaseLocation,
    create_private_file,
    ensure_private_dir,
)
from netdeck.store.preflight import check_not_damaged, read_only_uri

KEEP_BACKUPS = 10


def copy_database(source: Path, destination: Path) -> Path:
    """Copy ``source`` to ``destination`` with the SQLite backup API (mode 0600)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    create_private_file(destination)
    destination.chmod(PRIVATE_FILE_MODE)
    src = sqlite3.connect(read_only_uri(source), uri=True)
    try:
        dst = sqlite3.connect(destination)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return destination


def backup_into(source: Path, backups_dir: Path, reason: str) -> Path:
    """Copy ``source`` into ``backups_dir`` as ``<name>-<UTC time>-<reason>.db``,
    keeping the newest :data:`KEEP_BACKUPS` backups of that database."""
    ensure_private_dir(backups_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    destination = backups_dir / f"{source.stem}-{stamp}-{reason}.db"
    copy_database(source, destination)
    # Match the stamp exactly: "netdeck-*" alone would also count netdeck-old.db's backups.
    own = re.compile(rf"{re.escape(source.stem)}-\d{{8}}T\d{{12}}Z-.*\.db")
    backups = sorted(p for p in backups_dir.iterdir() if own.fullmatch(p.name))
    for old in backups[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return destination


def backup_before_change(location: DatabaseLocation, reason: str) -> Path | None:
    """A backup of a SQLite file into its ``backups/`` before a change that writes
    (``reason`` ends the file name); ``None`` for a database that is not a file."""
    if location.path is None or location.backups_dir is None:
        return None
    # The change would be refused anyway; a backup of a damaged file would also push
    # a good one out of the rotation.
    check_not_damaged(location.path)
    return backup_into(location.path, location.backups_dir, reason)

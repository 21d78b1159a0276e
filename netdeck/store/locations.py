"""Where netdeck keeps its files, and how a ``--db`` value becomes a database URL.

The default database is ``netdeck.db`` in ``platformdirs.user_data_path("netdeck")``
(on Linux ``~/.local/share/netdeck``); ``NETDECK_DB`` or ``--db`` override it with
a path or a SQLAlchemy URL (``postgresql://`` means PostgreSQL through psycopg 3,
the ``netdeck[postgres]`` extra). Backups go to ``backups/`` beside the database file.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from netdeck.domain.errors import StorageError

DB_VARIABLE = "NETDECK_DB"
DATA_DIR_VARIABLE = "NETDECK_DATA_DIR"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def data_dir() -> Path:
    """netdeck's data directory (``NETDECK_DATA_DIR`` overrides the platform default)."""
    override = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_data_path("netdeck", appauthor=False)


@dataclass(frozen=True, slots=True)
class DatabaseLocation:
    """A database URL, and the file behind it when it is SQLite on disk."""

    url: str
    path: Path | None  # None for in-memory SQLite or a server database

    @property
    def backups_dir(self) -> Path | None:
        return None if self.path is None else self.path.parent / "backups"

    def describe(self) -> str:
        """What to call this database in messages: its path, or the URL without a password."""
        if self.path is not None:
            return str(self.path)
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)


def resolve_location(
    target: str | None = None, *, default_name: str = "netdeck.db"
) -> DatabaseLocation:
    """The database to open: ``target`` (a path or URL), else ``NETDECK_DB``, else the default."""
    value = target if target else os.environ.get(DB_VARIABLE, "").strip()
    if not value:
        return _file_location(data_dir() / default_name)
    if "://" in value:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(value)
        except (ArgumentError, ValueError) as error:  # "://x", a port that is no number
            # Not echoed: an unparsable URL may still hold a password.
            raise StorageError(
                f"the database URL given (--db or {DB_VARIABLE}) cannot be read ({error}): "
                "pass a file path, or a URL like sqlite:////path/netdeck.db or "
                "postgresql://user@host/netdeck"
            ) from None
        if url.drivername in _POSTGRESQL_WITHOUT_DRIVER:
            url = url.set(drivername=POSTGRESQL_DRIVER)
            value = url.render_as_string(hide_password=False)
        database = url.database or ""
        is_file = database not in ("", ":memory:") and not database.startswith("file:")
        if url.get_backend_name() == "sqlite" and is_file:
            return _file_location(Path(database))
        return DatabaseLocation(value, None)
    return _file_location(Path(value))


#: The SQLAlchemy dialect+driver netdeck uses for PostgreSQL (psycopg 3, ``netdeck[postgres]``).
POSTGRESQL_DRIVER = "postgresql+psycopg"
#: URL schemes meaning PostgreSQL without naming a driver: SQLAlchemy would pick
#: psycopg2 for ``postgresql://`` (and knows no ``postgres://``); netdeck uses psycopg 3.
_POSTGRESQL_WITHOUT_DRIVER = ("postgresql", "postgres")


def _file_location(path: Path) -> DatabaseLocation:
    path = path.expanduser().absolute()
    return DatabaseLocation(f"sqlite:///{path}", path)


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` and any missing parents, each readable only by the user (0700).

    Only folders made here are chmod-ed: an existing folder (``~/.local``, the
    user's own) keeps its mode. Each folder is chmod-ed after ``mkdir`` because
    ``mkdir``'s mode is masked by the umask, and ``Path.mkdir(parents=True)``
    ignores the mode for the parents altogether (0777 under ``umask 000``).
    A file in the way is a :class:`StorageError` naming it, not a traceback.
    """
    missing: list[Path] = []
    folder = path.absolute()
    while True:
        try:
            found = os.stat(folder)  # follows links: a link to a folder is a folder
        except (FileNotFoundError, NotADirectoryError):
            missing.append(folder)
            if folder.parent == folder:
                break
            folder = folder.parent
            continue
        except OSError as error:
            raise StorageError(
                f"cannot create the folder {path}: cannot reach {folder} ({error.strerror}); "
                "check its permissions or choose another location"
            ) from None
        if not stat.S_ISDIR(found.st_mode):
            raise _in_the_way(path, folder)
        break
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            if folder.is_dir():
                continue  # made meanwhile by someone else: not ours to chmod
            raise _in_the_way(path, folder) from None
        except OSError as error:
            raise StorageError(
                f"cannot create the folder {folder}: {error.strerror}; "
                "check the permissions of the folder above it or choose another location"
            ) from None
        folder.chmod(PRIVATE_DIR_MODE)


def _in_the_way(path: Path, blocker: Path) -> StorageError:
    return StorageError(
        f"cannot create the folder {path}: {blocker} is a file, not a folder; "
        "move that file aside or choose another location (--db, NETDECK_DB or NETDECK_DATA_DIR)"
    )


def create_private_file(path: Path) -> None:
    """Create an empty file with mode 0600 if it does not exist yet."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE_MODE)
    os.close(fd)

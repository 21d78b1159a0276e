"""Writing a file at a path the user named (``export -o``, ``backup -o``) and the
automatic backups: the one rule for every file netdeck writes outside its database.

- An existing path is refused, unless ``force``; even then only a regular file is
  replaced (never a folder, a device or a FIFO such as ``/dev/null``).
- A symbolic link as the last part of the path is refused, even with ``force``:
  netdeck never writes through one (a link in a parent folder is the user's layout
  and is followed).
- The open database and its side files (``-wal``, ``-shm``, ``-journal``) are
  refused, even with ``force``, by resolved path and, for existing files, by
  identity (so a hard link to the database is refused too).
- The content goes to a hidden temporary file (0600) in the same folder first,
  then takes the name in one step: a hard link (fails if the name was taken
  meanwhile) without ``force``, ``os.replace`` with it. ``os.replace`` swaps the
  directory entry, so an existing file's inode (its mode, its other hard links)
  is never touched, and a failed write leaves no half-written file behind.
- Missing folders on the way are created 0700 (:func:`ensure_private_dir`).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from netdeck.domain.errors import InvalidInput, StorageError
from netdeck.store.locations import ensure_private_dir

#: The files SQLite keeps beside a database ("" is the database itself).
DATABASE_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def check_destination(destination: Path, *, database: Path | None, force: bool) -> None:
    """Refuse ``destination`` (:class:`InvalidInput`) when netdeck must not write there."""
    try:
        found = os.lstat(destination)
    except (FileNotFoundError, NotADirectoryError):
        found = None  # a file in the way of a parent is reported when creating the folder
    except OSError as error:
        raise StorageError(f"cannot write {destination}: {error.strerror}") from None
    if found is not None and stat.S_ISLNK(found.st_mode):
        raise InvalidInput(
            f"{destination} is a symbolic link: netdeck never writes through a link, "
            "not even with --force; give the path of a new file"
        )
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise InvalidInput(f"{destination} is a folder: give the path of a new file")
    if database is not None and _is_database_file(destination, database):
        raise InvalidInput(
            f"{destination} is the open database or one of its files ({database}): "
            "netdeck never writes over it, not even with --force; choose a new file name"
        )
    if found is None:
        return
    if not force:
        raise InvalidInput(
            f"{destination} already exists: choose a new file name, or pass --force to replace it"
        )
    if not stat.S_ISREG(found.st_mode):
        raise InvalidInput(
            f"{destination} is not a regular file: --force replaces only regular files; "
            "choose a new file name"
        )


def write_file(
    destination: Path,
    fill: Callable[[Path], None],
    *,
    database: Path | None,
    force: bool = False,
) -> Path:
    """Check ``destination``, let ``fill`` write the content into a private temporary
    file beside it, then give that file the name (see the module's rules)."""
    check_destination(destination, database=database, force=force)
    ensure_private_dir(destination.parent)
    try:
        fd, name = tempfile.mkstemp(
            # A shortened name: the whole one plus the random part could pass NAME_MAX.
            prefix=f".{destination.name[:80]}.",
            suffix=".partial",
            dir=destination.parent,
        )
    except OSError as error:
        raise _cannot_write(destination, error) from None
    os.close(fd)  # mkstemp made it 0600 with O_EXCL: the file is ours
    temporary = Path(name)
    try:
        fill(temporary)
        _publish(temporary, destination, database=database, force=force)
    except OSError as error:
        raise _cannot_write(destination, error) from None
    finally:
        temporary.unlink(missing_ok=True)
    return destination


def write_text_file(
    destination: Path, text: str, *, database: Path | None, force: bool = False
) -> Path:
    """:func:`write_file` for text, in UTF-8 with the line ends ``text`` holds."""

    def fill(temporary: Path) -> None:
        # newline="" keeps a CSV's CRLF line ends as RFC 4180 wants them.
        with temporary.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())

    return write_file(destination, fill, database=database, force=force)


def _publish(temporary: Path, destination: Path, *, database: Path | None, force: bool) -> None:
    # Checked again just before the name is taken: the first check ran before the
    # (possibly long) write, and something may have appeared at the path meanwhile.
    check_destination(destination, database=database, force=force)
    if force:
        os.replace(temporary, destination)  # replaces a link itself, never its target
        return
    try:
        os.link(temporary, destination)  # fails with EEXIST if the name was taken: no clobber
    except FileExistsError:
        check_destination(destination, database=database, force=False)  # says why
        raise
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
            raise
        # A filesystem without hard links (FAT on a USB stick, some network shares):
        # checked just above, so only a race in the last microseconds could clobber.
        os.replace(temporary, destination)


def _is_database_file(destination: Path, database: Path) -> bool:
    target = destination.parent.resolve() / destination.name
    names = {
        Path(f"{base}{suffix}")
        for base in (database.parent.resolve() / database.name, database.resolve())
        for suffix in DATABASE_SIDE_FILES
    }
    if target in names:
        return True
    for name in names:
        try:
            if os.path.samefile(destination, name):
                return True
        except OSError:
            continue  # one of them does not exist: not the same file
    return False


def _cannot_write(destination: Path, error: OSError) -> StorageError:
    return StorageError(
        f"cannot write {destination}: {error.strerror or error}; nothing was written: "
        "check the folder's permissions and free space"
    )

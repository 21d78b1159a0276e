"""The log of unexpected errors: the tracebacks of netdeck's own bugs.

An error a user can cause is a :class:`~netdeck.domain.errors.NetdeckError`
with a message. Anything else is a bug: the CLI prints one line and the TUI a
notification, both naming this log, and :func:`record_unexpected` appends the
traceback to ``netdeck.log`` in the data directory. The file is the user's
alone (mode 0600, never written through a symlink) and capped: past
:data:`LOG_MAX_BYTES` it becomes ``netdeck.log.1`` (the one older file kept)
and a new one starts. The :mod:`logging` module is imported only when there
is something to write, so start-up does not pay for it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from io import TextIOWrapper

LOG_NAME = "netdeck.log"
#: Past this size the log is rotated; with one older file kept, the logs take at most twice it.
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 1

_lock = threading.Lock()  # two failing workers write one after the other


def log_path() -> Path:
    """Where unexpected errors are logged: ``netdeck.log`` in the data directory."""
    from netdeck.store.locations import data_dir

    return data_dir() / LOG_NAME


def record_unexpected(error: BaseException, context: str) -> Path | None:
    """Append ``error``'s traceback, after ``context`` (what was being done), to the log.

    Returns the log's path, or ``None`` when it could not be written (the data
    directory missing and not creatable, a full disk...): reporting an error
    must never raise one of its own.
    """
    try:
        with _lock:
            return _write(error, context)
    except Exception:
        return None


def _write(error: BaseException, context: str) -> Path:
    import logging
    from logging.handlers import RotatingFileHandler

    from netdeck import __version__
    from netdeck.domain.text import visible
    from netdeck.store.locations import PRIVATE_FILE_MODE, ensure_private_dir

    class PrivateRotatingFile(RotatingFileHandler):
        def _open(self) -> TextIOWrapper:
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(self.baseFilename, flags, PRIVATE_FILE_MODE)
            try:
                os.fchmod(fd, PRIVATE_FILE_MODE)  # an older file keeps no wider mode
                return os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace")
            except BaseException:
                os.close(fd)
                raise

        def handleError(self, record: logging.LogRecord) -> None:
            raise  # to record_unexpected, not printed on stderr by logging

    class LiteralFormatter(logging.Formatter):
        # Messages and tracebacks can hold user text: `cat netdeck.log` must not obey escapes.
        def format(self, record: logging.LogRecord) -> str:
            return visible(super().format(record), keep_newlines=True)

    path = log_path()
    ensure_private_dir(path.parent)
    handler = PrivateRotatingFile(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
    )
    handler.setFormatter(LiteralFormatter("%(asctime)s netdeck %(version)s: %(message)s"))
    try:
        record = logging.LogRecord(
            name="netdeck",
            level=logging.ERROR,
            pathname=__file__,
            lineno=0,
            msg="%s failed: %s: %s",
            args=(context, type(error).__name__, error),
            exc_info=(type(error), error, error.__traceback__),
        )
        record.version = __version__
        handler.emit(record)
    finally:
        handler.close()
    return path

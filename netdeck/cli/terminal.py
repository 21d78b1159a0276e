"""What the CLI does with the terminal itself, beyond printing a result.

Refusing arguments that are not UTF-8, reading standard input strictly,
writing an export for reading, the ``$EDITOR`` round trip for a snippet body,
where OSC 52 goes, and the import's progress line on stderr. Everything here
keeps untrusted text from acting on the terminal: text is shown, never obeyed.

Standard library only at the top: :func:`refuse_undecodable` runs on the bare
``netdeck`` path, before the TUI starts.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from netdeck.cli.errors import CommandError
from netdeck.domain.errors import TemplateProblem
from netdeck.domain.text import one_line, terminal_document

if TYPE_CHECKING:
    import argparse

    from netdeck.services.importing import ImportProgress

#: Environment variables whose values netdeck uses as paths or text.
TEXT_VARIABLES = ("NETDECK_DB", "NETDECK_DATA_DIR", "NETDECK_TODAY")


def refuse_undecodable(argv: Sequence[str]) -> None:
    """Refuse arguments (and netdeck's environment variables) that are not UTF-8.

    Python hands bytes that are not UTF-8 over as lone surrogates, which no
    database, file name or terminal write would take later on: say so now."""
    named = [(f"argument {n}", value) for n, value in enumerate(argv, start=1)]
    named += [(name, os.environ.get(name, "")) for name in TEXT_VARIABLES]
    for name, value in named:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            raise CommandError(
                f"{name} ('{one_line(shown, 60)}') is not UTF-8 text: "
                "netdeck takes names, text and paths in UTF-8 (check the terminal's "
                "encoding, or rename the file)"
            ) from None


def read_stdin_text() -> str:
    """Standard input as UTF-8 text (Python would hand other bytes over as lone
    surrogates, which nothing later can store or print)."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # already text (a test's StringIO)
        return sys.stdin.read()
    import io

    text = io.TextIOWrapper(stream, encoding="utf-8")  # strict, newlines as sys.stdin reads them
    try:
        return text.read()
    except UnicodeDecodeError:
        raise CommandError("standard input is not UTF-8 text") from None
    finally:
        text.detach()  # leave sys.stdin open


def write_document(text: str) -> None:
    """A whole document (an export) on stdout: to a terminal it is for reading (see
    :func:`~netdeck.domain.text.terminal_document`); piped, it is the data."""
    sys.stdout.write(terminal_document(text) if sys.stdout.isatty() else text)


def edit_in_editor(initial: str, *, check: Callable[[str], object]) -> str:
    """The text the user writes in ``$EDITOR`` (starting from ``initial``), once
    ``check`` accepts it as a template.

    A template that would be refused (``check`` raises
    :class:`~netdeck.domain.errors.TemplateProblem`) keeps its file, named in the
    error, so nothing typed is lost.
    """
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise CommandError("no $EDITOR set: pass --body-file FILE (or - for stdin)")
    with tempfile.NamedTemporaryFile("w+", suffix=".txt", encoding="utf-8", delete=False) as handle:
        handle.write(initial)
        path = handle.name
    keep = False
    try:
        result = subprocess.run([*shlex.split(editor), path], check=False)
        if result.returncode != 0:
            raise CommandError(f"{editor} exited with status {result.returncode}; nothing saved")
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        try:
            check(text)
        except TemplateProblem as problem:
            keep = True
            raise CommandError(
                f"{problem}; nothing saved, your text is in {path}: "
                f"fix it there and pass --body-file {path}"
            ) from None
        return text
    finally:
        if not keep:
            os.unlink(path)


@contextmanager
def osc52_writer() -> Iterator[Callable[[str], None] | None]:
    """Where the CLI sends OSC 52: stdout when it is a terminal, else the
    controlling terminal (``netdeck draft X --copy --json | jq``); None without one."""
    from netdeck.clipboard import osc52_sequence

    if sys.stdout.isatty():

        def to_stdout(text: str) -> None:
            sys.stdout.write(osc52_sequence(text))
            sys.stdout.flush()

        yield to_stdout
        return
    try:
        terminal = open("/dev/tty", "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    except OSError:
        yield None
        return
    try:

        def to_terminal(text: str) -> None:
            terminal.write(osc52_sequence(text))
            terminal.flush()

        yield to_terminal
    finally:
        terminal.close()


def someone_watching(args: argparse.Namespace) -> bool:
    """Whether progress belongs on stderr: only for a person watching, never in a
    pipe, a file or with ``--json``."""
    return sys.stderr.isatty() and not args.json


def progress_line(phase: str, done: int, total: int, width: int) -> str:
    """An import's progress as one line of at most ``width`` characters:
    ``matching [#######.............]  3,000/10,000  30%``; no bar while the total is
    unknown (``total`` 0 and nothing done: ``reading...``). ASCII only, for any terminal."""
    if total <= 0 and done <= 0:
        return f"{phase}..."[:width]
    total = max(total, 1)
    fraction = min(max(done / total, 0.0), 1.0)
    counts = f"  {done:,}/{total:,}  {int(fraction * 100):3d}%"
    room = width - len(phase) - len(counts) - 3  # a space and the brackets
    if room < 10:
        return f"{phase}{counts}"[:width]
    filled = int(room * fraction)
    return f"{phase} [{'#' * filled}{'.' * (room - filled)}]{counts}"


class ProgressLine:
    """Redraws :func:`progress_line` in place on a terminal (``\\r``), and wipes it."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.shown = ""
        try:
            columns = os.get_terminal_size(stream.fileno()).columns or 80
        except (OSError, ValueError):
            columns = 80
        self.width = max(min(columns - 1, 79), 1)  # the last column would wrap on some terminals

    def __call__(self, progress: ImportProgress) -> None:
        line = progress_line(progress.phase, progress.done, progress.total, self.width)
        if line != self.shown:
            padding = " " * max(len(self.shown) - len(line), 0)
            self.stream.write(f"\r{line}{padding}")
            self.stream.flush()
            self.shown = line

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * len(self.shown) + "\r")
            self.stream.flush()
            self.shown = ""


def status_line(text: str) -> None:
    """Redraw a one-line status in place on stderr (end it with :func:`end_status_line`)."""
    print(f"\r{text}", end="", file=sys.stderr, flush=True)


def end_status_line() -> None:
    print(file=sys.stderr)


def ask_yes_no(question: str) -> bool | None:
    """Ask on the terminal (``question [y/N]`` on stderr, the answer from stdin): True for
    y or yes, False for anything else; None when nobody is there to answer (stdin or
    stderr is not a terminal), so the caller says what to do instead."""
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return None
    print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip().lower() in ("y", "yes")

"""``netdeck import``'s progress line: drawn on a terminal's stderr, never into a pipe."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path

from netdeck.cli.terminal import ProgressLine, progress_line
from netdeck.services.importing import ImportProgress
from tests.cli.conftest import Netdeck

CONNECTIONS = str(
    Path(__file__).resolve().parent.parent / "fixtures" / "linkedin" / "Connections.csv"
)
SUMMARY_START = f"{CONNECTIONS}: 39 added, 0 updated, 0 unchanged, 1 skipped\n"


def test_the_bar_fills_with_the_count_and_fits_the_width() -> None:
    assert progress_line("matching", 0, 200, 40) == "matching [................]  0/200    0%"
    assert progress_line("matching", 50, 200, 40) == "matching [###............]  50/200   25%"
    line = progress_line("writing", 10_000, 10_000, 60)
    assert line == "writing [#############################]  10,000/10,000  100%"
    assert len(line) == 60


def test_an_unknown_total_has_no_bar_and_a_narrow_terminal_no_brackets() -> None:
    assert progress_line("reading", 0, 0, 40) == "reading..."
    assert progress_line("matching", 5, 10, 24) == "matching  5/10   50%"
    assert len(progress_line("matching", 5_000, 10_000, 12)) == 12


def test_the_line_is_redrawn_in_place_and_wiped_at_the_end() -> None:
    class Stream:
        def __init__(self) -> None:
            self.written = ""

        def write(self, text: str) -> None:
            self.written += text

        def flush(self) -> None:
            pass

        def fileno(self) -> int:
            raise OSError("not a terminal")  # falls back to 80 columns

    stream = Stream()
    bar = ProgressLine(stream)
    bar(ImportProgress("reading", 0, 0))
    bar(ImportProgress("matching", 1, 2))
    bar(ImportProgress("matching", 1, 2))  # unchanged: not redrawn
    bar.clear()
    matching = progress_line("matching", 1, 2, 79)
    assert len(matching) == 79
    assert stream.written == ("\rreading..." + f"\r{matching}" + "\r" + " " * len(matching) + "\r")


def test_piped_output_has_no_progress_line(netdeck: Netdeck) -> None:
    result = netdeck("import", "linkedin", CONNECTIONS)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(SUMMARY_START)
    assert "\r" not in result.stdout


def test_a_terminal_sees_the_bar_on_stderr_and_the_same_summary_on_stdout(
    netdeck: Netdeck,
) -> None:
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 60, 0, 0))
    shown = bytearray()

    def read_terminal() -> None:
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the other end closed: everything is read
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=read_terminal)
    reader.start()
    try:
        completed = subprocess.run(
            [
                sys.executable,
                "-m",
                "netdeck",
                "--db",
                str(netdeck.db),
                "import",
                "linkedin",
                CONNECTIONS,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=terminal,
            text=True,
            env=netdeck.environment(),
            timeout=120,
            check=False,
        )
    finally:
        os.close(terminal)
        reader.join(timeout=10)
        os.close(controller)
    assert completed.returncode == 0
    assert completed.stdout.startswith(SUMMARY_START)
    text = shown.decode()
    assert "\rreading..." in text
    drawn = [part.rstrip() for part in text.split("\r") if part.strip()]
    assert drawn[-1] == progress_line("writing", 39, 39, 59)  # the terminal is 60 wide
    assert text.endswith("\r"), "the line is wiped before the summary is printed"

"""Copying a draft: belt and braces, the system clipboard and the terminal's.

:func:`copy_text` sends the text both ways, because neither works everywhere:

- the system clipboard through pyperclip (xclip, xsel or wl-copy on Linux,
  pbcopy on macOS, the Windows clipboard), which needs a local display;
- OSC 52 (``ESC ] 52 ; c ; BASE64 BEL``), which the terminal turns into a
  clipboard write, even over SSH; most terminals honour it, some (GNOME
  Terminal, Konsole, Terminal.app) silently ignore it, and there is no way to
  know. The caller supplies the writer: the TUI passes Textual's
  ``App.copy_to_clipboard``, the CLI writes to its terminal.

``NETDECK_CLIPBOARD=auto|osc52|system|off`` picks explicitly (``auto``, the
default, tries both). The result says which one took, in words for the user.
No Textual here: the CLI and the TUI share it.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from netdeck.domain.errors import InvalidInput

CLIPBOARD_VARIABLE = "NETDECK_CLIPBOARD"


class ClipboardMode(StrEnum):
    AUTO = "auto"  # the system clipboard and OSC 52
    OSC52 = "osc52"  # only the terminal's
    SYSTEM = "system"  # only the system clipboard
    OFF = "off"  # neither: the text stays on screen


@dataclass(frozen=True, slots=True)
class CopyResult:
    """Which way the text went, and a sentence saying so."""

    system: bool  # the system clipboard took it (read back to be sure)
    osc52: bool  # the OSC 52 sequence was sent (whether the terminal obeyed is unknown)
    message: str

    @property
    def copied(self) -> bool:
        return self.system or self.osc52


def clipboard_mode(environ: Mapping[str, str] | None = None) -> ClipboardMode:
    """The mode ``NETDECK_CLIPBOARD`` asks for (``auto`` when unset or empty)."""
    value = (os.environ if environ is None else environ).get(CLIPBOARD_VARIABLE, "")
    text = value.strip().lower() or ClipboardMode.AUTO.value
    try:
        return ClipboardMode(text)
    except ValueError:
        names = ", ".join(mode.value for mode in ClipboardMode)
        raise InvalidInput(f"{CLIPBOARD_VARIABLE} must be one of {names}, not {value!r}") from None


def osc52_sequence(text: str) -> str:
    """The escape sequence that asks the terminal to put ``text`` on its clipboard."""
    encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"\x1b]52;c;{encoded}\a"


class _QuietSubprocess:
    """The ``subprocess`` module as pyperclip sees it: children get no stdout or stderr.

    xclip, xsel and wl-copy stay in the background to serve the selection. With
    our stdout they would keep a pipe open (``netdeck draft --copy | cat`` would
    not end until something else is copied), and their errors would be
    printed over the TUI.
    """

    def __getattr__(self, name: str) -> Any:
        return getattr(subprocess, name)

    @staticmethod
    def Popen(args: Any, **options: Any) -> subprocess.Popen:
        options.setdefault("stdout", subprocess.DEVNULL)
        options.setdefault("stderr", subprocess.DEVNULL)
        return subprocess.Popen(args, **options)


def _same(pasted: str, text: str) -> bool:
    def normal(value: str) -> str:
        return value.replace("\r\n", "\n").rstrip("\n")

    return normal(pasted) == normal(text)


def _copy_to_system(text: str) -> str | None:
    """Put ``text`` on the system clipboard; None when it took, else why not."""
    import pyperclip

    pyperclip.subprocess = _QuietSubprocess()
    try:
        pyperclip.copy(text)
        # pyperclip does not check whether xclip & co. succeeded: read it back.
        pasted = pyperclip.paste()
    except pyperclip.PyperclipException:
        if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        ):
            return "no display"
        return "no clipboard program found (install xclip, xsel or wl-clipboard)"
    except OSError as error:
        return f"the clipboard program failed ({error.strerror or error})"
    if not _same(pasted or "", text):
        return "the system clipboard did not take the text"
    return None


def _send_osc52(text: str, writer: Callable[[str], None] | None) -> str | None:
    """Send the OSC 52 sequence; None when sent, else why not."""
    if writer is None:
        return "not a terminal"
    try:
        writer(text)
    except OSError as error:
        return f"the terminal could not be written to ({error.strerror or error})"
    return None


def copy_text(
    text: str,
    *,
    osc52_writer: Callable[[str], None] | None,
    mode: ClipboardMode | str | None = None,
) -> CopyResult:
    """Copy ``text`` the ways ``mode`` (default: ``NETDECK_CLIPBOARD``) allows.

    ``osc52_writer`` gets the plain text and sends it as OSC 52 (wrap a raw
    stream with :func:`osc52_sequence`); None when there is no terminal.
    """
    chosen = clipboard_mode() if mode is None else ClipboardMode(mode)
    if chosen is ClipboardMode.OFF:
        return CopyResult(
            False,
            False,
            f"Clipboard is off ({CLIPBOARD_VARIABLE}=off); the draft stays on screen",
        )
    system_problem = osc52_problem = None
    if chosen in (ClipboardMode.AUTO, ClipboardMode.SYSTEM):
        system_problem = _copy_to_system(text)
    if chosen in (ClipboardMode.AUTO, ClipboardMode.OSC52):
        osc52_problem = _send_osc52(text, osc52_writer)
    system = chosen in (ClipboardMode.AUTO, ClipboardMode.SYSTEM) and system_problem is None
    osc52 = chosen in (ClipboardMode.AUTO, ClipboardMode.OSC52) and osc52_problem is None
    if system and osc52:
        message = "Copied to the system clipboard and sent to the terminal (OSC 52)"
    elif system:
        message = "Copied to the system clipboard"
    elif osc52 and chosen is ClipboardMode.OSC52:
        message = "Sent to the terminal (OSC 52): paste to check that your terminal allows it"
    elif osc52:
        message = (
            f"Sent to the terminal (OSC 52); the system clipboard is out of reach "
            f"({system_problem}): paste to check that your terminal allows it"
        )
    else:
        problems = " and ".join(p for p in (system_problem, osc52_problem) if p is not None)
        message = f"Could not reach a clipboard: {problems}; the draft stays on screen"
    return CopyResult(system, osc52, message)

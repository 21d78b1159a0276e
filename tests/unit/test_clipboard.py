"""Copying: both ways in auto mode, each alone on request, and a message that says
which one took. pyperclip is replaced by a fake; the OSC 52 writer is a list."""

from __future__ import annotations

import base64
import sys
import types

import pytest

from netdeck.clipboard import ClipboardMode, clipboard_mode, copy_text, osc52_sequence
from netdeck.domain.errors import InvalidInput

DRAFT = "Hi Ünal,\nfancy a coffee? ☕"


class FakePyperclip(types.ModuleType):
    """pyperclip with a clipboard in memory; ``works=False`` is a machine without one,
    ``takes=False`` a clipboard program that fails without saying so."""

    class PyperclipException(RuntimeError):
        pass

    def __init__(self, *, works: bool = True, takes: bool = True) -> None:
        super().__init__("pyperclip")
        self.works = works
        self.takes = takes
        self.clipboard = ""
        self.copies: list[str] = []

    def copy(self, text: str) -> None:
        if not self.works:
            raise self.PyperclipException("Pyperclip could not find a copy/paste mechanism")
        self.copies.append(text)
        if self.takes:
            self.clipboard = text

    def paste(self) -> str:
        if not self.works:
            raise self.PyperclipException("Pyperclip could not find a copy/paste mechanism")
        return self.clipboard


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")


def fake(monkeypatch: pytest.MonkeyPatch, **behaviour: bool) -> FakePyperclip:
    module = FakePyperclip(**behaviour)
    monkeypatch.setitem(sys.modules, "pyperclip", module)
    return module


def test_auto_copies_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    pyperclip = fake(monkeypatch)
    sent: list[str] = []

    result = copy_text(DRAFT, osc52_writer=sent.append, mode="auto")

    assert (result.system, result.osc52, result.copied) == (True, True, True)
    assert result.message == "Copied to the system clipboard and sent to the terminal (OSC 52)"
    assert pyperclip.clipboard == DRAFT
    assert sent == [DRAFT]


def test_auto_without_a_terminal_uses_the_system_clipboard(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pyperclip = fake(monkeypatch)

    result = copy_text(DRAFT, osc52_writer=None, mode="auto")

    assert (result.system, result.osc52) == (True, False)
    assert result.message == "Copied to the system clipboard"
    assert pyperclip.clipboard == DRAFT


def test_auto_without_a_display_falls_back_to_osc52(
    monkeypatch: pytest.MonkeyPatch, no_display: None
) -> None:
    fake(monkeypatch, works=False)
    sent: list[str] = []

    result = copy_text(DRAFT, osc52_writer=sent.append, mode="auto")

    assert (result.system, result.osc52, result.copied) == (False, True, True)
    assert result.message.startswith("Sent to the terminal (OSC 52)")
    assert "the system clipboard is out of reach (no display)" in result.message
    assert sent == [DRAFT]


def test_neither_way_says_so_and_keeps_the_draft(
    monkeypatch: pytest.MonkeyPatch, no_display: None
) -> None:
    fake(monkeypatch, works=False)

    result = copy_text(DRAFT, osc52_writer=None, mode="auto")

    assert (result.system, result.osc52, result.copied) == (False, False, False)
    assert result.message == (
        "Could not reach a clipboard: no display and not a terminal; the draft stays on screen"
    )


def test_a_display_without_a_clipboard_program_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake(monkeypatch, works=False)
    monkeypatch.setenv("DISPLAY", ":0")

    result = copy_text(DRAFT, osc52_writer=None, mode="system")

    assert not result.copied
    assert "install xclip, xsel or wl-clipboard" in result.message


def test_a_clipboard_that_silently_drops_the_text_is_not_believed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pyperclip = fake(monkeypatch, takes=False)

    result = copy_text(DRAFT, osc52_writer=None, mode="system")

    assert pyperclip.copies == [DRAFT]
    assert (result.system, result.copied) == (False, False)
    assert "the system clipboard did not take the text" in result.message


def test_system_mode_never_writes_to_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    pyperclip = fake(monkeypatch)
    sent: list[str] = []

    result = copy_text(DRAFT, osc52_writer=sent.append, mode="system")

    assert (result.system, result.osc52) == (True, False)
    assert pyperclip.clipboard == DRAFT
    assert sent == []


def test_osc52_mode_never_touches_the_system_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    pyperclip = fake(monkeypatch)
    sent: list[str] = []

    result = copy_text(DRAFT, osc52_writer=sent.append, mode="osc52")

    assert (result.system, result.osc52) == (False, True)
    assert result.message.startswith("Sent to the terminal (OSC 52)")
    assert pyperclip.copies == []
    assert sent == [DRAFT]


def test_osc52_mode_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    fake(monkeypatch)

    result = copy_text(DRAFT, osc52_writer=None, mode="osc52")

    assert not result.copied
    assert result.message == (
        "Could not reach a clipboard: not a terminal; the draft stays on screen"
    )


def test_a_terminal_that_cannot_be_written_to(monkeypatch: pytest.MonkeyPatch) -> None:
    fake(monkeypatch)

    def broken(text: str) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    result = copy_text(DRAFT, osc52_writer=broken, mode="osc52")

    assert not result.copied
    assert "the terminal could not be written to (Broken pipe)" in result.message


def test_off_copies_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    pyperclip = fake(monkeypatch)
    sent: list[str] = []

    result = copy_text(DRAFT, osc52_writer=sent.append, mode="off")

    assert not result.copied
    assert result.message == "Clipboard is off (NETDECK_CLIPBOARD=off); the draft stays on screen"
    assert (pyperclip.copies, sent) == ([], [])


@pytest.mark.parametrize(
    ("value", "mode"),
    [
        ("", ClipboardMode.AUTO),
        ("auto", ClipboardMode.AUTO),
        (" OSC52 ", ClipboardMode.OSC52),
        ("system", ClipboardMode.SYSTEM),
        ("off", ClipboardMode.OFF),
    ],
)
def test_the_environment_picks_the_mode(
    monkeypatch: pytest.MonkeyPatch, value: str, mode: ClipboardMode
) -> None:
    monkeypatch.setenv("NETDECK_CLIPBOARD", value)
    assert clipboard_mode() is mode


def test_unset_means_auto(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NETDECK_CLIPBOARD", raising=False)
    pyperclip = fake(monkeypatch)
    sent: list[str] = []

    assert copy_text(DRAFT, osc52_writer=sent.append).copied
    assert (pyperclip.clipboard, sent) == (DRAFT, [DRAFT])


def test_a_bad_mode_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETDECK_CLIPBOARD", "xclip")
    with pytest.raises(
        InvalidInput, match="NETDECK_CLIPBOARD must be one of auto, osc52, system, off, not 'xclip'"
    ):
        copy_text(DRAFT, osc52_writer=None)


def test_osc52_sequence_carries_the_text_in_base64() -> None:
    sequence = osc52_sequence(DRAFT)
    assert sequence.startswith("\x1b]52;c;")
    assert sequence.endswith("\a")
    assert base64.b64decode(sequence[len("\x1b]52;c;") : -1]).decode("utf-8") == DRAFT

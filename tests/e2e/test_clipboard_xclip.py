"""A real clipboard: under Xvfb, ``netdeck draft --copy`` puts exactly the draft on
the X clipboard, read back with ``xclip -selection clipboard -o``.

Skipped where Xvfb or xclip is missing (``.ci/run`` installs both). Each test
starts its own X server on a display it picks itself (``-displayfd``) and
stops it at the end, which also ends the xclip that served the selection.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import Netdeck, succeeded

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        shutil.which("Xvfb") is None or shutil.which("xclip") is None,
        reason="needs Xvfb and xclip (installed by .ci/run)",
    ),
]


@pytest.fixture
def display() -> Iterator[str]:
    """A private X server: its display name, e.g. ``:3``."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp", "-screen", "0", "640x480x24"],
        pass_fds=(write_end,),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as announced:
            number = announced.readline().strip()
        assert number.isdigit(), "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def netdeck(tmp_path: Path) -> Netdeck:
    """Ann Lee, reached by email and never talked to, and a first-message snippet with a
    line break and an emoji (the one her draft is made from)."""
    netdeck = Netdeck(tmp_path / "data", tmp_path / "netdeck.db")
    body = tmp_path / "body.txt"
    body.write_text("Hi {{ first_name }},\nhow are things? ☕", encoding="utf-8")
    succeeded(netdeck.in_process("add", "Ann Lee", "--email", "ann@example.com"))
    succeeded(
        netdeck.in_process(
            *("snippets", "add", "hello", "--kind", "first-message", "--channel", "email"),
            *("--body-file", str(body)),
        )
    )
    return netdeck


def copy_draft_of_ann(netdeck: Netdeck, display: str) -> subprocess.CompletedProcess[str]:
    """``netdeck draft "Ann Lee" --copy`` on this display, with pipes for its output:
    xclip stays behind to serve the selection and must not keep them open, or this
    would wait for it (the timeout says so)."""
    environment = netdeck.environment({"DISPLAY": display, "NETDECK_CLIPBOARD": "system"})
    environment.pop("WAYLAND_DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-m", "netdeck", "--db", str(netdeck.db), "draft", "Ann Lee", "--copy"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=environment,
        timeout=30,
        check=False,
    )


def clipboard(display: str) -> str:
    result = subprocess.run(
        ["xclip", "-selection", "clipboard", "-o"],
        capture_output=True,
        text=True,
        env={**os.environ, "DISPLAY": display},
        timeout=10,
        check=True,
    )
    return result.stdout


def test_draft_copy_puts_exactly_the_draft_on_the_x_clipboard(
    display: str, netdeck: Netdeck
) -> None:
    expected = netdeck.look("draft", "Ann Lee")["text"]
    assert expected == "Hi Ann,\nhow are things? ☕"
    result = copy_draft_of_ann(netdeck, display)

    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout.splitlines()[-1] == "Copied to the system clipboard"
    assert clipboard(display) == expected


def test_copy_under_a_display_without_a_server_says_so(netdeck: Netdeck) -> None:
    result = copy_draft_of_ann(netdeck, ":987")

    # xclip fails quietly (pyperclip does not check); reading it back shows nothing took.
    assert result.returncode == 1
    assert result.stderr == (
        "netdeck: error: not copied: Could not reach a clipboard: the system clipboard "
        "did not take the text; the draft stays on screen\n"
    )
    assert succeeded(netdeck.in_process("draft", "Ann Lee")).stdout in result.stdout


def test_copying_in_the_running_app_puts_exactly_the_draft_on_the_x_clipboard(
    display: str, netdeck: Netdeck, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The TUI's composer: m on the queue, ctrl+y; the X clipboard holds the draft."""
    import asyncio

    from netdeck.tui.app import NetdeckApp
    from netdeck.tui.screens.composer import AfterCopyModal, ComposerScreen
    from netdeck.tui.screens.modals import ConfirmModal
    from tests.tui.conftest import settle

    expected = netdeck.look("draft", "Ann Lee")["text"]
    monkeypatch.setenv("DISPLAY", display)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("NETDECK_CLIPBOARD", "system")
    app = NetdeckApp(str(netdeck.db))

    async def scenario() -> None:
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press("m")
            await settle(pilot)
            assert isinstance(app.screen, ComposerScreen)
            await pilot.press("ctrl+y")
            await settle(pilot)
            # The snippet says nothing personal about Ann: copying asks first (issue 16).
            assert isinstance(app.screen, ConfirmModal)
            await pilot.press("y")
            await settle(pilot)
            assert isinstance(app.screen, AfterCopyModal)

    asyncio.run(scenario())
    assert clipboard(display) == expected

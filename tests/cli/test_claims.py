"""No double outreach on the command line (a shared deck): ``draft`` on a person another
user is writing to asks first (y/N on a terminal; without one a one-line error naming
``--anyway``); ``queue`` and ``queue --json`` say who is writing to whom; a write to a
person another user acted on today says so on stderr and still succeeds."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from datetime import datetime

import pytest

from netdeck.services.api import DeckApi
from tests.cli.conftest import Netdeck, assert_user_error, succeeded
from tests.conftest import TODAY

SAM = {"NETDECK_USER": "Sam"}


@pytest.fixture
def dana_claimed(netdeck: Netdeck) -> str:
    """Dana is due (a new connection) and Alex is writing to her; the claim's local time."""
    succeeded(
        netdeck.in_process(
            "add", "Dana Ruiz", "--stage", "connected", "--connected-on", "2026-11-01"
        )
    )
    succeeded(
        netdeck.in_process(
            "add", "Lee Park", "--stage", "connected", "--connected-on", "2026-11-01"
        )
    )
    deck = DeckApi.open(str(netdeck.db), lambda: TODAY, "Alex")
    try:
        return f"{deck.claim('Dana Ruiz').since:%H:%M}"
    finally:
        deck.close()


def test_draft_without_a_terminal_refuses_and_names_anyway(
    netdeck: Netdeck, dana_claimed: str
) -> None:
    result = netdeck("draft", "Dana Ruiz", env=SAM)
    line = assert_user_error(result)
    assert line == (
        f"netdeck: error: Alex is writing to Dana Ruiz (since {dana_claimed}); "
        "add --anyway to draft too"
    )


def test_draft_anyway_goes_ahead_and_json_carries_the_claim(
    netdeck: Netdeck, dana_claimed: str
) -> None:
    shown = netdeck.json("draft", "Dana Ruiz", "--anyway", env=SAM)
    assert shown["claimed_by"] == "Alex"
    assert datetime.fromisoformat(shown["claimed_at"]).astimezone().strftime("%H:%M") == (
        dana_claimed
    )
    assert shown["text"]
    text = netdeck.ok("draft", "Dana Ruiz", "--anyway", env=SAM).stdout
    assert f"Alex is writing to Dana Ruiz (since {dana_claimed}): drafted anyway" in text
    # Nobody else holds Lee: no claim in the JSON; and Alex's own claim is no news to Alex.
    assert netdeck.json("draft", "Lee Park", env=SAM)["claimed_by"] is None
    assert netdeck.json("draft", "Dana Ruiz", env={"NETDECK_USER": "Alex"})["claimed_by"] is None


def answer_on_a_terminal(netdeck: Netdeck, answer: str, *args: str) -> tuple[int, str, str]:
    """Run ``netdeck ARGS`` as Sam with stdin and stderr on a pseudo-terminal, answer the
    question with ``answer``; the exit code, stdout and what the terminal showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "netdeck", "--db", str(netdeck.db), *args],
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=follower,
        env=netdeck.environment(SAM),
        start_new_session=True,
    )
    os.close(follower)
    shown = b""
    while b"[y/N]" not in shown:
        ready, _, _ = select.select([leader], [], [], 60)
        assert ready, f"no question in 60 s; so far: {shown!r}"
        shown += os.read(leader, 4096)
    os.write(leader, f"{answer}\n".encode())
    stdout = process.stdout.read().decode() if process.stdout else ""
    code = process.wait(timeout=60)
    while select.select([leader], [], [], 0.5)[0]:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return code, stdout, shown.decode()


def test_draft_on_a_terminal_asks_and_yes_goes_ahead(netdeck: Netdeck, dana_claimed: str) -> None:
    code, stdout, shown = answer_on_a_terminal(netdeck, "y", "draft", "Dana Ruiz")
    assert f"Alex is writing to Dana Ruiz (since {dana_claimed}). Draft anyway? [y/N]" in shown
    assert code == 0
    assert stdout.startswith("Draft for #")


def test_draft_on_a_terminal_asks_and_no_drafts_nothing(
    netdeck: Netdeck, dana_claimed: str
) -> None:
    code, stdout, shown = answer_on_a_terminal(netdeck, "n", "draft", "Dana Ruiz")
    assert code == 1
    assert stdout == ""
    assert "netdeck: error: not drafted: Alex is writing to Dana Ruiz" in shown


def test_queue_says_who_is_writing_to_whom(netdeck: Netdeck, dana_claimed: str) -> None:
    entries = {entry["name"]: entry for entry in netdeck.json("queue", env=SAM)}
    assert entries["Dana Ruiz"]["claimed_by"] == "Alex"
    assert entries["Dana Ruiz"]["claimed_at"].endswith("+00:00")
    assert (entries["Lee Park"]["claimed_by"], entries["Lee Park"]["claimed_at"]) == (None, None)
    text = netdeck.ok("queue", env=SAM).stdout
    assert f"Alex is writing to Dana Ruiz (since {dana_claimed})" in text
    assert "is writing to" not in netdeck.ok("queue", env={"NETDECK_USER": "Alex"}).stdout


def test_the_later_of_two_writes_is_told_on_stderr_and_succeeds(
    netdeck: Netdeck, dana_claimed: str
) -> None:
    netdeck.ok("log", "Dana Ruiz", "--note", "from Alex", env={"NETDECK_USER": "Alex"})

    result = netdeck("snooze", "Dana Ruiz", "--days", "3", env=SAM)

    assert result.returncode == 0, str(result)
    assert result.stderr.startswith("netdeck: Alex also messaged Dana Ruiz at ")
    assert result.stderr.strip().endswith("(both are kept)")
    assert len(result.stderr.splitlines()) == 1
    logged = netdeck("log", "Dana Ruiz", "--note", "from Sam", env=SAM)
    assert logged.returncode == 0 and "Alex also messaged Dana Ruiz" in logged.stderr
    notes = [row["note"] for row in netdeck.look("show", "Dana Ruiz")["interactions"]]
    assert {"from Alex", "from Sam"} <= set(notes)

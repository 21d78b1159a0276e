"""The real ``netdeck`` command in a real terminal (tmux): keys in, screen out, database after.

Each test starts its own tmux server on a private socket (``tmux -L``), so it
never touches another tmux session on the machine, and kills it at the end.
The screen is read with ``capture-pane -p`` and polled until the expected text
shows up (the app is a separate process: there is no worker to wait on).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from netdeck.domain.channels import ChannelKind
from netdeck.services.contacts import ContactFields, add_contact, get_contact
from netdeck.services.schedule import log_interaction
from netdeck.services.settings import load_settings
from netdeck.store.database import open_database
from tests.conftest import TODAY

pytestmark = pytest.mark.e2e

NETDECK = Path(sys.executable).with_name("netdeck")
WIDTH, HEIGHT = 120, 36
TIMEOUT = 15.0


class Terminal:
    """One tmux server with one session running a command."""

    def __init__(self, socket: str, session: str) -> None:
        self.socket = socket
        self.session = session

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str) -> None:
        """Send tmux key names (``j``, ``Enter``, ``Escape``)."""
        self.tmux("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        """Send ``text`` literally, as typed."""
        self.tmux("send-keys", "-t", self.session, "-l", text)

    def wait_for(self, what: str | Callable[[str], bool], timeout: float = TIMEOUT) -> str:
        """Poll the screen until it shows ``what`` (text, or a test on the screen)."""
        test = what if callable(what) else (lambda screen: what in screen)
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if test(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what!r}; the screen was:\n{screen}")


@contextmanager
def terminal(command: list[str], env: dict[str, str]) -> Iterator[Terminal]:
    """Run ``command`` in a fresh tmux server of WIDTHxHEIGHT; always kill it afterwards.

    The command runs with exactly ``env`` (``env -i``): the test process may
    carry ``COLUMNS``/``LINES``, which would make the app paint at that size.
    Its exit status is printed after it ends (the pane then stays open), so a
    test can see that the app quit cleanly.
    """
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    tag = uuid.uuid4().hex[:10]
    term = Terminal(socket=f"netdeck-e2e-{tag}", session=f"netdeck-{tag}")
    assignments = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
    shell = f"env -i {assignments} {shlex.join(command)}; echo NETDECK-EXIT=$?; sleep {int(TIMEOUT) * 4}"
    try:
        # Start with a placeholder and only then run the command: a pane starts at
        # 80x24 and is resized to the session size a moment later, and an app
        # started in that moment can paint at 80x24.
        term.tmux(
            "new-session", "-d", "-s", term.session, "-x", str(WIDTH), "-y", str(HEIGHT), "cat"
        )
        term.tmux("respawn-pane", "-k", "-t", term.session, shell)
        yield term
    finally:
        subprocess.run(["tmux", "-L", term.socket, "kill-server"], capture_output=True)
        # The server leaves its socket file behind; remove it too.
        socket_dir = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
        (socket_dir / term.socket).unlink(missing_ok=True)


def seed(db_path: Path) -> dict[str, int]:
    """Two people due today (Ada the more overdue) and one due next month."""
    people = (
        ("Ada Lovelace", "ada-lovelace", date(2026, 9, 1)),
        ("Grace Hopper", "grace-hopper", date(2026, 10, 1)),
        ("Barbara Liskov", "barbara-liskov", date(2026, 11, 18)),
    )
    database = open_database(str(db_path))
    ids = {}
    try:
        with database.writing() as session:
            settings = load_settings(session)
            for name, slug, last_talked in people:
                detail = add_contact(
                    session,
                    ContactFields(
                        name=name,
                        cadence="30",
                        addresses={ChannelKind.LINKEDIN: [f"linkedin.com/in/{slug}"]},
                    ),
                    today=TODAY,
                    settings=settings,
                )
                log_interaction(
                    session,
                    get_contact(session, detail.id),
                    today=TODAY,
                    settings=settings,
                    on=last_talked,
                )
                ids[name.split()[0].lower()] = detail.id
    finally:
        database.close()
    return ids


def show(db_path: Path, contact_id: int, env: dict[str, str]) -> dict:
    result = subprocess.run(
        [str(NETDECK), "--db", str(db_path), "show", str(contact_id), "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(result.stdout)


CARD_COLUMN = 79  # the queue is on the left, the contact card right of this column
TOASTS_FROM = HEIGHT - 8  # notifications stack up from the bottom right


def queue_pane(screen: str) -> str:
    """The queue rows only (not the card beside them, nor a notification over them)."""
    return "\n".join(line[:CARD_COLUMN] for line in screen.splitlines()[:TOASTS_FROM])


def card_pane(screen: str) -> str:
    return "\n".join(line[CARD_COLUMN:] for line in screen.splitlines())


def test_log_it_done_in_a_real_terminal(tmp_path: Path, isolated_environment: Path):
    db_path = tmp_path / "e2e.db"
    ids = seed(db_path)
    env = {
        "NETDECK_DATA_DIR": str(isolated_environment),
        "NETDECK_TODAY": TODAY.isoformat(),
        "NETDECK_CLIPBOARD": "off",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PATH": "/usr/bin:/bin",
        "TERM": "xterm-256color",
    }

    with terminal([str(NETDECK), "--db", str(db_path)], env) as term:
        screen = term.wait_for("2 in today's queue")
        queue = queue_pane(screen)
        assert queue.index("Ada Lovelace") < queue.index("Grace Hopper")
        assert "Barbara Liskov" not in screen
        assert "2 in today's queue" in screen

        term.wait_for(lambda s: "Ada Lovelace" in card_pane(s))  # the card follows the cursor
        term.keys("j")
        term.wait_for(lambda s: "Grace Hopper" in card_pane(s))
        term.keys("d")
        term.wait_for("Log it done")
        term.type("talked about compilers")
        term.keys("Enter")

        # Grace leaves the queue, a notification offers undo, and the top bar
        # counts her (once the queue has been reloaded from the database).
        screen = term.wait_for(
            lambda s: "Grace Hopper" not in queue_pane(s) and "undo" in s and "1 done today" in s
        )
        assert "Logged a message with Grace Hopper" in screen
        assert "Ada Lovelace" in queue_pane(screen)
        assert "1 in today's queue" in screen

        term.keys("q")
        term.wait_for("NETDECK-EXIT=0")

    after = show(db_path, ids["grace"], env)
    assert after["last_interaction_on"] == TODAY.isoformat()
    assert after["next_due_on"] == "2026-12-25"  # 30 days after today's message
    assert len(after["interactions"]) == 2  # the seeded one and today's
    newest = after["interactions"][0]
    assert newest["note"] == "talked about compilers"
    assert newest["channel"] == "linkedin"
    assert newest["kind"] == "message"
    assert newest["occurred_on"] == TODAY.isoformat()

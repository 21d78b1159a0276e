"""``netdeck draft`` end to end: the text, the JSON, copying, logging as sent; and
snippets whose templates are refused before anything is saved.

The populated database (see ``conftest.py``) has Dee Park, a prospect on
LinkedIn, and Ann Lee, active, preferring email; besides the default snippets
it holds ``hello`` (a check-in by email) and ``thanks``.
"""

from __future__ import annotations

import base64
import os
import pty
import re
import select
import subprocess
import sys
from functools import partial
from pathlib import Path

from netdeck.domain.draft_checks import IMPERSONAL_MESSAGE
from tests.cli.conftest import (
    ANN_LEE,
    DEE_PARK,
    Netdeck,
    Run,
    assert_user_error,
    database_dump,
    run_all,
    succeeded,
)
from tests.conftest import TODAY

DEE_NOTE = (
    "Hi Dee, I came across your profile (we seem to work on similar things) "
    "and would love to connect and chat a little more."
)
DEE_URL = "https://www.linkedin.com/in/deepark"


def test_draft_as_text(populated: Netdeck) -> None:
    result = populated.ok("draft", "Dee Park")
    assert result.stdout == (
        f"Draft for #{DEE_PARK} Dee Park: snippet Connection request, linkedin-note to {DEE_URL}\n"
        "\n"
        f"{DEE_NOTE}\n"
        "\n"
        f"  ok       length: {len(DEE_NOTE)}/200 characters\n"
        # Nothing but her name: a mail merge (issue 16).
        f"  warning  impersonal: {IMPERSONAL_MESSAGE}\n"
        "  ok       note-budget: 5 of 5 notes left this month\n"
        f"Open: {DEE_URL}\n"
    )


def test_draft_as_json_for_email_with_every_check(populated: Netdeck) -> None:
    as_json, over, as_post = map(
        succeeded,
        run_all(
            [
                partial(populated, "draft", str(ANN_LEE), "--json"),
                partial(
                    populated,
                    "draft",
                    "Ann Lee",
                    "--snippet",
                    "Check-in",
                    "--channel",
                    "linkedin-note",
                ),
                partial(populated, "draft", "Ann Lee", "--channel", "x-post", "--json"),
            ]
        ),
    )
    assert as_json.json() == {
        "contact": {"id": ANN_LEE, "name": "Ann Lee"},
        "snippet": "hello",
        "channel": "email",
        "subject": "",
        "text": "Hi Ann,\nhow are things?",
        "limit": None,
        "address": "ann@example.com",
        "url": "mailto:ann@example.com?body=Hi%20Ann%2C%0D%0Ahow%20are%20things%3F",
        "checks": [
            {
                "code": "length",
                "severity": "ok",
                "message": "23 characters (no limit for an email body)",
            },
            {"code": "subject", "severity": "warning", "message": "no subject line"},
            {"code": "impersonal", "severity": "warning", "message": IMPERSONAL_MESSAGE},
        ],
        "note_budget": {"used": 0, "limit": 5, "left": 5, "resets_on": "2026-12-01"},
        "fallback_from": None,
        "claimed_by": None,  # nobody else is writing to her today
        "claimed_at": None,
    }
    # The default check-in mentions her company (Acme) and fits a note; 24 days since.
    assert "Acme" in over.stdout
    assert re.search(r"^  ok       length: \d+/200 characters$", over.stdout, re.M), over.stdout
    post = as_post.json()
    assert (post["channel"], post["limit"], post["address"]) == ("x-post", 280, None)
    assert post["url"] == "https://x.com/intent/tweet?text=Hi%20Ann%2C%0Ahow%20are%20things%3F"
    assert post["checks"][0]["message"] == "23/280 weighted characters"


def test_over_the_limit_and_placeholders_are_shown_as_errors(
    populated: Netdeck, tmp_path: Path
) -> None:
    body = tmp_path / "long.txt"
    body.write_text("Hi {{ first_name }}, " + "x" * 200, encoding="utf-8")
    populated.in_process(
        *("snippets", "add", "long", "--kind", "check-in", "--channel", "linkedin-note"),
        *("--body-file", str(body)),
    )
    populated.in_process("settings", "linkedin-plan", "premium")
    premium = populated.ok("draft", "Dee Park", "--snippet", "long").stdout
    assert "  ok       length: 208/300 characters\n" in premium

    populated.in_process("settings", "linkedin-plan", "free")
    result = populated.json("draft", "Dee Park", "--snippet", "long")
    assert result["checks"] == [
        {
            "code": "length",
            "severity": "error",
            "message": "208/200 characters: 8 over LinkedIn's invitation limit",
        },
        {"code": "impersonal", "severity": "warning", "message": IMPERSONAL_MESSAGE},
        {"code": "note-budget", "severity": "ok", "message": "5 of 5 notes left this month"},
    ]


def test_sent_logs_the_text_and_moves_the_prospect_on(populated: Netdeck) -> None:
    result = populated.ok("draft", "Dee Park", "--sent")
    assert result.stdout.endswith(
        f"Logged as sent: #{DEE_PARK} Dee Park (requested), due 2026-12-09\n"
    )

    shown = populated.look("show", str(DEE_PARK))
    assert shown["stage"] == "requested"
    assert [
        (i["kind"], i["channel"], i["direction"], i["text_sent"], i["snippet"])
        for i in shown["interactions"]
    ] == [("connection-request", "linkedin", "outbound", DEE_NOTE, "Connection request")]

    # Sent again as JSON: a follow-up now, logged as a message (which, by the
    # scheduling rules, makes the contact active).
    again = populated.json("draft", "Dee Park", "--sent")
    assert (again["snippet"], again["channel"]) == ("Follow-up", "linkedin-message")
    assert again["sent"]["stage"] == "active"
    latest = populated.look("show", str(DEE_PARK))["interactions"][0]
    assert (latest["kind"], latest["text_sent"], latest["snippet"]) == (
        "message",
        again["text"],
        "Follow-up",
    )


def run_in_a_terminal(netdeck: Netdeck, *args: str, env: dict[str, str]) -> tuple[int, str]:
    """Run ``netdeck ARGS`` with its stdout on a pseudo-terminal, as in a real terminal
    (and no controlling terminal, so /dev/tty cannot be used instead)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "netdeck", "--db", str(netdeck.db), *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.PIPE,
        env=netdeck.environment(env),
        start_new_session=True,
    )
    os.close(follower)
    output = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            process.kill()
            raise AssertionError(f"no output for 60 s; so far: {output!r}")
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the other end closed: the process is done
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    stderr = process.stderr.read().decode() if process.stderr else ""
    assert process.wait(timeout=60) == 0, stderr
    assert stderr == ""
    return process.returncode, output.decode("utf-8")


def run_detached(netdeck: Netdeck, *args: str, env: dict[str, str]) -> Run:
    """Run ``netdeck ARGS`` with pipes and no controlling terminal (like CI, even when
    the tests run in a terminal)."""
    completed = subprocess.run(
        [sys.executable, "-m", "netdeck", "--db", str(netdeck.db), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=netdeck.environment(env),
        start_new_session=True,
        timeout=120,
        check=False,
    )
    return Run(tuple(args), completed.returncode, completed.stdout, completed.stderr)


def test_copy_sends_osc52_to_the_terminal(populated: Netdeck) -> None:
    _, screen = run_in_a_terminal(
        populated, "draft", "Dee Park", "--copy", env={"NETDECK_CLIPBOARD": "osc52"}
    )

    sequences = re.findall(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07", screen)
    assert [base64.b64decode(s).decode("utf-8") for s in sequences] == [DEE_NOTE]
    assert "Sent to the terminal (OSC 52)" in screen
    assert DEE_NOTE in screen


def test_copy_without_a_terminal_or_clipboard_keeps_the_draft_and_logs_nothing(
    populated: Netdeck,
) -> None:
    assert populated.db is not None
    before = database_dump(populated.db)
    off, no_terminal = run_all(
        [
            partial(populated, "draft", "Dee Park", "--copy", "--sent"),
            partial(
                run_detached,
                populated,
                "draft",
                "Dee Park",
                "--copy",
                "--json",
                env={"NETDECK_CLIPBOARD": "osc52"},
            ),
        ]
    )

    assert off.returncode == 1, str(off)
    assert DEE_NOTE in off.stdout  # the draft is still there to copy by hand
    assert off.stderr == (
        "netdeck: error: not copied and not logged as sent: "
        "Clipboard is off (NETDECK_CLIPBOARD=off); the draft stays on screen\n"
    )
    assert database_dump(populated.db) == before

    assert no_terminal.returncode == 1, str(no_terminal)
    copy = Run(no_terminal.args, 0, no_terminal.stdout, "").json()["copy"]
    assert copy == {
        "system": False,
        "osc52": False,
        "message": "Could not reach a clipboard: not a terminal; the draft stays on screen",
    }
    assert no_terminal.stderr.startswith("netdeck: error: not copied: Could not reach")


def test_a_bad_template_typed_in_the_editor_is_kept_in_its_file(populated: Netdeck) -> None:
    assert populated.db is not None
    before = database_dump(populated.db)
    editor = 'sh -c \'printf "Hi {{ first_name }},\\n{{ frist_name }}" > "$1"\' editor'

    result = populated(
        *("snippets", "add", "typo", "--kind", "check-in", "--channel", "any"),
        env={"EDITOR": editor},
    )

    line = assert_user_error(result, "line 2: unknown variable {{ frist_name }}", "nothing saved")
    kept = re.search(r"your text is in (\S+): fix it there and pass --body-file \1$", line)
    assert kept, line
    path = Path(kept.group(1))
    assert path.read_text(encoding="utf-8") == "Hi {{ first_name }},\n{{ frist_name }}"
    path.unlink()
    assert database_dump(populated.db) == before


def test_a_good_template_from_the_editor_is_saved(populated: Netdeck) -> None:
    editor = 'sh -c \'printf "Hey {{ first_name }}!" > "$1"\' editor'
    populated.ok(
        *("snippets", "add", "hey", "--kind", "check-in", "--channel", "any"),
        env={"EDITOR": editor},
    )
    assert populated.look("snippets", "show", "hey")["body"] == "Hey {{ first_name }}!"
    assert populated.look("draft", "Dee Park", "--snippet", "hey")["text"] == "Hey Dee!"


def test_days_since_counts_to_netdeck_today(populated: Netdeck) -> None:
    # Ann Lee last talked on 2026-11-01; NETDECK_TODAY is 2026-11-25.
    body = populated.data_dir.parent / "days.txt"
    body.write_text("{{ first_name }}: {{ days_since }} days", encoding="utf-8")
    succeeded(
        populated.in_process(
            *("snippets", "add", "days", "--kind", "check-in", "--channel", "email"),
            *("--body-file", str(body)),
        )
    )
    assert TODAY.isoformat() == "2026-11-25"
    assert populated.look("draft", "Ann Lee", "--snippet", "days")["text"] == "Ann: 24 days"

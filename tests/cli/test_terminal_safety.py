"""What reaches the terminal from data stored before today's address rules
(issue 13, class 1): ``draft`` shows such an address escaped and makes no link of
it, ``--json`` escapes every control character, and an export written to a
terminal shows control characters instead of sending them, while an export piped
or written to a file is the data as stored.

The hostile values are written straight into the database, as an older netdeck
(or a hand edit) could have left them: no entry point accepts them today.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata

import pytest

from tests.cli.conftest import ANN_LEE, DEE_PARK, Netdeck, query, succeeded, write

#: Set the window title, write the clipboard through OSC 52, clear the screen, C1 CSI.
ESCAPES = "\x1b]0;pwned\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J\x9b2J"


def _raw_controls(text: str) -> list[str]:
    """Control and format characters other than line ends (a pty adds ``\\r``)."""
    return [ch for ch in text if ch not in "\r\n" and unicodedata.category(ch) in {"Cc", "Cf"}]


def _write(netdeck: Netdeck, sql: str, parameters: tuple[object, ...]) -> None:
    """Change the database behind netdeck's back (one row), bypassing every rule."""
    assert netdeck.db is not None
    assert write(netdeck.db, sql, parameters) == 1


def _store(netdeck: Netdeck, contact_id: int, kind: str, value: str) -> None:
    """Put ``value`` in the contact's address of ``kind``."""
    _write(
        netdeck,
        "UPDATE channels SET value = ? WHERE contact_id = ? AND kind = ?",
        (value, contact_id, kind),
    )


@pytest.mark.parametrize(
    ("contact", "kind", "value"),
    [
        pytest.param(
            DEE_PARK, "linkedin", "https://www.linkedin.com/in/deepark" + ESCAPES, id="profile"
        ),
        pytest.param(
            ANN_LEE, "email", "ann@example.com" + ESCAPES + "?bcc=boss@example.com", id="email"
        ),
    ],
)
def test_draft_shows_a_stored_hostile_address_escaped_and_makes_no_link_of_it(
    populated: Netdeck, contact: int, kind: str, value: str
) -> None:
    _store(populated, contact, kind, value)
    run = populated.ok("draft", str(contact))
    assert not _raw_controls(run.stdout), ascii(run.stdout)
    assert "\\x1b]52;c;cHduZWQ=\\x07" in run.stdout  # shown, escaped, on the "to" line
    assert "Open:" not in run.stdout
    as_json = populated.ok("draft", str(contact), "--json")
    assert not _raw_controls(as_json.stdout), ascii(as_json.stdout)
    assert as_json.json()["address"] == value
    assert as_json.json()["url"] is None


def test_draft_still_gives_the_link_of_a_lawful_address(populated: Netdeck) -> None:
    run = populated.ok("draft", str(DEE_PARK))
    assert "Open: https://www.linkedin.com/in/deepark" in run.stdout


def _in_a_terminal(netdeck: Netdeck, *args: str) -> tuple[int, str]:
    """Run ``netdeck ARGS`` with stdout on a pseudo-terminal; exit code and what it showed."""
    master, slave = os.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "netdeck", "--db", str(netdeck.db), *args],
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=subprocess.PIPE,
            env=netdeck.environment(),
        )
    finally:
        os.close(slave)
    shown = bytearray()
    try:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the command closed the terminal
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
    _, stderr = process.communicate(timeout=120)
    assert stderr == b"", stderr
    return process.returncode, shown.decode("utf-8")


@pytest.mark.parametrize("format_", ["csv", "vcard", "json"])
def test_an_export_to_a_terminal_shows_control_characters(populated: Netdeck, format_: str) -> None:
    assert populated.db is not None
    company = "Acme" + ESCAPES
    _write(
        populated,
        "UPDATE contacts SET company = ?, full_name = ? WHERE id = ?",
        (company, "Ann " + ESCAPES, ANN_LEE),
    )
    _store(populated, DEE_PARK, "linkedin", "https://www.linkedin.com/in/deepark" + ESCAPES)
    code, shown = _in_a_terminal(populated, "export", format_)
    assert code == 0
    assert not _raw_controls(shown), ascii(shown[:400])
    assert "cHduZWQ=" in shown  # the data is there, shown rather than obeyed
    # Piped (or written with -o), the export is the data as stored, escapes and all.
    piped = succeeded(populated("export", format_)).stdout
    if format_ == "json":
        assert "\\u001b]52;c;cHduZWQ=\\u0007" in piped  # JSON's own escape for ESC
    else:  # (vCard escapes the ";")
        assert "\x1b]52" in piped and "cHduZWQ=\x07" in piped
    assert query(populated.db, "SELECT company FROM contacts WHERE id = ?", (ANN_LEE,)) == [
        (company,)
    ]


def test_json_output_escapes_c1_controls_and_bidi_overrides(populated: Netdeck) -> None:
    """JSON itself escapes only C0 controls; ``--json`` escapes the rest the same way."""
    _write(
        populated,
        "UPDATE contacts SET full_name = ? WHERE id = ?",
        ("Ann \x9b2J \u202eeeL \x7f 👩\u200d💻", ANN_LEE),
    )
    run = succeeded(populated("show", str(ANN_LEE), "--json"))
    assert not _raw_controls(run.stdout.replace("\u200d", "")), ascii(run.stdout)
    assert run.json()["name"] == "Ann \x9b2J \u202eeeL \x7f 👩\u200d💻"  # the same value

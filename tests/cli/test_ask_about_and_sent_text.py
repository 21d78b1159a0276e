"""Issue 16 at the command line: "next time, ask about" (``--ask-about``), the text
sent shown by ``show``, and drafts that say when a channel has no address.

The populated database (see ``conftest.py``) has Dee Park, a prospect on LinkedIn,
and Eve Adams, active, with an email address and a logged call about "roadmap".
"""

from __future__ import annotations

from tests.cli.conftest import DEE_PARK, EVE_ADAMS, Netdeck

LONG_LINE = "word " * 30


def test_ask_about_is_added_shown_and_cleared(netdeck: Netdeck) -> None:
    added = netdeck.json(
        "add",
        "Zoe Quinn",
        "--email",
        "zoe@example.com",
        "--ask-about",
        "  her new\n team  ",
        "--json",
    )
    assert added["ask_about"] == "her new team"  # one line, trimmed
    shown = netdeck.ok("show", "Zoe Quinn").stdout.splitlines()
    assert "  Ask about:   her new team" in shown
    netdeck.ok("edit", "Zoe Quinn", "--ask-about", "")
    assert netdeck.json("show", "Zoe Quinn", "--json")["ask_about"] == ""
    assert not any(
        line.startswith("  Ask about:") for line in netdeck.ok("show", "Zoe").stdout.splitlines()
    )


def test_a_draft_asks_it_and_sending_clears_it(populated: Netdeck) -> None:
    populated.ok("edit", str(EVE_ADAMS), "--ask-about", "the Q3 launch")
    sent = populated.json("draft", str(EVE_ADAMS), "--snippet", "Check-in", "--sent", "--json")
    # The topic the user wrote down, not the note of the logged call ("roadmap").
    assert "our last chat (the Q3 launch)" in sent["text"]
    assert populated.json("show", str(EVE_ADAMS), "--json")["ask_about"] == ""
    # The next draft falls back to the note of the call.
    again = populated.json("draft", str(EVE_ADAMS), "--snippet", "Check-in", "--json")
    assert "our last chat (roadmap)" in again["text"]


def quoted_sent_text(shown: str, heading: str) -> list[str]:
    """The bar-quoted lines under the interaction line ``heading`` of ``show``."""
    lines = shown.splitlines()
    quoted = []
    for line in lines[lines.index(heading) + 1 :]:
        if not line.startswith("      │"):
            break
        quoted.append(line)
    return quoted


def test_show_prints_the_exact_text_sent_under_its_interaction(populated: Netdeck) -> None:
    sent = populated.json("draft", str(EVE_ADAMS), "--snippet", "Check-in", "--sent", "--json")
    shown = populated.ok("show", str(EVE_ADAMS)).stdout
    quoted = quoted_sent_text(shown, "    2026-11-25 → message (email)")
    assert len(quoted) > 1  # wrapped
    assert all(len(line) <= 80 for line in quoted)
    assert " ".join(line.removeprefix("      │ ") for line in quoted) == sent["text"]


def test_sent_text_is_literal_and_keeps_its_lines(netdeck: Netdeck) -> None:
    body = "[bold]Hi {{ first_name }}[/bold]\x1b[2J\n\n" + LONG_LINE.strip()
    netdeck.ok(
        "snippets",
        "add",
        "odd",
        "--kind",
        "check-in",
        "--channel",
        "any",
        "--body-file",
        "-",
        stdin=body,
    )
    netdeck.ok("add", "Al Bo", "--email", "al@example.com")
    netdeck.ok("draft", "Al Bo", "--snippet", "odd", "--sent")
    shown = netdeck.ok("show", "Al Bo").stdout
    assert "\x1b" not in shown
    quoted = quoted_sent_text(shown, "    2026-11-25 → message (email)")
    assert quoted[:2] == ["      │ [bold]Hi Al[/bold]\\x1b[2J", "      │"]
    # 30 words in 72 columns (80 less the bar's indent): 14, 14, 2.
    row = "      │ " + " ".join(["word"] * 14)
    assert quoted[2:] == [row, row, "      │ word word"]


def test_draft_json_says_the_channel_has_no_address(populated: Netdeck) -> None:
    draft = populated.json("draft", str(DEE_PARK), "--channel", "email", "--json")
    assert {
        "code": "no-address",
        "severity": "warning",
        "message": "no email address for them: they have linkedin-note, linkedin-message",
    } in draft["checks"]
    text = populated.ok("draft", str(DEE_PARK), "--channel", "email").stdout
    assert "  warning  no-address: no email address for them: they have linkedin-note" in text


def test_the_request_snippet_drafts_on_its_own_channel(populated: Netdeck) -> None:
    draft = populated.json("draft", str(EVE_ADAMS), "--snippet", "Connection request", "--json")
    assert (draft["channel"], draft["limit"]) == ("linkedin-note", 200)

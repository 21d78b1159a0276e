"""``netdeck draft`` and LinkedIn's monthly note budget (issue 18), end to end.

The budget is counted from what was logged (``log --kind connection-request``
with a note, ``draft --sent`` on the note channel), never from a request by
e-mail or one that went out bare; it resets on the first of the month; Premium
has no limit. With no note left a draft goes to the person's other channel;
``draft --without-note`` logs a request without a note.
"""

from __future__ import annotations

from tests.cli.conftest import ANN_LEE, DEE_PARK, Netdeck, assert_user_error, succeeded


def add_prospect(netdeck: Netdeck, name: str, *extra: str) -> None:
    slug = name.lower().replace(" ", "-")
    succeeded(
        netdeck.in_process(
            "add", name, "--stage", "prospect", "--linkedin", f"linkedin.com/in/{slug}", *extra
        )
    )


def test_the_budget_counts_notes_logged_and_sent_not_email_or_bare_requests(
    populated: Netdeck,
) -> None:
    for name in ("Gil One", "Hal Two", "Ida Three", "Fay Lin"):
        add_prospect(populated, name)
    populated.ok("log", "Gil One", "--kind", "connection-request", "--note", "met at PyCon")
    populated.ok("draft", "Dee Park", "--sent")
    populated.ok("log", "Hal Two", "--kind", "connection-request", "--channel", "email")
    populated.ok("draft", "Ida Three", "--without-note")
    populated.ok("log", "Eve Adams", "--kind", "connection-request", "--channel", "linkedin")

    result = populated.json("draft", "Fay Lin")
    assert result["note_budget"] == {"used": 2, "limit": 5, "left": 3, "resets_on": "2026-12-01"}
    assert result["fallback_from"] is None
    text = populated.ok("draft", "Fay Lin").stdout
    assert "  ok       note-budget: 3 of 5 notes left this month\n" in text


def test_a_note_on_31_october_does_not_count_on_1_november(populated: Netdeck) -> None:
    add_prospect(populated, "Fay Lin")
    october = {"NETDECK_TODAY": "2026-10-31"}
    november = {"NETDECK_TODAY": "2026-11-01"}
    populated.ok("log", "Dee Park", "--kind", "connection-request", "--note", "hi", env=october)

    on_31 = populated.json("draft", "Fay Lin", env=october)["note_budget"]
    on_1 = populated.json("draft", "Fay Lin", env=november)["note_budget"]
    assert on_31 == {"used": 1, "limit": 5, "left": 4, "resets_on": "2026-11-01"}
    assert on_1 == {"used": 0, "limit": 5, "left": 5, "resets_on": "2026-12-01"}


def test_premium_has_no_limit(populated: Netdeck) -> None:
    succeeded(populated.in_process("settings", "linkedin-plan", "premium"))
    populated.ok("log", "Dee Park", "--kind", "connection-request", "--note", "hi")
    add_prospect(populated, "Fay Lin")

    result = populated.json("draft", "Fay Lin")
    assert result["note_budget"] == {
        "used": 1,
        "limit": None,
        "left": None,
        "resets_on": "2026-12-01",
    }
    assert result["channel"] == "linkedin-note"
    assert "note-budget" not in populated.ok("draft", "Fay Lin").stdout


def test_with_no_notes_left_the_draft_goes_by_email_else_stays_a_note(populated: Netdeck) -> None:
    succeeded(populated.in_process("settings", "linkedin-notes-per-month", "1"))
    add_prospect(populated, "Fay Lin", "--email", "fay@example.com", "--twitter", "@faylin")
    populated.ok(
        "log", "Fay Lin", "--kind", "connection-request", "--note", "hi", "--date", "2026-11-02"
    )
    add_prospect(populated, "Gus Ng", "--email", "gus@example.com", "--twitter", "@gusng")

    by_email = populated.json("draft", "Gus Ng")
    assert (by_email["channel"], by_email["fallback_from"], by_email["snippet"]) == (
        "email",
        "linkedin-note",
        "Intro email",
    )
    assert by_email["address"] == "gus@example.com"
    assert by_email["note_budget"]["left"] == 0
    spent = "no LinkedIn notes left this month (1 of 1 used; more on 1 Dec)"
    assert (
        f"  warning  note-budget: {spent}: drafted as an email instead of a LinkedIn note\n"
        in populated.ok("draft", "Gus Ng").stdout
    )

    only_linkedin = populated.json("draft", "Dee Park")
    assert (only_linkedin["channel"], only_linkedin["fallback_from"]) == ("linkedin-note", None)
    [check] = [c for c in only_linkedin["checks"] if c["code"] == "note-budget"]
    assert check["severity"] == "warning"
    assert check["message"].startswith(f"{spent}: wait, or connect without a note")


def test_draft_without_note_logs_a_bare_request(populated: Netdeck) -> None:
    result = populated.ok("draft", "Dee Park", "--without-note")
    assert result.stdout == (
        f"Logged a request without a note: #{DEE_PARK} Dee Park (requested), due 2026-12-09\n"
    )
    shown = populated.look("show", str(DEE_PARK))
    assert shown["stage"] == "requested"
    [request] = shown["interactions"]
    assert (request["kind"], request["channel"], request["note"]) == (
        "connection-request",
        "linkedin",
        "",
    )
    # It spent no note.
    add_prospect(populated, "Fay Lin")
    assert populated.json("draft", "Fay Lin")["note_budget"]["used"] == 0


def test_draft_without_note_refuses_text_options_and_non_prospects(populated: Netdeck) -> None:
    assert_user_error(
        populated("draft", "Dee Park", "--without-note", "--copy"), "--without-note", "--copy"
    )
    assert_user_error(
        populated("draft", str(ANN_LEE), "--without-note"), "Ann Lee is active, not a prospect"
    )


def test_a_request_logged_without_a_note_is_bare_however_it_was_logged(
    populated: Netdeck,
) -> None:
    """``log --kind connection-request`` with no note on LinkedIn went out bare, as stats
    counts it: once they accept they are due that day, and the reason says why."""
    add_prospect(populated, "Gil One")
    add_prospect(populated, "Hal Two")
    populated.ok("log", "Gil One", "--kind", "connection-request", "--channel", "linkedin")
    populated.ok("log", "Hal Two", "--kind", "connection-request", "--note", "met at PyCon")
    populated.ok("stage", "Gil One", "connected")
    populated.ok("stage", "Hal Two", "connected")

    gil, hal = populated.look("show", "Gil One"), populated.look("show", "Hal Two")
    assert (gil["next_due_on"], gil["reason"]) == (
        "2026-11-25",
        "accepted a request that had no note: say why you connected",
    )
    assert (hal["next_due_on"], hal["reason"]) == ("2026-11-28", "connected today, no message yet")

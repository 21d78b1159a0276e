"""Where a LinkedIn note goes when the month's notes are spent, and the website channel
(issue 18): pure rules, no database."""

from __future__ import annotations

from datetime import date

from netdeck.domain.draft_channels import (
    DraftChannel,
    limit_for,
    note_fallback,
    open_url_for,
    sent_interaction,
)
from netdeck.domain.draft_checks import note_budget_check
from netdeck.domain.note_budget import NoteBudget

DEC_1 = date(2026, 12, 1)


def test_the_fallback_is_email_then_x_then_the_website_else_none() -> None:
    assert note_fallback({"linkedin", "website", "x", "email"}) is DraftChannel.EMAIL
    assert note_fallback({"linkedin", "website", "x"}) is DraftChannel.X_DM
    assert note_fallback({"linkedin", "website", "phone"}) is DraftChannel.WEBSITE
    assert note_fallback({"linkedin", "phone"}) is None


def test_a_website_draft_has_no_limit_opens_the_site_and_is_logged_as_other() -> None:
    assert limit_for(DraftChannel.WEBSITE, 200) is None
    site = "https://greg.example.com"
    assert open_url_for("website", site, subject="", text="Hi") == site
    assert sent_interaction("website", "prospect") == ("other", "connection-request")
    assert sent_interaction("website", "active") == ("other", "message")


def test_the_note_budget_check_speaks_only_of_notes_with_a_limit() -> None:
    two_left = NoteBudget(used=3, limit=5, resets_on=DEC_1)
    spent = NoteBudget(used=5, limit=5, resets_on=DEC_1)
    premium = NoteBudget(used=9, limit=None, resets_on=DEC_1)
    note, email = DraftChannel.LINKEDIN_NOTE, DraftChannel.EMAIL

    assert note_budget_check(note, two_left, None) is not None
    assert note_budget_check(note, two_left, None).message == "2 of 5 notes left this month"  # type: ignore[union-attr]
    assert note_budget_check(email, two_left, None) is None
    assert note_budget_check(note, premium, None) is None
    held = note_budget_check(note, spent, None)
    assert held is not None and held.severity == "warning"
    assert held.message.startswith("no LinkedIn notes left this month (5 of 5 used; more on 1 Dec)")
    moved = note_budget_check(email, spent, "linkedin-note")
    assert moved is not None and moved.message.endswith(
        "drafted as an email instead of a LinkedIn note"
    )

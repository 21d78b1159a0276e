"""Settings typed by the user are validated; stored ones that went bad fall back."""

from __future__ import annotations

import pytest

from netdeck.domain.errors import InvalidInput, NotFound
from netdeck.domain.settings import (
    Settings,
    parse_setting,
    settings_from_stored,
    upgrade_stored_settings,
)


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [
        pytest.param("queue-size", "25", 25, id="queue-size"),
        pytest.param("queue_size", " 1 ", 1, id="underscore-spelling-and-lower-bound"),
        pytest.param("Queue-Size", "500", 500, id="upper-bound"),
        pytest.param("default-cadence", "2w", 14, id="cadence-with-unit"),
        pytest.param("default-cadence", "45", 45, id="cadence-in-days"),
        pytest.param("inner-circle-target", "150", 150, id="inner-circle"),
        pytest.param("linkedin-plan", "Premium", "premium", id="premium-plan"),
        pytest.param("linkedin-plan", " free ", "free", id="free-plan"),
        pytest.param("linkedin-notes-per-month", "3", 3, id="three-notes"),
        pytest.param("linkedin-notes-per-month", "0", 0, id="no-notes"),
        pytest.param("linkedin-notes-per-month", "plan", None, id="plan-notes"),
        pytest.param("linkedin-notes-per-month", "", None, id="empty-means-plan"),
        pytest.param("my-name", "  Sam Rivera ", "Sam Rivera", id="name-trimmed"),
        pytest.param("my-name", "", "", id="name-cleared"),
        pytest.param("signature", "Cheers,\nSam", "Cheers,\nSam", id="multi-line-signature"),
        pytest.param("theme", "nord", "nord", id="theme"),
    ],
)
def test_parse_setting(key: str, text: str, value: object) -> None:
    assert parse_setting(key, text) == value


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        pytest.param("queue-size", "0", "between 1 and 500", id="queue-size-zero"),
        pytest.param("queue-size", "501", "between 1 and 500", id="queue-size-too-big"),
        pytest.param("queue-size", "ten", "whole number", id="queue-size-word"),
        pytest.param("queue-size", "2.5", "whole number", id="queue-size-fraction"),
        pytest.param("default-cadence", "often", "bad cadence", id="cadence-word"),
        pytest.param("default-cadence", "0", "bad cadence", id="cadence-zero"),
        pytest.param("inner-circle-target", "10001", "between 1 and 10000", id="target-too-big"),
        pytest.param("linkedin-plan", "gold", "free .* or premium", id="plan-other"),
        pytest.param("linkedin-notes-per-month", "-1", "between 0 and 1000", id="notes-negative"),
        pytest.param("linkedin-notes-per-month", "lots", "whole number", id="notes-word"),
        pytest.param("my-name", "x" * 201, "at most 200", id="name-too-long"),
        pytest.param("signature", "x" * 1001, "at most 1000", id="signature-too-long"),
        pytest.param("theme", "my theme", "theme name", id="theme-with-space"),
        pytest.param("theme", "", "theme name", id="theme-empty"),
    ],
)
def test_bad_setting_values_are_refused(key: str, text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_setting(key, text)


def test_unknown_setting_lists_the_known_ones() -> None:
    with pytest.raises(NotFound, match="unknown setting 'colour': use one of queue-size, "):
        parse_setting("colour", "red")


def test_settings_from_stored_ignores_bad_and_unknown_values() -> None:
    stored = {
        "queue-size": "25",
        "default-cadence": "banana",
        "inner-circle-target": "-4",
        "linkedin-plan": "premium",
        "linkedin-notes-per-month": "many",
        "my-name": "Sam",
        "favourite-colour": "teal",
    }
    assert settings_from_stored(stored) == Settings(
        queue_size=25, linkedin_plan="premium", my_name="Sam"
    )


def test_defaults() -> None:
    assert settings_from_stored({}) == Settings(
        queue_size=10,
        default_cadence=30,
        inner_circle_target=100,
        my_name="",
        signature="",
        linkedin_plan="free",
        linkedin_notes_per_month=None,
        theme="textual-dark",
    )


def test_the_plan_sets_the_note_length_and_the_monthly_notes() -> None:
    free, premium = Settings(), Settings(linkedin_plan="premium")
    assert (free.linkedin_note_limit, free.linkedin_notes_limit) == (200, 5)
    assert (premium.linkedin_note_limit, premium.linkedin_notes_limit) == (300, None)
    # A number of notes set by hand wins over the plan's, on either plan.
    assert Settings(linkedin_notes_per_month=3).linkedin_notes_limit == 3
    assert Settings(linkedin_plan="premium", linkedin_notes_per_month=50).linkedin_notes_limit == 50


def test_the_old_note_limit_setting_names_its_replacement() -> None:
    with pytest.raises(NotFound, match="linkedin-note-limit is now linkedin-plan"):
        parse_setting("linkedin-note-limit", "300")


@pytest.mark.parametrize(
    ("stored", "plan"),
    [
        pytest.param({"linkedin-note-limit": "300"}, "premium", id="300-is-premium"),
        pytest.param({"linkedin-note-limit": "200"}, "free", id="200-is-free"),
        pytest.param(
            {"linkedin-note-limit": "200", "linkedin-plan": "premium"}, "premium", id="plan-wins"
        ),
    ],
)
def test_an_older_note_limit_becomes_the_plan(stored: dict[str, str], plan: str) -> None:
    upgraded = upgrade_stored_settings(stored)
    assert "linkedin-note-limit" not in upgraded
    assert upgraded["linkedin-plan"] == plan

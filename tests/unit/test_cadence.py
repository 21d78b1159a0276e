"""Cadences typed by the user: days or a number with a unit, within bounds."""

from __future__ import annotations

import pytest

from netdeck.domain.cadence import (
    cadence_source,
    describe_cadence,
    describe_effective_cadence,
    effective_cadence,
    parse_cadence,
    parse_optional_cadence,
    shortest_cadence,
)
from netdeck.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "days"),
    [
        pytest.param("14", 14, id="plain-days"),
        pytest.param("10d", 10, id="days-unit"),
        pytest.param("2w", 14, id="two-weeks"),
        pytest.param("1m", 30, id="one-month"),
        pytest.param("3m", 90, id="three-months"),
        pytest.param("1y", 365, id="one-year"),
        pytest.param(" 2W ", 14, id="spaces-and-upper-case"),
        pytest.param("6 m", 180, id="space-before-unit"),
        pytest.param("1", 1, id="lower-bound"),
        pytest.param("3650", 3650, id="upper-bound-in-days"),
        pytest.param("10y", 3650, id="ten-years"),
    ],
)
def test_parse_cadence(text: str, days: int) -> None:
    assert parse_cadence(text) == days


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", "use days", id="empty"),
        pytest.param("abc", "use days", id="word"),
        pytest.param("2 weeks", "use days", id="spelled-unit"),
        pytest.param("1.5m", "use days", id="fraction"),
        pytest.param("-1", "use days", id="negative"),
        pytest.param("w", "use days", id="unit-only"),
        pytest.param("2x", "use days", id="unknown-unit"),
        pytest.param("123456", "use days", id="too-many-digits"),
        pytest.param("0", "between 1 day and 10 years", id="zero"),
        pytest.param("0w", "between 1 day and 10 years", id="zero-weeks"),
        pytest.param("3651", "between 1 day and 10 years", id="just-over-ten-years"),
        pytest.param("11y", "between 1 day and 10 years", id="eleven-years"),
    ],
)
def test_bad_cadence_is_refused_with_a_hint(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        parse_cadence(text)
    assert repr(text) in str(caught.value)


@pytest.mark.parametrize(
    ("days", "phrase"),
    [
        pytest.param(1, "every day", id="1"),
        pytest.param(7, "every week", id="7"),
        pytest.param(14, "every 2 weeks", id="14"),
        pytest.param(56, "every 8 weeks", id="56"),
        pytest.param(63, "every 63 days", id="63-weeks-only-below-60"),
        pytest.param(30, "every 30 days", id="30"),
        pytest.param(365, "every year", id="365"),
        pytest.param(730, "every 2 years", id="730"),
    ],
)
def test_describe_cadence(days: int, phrase: str) -> None:
    assert describe_cadence(days) == phrase


def test_own_cadence_beats_the_tags_the_shortest_tag_wins_and_the_default_comes_last() -> None:
    tags = {"investors": 14, "friends": 7, "book club": None}
    assert shortest_cadence(tags.values()) == 7
    assert shortest_cadence([None, None]) is None
    assert effective_cadence(90, 7, 30) == 90
    assert effective_cadence(None, 7, 30) == 7
    assert effective_cadence(None, None, 30) == 30
    assert cadence_source(90, tags) == "own"
    assert cadence_source(None, tags) == "tag:friends"
    assert cadence_source(None, {"b": 7, "a": 7}) == "tag:a"  # a tie: the first by name
    assert cadence_source(None, {"book club": None}) == "default"
    assert cadence_source(None, {}) == "default"


def test_the_cadence_says_where_it_comes_from() -> None:
    assert describe_effective_cadence(14, "tag:investors") == "every 2 weeks (from tag investors)"
    assert describe_effective_cadence(30, "default") == "every 30 days (default)"
    assert describe_effective_cadence(7, "own") == "every week"
    assert [parse_optional_cadence(text) for text in ("", " none ", "Default", "2w")] == [
        None,
        None,
        None,
        14,
    ]

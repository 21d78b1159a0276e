"""Dates typed by the user are ISO ``YYYY-MM-DD``, checked against the calendar."""

from __future__ import annotations

from datetime import date

import pytest

from netdeck.domain.dates import days_ago_phrase, parse_date
from netdeck.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2026-03-14", date(2026, 3, 14), id="iso"),
        pytest.param(" 2026-03-14\n", date(2026, 3, 14), id="surrounding-whitespace"),
        pytest.param("2024-02-29", date(2024, 2, 29), id="leap-day"),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", "expected YYYY-MM-DD", id="empty"),
        pytest.param("14/03/2026", "expected YYYY-MM-DD", id="day-first"),
        pytest.param("2026-3-14", "expected YYYY-MM-DD", id="no-zero-padding"),
        pytest.param("yesterday", "expected YYYY-MM-DD", id="word"),
        pytest.param("2026-03-14T10:00", "expected YYYY-MM-DD", id="with-time"),
        pytest.param("20260314", "expected YYYY-MM-DD", id="basic-format"),
        pytest.param("2026-02-30", "no such day", id="february-30"),
        pytest.param("2025-02-29", "no such day", id="not-a-leap-year"),
        pytest.param("2026-13-01", "no such day", id="month-13"),
    ],
)
def test_bad_dates_are_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_date(text)


@pytest.mark.parametrize(
    ("days", "phrase"),
    [(0, "today"), (1, "yesterday"), (5, "5 days ago"), (-1, "tomorrow"), (-3, "in 3 days")],
    ids=["0", "1", "5", "-1", "-3"],
)
def test_days_ago_phrase(days: int, phrase: str) -> None:
    assert days_ago_phrase(days) == phrase

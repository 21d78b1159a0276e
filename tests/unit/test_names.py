"""Full names: cleaned, split into first and last, refused when empty."""

from __future__ import annotations

import pytest

from netdeck.domain.errors import InvalidInput
from netdeck.domain.names import clean_name, first_and_last, name_key, split_name


@pytest.mark.parametrize(
    ("full", "first", "last"),
    [
        pytest.param("Greg Alvarez Diaz", "Greg", "Alvarez Diaz", id="two-word-last-name"),
        pytest.param("  Greg \t Alvarez  ", "Greg", "Alvarez", id="messy-whitespace"),
        pytest.param("Cher", "Cher", "", id="one-word"),
        pytest.param("Zoë O'Brien-Ng", "Zoë", "O'Brien-Ng", id="accents-and-punctuation"),
    ],
)
def test_split_name(full: str, first: str, last: str) -> None:
    assert split_name(full) == (first, last)


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"], ids=["empty", "spaces", "tab-newline"])
def test_empty_names_are_refused(blank: str) -> None:
    with pytest.raises(InvalidInput, match="name must not be empty"):
        clean_name(blank)
    with pytest.raises(InvalidInput, match="name must not be empty"):
        split_name(blank)


def test_clean_name_collapses_whitespace() -> None:
    assert clean_name("  Ana   María\tLópez ") == "Ana María López"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        pytest.param("Jane Doe", "jane  DOE", id="case-and-spaces"),
        pytest.param("STRASSE", "straße", id="unicode-casefold"),
    ],
)
def test_name_key_matches_spellings(one: str, other: str) -> None:
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param(("Greg Alvarez", "", ""), ("Greg", "Alvarez"), id="neither-given-split"),
        pytest.param(("Greg Alvarez", " Greg ", ""), ("Greg", ""), id="first-only-kept"),
        pytest.param(
            ("G. A.", "Gregory", "Alvarez  Diaz"), ("Gregory", "Alvarez Diaz"), id="both-kept"
        ),
    ],
)
def test_first_and_last(given: tuple[str, str, str], expected: tuple[str, str]) -> None:
    assert first_and_last(*given) == expected

"""Search narrowing: when a later search can look only among an earlier one's matches."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netdeck.domain.search import narrows, search_terms


def finds(query: str, text: str) -> bool:
    """The contact list's rule: the text holds every word of the query."""
    return all(term in text.casefold() for term in search_terms(query))


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        ("sm", "smi", True),  # typing on
        ("sm", "smith", True),
        ("ann", "ann acme", True),  # a word added
        ("acme ann", "anna", False),  # a word dropped: finds more
        ("smith", "smit", False),  # backspace: finds more
        ("ann", "jo", False),  # something else
        ("", "anything", True),  # everyone, narrowed
        ("Sm", "SMITH", True),  # case does not matter
        ("mi sm", "smith", True),  # both earlier words are in "smith"
    ],
)
def test_narrows(earlier, later, expected):
    assert narrows(earlier, later) is expected


words = st.text(alphabet="abcsmithé ", max_size=12)


@given(earlier=words, later=words, text=st.text(alphabet="abcsmithé |", max_size=30))
def test_a_narrower_search_finds_nothing_the_earlier_one_missed(earlier, later, text):
    if narrows(earlier, later) and finds(later, text):
        assert finds(earlier, text)

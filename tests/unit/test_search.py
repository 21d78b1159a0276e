"""Search: the one folding rule (accents, case, punctuation), the folded text a
contact is found by, and when a later search can look only among an earlier one's
matches."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netdeck.domain.search import (
    INTERACTION_NOTES_AT_MOST,
    finds,
    fold,
    folded_name_of,
    narrows,
    search_terms,
    search_text_for,
)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("zoe", "Zoë Lambert"),
        ("jose", "José Ruiz"),
        ("bjorn", "Björn Ek"),
        ("garcia", "Ana García-Núñez"),
        ("nunez", "Ana García-Núñez"),
        ("garcia nunez", "Ana García-Núñez"),
        ("garcia-nunez", "Ana García-Núñez"),
        ("García-Núñez", "Ana Garcia Nunez"),
        ("GARCÍA", "Ana García-Núñez"),
        ("strasse", "Jonas Straße"),
        ("STRASSE", "Jonas Straße"),
        ("lukasz", "Łukasz Wójcik"),
        ("odegard", "Øyvind Ødegård"),
        ("aesa", "Æsa Berg"),
        ("obrien", "Siobhán O'Brien"),
        ("o'brien", "Siobhán O’Brien"),
        ("o brien", "Siobhán O'Brien"),
        ("istanbul", "Deniz İstanbul"),
        ("fine", "ﬁne Arts"),
    ],
)
def test_people_are_found_as_people_type_them(typed: str, name: str) -> None:
    assert finds(typed, search_text_for(name))


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Zoë", "zoe"),
        ("García-Núñez", "garcia nunez"),
        ("  J.R.R.  Tolkien ", "j r r tolkien"),
        ("zoe@example.com", "zoe example com"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("Œuvre Þór", "oeuvre thor"),
        ("㎁", "na"),  # a compatibility form spelling a capital
        ("?!", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_keeps_other_scripts_and_pictographs() -> None:
    assert fold("Владимир 🚀 東京") == "владимир 🚀 東京"


def test_folding_any_one_character_twice_changes_nothing() -> None:
    """Every assigned code point, one at a time: the rule is a fixed point everywhere
    (unassigned, private-use and surrogate ones all fold to nothing)."""
    assigned = (chr(code) for code in range(sys.maxunicode + 1))
    every = [ch for ch in assigned if unicodedata.category(ch) not in {"Cn", "Co", "Cs"}]
    assert [ch for ch in every if fold(fold(ch)) != fold(ch)] == []


@given(st.text())
def test_folding_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text(min_size=1), st.data())
def test_a_name_is_found_by_any_part_of_itself(name: str, data: st.DataObject) -> None:
    text = search_text_for(name, "Acme", notes="met at a meetup")
    folded = fold(name)
    start = data.draw(st.integers(0, len(folded)))
    end = data.draw(st.integers(start, len(folded)))
    assert finds(folded[start:end], text)
    start = data.draw(st.integers(0, len(name)))
    end = data.draw(st.integers(start, len(name)))
    assert finds(name[start:end], text)  # as typed, unfolded


@given(st.text(), st.text())
def test_the_name_comes_first(name: str, company: str) -> None:
    assert folded_name_of(search_text_for(name, company, notes="x | y")) == fold(name)


def test_search_text_holds_what_the_user_wrote_each_word_once() -> None:
    text = search_text_for(
        "Ann Lee",
        "Acme Robotics",
        "CTO, Robotics",
        ["ann.lee@acme.example"],
        ["mba"],
        how_we_met="PyCon Lisboa",
        notes="Hiring in Q3",
        ask_about="her marathon",
        interaction_notes=["talked about Rust", "talked about Go", ""],
    )
    assert text == (
        "ann lee | acme robotics cto example mba pycon lisboa hiring in q3 her marathon"
        " talked about rust go"
    )


def test_interaction_notes_are_bounded_newest_first() -> None:
    notes = [f"note{number} " + f"word{number}" * 20 for number in range(100)]
    text = search_text_for("Ann", interaction_notes=notes)
    assert finds("note0", text)
    assert finds("note8", text)  # 9 notes of 108 characters fit, and the next one's name
    assert not finds("word9", text)
    assert not finds("note10", text)
    assert len(text) <= len("ann | ") + INTERACTION_NOTES_AT_MOST


@given(
    st.lists(st.text(), max_size=5),
    st.lists(st.text(), max_size=5),
    st.text(max_size=8),
)
def test_a_word_of_any_field_or_note_is_found(
    fields: list[str], notes: list[str], typed: str
) -> None:
    """Keeping each word once finds exactly what the fields and notes joined would."""
    text = search_text_for("Ann", *fields[:2], tags=fields[2:], interaction_notes=notes)
    everything = " | ".join(fold(part) for part in ["Ann", *fields, *notes])
    assert finds(typed, text) == finds(typed, everything)


def test_search_words_are_folded() -> None:
    assert search_terms("  Zoë  García-Núñez ") == ["zoe", "garcia", "nunez"]


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
        ("jos", "José", True),  # accents do not matter
        ("garcia-n", "garcia nunez", True),  # nor punctuation
    ],
)
def test_narrows(earlier: str, later: str, expected: bool) -> None:
    assert narrows(earlier, later) is expected


words = st.text(alphabet="abcsmithéÉ-' ", max_size=12)


@given(earlier=words, later=words, name=st.text(alphabet="abcsmithéÉ-' |", max_size=30))
def test_a_narrower_search_finds_nothing_the_earlier_one_missed(
    earlier: str, later: str, name: str
) -> None:
    text = search_text_for(name)
    if narrows(earlier, later) and finds(later, text):
        assert finds(earlier, text)


def test_tags_count_by_name_whatever_order_they_come_in() -> None:
    assert search_text_for("Ann", tags=["python", "mentor"]) == search_text_for(
        "Ann", tags=["mentor", "python"]
    )

"""The duplicate rules: which pairs, why, in what order; the merge's stage order and text."""

from __future__ import annotations

import pytest

from netdeck.domain.channels import ChannelKind
from netdeck.domain.duplicates import (
    LARGEST_BLOCK,
    MERGE_STAGE_ORDER,
    Certainty,
    Person,
    find_duplicates,
    joined_text,
    more_advanced,
)
from netdeck.domain.search import fold
from netdeck.domain.stages import Stage


def person(contact_id: int, name: str, company: str = "") -> Person:
    return Person(contact_id, name.casefold(), fold(name), fold(company))


def pairs(people: list[Person], **options: object) -> list[tuple[int, int, Certainty, tuple]]:
    return [
        (p.low_id, p.high_id, p.certainty, p.why)
        for p in find_duplicates(people, **options)  # type: ignore[arg-type]
    ]


def test_the_same_name_folded_is_a_pair_whatever_the_accents_case_and_punctuation() -> None:
    people = [
        person(1, "José García-Núñez"),
        person(2, "jose garcia nunez"),
        person(3, "Jo Garcia"),
    ]
    assert pairs(people, address_groups=[]) == [(1, 2, Certainty.SAME_NAME, ("same name",))]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Jon Smith", "John Smith", True),
        ("Smith John", "John Smith", True),  # the same words in another order
        ("J. Smith", "John Smith", True),
        ("J Smith", "Jane Smith", True),
        ("K. Smith", "John Smith", False),
        ("Joan Smyth", "John Smith", False),
        ("Ann Lee", "Bob Ray", False),
    ],
)
def test_similar_names_at_one_company(a: str, b: str, expected: bool) -> None:
    found = pairs([person(1, a, "Acme Inc."), person(2, b, "ACME inc")], address_groups=[])
    similar = [(1, 2, Certainty.SIMILAR_NAME, ("similar name at the same company",))]
    assert found == (similar if expected else [])


def test_similar_names_at_different_or_no_companies_are_not_pairs() -> None:
    people = [person(1, "Jon Smith", "Acme"), person(2, "John Smith", "Globex")]
    people += [person(3, "Jane Doe"), person(4, "Jan Doe")]
    assert pairs(people, address_groups=[]) == []


def test_an_address_pair_comes_first_and_carries_every_reason() -> None:
    people = [
        person(1, "Ann Lee", "Acme"),
        person(2, "Ann Lee", "Acme"),
        person(3, "Zed Young"),
        person(4, "Zed Young"),
        person(5, "Bo Ng", "Initech"),
        person(6, "Bo Nguyen"),
    ]
    groups = [(ChannelKind.EMAIL, [6, 5]), (ChannelKind.WEBSITE, [3, 4])]
    assert pairs(people, address_groups=groups) == [
        (5, 6, Certainty.SAME_ADDRESS, ("same e-mail",)),
        (1, 2, Certainty.SAME_NAME, ("same name",)),
        (3, 4, Certainty.SAME_NAME, ("same name",)),  # a shared website is no evidence
    ]
    groups = [(ChannelKind.PHONE, [1, 2])]
    assert pairs(people[:2], address_groups=groups) == [
        (1, 2, Certainty.SAME_ADDRESS, ("same phone", "same name"))
    ]


def test_pairs_marked_not_the_same_are_left_out() -> None:
    people = [person(1, "Ann Lee"), person(2, "Ann Lee"), person(3, "Ann Lee")]
    assert [p[:2] for p in pairs(people, address_groups=[], not_the_same={(1, 3)})] == [
        (1, 2),
        (2, 3),
    ]


def test_a_block_over_the_limit_gives_no_pairs() -> None:
    many = [person(n, "John Smith") for n in range(1, LARGEST_BLOCK + 2)]
    assert pairs(many, address_groups=[]) == []
    inbox = [(ChannelKind.EMAIL, list(range(1, LARGEST_BLOCK + 2)))]
    assert pairs([], address_groups=inbox) == []
    assert len(pairs(many[:LARGEST_BLOCK], address_groups=[])) == 66  # 12 people, 66 pairs


def test_the_more_advanced_stage_wins_a_merge() -> None:
    assert MERGE_STAGE_ORDER[0] is Stage.ARCHIVED and MERGE_STAGE_ORDER[-1] is Stage.ACTIVE
    assert set(MERGE_STAGE_ORDER) == set(Stage)
    assert more_advanced(Stage.UNSORTED, Stage.CONNECTED) is Stage.CONNECTED
    assert more_advanced(Stage.ACTIVE, Stage.REQUESTED) is Stage.ACTIVE
    assert more_advanced(Stage.ARCHIVED, Stage.DORMANT) is Stage.DORMANT


@pytest.mark.parametrize(
    ("kept", "other", "joined"),
    [
        ("likes chess", "two kids", "likes chess\n\ntwo kids"),
        ("", "two kids", "two kids"),
        ("likes chess", "  ", "likes chess"),
        ("likes chess", "likes chess", "likes chess"),
    ],
)
def test_free_text_is_joined_keeps_first(kept: str, other: str, joined: str) -> None:
    assert joined_text(kept, other) == joined


def test_two_different_linkedin_profiles_are_two_people_whatever_their_names() -> None:
    """As on import: a name alone does not pair people LinkedIn knows as two; a shared
    address still does, and one profile on one side only is no contradiction."""
    people = [
        Person(1, "greg alvarez", "greg alvarez", "northwind labs"),
        Person(2, "greg alvarez", "greg alvarez", "northwind labs"),
        Person(3, "greg alvarez", "greg alvarez", "northwind labs"),
    ]
    profiles = {1: ["linkedin.com/in/greg-a"], 2: ["linkedin.com/in/greg-b"]}

    pairs = find_duplicates(people, [], profiles=profiles)
    assert {(p.low_id, p.high_id) for p in pairs} == {(1, 3), (2, 3)}

    shared = [(ChannelKind.EMAIL, [1, 2])]
    pairs = find_duplicates(people, shared, profiles=profiles)
    assert (1, 2) in {(p.low_id, p.high_id) for p in pairs}

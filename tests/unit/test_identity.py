"""Who an imported row is: the order of the keys, the folded name, contradictions."""

from __future__ import annotations

from netdeck.domain.identity import IdentityKeys, IdentityMatch, MatchedBy, match_identity
from netdeck.domain.search import fold


def keys(name: str, company: str = "", **addresses: set[str]) -> IdentityKeys:
    return IdentityKeys(
        name=fold(name),
        company=fold(company),
        **{kind: frozenset(values) for kind, values in addresses.items()},
    )


URL_A = "https://www.linkedin.com/in/ann-a"
URL_B = "https://www.linkedin.com/in/ann-b"


def test_the_keys_are_tried_in_order_linkedin_email_phone_x_then_name() -> None:
    row = keys(
        "Ann Lee", linkedin={URL_A}, emails={"ann@x.example"}, phones={"+15550100"}, x={"@ann"}
    )
    people = [
        (1, keys("Ann Lee")),
        (2, keys("Ann L", x={"@ann"})),
        (3, keys("Ann L", phones={"+15550100"})),
        (4, keys("Ann L", emails={"ann@x.example"})),
        (5, keys("Someone", linkedin={URL_A})),
    ]
    assert match_identity(row, people) == IdentityMatch(5, MatchedBy.LINKEDIN)
    assert match_identity(row, people[:4]) == IdentityMatch(4, MatchedBy.EMAIL)
    assert match_identity(row, people[:3]) == IdentityMatch(3, MatchedBy.PHONE)
    assert match_identity(row, people[:2]) == IdentityMatch(2, MatchedBy.X)
    assert match_identity(row, people[:1]) == IdentityMatch(1, MatchedBy.NAME)


def test_a_different_linkedin_url_is_someone_else_whatever_else_is_shared() -> None:
    row = keys("Ann Lee", linkedin={URL_A}, emails={"ann@x.example"})
    other = keys("Ann Lee", linkedin={URL_B}, emails={"ann@x.example"})
    assert match_identity(row, [(7, other)]) == IdentityMatch(None)


def test_the_folded_name_matches_across_accents_case_and_punctuation() -> None:
    row = keys("jose garcia", "acme")
    assert match_identity(row, [(3, keys("José García", "ACME"))]) == IdentityMatch(
        3, MatchedBy.NAME
    )
    assert match_identity(keys("O'Brien, Zoë"), [(4, keys("obrien zoe"))]).by is MatchedBy.NAME


def test_a_name_with_a_contradiction_is_not_guessed_but_listed() -> None:
    row = keys("Ann Lee", "Acme", emails={"ann@acme.example"})
    assert match_identity(row, [(1, keys("Ann Lee", "Globex"))]) == IdentityMatch(
        None, possible_duplicates=(1,)
    )
    assert match_identity(row, [(1, keys("Ann Lee", emails={"ann@home.example"}))]) == (
        IdentityMatch(None, possible_duplicates=(1,))
    )
    # One side without a company, or without an e-mail: nothing contradicts.
    assert match_identity(row, [(1, keys("Ann Lee"))]).by is MatchedBy.NAME
    phones = keys("Ann Lee", phones={"+15550100"})
    assert match_identity(phones, [(1, keys("Ann Lee", phones={"+15550199"}))]).contact_id is None


def test_two_people_with_the_name_are_possible_duplicates_unless_one_disagrees() -> None:
    row = keys("Ann Lee", "Acme")
    both = [(2, keys("Ann Lee")), (1, keys("ann lee"))]
    assert match_identity(row, both) == IdentityMatch(None, possible_duplicates=(1, 2))
    one_elsewhere = [(2, keys("Ann Lee", "Globex")), (1, keys("ann lee", "acme"))]
    assert match_identity(row, one_elsewhere) == IdentityMatch(1, MatchedBy.NAME)


def test_different_profiles_are_never_listed_as_possible_duplicates() -> None:
    row = keys("Wei Chen", linkedin={URL_A})
    assert match_identity(row, [(1, keys("Wei Chen", linkedin={URL_B}))]) == IdentityMatch(None)


def test_a_row_already_there_word_for_word_is_that_person_even_when_ambiguous() -> None:
    row = keys("Ann Lee", "Acme")
    twins = [(1, keys("Ann Lee", "Acme")), (2, keys("Ann Lee", "Acme"))]
    assert match_identity(row, twins) == IdentityMatch(1, MatchedBy.NAME)
    # Two people the row cannot tell apart, each with more than the row says: not guessed.
    profiles = [
        (1, keys("Ann Lee", "Acme", linkedin={URL_A})),
        (2, keys("Ann Lee", "Acme", linkedin={URL_B})),
    ]
    assert match_identity(row, profiles) == IdentityMatch(None, possible_duplicates=(1, 2))


def test_several_people_sharing_the_key_give_the_first_added() -> None:
    row = keys("Ann", emails={"a@x.example"})
    people = [(9, keys("Ann", emails={"a@x.example"})), (4, keys("Ann L", emails={"a@x.example"}))]
    assert match_identity(row, people) == IdentityMatch(4, MatchedBy.EMAIL)


def test_no_name_and_no_keys_match_nobody() -> None:
    assert match_identity(keys(""), [(1, keys(""))]) == IdentityMatch(None)


def test_a_name_another_row_of_the_file_could_be_too_is_not_enough() -> None:
    deck = [(1, keys("Noah Fischer", "Northwind", emails={"noah@x.example"}))]
    first = keys("Noah Fischer", "Northwind", linkedin={URL_A})
    second = keys("Noah Fischer", "Northwind", linkedin={URL_B}, emails={"noah@x.example"})
    assert match_identity(first, deck, [second]) == IdentityMatch(None, possible_duplicates=(1,))
    assert match_identity(second, deck, [first]) == IdentityMatch(1, MatchedBy.EMAIL)
    # A namesake elsewhere (another company) or the same row twice does not count.
    elsewhere = keys("Noah Fischer", "Globex", linkedin={URL_B})
    assert match_identity(first, deck, [elsewhere, first]) == IdentityMatch(1, MatchedBy.NAME)


def test_an_address_under_a_name_sharing_no_word_is_not_guessed() -> None:
    """An office phone or a shared inbox: Bob Jones is not Alice Smith."""
    alice = keys("Alice Smith", "acme", phones={"+14155550100"})
    bob = keys("Bob Jones", "acme", phones={"+14155550100"}, emails={"bob@acme.example"})
    assert match_identity(bob, [(1, alice)]) == IdentityMatch(None, possible_duplicates=(1,))
    gregory = keys("Gregory Alvarez", emails={"greg@x.example"})
    greg = keys("Greg Alvarez", emails={"greg@x.example"})
    assert match_identity(gregory, [(2, greg)]) == IdentityMatch(2, MatchedBy.EMAIL)


def test_among_namesakes_only_the_same_company_decides() -> None:
    """Two John Smiths, one without a company: a row from Globex is neither of them."""
    deck = [(1, keys("John Smith")), (2, keys("John Smith", "acme"))]
    row = keys("John Smith", "globex", emails={"js@globex.example"})
    assert match_identity(row, deck) == IdentityMatch(None, possible_duplicates=(1, 2))
    assert match_identity(keys("John Smith", "acme"), deck) == IdentityMatch(2, MatchedBy.NAME)

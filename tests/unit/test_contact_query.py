"""The contact-list query: what the user typed is normalised once, so equal lists are
equal queries; the bulk rule and the description read from it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from netdeck.domain.contact_query import ContactQuery, ContactSort
from netdeck.domain.errors import InvalidInput
from netdeck.domain.stages import Stage


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param({}, ContactQuery(), id="nothing-is-everyone"),
        pytest.param({"search": "   "}, ContactQuery(), id="blank-search-is-none"),
        pytest.param({"search": None}, ContactQuery(), id="no-search"),
        pytest.param({"search": " ann "}, ContactQuery(search=" ann "), id="search-kept-as-typed"),
        pytest.param({"stage": "Dormant"}, ContactQuery(stage=Stage.DORMANT), id="stage-any-case"),
        pytest.param({"stage": ""}, ContactQuery(), id="blank-stage-is-none"),
        pytest.param({"tag": " Python  Dev "}, ContactQuery(tag="python dev"), id="tag-cleaned"),
        pytest.param({"tag": ""}, ContactQuery(), id="empty-tag-is-none"),
        pytest.param({"company": "  "}, ContactQuery(), id="blank-company-is-none"),
        pytest.param(
            {"company": "  Acme   Rockets "}, ContactQuery(company="Acme Rockets"), id="company"
        ),
        pytest.param(
            {"sort": "next-due"}, ContactQuery(sort=ContactSort.NEXT_DUE), id="sort-by-name"
        ),
        pytest.param(
            {"sort": "Last-Interaction"},
            ContactQuery(sort=ContactSort.LAST_INTERACTION),
            id="sort-any-case",
        ),
    ],
)
def test_from_text_normalises(given: dict[str, str | None], expected: ContactQuery) -> None:
    assert ContactQuery.from_text(**given) == expected


def test_a_query_is_normalised_however_it_is_built() -> None:
    query = ContactQuery(search=" \t", tag="MBA", company=" acme ")

    assert (query.search, query.tag, query.company) == ("", "mba", "acme")
    assert replace(query, company="   ").company is None


@pytest.mark.parametrize(
    ("given", "message"),
    [
        pytest.param({"stage": "friends"}, "unknown stage 'friends'", id="stage"),
        pytest.param({"sort": "age"}, "unknown sort 'age'", id="sort"),
        pytest.param({"tag": "   "}, "tag must not be empty", id="blank-tag"),
        pytest.param({"tag": "x" * 61}, "too long", id="long-tag"),
    ],
)
def test_unknown_or_bad_text_is_refused(given: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        ContactQuery.from_text(**given)


@pytest.mark.parametrize(
    ("query", "scoped"),
    [
        pytest.param(ContactQuery(), False, id="everyone"),
        pytest.param(ContactQuery(search="ann", stage=Stage.UNSORTED), False, id="search-stage"),
        pytest.param(ContactQuery(tag="mba"), True, id="tag"),
        pytest.param(ContactQuery(company="acme"), True, id="company"),
        pytest.param(ContactQuery(company="  "), False, id="blank-company"),
    ],
)
def test_bulk_actions_need_a_tag_or_a_company(query: ContactQuery, scoped: bool) -> None:
    assert query.has_bulk_scope is scoped


def test_describe_says_the_filters_in_words() -> None:
    query = ContactQuery.from_text(tag="MBA", company="acme", stage="unsorted", search="ann")

    assert query.describe() == (
        "tagged mba at a company matching 'acme' in stage unsorted matching 'ann'"
    )
    assert ContactQuery(tag="mba", sort=ContactSort.NEXT_DUE).describe() == "tagged mba"

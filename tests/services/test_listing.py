"""Listing contacts: search, filters, sorts and paging."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from netdeck.domain.contact_query import ContactQuery, ContactSort
from netdeck.domain.errors import InvalidInput
from netdeck.domain.settings import Settings
from netdeck.services.contact_list import contact_summaries, count_contacts, list_contacts
from netdeck.services.contacts import ContactFields, edit_contact, get_contact
from netdeck.services.schedule import change_stage, log_interaction
from netdeck.services.views import ContactDetail
from netdeck.store.database import Database
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

Add = Callable[..., ContactDetail]


@pytest.fixture
def book(add: Add, database: Database, today: date, settings: Settings) -> None:
    """Five people with different stages, companies, tags and histories."""
    add(
        "Jane Doe",
        company="Acme Robotics",
        title="CTO",
        email=["jane@acme.example"],
        tags=["python", "mentor"],
    )
    add("Raj Patel", company="Globex", title="Data Scientist", tags=["python"], stage="connected")
    add("Zoë Ørsted", company="Helio Energy", title="Founder", stage="dormant", tags=["climate"])
    add("ann lee", company="50% Off Ltd", stage="prospect")
    add("Bob Stone", title="Robotics Engineer", x=["@bobstone"], stage="requested")
    with database.writing() as session:
        for name, on in [("Jane Doe", date(2026, 11, 20)), ("Zoë Ørsted", date(2025, 1, 10))]:
            contact = next(
                get_contact(session, c.id)
                for c in list_contacts(session, ContactQuery(search=name))
            )
            log_interaction(session, contact, today=today, settings=settings, on=on)
        # Talking to Zoë made her active again; she stays let go of for now.
        zoe = get_contact(session, list_contacts(session, ContactQuery(search="zoë"))[0].id)
        change_stage(zoe, "dormant", today=today, settings=settings)


#: What pages a list, apart from the query.
PAGING = ("limit", "offset")


def query_and_paging(given: dict[str, object]) -> tuple[ContactQuery, dict[str, object]]:
    """The query (from text, as a user gives it) and the paging keywords among ``given``."""
    paging = {key: value for key, value in given.items() if key in PAGING}
    text = {key: value for key, value in given.items() if key not in PAGING}
    return ContactQuery.from_text(**text), paging  # type: ignore[arg-type]


def listed(database: Database, **given: object) -> list[str]:
    query, paging = query_and_paging(given)
    with database.reading() as session:
        return [c.name for c in list_contacts(session, query, **paging)]  # type: ignore[arg-type]


def counted(database: Database, **given: object) -> int:
    query, _paging = query_and_paging(given)
    with database.reading() as session:
        return count_contacts(session, query)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param(
            {}, ["ann lee", "Bob Stone", "Jane Doe", "Raj Patel", "Zoë Ørsted"], id="all-by-name"
        ),
        pytest.param({"search": "jane"}, ["Jane Doe"], id="name"),
        pytest.param({"search": "ROBOTICS"}, ["Bob Stone", "Jane Doe"], id="company-or-title"),
        pytest.param({"search": "scientist"}, ["Raj Patel"], id="title"),
        pytest.param({"search": "acme.example"}, ["Jane Doe"], id="email"),
        pytest.param({"search": "@bobstone"}, ["Bob Stone"], id="x-handle"),
        pytest.param({"search": "mentor"}, ["Jane Doe"], id="tag"),
        pytest.param({"search": "ørsted"}, ["Zoë Ørsted"], id="non-ascii"),
        pytest.param({"search": "python cto"}, ["Jane Doe"], id="every-word-must-match"),
        pytest.param({"search": "50%"}, ["ann lee"], id="percent-is-literal"),
        # Punctuation is no part of a search (nor a LIKE wildcard): "5_%" is "5".
        pytest.param({"search": "5_%"}, ["ann lee"], id="punctuation-ignored"),
        pytest.param({"search": "zoe orsted"}, ["Zoë Ørsted"], id="accents-folded"),
        pytest.param({"search": "nobody"}, [], id="no-match"),
        pytest.param({"stage": "connected"}, ["Raj Patel"], id="stage"),
        pytest.param({"stage": "Dormant"}, ["Zoë Ørsted"], id="stage-any-case"),
        pytest.param({"tag": "Python"}, ["Jane Doe", "Raj Patel"], id="tag-filter"),
        pytest.param({"tag": "unknown"}, [], id="unknown-tag"),
        pytest.param({"tag": "python", "stage": "connected"}, ["Raj Patel"], id="tag-and-stage"),
        pytest.param({"tag": "python", "search": "globex"}, ["Raj Patel"], id="tag-and-search"),
    ],
)
def test_filters(
    book: None, database: Database, given: dict[str, object], expected: list[str]
) -> None:
    assert listed(database, **given) == expected
    assert counted(database, **given) == len(expected)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        pytest.param(
            ContactSort.NAME,
            ["ann lee", "Bob Stone", "Jane Doe", "Raj Patel", "Zoë Ørsted"],
            id="name-case-insensitive",
        ),
        pytest.param(
            # ann lee due today (prospect), Raj connected today (due in 3 days),
            # Bob requested (14 days), Jane talked on the 20th (30 days); Zoë dormant last.
            ContactSort.NEXT_DUE,
            ["ann lee", "Raj Patel", "Bob Stone", "Jane Doe", "Zoë Ørsted"],
            id="next-due-never-due-last",
        ),
        pytest.param(
            ContactSort.LAST_INTERACTION,
            ["Jane Doe", "Zoë Ørsted", "ann lee", "Bob Stone", "Raj Patel"],
            id="last-interaction-newest-first-never-last",
        ),
    ],
)
def test_sorts(book: None, database: Database, sort: ContactSort, expected: list[str]) -> None:
    assert listed(database, sort=sort) == expected


def test_summary_carries_dates_and_tags(book: None, database: Database) -> None:
    with database.reading() as session:
        (jane,) = list_contacts(session, ContactQuery(search="jane"))

    assert (jane.stage, jane.company, jane.title) == ("active", "Acme Robotics", "CTO")
    assert (jane.last_interaction_on, jane.next_due_on) == (date(2026, 11, 20), date(2026, 12, 20))
    assert jane.tags == ("mentor", "python")


@pytest.mark.parametrize(
    ("limit", "offset", "expected"),
    [
        pytest.param(2, 0, ["ann lee", "Bob Stone"], id="first-page"),
        pytest.param(2, 2, ["Jane Doe", "Raj Patel"], id="second-page"),
        pytest.param(2, 4, ["Zoë Ørsted"], id="last-page"),
        pytest.param(2, 6, [], id="past-the-end"),
        pytest.param(None, 3, ["Raj Patel", "Zoë Ørsted"], id="offset-without-limit"),
    ],
)
def test_paging(
    book: None, database: Database, limit: int | None, offset: int, expected: list[str]
) -> None:
    assert listed(database, limit=limit, offset=offset) == expected
    assert counted(database) == 5


def test_search_follows_edits(
    book: None, database: Database, today: date, settings: Settings
) -> None:
    with database.writing() as session:
        (raj,) = list_contacts(session, ContactQuery(search="raj"))
        edit_contact(
            session,
            get_contact(session, raj.id),
            ContactFields(name="Rajesh Patel", company="Initech", tags=["hiring"]),
            today=today,
            settings=settings,
        )

    assert listed(database, search="initech hiring rajesh") == ["Rajesh Patel"]
    assert listed(database, search="globex") == []
    assert listed(database, tag="python") == ["Jane Doe"]


def test_unknown_stage_filter_is_refused(book: None, database: Database) -> None:
    with pytest.raises(InvalidInput, match="unknown stage"):
        listed(database, stage="friends")


def deck_page(database: Database, today: date, **given: object) -> tuple[list[str], int | None]:
    from netdeck.services.api import DeckApi

    deck = DeckApi(database, lambda: today)
    query, paging = query_and_paging(given)
    rows, total, _every_id = deck.contacts_page(query, **paging)  # type: ignore[arg-type]
    return [row.name for row in rows], total


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param({"search": "robotics"}, (["Bob Stone", "Jane Doe"], 2), id="search"),
        pytest.param(
            {"search": "robotics", "sort": "last-interaction"},
            (["Jane Doe", "Bob Stone"], 2),
            id="sorted",
        ),
        # A search whose page is full comes before its count (DeckApi.search_matches).
        pytest.param({"search": "robotics", "limit": 1}, (["Bob Stone"], None), id="full-page"),
        pytest.param(
            {"search": "robotics", "limit": 1, "offset": 1}, (["Jane Doe"], -1), id="page-2"
        ),
        pytest.param({"limit": 2}, (["ann lee", "Bob Stone"], 5), id="no-search"),
        pytest.param({"search": "zzz"}, ([], 0), id="nothing"),
    ],
)
def test_deck_pages_carry_what_is_known_of_the_total(
    book: None, database: Database, today: date, given: dict[str, object], expected: object
) -> None:
    assert deck_page(database, today, **given) == expected


def names_of(database: Database, ids: list[int]) -> list[str]:
    with database.reading() as session:
        return [summary.name for summary in contact_summaries(session, ids)]


def test_a_search_counts_up_to_the_limit_then_says_more(
    book: None, database: Database, today: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netdeck.services.api import DeckApi

    monkeypatch.setattr("netdeck.services.views.MATCH_COUNT_LIMIT", 2)
    deck = DeckApi(database, lambda: today)
    # Everyone matches "e"; counting stops at limit + 1, which reads as "more than 2".
    assert len(deck.search_matches(ContactQuery(search="e"))) == 3
    assert names_of(database, deck.search_matches(ContactQuery(search="jane"))) == ["Jane Doe"]
    assert names_of(
        database,
        deck.search_matches(ContactQuery.from_text(search="robotics", sort="last-interaction")),
    ) == [
        "Jane Doe",
        "Bob Stone",
    ]


def test_a_narrower_search_looks_only_among_the_earlier_matches(
    book: None, database: Database, today: date
) -> None:
    from netdeck.services.api import DeckApi

    deck = DeckApi(database, lambda: today)
    first = deck.contacts_page(ContactQuery(search="o"), limit=10)
    assert first.every_id is not None and first.total == len(first.every_id) == 5
    narrowed = deck.contacts_page(ContactQuery(search="ob"), limit=10, within=first.every_id)
    assert [row.name for row in narrowed.rows] == ["Bob Stone", "Jane Doe", "Raj Patel"]
    assert narrowed.total == 3 and narrowed.every_id == [row.id for row in narrowed.rows]
    # It is the same as searching everyone, which is what makes narrowing safe.
    assert deck.contacts_page(ContactQuery(search="ob"), limit=10) == narrowed
    # Only among them: a contact outside ``within`` is not found even if it matches.
    bob = narrowed.rows[0].id
    assert [
        r.name for r in deck.contacts_page(ContactQuery(search="ob"), limit=10, within=[bob]).rows
    ] == ["Bob Stone"]


def test_narrowing_among_more_ids_than_one_statement_holds_finds_the_same(
    book: None, database: Database, today: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netdeck.services.api import DeckApi

    deck = DeckApi(database, lambda: today)
    first = deck.contacts_page(ContactQuery(search="o"), limit=10)
    assert first.every_id is not None
    narrowed = deck.contacts_page(ContactQuery(search="ob"), limit=10, within=first.every_id)
    monkeypatch.setattr("netdeck.services.contact_list.IN_LIST_AT_MOST", 2)
    assert (
        deck.contacts_page(ContactQuery(search="ob"), limit=10, within=first.every_id) == narrowed
    )


def test_search_finds_what_the_user_wrote_and_follows_it(
    database: Database, add: Add, today: date
) -> None:
    """How you met, notes and logged interactions' notes are searched, from the moment
    they are written until they are undone; an imported message's text never is."""
    from netdeck.services.api import DeckApi

    deck = DeckApi(database, lambda: today)
    ann = add("Ann Lee", how_we_met="PyCon Lisboa", notes="Plays the oud")
    bob = add("Bob Stone")
    assert listed(database, search="lisboa") == ["Ann Lee"]
    assert listed(database, search="oud") == ["Ann Lee"]
    assert listed(database, search="hiring") == []

    done = deck.mark_done(bob.id, channel="linkedin", kind="meeting", note="He is HIRING in Q3")
    assert listed(database, search="hiring") == ["Bob Stone"]
    assert listed(database, search="hiring q3 bob") == ["Bob Stone"]

    deck.undo(done.undo)
    assert listed(database, search="hiring") == []

    with database.writing() as session:
        contact = get_contact(session, ann.id)
        contact.ask_about = "her marathon"  # "next time, ask about"
        log_interaction(
            session, contact, today=today, settings=Settings(), note="Talk soon!", source="import"
        )
        edit_contact(session, contact, ContactFields(), today=today, settings=Settings())
    assert listed(database, search="marathon") == ["Ann Lee"]
    assert listed(database, search="talk soon") == []  # their words, imported: not searched


def test_search_folds_accents_case_and_punctuation(database: Database, add: Add) -> None:
    for name in ("Zoë Lambert", "José Ruiz", "Björn Ek", "Ana García-Núñez", "Sam O'Brien"):
        add(name)
    for typed, expected in [
        ("zoe", ["Zoë Lambert"]),
        ("jose", ["José Ruiz"]),
        ("bjorn", ["Björn Ek"]),
        ("garcia", ["Ana García-Núñez"]),
        ("nunez", ["Ana García-Núñez"]),
        ("garcia nunez", ["Ana García-Núñez"]),
        ("Garcia-Nunez", ["Ana García-Núñez"]),
        ("JOSÉ", ["José Ruiz"]),
        ("obrien", ["Sam O'Brien"]),
    ]:
        assert listed(database, search=typed) == expected, typed

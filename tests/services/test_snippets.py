"""The snippet library: unique names, edits, removal, templates checked before saving.

A fresh database holds the default snippets (see ``test_drafts.py``); these
tests start from a library the user has emptied, so what they see is theirs.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from netdeck.domain.errors import Conflict, InvalidInput, NotFound, TemplateProblem
from netdeck.services.snippets import add_snippet, edit_snippet, list_snippets, remove_snippet
from netdeck.services.views import SnippetView
from netdeck.store.database import Database

Counts = Callable[[], dict[str, int]]


@pytest.fixture
def database(database: Database) -> Database:
    """A fresh database whose default snippets the user has removed."""
    with database.writing() as session:
        for snippet in list_snippets(session):
            remove_snippet(session, snippet.name)
    return database


def add(database: Database, name: str, **given: str) -> SnippetView:
    fields = {"kind": "check-in", "channel": "any", "body": "Hi {{ first_name }}!", **given}
    with database.writing() as session:
        return add_snippet(session, name=name, **fields)


def library(database: Database) -> list[tuple[str, str, str, str, str]]:
    with database.reading() as session:
        return [(s.name, s.kind, s.channel, s.subject, s.body) for s in list_snippets(session)]


def test_add_cleans_and_stores_the_snippet(database: Database) -> None:
    view = add(
        database,
        "  Coffee   catch-up ",
        kind="Follow-Up",
        channel="EMAIL",
        subject="  Coffee? ",
        body="\n\nHi {{ first_name }},\nfancy a coffee?\n\n",
    )

    assert view.name == "Coffee catch-up"
    assert library(database) == [
        (
            "Coffee catch-up",
            "follow-up",
            "email",
            "Coffee?",
            "Hi {{ first_name }},\nfancy a coffee?",
        )
    ]


def test_library_is_listed_by_kind_then_name(database: Database) -> None:
    add(database, "zeta", kind="check-in")
    add(database, "alpha", kind="thank-you")
    add(database, "beta", kind="check-in")

    assert [row[:2] for row in library(database)] == [
        ("beta", "check-in"),
        ("zeta", "check-in"),
        ("alpha", "thank-you"),
    ]


@pytest.mark.parametrize(
    "duplicate", ["Check in", "check in", "  CHECK   IN  "], ids=["same", "lower", "upper-spaced"]
)
def test_duplicate_name_is_a_conflict_and_writes_nothing(
    database: Database, row_counts: Counts, duplicate: str
) -> None:
    add(database, "Check in", body="original")

    with pytest.raises(Conflict, match="already exists"):
        add(database, duplicate, body="replacement")

    assert row_counts()["snippets"] == 1
    assert library(database)[0][4] == "original"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        pytest.param({"name": "   "}, "name must not be empty", id="empty-name"),
        pytest.param({"name": "x" * 101}, "at most 100", id="long-name"),
        pytest.param({"kind": "greeting"}, "unknown snippet kind", id="bad-kind"),
        pytest.param({"channel": "fax"}, "unknown snippet channel", id="bad-channel"),
        pytest.param({"body": " \n "}, "body must not be empty", id="empty-body"),
    ],
)
def test_bad_snippet_writes_nothing(
    database: Database, row_counts: Counts, given: dict[str, str], message: str
) -> None:
    fields = {"name": "New one", **given}

    with pytest.raises(InvalidInput, match=message):
        add(database, **fields)

    assert row_counts()["snippets"] == 0


def test_edit_changes_the_given_fields(database: Database) -> None:
    add(database, "Check in", kind="check-in", channel="any", subject="", body="Hi!")

    with database.writing() as session:
        view = edit_snippet(
            session, "CHECK IN", new_name="Quarterly check-in", channel="email", subject="Hello"
        )

    assert view.name == "Quarterly check-in"
    assert library(database) == [("Quarterly check-in", "check-in", "email", "Hello", "Hi!")]


def test_edit_may_change_only_the_case_of_the_name(database: Database) -> None:
    add(database, "check in")

    with database.writing() as session:
        edit_snippet(session, "check in", new_name="Check In")

    assert [row[0] for row in library(database)] == ["Check In"]


def test_renaming_onto_another_snippet_is_a_conflict(database: Database) -> None:
    add(database, "Check in")
    add(database, "Thanks", kind="thank-you", body="Thank you!")

    with pytest.raises(Conflict), database.writing() as session:
        edit_snippet(session, "thanks", new_name="CHECK IN", body="changed")

    assert [(row[0], row[4]) for row in library(database)] == [
        ("Check in", "Hi {{ first_name }}!"),
        ("Thanks", "Thank you!"),
    ]


def test_remove(database: Database, row_counts: Counts) -> None:
    add(database, "Check in")
    add(database, "Thanks")

    with database.writing() as session:
        removed = remove_snippet(session, " thanks ")

    assert removed.name == "Thanks"
    assert [row[0] for row in library(database)] == ["Check in"]
    assert row_counts()["snippets"] == 1


@pytest.mark.parametrize(
    "action",
    [
        pytest.param(lambda s: edit_snippet(s, "missing", body="x"), id="edit"),
        pytest.param(lambda s: remove_snippet(s, "missing"), id="remove"),
    ],
)
def test_unknown_snippet_is_not_found(
    database: Database, row_counts: Counts, action: Callable[..., object]
) -> None:
    add(database, "Check in")

    with pytest.raises(NotFound, match="no snippet named 'missing'"), database.writing() as s:
        action(s)

    assert row_counts()["snippets"] == 1


@pytest.mark.parametrize(
    ("given", "message"),
    [
        pytest.param({"body": "Hi {{ first_name }"}, "line 1: unexpected '}'", id="syntax"),
        pytest.param(
            {"body": "Hi,\n\n{{ frist_name }}"},
            "line 3: unknown variable {{ frist_name }}",
            id="unknown-variable",
        ),
        pytest.param(
            {"body": "{{ ''.__class__.__mro__ }}"},
            "line 1: '__class__' is off limits in snippets",
            id="sandbox",
        ),
        pytest.param({"subject": "Hi {% if %}"}, "(in the subject)", id="subject-syntax"),
    ],
)
def test_a_bad_template_is_refused_with_its_line_and_not_saved(
    database: Database, row_counts: Counts, given: dict[str, str], message: str
) -> None:
    with pytest.raises(TemplateProblem) as caught:
        add(database, "New one", **given)

    assert message in str(caught.value)
    assert row_counts()["snippets"] == 0


def test_editing_in_a_bad_template_keeps_the_old_one(database: Database) -> None:
    add(database, "Check in", body="Hi {{ first_name }}!", subject="Hello")

    with pytest.raises(TemplateProblem, match="line 2: "), database.writing() as session:
        edit_snippet(session, "check in", new_name="Renamed", body="Hi\n{{ first_name }")
    with pytest.raises(TemplateProblem, match="in the subject"), database.writing() as session:
        edit_snippet(session, "check in", subject="{{ ''.__class__ }}")

    assert library(database) == [("Check in", "check-in", "any", "Hello", "Hi {{ first_name }}!")]

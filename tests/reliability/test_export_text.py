"""Any text a user stores comes out of every export as data: the CSV export
neutralises formulas and reads back to the text (less the added ``'``), the
vCard export escapes per RFC 6350 and vobject reads back the same text, and the
JSON export holds exactly the stored text.

Each example adds one contact in a session that is never committed, so one
database serves every example.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from netdeck.domain.errors import InvalidInput
from netdeck.importers.netdeck_json import read_netdeck_json
from netdeck.importers.spreadsheet import FORMULA_STARTS
from netdeck.services.contacts import ContactFields, add_contact
from netdeck.services.exporting import contacts_csv, contacts_vcard, export_json
from netdeck.services.settings import load_settings
from netdeck.services.snippets import add_snippet
from netdeck.store.database import Database, open_database
from netdeck.store.models import Contact, Snippet
from tests.conftest import TODAY

#: What people paste: markup, escapes, RTL, emoji with joiners, quotes, separators.
AWKWARD = [
    "[bold]x[/]",
    "[link=http://e.x]y[/link]",
    "\x1b[2Jcleared",
    "مرحبا بالعالم",
    "שלום",
    "👩🏽‍💻 family 👨‍👩‍👧",
    'a,b;c\\d"e',
    "=1+2",
    "@cmd",
    "-3",
    "\ttab",
    "line one\nline two\r\nline three",
]
any_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=120,
) | st.sampled_from(AWKWARD)
PROPERTY = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_database(str(tmp_path_factory.mktemp("export-text") / "netdeck.db"))
    yield database
    database.close()


def _added(database: Database, fields: ContactFields):
    """A session holding one more contact (rolled back on close), or skip the example."""
    session_context = database.reading()
    session = session_context.__enter__()
    try:
        add_contact(session, fields, today=TODAY, settings=load_settings(session))
    except InvalidInput:
        session_context.__exit__(None, None, None)
        assume(False)
    return session_context, session


@PROPERTY
@given(name=any_text, company=any_text, notes=any_text, met=any_text)
def test_csv_export_reads_back_with_formulas_neutralised(
    deck: Database, name: str, company: str, notes: str, met: str
) -> None:
    context, session = _added(
        deck, ContactFields(name=name, company=company, notes=notes, how_we_met=met)
    )
    try:
        text = contacts_csv(session)
        contact = session.query(Contact).one()
        expected = {
            "Name": contact.full_name,
            "Company": contact.company,
            "Notes": contact.notes,
            "How We Met": contact.how_we_met,
        }
    finally:
        context.__exit__(None, None, None)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 1
    for column, value in expected.items():
        cell = rows[0][column]
        assert not cell.startswith(FORMULA_STARTS), f"{column} cell {cell!r} runs as a formula"
        assert cell == ("'" + value if value.startswith(FORMULA_STARTS) else value)


def as_vcard_lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@PROPERTY
@given(name=any_text, company=any_text, title=any_text, notes=any_text)
def test_vcard_export_escapes_and_reads_back(
    deck: Database, name: str, company: str, title: str, notes: str
) -> None:
    import vobject

    context, session = _added(
        deck, ContactFields(name=name, company=company, title=title, notes=notes)
    )
    try:
        text = contacts_vcard(session)
        contact = session.query(Contact).one()
        stored = (contact.full_name, contact.company, contact.title, contact.notes)
    finally:
        context.__exit__(None, None, None)
    cards = list(vobject.readComponents(text))
    assert len(cards) == 1
    card = cards[0]
    # vCard has one line break, \n: a stored \r\n or \r comes back as \n.
    full_name, company, title, notes = (as_vcard_lines(value) for value in stored)
    assert card.fn.value == full_name
    if company:
        assert card.org.value == [company]
    if title:
        assert card.title.value == title
    if notes:
        assert card.note.value == notes
    # No raw line break, comma or semicolon escapes a property value (RFC 6350 §3.4).
    for line in text.split("\r\n"):
        assert "\n" not in line and "\r" not in line


def test_vcard_escapes_per_rfc_6350(deck: Database) -> None:
    context, session = _added(
        deck, ContactFields(name="Pat, Jr.", company="A;B", notes="x,y;z\\w\nnext")
    )
    try:
        text = contacts_vcard(session)
    finally:
        context.__exit__(None, None, None)
    unfolded = text.replace("\r\n ", "")
    assert "\r\nFN:Pat\\, Jr.\r\n" in unfolded
    assert "\r\nORG:A\\;B\r\n" in unfolded
    assert "\r\nNOTE:x\\,y\\;z\\\\w\\nnext\r\n" in unfolded


@PROPERTY
@given(notes=any_text, company=any_text, body=any_text)
def test_json_export_holds_exactly_the_stored_text(
    deck: Database, notes: str, company: str, body: str
) -> None:
    context, session = _added(deck, ContactFields(name="Text Holder", notes=notes, company=company))
    try:
        try:
            add_snippet(session, name="odd", kind="check-in", channel="any", body=body or "Hi")
        except InvalidInput:
            assume(False)
        contact = session.query(Contact).one()
        stored = (contact.notes, contact.company)
        snippet_body = session.query(Snippet).filter(Snippet.name == "odd").one().body
        text = export_json(session)
    finally:
        context.__exit__(None, None, None)
    document = json.loads(text)
    (exported,) = document["contacts"]
    assert (exported["notes"], exported["company"]) == stored
    assert [s["body"] for s in document["snippets"] if s["name"] == "odd"] == [snippet_body]
    parsed = read_netdeck_json(text.encode("utf-8"), today=TODAY)
    assert (parsed.contacts[0].notes, parsed.contacts[0].company) == stored

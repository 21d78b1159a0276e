"""Drafts over a real database: the default snippets, composing for a contact,
re-checking edits, and logging a draft as sent."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from netdeck.demo.fill import fill_demo_database
from netdeck.domain.errors import InvalidInput, NotFound, TemplateProblem
from netdeck.domain.settings import Settings
from netdeck.domain.snippets import SnippetKind
from netdeck.domain.templating import TemplateContext, check_template, render_template
from netdeck.services import actions
from netdeck.services.actions import undo
from netdeck.services.api import DeckApi
from netdeck.services.drafts import Draft, compose_draft, mark_sent, recheck
from netdeck.services.schedule import log_interaction
from netdeck.services.snippets import add_snippet, list_snippets, remove_snippet
from netdeck.services.views import ContactDetail
from netdeck.store import migrate
from netdeck.store.database import Database, open_database
from netdeck.store.models import Contact, Interaction, Snippet
from tests.conftest import DEFAULT_SNIPPETS as DEFAULTS
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

Add = Callable[..., ContactDetail]
GREG_URL = "https://www.linkedin.com/in/greg-ito"


def snippet_rows(path: Path) -> list[tuple[str, str, str]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT name, kind, channel FROM snippets ORDER BY id").fetchall()
    finally:
        connection.close()


def compose(database: Database, contact_id: int, today: date, **given: object) -> Draft:
    settings = given.pop("settings", Settings())
    with database.reading() as session:
        return compose_draft(session, contact_id, today=today, settings=settings, **given)  # type: ignore[arg-type]


def send(database: Database, draft: Draft, today: date, text: str | None = None):
    with database.writing() as session:
        return mark_sent(
            session,
            draft.contact_id,
            text=draft.text if text is None else text,
            snippet_id=draft.snippet.id if draft.snippet else None,
            channel=draft.channel,
            today=today,
            settings=Settings(),
        )


def interactions(database: Database, contact_id: int) -> list[tuple]:
    with database.reading() as session:
        rows = session.execute(
            select(
                Interaction.channel,
                Interaction.kind,
                Interaction.direction,
                Interaction.text_sent,
                Interaction.snippet_id,
            )
            .where(Interaction.contact_id == contact_id)
            .order_by(Interaction.id)
        ).all()
    return [tuple(row) for row in rows]


@pytest.fixture
def greg(add: Add) -> ContactDetail:
    """A prospect to meet on LinkedIn."""
    return add(
        "Greg Ito",
        stage="prospect",
        linkedin=[GREG_URL],
        company="Acme",
        how_we_met="the same MBA program",
    )


@pytest.fixture
def ann(add: Add, database: Database, today: date) -> ContactDetail:
    """An active contact reached by email, last talked 20 days ago about Berlin."""
    detail = add("Ann Lee", email=["ann@example.com"], prefer="email", company="Initech")
    with database.writing() as session:
        contact = session.get(Contact, detail.id)
        assert contact is not None
        log_interaction(
            session,
            contact,
            today=today,
            settings=Settings(),
            note="her move to Berlin",
            on=today - timedelta(days=20),
        )
    return detail


# ---------------------------------------------------------------- the default snippets


def test_a_fresh_database_has_the_default_snippets(database: Database) -> None:
    with database.reading() as session:
        library = list_snippets(session)

    assert sorted(s.name for s in library) == sorted(name for name, *_ in DEFAULTS)
    assert {s.kind for s in library} == {kind.value for kind in SnippetKind}
    for snippet in library:
        check_template(snippet.body)
        check_template(snippet.subject)


def test_default_connection_notes_fit_linkedins_limit_even_for_long_names() -> None:
    long = TemplateContext(
        first_name="Maximiliana-Josephine",
        last_name="Alvarez de la Fuente Okonkwo",
        full_name="Maximiliana-Josephine Alvarez de la Fuente Okonkwo",
        company="Polaris Biotech International Holdings",
        title="Senior Vice President of Research",
        how_we_met="sat next to each other at a conference dinner",
        last_topic="hiring for the platform team in Berlin",
        days_since=400,
        my_name="Samantha Rivera-Okonkwo",
    )
    notes = [body for _, _, channel, _, body in DEFAULTS if channel == "linkedin-note"]
    assert notes
    for body in notes:
        for context in (long, TemplateContext(first_name="Al")):
            rendered = render_template(body, context)
            assert len(rendered.text) <= 200, rendered.text
            assert rendered.unresolved == ()


def test_migrating_from_0001_adds_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    upgrade_to(path, "0001")
    assert snippet_rows(path) == []

    open_database(str(path)).close()

    assert snippet_rows(path) == [(name, kind, channel) for name, kind, channel, *_ in DEFAULTS]
    assert len(list((tmp_path / "backups").iterdir())) == 1  # backed up before the upgrade


def test_migrating_keeps_a_library_the_user_already_has(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    upgrade_to(path, "0001")
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "INSERT INTO snippets (name, kind, channel, subject, body, created_at, updated_at)"
            " VALUES ('mine', 'check-in', 'any', '', 'Hi!', '2026-01-01', '2026-01-01')"
        )
    connection.close()

    open_database(str(path)).close()

    # 0006 and 0011 add their new defaults (Congratulations, Birthday) to any library
    # without one of that name.
    assert snippet_rows(path) == [("mine", "check-in", "any"), DEFAULTS[-2][:3], DEFAULTS[-1][:3]]


def upgrade_to(path: Path, revision: str) -> None:
    from alembic import command

    engine = create_engine(f"sqlite:///{path}")
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_the_demo_database_has_the_default_snippets_even_when_refilled(
    tmp_path: Path, today: date
) -> None:
    path = tmp_path / "demo.db"
    for seed in (1, 2):  # the second run clears the demo's tables and fills them again
        fill_demo_database(
            str(path), contacts=20, interactions_per_contact=2, seed=seed, today=today
        )
        assert [row[0] for row in snippet_rows(path)] == [name for name, *_ in DEFAULTS]


#: sha256 of the demo's sent texts (seed 7, 300 contacts, 4 interactions each), joined by
#: NUL, as rendered before templates had a rendering budget: the budget changes none.
DEMO_TEXTS_SHA256 = "b8ca03f703695086073aea68b4d124829800295969345d2e9930cf36e35da828"


def test_the_demo_sends_the_same_texts_as_before_the_rendering_budget(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    fill_demo_database(
        str(path), contacts=300, interactions_per_contact=4, seed=7, today=date(2026, 11, 25)
    )
    connection = sqlite3.connect(path)
    try:
        texts = [
            row[0]
            for row in connection.execute(
                "SELECT text_sent FROM interactions WHERE text_sent IS NOT NULL ORDER BY id"
            )
        ]
    finally:
        connection.close()
    assert len(texts) == 105
    assert hashlib.sha256("\x00".join(texts).encode()).hexdigest() == DEMO_TEXTS_SHA256


# ---------------------------------------------------------------- composing


def test_a_prospect_gets_a_connection_note_for_linkedin(
    database: Database, greg: ContactDetail, today: date
) -> None:
    draft = compose(database, greg.id, today)

    assert draft.snippet is not None and draft.snippet.name == "Connection request"
    assert (draft.channel, draft.limit, draft.subject) == ("linkedin-note", 200, "")
    assert draft.text == (
        "Hi Greg, I came across your profile (the same MBA program) "
        "and would love to connect and chat a little more."
    )
    assert (draft.address, draft.open_url) == (GREG_URL, GREG_URL)
    assert [(c.code, c.severity, c.message) for c in draft.checks] == [
        ("length", "ok", f"{len(draft.text)}/200 characters"),
        ("note-budget", "ok", "5 of 5 notes left this month"),
    ]
    assert draft.context.first_name == "Greg"


def test_an_active_contact_by_email_gets_a_check_in_with_subject_and_mailto(
    database: Database, ann: ContactDetail, today: date
) -> None:
    draft = compose(database, ann.id, today)

    assert draft.snippet is not None and draft.snippet.name == "Check-in"
    assert (draft.channel, draft.subject, draft.address) == (
        "email",
        "Catching up",
        "ann@example.com",
    )
    assert "our last chat (her move to Berlin)" in draft.text
    assert "at Initech" in draft.text
    assert draft.context.days_since == 20
    assert draft.context.last_topic == "her move to Berlin"
    assert draft.open_url is not None
    assert draft.open_url.startswith("mailto:ann@example.com?subject=Catching%20up&body=Hi%20Ann")
    assert {c.code: c.severity for c in draft.checks} == {"length": "ok", "subject": "ok"}


def test_someone_added_as_active_and_never_talked_to_gets_a_first_message(
    database: Database, add: Add, today: date
) -> None:
    # No conversation yet: a check-in ("I was thinking of our last chat") would embarrass.
    newcomer = add("Bo Chen", stage="active", linkedin=["https://www.linkedin.com/in/bo-chen"])

    draft = compose(database, newcomer.id, today)

    assert draft.snippet is not None and draft.snippet.name == "First message"
    assert draft.snippet.kind == SnippetKind.FIRST_MESSAGE


def test_once_you_have_talked_the_active_contact_gets_the_check_in_again(
    database: Database, add: Add, today: date
) -> None:
    detail = add("Bo Chen", stage="active", linkedin=["https://www.linkedin.com/in/bo-chen"])
    with database.writing() as session:
        contact = session.get(Contact, detail.id)
        assert contact is not None
        log_interaction(session, contact, today=today, settings=Settings(), kind="call")

    draft = compose(database, detail.id, today)

    assert draft.snippet is not None and draft.snippet.kind == SnippetKind.CHECK_IN


def test_a_named_snippet_and_channel_win(
    database: Database, ann: ContactDetail, today: date
) -> None:
    draft = compose(database, ann.id, today, snippet_name="thank you", channel="x-post")

    assert draft.snippet is not None and draft.snippet.name == "Thank you"
    assert (draft.channel, draft.limit, draft.address, draft.subject) == ("x-post", 280, None, "")
    assert draft.open_url is not None and draft.open_url.startswith(
        "https://x.com/intent/tweet?text=Thank%20you%20so%20much%2C%20Ann%21"
    )


def test_unknown_snippet_or_channel_is_refused(
    database: Database, ann: ContactDetail, today: date
) -> None:
    with pytest.raises(NotFound, match="no snippet named 'nope'"):
        compose(database, ann.id, today, snippet_name="nope")
    with pytest.raises(InvalidInput, match="unknown channel 'fax'"):
        compose(database, ann.id, today, channel="fax")
    with pytest.raises(NotFound, match="no contact with id 999"):
        compose(database, 999, today)


def test_empty_variables_and_my_name_are_reported(
    database: Database, add: Add, today: date
) -> None:
    dee = add("Dee Park", stage="prospect", email=["dee@example.com"], prefer="email")

    draft = compose(database, dee.id, today)

    assert draft.snippet is not None and draft.snippet.name == "Intro email"
    assert "(we seem to work on similar things)" in draft.text  # the default filled how_we_met
    assert draft.text.endswith("Best,")
    assert draft.empty == ("my_name",)
    assert ("empty", "warning") in {(c.code, c.severity) for c in draft.checks}

    named = compose(database, dee.id, today, settings=Settings(my_name="Sam Rivera"))
    assert named.text.endswith("Best,\nSam Rivera")
    assert named.subject == "Hello from Sam Rivera"
    assert named.empty == ()


SIGNED = Settings(my_name="Sam Rivera", signature="Sam Rivera\nProduct, Stratus")


def test_an_email_draft_ends_with_the_signature(
    database: Database, ann: ContactDetail, today: date
) -> None:
    plain = compose(database, ann.id, today)
    draft = compose(database, ann.id, today, settings=SIGNED)

    assert draft.channel == "email"
    assert draft.text == plain.text + "\n\nSam Rivera\nProduct, Stratus"
    assert draft.context.signature == "Sam Rivera\nProduct, Stratus"
    assert draft.open_url is not None and draft.open_url.endswith(
        "%0D%0A%0D%0ASam%20Rivera%0D%0AProduct%2C%20Stratus"
    )
    assert draft.empty == ()


def test_a_linkedin_message_is_not_signed_unless_the_snippet_asks(
    database: Database, ann: ContactDetail, today: date
) -> None:
    plain = compose(database, ann.id, today, channel="linkedin-message")
    draft = compose(database, ann.id, today, channel="linkedin-message", settings=SIGNED)
    assert draft.text == plain.text
    assert "Stratus" not in draft.text

    with database.writing() as session:
        add_snippet(
            session,
            name="Signed",
            kind="check-in",
            channel="any",
            body="Hi {{ first_name }}!\n\n{{ signature }}\nPS: ping me",
        )
    for channel in ("linkedin-message", "email"):
        placed = compose(
            database, ann.id, today, snippet_name="signed", channel=channel, settings=SIGNED
        )
        # Where the snippet puts it, once.
        assert placed.text == "Hi Ann!\n\nSam Rivera\nProduct, Stratus\nPS: ping me"


def test_the_last_topic_is_one_short_line_of_a_long_note(
    database: Database, ann: ContactDetail, today: date
) -> None:
    with database.writing() as session:
        contact = session.get(Contact, ann.id)
        assert contact is not None
        log_interaction(
            session,
            contact,
            today=today,
            settings=Settings(),
            note=(
                "Lunch at the Ferry Building.\n"
                "  Talked about her team's hiring plans for the Berlin office\n"
                "and the offsite in March.\n"
                "She asked about my talk.\n"
                "Follow up in two weeks."
            ),
            on=today - timedelta(days=2),
        )

    draft = compose(database, ann.id, today)

    topic = "Lunch at the Ferry Building. Talked about her team's hiring plans for the Berlin"
    assert draft.context.last_topic == topic
    assert f"our last chat ({topic})" in draft.text
    assert "\n" not in draft.context.last_topic


def test_no_snippet_of_the_kind_gives_an_empty_draft(
    database: Database, greg: ContactDetail, today: date
) -> None:
    with database.writing() as session:
        for snippet in list_snippets(session):
            if snippet.kind == "connection-request":
                remove_snippet(session, snippet.name)

    draft = compose(database, greg.id, today)

    assert (draft.snippet, draft.text, draft.channel) == (None, "", "linkedin-note")
    assert draft.checks[0].code == "empty-text"


def test_a_snippet_saved_before_templates_were_checked_fails_clearly(
    database: Database, greg: ContactDetail, today: date
) -> None:
    with database.writing() as session:
        session.add(Snippet(name="Old", kind="connection-request", channel="any", body="{{ 1/0 }}"))

    with pytest.raises(TemplateProblem, match=r"line 1: division by zero \(in snippet 'Old'"):
        compose(database, greg.id, today, snippet_name="old")


# ---------------------------------------------------------------- re-checking edits


def test_recheck_follows_the_users_edits(
    database: Database, ann: ContactDetail, greg: ContactDetail, today: date
) -> None:
    draft = compose(database, greg.id, today)

    longer = recheck(draft, draft.text + " " + "x" * 120, "", note_limit=200)
    assert longer.checks[0].severity == "error"
    assert "over LinkedIn's invitation limit" in longer.checks[0].message
    assert recheck(draft, longer.text, "", note_limit=300).checks[0].severity == "ok"

    placeholder = recheck(draft, "Hi {{ frist_name }}, Greg", "", note_limit=200)
    assert [c.message for c in placeholder.checks if c.code == "unresolved"] == [
        "unknown variable {{ frist_name }}"
    ]
    # Greg's draft says how you met; words the user types are personal too.
    assert "impersonal" not in {c.code for c in draft.checks}
    typed = recheck(draft, "Hello there", "", note_limit=200)
    assert "impersonal" not in {c.code for c in typed.checks}
    assert (draft.text, draft.checks[0].severity) == (compose(database, greg.id, today).text, "ok")

    email = compose(database, ann.id, today)
    edited = recheck(email, "Hi Ann,\nsee you", "Lunch?", note_limit=200)
    assert (
        edited.open_url == "mailto:ann@example.com?subject=Lunch%3F&body=Hi%20Ann%2C%0D%0Asee%20you"
    )
    assert edited.subject == "Lunch?"


# ---------------------------------------------------------------- sending


def test_sending_a_connection_note_logs_it_and_makes_the_prospect_requested(
    database: Database, greg: ContactDetail, today: date, stored
) -> None:
    draft = compose(database, greg.id, today)

    outcome = send(database, draft, today)

    assert draft.snippet is not None
    assert interactions(database, greg.id) == [
        ("linkedin", "connection-request", "outbound", draft.text, draft.snippet.id)
    ]
    contact = stored(greg.id)
    assert (contact.stage, contact.stage_since) == ("requested", today)
    assert contact.next_due_on == today + timedelta(days=14)
    assert (outcome.change.stage, outcome.change.next_due_on) == ("requested", contact.next_due_on)

    with database.writing() as session:
        actions.undo(session, outcome.undo)
    assert interactions(database, greg.id) == []
    assert stored(greg.id).stage == "prospect"


def test_sending_an_edited_email_logs_the_exact_text_as_a_message(
    database: Database, ann: ContactDetail, today: date, stored
) -> None:
    draft = compose(database, ann.id, today)

    send(database, draft, today, text="Hi Ann,\nlunch on Friday?")

    assert interactions(database, ann.id)[-1] == (
        "email",
        "message",
        "outbound",
        "Hi Ann,\nlunch on Friday?",
        draft.snippet.id if draft.snippet else None,
    )
    contact = stored(ann.id)
    assert (contact.stage, contact.last_interaction_on) == ("active", today)


def test_the_snippet_just_sent_is_not_offered_again_and_warns_when_picked(
    database: Database, ann: ContactDetail, today: date
) -> None:
    first = compose(database, ann.id, today)
    with database.writing() as session:
        add_snippet(
            session, name="Check-in 2", kind="check-in", channel="any", body="Hi {{ first_name }}"
        )
    send(database, first, today)

    second = compose(database, ann.id, today)
    assert second.snippet is not None and second.snippet.name == "Check-in 2"
    assert not second.repeats_last_snippet

    again = compose(database, ann.id, today, snippet_name="Check-in")
    assert again.repeats_last_snippet
    assert [c.message for c in again.checks if c.code == "repeat"] == [
        "same snippet as the last message you sent them"
    ]


def test_an_empty_draft_is_not_logged(database: Database, greg: ContactDetail, today: date) -> None:
    draft = compose(database, greg.id, today)

    with pytest.raises(InvalidInput, match="the draft is empty"):
        send(database, draft, today, text="  \n")

    assert interactions(database, greg.id) == []


def test_a_snippet_removed_meanwhile_still_logs_the_text(
    database: Database, greg: ContactDetail, today: date
) -> None:
    draft = compose(database, greg.id, today)
    with database.writing() as session:
        remove_snippet(session, "Connection request")

    send(database, draft, today)

    assert interactions(database, greg.id) == [
        ("linkedin", "connection-request", "outbound", draft.text, None)
    ]


# ---------------------------------------------------------------- the deck


def test_the_deck_drafts_saves_snippets_and_marks_sent(
    database: Database, greg: ContactDetail, today: date
) -> None:
    deck = DeckApi(database, lambda: today)

    assert len(deck.snippets()) == len(DEFAULTS)
    saved = deck.save_snippet(
        None, "Warm intro", "connection-request", "linkedin-note", "", "Hey {{ first_name }}!"
    )
    assert saved.name == "Warm intro"
    with pytest.raises(TemplateProblem, match="line 2: unexpected '}'"):
        deck.save_snippet(
            "Warm intro", "Warm intro", "connection-request", "any", "", "Hey\n{{ x }"
        )
    renamed = deck.save_snippet(
        "warm intro",
        "Warmer intro",
        "connection-request",
        "linkedin-note",
        "",
        "Hi {{ first_name }}!",
    )
    assert (renamed.id, renamed.body) == (saved.id, "Hi {{ first_name }}!")

    draft = deck.draft(greg.id, "Warmer intro")
    assert draft.text == "Hi Greg!"
    outcome = deck.mark_sent(greg.id, text=draft.text, snippet_id=renamed.id, channel=draft.channel)
    assert outcome.change.stage == "requested"
    assert deck.contact(greg.id).interactions[0].snippet == "Warmer intro"
    assert deck.contact(greg.id).interactions[0].text_sent == "Hi Greg!"

    assert deck.remove_snippet("Warmer intro").id == saved.id
    assert "Warmer intro" not in [s.name for s in deck.snippets()]


# ---------------------------------------------------------------- issue 16: drafts that never embarrass


def set_ask_about(database: Database, contact_id: int, text: str) -> None:
    with database.writing() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        contact.ask_about = text


def ask_about_of(database: Database, contact_id: int) -> str:
    with database.reading() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        return contact.ask_about


def test_ask_about_is_the_topic_before_a_logged_note(
    database: Database, ann: ContactDetail, today: date
) -> None:
    assert compose(database, ann.id, today).context.last_topic == "her move to Berlin"
    set_ask_about(database, ann.id, "the new team she is hiring")
    draft = compose(database, ann.id, today, snippet_name="Check-in")
    assert draft.context.last_topic == "the new team she is hiring"
    assert "the new team she is hiring" in draft.text


def test_sending_a_draft_that_asks_it_clears_ask_about_and_undo_restores_it(
    database: Database, ann: ContactDetail, today: date
) -> None:
    set_ask_about(database, ann.id, "the new team she is hiring")
    draft = compose(database, ann.id, today, snippet_name="Check-in")
    outcome = send(database, draft, today)
    assert ask_about_of(database, ann.id) == ""
    with database.writing() as session:
        undo(session, outcome.undo)
    assert ask_about_of(database, ann.id) == "the new team she is hiring"


def test_a_sent_text_that_left_ask_about_out_keeps_it(
    database: Database, ann: ContactDetail, today: date
) -> None:
    set_ask_about(database, ann.id, "the new team she is hiring")
    draft = compose(database, ann.id, today, snippet_name="Check-in")
    send(database, draft, today, text="Hi Ann, lunch next week?")
    assert ask_about_of(database, ann.id) == "the new team she is hiring"


def test_a_request_with_nothing_but_a_name_is_impersonal_until_the_user_types(
    database: Database, add: Add, today: date
) -> None:
    dee = add("Dee Park", stage="prospect", linkedin=["https://www.linkedin.com/in/dee-park"])
    draft = compose(database, dee.id, today, snippet_name="Connection request")
    assert draft.text.startswith("Hi Dee, I came across your profile")
    assert "impersonal" in {check.code for check in draft.checks}
    typed = recheck(draft, draft.text + " Loved your robotics talk.", "", note_limit=200)
    assert "impersonal" not in {check.code for check in typed.checks}
    spaced = recheck(draft, "  " + draft.text.replace(" ", "  ") + "\n", "", note_limit=200)
    assert "impersonal" in {check.code for check in spaced.checks}


def test_the_request_snippet_brings_its_own_channel(
    database: Database, ann: ContactDetail, today: date
) -> None:
    draft = compose(database, ann.id, today, snippet_name="Connection request")
    assert (draft.channel, draft.limit) == ("linkedin-note", 200)


def test_a_channel_without_an_address_warns_and_names_the_ones_they_have(
    database: Database, greg: ContactDetail, add: Add, today: date
) -> None:
    draft = compose(database, greg.id, today, channel="email")
    warning = {check.code: check for check in draft.checks}["no-address"]
    assert (warning.severity, warning.message) == (
        "warning",
        "no email address for them: they have linkedin-note, linkedin-message",
    )
    assert draft.address is None
    assert "no-address" not in {c.code for c in compose(database, greg.id, today).checks}
    bare = add("Bo Nobody", stage="prospect")
    message = {c.code: c for c in compose(database, bare.id, today).checks}["no-address"].message
    assert message == "no LinkedIn profile for them, nor any other address: add one first"

"""A person due for their birthday gets the ``birthday`` snippet (the default "Birthday"
ships with the database), the way someone who changed jobs gets congratulations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from netdeck.domain.snippets import SnippetKind
from netdeck.services.api import DeckApi
from netdeck.services.views import ContactDetail
from netdeck.store.database import Database
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

Add = Callable[..., ContactDetail]


def test_a_birthday_that_has_come_gets_the_birthday_snippet_until_you_write(
    add: Add, database: Database, today: date
) -> None:
    ann = add("Ann Lee", email=["ann@example.com"], prefer="email", company="Initech")
    deck = DeckApi(database, lambda: today)
    deck.mark_done(ann.id, channel=None, kind="call", note="her move to Berlin")
    birthday = today + timedelta(days=3)
    deck.set_birthday(ann.id, f"{birthday.month:02d}-{birthday.day:02d}")

    before = deck.draft(ann.id)
    assert before.snippet is not None and before.snippet.kind == SnippetKind.CHECK_IN

    on_the_day = DeckApi(database, lambda: birthday)
    draft = on_the_day.draft(ann.id)
    assert draft.snippet is not None and draft.snippet.name == "Birthday"
    assert (draft.channel, draft.subject) == ("email", "Happy birthday!")
    assert draft.text.startswith(
        "Happy birthday, Ann! I hope it's a good one, and that things at Initech are treating"
    )
    assert "How did her move to Berlin turn out?" in draft.text
    # A day late it still is the birthday message; once sent, it is answered.
    late = DeckApi(database, lambda: birthday + timedelta(days=1))
    sent = late.draft(ann.id)
    assert sent.snippet is not None and sent.snippet.kind == SnippetKind.BIRTHDAY
    assert sent.snippet is not None
    late.mark_sent(ann.id, text=sent.text, snippet_id=sent.snippet.id, channel=sent.channel)
    after = late.draft(ann.id)
    assert after.snippet is not None and after.snippet.kind == SnippetKind.CHECK_IN


def test_without_a_birthday_snippet_the_stage_decides(
    add: Add, database: Database, today: date
) -> None:
    ann = add("Ann Lee", email=["ann@example.com"], prefer="email")
    deck = DeckApi(database, lambda: today)
    deck.mark_done(ann.id, channel=None, kind="call", note="")
    deck.remove_snippet("Birthday")
    deck.set_birthday(ann.id, f"{today.month:02d}-{today.day:02d}")
    later = DeckApi(database, lambda: date(today.year + 1, today.month, today.day))

    draft = later.draft(ann.id)
    assert draft.snippet is not None and draft.snippet.kind == SnippetKind.CHECK_IN

"""Mail sync against a real IMAP server: the test Dovecot (tests/imap_server.py).

No mock of IMAP: messages are filed over IMAP, the sync reads them over IMAP, the deck
is read back from the database. Both backends (tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from netdeck.domain.errors import InvalidInput, MailServerError
from netdeck.services import mail_sync
from netdeck.services.api import DeckApi
from netdeck.services.mail_sync import MailProgress
from netdeck.services.views import ContactDetail
from netdeck.store.database import Database
from netdeck.store.models import Contact, Interaction, MailFolder
from tests.imap_server import PASSWORD, DovecotServer, Mailbox

ME = "me@test.example"


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def deck(
    database: Database, today: date, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> DeckApi:
    """The deck set up to read ``mailbox`` (plain IMAP: the server is on loopback)."""
    monkeypatch.setenv("NETDECK_IMAP_PASSWORD", PASSWORD)
    api = DeckApi(database, lambda: today)
    api.change_settings(
        {
            "imap-host": mailbox.host,
            "imap-port": str(mailbox.port),
            "imap-user": mailbox.user,
            "imap-security": "plain",
        }
    )
    return api


def mail_rows(database: Database) -> list[tuple[int, str, str, str, date, str | None]]:
    with database.reading() as session:
        return [
            tuple(row)  # type: ignore[misc]
            for row in session.execute(
                select(
                    Interaction.contact_id,
                    Interaction.kind,
                    Interaction.direction,
                    Interaction.note,
                    Interaction.occurred_on,
                    Interaction.external_key,
                )
                .where(Interaction.channel == "email")
                .order_by(Interaction.occurred_on, Interaction.id)
            )
        ]


def contact_row(database: Database, contact_id: int) -> Contact:
    with database.reading() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        return contact


def test_first_sync_logs_replies_and_sent_mail_and_counts_strangers(
    deck: DeckApi,
    database: Database,
    mailbox: Mailbox,
    add: Callable[..., ContactDetail],
    today: date,
) -> None:
    ann = add("Ann Lee", email=["Ann.Lee@Example.org"], stage="active")
    bob = add("Bob Roy", email=["bob@example.org"], stage="active")
    yesterday = today - timedelta(days=1)
    mailbox.deliver(
        "INBOX",
        sender="Ann Lee <ann.lee@example.org>",
        to=ME,
        subject="Coffee next week?",
        when=at(yesterday),
    )
    mailbox.deliver("INBOX", sender="news@shop.example", to=ME, subject="Sale", when=at(yesterday))
    mailbox.deliver("INBOX", sender="x@y.example", to=ME, subject="Hi", when=at(yesterday))
    mailbox.deliver(
        "Sent",
        sender=ME,
        to="Bob Roy <BOB@example.org>",
        cc="ann.lee@example.org, z@elsewhere.example",
        subject="The slides",
        when=at(today - timedelta(days=3)),
    )
    # Older than the look-back: left alone.
    mailbox.deliver(
        "INBOX", sender="bob@example.org", to=ME, subject="Old", when=at(today - timedelta(400))
    )

    summary = deck.mail_sync()

    assert (summary.messages, summary.replies, summary.sent) == (4, 1, 2)
    assert (summary.people, summary.unknown_senders) == (2, 2)
    assert summary.awaiting_reply == (("Ann Lee", "Coffee next week?"),)
    rows = mail_rows(database)
    assert {(r[0], r[1], r[2], r[3]) for r in rows} == {
        (ann.id, "reply", "inbound", "Coffee next week?"),
        (ann.id, "message", "outbound", "The slides"),
        (bob.id, "message", "outbound", "The slides"),
    }
    assert all(r[5] is not None and r[5].startswith("mail:") for r in rows)
    assert contact_row(database, bob.id).last_interaction_on == today - timedelta(days=3)
    # Ann wrote last: on top of the queue, with the subject.
    top = deck.queue().entries[0]
    assert (top.name, top.awaiting_reply, top.reason) == (
        "Ann Lee",
        True,
        "wrote yesterday: 'Coffee next week?'",
    )
    status = deck.mail_status()
    assert (status.messages_seen, status.interactions_logged, status.last_error) == (4, 3, None)
    assert status.last_sync_at is not None


def test_incremental_sync_logs_only_the_new_messages(
    deck: DeckApi, database: Database, mailbox: Mailbox, add: Callable[..., ContactDetail], today
) -> None:
    ann = add("Ann Lee", email=["ann@example.org"])
    mailbox.deliver("INBOX", sender="ann@example.org", to=ME, subject="One", when=at(today, 8))
    assert deck.mail_sync().replies == 1
    assert deck.mail_sync().messages == 0  # nothing new
    mailbox.deliver("INBOX", sender="ann@example.org", to=ME, subject="Two", when=at(today, 9))

    summary = deck.mail_sync()

    assert (summary.messages, summary.replies) == (1, 1)
    assert [r[3] for r in mail_rows(database) if r[0] == ann.id] == ["One", "Two"]


def test_a_reply_thread_sets_and_clears_awaiting_your_reply(
    deck: DeckApi, database: Database, mailbox: Mailbox, add: Callable[..., ContactDetail], today
) -> None:
    ann = add("Ann Lee", email=["ann@example.org"], stage="active")
    mine = mailbox.deliver(
        "Sent", sender=ME, to="ann@example.org", subject="Catch up?", when=at(today, 8)
    )
    theirs = mailbox.deliver(
        "INBOX",
        sender="ann@example.org",
        to=ME,
        subject="Re: Catch up?",
        when=at(today, 9),
        in_reply_to=mine,
    )
    deck.mail_sync()
    assert contact_row(database, ann.id).awaiting_reply_on == today
    assert contact_row(database, ann.id).awaiting_reply_preview == "Re: Catch up?"

    mailbox.deliver(
        "Sent",
        sender=ME,
        to="ann@example.org",
        subject="Re: Re: Catch up?",
        when=at(today, 11),
        in_reply_to=theirs,
    )
    deck.mail_sync()

    contact = contact_row(database, ann.id)
    assert (contact.awaiting_reply_on, contact.awaiting_reply_preview) == (None, None)
    assert contact.last_interaction_on == today
    assert contact.next_due_on is not None and contact.next_due_on > today


def test_a_message_in_both_folders_is_logged_once(
    deck: DeckApi, database: Database, mailbox: Mailbox, add: Callable[..., ContactDetail], today
) -> None:
    add("Ann Lee", email=["ann@example.org"])
    # A message you sent to yourself and to Ann: in Sent, and in INBOX (cc to you),
    # the same Message-ID; and Ann's reply filed twice in INBOX.
    mailbox.deliver(
        "Sent",
        sender=ME,
        to="ann@example.org",
        subject="Plan",
        when=at(today, 8),
        message_id="<p@x>",
    )
    for _ in range(2):
        mailbox.deliver(
            "INBOX",
            sender="ann@example.org",
            to=ME,
            subject="Re: Plan",
            when=at(today, 9),
            message_id="<r@X.example>",
        )

    summary = deck.mail_sync()

    assert (summary.replies, summary.sent) == (1, 1)
    assert sorted(r[5] for r in mail_rows(database)) == ["mail:p@x", "mail:r@x.example"]


def test_a_new_uidvalidity_rereads_the_folder_and_logs_nothing_twice(
    deck: DeckApi, database: Database, mailbox: Mailbox, add: Callable[..., ContactDetail], today
) -> None:
    add("Ann Lee", email=["ann@example.org"])
    first = mailbox.deliver(
        "Sent", sender=ME, to="ann@example.org", subject="Hello", when=at(today, 8)
    )
    deck.mail_sync()
    account = f"{mailbox.user}@{mailbox.host}"
    with database.reading() as session:
        mark = session.get(MailFolder, (account, "Sent"))
        assert mark is not None
        old_validity = mark.uidvalidity
    # The folder deleted and made again (a new UIDVALIDITY: its UIDs start over),
    # holding the old message again and a new one.
    with mailbox.client() as client:
        client.delete_folder("Sent")
        client.create_folder("Sent")
    mailbox.deliver(
        "Sent",
        sender=ME,
        to="ann@example.org",
        subject="Hello",
        when=at(today, 8),
        message_id=first,
    )
    mailbox.deliver("Sent", sender=ME, to="ann@example.org", subject="Again", when=at(today, 9))

    summary = deck.mail_sync()

    with database.reading() as session:
        mark = session.get(MailFolder, (account, "Sent"))
        assert mark is not None and mark.uidvalidity != old_validity
    assert (summary.messages, summary.sent) == (2, 1)
    assert [r[3] for r in mail_rows(database)] == ["Hello", "Again"]


def test_a_connection_dropped_mid_sync_keeps_the_first_batch_and_resumes(
    deck: DeckApi,
    database: Database,
    dovecot: DovecotServer,
    mailbox: Mailbox,
    add: Callable[..., ContactDetail],
    today: date,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add("Ann Lee", email=["ann@example.org"])
    for hour in range(1, 6):
        mailbox.deliver(
            "INBOX", sender="ann@example.org", to=ME, subject=f"Note {hour}", when=at(today, hour)
        )
    monkeypatch.setattr(mail_sync, "BATCH_SIZE", 2)

    def drop_after_first_batch(step: MailProgress) -> None:
        if step.done == 2:
            dovecot.drop_connections(mailbox.user)

    with pytest.raises(MailServerError, match="dropped mid-sync"):
        deck.mail_sync(progress=drop_after_first_batch)
    assert [r[3] for r in mail_rows(database)] == ["Note 1", "Note 2"]
    assert "dropped mid-sync" in (deck.mail_status().last_error or "")

    summary = deck.mail_sync()

    assert (summary.messages, summary.replies) == (3, 3)
    assert [r[3] for r in mail_rows(database)] == [f"Note {h}" for h in range(1, 6)]
    assert deck.mail_status().last_error is None


def test_a_wrong_password_is_refused_and_changes_nothing(
    deck: DeckApi,
    database: Database,
    mailbox: Mailbox,
    add: Callable[..., ContactDetail],
    today: date,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add("Ann Lee", email=["ann@example.org"])
    mailbox.deliver("INBOX", sender="ann@example.org", to=ME, subject="Hi", when=at(today, 8))
    monkeypatch.setenv("NETDECK_IMAP_PASSWORD", "wrong")

    with pytest.raises(MailServerError) as raised:
        deck.mail_sync()

    assert str(raised.value).startswith(
        f"the IMAP server refused the login for {mailbox.user}: check imap-user and "
        "NETDECK_IMAP_PASSWORD"
    )
    assert mail_rows(database) == []
    with database.reading() as session:
        assert session.scalars(select(MailFolder)).all() == []


def test_without_settings_the_sync_says_which_to_set(database: Database, today: date) -> None:
    with pytest.raises(InvalidInput, match="netdeck settings imap-host"):
        DeckApi(database, lambda: today).mail_sync()
    assert DeckApi(database, lambda: today).mail_status().account is None


def test_an_unreachable_server_is_one_clear_error(
    deck: DeckApi, database: Database, today: date
) -> None:
    from tests.imap_server import free_port

    deck.change_settings({"imap-port": str(free_port())})  # nobody listens there

    with pytest.raises(MailServerError, match=r"cannot reach the mail server 127\.0\.0\.1:"):
        deck.mail_sync()
    assert mail_rows(database) == []


def test_tls_to_a_plain_server_fails_as_a_tls_error(deck: DeckApi, database: Database) -> None:
    deck.change_settings({"imap-security": "tls"})

    with pytest.raises(MailServerError, match=r"TLS handshake with 127\.0\.0\.1:\d+ failed"):
        deck.mail_sync()


def test_a_reply_you_sent_before_the_sync_answers_them_in_the_same_sync(
    deck: DeckApi, database: Database, mailbox: Mailbox, add: Callable[..., ContactDetail], today
) -> None:
    ann = add("Ann Lee", email=["ann@example.org"], stage="active")
    theirs = mailbox.deliver(
        "INBOX", sender="ann@example.org", to=ME, subject="Question", when=at(today, 8)
    )
    mailbox.deliver(
        "Sent",
        sender=ME,
        to="ann@example.org",
        subject="Re: Question",
        when=at(today, 9),
        in_reply_to=theirs,
    )

    summary = deck.mail_sync()

    assert (summary.replies, summary.sent, summary.awaiting_reply) == (1, 1, ())
    assert contact_row(database, ann.id).awaiting_reply_on is None

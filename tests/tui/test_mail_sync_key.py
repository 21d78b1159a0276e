"""M on the queue screen: the mail sync in a worker, against the test Dovecot
(tests/imap_server.py); whoever wrote then tops the queue, and an error is a notice."""

from __future__ import annotations

from datetime import UTC, date, datetime

from netdeck.services.settings import change_setting
from tests.imap_server import PASSWORD, Mailbox
from tests.tui.conftest import add_person, drive


def set_up_mail(database, mailbox: Mailbox) -> None:
    with database.writing() as session:
        for key, value in (
            ("imap-host", mailbox.host),
            ("imap-port", str(mailbox.port)),
            ("imap-user", mailbox.user),
            ("imap-security", "plain"),
        ):
            change_setting(session, key, value)


def test_m_syncs_mail_and_whoever_wrote_tops_the_queue(
    db_path, database, seeded, mailbox: Mailbox, monkeypatch
):
    monkeypatch.setenv("NETDECK_IMAP_PASSWORD", PASSWORD)
    set_up_mail(database, mailbox)
    # Talked to last week: not due today.
    rosa = add_person(
        database,
        "Rosa Parks",
        email="rosa@example.org",
        cadence="30",
        last_talked=date(2026, 11, 18),
    )
    mailbox.deliver(
        "INBOX",
        sender="Rosa <ROSA@Example.org>",
        to="me@test.example",
        subject="[b]Are you free Tuesday?[/b]",
        when=datetime(2026, 11, 24, 9, tzinfo=UTC),
    )

    async def scenario(ui):
        assert rosa not in ui.queue_ids()
        await ui.press("M")
        await ui.settle()
        assert ui.queue_ids()[0] == rosa
        assert ui.selected_id() == seeded["ada"]  # the cursor stays on whom it was on
        await ui.press("k")
        # The subject is shown as written (never read as markup).
        assert "wrote yesterday: '[b]Are you free" in ui.text()
        assert ui.screen.entries[rosa].reason == "wrote yesterday: '[b]Are you free Tuesday?[/b]'"
        assert any(
            n.message.startswith("Read 1 message in INBOX and Sent: 1 reply and 0 messages")
            for n in ui.notified
        )

    drive(db_path, scenario)


def test_m_with_a_wrong_password_is_a_notice_and_changes_nothing(
    db_path, database, seeded, mailbox: Mailbox, monkeypatch
):
    monkeypatch.setenv("NETDECK_IMAP_PASSWORD", "wrong")
    set_up_mail(database, mailbox)

    async def scenario(ui):
        before = ui.queue_ids()
        await ui.press("M")
        await ui.settle()
        errors = [n for n in ui.notified if n.severity == "error"]
        assert [n.message for n in errors] == [
            f"the IMAP server refused the login for {mailbox.user}: check imap-user and "
            "NETDECK_IMAP_PASSWORD (or the password in your keyring)"
        ]
        assert ui.queue_ids() == before
        assert "in today's queue" in ui.widget_text("#topbar")

    drive(db_path, scenario)

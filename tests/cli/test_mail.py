"""``netdeck mail sync`` and ``mail status`` against the test Dovecot (tests/imap_server.py):
the summary, --json, and the one-line errors."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.cli.conftest import Netdeck, assert_user_error, run_all
from tests.imap_server import PASSWORD, Mailbox, free_port

ME = "me@test.example"
PASSWORD_ENV = {"NETDECK_IMAP_PASSWORD": PASSWORD}


def set_up(netdeck: Netdeck, mailbox: Mailbox) -> None:
    for key, value in (
        ("imap-host", mailbox.host),
        ("imap-port", str(mailbox.port)),
        ("imap-user", mailbox.user),
        ("imap-security", "plain"),
    ):
        netdeck.in_process("settings", key, value)


def test_mail_sync_logs_a_reply_and_the_person_tops_the_queue(
    netdeck: Netdeck, mailbox: Mailbox
) -> None:
    netdeck.in_process("add", "Dana Lee", "--email", "dana@example.org")
    netdeck.in_process("add", "Greg Ito", "--email", "greg@example.org")
    set_up(netdeck, mailbox)
    mailbox.deliver(
        "INBOX",
        sender="Dana Lee <Dana@Example.org>",
        to=ME,
        subject="Lunch on Friday?",
        when=datetime(2026, 11, 24, 12, tzinfo=UTC),
    )
    mailbox.deliver(
        "INBOX",
        sender="a@stranger.example",
        to=ME,
        subject="Hi",
        when=datetime(2026, 11, 24, tzinfo=UTC),
    )
    mailbox.deliver(
        "Sent",
        sender=ME,
        to="greg@example.org",
        subject="Notes",
        when=datetime(2026, 11, 20, tzinfo=UTC),
    )

    synced = netdeck.ok("mail", "sync", env=PASSWORD_ENV)

    assert synced.stdout == (
        "Read 3 messages in INBOX and Sent: 1 reply and 1 message logged for 2 people; "
        "1 person wrote who is not in your deck\n"
        "  Dana Lee awaits your reply: Lunch on Friday?\n"
    )
    queue, status, again = run_all(
        [
            lambda: netdeck("queue", "--json"),
            lambda: netdeck("mail", "status", "--json"),
            lambda: netdeck("mail", "sync", "--json", env=PASSWORD_ENV),
        ]
    )
    top = queue.json()[0]
    assert (top["name"], top["reason"]) == ("Dana Lee", "wrote yesterday: 'Lunch on Friday?'")
    assert status.json()["messages_seen"] == 3
    assert status.json()["interactions_logged"] == 2
    assert status.json()["last_error"] is None
    assert again.json()["messages"] == 0 and again.json()["replies"] == 0
    shown = netdeck.ok("mail", "status")
    assert f"Account:             {mailbox.user}@{mailbox.host}" in shown.stdout
    assert "Interactions logged: 2" in shown.stdout


def test_mail_errors_are_one_line_and_status_keeps_the_last(
    netdeck: Netdeck, mailbox: Mailbox
) -> None:
    unset = netdeck("mail", "sync", env=PASSWORD_ENV)
    assert_user_error(unset, "no mail server set: netdeck settings imap-host")
    assert netdeck.ok("mail", "status").stdout.startswith("Mail is not set up")

    set_up(netdeck, mailbox)
    wrong = netdeck("mail", "sync", env={"NETDECK_IMAP_PASSWORD": "nope"})
    assert_user_error(
        wrong,
        f"the IMAP server refused the login for {mailbox.user}: check imap-user and "
        "NETDECK_IMAP_PASSWORD",
    )
    assert "refused the login" in netdeck.json("mail", "status")["last_error"]
    no_password = netdeck(
        "mail", "sync", env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    )
    assert_user_error(
        no_password, f"no IMAP password for {mailbox.user}: set NETDECK_IMAP_PASSWORD"
    )

    netdeck.in_process("settings", "imap-port", str(free_port()))
    unreachable = netdeck("mail", "sync", env=PASSWORD_ENV)
    assert_user_error(unreachable, "cannot reach the mail server 127.0.0.1:", "check imap-host")

    refused = netdeck("settings", "imap-security", "plain")
    assert refused.returncode == 0
    netdeck.in_process("settings", "imap-host", "imap.example.com")
    in_clear = netdeck("mail", "sync", env=PASSWORD_ENV)
    assert_user_error(in_clear, "plain would send your password in the clear to imap.example.com")

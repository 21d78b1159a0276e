"""The pure pieces of mail sync: addresses, Message-IDs, the sent folder, the account."""

from __future__ import annotations

from datetime import datetime

import pytest

from netdeck.domain.errors import InvalidInput
from netdeck.domain.mail import (
    addresses,
    choose_sent_folder,
    mail_account,
    mail_message,
    normal_message_id,
)


def test_addresses_are_parsed_from_name_lists_case_folded_and_once() -> None:
    assert addresses(
        ['"Lee, Ann" <Ann.Lee@Example.ORG>, bob@x.org', "BOB@x.org, Team: c@y.org;", None]
    ) == ["ann.lee@example.org", "bob@x.org", "c@y.org"]
    assert addresses(["undisclosed-recipients:;", "not an address"]) == []


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("<AbC.123@Mail.Example.COM>", "AbC.123@mail.example.com"),
        ("  <abc@x.org>\r\n ", "abc@x.org"),
        ("abc@x.org", "abc@x.org"),
        ("<>", None),
        (None, None),
    ],
)
def test_message_ids_are_normalised(raw: str | None, normal: str | None) -> None:
    assert normal_message_id(raw) == normal


def test_the_sent_folder_is_the_flagged_one_else_a_common_name() -> None:
    flagged = [((b"\\HasNoChildren",), "Sent"), ((b"\\Sent",), "Envoy\u00e9s")]
    assert choose_sent_folder(flagged) == "Envoy\u00e9s"
    assert choose_sent_folder([((), "INBOX"), ((), "[Gmail]/Sent Mail")]) == "[Gmail]/Sent Mail"
    assert choose_sent_folder([((), "INBOX"), ((), "sent items")]) == "sent items"
    assert choose_sent_folder([((), "INBOX"), ((), "Archive")]) is None


def test_the_account_says_which_setting_is_missing_and_refuses_plain_off_this_machine() -> None:
    with pytest.raises(InvalidInput, match="netdeck settings imap-host"):
        mail_account("", 0, "me@x.org", "tls")
    with pytest.raises(InvalidInput, match="netdeck settings imap-user"):
        mail_account("imap.x.org", 0, "", "tls")
    with pytest.raises(InvalidInput, match=r"in the clear to imap\.x\.org"):
        mail_account("imap.x.org", 0, "me", "plain")
    assert mail_account("localhost", 0, "me", "plain").port == 143
    assert mail_account("imap.x.org", 0, "me", "tls").port == 993
    assert mail_account("imap.x.org", 1143, "me", "starttls").port == 1143


def test_a_message_is_dated_by_its_date_header_else_the_arrival() -> None:
    arrived = datetime(2026, 11, 20, 8, 0)
    message = mail_message(
        {
            "from": "=?utf-8?q?Ren=C3=A9e?= <Renee@X.org>",
            "to": "me@y.org",
            "cc": "Ann <ann@z.org>",
            "subject": "=?utf-8?q?Caf=C3=A9?=\r\n tomorrow",
            "date": "Tue, 24 Nov 2026 10:00:00 +0100",
            "message-id": "<m1@X.org>",
        },
        internal_date=arrived,
        fallback_id="INBOX/1/7@host",
    )
    assert (message.sender, message.recipients) == ("renee@x.org", ("me@y.org", "ann@z.org"))
    assert (message.subject, message.at, message.key) == (
        "Caf\u00e9 tomorrow",
        datetime(2026, 11, 24, 9, 0),
        "mail:m1@x.org",
    )
    undated = mail_message({"date": "garbage"}, internal_date=arrived, fallback_id="INBOX/1/7@h")
    assert (undated.at, undated.key, undated.sender) == (arrived, "mail:INBOX/1/7@h", None)

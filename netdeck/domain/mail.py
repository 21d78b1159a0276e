"""Mail as the deck sees it: the account settings, the folders read, and one message's
headers turned into who wrote to whom.

Pure rules for :mod:`netdeck.services.mail_sync` (the IMAP reading itself is in
:mod:`netdeck.importers.imap`):

- **The account** (:func:`mail_account`): ``imap-host`` and ``imap-user`` must be set;
  ``imap-security`` is ``tls`` (the default), ``starttls`` or ``plain``, and plain
  (a password sent in the clear) only to this machine. ``imap-port`` 0 means the
  usual port of the security chosen (993 for TLS, 143 otherwise).
- **The folders** (:func:`choose_sent_folder`): the one the server flags ``\\Sent``,
  else the first of the names mail clients commonly use.
- **A message** (:func:`mail_message`): its addresses parsed from ``Name <a@b>``
  lists and compared case-folded, its Message-ID normalised (the key that keeps a
  message logged once however many folders hold it), its subject as one line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime

from netdeck.domain.channels import ChannelKind, address_key
from netdeck.domain.errors import InvalidInput
from netdeck.domain.text import one_line

TLS = "tls"
STARTTLS = "starttls"
PLAIN = "plain"
SECURITY_CHOICES = (TLS, STARTTLS, PLAIN)
#: Where plain IMAP may go: only this machine (a local bridge or test server).
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
#: The password, when set here (else the system keyring, service :data:`KEYRING_SERVICE`).
PASSWORD_VARIABLE = "NETDECK_IMAP_PASSWORD"
KEYRING_SERVICE = "netdeck"
#: Names mail clients give the sent folder, tried in order when none is flagged \\Sent.
SENT_FOLDER_NAMES = ("Sent", "Sent Items", "Sent Messages", "[Gmail]/Sent Mail", "INBOX.Sent")
#: The headers read, and nothing else of a message.
HEADER_FIELDS = ("FROM", "TO", "CC", "DATE", "MESSAGE-ID", "IN-REPLY-TO", "SUBJECT")
#: The prefix of an interaction's ``external_key`` for a mail message.
KEY_PREFIX = "mail:"
#: The longest key the interactions table holds (``external_key`` is 400 characters).
MOST_KEY_CHARACTERS = 400


def parse_security(text: str) -> str:
    value = text.strip().lower()
    if value not in SECURITY_CHOICES:
        raise InvalidInput(
            f"imap-security must be tls (port 993), starttls (port 143) or plain "
            f"(only to localhost), not {text!r}"
        )
    return value


@dataclass(frozen=True, slots=True)
class MailAccount:
    """Where to read mail: server, port, user and how the connection is secured."""

    host: str
    port: int
    user: str
    security: str

    @property
    def name(self) -> str:
        """What the deck's bookkeeping keys this account by."""
        return f"{self.user}@{self.host}"


def mail_account(host: str, port: int, user: str, security: str) -> MailAccount:
    """The account the settings describe, or an error naming the setting to set."""
    if not host.strip():
        raise InvalidInput(
            "no mail server set: netdeck settings imap-host imap.example.com "
            "(and imap-user you@example.com)"
        )
    if not user.strip():
        raise InvalidInput("no mail user set: netdeck settings imap-user you@example.com")
    security = parse_security(security)
    host = host.strip()
    if security == PLAIN and host.lower() not in LOCAL_HOSTS:
        raise InvalidInput(
            f"imap-security plain would send your password in the clear to {host}: "
            "use tls or starttls (plain is only for localhost)"
        )
    port = port or (993 if security == TLS else 143)
    return MailAccount(host, port, user.strip(), security)


def choose_sent_folder(
    folders: Sequence[tuple[Sequence[bytes], str]],
) -> str | None:
    """The sent folder among ``(flags, name)`` pairs (as IMAP LIST gives them): the
    one flagged ``\\Sent``, else the first common name found (case-insensitive)."""
    for flags, name in folders:
        if any(flag.lower() == b"\\sent" for flag in flags):
            return name
    by_folded = {name.casefold(): name for _, name in folders}
    for candidate in SENT_FOLDER_NAMES:
        if candidate.casefold() in by_folded:
            return by_folded[candidate.casefold()]
    return None


def addresses(values: Iterable[str | None]) -> list[str]:
    """The e-mail addresses in header values like ``Ann <ann@x.org>, bob@y.org``,
    case-folded, in order, each once (display names and groups dropped)."""
    seen: dict[str, None] = {}
    for _, address in getaddresses([v for v in values if v]):
        folded = address_key(ChannelKind.EMAIL, address.strip())
        if "@" in folded:
            seen.setdefault(folded, None)
    return list(seen)


def normal_message_id(value: str | None) -> str | None:
    """A Message-ID as one key: angle brackets and spaces dropped, the domain part
    lower-cased (the local part is case-sensitive). ``None`` when there is none."""
    if not value:
        return None
    text = "".join(value.split()).strip("<>")
    if not text:
        return None
    local, at, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}" if at else text


def message_key(message_id: str) -> str:
    """The ``external_key`` of the interactions a message is logged as."""
    return (KEY_PREFIX + message_id)[:MOST_KEY_CHARACTERS]


def decoded(value: str | None) -> str:
    """A header's text with RFC 2047 encoded words decoded (as it is, when malformed)."""
    if not value:
        return ""
    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError, UnicodeError):
        return value


@dataclass(frozen=True, slots=True)
class MailMessage:
    """One message as the sync uses it."""

    message_id: str
    sender: str | None  # case-folded address
    recipients: tuple[str, ...]  # To and Cc, case-folded, each once
    subject: str
    at: datetime  # naive UTC
    in_reply_to: str | None

    @property
    def key(self) -> str:
        return message_key(self.message_id)

    @property
    def day(self) -> date:
        return self.at.date()


def _naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def mail_message(
    headers: Mapping[str, str | None], *, internal_date: datetime | None, fallback_id: str
) -> MailMessage:
    """A message from its headers (names lower-case). The Date header dates it, else
    the server's INTERNALDATE; without a Message-ID, ``fallback_id`` keys it (the
    folder's UIDVALIDITY and UID: stable while the folder is)."""
    moment: datetime | None = None
    raw_date = headers.get("date")
    if raw_date:
        try:
            moment = parsedate_to_datetime(raw_date)
        except (TypeError, ValueError, IndexError):
            moment = None
    moment = moment or internal_date or datetime(1970, 1, 1)
    senders = addresses([headers.get("from")])
    return MailMessage(
        message_id=normal_message_id(headers.get("message-id")) or fallback_id,
        sender=senders[0] if senders else None,
        recipients=tuple(addresses([headers.get("to"), headers.get("cc")])),
        subject=one_line(decoded(headers.get("subject"))).strip(),
        at=_naive_utc(moment),
        in_reply_to=normal_message_id(headers.get("in-reply-to")),
    )


def unknown_senders(messages: Iterable[MailMessage], known: Mapping[str, int]) -> set[str]:
    """The senders of ``messages`` who are nobody in the deck (``known``: address -> id)."""
    return {m.sender for m in messages if m.sender is not None and m.sender not in known}

"""Reading a mailbox's headers over IMAP, and nothing else of it.

The seam between netdeck and a mail server (:class:`MailReader`, over
``imapclient``): it logs in, finds the inbox and the sent folder, and fetches the
headers :data:`netdeck.domain.mail.HEADER_FIELDS` with ``BODY.PEEK`` of folders
opened read-only (EXAMINE), so no body or attachment is ever downloaded and no
flag (``\\Seen`` included) is ever set. What can go wrong with the server or the
network is turned into one :class:`~netdeck.domain.errors.MailServerError` that
says what to check.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from email.parser import BytesHeaderParser
from typing import Any

from netdeck.domain.errors import MailServerError
from netdeck.domain.mail import (
    HEADER_FIELDS,
    PASSWORD_VARIABLE,
    STARTTLS,
    TLS,
    MailAccount,
    MailMessage,
    choose_sent_folder,
    mail_message,
)

INBOX = "INBOX"
#: How long a silent server is waited for (connecting, and each answer).
TIMEOUT_SECONDS = 30
_FETCH_HEADERS = b"BODY.PEEK[HEADER.FIELDS (" + " ".join(HEADER_FIELDS).encode() + b")]"
#: The key the server answers the fetch under (BODY.PEEK is answered as BODY).
_HEADERS_ANSWER = _FETCH_HEADERS.replace(b"BODY.PEEK", b"BODY")


@dataclass(frozen=True, slots=True)
class FolderState:
    """A folder as opened: its UIDVALIDITY (UIDs mean the same while it holds) and
    the UID the next message will get."""

    name: str
    uidvalidity: int
    uidnext: int


class MailReader:
    """One connection to the account's server, logged in (a context manager)."""

    def __init__(self, account: MailAccount, password: str) -> None:
        self.account = account
        self._password = password
        self._client: Any = None

    def __enter__(self) -> MailReader:
        with self._server_errors("connecting"):
            self._client = self._connect()
        return self

    def __exit__(self, *exc: object) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                client.logout()
            except Exception:  # leaving anyway: the sync's outcome stands
                client.shutdown()

    def _connect(self) -> Any:
        from imapclient import IMAPClient
        from imapclient.exceptions import LoginError

        account = self.account
        context = ssl.create_default_context()
        client = IMAPClient(
            account.host,
            port=account.port,
            ssl=account.security == TLS,
            ssl_context=context if account.security == TLS else None,
            timeout=TIMEOUT_SECONDS,
        )
        if account.security == STARTTLS:
            client.starttls(context)
        try:
            client.login(account.user, self._password)
        except LoginError:
            client.shutdown()
            raise MailServerError(
                f"the IMAP server refused the login for {account.user}: check imap-user "
                f"and {PASSWORD_VARIABLE} (or the password in your keyring)"
            ) from None
        return client

    def folders(self) -> tuple[str, str | None]:
        """The inbox and the sent folder (None when the server has none netdeck knows)."""
        with self._server_errors("listing the folders"):
            listed = [(flags, name) for flags, _, name in self._client.list_folders()]
        names = {name.upper() for _, name in listed}
        if INBOX not in names:
            raise MailServerError(
                f"{self.account.host} has no INBOX folder for {self.account.user}"
            )
        return INBOX, choose_sent_folder(listed)

    def open(self, folder: str) -> FolderState:
        """Open ``folder`` read-only (EXAMINE: nothing in it changes, no flag is set)."""
        from imapclient.exceptions import IMAPClientError

        with self._server_errors(f"opening {folder}"):
            try:
                answer = self._client.select_folder(folder, readonly=True)
            except IMAPClientError as error:
                if _is_abort(error):
                    raise
                raise MailServerError(
                    f"{self.account.host} has no folder {folder!r} netdeck can open "
                    f"({_reason(error)}): nothing was read"
                ) from None
        return FolderState(folder, int(answer[b"UIDVALIDITY"]), int(answer.get(b"UIDNEXT", 0)))

    def uids_after(self, last_uid: int) -> list[int]:
        """The UIDs of the open folder's messages above ``last_uid``, in order."""
        with self._server_errors("searching"):
            found = self._client.search(["UID", f"{last_uid + 1}:*"])
        # "n:*" always matches the last message, even below n: leave it out then.
        return sorted(uid for uid in found if uid > last_uid)

    def uids_since(self, day: date) -> list[int]:
        """The UIDs of the open folder's messages received on or after ``day``."""
        with self._server_errors("searching"):
            return sorted(self._client.search(["SINCE", day]))

    def messages(self, folder: FolderState, uids: list[int]) -> list[tuple[int, MailMessage]]:
        """The headers of these messages of the open folder, by UID (nothing else is
        fetched; a message deleted meanwhile is simply absent)."""
        if not uids:
            return []
        with self._server_errors("reading headers"):
            answer = self._client.fetch(uids, [_FETCH_HEADERS, b"INTERNALDATE"])
        parser = BytesHeaderParser()
        read: list[tuple[int, MailMessage]] = []
        for uid, data in sorted(answer.items()):
            raw = next((v for k, v in data.items() if k.startswith(b"BODY[")), b"") or b""
            headers = parser.parsebytes(raw)
            internal = data.get(b"INTERNALDATE")
            message = mail_message(
                {name.lower(): str(value) for name, value in headers.items()},
                internal_date=internal if isinstance(internal, datetime) else None,
                fallback_id=f"{folder.name}/{folder.uidvalidity}/{uid}@{self.account.host}",
            )
            read.append((uid, message))
        return read

    @contextmanager
    def _server_errors(self, doing: str) -> Iterator[None]:
        """Network and protocol failures as one line that says what to check."""
        from imapclient.exceptions import IMAPClientError

        account = self.account
        where = f"{account.host}:{account.port}"
        try:
            yield
        except MailServerError:
            raise
        except ssl.SSLError as error:
            raise MailServerError(
                f"the TLS handshake with {where} failed ({error.reason or error}): check "
                f"imap-security ({account.security}) and imap-port"
            ) from None
        except socket.gaierror:
            raise MailServerError(
                f"cannot find the mail server {account.host}: check imap-host"
            ) from None
        except (OSError, IMAPClientError) as error:  # timeouts and refusals too
            if self._client is None:
                raise MailServerError(
                    f"cannot reach the mail server {where} ({_reason(error)}): check "
                    "imap-host, imap-port and your network"
                ) from None
            if isinstance(error, IMAPClientError) and not _is_abort(error):
                raise MailServerError(
                    f"the mail server {where} answered an error while {doing}: {_reason(error)}"
                ) from None
            raise _dropped(where, error) from None


def _is_abort(error: Exception) -> bool:
    import imaplib

    return isinstance(error, imaplib.IMAP4.abort)


def _dropped(where: str, error: Exception) -> MailServerError:
    return MailServerError(
        f"the connection to {where} dropped mid-sync ({_reason(error)}): what was read "
        "so far is kept; the next netdeck mail sync resumes there"
    )


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text[:200] or type(error).__name__

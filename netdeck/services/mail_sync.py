"""Mail sync: who wrote to you and whom you wrote to, read from your mailbox.

``netdeck mail sync`` reads the headers of the inbox and the sent folder over IMAP
(:class:`netdeck.importers.imap.MailReader`: never a body, never a flag set) and
logs, for the people in the deck:

- each message **from** one of their addresses as a reply (inbound, channel email),
- each message **in the sent folder to or cc** them as a message (outbound), one per
  person,

the subject as the note (none while ``keep-message-text`` is off), dated by its Date
header (else the server's arrival time). Each is keyed ``mail:<Message-ID>``: a
message synced again, moved to another folder, or held by both folders is logged
once. Then the rules every sync follows
(:mod:`netdeck.services.conversation_sync`): they await your reply when they wrote
last, you writing clears it and their cadence starts again. Mail from anyone else
is only counted.

Bookkeeping (:class:`~netdeck.store.models.MailFolder`): per folder, its UIDVALIDITY
and the highest UID read. The first sync of a folder (and a new UIDVALIDITY) reads
back ``mail-lookback-days``; later ones read the UIDs above the mark. Each batch of
:data:`BATCH_SIZE` messages is one transaction that logs its interactions and moves
the mark together, so a connection dropped mid-sync keeps what was read and the next
sync resumes after it, logging nothing twice.

The password is ``NETDECK_IMAP_PASSWORD``, else the system keyring's (service
``netdeck``, the imap-user): never stored in the deck.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from netdeck.domain.channels import ChannelKind
from netdeck.domain.errors import InvalidInput, MailServerError
from netdeck.domain.interactions import IMPORT_SOURCE, Direction, InteractionKind
from netdeck.domain.mail import (
    KEYRING_SERVICE,
    PASSWORD_VARIABLE,
    SENT_FOLDER_NAMES,
    MailAccount,
    MailMessage,
    mail_account,
)
from netdeck.domain.replies import LogEntry
from netdeck.domain.settings import Settings
from netdeck.domain.text import one_line
from netdeck.importers.imap import FolderState, MailReader
from netdeck.services.conversation_sync import (
    apply_newest_message,
    stored_logs,
    write_changed_states,
)
from netdeck.services.key_dates import key_dates_by_contact
from netdeck.services.settings import load_settings
from netdeck.services.sync_state import STATE_COLUMNS, SyncState, stored_state
from netdeck.services.team import register_user
from netdeck.store.database import Database
from netdeck.store.models import Channel, Contact, Interaction, MailFolder, MailStatus, utc_now
from netdeck.store.sql import in_lists, rows_for_ids

#: Messages read and logged per transaction (a big mailbox streams in these).
BATCH_SIZE = 500
EMAIL = ChannelKind.EMAIL.value


@dataclass(frozen=True, slots=True)
class MailProgress:
    """Where a sync is: ``done`` of ``total`` new messages of ``folder`` read."""

    folder: str
    done: int
    total: int


MailProgressCallback = Callable[[MailProgress], None]


@dataclass(frozen=True, slots=True)
class MailSyncSummary:
    """What one sync read and logged."""

    account: str
    folders: tuple[str, ...]
    messages: int  # messages read (both folders)
    replies: int  # their messages logged
    sent: int  # your messages logged (one per person written to)
    people: int  # people something was logged for
    unknown_senders: int  # addresses that wrote and are nobody in the deck
    #: (name, subject) of those it leaves awaiting your reply
    awaiting_reply: tuple[tuple[str, str], ...] = ()

    def line(self) -> str:
        """The sync in one line: "Read 40 messages in INBOX and Sent: 6 replies and 3
        messages logged for 7 people; 12 people wrote who are not in your deck"."""
        folders = " and ".join(one_line(folder) for folder in self.folders)
        line = (
            f"Read {_count(self.messages, 'message', 'messages')} in {folders}: "
            f"{_count(self.replies, 'reply', 'replies')} and "
            f"{_count(self.sent, 'message', 'messages')} logged for "
            f"{_count(self.people, 'person', 'people')}"
        )
        if self.unknown_senders:
            who = "wrote who is" if self.unknown_senders == 1 else "wrote who are"
            line += f"; {_count(self.unknown_senders, 'person', 'people')} {who} not in your deck"
        return line


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


@dataclass(frozen=True, slots=True)
class MailStatusView:
    """The mail settings' account and what its syncs did so far."""

    account: str | None  # None: the mail settings are not set
    last_sync_at: datetime | None = None
    messages_seen: int = 0
    interactions_logged: int = 0
    last_error: str | None = None
    last_error_at: datetime | None = None


def account_of(settings: Settings) -> MailAccount:
    return mail_account(
        settings.imap_host, settings.imap_port, settings.imap_user, settings.imap_security
    )


def mail_password(account: MailAccount) -> str:
    """``NETDECK_IMAP_PASSWORD``, else the keyring's; an error saying how to give one."""
    password = os.environ.get(PASSWORD_VARIABLE)
    if password:
        return password
    import keyring
    from keyring.errors import KeyringError

    try:
        password = keyring.get_password(KEYRING_SERVICE, account.user)
    except KeyringError:
        password = None
    if not password:
        raise InvalidInput(
            f"no IMAP password for {account.user}: set {PASSWORD_VARIABLE}, or store it "
            f"in the system keyring with: keyring set {KEYRING_SERVICE} {account.user}"
        )
    return password


def mail_status(session: Session, settings: Settings) -> MailStatusView:
    try:
        account = account_of(settings)
    except InvalidInput:
        return MailStatusView(None)
    row = session.get(MailStatus, account.name)
    if row is None:
        return MailStatusView(account.name)
    return MailStatusView(
        account.name,
        row.last_sync_at,
        row.messages_seen,
        row.interactions_logged,
        row.last_error,
        row.last_error_at,
    )


@dataclass(slots=True)
class _Tally:
    messages: int = 0
    replies: int = 0
    sent: int = 0
    people: set[int] = field(default_factory=set)
    unknown: set[str] = field(default_factory=set)
    #: Who awaits your reply after the sync (a later message of yours takes them off).
    awaiting: dict[int, tuple[str, str]] = field(default_factory=dict)


def sync_mail(
    database: Database,
    *,
    today: date,
    user: str | None,
    progress: MailProgressCallback | None = None,
) -> MailSyncSummary:
    """Read the mailbox's new headers and log what concerns the deck's people."""
    with database.reading() as session:
        settings = load_settings(session)
    account = account_of(settings)
    password = mail_password(account)
    try:
        with MailReader(account, password) as reader:
            inbox, sent = reader.folders()
            if sent is None:
                raise MailServerError(
                    f"{account.host} has no sent folder netdeck knows (one flagged \\Sent, "
                    f"or named {', '.join(SENT_FOLDER_NAMES)}): nothing was read"
                )
            reader.open(sent)  # both folders can be read before either is
            since = today - timedelta(days=settings.mail_lookback_days)
            run = _Run(database, reader, account, since, today, user, progress)
            run.folder(inbox, inbound=True)
            run.folder(sent, inbound=False)
            tally = run.tally
    except MailServerError as error:
        _note_error(database, account, str(error), user)
        raise
    with database.writing(user) as session:
        if user is not None:  # the syncing user is one of the deck's users
            register_user(session, user)
        status = _status_row(session, account)
        status.last_sync_at = utc_now()
        status.last_error = status.last_error_at = None
    return MailSyncSummary(
        account=account.name,
        folders=(inbox, sent),
        messages=tally.messages,
        replies=tally.replies,
        sent=tally.sent,
        people=len(tally.people),
        unknown_senders=len(tally.unknown),
        awaiting_reply=tuple(tally.awaiting.values()),
    )


@dataclass(slots=True)
class _Run:
    """One sync's connection and what it has done so far."""

    database: Database
    reader: MailReader
    account: MailAccount
    since: date  # the look-back of a folder read from the start
    today: date
    user: str | None
    progress: MailProgressCallback | None
    tally: _Tally = field(default_factory=_Tally)

    def folder(self, folder: str, *, inbound: bool) -> None:
        """One folder's new messages, a batch (one transaction) at a time."""
        state = self.reader.open(folder)
        with self.database.reading() as session:
            mark = session.get(MailFolder, (self.account.name, folder))
            last_uid = mark.last_uid if mark is not None else None
            if mark is not None and mark.uidvalidity != state.uidvalidity:
                last_uid = None  # the folder's UIDs were renumbered: read it again
        reader = self.reader
        uids = reader.uids_since(self.since) if last_uid is None else reader.uids_after(last_uid)
        self._tell(MailProgress(folder, 0, len(uids)))
        batches = [uids[i : i + BATCH_SIZE] for i in range(0, len(uids), BATCH_SIZE)] or [[]]
        done = 0
        for batch in batches:
            messages = [m for _, m in reader.messages(state, batch)]
            # The mark moves past the batch (to the folder's end when there is none).
            high = max(batch, default=max(state.uidnext - 1, last_uid or 0, 0))
            with self.database.writing(self.user) as session:
                logged = _log_batch(
                    session, messages, inbound=inbound, today=self.today, tally=self.tally
                )
                _save_mark(session, self.account, state, high, seen=len(messages), logged=logged)
            self.tally.messages += len(messages)
            done += len(batch)
            if batch:
                self._tell(MailProgress(folder, done, len(uids)))

    def _tell(self, step: MailProgress) -> None:
        if self.progress is not None:
            self.progress(step)


def _save_mark(
    session: Session,
    account: MailAccount,
    state: FolderState,
    last_uid: int,
    *,
    seen: int,
    logged: int,
) -> None:
    mark = session.get(MailFolder, (account.name, state.name))
    if mark is None:
        mark = MailFolder(account=account.name, folder=state.name)
        session.add(mark)
    mark.uidvalidity, mark.last_uid = state.uidvalidity, last_uid
    status = _status_row(session, account)
    status.messages_seen += seen
    status.interactions_logged += logged


def _status_row(session: Session, account: MailAccount) -> MailStatus:
    status = session.get(MailStatus, account.name)
    if status is None:
        status = MailStatus(account=account.name, messages_seen=0, interactions_logged=0)
        session.add(status)
    return status


def _note_error(database: Database, account: MailAccount, message: str, user: str | None) -> None:
    """Remember the failure for ``netdeck mail status`` (nothing else changes)."""
    with database.writing(user) as session:
        status = _status_row(session, account)
        status.last_error, status.last_error_at = message, utc_now()


def _log_batch(
    session: Session,
    messages: Sequence[MailMessage],
    *,
    inbound: bool,
    today: date,
    tally: _Tally,
) -> int:
    """Log a batch's messages for the deck's people, then apply the reply rules to
    each person logged for; the number of interactions logged back."""
    people = _people_by_address(session, _addresses(messages, inbound=inbound))
    planned: dict[tuple[int, str], MailMessage] = {}
    for message in messages:
        if inbound:
            contact_id = people.get(message.sender or "")
            if contact_id is None:
                if message.sender is not None:
                    tally.unknown.add(message.sender)
                continue
            planned.setdefault((contact_id, message.key), message)
        else:
            for address in message.recipients:
                if address in people:
                    planned.setdefault((people[address], message.key), message)
    fresh = _not_logged_yet(session, planned)
    if not fresh:
        return 0
    settings = load_settings(session)
    _apply_rules(session, fresh, inbound=inbound, today=today, settings=settings, tally=tally)
    keep_text = settings.keep_message_text
    kind = InteractionKind.REPLY if inbound else InteractionKind.MESSAGE
    direction = Direction.INBOUND if inbound else Direction.OUTBOUND
    session.add_all(
        Interaction(
            contact_id=contact_id,
            occurred_on=min(message.day, today),
            channel=EMAIL,
            kind=kind.value,
            direction=direction.value,
            note=message.subject if keep_text else "",
            source=IMPORT_SOURCE,
            occurred_at=message.at,
            external_key=message.key,
        )
        for (contact_id, _), message in fresh.items()
    )
    session.flush()
    if inbound:
        tally.replies += len(fresh)
    else:
        tally.sent += len(fresh)
    tally.people.update(contact_id for contact_id, _ in fresh)
    return len(fresh)


def _addresses(messages: Iterable[MailMessage], *, inbound: bool) -> set[str]:
    if inbound:
        return {m.sender for m in messages if m.sender is not None}
    return {address for m in messages for address in m.recipients}


def _people_by_address(session: Session, addresses: set[str]) -> dict[str, int]:
    """The contact each address belongs to (addresses compared case-folded, as
    :func:`netdeck.domain.channels.address_key` stores them)."""
    found: dict[str, int] = {}
    for chunk in in_lists(sorted(addresses)):
        for contact_id, key in session.execute(
            select(Channel.contact_id, Channel.lookup_key)
            .where(Channel.kind == EMAIL, Channel.lookup_key.in_(chunk))
            .order_by(Channel.contact_id)
        ):
            found.setdefault(key, contact_id)
    return found


def _not_logged_yet(
    session: Session, planned: dict[tuple[int, str], MailMessage]
) -> dict[tuple[int, str], MailMessage]:
    """``planned`` but the (contact, key) pairs already logged (another folder, an
    earlier sync, a reread after a new UIDVALIDITY)."""
    keys = sorted({key for _, key in planned})
    logged: set[tuple[int, str]] = set()
    for chunk in in_lists(keys):
        logged.update(
            (contact_id, key)
            for contact_id, key in session.execute(
                select(Interaction.contact_id, Interaction.external_key).where(
                    Interaction.external_key.in_(chunk)
                )
            )
            if key is not None
        )
    return {pair: message for pair, message in planned.items() if pair not in logged}


def _apply_rules(
    session: Session,
    fresh: dict[tuple[int, str], MailMessage],
    *,
    inbound: bool,
    today: date,
    settings: Settings,
    tally: _Tally,
) -> None:
    """What the newest new message of each person does to them (before the batch's
    interactions are added: the rule weighs it against what was stored)."""
    newest: dict[int, MailMessage] = {}
    for (contact_id, _), message in fresh.items():
        current = newest.get(contact_id)
        if current is None or (message.day, message.at) > (current.day, current.at):
            newest[contact_id] = message
    days = {contact_id: min(m.day, today) for contact_id, m in newest.items()}
    states = _states(session, newest)
    logs = stored_logs(session, days)
    before = {i: tuple(state.row(settings).values()) for i, state in states.items()}
    for contact_id, state in states.items():
        message = newest[contact_id]
        text = message.subject if settings.keep_message_text else ""
        entry = LogEntry(days[contact_id], message.at, 0, inbound, True, text)
        event = apply_newest_message(
            state, entry, logs.get(contact_id, ()), settings=settings, today=today
        )
        if event is not None:
            tally.awaiting[contact_id] = event
        elif state.awaiting_reply_on is None:
            tally.awaiting.pop(contact_id, None)
    rows = [state.row(settings) for state in states.values()]
    changed = [row for row in rows if tuple(row.values()) != before[cast(int, row["id"])]]
    write_changed_states(session, changed, before)


def _states(session: Session, ids: Iterable[int]) -> dict[int, SyncState]:
    wanted = set(ids)
    dates = key_dates_by_contact(session, wanted)
    states: dict[int, SyncState] = {}
    for row in rows_for_ids(session, select(*STATE_COLUMNS), Contact.id, wanted):
        state = stored_state(row)
        state.key_dates = dates.get(state.id, ())
        states[state.id] = state
    return states

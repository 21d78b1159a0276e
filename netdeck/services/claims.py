"""Claims (no double outreach in a shared deck) and what other users just did.

A claim is one row of ``claims`` per contact: who is writing to them, since when,
and on which day. :func:`take_claim` gives it to the run's user unless another user
claimed the person today; the rule (:func:`netdeck.domain.claims.claim_counts`):
a claim from an earlier day counts for nothing and is taken over.

Atomic on both backends without anything dialect-specific: the contact id is the
table's primary key, so of several users claiming at once exactly one wins.
First a conditional UPDATE takes over a row that is stale or already ours (on
PostgreSQL a concurrent UPDATE waits for the other and re-checks its condition on
the row the other committed); where there is no row, an INSERT inside a savepoint
(a second INSERT of the same id waits for the first and fails on the key; the
savepoint keeps the rest of the transaction usable). Whatever happened, the row
read afterwards says who holds the claim. SQLite writes one transaction at a time
(``BEGIN IMMEDIATE``), so there the steps simply run in turn.

:func:`others_did` is the other half of the rule: two users acting on the same
person at the same moment both keep their writes, and the later one hears what the
other did today ("Alex also messaged Dana at 10:42"), from the interactions and
contact events the other user's writes were stamped with.

Internal to the application API (:class:`netdeck.services.api.DeckApi`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import cast

from sqlalchemy import Table, and_, case, delete, insert, or_, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netdeck.domain.claims import also_did, writing_to
from netdeck.domain.interactions import IMPORT_SOURCE
from netdeck.store.models import Claim, Contact, ContactEvent, Interaction, utc_now
from netdeck.store.sql import in_lists

#: The claims table, for Core statements (the row is read back as plain values).
CLAIMS = cast(Table, Claim.__table__)


@dataclass(frozen=True, slots=True)
class ClaimView:
    """Who holds the claim on a contact after a claim was asked for."""

    contact_id: int
    name: str  # the contact's
    user: str  # who holds it
    #: When they took it (aware, UTC).
    claimed_at: datetime
    #: Whether the run's user holds it (False: another user is writing to them).
    mine: bool

    @property
    def since(self) -> time:
        """When it was taken, on this machine's clock."""
        return self.claimed_at.astimezone().time()

    @property
    def sentence(self) -> str:
        """ "Alex is writing to Dana (since 10:42)"."""
        return writing_to(self.user, self.name, self.since)


def as_utc(stored: datetime) -> datetime:
    """A stored (naive UTC) timestamp as an aware one."""
    return stored.replace(tzinfo=UTC)


def take_claim(
    session: Session, contact_id: int, *, user: str, today: date, take_over: bool = False
) -> ClaimView:
    """Claim ``contact_id`` for ``user`` today, unless another user did today
    (``take_over``: even then). Returns who holds it now."""
    now = utc_now()
    table = CLAIMS
    ours_today = and_(table.c.user == user, table.c.claimed_on == today)
    taken = session.execute(
        update(table)
        .where(
            table.c.contact_id == contact_id,
            true() if take_over else or_(table.c.claimed_on != today, table.c.user == user),
        )
        # Claiming again what is ours today keeps the time it was first taken.
        .values(
            user=user,
            claimed_on=today,
            claimed_at=case((ours_today, table.c.claimed_at), else_=now),
        )
    )
    if not taken.rowcount:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
        try:
            with session.begin_nested():
                session.execute(
                    insert(table).values(
                        contact_id=contact_id, user=user, claimed_on=today, claimed_at=now
                    )
                )
        except IntegrityError:
            pass  # someone else's row came first: it is read below
    holder, at, name = session.execute(
        select(table.c.user, table.c.claimed_at, Contact.full_name)
        .join(Contact, Contact.id == table.c.contact_id)
        .where(table.c.contact_id == contact_id)
    ).one()
    return ClaimView(contact_id, name, holder, as_utc(at), mine=holder == user)


def release_claim(session: Session, contact_id: int, *, user: str) -> bool:
    """Drop ``user``'s claim on ``contact_id`` (another user's stays). Whether there was one."""
    table = CLAIMS
    gone = session.execute(
        delete(table).where(table.c.contact_id == contact_id, table.c.user == user)
    )
    return bool(gone.rowcount)  # type: ignore[attr-defined]  # a DELETE's CursorResult


def claimed_by_others(
    session: Session, contact_ids: Collection[int], *, user: str, today: date
) -> Mapping[int, tuple[str, datetime]]:
    """Of ``contact_ids``, those another user claimed today: id -> (user, when, aware UTC)."""
    table = CLAIMS
    held: dict[int, tuple[str, datetime]] = {}
    for chunk in in_lists(sorted(contact_ids)):
        rows = session.execute(
            select(table.c.contact_id, table.c.user, table.c.claimed_at).where(
                table.c.contact_id.in_(chunk), table.c.claimed_on == today, table.c.user != user
            )
        )
        for contact_id, holder, at in rows:
            held[contact_id] = (holder, as_utc(at))
    return held


def others_did(session: Session, contact_id: int, *, user: str, today: date) -> str | None:
    """What another user did to the contact today, the latest of it ("Alex also messaged
    Dana at 10:42"), or None. Imported interactions count as nobody's doing."""
    logged = session.execute(
        select(Interaction.actor, Interaction.created_at, Interaction.kind, Interaction.direction)
        .where(
            Interaction.contact_id == contact_id,
            Interaction.occurred_on == today,
            Interaction.actor.is_not(None),
            Interaction.actor != user,
            Interaction.source != IMPORT_SOURCE,
        )
        .order_by(Interaction.created_at.desc(), Interaction.id.desc())
        .limit(1)
    ).first()
    changed = session.execute(
        select(ContactEvent.actor, ContactEvent.at, ContactEvent.kind, ContactEvent.detail)
        .where(
            ContactEvent.contact_id == contact_id,
            ContactEvent.occurred_on == today,
            ContactEvent.actor.is_not(None),
            ContactEvent.actor != user,
        )
        .order_by(ContactEvent.at.desc(), ContactEvent.id.desc())
        .limit(1)
    ).first()
    if logged is None and changed is None:
        return None
    name = session.scalar(select(Contact.full_name).where(Contact.id == contact_id)) or ""
    if changed is None or (logged is not None and logged.created_at >= changed.at):
        assert logged is not None
        kind = "reply" if logged.direction == "inbound" else logged.kind
        return also_did(logged.actor, name, _local(logged.created_at), kind=kind)
    return also_did(
        changed.actor, name, _local(changed.at), kind=changed.kind, detail=changed.detail
    )


def _local(stored: datetime) -> time:
    return as_utc(stored).astimezone().time()


def hold_for_writing(session: Session, contact_id: int) -> None:
    """Lock the contact's row for the rest of this write (PostgreSQL: ``FOR NO KEY
    UPDATE``; SQLite's ``BEGIN IMMEDIATE`` already holds the whole file) and read it
    afresh. Two users writing to one person then take turns: the later one works
    from what the earlier committed, and :func:`others_did` sees it."""
    session.execute(
        select(Contact)
        .where(Contact.id == contact_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).scalar_one()

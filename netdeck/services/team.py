"""Who did what in a deck several people share: contact events, the deck's users,
and who else touched a person lately.

Every stage change, snooze, skip, pull and change of owner a user makes records a
:class:`~netdeck.store.models.ContactEvent` (its ``actor`` stamped from the write
session's user, :mod:`netdeck.store.database`); an undo removes the event its action
added. A run's user is registered in ``deck_users`` on its first write
(:meth:`netdeck.services.api.DeckApi`); a deck someone other than the run's user has
written to is *shared* (it has more than one user, counting the one running it, even
before their first write): its queue shows each user theirs and nobody's, and its
faces say who did what.

"Who else touched them" looks back :data:`~netdeck.domain.users.TOUCH_WINDOW_DAYS`
days for the latest interaction or event by a user other than the run's (rows from
before decks had users, without an actor, count for nobody).

Internal to the application API: its functions take a session.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netdeck.domain.dates import add_days
from netdeck.domain.interactions import Direction
from netdeck.domain.users import (
    TOUCH_WINDOW_DAYS,
    event_tail,
    event_verb,
    interaction_verb,
)
from netdeck.services.views import DeckUserView, TouchView
from netdeck.store.database import USER_INFO
from netdeck.store.models import ContactEvent, DeckUser, Interaction, utc_now
from netdeck.store.sql import in_lists


def record_event(session: Session, contact_id: int, kind: str, detail: str, *, today: date) -> int:
    """Record that the session's user did ``kind`` to the contact; the event's id."""
    event = ContactEvent(contact_id=contact_id, kind=kind, detail=detail[:200], occurred_on=today)
    session.add(event)
    session.flush()
    return event.id


def record_events(
    session: Session, details: Sequence[tuple[int, str]], kind: str, *, today: date
) -> datetime:
    """One ``kind`` event per (contact id, detail) in one executemany (a bulk action):
    a Core insert, so the actor is set here (the flush hook stamps only ORM rows).
    Returns the time they share, which :func:`remove_events` takes to remove them."""
    at = utc_now()
    if details:
        actor = session.info.get(USER_INFO)
        session.execute(
            insert(ContactEvent),
            [
                {
                    "contact_id": contact_id,
                    "kind": kind,
                    "detail": detail[:200],
                    "occurred_on": today,
                    "at": at,
                    "actor": actor,
                }
                for contact_id, detail in details
            ],
        )
    return at


def remove_event(session: Session, event_id: int | None) -> None:
    """Remove the event an undone action added (none: nothing to remove)."""
    if event_id is not None:
        session.execute(delete(ContactEvent).where(ContactEvent.id == event_id))


def remove_events(
    session: Session, contact_ids: Sequence[int], kind: str, at: datetime | None
) -> None:
    """Remove the events :func:`record_events` added at ``at`` (an undone bulk action)."""
    if at is None:
        return
    for chunk in in_lists(list(contact_ids)):
        session.execute(
            delete(ContactEvent).where(
                ContactEvent.contact_id.in_(chunk),
                ContactEvent.kind == kind,
                ContactEvent.at == at,
            )
        )


def register_user(session: Session, user: str) -> None:
    """Add the user to ``deck_users`` (first write), or note that they were seen now."""
    now = utc_now()
    known = session.get(DeckUser, user)
    if known is not None:
        known.last_seen_at = now
        session.flush()
        return
    try:
        with session.begin_nested():  # another run of theirs may register them first
            session.add(DeckUser(name=user, first_seen_at=now, last_seen_at=now))
    except IntegrityError:
        pass


def deck_users(session: Session) -> list[DeckUserView]:
    """Everyone who has written to the deck, first seen first."""
    rows = session.scalars(select(DeckUser).order_by(DeckUser.first_seen_at, DeckUser.name))
    return [DeckUserView(row.name, row.first_seen_at, row.last_seen_at) for row in rows]


#: Someone other than the run's user (parameter ``me``) has written to the deck; the
#: start-up reader runs it too (netdeck.store.first_look).
OTHER_USERS_STATEMENT = (
    select(func.count()).select_from(DeckUser).where(DeckUser.name != bindparam("me"))
)


def is_shared(session: Session, me: str) -> bool:
    """Whether someone other than ``me`` has written to this deck (so it has more than
    one user, counting ``me``, even before ``me`` first writes to it)."""
    return (session.scalar(OTHER_USERS_STATEMENT, {"me": me}) or 0) > 0


def recent_touches(
    session: Session, contact_ids: Sequence[int], *, me: str, today: date
) -> dict[int, TouchView]:
    """For each contact another user touched within the window, their latest touch (an
    interaction or an event; on the same day, the one recorded last)."""
    since = add_days(today, -TOUCH_WINDOW_DAYS)
    found: dict[int, tuple[tuple[date, datetime], TouchView]] = {}

    def keep(contact_id: int, key: tuple[date, datetime], touch: TouchView) -> None:
        if contact_id not in found or key > found[contact_id][0]:
            found[contact_id] = (key, touch)

    for chunk in in_lists(list(contact_ids)):
        interactions = session.execute(
            select(
                Interaction.contact_id,
                Interaction.actor,
                Interaction.kind,
                Interaction.direction,
                Interaction.occurred_on,
                Interaction.created_at,
            ).where(
                Interaction.contact_id.in_(chunk),
                Interaction.occurred_on >= since,
                Interaction.actor.is_not(None),
                Interaction.actor != me,
            )
        )
        for contact_id, actor, kind, direction, on, at in interactions:
            if actor is None:  # (the query leaves them out; this tells the type checker)
                continue
            verb = interaction_verb(kind, direction == Direction.INBOUND.value)
            keep(contact_id, (on, at), TouchView(by=actor, what=verb, on=on))
        events = session.execute(
            select(
                ContactEvent.contact_id,
                ContactEvent.actor,
                ContactEvent.kind,
                ContactEvent.detail,
                ContactEvent.occurred_on,
                ContactEvent.at,
            ).where(
                ContactEvent.contact_id.in_(chunk),
                ContactEvent.occurred_on >= since,
                ContactEvent.actor.is_not(None),
                ContactEvent.actor != me,
            )
        )
        for contact_id, actor, kind, detail, on, at in events:
            if actor is None:
                continue
            touch = TouchView(by=actor, what=event_verb(kind), on=on, tail=event_tail(kind, detail))
            keep(contact_id, (on, at), touch)
    return {contact_id: touch for contact_id, (_, touch) in found.items()}


__all__ = [
    "deck_users",
    "is_shared",
    "recent_touches",
    "record_event",
    "record_events",
    "register_user",
    "remove_event",
    "remove_events",
]

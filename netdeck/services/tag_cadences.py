"""Tags and their cadences: listing the tags, setting or clearing a tag's cadence, and
keeping everyone's cadence from their tags (``contacts.tag_cadence_days``) in step.

A person without a cadence of their own takes the shortest cadence among their tags
(:func:`netdeck.domain.cadence.effective_cadence`). ``tag_cadence_days`` is that
shortest tag cadence, stored on the contact so the queue orders from its index alone.
Whatever changes a contact's tags or a tag's cadence ends here or in
:func:`netdeck.services.contacts.edit_contact` (one contact, in the ORM):
:func:`refresh_tag_cadences` rewrites the column for a whole set of contacts with one
UPDATE, then moves the due dates the domain rule moves (one executemany).

Internal to the application API: its functions take a session, and the faces reach
them only through :class:`netdeck.services.api.DeckApi`.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Update
from sqlalchemy.sql.elements import ColumnElement

from netdeck.domain.errors import NotFound
from netdeck.domain.scheduling import next_due_on
from netdeck.domain.settings import Settings
from netdeck.domain.tags import clean_tag
from netdeck.services.contacts import schedule_facts
from netdeck.services.views import TagView
from netdeck.store.models import Contact, ContactTag, Tag
from netdeck.store.sql import by_code_point

#: The table itself: these UPDATEs are Core, so no loaded contact is synchronised by
#: evaluating the subquery in Python (those in the session are expired instead).
_CONTACTS = cast(Table, Contact.__table__)
#: A tag's cadence is not an edit of the person: their ``updated_at`` stays (it would
#: otherwise take the column's on-update default).
_UNEDITED = {"updated_at": _CONTACTS.c.updated_at}


def list_tags(session: Session) -> list[TagView]:
    """Every tag by name, with its cadence and how many people carry it."""
    carried = (
        select(Tag.name, Tag.cadence_days, func.count(ContactTag.contact_id))
        .outerjoin(ContactTag, ContactTag.tag_id == Tag.id)
        .group_by(Tag.id, Tag.name, Tag.cadence_days)
        .order_by(by_code_point(Tag.name))
    )
    return [
        TagView(name=name, cadence_days=days, people=people)
        for name, days, people in session.execute(carried)
    ]


def set_tag_cadence(
    session: Session, name: str, cadence_days: int | None, *, settings: Settings
) -> tuple[TagView, int]:
    """Give the tag a cadence (``None`` clears it); everyone carrying it takes the new
    shortest cadence of their tags. Returns the tag and how many due dates moved."""
    wanted = clean_tag(name)
    tag = session.scalar(select(Tag).where(Tag.name == wanted))
    if tag is None:
        known = ", ".join(
            session.scalars(select(Tag.name).order_by(by_code_point(Tag.name)).limit(20))
        )
        raise NotFound(
            f"no tag {wanted!r}: tag someone first (netdeck edit WHO --tag {wanted})"
            + (f"; tags: {known}" if known else "")
        )
    tag.cadence_days = cadence_days
    session.flush()
    carriers = select(ContactTag.contact_id).where(ContactTag.tag_id == tag.id)
    moved = refresh_tag_cadences(session, Contact.id.in_(carriers), settings=settings)
    people = session.scalar(select(func.count()).select_from(carriers.subquery())) or 0
    return TagView(name=tag.name, cadence_days=cadence_days, people=people), moved


def refresh_for_tags(session: Session, names: Collection[str], *, settings: Settings) -> int:
    """After these tags were added to people (an import, a merge): refresh everyone
    carrying one of them that has a cadence (a tag without one changes nobody's)."""
    if not names:
        return 0
    timed = select(Tag.id).where(Tag.name.in_(list(names)), Tag.cadence_days.is_not(None))
    carriers = select(ContactTag.contact_id).where(ContactTag.tag_id.in_(timed))
    return refresh_tag_cadences(session, Contact.id.in_(carriers), settings=settings)


def tag_cadence_update(scope: ColumnElement[bool]) -> Update:
    """The UPDATE setting ``tag_cadence_days`` of the contacts ``scope`` selects to the
    shortest cadence of their tags (NULL when none of their tags has one)."""
    shortest = (
        select(func.min(Tag.cadence_days))
        .join(ContactTag, ContactTag.tag_id == Tag.id)
        .where(ContactTag.contact_id == _CONTACTS.c.id)
        .scalar_subquery()
    )
    return update(_CONTACTS).where(scope).values(tag_cadence_days=shortest, **_UNEDITED)


def refresh_tag_cadences(
    session: Session, scope: ColumnElement[bool], *, settings: Settings
) -> int:
    """Recompute ``tag_cadence_days`` for the contacts ``scope`` selects (one UPDATE),
    then their due dates by the domain rule (one executemany, for those that moved).
    Returns how many due dates moved. Contacts loaded in the session are expired, so
    they read the new values."""
    session.flush()
    session.execute(tag_cadence_update(scope))
    touched: set[int] = set()
    moves: list[dict[str, object]] = []
    for row in session.execute(select(_CONTACTS).where(scope)):
        touched.add(row.id)
        due = next_due_on(schedule_facts(row, settings))
        if due != row.next_due_on:
            moves.append({"contact_id": row.id, "due": due})
    if moves:
        session.execute(
            update(_CONTACTS)
            .where(_CONTACTS.c.id == bindparam("contact_id"))
            .values(next_due_on=bindparam("due"), **_UNEDITED),
            moves,
        )
    for held in list(session.identity_map.values()):
        if isinstance(held, Contact) and held.id in touched:
            session.expire(held, ["tag_cadence_days", "next_due_on"])
    return len(moves)


__all__ = [
    "list_tags",
    "refresh_for_tags",
    "refresh_tag_cadences",
    "set_tag_cadence",
    "tag_cadence_update",
]

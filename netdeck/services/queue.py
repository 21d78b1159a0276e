"""Today's queue: who is due, in what order, and the figures around it.

The order is computed in SQL (one indexed query, capped) with the same rule
as :func:`netdeck.domain.scheduling.queue_sort_key`; a test keeps the two
in agreement.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Date, and_, case, distinct, func, literal, or_, select
from sqlalchemy.orm import Session

from netdeck.domain.interactions import InteractionKind
from netdeck.domain.scheduling import (
    FIRST_MESSAGE_DAYS,
    PROSPECT_PERIOD_DAYS,
    REQUEST_FOLLOW_UP_DAYS,
    due_reason,
)
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.services.contacts import preferred_addresses, schedule_facts
from netdeck.services.views import QueueEntry, QueueSnapshot
from netdeck.store.models import Contact, Interaction
from netdeck.store.sql import days_between


def _due_today(today: date):
    """The WHERE clause for contacts in today's queue."""
    return and_(
        Contact.next_due_on.is_not(None),
        Contact.next_due_on <= today,
        or_(Contact.skipped_on.is_(None), Contact.skipped_on != today),
    )


def queue_order(today: date, default_cadence: int):
    """ORDER BY clauses equal to :func:`netdeck.domain.scheduling.queue_sort_key`."""
    period = case(
        (Contact.stage == Stage.CONNECTED.value, FIRST_MESSAGE_DAYS),
        (Contact.stage == Stage.REQUESTED.value, REQUEST_FOLLOW_UP_DAYS),
        (Contact.stage == Stage.PROSPECT.value, PROSPECT_PERIOD_DAYS),
        else_=func.coalesce(Contact.cadence_days, default_cadence),
    )
    overdue = days_between(literal(today, Date), Contact.next_due_on)
    return (
        case((Contact.stage == Stage.CONNECTED.value, 0), else_=1),
        (overdue * 1.0 / period).desc(),
        Contact.next_due_on,
        Contact.name_key,
        Contact.id,
    )


def due_contacts(
    session: Session, *, today: date, settings: Settings, limit: int | None
) -> list[QueueEntry]:
    """Contacts due today in queue order, at most ``limit`` of them (all when None)."""
    query = (
        select(Contact)
        .where(_due_today(today))
        .order_by(*queue_order(today, settings.default_cadence))
    )
    if limit is not None:
        query = query.limit(limit)
    contacts = list(session.scalars(query))
    addresses = preferred_addresses(session, [c.id for c in contacts])
    entries = []
    for contact in contacts:
        facts = schedule_facts(contact, settings)
        assert contact.next_due_on is not None
        entries.append(
            QueueEntry(
                id=contact.id,
                name=contact.full_name,
                stage=contact.stage,
                company=contact.company,
                title=contact.title,
                due_on=contact.next_due_on,
                overdue_days=(today - contact.next_due_on).days,
                reason=due_reason(facts, today),
                cadence_days=facts.cadence_days,
                channels=addresses[contact.id],
            )
        )
    return entries


def todays_queue(
    session: Session,
    *,
    today: date,
    settings: Settings,
    show_all: bool = False,
    limit: int | None = None,
) -> QueueSnapshot:
    """Today's queue and the figures around it.

    The daily queue size is how many people you handle in a day, and the people
    you already logged today count toward it: with a size of 10 and 3 done, the
    queue shows the next 7 due, so "done for today" is reachable. ``limit``
    caps the list instead; ``show_all`` lists everyone due.
    """
    done_today = (
        session.scalar(
            select(func.count(distinct(Interaction.contact_id))).where(
                Interaction.occurred_on == today,
                Interaction.kind != InteractionKind.NOTE.value,
                Interaction.source == "manual",
            )
        )
        or 0
    )
    if show_all:
        cap = None
    elif limit is not None:
        cap = limit
    else:
        cap = max(settings.queue_size - done_today, 0)
    entries = [] if cap == 0 else due_contacts(session, today=today, settings=settings, limit=cap)
    due_total = session.scalar(select(func.count(Contact.id)).where(_due_today(today))) or 0
    counts = dict(
        session.execute(select(Contact.stage, func.count(Contact.id)).group_by(Contact.stage)).all()
    )
    next_due = session.scalar(
        select(func.min(Contact.next_due_on)).where(Contact.next_due_on > today)
    )
    skipped_today = session.scalar(
        select(func.count(Contact.id)).where(
            Contact.next_due_on <= today, Contact.skipped_on == today
        )
    )
    if skipped_today:
        tomorrow = today + timedelta(days=1)
        next_due = tomorrow if next_due is None else min(next_due, tomorrow)
    return QueueSnapshot(
        today=today,
        entries=tuple(entries),
        due_total=due_total,
        done_today=done_today,
        inner_circle=counts.get(Stage.ACTIVE.value, 0),
        inner_circle_target=settings.inner_circle_target,
        contact_count=sum(counts.values()),
        next_due_on=next_due,
    )

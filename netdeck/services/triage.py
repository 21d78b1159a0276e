"""Triage: going through ``unsorted`` contacts one at a time.

(:func:`triage_queue`, then :func:`keep`, :func:`later`,
:func:`let_go`, :func:`skip`). The queue is the unsorted contacts in promise
order (see :mod:`netdeck.domain.triage`), computed in SQL and fetched a page at
a time: one query over the unsorted rows (found by the stage index) that scores
them and keeps the top page (LIMIT), never loading them all; about 0.2 s for
22,000 unsorted among 100,000 contacts on the 2-core development machine. Each action returns an :class:`~netdeck.services.actions.ActionOutcome`
whose undo token :func:`netdeck.services.actions.undo` reverses exactly
(including the cadence keep sets). These act on unsorted contacts only.

- **keep**: ``active`` with the chosen cadence as the contact's own (a
  ``connected`` contact still awaiting a first message stays ``connected``:
  only bulk keep meets one); the first
  due day is spread (:func:`netdeck.domain.triage.spread_due_on`) over the
  first cycle, so a big import never lands on one morning. A spread day other
  than the one the rule gives is stored as a snooze (which the rules already
  know: it replaces the due date until the next interaction or stage change).
- **later** ("follow up later", before deciding): a contact with a connection
  date and no conversation since becomes ``connected`` (due for a first
  message), one you have talked with ``active``, anyone else a ``prospect``
  (due to send a request with a note); either way first due
  between 14 and 44 days from now, spread like keep.
- **let go**: ``archived`` (never due).
- **skip**: nothing changes; the screen remembers skipped ids for the session
  and passes them as ``exclude``, so they come back at the end.

In bulk, keep and archive are :mod:`netdeck.services.bulk_actions` (keeping
shares :func:`kept_facts` with this module).

The load the spreading looks at is every contact's stored due date after
today (one grouped query).

Internal to the application API: its functions take a session and ORM rows, and
the faces reach them only through :class:`netdeck.services.api.DeckApi`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import case, exists, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from netdeck.domain.cadence import MAX_CADENCE_DAYS, MIN_CADENCE_DAYS
from netdeck.domain.dates import add_days
from netdeck.domain.errors import InvalidInput
from netdeck.domain.key_dates import KeyDateFacts
from netdeck.domain.scheduling import (
    ScheduleFacts,
    after_stage_change,
    next_due_on,
    with_key_dates,
)
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.domain.triage import (
    CONNECTION_TIERS,
    DETAIL_POINTS,
    LATER_AFTER_DAYS,
    LATER_WINDOW_DAYS,
    MESSAGES_POINTS,
    OLDER_CONNECTION_POINTS,
    SHARED_TAG_POINTS,
    PromiseFacts,
    promise_reasons,
    spread_due_on,
    stage_when_kept,
    stage_when_put_off,
)
from netdeck.services.actions import ActionOutcome, UndoToken, capture, outcome_of
from netdeck.services.contacts import get_contact, key_date_facts, schedule_facts, store_facts
from netdeck.services.team import record_event
from netdeck.store.models import Channel, Contact, ContactTag
from netdeck.store.sql import by_code_point

#: Rows in one page of the triage queue.
TRIAGE_PAGE = 50


@dataclass(frozen=True, slots=True)
class TriageEntry:
    """An unsorted contact, with why it looks promising."""

    id: int
    name: str
    company: str
    title: str
    connected_on: date | None
    last_interaction_on: date | None
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TriageCounts:
    """The figures in the triage header: ``412 left · inner circle 73/100``."""

    left: int  # unsorted contacts
    inner_circle: int  # active contacts
    inner_circle_target: int


@dataclass(frozen=True, slots=True)
class TriageSnapshot:
    today: date
    entries: tuple[TriageEntry, ...]
    counts: TriageCounts


# ---------------------------------------------------------------- the promise, in SQL


def circle_tag_ids(session: Session) -> list[int]:
    """The tags at least one ``active`` contact holds (one query, before the page query:
    as a subquery SQLite would re-run it inside the ORDER BY)."""
    return list(
        session.scalars(
            select(ContactTag.tag_id)
            .join(Contact, Contact.id == ContactTag.contact_id)
            .where(Contact.stage == Stage.ACTIVE.value)
            .distinct()
        )
    )


def _promise_columns(
    today: date, circle_tags: list[int]
) -> tuple[ColumnElement[int], ColumnElement[int], ColumnElement[int]]:
    """(shares a circle tag, details filled in, score) as SQL expressions, equal to
    :func:`netdeck.domain.triage.promise_score`."""
    # "at most N days since connecting" as a date comparison: cheap, and the same in any dialect.
    connection = case(
        (Contact.connected_on.is_(None), 0),
        *(
            (Contact.connected_on >= add_days(today, -limit), points)
            for limit, points in CONNECTION_TIERS
        ),
        else_=OLDER_CONNECTION_POINTS,
    )
    has_email = exists(
        select(Channel.id).where(Channel.contact_id == Contact.id, Channel.kind == "email")
    )
    if circle_tags:
        shares = exists(
            select(ContactTag.tag_id).where(
                ContactTag.contact_id == Contact.id, ContactTag.tag_id.in_(circle_tags)
            )
        )
        shares_flag: ColumnElement[int] = case((shares, 1), else_=0)
    else:
        shares_flag = literal(0)
    email_flag = case((has_email, 1), else_=0)
    details = (
        email_flag
        + case((Contact.title != "", 1), else_=0)
        + case((Contact.company != "", 1), else_=0)
        + case((Contact.notes != "", 1), else_=0)
        + case((Contact.how_we_met != "", 1), else_=0)
    )
    score = (
        connection
        + case((Contact.last_interaction_on.is_not(None), MESSAGES_POINTS), else_=0)
        + shares_flag * SHARED_TAG_POINTS
        + details * DETAIL_POINTS
    )
    return shares_flag, details, score


def triage_counts(session: Session, settings: Settings) -> TriageCounts:
    counts = dict(
        session.execute(
            select(Contact.stage, func.count(Contact.id))
            .where(Contact.stage.in_([Stage.UNSORTED.value, Stage.ACTIVE.value]))
            .group_by(Contact.stage)
        ).all()
    )
    return TriageCounts(
        left=counts.get(Stage.UNSORTED.value, 0),
        inner_circle=counts.get(Stage.ACTIVE.value, 0),
        inner_circle_target=settings.inner_circle_target,
    )


def triage_queue(
    session: Session,
    *,
    today: date,
    settings: Settings,
    limit: int = TRIAGE_PAGE,
    offset: int = 0,
    exclude: Collection[int] = (),
) -> TriageSnapshot:
    """Unsorted contacts, most promising first (a page), and the header's counts.

    ``exclude`` leaves out ids the caller already holds or skipped this session.
    """
    shares_flag, details, score = _promise_columns(today, circle_tag_ids(session))
    score_column = score.label("score")
    query = select(
        Contact.id,
        Contact.full_name,
        Contact.company,
        Contact.title,
        Contact.connected_on,
        Contact.last_interaction_on,
        shares_flag.label("shares"),
        details.label("details"),
        score_column,
    ).where(Contact.stage == Stage.UNSORTED.value)
    if exclude:
        query = query.where(Contact.id.not_in(list(exclude)))
    query = (
        # By the label, so SQLite computes the score once per row.
        query.order_by(score_column.desc(), by_code_point(Contact.name_key), Contact.id)
        .limit(max(limit, 0))
        .offset(offset)
    )
    entries = tuple(
        TriageEntry(
            id=row.id,
            name=row.full_name,
            company=row.company,
            title=row.title,
            connected_on=row.connected_on,
            last_interaction_on=row.last_interaction_on,
            score=int(row.score),
            reasons=promise_reasons(
                PromiseFacts(
                    connected_on=row.connected_on,
                    last_interaction_on=row.last_interaction_on,
                    shares_circle_tag=bool(row.shares),
                    details=int(row.details),
                ),
                today,
            ),
        )
        for row in session.execute(query)
    )
    return TriageSnapshot(today=today, entries=entries, counts=triage_counts(session, settings))


# ---------------------------------------------------------------- spreading


def due_load(session: Session, today: date) -> Counter[date]:
    """How many contacts are due on each day after today."""
    rows = session.execute(
        select(Contact.next_due_on, func.count(Contact.id))
        .where(Contact.next_due_on > today)
        .group_by(Contact.next_due_on)
    ).all()
    return Counter({day: count for day, count in rows if day is not None})


def check_cadence(days: int) -> int:
    if not MIN_CADENCE_DAYS <= days <= MAX_CADENCE_DAYS:
        raise InvalidInput(f"cadence must be between {MIN_CADENCE_DAYS} day and 10 years")
    return days


def kept_facts(
    facts: ScheduleFacts,
    cadence: int | None,
    *,
    today: date,
    settings: Settings,
    load: Counter[date],
    dates: Iterable[KeyDateFacts] = (),
) -> ScheduleFacts:
    """The facts after keeping: active with ``cadence`` (None: the one they have, their
    tags' or the default), first due day spread, but never past a key date of theirs
    (``dates``); a connected contact still awaiting a first message stays connected
    (:func:`~netdeck.domain.triage.stage_when_kept`)."""
    if cadence is not None:
        facts = replace(facts, cadence_days=cadence)
    stage = stage_when_kept(facts)
    if facts.stage is stage:
        return facts  # already where keeping puts them: only the cadence changes
    facts = with_key_dates(after_stage_change(facts, stage, today), dates)
    natural = next_due_on(facts)
    day = spread_due_on(
        natural_due=natural,
        today=today,
        window_days=facts.cadence_days,
        load=load,
        capacity=settings.queue_size,
    )
    day = _by_the_key_date(facts, day)
    load[day] += 1
    return facts if day == natural else replace(facts, snoozed_until=day)


def _by_the_key_date(facts: ScheduleFacts, day: date) -> date:
    """A spread first due day moved back to their key date when that comes first (a
    spread is a snooze, which would hide a birthday)."""
    pending = facts.key_date
    return pending.on if pending is not None and pending.on < day else day


def _later(
    facts: ScheduleFacts,
    *,
    today: date,
    settings: Settings,
    load: Counter[date],
    dates: Iterable[KeyDateFacts] = (),
) -> ScheduleFacts:
    facts = with_key_dates(after_stage_change(facts, stage_when_put_off(facts), today), dates)
    day = spread_due_on(
        natural_due=add_days(today, LATER_AFTER_DAYS),
        today=today,
        window_days=LATER_WINDOW_DAYS,
        load=load,
        capacity=settings.queue_size,
    )
    day = _by_the_key_date(facts, day)
    load[day] += 1
    return replace(facts, snoozed_until=day)


# ---------------------------------------------------------------- one at a time


def _unsorted(session: Session, contact_id: int) -> Contact:
    contact = get_contact(session, contact_id)
    if contact.stage != Stage.UNSORTED.value:
        raise InvalidInput(
            f"{contact.full_name} is {contact.stage}, not unsorted: triage is for unsorted "
            "contacts (change the stage instead)"
        )
    return contact


def keep(
    session: Session,
    contact_id: int,
    *,
    cadence_days: int | None,
    today: date,
    settings: Settings,
) -> ActionOutcome:
    """Keep an unsorted contact: ``active`` with ``cadence_days`` as their own cadence
    (None: their tags' cadence, else the default, stays theirs), first due day spread."""
    cadence = None if cadence_days is None else check_cadence(cadence_days)
    contact = _unsorted(session, contact_id)
    token = replace(
        capture(contact, "kept"), cadence_changed=True, cadence_days=contact.cadence_days
    )
    facts = kept_facts(
        schedule_facts(contact, settings),
        cadence,
        today=today,
        settings=settings,
        load=due_load(session, today),
        dates=[key_date_facts(row) for row in contact.key_dates],
    )
    if cadence is not None:
        contact.cadence_days = cadence
    store_facts(contact, facts)
    return _stage_recorded(session, contact, token, today)


def later(session: Session, contact_id: int, *, today: date, settings: Settings) -> ActionOutcome:
    """Follow up later: ``connected`` (or ``prospect`` without a connection date),
    first due 14 to 44 days from now."""
    contact = _unsorted(session, contact_id)
    token = capture(contact, "put off for later")
    facts = _later(
        schedule_facts(contact, settings),
        today=today,
        settings=settings,
        load=due_load(session, today),
        dates=[key_date_facts(row) for row in contact.key_dates],
    )
    store_facts(contact, facts)
    return _stage_recorded(session, contact, token, today)


def let_go(session: Session, contact_id: int, *, today: date, settings: Settings) -> ActionOutcome:
    """Let an unsorted contact go: ``archived``, never due."""
    contact = _unsorted(session, contact_id)
    token = capture(contact, "let go")
    store_facts(
        contact, after_stage_change(schedule_facts(contact, settings), Stage.ARCHIVED, today)
    )
    return _stage_recorded(session, contact, token, today)


def _stage_recorded(
    session: Session, contact: Contact, token: UndoToken, today: date
) -> ActionOutcome:
    """A triage decision's end: the stage change recorded as an event (undo removes it)."""
    session.flush()
    event_id = record_event(session, contact.id, "stage", contact.stage, today=today)
    return outcome_of(contact, replace(token, event_id=event_id))


def skip(session: Session, contact_id: int) -> ActionOutcome:
    """Skip for now: nothing changes (the caller remembers the id); undo is a no-op."""
    contact = _unsorted(session, contact_id)
    token = capture(contact, "skipped")
    return outcome_of(contact, token)


def decide(
    session: Session,
    contact_id: int,
    action: str,
    *,
    cadence_days: int | None,
    today: date,
    settings: Settings,
) -> ActionOutcome:
    """One triage decision by name (``keep`` with ``cadence_days``, ``later``,
    ``let_go`` or ``skip``): the one dispatch the TUI and the CLI share."""
    if action == "keep":
        return keep(session, contact_id, cadence_days=cadence_days, today=today, settings=settings)
    if action == "later":
        return later(session, contact_id, today=today, settings=settings)
    if action == "let_go":
        return let_go(session, contact_id, today=today, settings=settings)
    if action == "skip":
        return skip(session, contact_id)
    raise ValueError(f"unknown triage action {action!r}")


__all__ = [
    "TriageCounts",
    "TriageEntry",
    "TriageSnapshot",
    "decide",
    "keep",
    "later",
    "let_go",
    "skip",
    "triage_counts",
    "triage_queue",
]

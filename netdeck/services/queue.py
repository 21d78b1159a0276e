"""Today's queue: who is due, in what order, and the figures around it.

The order is computed in SQL (one indexed query, capped) with the same rule
as :func:`netdeck.domain.scheduling.queue_sort_key`; a test keeps the two
in agreement.

LinkedIn's note budget paces the prospects only a note reaches
(:mod:`netdeck.domain.note_budget`): the due query keeps the first
``note_allowance`` of them in queue order and holds the rest, the same split as
:func:`netdeck.domain.note_budget.paced` (a test keeps them equal), so held
prospects never fill the daily size. Two kinds of note-only prospect are never
held: one awaiting your reply (answering them needs no request) and one pulled
into today's queue (the user asked for them). ``queue --all`` lists the held
ones after the rest, marked ``held`` with the reason and the day they come back.

Internal to the application API: its functions take a session and ORM rows, and
the faces reach them only through :class:`netdeck.services.api.DeckApi`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    delete,
    distinct,
    func,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from netdeck.domain.dates import add_days
from netdeck.domain.interactions import InteractionKind
from netdeck.domain.note_budget import (
    HELD_NOTE_BUDGET,
    OTHER_WAYS,
    NoteBudget,
    NoteUse,
    held_reason,
    next_note_day,
)
from netdeck.domain.scheduling import (
    FIRST_MESSAGE_DAYS,
    PROSPECT_PERIOD_DAYS,
    REQUEST_FOLLOW_UP_DAYS,
    daily_cap,
    queue_with_pulled,
    reply_window_start,
)
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.services.contacts import preferred_addresses
from netdeck.services.note_budget import todays_note_allowance
from netdeck.services.queue_rows import NO_LIMIT, QUEUE_ROW_FIELDS, queue_entry
from netdeck.services.views import QueueEntry, QueueSnapshot
from netdeck.store.models import Channel, ClearedDay, Contact, Interaction
from netdeck.store.sql import by_code_point, days_between, nulls_as_in_sqlite

TODAY = bindparam("today", type_=Date)
DEFAULT_CADENCE = bindparam("default_cadence", type_=Integer)
LIMIT = bindparam("queue_limit", type_=Integer)
#: The earliest day a message awaiting your reply counts from (today less the window).
REPLY_SINCE = bindparam("reply_since", type_=Date)
#: How many note-only prospects today's queue may still show (``NO_LIMIT``: no pacing).
NOTE_ALLOWANCE = bindparam("note_allowance", type_=Integer)


def _awaiting_reply(today: ColumnElement[date], reply_since: ColumnElement[date]) -> Any:
    """Equal to :func:`netdeck.domain.scheduling.is_awaiting_reply`."""
    return and_(
        Contact.awaiting_reply_on.is_not(None),
        Contact.awaiting_reply_on >= reply_since,
        Contact.awaiting_reply_on <= today,
        Contact.stage != Stage.ARCHIVED.value,
        or_(Contact.snoozed_until.is_(None), Contact.snoozed_until <= today),
    )


def _due_today(today: ColumnElement[date], reply_since: ColumnElement[date]) -> ColumnElement[bool]:
    """The WHERE clause for contacts in today's queue."""
    return and_(
        or_(
            and_(Contact.next_due_on.is_not(None), Contact.next_due_on <= today),
            _awaiting_reply(today, reply_since),
        ),
        or_(Contact.skipped_on.is_(None), Contact.skipped_on != today),
    )


def queue_order(
    today: ColumnElement[date],
    default_cadence: ColumnElement[int],
    reply_since: ColumnElement[date],
) -> tuple[ColumnElement[Any] | InstrumentedAttribute[Any], ...]:
    """ORDER BY clauses equal to :func:`netdeck.domain.scheduling.queue_sort_key`."""
    awaiting = _awaiting_reply(today, reply_since)
    period = case(
        (Contact.stage == Stage.CONNECTED.value, FIRST_MESSAGE_DAYS),
        (Contact.stage == Stage.REQUESTED.value, REQUEST_FOLLOW_UP_DAYS),
        (Contact.stage == Stage.PROSPECT.value, PROSPECT_PERIOD_DAYS),
        # netdeck.domain.cadence.effective_cadence: their own, their tags', the default.
        else_=func.coalesce(Contact.cadence_days, Contact.tag_cadence_days, default_cadence),
    )
    due = case((awaiting, Contact.awaiting_reply_on), else_=Contact.next_due_on)
    overdue = days_between(today, due)
    return (
        case((awaiting, 0), else_=1),
        # Among those awaiting a reply, the longest waiting first, whatever their stage;
        # a key date that has come ranks with a new connection.
        case(
            (awaiting, 0),
            (Contact.stage == Stage.CONNECTED.value, 0),
            (Contact.key_date_on <= today, 0),
            else_=1,
        ),
        # (Nulls, for someone pulled in who is due on no day, as SQLite sorts them.)
        nulls_as_in_sqlite(overdue * 1.0 / case((awaiting, 1), else_=period), descending=True),
        nulls_as_in_sqlite(due),
        by_code_point(Contact.name_key),
        Contact.id,
    )


def _paced_prospect(today: ColumnElement[date], reply_since: ColumnElement[date]) -> Any:
    """A prospect the note budget paces: only a LinkedIn note reaches them (equal to
    :func:`netdeck.domain.note_budget.is_note_only`) and they are not awaiting your
    reply. It reads only columns of ``ix_contacts_queue`` (and the channels by contact).

    ``OFFSET 0`` keeps the channel lookup per row, for the few due prospects only:
    without it PostgreSQL hashes every e-mail, X and website address in the deck
    first (20-40 ms at 100,000 contacts). SQLite plans it the same either way."""
    other_way = (
        select(Channel.id)
        .where(Channel.contact_id == Contact.id, or_(*(Channel.kind == k for k in OTHER_WAYS)))
        .offset(0)
        .exists()
    )
    return and_(
        Contact.stage == Stage.PROSPECT.value,
        not_(_awaiting_reply(today, reply_since)),
        not_(other_way),
    )


def _paced_due() -> ColumnElement[bool]:
    """Due today, paced, and not pulled in (a pull is shown whatever the budget, and
    does not take a paced prospect's place)."""
    return and_(
        _due_today(TODAY, REPLY_SINCE),
        _paced_prospect(TODAY, REPLY_SINCE),
        or_(Contact.pulled_on.is_(None), Contact.pulled_on != TODAY),
    )


#: The paced prospects today's queue shows: the first ``note_allowance`` due, in
#: queue order (uncorrelated, so the database reads it once).
_NOTE_ALLOWED_IDS = (
    select(Contact.id)
    .where(_paced_due())
    .order_by(*queue_order(TODAY, DEFAULT_CADENCE, REPLY_SINCE))
    .limit(NOTE_ALLOWANCE)
    .correlate(None)
)


def _due_not_held() -> ColumnElement[bool]:
    """Due today and not held by the note budget (parameter ``note_allowance`` too).
    A pulled paced prospect is left out here: the pulled rows bring them in. Only
    index columns are read per due row, so the order still comes from the index."""
    return and_(
        _due_today(TODAY, REPLY_SINCE),
        or_(
            # No pacing (no limit): decided once, so neither test below runs.
            NOTE_ALLOWANCE >= NO_LIMIT,
            not_(_paced_prospect(TODAY, REPLY_SINCE)),
            Contact.id.in_(_NOTE_ALLOWED_IDS),
        ),
    )


def _held() -> ColumnElement[bool]:
    """Due today but held by the note budget."""
    return and_(_paced_due(), Contact.id.not_in(_NOTE_ALLOWED_IDS))


#: A shared deck's queue by default: the user's people and nobody's (parameter ``me``).
MINE_OR_NOBODYS = or_(Contact.owner.is_(None), Contact.owner == bindparam("me", type_=String))


def _scoped(clause: ColumnElement[bool], scope: ColumnElement[bool] | None) -> ColumnElement[bool]:
    """``clause``, narrowed to ``scope`` where there is one (None: everyone)."""
    return clause if scope is None else and_(clause, scope)


def _awaiting_statement(scope: ColumnElement[bool] | None) -> Select[Any]:
    """The people awaiting your reply, in queue order: the head of today's queue.

    They come before everyone else, the longest waiting first, so when at least a
    queue's worth of people await your reply the rest of the due (thousands in a big
    deck) need not be ordered at all (:func:`_queue_entries`). Among them the queue's
    order (:func:`queue_order`) is the day they wrote, then the name, then the id:
    written out so, an index on the day serves it."""
    return (
        select(*(getattr(Contact, name) for name in QUEUE_ROW_FIELDS))
        .where(
            _scoped(
                and_(
                    _awaiting_reply(TODAY, REPLY_SINCE),
                    or_(Contact.skipped_on.is_(None), Contact.skipped_on != TODAY),
                ),
                scope,
            )
        )
        .order_by(Contact.awaiting_reply_on, by_code_point(Contact.name_key), Contact.id)
        .limit(LIMIT)
    )


#: The head of today's queue, those awaiting your reply (parameters as ``DUE_STATEMENT``).
AWAITING_STATEMENT = _awaiting_statement(None)
MY_AWAITING_STATEMENT = _awaiting_statement(MINE_OR_NOBODYS)


def _due_statement(scope: ColumnElement[bool] | None) -> Select[Any]:
    """The rest of today's queue in order (all but those awaiting your reply), of
    everyone or only of ``scope``."""
    # The ids of today's queue, in order. Every column it reads (without a scope) is in
    # the ``ix_contacts_queue`` index, so SQLite orders the due contacts from the index
    # alone and visits the table only for the few rows shown.
    due_ids = (
        select(Contact.id)
        .where(_scoped(and_(_due_not_held(), not_(_awaiting_reply(TODAY, REPLY_SINCE))), scope))
        .order_by(*queue_order(TODAY, DEFAULT_CADENCE, REPLY_SINCE))
        .limit(LIMIT)
        .subquery("due_ids")
    )
    return (
        select(*(getattr(Contact, name) for name in QUEUE_ROW_FIELDS))
        .join(due_ids, due_ids.c.id == Contact.id)
        .order_by(*queue_order(TODAY, DEFAULT_CADENCE, REPLY_SINCE))
    )


#: Today's queue after those awaiting your reply, in order: parameters ``today``,
#: ``default_cadence``, ``reply_since``, ``note_allowance`` and ``queue_limit``.
DUE_STATEMENT = _due_statement(None)
#: The same, of the user's people and nobody's: parameter ``me`` too.
MY_DUE_STATEMENT = _due_statement(MINE_OR_NOBODYS)


def _held_statement(scope: ColumnElement[bool] | None) -> Select[Any]:
    return (
        select(*(getattr(Contact, name) for name in QUEUE_ROW_FIELDS))
        .where(_scoped(_held(), scope))
        .order_by(*queue_order(TODAY, DEFAULT_CADENCE, REPLY_SINCE))
    )


#: The prospects the note budget holds today, in queue order (``queue --all``).
HELD_STATEMENT = _held_statement(None)
MY_HELD_STATEMENT = _held_statement(MINE_OR_NOBODYS)


def _pulled_today(today: ColumnElement[date]) -> ColumnElement[bool]:
    """The WHERE clause for contacts pulled into today's queue (equal to
    :func:`netdeck.domain.scheduling.is_pulled`)."""
    return and_(
        Contact.pulled_on == today,
        or_(Contact.skipped_on.is_(None), Contact.skipped_on != today),
    )


#: The people pulled into today's queue, in queue order: parameters ``today``,
#: ``default_cadence`` and ``reply_since``.
PULLED_STATEMENT = (
    select(*(getattr(Contact, name) for name in QUEUE_ROW_FIELDS))
    .where(_pulled_today(TODAY))
    .order_by(*queue_order(TODAY, DEFAULT_CADENCE, REPLY_SINCE))
)
MY_PULLED_STATEMENT = PULLED_STATEMENT.where(MINE_OR_NOBODYS)


def queue_parameters(
    today: date, settings: Settings, note_allowance: int | None = None
) -> dict[str, object]:
    """The bound values the queue's statements take, but for ``queue_limit``
    (``note_allowance`` None: no pacing)."""
    return {
        "today": today,
        "default_cadence": settings.default_cadence,
        "reply_since": reply_window_start(today, settings.reply_window),
        "note_allowance": NO_LIMIT if note_allowance is None else note_allowance,
    }


#: How many people got a message, call or meeting logged today: parameter ``today``.
DONE_TODAY_STATEMENT = select(func.count(distinct(Interaction.contact_id))).where(
    Interaction.occurred_on == TODAY,
    Interaction.kind != InteractionKind.NOTE.value,
    Interaction.source == "manual",
)
#: The same, of what the user logged (a shared deck: your daily size counts your own
#: conversations, not your colleagues'): parameter ``me`` too.
MY_DONE_TODAY_STATEMENT = DONE_TODAY_STATEMENT.where(
    Interaction.actor == bindparam("me", type_=String)
)


def due_contacts(
    session: Session, *, today: date, settings: Settings, limit: int | None, paced: bool = True
) -> list[QueueEntry]:
    """Today's queue in order: the people pulled in, then at most ``limit`` of those due
    (all when None; see :func:`netdeck.domain.scheduling.queue_with_pulled`), less the
    prospects the note budget holds (``paced`` False: none held)."""
    allowance = (
        todays_note_allowance(session, today=today, settings=settings).allowance if paced else None
    )
    return _queue_entries(session, today, settings, limit, allowance)


def _queue_entries(
    session: Session,
    today: date,
    settings: Settings,
    limit: int | None,
    allowance: int | None,
    me: str | None = None,
) -> list[QueueEntry]:
    """The queue's entries (``me``: only theirs and nobody's; None: everyone's)."""
    parameters = queue_parameters(today, settings, allowance) | {"me": me}
    pulled = session.execute(
        PULLED_STATEMENT if me is None else MY_PULLED_STATEMENT, parameters
    ).all()
    # Pulled people may be due too: read enough due rows to fill the share without them.
    wanted = NO_LIMIT if limit is None else limit + len(pulled)
    due: list[Any] = []
    if limit != 0:
        due = list(
            session.execute(
                AWAITING_STATEMENT if me is None else MY_AWAITING_STATEMENT,
                parameters | {"queue_limit": wanted},
            )
        )
    if limit != 0 and len(due) < wanted:  # the rest only when those awaiting do not fill it
        due += session.execute(
            DUE_STATEMENT if me is None else MY_DUE_STATEMENT,
            parameters | {"queue_limit": wanted - len(due)},
        ).all()
    rows = queue_with_pulled(pulled, due, limit, lambda row: int(row.id))
    pulled_ids = {row.id for row in pulled}
    addresses = preferred_addresses(session, [row.id for row in rows])
    return [
        queue_entry(
            row,
            today=today,
            settings=settings,
            channels=addresses[row.id],
            pulled=row.id in pulled_ids,
        )
        for row in rows
    ]


def _held_entries(
    session: Session,
    today: date,
    settings: Settings,
    allowance: int,
    budget: NoteBudget,
    use: NoteUse,
    me: str | None = None,
) -> list[QueueEntry]:
    """The prospects the note budget holds today, in queue order, with why and until when."""
    rows = session.execute(
        HELD_STATEMENT if me is None else MY_HELD_STATEMENT,
        queue_parameters(today, settings, allowance) | {"me": me},
    ).all()
    addresses = preferred_addresses(session, [row.id for row in rows])
    return [
        replace(
            queue_entry(row, today=today, settings=settings, channels=addresses[row.id]),
            reason=held_reason(budget, next_note_day(use, budget.limit, today, ahead=ahead)),
            held=HELD_NOTE_BUDGET,
        )
        for ahead, row in enumerate(rows)
    ]


def todays_queue(
    session: Session,
    *,
    today: date,
    settings: Settings,
    show_all: bool = False,
    limit: int | None = None,
    me: str | None = None,
    done_by: str | None = None,
) -> QueueSnapshot:
    """Today's queue and the figures around it (``me``: only their people and nobody's,
    as a shared deck shows by default; None: everyone's; ``done_by``: in a shared deck,
    the user whose conversations today count toward the daily size).

    The daily queue size is how many people you handle in a day, and the people
    you already logged today count toward it: with a size of 10 and 3 done, the
    queue shows the next 7 due, so "done for today" is reachable. ``limit``
    caps the list instead; ``show_all`` lists everyone due, and after them the
    prospects the note budget holds (``held``). The people pulled in today come
    first, past the size. ``due_total`` counts what can be done today (not the
    held, counted in ``held``).
    """
    done_today = (
        session.scalar(
            DONE_TODAY_STATEMENT if done_by is None else MY_DONE_TODAY_STATEMENT,
            {"today": today, "me": done_by},
        )
        or 0
    )
    if show_all:
        cap = None
    elif limit is not None:
        cap = limit
    else:
        cap = daily_cap(settings.queue_size, done_today)
    budget, allowance, use = todays_note_allowance(session, today=today, settings=settings)
    entries = _queue_entries(session, today, settings, cap, allowance, me)
    due_parameters = queue_parameters(today, settings, allowance) | {"me": me}
    scope = None if me is None else MINE_OR_NOBODYS
    held = (
        0
        if allowance is None
        else session.scalar(
            select(func.count(Contact.id)).where(_scoped(_held(), scope)), due_parameters
        )
        or 0
    )
    due_total = (
        session.scalar(
            select(func.count(Contact.id)).where(_scoped(_due_today(TODAY, REPLY_SINCE), scope)),
            due_parameters,
        )
        or 0
    ) - held
    if show_all and held and allowance is not None:  # (held is 0 without an allowance)
        entries += _held_entries(session, today, settings, allowance, budget, use, me)
    # Indexed counts (by stage, then all) rather than a GROUP BY over every contact.
    by_stage = dict(
        session.execute(
            select(Contact.stage, func.count())
            .where(Contact.stage.in_([Stage.ACTIVE.value, Stage.UNSORTED.value]))
            .group_by(Contact.stage)
        ).all()
    )
    contact_count = session.scalar(select(func.count()).select_from(Contact)) or 0
    next_due = session.scalar(
        select(func.min(Contact.next_due_on)).where(Contact.next_due_on > today)
    )
    skipped_today = session.scalar(
        select(func.count(Contact.id)).where(
            Contact.skipped_on == TODAY,
            or_(Contact.next_due_on <= TODAY, _awaiting_reply(TODAY, REPLY_SINCE)),
        ),
        due_parameters,
    )
    if skipped_today:
        tomorrow = add_days(today, 1)
        next_due = tomorrow if next_due is None else min(next_due, tomorrow)
    return QueueSnapshot(
        today=today,
        entries=tuple(entries),
        due_total=due_total,
        done_today=done_today,
        inner_circle=by_stage.get(Stage.ACTIVE.value, 0),
        inner_circle_target=settings.inner_circle_target,
        contact_count=contact_count,
        next_due_on=next_due,
        queue_size=settings.queue_size,
        unsorted=by_stage.get(Stage.UNSORTED.value, 0),
        held=held,
        note_budget=budget,
    )


def queue_cleared(session: Session, *, today: date, settings: Settings) -> bool:
    """Whether today's capped queue is empty: nobody pulled in is left, and the daily size
    is reached or nobody is due (but those the note budget holds)."""
    if session.scalar(select(Contact.id).where(_pulled_today(TODAY)).limit(1), {"today": today}):
        return False
    done_today = session.scalar(DONE_TODAY_STATEMENT, {"today": today}) or 0
    if daily_cap(settings.queue_size, done_today) == 0:
        return True
    parameters = queue_parameters(today, settings)
    # Someone due the budget does not pace: not cleared, and no notes to count.
    unpaced = and_(_due_today(TODAY, REPLY_SINCE), not_(_paced_prospect(TODAY, REPLY_SINCE)))
    if session.scalar(select(Contact.id).where(unpaced).limit(1), parameters) is not None:
        return False
    if session.scalar(select(Contact.id).where(_paced_due()).limit(1), parameters) is None:
        return True
    return todays_note_allowance(session, today=today, settings=settings).allowance == 0


def record_queue_cleared(session: Session, *, today: date, settings: Settings) -> bool:
    """After a queue action: remember today as cleared when the queue is empty, forget it
    when an undo refilled it (the streak counts these days). Returns whether it is cleared."""
    cleared = queue_cleared(session, today=today, settings=settings)
    recorded = session.get(ClearedDay, today) is not None
    if cleared and not recorded:
        session.add(ClearedDay(day=today))
    elif recorded and not cleared:
        session.execute(delete(ClearedDay).where(ClearedDay.day == today))
    session.flush()
    return cleared

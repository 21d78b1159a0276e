"""Network health figures from SQL aggregates (``netdeck stats``, the ``h`` screen).

Each figure of :mod:`netdeck.domain.health` is an aggregate query (GROUP BY,
correlated look-ups over the ``(contact_id, occurred_on)`` index), never a load
of the interaction log; the domain layer turns the counts into
:class:`~netdeck.domain.health.NetworkHealth`. Window bounds are computed in
Python as dates, so the queries stay dialect-neutral and use the date indexes.
At 100,000 contacts what costs is the number of look-ups per row, so the weekly
series reads each active contact's recent conversations once (one index range),
answers are looked up within their 15 days, contact by contact, and the lists
count their totals in the same pass. The figures come in parts, which
:func:`network_health_from` shares among several sessions reading side by side (one
per core: at 100,000 contacts about 0.9 s on one session, 0.45 s on two).
``tests/services/test_stats_property.py`` holds all of it equal to the definitions
on random decks, on one session and on two."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from threading import Lock
from typing import Any

from sqlalchemy import Date, and_, case, exists, false, func, literal, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased
from sqlalchemy.sql.elements import BindParameter, ColumnElement
from sqlalchemy.sql.selectable import FromClause

from netdeck.domain.dates import add_days
from netdeck.domain.health import (
    ANSWER_WITHIN_DAYS,
    BARE_LIST_LIMIT,
    DRIFT_FACTOR,
    FIRST_MESSAGE_WITHIN_DAYS,
    FOLLOW_THROUGH_WINDOW_DAYS,
    LET_GO_AFTER_DAYS,
    LET_GO_STAGES,
    LIST_LIMIT,
    RECIPROCITY_WINDOW_DAYS,
    REQUEST_WINDOW_DAYS,
    SEND_KINDS,
    WEEKS,
    BareRequest,
    BareRequests,
    ContactList,
    ListedContact,
    NetworkHealth,
    assemble_health,
    week_ends,
)
from netdeck.domain.interactions import CONVERSATION_KINDS, Direction, InteractionKind
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.services.note_budget import bare_request_sent, current_budget
from netdeck.store.models import ClearedDay, Contact, Interaction, Snippet
from netdeck.store.sql import (
    by_code_point,
    days_after,
    days_before,
    days_between,
    in_this_order,
)

CONVERSATIONS = sorted(kind.value for kind in CONVERSATION_KINDS)
SENDS = sorted(kind.value for kind in SEND_KINDS)
#: Cleared days read for the streak (a longer streak shows as this many).
STREAK_LOOKBACK_DAYS = 3660


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _day(value: date) -> BindParameter[date]:
    return literal(value, Date)


#: One part of the figures: a few queries on one session, giving some of
#: :func:`~netdeck.domain.health.assemble_health`'s arguments.
_Part = Callable[[Session], dict[str, Any]]


def network_health(session: Session, *, today: date, settings: Settings) -> NetworkHealth:
    """Every health figure for ``today`` (see :mod:`netdeck.domain.health`)."""
    return network_health_from([session], today=today, settings=settings)


def network_health_from(
    sessions: Sequence[Session], *, today: date, settings: Settings
) -> NetworkHealth:
    """Every health figure for ``today``, its queries shared among ``sessions``.

    Each session reads in a thread of its own (the first in the calling thread),
    taking the next part whenever it finishes one, the costliest first, so two
    sessions on two cores take about half the time of one (the database's own work
    runs outside Python's lock: SQLite's steps, PostgreSQL's server processes). The
    sessions must read the same data (:meth:`netdeck.store.database.Database.readers`).
    """
    figures = _side_by_side(_parts(today, settings), sessions)
    answered = figures.pop("answered_by_snippet")
    by_snippet = [
        (snippet_id, count, answered.get(snippet_id, 0))
        for snippet_id, count in figures.pop("sent_by_snippet").items()
    ]
    names = figures.pop("snippet_names")
    return assemble_health(
        today=today,
        inner_circle_target=settings.inner_circle_target,
        sends=sum(row[1] for row in by_snippet),
        answered_sends=sum(row[2] for row in by_snippet),
        snippet_counts=[
            (row[0], names[row[0]], row[1], row[2]) for row in by_snippet if row[0] in names
        ],
        **figures,
    )


def _parts(today: date, settings: Settings) -> list[_Part]:
    """The figures' parts, the costliest first (as timed at 100,000 contacts)."""
    cadence = func.coalesce(
        Contact.cadence_days, Contact.tag_cadence_days, settings.default_cadence
    )
    year_start = add_days(today, -(RECIPROCITY_WINDOW_DAYS - 1))

    def sent(session: Session) -> dict[str, Any]:
        sent, names = _sent_by_snippet(session, since=year_start, today=today)
        return {"sent_by_snippet": sent, "snippet_names": names}

    def answered(session: Session) -> dict[str, Any]:
        answered = _answered_by_snippet(session, since=year_start, today=today)
        return {"answered_by_snippet": answered}

    def cadence_figures(session: Session) -> dict[str, Any]:
        active, on_cadence, weekly = _on_cadence(session, today=today, cadence=cadence)
        return {"active": active, "on_cadence_now": on_cadence, "on_cadence_weekly": weekly}

    def lists(session: Session) -> dict[str, Any]:
        drifting, let_go = _lists(session, today=today, cadence=cadence)
        return {"drifting": drifting, "let_go": let_go}

    def replies_and_messages(session: Session) -> dict[str, Any]:
        replies, messages = _replies_and_messages(session, since=year_start, today=today)
        return {"replies_received": replies, "messages_sent": messages}

    def follow_through(session: Session) -> dict[str, Any]:
        new_connections, followed = _follow_through(session, today=today)
        return {"new_connections": new_connections, "followed_through": followed}

    def requests(session: Session) -> dict[str, Any]:
        count, with_note = _requests_with_note(session, today=today)
        return {"requests": count, "requests_with_note": with_note}

    return [
        cadence_figures,
        answered,
        lists,
        sent,
        replies_and_messages,
        lambda session: {"interactions_by_week": _interactions_by_week(session, today=today)},
        follow_through,
        lambda session: {"bare_requests": _bare_requests(session, today=today)},
        requests,
        lambda session: {
            "note_budget": current_budget(session, today=today, settings=settings),
            "cleared_days": _cleared_days(session, today=today),
        },
    ]


def _side_by_side(parts: Sequence[_Part], sessions: Sequence[Session]) -> dict[str, Any]:
    """Every part's figures, each part run once on whichever session is free next."""
    pending = deque(parts)
    taking = Lock()

    def work(session: Session) -> dict[str, Any]:
        figures: dict[str, Any] = {}
        while True:
            with taking:
                if not pending:
                    return figures
                part = pending.popleft()
            try:
                figures.update(part(session))
            except BaseException:
                pending.clear()  # the others stop at their next part
                raise

    if len(sessions) == 1:
        return work(sessions[0])
    with ThreadPoolExecutor(len(sessions) - 1, thread_name_prefix="netdeck-health") as pool:
        others = [pool.submit(work, session) for session in sessions[1:]]
        figures = work(sessions[0])
        for other in others:
            figures.update(other.result())
    return figures


def _on_cadence(
    session: Session, *, today: date, cadence: ColumnElement[int]
) -> tuple[int, int, tuple[int, ...]]:
    """Active contacts, those on cadence today (by their last conversation as the
    contact row has it), and those on cadence at each week's end, oldest first.

    On cadence on a day means a conversation within the cadence before it (what
    :func:`~netdeck.domain.health.is_on_cadence` asks of the last one). So each active
    contact's conversations from its cadence before the oldest week end up to today
    are read (one index range per contact, a few rows), each with its age in days:
    one counts for the week end ``k`` weeks ago when ``age >= 7k`` (it had happened)
    and ``age - cadence <= 7k`` (within the cadence). A contact's verdicts come out
    as the bits of one number (bit ``k``: ``k`` weeks ago), and the contacts are
    counted per pattern of bits: a few hundred rows, however many contacts. (Carrying
    each contact's last conversation from one week end to the next, and looking it up
    again where it moved, took a pass over the active contacts per week: 40% longer
    on PostgreSQL.) The ages are worked out once per row behind ``OFFSET 0``.
    """
    oldest_end = week_ends(today)[0]
    age = days_between(_day(today), Interaction.occurred_on)
    conversations = (
        select(age.label("age"), (age - cadence).label("slack"))
        .where(
            Interaction.contact_id == Contact.id,
            Interaction.kind.in_(CONVERSATIONS),
            Interaction.occurred_on <= today,
            Interaction.occurred_on >= days_before(_day(oldest_end), cadence),
        )
        .correlate(Contact)
        .offset(0)
        .subquery()
    )
    verdicts = [
        func.max(
            case(
                (
                    and_(
                        conversations.c.age >= 7 * weeks_ago,
                        conversations.c.slack <= 7 * weeks_ago,
                    ),
                    1 << weeks_ago,
                ),
                else_=0,
            )
        )
        for weeks_ago in range(WEEKS)
    ]
    pattern = select(_sum_of(verdicts)).select_from(conversations).scalar_subquery()
    # Today's verdict from the contact's last conversation as the contact row has it.
    on_cadence_now = and_(
        Contact.last_interaction_on.is_not(None),
        days_between(_day(today), Contact.last_interaction_on) <= cadence,
    )
    patterns = (
        select(pattern.label("pattern"), case((on_cadence_now, 1), else_=0).label("now"))
        .where(Contact.stage == Stage.ACTIVE.value)
        .subquery()
    )
    # No WHERE on the pattern (those without a conversation have none): the database
    # would work each pattern out twice.
    counts = session.execute(
        select(patterns.c.pattern, patterns.c.now, func.count()).group_by(
            patterns.c.pattern, patterns.c.now
        )
    ).all()
    weekly = tuple(
        sum(count for pattern, _, count in counts if pattern and pattern >> (WEEKS - 1 - week) & 1)
        for week in range(WEEKS)
    )
    active = sum(count for _, _, count in counts)
    return active, sum(count for _, now, count in counts if now), weekly


def _sum_of(terms: Sequence[ColumnElement[int]]) -> ColumnElement[int]:
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _follow_through(session: Session, *, today: date) -> tuple[int, int]:
    """Connections 7..90 days old, and those with an outbound conversation within 7 days."""
    first_message = exists(Interaction.id).where(
        Interaction.contact_id == Contact.id,
        Interaction.direction == Direction.OUTBOUND.value,
        Interaction.kind.in_(CONVERSATIONS),
        Interaction.occurred_on >= Contact.connected_on,
        Interaction.occurred_on <= days_after(Contact.connected_on, FIRST_MESSAGE_WITHIN_DAYS),
    )
    new_connections, followed = session.execute(
        select(func.count(Contact.id), _count_if(first_message)).where(
            Contact.connected_on >= add_days(today, -FOLLOW_THROUGH_WINDOW_DAYS),
            Contact.connected_on <= add_days(today, -FIRST_MESSAGE_WITHIN_DAYS),
        )
    ).one()
    return new_connections, followed


def _requests_with_note(session: Session, *, today: date) -> tuple[int, int]:
    """Connection requests sent in the last 90 days, and those with a personal note:
    some text, and not judged impersonal when it was marked sent (the composer's rule,
    :func:`~netdeck.services.drafts.sent_text_is_personal`: a snippet sent as it
    rendered, saying nothing but a name and company, is no note)."""
    has_text = (
        func.length(func.trim(func.coalesce(Interaction.text_sent, "") + Interaction.note)) > 0
    )
    requests, with_note = session.execute(
        select(
            func.count(Interaction.id),
            _count_if(and_(has_text, Interaction.impersonal.is_(false()))),
        ).where(
            Interaction.kind == InteractionKind.CONNECTION_REQUEST.value,
            Interaction.direction == Direction.OUTBOUND.value,
            Interaction.occurred_on > add_days(today, -REQUEST_WINDOW_DAYS),
            Interaction.occurred_on <= today,
        )
    ).one()
    return requests, with_note


def _bare_requests(session: Session, *, today: date) -> BareRequests:
    """LinkedIn requests in the request notes' 90 days that went out without a note,
    the latest first (ties by name), at most ``BARE_LIST_LIMIT`` of them, and how many."""
    where = and_(
        bare_request_sent(),
        Interaction.occurred_on > add_days(today, -REQUEST_WINDOW_DAYS),
        Interaction.occurred_on <= today,
    )
    rows = session.execute(
        select(Contact.id, Contact.full_name, Interaction.occurred_on, func.count().over())
        .join(Contact, Contact.id == Interaction.contact_id)
        .where(where)
        .order_by(Interaction.occurred_on.desc(), by_code_point(Contact.name_key), Contact.id)
        .limit(BARE_LIST_LIMIT)
    ).all()
    total = rows[0][3] if rows else 0  # counted before the LIMIT, as in _contact_list
    return BareRequests(tuple(BareRequest(*row[:3]) for row in rows), total)


def _sends(since: date, today: date) -> ColumnElement[bool]:
    """Reciprocity's sends: messages and connection requests since ``since``."""
    return and_(
        Interaction.direction == Direction.OUTBOUND.value,
        Interaction.kind.in_(SENDS),
        Interaction.occurred_on >= since,
        Interaction.occurred_on <= today,
    )


def _per_snippet(
    session: Session, where: ColumnElement[bool], source: FromClause
) -> dict[int | None, int]:
    return dict(
        session.execute(
            select(Interaction.snippet_id, func.count(Interaction.id))
            .select_from(source)
            .where(where)
            .group_by(Interaction.snippet_id)
        ).all()
    )


def _sent_by_snippet(
    session: Session, *, since: date, today: date
) -> tuple[dict[int | None, int], dict[int, str]]:
    """Reciprocity: sends since ``since`` per snippet (counted down the date index),
    with the names of the snippets used."""
    sent = _per_snippet(session, _sends(since, today), Interaction.__table__)
    names = dict(
        session.execute(
            select(Snippet.id, Snippet.name).where(
                Snippet.id.in_([snippet_id for snippet_id in sent if snippet_id is not None])
            )
        ).all()
    )
    return sent, names


def _answered_by_snippet(session: Session, *, since: date, today: date) -> dict[int | None, int]:
    """Reciprocity: the sends since ``since`` answered within 14 days, per snippet.

    The answer is a ``WHERE EXISTS`` over the 15 days from the send (an index range,
    not the contact's whole later log): PostgreSQL joins that as a semi-join instead
    of one look-up per send. The sends are read contact by contact, so each look-up
    for an answer lands beside the last (down the date index they jump from contact
    to contact: twice the time on SQLite)."""
    answer = aliased(Interaction)
    # Selecting the id (not ``*``) lets SQLite answer from the index alone.
    answered = exists(answer.id).where(
        answer.contact_id == Interaction.contact_id,
        answer.direction == Direction.INBOUND.value,
        answer.kind.in_(CONVERSATIONS),
        answer.occurred_on >= Interaction.occurred_on,
        answer.occurred_on <= days_after(Interaction.occurred_on, ANSWER_WITHIN_DAYS),
        # Implied by the two above; they let PostgreSQL hash only the window's answers.
        answer.occurred_on >= since,
        answer.occurred_on <= add_days(today, ANSWER_WITHIN_DAYS),
    )
    by_contact = in_this_order(
        Contact.__table__, Interaction.__table__, Interaction.contact_id == Contact.id
    )
    return _per_snippet(session, and_(_sends(since, today), answered), by_contact)


def _replies_and_messages(session: Session, *, since: date, today: date) -> tuple[int, int]:
    """Inbound conversations received and outbound messages sent since ``since``."""
    replies_received, messages_sent = session.execute(
        select(
            _count_if(
                and_(
                    Interaction.direction == Direction.INBOUND.value,
                    Interaction.kind.in_(CONVERSATIONS),
                )
            ),
            _count_if(
                and_(
                    Interaction.direction == Direction.OUTBOUND.value,
                    Interaction.kind == InteractionKind.MESSAGE.value,
                )
            ),
        ).where(Interaction.occurred_on >= since, Interaction.occurred_on <= today)
    ).one()
    return replies_received, messages_sent


def _interactions_by_week(session: Session, *, today: date) -> dict[int, int]:
    """Interactions (not notes) per week, week 0 the oldest."""
    weeks_ago = days_between(_day(today), Interaction.occurred_on) // 7
    return {
        WEEKS - 1 - int(ago): count
        for ago, count in session.execute(
            select(weeks_ago, func.count(Interaction.id))
            .where(
                Interaction.occurred_on > add_days(today, -(7 * WEEKS)),
                Interaction.occurred_on <= today,
                Interaction.kind != InteractionKind.NOTE.value,
            )
            .group_by(weeks_ago)
        ).all()
    }


def _cleared_days(session: Session, *, today: date) -> Sequence[date]:
    """Days the queue was cleared, newest first, for the streak."""
    return session.scalars(
        select(ClearedDay.day)
        .where(ClearedDay.day <= today)
        .order_by(ClearedDay.day.desc())
        .limit(STREAK_LOOKBACK_DAYS)
    ).all()


def _lists(
    session: Session, *, today: date, cadence: ColumnElement[int]
) -> tuple[ContactList, ContactList]:
    # let_go_reference and drift_reference: the latest of the days, nulls left out.
    reference = _later_of(
        _later_of(Contact.stage_since, Contact.connected_on), Contact.last_interaction_on
    )
    silent_since = add_days(today, -LET_GO_AFTER_DAYS)
    let_go_where = and_(
        Contact.stage.in_(sorted(stage.value for stage in LET_GO_STAGES)),
        reference < silent_since,
    )
    overdue = days_between(_day(today), _later_of(Contact.stage_since, Contact.next_due_on))
    drifting_where = and_(
        Contact.stage == Stage.ACTIVE.value,
        Contact.next_due_on.is_not(None),
        overdue > DRIFT_FACTOR * cadence,
        reference >= silent_since,
    )
    drifting = _contact_list(
        session,
        drifting_where,
        days=overdue,
        order=((overdue * 1.0 / cadence).desc(), by_code_point(Contact.name_key), Contact.id),
    )
    let_go = _contact_list(
        session,
        let_go_where,
        days=days_between(_day(today), reference),
        order=(reference, by_code_point(Contact.name_key), Contact.id),
    )
    return drifting, let_go


def _later_of(
    day: ColumnElement[date] | InstrumentedAttribute[date],
    maybe: ColumnElement[date | None] | InstrumentedAttribute[date | None],
) -> ColumnElement[date]:
    """The later of ``day`` (never null) and ``maybe`` (null: ``day``), in any dialect
    (SQLite's two-argument max and PostgreSQL's GREATEST treat nulls differently)."""
    return case((maybe > day, maybe), else_=day)


def _contact_list(
    session: Session,
    where: ColumnElement[bool],
    *,
    days: ColumnElement[int],
    order: Sequence[ColumnElement[Any] | InstrumentedAttribute[Any]],
) -> ContactList:
    # The total rides on every listed row (a window over the matches, counted before
    # the LIMIT): one pass over the contacts instead of a second one to count them.
    rows = session.execute(
        select(
            Contact.id,
            Contact.full_name,
            Contact.stage,
            Contact.last_interaction_on,
            days,
            func.count().over(),
        )
        .where(where)
        .order_by(*order)
        .limit(LIST_LIMIT)
    ).all()
    return ContactList(
        tuple(ListedContact(row[0], row[1], row[2], row[3], int(row[4])) for row in rows),
        rows[0][5] if rows else 0,
    )

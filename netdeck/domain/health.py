"""Network health: depth instead of size, every figure defined here.

Every figure is computed for a day ``today`` from the contacts and the
interaction log. The services compute them with SQL aggregates
(:mod:`netdeck.services.stats`); :func:`health_from_records` is the same
definition over plain records, small enough to check by hand, and tests keep
the two equal. Ratios are a :class:`Ratio` (numerator and denominator), so
"0 of 0" shows as "—", never 0%.

Definitions (a *conversation* is a message, reply, call or meeting in either
direction; a contact's *cadence* is its own or the default setting):

- **Inner circle**: contacts in stage ``active``, against the
  ``inner-circle-target`` setting (100 by default).
- **On cadence now**: active contacts whose last conversation is at most
  their cadence days before today (due today still counts), of all active ones.
- **On cadence, weekly**: for each of the 12 week ends ``today - 7k``
  (k = 11 … 0, oldest first), the active contacts *of today* that had a
  conversation in ``[week end - cadence, week end]``. Stage history is not
  stored, so the series follows the people who are active now.
- **Follow-through**: contacts whose ``connected_on`` is 7 to 90 days before
  today (their 7-day window has closed), and of them those with an outbound
  conversation on a day from ``connected_on`` to ``connected_on + 7``.
- **Request notes**: outbound connection-request interactions in the last
  90 days (``today - 89`` … ``today``), and of them those with a text sent or
  note that was not judged impersonal when it was marked sent (the composer's
  rule, :func:`~netdeck.domain.draft_checks.is_personal`: words you typed, how
  you met, or a topic). A blank request, or a snippet sent as it rendered with
  nothing but a name and company, counts against you.
- **Requests without a note**: outbound connection requests on LinkedIn in
  the same 90 days as the request notes (``today - 89`` … ``today``) with no
  text sent and no note (LinkedIn sent a bare "wants to connect"; the note
  budget's :func:`~netdeck.services.note_budget.bare_request_sent`), counted,
  and listed most recent first (at most :data:`BARE_LIST_LIMIT`: the rest are
  counted). The same window as the request notes, so the two figures read
  together; a request sent with a snippet's bare text is a note here (LinkedIn
  sent it), though not a personal one above.
- **Note budget**: the LinkedIn notes sent this calendar month (requests on
  LinkedIn with a text or a note, up to today) against the month's limit
  (:mod:`netdeck.domain.note_budget`).
- **Reciprocity**: outbound messages and connection requests in the last
  365 days, and of them those *answered*: an inbound conversation from the
  same contact on a day from the send to 14 days after it. The same per
  snippet (sends that came from the snippet; removed snippets drop out).
  The raw counts of inbound conversations and outbound messages in the same
  window are shown too.
- **Interactions per week**: interactions other than notes in each of the
  12 weeks ending ``today - 7k`` (a week is the 7 days ending on its week
  end), oldest first.
- **Streak**: consecutive days recorded as *cleared* (a queue action left
  today's queue empty: nobody due, or the daily queue size reached), ending
  today, or yesterday when today is not cleared yet.
- **Let-go candidates**: active, dormant or connected contacts whose latest
  sign of life (the last conversation, ``connected_on`` or ``stage_since``,
  whichever is latest) is more than 182 days before today: nothing either way
  for six months, and no decision of yours about them either. Keeping someone
  in triage, putting them off for later, importing them as active or moving
  them to a stage gives them a fresh start: 30 people kept today are not
  offered for letting go today, however long ago you last talked.
- **Drifting**: active contacts overdue by more than twice their cadence,
  counted from the due date or from ``stage_since`` when that is later (the
  same fresh start), that are not let-go candidates. Snoozing moves the due
  date, so a snoozed contact is not drifting.

Lists show at most :data:`LIST_LIMIT` people, most overdue (drifting) or
longest silent (let-go) first, with the total counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from netdeck.domain.channels import InteractionChannel
from netdeck.domain.dates import add_days
from netdeck.domain.interactions import CONVERSATION_KINDS, Direction, InteractionKind
from netdeck.domain.note_budget import (
    NoteBudget,
    NoteUse,
    is_linkedin_request,
    month_start,
    note_budget,
)
from netdeck.domain.settings import FREE_NOTES_PER_MONTH
from netdeck.domain.stages import Stage

WEEKS = 12
FOLLOW_THROUGH_WINDOW_DAYS = 90
FIRST_MESSAGE_WITHIN_DAYS = 7
REQUEST_WINDOW_DAYS = 90
RECIPROCITY_WINDOW_DAYS = 365
ANSWER_WITHIN_DAYS = 14
LET_GO_AFTER_DAYS = 182
DRIFT_FACTOR = 2
LIST_LIMIT = 50
#: The requests without a note listed (the rest are counted: "and N more").
BARE_LIST_LIMIT = 10

#: Stages whose silent contacts are offered for letting go.
LET_GO_STAGES = frozenset({Stage.ACTIVE, Stage.DORMANT, Stage.CONNECTED})
#: Interaction kinds that count as a send for reciprocity.
SEND_KINDS = frozenset({InteractionKind.MESSAGE, InteractionKind.CONNECTION_REQUEST})


@dataclass(frozen=True, slots=True)
class Ratio:
    """``numerator`` of ``denominator``; no share at all when the denominator is 0."""

    numerator: int
    denominator: int

    @property
    def fraction(self) -> float | None:
        return None if self.denominator == 0 else self.numerator / self.denominator

    def percent_text(self) -> str:
        """``"42%"``, or ``"—"`` for 0 of 0."""
        share = self.fraction
        return "—" if share is None else f"{round(share * 100)}%"

    def describe(self) -> str:
        """``"3 of 7 (43%)"``, or ``"0 of 0 (—)"``."""
        return f"{self.numerator} of {self.denominator} ({self.percent_text()})"


@dataclass(frozen=True, slots=True)
class SnippetReplies:
    """How often sends from one snippet were answered."""

    snippet_id: int
    name: str
    answered: Ratio  # answered sends of all sends


@dataclass(frozen=True, slots=True)
class ListedContact:
    """One person in the drifting or let-go list."""

    id: int
    name: str
    stage: str
    last_interaction_on: date | None
    days: int  # drifting: days overdue; let-go: days since the reference day


@dataclass(frozen=True, slots=True)
class ContactList:
    """At most :data:`LIST_LIMIT` people, and how many there are in all."""

    contacts: tuple[ListedContact, ...]
    total: int


@dataclass(frozen=True, slots=True)
class BareRequest:
    """One connection request that went out without a note: to whom, and when."""

    id: int  # the contact's
    name: str
    on: date


@dataclass(frozen=True, slots=True)
class BareRequests:
    """The latest :data:`BARE_LIST_LIMIT` requests without a note, and how many in all."""

    requests: tuple[BareRequest, ...]
    total: int

    def text(self) -> str:
        """``3 requests went out without a note`` (``1 request``, ``no request``)."""
        if self.total == 0:
            return "no request went out without a note"
        noun = "request" if self.total == 1 else "requests"
        return f"{self.total} {noun} went out without a note"

    @property
    def more(self) -> int:
        """How many are counted but not listed."""
        return self.total - len(self.requests)


@dataclass(frozen=True, slots=True)
class NetworkHealth:
    """Every health figure for one day."""

    today: date
    inner_circle: Ratio  # active contacts of the target
    on_cadence: Ratio  # active contacts on cadence of active contacts
    on_cadence_weekly: tuple[Ratio, ...]  # WEEKS values, oldest first
    follow_through: Ratio
    request_notes: Ratio
    reciprocity: Ratio  # answered sends of sends
    replies_received: int  # inbound conversations in the reciprocity window
    messages_sent: int  # outbound messages in the reciprocity window
    snippet_replies: tuple[SnippetReplies, ...]
    interactions_per_week: tuple[int, ...]  # WEEKS values, oldest first
    streak_days: int
    cleared_today: bool
    drifting: ContactList
    let_go: ContactList
    bare_requests: BareRequests
    note_budget: NoteBudget  # this month's LinkedIn notes


# ---------------------------------------------------------------- the rules


def week_ends(today: date, weeks: int = WEEKS) -> tuple[date, ...]:
    """The last day of each of the ``weeks`` weeks ending today, oldest first."""
    return tuple(add_days(today, -7 * k) for k in range(weeks - 1, -1, -1))


def is_on_cadence(last_conversation_on: date | None, cadence_days: int, on: date) -> bool:
    """Whether a conversation at most ``cadence_days`` before ``on`` happened."""
    return (
        last_conversation_on is not None and 0 <= (on - last_conversation_on).days <= cadence_days
    )


def let_go_reference(
    last_interaction_on: date | None, connected_on: date | None, stage_since: date
) -> date:
    """The day a contact's silence is measured from: the latest of the last
    conversation, connecting and the last change of stage (a fresh start)."""
    return max(day for day in (last_interaction_on, connected_on, stage_since) if day is not None)


def is_let_go_candidate(stage: Stage, reference_on: date, today: date) -> bool:
    return stage in LET_GO_STAGES and (today - reference_on).days > LET_GO_AFTER_DAYS


def drift_reference(next_due_on: date, stage_since: date) -> date:
    """The day lateness is counted from for drifting: the due date, or the last change
    of stage when later (someone kept today is not weeks late today)."""
    return max(next_due_on, stage_since)


def is_drifting(
    stage: Stage,
    next_due_on: date | None,
    stage_since: date,
    cadence_days: int,
    today: date,
    *,
    let_go: bool,
) -> bool:
    return (
        stage is Stage.ACTIVE
        and not let_go
        and next_due_on is not None
        and (today - drift_reference(next_due_on, stage_since)).days > DRIFT_FACTOR * cadence_days
    )


def in_follow_through_window(connected_on: date | None, today: date) -> bool:
    if connected_on is None:
        return False
    return FIRST_MESSAGE_WITHIN_DAYS <= (today - connected_on).days <= FOLLOW_THROUGH_WINDOW_DAYS


def answers(sent_on: date, inbound_on: date) -> bool:
    """Whether an inbound conversation on ``inbound_on`` answers a send on ``sent_on``."""
    return 0 <= (inbound_on - sent_on).days <= ANSWER_WITHIN_DAYS


def week_of(occurred_on: date, today: date) -> int | None:
    """Index into the weekly series (0 = oldest) of a day, or None outside the 12 weeks."""
    ago = (today - occurred_on).days
    if ago < 0 or ago >= 7 * WEEKS:
        return None
    return WEEKS - 1 - ago // 7


def queue_streak(cleared_days: Iterable[date], today: date) -> int:
    """Consecutive cleared days ending today (or yesterday if today is not cleared)."""
    days = set(cleared_days)
    day = today if today in days else add_days(today, -1)
    streak = 0
    while day in days:
        streak += 1
        if day == date.min:  # the calendar's first day: nothing before it to count
            break
        day = add_days(day, -1)
    return streak


#: Bar heights, lowest (an empty week) to highest.
BARS = "▁▂▃▄▅▆▇█"


def week_bars(values: Sequence[float | None], top: float, *, cells: int = 1) -> str:
    """One bar per week, ``cells`` wide, its height the value's share of ``top``.

    Shares are drawn against 1 (100%) and counts against the largest, from zero:
    never against the series' own range, where a week at 10% drew a full block.
    An empty week is the baseline (▁), anything above it at least one step higher;
    a week with nothing to measure (``None``: no active contacts) is a gap.
    """
    bars = []
    for value in values:
        if value is None:
            bars.append(" " * cells)
            continue
        share = min(max(value / top, 0.0), 1.0) if top > 0 else 0.0
        level = round(share * (len(BARS) - 1))
        if share > 0:
            level = max(level, 1)
        bars.append(BARS[level] * cells)
    return "".join(bars)


def weekly_series(counts_by_week: Mapping[int, int]) -> tuple[int, ...]:
    """The 12 weekly values, oldest first, with missing weeks as 0."""
    return tuple(counts_by_week.get(index, 0) for index in range(WEEKS))


# ---------------------------------------------------------------- by hand


@dataclass(frozen=True, slots=True)
class ContactRecord:
    """What the figures need of one contact."""

    id: int
    name: str
    stage: Stage
    stage_since: date
    cadence_days: int  # effective cadence
    next_due_on: date | None = None
    last_interaction_on: date | None = None  # last conversation
    connected_on: date | None = None


@dataclass(frozen=True, slots=True)
class InteractionRecord:
    contact_id: int
    occurred_on: date
    kind: InteractionKind
    direction: Direction
    text: str = ""  # text sent and note, joined
    snippet_id: int | None = None
    #: Judged when it was marked sent: its snippet as rendered, nothing personal
    #: (:func:`~netdeck.domain.draft_checks.is_personal`).
    impersonal: bool = False
    channel: str = InteractionChannel.LINKEDIN.value


def _linkedin_request(i: InteractionRecord) -> bool:
    return is_linkedin_request(i.kind, i.direction, i.channel)


# How a listed contact sorts: the reference day (let go) or the negated overdueness
# (drifting), then name and id so ties always come out in the same order.
_ListOrder = tuple[date | float, str, int]


def _listed(rows: list[tuple[_ListOrder, ListedContact]]) -> ContactList:
    rows.sort(key=lambda row: row[0])
    return ContactList(tuple(row for _, row in rows[:LIST_LIMIT]), len(rows))


def health_from_records(
    contacts: Sequence[ContactRecord],
    interactions: Sequence[InteractionRecord],
    *,
    cleared_days: Iterable[date],
    snippet_names: Mapping[int, str],
    today: date,
    inner_circle_target: int,
    notes_per_month: int | None = FREE_NOTES_PER_MONTH,
) -> NetworkHealth:
    """Every figure, straight from the definitions (the reference the SQL must equal);
    ``notes_per_month`` is the note budget's limit (None: none)."""
    active = [c for c in contacts if c.stage is Stage.ACTIVE]
    conversations = _conversations_by_contact(interactions)
    new = [c for c in contacts if in_follow_through_window(c.connected_on, today)]
    followed = [c for c in new if _messaged_first(c, conversations)]
    requests = [
        i
        for i in interactions
        if i.kind is InteractionKind.CONNECTION_REQUEST
        and i.direction is Direction.OUTBOUND
        and 0 <= (today - i.occurred_on).days < REQUEST_WINDOW_DAYS
    ]
    in_year = [
        i for i in interactions if 0 <= (today - i.occurred_on).days < RECIPROCITY_WINDOW_DAYS
    ]
    sends = [i for i in in_year if i.direction is Direction.OUTBOUND and i.kind in SEND_KINDS]
    answered = [_answered(send, conversations) for send in sends]
    per_snippet: dict[int, list[bool]] = {}
    for send, was_answered in zip(sends, answered, strict=True):
        if send.snippet_id is not None and send.snippet_id in snippet_names:
            per_snippet.setdefault(send.snippet_id, []).append(was_answered)
    drifting, let_go = _drifting_and_let_go(contacts, today)
    cleared = set(cleared_days)
    return assemble_health(
        today=today,
        active=len(active),
        inner_circle_target=inner_circle_target,
        on_cadence_now=sum(
            is_on_cadence(c.last_interaction_on, c.cadence_days, today) for c in active
        ),
        on_cadence_weekly=_on_cadence_weekly(active, conversations, today),
        new_connections=len(new),
        followed_through=len(followed),
        requests=len(requests),
        requests_with_note=sum(bool(i.text.strip()) and not i.impersonal for i in requests),
        sends=len(sends),
        answered_sends=sum(answered),
        replies_received=sum(
            i.direction is Direction.INBOUND and i.kind in CONVERSATION_KINDS for i in in_year
        ),
        messages_sent=sum(
            i.direction is Direction.OUTBOUND and i.kind is InteractionKind.MESSAGE for i in in_year
        ),
        snippet_counts=[
            (sid, snippet_names[sid], len(flags), sum(flags)) for sid, flags in per_snippet.items()
        ],
        interactions_by_week=_interactions_by_week(interactions, today),
        cleared_days=cleared,
        drifting=drifting,
        let_go=let_go,
        bare_requests=_bare_requests(requests, contacts),
        note_budget=note_budget(
            NoteUse(used=sum(_is_note(i, today) for i in interactions)), notes_per_month, today
        ),
    )


def _is_note(i: InteractionRecord, today: date) -> bool:
    """A LinkedIn note sent this month (up to today)."""
    in_month = month_start(today) <= i.occurred_on <= today
    return in_month and _linkedin_request(i) and bool(i.text.strip())


def _bare_requests(
    requests: Sequence[InteractionRecord], contacts: Sequence[ContactRecord]
) -> BareRequests:
    """The requests in the window that went out on LinkedIn without a note, latest first."""
    names = {c.id: c.name for c in contacts}
    names.update((i.contact_id, "") for i in requests if i.contact_id not in names)
    bare = [i for i in requests if _linkedin_request(i) and not i.text.strip()]
    bare.sort(
        key=lambda i: (-i.occurred_on.toordinal(), names[i.contact_id].casefold(), i.contact_id)
    )
    listed = tuple(
        BareRequest(i.contact_id, names[i.contact_id], i.occurred_on)
        for i in bare[:BARE_LIST_LIMIT]
    )
    return BareRequests(listed, len(bare))


def _conversations_by_contact(
    interactions: Sequence[InteractionRecord],
) -> dict[int, list[InteractionRecord]]:
    conversations: dict[int, list[InteractionRecord]] = {}
    for i in interactions:
        if i.kind in CONVERSATION_KINDS:
            conversations.setdefault(i.contact_id, []).append(i)
    return conversations


def _on_cadence_weekly(
    active: Sequence[ContactRecord],
    conversations: Mapping[int, list[InteractionRecord]],
    today: date,
) -> tuple[int, ...]:
    """Active contacts talked to within their cadence, at each week's end."""

    def talked_within(contact: ContactRecord, end: date) -> bool:
        return any(
            is_on_cadence(i.occurred_on, contact.cadence_days, end)
            for i in conversations.get(contact.id, [])
        )

    return tuple(sum(talked_within(c, end) for c in active) for end in week_ends(today))


def _answered(
    send: InteractionRecord, conversations: Mapping[int, list[InteractionRecord]]
) -> bool:
    """An inbound conversation answered ``send`` in time."""
    return any(
        i.direction is Direction.INBOUND and answers(send.occurred_on, i.occurred_on)
        for i in conversations.get(send.contact_id, [])
    )


def _messaged_first(
    contact: ContactRecord, conversations: Mapping[int, list[InteractionRecord]]
) -> bool:
    """An outbound conversation within the first days after connecting."""
    return any(
        i.direction is Direction.OUTBOUND
        and contact.connected_on is not None
        and 0 <= (i.occurred_on - contact.connected_on).days <= FIRST_MESSAGE_WITHIN_DAYS
        for i in conversations.get(contact.id, [])
    )


def _interactions_by_week(interactions: Sequence[InteractionRecord], today: date) -> dict[int, int]:
    """Interactions (not notes) per week, week 0 the oldest."""
    weeks: dict[int, int] = {}
    for i in interactions:
        index = week_of(i.occurred_on, today)
        if index is not None and i.kind is not InteractionKind.NOTE:
            weeks[index] = weeks.get(index, 0) + 1
    return weeks


def _drifting_and_let_go(
    contacts: Sequence[ContactRecord], today: date
) -> tuple[ContactList, ContactList]:
    drifting: list[tuple[_ListOrder, ListedContact]] = []
    let_go: list[tuple[_ListOrder, ListedContact]] = []
    for c in contacts:
        reference = let_go_reference(c.last_interaction_on, c.connected_on, c.stage_since)
        candidate = is_let_go_candidate(c.stage, reference, today)
        if candidate:
            silent = (today - reference).days
            let_go.append(((reference, c.name.casefold(), c.id), _row(c, silent)))
        if is_drifting(
            c.stage, c.next_due_on, c.stage_since, c.cadence_days, today, let_go=candidate
        ):
            assert c.next_due_on is not None
            overdue = (today - drift_reference(c.next_due_on, c.stage_since)).days
            drifting.append(
                ((-overdue / c.cadence_days, c.name.casefold(), c.id), _row(c, overdue))
            )
    return _listed(drifting), _listed(let_go)


def _row(contact: ContactRecord, days: int) -> ListedContact:
    return ListedContact(
        contact.id, contact.name, contact.stage.value, contact.last_interaction_on, days
    )


def assemble_health(
    *,
    today: date,
    active: int,
    inner_circle_target: int,
    on_cadence_now: int,
    on_cadence_weekly: Sequence[int],
    new_connections: int,
    followed_through: int,
    requests: int,
    requests_with_note: int,
    sends: int,
    answered_sends: int,
    replies_received: int,
    messages_sent: int,
    snippet_counts: Iterable[tuple[int, str, int, int]],  # (id, name, sends, answered)
    interactions_by_week: Mapping[int, int],
    cleared_days: Iterable[date],
    drifting: ContactList,
    let_go: ContactList,
    bare_requests: BareRequests,
    note_budget: NoteBudget,
) -> NetworkHealth:
    """The figures from their aggregated counts; snippets ordered by sends, then name."""
    cleared = set(cleared_days)
    snippets = sorted(snippet_counts, key=lambda row: (-row[2], row[1].casefold(), row[0]))
    return NetworkHealth(
        today=today,
        inner_circle=Ratio(active, inner_circle_target),
        on_cadence=Ratio(on_cadence_now, active),
        on_cadence_weekly=tuple(Ratio(count, active) for count in on_cadence_weekly),
        follow_through=Ratio(followed_through, new_connections),
        request_notes=Ratio(requests_with_note, requests),
        reciprocity=Ratio(answered_sends, sends),
        replies_received=replies_received,
        messages_sent=messages_sent,
        snippet_replies=tuple(
            SnippetReplies(sid, name, Ratio(answered, sent))
            for sid, name, sent, answered in snippets
        ),
        interactions_per_week=weekly_series(interactions_by_week),
        streak_days=queue_streak(cleared, today),
        cleared_today=today in cleared,
        drifting=drifting,
        let_go=let_go,
        bare_requests=bare_requests,
        note_budget=note_budget,
    )

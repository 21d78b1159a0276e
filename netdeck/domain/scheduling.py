"""Who is due, when, and why: the rules behind the daily queue.

A contact's scheduling state is a :class:`ScheduleFacts` value. Events
(logging an interaction, snoozing, changing stage) turn one value into the
next, and :func:`next_due_on` derives the due date from it, so the stored
due date is always what the rules say.

The rules, per stage:

- ``prospect``: due the day it became a prospect (send a request with a note).
- ``requested``: due 14 days after the request (follow up elsewhere or withdraw).
- ``connected``: due 3 days after connecting: connecting and then saying
  nothing is the failure netdeck exists to prevent. When the request they
  accepted went out without a note (``bare_request``), due the day they
  connected: they still do not know why you asked.
- ``active``: due at the last interaction + cadence; with no interaction yet,
  due the day it became active (you add someone to reach out).
- ``unsorted``, ``dormant``, ``archived``: never due.

A snooze replaces the due date until the next interaction or stage change.

Two events bring a contact forward, whatever the rule above says:

- **Awaiting your reply**: their latest message is newer than your latest
  outbound interaction with them (``awaiting_reply_on``, the day they wrote).
  Inside the reply window (setting ``reply-window``, 14 days by default) they
  are due on that day, in any stage but ``archived``, unless snoozed; logging
  any outbound interaction answers them.
- **Changed jobs**: an import saw their company or title change
  (``role_changed_on``, the import day). An ``active`` or ``connected``
  contact is due by that day at the latest, until you next talk.
- **A key date** (:mod:`netdeck.domain.key_dates`): their pending birthday,
  anniversary or reminder (``key_date``) makes them due by its day at the latest,
  in any stage it counts for (a reminder brings even an ``unsorted`` or
  ``dormant`` contact forward), until you next talk.

The queue holds every contact due on or before today that was not skipped
today: people awaiting your reply first (the longest waiting first), then new
connections awaiting a first message and people whose key date has come (one
tier), then by relative
overdueness (days overdue / the stage's period, so 2 days late on a 5-day
cadence comes before 3 days late on a 10-day one), then by due date, name
and id so the order is total; it is capped at the daily queue size.

**Pulled in**: the user can pull anyone into today's queue (``pulled_on``, the day
of the pull), due or not, whatever the stage. Pulled people come first, in queue
order among themselves, and do not count against the daily size: the queue is
them, then the scheduler's share (:func:`queue_with_pulled`). A pull lasts the day
it was made and ends sooner with a conversation, a snooze or a skip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

from netdeck.domain.cadence import describe_cadence
from netdeck.domain.dates import LATEST_DAY, add_days, days_ago_phrase, is_accepted_day
from netdeck.domain.errors import InvalidInput
from netdeck.domain.interactions import Direction, InteractionKind, is_conversation, is_written
from netdeck.domain.key_dates import KeyDateFacts, PendingDate, date_reason, pending_date
from netdeck.domain.note_budget import BARE_ACCEPTED_REASON
from netdeck.domain.stages import NEVER_DUE, Stage

REQUEST_FOLLOW_UP_DAYS = 14
FIRST_MESSAGE_DAYS = 3
#: How long someone who wrote to you stays at the top of the queue (setting ``reply-window``).
DEFAULT_REPLY_WINDOW_DAYS = 14
#: How long a prospect may wait before it counts as one period late in the queue order.
PROSPECT_PERIOD_DAYS = 7


@dataclass(frozen=True, slots=True)
class ScheduleFacts:
    """Everything the rules need to know about one contact."""

    stage: Stage
    stage_since: date
    cadence_days: int  # effective cadence: the contact's own or the default setting
    connected_on: date | None = None
    last_interaction_on: date | None = None
    snoozed_until: date | None = None
    #: The day of their message when it is newer than your latest outbound interaction.
    awaiting_reply_on: date | None = None
    #: The day an import saw their company or title change (until you next talk).
    role_changed_on: date | None = None
    #: Days someone who wrote stays at the top of the queue (setting ``reply-window``).
    reply_window_days: int = DEFAULT_REPLY_WINDOW_DAYS
    #: Their pending key date in this stage (``contacts.key_date_on``, kind and note).
    key_date: PendingDate | None = None
    #: Their latest connection request went out without a note: once connected they
    #: are due that day (not three days on), and the reason says why.
    bare_request: bool = False

    @property
    def key_date_on(self) -> date | None:
        return None if self.key_date is None else self.key_date.on


def with_key_dates(facts: ScheduleFacts, dates: Iterable[KeyDateFacts]) -> ScheduleFacts:
    """The facts with the pending key date their stage and last talk leave (after an
    event changed either, or the dates changed)."""
    pending = pending_date(dates, stage=facts.stage, last_interaction_on=facts.last_interaction_on)
    return replace(facts, key_date=pending)


def next_due_on(facts: ScheduleFacts) -> date | None:
    """The day the contact is due by its stage's rule (the stored due date), or
    ``None`` for stages that are never due (at most ``date.max``: far dates do not
    overflow). Awaiting a reply depends on today too: see :func:`due_on`."""
    if facts.stage in NEVER_DUE and facts.key_date is None:
        return None
    if facts.snoozed_until is not None:
        return facts.snoozed_until
    match facts.stage:
        case Stage.PROSPECT:
            due = facts.stage_since
        case Stage.REQUESTED:
            due = add_days(facts.stage_since, REQUEST_FOLLOW_UP_DAYS)
        case Stage.CONNECTED:
            connected = facts.connected_on or facts.stage_since
            # A request without a note told them nothing: write the day they accept.
            due = connected if facts.bare_request else add_days(connected, FIRST_MESSAGE_DAYS)
        case Stage.ACTIVE:
            if facts.last_interaction_on is None:
                due = facts.stage_since
            else:
                due = add_days(facts.last_interaction_on, facts.cadence_days)
        case _:
            due = date.max  # never due by the stage's rule: only the key date (below)
    if has_new_role(facts) and facts.role_changed_on is not None:
        due = min(due, facts.role_changed_on)
    if facts.key_date is not None:
        due = min(due, facts.key_date.on)
    return due


def has_key_date(facts: ScheduleFacts, today: date) -> bool:
    """Whether their pending key date has come (its day is today or past)."""
    return facts.key_date is not None and facts.key_date.on <= today


def has_new_role(facts: ScheduleFacts) -> bool:
    """Whether an ``active`` or ``connected`` contact changed jobs since you last talked."""
    return (
        facts.role_changed_on is not None
        and facts.stage in (Stage.ACTIVE, Stage.CONNECTED)
        and (facts.last_interaction_on is None or facts.role_changed_on > facts.last_interaction_on)
    )


def awaits_first_message(facts: ScheduleFacts) -> bool:
    """Whether a ``connected`` contact has had no conversation since connecting (the
    first message the ``connected`` rule prompts for is still to be written)."""
    if facts.stage is not Stage.CONNECTED:
        return False
    connected = facts.connected_on or facts.stage_since
    return facts.last_interaction_on is None or facts.last_interaction_on < connected


def reply_window_start(today: date, window_days: int) -> date:
    """The earliest day a message awaiting your reply may be from to count today."""
    return add_days(today, -window_days)


def is_awaiting_reply(facts: ScheduleFacts, today: date) -> bool:
    """Whether they wrote to you inside the reply window and you have not answered
    (any stage but archived; a snooze until a later day hides them too)."""
    return awaits_reply(
        facts.awaiting_reply_on,
        stage=facts.stage,
        snoozed_until=facts.snoozed_until,
        today=today,
        reply_window_days=facts.reply_window_days,
    )


def awaits_reply(
    written: date | None,
    *,
    stage: Stage,
    snoozed_until: date | None,
    today: date,
    reply_window_days: int,
) -> bool:
    """:func:`is_awaiting_reply` from the few columns it reads (a contact list has no
    whole :class:`ScheduleFacts`)."""
    return (
        written is not None
        and reply_window_start(today, reply_window_days) <= written <= today
        and stage is not Stage.ARCHIVED
        and (snoozed_until is None or snoozed_until <= today)
    )


def due_on(facts: ScheduleFacts, today: date) -> date | None:
    """The day the contact is due as seen today: the day they wrote while they await
    your reply, else the stage's rule (:func:`next_due_on`)."""
    if is_awaiting_reply(facts, today):
        return facts.awaiting_reply_on
    return next_due_on(facts)


def period_days(stage: Stage, cadence_days: int) -> int:
    """The length of one cycle for a stage, which overdueness is measured against."""
    match stage:
        case Stage.CONNECTED:
            return FIRST_MESSAGE_DAYS
        case Stage.REQUESTED:
            return REQUEST_FOLLOW_UP_DAYS
        case Stage.PROSPECT:
            return PROSPECT_PERIOD_DAYS
        case _:
            return max(cadence_days, 1)


def relative_overdueness(due_on: date, today: date, period: int) -> float:
    """Days overdue divided by the period: 2 days late every 5 days → 0.4."""
    return (today - due_on).days * 1.0 / period


def queue_sort_key(
    *,
    stage: Stage,
    due_on: date,
    today: date,
    cadence_days: int,
    name_key: str,
    contact_id: int,
    awaiting_reply: bool = False,
    key_date_on: date | None = None,
) -> tuple[int, int, float, date, str, int]:
    """Sort key for the queue; smaller comes first. A total order over contacts.
    ``due_on`` is :func:`due_on`: for those awaiting a reply, the day they wrote, and
    among them the longest waiting comes first, whatever their stage. A key date that
    has come (``key_date_on`` today or past) ranks with a new connection."""
    if awaiting_reply:
        return (0, 0, -float((today - due_on).days), due_on, name_key, contact_id)
    return (
        1,
        0 if stage is Stage.CONNECTED or (key_date_on is not None and key_date_on <= today) else 1,
        -relative_overdueness(due_on, today, period_days(stage, cadence_days)),
        due_on,
        name_key,
        contact_id,
    )


def daily_cap(queue_size: int, done_today: int) -> int:
    """How many more people today's queue holds: the daily size less those already
    logged today, so "done for today" is reachable."""
    return max(queue_size - done_today, 0)


T = TypeVar("T")


def is_pulled(pulled_on: date | None, today: date, skipped_on: date | None = None) -> bool:
    """Whether the user pulled the contact into today's queue (and did not skip them since)."""
    return pulled_on == today and skipped_on != today


def queue_with_pulled(
    pulled: Sequence[T], due: Sequence[T], cap: int | None, id_of: Callable[[T], int]
) -> list[T]:
    """Today's queue: everyone pulled in, then the first ``cap`` of the due people
    (all when ``cap`` is None) who were not pulled; a pull is never counted
    against the daily size, nor listed twice. ``due`` needs ``cap + len(pulled)`` entries
    to fill the share."""
    pulled_ids = {id_of(entry) for entry in pulled}
    scheduled = [entry for entry in due if id_of(entry) not in pulled_ids]
    return [*pulled, *(scheduled if cap is None else scheduled[:cap])]


def pulled_reason(facts: ScheduleFacts, today: date, reason: str) -> str:
    """The queue's reason for a pulled contact: its own reason when it is due anyway,
    else that it was pulled in (with where the rules stand, for a scheduled stage)."""
    due = due_on(facts, today)
    if due is not None and due <= today:
        return reason
    if facts.stage in NEVER_DUE:
        return f"pulled in today ({facts.stage.value})"
    return f"pulled in today; {reason}"


def is_due(facts: ScheduleFacts, today: date, skipped_on: date | None = None) -> bool:
    """Whether the contact belongs in today's queue."""
    due = due_on(facts, today)
    return due is not None and due <= today and skipped_on != today


def due_reason(facts: ScheduleFacts, today: date, *, wrote: str = "", role: str = "") -> str:
    """A short human reason the contact is (or will be) due. ``wrote``: the first words
    of the message awaiting your reply; ``role``: their new role ("CTO at Tessellate")."""
    if is_awaiting_reply(facts, today) and facts.awaiting_reply_on is not None:
        ago = days_ago_phrase((today - facts.awaiting_reply_on).days)
        return f"wrote {ago}: '{wrote}'" if wrote else f"wrote {ago}, awaiting your reply"
    pending = facts.key_date
    if pending is not None and (has_key_date(facts, today) or next_due_on(facts) == pending.on):
        # Come, or what they will be due for ("you asked to: ...", "birthday in 5 days").
        return date_reason(pending.kind, pending.note, pending.on, today)
    if role and has_new_role(facts):
        return f"now {role}"
    match facts.stage:
        case Stage.PROSPECT:
            waiting = (today - facts.stage_since).days
            if waiting <= 0:
                return "new prospect: send a request with a personal note"
            waited = "1 day" if waiting == 1 else f"{waiting} days"
            return f"prospect for {waited}, no request sent yet"
        case Stage.REQUESTED:
            return (
                f"request sent {days_ago_phrase((today - facts.stage_since).days)}, no answer yet"
            )
        case Stage.CONNECTED:
            connected = facts.connected_on or facts.stage_since
            ago = days_ago_phrase((today - connected).days)
            if not awaits_first_message(facts) and facts.last_interaction_on is not None:
                # Set to connected by hand after talking: "no message yet" would be false.
                talked = days_ago_phrase((today - facts.last_interaction_on).days)
                return f"connected {ago}, last talked {talked}"
            if facts.bare_request:
                return BARE_ACCEPTED_REASON
            return f"connected {ago}, no message yet"
        case Stage.ACTIVE:
            if facts.last_interaction_on is None:
                return (
                    f"added {days_ago_phrase((today - facts.stage_since).days)}, not contacted yet"
                )
            since = (today - facts.last_interaction_on).days
            talked = "talked today" if since == 0 else f"talked {days_ago_phrase(since)}"
            return f"last {talked}, {describe_cadence(facts.cadence_days)}"
        case _:
            return f"{facts.stage.value}: not scheduled"


def after_interaction(
    facts: ScheduleFacts,
    kind: InteractionKind,
    direction: Direction,
    on: date,
    *,
    bare: bool = False,
) -> ScheduleFacts:
    """The facts after logging an interaction on day ``on``.

    - A conversation (message, reply, call or meeting, either way) sets the last
      interaction and clears any snooze; it makes the contact ``active`` unless
      it was archived (letting someone go is only undone by changing the stage).
    - An outbound connection request makes a prospect ``requested``.
    - Notes change nothing.
    - An inbound message or reply no older than the last conversation awaits your
      reply; any outbound interaction, call or meeting on or after that day answers it.
    - A conversation after a change of jobs was noticed ends that reason to write.
    - An outbound connection request records whether it went out ``bare`` (without a
      note): accepting one makes them due the day they connect. A conversation
      clears it (the first message has been written).
    """
    if kind is InteractionKind.NOTE:
        return facts
    if direction is Direction.OUTBOUND:
        if facts.awaiting_reply_on is not None and on >= facts.awaiting_reply_on:
            facts = replace(facts, awaiting_reply_on=None)
    elif is_written(kind):
        if facts.last_interaction_on is None or on >= facts.last_interaction_on:
            facts = replace(facts, awaiting_reply_on=max(on, facts.awaiting_reply_on or on))
    elif facts.awaiting_reply_on is not None and on >= facts.awaiting_reply_on:
        facts = replace(facts, awaiting_reply_on=None)  # they called or met you: you talked
    if is_conversation(kind):
        last = facts.last_interaction_on
        facts = replace(
            facts,
            last_interaction_on=on if last is None or on > last else last,
            snoozed_until=None,
        )
        if facts.role_changed_on is not None and on >= facts.role_changed_on:
            facts = replace(facts, role_changed_on=None)
        facts = replace(facts, bare_request=False)
        if facts.stage not in (Stage.ACTIVE, Stage.ARCHIVED):
            facts = replace(facts, stage=Stage.ACTIVE, stage_since=on)
        return facts
    if kind is InteractionKind.CONNECTION_REQUEST and direction is Direction.OUTBOUND:
        facts = replace(facts, bare_request=bare)
        if facts.stage is Stage.PROSPECT:
            return replace(facts, stage=Stage.REQUESTED, stage_since=on, snoozed_until=None)
    return facts


def after_stage_change(facts: ScheduleFacts, stage: Stage, today: date) -> ScheduleFacts:
    """The facts after moving the contact to ``stage`` today.

    Becoming ``connected`` without a known connection date means connected
    today. Any stage change clears a snooze.
    """
    connected_on = facts.connected_on
    if stage is Stage.CONNECTED and connected_on is None:
        connected_on = today
    return replace(
        facts, stage=stage, stage_since=today, connected_on=connected_on, snoozed_until=None
    )


def after_snooze(facts: ScheduleFacts, until: date, today: date) -> ScheduleFacts:
    """The facts after snoozing until ``until`` (which must be after today)."""
    if facts.stage in NEVER_DUE and facts.key_date is None and not is_awaiting_reply(facts, today):
        raise InvalidInput(
            f"a contact in stage {facts.stage.value} is never due: nothing to snooze"
        )
    if until <= today:
        raise InvalidInput(f"snooze until {until.isoformat()}: pick a day after today")
    if not is_accepted_day(until):
        raise InvalidInput(
            f"snooze until {until.isoformat()}: pick a day up to {LATEST_DAY.isoformat()}"
        )
    return replace(facts, snoozed_until=until)

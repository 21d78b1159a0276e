"""The plain, immutable results services hand to the CLI and the TUI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from netdeck.domain.dates import days_ago_phrase
from netdeck.domain.note_budget import NoteBudget
from netdeck.domain.users import touch_sentence

#: A search counts its matches up to this many; beyond, it says "more than".
MATCH_COUNT_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class ChannelView:
    kind: str
    value: str
    preferred: bool


@dataclass(frozen=True, slots=True)
class InteractionView:
    id: int
    occurred_on: date
    channel: str
    kind: str
    direction: str
    note: str
    text_sent: str | None = None
    snippet: str | None = None
    #: The user who logged it (None: logged before decks had users).
    actor: str | None = None


@dataclass(frozen=True, slots=True)
class TouchView:
    """Another user's latest touch of a person within the recent window
    (:data:`netdeck.domain.users.TOUCH_WINDOW_DAYS`): "Alex messaged Dana 2 days ago"."""

    by: str
    what: str  # the verb: "messaged", "snoozed", "moved"...
    on: date
    tail: str = ""  # what follows the name: "to active" (a stage), "to Sam" (an owner)

    def sentence(self, name: str, today: date) -> str:
        return touch_sentence(
            self.by, self.what, name, self.tail, days_ago_phrase((today - self.on).days)
        )


@dataclass(frozen=True, slots=True)
class DeckUserView:
    """A user who has written to this deck, and when first and last."""

    name: str
    first_seen_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True, slots=True)
class RoleChangeView:
    """A change of jobs an import saw: ``before`` and ``after`` as "CTO at Tessellate"."""

    on: date
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class KeyDateView:
    """One of a person's key dates: a birthday, an anniversary or a reminder."""

    id: int
    kind: str  # "birthday", "anniversary" or "reminder"
    month: int
    day: int
    year: int | None  # None: the year is unknown (a birthday without one)
    yearly: bool
    note: str
    #: Its next day from today on (None: a one-off reminder gone by).
    next_on: date | None

    @property
    def on_text(self) -> str:
        """``YYYY-MM-DD``, or ``--MM-DD`` without a year (vCard's form)."""
        year = "-" if self.year is None else f"{self.year:04d}"
        return f"{year}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class ContactSummary:
    """One row of a contact list."""

    id: int
    name: str
    stage: str
    company: str
    title: str
    next_due_on: date | None
    last_interaction_on: date | None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ContactDetail:
    """Everything about one contact, for the contact card and ``netdeck show``."""

    id: int
    name: str
    first_name: str
    last_name: str
    company: str
    title: str
    how_we_met: str
    notes: str
    stage: str
    stage_since: date
    cadence_days: int | None  # the contact's own; None means the default setting
    effective_cadence_days: int
    next_due_on: date | None
    snoozed_until: date | None
    last_interaction_on: date | None
    connected_on: date | None
    source: str
    created_at: datetime
    updated_at: datetime
    reason: str
    channels: tuple[ChannelView, ...] = ()
    tags: tuple[str, ...] = ()
    interactions: tuple[InteractionView, ...] = ()  # newest first
    role_changes: tuple[RoleChangeView, ...] = ()  # oldest first
    #: In the latest LinkedIn export's connections (True), gone from it (False), never seen (None).
    linkedin_connected: bool | None = None
    awaiting_reply_on: date | None = None  # the day they wrote, while you have not answered
    #: "Next time, ask about" (one line): the next draft's topic, cleared once a sent draft asks it.
    ask_about: str = ""
    #: What they go by ("Bob" for Robert); "" when none is known.
    nickname: str = ""
    #: Where the effective cadence comes from: "own", "tag:NAME" or "default".
    cadence_source: str = "default"
    #: Birthdays, anniversaries and reminders, the next to come first.
    dates: tuple[KeyDateView, ...] = ()
    #: The user who keeps up with them in a shared deck (None: nobody in particular).
    owner: str | None = None
    #: Another user's latest touch within the recent window (None: nobody else's).
    touched: TouchView | None = None
    #: More than one user writes to this deck (the faces then say who logged what).
    shared: bool = False


@dataclass(frozen=True, slots=True)
class TagView:
    """A tag, its cadence (``None``: it sets none) and how many people carry it."""

    name: str
    cadence_days: int | None
    people: int


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """A contact due for an interaction, with why."""

    id: int
    name: str
    stage: str
    company: str
    title: str
    due_on: date
    overdue_days: int
    reason: str
    cadence_days: int
    channels: dict[str, str] = field(default_factory=dict)  # kind -> preferred value
    #: They wrote inside the reply window and you have not answered (at the top).
    awaiting_reply: bool = False
    #: The user pulled them into today's queue (past the daily size; see ``pull``).
    pulled: bool = False
    #: Why the queue holds them back today (``"note-budget"``: a prospect only a LinkedIn
    #: note reaches, paced or out of notes); None: shown. Only ``queue --all`` lists them.
    held: str | None = None
    #: Another user's latest touch within the recent window (None: nobody else's).
    touched: TouchView | None = None
    #: Their owner in a shared deck (None: nobody in particular).
    owner: str | None = None
    #: Another user claimed them today (is writing to them: "Alex is writing to Dana"),
    #: and since when (aware UTC); None: nobody else is (see netdeck.services.claims).
    claimed_by: str | None = None
    claimed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class QueueSnapshot:
    """Today's queue and the figures around it."""

    today: date
    entries: tuple[QueueEntry, ...]
    due_total: int  # due today before the daily cap (but those the note budget holds)
    done_today: int  # contacts with an interaction logged today
    inner_circle: int  # active contacts
    inner_circle_target: int
    contact_count: int
    next_due_on: date | None  # the next day someone is due after today
    queue_size: int = 10  # the daily queue size (setting queue-size)
    unsorted: int = 0  # contacts waiting in triage
    held: int = 0  # prospects the note budget holds today (not in due_total)
    note_budget: NoteBudget | None = None  # this month's LinkedIn notes
    #: Whose people it shows: "mine" (mine and nobody's, a shared deck's default) or
    #: "everyone" (a deck with one user always).
    scope: str = "everyone"
    #: More than one user writes to this deck.
    shared: bool = False


@dataclass(frozen=True, slots=True)
class LoggedInteraction:
    contact_id: int
    name: str
    interaction_id: int
    stage: str
    next_due_on: date | None


@dataclass(frozen=True, slots=True)
class ScheduleChange:
    """The result of a snooze, skip or stage change."""

    contact_id: int
    name: str
    stage: str
    next_due_on: date | None


@dataclass(frozen=True, slots=True)
class SnippetView:
    id: int
    name: str
    kind: str
    channel: str
    subject: str
    body: str

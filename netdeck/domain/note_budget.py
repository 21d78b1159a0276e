"""LinkedIn's monthly note budget: how many requests may carry a note, and pacing.

LinkedIn's help centre (answer a550555, "Invitation limit reached") says free
members may add a personal note to five connection requests a calendar month;
Premium members to all of them (and 300 characters instead of 200). Other
sources quote three a month, or five per 30 days, so the number is a setting
(``linkedin-notes-per-month``; the plan's when unset, see
:attr:`netdeck.domain.settings.Settings.linkedin_notes_limit`).

- **A note** is an outbound connection request on LinkedIn that said something:
  logged with a text or a note (``ctrl+t``, ``draft --sent``, ``log --kind
  connection-request --note ...``) or imported from ``Invitations.csv`` (an
  OUTGOING row with a Message). One with neither went out **bare**: LinkedIn
  sent "So and So wants to connect with you".
- **The budget** is counted per calendar month (the user's days, as every date
  in netdeck): it resets on the first of the next month.
- **Note-only prospects** are prospects netdeck can reach only by a LinkedIn
  note: no e-mail address, X handle or website (:data:`OTHER_WAYS`). Prospects
  with one of those are never held: when the notes are spent their draft goes
  to that channel instead (e-mail, then X, then the website).
- **Pacing** (:func:`notes_for_today`): the daily queue shows at most as many
  note-only prospects as the notes left allow today when they are spread over
  the days left in the month. With ``n`` notes left (before today) and ``L``
  days left (today included): when ``n >= L``, ``ceil(n / L)`` a day; else one
  note every ``L // n`` days after the last one (5 notes, 20 days → one every
  four days), and one today when none went out yet this month. Notes sent today
  count against today's share. The rest are **held** (``queue --all`` marks them
  ``"held": "note-budget"``), and so are all of them when the budget is spent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from netdeck.domain.channels import InteractionChannel
from netdeck.domain.dates import add_days, day_month
from netdeck.domain.interactions import Direction, InteractionKind
from netdeck.domain.stages import Stage

#: Address kinds that reach a prospect without a LinkedIn note, in the order the
#: draft falls back to them when the notes are spent.
OTHER_WAYS = ("email", "x", "website")

#: The queue's mark for a prospect held back by the note budget (``queue --all``).
HELD_NOTE_BUDGET = "note-budget"


@dataclass(frozen=True, slots=True)
class NoteUse:
    """The notes that went out this calendar month (from the interactions)."""

    #: Notes this month, today included.
    used: int = 0
    #: Of them, the ones sent today.
    used_today: int = 0
    #: The latest day before today (this month) a note went out; None: none yet.
    last_before_today: date | None = None


@dataclass(frozen=True, slots=True)
class NoteBudget:
    """This month's notes: used, the limit (None: no limit) and when it resets."""

    used: int
    limit: int | None
    resets_on: date

    @property
    def left(self) -> int | None:
        """Notes left this month (never below 0); None without a limit."""
        return None if self.limit is None else max(self.limit - self.used, 0)

    @property
    def spent(self) -> bool:
        """Whether no note is left this month."""
        return self.limit is not None and self.used >= self.limit

    def as_json(self) -> dict[str, object]:
        """``{"used", "limit", "left", "resets_on"}`` for ``--json`` output."""
        return {
            "used": self.used,
            "limit": self.limit,
            "left": self.left,
            "resets_on": self.resets_on.isoformat(),
        }


def month_start(today: date) -> date:
    """The first day of ``today``'s month."""
    return today.replace(day=1)


def month_end(today: date) -> date:
    """The last day of ``today``'s month."""
    if today.month == 12:
        return date(today.year, 12, 31)
    return add_days(date(today.year, today.month + 1, 1), -1)


def next_month_start(today: date) -> date:
    """The first day of the month after ``today``'s: the day the budget resets (in the
    calendar's last month, December 9999, its last day: no later day exists)."""
    end = month_end(today)
    return add_days(end, 1)  # held at date.max, as every date shift


def days_left_in_month(today: date) -> int:
    """Days from today to the month's last day, both counted (1 on the last day)."""
    return (month_end(today) - today).days + 1


def note_budget(use: NoteUse, limit: int | None, today: date) -> NoteBudget:
    """This month's budget from the notes used and the limit (setting or plan)."""
    return NoteBudget(used=use.used, limit=limit, resets_on=next_month_start(today))


def notes_for_today(use: NoteUse, limit: int | None, today: date) -> int | None:
    """How many more note-only prospects today's queue may show (the pacing rule in
    the module docstring); None without a limit (nothing is paced)."""
    if limit is None:
        return None
    left = limit - (use.used - use.used_today)  # left at the start of today
    if left <= 0:
        return 0
    days = days_left_in_month(today)
    if left >= days:
        share = -(-left // days)  # ceil
    else:
        every = days // left
        last = use.last_before_today
        came = last is None or last < month_start(today) or (today - last).days >= every
        share = 1 if came else 0
    return max(share - use.used_today, 0)


def next_note_day(use: NoteUse, limit: int | None, today: date, *, ahead: int = 0) -> date | None:
    """The day a held note-only prospect comes back, with ``ahead`` held prospects
    before it in the queue: today's share goes to the prospects shown today, and each
    later day's share to the held ones in order (so the estimate assumes you send the
    notes the queue offers on their days). Past this month the budget starts afresh on
    the first. None without a limit."""
    if limit is None:
        return None
    share = notes_for_today(use, limit, today) or 0  # taken by those shown today
    used = use.used + share
    last = today if use.used_today or share else use.last_before_today
    day = today
    for _ in range(_LOOK_AHEAD_DAYS):
        following = add_days(day, 1)
        if following == day:  # the calendar's end
            break
        if following.month != day.month:
            used, last = 0, None  # a new month, a new budget
        day = following
        share = notes_for_today(NoteUse(used=used, last_before_today=last), limit, day) or 0
        if share > ahead:
            return day
        ahead -= share
        if share:
            used, last = used + share, day
    return day


#: How far :func:`next_note_day` looks (a year of monthly budgets is plenty).
_LOOK_AHEAD_DAYS = 400


def is_note_only(stage: Stage | str, address_kinds: Sequence[str] | set[str]) -> bool:
    """Whether a contact is a prospect only a LinkedIn note reaches (no e-mail, X or
    website: :data:`OTHER_WAYS`)."""
    return Stage(stage) is Stage.PROSPECT and not any(kind in OTHER_WAYS for kind in address_kinds)


T = TypeVar("T")


def paced(
    due: Sequence[T], allowance: int | None, note_only: Callable[[T], bool]
) -> tuple[list[T], list[T]]:
    """The due list (in queue order) split into what today's queue shows and what the
    note budget holds: the first ``allowance`` note-only prospects are shown, later
    ones held (all shown when ``allowance`` is None). The SQL does the same
    (:mod:`netdeck.services.queue`); a test keeps them equal."""
    if allowance is None:
        return list(due), []
    shown: list[T] = []
    held: list[T] = []
    taken = 0
    for entry in due:
        if note_only(entry):
            if taken >= allowance:
                held.append(entry)
                continue
            taken += 1
        shown.append(entry)
    return shown, held


def budget_text(budget: NoteBudget) -> str:
    """``2 of 5 notes left this month``, or that none are left and when they reset;
    ``LinkedIn notes: no monthly limit`` without a limit."""
    if budget.limit is None:
        return "LinkedIn notes: no monthly limit"
    if budget.spent:
        return (
            f"no LinkedIn notes left this month ({budget.used} of {budget.limit} used; "
            f"more on {day_month(budget.resets_on)})"
        )
    return f"{budget.left} of {budget.limit} notes left this month"


def budget_use_text(budget: NoteBudget) -> str:
    """``LinkedIn notes this month: 2 of 5 used (resets 1 Dec)`` (``stats``), or
    ``LinkedIn notes this month: 2 used, no monthly limit`` without a limit."""
    if budget.limit is None:
        return f"LinkedIn notes this month: {budget.used} used, no monthly limit"
    return (
        f"LinkedIn notes this month: {budget.used} of {budget.limit} used "
        f"(resets {day_month(budget.resets_on)})"
    )


def held_text(count: int) -> str:
    """``2 prospects held for the note budget`` (the queue's line, on screen and in ``queue``)."""
    people = "prospect" if count == 1 else "prospects"
    return f"{count:,} {people} held for the note budget"


def held_reason(budget: NoteBudget, comes_back_on: date | None) -> str:
    """The reason a held note-only prospect gives (``queue --all``, the contact)."""
    if budget.spent:
        return (
            f"LinkedIn note budget spent ({budget.used} of {budget.limit}): "
            f"resets on {day_month(budget.resets_on)}"
        )
    back = f"; next on {day_month(comes_back_on)}" if comes_back_on is not None else ""
    notes = "note" if budget.left == 1 else "notes"
    return f"paced: {budget.left} LinkedIn {notes} left this month{back}"


def is_linkedin_request(kind: str, direction: str, channel: str) -> bool:
    """An outbound connection request on LinkedIn, with a note or without (the rule
    :func:`netdeck.services.note_budget.linkedin_request` says in SQL)."""
    return (
        kind == InteractionKind.CONNECTION_REQUEST
        and direction == Direction.OUTBOUND
        and channel == InteractionChannel.LINKEDIN
    )


def went_out_bare(kind: str, direction: str, channel: str, *, text: str, note: str) -> bool:
    """Whether a logged interaction is a LinkedIn connection request without a note (the
    rule :func:`netdeck.services.note_budget.bare_request_sent` counts in SQL)."""
    return is_linkedin_request(kind, direction, channel) and not text.strip() and not note.strip()


#: The reason a connected contact gives when the request they accepted had no note.
BARE_ACCEPTED_REASON = "accepted a request that had no note: say why you connected"

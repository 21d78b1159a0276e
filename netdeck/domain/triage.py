"""Triage rules: which unsorted contact to look at first, and when a kept one is first due.

**Promise.** Unsorted contacts (imported, never due) are shown most promising
first. The promise score is a whole number, the sum of:

- how recently you connected (``connected_on``), in steps that decay with age:
  within 30 days 40 points, 90 days 32, a year 24, three years 12, older 4,
  unknown 0 (see :data:`CONNECTION_TIERS`);
- messages exchanged (a last interaction is known): 30;
- sharing a tag with someone in your circle (an ``active`` contact): 15;
- each filled-in detail (email address, title, company, notes, how you met): 5.

Ties go by name (the case-folded sort key), then id, so the order is total and
the same on every run. The services compute the same score in SQL (a test keeps
the two in agreement), so tens of thousands of unsorted contacts are ordered
without loading them.

**Keeping** makes a contact ``active`` with the chosen cadence, except a
``connected`` one who still awaits a first message: it stays ``connected``
(so the queue still prompts for that first message) and takes the cadence for
later (:func:`stage_when_kept`). **Later** makes someone with a connection date and
no conversation since ``connected`` (a first message to write), someone else
you have talked with ``active``, and anyone else a ``prospect`` (a request to
send) (:func:`stage_when_put_off`).

**Spreading.** A contact you keep (or put off for later) needs a first due
day; if everyone kept from a big import became due at once, one morning would
hold hundreds. :func:`spread_due_on` picks, from the window of days starting at
the day the stage's rule would give (never before tomorrow) and as long as the
cadence, the earliest day whose load (contacts already due that day) is below
the daily queue size; when every day in the window is full, the least loaded
(earliest on a tie). So keeping 300 people on a 3-month cadence with a queue of
10 puts at most 10 on any of the next 90 days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from netdeck.domain.dates import add_days, days_ago_phrase
from netdeck.domain.scheduling import ScheduleFacts, awaits_first_message
from netdeck.domain.stages import Stage

#: (at most this many days since connecting, points), first match wins.
CONNECTION_TIERS: tuple[tuple[int, int], ...] = ((30, 40), (90, 32), (365, 24), (1095, 12))
#: Points for a connection older than the last tier.
OLDER_CONNECTION_POINTS = 4
MESSAGES_POINTS = 30
SHARED_TAG_POINTS = 15
DETAIL_POINTS = 5
#: The details that count as filled in (the email is an address of kind email).
DETAIL_NAMES = ("email", "title", "company", "notes", "how we met")

#: The cadences offered when keeping someone: (key, label, days).
KEEP_CADENCES: tuple[tuple[str, str, int], ...] = (
    ("1", "2 weeks", 14),
    ("2", "1 month", 30),
    ("3", "3 months", 90),
    ("4", "6 months", 180),
)
#: "Later": the first follow-up is no sooner than this many days away...
LATER_AFTER_DAYS = 14
#: ...and spread over this many days from there.
LATER_WINDOW_DAYS = 30


@dataclass(frozen=True, slots=True)
class PromiseFacts:
    """What the promise score looks at for one unsorted contact."""

    connected_on: date | None
    last_interaction_on: date | None
    shares_circle_tag: bool
    details: int  # how many of DETAIL_NAMES are filled in


def connection_points(days_since: int | None) -> int:
    """Points for having connected ``days_since`` days ago (None: unknown)."""
    if days_since is None:
        return 0
    for limit, points in CONNECTION_TIERS:
        if days_since <= limit:
            return points
    return OLDER_CONNECTION_POINTS


def promise_score(facts: PromiseFacts, today: date) -> int:
    """The promise score (higher first); see the module docstring."""
    days = None if facts.connected_on is None else (today - facts.connected_on).days
    return (
        connection_points(days)
        + (MESSAGES_POINTS if facts.last_interaction_on is not None else 0)
        + (SHARED_TAG_POINTS if facts.shares_circle_tag else 0)
        + DETAIL_POINTS * facts.details
    )


def roughly_ago(days: int) -> str:
    """``5 days ago``, ``3 months ago``, ``4 years ago``: precise when recent."""
    if days < 60:
        return days_ago_phrase(days)
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


def promise_reasons(facts: PromiseFacts, today: date) -> tuple[str, ...]:
    """Why the contact looks promising, in a few words each, strongest first."""
    reasons: list[str] = []
    if facts.connected_on is not None:
        reasons.append(f"connected {roughly_ago((today - facts.connected_on).days)}")
    if facts.last_interaction_on is not None:
        reasons.append(f"last message {roughly_ago((today - facts.last_interaction_on).days)}")
    if facts.shares_circle_tag:
        reasons.append("shares a tag with your circle")
    if facts.details:
        reasons.append(f"{facts.details} detail{'s' if facts.details != 1 else ''} filled in")
    return tuple(reasons)


def promise_sort_key(score: int, name_key: str, contact_id: int) -> tuple[int, str, int]:
    """Sort key for triage; smaller comes first. A total order over contacts."""
    return (-score, name_key, contact_id)


def stage_when_kept(facts: ScheduleFacts) -> Stage:
    """The stage keeping leaves a contact in (see the module docstring)."""
    if awaits_first_message(facts):
        return Stage.CONNECTED
    return Stage.ACTIVE


def stage_when_put_off(facts: ScheduleFacts) -> Stage:
    """The stage "follow up later" puts a contact in (see the module docstring)."""
    last, connected = facts.last_interaction_on, facts.connected_on
    if connected is not None and (last is None or last < connected):
        return Stage.CONNECTED  # no conversation since connecting: a first message
    if last is not None:
        return Stage.ACTIVE  # "connected ..., no message yet" would be false
    return Stage.PROSPECT


def spread_due_on(
    *,
    natural_due: date | None,
    today: date,
    window_days: int,
    load: Mapping[date, int],
    capacity: int,
) -> date:
    """The first due day for a kept contact (see the module docstring).

    ``natural_due`` is what the stage's rule would say (None or a past day: as
    soon as possible); ``load`` counts the contacts already due on each day;
    ``capacity`` is the daily queue size.
    """
    start = add_days(today, 1)
    if natural_due is not None and natural_due > start:
        start = natural_due
    days = [add_days(start, offset) for offset in range(max(window_days, 1))]
    for day in days:
        if load.get(day, 0) < capacity:
            return day
    return min(days, key=lambda day: (load.get(day, 0), day))

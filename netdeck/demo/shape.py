"""The shape of the synthetic network: how many of each stage, how well you keep up.

Shares and weights the generator (:mod:`netdeck.demo.generate`) draws with:
the stage mix, cadences, how far back each kind of active contact last talked,
recent connections and follow-through, snippet sends and their reply rates,
and the cleared-day streak. Tuned so the demo looks like a tended network and
every screen (queue, triage, health) has something to show.
"""

from __future__ import annotations

from collections.abc import Callable

from netdeck.domain.health import LET_GO_AFTER_DAYS
from netdeck.domain.interactions import InteractionKind
from netdeck.domain.stages import Stage

# A tended network: few people wait in a stage that is due at once (prospect,
# requested, connected), so about one contact in ten is due on a given day.
STAGE_WEIGHTS = (
    (Stage.ACTIVE, 32),
    (Stage.UNSORTED, 26),
    (Stage.DORMANT, 16),
    (Stage.ARCHIVED, 14),
    (Stage.CONNECTED, 3),
    (Stage.PROSPECT, 2),
    (Stage.REQUESTED, 4),
)
CADENCES = (14, 30, 30, 30, 60, 90, 90, 180, None, None)
#: How far back (in days, from the cadence) an active contact last talked, by how
#: well you keep up with them; the shares are drawn in
#: :meth:`netdeck.demo.generate.PersonGenerator.active_profile`.
ACTIVE_BACK: dict[str, Callable[[int], tuple[int, int]]] = {
    "tended": lambda cadence: (0, cadence - 1),  # not due yet
    "overdue": lambda cadence: (cadence, int(cadence * 1.6)),  # due, a little late
    "drifting": lambda cadence: (3 * cadence + 1, LET_GO_AFTER_DAYS - 1),
    "silent": lambda cadence: (LET_GO_AFTER_DAYS + 1, 400),  # a let-go candidate
}
#: How far back (days, low and high) anyone else last talked, by stage; a stage not
#: listed (connected) last talked when it connected.
BACK_BY_STAGE: dict[Stage, tuple[int, int]] = {
    Stage.DORMANT: (200, 900),
    Stage.ARCHIVED: (300, 2000),
    Stage.UNSORTED: (365, 2500),
    Stage.REQUESTED: (0, 30),
    Stage.PROSPECT: (0, 12),
}
ACTIVE_PROFILES = (("drifting", 0.03), ("silent", 0.015), ("overdue", 0.11))
#: Active contacts who connected in the last 90 days, and of them those messaged
#: within a week; then connection requests that carried a note.
RECENT_CONNECTION_SHARE = 0.12
FOLLOWED_THROUGH_SHARE = 0.6
REQUEST_NOTE_SHARE = 0.7
#: Outbound messages logged from a snippet: only in the last 18 months (since
#: netdeck came along), and not every one of them.
SNIPPET_ERA_DAYS = 540
SNIPPET_SHARE = 0.45
FOLLOW_UP_SNIPPETS = ("Check-in",) * 6 + ("Thank you",) * 2 + ("Reconnect",) * 2
#: How often a send from each default snippet is answered within 14 days.
REPLY_RATES = {
    "Connection request": 0.3,
    "First message": 0.62,
    "Check-in": 0.41,
    "Thank you": 0.55,
    "Reconnect": 0.24,
}
#: Days ending yesterday that cleared the queue (the current streak), and the
#: share of earlier days in the last four months that did.
STREAK_DAYS = 4
EARLIER_CLEARED_SHARE = 0.3
#: The kinds of an ordinary interaction, drawn by weight.
KINDS = (
    InteractionKind.MESSAGE,
    InteractionKind.REPLY,
    InteractionKind.CALL,
    InteractionKind.MEETING,
    InteractionKind.NOTE,
)
KIND_WEIGHTS = (58, 24, 7, 5, 6)

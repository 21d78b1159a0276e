"""The stages a contact moves through, from someone you want to meet to your circle."""

from __future__ import annotations

from enum import StrEnum

from netdeck.domain.choices import parse_choice


class Stage(StrEnum):
    """Where a contact stands; the value is the name used on the CLI and in JSON."""

    PROSPECT = "prospect"  # want to connect: due now, to send a request with a note
    REQUESTED = "requested"  # invite sent: due 14 days later to follow up or withdraw
    CONNECTED = "connected"  # accepted: due 3 days later for a first message
    ACTIVE = "active"  # in your circle: due at last interaction + cadence
    UNSORTED = "unsorted"  # imported, not yet triaged: never due
    DORMANT = "dormant"  # paused: never due
    ARCHIVED = "archived"  # let go: never due


#: Stages that never appear in the queue.
NEVER_DUE = frozenset({Stage.UNSORTED, Stage.DORMANT, Stage.ARCHIVED})

#: The order stages are shown in pickers: the path a relationship normally takes.
STAGE_ORDER = (
    Stage.PROSPECT,
    Stage.REQUESTED,
    Stage.CONNECTED,
    Stage.ACTIVE,
    Stage.DORMANT,
    Stage.ARCHIVED,
    Stage.UNSORTED,
)


def parse_stage(text: str) -> Stage:
    """The stage named ``text`` (case-insensitive), or a clear error listing them."""
    return parse_choice(Stage, text, "stage", listed=STAGE_ORDER)

"""What a LinkedIn sync moved, in words: one line per kind of move, naming the people.

The import summary of ``netdeck import linkedin`` and of the TUI's import
screen say the same lines ("Accepted your invitation: Dana Whitfield, Kofi
Mensah"), the dry run with "would". Names and message previews come from
files: every one is made :func:`~netdeck.domain.text.one_line` (control
characters visible, one line), so a line is safe on a terminal and as plain
text in the TUI.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from netdeck.domain.text import one_line

#: How many people a line names before "and N more".
NAMED_AT_MOST = 5
#: The longest a name or a preview may be in a line.
NAME_WIDTH = 60
PREVIEW_WIDTH = 60


class MovedPeople(Protocol):
    """Who a sync moved (:class:`netdeck.services.linkedin_sync.SyncEvents`)."""

    @property
    def accepted(self) -> Sequence[str]: ...
    @property
    def awaiting_reply(self) -> Sequence[tuple[str, str]]: ...  # (name, their first words)
    @property
    def job_changes(self) -> Sequence[tuple[str, str]]: ...  # (name, the new role)
    @property
    def disconnected(self) -> Sequence[str]: ...


def named(people: Sequence[str], most: int = NAMED_AT_MOST) -> str:
    """ "Ann, Bo and 3 more": at most ``most`` of ``people`` (already made safe)."""
    shown = ", ".join(people[:most])
    rest = len(people) - most
    return f"{shown} and {rest} more" if rest > 0 else shown


def moved_lines(events: MovedPeople, *, dry_run: bool, most: int = NAMED_AT_MOST) -> list[str]:
    """One line per kind of move that happened (none when nobody moved); with
    ``dry_run`` each says what the import would do."""

    def name(text: str) -> str:
        return one_line(text, NAME_WIDTH)

    lines: list[str] = []
    if events.accepted:
        heading = (
            "Would be connected (accepted your invitation)"
            if dry_run
            else "Accepted your invitation"
        )
        lines.append(f"{heading}: {named([name(n) for n in events.accepted], most)}")
    if events.awaiting_reply:
        heading = "Would be awaiting your reply" if dry_run else "Awaiting your reply"
        people = [
            f"{name(who)} ('{one_line(wrote, PREVIEW_WIDTH)}')" if wrote.strip() else name(who)
            for who, wrote in events.awaiting_reply
        ]
        lines.append(f"{heading}: {named(people, most)}")
    if events.job_changes:
        heading = "Would record a change of jobs" if dry_run else "Changed jobs"
        people = [
            f"{name(who)} (now {one_line(role, NAME_WIDTH)})" if role.strip() else name(who)
            for who, role in events.job_changes
        ]
        lines.append(f"{heading}: {named(people, most)}")
    if events.disconnected:
        heading = "Would be marked no longer connected" if dry_run else "No longer connected"
        lines.append(f"{heading}: {named([name(n) for n in events.disconnected], most)}")
    return lines


def requests_line(requests: int, bare: int, *, dry_run: bool) -> str:
    """``3 connection requests logged (1 without a note)`` (``would be logged`` in a dry
    run): the outgoing invitations an import logged."""
    noun = "connection request" if requests == 1 else "connection requests"
    logged = "would be logged" if dry_run else "logged"
    return f"{requests:,} {noun} {logged} ({bare:,} without a note)"

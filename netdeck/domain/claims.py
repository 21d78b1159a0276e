"""No double outreach in a shared deck: the rules of a claim and the sentences that
tell one user what another is doing (or just did) to the same person.

A claim says "I am writing to this person": the composer takes it when it opens
on someone, and leaving the composer or sending releases it. It is for one day:
a claim from an earlier day counts for nothing (whoever claims next takes it
over), so a composer left open overnight, or a run that ended without leaving,
holds nobody the next morning.

Two users who act on the same person at the same moment both keep their writes;
the later one is told what the other did ("Alex also messaged Dana at 10:42"),
as news, not as an error. Pure: no SQLAlchemy, no Textual; times come in as
local wall-clock times.
"""

from __future__ import annotations

from datetime import date, time

#: What another user's interaction with someone reads as after "Alex also ...".
_DID_BY_KIND = {
    "message": "messaged {name}",
    "connection-request": "sent {name} a connection request",
    "call": "called {name}",
    "meeting": "met {name}",
    "reply": "logged a reply from {name}",
    "note": "added a note on {name}",
}
#: What another user's change to someone reads as after "Alex also ...".
_DID_BY_EVENT = {
    "snooze": "snoozed {name}",
    "skip": "skipped {name} for today",
    "pull": "pulled {name} into the queue",
    "stage": "moved {name} to {detail}",
    "owner": "gave {name} to {detail}",
}


def claim_counts(claimed_on: date, today: date) -> bool:
    """Whether a claim made on ``claimed_on`` still holds ``today`` (it lasts the day)."""
    return claimed_on == today


def clock(at: time) -> str:
    """A time of day as the sentences show it: ``10:42``."""
    return f"{at.hour:02d}:{at.minute:02d}"


def writing_now(user: str, name: str) -> str:
    """ "Alex is writing to Dana" (a queue row says no more)."""
    return f"{user} is writing to {name}"


def writing_to(user: str, name: str, since: time) -> str:
    """ "Alex is writing to Dana (since 10:42)"."""
    return f"{writing_now(user, name)} (since {clock(since)})"


def also_did(user: str, name: str, at: time, *, kind: str, detail: str = "") -> str:
    """ "Alex also messaged Dana at 10:42": what another user did to the person just
    written to; ``kind`` is an interaction kind ("message", "call") or a change
    ("snooze", "stage", with the new value as ``detail``)."""
    pattern = _DID_BY_KIND.get(kind) or _DID_BY_EVENT.get(kind) or "changed {name}"
    if "{detail}" in pattern and not detail:
        pattern = "changed {name}"
    return f"{user} also {pattern.format(name=name, detail=detail)} at {clock(at)}"

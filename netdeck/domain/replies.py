"""Who is awaiting your reply, read from a conversation log.

A person awaits your reply when their latest message is newer than your latest
outbound interaction with them and any call or meeting. Within one day, a message with a known time
(an imported one) comes before one logged by hand without a time, and those in
the order they were logged: a reply you logged the day they wrote answers them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from netdeck.domain.text import one_line

#: How much of their message a queue reason quotes.
PREVIEW_CHARACTERS = 40


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One interaction as this rule sees it (notes are left out by the caller)."""

    day: date
    at: datetime | None  # the time, when the source gives one
    order: int  # ties within a day and time: the order logged (e.g. the row id)
    inbound: bool
    written: bool  # a message or reply (not a call, meeting or connection request)
    text: str = ""

    def sort_key(self) -> tuple[date, bool, datetime, int]:
        return (self.day, self.at is None, self.at or datetime.min, self.order)


def awaiting_reply(entries: Iterable[LogEntry]) -> LogEntry | None:
    """Their message you have not answered, or ``None``: the latest entry when it is an
    inbound message (anything outbound after it, or a call or meeting, answers it)."""
    latest = max(entries, key=LogEntry.sort_key, default=None)
    if latest is not None and latest.inbound and latest.written:
        return latest
    return None


def preview(text: str, limit: int = PREVIEW_CHARACTERS) -> str:
    """The first words of a message on one line, control characters made visible
    (cut at a word where it can be, with …)."""
    flat = one_line(text)
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:") + "…"

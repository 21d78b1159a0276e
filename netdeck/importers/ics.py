"""The calendar feed written as iCalendar (RFC 5545), with the ``icalendar`` library.

One ``VEVENT`` per :class:`~netdeck.domain.calendar_feed.FeedEvent`: an all-day
event (``DTSTART``/``DTEND`` as dates), free time (``TRANSP:TRANSPARENT``: a reason
to write blocks nothing), the summary with the reasons, the description with the
preferred address. ``DTSTAMP`` is the start of the day the feed was made (UTC), so
one day's feed is the same bytes however often it is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from netdeck.domain.calendar_feed import FeedEvent
from netdeck.domain.dates import add_days

PRODUCT_ID = "-//netdeck//calendar feed//EN"
CALENDAR_NAME = "netdeck: people to write to"
#: How often a subscribing calendar should fetch the file again (a day).
REFRESH_INTERVAL = timedelta(days=1)


def write_ics(events: Sequence[FeedEvent], *, today: date) -> bytes:
    """The iCalendar document (CRLF line ends, folded at 75 octets, UTF-8)."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    stamp = datetime.combine(today, time(), tzinfo=UTC)
    for feed_event in events:
        event = Event()
        event.add("uid", feed_event.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", feed_event.day)
        event.add("dtend", add_days(feed_event.day, 1))
        event.add("summary", feed_event.summary)
        event.add("description", _description(feed_event))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["netdeck"])
        calendar.add_component(event)
    return calendar.to_ical()


def _description(event: FeedEvent) -> str:
    lines = [*event.reasons]
    lines.append(event.address or "no address yet: add one with netdeck edit")
    lines.append(f"netdeck show {event.contact_id}")
    return "\n".join(lines)

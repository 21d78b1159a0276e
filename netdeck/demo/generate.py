"""Synthetic people, one at a time, as rows ready for a bulk insert.

:class:`PersonGenerator` draws everything from one seeded ``random.Random``, in
a fixed order (who they are, their addresses and tags, when you last talked,
what you logged, then their notes), so a seed always makes the same deck: any
change to the order of draws changes every demo database and the tests that
hash its sent texts. Schedules come from the same domain rules as real
contacts (:func:`netdeck.domain.scheduling.next_due_on`), and snippet sends
are rendered by the same template engine.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from netdeck.demo.names import (
    COMPANIES,
    FIRST_NAMES,
    LAST_NAMES,
    MET,
    MY_NAME,
    TAGS,
    TITLES,
    TOPICS,
)
from netdeck.demo.shape import (
    ACTIVE_BACK,
    ACTIVE_PROFILES,
    BACK_BY_STAGE,
    CADENCES,
    FOLLOW_UP_SNIPPETS,
    FOLLOWED_THROUGH_SHARE,
    KIND_WEIGHTS,
    KINDS,
    RECENT_CONNECTION_SHARE,
    REPLY_RATES,
    REQUEST_NOTE_SHARE,
    SNIPPET_ERA_DAYS,
    SNIPPET_SHARE,
    STAGE_WEIGHTS,
)
from netdeck.domain.channels import INTERACTION_CHANNEL_FOR, ChannelKind, address_key
from netdeck.domain.dates import add_days
from netdeck.domain.health import ANSWER_WITHIN_DAYS, FOLLOW_THROUGH_WINDOW_DAYS
from netdeck.domain.interactions import CONVERSATION_KINDS, InteractionKind, is_written
from netdeck.domain.names import name_key
from netdeck.domain.replies import LogEntry, awaiting_reply, preview
from netdeck.domain.scheduling import ScheduleFacts, next_due_on
from netdeck.domain.search import search_text_for
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage
from netdeck.domain.templating import TemplateContext, render_template
from netdeck.store.bulk import ChannelRow, ContactRow, ContactTagRow, InteractionRow

_T = TypeVar("_T")
#: Snippets the demo may send, by name: (snippet id, body).
DemoSnippets = dict[str, tuple[int, str]]


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a synthetic person is: name, work, how you met, how often to talk."""

    first: str
    last: str
    company: str
    title: str
    met: str
    cadence: int | None  # as stored (None: the default cadence)
    effective: int  # the cadence the schedule uses

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(frozen=True, slots=True)
class Timeline:
    """When the relationship started and when you last talked, by stage."""

    profile: str  # how well you keep up (a key of ACTIVE_BACK), "" unless active
    cadence: int | None
    effective: int
    connected_on: date
    last_day: date
    first_day: date | None  # the first message after a recent connection
    request_on: date | None  # when you sent a connection request


@dataclass(slots=True)
class Event:
    """One interaction while it is drawn; :meth:`PersonGenerator.snippet_sends`
    still changes some of them (an answer, or no answer) before they are rows."""

    day: date
    kind: InteractionKind
    inbound: bool
    snippet: str | None  # the name of the snippet it was sent from
    topic: str


class PersonGenerator:
    """Makes one synthetic person at a time, collecting their rows until :meth:`take`."""

    def __init__(
        self,
        seed: int,
        today: date,
        settings: Settings,
        snippets: DemoSnippets,
        *,
        now: datetime,
    ) -> None:
        self.rng = random.Random(seed)
        self.snippets = snippets
        self.today = today
        self.settings = settings
        self.now = now
        self.tag_ids = {name: index + 1 for index, name in enumerate(TAGS)}
        self.contacts: list[ContactRow] = []
        self.channels: list[ChannelRow] = []
        self.contact_tags: list[ContactTagRow] = []
        self.interactions: list[InteractionRow] = []
        #: Who wrote last and awaits your reply: (contact id, the day, the first words).
        self.awaiting: list[tuple[int, date, str]] = []
        self.next_channel_id = 1
        self.next_interaction_id = 1
        self.stage_pool = [stage for stage, weight in STAGE_WEIGHTS for _ in range(weight)]
        self.kind_pool = [
            kind for kind, weight in zip(KINDS, KIND_WEIGHTS, strict=True) for _ in range(weight)
        ]

    def take(
        self,
    ) -> tuple[list[ContactRow], list[ChannelRow], list[ContactTagRow], list[InteractionRow]]:
        """The rows made since the last call (contacts, channels, tags, interactions)."""
        made = (self.contacts, self.channels, self.contact_tags, self.interactions)
        self.contacts, self.channels, self.contact_tags, self.interactions = [], [], [], []
        return made

    def take_awaiting(self) -> list[tuple[int, date, str]]:
        """Who awaits your reply among the people made since the last call."""
        made, self.awaiting = self.awaiting, []
        return made

    def _choice(self, options: Sequence[_T]) -> _T:
        return options[int(self.rng.random() * len(options))]

    def person(self, contact_id: int, stage: Stage, n: int) -> None:
        """Add one person of ``stage`` with ``n`` interactions."""
        who = self.identity()
        addresses = self.addresses(contact_id, stage, who)
        channel = self.add_channels(contact_id, addresses)
        tags = self.add_tags(contact_id)
        timeline = self.timeline(stage, who)
        events = self.events(stage, n, timeline)
        first = len(self.interactions)
        last_conversation = self.add_interactions(contact_id, who, channel, events)
        # The notes search finds, newest first (as refresh_search_text reads them).
        logged = sorted(self.interactions[first:], key=lambda i: (i.occurred_on, i.id))
        notes = [i.note for i in reversed(logged) if i.note]
        self.add_contact(
            contact_id, stage, who, timeline, last_conversation, addresses, tags, notes
        )

    def identity(self) -> Identity:
        pick = self.rng.random
        first, last = self._choice(FIRST_NAMES), self._choice(LAST_NAMES)
        company, title, met = self._choice(COMPANIES), self._choice(TITLES), self._choice(MET)
        if "{" in met:
            met = met.format(
                year=self.today.year - 1 - int(pick() * 9), company=company or "Acme Robotics"
            )
        cadence = self._choice(CADENCES)
        effective = cadence or self.settings.default_cadence
        return Identity(first, last, company, title, met, cadence, effective)

    def addresses(
        self, contact_id: int, stage: Stage, who: Identity
    ) -> list[tuple[ChannelKind, str]]:
        pick = self.rng.random
        first, last = who.first.lower(), who.last.lower()
        slug = f"{first}-{last}-{contact_id}"
        addresses: list[tuple[ChannelKind, str]] = []
        if stage is Stage.PROSPECT or pick() < 0.9:
            addresses.append((ChannelKind.LINKEDIN, f"https://www.linkedin.com/in/{slug}"))
        if pick() < 0.4:
            domain = (who.company.split() or ["mail"])[0].lower().strip("&.") + ".example"
            addresses.append((ChannelKind.EMAIL, f"{first}.{last}{contact_id}@{domain}"))
        if pick() < 0.15:
            addresses.append((ChannelKind.X, f"@{first}{last[:6]}{contact_id % 1000}"))
        if pick() < 0.08:
            addresses.append(
                (ChannelKind.PHONE, f"+1 555 {100 + contact_id % 900} {1000 + contact_id % 9000}")
            )
        if pick() < 0.05:
            addresses.append((ChannelKind.WEBSITE, f"https://{slug}.example.com"))
        return addresses

    def add_channels(self, contact_id: int, addresses: list[tuple[ChannelKind, str]]) -> str:
        """Add the address rows, one of them preferred; the channel you talk on."""
        pick = self.rng.random
        preferred = int(pick() * len(addresses)) if addresses and pick() < 0.2 else 0
        for index, (kind, value) in enumerate(addresses):
            self.channels.append(
                ChannelRow(
                    id=self.next_channel_id,
                    contact_id=contact_id,
                    kind=kind.value,
                    value=value,
                    lookup_key=address_key(kind, value),
                    preferred=index == preferred,
                )
            )
            self.next_channel_id += 1
        return INTERACTION_CHANNEL_FOR[addresses[preferred][0]].value if addresses else "other"

    def add_tags(self, contact_id: int) -> list[str]:
        tags = sorted(self.rng.sample(TAGS, k=self._choice((0, 0, 1, 1, 2, 3))))
        for tag in tags:
            self.contact_tags.append(ContactTagRow(contact_id, self.tag_ids[tag]))
        return tags

    def active_profile(self) -> str:
        """How well you keep up with an active contact (a key of :data:`ACTIVE_BACK`)."""
        draw = self.rng.random()
        for profile, share in ACTIVE_PROFILES:
            if draw < share:
                return profile
            draw -= share
        return "tended"

    def timeline(self, stage: Stage, who: Identity) -> Timeline:
        """When the relationship started, and the last time you talked, by stage."""
        pick, today = self.rng.random, self.today
        cadence, effective = who.cadence, who.effective
        profile = self.active_profile() if stage is Stage.ACTIVE else ""
        if profile == "drifting" and effective > 30:
            cadence = effective = 14 if pick() < 0.5 else 30  # drifts, yet talked this year
        connected_on = add_days(today, -(120 + int(pick() * 8 * 365)))
        if stage is Stage.CONNECTED:
            connected_on = add_days(today, -int(pick() * 21))
        back = ACTIVE_BACK[profile](effective) if profile else BACK_BY_STAGE.get(stage)
        last_day = (
            connected_on
            if back is None
            else add_days(today, -(back[0] + int(pick() * (back[1] - back[0] + 1))))
        )
        first_day: date | None = None
        request_on: date | None = None
        if profile in ("tended", "overdue") and pick() < RECENT_CONNECTION_SHARE:
            age = 8 + int(pick() * (FOLLOW_THROUGH_WINDOW_DAYS - 7))
            connected_on = add_days(today, -age)
            within = pick() < FOLLOWED_THROUGH_SHARE
            first_day = add_days(
                connected_on,
                int(pick() * 8) if within else 8 + int(pick() * min(23, age - 7)),
            )
            # Talked since the first message: not crowded onto that one day.
            last_day = max(
                last_day, add_days(first_day, int(pick() * ((today - first_day).days + 1)))
            )
            if pick() < 0.7:
                request_on = add_days(connected_on, -(1 + int(pick() * 10)))
        elif stage is Stage.CONNECTED and pick() < 0.6:
            request_on = add_days(connected_on, -(1 + int(pick() * 10)))
        elif stage is Stage.REQUESTED:
            request_on = last_day
        if last_day < connected_on:
            connected_on = add_days(last_day, -int(pick() * 400))
        return Timeline(profile, cadence, effective, connected_on, last_day, first_day, request_on)

    def events(self, stage: Stage, n: int, timeline: Timeline) -> list[Event]:
        """``n`` interactions in day order: a connection request if one was sent,
        then talks spread between the start and the last time you talked."""
        pick = self.rng.random
        events: list[Event] = []
        slots = n
        if timeline.request_on is not None and slots:
            with_note = pick() < REQUEST_NOTE_SHARE and "Connection request" in self.snippets
            snippet = "Connection request" if with_note else None
            kind = InteractionKind.CONNECTION_REQUEST
            events.append(Event(timeline.request_on, kind, False, snippet, ""))
            slots -= 1
        span_start = timeline.first_day or timeline.connected_on
        span = (timeline.last_day - span_start).days + 1
        offsets = self.talk_offsets(stage, slots, span, timeline.effective)
        first_day = timeline.first_day
        for position, offset in enumerate(offsets):
            if stage in (Stage.CONNECTED, Stage.REQUESTED):  # nothing said yet: notes only
                day, kind = add_days(span_start, offset), InteractionKind.NOTE
            elif position == 0 and first_day is not None:
                day, kind = first_day, InteractionKind.MESSAGE
            else:
                is_last = position == slots - 1
                day = timeline.last_day if is_last else add_days(span_start, offset)
                kind = self.kind_pool[int(pick() * len(self.kind_pool))]
                if is_last and kind is InteractionKind.NOTE:
                    kind = InteractionKind.MESSAGE  # the last day is the last time you talked
            inbound = kind is InteractionKind.REPLY or (
                kind is InteractionKind.MESSAGE and first_day != day and pick() < 0.25
            )
            snippet = "First message" if day == first_day and position == 0 else None
            events.append(Event(day, kind, inbound, snippet, self._choice(TOPICS)))
        events.sort(key=lambda event: event.day)
        self.snippet_sends(events)
        return events

    def talk_offsets(self, stage: Stage, slots: int, span: int, effective: int) -> list[int]:
        """Days after the start of the span on which the ``slots`` talks fall."""
        pick = self.rng.random
        if stage is not Stage.ACTIVE:
            return sorted(int(pick() * span) for _ in range(slots))
        # Kept up with: talks come about once a cadence, back from the last one
        # (what no longer fits since the start falls anywhere in between).
        offsets, ago = [], span - 1
        for _ in range(slots):
            offsets.append(ago if ago >= 0 else int(pick() * span))
            ago -= int(effective * (0.5 + 0.7 * pick()))
        offsets.sort()
        return offsets

    def snippet_sends(self, events: list[Event]) -> None:
        """Mark some outbound messages as sent from a snippet, and have each answered
        (or not) within 14 days at that snippet's rate. ``events`` are in day order;
        the first message after a recent connection (already marked) stays outbound."""
        pick = self.rng.random
        era = add_days(self.today, -SNIPPET_ERA_DAYS)
        for index, event in enumerate(events):
            if (
                event.snippet is None
                and event.kind is InteractionKind.MESSAGE
                and not event.inbound
                and event.day >= era
            ):
                if pick() < SNIPPET_SHARE:
                    event.snippet = self._choice(FOLLOW_UP_SNIPPETS)
                if event.snippet not in self.snippets:
                    event.snippet = None
            if event.snippet is None:
                continue
            later = events[index + 1 :]
            if pick() < REPLY_RATES.get(event.snippet, 0.3):
                self._answer(event, later, is_last=later[-1] if later else None)
            else:
                _unanswered(event, later)

    def _answer(self, sent: Event, later: list[Event], *, is_last: Event | None) -> None:
        """The next interaction becomes their reply, within a week of ``sent``
        (unless it is a note, a request, or the first message after connecting)."""
        following = later[0] if later else None
        answer_by = add_days(sent.day, ANSWER_WITHIN_DAYS)
        if (
            following is not None
            and following.kind not in (InteractionKind.NOTE, InteractionKind.CONNECTION_REQUEST)
            and following.snippet != "First message"
            and (following is not is_last or following.day <= answer_by)
        ):
            following.day = min(following.day, add_days(sent.day, 1 + int(self.rng.random() * 6)))
            following.kind, following.inbound, following.snippet = InteractionKind.REPLY, True, None

    def add_interactions(
        self, contact_id: int, who: Identity, channel: str, events: list[Event]
    ) -> date | None:
        """Add the interaction rows; the day of the last conversation."""
        last_conversation: date | None = None
        last_topic = ""
        latest: tuple[Event, str] | None = None  # the last interaction but notes
        for event in events:
            kind, topic = event.kind, event.topic
            text_sent = snippet_id = None
            note = f"talked about {topic}" if topic and kind is not InteractionKind.NOTE else topic
            if event.snippet is not None:
                snippet_id, body = self.snippets[event.snippet]
                text_sent, note = self._render(body, who, last_topic), ""
            elif kind is InteractionKind.CONNECTION_REQUEST:
                note = ""  # a request sent without a note
            if note:
                last_topic = topic
            if kind in CONVERSATION_KINDS:
                last_conversation = event.day
            if kind is not InteractionKind.NOTE:
                latest = (event, note)
            self.interactions.append(
                InteractionRow(
                    id=self.next_interaction_id,
                    contact_id=contact_id,
                    occurred_on=event.day,
                    channel="in-person" if kind is InteractionKind.MEETING else channel,
                    kind=kind.value,
                    direction="inbound" if event.inbound else "outbound",
                    note=note,
                    text_sent=text_sent,
                    snippet_id=snippet_id,
                    source="demo",
                    created_at=self.now,
                )
            )
            self.next_interaction_id += 1
        if latest is not None:
            last, text = latest
            entry = LogEntry(last.day, None, 0, last.inbound, is_written(last.kind), text)
            if awaiting_reply([entry]) is not None:
                self.awaiting.append((contact_id, last.day, preview(text)))
        return last_conversation

    @staticmethod
    def _render(body: str, who: Identity, last_topic: str) -> str:
        context = TemplateContext(
            first_name=who.first,
            last_name=who.last,
            full_name=who.full,
            company=who.company,
            title=who.title,
            how_we_met=who.met,
            last_topic=last_topic,
            my_name=MY_NAME,
        )
        return render_template(body, context).text

    def add_contact(
        self,
        contact_id: int,
        stage: Stage,
        who: Identity,
        timeline: Timeline,
        last_conversation: date | None,
        addresses: list[tuple[ChannelKind, str]],
        tags: list[str],
        interaction_notes: list[str],
    ) -> None:
        """Add the contact row, scheduled by the domain's rules."""
        pick = self.rng.random
        stage_since = {
            Stage.CONNECTED: timeline.connected_on,
            Stage.REQUESTED: timeline.last_day,
            Stage.PROSPECT: timeline.last_day,
        }.get(stage, last_conversation or timeline.connected_on)
        facts = ScheduleFacts(
            stage=stage,
            stage_since=stage_since,
            cadence_days=timeline.effective,
            connected_on=None
            if stage in (Stage.PROSPECT, Stage.REQUESTED)
            else timeline.connected_on,
            last_interaction_on=last_conversation,
        )
        notes = "" if pick() < 0.7 else f"Interested in {self._choice(TOPICS) or 'tea'}."
        values = [value for _, value in addresses]
        self.contacts.append(
            ContactRow(
                id=contact_id,
                full_name=who.full,
                first_name=who.first,
                last_name=who.last,
                name_key=name_key(who.full),
                company=who.company,
                title=who.title,
                how_we_met=who.met,
                notes=notes,
                ask_about="",
                stage=stage.value,
                stage_since=stage_since,
                cadence_days=timeline.cadence,
                next_due_on=next_due_on(facts),
                snoozed_until=None,
                skipped_on=None,
                last_interaction_on=last_conversation,
                connected_on=facts.connected_on,
                source="demo",
                search_text=search_text_for(
                    who.full,
                    who.company,
                    who.title,
                    values,
                    tags,
                    how_we_met=who.met,
                    notes=notes,
                    interaction_notes=interaction_notes,
                ),
                created_at=self.now,
                updated_at=self.now,
            )
        )


def _unanswered(sent: Event, later: list[Event]) -> None:
    """No answer to ``sent``: what they said within the answer window becomes yours."""
    answer_by = add_days(sent.day, ANSWER_WITHIN_DAYS)
    for following in later:
        if following.day > answer_by:
            break
        if following.inbound and following.kind in CONVERSATION_KINDS:
            following.inbound = False  # you wrote again; they did not answer
            if following.kind is InteractionKind.REPLY:
                following.kind = InteractionKind.MESSAGE

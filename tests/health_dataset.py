"""A small fixed network for the health figures, with every value worked out by hand.

Today is Wed 2026-11-25, the default cadence 30 days, the inner-circle target 100.
The unit tests run :func:`netdeck.domain.health.health_from_records` on it, the
service tests seed it into a database and run the SQL; both must equal
:data:`EXPECTED`, whose arithmetic is written out beside each figure.
"""

from __future__ import annotations

from datetime import date

from netdeck.domain.health import (
    BareRequest,
    BareRequests,
    ContactList,
    ContactRecord,
    InteractionRecord,
    ListedContact,
    NetworkHealth,
    Ratio,
    SnippetReplies,
)
from netdeck.domain.interactions import Direction, InteractionKind
from netdeck.domain.note_budget import NoteBudget
from netdeck.domain.stages import Stage

TODAY = date(2026, 11, 25)
D = date
OUT, IN = Direction.OUTBOUND, Direction.INBOUND
K = InteractionKind
CHECK_IN, INVITE = 101, 102  # snippet ids; the database gives them their own
SNIPPET_NAMES = {CHECK_IN: "Warm check-in", INVITE: "Invite note"}

CONTACTS = (
    # Ann: active, every 14 days, talked 5 days ago: on cadence.
    ContactRecord(
        1,
        "Ann Archer",
        Stage.ACTIVE,
        D(2025, 1, 1),
        14,
        D(2026, 12, 4),
        D(2026, 11, 20),
        D(2025, 1, 1),
    ),
    # Bob: active, default 30, last talked 08-01 (116 days), due 08-31: 86 days late > 2 x 30.
    ContactRecord(
        2,
        "Bob Brown",
        Stage.ACTIVE,
        D(2024, 6, 1),
        30,
        D(2026, 8, 31),
        D(2026, 8, 1),
        D(2024, 6, 1),
    ),
    # Cat: active since 05-01 (208 days), never talked: let-go, so not drifting.
    ContactRecord(3, "Cat Cole", Stage.ACTIVE, D(2026, 5, 1), 30, D(2026, 5, 1)),
    # Dan: connected 11-01, messaged 11-05 (4 days later), replied 11-12.
    ContactRecord(
        4,
        "Dan Dale",
        Stage.ACTIVE,
        D(2026, 11, 5),
        30,
        D(2026, 12, 12),
        D(2026, 11, 12),
        D(2026, 11, 1),
    ),
    # Eve: connected 10-01 (55 days), never messaged.
    ContactRecord(
        5, "Eve Ernst", Stage.CONNECTED, D(2026, 10, 1), 30, D(2026, 10, 4), None, D(2026, 10, 1)
    ),
    # Fay: connected 3 days ago: her 7-day window is still open.
    ContactRecord(
        6, "Fay Fox", Stage.CONNECTED, D(2026, 11, 22), 30, D(2026, 11, 25), None, D(2026, 11, 22)
    ),
    # Gus: dormant, last met 2025-12-01 (359 days): let-go.
    ContactRecord(7, "Gus Grant", Stage.DORMANT, D(2026, 1, 1), 30, None, D(2025, 12, 1)),
    # Hal: archived, never talked: already let go, in no list.
    ContactRecord(8, "Hal Hart", Stage.ARCHIVED, D(2020, 1, 1), 30),
    # Ivy: connected in 2019, never talked, kept in triage 11-20 (awaiting a first message,
    # so still connected, first due snoozed to 12-10): a fresh start, in no list.
    ContactRecord(
        9, "Ivy Ives", Stage.CONNECTED, D(2026, 11, 20), 30, D(2026, 12, 10), None, D(2019, 3, 1)
    ),
    # Jay: met 06-01 (177 days), due 07-01, 147 days late; moved to active 11-15: late
    # counts from 11-15 (10 days), so not drifting; silent since 11-15, so not let-go.
    ContactRecord(10, "Jay Jones", Stage.ACTIVE, D(2026, 11, 15), 30, D(2026, 7, 1), D(2026, 6, 1)),
)

INTERACTIONS = (
    InteractionRecord(1, D(2026, 9, 1), K.MESSAGE, OUT, snippet_id=CHECK_IN),  # 85 days ago
    InteractionRecord(1, D(2026, 11, 10), K.MESSAGE, OUT, "How is Berlin?", CHECK_IN),
    InteractionRecord(1, D(2026, 11, 20), K.REPLY, IN),  # answers 11-10 (10 days)
    InteractionRecord(1, D(2026, 11, 24), K.NOTE, OUT, "likes tea"),  # notes count nowhere
    InteractionRecord(2, D(2026, 7, 20), K.CONNECTION_REQUEST, OUT, "Hi Bob", INVITE),  # 128 days
    InteractionRecord(2, D(2026, 8, 1), K.CALL, OUT),
    InteractionRecord(4, D(2026, 10, 20), K.CONNECTION_REQUEST, OUT, "  "),  # blank: no note
    InteractionRecord(4, D(2026, 11, 5), K.MESSAGE, OUT),
    InteractionRecord(4, D(2026, 11, 12), K.MESSAGE, IN),  # answers 11-05 (7), not 10-20 (23)
    InteractionRecord(5, D(2026, 9, 25), K.CONNECTION_REQUEST, OUT, "Loved your talk", INVITE),
    InteractionRecord(7, D(2025, 12, 1), K.MEETING, IN),  # 359 days ago: inside the year
    InteractionRecord(10, D(2026, 6, 1), K.MEETING, OUT),  # 177 days ago: no send, too old
)

CLEARED_DAYS = (D(2026, 11, 20), D(2026, 11, 22), D(2026, 11, 23), D(2026, 11, 24))

EXPECTED = NetworkHealth(
    today=TODAY,
    # Active: Ann, Bob, Cat, Dan, Jay = 5, target 100.
    inner_circle=Ratio(5, 100),
    # Ann 5 <= 14 and Dan 13 <= 30 yes; Bob 116 > 30, Cat never, Jay 177 > 30: 2 of 5.
    on_cadence=Ratio(2, 5),
    # Week ends 09-09, 09-16, ..., 11-18, 11-25. Ann (14 days): 09-01 covers 09-09 (8 days),
    # then nothing until 11-10, which covers 11-11 and 11-18; 11-20 covers 11-25.
    # Dan (30 days): first talk 11-05, so 11-11, 11-18, 11-25. Bob's call (08-01) is 39
    # days before 09-09, Jay's meeting (06-01) 100. So [1, 0 x 8, 2, 2, 2] of 5.
    on_cadence_weekly=tuple(Ratio(n, 5) for n in (1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2)),
    # Connected 08-27 .. 11-18: Dan (11-01) and Eve (10-01); Fay too recent, others older.
    # Dan was messaged 4 days later, Eve never: 1 of 2.
    follow_through=Ratio(1, 2),
    # Requests after 08-27: Dan 10-20 (blank) and Eve 09-25 (text); Bob's is 128 days old.
    request_notes=Ratio(1, 2),
    # Sends since 2025-11-26: Ann 09-01 (no answer within 14), Ann 11-10 (answered 11-20),
    # Bob 07-20 (none), Dan 10-20 (11-12 is 23 days later: no), Dan 11-05 (11-12: yes),
    # Eve 09-25 (none): 2 of 6.
    reciprocity=Ratio(2, 6),
    replies_received=3,  # Ann 11-20, Dan 11-12, Gus 2025-12-01
    messages_sent=3,  # Ann 09-01, Ann 11-10, Dan 11-05
    # Invite note: Bob, Eve, no answers. Warm check-in: Ann 09-01 no, 11-10 yes.
    # Both 2 sends, so by name.
    snippet_replies=(
        SnippetReplies(INVITE, "Invite note", Ratio(0, 2)),
        SnippetReplies(CHECK_IN, "Warm check-in", Ratio(1, 2)),
    ),
    # Week index = 11 - days ago // 7: Eve 09-25 (61 -> 3), Dan 10-20 (36 -> 6),
    # Dan 11-05 and Ann 11-10 (20, 15 -> 9), Dan 11-12 (13 -> 10), Ann 11-20 (5 -> 11);
    # Ann 09-01 is 85 days ago (outside 84), the note does not count.
    interactions_per_week=(0, 0, 0, 1, 0, 0, 1, 0, 0, 2, 1, 1),
    # 11-24, 11-23, 11-22 cleared, 11-21 not; today not yet: 3.
    streak_days=3,
    cleared_today=False,
    # Bob: due 08-31, 86 days late > 60, talked 116 days ago (not let-go). Jay: see above.
    drifting=ContactList((ListedContact(2, "Bob Brown", "active", D(2026, 8, 1), 86),), 1),
    # Gus met 2025-12-01 but was moved to dormant 2026-01-01: silent since then (328 days);
    # Cat since 05-01 (208); oldest first. Ivy and Jay had a fresh start.
    let_go=ContactList(
        (
            ListedContact(7, "Gus Grant", "dormant", D(2025, 12, 1), 328),
            ListedContact(3, "Cat Cole", "active", None, 208),
        ),
        2,
    ),
    # Requests on LinkedIn since 08-28 with no text: Dan's blank one (10-20); Eve's had a note.
    bare_requests=BareRequests((BareRequest(4, "Dan Dale", D(2026, 10, 20)),), 1),
    # No LinkedIn note in November (Eve's was in September): 0 of the free plan's 5.
    note_budget=NoteBudget(used=0, limit=5, resets_on=D(2026, 12, 1)),
)


def bare_request_scenario() -> tuple[list[ContactRecord], list[InteractionRecord]]:
    """Twelve people asked on LinkedIn without a note in the last 90 days (one each day
    from 11-14 back to 11-03), and what does not count: a note, an e-mail "request",
    one 90 days ago, one today with text in its note. Two notes in November, one in
    October (the budget counts November's)."""
    people = [
        ContactRecord(n, f"Person {n:02}", Stage.REQUESTED, D(2026, 11, 1), 30)
        for n in range(1, 16)
    ]
    bare = [
        InteractionRecord(n, D(2026, 11, 15 - n), K.CONNECTION_REQUEST, OUT) for n in range(1, 13)
    ]
    others = [
        InteractionRecord(13, D(2026, 11, 20), K.CONNECTION_REQUEST, OUT, "Hi, from the meetup"),
        InteractionRecord(13, D(2026, 11, 21), K.CONNECTION_REQUEST, OUT, channel="email"),
        InteractionRecord(14, D(2026, 8, 27), K.CONNECTION_REQUEST, OUT),  # 90 days ago
        InteractionRecord(14, TODAY, K.CONNECTION_REQUEST, OUT, "met at the fair"),
        InteractionRecord(15, D(2026, 10, 30), K.CONNECTION_REQUEST, OUT, "October's note"),
    ]
    return people, [*bare, *others]

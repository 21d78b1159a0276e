"""Search folds accents, case and punctuation, and covers what the user wrote.

``contacts.search_text`` is recomputed for every contact by the folding rule
(decomposed, accents dropped, casefolded, a few letters spelled in ASCII,
apostrophes dropped, other punctuation made spaces): ``zoe`` finds Zoë and
``garcia nunez`` García-Núñez. It is the folded name, then ``" | "``, then every
other word once: of the company, title, addresses, tags, how you met, notes,
"next time, ask about" and the notes of the interactions the user logged
(newest first, at most 1,000 characters of their words), never an imported
message's text.

The rule is written out here, not imported, so this migration does the same
thing whatever later versions of netdeck say. It works through the contacts a
slice of ids at a time (memory stays flat; about 10 s of CPU for 100,000
contacts with 1,000,000 interactions on SQLite, most of it writing the rows). Downgrading puts back the earlier rule (casefolded
name, company, title, addresses and tags).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Contacts per slice: their addresses, tags and notes are read with theirs.
SLICE = 10_000

UNDECOMPOSED_LETTERS = {
    "æ": "ae",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "œ": "oe",
    "þ": "th",
    "ŧ": "t",
}
APOSTROPHES = frozenset("'\u2018\u2019\u02bc")
KEPT_CATEGORIES = frozenset(
    {"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "So"}
)
NAME_SEPARATOR = " | "
INTERACTION_NOTES_AT_MOST = 1000
IMPORT_SOURCE = "import"


class FoldedCharacters(dict[int, str]):
    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if unicodedata.combining(ch) or ch in APOSTROPHES:
            folded = ""
        elif ch in UNDECOMPOSED_LETTERS:
            folded = UNDECOMPOSED_LETTERS[ch]
        elif unicodedata.category(ch) in KEPT_CATEGORIES:
            folded = ch
        else:
            folded = " "
        self[code] = folded
        return folded


FOLDED = FoldedCharacters()


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Companies, titles, tags and many notes repeat: each is folded once."""
    if text.isascii():
        flat = text.lower().translate(FOLDED)
    else:
        once = unicodedata.normalize("NFKD", text).casefold()
        flat = unicodedata.normalize("NFKD", once).translate(FOLDED)
    return " ".join(flat.split())


def folded_search_text(
    row: sa.Row[tuple[object, ...]],
    addresses: Iterable[str],
    tags: Iterable[str],
    interaction_notes: Iterable[str],
) -> str:
    """0010's rule: the folded name, then every other word once."""
    folded_name = fold(row.full_name or "")
    seen = set(folded_name.split())
    words: list[str] = []
    fields = (
        row.company,
        row.title,
        *addresses,
        *sorted(tags),
        row.how_we_met,
        row.notes,
        row.ask_about,
    )
    for part in fields:
        for word in fold(part or "").split():
            if word not in seen:
                seen.add(word)
                words.append(word)
    room = INTERACTION_NOTES_AT_MOST
    for note in interaction_notes:
        for word in fold(note).split():
            if word not in seen:
                room -= len(word) + 1
                if room < 0:
                    return joined(folded_name, words)
                seen.add(word)
                words.append(word)
    return joined(folded_name, words)


def joined(folded_name: str, words: list[str]) -> str:
    return f"{folded_name}{NAME_SEPARATOR}{' '.join(words)}" if words else folded_name


def casefolded_search_text(
    row: sa.Row[tuple[object, ...]],
    addresses: Iterable[str],
    tags: Iterable[str],
    interaction_notes: Iterable[str],
) -> str:
    """the earlier rule (for a downgrade)."""
    parts = [row.full_name, row.company, row.title, *addresses, *tags]
    return " | ".join(part for part in parts if part).casefold()


contacts = sa.table(
    "contacts",
    sa.column("id", sa.Integer),
    sa.column("full_name", sa.String),
    sa.column("company", sa.String),
    sa.column("title", sa.String),
    sa.column("how_we_met", sa.Text),
    sa.column("notes", sa.Text),
    sa.column("ask_about", sa.Text),
    sa.column("search_text", sa.Text),
)
channels = sa.table(
    "channels",
    sa.column("id", sa.Integer),
    sa.column("contact_id", sa.Integer),
    sa.column("value", sa.String),
)
tags = sa.table("tags", sa.column("id", sa.Integer), sa.column("name", sa.String))
contact_tags = sa.table(
    "contact_tags", sa.column("contact_id", sa.Integer), sa.column("tag_id", sa.Integer)
)
interactions = sa.table(
    "interactions",
    sa.column("id", sa.Integer),
    sa.column("contact_id", sa.Integer),
    sa.column("occurred_on", sa.Date),
    sa.column("note", sa.Text),
    sa.column("source", sa.String),
)

Rule = Callable[[sa.Row[tuple[object, ...]], Iterable[str], Iterable[str], Iterable[str]], str]


def upgrade() -> None:
    _recompute(op.get_bind(), folded_search_text, with_notes=True)


def downgrade() -> None:
    _recompute(op.get_bind(), casefolded_search_text, with_notes=False)


def _recompute(connection: sa.Connection, rule: Rule, *, with_notes: bool) -> None:
    """Every contact's search text by ``rule``, a slice of ids at a time."""
    ids = list(connection.execute(sa.select(contacts.c.id).order_by(contacts.c.id)).scalars())
    update = (
        contacts.update()
        .where(contacts.c.id == sa.bindparam("b_id"))
        .values(search_text=sa.bindparam("b_text"))
    )
    # Slices by position, not by id range: ids may be sparse (a restore keeps them).
    for start in range(0, len(ids), SLICE):
        low, high = ids[start], ids[min(start + SLICE, len(ids)) - 1]
        addresses = _grouped(
            connection,
            sa.select(channels.c.contact_id, channels.c.value)
            .where(channels.c.contact_id >= low, channels.c.contact_id <= high)
            .order_by(channels.c.id),
        )
        names = _grouped(
            connection,
            sa.select(contact_tags.c.contact_id, tags.c.name)
            .join(tags, tags.c.id == contact_tags.c.tag_id)
            .where(contact_tags.c.contact_id >= low, contact_tags.c.contact_id <= high)
            .order_by(tags.c.name),
        )
        notes = (
            _grouped(
                connection,
                sa.select(interactions.c.contact_id, interactions.c.note)
                .where(
                    interactions.c.contact_id >= low,
                    interactions.c.contact_id <= high,
                    interactions.c.note != "",
                    interactions.c.source != IMPORT_SOURCE,
                )
                .order_by(
                    interactions.c.contact_id,
                    interactions.c.occurred_on.desc(),
                    interactions.c.id.desc(),
                ),
            )
            if with_notes
            else {}
        )
        rows = connection.execute(
            sa.select(contacts).where(contacts.c.id >= low, contacts.c.id <= high)
        )
        changed = [
            {"b_id": row.id, "b_text": text}
            for row in rows
            if (
                text := rule(
                    row, addresses.get(row.id, ()), names.get(row.id, ()), notes.get(row.id, ())
                )
            )
            != row.search_text
        ]
        if changed:
            connection.execute(update, changed)


def _grouped(connection: sa.Connection, query: sa.Select[tuple[int, str]]) -> dict[int, list[str]]:
    """The second column of ``query``'s rows by the first, in the query's order."""
    grouped: dict[int, list[str]] = defaultdict(list)
    for contact_id, value in connection.execute(query):
        grouped[contact_id].append(value)
    return grouped

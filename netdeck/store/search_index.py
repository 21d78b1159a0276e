"""The contacts' search index, per dialect: the contacts a search may find, read
from the index (migration ``0015_search_index``) when the search finds few.

A search word must be part of a contact's ``search_text``; the contact list says
so with one ``LIKE`` per word, which a database can only answer by reading every
text, unless it stops early: in name order the first page of a common search
(``a``, ``ann``) is found after a few hundred rows. A rare search (``sm``, ``zq``)
reads them all. :func:`rare_search_candidates` narrows a search by the index:

- SQLite: it asks the index first; when that holds fewer than ``rare_below``
  candidates, the list is read among those only; else the search is common, the
  name-order scan is the quicker way, and the index says nothing.
- PostgreSQL: it adds the words' indexable conditions, and the planner, which
  knows from the index's statistics about how many rows they hold, chooses
  between the index and the names in order (one statement, no probe).

The index only narrows: the ``LIKE`` per word still decides, so the matches are
the same with it or without it (held equal by a property test).

- SQLite: FTS5 trigrams of each text (with a space after it). A word of 3 letters
  or more is every one of its trigrams; a 2-letter word is any trigram that begins
  with it, looked up in the index's own term list (a few thousand trigrams at
  100,000 contacts). Where the SQLite library has no FTS5, the migration made no
  index and search scans (:func:`rare_search_candidates` is then ``None``); so it
  does where the triggers that keep the index current are gone (a later migration
  that rebuilt ``contacts``). A deck indexed by a SQLite with FTS5 cannot be
  written by one without it (its triggers need the module).
- PostgreSQL: ``pg_trgm`` GIN indexes, one on the text (3 letters and more), one
  on the text with each character doubled (2 letters: ``ssmm``). Only words of
  letters and digits use them (``pg_trgm`` makes no trigrams of the rest).

Words of one letter never use the index: almost every contact has them, and the
name-order scan finds their first page at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    column,
    false,
    func,
    select,
    table,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from netdeck.store.models import Contact
from netdeck.store.sql import by_code_point, escape_like, in_lists

_SQLITE_INDEX = table("contacts_search", column("rowid"), column("contacts_search"))
_SQLITE_TERMS = table("contacts_search_terms", column("term"))

#: The shortest word the index is asked about.
_SHORTEST_INDEXED = 2


def rare_search_candidates(
    session: Session, terms: Sequence[str], *, rare_below: int
) -> ColumnElement[bool] | None:
    """A condition that holds for every contact whose text holds all ``terms``,
    answered from the index; ``None`` when the index cannot help: no index, no word
    of 2 letters or more it can use, or on SQLite a common search (``rare_below``
    candidates or more; on PostgreSQL the planner weighs that, and
    :func:`first_matches_by_name` has found a common search's first page already).

    ``terms`` are folded search words (:func:`netdeck.domain.search.search_terms`).
    """
    if session.get_bind().dialect.name == "postgresql":
        return _postgresql_candidates(terms)
    return _sqlite_candidates(session, terms, rare_below)


#: How many names, in order, :func:`first_matches_by_name` looks through on
#: PostgreSQL: about 1.5 ms at 100,000 contacts.
FIRST_NAMES = 2_000


def first_matches_by_name(session: Session, terms: Sequence[str], at_most: int) -> list[int] | None:
    """The ids of the first ``at_most`` contacts in name order whose text holds every
    term, when they are among the first :data:`FIRST_NAMES` names; else ``None`` (and
    on SQLite always ``None``: its index says how rare a search is, see
    :func:`rare_search_candidates`).

    On PostgreSQL a ``LIKE`` has no statistics, so the planner can only guess how
    many contacts a word finds (41 for ``acme``, which 3,800 hold at 100,000
    contacts) and read thousands of rows through the trigram index for a common
    word's first page (3-14 ms). Reading the first names in order (from the name
    index) finds such a page at once; a rare word is not among them, and is then
    read through the index as before."""
    if session.get_bind().dialect.name != "postgresql" or not terms:
        return None
    first = (
        select(Contact.id, Contact.name_key, Contact.search_text)
        .order_by(by_code_point(Contact.name_key), Contact.id)
        .limit(FIRST_NAMES)
        .subquery()
    )
    ids = list(
        session.scalars(
            select(first.c.id)
            .where(*(first.c.search_text.like(f"%{escape_like(t)}%", escape="\\") for t in terms))
            .order_by(by_code_point(first.c.name_key), first.c.id)
            .limit(at_most)
        )
    )
    return ids if len(ids) == at_most else None


def _sqlite_candidates(
    session: Session, terms: Sequence[str], rare_below: int
) -> ColumnElement[bool] | None:
    usable = [term for term in terms if len(term) >= _SHORTEST_INDEXED]
    if not usable or not _sqlite_index_here(session):
        return None
    try:
        return _sqlite_rare_candidates(session, usable, rare_below)
    except OperationalError as error:  # indexed by a SQLite with FTS5, read by one without
        if "no such module" in str(error):
            return None
        raise


def _sqlite_rare_candidates(
    session: Session, usable: Sequence[str], rare_below: int
) -> ColumnElement[bool] | None:
    parts: list[str] = []
    for term in usable:
        if len(term) == _SHORTEST_INDEXED:
            trigrams = _trigrams_beginning(session, term)
            if not trigrams:
                return false()  # no text holds it: nobody matches
            parts.append("(" + " OR ".join(map(_fts_string, trigrams)) + ")")
        else:
            trigrams = sorted({term[i : i + 3] for i in range(len(term) - 2)})
            parts.append(" AND ".join(map(_fts_string, trigrams)))
    match = _SQLITE_INDEX.c.contacts_search.op("MATCH")(" AND ".join(parts))
    candidates = select(_SQLITE_INDEX.c.rowid).where(match)
    counted = select(func.count()).select_from(candidates.limit(rare_below).subquery())
    if (session.scalar(counted) or 0) >= rare_below:
        return None
    return Contact.id.in_(candidates)


#: The index and the triggers that keep it current (migration 0015).
_SQLITE_INDEX_OBJECTS = (
    "contacts_search",
    "contacts_search_terms",
    "contacts_search_insert",
    "contacts_search_update",
    "contacts_search_delete",
)


def _sqlite_index_here(session: Session) -> bool:
    """Whether this deck has the index, kept current (a SQLite without FTS5 made none;
    a migration that rebuilt ``contacts`` took its triggers, and until it makes them
    again the index may be behind, so it is not read)."""
    found = text("SELECT count(*) FROM sqlite_master WHERE name IN :names").bindparams(
        bindparam("names", expanding=True)
    )
    return session.scalar(found, {"names": list(_SQLITE_INDEX_OBJECTS)}) == len(
        _SQLITE_INDEX_OBJECTS
    )


def _trigrams_beginning(session: Session, term: str) -> list[str]:
    # Terms are compared as UTF-8 bytes, which order as code points do.
    last = ord(term[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:
        last = 0xE000  # surrogates are no characters (UTF-8 cannot spell them)
    following = term[:-1] + chr(last) if last <= 0x10FFFF else None
    query = select(_SQLITE_TERMS.c.term).where(_SQLITE_TERMS.c.term >= term)
    if following is not None:
        query = query.where(_SQLITE_TERMS.c.term < following)
    return [trigram for trigram in session.scalars(query) if trigram.startswith(term)]


def _fts_string(trigram: str) -> str:
    return '"' + trigram.replace('"', '""') + '"'


def _postgresql_candidates(terms: Sequence[str]) -> ColumnElement[bool] | None:
    conditions: list[ColumnElement[bool]] = []
    for term in terms:
        if len(term) < _SHORTEST_INDEXED or not term.isalnum():
            continue  # pg_trgm makes no trigrams of it: the LIKE alone decides
        if len(term) == _SHORTEST_INDEXED:
            doubled = "".join(ch + ch for ch in term)
            conditions.append(func.netdeck_search_pairs(Contact.search_text).like(f"%{doubled}%"))
        else:
            conditions.append(Contact.search_text.like(f"%{term}%"))
    return and_(*conditions) if conditions else None


#: What each contact is indexed as (migration 0015's triggers index ``new.search_text
#: || ' '``; a test holds the two equal).
_INDEXED_TEXT = "search_text || ' '"
#: Fewer new contacts than this go in through the index's trigger, row by row.
BULK_INDEX_FROM = 1_000


@contextmanager
def indexed_at_once(connection: Connection, ids: Sequence[int]) -> Iterator[None]:
    """Insert the new contacts ``ids`` inside, and they are added to the SQLite search
    index in one statement afterwards instead of by its trigger row by row: 30,000
    people from a LinkedIn export took 1.2 s more with the trigger, 0.5 s this way.
    Only inside the caller's transaction (SQLite's DDL is transactional: a failure
    rolls the dropped trigger back with everything else). Nothing changes on PostgreSQL (its indexes are built by
    the inserts themselves), for fewer than :data:`BULK_INDEX_FROM` people, or where
    the deck has no index."""
    if not connection.in_transaction():
        # Only a transaction's rollback puts the trigger back after a failure inside.
        raise RuntimeError("indexed_at_once needs a connection inside a transaction")
    trigger = None
    if connection.dialect.name == "sqlite" and len(ids) >= BULK_INDEX_FROM:
        trigger = connection.scalar(
            text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"),
            {"name": "contacts_search_insert"},
        )
    if trigger is None:
        yield
        return
    connection.exec_driver_sql("DROP TRIGGER contacts_search_insert")
    yield
    for chunk in in_lists(sorted(ids)):
        connection.execute(
            text(
                f"INSERT INTO contacts_search(rowid, search_text) SELECT id, {_INDEXED_TEXT} "
                "FROM contacts WHERE id IN :ids"
            ).bindparams(bindparam("ids", expanding=True)),
            {"ids": chunk},
        )
    connection.exec_driver_sql(trigger)

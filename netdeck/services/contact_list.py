"""Listing contacts: the rows a :class:`~netdeck.domain.contact_query.ContactQuery`
matches, a page at a time, and how many match in all.

The query is turned into SQL in one place (:func:`filtered_contacts`), which
the bulk actions (:mod:`netdeck.services.bulk_actions`) share, so a bulk action
acts on exactly the contacts the list shows.

A row's "next due" is the day the queue would give: the day they wrote while
they await your reply, else the stored cadence day (given ``seen``: today and
the reply window; without it, the stored day).

Internal to the application API: its functions take a session, and the faces
reach them only through :class:`netdeck.services.api.DeckApi`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from netdeck.domain.contact_query import ContactQuery, ContactSort
from netdeck.domain.scheduling import awaits_reply
from netdeck.domain.search import search_terms
from netdeck.domain.stages import Stage
from netdeck.services.views import MATCH_COUNT_LIMIT, ContactSummary
from netdeck.store.models import Contact, ContactTag, Tag
from netdeck.store.search_index import first_matches_by_name, rare_search_candidates
from netdeck.store.sql import IN_LIST_AT_MOST, by_code_point, escape_like

#: A contact query of any columns: filtering and sorting keep what it selects.
_Query = TypeVar("_Query", bound="Select[*tuple[Any, ...]]")

#: A search with fewer candidates in the search index than these reads them; one with
#: more reads names in order, where it soon finds a page (see :func:`matching_ids`).
#: A count goes on to the count limit, so it is worth reading more candidates for
#: (at 100,000 contacts, ``acme`` has 4,000 candidates: its first page is 3 ms in
#: name order and 15 ms from them, its count 20 ms in name order and 10 ms from them).
RARE_PAGE_BELOW = 2_000
RARE_COUNT_BELOW = 5_000

#: Every contact, by name.
EVERYONE = ContactQuery()


class SeenOn(NamedTuple):
    """Today and the reply window: what a row's due day is seen by."""

    today: date
    reply_window_days: int


def _due(
    next_due_on: date | None,
    awaiting_reply_on: date | None,
    stage: str,
    snoozed_until: date | None,
    seen: SeenOn | None,
) -> date | None:
    if seen is not None and awaits_reply(
        awaiting_reply_on,
        stage=Stage(stage),
        snoozed_until=snoozed_until,
        today=seen.today,
        reply_window_days=seen.reply_window_days,
    ):
        return awaiting_reply_on
    return next_due_on


class ContactPage(NamedTuple):
    """One page of a contact list, with what is known of the whole list."""

    rows: list[ContactSummary]
    #: How many match in all; above MATCH_COUNT_LIMIT means "more than that"; ``None``:
    #: not counted yet (a search's first page comes first; see :func:`contact_page`);
    #: -1 on later pages.
    total: int | None
    #: Every match, in order, when the search's matches are all known (at most
    #: MATCH_COUNT_LIMIT): a narrower search can look only among them (``within``).
    every_id: list[int] | None = None


def list_contacts(
    session: Session,
    query: ContactQuery = EVERYONE,
    *,
    limit: int | None = None,
    offset: int = 0,
    seen: SeenOn | None = None,
) -> list[ContactSummary]:
    """Contacts matching ``query``, one page at a time (``limit``/``offset``)."""
    statement = _sorted(filtered_contacts(select(Contact), query), query.sort)
    statement = statement.options(selectinload(Contact.tags)).offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    return [_summary(c, seen) for c in session.scalars(statement)]


def contact_page(
    session: Session,
    query: ContactQuery,
    *,
    offset: int = 0,
    limit: int = 100,
    within: Sequence[int] | None = None,
    seen: SeenOn | None = None,
) -> ContactPage:
    """One page of matching contacts and what is known of how many match in all.

    A search's first page comes first: reading the first ``limit`` matches
    stops early, where counting (up to :data:`~netdeck.services.views.MATCH_COUNT_LIMIT` + 1) may
    read every name, so the count is its own call (:func:`matching_ids` up to that limit)
    unless the page already holds every match. ``within`` (the matches of an
    earlier search this one narrows, see :func:`netdeck.domain.search.narrows`)
    searches among those ids only, and counts them at once.
    """
    if query.search and offset == 0:
        if within is not None:
            ids = matching_ids(session, query, at_most=len(within), within=within)
            return ContactPage(contact_summaries(session, ids[:limit], seen), len(ids), ids)
        ids = matching_ids(session, query, at_most=limit + 1)
        if len(ids) > limit:
            return ContactPage(contact_summaries(session, ids[:limit], seen), None)
        return ContactPage(contact_summaries(session, ids, seen), len(ids), ids)
    rows = list_contacts(session, query, limit=limit, offset=offset, seen=seen)
    if offset:
        return ContactPage(rows, -1)
    if len(rows) < limit:
        return ContactPage(rows, len(rows))  # the whole result fits on this page
    return ContactPage(rows, count_contacts(session, query))


def matching_ids(
    session: Session,
    query: ContactQuery,
    *,
    at_most: int,
    within: Sequence[int] | None = None,
) -> list[int]:
    """The ids of the first ``at_most`` matching contacts, in order (among ``within``;
    more than :data:`~netdeck.store.sql.IN_LIST_AT_MOST` of them are not one
    statement's worth, so then it searches everyone, with the same result).

    A rare search (fewer candidates in the search index than a count goes to,
    :mod:`netdeck.store.search_index`) reads only those; else, in name order, this
    reads only the ``ix_contacts_name_search`` index, and it stops at ``at_most``: a
    search's first page stops early, its count (up to the count limit) may read
    many names (see :func:`contact_page`).
    """
    statement = filtered_contacts(select(Contact.id), query)
    if within is not None and len(within) <= IN_LIST_AT_MOST:
        statement = statement.where(Contact.id.in_(list(within)))
    elif query.search:
        # A rare search reads its few candidates from the search index; a common one
        # (as many candidates as a count goes to) reads names in order and stops early.
        terms = search_terms(query.search)
        a_page = at_most <= MATCH_COUNT_LIMIT
        if a_page and replace(query, search="") == EVERYONE:  # everyone, in name order
            found = first_matches_by_name(session, terms, at_most)
            if found is not None:
                return found
        candidates = rare_search_candidates(
            session, terms, rare_below=RARE_PAGE_BELOW if a_page else RARE_COUNT_BELOW
        )
        if candidates is not None:
            statement = statement.where(candidates)
    return list(session.scalars(_sorted(statement, query.sort).limit(at_most)))


def contact_summaries(
    session: Session, ids: Sequence[int], seen: SeenOn | None = None
) -> list[ContactSummary]:
    """Summaries of the contacts ``ids``, in that order (two light queries, no ORM objects)."""
    wanted = list(ids)
    tags: dict[int, list[str]] = {i: [] for i in wanted}
    for contact_id, name in session.execute(
        select(ContactTag.contact_id, Tag.name)
        .join(Tag, Tag.id == ContactTag.tag_id)
        .where(ContactTag.contact_id.in_(wanted))
        .order_by(by_code_point(Tag.name))
    ):
        tags[contact_id].append(name)
    found = {
        row.id: ContactSummary(
            id=row.id,
            name=row.full_name,
            stage=row.stage,
            company=row.company,
            title=row.title,
            next_due_on=_due(
                row.next_due_on, row.awaiting_reply_on, row.stage, row.snoozed_until, seen
            ),
            last_interaction_on=row.last_interaction_on,
            tags=tuple(tags[row.id]),
        )
        for row in session.execute(
            select(
                Contact.id,
                Contact.full_name,
                Contact.stage,
                Contact.company,
                Contact.title,
                Contact.next_due_on,
                Contact.last_interaction_on,
                Contact.awaiting_reply_on,
                Contact.snoozed_until,
            ).where(Contact.id.in_(wanted))
        )
    }
    return [found[i] for i in wanted if i in found]


def _summary(c: Contact, seen: SeenOn | None = None) -> ContactSummary:
    return ContactSummary(
        id=c.id,
        name=c.full_name,
        stage=c.stage,
        company=c.company,
        title=c.title,
        next_due_on=_due(c.next_due_on, c.awaiting_reply_on, c.stage, c.snoozed_until, seen),
        last_interaction_on=c.last_interaction_on,
        tags=tuple(t.name for t in c.tags),
    )


def _sorted(statement: _Query, sort: ContactSort) -> _Query:
    match sort:
        case ContactSort.NEXT_DUE:
            return statement.order_by(
                Contact.next_due_on.is_(None),
                Contact.next_due_on,
                by_code_point(Contact.name_key),
                Contact.id,
            )
        case ContactSort.LAST_INTERACTION:
            return statement.order_by(
                Contact.last_interaction_on.is_(None),
                Contact.last_interaction_on.desc(),
                by_code_point(Contact.name_key),
                Contact.id,
            )
        case _:
            return statement.order_by(by_code_point(Contact.name_key), Contact.id)


def count_contacts(session: Session, query: ContactQuery = EVERYONE) -> int:
    return session.scalar(filtered_contacts(select(func.count(Contact.id)), query)) or 0


def filtered_contacts(statement: _Query, query: ContactQuery) -> _Query:
    """``statement`` narrowed to the contacts ``query`` matches (its sort is the caller's)."""
    if query.stage is not None:
        statement = statement.where(Contact.stage == query.stage.value)
    if query.tag is not None:
        tag_ids = select(Tag.id).where(Tag.name == query.tag).scalar_subquery()
        statement = statement.where(
            Contact.id.in_(select(ContactTag.contact_id).where(ContactTag.tag_id == tag_ids))
        )
    if query.owner is not None:
        statement = statement.where(Contact.owner == query.owner)
    if query.company is not None:
        # Part of the company name, ignoring case (ASCII case in SQLite's LIKE).
        pattern = f"%{escape_like(query.company)}%"
        statement = statement.where(Contact.company.ilike(pattern, escape="\\"))
    for term in search_terms(query.search):
        statement = statement.where(Contact.search_text.like(f"%{escape_like(term)}%", escape="\\"))
    return statement


__all__ = [
    "EVERYONE",
    "ContactPage",
    "SeenOn",
    "contact_page",
    "contact_summaries",
    "count_contacts",
    "filtered_contacts",
    "list_contacts",
    "matching_ids",
]

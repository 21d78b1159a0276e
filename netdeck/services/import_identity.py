"""Who an imported row is, found fast: the deck's people indexed by every key
:mod:`netdeck.domain.identity` matches on (LinkedIn URL, e-mail, phone, X handle,
folded name), read once per import, so each row costs dictionary look-ups and
never a query. The rule itself is the domain's; this reads the deck for it.

A LinkedIn sync of 30,000 connections goes through here: a profile URL seen
before is the person at once (the fast path), and the names are read and folded
only when a row first needs them.

Internal to the import (:mod:`netdeck.services.import_merge`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any, Protocol  # Any: a row of either query

from sqlalchemy import select
from sqlalchemy.orm import Session

from netdeck.domain.channels import ChannelKind, address_key, phone_in_e164
from netdeck.domain.identity import IdentityKeys, IdentityMatch, MatchedBy, match_identity
from netdeck.domain.names import name_key
from netdeck.domain.search import fold
from netdeck.store.models import Channel, Contact
from netdeck.store.sql import rows_for_ids


class ImportedRow(Protocol):
    """What the index needs of an imported person."""

    full_name: str
    company: str
    url: str | None

    def addresses(self) -> list[tuple[ChannelKind, str]]: ...


def matched_name(full_name: str) -> str:
    """The name a person is matched by: folded (:func:`fold`), or, for a name of
    nothing but characters folding drops (a script this Python's Unicode does not
    know yet), the name as :func:`name_key` keys it."""
    return fold(full_name) or name_key(full_name)


def identity_key(kind: ChannelKind, value: str, phone_region: str) -> str:
    """The key an address is matched by: :func:`address_key`, a phone number's once in
    E.164 (so ``(415) 555-0132`` stored by hand meets ``+14155550132``)."""
    if kind is ChannelKind.PHONE:
        value = phone_in_e164(value, phone_region) or value
    return address_key(kind, value)


_LINKEDIN = ChannelKind.LINKEDIN.value

#: The address kinds a person is matched by, and the identity field each fills.
_IDENTITY_KINDS = {
    ChannelKind.LINKEDIN.value: "linkedin",
    ChannelKind.EMAIL.value: "emails",
    ChannelKind.PHONE.value: "phones",
    ChannelKind.X.value: "x",
}


class IdentityIndex:
    """The deck's people by each key :mod:`netdeck.domain.identity` matches on, built
    once per import (dictionary look-ups per row, never a query); it grows as new
    people are planned, so duplicates inside one file collapse too. The names are read
    (and folded) only when a row first needs them: a re-sync finds everyone by URL."""

    def __init__(self, session: Session, phone_region: str) -> None:
        self.session = session
        self.phone_region = phone_region
        # The first person with each key, and any more (the deck's own duplicates): one
        # int per key, not a list, for the tens of thousands a sync reads.
        self.first: dict[tuple[str, str], int] = {}
        self.more: dict[tuple[str, str], list[int]] = {}
        self._keys_of: dict[int, list[tuple[str, str]]] | None = None
        self.with_profile: set[int] = set()  # people with a LinkedIn URL
        self._by_name: dict[str, list[int]] | None = None
        self._new_names: list[tuple[int, str, str]] = []  # new people before names are read
        self.name_of: dict[int, tuple[str, str, str]] = {}  # full name, folded name, company
        for contact_id, kind, key in stored_keys(session, list(_IDENTITY_KINDS), phone_region):
            self._add_key(contact_id, kind, key)

    def _add_key(self, contact_id: int, kind: str, key: str) -> None:
        if kind == _LINKEDIN:
            self.with_profile.add(contact_id)
        pair = (kind, key)
        first = self.first.setdefault(pair, contact_id)
        if first != contact_id:
            more = self.more.setdefault(pair, [])
            if contact_id in more:
                return
            more.append(contact_id)
        elif self._keys_of is None or pair in self._keys_of[contact_id]:
            return
        if self._keys_of is not None:
            self._keys_of[contact_id].append(pair)

    def ids_for(self, kind: str, key: str) -> list[int]:
        """The people with this key, first added first."""
        first = self.first.get((kind, key))
        return [] if first is None else [first, *self.more.get((kind, key), ())]

    def keys_of(self, contact_id: int) -> list[tuple[str, str]]:
        """A person's keys (the reverse index made the first time a row needs it)."""
        if self._keys_of is None:
            self._keys_of = defaultdict(list)
            for pair, first in self.first.items():
                self._keys_of[first].append(pair)
            for pair, more in self.more.items():
                for other in more:
                    self._keys_of[other].append(pair)
        return self._keys_of[contact_id]

    def names(self) -> dict[str, list[int]]:
        """The people by folded name (read from the deck the first time)."""
        if self._by_name is None:
            self._by_name = defaultdict(list)
            query = select(Contact.id, Contact.full_name, Contact.company)
            for contact_id, full_name, company in self.session.execute(query):
                self._add_name(contact_id, full_name, company)
            for new in self._new_names:
                self._add_name(*new)
        return self._by_name

    def _add_name(self, contact_id: int, full_name: str, company: str) -> None:
        assert self._by_name is not None
        folded = matched_name(full_name)
        self.name_of[contact_id] = (full_name, folded, company)
        if folded:
            self._by_name[folded].append(contact_id)

    def row_keys(self, person: ImportedRow) -> list[tuple[str, str]]:
        """(kind, identity key) of the person's addresses that tell people apart."""
        return [
            (kind, identity_key(kind, value, self.phone_region))
            for kind, value in person.addresses()
            if kind in _IDENTITY_KINDS  # a StrEnum: its member is its value
        ]

    def find(
        self, person: ImportedRow, folded: str, namesakes: Callable[[], list[ImportedRow]]
    ) -> IdentityMatch:
        """Who ``person`` is (the rule of :func:`~netdeck.domain.identity.match_identity`);
        ``namesakes`` gives the other rows of the file with their folded name."""
        if person.url:  # the fast path of a LinkedIn sync: a profile seen before
            url_key = address_key(ChannelKind.LINKEDIN, person.url)
            known = self.ids_for(ChannelKind.LINKEDIN.value, url_key)
            if known:
                return IdentityMatch(min(known), MatchedBy.LINKEDIN)
        keys = self.row_keys(person)
        namesakes_in_deck = self.names().get(folded, ())
        if person.url:
            # Another profile URL is certainly someone else: known without building keys
            # (a sync's many namesakes cost nothing).
            with_profile = self.with_profile
            candidates = {i for i in namesakes_in_deck if i not in with_profile}
        else:
            candidates = set(namesakes_in_deck)
        for kind, key in keys:
            candidates.update(self.ids_for(kind, key))
        if not candidates:
            return IdentityMatch(None)
        row = _identity(folded, person.company, keys)
        others = (  # built only if a name alone would match
            _identity(folded, other.company, self.row_keys(other)) for other in namesakes()
        )
        return match_identity(
            row,
            [(i, _identity(*self.name_of[i][1:], self.keys_of(i))) for i in candidates],
            others,
        )

    def remember(self, contact_id: int, person: ImportedRow, *, new: bool) -> None:
        for kind, key in self.row_keys(person):
            self._add_key(contact_id, kind, key)
        if not new:
            return
        if self._by_name is None:
            self._new_names.append((contact_id, person.full_name, person.company))
        else:
            self._add_name(contact_id, person.full_name, person.company)


def _identity(folded_name: str, company: str, keys: list[tuple[str, str]]) -> IdentityKeys:
    """The identity rule's view of a person: their folded name and company, their keys."""
    fields: dict[str, set[str]] = {field_: set() for field_ in _IDENTITY_KINDS.values()}
    for kind, key in keys:
        fields[_IDENTITY_KINDS[kind]].add(key)
    return IdentityKeys(
        name=folded_name,
        company=fold(company),
        linkedin=frozenset(fields["linkedin"]),
        emails=frozenset(fields["emails"]),
        phones=frozenset(fields["phones"]),
        x=frozenset(fields["x"]),
    )


def stored_keys(
    session: Session, kinds: list[str], phone_region: str, ids: set[int] | None = None
) -> Iterator[tuple[int, str, str]]:
    """(contact id, kind, identity key) of the stored addresses of these kinds (of
    these contacts, or everyone's): the stored lookup key, a phone's worked out again
    in E.164 (so it meets an imported one)."""
    plain = [kind for kind in kinds if kind != ChannelKind.PHONE.value]
    query = select(Channel.contact_id, Channel.kind, Channel.lookup_key).where(
        Channel.kind.in_(plain)
    )
    phones = select(Channel.contact_id, Channel.value).where(
        Channel.kind == ChannelKind.PHONE.value
    )
    if ids is None:
        rows: Iterator[Any] = iter(session.execute(query))
    else:
        rows = rows_for_ids(session, query, Channel.contact_id, ids)
    yield from rows
    if ChannelKind.PHONE.value not in kinds:
        return
    if ids is None:
        rows = iter(session.execute(phones))
    else:
        rows = rows_for_ids(session, phones, Channel.contact_id, ids)
    for contact_id, value in rows:
        key = identity_key(ChannelKind.PHONE, value, phone_region)
        yield contact_id, ChannelKind.PHONE.value, key

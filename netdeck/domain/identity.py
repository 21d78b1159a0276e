"""Who an imported row is: the rule that matches a row to a person already in the deck.

A row matches, in order, by

1. a LinkedIn profile URL it shares with a person;
2. any e-mail address, 3. any phone number (normalised), 4. an X handle, each
   unless the person has a *different* LinkedIn URL (two profile URLs are two
   people) or a name that shares no word with the row's (:func:`names_agree`: an
   office phone or a shared inbox under two names is two people, listed as a
   possible duplicate);
5. the folded name (:func:`netdeck.domain.search.fold`: ``José García`` is
   ``jose garcia``), when exactly one person has that name and agrees with the row
   (or, among several namesakes, exactly one agrees and has the row's company:
   two John Smiths and a row from Globex is not guessed), and no other row of the
   file (another person of that name) agrees with them too.
   A person **contradicts** the row when both sides give something of the same
   kind and the two share nothing: a different company, different LinkedIn
   URLs, e-mails, phones or X handles.

When several people share the first key that matches, the one added first
(lowest id) is taken: the deck already holds a duplicate, which
``netdeck duplicates`` shows. A name shared by several people who agree with
the row, or held by people who contradict it, is not guessed: the row is a new
person, and those people are its **possible duplicates** (except people with a
different LinkedIn URL: those are certainly someone else). A row that is already
there word for word (the same name, company and keys, nothing more: the row
itself, added by an earlier import) is that person whatever the ambiguity, so
importing a file twice adds nobody.

Pure: the services gather the candidates (by dictionary look-ups built once per
import) and store what this decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class MatchedBy(StrEnum):
    """What an imported row matched a person by (the import summary counts these)."""

    LINKEDIN = "linkedin_url"
    EMAIL = "email"
    PHONE = "phone"
    X = "x_handle"
    NAME = "name"


#: How the import summary names each way of matching.
MATCHED_BY_LABELS = {
    MatchedBy.LINKEDIN: "LinkedIn URL",
    MatchedBy.EMAIL: "e-mail",
    MatchedBy.PHONE: "phone",
    MatchedBy.X: "X handle",
    MatchedBy.NAME: "name",
}


@dataclass(frozen=True, slots=True)
class IdentityKeys:
    """What tells a person apart: address keys (as :func:`~netdeck.domain.channels.address_key`
    gives them, phones normalised), the folded name and the folded company."""

    name: str
    company: str = ""
    linkedin: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    x: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class IdentityMatch:
    """The person a row is (None: a new person), what matched, and, for a new
    person, the people it may duplicate (ids, lowest first)."""

    contact_id: int | None
    by: MatchedBy | None = None
    possible_duplicates: tuple[int, ...] = ()


_STRONG_KEYS = (
    (MatchedBy.LINKEDIN, "linkedin"),
    (MatchedBy.EMAIL, "emails"),
    (MatchedBy.PHONE, "phones"),
    (MatchedBy.X, "x"),
)


def _disjoint(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    return bool(mine) and bool(theirs) and mine.isdisjoint(theirs)


def other_profile(row: IdentityKeys, person: IdentityKeys) -> bool:
    """Both have a LinkedIn URL and none is shared: certainly two people."""
    return _disjoint(row.linkedin, person.linkedin)


def contradicts(row: IdentityKeys, person: IdentityKeys) -> bool:
    """Whether ``person`` cannot be the row by name alone (the rule in the module docstring)."""
    if row.company and person.company and row.company != person.company:
        return True
    return any(
        _disjoint(getattr(row, attribute), getattr(person, attribute))
        for _, attribute in _STRONG_KEYS
    )


def already_there(row: IdentityKeys, person: IdentityKeys) -> bool:
    """The person is identified by exactly what the row says (the row, imported before)."""
    return row == person


def match_identity(
    row: IdentityKeys,
    candidates: Iterable[tuple[int, IdentityKeys]],
    same_name_in_file: Iterable[IdentityKeys] = (),
) -> IdentityMatch:
    """Which of ``candidates`` (id and keys; anyone sharing a key or the folded name
    with the row) the row is, by what, or its possible duplicates.

    ``same_name_in_file``: the other rows of the file with the row's folded name. A
    name alone is not enough when another person of the file could be the same
    candidate (two Noah Fischers at Northwind Labs in one export: which one is the
    Noah already in the deck?)."""
    people = sorted(candidates, key=lambda pair: pair[0])
    other_names: list[int] = []  # sharing an address under another name: not guessed
    for by, attribute in _STRONG_KEYS:
        mine: frozenset[str] = getattr(row, attribute)
        if not mine:
            continue
        for contact_id, keys in people:
            if mine & getattr(keys, attribute) and (
                by is MatchedBy.LINKEDIN or not other_profile(row, keys)
            ):
                if by is MatchedBy.LINKEDIN or names_agree(row.name, keys.name):
                    return IdentityMatch(contact_id, by)
                other_names.append(contact_id)
    same_name = [(i, keys) for i, keys in people if keys.name == row.name and row.name]
    agreeing = [i for i, keys in same_name if not contradicts(row, keys)]
    if len(agreeing) == 1:
        (candidate,) = [keys for i, keys in same_name if i == agreeing[0]]
        # Among namesakes, only the same company tells them apart (not mere silence).
        sure = len(same_name) == 1 or bool(row.company and row.company == candidate.company)
        if sure and not any(
            other != row and not contradicts(other, candidate) for other in same_name_in_file
        ):
            return IdentityMatch(agreeing[0], MatchedBy.NAME)
    there = [i for i, keys in same_name if already_there(row, keys)]
    if there:
        return IdentityMatch(there[0], MatchedBy.NAME)
    namesakes = [i for i, keys in same_name if not other_profile(row, keys)]
    return IdentityMatch(None, possible_duplicates=tuple(dict.fromkeys([*other_names, *namesakes])))


def names_agree(row_name: str, person_name: str) -> bool:
    """Whether two folded names could be one person's: they share a word ("greg
    alvarez" and "gregory alvarez", "jane doe" and "jane smith"), or one is missing.
    An office phone or a shared inbox under two different names is two people."""
    if not row_name or not person_name:
        return True
    return bool(set(row_name.split()) & set(person_name.split()))

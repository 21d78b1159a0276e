"""Who may be the same person twice, and what merging two people keeps.

Finding pairs (:func:`find_duplicates`) works on blocks, never on all pairs, so a
deck of 100,000 people is searched in seconds:

- **same address**: people sharing an address key (e-mail, phone, LinkedIn URL, X
  handle, as :func:`netdeck.domain.channels.address_key` spells it; the caller
  groups them with one query). Websites are left out: colleagues share the
  company's site.
- **same name**: the same folded name (:func:`netdeck.domain.search.fold`: accents,
  case and punctuation aside, so "Zoë O'Brien" is "zoe obrien").
- **similar name at the same company**: within one folded company, names whose
  ``token_sort_ratio`` (rapidfuzz) is at least :data:`SIMILAR_AT_LEAST` ("Jon
  Smith" and "John Smith", "Smith John"), or a first initial and the same last
  name ("J. Smith" and "John Smith"). Only names sharing a word of two letters or
  more are compared (token blocking), so a company of thousands compares each
  name with its namesakes, not with everyone.

Two people with different LinkedIn profiles (both have one, none in common) are two
people, as LinkedIn says and as an import's identity rule has it
(:mod:`netdeck.domain.identity`): a name alone does not pair them (a shared
address still does).

An address, name or company word shared by more than :data:`LARGEST_BLOCK` people
is not evidence (a shared inbox, "John Smith" in a very large deck): that block
gives no pairs. Pairs are listed most certain first (address, then same name,
then similar name), then by name; a pair the user marked "not the same" is left
out.

Merging (see :mod:`netdeck.services.duplicates`) takes the more advanced stage
(:data:`MERGE_STAGE_ORDER`) and joins free text with :func:`joined_text`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum

from rapidfuzz import fuzz, process

from netdeck.domain.channels import ChannelKind
from netdeck.domain.stages import Stage

#: The least ``token_sort_ratio`` (0-100) of two names at one company that counts
#: as similar: "jon smith"/"john smith" is 95, "john smith"/"joan smyth" 84.
SIMILAR_AT_LEAST = 90
#: A block (one address, one name, one word of names at one company) shared by more
#: people than this gives no pairs: a shared inbox or a very common name says little,
#: and a block of n people has n(n-1)/2 pairs.
LARGEST_BLOCK = 12
#: The most names at one company sharing one word that are compared with each other
#: (a very common first name at a large employer is left to the last names).
LARGEST_WORD_BLOCK = 250
#: The address kinds that say "the same person" (a website is often a company's).
IDENTIFYING_KINDS = (ChannelKind.EMAIL, ChannelKind.PHONE, ChannelKind.LINKEDIN, ChannelKind.X)

_ADDRESS_WHY = {
    ChannelKind.EMAIL: "same e-mail",
    ChannelKind.PHONE: "same phone",
    ChannelKind.LINKEDIN: "same LinkedIn URL",
    ChannelKind.X: "same X handle",
}
SAME_NAME = "same name"
SIMILAR_NAME = "similar name at the same company"

#: Stages from least to most advanced; a merge keeps the later of the two. A person
#: you talk to (``active``) beats one waiting for a first message (``connected``),
#: which beats a sent invitation and a wish to connect; any of those beats a
#: paused (``dormant``) or never sorted (``unsorted``) record; ``archived`` (let go)
#: is kept only when both are.
MERGE_STAGE_ORDER = (
    Stage.ARCHIVED,
    Stage.UNSORTED,
    Stage.DORMANT,
    Stage.PROSPECT,
    Stage.REQUESTED,
    Stage.CONNECTED,
    Stage.ACTIVE,
)


class Certainty(IntEnum):
    """How sure a pair is, most sure first (the order pairs are listed in)."""

    SAME_ADDRESS = 0
    SAME_NAME = 1
    SIMILAR_NAME = 2


@dataclass(frozen=True, slots=True)
class Person:
    """What finding duplicates knows of one contact."""

    id: int
    name_key: str  # sorting
    folded_name: str
    folded_company: str


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two contacts that may be one person: ``low_id < high_id``, every reason found."""

    low_id: int
    high_id: int
    certainty: Certainty
    why: tuple[str, ...]


def pair_key(a: int, b: int) -> tuple[int, int]:
    """A pair of ids, lower first (as ``not_duplicates`` stores it)."""
    return (a, b) if a < b else (b, a)


def more_advanced(a: Stage, b: Stage) -> Stage:
    """The later of two stages in :data:`MERGE_STAGE_ORDER` (``a`` when equal)."""
    return b if MERGE_STAGE_ORDER.index(b) > MERGE_STAGE_ORDER.index(a) else a


def joined_text(kept: str, other: str, separator: str = "\n\n") -> str:
    """Free text after a merge: the kept person's, then the other's when it says
    something more (empty or the same text is not repeated)."""
    if not other.strip() or other.strip() == kept.strip():
        return kept
    if not kept.strip():
        return other
    return f"{kept.rstrip()}{separator}{other.strip()}"


def find_duplicates(
    people: Sequence[Person],
    address_groups: Iterable[tuple[ChannelKind, Sequence[int]]],
    not_the_same: Collection[tuple[int, int]] = frozenset(),
    profiles: Mapping[int, Collection[str]] | None = None,
) -> list[DuplicatePair]:
    """Every likely pair, most certain first, then by name (see the module docstring).

    ``address_groups``: for each shared address key, its kind and the ids having it;
    ``not_the_same``: pairs (lower id first) the user said are different people;
    ``profiles``: each person's LinkedIn address keys (those with one)."""
    reasons: dict[tuple[int, int], tuple[Certainty, list[str]]] = {}
    known = profiles or {}

    def add(pair: tuple[int, int], certainty: Certainty, why: str) -> None:
        if pair in not_the_same:
            return
        if certainty is not Certainty.SAME_ADDRESS and _two_profiles(known, *pair):
            return
        found = reasons.get(pair)
        if found is None:
            reasons[pair] = (certainty, [why])
        elif why not in found[1]:
            found[1].append(why)
            reasons[pair] = (min(found[0], certainty), found[1])

    for kind, ids in address_groups:
        if kind in _ADDRESS_WHY:
            for pair in _pairs_within(sorted(set(ids))):
                add(pair, Certainty.SAME_ADDRESS, _ADDRESS_WHY[kind])
    for pair in same_name_pairs(people):
        add(pair, Certainty.SAME_NAME, SAME_NAME)
    for pair in similar_name_pairs(people):
        add(pair, Certainty.SIMILAR_NAME, SIMILAR_NAME)
    names = {p.id: p.name_key for p in people}
    pairs = [DuplicatePair(a, b, c, tuple(why)) for (a, b), (c, why) in reasons.items()]
    pairs.sort(
        key=lambda p: (
            p.certainty,
            *sorted((names.get(p.low_id, ""), names.get(p.high_id, ""))),
            p.low_id,
            p.high_id,
        )
    )
    return pairs


def _two_profiles(profiles: Mapping[int, Collection[str]], a: int, b: int) -> bool:
    """Whether both have a LinkedIn profile and none is the other's."""
    first, second = profiles.get(a), profiles.get(b)
    return bool(first) and bool(second) and not set(first or ()) & set(second or ())


def _pairs_within(ids: Sequence[int]) -> Iterator[tuple[int, int]]:
    """Every pair of a block's ids (lower first), none for a block over the limit."""
    if len(ids) > LARGEST_BLOCK:
        return
    for n, a in enumerate(ids):
        for b in ids[n + 1 :]:
            yield pair_key(a, b)


def same_name_pairs(people: Iterable[Person]) -> Iterator[tuple[int, int]]:
    """Pairs with the same folded name."""
    by_name: dict[str, list[int]] = defaultdict(list)
    for person in people:
        if person.folded_name:
            by_name[person.folded_name].append(person.id)
    for ids in by_name.values():
        if len(ids) > 1:
            yield from _pairs_within(sorted(ids))


def similar_name_pairs(people: Iterable[Person]) -> Iterator[tuple[int, int]]:
    """Pairs at the same (folded, non-empty) company whose names differ but are
    similar: by ``token_sort_ratio`` or a first initial and the same last name."""
    by_company: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for person in people:
        if person.folded_company and person.folded_name:
            by_company[person.folded_company][person.folded_name].append(person.id)
    for ids_by_name in by_company.values():
        if len(ids_by_name) < 2:
            continue
        for name_a, name_b in _similar_names(list(ids_by_name)):
            for a in ids_by_name[name_a]:
                for b in ids_by_name[name_b]:
                    yield pair_key(a, b)


def _similar_names(names: list[str]) -> Iterator[tuple[str, str]]:
    """Pairs of distinct names (of one company) that are similar, each pair once.

    Token blocking: each name is compared only with names sharing one of its words
    of two letters or more (the initial rule needs the same last word anyway)."""
    by_word: dict[str, list[str]] = defaultdict(list)
    for name in names:
        for word in set(name.split()):
            if len(word) > 1:
                by_word[word].append(name)
    seen: set[tuple[str, str]] = set()
    for block in by_word.values():
        if len(block) < 2 or len(block) > LARGEST_WORD_BLOCK:
            continue
        for n, name in enumerate(block[:-1]):
            for other, _score, _index in process.extract(
                name,
                block[n + 1 :],
                scorer=fuzz.token_sort_ratio,
                score_cutoff=SIMILAR_AT_LEAST,
                limit=None,
            ):
                found = (name, other) if name < other else (other, name)
                if found not in seen:
                    seen.add(found)
                    yield found
    for found in _initial_pairs(names, by_word):
        if found not in seen:
            seen.add(found)
            yield found


def _initial_pairs(names: list[str], by_word: dict[str, list[str]]) -> Iterator[tuple[str, str]]:
    """ "j smith" and "john smith": a first word that is one letter, the other's first
    word starting with it, the same last word (folded names: "J. Smith" is "j smith")."""
    for name in names:
        words = name.split()
        if len(words) < 2 or len(words[0]) != 1:
            continue
        initial, last = words[0], words[-1]
        for other in by_word.get(last, ()):
            other_words = other.split()
            if (
                len(other_words) >= 2
                and len(other_words[0]) > 1
                and other_words[0].startswith(initial)
                and other_words[-1] == last
            ):
                yield (name, other) if name < other else (other, name)

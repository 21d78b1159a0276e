"""What search-as-you-type matches: one folded string per contact."""

from __future__ import annotations

from collections.abc import Iterable


def search_text_for(
    name: str, company: str, title: str, addresses: Iterable[str], tags: Iterable[str]
) -> str:
    """The casefolded text a contact is found by (name, company, title, addresses, tags)."""
    parts = [name, company, title, *addresses, *tags]
    return " | ".join(part for part in parts if part).casefold()


def search_terms(query: str) -> list[str]:
    """The words of a search; a contact matches when its text holds every one."""
    return query.casefold().split()


def narrows(earlier: str, later: str) -> bool:
    """Whether every contact found by ``later`` is also found by ``earlier``.

    True when each word of ``earlier`` is part of some word of ``later`` (typing
    on, ``"sm"`` then ``"smith"``; adding a word, ``"ann"`` then ``"ann acme"``):
    a text holding every later word then holds every earlier one. An empty
    ``earlier`` finds everyone, so anything narrows it.
    """
    later_terms = search_terms(later)
    return all(any(term in word for word in later_terms) for term in search_terms(earlier))

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

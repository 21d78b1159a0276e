"""The contact-list query: which contacts (search, stage, tag, company) in which order.

One value for every face and use case that lists contacts: the CLI's ``list``, the
TUI's contacts screen (and its narrowing of a search as the user types on), and
the bulk actions, which act on everyone a query shows. What the user typed is
normalised here, once, so two queries that show the same contacts are equal.

Pure (no database): the TUI builds one from its widgets without loading SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from netdeck.domain.choices import parse_choice
from netdeck.domain.stages import Stage, parse_stage
from netdeck.domain.tags import clean_tag


class ContactSort(StrEnum):
    """The orders a contact list can be sorted in; the value is the CLI's name."""

    NAME = "name"
    NEXT_DUE = "next-due"
    LAST_INTERACTION = "last-interaction"


@dataclass(frozen=True, slots=True)
class ContactQuery:
    """Which contacts a list shows, and in which order (every filter optional).

    Normalised on construction (and by :func:`dataclasses.replace`): a blank
    search is ``""``; a blank company is ``None``, any other has single spaces;
    a tag is in its stored spelling (:func:`~netdeck.domain.tags.clean_tag`).
    """

    search: str = ""  # every word must match (see netdeck.domain.search)
    stage: Stage | None = None
    tag: str | None = None
    company: str | None = None  # part of the company name, ignoring case
    sort: ContactSort = ContactSort.NAME
    owner: str | None = None  # the user who keeps up with them, exactly (a shared deck)

    def __post_init__(self) -> None:
        # object.__setattr__: the one way to set a frozen dataclass's field while building it.
        object.__setattr__(self, "search", self.search if self.search.strip() else "")
        object.__setattr__(self, "tag", clean_tag(self.tag) if self.tag else None)
        company = " ".join((self.company or "").split())
        object.__setattr__(self, "company", company or None)

    @classmethod
    def from_text(
        cls,
        *,
        search: str | None = None,
        stage: str | None = None,
        tag: str | None = None,
        company: str | None = None,
        sort: str = ContactSort.NAME,
        owner: str | None = None,
    ) -> ContactQuery:
        """The query for what a user typed or picked: stage and sort by name, any case
        for the stage; an unknown one is refused with the names to use."""
        return cls(
            search=search or "",
            stage=parse_stage(stage) if stage else None,
            tag=tag,
            company=company,
            sort=parse_choice(ContactSort, sort, "sort"),
            owner=owner.strip() or None if owner is not None else None,
        )

    @property
    def has_bulk_scope(self) -> bool:
        """Whether a bulk action may act on everyone this query shows: only with a tag
        or a company, so a stray key never changes the whole deck."""
        return bool(self.tag or self.company)

    def describe(self) -> str:
        """The filters in words, as a bulk action's question and undo say them:
        ``tagged mba at a company matching 'acme'``."""
        parts = []
        if self.tag:
            parts.append(f"tagged {self.tag}")
        if self.company:
            parts.append(f"at a company matching {self.company!r}")
        if self.stage:
            parts.append(f"in stage {self.stage}")
        if self.owner:
            parts.append(f"owned by {self.owner}")
        if self.search:
            parts.append(f"matching {self.search!r}")
        return " ".join(parts)


__all__ = ["ContactQuery", "ContactSort"]

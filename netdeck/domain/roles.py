"""Changes of jobs: what an import's company and title mean for a contact.

An import records the company and title it gave (``imported_*``). A later
import that gives others is a change of jobs. The deck takes the new values
unless the user has typed their own since the earlier import (the contact's
values differ from what that import gave): then the user's stay, and the
change is still recorded. Without an earlier import's values there is nothing
to compare: a contact only gains a company or title it lacks.
"""

from __future__ import annotations

from dataclasses import dataclass


def role_text(title: str, company: str) -> str:
    """ "VP Product at Contoso" (or whichever part is known)."""
    title, company = title.strip(), company.strip()
    if title and company:
        return f"{title} at {company}"
    return title or company


@dataclass(frozen=True, slots=True)
class RoleUpdate:
    """What an import does to a contact's company and title."""

    company: str  # the contact's company afterwards
    title: str
    changed_jobs: bool  # an earlier import gave other values: record the change


def role_update(
    *,
    company: str,
    title: str,
    imported_company: str | None,
    imported_title: str | None,
    new_company: str,
    new_title: str,
) -> RoleUpdate:
    """The contact's company and title after an import giving ``new_*`` (the rule in
    the module docstring). An empty value in the import is "not given", never a change."""
    if imported_company is None and imported_title is None:
        return RoleUpdate(company or new_company, title or new_title, changed_jobs=False)
    before = (imported_company or "", imported_title or "")
    after = (new_company or before[0], new_title or before[1])
    if after == before:
        return RoleUpdate(company or new_company, title or new_title, changed_jobs=False)
    typed_by_hand = (company, title) != before
    if typed_by_hand:
        return RoleUpdate(company, title, changed_jobs=True)
    return RoleUpdate(after[0], after[1], changed_jobs=True)

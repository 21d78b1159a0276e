"""Naming a contact on the command line: id, address or (part of) a name."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from netdeck.domain.errors import Ambiguous, InvalidInput, NotFound
from netdeck.services.contacts import resolve_contact
from netdeck.services.views import ContactDetail
from netdeck.store.database import Database
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

Add = Callable[..., ContactDetail]


@pytest.fixture
def people(add: Add) -> dict[str, int]:
    """A small address book with the awkward cases: shared first names, a
    name that is part of another, the same surname at different companies."""
    made = [
        add("Jane Doe", email=["Jane.Doe@Example.com"], linkedin=["linkedin.com/in/jane-doe"]),
        add("Janet Doering", company="Acme"),
        add("Ann Lee", x=["@annlee"]),
        add("Anna Lee", phone=["+1 555 123 4567"]),
        add("Raj Patel", company="Acme"),
        add("Raj Patel", company="Globex"),
        add("Zoë Ørsted", notes="hiring in Lisbon"),
        add("100% Legit_Name"),
        add("José García-Núñez"),
        add("Jose Garcia"),
    ]
    return {f"{c.name} ({c.company})" if c.name == "Raj Patel" else c.name: c.id for c in made}


def resolve(database: Database, reference: str) -> str:
    with database.reading() as session:
        contact = resolve_contact(session, reference)
        return f"{contact.full_name} ({contact.company})" if contact.company else contact.full_name


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        pytest.param("jane.doe@example.com", "Jane Doe", id="email-any-case"),
        pytest.param("  JANE.DOE@EXAMPLE.COM ", "Jane Doe", id="email-upper-case-spaces"),
        pytest.param("https://www.linkedin.com/in/jane-doe", "Jane Doe", id="linkedin-exact"),
        pytest.param(
            "http://uk.linkedin.com/in/Jane-Doe/?trk=x", "Jane Doe", id="linkedin-respelled"
        ),
        pytest.param("jane doe", "Jane Doe", id="exact-name-any-case"),
        pytest.param("ann lee", "Ann Lee", id="exact-name-beats-partial"),
        pytest.param("doering", "Janet Doering (Acme)", id="part-of-a-name"),
        pytest.param("ANNA", "Anna Lee", id="unique-partial"),
        pytest.param("zoë ørsted", "Zoë Ørsted", id="non-ascii-name"),
        pytest.param("100%", "100% Legit_Name", id="like-wildcards-are-literal"),
        # Folded as search folds: accents, case and punctuation aside.
        pytest.param("zoe", "Zoë Ørsted", id="accents-folded"),
        pytest.param("ZOE ORSTED", "Zoë Ørsted", id="folded-whole-name"),
        pytest.param("garcia nunez", "José García-Núñez", id="hyphen-is-a-space"),
        pytest.param("garcia-nunez", "José García-Núñez", id="hyphen-typed"),
        pytest.param("nunez jose", "José García-Núñez", id="every-word-of-the-name"),
        pytest.param("jose garcia", "Jose Garcia", id="exact-spelling-beats-folded"),
        pytest.param("josé garcía-núñez", "José García-Núñez", id="exact-with-accents"),
    ],
)
def test_resolve(people: dict[str, int], database: Database, reference: str, expected: str) -> None:
    assert resolve(database, reference) == expected


@pytest.mark.parametrize("form", ["{id}", "#{id}", " {id} "], ids=["bare", "hash", "spaces"])
def test_resolve_by_id(people: dict[str, int], database: Database, form: str) -> None:
    contact_id = people["Anna Lee"]

    assert resolve(database, form.format(id=contact_id)) == "Anna Lee"


@pytest.mark.parametrize(
    ("reference", "candidates"),
    [
        pytest.param("raj patel", ["Raj Patel (Acme)", "Raj Patel (Globex)"], id="same-name-twice"),
        pytest.param("jane", ["Jane Doe", "Janet Doering (Acme)"], id="partial-name"),
        pytest.param("lee", ["Ann Lee", "Anna Lee"], id="surname"),
        pytest.param("jose", ["Jose Garcia", "José García-Núñez"], id="folded-partial-name"),
    ],
)
def test_ambiguous_reference_lists_the_candidates(
    people: dict[str, int], database: Database, reference: str, candidates: list[str]
) -> None:
    with pytest.raises(Ambiguous) as caught, database.reading() as session:
        resolve_contact(session, reference)

    expected = []
    for label in candidates:
        name = label.split(" (")[0]
        key = label if label in people else name
        expected.append(f"#{people[key]} {label}")
    assert caught.value.candidates == expected
    assert "use the id" in str(caught.value)


@pytest.mark.parametrize(
    ("reference", "error", "message"),
    [
        pytest.param("nobody", NotFound, "no contact matches 'nobody'", id="unknown-name"),
        pytest.param("nobody@example.com", NotFound, "no contact matches", id="unknown-email"),
        pytest.param(
            "linkedin.com/in/someone-else", NotFound, "no contact matches", id="unknown-linkedin"
        ),
        pytest.param("999", NotFound, "no contact with id 999", id="unknown-id"),
        pytest.param("#0", NotFound, "no contact with id 0", id="id-zero"),
        pytest.param(
            "99999999999999999999", NotFound, "no contact with id", id="id-beyond-any-integer"
        ),
        pytest.param("²", NotFound, "no contact matches", id="superscript-digit-is-a-name"),
        pytest.param("hiring", NotFound, "no contact matches", id="notes-name-nobody"),
        pytest.param("?!", NotFound, "no contact matches", id="only-punctuation"),
        pytest.param("   ", InvalidInput, "must not be empty", id="empty"),
    ],
)
def test_unknown_references(
    people: dict[str, int], database: Database, reference: str, error: type, message: str
) -> None:
    with pytest.raises(error, match=message), database.reading() as session:
        resolve_contact(session, reference)

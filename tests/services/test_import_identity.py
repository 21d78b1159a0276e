"""One person, one record: a Google Contacts CSV of the people a LinkedIn export brought
in enriches them (e-mails, phones, birthdays) instead of adding them twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from netdeck.services.importing import import_contacts_csv, import_linkedin, import_vcard
from netdeck.services.settings import change_setting
from netdeck.store.database import Database
from netdeck.store.models import Contact, KeyDate
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GOOGLE = FIXTURES / "csv" / "google-linkedin-people.csv"
TODAY = date(2026, 11, 25)


def count(database: Database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(Contact)) or 0


def person(database: Database, slug: str) -> dict[str, object]:
    """What the contact with this LinkedIn slug holds."""
    with database.reading() as session:
        for contact in session.scalars(select(Contact)):
            if any(c.value.endswith(f"/in/{slug}") for c in contact.channels):
                return {
                    "addresses": [(c.kind, c.value) for c in contact.channels],
                    "dates": [(d.kind, d.year, d.month, d.day) for d in contact.key_dates],
                    "nickname": contact.nickname,
                    "tags": [t.name for t in contact.tags],
                    "company": contact.company,
                    "notes": contact.notes,
                }
    raise AssertionError(slug)


def test_a_google_csv_after_a_linkedin_export_adds_nobody_twice(database: Database) -> None:
    import_linkedin(database, FIXTURES / "linkedin" / "Connections.csv", today=TODAY)
    before = count(database)
    summary = import_contacts_csv(database, GOOGLE, today=TODAY)
    # Ten of the eleven rows are people already there; Amara Byrne has a twin at the
    # same company, so her row is added and both pairs listed, not guessed.
    assert (summary.added, summary.updated, summary.skipped) == (1, 10, ())
    assert count(database) == before + 1
    assert summary.matched_by == {"email": 5, "name": 5}
    pairs = [(d.line, d.name, d.contact_name) for d in summary.possible_duplicates]
    assert pairs == [(13, "Amara Byrne", "Amara Byrne")] * 2
    greg = person(database, "greg-alvarez-3e8")
    assert greg["addresses"] == [
        ("linkedin", "https://www.linkedin.com/in/greg-alvarez-3e8"),
        ("email", "greg.alvarez@example.com"),
        ("email", "greg@home.example"),
        ("phone", "+14155550132"),
    ]
    assert (greg["dates"], greg["tags"]) == ([("birthday", 1980, 1, 20)], ["work"])
    # The other Greg Alvarez at Civic Data Trust is told apart by his company.
    assert person(database, "greg-alvarez-9f2")["addresses"][-1] == ("phone", "+14155550177")
    fatima = person(database, "fatima-lindqvist-4c6")
    assert (fatima["nickname"], fatima["dates"]) == (
        "Fati",
        [("birthday", None, 3, 14), ("anniversary", 2012, 6, 9)],
    )
    # Accents and case fold: "Méi Petrova" is Mei Petrova, "CHEN IYER" at Tessellate is
    # the Chen Iyer there (not the one at Fernhill).
    assert person(database, "mei-petrova-6a7")["dates"] == [("birthday", None, 2, 29)]
    assert ("email", "chen@tessellate.example") in person(database, "chen-iyer-7f4")["addresses"]
    assert person(database, "chen-iyer-510")["addresses"] == [
        ("linkedin", "https://www.linkedin.com/in/chen-iyer-510")
    ]
    ines = person(database, "ines-lin-65d")
    assert (ines["nickname"], ines["tags"], ines["notes"]) == (
        "Nessa",
        ["friends"],
        "Met at the data meetup",
    )
    # A bad field never costs the person: Mateo is matched, his unreadable birthday,
    # postal address and Noah's "call reception" are reported with their lines.
    assert [(o.line, o.what, o.problem) for o in summary.left_out] == [
        (10, "postal address", "not imported"),
        (10, "birthday", "unreadable"),
        (12, "phone number", "unreadable"),  # the address above spans two lines
    ]
    mateo = person(database, "mateo-wei-760")
    assert [v for k, v in mateo["addresses"] if k == "phone"] == ["+14155550142", "+14155550143"]
    again = import_contacts_csv(database, GOOGLE, today=TODAY)
    assert (again.added, again.updated) == (0, 0)
    assert count(database) == before + 1


def test_the_linkedin_export_after_a_google_csv_finds_the_same_people(
    database: Database,
) -> None:
    import_contacts_csv(database, GOOGLE, today=TODAY)
    summary = import_linkedin(database, FIXTURES / "linkedin" / "Connections.csv", today=TODAY)
    # Greg, Fatima, Tom, Mateo and Noah by e-mail; Ravi, Ines, Mei and the Chen and Greg at
    # their companies by name.
    assert summary.matched_by == {"email": 5, "name": 5}
    # The export's first Noah Fischer (no e-mail) could be the Noah of the CSV as much
    # as the second (whose e-mail matches): listed, not guessed; so the first Mateo, and
    # both Amaras. The Chen Iyer and Greg Alvarez at other companies are listed too.
    listed = [(d.line, d.name, d.contact_name) for d in summary.possible_duplicates]
    assert listed == [
        (6, "Amara Byrne", "Amara Byrne"),
        (9, "Mateo Wei", "Mateo Wei"),
        (13, "Chen Iyer", "CHEN IYER"),
        (16, "Noah Fischer", "Noah Fischer"),
        (26, "Greg Alvarez", "Greg Alvarez"),
        (27, "Amara Byrne", "Amara Byrne"),
    ]
    ravi = person(database, "ravi-dubois-638")
    assert ("email", "ravi@orbital.example") in ravi["addresses"]


def test_varied_vcards_keep_phones_dates_nicknames_and_categories(database: Database) -> None:
    with database.writing() as session:
        change_setting(session, "phone-region", "us")
    summary = import_vcard(database, FIXTURES / "vcard" / "varied.vcf", today=TODAY)
    assert (summary.added, summary.skipped) == (5, ())
    with database.reading() as session:
        people = {c.full_name: c for c in session.scalars(select(Contact))}
        got = {
            name: (
                [(ch.kind, ch.value) for ch in c.channels],
                [(d.kind, d.year, d.month, d.day) for d in c.key_dates],
                c.nickname,
                [t.name for t in c.tags],
            )
            for name, c in people.items()
        }
        sources = set(session.scalars(select(KeyDate.source)))
    # vCard 2.1, quoted-printable; "(415) 555-0132" dialled in the phone-region, US.
    assert got["José García"] == (
        [
            ("email", "jose@example.com"),
            ("phone", "+34612345678"),
            ("phone", "+14155550132"),
        ],
        [("birthday", 1980, 1, 20)],
        "",
        [],
    )
    assert people["José García"].notes == "Line one\r\nLine two"
    assert got["Ann Lee"] == (
        [
            ("email", "ann@example.com"),
            ("email", "ann@home.example"),
            ("phone", "+14155550100"),
            ("phone", "+14155550101"),
            ("website", "https://annlee.example"),
        ],
        [("birthday", 1990, 4, 1)],
        "Annie",
        ["friends", "python"],
    )
    assert got["Bob Ray"][0] == [
        ("email", "bob@example.com"),
        ("phone", "+15555550100"),
        ("phone", "+442079460958"),
    ]
    assert got["Bob Ray"][1] == [("birthday", None, 1, 20), ("anniversary", 2010, 6, 12)]
    assert got["Dee Park"][1] == [("birthday", None, 1, 20), ("anniversary", 2015, 9, 5)]
    assert got["Cy Moss"][:2] == ([], [])
    assert sources == {"vcard"}
    assert [(o.line, o.what, o.problem) for o in summary.left_out] == [
        (1, "postal address", "not imported"),
        (12, "postal address", "not imported"),
        (12, "postal address", "not imported"),
        (17, "ORG", "not imported"),  # ORG:Acme;R&D: the department
        (38, "phone number", "unreadable"),
        (38, "birthday", "unreadable"),
    ]


def test_two_names_sharing_a_number_in_one_file_are_two_people(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "office.csv"
    path.write_text(
        "Name,Business Phone,Email\n"
        "Ann Lee,+1 415 555 0100,ann@acme.example\n"
        "Bo Ek,+1 415 555 0100,\n"
        "ann lee,,ann@acme.example\n",
        encoding="utf-8",
    )
    summary = import_contacts_csv(database, path, today=TODAY)
    # The switchboard does not make Bo into Ann; Ann twice is Ann once.
    assert (summary.added, summary.unchanged) == (2, 1)
    assert [(d.line, d.name, d.contact_name) for d in summary.possible_duplicates] == [
        (3, "Bo Ek", "Ann Lee")
    ]

"""Whatever a user types where the CLI expects a cadence, a date, a stage, an
address or a contact reference: the parsed value or a :class:`NetdeckError`
(one ``netdeck: error:`` line), never another exception; and every value
netdeck itself writes parses back to the same thing.

Example counts are explicit (``max_examples``) and listed in the README's
Reliability section.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from netdeck.domain.cadence import MAX_CADENCE_DAYS, MIN_CADENCE_DAYS, parse_cadence
from netdeck.domain.channels import ChannelKind, normalise_address
from netdeck.domain.dates import EARLIEST_DAY, LATEST_DAY, parse_date
from netdeck.domain.errors import Ambiguous, InvalidInput, NetdeckError, NotFound
from netdeck.domain.stages import Stage, parse_stage
from netdeck.services.contacts import ContactFields, add_contact, resolve_contact
from netdeck.services.settings import load_settings
from netdeck.store.database import Database, open_database
from tests.conftest import TODAY

#: Text as typed or pasted: any code point, plus the near-misses that reach deep.
typed = st.text(max_size=40) | st.from_regex(
    r"\A[ #+@]?[0-9]{0,22}[ dwmyDWMY-]?[0-9]{0,4}[-.]?[0-9]{0,3}\s?\Z", fullmatch=True
)
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(text=typed)
def test_a_cadence_is_a_number_of_days_in_range_or_a_clear_error(text: str) -> None:
    try:
        days = parse_cadence(text)
    except InvalidInput as error:
        assert "cadence" in str(error)
        return
    assert MIN_CADENCE_DAYS <= days <= MAX_CADENCE_DAYS


@PROPERTY
@given(days=st.integers(MIN_CADENCE_DAYS, MAX_CADENCE_DAYS), unit=st.sampled_from("dwmy"))
def test_every_cadence_written_as_days_or_units_reads_back(days: int, unit: str) -> None:
    assert parse_cadence(str(days)) == days
    assert parse_cadence(f" {days}D ") == days
    per_unit = {"d": 1, "w": 7, "m": 30, "y": 365}[unit]
    count = max(1, days // per_unit)
    if count * per_unit <= MAX_CADENCE_DAYS:
        assert parse_cadence(f"{count}{unit}") == count * per_unit


@PROPERTY
@given(text=typed)
def test_a_date_is_a_calendar_day_or_a_clear_error(text: str) -> None:
    try:
        day = parse_date(text)
    except InvalidInput as error:
        assert "bad date" in str(error)
        return
    assert day.isoformat() == text.strip()


@PROPERTY
@given(day=st.dates(min_value=EARLIEST_DAY, max_value=LATEST_DAY))
def test_every_iso_date_reads_back(day: date) -> None:
    # Days outside 1900..2100 are refused (tests/unit/test_date_arithmetic.py).
    assert parse_date(day.isoformat()) == day


@PROPERTY
@given(text=typed | st.sampled_from([s.value.upper() for s in Stage]))
def test_a_stage_is_one_of_the_stages_or_a_clear_error(text: str) -> None:
    try:
        stage = parse_stage(text)
    except InvalidInput as error:
        assert "stage" in str(error)
        return
    assert stage.value == text.strip().lower()


addresses = st.text(max_size=60) | st.from_regex(
    r"\A(https?://)?(www\.|mobile\.|uk\.)?(linkedin\.com/in/|x\.com/|twitter\.com/|@|mailto:)?"
    r"[A-Za-z0-9_.+@/ -]{0,30}\Z",
    fullmatch=True,
)


@PROPERTY
@given(kind=st.sampled_from(list(ChannelKind)), text=addresses)
def test_an_address_is_normalised_once_and_for_all_or_refused(kind: ChannelKind, text: str) -> None:
    try:
        value = normalise_address(kind, text)
    except InvalidInput:
        return
    assert normalise_address(kind, value) == value


# ---------------------------------------------------------------- contact references

PEOPLE = [
    ("Ann Lee", "ann@example.com"),
    ("Ann Smith", None),
    ("Zoë Ærøskøbing", "zoe@example.org"),
    ("O'Brien, Pat [bold]", None),
    ("100%_sure \\ man", None),
    ("١٢٣ سارة", None),
]


@pytest.fixture(scope="module")
def people_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_database(str(tmp_path_factory.mktemp("references") / "netdeck.db"))
    with database.writing() as session:
        settings_ = load_settings(session)
        for name, email in PEOPLE:
            addresses = {ChannelKind.EMAIL: [email]} if email else {}
            add_contact(
                session,
                ContactFields(name=name, addresses=addresses),
                today=TODAY,
                settings=settings_,
            )
    yield database
    database.close()


@PROPERTY
@given(reference=typed | st.sampled_from([name for name, _ in PEOPLE]).map(str.upper))
def test_a_reference_finds_one_contact_or_says_why_not(
    people_database: Database, reference: str
) -> None:
    with people_database.reading() as session:
        try:
            contact = resolve_contact(session, reference)
        except Ambiguous as error:
            assert len(error.candidates) > 1
            return
        except (NotFound, InvalidInput):
            return
        except NetdeckError as error:  # pragma: no cover - shown in the failure
            raise AssertionError(f"unexpected {type(error).__name__}: {error}") from error
        digits = reference.strip().removeprefix("#")
        if digits.isascii() and digits.isdigit():
            assert contact.id == int(digits)


@settings(max_examples=100, deadline=None)
@given(
    index=st.integers(0, len(PEOPLE) - 1),
    spelling=st.sampled_from(["{id}", "#{id}", " {id} ", "{name}", "{NAME}", "{email}"]),
)
def test_every_contact_is_found_by_its_id_name_and_email(
    people_database: Database, index: int, spelling: str
) -> None:
    name, email = PEOPLE[index]
    assume(email is not None or "email" not in spelling)
    reference = spelling.format(id=index + 1, name=name, NAME=name.upper(), email=email)
    with people_database.reading() as session:
        if reference.strip().startswith("Ann") or reference.startswith("ANN"):
            # "Ann Lee" is exact, "ANN SMITH" too; both names hold "ann".
            assert resolve_contact(session, reference).full_name == name
        else:
            assert resolve_contact(session, reference).id == index + 1

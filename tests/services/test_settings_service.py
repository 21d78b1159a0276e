"""Changing settings: validated, stored, read back as typed values."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from netdeck.domain.errors import InvalidInput, NotFound
from netdeck.domain.settings import Settings
from netdeck.services.settings import change_setting, load_settings
from netdeck.store.database import Database
from netdeck.store.models import Setting
from tests.postgres import every_backend  # noqa: F401  # the database tests run on both backends


def stored_settings(database: Database) -> dict[str, str]:
    with database.reading() as session:
        return dict(session.execute(select(Setting.key, Setting.value)).all())


def test_a_new_database_has_the_defaults(database: Database) -> None:
    with database.reading() as session:
        assert load_settings(session) == Settings()
    assert stored_settings(database) == {}


@pytest.mark.parametrize(
    ("key", "text", "value", "stored"),
    [
        pytest.param("queue-size", " 25 ", 25, "25", id="queue-size"),
        pytest.param("queue_size", "7", 7, "7", id="underscore-key"),
        pytest.param("default-cadence", "2w", 14, "14", id="cadence-stored-in-days"),
        pytest.param("inner-circle-target", "150", 150, "150", id="inner-circle"),
        pytest.param("linkedin-plan", "Premium", "premium", "premium", id="premium"),
        pytest.param("linkedin-notes-per-month", "3", 3, "3", id="notes-per-month"),
        pytest.param("linkedin-notes-per-month", "default", None, "plan", id="plan-notes"),
        pytest.param("my-name", " Sam Rivera ", "Sam Rivera", "Sam Rivera", id="my-name"),
        pytest.param("signature", "Best,\nSam", "Best,\nSam", "Best,\nSam", id="signature"),
        pytest.param("theme", "nord", "nord", "nord", id="theme"),
    ],
)
def test_change_setting_validates_and_persists(
    database: Database, key: str, text: str, value: object, stored: str
) -> None:
    with database.writing() as session:
        assert change_setting(session, key, text) == value

    spec_key = key.replace("_", "-")
    assert stored_settings(database) == {spec_key: stored}
    with database.reading() as session:
        assert getattr(load_settings(session), spec_key.replace("-", "_")) == value


def test_changing_twice_keeps_one_row(database: Database) -> None:
    with database.writing() as session:
        change_setting(session, "queue-size", "20")
    with database.writing() as session:
        change_setting(session, "queue-size", "30")

    assert stored_settings(database) == {"queue-size": "30"}
    with database.reading() as session:
        assert load_settings(session).queue_size == 30


@pytest.mark.parametrize(
    ("key", "text", "error"),
    [
        pytest.param("queue-size", "0", InvalidInput, id="queue-size-zero"),
        pytest.param("default-cadence", "sometimes", InvalidInput, id="bad-cadence"),
        pytest.param("linkedin-plan", "gold", InvalidInput, id="bad-plan"),
        pytest.param("linkedin-note-limit", "300", NotFound, id="replaced-setting"),
        pytest.param("colour", "red", NotFound, id="unknown-setting"),
    ],
)
def test_bad_setting_changes_nothing(
    database: Database,
    row_counts: Callable[[], dict[str, int]],
    key: str,
    text: str,
    error: type[Exception],
) -> None:
    with database.writing() as session:
        change_setting(session, "queue-size", "12")

    with pytest.raises(error), database.writing() as session:
        change_setting(session, key, text)

    assert stored_settings(database) == {"queue-size": "12"}
    assert row_counts()["settings"] == 1


def test_a_bad_stored_value_falls_back_to_the_default(database: Database) -> None:
    with database.writing() as session:
        session.add_all(
            [Setting(key="queue-size", value="lots"), Setting(key="default-cadence", value="45")]
        )

    with database.reading() as session:
        assert load_settings(session) == Settings(default_cadence=45)

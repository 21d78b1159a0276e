"""Who a run acts as: NETDECK_USER, else the deck's setting ``me``, else the login name."""

from __future__ import annotations

import pytest

from netdeck.domain.errors import InvalidInput
from netdeck.domain.settings import parse_setting
from netdeck.domain.users import parse_user_name, resolve_user


def test_the_explicit_user_wins_then_the_setting_then_the_login() -> None:
    assert resolve_user("Alex", "Sam", "root") == "Alex"
    assert resolve_user(None, "Sam", "root") == "Sam"
    assert resolve_user(None, "", "root") == "root"


def test_a_user_name_is_trimmed_and_kept_as_typed() -> None:
    assert parse_user_name("  Alex Kim ") == "Alex Kim"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("   ", "cannot be empty"),
        ("x" * 61, "at most 60 characters"),
        ("Alex\nSam", "one line of printable text"),
    ],
)
def test_a_bad_user_name_is_refused(typed: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_user_name(typed)


def test_the_setting_me_may_be_emptied_back_to_the_login_name() -> None:
    assert parse_setting("me", "  ") == ""
    assert parse_setting("me", "Alex") == "Alex"

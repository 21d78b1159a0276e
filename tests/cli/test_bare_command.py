"""``netdeck`` and ``netdeck --db X`` skip building the parser; they must mean what argparse says."""

from __future__ import annotations

import pytest

from netdeck import cli
from netdeck.cli.parser import build_parser


@pytest.mark.parametrize(
    "argv",
    [[], ["--db", "deck.db"], ["--db=deck.db"], ["--db", "sqlite:///deck.db"]],
    ids=repr,
)
def test_the_bare_command_parses_as_argparse_does(argv):
    fast = cli._bare_tui_args(argv)
    assert fast is not None
    assert vars(fast) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["--db"],
        ["--db="],
        ["--db", "-x"],
        ["--help"],
        ["--version"],
        ["queue"],
        ["--db", "a", "list"],
    ],
    ids=repr,
)
def test_anything_else_goes_through_argparse(argv):
    assert cli._bare_tui_args(argv) is None


def test_a_missing_db_value_is_still_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--db"])
    assert exit_.value.code == 2
    assert "expected one argument" in capsys.readouterr().err


def test_the_draft_channels_offered_are_the_domain_s() -> None:
    """The parser lists draft channels without importing the drafting rules; they must agree."""
    from netdeck.cli.parser import DRAFT_CHANNELS
    from netdeck.domain.draft_channels import DraftChannel

    assert [str(channel) for channel in DRAFT_CHANNELS] == [str(c) for c in DraftChannel]

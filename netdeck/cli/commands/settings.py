"""``settings``: show them all, show one, or change one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from netdeck.cli.commands import api_for
from netdeck.cli.render import render
from netdeck.domain.text import one_line, visible

if TYPE_CHECKING:
    import argparse

    from netdeck.domain.settings import Settings


def cmd_settings(args: argparse.Namespace) -> int:
    from netdeck.domain.settings import setting_spec, setting_value, settings_as_dict

    settings = _settings_after(args)
    if args.key is None:
        render(args, settings_as_dict(settings), _all_settings_text)
        return 0
    spec = setting_spec(args.key)
    value = setting_value(settings, spec.key)
    render(args, {spec.key: value}, lambda _one: [visible(_shown(value))])
    return 0


def _settings_after(args: argparse.Namespace) -> Settings:
    """The settings, once ``KEY VALUE`` (when given) is stored."""
    from netdeck.domain.settings import setting_spec

    if args.key is not None:
        setting_spec(args.key)  # unknown keys fail before the database is opened
    with api_for(args) as api:
        if args.value is not None:
            return api.change_settings({args.key: args.value})
        return api.settings()


def _shown(value: object) -> str:
    """A value as the user types it back: ``plan`` for the plan's number of notes."""
    return "plan" if value is None else str(value)


def _all_settings_text(values: dict[str, object]) -> Iterator[str]:
    from netdeck.domain.settings import SETTING_SPECS

    width = max(len(spec.key) for spec in SETTING_SPECS) + 1
    for spec in SETTING_SPECS:
        yield f"{spec.key:<{width}}{one_line(_shown(values[spec.key])):<16}  {spec.description}"

"""``netdeck`` with no command (or ``netdeck --db X``): open the TUI."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    from types import SimpleNamespace


def cmd_tui(args: argparse.Namespace | SimpleNamespace) -> int:
    from netdeck.tui.launch import run_tui

    return run_tui(getattr(args, "db", None))

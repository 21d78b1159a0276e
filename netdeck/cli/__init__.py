"""The ``netdeck`` command: argparse in, one service call, text or ``--json`` out.

:func:`main` is the console script. Errors a user can cause print one line,
``netdeck: error: ...``, on stderr and exit 1; usage errors exit 2 (argparse).
Nothing in this package holds rules or SQL:

- ``parser.py`` builds the argument parser (the names it lists come from the domain);
- ``commands/`` holds the handlers, one module per area, each one service call;
- ``render.py`` prints a command's value as text or as JSON;
- ``terminal.py`` holds what touches the terminal: the editor, OSC 52, the
  progress line and the checks that keep untrusted text from acting on it.

The daily command, a bare ``netdeck`` (or ``netdeck --db X``), opens the TUI
without importing argparse or json or building the parser: this module imports
only what that path needs (the TUI handler and the argument check), so the TUI's
first frame comes as early as it can.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from netdeck.cli.commands.tui import cmd_tui
from netdeck.cli.terminal import refuse_undecodable
from netdeck.domain.errors import NetdeckError
from netdeck.domain.text import one_line

if TYPE_CHECKING:
    import argparse

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        refuse_undecodable(argv)
    except NetdeckError as error:
        print(f"netdeck: error: {one_line(str(error))}", file=sys.stderr)
        return 1
    args = _bare_tui_args(argv) or _parse(argv)
    try:
        return args.handler(args)
    except NetdeckError as error:
        print(f"netdeck: error: {one_line(str(error))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("netdeck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `netdeck list | head`); not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        # A bug, not bad input: the database rolled back with the failed unit of work.
        _report_unexpected(error, args)
        return 1


def _bare_tui_args(argv: Sequence[str]) -> SimpleNamespace | None:
    """``netdeck`` or ``netdeck --db X`` (the daily command): the arguments argparse would
    give, without importing argparse or building every subcommand."""
    if not argv:
        return SimpleNamespace(handler=cmd_tui, command=None)
    if len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"):
        return SimpleNamespace(handler=cmd_tui, command=None, db=argv[1])
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > len("--db="):
        return SimpleNamespace(handler=cmd_tui, command=None, db=argv[0].removeprefix("--db="))
    return None


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    from netdeck.cli.parser import build_parser

    return build_parser().parse_args(argv)


def _report_unexpected(error: Exception, args: argparse.Namespace | SimpleNamespace) -> None:
    """One line for a bug (an error netdeck did not expect), the traceback to the log."""
    from netdeck.services.error_log import record_unexpected

    command = getattr(args, "command", None) or "(the TUI)"
    log = record_unexpected(error, f"netdeck {command}")
    detail = one_line(str(error), 200)
    where = f"details in {log}" if log is not None else "no log could be written"
    print(
        f"netdeck: error: unexpected {type(error).__name__}"
        f"{': ' + detail if detail else ''} ({where})",
        file=sys.stderr,
    )

"""The CLI fixtures (a command on a fresh or populated database of the test's own),
shared with tests/cli, for the reliability tests that run the real command."""

from __future__ import annotations

from tests.cli.conftest import (  # noqa: F401 (fixtures, found by name)
    data_dir,
    empty_template,
    netdeck,
    populated,
    populated_template,
)

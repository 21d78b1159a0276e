"""Types are checked: mypy passes on the package (configured in pyproject.toml), and
every ``# type: ignore`` names its error code and says why."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

_ERROR = re.compile(r"(?P<path>[^:\s]+\.py):\d+: error: ")
#: ``# type: ignore[code]  # why``: the code, then a comment saying why.
_IGNORE_WITH_REASON = re.compile(r"# type: ignore\[[a-z-]+(, ?[a-z-]+)*\]  # \S")


def test_mypy_passes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [line for line in result.stdout.splitlines() if _ERROR.match(line)]

    assert not errors, "\n".join(errors)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_type_ignore_says_which_error_and_why() -> None:
    bare = [
        f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()}"
        for path in sorted((REPO_ROOT / "netdeck").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "type: ignore" in line and not _IGNORE_WITH_REASON.search(line)
    ]

    assert not bare, "\n".join(bare)

"""The built wheel, installed into a fresh venv, can create and migrate a database.

This is what proves ``migrations/`` ships inside the package: the fresh venv has
no access to the source tree. The wheel is built from a clean copy of the tree
so no stale ``build/`` folder can leak into it (and none is left in the repo).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Netdeck
from tests.conftest import DEFAULT_SNIPPET_NAMES

REPO = Path(__file__).resolve().parents[2]
NOT_SHIPPED = shutil.ignore_patterns(
    ".*", "build", "dist", "*.egg-info", "__pycache__", "tests", "screenshots", "*.db"
)


def run(*command: str | Path, cwd: Path, timeout: float) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={key: value for key, value in os.environ.items() if not key.startswith("NETDECK_")},
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.mark.timeout(600)
def test_the_wheel_installs_into_a_fresh_venv_and_migrates_a_new_database(
    tmp_path: Path,
) -> None:
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=NOT_SHIPPED)
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-w", dist, cwd=source, timeout=300)
    (wheel,) = dist.glob("netdeck-*.whl")

    fresh = tmp_path / "fresh"
    run(sys.executable, "-m", "venv", fresh, cwd=tmp_path, timeout=120)
    run(fresh / "bin" / "python", "-m", "pip", "install", wheel, cwd=tmp_path, timeout=300)

    # The installed package is the wheel's, migration scripts included.
    located = run(
        fresh / "bin" / "python",
        "-c",
        "import netdeck.migrations as m; print(m.__file__)",
        cwd=tmp_path,
        timeout=60,
    )
    package = Path(located.strip()).parent
    assert package.is_relative_to(fresh)
    versions = package / "versions"
    assert (versions / "0001_initial.py").is_file()
    assert (versions / "0002_default_snippets.py").is_file()

    env = Netdeck(tmp_path / "data").environment()

    def installed_netdeck(*args: str) -> str:
        result = subprocess.run(
            [str(fresh / "bin" / "netdeck"), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
        assert (result.returncode, result.stderr) == (0, ""), result.stderr
        return result.stdout

    assert installed_netdeck("--db", str(tmp_path / "x.db"), "queue", "--json") == "[]\n"
    added = installed_netdeck("--db", str(tmp_path / "y.db"), "add", "Ann Lee")
    assert added == "Added #1 Ann Lee (active), due 2026-11-25\n"
    queue = json.loads(installed_netdeck("--db", str(tmp_path / "y.db"), "queue", "--json"))
    assert [(entry["id"], entry["name"]) for entry in queue] == [(1, "Ann Lee")]
    library = json.loads(
        installed_netdeck("--db", str(tmp_path / "y.db"), "snippets", "list", "--json")
    )
    assert sorted(snippet["name"] for snippet in library) == sorted(DEFAULT_SNIPPET_NAMES)

    # Every module of the source tree is in the wheel and imports there (the TUI's
    # screens too: `pip install .` then `netdeck` must not miss a package).
    source_modules = sorted(
        ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for path in (REPO / "netdeck").rglob("*.py")
    )
    imported = run(
        fresh / "bin" / "python",
        "-c",
        "import importlib, pkgutil, netdeck, sys\n"
        "names = ['netdeck'] + [m.name for m in pkgutil.walk_packages(netdeck.__path__, 'netdeck.')]\n"
        "for name in names:\n"
        "    if not name.endswith('__main__') and not name.startswith('netdeck.migrations.'):\n"
        "        importlib.import_module(name)\n"
        "print('\\n'.join(sorted(n for n in names if not n.startswith('netdeck.migrations'))))",
        cwd=tmp_path,
        timeout=120,
    )
    assert imported.split() == source_modules
    # Every stylesheet too (app.tcss, and each screen's beside its module).
    source_styles = sorted(
        p.relative_to(REPO / "netdeck") for p in (REPO / "netdeck").rglob("*.tcss")
    )
    shipped_styles = sorted(p.relative_to(package.parent) for p in package.parent.rglob("*.tcss"))
    assert len(source_styles) > 1
    assert shipped_styles == source_styles


def test_pyproject_lists_every_package() -> None:
    import tomllib

    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    packages = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "netdeck").rglob("__init__.py")
    }
    assert packages <= listed

"""The package's import graph: no module needs one that needs it back.

import-linter's ``acyclic_siblings`` contract (run by tests/services/test_store.py)
checks packages against their siblings; this checks module against module, every
import statement counted (inside functions and under ``TYPE_CHECKING`` too), with
the script developers run to list cycles (``python -m tools.import_cycles``).
"""

from __future__ import annotations

from pathlib import Path

from tools.import_cycles import cycles, import_graph


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph = import_graph()

    assert "netdeck.tui.app" in graph and graph["netdeck.tui.launch"]  # the graph was read
    assert cycles(graph) == []


def test_the_cycle_finder_sees_imports_inside_functions_and_under_type_checking(
    tmp_path: Path,
) -> None:
    package = tmp_path / "netdeck"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "app.py").write_text("def run():\n    from netdeck.launch import start\n")
    (package / "launch.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from netdeck import app\n"
    )
    (package / "alone.py").write_text("from . import app\n")

    assert cycles(import_graph(tmp_path)) == [["netdeck.app", "netdeck.launch"]]


def test_the_scripts_outside_the_package_import_what_exists() -> None:
    """screenshots/ and tools/ import netdeck inside functions: a module that moved would
    only fail when someone next runs them, so every such import is resolved here."""
    import ast
    import importlib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    missing = []
    for script in sorted([*root.glob("screenshots/*.py"), *root.glob("tools/*.py")]):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("netdeck"):
                module = importlib.import_module(node.module or "")
                missing += [
                    f"{script.name}: {node.module}.{alias.name}"
                    for alias in node.names
                    if not hasattr(module, alias.name)
                    and importlib.util.find_spec(f"{node.module}.{alias.name}") is None
                ]
    assert not missing, missing

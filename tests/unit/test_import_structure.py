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

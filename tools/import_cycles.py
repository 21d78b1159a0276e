"""Lists the import cycles in netdeck, counting every import statement.

Module-level imports, imports inside functions and those under
``TYPE_CHECKING`` all count: a cycle through a deferred import is still two
modules that each need the other. Run from the repository root::

    python -m tools.import_cycles

Prints one cycle a line (each as the modules it passes through) and exits 1
if there is any. The import-linter contracts in ``pyproject.toml`` keep the
count at 0; this script says where a new cycle runs when one of them breaks.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "netdeck"


def module_names(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the package, by dotted name (a package by its own name)."""
    names = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def _imported(node: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = module.split(".")
            base = base if is_package else base[:-1]
            base = base[: len(base) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        yield prefix
        for alias in node.names:
            yield f"{prefix}.{alias.name}"


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the package modules it imports, from every import statement in it."""
    modules = module_names(root)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            for target in _imported(node, name, is_package):
                if target in modules and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One shortest cycle through each module that is on any (strongly connected parts)."""
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    for start in sorted(graph):
        path = _shortest_path_back(graph, start)
        if path and frozenset(path) not in seen:
            seen.add(frozenset(path))
            found.append(path)
    return found


def _shortest_path_back(graph: dict[str, set[str]], start: str) -> list[str] | None:
    parents: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for module in frontier:
            for target in sorted(graph[module]):
                if target == start:
                    path = [module]
                    while path[-1] != start:
                        path.append(parents[path[-1]])
                    return list(reversed(path))
                if target not in parents:
                    parents[target] = module
                    following.append(target)
        frontier = following
    return None


def main() -> int:
    found = cycles(import_graph())
    for cycle in found:
        print(" -> ".join([*cycle, cycle[0]]))
    print(f"{len(found)} import cycles")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

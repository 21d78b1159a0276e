"""An import-linter contract type for what a module loads when it is imported.

import-linter's own contracts see every import statement, those inside
functions included, which is right for layers and cycles; but the start-up
path depends on deferring imports: ``netdeck.tui.app`` may load the services
(and SQLAlchemy) in a worker once the first frame is out, as long as nothing
loads them while the first frame is being made. :class:`ImportTimeForbiddenContract`
(``type = "import_time_forbidden"``) follows only the imports that run when a
module is imported (at module level, in class bodies, in ``try`` blocks;
not inside functions, not under ``if TYPE_CHECKING:``), from each source module
through every netdeck module they reach, and fails when one of those imports
a forbidden package. It is registered in ``pyproject.toml`` under
``contract_types``; lint-imports runs from the repository root, which puts
``tools`` on the import path.
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import grimp
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


class ImportTimeForbiddenContract(Contract):
    """``source_modules`` (each a module, not its package) must not load any of
    ``forbidden_modules`` (top-level external packages, or our own modules) at
    import time, directly or through the modules they load."""

    type_name = "import_time_forbidden"

    source_modules = fields.ListField(subfield=fields.StringField())
    forbidden_modules = fields.ListField(subfield=fields.StringField())

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        sources: list[str] = self.source_modules  # type: ignore[assignment]  # set by the field
        forbidden: list[str] = self.forbidden_modules  # type: ignore[assignment]  # likewise
        missing = [name for name in sources if name not in graph.modules]
        if missing:
            raise ValueError(f"source modules not found: {', '.join(missing)}")
        chains = []
        for source in sources:
            for chain in _forbidden_chains(graph, source, tuple(forbidden)):
                chains.append(chain)
                output.verbose_print(verbose, " -> ".join(step[0] for step in chain))
        return ContractCheck(kept=not chains, metadata={"chains": chains})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for chain in check.metadata["chains"]:
            importer, _ = chain[0]
            output.print_error(f"{importer} loads {chain[-1][1]} when it is imported:")
            for step_importer, imported in chain:
                output.print_error(f"    {step_importer} -> {imported}", bold=False)
            output.new_line()


def _forbidden_chains(
    graph: grimp.ImportGraph, source: str, forbidden: tuple[str, ...]
) -> Iterator[list[tuple[str, str]]]:
    """One chain of import-time imports from ``source`` to each forbidden module it reaches."""
    parents: dict[str, str] = {source: ""}
    frontier = [source]
    reported: set[str] = set()
    while frontier:
        following = []
        for module in frontier:
            for imported in sorted(_loaded_at_import(graph, module)):
                if imported in parents:
                    continue
                parents[imported] = module
                hit = next((name for name in forbidden if _within(imported, name)), None)
                if hit is not None:
                    if hit not in reported:
                        reported.add(hit)
                        yield _chain_to(parents, imported)
                    continue
                if _is_ours(graph, imported):
                    following.append(imported)
        frontier = following


def _chain_to(parents: dict[str, str], module: str) -> list[tuple[str, str]]:
    steps = []
    while parents[module]:
        steps.append((parents[module], module))
        module = parents[module]
    return list(reversed(steps))


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _is_ours(graph: grimp.ImportGraph, module: str) -> bool:
    return not graph.is_module_squashed(module) and _source_file(module) is not None


def _loaded_at_import(graph: grimp.ImportGraph, module: str) -> set[str]:
    """The modules ``module`` imports while it is being imported (and their packages)."""
    lines = _import_time_lines(module)
    loaded = set()
    for imported in graph.find_modules_directly_imported_by(module):
        details = graph.get_import_details(importer=module, imported=imported)
        if any(detail["line_number"] in lines for detail in details):
            loaded.add(imported)
            # Importing a.b.c runs a/__init__ and a/b/__init__ first.
            parts = imported.split(".")
            loaded.update(".".join(parts[:end]) for end in range(1, len(parts)))
    loaded.discard(module)
    return {name for name in loaded if name in graph.modules}


@cache
def _source_file(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


@cache
def _import_time_lines(module: str) -> frozenset[int]:
    """Line numbers of the import statements that run when ``module`` is imported."""
    path = _source_file(module)
    if path is None:
        return frozenset()
    lines: set[int] = set()
    for statement in _import_time_statements(ast.parse(path.read_text(encoding="utf-8")).body):
        end = statement.end_lineno or statement.lineno
        lines.update(range(statement.lineno, end + 1))
    return frozenset(lines)


def _import_time_statements(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    for statement in body:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            yield statement
        elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            continue  # runs when called, not when imported
        elif isinstance(statement, ast.If) and _is_type_checking(statement.test):
            yield from _import_time_statements(statement.orelse)
        else:
            for child in ast.iter_child_nodes(statement):
                if isinstance(child, ast.stmt):
                    yield from _import_time_statements([child])
                elif isinstance(child, ast.ExceptHandler | ast.match_case):
                    yield from _import_time_statements(child.body)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )

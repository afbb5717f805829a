"""The import direction of ARCHITECTURE.md: no module imports a layer above its own."""

from __future__ import annotations

import ast
from pathlib import Path

import reportedly

ROOT = Path(reportedly.__file__).parent

LAYERS = {
    0: {"model", "vocabulary", "settings", "ranges", "contract", "relations", "resources"},
    1: {"repair", "ingest", "gazetteer", "places", "entities", "times", "quantities"}
    | {"attribution", "events"}
    | {"tagger", "long_tokens", "loading"},
    2: {"stages"},
    3: {"pipeline"},
    4: {"parallel", "cluster", "batch", "outputs", "evaluation", "training", "corpus", "linking"}
    | {"server"},
    5: {"cli", "cli_corpus", "cli_gazetteer", "cli_links", "cli_serve", "__main__", "__init__"},
}
RANK = {name: rank for rank, names in LAYERS.items() for name in names}

#: Imports that point up today, each to be removed by the issue named.
DEBTS: dict[tuple[str, str], str] = {}


def top(module: str) -> str:
    """The first part under ``reportedly``: ``reportedly.stages.times`` -> ``stages``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def owner(path: Path) -> str:
    relative = path.relative_to(ROOT)
    return relative.parts[0].removesuffix(".py")


def runtime_imports(tree: ast.AST) -> list[str]:
    """Every ``reportedly.*`` module imported, not counting ``if TYPE_CHECKING:`` blocks."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "reportedly":
                found.extend(f"reportedly.{alias.name}" for alias in node.names)
            elif node.module.startswith("reportedly."):
                found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names if a.name.startswith("reportedly."))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def test_every_package_has_a_layer() -> None:
    names = {owner(p) for p in ROOT.rglob("*.py")}
    assert names - set(RANK) == set(), "give the new package a layer in ARCHITECTURE.md"


def test_no_import_points_up_a_layer() -> None:
    upward = set()
    for path in sorted(ROOT.rglob("*.py")):
        here = owner(path)
        for module in runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            there = top(module)
            if there == "__version__":
                continue
            if RANK.get(there, 0) > RANK[here] and (here, there) not in DEBTS:
                upward.add(f"{path.relative_to(ROOT)} imports {module}")
    assert sorted(upward) == []


def test_every_debt_is_still_owed() -> None:
    """A debt paid off is struck from the list, so that it cannot come back unnoticed."""
    seen = set()
    for path in ROOT.rglob("*.py"):
        for module in runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            seen.add((owner(path), top(module)))
    assert set(DEBTS) <= seen

"""The package's layout shows the build's phases: every import points down (content → model → site →
data → sources → the commands on top), no module imports another that imports it back, and no
function runs over 40 lines."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "hakemisto"
LAYERS = {"content": 0, "model": 1, "site": 2, "data": 3, "sources": 4}
"""Each package's place from the bottom; the modules directly in hakemisto/ (cli, serve, runner) are on top."""
TOP = 5
LONGEST = 40


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The hakemisto modules a module imports (at its top, in functions, or for type checking)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("hakemisto"):
                for alias in node.names:
                    candidate = f"{target}.{alias.name}"
                    found.add(candidate if _exists(candidate) else target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("hakemisto"))
    return {m for m in found if m != "hakemisto" and m != name}


def _exists(module: str) -> bool:
    path = ROOT.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in PACKAGE.rglob("*.py")}


def layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS.get(parts[1], TOP) if len(parts) > 2 or parts[1] in LAYERS else TOP


def test_no_module_imports_one_that_imports_it_back() -> None:
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(trail[trail.index(nxt):] + [nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert cycles == []


def test_every_import_points_down() -> None:
    upward = [(source, target) for source, targets in graph().items() for target in targets
              if layer(target) > layer(source)]
    assert upward == []


def test_every_phase_folder_says_what_it_holds() -> None:
    for package in LAYERS:
        doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, package


def test_no_function_over_forty_lines_and_each_says_what_it_does() -> None:
    long, silent = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                where = f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
                if node.end_lineno - node.lineno + 1 > LONGEST:
                    long.append(where)
                if not ast.get_docstring(node) and not node.name.startswith("_") and not _small(node):
                    silent.append(where)
    assert long == []
    assert silent == []


def _small(node: ast.AST) -> bool:
    """A one- or two-line function whose name says it all (a property, a lookup)."""
    return node.end_lineno - node.lineno < 3

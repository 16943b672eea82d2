"""The layout rules the README states, checked on the source so that they stay true."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("api", "talent", "matching")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# `.run` on these is not the graph store's.
OTHER_RUNNERS = {"uvicorn", "subprocess"}


def _modules(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (ROOT / package).rglob("*.py"))


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def store_calls(tree: ast.AST) -> list[int]:
    """Lines that call `.run(...)` on anything but a known non-store runner."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "run"
        and not (isinstance(node.func.value, ast.Name) and node.func.value.id in OTHER_RUNNERS)
    ]


def test_only_repositories_call_the_graph_store() -> None:
    offenders = [
        f"{_name(path)}:{line}"
        for path in _modules(*PRODUCT)
        if path.name != "repository.py"
        for line in store_calls(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == [], "the store is called outside a repository module"


def test_the_store_check_finds_a_call_outside_a_repository() -> None:
    tree = ast.parse("def f(store):\n    return store.run(q.get('x'))\n")
    assert store_calls(tree) == [2]
    assert store_calls(ast.parse("uvicorn.run(app)\n")) == []


@pytest.mark.parametrize("package", [*PRODUCT, "graph", "bench"])
def test_modules_and_functions_stay_small(package: str) -> None:
    too_long = []
    for path in _modules(package):
        source = path.read_text(encoding="utf-8")
        if len(source.splitlines()) > MAX_MODULE_LINES:
            too_long.append(f"{_name(path)}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{_name(path)}:{node.lineno} {node.name}: {length} lines")
    assert too_long == []


# Imports flow api -> matching -> talent -> graph; nothing in the product imports bench or tests.
FORBIDDEN_IMPORTS = {
    "graph": {"api", "talent", "matching", "bench", "tests"},
    "talent": {"api", "matching", "bench", "tests"},
    "matching": {"api", "bench", "tests"},
    "api": {"bench", "tests"},
}


def imported_packages(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN_IMPORTS))
def test_imports_flow_one_way(package: str) -> None:
    offenders = {
        _name(path): sorted(imports & FORBIDDEN_IMPORTS[package])
        for path in _modules(package)
        if (imports := imported_packages(ast.parse(path.read_text(encoding="utf-8"))))
        & FORBIDDEN_IMPORTS[package]
    }
    assert offenders == {}

"""The package layout stays one-way: no import circles between modules or between
packages, and no module imports another module's private names.

Every import counts, including those inside functions and under ``TYPE_CHECKING``:
a circle that only type checkers follow still ties two modules into one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import ad_buyer

PACKAGE = Path(ad_buyer.__file__).parent
ROOT = PACKAGE.parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text(encoding="utf-8"), filename=str(p))
            for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _imports(name: str, tree: ast.Module) -> Iterator[tuple[str, str | None]]:
    """``(module, imported name or None)`` for every ``ad_buyer`` import in ``tree``."""
    package = name if name in _PACKAGES else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("ad_buyer"):
                    yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if not base.startswith("ad_buyer"):
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield (submodule, None) if submodule in MODULES else (base, alias.name)


_PACKAGES = {_module_name(p) for p in PACKAGE.rglob("__init__.py")}


def _owner(module: str) -> str:
    """The module itself, or the nearest enclosing module that exists."""
    while module not in MODULES:
        module = module.rpartition(".")[0]
    return module


def _top_package(module: str) -> str:
    """``ad_buyer.<first part>``: the package (or top-level module) a module belongs to."""
    return ".".join(module.split(".")[:2])


def _module_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, tree in MODULES.items():
        for target, _ in _imports(name, tree):
            owner = _owner(target)
            # A module importing its own package's __init__ is not a circle worth naming.
            if owner != name and not name.startswith(owner + "."):
                graph[name].add(owner)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as exc:
        return list(exc.args[1])
    return []


def test_no_import_circle_between_modules() -> None:
    assert _cycle(_module_graph()) == []


def test_no_import_circle_between_packages() -> None:
    graph: dict[str, set[str]] = {}
    for name, targets in _module_graph().items():
        edges = graph.setdefault(_top_package(name), set())
        edges.update(_top_package(t) for t in targets if _top_package(t) != _top_package(name))
    graph.pop("ad_buyer", None)  # the root package's __init__ only sets quiet defaults
    for edges in graph.values():
        edges.discard("ad_buyer")
    assert _cycle(graph) == []


def _private_imports() -> list[str]:
    found = []
    for name, tree in MODULES.items():
        for target, imported in _imports(name, tree):
            if imported and imported.startswith("_") and not imported.startswith("__"):
                found.append(f"{name} imports {target}.{imported}")
    return found


# Private names of other libraries used on purpose: ``os._exit`` is the documented way
# out of a forked worker (and of the CLI after a run, after ``atexit._run_exitfuncs``
# has run the exit handlers, see cli/main.py); DBOS has no public call for recovering
# another executor's workflows (see durable/recovery.py).
FOREIGN_PRIVATE = {"os._exit", "DBOS._recover_pending_workflows", "atexit._run_exitfuncs"}


def _defined_here(tree: ast.Module) -> set[str]:
    """Private names a module defines itself: functions, class attributes, ``self._x``."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def _private_attribute_uses() -> list[str]:
    """``x._name`` on another object than ``self``/``cls`` where this module does not
    define ``_name``: reaching into another module's object by a private name."""
    found = []
    for name, tree in MODULES.items():
        own = _defined_here(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                    and not node.attr.startswith("__") and node.attr not in own
                    and not (isinstance(node.value, ast.Name)
                             and node.value.id in ("self", "cls"))
                    and ast.unparse(node) not in FOREIGN_PRIVATE):
                found.append(f"{name}:{node.lineno} {ast.unparse(node)}")
    return found


def test_no_module_imports_a_private_name_of_another() -> None:
    assert _private_imports() == []


def test_no_object_is_reached_into_by_a_private_name_from_another_module() -> None:
    assert _private_attribute_uses() == []


def test_the_checks_see_a_circle_and_a_private_import() -> None:
    assert _cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"] or _cycle(
        {"a": {"b"}, "b": {"a"}}) == ["b", "a", "b"]
    tree = ast.parse("from ad_buyer.crew.run import _hidden\n")
    assert list(_imports("ad_buyer.cli.run", tree)) == [("ad_buyer.crew.run", "_hidden")]
    assert len(MODULES) > 100

"""The sandbox is a counterparty, not a mirror: it imports nothing of the buyer's.

Its wire models, money and vocabulary are its own (``sandbox/wire``,
``sandbox/money.py``, ``sandbox/vocabulary.py``), so a buyer bug cannot hide
behind a sandbox that shares it. Two tiny helpers with no seller-world
knowledge are allowed: the lazy package exports and the home-folder path.
"""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import ad_buyer.sandbox

SANDBOX = Path(ad_buyer.sandbox.__file__).parent
ALLOWED_OUTSIDE = ("ad_buyer.lazy_exports", "ad_buyer.storage.home")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_no_sandbox_source_file_imports_a_buyer_package() -> None:
    files = sorted(SANDBOX.rglob("*.py"))
    assert len(files) >= 20
    assert (SANDBOX / "wire" / "reference.py") in files
    offenders = [f"{path.relative_to(SANDBOX)}: {name}" for path in files
                 for name in _imports(path)
                 if name.startswith("ad_buyer.") and not name.startswith("ad_buyer.sandbox")
                 and name not in ALLOWED_OUTSIDE]
    assert offenders == []


def test_loading_every_sandbox_module_loads_no_buyer_module() -> None:
    modules = [m.name for m in pkgutil.walk_packages([str(SANDBOX)], "ad_buyer.sandbox.")]
    assert "ad_buyer.sandbox.wire.native" in modules
    code = ("import importlib, json, sys\n"
            f"for name in {modules!r}:\n"
            "    importlib.import_module(name)\n"
            "print(json.dumps(sorted(sys.modules)))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    loaded = [m for m in json.loads(out.stdout) if m.startswith("ad_buyer.")]
    buyer = [m for m in loaded if not m.startswith("ad_buyer.sandbox")
             and m not in ALLOWED_OUTSIDE and m not in ("ad_buyer.storage",)]
    assert buyer == []

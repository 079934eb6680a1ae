"""The booking path imports no LLM code (CONTRIBUTING: plain Python moves money)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import ad_buyer

FORBIDDEN = ("crewai", "litellm", "ad_buyer.crew", "ad_buyer.llm")
PACKAGE = Path(ad_buyer.__file__).parent


def test_importing_the_orchestrator_loads_no_llm_module() -> None:
    code = (
        "import json, sys\n"
        "import ad_buyer.orchestration.multi_seller, ad_buyer.orchestration.portfolio\n"
        "import ad_buyer.booking.executor, ad_buyer.booking.guards, ad_buyer.booking.outcome\n"
        "import ad_buyer.orchestration.negotiation_stage\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    loaded = json.loads(out.stdout)
    bad = [m for m in loaded if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]
    assert bad == []
    assert "ad_buyer.orchestration.multi_seller" in loaded


def test_no_source_file_on_the_money_path_imports_llm_code() -> None:
    files = [*(PACKAGE / "booking").rglob("*.py"), *(PACKAGE / "orchestration").rglob("*.py")]
    assert len(files) >= 8
    for path in files:
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not any(name == f or name.startswith(f + ".") for f in FORBIDDEN), (
                    f"{path} imports {name}")

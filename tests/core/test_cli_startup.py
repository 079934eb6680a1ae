"""``ad-buyer`` start-up: building the CLI must not import the heavy stacks.

Checked in a fresh interpreter (this test session has imported them already).
"""

import json
import subprocess
import sys

import pytest

HEAVY = ("fastapi", "starlette", "uvicorn", "sqlalchemy", "matplotlib", "ortools", "crewai",
         "litellm", "dbos")


def _loaded_after(code: str) -> set[str]:
    probe = (f"import sys\n{code}\nimport json\n"
             "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("code", [
    "import ad_buyer.cli",
    # --help builds every command, resolving typer's parameter annotations.
    "from typer.main import get_command\nimport ad_buyer.cli\nget_command(ad_buyer.cli.app)",
])
def test_cli_import_skips_heavy_dependencies(code: str) -> None:
    loaded = _loaded_after(code)
    assert "ad_buyer" in loaded
    assert sorted(loaded & set(HEAVY)) == []


def test_probe_detects_a_heavy_import() -> None:
    assert "sqlalchemy" in _loaded_after("import ad_buyer.storage.db")


@pytest.mark.parametrize("package", ["ad_buyer.pacing", "ad_buyer.sandbox"])
def test_lazy_packages_still_export_their_names(package: str) -> None:
    module = __import__(package, fromlist=["__all__"])
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    assert set(module.__all__) <= set(dir(module))
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = module.no_such_name


def test_pacing_mode_keeps_its_engine_import_path() -> None:
    from ad_buyer.pacing import PacingMode
    from ad_buyer.pacing.engine import PacingMode as EngineMode

    assert EngineMode is PacingMode

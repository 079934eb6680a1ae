"""The built wheel carries the crew's definitions and runs from them alone."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_ships_agents_prompts_and_tools_and_loads_them(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True,
        check=False, timeout=180)
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = tmp_path.glob("ad_buyer-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for sub in ("agents", "prompts", "tools"):
        on_disk = {p.name for p in (ROOT / sub).iterdir()}
        packaged = {Path(n).name for n in names if n.startswith(f"ad_buyer/_definitions/{sub}/")}
        assert packaged == on_disk, sub
    templates = ROOT / "src" / "ad_buyer" / "reporting" / "templates"
    assert {Path(n).name for n in names if n.startswith("ad_buyer/reporting/templates/")} \
        == {p.name for p in templates.iterdir()}
    # From the unpacked wheel alone (not this checkout), the crew definitions load.
    code = ("from ad_buyer.definition_files import definitions_root; "
            "from ad_buyer.crew.definitions import load_definitions; "
            "root = definitions_root(); d = load_definitions(root); "
            "print(root); print(len(d.agents), len(d.tools))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "site"),
                                               "PATH": "/usr/bin:/bin"},
                            check=False, timeout=120)
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    root, counts = loaded.stdout.split()[:1], loaded.stdout.split()[1:]
    assert root == [str(tmp_path / "site" / "ad_buyer" / "_definitions")]
    assert counts == [str(len(list((ROOT / "agents").glob("*.yaml")))),
                      str(len(list((ROOT / "tools").glob("*.yaml"))))]
    # ... and the HTML report renders from the templates the wheel ships.
    chart = subprocess.run(
        [sys.executable, "-c", "import ad_buyer.reporting.html as h; "
         "print(h.__file__); print(h.bar_chart_svg('spend', {'ctv': 1_000_000}))"],
        capture_output=True, text=True, cwd=tmp_path, check=False, timeout=120,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"})
    assert chart.returncode == 0, chart.stderr[-2000:]
    where, svg = chart.stdout.split("\n", 1)
    assert where.startswith(str(tmp_path / "site"))
    assert svg.startswith("<svg")
    assert "USD 1.00" in svg

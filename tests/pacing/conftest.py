from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def ad_buyer_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the durable sandbox state and charts of CLI tests out of the working tree."""
    home = tmp_path / "home"
    monkeypatch.setenv("AD_BUYER_HOME", str(home))
    return home

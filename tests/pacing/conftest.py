from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.storage.db import Database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'pacing.db'}")
    yield database
    database.dispose()


@pytest.fixture
def bus() -> InMemoryEventBus:
    return InMemoryEventBus()


@pytest.fixture(autouse=True)
def ad_buyer_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the durable sandbox state and charts of CLI tests out of the working tree."""
    home = tmp_path / "home"
    monkeypatch.setenv("AD_BUYER_HOME", str(home))
    return home

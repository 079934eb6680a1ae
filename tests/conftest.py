"""Every test runs hermetic: its own home folder and database, the offline model.

A developer's environment must not leak into tests (a provider key would turn
"auto" into a real LLM; a home folder would mix test deals into their sandbox),
and tests must not write into the working tree.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ad_buyer.events.bus import InMemoryEventBus
    from ad_buyer.storage.db import Database

PROVIDER_KEYS = ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "AZURE_API_KEY", "GEMINI_API_KEY",
                 "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
BUYER_SETTINGS = ("AD_BUYER_DATABASE_URL", "AD_BUYER_REGISTRY_URL", "AD_BUYER_API_KEY",
                  "AD_BUYER_MANAGER_MODEL", "AD_BUYER_SPECIALIST_MODEL")


@pytest.fixture(autouse=True)
def hermetic_environment(tmp_path_factory: pytest.TempPathFactory,
                         monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("ad-buyer-home")
    monkeypatch.setenv("AD_BUYER_HOME", str(home))
    monkeypatch.setenv("AD_BUYER_LLM", "offline")
    for name in BUYER_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    if os.environ.get("AD_BUYER_RECORD") != "1":  # recording cassettes needs a real key
        for name in PROVIDER_KEYS:
            monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway Postgres cluster for the session (Debian's ``postgresql`` binaries),
    skipped with the reason where it cannot start here; yields a database URL on it."""
    from postgres_cluster import ClusterUnavailable, postgres_cluster

    cluster = postgres_cluster()
    try:
        url = cluster.__enter__()
    except ClusterUnavailable as exc:
        pytest.skip(f"no Postgres for this test: {exc}")
    try:
        yield url
    finally:
        cluster.__exit__(None, None, None)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """An empty Postgres database of its own for one test."""
    from postgres_cluster import fresh_database

    with fresh_database(postgres_server) as url:
        yield url


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A SQLite database of the test's own, closed after it."""
    from ad_buyer.storage.db import Database

    database = Database(f"sqlite:///{tmp_path / 'buyer.db'}")
    yield database
    database.dispose()


@pytest.fixture
def bus() -> InMemoryEventBus:
    from ad_buyer.events.bus import InMemoryEventBus

    return InMemoryEventBus()

"""The buyer's own tables on Postgres, table creation under concurrency (a worker
opens the database from several runs at once), and whether a run's process on
another machine is alive."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ad_buyer.durable.liveness import executor_alive, executor_lease
from ad_buyer.pacing.store import PacingMeasurementRow, PacingStore
from ad_buyer.storage.db import Database


def test_a_postgres_url_without_a_driver_uses_psycopg(postgres_url: str) -> None:
    bare = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    db = Database(bare)
    try:
        assert db.engine.dialect.driver == "psycopg"
        assert db.url == postgres_url
    finally:
        db.dispose()


def test_money_beyond_32_bits_is_kept_on_postgres(postgres_url: str) -> None:
    db = Database(postgres_url)
    spend = 3_500_000_000_000  # $3.5M in micros: far past a 32-bit integer
    try:
        store = PacingStore(db)
        store.add_measurement(PacingMeasurementRow(
            run_id="r", seller_url="http://s", deal_id="d", as_of=datetime.now(UTC),
            impressions=250_000_000_000, spend_micros=spend, booked_impressions=10**12,
            seller_status="active", accepted=True))
        [row] = store.measurements("r")
        assert (row.spend_micros, row.impressions) == (spend, 250_000_000_000)
    finally:
        db.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_many_runs_opening_a_new_database_at_once_all_get_its_tables(
        kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    url = (request.getfixturevalue("postgres_url") if kind == "postgres"
           else f"sqlite:///{tmp_path / 'b.db'}")

    def open_and_use(_n: int) -> int:
        db = Database(url)
        try:
            return len(PacingStore(db).measurements("nobody"))
        finally:
            db.dispose()

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(open_and_use, range(8))) == [0] * 8


def test_a_run_on_another_machine_is_alive_while_its_process_holds_its_lease(
        postgres_url: str) -> None:
    remote = "another-host:4242"
    assert not executor_alive(remote)  # without a shared Postgres it cannot be known
    assert not executor_alive(remote, postgres_url)  # no process holds its lease
    with executor_lease(postgres_url, remote):
        assert executor_alive(remote, postgres_url)
    assert not executor_alive(remote, postgres_url)  # its session ended: it is gone

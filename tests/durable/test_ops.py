"""What the durable side is doing, as `ad-buyer workers`, `runs --state`, `/ops` and
`/metrics` show it: queue depth, live workers, runs by state, requests per seller."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner
from worker_processes import Worker, wait_for

from ad_buyer.api.app import create_app
from ad_buyer.api.service import BuyerService
from ad_buyer.cli import app
from ad_buyer.clients.seller_slots import installed
from ad_buyer.durable.ops import seller_requests_in_flight, snapshot
from ad_buyer.orchestration.seller_performance import SellerStatsRow
from ad_buyer.storage.db import Database

runner = CliRunner()
BRIEF = ("Campaign: Ops {n}. Budget $5k, flight July 1 - Sept 30 2027. Audio only, adults "
         "18-34 in the US. Goal: awareness. Max $20 CPM.")


def _cli(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_queue_depth_and_runs_by_state(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'ops.db'}"
    _cli("enqueue", BRIEF.format(n=1), BRIEF.format(n=2), "--db", db)
    out = _cli("runs", "--state", "--db", db)
    assert "queued 2" in out
    assert "queue depth: 2 run(s) waiting" in out
    now = snapshot(Database(db))
    assert now.queue_depth == 2
    assert now.runs_by_state == {"queued": 2}
    assert now.live_workers == 0


def test_requests_in_flight_per_seller_count_every_holder(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'slots.db'}")
    seller = "http://127.0.0.1:9/sellers/streamwave"
    with db.session() as s:
        s.add(SellerStatsRow(seller_url=seller, quotes_requested=1, quotes_received=1,
                             bookings=0, booking_failures=0, booked_impressions=0,
                             delivered_impressions=0, expected_impressions=0))
    assert seller_requests_in_flight(db, 4) == {seller: 0}
    with installed(db.url, 4) as gate:
        first = gate._try(seller)
        second = gate._try(seller)
        assert first is not None
        assert second is not None
        assert seller_requests_in_flight(db, 4) == {seller: 2}
        gate._release(seller, first)
        assert seller_requests_in_flight(db, 4) == {seller: 1}
        gate._release(seller, second)
    assert seller_requests_in_flight(db, 4) == {seller: 0}


@pytest.mark.server
async def test_a_worker_is_live_while_it_runs_and_gone_once_killed(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    worker = Worker(db, tmp_path / "machine")
    try:
        wait_for(lambda: "Stop with Ctrl-C" in worker.output(), 90, "the worker to start",
                 [worker])
        out = _cli("workers", "--db", db)
        assert re.search(rf"/[0-9a-f]{{12}}:{worker.pid} live", out), out
        assert "live workers: 1" in out
        # Every worker line starts with its time.
        assert re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ worker ", worker.output())
        service = BuyerService(db)
        api = create_app(service)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api),
                                     base_url="http://api.test") as client:
            ops = (await client.get("/ops")).json()
            assert ops["live_workers"] == 1
            metrics = (await client.get("/metrics")).text
            assert "ad_buyer_live_workers 1.0" in metrics
            assert "ad_buyer_queue_depth 0.0" in metrics
        worker.kill()  # SIGKILL: its presence row stays, but it is not alive
        out = _cli("workers", "--db", db)
        assert re.search(rf"/[0-9a-f]{{12}}:{worker.pid} gone", out), out
        assert "live workers: 0" in out
    finally:
        worker.kill()


def test_worker_log_records_start_with_their_utc_time() -> None:
    import logging

    from ad_buyer.durable.worker_console import _UtcFormatter

    record = logging.LogRecord("ad_buyer.durable.recovery", logging.INFO, __file__, 1,
                               "recovered %d run(s)", (2,), None)
    line = _UtcFormatter("%(asctime)s %(name)s: %(message)s").format(record)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ad_buyer.durable.recovery: "
                        r"recovered 2 run\(s\)", line), line

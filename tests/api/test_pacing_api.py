"""Pacing through the API: status, and manual-mode recommendations approved or rejected,
against fake sellers (as ``ad-buyer pace approve/reject`` is tested)."""

from __future__ import annotations

from pathlib import Path

import httpx

from ad_buyer.api.app import create_app
from ad_buyer.api.service import BuyerService
from ad_buyer.pacing.engine import PacingEngine
from ad_buyer.storage.db import Database
from pacing.fake_seller import FakeNetwork, FakeSeller
from pacing.helpers import CPM, A, B, C, day, plan


async def test_pacing_status_approve_and_reject(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pace.db'}"
    net = FakeNetwork(FakeSeller(A, CPM, answers={"increase_delivery": "rejected"}),
                      FakeSeller(B, CPM), FakeSeller(C, CPM))
    engine = PacingEngine.start(plan(), Database(url), clients=net.client)
    net.sellers[A].spend["a1"] = 1_600_000_000
    net.sellers[B].spend["b1"] = 5_600_000_000
    net.sellers[C].spend["c1"] = 4_000_000_000
    await engine.run_cycle(day(4).date())
    await engine.aclose()
    # Pacing needs no durable engine: the app is used without its lifespan.
    app = create_app(BuyerService(url, pacing_clients=net.client))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://api.test") as client:
        status = (await client.get(f"/runs/{engine.run_id}/pacing")).json()
        assert status["mode"] == "manual"
        assert {line["level"] for line in status["lines"]} >= {"deal", "campaign"}
        pending = {r["kind"]: r["id"] for r in status["recommendations"]
                   if r["status"] == "pending"}
        assert {"increase_delivery", "throttle_delivery"} <= set(pending)
        assert not any(s.received for s in net.sellers.values())  # nothing moved yet

        refused = await client.post(
            f"/pacing/recommendations/{pending['increase_delivery']}/approve",
            headers={"Idempotency-Key": "approve-1"})
        assert refused.status_code == 200
        assert refused.json()["outcome"] == "rejected"  # the seller said no
        rejected = await client.post(
            f"/pacing/recommendations/{pending['throttle_delivery']}/reject",
            json={"reason": "keep the pace"})
        assert rejected.json() == {"id": pending["throttle_delivery"], "outcome": "rejected"}
        assert not net.sellers[B].received  # a rejection sends nothing
        again = await client.post(
            f"/pacing/recommendations/{pending['throttle_delivery']}/approve")
        assert again.status_code == 409
        assert "not pending" in again.json()["message"]
        replayed = await client.post(
            f"/pacing/recommendations/{pending['increase_delivery']}/approve",
            headers={"Idempotency-Key": "approve-1"})
        assert replayed.json() == refused.json()


async def test_pacing_tools_over_mcp(tmp_path: Path) -> None:
    from mcp.shared.memory import create_connected_server_and_client_session

    from ad_buyer.mcp_server.server import build_mcp

    url = f"sqlite:///{tmp_path / 'pace-mcp.db'}"
    net = FakeNetwork(FakeSeller(A, CPM), FakeSeller(B, CPM), FakeSeller(C, CPM))
    engine = PacingEngine.start(plan(), Database(url), clients=net.client)
    net.sellers[A].spend["a1"] = 1_600_000_000
    net.sellers[B].spend["b1"] = 5_600_000_000
    net.sellers[C].spend["c1"] = 4_000_000_000
    await engine.run_cycle(day(4).date())
    await engine.aclose()
    server = build_mcp(BuyerService(url, pacing_clients=net.client))
    async with create_connected_server_and_client_session(server) as session:
        status = await session.call_tool("pacing_status", {"run_id": engine.run_id})
        assert not status.isError, status.content
        assert status.structuredContent is not None
        pending = [r for r in status.structuredContent["recommendations"]
                   if r["status"] == "pending"]
        assert pending
        rejected = await session.call_tool("reject_recommendation",
                                           {"recommendation_id": pending[0]["id"]})
        assert rejected.structuredContent == {"id": pending[0]["id"], "outcome": "rejected"}
        again = await session.call_tool("approve_recommendation",
                                        {"recommendation_id": pending[0]["id"]})
        assert again.isError  # decided already: nothing is sent
        unknown = await session.call_tool("run_status", {"run_id": "nope"})
        assert unknown.isError
    assert not any(s.received for s in net.sellers.values())

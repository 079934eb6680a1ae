"""The MCP server through the SDK's own client, over stdio (``ad-buyer mcp``) and over
Streamable HTTP (``/mcp`` on the API): list tools, plan, revise, and book only after
the planner's confirmation, checked at the sandbox sellers."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

from ad_buyer.api.security import ApiKeys
from ad_buyer.crew.buyer import desks_for_sandbox
from ad_buyer.mcp_server.mounted import build_app
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox, running_sandbox

from .conftest import BRIEF, GAPPY_BRIEF, REFERENCE, sandbox_deals
from .test_live_server import LiveServer

pytestmark = pytest.mark.server

TOOLS = {"read_brief", "plan_campaign", "revise_plan", "book_plan", "run_status",
         "explain_run", "pacing_status", "approve_recommendation", "reject_recommendation",
         "list_sellers"}
TIMEOUT = timedelta(seconds=300)


async def _call(session: ClientSession, tool: str, **arguments: Any) -> dict[str, Any]:
    result = await session.call_tool(tool, arguments, read_timeout_seconds=TIMEOUT)
    assert not result.isError, result.content
    assert result.structuredContent is not None
    return result.structuredContent


async def plan_revise_book(session: ClientSession, network: SandboxNetwork) -> None:
    """What an assistant does for a planner, checked at the sellers."""
    await session.initialize()
    listed = await session.list_tools()
    assert {tool.name for tool in listed.tools} >= TOOLS
    book_tool = next(tool for tool in listed.tools if tool.name == "book_plan")
    assert "confirm" in (book_tool.description or "")
    assert set(book_tool.inputSchema["required"]) == {"plan_id", "confirmation"}

    gaps = await _call(session, "plan_campaign", brief=GAPPY_BRIEF)
    assert gaps["plan"] is None
    assert {"budget", "flight_dates"} <= {g["field"] for g in gaps["reading"]["gaps"]}

    made = await _call(session, "plan_campaign", brief=BRIEF, reference_date=REFERENCE)
    plan = made["plan"]
    assert plan["deals"]
    revised = await _call(session, "revise_plan", plan_id=plan["id"],
                          revision="cap CPM at $25")
    assert revised["plan"]["max_cpm_micros"] == 25_000_000
    assert all(d["cpm_micros"] <= 25_000_000 for d in revised["plan"]["deals"])

    for answer in ("", "no", "sure", "book it"):
        refused = await _call(session, "book_plan", plan_id=plan["id"], confirmation=answer)
        assert refused["booked"] is False
    assert sandbox_deals(network) == []

    booked = await _call(session, "book_plan", plan_id=plan["id"], confirmation="yes")
    assert booked["booked"] is True
    run = booked["booking"]["run"]
    booked_ids = {d["deal_id"] for d in run["deals"] if d["status"] == "booked"}
    assert booked_ids
    assert booked_ids == {d.deal.deal_id for d in sandbox_deals(network)}
    again = await _call(session, "book_plan", plan_id=plan["id"], confirmation="confirm")
    assert again["booked"] is False
    assert again["booking"]["run_id"] == booked["booking"]["run_id"]
    assert len(sandbox_deals(network)) == len(booked_ids)

    status = await _call(session, "run_status", run_id=run["id"])
    assert status["committed_micros"] == run["committed_micros"]
    explained = await _call(session, "explain_run", run_id=run["id"])
    assert explained["entries"]
    report = await session.read_resource(f"run://{run['id']}/report")  # type: ignore[arg-type]
    assert "<svg" in report.contents[0].text  # type: ignore[union-attr]


@pytest.fixture
def served_sandbox() -> Iterator[SandboxNetwork]:
    with running_sandbox() as network:
        yield network


async def test_mcp_over_stdio(tmp_path: Path, served_sandbox: SandboxNetwork) -> None:
    env = dict(os.environ, AD_BUYER_LLM="offline")
    params = StdioServerParameters(
        command=sys.executable, args=["-c", "from ad_buyer.cli import app; app()", "mcp", "--db",
                                  f"sqlite:///{tmp_path / 'mcp.db'}", "--registry-url",
                                  served_sandbox.registry_url], env=env)
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await plan_revise_book(session, served_sandbox)


async def test_mcp_over_streamable_http(tmp_path: Path) -> None:
    network = in_process_sandbox()
    app = build_app(f"sqlite:///{tmp_path / 'mcp-http.db'}", keys=ApiKeys.from_env("k1"),
                    network=lambda _url, bus: desks_for_sandbox(bus, network))
    with LiveServer(app) as url:
        async with httpx.AsyncClient(timeout=300) as bare:
            assert (await bare.post(f"{url}/mcp", json={})).status_code == 401
        async with httpx.AsyncClient(headers={"Authorization": "Bearer k1"},
                                     timeout=300) as http, \
                streamable_http_client(f"{url}/mcp", http_client=http) as (read, write, _), \
                ClientSession(read, write) as session:
            await plan_revise_book(session, network)

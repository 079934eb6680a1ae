"""End to end on the offline model against the in-process sandbox (real HTTP via ASGI)."""

from __future__ import annotations

from typing import Any

import pytest

from ad_buyer.crew.buyer import OrchestratorChannelBuyer, buyer_for_sandbox
from ad_buyer.crew.log_html import export_html
from ad_buyer.crew.run import run_campaign
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.events.log import RationaleLog, RunStatus
from ad_buyer.models.brief import Channel
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox
from ad_buyer.storage.db import Database

from .conftest import REFERENCE

OFFLINE = {"AD_BUYER_LLM": "offline"}
BRIEF = """Campaign: Summer Sips 2026
Budget $250k, flight July 1 - Sept 30 2026. CTV and audio/podcast, adults 25-54 in the US.
Goal: awareness. Max $45 CPM. PD or PG."""


@pytest.fixture
def network() -> SandboxNetwork:
    return in_process_sandbox()


@pytest.fixture
def bus() -> InMemoryEventBus:
    return InMemoryEventBus()


@pytest.fixture
def buyer(network: SandboxNetwork, bus: InMemoryEventBus) -> OrchestratorChannelBuyer:
    return buyer_for_sandbox(bus, network)


def booked_at_sandbox(network: SandboxNetwork, urls: set[str]) -> list[Any]:
    return [deal for url in urls for deal in network.booked_deals(url)]


def test_offline_crew_buys_within_the_approved_allocation(
        buyer: OrchestratorChannelBuyer, bus: InMemoryEventBus, network: SandboxNetwork,
        db: Database) -> None:
    result = run_campaign(BRIEF, buyer=buyer, db=db, bus=bus, env=OFFLINE,
                          reference_date=REFERENCE)
    assert result.status is RunStatus.COMPLETED, result.report
    assert "offline" in result.manager_model
    assert "not an LLM" in result.specialist_model
    assert result.allocation is not None
    assert {r.channel for r in result.channel_results} == {Channel.CTV, Channel.AUDIO}
    for channel_result in result.channel_results:
        approved = result.allocation.amount_for(channel_result.channel)
        assert 0 < channel_result.committed_micros <= approved
        assert channel_result.booked
    assert result.committed_micros <= result.brief.budget_micros  # type: ignore[union-attr]
    # What the log says was booked is what the sellers hold.
    lines = [line for r in result.channel_results for line in r.booked]
    sellers = {line["seller_url"] for line in lines}
    assert len(booked_at_sandbox(network, sellers)) == len(lines)
    for line in lines:
        assert line["cpm_micros"] <= 45_000_000

    run = RationaleLog(db).get_run(result.run_id)
    assert run.status == "completed"
    assert "offline" in run.manager_model
    delegations = [e for e in run.entries if e.kind == "delegation"]
    assert [d.summary for d in delegations] == ["delegate ctv to CTV Specialist",
                                                "delegate audio to Audio Specialist"]
    for delegation in delegations:
        kinds = {e.kind for e in run.children(delegation.id)}
        assert {"tool_call", "guard", "booking"} <= kinds
    decisions = [e for e in run.entries if e.kind == "decision" and e.prompt_tokens]
    assert decisions
    assert all(e.cost_micros == 0 for e in decisions)
    assert any(e.data.get("event_type") == "deal.booked" for e in run.entries)
    negotiations = [e for e in run.entries if e.kind == "negotiation"]
    assert negotiations, "agency-tier quotes are negotiated"
    assert all(e.parent_id in {d.id for d in delegations} for e in negotiations)
    html = export_html(run)
    assert "Allocation by channel" in html
    assert "ctv" in html
    assert "<svg" in html


def test_brief_with_gaps_stops_before_any_seller_call(
        buyer: OrchestratorChannelBuyer, bus: InMemoryEventBus, network: SandboxNetwork,
        db: Database) -> None:
    result = run_campaign("Some CTV for adults 25-54 please", buyer=buyer, db=db, bus=bus,
                          env=OFFLINE, reference_date=REFERENCE)
    assert result.status is RunStatus.BLOCKED
    assert result.gap is not None
    assert result.gap.fields == ["budget", "flight_dates"]
    assert "budget (missing)" in result.report
    assert bus.events == []  # no discovery, no quote, no booking
    run = RationaleLog(db).get_run(result.run_id)
    assert run.status == "blocked"
    assert "flight_dates (missing)" in run.outcome

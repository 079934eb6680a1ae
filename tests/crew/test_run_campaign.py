"""End to end on the offline policy against the in-process sandbox (real HTTP via ASGI)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ad_buyer.crew.buyer import desks_for_sandbox
from ad_buyer.crew.run import run_campaign
from ad_buyer.crew.tooling import DeskFactory
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.events.log import RationaleLog, RunStatus
from ad_buyer.models.brief import Channel
from ad_buyer.reporting.html import export_html
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
def desks(network: SandboxNetwork, bus: InMemoryEventBus) -> DeskFactory:
    return desks_for_sandbox(bus, network)


def booked_at_sandbox(network: SandboxNetwork, urls: set[str]) -> list[Any]:
    return [deal for url in urls for deal in network.booked_deals(url)]


def test_offline_crew_buys_within_the_approved_allocation(
        desks: DeskFactory, bus: InMemoryEventBus, network: SandboxNetwork,
        db: Database) -> None:
    result = run_campaign(BRIEF, desks=desks, db=db, bus=bus, env=OFFLINE,
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
    # Each channel is delegated to shop, then again to book what the manager approved.
    assert [d.summary for d in delegations] == [
        "delegate ctv to CTV Specialist", "delegate ctv to CTV Specialist",
        "delegate audio to Audio Specialist", "delegate audio to Audio Specialist"]
    booking_parents = {e.parent_id for e in run.entries if e.kind == "booking"
                       and "event_type" not in e.data}
    assert booking_parents == {delegations[1].id, delegations[3].id}
    for delegation in delegations:
        kinds = {e.kind for e in run.children(delegation.id)}
        assert {"tool_call", "llm_call"} <= kinds
    reviews = [e for e in run.entries if e.kind == "tool_call"
               and e.data["tool"] == "review_proposal"]
    assert [e.data["arguments"]["decision"] for e in reviews] == ["approve", "approve"]
    calls = [e for e in run.entries if e.kind == "llm_call"]
    assert calls
    assert all(e.cost_micros == 0 for e in calls)
    assert {e.agent for e in calls} == {"Portfolio Manager", "CTV Specialist",
                                        "Audio Specialist"}
    assert any(e.data.get("event_type") == "deal.booked" for e in run.entries)
    negotiations = [e for e in run.entries if e.kind == "negotiation"]
    assert negotiations, "agency-tier quotes are negotiated"
    assert all(e.parent_id in {d.id for d in delegations} for e in negotiations)
    html = export_html(run)
    assert "Allocation by channel" in html
    assert "ctv" in html
    assert "<svg" in html


def test_the_log_is_the_models_trace_in_order(desks: DeskFactory, bus: InMemoryEventBus,
                                                db: Database) -> None:
    """Every tool call follows the model call that asked for it; nothing is pre-written."""
    result = run_campaign(BRIEF, desks=desks, db=db, bus=bus, env=OFFLINE,
                          reference_date=REFERENCE)
    run = RationaleLog(db).get_run(result.run_id)
    pending: dict[str, list[dict[str, str]]] = {}
    for entry in run.entries:
        if entry.kind == "llm_call":
            pending[entry.agent] = list(entry.data["tool_calls"])
        elif entry.kind == "delegation":
            # The delegation's rationale is the manager's own instructions, verbatim.
            asked = json.loads(pending["Portfolio Manager"][0]["arguments"])
            assert entry.agent == "Portfolio Manager"
            assert entry.rationale == asked["instructions"]
        elif entry.kind == "tool_call":
            assert pending[entry.agent][0]["tool"] == entry.data["tool"], entry.summary
            pending[entry.agent] = pending[entry.agent][1:]


def test_brief_with_gaps_stops_before_any_seller_call(
        desks: DeskFactory, bus: InMemoryEventBus, network: SandboxNetwork,
        db: Database) -> None:
    result = run_campaign("Some CTV for adults 25-54 please", desks=desks, db=db, bus=bus,
                          env=OFFLINE, reference_date=REFERENCE)
    assert result.status is RunStatus.BLOCKED
    assert result.gap is not None
    assert result.gap.fields == ["budget", "flight_dates"]
    assert "budget (missing)" in result.report
    assert bus.events == []  # no discovery, no quote, no booking
    run = RationaleLog(db).get_run(result.run_id)
    assert run.status == "blocked"
    assert "flight_dates (missing)" in run.outcome

"""Each run limit stops a run cleanly, with its name (issue 17): tool calls per run,
delegations per channel, and model cost in USD (litellm's price of each call)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ad_buyer.crew.buyer import desks_for_sandbox
from ad_buyer.crew.run import CampaignRunResult, run_campaign
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.events.log import EntryKind, RationaleLog, RunRecord, RunStatus
from ad_buyer.guards.run_limits import EffortLimits, RunLimitReached
from ad_buyer.llm.metering import CallMeter, ModelCall, ModelLimitReached, RunLimits
from ad_buyer.sandbox.testing import in_process_sandbox
from ad_buyer.storage.db import Database

from .conftest import REFERENCE
from .loopback_llm import LOOPBACK_NATIVE_MODEL, LoopbackLLMServer
from .loopback_llm import register_loopback_models as register_models

BRIEF = """Campaign: Summer Sips 2026
Budget $250k, flight July 1 - Sept 30 2026. CTV and audio/podcast, adults 25-54 in the US.
Goal: awareness. Max $45 CPM. PD or PG."""


def run(tmp_path: Path, env: dict[str, str]) -> tuple[CampaignRunResult, RunRecord, int]:
    db = Database(f"sqlite:///{tmp_path / 'run.db'}")
    network, bus = in_process_sandbox(), InMemoryEventBus()
    try:
        result = run_campaign(BRIEF, desks=desks_for_sandbox(bus, network), db=db, bus=bus,
                              reference_date=REFERENCE, env={"AD_BUYER_LLM": "offline", **env})
        record = RationaleLog(db).get_run(result.run_id)
    finally:
        db.dispose()
    deals = sum(len(network.active_deals(url)) for url in network.seller_urls)
    return result, record, deals


def assert_stopped_by(result: CampaignRunResult, record: RunRecord, limit: str) -> None:
    assert result.status is RunStatus.STOPPED, result.report
    assert record.status == "stopped"
    assert result.report.startswith("run stopped: the run reached its limit of ")
    assert f"({limit}" in result.report.splitlines()[0]
    [stop] = [e for e in record.entries
              if e.kind == EntryKind.DECISION and e.summary.startswith("run stopped")]
    assert stop.summary == f"run stopped: {limit}"


def test_the_tool_call_limit_stops_the_run_with_its_name(tmp_path: Path) -> None:
    result, record, deals = run(tmp_path, {"AD_BUYER_MAX_TOOL_CALLS": "5"})
    assert_stopped_by(result, record, "AD_BUYER_MAX_TOOL_CALLS")
    tools = [e for e in record.entries if e.kind == EntryKind.TOOL_CALL]
    assert len([t for t in tools if t.data["ok"]]) <= 5
    assert deals == 0  # five calls cannot reach a booking


def test_the_delegation_limit_stops_the_run_with_its_name(tmp_path: Path) -> None:
    result, record, _ = run(tmp_path, {"AD_BUYER_MAX_DELEGATIONS_PER_CHANNEL": "1"})
    assert_stopped_by(result, record, "AD_BUYER_MAX_DELEGATIONS_PER_CHANNEL")
    delegated = [e.data["channel"] for e in record.entries if e.kind == EntryKind.DELEGATION]
    assert len(delegated) == len(set(delegated))  # no channel was handed over twice
    # What was booked before the stop is kept and counted.
    booked = sum(int(line["cost_micros"]) for r in result.channel_results
                 for line in r.booked)
    assert result.committed_micros == booked


def test_limits_from_the_environment_are_checked() -> None:
    limits = EffortLimits.from_env({"AD_BUYER_MAX_TOOL_CALLS": "2",
                                    "AD_BUYER_MAX_DELEGATIONS_PER_CHANNEL": "1"})
    limits.count_tool_call()
    limits.count_tool_call()
    with pytest.raises(RunLimitReached, match="limit of 2 tool calls") as info:
        limits.count_tool_call()
    assert info.value.limit == "AD_BUYER_MAX_TOOL_CALLS"
    limits.count_delegation("ctv")
    limits.count_delegation("audio")
    with pytest.raises(RunLimitReached, match="limit of 1 delegations of ctv"):
        limits.count_delegation("ctv")
    for bad in ("0", "many"):
        with pytest.raises(ValueError, match="AD_BUYER_MAX_TOOL_CALLS"):
            EffortLimits.from_env({"AD_BUYER_MAX_TOOL_CALLS": bad})
    assert RunLimits.from_env({"AD_BUYER_MAX_MODEL_COST_USD": "2.50"}).max_cost_usd == \
        Decimal("2.50")
    for bad in ("0", "-1", "lots", "nan"):
        with pytest.raises(ValueError, match="AD_BUYER_MAX_MODEL_COST_USD"):
            RunLimits.from_env({"AD_BUYER_MAX_MODEL_COST_USD": bad})


def test_the_meter_stops_at_the_cost_limit() -> None:
    from ad_buyer.llm.gateway import ModelChoice, ModelTier

    choice = ModelChoice(ModelTier.MANAGER, "openai/x", False, "x")
    meter = CallMeter(RunLimits(max_cost_usd=Decimal("0.05")))
    meter.record(ModelCall(agent="pm", choice=choice, prompt_tokens=10, completion_tokens=1,
                           cost_usd=Decimal("0.06"), duration_ms=1, decision="x"))
    with pytest.raises(ModelLimitReached, match=r"limit of 0\.05 USD of model cost") as info:
        meter.check()
    assert info.value.limit == "AD_BUYER_MAX_MODEL_COST_USD"


@pytest.fixture
def priced_loopback_model() -> Iterator[str]:
    """The loopback model with a price litellm knows, restored afterwards."""
    import litellm

    route = register_models()
    before = dict(litellm.model_cost.get(route, {}))
    litellm.register_model({route: {**before, "input_cost_per_token": 0.0001,
                                    "output_cost_per_token": 0.0002}})
    yield route
    litellm.model_cost[route] = before
    litellm.model_cost.pop(LOOPBACK_NATIVE_MODEL, None)


@pytest.mark.server
def test_the_model_cost_limit_stops_the_run_with_its_name(
        tmp_path: Path, priced_loopback_model: str) -> None:
    with LoopbackLLMServer() as server:
        env: dict[str, Any] = {
            "AD_BUYER_LLM": "litellm", "AD_BUYER_MANAGER_MODEL": priced_loopback_model,
            "AD_BUYER_SPECIALIST_MODEL": priced_loopback_model,
            "OPENAI_API_BASE": server.api_base, "OPENAI_BASE_URL": server.api_base,
            "OPENAI_API_KEY": "loopback-dummy-key", "AD_BUYER_MAX_MODEL_COST_USD": "0.50"}
        with pytest.MonkeyPatch.context() as mp:
            for name, value in env.items():
                mp.setenv(name, value)
            result, record, _ = run(tmp_path, env)
        assert server.outbound_attempts == []
    assert_stopped_by(result, record, "AD_BUYER_MAX_MODEL_COST_USD")
    spent = sum(e.cost_micros for e in record.entries if e.kind == EntryKind.LLM_CALL)
    assert spent >= 500_000  # the log holds what litellm priced, at least the limit


def test_a_bug_in_a_tool_fails_the_run_and_is_never_a_refusal(tmp_path: Path) -> None:
    from ad_buyer.orchestration.desk.channel_desk import ChannelDesk
    from ad_buyer.orchestration.desk.terms import DeskTerms

    class BuggyDesk(ChannelDesk):
        async def discover(self, state: Any) -> Any:
            raise KeyError("a bug in the desk")

    db = Database(f"sqlite:///{tmp_path / 'run.db'}")
    network, bus = in_process_sandbox(), InMemoryEventBus()
    healthy = desks_for_sandbox(bus, network)

    def buggy(terms: DeskTerms) -> ChannelDesk:
        return BuggyDesk(healthy(terms).orch, terms)

    try:
        result = run_campaign(BRIEF, desks=buggy, db=db, bus=bus, reference_date=REFERENCE,
                              env={"AD_BUYER_LLM": "offline"})
        record = RationaleLog(db).get_run(result.run_id)
    finally:
        db.dispose()
    assert result.status is RunStatus.FAILED, result.report
    assert result.report.startswith("run failed: discover_sellers failed: KeyError")
    calls = [e for e in record.entries if e.kind == EntryKind.TOOL_CALL
             and e.data["tool"] == "discover_sellers"]
    assert len(calls) == 1  # the run stopped at the first failure
    assert "refused" not in calls[0].data["result"]
    assert not [e for e in record.entries if e.kind == EntryKind.GUARD
                and "discover_sellers" in e.summary]

"""Loopback integration tests of the real LLM path (litellm), with no provider.

These are NOT recordings of a real model. The buyer is configured exactly as a
user configures a provider (``AD_BUYER_LLM=litellm``, ``openai/...`` model
strings, ``OPENAI_API_BASE``, an API key), and litellm sends real HTTP to
:mod:`tests.crew.loopback_llm` on 127.0.0.1, which answers with the offline
model's decisions under the name ``loopback-offline``. What is under test is
our side of the wire: litellm's request shaping, CrewAI's ``LLM`` wrapper and
its text tool protocol, JSON validation of brief intake, and the usage ledger
and rationale log. What a real model would decide is the cassette test's job
(``test_intake_model.py``; see ``tests/cassettes/crew/README.md``).
"""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from ad_buyer.crew.buyer import desks_for_sandbox
from ad_buyer.crew.run import CampaignRunResult, run_campaign
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.events.log import EntryKind, RationaleLog, RunRecord, RunStatus
from ad_buyer.intake.extract import BriefExtractionError, extract_brief
from ad_buyer.llm.gateway import LiteLLMChat, ModelTier, UsageLedger, chat_model
from ad_buyer.models.brief import BriefGap, CampaignBrief, Channel
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox
from ad_buyer.storage.db import Database

from .conftest import GOOD_BRIEF, REFERENCE
from .loopback_llm import (
    LOOPBACK_MODEL_NAME,
    Exchange,
    LoopbackLLMServer,
    register_loopback_models,
)

pytestmark = pytest.mark.server

MODEL = f"openai/{LOOPBACK_MODEL_NAME}"
RUN_BRIEF = """Campaign: Summer Sips 2026
Budget $250k, flight July 1 - Sept 30 2026. CTV and audio/podcast, adults 25-54 in the US.
Goal: awareness. Max $45 CPM. PD or PG."""


def litellm_env(server: LoopbackLLMServer) -> dict[str, str]:
    """The configuration a user writes for an OpenAI-compatible server."""
    return {
        "AD_BUYER_LLM": "litellm",
        "AD_BUYER_MANAGER_MODEL": MODEL,
        "AD_BUYER_SPECIALIST_MODEL": MODEL,
        # litellm prefers OPENAI_BASE_URL over OPENAI_API_BASE: pin both to loopback.
        "OPENAI_API_BASE": server.api_base,
        "OPENAI_BASE_URL": server.api_base,
        "OPENAI_API_KEY": "loopback-dummy-key",
    }


@contextmanager
def loopback_litellm() -> Iterator[LoopbackLLMServer]:
    """A loopback server and the process environment pointing litellm at it."""
    with LoopbackLLMServer() as server, pytest.MonkeyPatch.context() as mp:
        for name, value in litellm_env(server).items():
            mp.setenv(name, value)
        yield server
        assert server.outbound_attempts == [], "a test tried to leave loopback"


@pytest.fixture
def loopback() -> Iterator[LoopbackLLMServer]:
    with loopback_litellm() as server:
        yield server


def assert_call_matches(recorded_prompt: int, recorded_completion: int,
                        exchanges: list[Exchange]) -> None:
    assert exchanges
    assert recorded_prompt == sum(e.prompt_tokens for e in exchanges) > 0
    assert recorded_completion == sum(e.completion_tokens for e in exchanges) > 0


def test_loopback_refuses_connections_that_would_leave_the_machine(
        loopback: LoopbackLLMServer) -> None:
    with pytest.raises(ConnectionRefusedError, match=r"never leave 127\.0\.0\.1"):
        socket.create_connection(("192.0.2.1", 443), timeout=1)  # TEST-NET-1, unroutable
    assert loopback.outbound_attempts == ["('192.0.2.1', 443)"]
    loopback.outbound_attempts.clear()


# -- brief intake -------------------------------------------------------------

def test_brief_intake_through_litellm_is_validated_json(
        loopback: LoopbackLLMServer, caplog: pytest.LogCaptureFixture) -> None:
    ledger = UsageLedger()
    model = chat_model(ModelTier.SPECIALIST, ledger)
    assert isinstance(model, LiteLLMChat)
    with caplog.at_level(logging.WARNING, logger="ad_buyer.llm.gateway"):
        brief = extract_brief(GOOD_BRIEF, model, reference_date=REFERENCE)

    assert isinstance(brief, CampaignBrief)
    # The JSON travelled litellm -> HTTP -> litellm -> pydantic and lost nothing.
    assert brief == extract_brief(GOOD_BRIEF, None, reference_date=REFERENCE)
    assert brief.budget_micros == 250_000_000_000
    assert brief.max_cpm_micros == 35_000_000

    [exchange] = loopback.exchanges
    request = exchange.request
    assert request["model"] == LOOPBACK_MODEL_NAME  # litellm strips the "openai/" route
    assert request["response_format"] == {"type": "json_object"}
    system, user = request["messages"]
    assert system["role"] == "system"
    assert "2026-05-10" in system["content"]
    assert '"flight_start"' in system["content"]
    assert user == {"role": "user", "content": GOOD_BRIEF}

    [call] = ledger.calls
    assert (call.model, call.offline, call.purpose) == (MODEL, False, "brief_intake")
    assert call.tier is ModelTier.SPECIALIST
    assert_call_matches(call.prompt_tokens, call.completion_tokens, [exchange])
    assert call.cost_usd == 0  # litellm has no price for this model, and the log says so
    assert f"no price for {MODEL}" in caplog.text


@pytest.mark.parametrize("reply", [
    '{"name": "Summer Sips", "budget": ',  # truncated JSON
    "Sure! The budget is $250k and it runs in Q3.",  # prose instead of JSON
    json.dumps({"budget": "250000", "channels": ["ctv"], "surprise": True}),  # off-schema
])
def test_broken_json_reply_is_rejected_with_a_clear_error(
        loopback: LoopbackLLMServer, reply: str) -> None:
    loopback.queue_replies(reply)
    ledger = UsageLedger()
    with pytest.raises(BriefExtractionError) as info:
        extract_brief(GOOD_BRIEF, chat_model(ModelTier.SPECIALIST, ledger),
                      reference_date=REFERENCE)
    message = str(info.value)
    assert MODEL in message
    assert "does not validate; nothing was guessed" in message
    [exchange] = loopback.exchanges
    assert exchange.content == reply
    [call] = ledger.calls  # the failed call was still paid for, and recorded
    assert_call_matches(call.prompt_tokens, call.completion_tokens, [exchange])


def test_brief_gaps_reported_by_the_model_stop_intake(loopback: LoopbackLLMServer) -> None:
    result = extract_brief("Some CTV for adults 25-54 please",
                           chat_model(ModelTier.SPECIALIST), reference_date=REFERENCE)
    assert isinstance(result, BriefGap)
    # The reply's own `missing` list reached the gap, named as the model's finding.
    by_field = {issue.field: issue.message for issue in result.issues}
    assert by_field["budget"] == by_field["flight_dates"] == "the model found no value"
    [exchange] = loopback.exchanges
    assert json.loads(exchange.content)["missing"] == ["budget", "flight_dates"]


# -- the whole crew ------------------------------------------------------------

@dataclass(frozen=True)
class LoopbackRun:
    result: CampaignRunResult
    record: RunRecord
    exchanges: list[Exchange]
    network: SandboxNetwork
    bus: InMemoryEventBus
    model: str


def _run(tmp: Path, brief: str, model: str,
         extra_env: dict[str, str] | None = None) -> LoopbackRun:
    register_loopback_models()
    db = Database(f"sqlite:///{tmp / 'run.db'}")
    network, bus = in_process_sandbox(), InMemoryEventBus()
    with loopback_litellm() as server, pytest.MonkeyPatch.context() as mp:
        for name, value in {"AD_BUYER_MANAGER_MODEL": model,
                            "AD_BUYER_SPECIALIST_MODEL": model, **(extra_env or {})}.items():
            mp.setenv(name, value)
        result = run_campaign(brief, desks=desks_for_sandbox(bus, network),
                              db=db, bus=bus, reference_date=REFERENCE)
        exchanges = list(server.exchanges)
    record = RationaleLog(db).get_run(result.run_id)
    db.dispose()
    return LoopbackRun(result, record, exchanges, network, bus, model)


@pytest.fixture(scope="module")
def loopback_run(tmp_path_factory: pytest.TempPathFactory) -> LoopbackRun:
    """One full ``run_campaign`` through litellm with native tool calls."""
    return _run(tmp_path_factory.mktemp("native"), RUN_BRIEF, register_loopback_models())


def _crew_calls(run: LoopbackRun) -> list[Exchange]:
    """The crew's exchanges: after the model check and the brief intake."""
    check, intake, *crew = run.exchanges
    assert "single word OK" in json.dumps(check.request["messages"])
    assert intake.json_mode
    return crew


def test_crew_buys_within_budget_through_litellm(loopback_run: LoopbackRun) -> None:
    result = loopback_run.result
    assert result.status is RunStatus.COMPLETED, result.report
    assert result.brief is not None
    assert result.allocation is not None
    assert {r.channel for r in result.channel_results} == {Channel.CTV, Channel.AUDIO}
    for channel_result in result.channel_results:
        assert channel_result.booked
        assert 0 < channel_result.committed_micros \
            <= result.allocation.amount_for(channel_result.channel)
    assert 0 < result.committed_micros <= result.brief.budget_micros
    lines = [line for r in result.channel_results for line in r.booked]
    assert all(line["cpm_micros"] <= 45_000_000 for line in lines)
    # What the buyer says it booked is what the sellers hold.
    sellers = {line["seller_url"] for line in lines}
    held = [d for url in sellers for d in loopback_run.network.booked_deals(url)]
    assert len(held) == len(lines)
    assert sum(line["cost_micros"] for line in lines) == result.committed_micros


def test_every_crew_request_carries_native_tools_and_gets_tool_calls(
        loopback_run: LoopbackRun) -> None:
    crew = _crew_calls(loopback_run)
    assert len(crew) >= 20
    manager_tools = {"review_brief", "propose_allocation", "adjust_allocation",
                     "delegate_channel", "review_proposal"}
    specialist_tools = {"discover_sellers", "review_desk", "read_media_kits",
                        "request_quotes", "negotiate_quote", "propose_portfolio",
                        "book_portfolio"}
    for exchange in crew:
        offered = {t["function"]["name"] for t in exchange.request["tools"]}
        assert offered in (manager_tools, specialist_tools)
        for called in exchange.tool_names:
            assert called in offered  # a model only calls what its agent holds
    called = [name for e in crew for name in e.tool_names]
    assert called[:3] == ["review_brief", "propose_allocation", "delegate_channel"]
    assert called.count("review_proposal") == 2
    assert called.count("book_portfolio") == 2
    # Tool results come back to the model as tool messages it reads.
    last = crew[-1].request["messages"]
    assert any(m.get("role") == "tool" and m.get("name") == "delegate_channel" for m in last)


def test_what_reached_the_sellers_is_what_the_models_asked_for(
        loopback_run: LoopbackRun) -> None:
    """Quotes for the packages the specialists chose; bookings only after an approval."""
    record = loopback_run.record
    tools = [e for e in record.entries if e.kind == EntryKind.TOOL_CALL]
    asked = [p for e in tools if e.data["tool"] == "request_quotes"
             for p in e.data["arguments"]["package_refs"]]
    quoted_events = [e for e in record.entries if e.data.get("event_type") == "quote.received"]
    assert sum(e.data["quotes_received"] + e.data["quotes_failed"]
               for e in quoted_events) >= len(asked) > 0
    order = [e.data["tool"] for e in tools]
    for channel in ("ctv", "audio"):
        approve = next(i for i, e in enumerate(tools) if e.data["tool"] == "review_proposal"
                       and e.data["arguments"]["proposal_id"].startswith(f"{channel}-"))
        book = next(i for i, e in enumerate(tools) if e.data["tool"] == "book_portfolio"
                    and e.data["arguments"]["channel"] == channel)
        assert approve < book
    assert order.count("negotiate_quote") >= 1
    negotiated = [n for url in loopback_run.network.seller_urls
                  for n in loopback_run.network.negotiations(url)]
    assert len(negotiated) == order.count("negotiate_quote")


def test_rationale_log_names_the_litellm_model(loopback_run: LoopbackRun) -> None:
    record, model = loopback_run.record, loopback_run.model
    assert record.status == "completed"
    assert (record.manager_model, record.specialist_model) == (model, model)
    models = {e.model for e in record.entries if e.model}
    assert models <= {model, "deterministic", "test"}  # never the offline label
    agents_on_llm = {e.agent for e in record.entries if e.model == model}
    assert {"model check", "brief intake", "Portfolio Manager", "CTV Specialist",
            "Audio Specialist"} <= agents_on_llm


def test_each_model_call_is_one_entry_in_order_with_its_own_tokens(
        loopback_run: LoopbackRun) -> None:
    crew = _crew_calls(loopback_run)
    calls = [e for e in loopback_run.record.entries if e.kind == EntryKind.LLM_CALL
             and e.agent not in ("model check", "brief intake")]
    assert [(c.prompt_tokens, c.completion_tokens) for c in calls] == \
        [(x.prompt_tokens, x.completion_tokens) for x in crew]
    for call, exchange in zip(calls, crew, strict=True):
        assert call.model == loopback_run.model
        assert call.data["status"] == "completed"
        assert call.data["offline"] is False
        assert [c["tool"] for c in call.data["tool_calls"]] == exchange.tool_names
    assert loopback_run.record.total_tokens == sum(
        e.prompt_tokens + e.completion_tokens for e in loopback_run.record.entries
        if e.kind == EntryKind.LLM_CALL)


def test_a_model_without_native_calls_uses_text_tool_calling(tmp_path: Path) -> None:
    run = _run(tmp_path, "Campaign: Podcasts\nBudget $40k, flight July 1 - Sept 30 2026. "
                         "Audio, adults 25-54 in the US. Goal: awareness. Max $45 CPM.", MODEL)
    assert run.result.status is RunStatus.COMPLETED, run.result.report
    crew = _crew_calls(run)
    for exchange in crew:
        assert "tools" not in exchange.request
        assert exchange.request.get("stop") == ["\nObservation:"]
    actions = [line.split(":", 1)[1].strip() for e in crew
               for line in e.content.splitlines() if line.startswith("Action:")]
    assert actions.count("book_portfolio") == 1
    assert [r.channel for r in run.result.channel_results if r.booked] == [Channel.AUDIO]


def test_the_run_stops_cleanly_at_its_model_request_limit(tmp_path: Path) -> None:
    run = _run(tmp_path, RUN_BRIEF, register_loopback_models(),
               {"AD_BUYER_MAX_MODEL_REQUESTS": "6"})
    assert run.result.status is RunStatus.STOPPED
    assert run.result.report.startswith(
        "run stopped: the run reached its limit of 6 model requests "
        "(AD_BUYER_MAX_MODEL_REQUESTS)")
    assert len(_crew_calls(run)) == 6
    assert run.record.status == "stopped"
    assert run.result.committed_micros == 0


def test_broken_intake_reply_stops_the_run_before_any_seller_call(
        loopback: LoopbackLLMServer, tmp_path: Path) -> None:
    loopback.queue_replies("OK", "not json at all")
    network, bus = in_process_sandbox(), InMemoryEventBus()
    db = Database(f"sqlite:///{tmp_path / 'run.db'}")
    try:
        result = run_campaign(RUN_BRIEF, desks=desks_for_sandbox(bus, network),
                              db=db, bus=bus, reference_date=REFERENCE)
        assert result.status is RunStatus.FAILED
        assert "nothing was guessed" in result.report
        assert result.brief is None
        assert result.committed_micros == 0
        assert bus.events == []  # no discovery, no quote, no booking
        _check, exchange = loopback.exchanges
        # The failed run is in the log: status, the paid model call, the reason.
        record = RationaleLog(db).get_run(result.run_id)
        assert record.status == RunStatus.FAILED.value
        assert "nothing was guessed" in record.outcome
        assert record.brief_text == RUN_BRIEF
        [call] = [e for e in record.entries if e.kind == EntryKind.LLM_CALL
                  and e.agent == "brief intake"]
        assert call.model == MODEL
        assert_call_matches(call.prompt_tokens, call.completion_tokens, [exchange])
        [stopped] = [e for e in record.entries if e.kind == EntryKind.DECISION]
        assert stopped.summary == "run stopped: brief intake failed"
        assert "does not validate" in stopped.rationale
        assert stopped.data["error_type"] == "BriefExtractionError"
    finally:
        db.dispose()


def test_brief_gaps_from_the_model_are_logged_as_a_blocked_run(
        loopback: LoopbackLLMServer, tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'run.db'}")
    try:
        result = run_campaign("Some CTV for adults 25-54 please", desks=None, db=db,
                              reference_date=REFERENCE)
        assert result.status is RunStatus.BLOCKED
        assert result.gap is not None
        record = RationaleLog(db).get_run(result.run_id)
        assert record.status == RunStatus.BLOCKED.value
        assert "budget" in record.outcome
        [call] = [e for e in record.entries if e.kind == EntryKind.LLM_CALL
                  and e.agent == "brief intake"]
        assert_call_matches(call.prompt_tokens, call.completion_tokens,
                            loopback.exchanges[1:])
        [stopped] = [e for e in record.entries if e.kind == EntryKind.DECISION]
        assert stopped.summary == "run stopped: the brief has gaps"
        assert stopped.model == MODEL
        assert {i["field"] for i in stopped.data["issues"]} >= {"budget", "flight_dates"}
    finally:
        db.dispose()
